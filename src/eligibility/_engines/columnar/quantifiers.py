"""Quantifiers on columns: ``any``, ``all``, ``count`` and ``sum`` over a household's
people or benefit records.

The collection's items are joined to the rows of the scope (or, when the body reads
nothing but the household, to the households alone: computed once per household), the
body is evaluated on the joined rows, and the results are aggregated per row with
Kleene's ``any`` and ``all`` (an unknown item decides nothing unless no item does) and
joined back; an empty collection gives ``false``, ``true`` or ``0``.
"""

from __future__ import annotations

import polars as pl

from eligibility._language.ast import (
    Attr,
    BoolOp,
    Compare,
    ListLit,
    Literal,
    Name,
    Node,
    Quant,
    Unary,
    walk,
)
from eligibility._language.types import BOOL, INT, ListType, RecordType

from .values import (
    EMPTY,
    INT_LIMIT,
    Env,
    Evaluator,
    Rec,
    Scope,
    Tables,
    Unsupported,
    V,
    gate,
)

__all__ = ["quantifier"]

_COLLECTIONS = {"spouses": "spouse", "children": "child", "parents": "parent",
                "people": None, "history": None}


def quantifier(compiler: Evaluator, node: Quant, env: Env, scope: Scope) -> V:
    """``any``, ``all``, ``count`` or ``sum`` over a collection of the household."""
    items, item_type, kind = _collection(compiler.tables, node.collection, env)
    own = _own_record(node, env) if kind == "person" else None
    if own is not None:
        return _own_item(compiler, node, env, scope, own, item_type)
    number = compiler.next_id()
    name = f"_q{number}"
    if node.body is None:
        counts = items.group_by("_h").agg(pl.len().cast(pl.Int64).alias(name))
        scope.frame = scope.frame.join(counts, on="_h", how="left")
        return V(pl.col(name).fill_null(0), INT, bound=2**32)
    assert node.var is not None
    prefix = f"v{number}."
    renamed = items.rename({c: prefix + c for c in items.collect_schema().names()
                            if c != "_h"})
    if node.kind in ("any", "count"):
        keep = _item_filter(compiler, node, env, Rec(prefix, item_type, kind))
        if keep is not None:
            renamed = renamed.filter(keep)
    alone = _household_level(node, env)
    # The scope's rows before other quantifiers joined theirs, unless the body reads a
    # value computed in the scope (a definition's argument), which may be one of them.
    rows = scope.frame if _reads_values(node, env) else scope.base
    assert rows is not None
    key = "_h" if alone else scope.key
    if alone and not _reads_household(node, env):
        joined = renamed  # each item's household is one of the tables' households
    elif alone:
        joined = compiler.tables.households.join(renamed, on="_h", how="inner")
    else:
        joined = _joined(node, env, rows, renamed, prefix)
    inner = Scope(joined.with_row_index(f"_s{number}"), f"_s{number}")
    inner_env = {**env, node.var: Rec(prefix, item_type, kind)}
    body = compiler.value(node.body, inner_env, inner)
    if (node.kind != "sum" and body.type != BOOL) or (node.kind == "sum" and body.type != INT):
        raise Unsupported("a sum of decimals")
    aggregates = [pl.len().alias(name + "n"),
                  *_aggregate(node.kind, body, name, missing=compiler.missing)]
    grouped = inner.frame.group_by(key).agg(aggregates)
    scope.frame = scope.frame.join(grouped, on=key, how="left")
    empty = {"any": False, "all": True, "count": 0, "sum": 0}[node.kind]
    value = pl.when(pl.col(name + "n").is_null()).then(pl.lit(empty)) \
        .otherwise(pl.col(name))
    err = pl.col(name + "e") if body.err is not None else None
    miss = pl.col(name + "m").fill_null(EMPTY) \
        if compiler.missing and body.miss is not None else None
    ty = BOOL if node.kind in ("any", "all") else INT
    bound = 2**32 * (body.bound if node.kind == "sum" else 1)
    if bound >= INT_LIMIT:
        raise Unsupported("a sum that could overflow 64 bits")
    return V(value, ty, miss, err, bound=bound)

def _own_record(node: Quant, env: Env) -> Rec | None:
    """The person ``r`` when the quantifier is ``any(x.id == r.id and ... for x in
    household.<people>)`` (``r`` a person of the household): the only item that can make
    it true is ``r`` itself (ids are unique in a household, and never unknown)."""
    found = _keyed_by(node, env) if node.kind == "any" else None
    return found[1] if found is not None and found[0] == "id" else None


def _own_item(compiler: Evaluator, node: Quant, env: Env, scope: Scope, own: Rec,
              item_type: RecordType) -> V:
    """``any(x.id == r.id and ... for x in household.<people>)`` without a join: the body
    on ``r``'s own columns where ``r`` is in the collection (the interpreter's ``and``
    stops at the other items' false ``x.id == r.id``), else false."""
    assert node.body is not None
    assert node.var is not None
    assert isinstance(node.collection, Attr)
    role = _COLLECTIONS[node.collection.name]
    member = own.col("_role") == role if role is not None else pl.lit(True)
    inner_env = {**env, node.var: Rec(own.prefix, item_type, own.kind, own.reads)}
    body = compiler.value(node.body, inner_env, scope)
    if body.type != BOOL:
        raise Unsupported("a quantifier whose body is not a truth value")
    miss = None
    if compiler.missing and body.miss is not None:
        gated = gate(body)
        miss = pl.when(member).then(gated).otherwise(EMPTY)
    err = member & body.err.fill_null(False) if body.err is not None else None
    return V(member & body.value, BOOL, miss, err)


def _aggregate(kind: str, body: V, name: str, *, missing: bool) -> list[pl.Expr]:
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
    if missing and body.miss is not None:
        gated = gate(body)
        assert gated is not None
        out.append(gated.str.join("", ignore_nulls=True).alias(name + "m"))
    return out

def _collection(tables: Tables, node: Node, env: Env) -> tuple[pl.LazyFrame, RecordType, str]:
    if not (isinstance(node, Attr) and node.name in _COLLECTIONS and node.info is not None
            and isinstance(node.obj, Name)
            and isinstance(env.get(node.obj.id), Rec)
            and env[node.obj.id].kind == "household"):  # type: ignore[union-attr]
        raise Unsupported("a quantifier over a computed list")
    ty = node.info.type
    assert isinstance(ty, ListType)
    assert isinstance(ty.item, RecordType)
    if node.name == "history":
        return tables.history, ty.item, "history"
    role = _COLLECTIONS[node.name]
    people = tables.people
    if role is not None:
        people = people.filter(pl.col("_role") == role)
    return people, ty.item, "person"

def _joined(node: Quant, env: Env, rows: pl.LazyFrame, items: pl.LazyFrame, prefix: str
            ) -> pl.LazyFrame:
    """Each row with the items of its household; for ``any`` and ``count`` whose body is
    ``x.f == r.id and ...`` (``f`` never unknown), with only the items where it holds:
    the others' body is false, and they change neither result."""
    own = _keyed_by(node, env) if node.kind in ("any", "count") else None
    if own is None:
        return rows.join(items, on="_h", how="inner")
    field, rec = own
    return rows.join(items, left_on=["_h", rec.col("id")],
                     right_on=["_h", pl.col(prefix + field)], how="inner", coalesce=False
                     ).drop("_h_right")


def _item_filter(compiler: Evaluator, node: Quant, env: Env, item: Rec) -> pl.Expr | None:
    """For ``any`` and ``count`` whose body is ``a and b and ...``: the parts that read
    nothing but the item (and constants), as a filter on the items (where one is false,
    the body is false: that item changes neither result; an unknown one is kept). Only
    parts at the head of the body that cannot raise, as the interpreter's ``and`` would
    have evaluated them on every item."""
    body = node.body
    assert body is not None
    assert node.var is not None
    parts = body.values if isinstance(body, BoolOp) and body.op == "and" else (body,)
    kept: list[pl.Expr] = []
    for part in parts:
        names = [sub.id for sub in walk(part) if isinstance(sub, Name)]
        if not _cannot_raise(part) or any(n in compiler.definitions for n in names):
            break
        if all(n == node.var or n not in env for n in names):
            rows = Scope(pl.LazyFrame(), "_")  # read by quantifiers only: there are none
            value = compiler.value(part, {**env, node.var: item}, rows)
            if value.type == BOOL and not value.is_const:
                kept.append(value.value.fill_null(True))
    if not kept:
        return None
    return pl.all_horizontal(kept) if len(kept) > 1 else kept[0]


def _keyed_by(node: Quant, env: Env) -> tuple[str, Rec] | None:
    """``(f, r)`` when the body is ``x.f == r.id and ...`` (or that comparison alone),
    ``x`` the quantifier's variable, ``f`` a field never unknown and ``r`` a person."""
    body = node.body
    if body is None:
        return None
    parts = body.values if isinstance(body, BoolOp) and body.op == "and" else (body,)
    for part in parts:
        found = _compares_id(part, node, env)
        if found is not None:
            return found
        # The interpreter's ``and`` evaluates the parts before the comparison on every
        # item: none of them may raise.
        if not _cannot_raise(part):
            return None
    return None


def _compares_id(part: Node, node: Quant, env: Env) -> tuple[str, Rec] | None:
    if not (isinstance(part, Compare) and part.ops == ("==",)):
        return None
    sides = (part.left, part.comparators[0])
    for mine, other in (sides, sides[::-1]):
        if (isinstance(mine, Attr) and isinstance(mine.obj, Name)
                and mine.obj.id == node.var and mine.info is not None
                and not mine.info.nullable and mine.info.derived is None
                and isinstance(other, Attr) and other.name == "id"
                and isinstance(other.obj, Name) and other.obj.id != node.var):
            bound = env.get(other.obj.id)
            if isinstance(bound, Rec) and bound.kind == "person":
                return mine.name, bound
    return None


def _cannot_raise(node: Node) -> bool:
    """Whether ``node`` only compares stored fields, names and literals (nothing in it
    can raise)."""
    return all(isinstance(sub, Name | Literal | ListLit | Compare | BoolOp | Unary)
               or (isinstance(sub, Attr) and sub.info is not None and sub.info.derived is None)
               for sub in walk(node))


def _reads_household(node: Quant, env: Env) -> bool:
    """Whether the body reads the household (or anything else but its own variables)."""
    assert node.body is not None
    local = {n.var for n in walk(node) if isinstance(n, Quant) and n.var}
    return any(isinstance(sub, Name) and sub.id not in local
               and isinstance(env.get(sub.id), Rec) for sub in walk(node.body))


def _household_level(node: Quant, env: Env) -> bool:
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


def _reads_values(node: Quant, env: Env) -> bool:
    """Whether the body reads a value of the scope that is not a constant."""
    assert node.body is not None
    local = {n.var for n in walk(node) if isinstance(n, Quant) and n.var}
    return any(isinstance(sub, Name) and sub.id not in local
               and isinstance(env.get(sub.id), V)
               and not env[sub.id].is_const  # type: ignore[union-attr]
               for sub in walk(node.body))
