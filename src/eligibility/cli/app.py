"""The ``eligibility`` command line: checks, screenings, explanations, rule validation, rosters.

Run ``eligibility --help`` (or ``eligibility COMMAND --help``). From Python,
:func:`main` runs the command line in-process and returns the exit code::

    from eligibility.cli import main
    code = main(["check", "household.json", "--program", "social.eid-al-adha-grant"])

Commands: ``check``, ``screen`` (one household, or a roster with ``--roster``),
``diff`` (two rule books over a roster), ``explain``, ``timeline``, ``what-if``,
``programs``, ``validate``, ``test``, ``schema``. Households are read from a JSON or
YAML file, or from standard input with ``-``.

This module holds the application, its entry points and how errors become exit
codes; the commands are in :mod:`.decisions` (``check``, ``explain``, ``screen``),
:mod:`.reform` (``diff``), :mod:`.timeline` (``timeline``), :mod:`.whatif` (``what-if``)
and :mod:`.rules`
(``programs``, ``validate``, ``test``, ``schema``), and what they share in
:mod:`.common` and :mod:`.options`.

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

Errors are printed on standard error in the language of ``--lang``; with ``--format
json``, as one JSON object ``{"error": ..., "errors": [...]}`` whose records hold the
error's ``code``, ``path``, ``message`` and ``lang`` (and its ``file``, ``line`` and
``column`` where known), the shape of a roster's error records. The help (``--help``)
is in English only.
"""

import errno
import gc
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from eligibility import (
    EligibilityError,
    EngineUnavailableError,
    EvaluationError,
    HouseholdError,
    InputError,
    RuleBookError,
    Severity,
    UnknownProgramError,
    __version__,
)
from eligibility._i18n import N_, t
from eligibility._i18n.format import isolate_latin
from eligibility._i18n.problems import quote, system_reason

from .common import (
    EXIT_CODES_HELP,
    ClosedPipeError,
    ExitCode,
    InvalidRulesError,
    UsageError,
    diagnostic_line,
)
from .errors import diagnostic_record, record, usage_record
from .lazy import LazyGroup

__all__ = ["COMMANDS", "ExitCode", "app", "cli", "main", "run"]

#: The commands, in the order ``--help`` lists them (deciding, then the rule book), and the
#: module of this package that defines each: a command's module, and what only it needs, is
#: imported when the command runs or a help text lists it, not when the command line starts.
COMMANDS = {
    "check": "decisions", "explain": "decisions", "screen": "decisions",
    "diff": "reform",
    "timeline": "timeline",
    "what-if": "whatif",
    "programs": "rules", "validate": "rules", "test": "rules", "schema": "rules",
}


class _CommandLine(LazyGroup):
    homes = COMMANDS


app = typer.Typer(
    cls=_CommandLine,
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


# -- entry points -----------------------------------------------------------------------------

#: The (click-style) command object behind :data:`app`: its ``params``, ``commands`` and
#: ``help`` texts are what documentation tools read (a command is built, and its module
#: imported, when ``commands`` is first asked for it).
cli = typer.main.get_command(app)


def _write(line: str) -> None:
    try:
        sys.stderr.write(line.rstrip("\n") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # pragma: no cover - stderr itself is gone
        pass


def _choices(args: Sequence[str]) -> tuple[str, bool]:
    """The ``--lang`` and ``--format`` asked for, read before the command runs, so that
    even an error found while reading the options is reported in them."""
    lang, as_json = "en", False
    for index, arg in enumerate(args):
        name, equals, given = arg.partition("=")
        if not equals:
            given = args[index + 1] if index + 1 < len(args) else ""
        if name == "--lang" and given.lower() in ("ar", "fr", "en"):
            lang = given.lower()
        elif name == "--format" and given.lower() in ("json", "text"):
            as_json = given.lower() == "json"
    return lang, as_json


class _Report:
    """Errors to print: records (for ``--format json``) and the lines people read."""

    def __init__(self, lang: str, as_json: bool) -> None:
        self.lang = lang
        self.as_json = as_json
        self.records: list[dict[str, Any]] = []
        self.lines: list[str] = []

    def add(self, record: dict[str, Any], line: str | None = None) -> None:
        self.records.append(record)
        self.lines.append(record["message"] if line is None else line)

    def flush(self) -> None:
        if self.as_json:
            if self.records:
                _write(json.dumps({"error": self.records[0], "errors": self.records},
                                  ensure_ascii=False))
            return
        for line in self.lines:
            _write(isolate_latin(line, self.lang))


def _error_line(lang: str, message: str) -> str:
    return t(lang, N_("error: {message}"), message=message)


def _usage(report: _Report, exc: typer.TyperException) -> None:
    lang = report.lang
    ctx = getattr(exc, "ctx", None)
    record = usage_record(exc, lang)
    if ctx is not None and not report.as_json:
        usage = ctx.get_usage().removeprefix("Usage:").strip()
        report.lines += [t(lang, N_("Usage: {usage}"), usage=usage if lang == "en" else
                           quote(usage, lang)),
                         t(lang, N_("Try '{command} --help' for help."),
                           command=ctx.command_path), ""]
    report.add(record, t(lang, N_("Error: {message}"), message=record["message"]))


def _rule_errors(report: _Report, exc: RuleBookError, root: Path) -> None:
    lang = report.lang
    errors = [d for d in exc.diagnostics if d.severity is Severity.ERROR]
    for diagnostic in errors:
        report.add(diagnostic_record(diagnostic, root, lang), diagnostic_line(diagnostic, root,
                                                                               lang))
    summary = record("invalid-rule-book", lang, None, count=len(errors), root=str(root))
    if not report.as_json:
        report.lines.append(f"{root}: {summary['message']}")


def _report(report: _Report, exc: BaseException) -> int:
    """Add the error to the report; the exit code it maps to."""
    lang = report.lang
    if isinstance(exc, typer.TyperException):  # usage errors: bad option, missing argument
        if hasattr(exc, "show") and type(exc).__name__ == "NoArgsIsHelpError":
            exc.show(file=sys.stderr)
            return ExitCode.USAGE
        _usage(report, exc)
        return ExitCode.USAGE
    if isinstance(exc, UsageError):
        found = record(exc.code, lang, None, **exc.values)
        report.add(found, _error_line(lang, found["message"]))
        if not report.as_json:
            report.lines.append(t(lang, N_("Try '{command} --help' for help."),
                                  command=f"eligibility {exc.command}"))
        return ExitCode.USAGE
    if isinstance(exc, (InvalidRulesError, RuleBookError)):
        error, root = (exc.error, exc.root) if isinstance(exc, InvalidRulesError) else (exc, Path())
        _rule_errors(report, error, root)
        return ExitCode.RULES
    if isinstance(exc, EvaluationError):  # a rule that fails on valid input: a rule-book defect
        report.add(exc.problem.record(lang), _error_line(lang, exc.problem.message(lang)))
        return ExitCode.RULES
    if isinstance(exc, EngineUnavailableError):
        report.add(exc.problem.record(lang), _error_line(lang, exc.problem.message(lang)))
        return ExitCode.UNAVAILABLE
    if isinstance(exc, InputError):
        report.add(exc.record(lang), exc.message_in(lang))
        return ExitCode.USAGE
    if isinstance(exc, HouseholdError):
        for problem, line in zip(exc.problems, exc.lines_in(lang), strict=True):
            report.add({**problem.record(lang), "file": exc.source}, line)
        return ExitCode.USAGE
    if isinstance(exc, UnknownProgramError):
        report.add(exc.problem.record(lang))
        return ExitCode.USAGE
    return _report_other(report, exc)


def _report_other(report: _Report, exc: BaseException) -> int:
    lang = report.lang
    if isinstance(exc, (typer.Abort, KeyboardInterrupt)):
        report.add(record("interrupted", lang))
        return ExitCode.INTERRUPTED
    if isinstance(exc, UnicodeEncodeError):
        found = record("output-encoding", lang, encoding=exc.encoding)
        report.add(found, _error_line(lang, found["message"]))
        return ExitCode.UNAVAILABLE
    if isinstance(exc, OSError):
        reason = system_reason(errno.errorcode.get(exc.errno or 0, type(exc).__name__), lang)
        found = record("system-error", lang, None, reason=reason)
        found["file"] = exc.filename
        name = f"{exc.filename}: " if exc.filename else ""
        report.add(found, _error_line(lang, f"{name}{reason}"))
        return ExitCode.UNAVAILABLE
    if isinstance(exc, EligibilityError):  # the library refusing to run (no rule pack)
        found = record("cannot-run", lang, detail=str(exc))
        report.add(found, _error_line(lang, found["message"]))
        return ExitCode.UNAVAILABLE
    if os.environ.get("ELIGIBILITY_DEBUG"):
        traceback.print_exception(exc)
    report.add(record("internal-error", lang, detail=f"{type(exc).__name__}: {exc}"))
    return ExitCode.UNAVAILABLE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Never raises for a user's mistake and never prints a traceback: every error is
    printed on standard error — one located line each, in ``--lang``, or with
    ``--format json`` one JSON object ``{"error": ..., "errors": [...]}`` whose records hold
    ``code``, ``path``, ``message`` and ``lang`` — and mapped to an exit code (see
    :class:`ExitCode` and the module documentation).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    report = _Report(*_choices(args))
    try:
        result = cli.main(args=args, prog_name="eligibility", standalone_mode=False)
    except (BrokenPipeError, ClosedPipeError):
        _silence_stdout()
        return ExitCode.BROKEN_PIPE
    except SystemExit as exc:  # pragma: no cover - typer exits only in standalone mode
        return exc.code if isinstance(exc.code, int) else ExitCode.FAILURE
    except (Exception, KeyboardInterrupt) as exc:  # every error: a code, never a traceback
        code = _report(report, exc)
        report.flush()
        return code
    if result is None:
        return ExitCode.OK
    if result == ExitCode.INTERRUPTED:  # the command line turns Ctrl-C into this status
        report.add(record("interrupted", report.lang))
        report.flush()
    return int(result)


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at devnull so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no real stdout
        pass


#: What the command sets for Polars' memory allocator (jemalloc reads it when Polars loads;
#: a setting of the user's own wins): memory one roster chunk frees is kept for the next
#: instead of going back to the system and being faulted in again. Over a million
#: households it took a tenth off the run (31.9 s against 35.8, back to back; two thirds
#: fewer page faults, 0.2 GiB more at the peak). The process ends with the command, so
#: nothing holds that memory for long.
POLARS_ALLOCATOR = ("_RJEM_MALLOC_CONF", "dirty_decay_ms:-1,muzzy_decay_ms:-1")


def run() -> None:
    """Console-script entry point: ``sys.exit(main())``, in a process of the command's
    own (see :data:`POLARS_ALLOCATOR`).

    What is loaded by then (modules, classes, functions: the process keeps them to its
    end) is set aside from the cyclic garbage collector (:func:`gc.freeze`), which
    otherwise went over all of it again at each full collection the command's own work
    set off: 3.6 % of a one-off check's instructions.
    """
    os.environ.setdefault(*POLARS_ALLOCATOR)
    gc.freeze()
    sys.exit(main())
