"""The parts of a compiled program: checked expressions and what they read, citations,
parameters, shared definitions, criteria with their exceptions, and benefit outputs.

Like the rest of the IR (:mod:`eligibility._compile.ir`, which re-exports every name
here), everything is immutable and already checked, and each part answers the questions
consumers ask about it: the names it reads, the texts it shows, what rests on an
assumption.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from eligibility._language.ast import Literal, Name, Node
from eligibility._language.bounds import magnitude_of_value
from eligibility._language.types import Type
from eligibility._model.texts import Texts
from eligibility._model.vocabulary import OutputPolicy, Status

__all__ = [
    "NO_READS",
    "Citation",
    "Criterion",
    "CriterionException",
    "Definition",
    "Expr",
    "Output",
    "Parameter",
    "Reads",
    "Row",
    "applied_chain",
    "exception_expressions",
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


@dataclass(frozen=True)
class Citation:
    """A public source a program, a parameter or a definition rests on."""

    title: str
    url: str | None = None
    date: date | None = None
    note: str | None = None


@dataclass(frozen=True, eq=False)
class Parameter:
    """A dated value: ``values`` are ``(effective date, value)`` pairs, sorted by date.

    ``status`` is the effective status: the parameter's own, or else that of the file
    that defines it. ``scope`` is ``"program"`` for a program's own parameter, or the id
    of the definitions file a global parameter comes from.
    """

    name: str
    type: Type
    values: tuple[tuple[date, Any], ...]
    status: Status
    unit: str | None = None
    text: Texts | None = None
    sources: tuple[Citation, ...] = ()
    scope: str = "program"

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(d for d, _ in self.values)

    @property
    def assumed(self) -> bool:
        """Whether the parameter is a labelled assumption rather than a sourced value."""
        return self.status is Status.ILLUSTRATIVE

    @property
    def magnitude(self) -> int | None:
        """The largest whole number it holds on any date (in a list too, in absolute
        value), or ``None`` if it never holds one: what the bounds of expressions start
        from."""
        found = [m for _, value in self.values if (m := magnitude_of_value(value)) is not None]
        return max(found) if found else None

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
    params: tuple[tuple[str, Type], ...]
    value: Expr
    text: Texts
    status: Status
    sources: tuple[Citation, ...]
    file: str
    reads: Reads = NO_READS


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
    compiler wrote (a frequency limit).
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
    assumed_parameters: frozenset[str] = frozenset()

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

    def rests_on_assumption(self, applied: Sequence[str] = ()) -> bool:
        """Whether a result of this criterion rests on an assumption: the criterion is
        illustrative, it reads an assumed parameter, or one of the exceptions ``applied``
        is illustrative."""
        return (self.status is Status.ILLUSTRATIVE or bool(self.assumed_parameters)
                or any(e.status is Status.ILLUSTRATIVE
                       for e in applied_chain(self.exceptions, applied)))


@dataclass(frozen=True, eq=False)
class Row:
    """A decision-table row; ``when`` is ``None`` for ``otherwise``."""

    when: Expr | None
    then: Expr
    text: Texts | None = None


@dataclass(frozen=True, eq=False)
class Output:
    """A benefit output: one expression (policy ``value``) or a decision table.

    ``status`` is effective (the output's own, or else its program's); ``assumed`` says
    whether the output rests on an assumption (its status, or an assumed parameter its
    rows read).
    """

    name: str
    policy: OutputPolicy
    rows: tuple[Row, ...]
    type: Type
    status: Status
    unit: str | None = None
    text: Texts | None = None
    reads: Reads = NO_READS
    assumed: bool = False

    def expressions(self) -> list[Expr]:
        return [e for row in self.rows for e in (row.when, row.then) if e is not None]

    def texts(self) -> Iterator[Texts]:
        if self.text is not None:
            yield self.text
        for row in self.rows:
            if row.text is not None:
                yield row.text

