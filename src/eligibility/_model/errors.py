"""Errors: one root, a load-time branch that carries located diagnostics, a run-time branch."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .codes import DiagnosticCode

__all__ = [
    "Diagnostic",
    "EligibilityError",
    "EngineUnavailableError",
    "EvaluationError",
    "ExpressionError",
    "HouseholdError",
    "RuleBookError",
    "Severity",
    "UnknownProgramError",
]


class Severity(StrEnum):
    """How serious a diagnostic is: errors stop a rule book from loading."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a rule file, with its place.

    Attributes:
        code: stable kebab-case code, e.g. ``unknown-name`` (documented in the
            rule-language guide).
        message: what is wrong, in one sentence.
        file: the rule file, relative to the rule book's root.
        line: 1-based line (0 when unknown).
        column: 1-based column (0 when unknown).
        json_path: the path into the file's data, e.g. ``$.criteria[1].when``.
        expected: what would have been right, where that is clear.
        actual: what was found.
        suggestion: a "did you mean" for unknown names.
        severity: errors stop the load; warnings are lint findings.
    """

    code: DiagnosticCode
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    json_path: str = "$"
    expected: str | None = None
    actual: str | None = None
    suggestion: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        place = f"{self.line}:{self.column}"
        if self.file:
            place = f"{self.file}:{place}"
        text = f"{place}: {self.severity.value} [{self.code}] {self.message} (at {self.json_path})"
        if self.expected is not None:
            text += f"; expected {self.expected}"
        if self.actual is not None:
            text += f"; got {self.actual}" if self.expected is None else f", got {self.actual}"
        if self.suggestion:
            text += f"; did you mean {self.suggestion!r}?"
        return text


class EligibilityError(Exception):
    """Root of every error this library raises on purpose."""


class ExpressionError(EligibilityError, ValueError):
    """An expression could not be parsed or type-checked.

    ``diagnostic.line``/``column`` are relative to the expression text (1-based)
    until the loader places the diagnostic in its file.
    """

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic



class RuleBookError(EligibilityError, ValueError):
    """A rule book failed to load; ``diagnostics`` holds every problem found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        errors = [d for d in self.diagnostics if d.severity is Severity.ERROR]
        head = f"{len(errors)} error(s) in the rule book"
        super().__init__("\n".join([head, *(str(d) for d in errors)]))

    @property
    def codes(self) -> list[str]:
        """The error codes, in file order."""
        return [d.code for d in self.diagnostics if d.severity is Severity.ERROR]


class HouseholdError(EligibilityError, ValueError):
    """Household or applicant input is invalid; each problem names its field path."""

    def __init__(self, problems: Iterable[tuple[str, str]], *, source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        prefix = f"{source}: " if source else ""
        lines = [f"{prefix}{path}: {message}" for path, message in self.problems]
        super().__init__("\n".join(lines) if lines else f"{prefix}invalid household")


class UnknownProgramError(EligibilityError, KeyError):
    """No program with that id in the rule book."""

    def __init__(self, program_id: str, suggestion: str | None = None) -> None:
        self.program_id = program_id
        self.suggestion = suggestion
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        super().__init__(f"no program {program_id!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class EvaluationError(EligibilityError, RuntimeError):
    """A rule failed while evaluating (for example a division by zero in a rule)."""


class EngineUnavailableError(EligibilityError, RuntimeError):
    """The requested engine cannot run here (for example durable-rules on Python 3.13)."""
