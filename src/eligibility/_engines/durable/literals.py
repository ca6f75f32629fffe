"""durable-rules literals: their kinds, which conjunctions of them can hold, and their
rendering as durable-rules JSON conditions.

Conditions are disjunctive normal forms over these literals (the algebra is
:mod:`eligibility._compile.logic`'s, bounded by :data:`MAX_TERMS` and minimised: every
clause becomes a Rete rule). Also here: the measures of the JSON that durable-rules
limits (expression entries, the hash of property names).
"""

from __future__ import annotations

import json
from typing import Any, TypeAlias

from eligibility._compile.logic import DNF, Algebra, Clause, Constraint, consistent

from .limits import MAX_TERMS

_JSON_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "==": "$eq", "!=": "$neq"}


# A literal is a hashable tuple:
#   ("cmp", prop, op, const)        prop op const (the property exists)
#   ("ref", left, op, right)        left op right, two properties of the same fact (both exist)
#   ("ex", prop) / ("nex", prop)    the property exists / does not exist (unknown)
#   ("arr", "$iany"|"$iall", prop, inner)   some or every item of an array; inner is a
#                                   term of item literals (properties named "$i.<name>")
# A term is a frozenset of literals (their conjunction).

Lit: TypeAlias = tuple[Any, ...]
Term: TypeAlias = Clause[Lit]
Form: TypeAlias = DNF[Lit]


def _satisfiable(term: Term) -> bool:
    """False for a term that can never hold (prunes the rules products produce)."""
    absent: set[str] = set()
    present: set[str] = set()
    compared: list[Constraint] = []
    for lit in term:
        kind = lit[0]
        if kind == "nex":
            absent.add(_base(lit[1]))
        elif kind == "ex":
            present.add(_base(lit[1]))
        elif kind == "cmp":
            present.add(_base(lit[1]))
            compared.append(Constraint(lit[1], lit[2], lit[3]))
        elif kind == "ref":
            present.update((_base(lit[1]), _base(lit[3])))
    return not (absent & present) and consistent(compared)


def _base(prop: str) -> str:
    """The property a scaled variant (``v3s2``) belongs to (``v3``)."""
    head, sep, _ = prop.rpartition("s")
    return head if sep and head[-1:].isdigit() else prop


#: The conditions of the rules: minimised, at most :data:`MAX_TERMS` terms.
RULES: Algebra[Lit] = Algebra(_satisfiable, MAX_TERMS, minimal=True)


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
