"""A condition, for one household on one date, as constraints on a few chosen facts.

"What would pass this criterion?" is asked about some facts of the file — the ones that
can change (a pension, a bank account, enrolment), or the ones missing. Every other part
of the condition is evaluated by the three-valued interpreter; what is left is turned
into disjunctive normal form (:mod:`eligibility._compile.logic`) over constraints on the
chosen facts (``household.spouses[0].monthly_pension <= 2500``), quantifiers expanded
over the file's own people and records, shared definitions expanded in place. A part the
normal form cannot express (a count of chosen facts...) is an *opaque* literal whose
current truth is known but which says nothing about the facts.

The result is exact for the shapes it expresses: a clause holds exactly when its
constraints do (and its opaque literals keep their truth). Callers still check every
answer by evaluating again, with the fact changed.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from eligibility._compile.analysis import FORMS
from eligibility._compile.ir import CriterionException, Definition
from eligibility._compile.logic import DNF, FALSE, MIRRORED_OP, TRUE, Constraint
from eligibility._engines.interpreter import Context, evaluate
from eligibility._language.ast import (
    Attr,
    BoolOp,
    Call,
    Compare,
    IfExp,
    Name,
    Node,
    Quant,
    Unary,
    walk,
)
from eligibility._language.types import DATE, INT, EnumType
from eligibility._model.values import Unknown

__all__ = ["Opaque", "Residual", "Term", "clause_terms", "ordinal_value"]

_DERIVED_FROM = {"age": "birth_date", "seniority": "recruitment_date"}


@dataclass(frozen=True)
class Term:
    """A chosen fact as a condition reads it: ``name`` is the attribute read (``age``),
    ``fact`` the field of the file it comes from (``birth_date``)."""

    owner: str
    name: str
    fact: str

    @property
    def path(self) -> str:
        return f"{self.owner}.{self.fact}"


@dataclass(frozen=True)
class Opaque:
    """A part of a condition that reads chosen facts in a way the normal form cannot
    express; ``key`` tells two of them apart."""

    key: Hashable


def ordinal_value(value: Any) -> Any:
    """A value as a constraint holds it (dates as day numbers)."""
    return value.toordinal() if isinstance(value, date) else value


class Residual:
    """Converts conditions to normal forms over the ``chosen`` facts (paths such as
    ``household.children[0].student``) of ``ctx``'s household on ``ctx``'s date.

    ``current`` maps each term and opaque literal met to its value now (``Unknown``
    when the file does not give it).
    """

    def __init__(self, ctx: Context, chosen: frozenset[str]) -> None:
        self.ctx = ctx
        self.chosen = chosen
        names = {path.rsplit(".", 1)[1] for path in chosen}
        self.names = names | {d for d, f in _DERIVED_FROM.items() if f in names}
        self.current: dict[Hashable, Any] = {}
        self.owners: dict[Term, Any] = {}
        self._touching: dict[str, bool] = {}

    # -- which nodes read a chosen fact ---------------------------------------------------------
    def touches(self, node: Node) -> bool:
        for sub in walk(node):
            if isinstance(sub, Attr) and sub.name in self.names:
                return True
            called = sub.func if isinstance(sub, Call) and not sub.method else \
                sub.id if isinstance(sub, Name) else None
            if called is not None and called in self.ctx.definitions \
                    and self._definition_touches(called):
                return True
        return False

    def _definition_touches(self, name: str) -> bool:
        if name not in self._touching:
            self._touching[name] = False
            self._touching[name] = self.touches(self.ctx.definitions[name].value.node)
        return self._touching[name]

    def term(self, node: Node, env: Mapping[str, Any]) -> Term | None:
        """The chosen fact ``node`` reads directly, if it does."""
        if not isinstance(node, Attr) or node.info is None:
            return None
        derived = node.info.derived
        if derived not in (None, "age", "seniority"):
            return None
        owner = evaluate(node.obj, self.ctx, env)
        if isinstance(owner, Unknown):
            return None
        fact = _DERIVED_FROM.get(derived or "", node.name)
        term = Term(self.ctx.path_of(owner), node.name, fact)
        if term.path not in self.chosen:
            return None
        self.current.setdefault(term, evaluate(node, self.ctx, env))
        self.owners.setdefault(term, owner)
        return term

    # -- conversion ------------------------------------------------------------------------------
    def criterion(self, when: Node, exceptions: tuple[CriterionException, ...],
                  env: Mapping[str, Any]) -> DNF[Constraint]:
        """Where a criterion holds, its exceptions included (they never conflict, so "the
        first that applies" is "any that applies")."""
        applies = [self.convert(e.when.node, env) for e in exceptions]
        options = [FORMS.conjoin(a, self.criterion(e.then.node, e.exceptions, env))
                   for a, e in zip(applies, exceptions, strict=True)]
        none_applies = FORMS.conjoin(*(self.negate(a) for a in applies))
        return FORMS.disjoin(*options, FORMS.conjoin(none_applies, self.convert(when, env)))

    def negate(self, form: DNF[Constraint]) -> DNF[Constraint]:
        return FORMS.negate(form, lambda c: frozenset({frozenset({c.negated()})}))

    def convert(self, node: Node, env: Mapping[str, Any], positive: bool = True
                ) -> DNF[Constraint]:
        if not self.touches(node):
            return self._known(node, env, positive)
        if isinstance(node, Unary) and node.op == "not":
            return self.convert(node.operand, env, not positive)
        if isinstance(node, BoolOp):
            parts = [self.convert(v, env, positive) for v in node.values]
            if (node.op == "and") == positive:
                return FORMS.conjoin(*parts)
            return FORMS.disjoin(*parts)
        if isinstance(node, IfExp):
            test = self.convert(node.test, env)
            return (FORMS.disjoin(FORMS.conjoin(test, self.convert(node.body, env, positive)),
                                  FORMS.conjoin(self.negate(test),
                                                self.convert(node.orelse, env, positive))))
        if isinstance(node, Compare):
            return self._compare(node, env, positive)
        if isinstance(node, Quant) and node.kind in ("any", "all") and node.body is not None \
                and not self.touches(node.collection):
            return self._quantifier(node, env, positive)
        if isinstance(node, (Call, Name)):
            found = self._definition(node, env, positive)
            if found is not None:
                return found
        term = self.term(node, env)
        if term is not None:
            return frozenset({frozenset({Constraint(term, "is", positive)})})
        return self._opaque(node, env, positive)

    def _known(self, node: Node, env: Mapping[str, Any], positive: bool) -> DNF[Constraint]:
        value = evaluate(node, self.ctx, env)
        if isinstance(value, bool):
            return TRUE if value == positive else FALSE
        return self._opaque(node, env, positive, value)

    def _opaque(self, node: Node, env: Mapping[str, Any], positive: bool,
                value: Any = None) -> DNF[Constraint]:
        bound = tuple(sorted((name, id(v)) for name, v in env.items()))
        literal = Opaque((node.key(), bound))
        if literal not in self.current:
            self.current[literal] = evaluate(node, self.ctx, env) if value is None else value
        return frozenset({frozenset({Constraint(literal, "is", positive)})})

    def _quantifier(self, node: Quant, env: Mapping[str, Any], positive: bool
                    ) -> DNF[Constraint]:
        items = evaluate(node.collection, self.ctx, env)
        if isinstance(items, Unknown):
            return self._opaque(node, env, positive)
        assert node.var is not None
        assert node.body is not None
        parts = [self.convert(node.body, {**env, node.var: item}, positive) for item in items]
        if (node.kind == "all") == positive:
            return FORMS.conjoin(*parts)
        return FORMS.disjoin(*parts)

    def _definition(self, node: Call | Name, env: Mapping[str, Any], positive: bool
                    ) -> DNF[Constraint] | None:
        name = node.func if isinstance(node, Call) else node.id
        definition: Definition | None = self.ctx.definitions.get(name)
        if definition is None or (isinstance(node, Call) and node.method):
            return None
        args = [evaluate(a, self.ctx, env) for a in node.args] if isinstance(node, Call) else []
        inner = {"household": self.ctx.household,
                 **dict(zip((p for p, _ in definition.params), args, strict=True))}
        return self.convert(definition.value.node, inner, positive)

    def _compare(self, node: Compare, env: Mapping[str, Any], positive: bool
                 ) -> DNF[Constraint]:
        operands = (node.left, *node.comparators)
        pairs = [self._pair(operands[i], op, operands[i + 1], env)
                 for i, op in enumerate(node.ops)]
        if positive:
            return FORMS.conjoin(*pairs)
        return FORMS.disjoin(*(self.negate(p) for p in pairs))

    def _resolve(self, node: Node, env: Mapping[str, Any]) -> Node:
        """An ``if`` whose condition reads no chosen fact, replaced by the branch taken."""
        while isinstance(node, IfExp) and not self.touches(node.test):
            test = evaluate(node.test, self.ctx, env)
            if not isinstance(test, bool):
                break
            node = node.body if test else node.orelse
        return node

    def _pair(self, left: Node, op: str, right: Node, env: Mapping[str, Any]
              ) -> DNF[Constraint]:
        left, right = self._resolve(left, env), self._resolve(right, env)
        if not self.touches(left) and not self.touches(right):
            return self._known(Compare(left.start, right.end, left=left, ops=(op,),
                                       comparators=(right,)), env, True)
        for term_node, other, operator in ((left, right, op), (right, left, MIRRORED_OP.get(op))):
            term = self.term(term_node, env)
            if term is None or operator is None or self.touches(other):
                continue
            value = evaluate(other, self.ctx, env)
            if isinstance(value, Unknown):
                break
            return _constraints(term, term_node, operator, value)
        whole = Compare(left.start, right.end, left=left, ops=(op,), comparators=(right,))
        return self._opaque(whole, env, True)


def _constraints(term: Term, node: Node, op: str, value: Any) -> DNF[Constraint]:
    domain = node.ty.values if isinstance(node.ty, EnumType) else None
    integral = node.ty in (INT, DATE)
    if op in ("in", "not in"):
        values = value if isinstance(value, tuple) else (value,)
        equal = [Constraint(term, "==", ordinal_value(v), integral, domain) for v in values]
        if op == "in":
            return frozenset(frozenset({c}) for c in equal)
        return frozenset({frozenset(c.negated() for c in equal)})
    if isinstance(value, bool) and op in ("==", "!="):
        return frozenset({frozenset({Constraint(term, "is", (op == "==") == value)})})
    return frozenset({frozenset({Constraint(term, op, ordinal_value(value), integral,
                                            domain)})})


def clause_terms(clause: frozenset[Constraint]) -> dict[Hashable, list[Constraint]]:
    """A clause's constraints, by what they constrain."""
    grouped: dict[Hashable, list[Constraint]] = {}
    for constraint in sorted(clause, key=repr):
        grouped.setdefault(constraint.term, []).append(constraint)
    return grouped

