"""The compiled rule IR: what every consumer (engines, CLI, docs) reads.

Everything here is immutable and already checked: expressions are parsed and
typed, parameters are sorted by date, exceptions are proven not to conflict.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eligibility._language.ast import Node
from eligibility._language.types import RecordType, Type
from eligibility._model.household import Role
from eligibility._rulefiles.schema import Domain, ExampleSpec, SourceSpec, Status, Texts

__all__ = [
    "Criterion",
    "Definition",
    "Exception_",
    "Expr",
    "Output",
    "Parameter",
    "Program",
    "Row",
    "Version",
    "exception_expressions",
]


@dataclass(frozen=True, eq=False)
class Expr:
    """A checked expression: its text, its tree and its type."""

    source: str
    node: Node
    type: Type

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True, eq=False)
class Parameter:
    """A dated value: ``values`` are ``(effective date, value)`` pairs, sorted by date."""

    name: str
    type: Type
    values: tuple[tuple[date, Any], ...]
    unit: str | None = None
    text: Texts | None = None
    status: Status | None = None
    sources: tuple[SourceSpec, ...] = ()
    scope: str = "program"  # or the id of the definitions file it comes from

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(d for d, _ in self.values)

    def at(self, on: date) -> Any:
        """The value in force on ``on``: the latest entry dated on or before it.

        Raises ``LookupError`` before the first entry.
        """
        index = bisect.bisect_right(self.dates, on) - 1
        if index < 0:
            raise LookupError(f"parameter {self.name!r} has no value before {self.values[0][0]}")
        return self.values[index][1]


@dataclass(frozen=True, eq=False)
class Definition:
    """A shared, named definition (a value or a predicate over typed parameters)."""

    name: str
    params: tuple[tuple[str, RecordType], ...]
    value: Expr
    text: Texts
    status: Status
    sources: tuple[SourceSpec, ...]
    file: str


@dataclass(frozen=True, eq=False)
class Exception_:  # noqa: N801 - "Exception" would shadow the builtin
    """An exception to a criterion: when ``when`` holds, ``then`` gives the result."""

    id: str
    when: Expr
    then: Expr
    text: Texts | None
    exceptions: tuple[Exception_, ...] = ()
    status: Status | None = None

    def expressions(self) -> list[Expr]:
        """Its condition and result, then those of its own exceptions, depth first."""
        return [self.when, self.then, *exception_expressions(self.exceptions)]


def exception_expressions(exceptions: tuple[Exception_, ...]) -> list[Expr]:
    """Every condition and result of ``exceptions`` and their nested exceptions."""
    return [expr for exception in exceptions for expr in exception.expressions()]


@dataclass(frozen=True, eq=False)
class Criterion:
    """One condition of a program, with its exceptions and its period of validity."""

    id: str
    when: Expr
    text: Texts
    exceptions: tuple[Exception_, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None
    status: Status | None = None
    observables: tuple[Expr, ...] = ()
    generated: bool = False

    def active_on(self, on: date) -> bool:
        if self.valid_from is not None and on < self.valid_from:
            return False
        return not (self.valid_until is not None and on >= self.valid_until)

    def expressions(self) -> list[Expr]:
        """Its condition, then every exception's condition and result, depth first."""
        return [self.when, *exception_expressions(self.exceptions)]


@dataclass(frozen=True, eq=False)
class Row:
    """A decision-table row; ``when`` is ``None`` for ``otherwise``."""

    when: Expr | None
    then: Expr
    text: Texts | None = None


@dataclass(frozen=True, eq=False)
class Output:
    """A benefit output: one expression (``policy == "value"``) or a table."""

    name: str
    policy: str  # "value", "first" or "unique"
    rows: tuple[Row, ...]
    type: Type
    unit: str | None = None
    text: Texts | None = None
    status: Status | None = None


@dataclass(frozen=True)
class Version:
    """A dated version of a program."""

    id: str
    valid_from: date
    text: Texts | None = None


@dataclass(frozen=True, eq=False)
class Program:
    """A compiled program: every consumer reads this, never the YAML.

    Attributes:
        id: e.g. ``leisure.summer-camp``.
        domain: health, housing, leisure, education or social-aid.
        applies_to: the roles evaluated (affiliate, spouse, child, parent).
        status: ``sourced`` or ``illustrative`` (a labelled assumption).
        parameters: the parameters this program can read (its own and global ones).
        versions: dated versions, oldest first.
        criteria: every criterion of every version (each says when it is active).
        outputs: benefit outputs (amounts, fee shares, payment method...).
    """

    id: str
    domain: Domain
    applies_to: tuple[Role, ...]
    title: Texts
    summary: Texts | None
    status: Status
    sources: tuple[SourceSpec, ...]
    assumptions: tuple[Texts, ...]
    parameters: Mapping[str, Parameter]
    versions: tuple[Version, ...]
    valid_until: date | None
    criteria: tuple[Criterion, ...]
    outputs: tuple[Output, ...]
    examples: tuple[ExampleSpec, ...]
    file: str
    applicant_type: RecordType
    change_dates: tuple[date, ...] = field(default=())

    @property
    def valid_from(self) -> date:
        return self.versions[0].valid_from

    def in_force(self, on: date) -> bool:
        """Whether the program exists on ``on``."""
        if on < self.valid_from:
            return False
        return not (self.valid_until is not None and on >= self.valid_until)

    def version_at(self, on: date) -> Version:
        """The version in force on ``on`` (the first one before the program starts)."""
        index = bisect.bisect_right([v.valid_from for v in self.versions], on) - 1
        return self.versions[max(index, 0)]

    def epoch(self, on: date) -> int:
        """Index of the period between two change dates that ``on`` falls in."""
        return bisect.bisect_right(self.change_dates, on)

    def params_at(self, on: date) -> dict[str, Any]:
        """Every parameter's value on ``on`` (parameters not yet defined are left out)."""
        values: dict[str, Any] = {}
        for name, parameter in self.parameters.items():
            try:
                values[name] = parameter.at(on)
            except LookupError:
                continue
        return values

    def active_criteria(self, on: date) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.active_on(on))
