"""How criteria and outputs are decided, and their rules grouped into facts.

A :class:`_Plan` holds the rules that decide one criterion (or output), or says why the
interpreter decides it instead. The rules of several plans share one fact (a
:class:`_Group`) as long as durable-rules' matcher allows; the builder then lists the
properties and arrays that fact needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .encoding import _Prop, _Quant
from .limits import MAX_GROUP_RULES
from .literals import Term


@dataclass
class _Rule:
    term: Term
    key: str
    code: str


@dataclass
class _Plan:
    """How one criterion (or output) is decided: by rules, or by the interpreter."""

    rules: list[_Rule]
    slots: frozenset[int]  # derived facts its rules read (an error in one: interpreter)
    paths: tuple[tuple[str, ...], ...] = ()  # exceptions applied, by path number
    interpreted: str | None = None  # why the interpreter decides it, if it does


@dataclass
class _Group:
    """Rules that share one fact (``g`` = index)."""

    index: int
    rules: list[_Rule]
    props: list[_Prop] = field(default_factory=list)
    arrays: list[tuple[str, _Quant, list[_Prop]]] = field(default_factory=list)
    lengths: list[_Quant] = field(default_factory=list)


def _groups(plans: Sequence[_Plan], start: int) -> list[_Group]:
    groups: list[_Group] = []
    current: list[_Rule] = []
    for plan in plans:
        if not plan.rules:
            continue
        if current and len(current) + len(plan.rules) > MAX_GROUP_RULES - 1:
            groups.append(_Group(start + len(groups), current))
            current = []
        current = current + plan.rules
    if current:
        groups.append(_Group(start + len(groups), current))
    return groups
