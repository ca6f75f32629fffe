"""A three-valued (Kleene) interpreter of checked expressions.

This is the reference semantics of the language. The native engine runs
generated Python for speed and falls back here when a fact is unknown; tests
check that both agree. Unknown facts yield :class:`Unknown` values that carry
the paths of the missing facts (``household.children[1].student``), so an
undetermined decision can say exactly what to ask for.

Kleene logic: ``false and ?`` is false, ``true or ?`` is true; anything else
that touches an unknown value is unknown. An ``if`` whose condition is unknown
is known only when both branches agree.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eligibility._compile.ir import Criterion, CriterionException, Definition, Expr, Output
from eligibility._language.ast import (
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
from eligibility._language.types import INT
from eligibility._model.errors import EvaluationError
from eligibility._model.household import Household, Person, Spouse
from eligibility._model.values import Unknown

from .runtime import BUILTINS, age_on, divide, no_value, power, seniority

__all__ = [
    "Context",
    "evaluate",
    "kleene_criterion",
    "kleene_output",
    "merge_unknown",
    "observed_value",
]

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda a, b: a in b,
    "not in": lambda a, b: a not in b,
}
_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}




@dataclass
class Context:
    """One evaluation: the household, the date, parameter values and definitions."""

    household: Household
    on: date
    params: Mapping[str, object]
    definitions: Mapping[str, Definition]
    _paths: dict[int, str] = field(default_factory=dict)

    def path_of(self, obj: object) -> str:
        """The path of the household, a person or a benefit record in the file.

        Only what is asked is looked up (the household keeps its people's paths): each
        fallback to this interpreter makes a new context, and mapping every person each
        time made a decision cost grow with the size of the file.
        """
        h = self.household
        if obj is h:
            return "household"
        if isinstance(obj, Person):
            try:
                return h.path_of(obj)
            except KeyError:
                return "?"
        if not self._paths:
            for index, record in enumerate(h.history):
                self._paths[id(record)] = f"household.history[{index}]"
        return self._paths.get(id(obj), "?")


def merge_unknown(*values: object) -> Unknown:
    missing: set[str] = set()
    for value in values:
        if isinstance(value, Unknown):
            missing |= value.missing
    return Unknown(frozenset(missing))


def _unknown_in(values: list[Any]) -> bool:
    return any(isinstance(v, Unknown) for v in values)


class _Interpreter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def eval(self, node: Node, env: Mapping[str, Any]) -> Any:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, Name):
            if node.id in env:
                return env[node.id]
            if node.id in self.ctx.params:
                return self.ctx.params[node.id]
            if node.id == "on":
                return self.ctx.on
            if node.id not in self.ctx.definitions:
                return no_value(node.id, self.ctx.on)
            return self.call_definition(node.id, [])
        if isinstance(node, Attr):
            return self.attr(node, env)
        if isinstance(node, Call):
            args = [self.eval(arg, env) for arg in node.args]
            if node.func in self.ctx.definitions and not node.method:
                return self.call_definition(node.func, args)
            if _unknown_in(args):
                return merge_unknown(*args)
            if node.func == "age_on":
                person, when = args
                if person.birth_date is None:
                    return Unknown(frozenset({self.ctx.path_of(person) + ".birth_date"}))
                return age_on(person.birth_date, when)
            return BUILTINS[node.func](*args)
        if isinstance(node, Unary):
            value = self.eval(node.operand, env)
            if isinstance(value, Unknown):
                return value
            return (not value) if node.op == "not" else -value
        if isinstance(node, BinOp):
            left = self.eval(node.left, env)
            right = self.eval(node.right, env)
            if isinstance(left, Unknown) or isinstance(right, Unknown):
                return merge_unknown(left, right)
            if node.op == "/":
                return divide(left, right)
            if node.op == "**":
                return left**right if node.ty == INT else power(left, right)
            return _ARITH[node.op](left, right)
        if isinstance(node, BoolOp):
            return self.boolop(node, env)
        if isinstance(node, Compare):
            return self.compare(node, env)
        if isinstance(node, IfExp):
            test = self.eval(node.test, env)
            if test is True:
                return self.eval(node.body, env)
            if test is False:
                return self.eval(node.orelse, env)
            body = self.eval(node.body, env)
            orelse = self.eval(node.orelse, env)
            if not isinstance(body, Unknown) and not isinstance(orelse, Unknown) \
                    and body == orelse:
                return body
            return merge_unknown(test, body, orelse)
        if isinstance(node, ListLit):
            items = [self.eval(item, env) for item in node.items]
            return merge_unknown(*items) if _unknown_in(items) else tuple(items)
        if isinstance(node, Quant):
            return self.quant(node, env)
        raise AssertionError(f"unsupported node {node!r}")  # pragma: no cover

    def call_definition(self, name: str, args: list[Any]) -> Any:
        definition = self.ctx.definitions[name]
        names = (p for p, _ in definition.params)
        env = {"household": self.ctx.household, **dict(zip(names, args, strict=True))}
        return self.eval(definition.value.node, env)

    def attr(self, node: Attr, env: Mapping[str, Any]) -> Any:
        obj = self.eval(node.obj, env)
        if isinstance(obj, Unknown):
            return obj
        info = node.info
        assert info is not None
        derived = info.derived
        if derived == "age":
            if obj.birth_date is None:
                return Unknown(frozenset({self.ctx.path_of(obj) + ".birth_date"}))
            return age_on(obj.birth_date, self.ctx.on)
        if derived == "category":
            return self.ctx.household.category_of(obj, self.ctx.on)
        if derived == "divorced":
            if not isinstance(obj, Spouse):
                return Unknown(frozenset({f"{self.ctx.path_of(obj)}.divorced"}))
            return obj.divorced_on(self.ctx.on)
        if derived == "seniority":
            if getattr(obj, "recruitment_date", None) is None:
                return Unknown(frozenset({self.ctx.path_of(obj) + ".recruitment_date"}))
            return seniority(obj, self.ctx.on)
        value = getattr(obj, info.name, None)
        if value is None and info.nullable:
            return Unknown(frozenset({f"{self.ctx.path_of(obj)}.{info.name}"}))
        return value

    def boolop(self, node: BoolOp, env: Mapping[str, Any]) -> Any:
        stop = node.op == "or"  # the value that decides: True for 'or', False for 'and'
        unknowns: list[Any] = []
        for value_node in node.values:
            value = self.eval(value_node, env)
            if value is stop:
                return stop
            if isinstance(value, Unknown):
                unknowns.append(value)
        return merge_unknown(*unknowns) if unknowns else (not stop)

    def compare(self, node: Compare, env: Mapping[str, Any]) -> Any:
        left = self.eval(node.left, env)
        unknowns: list[Any] = []
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.eval(comparator, env)
            if isinstance(left, Unknown) or isinstance(right, Unknown):
                unknowns.extend((left, right))
            elif not _COMPARE[op](left, right):
                return False
            left = right
        return merge_unknown(*unknowns) if unknowns else True

    def quant(self, node: Quant, env: Mapping[str, Any]) -> Any:
        coll = self.eval(node.collection, env)
        if isinstance(coll, Unknown):
            return coll
        if node.body is None:
            return len(coll)
        assert node.var is not None
        values = []
        for item in coll:
            value = self.eval(node.body, {**env, node.var: item})
            if node.kind == "any" and value is True:
                return True
            if node.kind == "all" and value is False:
                return False
            values.append(value)
        if _unknown_in(values):
            return merge_unknown(*values)
        if node.kind == "any":
            return False
        if node.kind == "all":
            return True
        if node.kind == "count":
            return sum(1 for v in values if v)
        return sum(values, 0)


def evaluate(node: Node, ctx: Context, env: Mapping[str, Any]) -> Any:
    """Evaluate a checked expression; the result may be :class:`Unknown`."""
    return _Interpreter(ctx).eval(node, env)


def kleene_criterion(criterion: Criterion, ctx: Context, env: Mapping[str, Any]
                     ) -> tuple[Any, tuple[str, ...]]:
    """A criterion's three-valued result and the exceptions applied (reference semantics)."""
    return _level(criterion.exceptions, criterion.when.node, (), ctx, env)


def _level(exceptions: tuple[CriterionException, ...], base: Any, applied: tuple[str, ...],
           ctx: Context, env: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]]:
    undecided: list[tuple[CriterionException, Any]] = []
    for exception in exceptions:
        condition = evaluate(exception.when.node, ctx, env)
        if condition is True:
            return _level(exception.exceptions, exception.then.node,
                          (*applied, exception.id), ctx, env)
        if isinstance(condition, Unknown):
            undecided.append((exception, condition))
    value = evaluate(base, ctx, env)
    if not undecided:
        return value, applied
    candidates = [value] + [
        _level(e.exceptions, e.then.node, (*applied, e.id), ctx, env)[0] for e, _ in undecided
    ]
    if all(not isinstance(c, Unknown) for c in candidates) and len(set(candidates)) == 1:
        return value, applied
    return merge_unknown(*candidates, *(c for _, c in undecided)), applied


def kleene_output(output: Output, ctx: Context, env: Mapping[str, Any]) -> Any:
    """A benefit output's value, or :class:`Unknown` (reference semantics)."""
    for row in output.rows:
        if row.when is not None:
            condition = evaluate(row.when.node, ctx, env)
            if isinstance(condition, Unknown):
                return condition
            if condition is not True:
                continue
        return evaluate(row.then.node, ctx, env)
    raise EvaluationError(f"no row of {output.name!r} matches")


def observed_value(expr: Expr, ctx: Context, env: Mapping[str, Any]) -> Any:
    """A value a criterion read, as its explanation shows it: ``None`` when it is unknown
    or cannot be computed (the criterion's own result says why)."""
    try:
        value = evaluate(expr.node, ctx, env)
    except (EvaluationError, ArithmeticError):
        return None
    return None if isinstance(value, Unknown) else value
