"""Errors: one root, a load-time branch that carries located diagnostics, a run-time branch."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from eligibility._i18n.diagnostics import diagnostic_message
from eligibility._i18n.format import isolate, printable
from eligibility._i18n.numbers import language
from eligibility._i18n.problems import problem_message

from .codes import DiagnosticCode, ProblemCode

__all__ = [
    "Diagnostic",
    "EligibilityError",
    "EngineUnavailableError",
    "EvaluationError",
    "ExpressionError",
    "HouseholdError",
    "Problem",
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
        return self.line_in("en")

    @property
    def place(self) -> str:
        """``file:line:column`` (``line:column`` without a file; the file alone when the
        problem is about the whole file or folder, with no line)."""
        if not self.line:
            return self.file
        place = f"{self.line}:{self.column}"
        return f"{self.file}:{place}" if self.file else place

    def message_in(self, lang: str) -> str:
        """What is wrong, in ``lang``: in English the message itself, with what was expected
        and found and a "did you mean"; in Arabic and French the code's own message,
        with the same values."""
        return diagnostic_message(self.code, self.message, self.expected, self.actual,
                                  self.suggestion, lang)

    def line_in(self, lang: str) -> str:
        """The diagnostic as one line, ``file:line:column: severity [code] message (at
        path)``, in ``lang``."""
        return diagnostic_message(self.code, self.message, self.expected, self.actual,
                                  self.suggestion, lang, place=self.place,
                                  severity=self.severity.value, path=self.json_path)


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


@dataclass(frozen=True)
class Problem:
    """One problem with input: a stable code, the path of the field it is about, and the
    values its message names.

    Attributes:
        code: e.g. ``not-a-date`` (:class:`ProblemCode`).
        path: the field's path, e.g. ``household.children[1].birth_date``; ``None`` when
            the problem is not about one field (a file that cannot be read).
        params: the values the message names (``found``: what was given; limits, ids,
            dates...).
    """

    code: ProblemCode
    path: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """What is wrong, in ``lang`` (``ar``, ``fr`` or ``en``)."""
        return problem_message(self.code, self.params, lang)

    def record(self, lang: str = "en") -> dict[str, Any]:
        """The problem as a JSON object: ``code``, ``path``, ``message`` and ``lang``."""
        return {"code": self.code.value, "path": self.path, "message": self.message(lang),
                "lang": lang}

    def __str__(self) -> str:
        message = self.message()
        return f"{self.path}: {message}" if self.path else message


class HouseholdError(EligibilityError, ValueError):
    """Household or applicant input is invalid; ``problems`` names each, with its code
    and field path (``household.children[1].birth_date``)."""

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        # The message is written when asked for: a roster's refused records keep their
        # problems, shown later in the reader's language, and never need it in English.
        super().__init__()

    def __str__(self) -> str:
        return self.message_in("en")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message_in('en')!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return _household_error, (type(self), self.problems, self.source)

    def message_in(self, lang: str) -> str:
        """One line per problem, ``[source: ]path: message``, in ``lang``."""
        return "\n".join(self.lines_in(lang))

    def lines_in(self, lang: str) -> list[str]:
        """The line of each problem, ``[source: ]path: message``, in ``lang``."""
        # In Arabic the file and the path are each laid out on their own, left to right.
        place = isolate if language(lang) == "ar" else str
        prefix = f"{place(self.source)}: " if self.source else ""
        return [f"{prefix}{place(printable(p.path))}: {p.message(lang)}" if p.path else
                f"{prefix}{p.message(lang)}" for p in self.problems]


def _household_error(cls: type[HouseholdError], problems: tuple[Problem, ...],
                     source: str | None) -> HouseholdError:
    """A household error read back (pickled errors cross process boundaries whole)."""
    return cls(problems, source=source)


class UnknownProgramError(EligibilityError, KeyError):
    """No program with that id in the rule book."""

    def __init__(self, program_id: str, suggestion: str | None = None) -> None:
        self.program_id = program_id
        self.suggestion = suggestion
        self.problem = Problem(ProblemCode.UNKNOWN_PROGRAM, "program",
                               {"id": program_id, "suggestion": suggestion})
        super().__init__(self.problem.message())

    def __str__(self) -> str:
        return str(self.args[0])


class EvaluationError(EligibilityError, RuntimeError):
    """A rule failed while evaluating (for example a division by zero in a rule)."""

    @property
    def problem(self) -> Problem:
        return Problem(ProblemCode.EVALUATION_FAILED, None, {"detail": str(self)})


class EngineUnavailableError(EligibilityError, RuntimeError):
    """The requested engine cannot run here (for example durable-rules on Python 3.13)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.message())
