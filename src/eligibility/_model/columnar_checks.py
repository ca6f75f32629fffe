"""The household model's verdict on a Parquet roster's rows, computed on their columns.

A Parquet roster whose Arrow schema is :func:`~.roster_schema.roster_schema` holds one
household per row, nested as the household file is. :func:`refused_rows` says, for a whole
batch of rows at once and without building a model, which rows the household model would
refuse as the roster pipeline reads them: ``parse_household(dropped_nulls(row))`` raises,
or the affiliate is not yet born on the evaluation date (``as_of`` refuses the household).

It is not a second definition of a valid household: the pydantic model
(:mod:`.household`, :mod:`.persons`, :mod:`.plausible`, :mod:`.inputs`) stays the one.
The bounds of each field (lengths, patterns, ``ge``/``le``, enumeration members, which
fields are required) are read off the model's own field metadata
(:func:`~.roster_schema.field_bounds`), the list limits and date constants are the
model's (``MAX_SPOUSES``... through the fields, ``POSTHUMOUS_BIRTH_DAYS``,
``MIN_RECRUITMENT_AGE``), and what the model's validators check across fields
(:meth:`.Affiliate._consistent`, :func:`.household_problem`) is written here once more as
column expressions. That second form is held to the first by a Hypothesis differential
test (``tests/test_columnar_checks.py``): for generated rows, valid and spoiled in every
way the model refuses, the verdict here equals the model's. In production a refused row
is handed to the model anyway, for its exact problems, so what matters most is that a row
accepted here is accepted by the model.

Values the Arrow types already guarantee are not checked again: a flag is a boolean, a
whole number an integer, a date a date, money and scores decimals with the model's
digits and places. A date outside Python's range (before year 1, after 9999) is refused,
so that such a row goes the model's way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import cache

import polars as pl
from pydantic import BaseModel

from .household import Household
from .people import AffiliateStatus
from .persons import (
    MIN_RECRUITMENT_AGE,
    POSTHUMOUS_BIRTH_DAYS,
    Child,
    Parent,
    Person,
    Spouse,
)
from .roster_schema import FieldBounds, field_bounds, model_fields_of, roster_schema

__all__ = ["refused_rows"]

_ROW = "_row"
#: The affiliate's facts that the checks of the people in a list compare with.
_BORN, _DIED = "_affiliate_born", "_affiliate_died"
#: Whether an exploded list's row is an item (not the place of an empty list).
_SOME = "_some"
#: The latest death date after which ``death + POSTHUMOUS_BIRTH_DAYS`` is past Python's
#: last date: the model's check of a child born after the death then fails (a refusal).
_LAST_DEATH = date.max - timedelta(days=POSTHUMOUS_BIRTH_DAYS)

Field = Callable[[str], pl.Expr]


def refused_rows(frame: pl.DataFrame, on: date) -> pl.Series:
    """True for each row of ``frame`` (a Parquet roster's record batch as Polars reads it,
    of the Arrow schema :func:`~.roster_schema.roster_schema`) that the household model
    refuses, or whose affiliate is not yet born on ``on``; False for the others.

    Raises ``ValueError`` if the frame's columns are not the roster's (whose rows only the
    model can judge)."""
    if frame.schema != _schema():
        raise ValueError("the frame's columns are not those of roster_schema()")
    rows = frame.lazy().with_row_index(_ROW)
    lists = _lists()
    elements = {name: _elements(rows, name) for name in lists}
    faults = [rows.filter(_any(_household_faults(on))).select(_ROW)]
    for name, model in lists.items():
        faults.append(elements[name]
                      .filter(pl.col(_SOME) & _any(_element_faults(name, model)))
                      .select(_ROW))
    faults.extend(_cross_faults(rows, elements))
    found = pl.concat(faults).unique().collect().get_column(_ROW)
    return pl.Series("refused", range(frame.height), dtype=pl.UInt32).is_in(found.implode())


@cache
def _schema() -> pl.Schema:
    table = roster_schema().empty_table()
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame.schema


@cache
def _lists() -> dict[str, type[BaseModel]]:
    """The household's lists (of people, of benefit records) with the model of an item."""
    return {name: kind.model for name, kind in model_fields_of(Household).items()
            if kind.kind == "list" and kind.model is not None}


def _any(conditions: list[pl.Expr]) -> pl.Expr:
    """True where one of ``conditions`` is true (an unknown operand is not a fault)."""
    return pl.any_horizontal(conditions).fill_null(False)


def _field_faults(model: type[BaseModel], value: Field) -> list[pl.Expr]:
    """The conditions under which one of ``model``'s own fields is refused, its value read
    by ``value(name)``: left out (null) where it is required, or out of its bounds.
    A model's (a struct's) own fields are included; a list's items are not (see
    :func:`_element_faults`)."""
    faults: list[pl.Expr] = []
    kinds = model_fields_of(model)
    for name, bounds in field_bounds(model).items():
        kind, column = kinds[name], value(name)
        if bounds.required and not kind.nullable:
            faults.append(column.is_null())
        faults.extend(_bound_faults(column, kind.kind, bounds))
        if kind.kind == "model" and kind.model is not None:
            faults.extend(_field_faults(kind.model, column.struct.field))
    return faults


def _bound_faults(column: pl.Expr, kind: str, bounds: FieldBounds) -> list[pl.Expr]:
    """The conditions under which a value of the field's ``kind`` is out of ``bounds``."""
    faults: list[pl.Expr] = []
    size = column.list.len() if kind == "list" else column.str.len_chars()
    if bounds.min_length is not None:
        faults.append(size < bounds.min_length)
    if bounds.max_length is not None:
        faults.append(size > bounds.max_length)
    if bounds.pattern is not None:
        faults.append(~column.str.contains(bounds.pattern))
    if bounds.ge is not None:
        faults.append(column < bounds.ge)
    if bounds.le is not None:
        faults.append(column > bounds.le)
    if bounds.choices is not None:
        faults.append(~column.is_in(pl.lit(pl.Series(bounds.choices)).implode()))
    if kind == "date":
        faults.append(~column.dt.year().is_between(date.min.year, date.max.year))
    return faults


def _household_faults(on: date) -> list[pl.Expr]:
    """Faults of the household's own fields, of its affiliate, and the affiliate not yet
    born on ``on``."""
    affiliate = pl.col("affiliate").struct.field
    return [*_field_faults(Household, pl.col), *_affiliate_faults(affiliate),
            affiliate("birth_date") > pl.lit(on)]


def _affiliate_faults(field: Field) -> list[pl.Expr]:
    """:meth:`.Affiliate._consistent`: the status and the dates agree."""
    status, born = field("status"), field("birth_date")
    died, recruited, retired = field("death_date"), field("recruitment_date"), \
        field("retirement_date")
    deceased = status == AffiliateStatus.DECEASED.value
    return [
        deceased & died.is_null(),
        ~deceased & died.is_not_null(),
        ~deceased & field("killed_on_duty").fill_null(False),
        (status == AffiliateStatus.ACTIVE.value) & retired.is_not_null(),
        died < born, recruited < born, retired < born,
        _age(born, recruited) < MIN_RECRUITMENT_AGE,
        retired < recruited,
    ]


def _age(born: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Completed years of age (:func:`.age_on`), a birthday on 29 February passing on
    1 March in common years."""
    before = (on.dt.month() < born.dt.month()) | (
        (on.dt.month() == born.dt.month()) & (on.dt.day() < born.dt.day()))
    return on.dt.year() - born.dt.year() - before.cast(pl.Int32)


def _elements(rows: pl.LazyFrame, name: str) -> pl.LazyFrame:
    """One row per item of the list ``name`` (items that are null included), with its
    household's row and the affiliate's birth and death dates; and one row (the item
    null, ``_SOME`` false) for each household whose list is empty or null, as exploding
    gives it (cheaper than leaving those households out first)."""
    affiliate = pl.col("affiliate").struct.field
    return rows.select(_ROW, affiliate("birth_date").alias(_BORN),
                       affiliate("death_date").alias(_DIED),
                       (pl.col(name).list.len() > 0).fill_null(False).alias(_SOME),
                       name).explode(name)


def _element_faults(name: str, model: type[BaseModel]) -> list[pl.Expr]:
    """Faults of an item of the list ``name``: null, or a field refused, or (for people)
    the dates :func:`.household_problem` compares with the affiliate's."""
    item = pl.col(name).struct.field
    faults = [pl.col(name).is_null(), *_field_faults(model, item)]
    born, died = item("birth_date") if issubclass(model, Person) else None, pl.col(_DIED)
    if model is Spouse:
        faults.append(item("divorce_date") > died)
    elif model is Child and born is not None:
        posthumous = born.is_not_null() & ~item("kafala").fill_null(False)
        faults += [born < pl.col(_BORN),
                   posthumous & (born > died + timedelta(days=POSTHUMOUS_BIRTH_DAYS)),
                   posthumous & (died > _LAST_DEATH)]
    elif model is Parent and born is not None:
        faults.append(born >= pl.col(_BORN))
    return faults


def _cross_faults(rows: pl.LazyFrame, elements: dict[str, pl.LazyFrame]
                  ) -> list[pl.LazyFrame]:
    """The rows where two people share an id, or a benefit record names nobody in the
    file (:func:`.household_problem`)."""
    people = [name for name, model in _lists().items() if issubclass(model, Person)]
    ids = pl.concat([
        rows.select(_ROW, pl.col("affiliate").struct.field("id").alias("_id")),
        *[elements[name].filter(_SOME)
          .select(_ROW, pl.col(name).struct.field("id").alias("_id")) for name in people]])
    # The same (row, id) twice: first by hash (cheap), then exactly among the few rows
    # found so (a hash collision is never taken for a repeated id).
    key = pl.struct(_ROW, "_id")
    twice = ids.filter(key.hash().is_duplicated()).filter(key.is_duplicated()).select(_ROW)
    records = [name for name in elements if name not in people]
    unknown = [elements[name]
               .select(_ROW, pl.col(name).struct.field("person").alias("_id"))
               .filter(pl.col("_id").is_not_null())
               .join(ids, on=[_ROW, "_id"], how="anti")
               .select(_ROW) for name in records]
    return [twice, *unknown]
