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
"""

import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

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

from . import decisions, reform, rules, timeline, whatif
from .common import (
    EXIT_CODES_HELP,
    ClosedPipeError,
    ExitCode,
    InvalidRulesError,
    UsageError,
    diagnostic_line,
)

__all__ = ["ExitCode", "app", "cli", "main", "run"]

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


# The commands, in the order ``--help`` lists them: deciding, then the rule book.
app.add_typer(decisions.commands)
app.add_typer(reform.commands)
app.add_typer(timeline.commands)
app.add_typer(whatif.commands)
app.add_typer(rules.commands)


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
        _error(diagnostic_line(diagnostic, root))
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
    except UsageError as exc:
        _error(f"error: {exc}")
        _error(f"Try 'eligibility {exc.command} --help' for help.")
        return ExitCode.USAGE
    except (typer.Abort, KeyboardInterrupt):
        _error("interrupted")
        return ExitCode.INTERRUPTED
    except InvalidRulesError as exc:
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
    except EvaluationError as exc:  # a rule that fails on valid input is a rule-book defect
        _error(f"error: a rule failed while evaluating: {exc}")
        return ExitCode.RULES
    except EligibilityError as exc:
        _error(f"error: {exc}")
        return ExitCode.UNAVAILABLE
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            path = ".".join(str(p) for p in error["loc"]) or "input"
            _error(f"{path}: {error['msg']}")
        return ExitCode.USAGE
    except (BrokenPipeError, ClosedPipeError):
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
