"""The compiled rule IR: what every consumer (engines, CLI, docs) reads.

Everything here is immutable and already checked: expressions are parsed and typed,
parameters are sorted by date, exceptions are proven not to conflict. The IR also
answers the questions consumers ask about a program — which names each part reads,
which texts it shows and their placeholders, what rests on an assumption — each
computed once, here, so no consumer walks the syntax tree to find out.

This module holds the program itself (:class:`Program`, its dated versions, and its
executable examples with what each expects); the parts a program is made of (expressions,
parameters, definitions, criteria, outputs...) are in :mod:`.ir_parts`, and are
re-exported here: consumers import every IR name from this module.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from eligibility._language.types import Type
from eligibility._model.household import Role
from eligibility._model.texts import Texts
from eligibility._model.vocabulary import CriterionStatus, Domain, Outcome, Status

from .ir_parts import (
    NO_READS,
    Citation,
    Criterion,
    CriterionException,
    Definition,
    Expr,
    Output,
    Parameter,
    Reads,
    Row,
)

__all__ = [
    "Citation",
    "Criterion",
    "CriterionException",
    "Definition",
    "Example",
    "Expectation",
    "Expr",
    "Output",
    "Parameter",
    "Program",
    "Reads",
    "Row",
    "Version",
]


@dataclass(frozen=True)
class Version:
    """A dated version of a program."""

    id: str
    valid_from: date
    text: Texts | None = None


@dataclass(frozen=True)
class Expectation:
    """What an example expects; what it leaves out is not checked."""

    outcome: Outcome
    amounts: Mapping[str, Decimal] = field(default_factory=dict)
    details: Mapping[str, str | bool] = field(default_factory=dict)
    criteria: Mapping[str, CriterionStatus] = field(default_factory=dict)
    missing: Sequence[str] | None = None
    version: str | None = None
    exceptions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Example:
    """An executable example of a rule file: a household on a date, and what it expects."""

    name: str
    on: date
    household: Mapping[str, Any]
    expect: Expectation
    applicant: str | None = None


@dataclass(frozen=True, eq=False)
class Program:
    """A compiled program: every consumer reads this, never the YAML.

    Attributes:
        id: e.g. ``leisure.summer-camp``.
        domain: health, housing, leisure, education or social-aid.
        applies_to: the roles evaluated (affiliate, spouse, child, parent).
        status: sourced, or illustrative (a labelled assumption).
        parameters: the parameters this program can read (its own and global ones).
        definitions: the shared definitions of the rule book it belongs to.
        versions: dated versions, oldest first.
        criteria: every criterion of every version (each says when it is active).
        outputs: benefit outputs (amounts, fee shares, payment method...).
        applicant_type: the language type its expressions see as ``applicant``.
        change_dates: the dates on which a version, a criterion or a parameter changes.
    """

    id: str
    domain: Domain
    applies_to: tuple[Role, ...]
    title: Texts
    summary: Texts | None
    status: Status
    sources: tuple[Citation, ...]
    assumptions: tuple[Texts, ...]
    parameters: Mapping[str, Parameter]
    definitions: Mapping[str, Definition]
    versions: tuple[Version, ...]
    valid_until: date | None
    criteria: tuple[Criterion, ...]
    outputs: tuple[Output, ...]
    examples: tuple[Example, ...]
    file: str
    applicant_type: Type
    change_dates: tuple[date, ...] = ()

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

    # -- questions consumers ask -----------------------------------------------------------
    @property
    def reads(self) -> Reads:
        """What the criteria and outputs read (parameters and definitions, transitively)."""
        total = NO_READS
        for criterion in self.criteria:
            total |= criterion.reads
        for output in self.outputs:
            total |= output.reads
        return total

    def texts(self) -> Iterator[Texts]:
        """Every text the program shows: title, summary, assumptions, versions, criteria
        (with their exceptions) and outputs (with their rows)."""
        yield self.title
        if self.summary is not None:
            yield self.summary
        yield from self.assumptions
        for version in self.versions:
            if version.text is not None:
                yield version.text
        for criterion in self.criteria:
            yield from criterion.texts()
        for output in self.outputs:
            yield from output.texts()

    @property
    def placeholders(self) -> frozenset[str]:
        """The names the program's texts use as ``{placeholders}``."""
        return frozenset(name for texts in self.texts() for name in texts.placeholders())

    @property
    def parameters_shown(self) -> frozenset[str]:
        """The parameters the program reads or shows in a text (through the shared
        definitions it uses too): the ones its documentation lists."""
        reads = self.reads
        names = set(reads.parameters) | self.placeholders
        for name in reads.definitions:
            names |= self.definitions[name].text.placeholders()
        return frozenset(n for n in names if n in self.parameters)

    @property
    def assumed_outputs(self) -> tuple[str, ...]:
        """The names of the outputs that rest on an assumption."""
        return tuple(output.name for output in self.outputs if output.assumed)
