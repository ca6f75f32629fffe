"""Conditions of one program and epoch as normal forms over durable-rules literals.

Every condition is compiled in four polarities (definitely true, definitely false, not
definitely true, not definitely false): strong Kleene logic pushed down to the
comparisons, so that Rete decides what it can and an unknown fact matches neither way.
"""

from __future__ import annotations

from typing import Any, cast

from eligibility._compile.logic import COMPARE, FALSE, MIRRORED_OP, NEGATED_OP, TRUE, TooLarge
from eligibility._language.ast import BoolOp, Compare, IfExp, Node, Quant, Unary
from eligibility._language.types import BOOL, ListType, RecordType

from .encoding import (
    _Quant,
    _Slot,
)
from .facts import _OPPOSITE, _Cases, _Const, _Facts, _SlotValue, _Value
from .inline import _may_be_unknown
from .literals import RULES, Form, Lit


class _Conditions(_Facts):
    """Compiles conditions (see the module docstring) on top of the derived facts."""

    def value(self, node: Node, quant: _Quant | None) -> _Value:
        ok, const = self.constant(node)
        if ok:
            return _Const(const)
        if isinstance(node, IfExp) and node.ty != BOOL:
            try:
                return _Cases(self.cases(node, quant))
            except TooLarge:
                pass
        return _SlotValue(self.slot(node, quant))

    def cases(self, node: IfExp, quant: _Quant | None) -> list[tuple[Form, _Const | _SlotValue]]:
        """The values of an ``if``: the interpreter knows it when the test is known, or,
        with the test unknown, when both branches are known and equal."""
        left, right = (self.value(branch, quant) for branch in (node.body, node.orelse))
        lcases = left.cases if isinstance(left, _Cases) else [(TRUE, left)]
        rcases = right.cases if isinstance(right, _Cases) else [(TRUE, right)]
        t, f = self.form(node.test, "T", quant), self.form(node.test, "F", quant)
        out = [(RULES.conjoin(t, g), v) for g, v in lcases] + \
            [(RULES.conjoin(f, g), v) for g, v in rcases]
        unknown: Form | None = None
        for gl, vl in lcases:
            for gr, vr in rcases:
                equal = self.pair(vl, "==", vr, quant)
                if equal is None:
                    raise TooLarge
                if equal[0]:
                    if unknown is None:
                        unknown = RULES.conjoin(self.form(node.test, "NT", quant),
                                                self.form(node.test, "NF", quant))
                    out.append((RULES.conjoin(unknown, gl, gr, equal[0]), vl))
        merged: dict[Any, tuple[Form, _Const | _SlotValue]] = {}
        for guard, v in out:
            key = ("slot", v.slot.index) if isinstance(v, _SlotValue) \
                else ("const", type(v.value).__name__, v.value)
            merged[key] = (RULES.disjoin(merged[key][0], guard) if key in merged else guard, v)
        return [(guard, v) for guard, v in merged.values() if guard]

    def pair(self, left: _Value, op: str, right: _Value, quant: _Quant | None
             ) -> tuple[Form, Form] | None:
        """``left op right``: (definitely true, definitely false), or None if not in Rete."""
        if isinstance(left, _Cases) or isinstance(right, _Cases):
            lcases = left.cases if isinstance(left, _Cases) else [(TRUE, left)]
            rcases = right.cases if isinstance(right, _Cases) else [(TRUE, right)]
            t_parts: list[Form] = []
            f_parts: list[Form] = []
            for lg, lval in lcases:
                for rg, rval in rcases:
                    inner = self.pair(lval, op, rval, quant)
                    if inner is None:
                        return None
                    t_parts.append(RULES.conjoin(lg, rg, inner[0]))
                    f_parts.append(RULES.conjoin(lg, rg, inner[1]))
            return RULES.disjoin(*t_parts), RULES.disjoin(*f_parts)
        if isinstance(left, _Const) and isinstance(right, _Const):
            try:
                holds = COMPARE[op](left.value, right.value)
            except TypeError:
                return None
            return (TRUE, FALSE) if holds else (FALSE, TRUE)
        if op in ("in", "not in"):
            if not (isinstance(left, _SlotValue) and isinstance(right, _Const)
                    and isinstance(right.value, (tuple, list))):
                return None
            slot = left.slot
            equal = [self.literal(slot, "==", v) for v in right.value]
            if any(lit is None for lit in equal):
                return None
            found = RULES.disjoin(*(frozenset({frozenset({cast(Lit, lit)})}) for lit in equal))
            missed = RULES.conjoin(*(self.negated_known(cast(Lit, lit)) for lit in equal)) \
                if equal else self.known(slot)
            return (found, missed) if op == "in" else (missed, found)
        if isinstance(left, _Const) and isinstance(right, _SlotValue):
            return self.pair(right, MIRRORED_OP[op], left, quant)
        assert isinstance(left, _SlotValue)
        if isinstance(right, _Const) and left.slot.kind == "bool":
            if op not in ("==", "!=") or not isinstance(right.value, bool):
                return None
            truth = (op == "==") == right.value
            yes, no = self.flag(left.slot, "T"), self.flag(left.slot, "F")
            return (yes, no) if truth else (no, yes)
        if isinstance(right, _Const):
            lit = self.literal(left.slot, op, right.value)
            if lit is None:
                return None
            return frozenset({frozenset({lit})}), self.negated_known(lit)
        assert isinstance(right, _SlotValue)
        return self.reference(left.slot, op, right.slot, quant)

    def reference(self, left: _Slot, op: str, right: _Slot, quant: _Quant | None
                  ) -> tuple[Form, Form] | None:
        """Two derived facts compared in Rete (``$m`` references), where exact."""
        if quant is not None:  # durable-rules refuses references inside $iany/$iall
            return None
        kinds = {left.kind, right.kind}
        ordered = kinds <= {"int"} or kinds <= {"date"}
        equal = (kinds <= {"text"} or (kinds <= {"bool"} and not left.nullable
                                       and not right.nullable)) and op in ("==", "!=")
        if not (ordered or equal):  # decimals: doubles are not exact; records: not values
            return None
        a, b = self.prop(left), self.prop(right)
        return (frozenset({frozenset({("ref", a, op, b)})}),
                frozenset({frozenset({("ref", a, NEGATED_OP[op], b)})}))

    def known(self, slot: _Slot) -> Form:
        if not slot.nullable:
            return TRUE
        return frozenset({frozenset({("ex", self.presence(slot))})})

    # -- conditions ------------------------------------------------------------------------
    def form(self, node: Node, pol: str, quant: _Quant | None) -> Form:
        """``node`` (a condition) is definitely true (T), definitely false (F), not
        definitely true (NT) or not definitely false (NF), as a DNF."""
        key = (id(node), None if quant is None else quant.index, pol)
        found = self.memo.get(key)
        if found is not None:
            return found
        try:
            result = self._form(node, pol, quant)
        except TooLarge:
            result = self.flag(self.slot(node, quant), pol)
        self._keep.append(node)
        self.memo[key] = result
        return result

    def flag(self, slot: _Slot, pol: str) -> Form:
        """A derived boolean fact (tri-state: 1, 0, or -1 when unknown)."""
        op, value = {"T": ("==", 1), "F": ("==", 0), "NT": ("!=", 1), "NF": ("!=", 0)}[pol]
        return frozenset({frozenset({("cmp", self.prop(slot), op, value)})})

    def _form(self, node: Node, pol: str, quant: _Quant | None) -> Form:
        ok, const = self.constant(node)
        if ok and isinstance(const, bool):
            truth = {"T": const, "F": not const, "NT": not const, "NF": const}[pol]
            return TRUE if truth else FALSE
        if isinstance(node, BoolOp):
            parts = [self.form(v, pol, quant) for v in node.values]
            combine = RULES.conjoin if (node.op == "and") == (pol in ("T", "NF")) \
                else RULES.disjoin
            while True:
                try:
                    return combine(*parts)
                except TooLarge:  # the largest operand becomes a derived fact; try again
                    largest = max(range(len(parts)), key=lambda i: len(parts[i]))
                    if len(parts[largest]) <= 1:
                        raise
                    parts[largest] = self.flag(self.slot(node.values[largest], quant), pol)
        if isinstance(node, Unary) and node.op == "not":
            return self.form(node.operand, _OPPOSITE[pol], quant)
        if isinstance(node, IfExp):
            b, o = self.form(node.body, pol, quant), self.form(node.orelse, pol, quant)
            if pol in ("T", "F"):  # known test picks a branch; else both branches agree
                t, f = self.form(node.test, "T", quant), self.form(node.test, "F", quant)
                return RULES.disjoin(RULES.conjoin(t, b), RULES.conjoin(f, o), RULES.conjoin(b, o))
            nt, nf = self.form(node.test, "NT", quant), self.form(node.test, "NF", quant)
            return RULES.conjoin(RULES.disjoin(nt, b), RULES.disjoin(nf, o), RULES.disjoin(b, o))
        if isinstance(node, Compare):
            return self.compare(node, pol, quant)
        if isinstance(node, Quant) and node.kind in ("any", "all") and quant is None:
            return self.quantifier(node, pol)
        return self.flag(self.slot(node, quant), pol)

    def compare(self, node: Compare, pol: str, quant: _Quant | None) -> Form:
        """A chain of comparisons: true when every pair is, false when one pair is."""
        operands = [node.left, *node.comparators]
        parts = []
        for index, op in enumerate(node.ops):
            left, right = operands[index], operands[index + 1]
            if left.ty == BOOL and right.ty == BOOL and op in ("==", "!="):
                part = self.same(left, right, pol if op == "==" else _OPPOSITE[pol], quant)
            else:
                pair = self.pair(self.value(left, quant), op, self.value(right, quant), quant)
                if pair is None:
                    return self.flag(self.slot(node, quant), pol)
                true, false = pair
                part = true if pol == "T" else false if pol == "F" \
                    else self.negate(true if pol == "NT" else false)
            parts.append(part)
        return RULES.conjoin(*parts) if pol in ("T", "NF") else RULES.disjoin(*parts)

    def same(self, left: Node, right: Node, pol: str, quant: _Quant | None) -> Form:
        """Two conditions compared with ``==``, in polarity ``pol``."""
        lt, lf = self.form(left, "T", quant), self.form(left, "F", quant)
        rt, rf = self.form(right, "T", quant), self.form(right, "F", quant)
        if pol == "T":
            return RULES.disjoin(RULES.conjoin(lt, rt), RULES.conjoin(lf, rf))
        if pol == "F":
            return RULES.disjoin(RULES.conjoin(lt, rf), RULES.conjoin(lf, rt))
        lnt, lnf = self.form(left, "NT", quant), self.form(left, "NF", quant)
        rnt, rnf = self.form(right, "NT", quant), self.form(right, "NF", quant)
        if pol == "NT":
            return RULES.conjoin(RULES.disjoin(lnt, rnt), RULES.disjoin(lnf, rnf))
        return RULES.conjoin(RULES.disjoin(lnt, rnf), RULES.disjoin(lnf, rnt))

    def quantifier(self, node: Quant, pol: str) -> Form:
        collection = node.collection
        item = collection.ty.item if isinstance(collection.ty, ListType) else None
        if not isinstance(item, RecordType) or _may_be_unknown(collection) \
                or node.body is None or node.var is None:
            return self.flag(self.slot(node, None), pol)
        key = node.key()
        quant = self.quant_keys.get(key)
        if quant is None:
            quant = _Quant(len(self.quants), node, node.var)
            self.quants.append(quant)
            self.quant_keys[key] = quant
        body = self.form(node.body, pol, quant)
        if (node.kind == "any") == (pol in ("T", "NF")):  # some item: one rule per case
            return RULES.disjoin(*(self.items("$iany", quant, term) for term in body))
        if len(body) > 1:  # every item, several cases: a derived fact per item
            body = self.flag(self.slot(node.body, quant), pol)
        if not body:
            return self.empty(quant)
        (term,) = body
        return RULES.disjoin(self.items("$iall", quant, term), self.empty(quant))

    def inline(self, node: Node) -> Node:
        """``node`` with shared definitions substituted (once per node of the IR)."""
        found = self.inlined.get(id(node))
        if found is None:
            found = self.inliner.run(node, {})
            self.inlined[id(node)] = found
            self._keep.append(node)
        return found

