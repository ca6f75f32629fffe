"""The ``eligibility`` command line: checks, screenings, explanations, rule validation, rosters.

Run ``eligibility --help`` (or ``eligibility COMMAND --help``). From Python,
:func:`main` runs the command line in-process and returns the exit code::

    from eligibility.cli import main
    code = main(["check", "household.json", "--program", "social.eid-al-adha-grant"])

Commands: ``check``, ``screen`` (one household, or a roster with ``--roster``),
``explain``, ``programs``, ``validate``, ``test``, ``schema``. Households are read
from a JSON or YAML file, or from standard input with ``-``.

Exit codes
----------
=====  ==============================================================================
0      Success (with ``--exit-code outcome``: the decision is *eligible*).
1      The command ran but found failures: ``test`` had failing examples, a roster
       had records that could not be screened (each has an error record in the
       output).
2      Usage error or bad input: unknown option, bad date, unreadable or invalid
       household file, unknown program or applicant, unusable roster file.
3      Invalid rule book: the rules do not load (``validate`` exits 3 when it finds an
       error, or a warning with ``--strict``).
4      Cannot run here: the engine is unavailable (for example ``--engine durable``
       without durable-rules), a rule failed while evaluating, or an internal error.
10     With ``--exit-code outcome``: the decision is *ineligible*.
11     With ``--exit-code outcome``: the decision is *undetermined* (facts missing).
130    Interrupted (Ctrl-C).
141    The output pipe was closed early (e.g. piped into ``head``).
=====  ==============================================================================

With ``--exit-code outcome``, ``screen`` of one household exits 0 if any decision
is eligible, else 11 if any is undetermined, else 10. Errors keep their own codes
(2, 3, 4) whatever ``--exit-code`` says. No error ever prints a traceback; set the
environment variable ``ELIGIBILITY_DEBUG=1`` to see one for an internal error.
"""

import dataclasses
import functools
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from pydantic import TypeAdapter, ValidationError
from rich.console import Console

from eligibility import (
    Category,
    Decision,
    Diagnostic,
    Domain,
    EligibilityError,
    EngineName,
    EngineUnavailableError,
    EvaluationError,
    HouseholdError,
    InputError,
    Language,
    Outcome,
    RuleBook,
    RuleBookError,
    SchemaKind,
    Severity,
    UnknownProgramError,
    default_rules_path,
    json_schema,
    read_household,
)

from .programs import program_summary
from .render import (
    render_decision,
    render_explain,
    render_programs,
    render_screen,
)
from .roster import roster_format, run_roster

__all__ = ["ExitCode", "app", "cli", "main", "run"]


class ExitCode(IntEnum):
    """The exit codes of the command line (see the module documentation)."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    RULES = 3
    UNAVAILABLE = 4
    INELIGIBLE = 10
    UNDETERMINED = 11
    INTERRUPTED = 130
    BROKEN_PIPE = 141


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


class ExitMode(StrEnum):
    STATUS = "status"
    OUTCOME = "outcome"


class RosterFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


EXIT_CODES_HELP = "\n\n".join([
    "Exit codes:",
    "0 success (with --exit-code outcome: eligible);",
    "1 failures found (test: failing examples; roster: records that could not be screened);",
    "2 usage error or bad input (household file, date, program, applicant, roster file);",
    "3 invalid rule book;",
    "4 cannot run here (engine unavailable, a rule failed while evaluating, internal error);",
    "10 ineligible and 11 undetermined, with --exit-code outcome;",
    "130 interrupted; 141 output pipe closed.",
])

# -- common options -------------------------------------------------------------------------

HouseholdArg = Annotated[str, typer.Argument(
    metavar="HOUSEHOLD",
    help="Household file, JSON or YAML (by extension; '-' reads standard input).",
    show_default=False,
)]
def _date(text: str) -> date:
    """An ISO date (``YYYY-MM-DD``) given on the command line."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


OnOpt = Annotated[date | None, typer.Option(
    "--on", metavar="DATE", parser=_date, show_default=False,
    help="Evaluation date, YYYY-MM-DD. Default: today.",
)]
LangOpt = Annotated[Language, typer.Option(
    "--lang", help="Language of texts and labels: ar, fr or en.", case_sensitive=False,
)]
FormatOpt = Annotated[Format, typer.Option(
    "--format", help="text for people; json for scripts (the Decision model).",
    case_sensitive=False,
)]
RulesOpt = Annotated[Path | None, typer.Option(
    "--rules", metavar="DIR", show_default=False,
    help="Rule book directory. Default: the rules shipped with the package.",
)]
EngineOpt = Annotated[EngineName, typer.Option(
    "--engine", help="Evaluation engine: native (compiled Python) or durable (durable-rules).",
    case_sensitive=False,
)]
ExitOpt = Annotated[ExitMode, typer.Option(
    "--exit-code",
    help="status: exit 0 on success. outcome: exit 0 if eligible, 10 if ineligible, "
         "11 if undetermined.",
    case_sensitive=False,
)]
ProgramOpt = Annotated[str, typer.Option(
    "--program", "-p", metavar="ID", show_default=False,
    help="Program id, e.g. social.eid-al-adha-grant ('eligibility programs' lists them).",
)]
ApplicantOpt = Annotated[str | None, typer.Option(
    "--applicant", "-a", metavar="PERSON", show_default=False,
    help="Id of the person applying. Default: the affiliate if the program applies to them, "
         "else the only person it applies to.",
)]
RulesDirArg = Annotated[Path | None, typer.Argument(
    metavar="RULES_DIR", show_default=False,
    help="Rule book directory. Default: the rules shipped with the package.",
)]

app = typer.Typer(
    name="eligibility",
    help="Who may receive which benefit from the police social-works foundation, on a date, "
         "and why.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        from eligibility import __version__  # noqa: PLC0415 - avoids an import cycle at load time

        sys.stdout.write(f"eligibility {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.",
    )] = False,
) -> None:
    """Who may receive which benefit from the police social-works foundation, on a date,
    and why."""


# -- helpers ----------------------------------------------------------------------------------


class _Console(Console):
    """A rich console that lets a closed output pipe reach :func:`main` as an error
    (rich's own handler exits with status 1, hiding the documented status 141)."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def _out() -> Console:
    return _Console(file=sys.stdout, highlight=False, emoji=False)


def _err() -> Console:
    return _Console(file=sys.stderr, highlight=False, emoji=False)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


class _UsageError(Exception):
    """Options that do not go together (a usage error found after parsing)."""

    def __init__(self, message: str, command: str) -> None:
        super().__init__(message)
        self.command = command


class _ClosedPipeError(Exception):
    """Standard output was closed by the reader (e.g. ``| head``)."""


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _command(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a command so that a closed output pipe reaches :func:`main` as itself
    (typer would otherwise turn it into a bare exit status 1)."""
    @functools.wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return function(*args, **kwargs)
        except BrokenPipeError:
            raise _ClosedPipeError from None

    return wrapper


class _InvalidRulesError(Exception):
    """A rule book that does not load, with the directory it was loaded from."""

    def __init__(self, error: RuleBookError, root: Path) -> None:
        super().__init__(str(error))
        self.error = error
        self.root = root


def _load(rules: Path | None, engine: EngineName = EngineName.NATIVE) -> RuleBook:
    root = _rules_root(rules)
    try:
        return RuleBook.load(root, engine=engine.value)
    except RuleBookError as exc:
        raise _InvalidRulesError(exc, root) from None


def _rules_root(rules: Path | None) -> Path:
    return rules if rules is not None else default_rules_path()


def _outcome_code(outcomes: Sequence[Outcome]) -> int:
    if any(o is Outcome.ELIGIBLE for o in outcomes):
        return ExitCode.OK
    if any(o is Outcome.UNDETERMINED for o in outcomes):
        return ExitCode.UNDETERMINED
    return ExitCode.INELIGIBLE


def _decide(household: str, *, program: str, applicant: str | None, on: date | None,
            lang: Language, rules: Path | None,
            engine: EngineName) -> tuple[RuleBook, Decision]:
    house = read_household(household)
    book = _load(rules, engine)
    source = "<stdin>" if household == "-" else household
    try:
        decision = book.evaluate(program, house, applicant=applicant, on=on or date.today(),
                                 lang=lang.value)
    except HouseholdError as exc:
        raise HouseholdError(exc.problems, source=source) from None
    return book, decision


# -- check ------------------------------------------------------------------------------------


@app.command(epilog=EXIT_CODES_HELP)
@_command
def check(
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
    """Decide one application: may this person get this program, on this date, and why?

    Prints the outcome (eligible, ineligible or undetermined), the benefit, each
    criterion's result and the facts missing. With --format json, prints one Decision
    object.
    """
    book, decision = _decide(household, program=program, applicant=applicant, on=on, lang=lang,
                             rules=rules, engine=engine)
    if fmt is Format.JSON:
        _write(decision.model_dump_json(indent=2))
    else:
        render_decision(_out(), decision, book.programs.get(decision.program), lang.value)
    if exit_code is ExitMode.OUTCOME:
        return _outcome_code([decision.outcome])
    return ExitCode.OK


# -- explain ----------------------------------------------------------------------------------


@app.command(epilog=EXIT_CODES_HELP)
@_command
def explain(
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
    """Explain one decision in full: the trace an auditor needs.

    For each criterion: its text and expression, the values it read, passed, failed
    or unknown, the exceptions that applied (and those that did not). Then the
    parameter values and the program version used, what is missing for an
    undetermined outcome, the sources and assumptions, the engine and the rule
    book's content hash. With --format json, prints the Decision object.
    """
    book, decision = _decide(household, program=program, applicant=applicant, on=on, lang=lang,
                             rules=rules, engine=engine)
    if fmt is Format.JSON:
        _write(decision.model_dump_json(indent=2))
    else:
        render_explain(_out(), decision, book.program(decision.program), lang.value,
                       str(book.root))
    if exit_code is ExitMode.OUTCOME:
        return _outcome_code([decision.outcome])
    return ExitCode.OK


# -- screen -----------------------------------------------------------------------------------


@app.command(epilog="With --roster, the output is always JSON Lines: one record per input "
                    "record, {\"line\": N, \"household\": ID, \"decisions\": [...]} or "
                    "{\"line\": N, \"household\": ID or null, \"error\": {\"path\": ..., "
                    "\"message\": ...}, \"errors\": [...]}. CSV rosters: a header row, then "
                    "either one 'household' column holding the household as JSON, or flat "
                    "columns id, dues, bank_account, social_hardship, affiliate.FIELD... and "
                    "spouses, children, parents, history as JSON arrays; an empty cell leaves "
                    "the field out.\n\n" + EXIT_CODES_HELP)
@_command
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
    engine: EngineOpt = EngineName.NATIVE,
    exit_code: ExitOpt = ExitMode.STATUS,
    programs: Annotated[list[str] | None, typer.Option(
        "--program", "-p", metavar="ID", show_default=False,
        help="Only this program (repeat the option for several). Default: every program.",
    )] = None,
    roster: Annotated[str | None, typer.Option(
        "--roster", metavar="FILE", show_default=False,
        help="Screen every household of a roster: JSON Lines (.jsonl) or CSV (.csv); "
             "'-' reads JSON Lines from standard input.",
    )] = None,
    out: Annotated[str, typer.Option(
        "--out", "-o", metavar="FILE",
        help="With --roster: where to write the JSON Lines results ('-' is standard output).",
    )] = "-",
    roster_fmt: Annotated[RosterFormat | None, typer.Option(
        "--roster-format", show_default=False, case_sensitive=False,
        help="With --roster: jsonl or csv. Default: from the file's extension.",
    )] = None,
) -> int:
    """Screen a household: every program, for every person each program applies to.

    Prints one table per domain: program, person, outcome, amount and the main
    reason. With --format json, prints the list of Decision objects.

    With --roster FILE, screens a whole membership file, streamed with bounded
    memory: a progress bar on standard error (when it is a terminal), one output
    record per input record, written at once; a bad record gives an error record
    with its line number and field path and the run goes on. The counts are printed
    on standard error at the end; the exit code is 1 if any record was in error.
    """
    when = on or date.today()
    if roster is not None:
        if household is not None:
            raise _UsageError("give either a HOUSEHOLD file or --roster FILE, not both",
                                "screen")
        return _screen_roster(roster, out, on=when, lang=lang, rules=rules, engine=engine,
                              programs=programs, given=roster_fmt)
    if household is None:
        raise _UsageError("give a HOUSEHOLD file (or '-' for standard input), "
                            "or --roster FILE", "screen")
    if out != "-" or roster_fmt is not None:
        raise _UsageError("--out and --roster-format go with --roster", "screen")
    house = read_household(household)
    book = _load(rules, engine)
    decisions = book.screen(house, on=when, lang=lang.value, programs=programs or None)
    if fmt is Format.JSON:
        adapter = TypeAdapter(list[Decision])
        _write(adapter.dump_json(decisions, indent=2).decode("utf-8"))
    else:
        render_screen(_out(), decisions, book.programs, lang.value)
    if exit_code is ExitMode.OUTCOME:
        return _outcome_code([d.outcome for d in decisions])
    return ExitCode.OK


def _screen_roster(roster: str, out: str, *, on: date, lang: Language, rules: Path | None,
                   engine: EngineName, programs: list[str] | None,
                   given: RosterFormat | None) -> int:
    fmt = roster_format(roster, given.value if given is not None else None)
    book = _load(rules, engine)
    for program_id in programs or ():
        book.program(program_id)  # an unknown program is a usage error before any work
    summary = run_roster(book, roster, out, on=on, lang=lang.value, programs=programs or None,
                         fmt=fmt, err=_err())
    return ExitCode.FAILURE if summary.errors else ExitCode.OK


# -- programs ---------------------------------------------------------------------------------


@app.command()
@_command
def programs(
    *,
    domain: Annotated[Domain | None, typer.Option(
        "--domain", show_default=False, case_sensitive=False,
        help="Only programs of this domain.",
    )] = None,
    category: Annotated[Category | None, typer.Option(
        "--category", show_default=False, case_sensitive=False,
        help="Only programs a member of this category can get (\"what can a widow get?\").",
    )] = None,
    on: OnOpt = None,
    lang: LangOpt = Language.EN,
    fmt: FormatOpt = Format.TEXT,
    rules: RulesOpt = None,
) -> int:
    """List the programs of the rule book, by domain and member category.

    A program's categories come from the roles it applies to (affiliate: active
    officer or retiree; spouse: widow or rights holder; child and parent: rights
    holder), less those its criteria in force on --on rule out (read statically from
    the compiled rules, with their exceptions and shared definitions; the same answer
    as the documentation's catalogue). The list can be wider than the truth, never
    narrower.
    """
    book = _load(rules)
    when = on or date.today()
    summaries = []
    for program in book.programs.values():
        if domain is not None and program.domain is not domain:
            continue
        summary = program_summary(program, book.definitions, when, lang.value)
        if category is not None and category.value not in summary["categories"]:
            continue
        summaries.append(summary)
    if fmt is Format.JSON:
        _write(json.dumps(summaries, indent=2, ensure_ascii=False))
    else:
        render_programs(_out(), summaries, lang.value)
    return ExitCode.OK


# -- validate ---------------------------------------------------------------------------------


def _diagnostic_line(diagnostic: Diagnostic, root: Path) -> str:
    located = dataclasses.replace(diagnostic, file=_file_in(diagnostic.file, root))
    return str(located)


def _file_in(file: str, root: Path) -> str:
    if not file:
        return file
    candidate = Path(file)
    if candidate.is_absolute() or candidate.parts[: len(root.parts)] == root.parts:
        return file
    return (root / candidate).as_posix()


def _diagnostic_json(diagnostic: Diagnostic, root: Path) -> dict[str, Any]:
    data = dataclasses.asdict(diagnostic)
    data["severity"] = diagnostic.severity.value
    data["file"] = _file_in(diagnostic.file, root)
    return data


@app.command()
@_command
def validate(
    rules_dir: RulesDirArg = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Treat warnings (e.g. a missing translation) as errors.",
    )] = False,
    fmt: FormatOpt = Format.TEXT,
) -> int:
    """Check every rule file: print every diagnostic, errors and warnings.

    Each diagnostic is one line: file:line:column: severity [code] message (at the
    JSON path into the file); expected and actual values; a did-you-mean suggestion.
    Exits 3 if there is an error (or, with --strict, a warning), else 0.
    """
    root = _rules_root(rules_dir)
    try:
        book = RuleBook.load(root)
        diagnostics: tuple[Diagnostic, ...] = book.warnings
        programs_count: int | None = len(book.programs)
    except RuleBookError as exc:
        diagnostics = exc.diagnostics
        programs_count = None
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    warnings = [d for d in diagnostics if d.severity is not Severity.ERROR]
    failed = bool(errors) or (strict and bool(warnings))
    if fmt is Format.JSON:
        _write(json.dumps({
            "rules": str(root), "valid": not failed, "errors": len(errors),
            "warnings": len(warnings), "programs": programs_count,
            "diagnostics": [_diagnostic_json(d, root) for d in diagnostics],
        }, indent=2, ensure_ascii=False))
    else:
        for diagnostic in diagnostics:
            _write(_diagnostic_line(diagnostic, root))
        verdict = "invalid" if failed else "valid"
        loaded = f", {programs_count} programs" if programs_count is not None else ""
        _write(f"{root}: {verdict}: {len(errors)} error(s), {len(warnings)} warning(s){loaded}")
    return ExitCode.RULES if failed else ExitCode.OK


# -- test -------------------------------------------------------------------------------------


def _diff_lines(failure: str) -> list[str]:
    """``outcome: expected eligible, got ineligible`` as a two-line diff."""
    field, sep, rest = failure.partition(": expected ")
    expected, sep2, got = rest.rpartition(", got ")
    if not sep or not sep2:
        return [f"    ! {failure}"]
    return [f"    - {field}: {expected}", f"    + {field}: {got}"]


@app.command(name="test")
@_command
def run_examples(
    rules_dir: RulesDirArg = None,
    programs: Annotated[list[str] | None, typer.Option(
        "--program", "-p", metavar="ID", show_default=False,
        help="Only the examples of this program (repeat for several).",
    )] = None,
    engine: EngineOpt = EngineName.NATIVE,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Also list the examples that pass.",
    )] = False,
    fmt: FormatOpt = Format.TEXT,
) -> int:
    """Run the examples written in the rule files, as tests.

    Prints each failing example with a diff (- expected, + got), then a summary line
    'N passed, M failed'. Exits 1 if any example fails, 3 if the rules do not load.
    """
    root = _rules_root(rules_dir)
    book = _load(root, engine)
    for program_id in programs or ():
        book.program(program_id)
    results = book.run_examples(programs or None)
    passed = sum(1 for r in results if r.passed)
    failed = len(results) - passed
    if fmt is Format.JSON:
        _write(json.dumps({
            "passed": passed, "failed": failed,
            "results": [{"program": r.program, "name": r.name,
                         "file": _file_in(r.file, root), "passed": r.passed,
                         "failures": list(r.failures)} for r in results],
        }, indent=2, ensure_ascii=False))
    else:
        for result in results:
            where = _file_in(result.file, root)
            if result.passed:
                if verbose:
                    _write(f"PASSED {result.program}: {result.name} ({where})")
                continue
            _write(f"FAILED {result.program}: {result.name} ({where})")
            for failure in result.failures:
                for line in _diff_lines(failure):
                    _write(line)
        _write(f"{passed} passed, {failed} failed")
    return ExitCode.FAILURE if failed else ExitCode.OK


# -- schema -----------------------------------------------------------------------------------


@app.command()
@_command
def schema(
    kind: Annotated[SchemaKind, typer.Argument(
        metavar="household|rules|decision", case_sensitive=False,
        help="household: a household file. rules: a rule file (program or definitions). "
             "decision: what --format json prints.",
    )],
) -> int:
    """Print a JSON Schema, for editors and other services."""
    _write(json.dumps(json_schema(kind), indent=2, ensure_ascii=False))
    return ExitCode.OK


# -- entry points -----------------------------------------------------------------------------

#: The (click-style) command object behind :data:`app`: its ``params``, ``commands`` and
#: ``help`` texts are what documentation tools read.
cli = typer.main.get_command(app)


def _error(message: str) -> None:
    try:
        sys.stderr.write(message.rstrip("\n") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # pragma: no cover - stderr itself is gone
        pass


def _rule_errors(exc: RuleBookError, root: Path) -> None:
    errors = [d for d in exc.diagnostics if d.severity is Severity.ERROR]
    for diagnostic in errors:
        _error(_diagnostic_line(diagnostic, root))
    _error(f"{root}: invalid rule book ({len(errors)} error(s)); "
           f"'eligibility validate {root}' lists every diagnostic")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Never raises for a user's mistake and never prints a traceback: every error is
    printed as one located line on standard error and mapped to an exit code (see
    :class:`ExitCode` and the module documentation).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=args, prog_name="eligibility", standalone_mode=False)
    except typer.TyperException as exc:  # usage errors: bad option, missing argument...
        show = getattr(exc, "show", None)
        if callable(show):
            show(file=sys.stderr)
        else:  # pragma: no cover - every usage error of typer has show()
            _error(f"error: {exc.format_message()}")
        return ExitCode.USAGE
    except _UsageError as exc:
        _error(f"error: {exc}")
        _error(f"Try 'eligibility {exc.command} --help' for help.")
        return ExitCode.USAGE
    except (typer.Abort, KeyboardInterrupt):
        _error("interrupted")
        return ExitCode.INTERRUPTED
    except _InvalidRulesError as exc:
        _rule_errors(exc.error, exc.root)
        return ExitCode.RULES
    except RuleBookError as exc:
        _rule_errors(exc, Path())
        return ExitCode.RULES
    except EngineUnavailableError as exc:
        _error(f"error: {exc}")
        return ExitCode.UNAVAILABLE
    except (InputError, HouseholdError, UnknownProgramError) as exc:
        _error(str(exc))
        return ExitCode.USAGE
    except EvaluationError as exc:
        _error(f"error: a rule failed while evaluating: {exc}")
        return ExitCode.UNAVAILABLE
    except EligibilityError as exc:
        _error(f"error: {exc}")
        return ExitCode.UNAVAILABLE
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            path = ".".join(str(p) for p in error["loc"]) or "input"
            _error(f"{path}: {error['msg']}")
        return ExitCode.USAGE
    except (BrokenPipeError, _ClosedPipeError):
        _silence_stdout()
        return ExitCode.BROKEN_PIPE
    except SystemExit as exc:  # pragma: no cover - typer exits only in standalone mode
        return exc.code if isinstance(exc.code, int) else ExitCode.FAILURE
    except UnicodeEncodeError as exc:
        _error(f"error: the output cannot be written in this terminal's encoding "
               f"({exc.encoding}); set PYTHONIOENCODING=utf-8")
        return ExitCode.UNAVAILABLE
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        _error(f"error: {name}{exc.strerror or exc}")
        return ExitCode.UNAVAILABLE
    except Exception as exc:  # the last line of defence: no traceback for users
        if os.environ.get("ELIGIBILITY_DEBUG"):
            traceback.print_exc()
        _error(f"internal error: {type(exc).__name__}: {exc} "
               f"(set ELIGIBILITY_DEBUG=1 to see the traceback)")
        return ExitCode.UNAVAILABLE
    if result is None:
        return ExitCode.OK
    return int(result)


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at devnull so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no real stdout
        pass


def run() -> None:
    """Console-script entry point: ``sys.exit(main())``."""
    sys.exit(main())
