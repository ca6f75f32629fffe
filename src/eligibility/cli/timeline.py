"""The ``timeline`` command: when one program's outcome starts and ends for one person,
and why."""

from datetime import date, timedelta

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from eligibility import (
    EngineName,
    HouseholdError,
    Language,
    Outcome,
    Timeline,
    Upcoming,
    read_household,
)

from .common import EXIT_CODES_HELP, ExitCode, command, load, stdout_console, write
from .labels import label
from .options import (
    ApplicantOpt,
    EngineOpt,
    Format,
    FormatOpt,
    FromOpt,
    HouseholdArg,
    LangOpt,
    ProgramOpt,
    RulesOpt,
    ToOpt,
)

__all__ = ["commands", "render_timeline", "render_upcoming", "timeline"]

#: The commands of this module, added to the command line by :mod:`eligibility.cli.app`.
commands = typer.Typer()

_STYLE = {
    Outcome.ELIGIBLE: "bold green",
    Outcome.INELIGIBLE: "bold red",
    Outcome.UNDETERMINED: "bold yellow",
}


def _five_years_on(start: date) -> date:
    """The day before the fifth anniversary of ``start`` (or the end of the calendar)."""
    if start.year + 5 > date.max.year:
        return date.max
    try:
        later = start.replace(year=start.year + 5)
    except ValueError:  # 29 February
        later = date(start.year + 5, 3, 1)
    return later - timedelta(days=1)


@commands.command(epilog=EXIT_CODES_HELP)
@command
def timeline(
    household: HouseholdArg,
    *,
    program: ProgramOpt,
    applicant: ApplicantOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    lang: LangOpt = Language.EN,
    fmt: FormatOpt = Format.TEXT,
    rules: RulesOpt = None,
    engine: EngineOpt = EngineName.NATIVE,
) -> int:
    """When the outcome of one program starts and ends for one person, and why.

    Prints the periods of one outcome between --from and --to (today and five years on
    by default), and for each change the events that cause it: a birthday crossing an
    age limit, the end of 24 months of continued cover, a new version or parameter, a
    season's first month, a yearly limit reopening. The household's facts are taken as
    they are. With --format json, prints one Timeline object.
    """
    first = start or date.today()
    last = end or _five_years_on(first)
    house = read_household(household)
    book = load(rules, engine)
    try:
        found = book.timeline(program, house, applicant=applicant, start=first, end=last,
                              lang=lang.value)
    except HouseholdError as exc:
        source = "<stdin>" if household == "-" else household
        raise HouseholdError(exc.problems, source=source) from None
    if fmt is Format.JSON:
        write(found.model_dump_json(indent=2))
    else:
        render_timeline(stdout_console(), found, lang.value)
    return ExitCode.OK


def _outcome(outcome: Outcome, lang: str) -> Text:
    return Text(label(outcome.value, lang), style=_STYLE[outcome])


def render_timeline(console: Console, found: Timeline, lang: str) -> None:
    """A timeline: its periods in a table, then each change and why."""
    head = Text(found.program_title, style="bold")
    head.append(f"  ({found.program})", style="dim")
    console.print(head, soft_wrap=True)
    for name, value in (("applicant", found.applicant),
                        ("period", f"{found.start.isoformat()} — {found.end.isoformat()}")):
        line = Text(f"{label(name, lang)}: ", style="bold")
        line.append(value)
        console.print(line, soft_wrap=True)
    table = Table(box=box.SIMPLE_HEAD if lang == "ar" else box.ROUNDED, expand=False)
    for header in ("start", "end", "outcome", "benefit"):
        table.add_column(label(header, lang), no_wrap=header in ("start", "end"))
    for period in found.periods:
        benefit = "; ".join(f"{k}: {v}" for k, v in [*period.amounts.items(),
                                                     *period.details.items()])
        table.add_row(Text(period.start.isoformat()), Text(period.end.isoformat()),
                      _outcome(period.outcome, lang), Text(benefit or "—"))
    console.print(table)
    if not found.changes:
        console.print(Text(label("no-changes", lang)))
        return
    console.print(Text(f"{label('changes', lang)}:", style="bold"))
    for change in found.changes:
        line = Text(f"  {change.on.isoformat()}  ")
        line.append_text(_outcome(change.outcome, lang))
        line.append(f" — {change.reason}")
        console.print(line, soft_wrap=True)


def render_upcoming(console: Console, upcoming: list[Upcoming], days: int, lang: str) -> None:
    """The people whose outcome changes soon (what ``screen --changes-within`` prints)."""
    if not upcoming:
        console.print(Text(label("no-upcoming", lang).format(days=days)))
        return
    table = Table(box=box.SIMPLE_HEAD if lang == "ar" else box.ROUNDED, expand=False)
    for header in ("program", "person", "outcome", "date", "next-change"):
        table.add_column(label(header, lang), no_wrap=header == "date")
    for item in upcoming:
        change = _outcome(item.change.outcome, lang)
        change.append(f": {item.change.reason}")
        table.add_row(Text(item.program_title), Text(item.applicant),
                      _outcome(item.outcome, lang), Text(item.change.on.isoformat()), change)
    console.print(table)
