"""What the commands of the command line share: exit codes, output, the errors
:func:`~eligibility.cli.app.main` turns into exit codes, and loading the rule book."""

import dataclasses
import functools
import sys
from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from rich.console import Console

from eligibility import (
    Diagnostic,
    EngineName,
    Outcome,
    RuleBook,
    RuleBookError,
    default_rules_path,
)

__all__ = [
    "EXIT_CODES_HELP",
    "ClosedPipeError",
    "ExitCode",
    "InvalidRulesError",
    "UsageError",
    "command",
    "diagnostic_line",
    "file_in",
    "load",
    "outcome_code",
    "rules_root",
    "stderr_console",
    "stdout_console",
    "write",
]


class ExitCode(IntEnum):
    """The exit codes of the command line (see :mod:`eligibility.cli.app`)."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    RULES = 3
    UNAVAILABLE = 4
    INELIGIBLE = 10
    UNDETERMINED = 11
    INTERRUPTED = 130
    BROKEN_PIPE = 141


EXIT_CODES_HELP = "\n\n".join([
    "Exit codes:",
    "0 success (with --exit-code outcome: eligible);",
    "1 failures found (test: failing examples; roster: records that could not be screened);",
    "2 usage error or bad input (household file, date, program, applicant, roster file);",
    "3 invalid rule book, or a rule that fails while evaluating;",
    "4 cannot run here (engine unavailable, output not writable) or an internal error;",
    "10 ineligible and 11 undetermined, with --exit-code outcome;",
    "130 interrupted; 141 output pipe closed.",
])


# -- output -----------------------------------------------------------------------------------

class _Console(Console):
    """A rich console that lets a closed output pipe reach ``main`` as an error
    (rich's own handler exits with status 1, hiding the documented status 141)."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


def stdout_console() -> Console:
    return _Console(file=sys.stdout, highlight=False, emoji=False)


def stderr_console() -> Console:
    return _Console(file=sys.stderr, highlight=False, emoji=False)


def write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def diagnostic_line(diagnostic: Diagnostic, root: Path, lang: str = "en") -> str:
    located = dataclasses.replace(diagnostic, file=file_in(diagnostic.file, root))
    return located.line_in(lang)


def file_in(file: str, root: Path) -> str:
    if not file:
        return file
    candidate = Path(file)
    if candidate.is_absolute() or candidate.parts[: len(root.parts)] == root.parts:
        return file
    return (root / candidate).as_posix()


# -- errors that main() maps to exit codes ---------------------------------------------------

class UsageError(Exception):
    """Options that do not go together (a usage error found after parsing): ``code`` is
    one of the command line's error codes (:data:`eligibility.cli.errors.CODES`), and
    ``values`` the values its message names (``--to`` and ``--from`` dates...)."""

    def __init__(self, code: str, command: str, **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.command = command
        self.values = values


class ClosedPipeError(Exception):
    """Standard output was closed by the reader (e.g. ``| head``)."""


_P = ParamSpec("_P")
_R = TypeVar("_R")


def command(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a command so that a closed output pipe reaches ``main`` as itself
    (typer would otherwise turn it into a bare exit status 1)."""
    @functools.wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return function(*args, **kwargs)
        except BrokenPipeError:
            raise ClosedPipeError from None

    return wrapper


class InvalidRulesError(Exception):
    """A rule book that does not load, with the directory it was loaded from."""

    def __init__(self, error: RuleBookError, root: Path) -> None:
        super().__init__(str(error))
        self.error = error
        self.root = root


# -- the rule book ----------------------------------------------------------------------------

def load(rules: Path | None, engine: EngineName = EngineName.NATIVE) -> RuleBook:
    root = rules_root(rules)
    try:
        return RuleBook.load(root, engine=engine.value)
    except RuleBookError as exc:
        raise InvalidRulesError(exc, root) from None


def rules_root(rules: Path | None) -> Path:
    return rules if rules is not None else default_rules_path()


def outcome_code(outcomes: Sequence[Outcome]) -> int:
    if any(o is Outcome.ELIGIBLE for o in outcomes):
        return ExitCode.OK
    if any(o is Outcome.UNDETERMINED for o in outcomes):
        return ExitCode.UNDETERMINED
    return ExitCode.INELIGIBLE
