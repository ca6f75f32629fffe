"""Conditions: disjunctive normal forms over durable-rules literals.

Their conjunction and disjunction (pruned of terms that can never hold, and bounded by
:data:`MAX_TERMS`), their rendering as durable-rules JSON conditions, and the
measures of that JSON that durable-rules limits (expression entries, the hash of
property names).
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Iterable
from typing import Any

from .limits import MAX_TERMS

_OPPOSITE = {"T": "F", "F": "T", "NT": "NF", "NF": "NT"}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_JSON_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "==": "$eq", "!=": "$neq"}
_PYTHON_OP: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
    "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
}


# A literal is a hashable tuple:
#   ("cmp", prop, op, const)        prop op const (the property exists)
#   ("ref", left, op, right)        left op right, two properties of the same fact (both exist)
#   ("ex", prop) / ("nex", prop)    the property exists / does not exist (unknown)
#   ("arr", "$iany"|"$iall", prop, inner)   some or every item of an array; inner is a
#                                   term of item literals (properties named "$i.<name>")
# A term is a frozenset of literals (their conjunction); a DNF a frozenset of terms.

Lit = tuple[Any, ...]
Term = frozenset[Lit]
DNF = frozenset[Term]
TRUE: DNF = frozenset({frozenset()})
FALSE: DNF = frozenset()


class _TooBig(Exception):  # noqa: N818 - a control-flow signal
    """A condition's normal form grew past :data:`MAX_TERMS`."""


def _or(*forms: DNF) -> DNF:
    terms: set[Term] = set()
    for form in forms:
        terms |= form
    return _absorb(terms)


def _and(*forms: DNF) -> DNF:
    result: set[Term] = {frozenset()}
    for form in forms:
        result = {a | b for a in result for b in form}
        result = {t for t in result if _satisfiable(t)}
        if len(result) > MAX_TERMS * 4:
            raise _TooBig
        result = set(_absorb(result))
        if len(result) > MAX_TERMS:
            raise _TooBig
    return frozenset(result)


def _absorb(terms: Iterable[Term]) -> DNF:
    """Drop terms implied by a shorter one (``a or (a and b)`` is ``a``)."""
    ordered = sorted(set(terms), key=len)
    kept: list[Term] = []
    for term in ordered:
        if not any(other <= term for other in kept):
            kept.append(term)
    if len(kept) > MAX_TERMS:
        raise _TooBig
    return frozenset(kept)


def _satisfiable(term: Term) -> bool:
    """False for a term that can never hold (prunes the rules products produce)."""
    absent: set[str] = set()
    present: set[str] = set()
    by_prop: dict[str, list[tuple[str, Any]]] = {}
    for lit in term:
        kind = lit[0]
        if kind == "nex":
            absent.add(_base(lit[1]))
        elif kind == "ex":
            present.add(_base(lit[1]))
        elif kind == "cmp":
            present.add(_base(lit[1]))
            by_prop.setdefault(lit[1], []).append((lit[2], lit[3]))
        elif kind == "ref":
            present.update((_base(lit[1]), _base(lit[3])))
    if absent & present:
        return False
    return all(_consistent(constraints) for constraints in by_prop.values())


def _base(prop: str) -> str:
    """The property a scaled variant (``v3s2``) belongs to (``v3``)."""
    head, sep, _ = prop.rpartition("s")
    return head if sep and head[-1:].isdigit() else prop


def _consistent(constraints: list[tuple[str, Any]]) -> bool:
    equal = {c for op, c in constraints if op == "=="}
    if len(equal) > 1:
        return False
    unequal = {c for op, c in constraints if op == "!="}
    if equal & unequal:
        return False
    numeric = [(op, c) for op, c in constraints if op in ("<", "<=", ">", ">=")]
    if not numeric:
        return True
    low: tuple[Any, bool] | None = None  # (bound, strict)
    high: tuple[Any, bool] | None = None
    for op, c in numeric:
        if op in (">", ">="):
            if low is None or c > low[0] or (c == low[0] and op == ">"):
                low = (c, op == ">")
        elif high is None or c < high[0] or (c == high[0] and op == "<"):
            high = (c, op == "<")
    if low is not None and high is not None and (
            low[0] > high[0] or (low[0] == high[0] and (low[1] or high[1] or low[0] in unequal))):
        return False
    for value in equal:
        if low is not None and (value < low[0] or (value == low[0] and low[1])):
            return False
        if high is not None and (value > high[0] or (value == high[0] and high[1])):
            return False
    return True


def _render_lit(lit: Lit) -> list[dict[str, Any]]:
    """A literal as durable-rules JSON conditions (to be joined by ``$and``)."""
    kind = lit[0]
    if kind == "cmp":
        _, prop, op, const = lit
        if op == "==":
            return [{prop: const}]
        return [{_JSON_OP[op]: {prop: const}}]
    if kind == "ref":
        _, left, op, right = lit
        # durable-rules matches a reference to a missing property: require it explicitly.
        return [{"$ex": {right: 1}}, {_JSON_OP[op]: {left: {"$m": right}}}]
    if kind == "ex":
        return [{"$ex": {lit[1]: 1}}]
    if kind == "nex":
        return [{"$nex": {lit[1]: 1}}]
    _, quantifier, prop, inner = lit
    return [{quantifier: {prop: _render_term(inner)}}]


def _render_term(term: Term) -> dict[str, Any]:
    conditions = [c for lit in _sorted_lits(term) for c in _render_lit(lit)]
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}


def _sorted_lits(term: Term) -> list[Lit]:
    return sorted(term, key=lambda lit: json.dumps(lit, default=str))


def _entries(value: Any) -> int:
    """Expression-sequence entries a condition uses in durable-rules (see MAX_RULE_ENTRIES)."""
    if isinstance(value, dict):
        count = sum(2 for key in value if key in ("$and", "$or"))
        count += sum(1 for key in value if key == "$m")
        return count + sum(_entries(v) for v in value.values())
    if isinstance(value, list):
        return sum(_entries(v) for v in value)
    return 0


def _fnv1a(text: str) -> int:
    """durable-rules' property-name hash (FNV-1a, 32 bits), to rule out collisions."""
    value = 2166136261
    for byte in text.encode():
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


def _lit_props(lit: Lit) -> list[str]:
    if lit[0] in ("cmp", "ex", "nex"):
        return [lit[1]]
    if lit[0] == "ref":
        return [lit[1], lit[3]]
    return []
