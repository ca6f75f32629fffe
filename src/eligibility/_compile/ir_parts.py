"""The parts of a compiled program: checked expressions and what they read, citations,
parameters, shared definitions, criteria with their exceptions, and benefit outputs.

Like the rest of the IR (:mod:`eligibility._compile.ir`, which re-exports every name
here), everything is immutable and already checked, and each part answers the questions
consumers ask about it: the names it reads, the texts it shows, what rests on an
assumption.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eligibility._language.ast import Literal, Name, Node
from eligibility._language.types import Type
from eligibility._model.texts import Texts, Unit
from eligibility._model.values import Absent
from eligibility._model.vocabulary import OutputPolicy, Status

from .clocks import Clock
from .ir_values import (
    BEGINNING,
    Citation,
    Parameter,
    ParameterEntry,
    date_label,
    shown_with_unit,
    unit_in,
)

__all__ = [
    "BEGINNING",
    "NO_READS",
    "Citation",
    "Criterion",
    "CriterionException",
    "Definition",
    "Dependencies",
    "Expr",
    "Output",
    "Parameter",
    "ParameterEntry",
    "Reads",
    "Row",
    "applied_chain",
    "date_label",
    "enumerated",
    "exception_expressions",
    "shown_with_unit",
    "unit_in",
]


@dataclass(frozen=True)
class Reads:
    """The parameters and shared definitions a part of a program reads.

    Attributes:
        parameters: every parameter read, directly or inside the shared definitions used.
        definitions: every shared definition used, directly or inside other definitions.
        direct_parameters: the parameters named in the part's own expressions.
    """

    parameters: frozenset[str] = frozenset()
    definitions: frozenset[str] = frozenset()
    direct_parameters: frozenset[str] = frozenset()

    def __or__(self, other: Reads) -> Reads:
        return Reads(self.parameters | other.parameters, self.definitions | other.definitions,
                     self.direct_parameters | other.direct_parameters)


NO_READS = Reads()


@dataclass(frozen=True, eq=False)
class Expr:
    """A checked expression: its text, its syntax tree (annotated with types by the
    checker; internal structure, not a stable API) and its type; ``size`` counts its
    nodes with the shared definitions it uses written out (what the compiler bounds)."""

    source: str
    node: Node
    type: Type
    size: int = 1

    def __str__(self) -> str:
        return self.source

    @property
    def literal(self) -> Any:
        """The value, when the expression is a literal (``0.5``, ``'vouchers'``, ``true``);
        else ``None``."""
        return self.node.value if isinstance(self.node, Literal) else None

    @property
    def parameter(self) -> str | None:
        """The name, when the expression is a bare name (a parameter's); else ``None``."""
        return self.node.id if isinstance(self.node, Name) else None


@dataclass(frozen=True, eq=False)
class Dependencies:
    """The parameters and shared definitions a part of a program reads (transitively),
    as objects: what the part's assumptions are worked out from, date by date."""

    parameters: tuple[Parameter, ...] = ()
    definitions: tuple[Definition, ...] = ()

    @classmethod
    def of(cls, reads: Reads, parameters: Mapping[str, Parameter],
           definitions: Mapping[str, Definition]) -> Dependencies:
        return cls(tuple(parameters[n] for n in sorted(reads.parameters) if n in parameters),
                   tuple(definitions[n] for n in sorted(reads.definitions) if n in definitions))

    def assumptions(self, on: date | None = None) -> tuple[str, ...]:
        """The illustrative definitions read, and the parameters read whose value in force
        on ``on`` is assumed (without a date: any of their values)."""
        return (*(d.name for d in self.definitions if d.status is Status.ILLUSTRATIVE),
                *(p.name for p in self.parameters if p.assumed_on(on)))


NO_DEPENDENCIES = Dependencies()


@dataclass(frozen=True, eq=False)
class Definition:
    """A shared, named definition (a value or a predicate over typed parameters).

    ``sources`` are the definition's own, or else its file's; ``file_sources`` are its
    file's (shown once for the whole file).
    """

    name: str
    params: tuple[tuple[str, Type], ...]
    value: Expr
    text: Texts
    status: Status
    sources: tuple[Citation, ...]
    file: str
    reads: Reads = NO_READS
    file_sources: tuple[Citation, ...] = ()

    @property
    def own_sources(self) -> tuple[Citation, ...]:
        """The definition's own sources (``sources`` falls back to its file's)."""
        return () if self.sources == self.file_sources else self.sources


@dataclass(frozen=True, eq=False)
class CriterionException:
    """An exception to a criterion: when ``when`` holds, ``then`` gives the result.

    ``status`` is effective: the exception's own, or else its criterion's.
    """

    id: str
    when: Expr
    then: Expr
    text: Texts | None
    status: Status
    exceptions: tuple[CriterionException, ...] = ()

    def expressions(self) -> list[Expr]:
        """Its condition and result, then those of its own exceptions, depth first."""
        return [self.when, self.then, *exception_expressions(self.exceptions)]

    def texts(self) -> Iterator[Texts]:
        if self.text is not None:
            yield self.text
        for exception in self.exceptions:
            yield from exception.texts()


def exception_expressions(exceptions: Sequence[CriterionException]) -> list[Expr]:
    """Every condition and result of ``exceptions`` and their nested exceptions."""
    return [expr for exception in exceptions for expr in exception.expressions()]


def applied_chain(exceptions: Sequence[CriterionException], applied: Sequence[str]
                  ) -> list[CriterionException]:
    """The exceptions named by ``applied`` (outermost first, as an engine reports them)."""
    chain: list[CriterionException] = []
    for name in applied:
        found = next((e for e in exceptions if e.id == name), None)
        if found is None:
            break
        chain.append(found)
        exceptions = found.exceptions
    return chain


@dataclass(frozen=True, eq=False)
class Criterion:
    """One condition of a program, with its exceptions and its period of validity.

    ``status`` is effective: the criterion's own, or else its program's. ``observables``
    are the values an explanation shows it read; ``generated`` marks a criterion the
    compiler wrote (a frequency limit); ``clocks`` are the date-dependent values its
    condition and exceptions read (:class:`~eligibility.Clock`).
    """

    id: str
    when: Expr
    text: Texts
    status: Status
    exceptions: tuple[CriterionException, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None
    observables: tuple[Expr, ...] = ()
    generated: bool = False
    reads: Reads = NO_READS
    depends: Dependencies = NO_DEPENDENCIES
    clocks: tuple[Clock, ...] = ()

    def active_on(self, on: date) -> bool:
        if self.valid_from is not None and on < self.valid_from:
            return False
        return not (self.valid_until is not None and on >= self.valid_until)

    def expressions(self) -> list[Expr]:
        """Its condition, then every exception's condition and result, depth first."""
        return [self.when, *exception_expressions(self.exceptions)]

    def texts(self) -> Iterator[Texts]:
        yield self.text
        for exception in self.exceptions:
            yield from exception.texts()

    def decided_by(self, applied: Sequence[str]) -> Texts:
        """The text that says what decided: the innermost applied exception that has a
        text, or else the criterion's own."""
        texts = [e.text for e in applied_chain(self.exceptions, applied) if e.text]
        return texts[-1] if texts else self.text

    def assumptions(self, applied: Sequence[str] = (), on: date | None = None
                    ) -> tuple[str, ...]:
        """What a result of this criterion on ``on`` rests on that is assumed, by name: the
        criterion itself (its id) when it is illustrative; the illustrative shared
        definitions it reads, directly or through other definitions; the parameters it
        reads whose value in force on ``on`` is assumed (without a date: any value); and
        the illustrative exceptions among those ``applied``."""
        own = (self.id,) if self.status is Status.ILLUSTRATIVE else ()
        chain = tuple(e.id for e in applied_chain(self.exceptions, applied)
                      if e.status is Status.ILLUSTRATIVE)
        return (*own, *self.depends.assumptions(on), *chain)

    def rests_on_assumption(self, applied: Sequence[str] = (), on: date | None = None
                            ) -> bool:
        """Whether a result of this criterion on ``on`` rests on an assumption (see
        :meth:`assumptions`)."""
        return bool(self.assumptions(applied, on))


@dataclass(frozen=True, eq=False)
class Row:
    """A decision-table row; ``when`` is ``None`` for ``otherwise``. A ``guard`` row is the
    one the compiler puts first in an output given only in some cases (``when:``): it
    matches when the output's condition does not hold, and gives the absent value."""

    when: Expr | None
    then: Expr
    text: Texts | None = None
    guard: bool = False


@dataclass(frozen=True, eq=False)
class Output:
    """A benefit output: one expression (policy ``value``) or a decision table.

    ``rows`` are the rows the engines evaluate, first match wins: for an output given
    only in some cases (``guard``, its ``when:``), a guard row comes first, yielding the
    absent value (``ABSENT``) when the condition does not hold, so every engine supports
    it with no code of its own; ``table`` is the rows as written. ``status`` is
    effective (the output's own, or else its program's); ``unit`` and, for a text
    output, the ``labels`` of its ``values`` are in ar, fr and en; ``clocks`` are the
    date-dependent values its rows read (see :class:`~eligibility.Clock`).
    """

    name: str
    policy: OutputPolicy
    rows: tuple[Row, ...]
    type: Type
    status: Status
    unit: Unit | None = None
    text: Texts | None = None
    reads: Reads = NO_READS
    guard: Expr | None = None
    labels: Mapping[str, Texts] = field(default_factory=dict)
    values: tuple[str, ...] = ()
    depends: Dependencies = NO_DEPENDENCIES
    clocks: tuple[Clock, ...] = ()

    @property
    def table(self) -> tuple[Row, ...]:
        """The rows as written in the rule file (without the guard row)."""
        return tuple(row for row in self.rows if not row.guard)

    def expressions(self) -> list[Expr]:
        return [e for row in self.rows for e in (row.when, row.then)
                if e is not None and not isinstance(e.literal, Absent)]

    def title(self, lang: str, params: Mapping[str, Any] | None = None) -> str:
        """What the output is, in ``lang``, its placeholders filled from ``params`` (its
        name when it has no text)."""
        return self.text.render(lang, params or {}) if self.text is not None else self.name

    def shown(self, value: Any, lang: str) -> str:
        """A value of the output in words, with its unit (``20 000 MAD``, ``virement
        bancaire``, ``oui``)."""
        return shown_with_unit(value, self.unit, lang, self.labels)

    def texts(self) -> Iterator[Texts]:
        if self.text is not None:
            yield self.text
        if self.unit is not None:
            yield self.unit.texts()
        for row in self.rows:
            if row.text is not None:
                yield row.text
        yield from self.labels.values()

    def assumptions(self, on: date | None = None) -> tuple[str, ...]:
        """What the output on ``on`` rests on that is assumed, by name: the output itself
        when it is illustrative, the illustrative definitions and the parameters assumed
        on ``on`` that its rows and its condition read."""
        own = (self.name,) if self.status is Status.ILLUSTRATIVE else ()
        return (*own, *self.depends.assumptions(on))

    def rests_on_assumption(self, on: date | None = None) -> bool:
        return bool(self.assumptions(on))

    @property
    def assumed(self) -> bool:
        """Whether the output rests on an assumption on some date."""
        return self.rests_on_assumption()


def enumerated(rows: Iterable[Row], parameters: Mapping[str, Parameter]) -> tuple[str, ...]:
    """The text values a table's rows can give (literals, and the values of the text
    parameters they name), in order; ``None`` entries are skipped by the caller."""
    found: dict[str, None] = {}
    for row in rows:
        literal, name = row.then.literal, row.then.parameter
        if isinstance(literal, str):
            found[literal] = None
        elif name is not None and name in parameters:
            for _, value in parameters[name].values:
                if isinstance(value, str):
                    found[value] = None
    return tuple(found)

