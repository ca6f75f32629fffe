"""The ``timeline`` command: when one program's outcome starts and ends for one person,
and why; and what ``screen --changes-within`` prints. Every word comes from the catalogue,
dates in words, the benefit by its labels (:mod:`.words`)."""

from collections.abc import Mapping
from datetime import date, timedelta

import typer
from rich.console import Console
from rich.text import Text

from eligibility import (
    EngineName,
    HouseholdError,
    Language,
    OutputLabel,
    Timeline,
    Upcoming,
    read_household,
)
from eligibility._i18n import N_, t
from eligibility._i18n.format import counted_days
from eligibility._i18n.format import date as in_words

from .common import EXIT_CODES_HELP, ExitCode, UsageError, command, load, stdout_console, write
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
from .render import STYLE, field, heading, make_table, show
from .words import labelled, say, text

__all__ = ["commands", "render_timeline", "render_upcoming", "timeline"]

#: The commands of this module, added to the command line by :mod:`eligibility.cli.app`.
commands = typer.Typer()


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
    if last < first:
        raise UsageError("to-before-from", "timeline", end=last, start=first)
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


def _benefit(labels: Mapping[str, OutputLabel], lang: str) -> str:
    """The amounts and details of a period in one cell, by their labels."""
    return t(lang, N_("; ")).join(f"{labelled(shown.label, lang)} {shown.value}"
                                  for shown in labels.values()) or "—"


def render_timeline(console: Console, found: Timeline, lang: str) -> None:
    """A timeline: its periods in a table, then each change and why."""
    head = Text(found.program_title, style="bold")
    head.append(say(lang, N_("  ({program})"), program=found.program), style="dim")
    show(console, head)
    field(console, N_("Applicant"), found.applicant, lang)
    field(console, N_("Period"), say(lang, N_("from {start} to {end}"), start=found.start,
                                     end=found.end), lang)
    periods = make_table(lang, N_("From"), N_("To"), N_("Outcome"), N_("Benefit"),
                    no_wrap=(N_("From"), N_("To")))
    for period in found.periods:
        periods.add_row(Text(in_words(period.start, lang)), Text(in_words(period.end, lang)),
                        Text(period.outcome_label or period.outcome.value,
                             style=STYLE[period.outcome]),
                        text(_benefit(period.output_labels, lang), lang))
    console.print(periods)
    if not found.changes:
        show(console, say(lang, N_("No change over this period.")))
        return
    heading(console, N_("Changes"), lang)
    for change in found.changes:
        line = Text(f"  {in_words(change.on, lang)}  ")
        line.append(change.outcome_label or change.outcome.value, style=STYLE[change.outcome])
        line.append_text(text(f" — {change.reason}", lang))
        show(console, line)


def render_upcoming(console: Console, upcoming: list[Upcoming], days: int, lang: str) -> None:
    """The people whose outcome changes soon (what ``screen --changes-within`` prints)."""
    if not upcoming:
        show(console, say(lang, t(lang, N_("Nobody's outcome changes within {period}."),
                                  period=counted_days(days, lang))))
        return
    found = make_table(lang, N_("Program"), N_("Person"), N_("Outcome"), N_("Date"),
                  N_("Next change"), no_wrap=(N_("Date"),))
    for item in upcoming:
        outcome = item.change.outcome_label or item.change.outcome.value
        change = Text(labelled(outcome, lang), style=STYLE[item.change.outcome])
        change.append_text(text(f" {item.change.reason}", lang))
        found.add_row(text(item.program_title, lang), text(item.applicant, lang),
                      Text(item.outcome_label or item.outcome.value, style=STYLE[item.outcome]),
                      Text(in_words(item.change.on, lang)), change)
    console.print(found)
