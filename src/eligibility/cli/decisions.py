"""The commands that decide: ``check`` and ``explain`` (one application, sharing their
arguments and options) and ``screen`` (one household, or a whole roster)."""

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from pydantic import TypeAdapter
from rich.console import Console

from eligibility import (
    Decision,
    EngineName,
    Household,
    HouseholdError,
    Language,
    RuleBook,
    Upcoming,
    read_household,
)
from eligibility._i18n import N_, t
from eligibility._i18n.format import isolate_latin

from .common import (
    EXIT_CODES_HELP,
    ExitCode,
    UsageError,
    command,
    load,
    outcome_code,
    stderr_console,
    stdout_console,
    write,
)
from .options import (
    ApplicantOpt,
    DaysOpt,
    EngineOpt,
    ExitMode,
    ExitOpt,
    Format,
    FormatOpt,
    HouseholdArg,
    LangOpt,
    OnOpt,
    OutFormat,
    OutFormatOpt,
    OutOpt,
    ProgramOpt,
    ProgramsOpt,
    ResumeOpt,
    RosterFormat,
    RosterFormatOpt,
    RosterOpt,
    RulesOpt,
    ScreenEngineOpt,
)
from .render import render_decision, render_screen

__all__ = ["check", "commands", "explain", "screen"]

#: The commands of this module, added to the command line by :mod:`eligibility.cli.app`.
commands = typer.Typer()


def _decide(household: str, *, program: str, applicant: str | None, on: date | None,
            lang: Language, rules: Path | None,
            engine: EngineName) -> tuple[RuleBook, Decision]:
    house = read_household(household)
    book = load(rules, engine)
    source = "<stdin>" if household == "-" else household
    try:
        decision = book.evaluate(program, house, applicant=applicant, on=on or date.today(),
                                 lang=lang.value, next_change=True)
    except HouseholdError as exc:
        raise HouseholdError(exc.problems, source=source) from None
    return book, decision


#: How a decision command prints its decision as text.
_Show = Callable[[Console, Decision, RuleBook, Language], None]


def _decision_command(show: _Show) -> Callable[..., int]:
    """A command that decides one application (``check``, ``explain``): the arguments and
    options they share, defined once; the decision printed with ``show``, or as JSON. The
    command takes its name and help text from ``show``."""

    def decide(
        household: HouseholdArg,
        *,
        program: ProgramOpt,
        applicant: ApplicantOpt = None,
        on: OnOpt = None,
        lang: LangOpt = Language.EN,
        fmt: FormatOpt = Format.TEXT,
        rules: RulesOpt = None,
        engine: EngineOpt = EngineName.NATIVE,
        exit_code: ExitOpt = ExitMode.STATUS,
    ) -> int:
        book, decision = _decide(household, program=program, applicant=applicant, on=on,
                                 lang=lang, rules=rules, engine=engine)
        if fmt is Format.JSON:
            write(decision.model_dump_json(indent=2))
        else:
            show(stdout_console(), decision, book, lang)
        if exit_code is ExitMode.OUTCOME:
            return outcome_code([decision.outcome])
        return ExitCode.OK

    decide.__name__ = decide.__qualname__ = show.__name__
    decide.__doc__ = show.__doc__
    return command(decide)


# -- check ------------------------------------------------------------------------------------


@commands.command(epilog=EXIT_CODES_HELP)
@_decision_command
def check(console: Console, decision: Decision, book: RuleBook, lang: Language) -> None:
    """Decide one application: may this person get this program, on this date, and why?

    Prints the outcome (eligible, ineligible or undetermined), the benefit, each
    criterion's result and the facts missing. With --format json, prints one Decision
    object.
    """
    render_decision(console, decision, lang.value)


# -- explain ----------------------------------------------------------------------------------


@commands.command(epilog=EXIT_CODES_HELP)
@_decision_command
def explain(console: Console, decision: Decision, book: RuleBook, lang: Language) -> None:
    """Explain one decision in full: the trace an auditor needs.

    For each criterion: its text and expression, the values it read, passed, failed
    or unknown, the exceptions that applied (and those that did not). Then the
    parameter values and the program version used, what is missing for an
    undetermined outcome, the sources and assumptions, the engine and the rule
    book's content hash. With --format json, prints the Decision object.
    """
    from .trace import render_explain  # noqa: PLC0415 - the trace loads only here

    render_explain(console, decision, book.program(decision.program), lang.value,
                   str(book.root))


# -- screen -----------------------------------------------------------------------------------


@commands.command(epilog="With --roster: JSON Lines, CSV or Parquet in. Out, one record per "
                        "input record: jsonl (the default) {\"line\": N, \"household\": ID, "
                        "\"decisions\": [...]} or {\"line\": N, \"household\": ID or null, "
                        "\"error\": {\"path\": ..., \"message\": ...}, \"errors\": [...]}; "
                        "compact, the same without what every decision of a program shares "
                        "(in a first header line); parquet (--out FILE.parquet), one row per "
                        "decision, texts and sources in the file's metadata. CSV rosters: a "
                        "header row, then either one 'household' column holding the household "
                        "as JSON, or flat columns id, dues, bank_account, social_hardship, "
                        "affiliate.FIELD... and spouses, children, parents, history as JSON "
                        "arrays; an empty cell leaves the field out.\n\n" + EXIT_CODES_HELP)
@command
def screen(
    household: Annotated[str | None, typer.Argument(
        metavar="HOUSEHOLD", show_default=False,
        help="Household file, JSON or YAML ('-' reads standard input). Not with --roster.",
    )] = None,
    *,
    on: OnOpt = None,
    lang: LangOpt = Language.EN,
    fmt: FormatOpt = Format.TEXT,
    rules: RulesOpt = None,
    engine: ScreenEngineOpt = None,
    exit_code: ExitOpt = ExitMode.STATUS,
    programs: ProgramsOpt = None,
    roster: RosterOpt = None,
    out: OutOpt = "-",
    roster_fmt: RosterFormatOpt = None,
    out_fmt: OutFormatOpt = None,
    resume: ResumeOpt = False,
    within: DaysOpt = None,
) -> int:
    """Screen a household: every program, for every person each program applies to.

    Prints one table per domain: program, person, outcome, amount and the main
    reason. With --format json, prints the list of Decision objects.

    With --roster FILE, screens a whole membership file, streamed with bounded
    memory: a progress bar on standard error (when it is a terminal), one output
    record per input record, written at once; a bad record gives an error record
    with its line number and field path and the run goes on. The counts are printed
    on standard error at the end; the exit code is 1 if any record was in error.
    With --out FILE, records go to FILE.partial, renamed FILE when the run ends; a
    run that was stopped (even killed) continues with --resume.
    """
    when = on or date.today()
    if roster is not None:
        if household is not None:
            raise UsageError("household-and-roster", "screen")
        return _screen_roster(roster, out, on=when, lang=lang, rules=rules, engine=engine,
                              programs=programs, given=roster_fmt, resume=resume,
                              out_fmt=out_fmt, within=within)
    if household is None:
        raise UsageError("household-or-roster", "screen")
    if out != "-" or roster_fmt is not None or resume or out_fmt is not None:
        raise UsageError("out-without-roster", "screen")
    house = read_household(household)
    book = load(rules, engine or EngineName.NATIVE)
    if within is not None:
        return _screen_changes(book, house, on=when, days=within, lang=lang, fmt=fmt,
                               programs=programs)
    decisions = book.screen(house, on=when, lang=lang.value, programs=programs or None)
    if fmt is Format.JSON:
        adapter = TypeAdapter(list[Decision])
        write(adapter.dump_json(decisions, indent=2).decode("utf-8"))
    else:
        render_screen(stdout_console(), decisions, book.programs, lang.value)
    if exit_code is ExitMode.OUTCOME:
        return outcome_code([d.outcome for d in decisions])
    return ExitCode.OK


def _screen_changes(book: RuleBook, house: Household, *, on: date, days: int,
                    lang: Language, fmt: Format, programs: list[str] | None) -> int:
    """``screen HOUSEHOLD --changes-within DAYS``: who in the household changes soon."""
    from .timeline import render_upcoming  # noqa: PLC0415 - loads only here

    upcoming = book.changes_within(house, on=on, days=days, lang=lang.value,
                                   programs=programs or None)
    if fmt is Format.JSON:
        write(TypeAdapter(list[Upcoming]).dump_json(upcoming, indent=2).decode("utf-8"))
    else:
        render_upcoming(stdout_console(), upcoming, days, lang.value)
    return ExitCode.OK


def _screen_roster(roster: str, out: str, *, on: date, lang: Language, rules: Path | None,
                   engine: EngineName | None, programs: list[str] | None,
                   given: RosterFormat | None, resume: bool, out_fmt: OutFormat | None,
                   within: int | None) -> int:
    # Rosters (and their progress display) load only with --roster.
    from eligibility import roster_format  # noqa: PLC0415

    from .roster import output_format, run_roster  # noqa: PLC0415

    fmt = roster_format(roster, given.value if given is not None else None)
    written = output_format(out, out_fmt.value if out_fmt is not None else None)
    if within is not None and written != "jsonl":
        raise UsageError("changes-within-json-lines", "screen", format=written)
    book = load(rules, engine or _roster_engine(written, within))
    for program_id in programs or ():
        book.program(program_id)  # an unknown program is a usage error before any work
    if written != "jsonl" and book.engine.name is not EngineName.COLUMNAR:
        raise UsageError("out-format-needs-columnar", "screen", format=written,
                         install="pip install 'eligibility[columnar]'")
    if within is not None and book.engine.name is EngineName.COLUMNAR:
        stderr_console().print(isolate_latin(t(lang.value, N_(
            "note: --changes-within scans each household's dates one household at a time, on "
            "the native engine (the columnar engine decides many households on one date)")),
            lang.value), style="dim", markup=False, highlight=False)
    summary = run_roster(book, roster, out, on=on, lang=lang.value, programs=programs or None,
                         fmt=fmt, err=stderr_console(), resume=resume, out_fmt=written,
                         within=within)
    return ExitCode.FAILURE if summary.errors else ExitCode.OK


def _roster_engine(written: str, within: int | None) -> EngineName:
    """Rosters go to the columnar engine where Polars is installed (compact output needs
    it), else to the native engine; so does ``--changes-within``, whose timelines are
    scanned one household at a time."""
    import importlib.util  # noqa: PLC0415

    if within is not None:
        return EngineName.NATIVE
    if written != "jsonl" or importlib.util.find_spec("polars") is not None:
        return EngineName.COLUMNAR
    return EngineName.NATIVE
