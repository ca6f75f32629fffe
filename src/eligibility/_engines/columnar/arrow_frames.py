"""A batch laid out straight from a Parquet roster's columns, never building a model.

A roster whose Arrow schema is :func:`~eligibility._model.roster_schema.roster_schema`
holds one household per row: the affiliate a struct, the spouses, children, parents and
benefit history lists of structs. :func:`batch_of_rows` explodes those lists into the
columnar engine's three tables (:class:`~.frames.Batch`) with Polars expressions, and
:func:`unborn_ids` names the people not yet born on the date, as
:meth:`Household.as_of` leaves them out.

Held to the model: for rows the model accepts, the tables are *equal* (columns, order,
types, values) to those :meth:`Batch.of` builds from the rows made into models and taken
as of the date, and the ids to :attr:`Household.not_yet_born`; a Hypothesis differential
test (``tests/test_arrow_frames.py``) checks both, as the columnar engine is held to the
native one. What the two share is one piece of code (:mod:`.frames`: the stored fields and
their column types, the decimal scale rule, the paths); the rest reads the model's own
vocabulary (:class:`Role`, :class:`Category`, :class:`AffiliateStatus`) and fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import cache

import polars as pl

from eligibility._model.household import (
    Affiliate,
    AffiliateStatus,
    BenefitRecord,
    Category,
    Household,
    Role,
)
from eligibility._model.roster_schema import model_fields_of

from .frames import (
    DECIMAL_TEXT,
    DTYPES,
    HISTORY_FIELDS,
    HISTORY_PATH,
    HOUSEHOLD_FIELDS,
    NO_CATEGORY,
    PERSON_FIELDS,
    ROLE_OF,
    Batch,
    decimal_dtype,
    decimal_scale,
)

__all__ = ["batch_of_rows", "unborn_ids"]

_INDEX = "_i"  # a person's or record's index in its list in the file
_STATUS = "_status"  # the affiliate's status, beside each person
_KILLED = "_killed"  # whether the affiliate was killed on duty, beside each person


@cache
def _layout() -> tuple[str, tuple[tuple[str, Role], ...], str]:
    """Read off the household model: the affiliate's field, the lists of people (field,
    role) in the order of :attr:`Household.people`, and the history's field."""
    fields = model_fields_of(Household)
    affiliate = next(n for n, k in fields.items() if k.kind == "model" and k.model is Affiliate)
    lists = {k.model: n for n, k in fields.items() if k.kind == "list"}
    people = tuple((lists[model], role) for model, role in ROLE_OF.items() if model in lists)
    return affiliate, people, lists[BenefitRecord]


def _category(role: Role, on: date) -> pl.Expr:
    """The member category of a person of this role on ``on``, as
    :meth:`Household.category_of` gives it (:data:`NO_CATEGORY` for none)."""
    status = pl.col(_STATUS)
    if role is Role.AFFILIATE:
        return (pl.when(status == AffiliateStatus.ACTIVE.value)
                .then(pl.lit(Category.ACTIVE_OFFICER.value))
                .when(status == AffiliateStatus.RETIRED.value)
                .then(pl.lit(Category.RETIREE.value)).otherwise(pl.lit(NO_CATEGORY)))
    if role is Role.SPOUSE:
        return (pl.when(pl.col("divorce_date") <= on)
                .then(pl.lit(Category.FORMER_SPOUSE.value))
                .when(status == AffiliateStatus.DECEASED.value).then(pl.lit(Category.WIDOW.value))
                .otherwise(pl.lit(Category.RIGHTS_HOLDER.value)))
    if role is Role.PARENT:
        return (pl.when(pl.col(_KILLED)).then(pl.lit(Category.HONORARY_MEMBER.value))
                .otherwise(pl.lit(Category.RIGHTS_HOLDER.value)))
    return pl.lit(Category.RIGHTS_HOLDER.value)


def _exploded(frame: pl.DataFrame, name: str, *beside: pl.Expr) -> pl.DataFrame:
    """One row per element of the list column ``name``: ``_h`` (the row), ``_i`` (the
    index in the list), the columns ``beside`` and the element's fields."""
    return (frame.lazy().select(
        pl.int_range(pl.len(), dtype=pl.Int32()).alias("_h"),
        pl.int_ranges(0, pl.col(name).list.len(), dtype=pl.Int32()).alias(_INDEX),
        pl.col(name), *beside)
        .explode(_INDEX, name).filter(pl.col(_INDEX).is_not_null())
        .unnest(name).collect())


def _fields(fields: dict[str, type], present: dict[str, pl.DataType], scales: dict[str, int]
            ) -> list[pl.Expr]:
    """The stored fields' columns (``null`` for a field this part has not), decimals with
    their text beside; decimals at the scale ``scales`` gives (of the whole column)."""
    out: list[pl.Expr] = []
    for name, kind in fields.items():
        if name in scales:
            dtype = decimal_dtype(scales[name])
            value = pl.col(name) if name in present else pl.lit(None, dtype=dtype)
            out.append(value.cast(dtype).alias(name))
            out.append(value.cast(pl.String()).alias(name + DECIMAL_TEXT))
        elif name in present:
            out.append(pl.col(name).cast(DTYPES[kind]))
        else:
            out.append(pl.lit(None, dtype=DTYPES[kind]).alias(name))
    return out


def _scales(parts: Sequence[pl.DataFrame], fields: dict[str, type]) -> dict[str, int]:
    """Each decimal field's column scale over ``parts``: their places if some value is
    present, as :meth:`Batch.of` chooses it from the values."""
    scales: dict[str, int] = {}
    for name, kind in fields.items():
        if kind is not Decimal:
            continue
        places = [part.schema[name] for part in parts
                  if name in part.columns and part.get_column(name).null_count() < part.height]
        scales[name] = decimal_scale(p.scale for p in places if isinstance(p, pl.Decimal))
    return scales


def _people_parts(frame: pl.DataFrame, on: date) -> list[tuple[Role, pl.DataFrame]]:
    """The people by role (affiliate, then each list in order), those not yet born on
    ``on`` left out, each with ``_h``, ``_i``, the affiliate's status and killed on duty,
    and their fields."""
    affiliate, lists, _ = _layout()
    beside = (pl.col(affiliate).struct.field("status").alias(_STATUS),
              pl.col(affiliate).struct.field("killed_on_duty").alias(_KILLED))
    first = frame.lazy().select(
        pl.int_range(pl.len(), dtype=pl.Int32()).alias("_h"),
        pl.lit(0, dtype=pl.Int32()).alias(_INDEX), *beside, pl.col(affiliate)
    ).unnest(affiliate).collect()
    parts = [(Role.AFFILIATE, first)]
    for name, role in lists:
        part = _exploded(frame, name, *beside)
        born = pl.col("birth_date").is_null() | (pl.col("birth_date") <= on)
        parts.append((role, part.filter(born)))
    return parts


def _people(frame: pl.DataFrame, on: date) -> pl.DataFrame:
    affiliate, lists, _ = _layout()
    parts = _people_parts(frame, on)
    scales = _scales([part for _, part in parts], PERSON_FIELDS)
    names = {role: name for name, role in lists}
    tables = []
    for role, part in parts:
        path = (pl.lit(f"household.{affiliate}") if role is Role.AFFILIATE
                else pl.format(f"household.{names[role]}[{{}}]", pl.col(_INDEX)))
        tables.append(part.lazy().select(
            "_h", pl.lit(role.value).alias("_role"), _category(role, on).alias("_cat"),
            path.alias("_path"), *_fields(PERSON_FIELDS, dict(part.schema), scales)))
    people = pl.concat(tables).sort("_h", maintain_order=True)
    row = pl.int_range(pl.len(), dtype=pl.Int32())
    first = pl.when(pl.col("_h") != pl.col("_h").shift(1, fill_value=-1)).then(row)
    return people.select(
        "_h", (row - first.forward_fill()).alias("_key"), pl.all().exclude("_h")).collect()


def _history(frame: pl.DataFrame) -> pl.DataFrame:
    _, _, name = _layout()
    part = _exploded(frame, name)
    scales = _scales([part], HISTORY_FIELDS)
    return part.select(
        "_h", pl.col(_INDEX).alias("_key"), pl.format(HISTORY_PATH, pl.col(_INDEX)).alias("_path"),
        *_fields(HISTORY_FIELDS, dict(part.schema), scales))


def _household(frame: pl.DataFrame) -> pl.DataFrame:
    scales = _scales([frame], HOUSEHOLD_FIELDS)
    return frame.select(
        pl.int_range(pl.len(), dtype=pl.Int32()).alias("_h"),
        *_fields(HOUSEHOLD_FIELDS, dict(frame.schema), scales),
        pl.lit(False).alias("_bad"))  # a Parquet decimal always fits a column


def batch_of_rows(frame: pl.DataFrame, on: date, households: Sequence[Household]) -> Batch:
    """The batch :meth:`Batch.of` would lay out for the rows of ``frame`` (a Parquet
    roster's record batch, every row a household the model accepts, the affiliate born by
    ``on``) made into models and taken as of ``on``.

    ``households`` are those models, kept as given (a sequence that makes them when
    asked: the engine asks only for the rows it decides one at a time)."""
    return Batch(households, on, _household(frame), _people(frame, on), _history(frame))


def unborn_ids(frame: pl.DataFrame, on: date) -> pl.Series:
    """Per row, the ids of the people not yet born on ``on`` (as
    :attr:`Household.not_yet_born` gives them once taken :meth:`~Household.as_of` it):
    a list of texts."""
    _, lists, _ = _layout()
    ids = [pl.col(name).fill_null([]).list.eval(
        pl.element().filter(pl.element().struct.field("birth_date") > on)
        .struct.field("id")) for name, _ in lists]
    return frame.select(pl.concat_list(ids).alias("unborn")).to_series()
