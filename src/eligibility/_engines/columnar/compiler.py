"""Checked expressions compiled to Polars expressions, with the interpreter's semantics.

Each node gives a :class:`~.values.V` (or a :class:`~.values.Rec` for a record). What
cannot be computed exactly on columns raises :class:`~.values.Unsupported`, and the
engine leaves that program to the interpreter: decimal arithmetic (the reference rounds
to 28 digits, a column does not), division and powers, integers that could overflow 64
bits, a date built from values, a parameter without a value on the date. Whatever
depends only on literals, parameters and the date is computed once, by the interpreter.

Quantifiers join the collection's items to the rows of the scope (or, when the body reads
nothing of the applicant, to the households alone), evaluate the body there, and
aggregate by row with Kleene's ``any``/``all``; the result is joined back.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from eligibility._compile.ir import Definition
from eligibility._engines.interpreter import Context, evaluate
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
    walk,
)
from eligibility._language.types import BOOL, DECIMAL, INT, ListType, RecordType, Type
from eligibility._model.errors import EvaluationError

from .builtins import builtin
from .frames import DECIMAL_TEXT, FIELD_ROLES, NO_CATEGORY
from .quantifiers import quantifier
from .values import (
    INT_LIMIT,
    Env,
    Rec,
    Scope,
    Tables,
    Unsupported,
    V,
    age_between,
    any_of,
    gate,
    path_of,
    union,
)

__all__ = ["Compiler", "Tables"]

_CMP = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}


class Compiler:
    """Compiles the expressions of one program for one date over one batch.

    Args:
        tables: the batch.
        params: the parameter values in force.
        definitions: the shared definitions (inlined where called).
        on: the evaluation date.
        missing: whether to compile the missing facts too (a second, smaller pass over
            the rows that are unknown).
    """

    def __init__(self, tables: Tables, params: Mapping[str, Any],
                 definitions: Mapping[str, Definition], on: date, *, missing: bool) -> None:
        self.tables = tables
        self.params = params
        self.definitions = definitions
        self.on = on
        self.missing = missing
        self._ids = itertools.count()
        #: Quantifiers compiled, by their meaning, scope and the values their names are
        #: bound to (kept alive here, so that their ids stay theirs).
        self._quantified: dict[Any, tuple[V, list[Any]]] = {}

    def next_id(self) -> int:
        """A number for the columns of one more quantifier."""
        return next(self._ids)

    # -- entry points ------------------------------------------------------------------------
    def value(self, node: Node, env: Env, scope: Scope) -> V:
        out = self.node(node, env, scope)
        if isinstance(out, Rec):
            raise Unsupported("a record where a value is expected")
        return out

    def node(self, node: Node, env: Env, scope: Scope) -> V | Rec:
        if not isinstance(node, Literal) and self._constant(node, env):
            return self._fold(node, env)
        if isinstance(node, Literal):
            return self.const(node.value, node.ty)
        if isinstance(node, Name):
            return self.name(node, env, scope)
        if isinstance(node, Attr):
            return self.attr(node, env, scope)
        if isinstance(node, Call):
            return self.call(node, env, scope)
        if isinstance(node, Unary):
            operand = self.value(node.operand, env, scope)
            if node.op == "not":
                return V(~operand.value, BOOL, operand.miss, operand.err)
            if operand.type != INT:
                raise Unsupported("negating a decimal rounds to the decimal context")
            return V(-operand.value, INT, operand.miss, operand.err, bound=operand.bound)
        if isinstance(node, BinOp):
            return self.binop(node, env, scope)
        if isinstance(node, BoolOp):
            values = [self.value(v, env, scope) for v in node.values]
            out = values[0].value
            for v in values[1:]:
                out = (out & v.value) if node.op == "and" else (out | v.value)
            return V(out, BOOL, self._union(values), any_of(*(v.err for v in values)))
        if isinstance(node, Compare):
            return self.compare(node, env, scope)
        if isinstance(node, IfExp):
            return self.ifexp(node, env, scope)
        if isinstance(node, Quant):
            return self.quantifier(node, env, scope)
        raise Unsupported(f"no column form for {type(node).__name__}")

    def quantifier(self, node: Quant, env: Env, scope: Scope) -> V:
        """A quantifier, joined into the scope once however many times it is read (a
        criterion and the values it shows read the same definitions)."""
        bound = [env[n.id] for n in walk(node) if isinstance(n, Name) and n.id in env]
        key = (node.key(), id(scope), tuple(id(b) for b in bound))
        found = self._quantified.get(key)
        if found is None:
            found = self._quantified[key] = (quantifier(self, node, env, scope), bound)
        return found[0]

    # -- constants ---------------------------------------------------------------------------
    def const(self, value: Any, ty: Type | None) -> V:
        if isinstance(value, bool):
            return V(pl.lit(value, dtype=pl.Boolean()), ty, const=value)
        if isinstance(value, int):
            if abs(value) >= INT_LIMIT:
                raise Unsupported("an integer beyond 64 bits")
            return V(pl.lit(value, dtype=pl.Int64()), ty, const=value, bound=abs(value))
        if isinstance(value, Decimal):
            if not value.is_finite() or len(value.as_tuple().digits) + max(
                    0, -int(value.as_tuple().exponent)) > 38:
                raise Unsupported("a decimal beyond 38 digits")
            return V(pl.lit(value), ty, const=value, text=pl.lit(str(value)))
        if isinstance(value, str):
            return V(pl.lit(value, dtype=pl.String()), ty, const=value)
        if isinstance(value, date):
            return V(pl.lit(value, dtype=pl.Date()), ty, const=value)
        if isinstance(value, tuple | list):
            return V(pl.lit(None), ty, const=tuple(value))
        raise Unsupported(f"a constant of type {type(value).__name__}")

    def _constant(self, node: Node, env: Env) -> bool:
        for sub in walk(node):
            if isinstance(sub, Attr | Quant):
                return False
            if isinstance(sub, Call) and sub.func in self.definitions and not sub.method:
                return False
            if isinstance(sub, Name):
                bound = env.get(sub.id)
                if bound is not None:
                    if not (isinstance(bound, V) and bound.is_const):
                        return False
                elif sub.id not in self.params and sub.id != "on":
                    return False
        return True

    def _fold(self, node: Node, env: Env) -> V:
        ctx = Context(None, self.on, self.params, self.definitions)  # type: ignore[arg-type]
        values = {k: v.const for k, v in env.items() if isinstance(v, V) and v.is_const}
        try:
            return self.const(evaluate(node, ctx, {**values, "on": self.on}), node.ty)
        except EvaluationError:
            raise Unsupported("a constant that cannot be computed") from None

    # -- names and records -------------------------------------------------------------------
    def name(self, node: Name, env: Env, scope: Scope) -> V | Rec:
        if node.id in env:
            return env[node.id]
        if node.id in self.definitions:
            return self.definition(node.id, [], env, scope)
        raise Unsupported(f"parameter {node.id!r} has no value on {self.on}")

    def definition(self, name: str, args: list[V | Rec], env: Env, scope: Scope) -> V | Rec:
        definition = self.definitions[name]
        inner = {"household": env["household"],
                 **{p: a for (p, _), a in zip(definition.params, args, strict=True)}}
        return self.node(definition.value.node, inner, scope)

    def attr(self, node: Attr, env: Env, scope: Scope) -> V | Rec:
        obj = self.node(node.obj, env, scope)
        info = node.info
        if not isinstance(obj, Rec) or info is None:
            raise Unsupported("an attribute of a value")
        name = info.name
        if obj.kind == "household" and name == "affiliate":
            assert isinstance(info.type, RecordType)
            return Rec("f.", info.type, "person", obj.reads)
        if isinstance(info.type, ListType):
            raise Unsupported("a collection outside a quantifier")
        derived = info.derived
        track = self.missing
        if derived == "age":  # computed once per batch, for the batch's date
            age = obj.col("_age") if self.tables.on == self.on \
                else age_between(obj.col("birth_date"), self.on)
            return V(age, INT, path_of(obj, "birth_date") if track else None, bound=10_000)
        if derived == "category":
            return V(obj.col("_cat"), info.type, none_text=NO_CATEGORY)
        if derived == "role":
            return V(obj.col("_role"), info.type)
        if derived == "seniority":
            start = obj.col("recruitment_date")
            end = pl.min_horizontal(pl.lit(self.on), obj.col("retirement_date"),
                                    obj.col("death_date"))
            value = pl.max_horizontal(pl.lit(0, dtype=pl.Int64()), age_between(start, end))
            value = pl.when(start.is_null()).then(None).otherwise(value)
            return V(value, INT, path_of(obj, "recruitment_date") if track else None,
                     bound=10_000)
        if derived == "divorced":  # a divorce date on or before the evaluation date
            divorced = obj.col("divorce_date") <= pl.lit(self.on)
            value = pl.when(obj.col("_role") == "spouse").then(divorced.fill_null(False))
            return V(value, BOOL, path_of(obj, name) if track else None)
        if derived is not None:
            raise Unsupported(f"derived attribute {derived}")
        column = obj.col(name)
        if info.partial and obj.kind == "person":
            roles = FIELD_ROLES.get(name, frozenset())
            column = pl.when(obj.col("_role").is_in(sorted(roles))).then(column)
        miss = path_of(obj, name) if track and (info.nullable or info.partial) else None
        bound = {"pay_scale": 20, "bac_year": 2100}.get(name, INT_LIMIT)
        text = obj.col(name + DECIMAL_TEXT) if info.type == DECIMAL else None
        return V(column, info.type, miss, bound=bound, text=text)

    # -- operators ---------------------------------------------------------------------------
    def binop(self, node: BinOp, env: Env, scope: Scope) -> V:
        left = self.value(node.left, env, scope)
        right = self.value(node.right, env, scope)
        if node.ty != INT or left.type != INT or right.type != INT or node.op not in "+-*":
            raise Unsupported("decimal arithmetic, division and powers")
        bound = left.bound * right.bound if node.op == "*" else left.bound + right.bound
        if bound >= INT_LIMIT:
            raise Unsupported("an integer that could overflow 64 bits")
        ops = {"+": pl.Expr.add, "-": pl.Expr.sub, "*": pl.Expr.mul}
        return V(ops[node.op](left.value, right.value), INT, self._union([left, right]),
                 any_of(left.err, right.err), bound=bound)

    def compare(self, node: Compare, env: Env, scope: Scope) -> V:
        left = self.node(node.left, env, scope)
        parts: list[V] = []
        result: pl.Expr | None = None
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            if isinstance(comparator, ListLit) and not self._constant(comparator, env):
                items = [self.value(item, env, scope) for item in comparator.items]
                right: V | Rec = V(pl.lit(None), comparator.ty, self._union(items),
                                   any_of(*(i.err for i in items)))
            else:
                right = self.node(comparator, env, scope)
            pair = self._pair(op, left, right, comparator, env, scope)
            result = pair if result is None else (result & pair)
            parts.extend(v for v in (left, right) if isinstance(v, V))
            left = right
        assert result is not None
        return V(result, BOOL, self._union(parts), any_of(*(p.err for p in parts)))

    def _pair(self, op: str, left: V | Rec, right: V | Rec, node: Node, env: Env,
              scope: Scope) -> pl.Expr:
        if isinstance(left, Rec) or isinstance(right, Rec):
            if op not in ("==", "!=") or not (isinstance(left, Rec) and isinstance(right, Rec)):
                raise Unsupported("a record in a comparison")
            same: pl.Expr = pl.lit(True) if left.kind == right.kind == "household" else (
                left.col("_key") == right.col("_key") if left.kind == right.kind
                else pl.lit(False))
            return same if op == "==" else ~same
        if op in ("in", "not in"):
            found = self._member(left, right, node, env, scope)
            return found if op == "in" else ~found
        return getattr(left.value, _CMP[op])(right.value)  # type: ignore[no-any-return]

    def _member(self, left: V, right: V, node: Node, env: Env, scope: Scope) -> pl.Expr:
        if right.is_const:
            items = list(right.const)
            if any(isinstance(i, Decimal) for i in items) or left.type == DECIMAL:
                if left.type not in (INT, DECIMAL):
                    raise Unsupported("a decimal list for a non-number")
                if not items:
                    return pl.when(left.value.is_null()).then(None).otherwise(pl.lit(False))
                return pl.any_horizontal(*(left.value == self.const(i, None).value
                                           for i in items))
            return left.value.is_in(items)
        if isinstance(node, ListLit):
            values = [self.value(item, env, scope) for item in node.items]
            unknown = any_of(*(v.value.is_null() for v in values))
            equal = pl.any_horizontal(*(left.value == v.value for v in values))
            equal = pl.when(left.value.is_null()).then(None).otherwise(equal)
            return pl.when(unknown).then(None).otherwise(equal) if unknown is not None \
                else equal
        raise Unsupported("membership in a computed list")

    def ifexp(self, node: IfExp, env: Env, scope: Scope) -> V:
        test = self.value(node.test, env, scope)
        body = self.value(node.body, env, scope)
        orelse = self.value(node.orelse, env, scope)
        known = pl.when(test.value).then(body.value).when(~test.value).then(orelse.value)
        value = known.otherwise(pl.when(body.value == orelse.value).then(body.value))
        miss = None
        if self.missing:
            either = union(gate(test), gate(body), gate(orelse))
            miss = pl.when(test.value).then(body.miss if body.miss is not None else None) \
                .when(~test.value).then(orelse.miss if orelse.miss is not None else None) \
                .otherwise(either) if either is not None else None
        exact = DECIMAL not in (body.type, orelse.type) and body.exact and orelse.exact \
            and body.none_text is None and orelse.none_text is None
        return V(value, node.ty, miss, any_of(test.err, body.err, orelse.err),
                 bound=max(body.bound, orelse.bound), exact=exact)

    def _union(self, values: list[V]) -> pl.Expr | None:
        return union(*(gate(v) for v in values)) if self.missing else None

    # -- calls -------------------------------------------------------------------------------
    def call(self, node: Call, env: Env, scope: Scope) -> V | Rec:
        args = [self.node(arg, env, scope) for arg in node.args]
        if node.func in self.definitions and not node.method:
            return self.definition(node.func, args, env, scope)
        if node.func == "age_on":
            person, when = args
            if not isinstance(person, Rec) or not isinstance(when, V):
                raise Unsupported("age_on of a value")
            birth = person.col("birth_date")
            miss = None
            if self.missing:
                own = path_of(person, "birth_date")
                miss = own if when.miss is None else \
                    pl.when(when.value.is_null()).then(when.miss).otherwise(own)
            return V(age_between(birth, when.value), INT, miss, when.err, bound=10_000)
        values = [a for a in args if isinstance(a, V)]
        if len(values) != len(args):
            raise Unsupported("a record given to a function")
        return builtin(node.func, values, self._union(values))
