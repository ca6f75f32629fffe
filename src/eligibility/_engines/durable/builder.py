"""Compilation of one program for one epoch: its IR turned into rules and derived facts.

Every condition is compiled in four polarities (definitely true, definitely false, not
definitely true, not definitely false) into disjunctive normal forms over durable-rules
literals; what Rete cannot compare exactly, or what grows too large, becomes a derived
fact. Criteria (with their exceptions) and outputs (with their rows) become plans
(:class:`_Plan`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from eligibility._compile.ir import Criterion, CriterionException, Definition, Output, Program
from eligibility._compile.logic import COMPARE, FALSE, MIRRORED_OP, NEGATED_OP, TRUE, TooLarge
from eligibility._engines.interpreter import Context, evaluate
from eligibility._language.ast import BoolOp, Compare, IfExp, Node, Quant, Unary
from eligibility._language.types import BOOL, ListType, RecordType
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
from .limits import MAX_GROUP_RULES, MAX_RULE_ENTRIES
from .literals import RULES, Form, Lit, Term, _entries, _lit_props, _render_term
from .plan import _Plan, _Rule

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


class _Builder:
    """Turns one program's IR, for one epoch, into durable-rules rules and derived facts."""

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
        self._keep: list[Node] = []  # nodes whose id() keys a cache stay alive

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

    def negated_known(self, lit: Lit) -> Form:
        """The literal's negation on a known value (``x < 5`` -> ``x >= 5``)."""
        _, prop, op, const = lit
        return frozenset({frozenset({("cmp", prop, NEGATED_OP[op], const)})})

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

    # -- criteria and outputs -----------------------------------------------------------------
    def inline(self, node: Node) -> Node:
        """``node`` with shared definitions substituted (once per node of the IR)."""
        found = self.inlined.get(id(node))
        if found is None:
            found = self.inliner.run(node, {})
            self.inlined[id(node)] = found
            self._keep.append(node)
        return found

    def criterion(self, index: int, criterion: Criterion) -> _Plan:
        paths: list[tuple[str, ...]] = []
        rules: list[_Rule] = []
        try:
            outcomes = self.level(criterion.exceptions, criterion.when.node, TRUE, ())
        except TooLarge:
            return _Plan([], frozenset(), interpreted="its exceptions have too many cases")
        for applied, true, false in outcomes:
            paths.append(applied)
            number = len(paths) - 1
            rules.extend(_Rule(t, f"c{index}", f"T{number}") for t in true)
            rules.extend(_Rule(t, f"c{index}", f"F{number}") for t in false)
        return self.checked(rules, tuple(paths))

    def level(self, exceptions: tuple[CriterionException, ...], base: Node, guard: Form,
              applied: tuple[str, ...]) -> list[tuple[tuple[str, ...], Form, Form]]:
        """Outcomes (exceptions applied, definitely true, definitely false) of one level:
        the first exception whose condition is true applies; when some are unknown, the
        value is known only if every candidate agrees (as ``kleene_criterion`` decides)."""
        out: list[tuple[tuple[str, ...], Form, Form]] = []
        prefix = guard
        whens = [self.inline(e.when.node) for e in exceptions]
        for exception, when in zip(exceptions, whens, strict=True):
            chosen = RULES.conjoin(prefix, self.form(when, "T", None))
            if chosen:
                out.extend(self.level(exception.exceptions, self.inline(exception.then.node),
                                      chosen, (*applied, exception.id)))
            prefix = RULES.conjoin(prefix, self.form(when, "NT", None))
        node = self.inline(base)
        true = RULES.conjoin(prefix, self.form(node, "T", None))
        false = RULES.conjoin(prefix, self.form(node, "F", None))
        for exception, when in zip(exceptions, whens, strict=True):
            sub = self.level(exception.exceptions, self.inline(exception.then.node), TRUE, ())
            skipped = self.form(when, "F", None)
            true = RULES.conjoin(true, RULES.disjoin(skipped, *(t for _, t, _ in sub)))
            false = RULES.conjoin(false, RULES.disjoin(skipped, *(f for _, _, f in sub)))
        out.append((applied, true, false))
        return out

    def output(self, index: int, output: Output) -> _Plan:
        rules: list[_Rule] = []
        prefix = TRUE
        try:
            for number, row in enumerate(output.rows):
                if row.when is None:
                    chosen = prefix
                else:
                    when = self.inline(row.when.node)
                    chosen = RULES.conjoin(prefix, self.form(when, "T", None))
                    prefix = RULES.conjoin(prefix, self.form(when, "F", None))
                rules.extend(_Rule(t, f"o{index}", f"{number}") for t in chosen)
                if row.when is None:
                    break
        except TooLarge:
            return _Plan([], frozenset(), interpreted="its rows have too many cases")
        return self.checked(rules, ())

    def checked(self, rules: list[_Rule], paths: tuple[tuple[str, ...], ...]) -> _Plan:
        if len(rules) > MAX_GROUP_RULES - 1:
            return _Plan([], frozenset(), interpreted="it needs more rules than one fact allows")
        for rule in rules:
            if _entries(_render_term(rule.term)) + 2 > MAX_RULE_ENTRIES:
                return _Plan([], frozenset(), interpreted="a rule nests too many conditions")
        return _Plan(rules, frozenset(self.reads(rules)), paths)

    def reads(self, rules: Iterable[_Rule]) -> set[int]:
        """Derived facts (slot numbers; ``-1 - q`` for quantifier ``q``) the rules read."""
        out: set[int] = set()
        for rule in rules:
            for lit in rule.term:
                if lit[0] == "arr":
                    out.add(-1 - int(lit[2][1:].split("_")[0]))
                    continue
                for prop in _lit_props(lit):
                    slot = self.slot_of(prop)
                    out.add(slot.index if slot is not None else -1 - int(prop[1:-1]))
        return out
