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
from dataclasses import dataclass
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
from eligibility._language.types import BOOL, DATE, DECIMAL, INT, ListType, RecordType, Type
from eligibility._model.errors import EvaluationError

from .frames import DECIMAL_TEXT, FIELD_ROLES, NO_CATEGORY
from .values import (
    INT_LIMIT,
    Rec,
    Scope,
    Unsupported,
    V,
    age_between,
    any_of,
    gate,
    path_of,
    union,
)

__all__ = ["Compiler", "Tables"]

_COLLECTIONS = {"spouses": "spouse", "children": "child", "parents": "parent",
                "people": None, "history": None}
_CMP = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_DATE_MIN, _DATE_MAX = date(1, 1, 1), date(9999, 12, 31)
_EPOCH = date(1970, 1, 1)
Env = Mapping[str, "V | Rec"]


@dataclass(frozen=True)
class Tables:
    """The batch's tables, lazily: households (columns ``h.*``, the affiliate's ``f.*``),
    people and history records (unprefixed), all keyed by household ``_h``."""

    households: pl.LazyFrame
    people: pl.LazyFrame
    history: pl.LazyFrame


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
            return self.quant(node, env, scope)
        raise Unsupported(f"no column form for {type(node).__name__}")

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
            return Rec("f.", info.type, "person")
        if isinstance(info.type, ListType):
            raise Unsupported("a collection outside a quantifier")
        derived = info.derived
        track = self.missing
        if derived == "age":
            birth = obj.col("birth_date")
            return V(age_between(birth, self.on), INT,
                     path_of(obj, "birth_date") if track else None, bound=10_000)
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
        if derived == "property":  # Spouse.divorced
            value = obj.col("divorce_date").is_not_null()
            if info.partial:
                value = pl.when(obj.col("_role") == "spouse").then(value)
            return V(value, BOOL, path_of(obj, name) if track and info.partial else None)
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
        exact = body.type != DECIMAL and orelse.type != DECIMAL and body.exact \
            and orelse.exact and body.none_text is None and orelse.none_text is None
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
        return _builtin(node.func, values, self._union(values))

    # -- quantifiers -------------------------------------------------------------------------
    def quant(self, node: Quant, env: Env, scope: Scope) -> V:
        items, item_type, kind = self._collection(node.collection, env)
        number = next(self._ids)
        name = f"_q{number}"
        if node.body is None:
            counts = items.group_by("_h").agg(pl.len().cast(pl.Int64).alias(name))
            scope.frame = scope.frame.join(counts, on="_h", how="left")
            return V(pl.col(name).fill_null(0), INT, bound=2**32)
        assert node.var is not None
        prefix = f"v{number}."
        renamed = items.rename({c: prefix + c for c in items.collect_schema().names()
                                if c != "_h"})
        alone = self._household_level(node, env)
        base = self.tables.households if alone else scope.frame
        key = "_h" if alone else scope.key
        inner = Scope(base.join(renamed, on="_h", how="inner")
                      .with_row_index(f"_s{number}"), f"_s{number}")
        inner_env = {**env, node.var: Rec(prefix, item_type, kind)}
        body = self.value(node.body, inner_env, inner)
        if node.kind != "sum" and body.type != BOOL or node.kind == "sum" and body.type != INT:
            raise Unsupported("a sum of decimals")
        aggregates = [pl.len().alias(name + "n"), *self._aggregate(node.kind, body, name)]
        grouped = inner.frame.group_by(key).agg(aggregates)
        scope.frame = scope.frame.join(grouped, on=key, how="left")
        empty = {"any": False, "all": True, "count": 0, "sum": 0}[node.kind]
        value = pl.when(pl.col(name + "n").is_null()).then(pl.lit(empty)) \
            .otherwise(pl.col(name))
        err = pl.col(name + "e") if body.err is not None else None
        miss = pl.col(name + "m").fill_null(pl.lit([], dtype=pl.List(pl.String()))) \
            if self.missing and body.miss is not None else None
        ty = BOOL if node.kind in ("any", "all") else INT
        bound = 2**32 * (body.bound if node.kind == "sum" else 1)
        if bound >= INT_LIMIT:
            raise Unsupported("a sum that could overflow 64 bits")
        return V(value, ty, miss, err, bound=bound)

    def _aggregate(self, kind: str, body: V, name: str) -> list[pl.Expr]:
        b = body.value
        if kind == "any":
            out = [b.any(ignore_nulls=False).alias(name)]
        elif kind == "all":
            out = [b.all(ignore_nulls=False).alias(name)]
        else:
            total = b.cast(pl.Int64).sum()
            out = [pl.when(b.null_count() > 0).then(None).otherwise(total).alias(name)]
        if body.err is not None:
            out.append(body.err.any().alias(name + "e"))
        if self.missing and body.miss is not None:
            gated = gate(body)
            assert gated is not None
            out.append(gated.list.explode(keep_nulls=False, empty_as_null=False)
                       .alias(name + "m"))
        return out

    def _collection(self, node: Node, env: Env) -> tuple[pl.LazyFrame, RecordType, str]:
        if not (isinstance(node, Attr) and node.name in _COLLECTIONS and node.info is not None
                and isinstance(node.obj, Name)
                and isinstance(env.get(node.obj.id), Rec)
                and env[node.obj.id].kind == "household"):  # type: ignore[union-attr]
            raise Unsupported("a quantifier over a computed list")
        ty = node.info.type
        assert isinstance(ty, ListType) and isinstance(ty.item, RecordType)
        if node.name == "history":
            return self.tables.history, ty.item, "history"
        role = _COLLECTIONS[node.name]
        people = self.tables.people
        if role is not None:
            people = people.filter(pl.col("_role") == role)
        return people, ty.item, "person"

    def _household_level(self, node: Quant, env: Env) -> bool:
        """Whether the body reads nothing but the household, its own variables, literals,
        parameters and the date (then it is evaluated once per household)."""
        assert node.body is not None
        local = {n.var for n in walk(node) if isinstance(n, Quant) and n.var}
        for sub in walk(node.body):
            if isinstance(sub, Name) and sub.id in env and sub.id not in local:
                bound = env[sub.id]
                if isinstance(bound, Rec) and bound.kind == "household":
                    continue
                if isinstance(bound, V) and bound.is_const:
                    continue
                return False
        return True


def _builtin(func: str, args: list[V], miss: pl.Expr | None) -> V:
    err = any_of(*(a.err for a in args))
    if func in ("year", "month", "day"):
        (d,) = args
        part = {"year": d.value.dt.year(), "month": d.value.dt.month(),
                "day": d.value.dt.day()}[func]
        return V(part.cast(pl.Int64), INT, miss, err, bound=10_000)
    if func in ("add_years", "add_months", "add_days"):
        d, n = args
        if not n.is_const:
            raise Unsupported("a date moved by a computed amount")
        return _shift(func, d, int(n.const), miss, err)
    if func in ("years_between", "months_between", "days_between"):
        start, end = (a.value for a in args)
        if func == "years_between":
            value = age_between(start, end)
        elif func == "months_between":
            value = (end.dt.year().cast(pl.Int64) - start.dt.year().cast(pl.Int64)) * 12 \
                + end.dt.month().cast(pl.Int64) - start.dt.month().cast(pl.Int64) \
                - (end.dt.day() < start.dt.day()).cast(pl.Int64)
        else:
            value = end.cast(pl.Int64) - start.cast(pl.Int64)
        return V(value, INT, miss, err, bound=4_000_000)
    if func in ("min", "max"):
        if any(a.type not in (INT, DATE, DECIMAL) for a in args):
            raise Unsupported(f"{func} of these types")
        pick = pl.min_horizontal if func == "min" else pl.max_horizontal
        unknown = any_of(*(a.value.is_null() for a in args))
        value = pl.when(unknown).then(None).otherwise(pick(*(a.value for a in args)))
        ty = DECIMAL if any(a.type == DECIMAL for a in args) else args[0].type
        return V(value, ty, miss, err, bound=max(a.bound for a in args), exact=ty != DECIMAL)
    if func == "abs" and args[0].type == INT:
        return V(args[0].value.abs(), INT, miss, err, bound=args[0].bound)
    raise Unsupported(f"{func} on columns")


def _shift(func: str, d: V, n: int, miss: pl.Expr | None, err: pl.Expr | None) -> V:
    if func == "add_days":
        if abs(n) > 4_000_000:
            raise Unsupported("a shift beyond the calendar")
        days = d.value.cast(pl.Int64) + n
        low, high = (_DATE_MIN - _EPOCH).days, (_DATE_MAX - _EPOCH).days
        value = d.value + pl.duration(days=n)
        out_of_range = (days < low) | (days > high)
        return V(value, DATE, miss, any_of(err, out_of_range))
    months = n * 12 if func == "add_years" else n
    if abs(months) > 200_000:
        raise Unsupported("a shift beyond the calendar")
    index = d.value.dt.year().cast(pl.Int64) * 12 + d.value.dt.month().cast(pl.Int64) - 1 + months
    out_of_range = (index < 12) | (index >= 10_000 * 12)
    value = d.value.dt.offset_by(f"{months}mo")
    return V(value, DATE, miss, any_of(err, out_of_range))

