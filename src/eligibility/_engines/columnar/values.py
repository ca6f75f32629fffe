"""What a compiled expression is in the columnar engine, and the Kleene helpers.

A value is a Polars expression over the rows of a scope (``null`` is an unknown fact, and
Polars' ``&``, ``|`` and comparisons already follow Kleene's logic on nulls), with, when
asked for, the missing facts' paths (read only where the value is null) and a flag for
rows where the reference evaluation may raise (the engine then asks the interpreter for
those rows). A record (the applicant, the household, a loop variable) is a prefix naming
its columns.

While an expression is compiled, its missing facts are one text: each path preceded by
a line break (:data:`EMPTY`, the empty text, is no fact), so that the facts of several
parts are their texts put end to end (:func:`union`), a string operation; a list column
is made only at the end (:func:`fact_list`): joining lists row by row costs several
times more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import polars as pl

from eligibility._language.ast import Node
from eligibility._language.types import RecordType, Type

__all__ = [
    "EMPTY",
    "FACT_MARK",
    "NO_FACT_LIST",
    "Env",
    "Evaluator",
    "Rec",
    "Scope",
    "Tables",
    "Unsupported",
    "V",
    "age_between",
    "any_of",
    "fact_list",
    "facts_of",
    "gate",
    "union",
]


class Unsupported(Exception):  # noqa: N818 - a signal to the planner, not an error
    """This expression cannot be evaluated exactly on columns: the interpreter will."""


#: What precedes each missing fact's path in a text of missing facts.
FACT_MARK = "\n"
#: No missing fact.
EMPTY = pl.lit("", dtype=pl.String())
#: No missing fact, as a list.
NO_FACT_LIST = pl.lit([], dtype=pl.List(pl.String()))
#: Any value whose absolute value is below this is exact in a 64-bit integer, with room
#: for one more addition.
INT_LIMIT = 2**62
_NOTHING: Any = object()


@dataclass(frozen=True)
class V:
    """A compiled value.

    Attributes:
        value: the expression (``null``: unknown).
        type: its language type.
        miss: the missing facts' paths (a text, each path preceded by
            :data:`FACT_MARK`; null or empty: none), read where ``value`` is null;
            ``None`` when the value is never unknown (or missing facts are not tracked).
        err: true on rows where the reference evaluation may raise; ``None``: never.
        const: the Python value, when it is the same on every row.
        bound: for an integer, a bound on its absolute value.
        text: for a decimal read from a field, the field's own text.
        exact: whether the column's values convert back to exactly the values the
            reference evaluation gives (false for a decimal computed on columns, whose
            text form may differ).
        none_text: the text that stands for ``None`` (a deceased affiliate's category).
    """

    value: pl.Expr
    type: Type | None
    miss: pl.Expr | None = None
    err: pl.Expr | None = None
    const: Any = _NOTHING
    bound: int = INT_LIMIT
    text: pl.Expr | None = None
    exact: bool = True
    none_text: str | None = None

    @property
    def is_const(self) -> bool:
        return self.const is not _NOTHING


@dataclass(frozen=True)
class Rec:
    """A record: its columns are ``prefix + field``. ``kind`` is ``person``,
    ``household`` or ``history``."""

    prefix: str
    type: RecordType
    kind: str
    #: Where the names of the columns read are recorded (the applicant's and the
    #: household's: what the applicant frame must hold), if anywhere.
    reads: set[str] | None = field(default=None, compare=False)

    @property
    def path(self) -> pl.Expr:
        if self.kind == "household":
            return pl.lit("household")
        return self.col("_path")

    def col(self, name: str) -> pl.Expr:
        if self.reads is not None:
            self.reads.add(self.prefix + name)
        return pl.col(self.prefix + name)


@dataclass
class Scope:
    """The rows expressions are evaluated over: the applicants, or (inside a quantifier)
    each applicant with each item of a collection. ``key`` numbers the rows; quantifiers
    join their results into ``frame``."""

    frame: pl.LazyFrame
    key: str
    names: set[str] = field(default_factory=set)
    #: The rows before any quantifier's results were joined in (what a quantifier's
    #: items are joined to, so that one quantifier's query does not hold another's).
    base: pl.LazyFrame | None = None

    def __post_init__(self) -> None:
        if self.base is None:
            self.base = self.frame


def gate(v: V) -> pl.Expr | None:
    """``v``'s missing facts where it is unknown, else none."""
    if v.miss is None:
        return None
    return pl.when(v.value.is_null()).then(v.miss).otherwise(EMPTY)


def union(*parts: pl.Expr | None) -> pl.Expr | None:
    """The missing facts of every part (``None`` parts have none; a null part none)."""
    kept = [p for p in parts if p is not None]
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    return pl.concat_str(kept, ignore_nulls=True)


def fact_list(miss: pl.Expr, *, keep_null: bool = False) -> pl.Expr:
    """The missing facts' text ``miss`` as a list of paths: empty where it has none, or
    null where it is null with ``keep_null``."""
    listed = pl.when(miss == "").then(NO_FACT_LIST) \
        .otherwise(miss.str.slice(len(FACT_MARK)).str.split(FACT_MARK))
    return listed if keep_null else listed.fill_null(NO_FACT_LIST)


def facts_of(text: str | None) -> frozenset[str]:
    """The paths in a text of missing facts (null: none), as :func:`fact_list` lists them."""
    if not text:
        return frozenset()
    return frozenset(text[len(FACT_MARK):].split(FACT_MARK))


def any_of(*flags: pl.Expr | None) -> pl.Expr | None:
    """True where any flag is (``None`` flags never are)."""
    kept = [f.fill_null(False) for f in flags if f is not None]
    if not kept:
        return None
    out = kept[0]
    for flag in kept[1:]:
        out = out | flag
    return out


def month_day(d: pl.Expr) -> pl.Expr:
    return d.dt.month().cast(pl.Int64) * 100 + d.dt.day().cast(pl.Int64)


def age_between(start: pl.Expr, end: pl.Expr | date) -> pl.Expr:
    """Completed years from ``start`` to ``end`` (the runtime's ``age_on``)."""
    if isinstance(end, date):
        later = (month_day(start) > end.month * 100 + end.day).cast(pl.Int64)
        return end.year - start.dt.year().cast(pl.Int64) - later
    later = (month_day(start) > month_day(end)).cast(pl.Int64)
    return end.dt.year().cast(pl.Int64) - start.dt.year().cast(pl.Int64) - later


def path_of(rec: Rec, name: str) -> pl.Expr:
    """``<record's path>.<name>``: the one missing fact of an unknown field."""
    if rec.kind == "household":
        return pl.lit(f"{FACT_MARK}household.{name}")
    return pl.concat_str([pl.lit(FACT_MARK), rec.path, pl.lit("." + name)])


@dataclass(frozen=True)
class Tables:
    """The batch's tables: households (columns ``h.*``, the affiliate's ``f.*``), people
    and history records (unprefixed), all keyed by household ``_h``; computed frames
    (the applicants of a set of roles...) are kept in ``shared``, made once per batch
    and read by every program's queries."""

    households: pl.LazyFrame
    people: pl.LazyFrame
    history: pl.LazyFrame
    #: The date the people's ages (column ``_age``) are computed for, if they are.
    on: date | None = None
    shared: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)


#: What names stand for while compiling: values and records.
Env = Mapping[str, "V | Rec"]


class Evaluator(Protocol):
    """What a quantifier needs of the compiler: the tables, whether missing facts are
    tracked, the shared definitions, a fresh number for its columns, and the body's value."""

    tables: Tables
    missing: bool
    definitions: Mapping[str, Any]

    def next_id(self) -> int: ...

    def value(self, node: Node, env: Env, scope: Scope) -> V: ...
