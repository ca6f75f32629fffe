"""Conditions in disjunctive normal form, and when constraints on one term can all hold.

The static analysis (:mod:`eligibility._compile.analysis`) and the durable engine's
rule builder both reason about conditions as *disjunctive normal forms*: a set of
clauses, each a set of literals that must all hold. The literals differ (the analysis
compares expression terms with constants; the durable engine adds durable-rules'
property presence, references and array quantifiers), the algebra does not:

* :class:`Algebra` conjoins, disjoins and negates normal forms over one kind of
  literal. Every conjunction drops the clauses its consistency check rules out, and a
  form may hold at most ``limit`` clauses: beyond, :class:`TooLarge` is raised and the
  caller gives up (the analysis skips a check, the durable engine derives a fact).
* :func:`consistent` is that consistency check for :class:`Constraint` literals
  (``term op value``, or a boolean term required true or false): per term, an interval
  with open or closed bounds (tightened to whole numbers for integers and for dates as
  day numbers), required and excluded values, and a closed set of possible values.
  It is conservative: constraints on different terms are independent, and a term it
  cannot reason about is free.
* :data:`NEGATED_OP`, :data:`MIRRORED_OP` and :data:`COMPARE` are the comparison
  operators' tables.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, Generic, NamedTuple, TypeAlias, TypeVar

__all__ = [
    "COMPARE",
    "DNF",
    "FALSE",
    "MIRRORED_OP",
    "NEGATED_OP",
    "TRUE",
    "Algebra",
    "Clause",
    "Constraint",
    "TooLarge",
    "consistent",
]

#: ``not (x op c)`` is ``x NEGATED_OP[op] c`` (on a known value).
NEGATED_OP: Mapping[str, str] = {
    "<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "==",
}
#: ``c op x`` is ``x MIRRORED_OP[op] c``.
MIRRORED_OP: Mapping[str, str] = {
    "<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!=",
}
#: The comparison operators of the rule language, on Python values (``TypeError`` when
#: the values are not comparable).
COMPARE: Mapping[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
    "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
}

L = TypeVar("L", bound=Hashable)

#: A conjunction of literals.
Clause: TypeAlias = frozenset[L]
#: A disjunction of clauses (no clause: false; the empty clause: true).
DNF: TypeAlias = frozenset[Clause[L]]
TRUE: DNF[Any] = frozenset({frozenset()})
FALSE: DNF[Any] = frozenset()

#: How many times its limit a product may grow to before absorption shrinks it back.
_PRODUCT_SLACK = 4


class TooLarge(Exception):  # noqa: N818 - a control-flow signal
    """A normal form grew past its algebra's limit."""


@dataclass(frozen=True)
class Algebra(Generic[L]):
    """Conjunction, disjunction and negation of normal forms over literals of type ``L``.

    ``consistent`` says whether a clause can hold: a conjunction keeps only the clauses
    it accepts. With ``minimal``, a clause that a shorter one implies is dropped
    (``a or (a and b)`` is ``a``): worth its quadratic cost when every clause costs
    something later (the durable engine makes each a Rete rule), not when only
    satisfiability is asked.

    A form holds at most ``limit`` clauses; beyond, :class:`TooLarge` is raised. A
    conjunction is refused before it is computed when it has more than ``limit`` pairs
    of clauses and is not minimised; a minimised one is refused once it holds more than
    ``4 * limit`` consistent clauses, before absorption.
    """

    consistent: Callable[[Clause[L]], bool]
    limit: int
    minimal: bool = False

    def conjoin(self, *forms: DNF[L]) -> DNF[L]:
        """All the forms hold."""
        result: DNF[L] = TRUE
        for form in forms:
            result = self._finish(self._product(result, form))
        return result

    def disjoin(self, *forms: DNF[L]) -> DNF[L]:
        """One of the forms holds."""
        clauses: set[Clause[L]] = set()
        for form in forms:
            clauses |= form
        return self._finish(clauses)

    def negate(self, form: DNF[L], negate_literal: Callable[[L], DNF[L]]) -> DNF[L]:
        """``form`` does not hold: every clause has a literal that does not
        (``negate_literal`` gives where one literal does not hold)."""
        result: DNF[L] = TRUE
        for clause in form:
            result = self.conjoin(result, self.disjoin(*(negate_literal(lit) for lit in clause)))
        return result

    def satisfiable(self, form: DNF[L]) -> bool:
        """Whether some clause of ``form`` is consistent."""
        return any(self.consistent(clause) for clause in form)

    def _product(self, left: DNF[L], right: DNF[L]) -> set[Clause[L]]:
        """The consistent unions of a clause of each form."""
        if not self.minimal and len(left) * len(right) > self.limit:
            raise TooLarge  # only pruning could bring it under the limit: not worth trying
        out: set[Clause[L]] = set()
        for a in left:
            for b in right:
                clause = a | b
                if clause not in out and self.consistent(clause):
                    out.add(clause)
                    if len(out) > self.limit * _PRODUCT_SLACK:
                        raise TooLarge
        return out

    def _finish(self, clauses: set[Clause[L]]) -> DNF[L]:
        kept = _absorb(clauses) if self.minimal else clauses
        if len(kept) > self.limit:
            raise TooLarge
        return frozenset(kept)


def _absorb(clauses: set[Clause[L]]) -> list[Clause[L]]:
    """The clauses no shorter one implies."""
    kept: list[Clause[L]] = []
    for clause in sorted(clauses, key=len):
        if not any(other <= clause for other in kept):
            kept.append(clause)
    return kept


# -- constraints on terms ----------------------------------------------------------------


class Constraint(NamedTuple):
    """``term op value``, ``op`` one of ``< <= > >= == !=``; or, with ``op`` ``is``, a
    boolean term that is ``value`` (``True`` or ``False``).

    Values are compared as Python values: numbers (``int``, ``Decimal``), dates as day
    numbers (ordinals), texts. ``integral``: the term only takes whole values (integers,
    dates). ``domain``: every value the term can take, when that is a closed set (an enum).
    """

    term: Hashable
    op: str
    value: Any
    integral: bool = False
    domain: tuple[Any, ...] | None = None

    def negated(self) -> Constraint:
        """Holds exactly when this one does not (on a known value)."""
        if self.op == "is":
            return self._replace(value=not self.value)
        return self._replace(op=NEGATED_OP[self.op])


def consistent(constraints: Iterable[Constraint]) -> bool:
    """Whether the constraints can all hold together (constraints on different terms are
    independent)."""
    by_term: dict[Hashable, list[Constraint]] = {}
    for constraint in constraints:
        by_term.setdefault(constraint.term, []).append(constraint)
    return all(_term_consistent(group) for group in by_term.values())


def _term_consistent(constraints: Sequence[Constraint]) -> bool:
    if len(constraints) == 1 and not constraints[0].domain:
        return True  # the common case: one constraint, on an open set of values
    truths = {c.value for c in constraints if c.op == "is"}
    equal = {c.value for c in constraints if c.op == "=="}
    unequal = {c.value for c in constraints if c.op == "!="}
    if len(truths) > 1 or len(equal) > 1 or equal & unequal:
        return False
    domain = next((c.domain for c in constraints if c.domain), None)
    if domain is not None:
        allowed = set(domain) - unequal
        if not (allowed & equal if equal else allowed):
            return False
    return _interval_consistent(constraints, unequal)


@dataclass(frozen=True)
class _Bound:
    value: int | Decimal
    open: bool  # the bound itself is excluded


def _interval_consistent(constraints: Sequence[Constraint], unequal: set[Any]) -> bool:
    """Whether the numeric bounds (required values included) leave a value that is not
    excluded."""
    low: _Bound | None = None
    high: _Bound | None = None
    for c in constraints:
        if not _is_number(c.value):
            continue
        if c.op in (">", ">=", "=="):
            low = _tighter(low, _Bound(c.value, c.op == ">"), operator.gt)
        if c.op in ("<", "<=", "=="):
            high = _tighter(high, _Bound(c.value, c.op == "<"), operator.lt)
    if low is None or high is None:
        return True
    if any(c.integral for c in constraints):
        low, high = _whole_low(low), _whole_high(high)
    if low.value != high.value:
        return low.value < high.value
    return not (low.open or high.open or low.value in unequal)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def _tighter(bound: _Bound | None, new: _Bound, beyond: Callable[[Any, Any], bool]) -> _Bound:
    """The tighter of two lower (``beyond`` is ``>``) or upper (``<``) bounds."""
    if bound is None or beyond(new.value, bound.value) or (new.value == bound.value
                                                           and new.open):
        return new
    return bound


def _whole_low(bound: _Bound) -> _Bound:
    """The least whole number the lower bound allows."""
    value = int(Decimal(bound.value).to_integral_value(rounding=ROUND_CEILING))
    return _Bound(value + 1 if bound.open and value == bound.value else value, False)


def _whole_high(bound: _Bound) -> _Bound:
    """The greatest whole number the upper bound allows."""
    # Not ``Decimal // 1``: Decimal's integer division truncates towards zero.
    value = int(Decimal(bound.value).to_integral_value(rounding=ROUND_FLOOR))
    return _Bound(value - 1 if bound.open and value == bound.value else value, False)
