"""How criteria and outputs are decided, and their rules grouped into facts.

A :class:`_Plan` holds the rules that decide one criterion (or output), or says why the
interpreter decides it instead. The rules of several plans share one fact (a
:class:`_Group`) as long as durable-rules' matcher allows; :func:`_fill` lists the
properties and arrays that fact needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eligibility._model.errors import EvaluationError

from .encoding import _Prop, _Quant
from .limits import MAX_GROUP_RULES, MAX_PROPERTIES
from .literals import Term, _fnv1a, _lit_props

if TYPE_CHECKING:
    from .builder import _Builder


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


def _fill(builder: _Builder, group: _Group) -> None:
    """Which properties (and array copies) the fact of ``group`` needs."""
    names: set[str] = set()
    arrays: dict[str, tuple[_Quant, set[str]]] = {}
    lengths: set[int] = set()
    for rule in group.rules:
        for lit in rule.term:
            if lit[0] == "arr":
                quant = builder.quants[int(lit[2][1:].split("_")[0])]
                inner = {p for item in lit[3] for p in _lit_props(item)}
                arrays.setdefault(lit[2], (quant, set()))[1].update(
                    p.removeprefix("$i.") for p in inner)
                continue
            for prop in _lit_props(lit):
                if prop.startswith("q"):
                    lengths.add(int(prop[1:-1]))
                else:
                    names.add(prop)
    group.props = [builder.props[n] for n in sorted(names)]
    for name in sorted(arrays):
        quant, wanted = arrays[name]
        table = builder.item_props[quant.index]
        group.arrays.append((name, quant, [table[p] for p in sorted(wanted)]))
    group.lengths = [builder.quants[i] for i in sorted(lengths)]
    top = [p.name for p in group.props] + [name for name, _, _ in group.arrays] + \
        [q.length for q in group.lengths] + ["g", "sid", "id", "$s"]
    if len(top) > MAX_PROPERTIES or len({_fnv1a(n) for n in top}) != len(top):
        raise EvaluationError(f"program {builder.program.id}: a durable-rules fact would have "
                              "too many or clashing properties")
    for _, _, item_props in group.arrays:
        inner_names = [f"$i.{p.name}" for p in item_props]
        if len({_fnv1a(n) for n in inner_names}) != len(inner_names):
            raise EvaluationError(f"program {builder.program.id}: a durable-rules array item "
                                  "would have clashing properties")
