"""The durable engine: the compiled rule IR run through durable-rules (Rete) rulesets.

For one program and one epoch (a period between change dates, as in the
native engine), the criteria, their exceptions and the rows of the benefit
tables are compiled into one durable-rules ruleset. Parameters are constants
within an epoch, so they are folded into the rules; shared definitions are
inlined (their bodies substituted for their calls), so Rete sees their
structure.

Rete matches *facts*: JSON objects whose attributes it compares with
constants or with each other, joined by ``$and``, with ``$iany``/``$iall`` over
arrays (a disjunction is one rule per disjunct).
Every value a rule reads that durable-rules cannot compute itself (an age, a
count, a date shift, arithmetic, a definition's result...) becomes a *derived
fact*: an attribute computed in Python before the facts are asserted, by the
same generated code as the native engine (falling back to the shared
three-valued interpreter when a fact is unknown). Stored fields the rules read
(``applicant.monthly_pension``) become attributes the same way. Unknown values
are left out of the fact (derived booleans are -1), so no comparison on them
matches: a criterion's rule
for "definitely true" and its rule for "definitely false" are both built
(strong Kleene logic pushed down to the comparisons), and when neither fires
the criterion is unknown and the interpreter lists the missing facts.

Guard rails for durable-rules 2.0.28's measured faults (``docs/engines.rst``):

* facts go in with ``assert_facts`` (``post`` fires only the first matching rule);
* every fact also matches a sentinel rule, so ``MessageNotHandledException``
  cannot happen (it is still turned into an :class:`~eligibility.EvaluationError`);
* each evaluation has its own session, deleted afterwards (a ruleset holds at most
  1024 live sessions), but only after a successful assertion (deleting the session
  of a failed one crashes the process);
* one host for the process, without its timer threads, and a lock around every
  call into it (threads sharing a host crash otherwise);
* rulesets cannot be unregistered, so their names carry the rule book's content
  hash, the program and the epoch: a changed rule book gets new rulesets;
* an exception raised in an action is swallowed into the session state: the state
  is checked and the error raised again;
* no ``$or`` inside array items (durable-rules evaluates it wrongly), and each item
  condition has its own copy of the array; ``$iall`` is false on an empty array, so
  the array's length is in the fact; a reference to a missing attribute matches, so
  its presence is required too;
* at most 48 rules share a fact (the matcher holds 64 pending nodes), fewer than 32
  expression entries per rule, at most 255 attributes per object;
* durable-rules' deprecation warnings (``utcfromtimestamp`` in every action, Python
  3.12) are ignored during its calls, so that ``-W error`` does not break actions.

``docs/engines.rst`` lists exactly what goes into Rete and what is derived.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import operator
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from enum import Enum
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from ._ast import (
    Attr,
    BinOp,
    BoolOp,
    Call,
    Compare,
    IfExp,
    ListLit,
    Literal,
    Name,
    Node,
    Quant,
    Unary,
)
from ._codegen import PyGen
from ._errors import EvaluationError
from ._household import Household, Person, age_on
from ._interp import Context, evaluate
from ._interp import Definition as InterpDefinition
from ._native import CoreResult, kleene_criterion, kleene_output
from ._program import Criterion, Definition, Exception_, Output, Program
from ._runtime import BUILTINS, Missing, Unknown, divide, nn, power, seniority
from ._types import BOOL, DATE, DECIMAL, INT, STR, EnumType, ListType, RecordType, Type

if TYPE_CHECKING:
    from ._book import RuleBook

__all__ = ["DurableEngine"]


def _import_durable() -> ModuleType:
    """``durable.engine``, or an ``ImportError`` that says why it cannot be used."""
    if sys.version_info >= (3, 13):
        raise ImportError(
            "durable-rules 2.0.28 does not import on Python 3.13+ (its C extension calls "
            "PyEval_CallObject, which Python 3.13 removed); use the native engine"
        )
    try:
        from durable import engine  # noqa: PLC0415 - optional dependency
    except Exception as exc:  # ImportError, or a failure inside the C extension
        raise ImportError(
            f"durable-rules 2.0.28 is not installed or does not load ({exc}); "
            "install it with: pip install 'eligibility[durable]'"
        ) from exc
    return cast(ModuleType, engine)


_engine = _import_durable()

# -- limits of durable-rules 2.0.28 (src/rules/*.h), with margins -------------------------
#: Rules sharing one fact: the matcher's stack holds at most 64 pending alpha nodes.
MAX_GROUP_RULES = 48
#: ``$and``/``$or`` groups (two entries each) and ``$m`` references (one each) per rule:
#: a rule's expression sequence holds fewer than 32 entries.
MAX_RULE_ENTRIES = 30
#: Properties of one JSON object (fact or array item): at most 255.
MAX_PROPERTIES = 200
#: Terms of one disjunctive normal form before a sub-condition becomes a derived fact.
MAX_TERMS = 24
#: Constants compared in Rete must be exact as doubles.
_EXACT = 2**52
_CLAMP = 2**53
_NONE = "\x00none"  # a None value (a deceased affiliate's category), never a real text

_OPPOSITE = {"T": "F", "F": "T", "NT": "NF", "NF": "NT"}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_JSON_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "==": "$eq", "!=": "$neq"}
_PYTHON_OP: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
    "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
}


# =========================================================================================
# Conditions: disjunctive normal forms over durable-rules literals
# =========================================================================================
#
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


# =========================================================================================
# Derived facts and their encodings
# =========================================================================================


class _Bad(Exception):  # noqa: N818 - a control-flow signal
    """A value that cannot be encoded exactly (its readers fall back to the interpreter)."""


_ERR = object()  # a derived fact whose computation raised an EvaluationError


def _kind(ty: Type | None) -> str:
    if ty == BOOL:
        return "bool"
    if ty == INT:
        return "int"
    if ty == DECIMAL:
        return "decimal"
    if ty == DATE:
        return "date"
    if ty == STR or isinstance(ty, EnumType):
        return "text"
    return "other"


def _scale_of(value: Any) -> int:
    if isinstance(value, Decimal):
        exponent = value.normalize().as_tuple().exponent
        return max(0, -exponent) if isinstance(exponent, int) else 0
    return 0


def _scaled_const(value: int | Decimal, scale: int) -> int | None:
    scaled = Decimal(value).scaleb(scale)
    if scaled != scaled.to_integral_value() or abs(scaled) >= _EXACT:
        return None
    return int(scaled)


def _encode_scaled(value: Any, scale: int) -> int | float:
    """``value * 10**scale``: exact if whole, else ``floor + 0.5`` (exact against integers)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise _Bad
    scaled = Decimal(value).scaleb(scale)
    if not scaled.is_finite():
        raise _Bad
    floor = int(scaled.to_integral_value(rounding=ROUND_FLOOR))
    if abs(floor) >= _EXACT:  # beyond every constant in the rules: order is all that counts
        return _CLAMP if floor > 0 else -_CLAMP
    return floor if scaled == floor else floor + 0.5


def _encode_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > _CLAMP:
        raise _Bad
    return value


def _encode_date(value: Any) -> int:
    if not isinstance(value, date):
        raise _Bad
    return value.toordinal()


def _encode_text(value: Any) -> str:
    if value is None:
        return _NONE
    if isinstance(value, Enum):
        value = value.value
    if not isinstance(value, str):
        raise _Bad
    return value


def _encode_bool(value: Any) -> int:
    """A derived boolean: 1 (true), 0 (false) or -1 (unknown; always present, so that
    "not definitely true" is the single condition ``!= 1``)."""
    if isinstance(value, Unknown):
        return -1
    if not isinstance(value, bool):
        raise _Bad
    return int(value)


def _encoder(kind: str, scale: int | None) -> Callable[[Any], Any]:
    if scale is not None:
        return lambda v: _encode_scaled(v, scale)
    return {"int": _encode_int, "decimal": lambda v: _encode_scaled(v, 0), "date": _encode_date,
            "text": _encode_text, "bool": _encode_bool}[kind]


@dataclass
class _Slot:
    """One derived fact: a value the rules read, computed before assertion."""

    index: int
    node: Node
    kind: str
    nullable: bool
    quant: int | None  # the quantifier whose items carry it, or None for the main fact

    @property
    def name(self) -> str:
        return f"v{self.index}"

    @property
    def absent_when_unknown(self) -> bool:
        """Unknown values are left out of the fact (derived booleans are -1 instead)."""
        return self.nullable and self.kind != "bool"


@dataclass
class _Quant:
    """A quantifier over a list of records: its items become an array of objects."""

    index: int
    node: Quant
    var: str
    #: One copy of the array per item condition (durable-rules mixes up several conditions
    #: on one array): (``$iany`` or ``$iall``, condition) -> property name.
    arrays: dict[tuple[str, Term], str] = field(default_factory=dict)

    @property
    def length(self) -> str:
        return f"q{self.index}n"


@dataclass
class _Prop:
    """How one fact property is filled: from which slot, encoded how."""

    name: str
    slot: int
    encode: Callable[[Any], Any]
    absent: bool  # an unknown value is left out (else encoded: derived booleans)


# =========================================================================================
# Inlining shared definitions
# =========================================================================================


def _rebuild(node: Node, **changes: Any) -> Node:
    new = copy.copy(node)
    for name, value in changes.items():
        setattr(new, name, value)
    return new


class _Inliner:
    """Substitutes definitions' bodies for their uses; renames every quantifier's variable.

    A quantifier's variable becomes ``_q<depth>`` (its number of enclosing quantifiers):
    it cannot clash with rule names (which start with a letter), an argument substituted
    into a definition's body only mentions shallower variables, so nothing is captured,
    and equal sub-expressions get equal keys (one derived fact for both).
    """

    def __init__(self, definitions: Mapping[str, Definition], params: Mapping[str, Any]) -> None:
        self.definitions = definitions
        self.params = params

    def run(self, node: Node, subst: Mapping[str, Node | str], depth: int = 0) -> Node:
        if isinstance(node, Name):
            target = subst.get(node.id)
            if isinstance(target, str):
                return _rebuild(node, id=target)
            if target is not None:
                return target
            if node.id in ("applicant", "household", "on") or node.id in self.params:
                return node
            if node.id in self.definitions:
                return self.run(self.definitions[node.id].value.node, {}, depth)
            return node
        if isinstance(node, Call) and not node.method and node.func in self.definitions:
            definition = self.definitions[node.func]
            args = [self.run(arg, subst, depth) for arg in node.args]
            return self.run(definition.value.node,
                            {p: a for (p, _), a in zip(definition.params, args, strict=True)},
                            depth)
        if isinstance(node, Quant):
            collection = self.run(node.collection, subst, depth)
            if node.var is None or node.body is None:
                return _rebuild(node, collection=collection)
            fresh = f"_q{depth}"
            body = self.run(node.body, {**subst, node.var: fresh}, depth + 1)
            return _rebuild(node, var=fresh, collection=collection, body=body)
        changes = {name: self._children(value, subst, depth)
                   for name, value in _child_fields(node)}
        return _rebuild(node, **changes) if changes else node

    def _children(self, value: Node | tuple[Node, ...], subst: Mapping[str, Node | str],
                  depth: int) -> Node | tuple[Node, ...]:
        if isinstance(value, tuple):
            return tuple(self.run(v, subst, depth) for v in value)
        return self.run(value, subst, depth)


def _child_fields(node: Node) -> list[tuple[str, Node | tuple[Node, ...]]]:
    """The fields of ``node`` that hold sub-expressions (Quant is handled apart)."""
    names = {Attr: ("obj",), Call: ("args",), Unary: ("operand",), BinOp: ("left", "right"),
             BoolOp: ("values",), Compare: ("left", "comparators"),
             IfExp: ("test", "body", "orelse"), ListLit: ("items",)}.get(type(node), ())
    return [(name, getattr(node, name)) for name in names]


def _may_be_unknown(node: Node) -> bool:
    """Whether evaluating ``node`` can give :class:`Unknown` (reads a nullable fact)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Attr) and current.info is not None and (
                current.info.nullable or current.info.partial
                or current.info.derived in ("age", "seniority")):
            return True
        if isinstance(current, Call) and current.func == "age_on":
            return True
        stack.extend(current.children())
    return False


def _free_names(node: Node) -> set[str]:
    """Names a node reads that it does not bind itself."""
    if isinstance(node, Name):
        return {node.id}
    if isinstance(node, Quant):
        inner = _free_names(node.body) if node.body is not None else set()
        return _free_names(node.collection) | (inner - {node.var} if node.var else inner)
    out: set[str] = set()
    for child in node.children():
        out |= _free_names(child)
    return out


# =========================================================================================
# Compilation of one program for one epoch
# =========================================================================================


@dataclass
class _Const:
    value: Any


@dataclass
class _Cases:
    """A value that is ``value`` (a constant or a derived fact) exactly when ``guard``
    holds, for each entry: an ``if`` whose branches Rete can compare."""

    cases: list[tuple[DNF, _Const | _SlotValue]]


@dataclass
class _SlotValue:
    slot: _Slot


_Value = _Const | _Cases | _SlotValue


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
        self.memo: dict[tuple[int, int | None, str], DNF] = {}
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
            except _TooBig:
                pass
        return _SlotValue(self.slot(node, quant))

    def cases(self, node: IfExp, quant: _Quant | None) -> list[tuple[DNF, _Const | _SlotValue]]:
        """The values of an ``if``: the interpreter knows it when the test is known, or,
        with the test unknown, when both branches are known and equal."""
        left, right = (self.value(branch, quant) for branch in (node.body, node.orelse))
        lcases = left.cases if isinstance(left, _Cases) else [(TRUE, left)]
        rcases = right.cases if isinstance(right, _Cases) else [(TRUE, right)]
        t, f = self.form(node.test, "T", quant), self.form(node.test, "F", quant)
        out = [(_and(t, g), v) for g, v in lcases] + [(_and(f, g), v) for g, v in rcases]
        unknown: DNF | None = None
        for gl, vl in lcases:
            for gr, vr in rcases:
                equal = self.pair(vl, "==", vr, quant)
                if equal is None:
                    raise _TooBig
                if equal[0]:
                    if unknown is None:
                        unknown = _and(self.form(node.test, "NT", quant),
                                       self.form(node.test, "NF", quant))
                    out.append((_and(unknown, gl, gr, equal[0]), vl))
        merged: dict[Any, tuple[DNF, _Const | _SlotValue]] = {}
        for guard, v in out:
            key = ("slot", v.slot.index) if isinstance(v, _SlotValue) \
                else ("const", type(v.value).__name__, v.value)
            merged[key] = (_or(merged[key][0], guard) if key in merged else guard, v)
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

    def negated(self, lit: Lit) -> DNF:
        """Exactly the facts on which ``lit`` does not match."""
        kind = lit[0]
        if kind == "cmp":
            _, prop, op, const = lit
            return _or(frozenset({frozenset({("cmp", prop, _NEGATE[op], const)})}),
                       self.absent(prop))
        if kind == "ref":
            _, left, op, right = lit
            return _or(frozenset({frozenset({("ref", left, _NEGATE[op], right)})}),
                       self.absent(left), self.absent(right))
        if kind == "ex":
            return frozenset({frozenset({("nex", lit[1])})})
        if kind == "nex":
            return frozenset({frozenset({("ex", lit[1])})})
        raise _TooBig  # quantifiers are negated structurally, never here

    def absent(self, prop: str) -> DNF:
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

    def negate(self, form: DNF) -> DNF:
        result = TRUE
        for term in form:
            result = _and(result, _or(*(self.negated(lit) for lit in term)) if term else FALSE)
        return result

    def items(self, quantifier: str, quant: _Quant, term: Term) -> DNF:
        """``$iany``/``$iall`` of one item condition (a conjunction: durable-rules gets
        disjunctions inside array items wrong), over its own copy of the array."""
        if not term:
            return TRUE if quantifier == "$iall" else frozenset(
                {frozenset({("cmp", quant.length, ">", 0)})})
        name = quant.arrays.setdefault((quantifier, term), f"q{quant.index}_{len(quant.arrays)}")
        return frozenset({frozenset({("arr", quantifier, name, term)})})

    def empty(self, quant: _Quant) -> DNF:
        """The array is empty (durable's ``$iall`` is false on an empty array)."""
        return frozenset({frozenset({("cmp", quant.length, "==", 0)})})

    def pair(self, left: _Value, op: str, right: _Value, quant: _Quant | None
             ) -> tuple[DNF, DNF] | None:
        """``left op right``: (definitely true, definitely false), or None if not in Rete."""
        if isinstance(left, _Cases) or isinstance(right, _Cases):
            lcases = left.cases if isinstance(left, _Cases) else [(TRUE, left)]
            rcases = right.cases if isinstance(right, _Cases) else [(TRUE, right)]
            t_parts: list[DNF] = []
            f_parts: list[DNF] = []
            for lg, lval in lcases:
                for rg, rval in rcases:
                    inner = self.pair(lval, op, rval, quant)
                    if inner is None:
                        return None
                    t_parts.append(_and(lg, rg, inner[0]))
                    f_parts.append(_and(lg, rg, inner[1]))
            return _or(*t_parts), _or(*f_parts)
        if isinstance(left, _Const) and isinstance(right, _Const):
            try:
                holds = _PYTHON_OP[op](left.value, right.value)
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
            found = _or(*(frozenset({frozenset({cast(Lit, lit)})}) for lit in equal))
            missed = _and(*(self.negated_known(cast(Lit, lit)) for lit in equal)) \
                if equal else self.known(slot)
            return (found, missed) if op == "in" else (missed, found)
        if isinstance(left, _Const) and isinstance(right, _SlotValue):
            return self.pair(right, _FLIP[op], left, quant)
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
                  ) -> tuple[DNF, DNF] | None:
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
                frozenset({frozenset({("ref", a, _NEGATE[op], b)})}))

    def negated_known(self, lit: Lit) -> DNF:
        """The literal's negation on a known value (``x < 5`` -> ``x >= 5``)."""
        _, prop, op, const = lit
        return frozenset({frozenset({("cmp", prop, _NEGATE[op], const)})})

    def known(self, slot: _Slot) -> DNF:
        if not slot.nullable:
            return TRUE
        return frozenset({frozenset({("ex", self.presence(slot))})})

    # -- conditions ------------------------------------------------------------------------
    def form(self, node: Node, pol: str, quant: _Quant | None) -> DNF:
        """``node`` (a condition) is definitely true (T), definitely false (F), not
        definitely true (NT) or not definitely false (NF), as a DNF."""
        key = (id(node), None if quant is None else quant.index, pol)
        found = self.memo.get(key)
        if found is not None:
            return found
        try:
            result = self._form(node, pol, quant)
        except _TooBig:
            result = self.flag(self.slot(node, quant), pol)
        self._keep.append(node)
        self.memo[key] = result
        return result

    def flag(self, slot: _Slot, pol: str) -> DNF:
        """A derived boolean fact (tri-state: 1, 0, or -1 when unknown)."""
        op, value = {"T": ("==", 1), "F": ("==", 0), "NT": ("!=", 1), "NF": ("!=", 0)}[pol]
        return frozenset({frozenset({("cmp", self.prop(slot), op, value)})})

    def _form(self, node: Node, pol: str, quant: _Quant | None) -> DNF:
        ok, const = self.constant(node)
        if ok and isinstance(const, bool):
            truth = {"T": const, "F": not const, "NT": not const, "NF": const}[pol]
            return TRUE if truth else FALSE
        if isinstance(node, BoolOp):
            parts = [self.form(v, pol, quant) for v in node.values]
            combine = _and if (node.op == "and") == (pol in ("T", "NF")) else _or
            while True:
                try:
                    return combine(*parts)
                except _TooBig:  # the largest operand becomes a derived fact; try again
                    largest = max(range(len(parts)), key=lambda i: len(parts[i]))
                    if len(parts[largest]) <= 1:
                        raise
                    parts[largest] = self.flag(self.slot(node.values[largest], quant), pol)
        if isinstance(node, Unary) and node.op == "not":
            return self.form(node.operand, {"T": "F", "F": "T", "NT": "NF", "NF": "NT"}[pol],
                             quant)
        if isinstance(node, IfExp):
            b, o = self.form(node.body, pol, quant), self.form(node.orelse, pol, quant)
            if pol in ("T", "F"):  # known test picks a branch; else both branches agree
                t, f = self.form(node.test, "T", quant), self.form(node.test, "F", quant)
                return _or(_and(t, b), _and(f, o), _and(b, o))
            nt, nf = self.form(node.test, "NT", quant), self.form(node.test, "NF", quant)
            return _and(_or(nt, b), _or(nf, o), _or(b, o))
        if isinstance(node, Compare):
            return self.compare(node, pol, quant)
        if isinstance(node, Quant) and node.kind in ("any", "all") and quant is None:
            return self.quantifier(node, pol)
        return self.flag(self.slot(node, quant), pol)

    def compare(self, node: Compare, pol: str, quant: _Quant | None) -> DNF:
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
        return _and(*parts) if pol in ("T", "NF") else _or(*parts)

    def same(self, left: Node, right: Node, pol: str, quant: _Quant | None) -> DNF:
        """Two conditions compared with ``==``, in polarity ``pol``."""
        lt, lf = self.form(left, "T", quant), self.form(left, "F", quant)
        rt, rf = self.form(right, "T", quant), self.form(right, "F", quant)
        if pol == "T":
            return _or(_and(lt, rt), _and(lf, rf))
        if pol == "F":
            return _or(_and(lt, rf), _and(lf, rt))
        lnt, lnf = self.form(left, "NT", quant), self.form(left, "NF", quant)
        rnt, rnf = self.form(right, "NT", quant), self.form(right, "NF", quant)
        if pol == "NT":
            return _and(_or(lnt, rnt), _or(lnf, rnf))
        return _and(_or(lnt, rnf), _or(lnf, rnt))

    def quantifier(self, node: Quant, pol: str) -> DNF:
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
            return _or(*(self.items("$iany", quant, term) for term in body))
        if len(body) > 1:  # every item, several cases: a derived fact per item
            body = self.flag(self.slot(node.body, quant), pol)
        if not body:
            return self.empty(quant)
        (term,) = body
        return _or(self.items("$iall", quant, term), self.empty(quant))

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
        except _TooBig:
            return _Plan([], frozenset(), interpreted="its exceptions have too many cases")
        for applied, true, false in outcomes:
            paths.append(applied)
            number = len(paths) - 1
            rules.extend(_Rule(t, f"c{index}", f"T{number}") for t in true)
            rules.extend(_Rule(t, f"c{index}", f"F{number}") for t in false)
        return self.checked(rules, tuple(paths))

    def level(self, exceptions: tuple[Exception_, ...], base: Node, guard: DNF,
              applied: tuple[str, ...]) -> list[tuple[tuple[str, ...], DNF, DNF]]:
        """Outcomes (exceptions applied, definitely true, definitely false) of one level:
        the first exception whose condition is true applies; when some are unknown, the
        value is known only if every candidate agrees (as ``kleene_criterion`` decides)."""
        out: list[tuple[tuple[str, ...], DNF, DNF]] = []
        prefix = guard
        whens = [self.inline(e.when.node) for e in exceptions]
        for exception, when in zip(exceptions, whens, strict=True):
            chosen = _and(prefix, self.form(when, "T", None))
            if chosen:
                out.extend(self.level(exception.exceptions, self.inline(exception.then.node),
                                      chosen, (*applied, exception.id)))
            prefix = _and(prefix, self.form(when, "NT", None))
        node = self.inline(base)
        true = _and(prefix, self.form(node, "T", None))
        false = _and(prefix, self.form(node, "F", None))
        for exception, when in zip(exceptions, whens, strict=True):
            sub = self.level(exception.exceptions, self.inline(exception.then.node), TRUE, ())
            skipped = self.form(when, "F", None)
            true = _and(true, _or(skipped, *(t for _, t, _ in sub)))
            false = _and(false, _or(skipped, *(f for _, _, f in sub)))
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
                    chosen = _and(prefix, self.form(when, "T", None))
                    prefix = _and(prefix, self.form(when, "F", None))
                rules.extend(_Rule(t, f"o{index}", f"{number}") for t in chosen)
                if row.when is None:
                    break
        except _TooBig:
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


# =========================================================================================
# The compiled ruleset of one program and epoch
# =========================================================================================


def _record(c: Any, key: str, code: str) -> None:
    """The action of every rule: note in the session state which rule fired."""
    state = c.s
    previous = state[key]
    if previous is not None and previous != code:
        raise EvaluationError(f"rules disagree on {key}: {previous} and {code}")
    state[key] = code


def _action(key: str, code: str) -> Callable[[Any], None]:
    def act(c: Any) -> None:
        _record(c, key, code)
    return act


class _Host(_engine.Host):  # type: ignore[misc,name-defined]
    """A durable-rules host without its background dispatch threads.

    The stock host polls every ruleset from timer threads, which would race with the
    evaluations (and needs nothing here: no timers, no queued messages).
    """

    def _run(self) -> None:
        return


class _Runtime:
    """The process's single durable-rules host, its rulesets, and the lock around both."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.host = _Host()
        self.compiled: dict[str, _Compiled] = {}
        self.sids = itertools.count(1)

    @contextlib.contextmanager
    def calling(self) -> Iterator[Any]:
        """Hold the lock for a call into durable-rules; yield its host.

        durable-rules 2.0.28 calls ``datetime.utcfromtimestamp`` in every action, which
        Python 3.12+ deprecates: under ``-W error`` the action would fail, so its
        deprecation warnings (and only its) are ignored during the call.
        """
        with self.lock, warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"durable\.")
            yield self.host


_RUNTIME = _Runtime()


@dataclass
class _Compiled:
    """One program's durable-rules ruleset for one epoch, and how to feed it."""

    name: str
    program: Program
    criteria: tuple[Criterion, ...]
    params: Mapping[str, Any]
    criterion_plans: list[_Plan]
    output_plans: list[_Plan]
    criterion_groups: list[_Group]
    output_groups: list[_Group]
    definition: dict[str, Any]
    derived: dict[str, str]
    leaves: dict[str, Callable[[Household, Person, date], tuple[list[Any], list[int]]]]
    then: dict[tuple[int, int], Callable[[Household, Person, date], Any]]
    slot_count: int

    def run(self, part: str, household: Household, applicant: Person, on: date
            ) -> tuple[dict[str, Any], set[int]]:
        """Assert the facts of the criteria's or the outputs' groups: the rules that fired,
        and the derived facts whose computation failed."""
        groups = self.criterion_groups if part == "criteria" else self.output_groups
        if not groups:
            return {}, set()
        values, failed = self.leaves[part](household, applicant, on)
        errors = set(failed)
        with _RUNTIME.calling() as host:
            sid = f"e{next(_RUNTIME.sids)}"
            facts = [self.fact(group, sid, values, errors) for group in groups]
            try:
                state = host.assert_facts(self.name, facts)
            except _engine.MessageNotHandledException as exc:
                raise EvaluationError(f"durable-rules handled no rule for {self.program.id}: "
                                      f"{exc.message}") from None
            except Exception as exc:  # e.g. MemoryError: 1024 live sessions in the ruleset
                raise EvaluationError(f"durable-rules failed on {self.program.id}: "
                                      f"{type(exc).__name__}: {exc}") from None
            # Only now: deleting the session of a failed assertion crashes the process.
            host.delete_state(self.name, sid)
        if not isinstance(state, dict):
            raise EvaluationError(f"durable-rules returned no state for {self.program.id}")
        if "exception" in state:
            raise EvaluationError(f"a durable-rules action failed for {self.program.id}: "
                                  f"{state['exception']}")
        for group in groups:
            if state.get(f"g{group.index}") != "seen":
                raise EvaluationError(f"durable-rules did not process fact {group.index} of "
                                      f"{self.program.id}")
        return state, errors

    def fact(self, group: _Group, sid: str, values: list[Any], errors: set[int]
             ) -> dict[str, Any]:
        """The fact of one group: its derived facts, encoded; unknown ones left out."""
        fact: dict[str, Any] = {"g": group.index, "sid": sid}
        for prop in group.props:
            value = values[prop.slot]
            if value is _ERR or (isinstance(value, Unknown) and prop.absent):
                continue
            try:
                fact[prop.name] = prop.encode(value)
            except _Bad:
                errors.add(prop.slot)
        for name, quant, props in group.arrays:
            items = values[self.slot_count + quant.index]
            if items is _ERR:
                continue
            array = []
            for item in items:
                obj: dict[str, Any] = {}
                for prop in props:
                    value = item[prop.slot]
                    if value is _ERR or (isinstance(value, Unknown) and prop.absent):
                        continue
                    try:
                        obj[prop.name] = prop.encode(value)
                    except _Bad:
                        errors.add(-1 - quant.index)
                array.append(obj)
            fact[name] = array
        for quant in group.lengths:
            items = values[self.slot_count + quant.index]
            if items is not _ERR:
                fact[quant.length] = len(items)
        return fact


# =========================================================================================
# The engine
# =========================================================================================


class DurableEngine:
    """Evaluates compiled programs through durable-rules (Rete) rulesets.

    Gives the same results as the native engine (a differential test checks it); it
    is slower, and exists to run the rule book on the rules engine the design names
    and as an independent check of the native engine.
    """

    name = "durable"

    def __init__(self, book: RuleBook) -> None:
        self.content_hash = book.content_hash
        self.definitions = book.definitions
        self._interp_defs = {
            name: InterpDefinition(name, tuple(p for p, _ in d.params), d.value.node)
            for name, d in book.definitions.items()
        }

    # -- the Engine protocol -----------------------------------------------------------------
    def core_result(self, program: Program, household: Household, applicant: Person,
                    on: date) -> CoreResult:
        compiled = self.compiled(program, on)
        state, errors = compiled.run("criteria", household, applicant, on)
        ctx: Context | None = None
        env = {"applicant": applicant, "household": household, "on": on}
        values: list[Any] = []
        applied: list[tuple[str, ...]] = []
        for index, (criterion, plan) in enumerate(
                zip(compiled.criteria, compiled.criterion_plans, strict=True)):
            code = state.get(f"c{index}")
            if plan.interpreted is None and code is not None and not plan.slots & errors:
                values.append(code[0] == "T")
                applied.append(plan.paths[int(code[1:])])
                continue
            if ctx is None:
                ctx = Context(household, on, compiled.params, self._interp_defs)
            value, exceptions = kleene_criterion(criterion, ctx, env)
            if plan.interpreted is None and not plan.slots & errors \
                    and not isinstance(value, Unknown):
                raise EvaluationError(
                    f"the durable engine found criterion {criterion.id!r} of {program.id} "
                    f"unknown, but the interpreter found it {value}")
            values.append(value)
            applied.append(exceptions)
        if any(v is False for v in values):
            outcome = "ineligible"
        elif all(v is True for v in values):
            outcome = "eligible"
        else:
            outcome = "undetermined"
        return outcome, tuple(values), tuple(applied)

    def output_values(self, program: Program, household: Household, applicant: Person,
                      on: date) -> dict[str, Any]:
        compiled = self.compiled(program, on)
        state, errors = compiled.run("outputs", household, applicant, on)
        env = {"applicant": applicant, "household": household, "on": on}
        out: dict[str, Any] = {}
        for index, (output, plan) in enumerate(
                zip(program.outputs, compiled.output_plans, strict=True)):
            code = state.get(f"o{index}")
            if plan.interpreted is None and code is not None and not plan.slots & errors:
                out[output.name] = compiled.then[(index, int(code))](household, applicant, on)
                continue
            ctx = Context(household, on, compiled.params, self._interp_defs)
            value = kleene_output(output, ctx, env)
            if plan.interpreted is None and not plan.slots & errors \
                    and not isinstance(value, Unknown):
                raise EvaluationError(
                    f"the durable engine selected no row of {output.name!r} in {program.id}, "
                    f"but the interpreter found {value!r}")
            out[output.name] = value
        return out

    # -- compilation ---------------------------------------------------------------------------
    def ruleset_name(self, program: Program, on: date) -> str:
        """The durable-rules ruleset of ``program`` for the epoch of ``on``."""
        return f"eligibility:{self.content_hash[:16]}:{program.id}:{program.epoch(on)}"

    def compiled(self, program: Program, on: date) -> _Compiled:
        name = self.ruleset_name(program, on)
        found = _RUNTIME.compiled.get(name)
        if found is None:
            with _RUNTIME.calling() as host:
                found = _RUNTIME.compiled.get(name)
                if found is None:
                    found = self._compile(name, program, on)
                    host.register_rulesets({name: _with_actions(found.definition)})
                    _RUNTIME.compiled[name] = found
        return found

    def describe(self, program: Program, on: date) -> dict[str, Any]:
        """What Rete decides and what is derived, for ``program`` on ``on``.

        Returns the ruleset's name, its durable-rules JSON definition, the derived facts
        (property -> expression computed before assertion) and the criteria or outputs
        that the interpreter decides instead (with the reason).
        """
        compiled = self.compiled(program, on)
        interpreted = {
            **{c.id: p.interpreted for c, p in zip(compiled.criteria, compiled.criterion_plans,
                                                   strict=True) if p.interpreted},
            **{o.name: p.interpreted for o, p in zip(program.outputs, compiled.output_plans,
                                                     strict=True) if p.interpreted},
        }
        return {"ruleset": compiled.name, "rules": compiled.definition,
                "derived": dict(compiled.derived), "interpreted": interpreted}

    def _compile(self, name: str, program: Program, on: date) -> _Compiled:
        builder = _Builder(program, on, self.definitions)
        criteria = program.active_criteria(on)
        criterion_plans = [builder.criterion(i, c) for i, c in enumerate(criteria)]
        output_plans = [builder.output(i, o) for i, o in enumerate(program.outputs)]
        criterion_groups = _groups(criterion_plans, 0)
        output_groups = _groups(output_plans, len(criterion_groups))
        for group in (*criterion_groups, *output_groups):
            _fill(builder, group)
        definition: dict[str, Any] = {}
        for group in (*criterion_groups, *output_groups):
            definition[f"g{group.index}"] = {"all": [{"m": {"g": group.index}}],
                                             "run": (f"g{group.index}", "seen")}
            for number, rule in enumerate(group.rules):
                conditions = [{"g": group.index}]
                conditions += [c for lit in _sorted_lits(rule.term) for c in _render_lit(lit)]
                definition[f"g{group.index}r{number}"] = {
                    "all": [{"m": {"$and": conditions}}], "run": (rule.key, rule.code)}
        leaves, then = _generate(builder, {"criteria": criterion_groups,
                                           "outputs": output_groups}, program)
        groups = (*criterion_groups, *output_groups)
        used = {p.slot for g in groups for p in g.props} | {
            p.slot for g in groups for _, _, props in g.arrays for p in props}
        arrays = {name for g in groups for name, _, _ in g.arrays}
        derived = {s.name if s.quant is None else f"q{s.quant}[].{s.name}": _text(s.node)
                   for s in builder.slots if s.index in used}
        for quant in builder.quants:
            for (_, term), array in quant.arrays.items():
                if array in arrays:
                    derived[array] = f"{_text(quant.node.collection)} ({quant.var}: " + \
                        ", ".join(sorted(lit[1].removeprefix("$i.") for lit in term)) + ")"

        return _Compiled(name, program, criteria, builder.params, criterion_plans,
                         output_plans, criterion_groups, output_groups, definition, derived,
                         leaves, then, len(builder.slots))


def _text(node: Node) -> str:
    """An expression as rule text (for :meth:`DurableEngine.describe`)."""
    if isinstance(node, Literal):
        value = node.value
        return repr(value) if isinstance(value, str) else str(value).lower() \
            if isinstance(value, bool) else str(value)
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Attr):
        return f"{_text(node.obj)}.{node.name}"
    if isinstance(node, Call):
        if node.method and node.args:
            rest = ", ".join(_text(a) for a in node.args[1:])
            return f"{_text(node.args[0])}.{node.func}({rest})"
        return f"{node.func}({', '.join(_text(a) for a in node.args)})"
    if isinstance(node, Unary):
        return f"not {_text(node.operand)}" if node.op == "not" else f"-{_text(node.operand)}"
    if isinstance(node, BinOp):
        return f"({_text(node.left)} {node.op} {_text(node.right)})"
    if isinstance(node, BoolOp):
        return "(" + f" {node.op} ".join(_text(v) for v in node.values) + ")"
    if isinstance(node, Compare):
        parts = [_text(node.left)]
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            parts += [op, _text(comparator)]
        return " ".join(parts)
    if isinstance(node, IfExp):
        return f"({_text(node.body)} if {_text(node.test)} else {_text(node.orelse)})"
    if isinstance(node, ListLit):
        return "[" + ", ".join(_text(i) for i in node.items) + "]"
    if isinstance(node, Quant):
        if node.body is None:
            return f"{node.kind}({_text(node.collection)})"
        return f"{node.kind}({_text(node.body)} for {node.var} in {_text(node.collection)})"
    return type(node).__name__  # pragma: no cover - every node kind is listed above


def _generate(builder: _Builder, parts: Mapping[str, Sequence[_Group]], program: Program
              ) -> tuple[dict[str, Callable[[Household, Person, date], tuple[list[Any],
                                                                             list[int]]]],
                         dict[tuple[int, int], Callable[[Household, Person, date], Any]]]:
    """Python code computing the derived facts (and the outputs' row values).

    The same code generator as the native engine, parameters folded in; a fact that
    is unknown falls back to the interpreter for that derived fact alone, which gives
    its three-valued value. An error (EvaluationError) marks the derived fact as failed:
    the criteria reading it are then decided by the interpreter, as the native engine
    would decide them.
    """
    params = builder.params
    gen = PyGen(params, {})
    env = {"applicant": "a", "household": "h", "on": "on"}
    lines: list[str] = []
    for part, groups in parts.items():
        lines += _leaves_code(builder, gen, env, part, groups)
    thens: dict[tuple[int, int], Node] = {}
    for j, output in enumerate(program.outputs):
        for r, row in enumerate(output.rows):
            node = builder.inline(row.then.node)
            thens[(j, r)] = node
            lines += [f"def then_{j}_{r}(h, a, on):", "    try:",
                      f"        return {gen.expr(node, env)}", "    except _Missing:",
                      f"        return _slow_then({j}, {r}, h, a, on)"]
    source = "\n".join(lines) + "\n"
    slots = builder.slots

    def slow(index: int, h: Household, a: Person, on: date, *bound: Any) -> Any:
        ctx = Context(h, on, params, {})
        scope: dict[str, Any] = {"applicant": a, "household": h, "on": on}
        if bound:
            scope[bound[0]] = bound[1]
        return evaluate(slots[index].node, ctx, scope)

    def slow_then(j: int, r: int, h: Household, a: Person, on: date) -> Any:
        ctx = Context(h, on, params, {})
        return evaluate(thens[(j, r)], ctx, {"applicant": a, "household": h, "on": on})

    namespace: dict[str, Any] = {
        "__builtins__": {"any": any, "all": all, "sum": sum, "len": len, "min": min,
                         "max": max, "abs": abs, "getattr": getattr},
        "_Missing": Missing, "_Error": EvaluationError, "_ERR": _ERR, "_nn": nn,
        "_age": age_on, "_seniority": seniority, "_div": divide, "_pow": power,
        "_slow": slow, "_slow_then": slow_then,
        **{f"_f_{name}": fn for name, fn in BUILTINS.items()},
        **gen.consts,
    }
    code = compile(source, f"<eligibility durable {program.id}>", "exec")
    exec(code, namespace)
    then = {key: namespace[f"then_{key[0]}_{key[1]}"] for key in thens}
    return {part: namespace[f"leaves_{part}"] for part in parts}, then


def _leaves_code(builder: _Builder, gen: PyGen, env: Mapping[str, str], part: str,
                 groups: Sequence[_Group]) -> list[str]:
    """``leaves_<part>(h, a, on)``: the derived facts the groups' facts hold."""
    used: set[int] = set()
    quants: dict[int, set[int]] = {}
    for group in groups:
        used.update(p.slot for p in group.props)
        for _, quant, props in group.arrays:
            quants.setdefault(quant.index, set()).update(p.slot for p in props)
        for quant in group.lengths:
            quants.setdefault(quant.index, set())
    count = len(builder.slots)
    lines = [f"def leaves_{part}(h, a, on):", f"    v = [None] * {count + len(builder.quants)}",
             "    failed = []"]
    for index in sorted(used):
        node = builder.slots[index].node
        lines += ["    try:", "        try:", f"            v[{index}] = {gen.expr(node, env)}",
                  "        except _Missing:", f"            v[{index}] = _slow({index}, h, a, on)",
                  "    except _Error:", f"        v[{index}] = _ERR",
                  f"        failed.append({index})"]
    for q, item_slots in sorted(quants.items()):
        quant = builder.quants[q]
        var = f"v_{quant.var}"
        inner = {**env, quant.var: var}
        lines += ["    try:", f"        items = {gen.expr(quant.node.collection, env)}",
                  "    except (_Missing, _Error):", "        items = _ERR",
                  "    if items is _ERR:", f"        v[{count + q}] = _ERR",
                  f"        failed.append({-1 - q})", "    else:", "        out = []",
                  f"        for {var} in items:", "            it = {}"]
        for index in sorted(item_slots):
            node = builder.slots[index].node
            lines += ["            try:", "                try:",
                      f"                    it[{index}] = {gen.expr(node, inner)}",
                      "                except _Missing:",
                      f"                    it[{index}] = _slow({index}, h, a, on, "
                      f"{quant.var!r}, {var})",
                      "            except _Error:", f"                it[{index}] = _ERR",
                      f"                failed.append({-1 - q})"]
        lines += ["            out.append(it)", f"        v[{count + q}] = out"]
    lines.append("    return v, failed")
    return lines


def _with_actions(definition: Mapping[str, Any]) -> dict[str, Any]:
    """The definition with each rule's ``run`` made a callable action (durable copies it)."""
    out: dict[str, Any] = {}
    for rule_name, rule in definition.items():
        key, code = rule["run"]
        out[rule_name] = {**json.loads(json.dumps({"all": rule["all"]})), "run": _action(key, code)}
    return out


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


def _lit_props(lit: Lit) -> list[str]:
    if lit[0] in ("cmp", "ex", "nex"):
        return [lit[1]]
    if lit[0] == "ref":
        return [lit[1], lit[3]]
    return []
