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
from functools import cached_property
from typing import Any

from eligibility._i18n import N_, t, words
from eligibility._i18n import format as fmt
from eligibility._language.types import Type
from eligibility._model.household import ROLE_CATEGORIES, Category, Role
from eligibility._model.texts import Texts
from eligibility._model.vocabulary import (
    CriterionStatus,
    DatePrecision,
    Domain,
    Evidence,
    Outcome,
    Status,
)

from .clocks import Clock, Frame, Measure, Since
from .fingerprint import program_fingerprint
from .ir_parts import (
    BEGINNING,
    NO_READS,
    Citation,
    Criterion,
    CriterionException,
    Definition,
    Dependencies,
    Expr,
    Output,
    Parameter,
    ParameterEntry,
    Reads,
    Row,
    date_label,
    shown_with_unit,
    unit_in,
)

__all__ = [
    "BEGINNING",
    "Citation",
    "Clock",
    "Criterion",
    "CriterionException",
    "Definition",
    "Dependencies",
    "Example",
    "Expectation",
    "Expr",
    "Frame",
    "Measure",
    "Output",
    "Parameter",
    "ParameterEntry",
    "Program",
    "Reads",
    "Row",
    "Since",
    "Version",
    "date_label",
    "shown_with_unit",
    "unit_in",
]


@dataclass(frozen=True)
class Version:
    """A dated version of a program.

    ``status`` is the start date's effective status (an assumed date is
    ``illustrative``; by default the program's status), and ``precision`` how much of it
    is known: a version known to start "in 2017" starts on 1 January 2017, shown as
    ``2017``.
    """

    id: str
    valid_from: date
    text: Texts | None = None
    status: Status = Status.SOURCED
    precision: DatePrecision = DatePrecision.DAY

    @property
    def date_label(self) -> str:
        """The start date as far as it is known (``2017``, ``2017-03`` or ``2017-03-05``)."""
        return date_label(self.valid_from, self.precision)

    @property
    def assumed(self) -> bool:
        """Whether the start date is an assumption."""
        return self.status is Status.ILLUSTRATIVE

    @property
    def exact(self) -> bool:
        """Whether the day it starts is known (sourced, to the day)."""
        return not self.assumed and self.precision is DatePrecision.DAY


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
    absent: Sequence[str] = ()


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
        change_dates: the dates on which a version, a criterion, one of its own parameters
            or a global parameter it reads or shows changes.
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

    def epoch_span(self, on: date) -> tuple[date | None, date | None]:
        """The period :meth:`epoch` of ``on`` is: its first day and the day after its last
        (``None`` where it is unbounded)."""
        epoch = self.epoch(on)
        dates = self.change_dates
        return (dates[epoch - 1] if epoch else None,
                dates[epoch] if epoch < len(dates) else None)

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

    @cached_property
    def applicant_categories(self) -> frozenset[Category]:
        """The member categories the program's applicants can hold whatever its criteria
        say, those of the roles it applies to (:data:`~eligibility.ROLE_CATEGORIES`).

        The categories it may serve are among them (``categories_served``).
        """
        return frozenset(category for role in self.applies_to
                         for category in ROLE_CATEGORIES[role])

    @cached_property
    def fingerprint(self) -> str:
        """The SHA-256 digest, in hex, of everything the program's decisions depend on.

        That is the program without its examples, the shared definitions it reads and
        the parameters it reads or shows. Two programs with the same fingerprint decide
        every household on every date alike, texts included, with the same library; the
        reform comparison (:meth:`RuleBook.diff`) runs only the programs whose
        fingerprints differ."""
        return program_fingerprint(self)

    def texts(self) -> Iterator[Texts]:
        """Every text the program shows: title, summary, assumptions, versions, criteria
        (with their exceptions), outputs (with their rows, unit and value labels) and the
        parameters it reads or shows (their text and unit)."""
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
        for name in sorted(self._parameters_named()):
            parameter = self.parameters[name]
            if parameter.text is not None:
                yield parameter.text
            if parameter.unit is not None:
                yield parameter.unit.texts()

    def _parameters_named(self) -> set[str]:
        reads = self.reads
        return {n for n in (*reads.parameters, *self._placeholders()) if n in self.parameters}

    def _placeholders(self) -> set[str]:
        names = {name for texts in (self.title, self.summary, *self.assumptions,
                                    *(v.text for v in self.versions))
                 if texts is not None for name in texts.placeholders()}
        for criterion in self.criteria:
            names |= {n for t in criterion.texts() for n in t.placeholders()}
        for output in self.outputs:
            names |= {n for t in output.texts() for n in t.placeholders()}
        return names

    @property
    def placeholders(self) -> frozenset[str]:
        """The names the program's texts use as ``{placeholders}``."""
        return frozenset(self._placeholders())

    @property
    def parameters_shown(self) -> frozenset[str]:
        """The parameters the program reads or shows in a text (through the shared
        definitions it uses too): the ones its documentation lists."""
        reads = self.reads
        names = set(reads.parameters) | self._placeholders()
        for name in reads.definitions:
            names |= self.definitions[name].text.placeholders()
        return frozenset(n for n in names if n in self.parameters)

    def name_of(self, read: str, lang: str, params: Mapping[str, Any]) -> str | None:
        """What a value a decision read is, in words: a parameter or a shared definition
        by its text, the evaluation date, a fact by its field's name (``None`` if it has
        no name)."""
        parameter = self.parameters.get(read)
        if parameter is not None:
            return parameter.title(lang, params)
        definition = self.definitions.get(read.split("(", maxsplit=1)[0])
        if definition is not None:
            return definition.text.render(lang, params)
        if read == "on":
            return t(lang, N_("evaluation date"))
        return words.fact_label(read, lang)

    def value_of(self, read: str, value: Any, lang: str, params: Mapping[str, Any]) -> str:
        """A value a decision read (as recorded) in words: a parameter's with its unit, a
        fact's as its field reads (money in dirhams, a year as written)."""
        parameter = self.parameters.get(read)
        if parameter is not None and read in params:
            return parameter.shown(params[read], lang)
        if parameter is None and read.split("(", maxsplit=1)[0] not in self.definitions:
            return fmt.fact_value(read, value, lang)
        return fmt.recorded(value, lang)

    def quotes(self, reads: Reads, on: date | None = None) -> tuple[Citation, ...]:
        """The sources quoted for a part that reads ``reads``: the citations with the cited
        words of the parameters it reads (their own, and their value's in force on ``on``)
        and of the shared definitions it uses (their own sources), each once."""
        found: list[Citation] = []
        for name in sorted(reads.parameters):
            parameter = self.parameters.get(name)
            if parameter is None:
                continue
            entry = parameter.entry_at(on) if on is not None else None
            found += [*parameter.sources, *(entry.sources if entry is not None else ())]
        for name in sorted(reads.definitions):
            definition = self.definitions.get(name)
            if definition is not None:
                found += definition.own_sources
        return tuple(dict.fromkeys(c for c in found if c.quote))

    # -- what rests on an assumption ----------------------------------------------------------
    @property
    def assumed_outputs(self) -> tuple[str, ...]:
        """The names of the outputs that rest on an assumption on some date."""
        return tuple(output.name for output in self.outputs if output.assumed)

    def assumed_outputs_on(self, on: date) -> tuple[str, ...]:
        """The names of the outputs that rest on an assumption on ``on``."""
        return tuple(o.name for o in self.outputs if o.rests_on_assumption(on))

    def assumed_parameters(self, on: date) -> tuple[str, ...]:
        """The parameters the program reads or shows whose value in force on ``on`` is
        assumed, sorted."""
        return tuple(sorted(n for n in self.parameters_shown
                            if self.parameters[n].assumed_on(on)))

    def assumed_definitions(self) -> tuple[str, ...]:
        """The illustrative shared definitions the program reads (directly or not)."""
        return tuple(sorted(n for n in self.reads.definitions
                            if self.definitions[n].status is Status.ILLUSTRATIVE))

    def evidence(self, on: date) -> Evidence:
        """What the program rests on, on ``on``: ``illustrative`` when the program is;
        ``partly-sourced`` when a criterion in force, one of its exceptions or an output
        rests on an assumption (an illustrative part, definition or parameter value);
        ``sourced`` otherwise. A program whose conditions are not published but whose
        existence is (labelled assumptions in a sourced program) is partly sourced."""
        if self.status is Status.ILLUSTRATIVE:
            return Evidence.ILLUSTRATIVE
        for criterion in self.active_criteria(on):
            if criterion.rests_on_assumption(on=on) or _illustrative(criterion.exceptions):
                return Evidence.PARTLY_SOURCED
        if self.assumed_outputs_on(on):
            return Evidence.PARTLY_SOURCED
        return Evidence.SOURCED


def _illustrative(exceptions: Sequence[CriterionException]) -> bool:
    """Whether an exception, at any depth, is illustrative."""
    return any(e.status is Status.ILLUSTRATIVE or _illustrative(e.exceptions)
               for e in exceptions)
