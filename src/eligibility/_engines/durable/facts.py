"""Derived facts of one program and epoch, and the literals that compare them.

A value a rule reads becomes a *slot* (a derived fact computed in Python before the facts
are asserted) with one or more durable-rules properties; a comparison of a slot with a
constant becomes a literal, and its negation the literals on which it does not match.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from eligibility._compile.ir import Definition, Program
from eligibility._compile.logic import FALSE, NEGATED_OP, TRUE, TooLarge
from eligibility._engines.interpreter import Context, evaluate
from eligibility._language.ast import Node, Quant
from eligibility._model.household import Household
from eligibility._model.values import Unknown

from .encoding import (
    _encode_text,
    _encoder,
    _kind,
    _Prop,
    _Quant,
    _scale_of,
    _scaled_const,
    _Slot,
)
from .inline import _free_names, _Inliner, _may_be_unknown
from .literals import RULES, Form, Lit, Term

#: The polarity of ``not x`` that is the polarity ``pol`` of ``x`` (see :meth:`_Builder.form`).
_OPPOSITE = {"T": "F", "F": "T", "NT": "NF", "NF": "NT"}


@dataclass
class _Const:
    value: Any


@dataclass
class _Cases:
    """A value that is ``value`` (a constant or a derived fact) exactly when ``guard``
    holds, for each entry: an ``if`` whose branches Rete can compare."""

    cases: list[tuple[Form, _Const | _SlotValue]]


@dataclass
class _SlotValue:
    slot: _Slot


_Value = _Const | _Cases | _SlotValue


class _Facts:
    """The slots, properties and quantifiers of one program and epoch."""

    def __init__(self, program: Program, on: date, definitions: Mapping[str, Definition]) -> None:
        self.program = program
        self.params = program.params_at(on)
        self.inliner = _Inliner(definitions, self.params)
        self.slots: list[_Slot] = []
        self.slot_keys: dict[tuple[Any, ...], _Slot] = {}
        self.quants: list[_Quant] = []
        self.quant_keys: dict[Any, _Quant] = {}
        self.props: dict[str, _Prop] = {}
        self.item_props: dict[int, dict[str, _Prop]] = {}
        self.memo: dict[tuple[int, int | None, str], Form] = {}
        self.inlined: dict[int, Node] = {}
        #: each exception's own level of outcomes (see ``_Builder.exception_level``)
        self.levels: dict[int, list[tuple[tuple[str, ...], Form, Form]]] = {}
        self._keep: list[object] = []  # objects whose id() keys a cache stay alive

    # -- derived facts -----------------------------------------------------------------------
    def slot(self, node: Node, quant: _Quant | None) -> _Slot:
        key = (None if quant is None else quant.index, node.key())
        found = self.slot_keys.get(key)
        if found is None:
            found = _Slot(len(self.slots), node, _kind(node.ty), _may_be_unknown(node),
                          None if quant is None else quant.index)
            self.slots.append(found)
            self.slot_keys[key] = found
        return found

    def prop(self, slot: _Slot, scale: int | None = None) -> str:
        """The property holding ``slot`` (``scale``: numbers times ``10**scale``)."""
        name = slot.name if scale is None else f"{slot.name}s{scale}"
        table = self.props if slot.quant is None else self.item_props.setdefault(slot.quant, {})
        if name not in table:
            table[name] = _Prop(name, slot.index, _encoder(slot.kind, scale), slot.kind != "bool")
        return name if slot.quant is None else f"$i.{name}"

    def presence(self, slot: _Slot) -> str:
        """A property present exactly when the slot's value is known."""
        return self.prop(slot)

    # -- constants -------------------------------------------------------------------------
    def constant(self, node: Node) -> tuple[bool, Any]:
        names = _free_names(node)
        if any(n not in self.params for n in names):
            return False, None
        if isinstance(node, Quant) and node.body is None:
            return False, None
        ctx = Context(cast(Household, None), date.min, self.params, {})
        try:
            value = evaluate(node, ctx, {})
        except Exception:  # left to run time, where it is reported if reached
            return False, None
        if isinstance(value, Unknown):
            return False, None
        return True, value

    # -- values ----------------------------------------------------------------------------
    # -- comparisons -----------------------------------------------------------------------
    def literal(self, slot: _Slot, op: str, const: Any) -> Lit | None:
        """``slot op const`` as one literal, or None if Rete cannot compare it exactly."""
        kind = slot.kind
        if kind == "bool":  # tri-state: see pair() and flag()
            return None
        if kind in ("int", "decimal"):
            if isinstance(const, bool) or not isinstance(const, (int, Decimal)):
                return None
            scale = _scale_of(const)
            scaled = _scaled_const(const, scale)
            if scaled is None or scale > 12:
                return None
            if scale == 0:
                return ("cmp", self.prop(slot), op, scaled)
            return ("cmp", self.prop(slot, scale), op, scaled)
        if kind == "date":
            if not isinstance(const, date):
                return None
            return ("cmp", self.prop(slot), op, const.toordinal())
        if kind == "text":
            if op in ("==", "!=") and (isinstance(const, str) or const is None):
                return ("cmp", self.prop(slot), op, _encode_text(const))
            return None
        return None

    def negated_known(self, lit: Lit) -> Form:
        """The literal's negation on a known value (``x < 5`` -> ``x >= 5``)."""
        _, prop, op, const = lit
        return frozenset({frozenset({("cmp", prop, NEGATED_OP[op], const)})})

    def negated(self, lit: Lit) -> Form:
        """Exactly the facts on which ``lit`` does not match."""
        kind = lit[0]
        if kind == "cmp":
            return RULES.disjoin(self.negated_known(lit), self.absent(lit[1]))
        if kind == "ref":
            _, left, op, right = lit
            return RULES.disjoin(frozenset({frozenset({("ref", left, NEGATED_OP[op], right)})}),
                                 self.absent(left), self.absent(right))
        if kind == "ex":
            return frozenset({frozenset({("nex", lit[1])})})
        if kind == "nex":
            return frozenset({frozenset({("ex", lit[1])})})
        raise TooLarge  # quantifiers are negated structurally, never here

    def absent(self, prop: str) -> Form:
        slot = self.slot_of(prop)
        if slot is None or not slot.absent_when_unknown:
            return FALSE
        return frozenset({frozenset({("nex", self.presence(slot))})})

    def slot_of(self, prop: str) -> _Slot | None:
        name = prop.removeprefix("$i.")
        if not name.startswith("v"):
            return None
        digits = name[1:].split("s")[0]
        return self.slots[int(digits)]

    def negate(self, form: Form) -> Form:
        return RULES.negate(form, self.negated)

    def items(self, quantifier: str, quant: _Quant, term: Term) -> Form:
        """``$iany``/``$iall`` of one item condition (a conjunction: durable-rules gets
        disjunctions inside array items wrong), over its own copy of the array."""
        if not term:
            return TRUE if quantifier == "$iall" else frozenset(
                {frozenset({("cmp", quant.length, ">", 0)})})
        name = quant.arrays.setdefault((quantifier, term), f"q{quant.index}_{len(quant.arrays)}")
        return frozenset({frozenset({("arr", quantifier, name, term)})})

    def empty(self, quant: _Quant) -> Form:
        """The array is empty (durable's ``$iall`` is false on an empty array)."""
        return frozenset({frozenset({("cmp", quant.length, "==", 0)})})

