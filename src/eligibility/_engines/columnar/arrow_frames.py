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
test (``tests/test_arrow_frames.py``) checks both over generated households on dates
around their births and divorces, as the columnar engine is held to the native one. The
two share :mod:`.frames`' stored fields and column types, its decimal scale rule and its
paths; the lists, their order and longest lengths are read off the model's fields, and
the member category rule (:meth:`Household.category_of`) is written with the model's own
vocabulary (:class:`Role`, :class:`Category`, :class:`AffiliateStatus`). What the model
guarantees of a row it accepts is relied on, never checked again: every whole number and
decimal is within its bounds (so no household is ``_bad``), no list holds a null or is
longer than the model allows.
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
_ROLE = "_r"  # a person's role, by its place in Household.people (see _role_code)
_CAT = "_c"  # a person's member category, by its place in _CATEGORIES
_PATH = "_p"  # a person's path in the file, by its place in _paths()


@cache
def _layout() -> tuple[str, tuple[tuple[str, Role], ...], str]:
    """Read off the household model: the affiliate's field, the lists of people (field,
    role) in the order of :attr:`Household.people`, and the history's field."""
    fields = model_fields_of(Household)
    affiliate = next(n for n, k in fields.items() if k.kind == "model" and k.model is Affiliate)
    lists = {k.model: n for n, k in fields.items() if k.kind == "list"}
    people = tuple((lists[model], role) for model, role in ROLE_OF.items() if model in lists)
    return affiliate, people, lists[BenefitRecord]


#: The member categories (and none) by code: a category is carried as its code while the
#: people are put in file order, and written out once they are.
_CATEGORIES = (NO_CATEGORY, *(category.value for category in Category))


@cache
def _paths() -> tuple[dict[Role, int], pl.Series]:
    """Every path a person can have in a file the model accepts (the affiliate's, then
    each list's up to its longest), and the code of each role's first path: a person's
    path is carried as a code while the people are put in file order."""
    affiliate, lists, _ = _layout()
    paths = [f"household.{affiliate}"]
    first: dict[Role, int] = {Role.AFFILIATE: 0}
    for name, role in lists:
        longest = next(m.max_length for m in Household.model_fields[name].metadata
                       if getattr(m, "max_length", None) is not None)
        first[role] = len(paths)
        paths.extend(f"household.{name}[{index}]" for index in range(longest))
    return first, pl.Series(paths, dtype=pl.String())


def _category(role: Role, on: date) -> pl.Expr:
    """The code (in :data:`_CATEGORIES`) of the member category on ``on`` of a person of
    this role, as :meth:`Household.category_of` gives it."""
    def code(category: Category | None) -> pl.Expr:
        return pl.lit(_CATEGORIES.index(NO_CATEGORY if category is None else category.value),
                      dtype=pl.Int8())

    status = pl.col(_STATUS)
    if role is Role.AFFILIATE:
        return (pl.when(status == AffiliateStatus.ACTIVE.value).then(code(Category.ACTIVE_OFFICER))
                .when(status == AffiliateStatus.RETIRED.value).then(code(Category.RETIREE))
                .otherwise(code(None)))
    if role is Role.SPOUSE:
        return (pl.when(pl.col("divorce_date") <= on).then(code(Category.FORMER_SPOUSE))
                .when(status == AffiliateStatus.DECEASED.value).then(code(Category.WIDOW))
                .otherwise(code(Category.RIGHTS_HOLDER)))
    if role is Role.PARENT:
        return (pl.when(pl.col(_KILLED)).then(code(Category.HONORARY_MEMBER))
                .otherwise(code(Category.RIGHTS_HOLDER)))
    return code(Category.RIGHTS_HOLDER)


def _role_code(role: Role) -> int:
    """A role's place in :attr:`Household.people` (the affiliate first)."""
    return list(ROLE_OF.values()).index(role)


def _texts() -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Each person's role, member category and path in the file
    (``household.spouses[2]``), from their codes."""
    roles = pl.Series([role.value for role in ROLE_OF.values()], dtype=pl.String())
    categories = pl.Series(_CATEGORIES, dtype=pl.String())
    return (pl.lit(roles).gather(pl.col(_ROLE)), pl.lit(categories).gather(pl.col(_CAT)),
            pl.lit(_paths()[1]).gather(pl.col(_PATH)))


def _exploded(frame: pl.DataFrame, name: str, *beside: pl.Expr) -> pl.LazyFrame:
    """One row per element of the list column ``name``: ``_h`` (the row), ``_i`` (the
    index in the list), the columns ``beside`` and the element's fields."""
    return (frame.lazy().select(
        pl.int_range(pl.len(), dtype=pl.Int32()).alias("_h"),
        pl.int_ranges(0, pl.col(name).list.len(), dtype=pl.Int32()).alias(_INDEX),
        pl.col(name), *beside)
        .explode(_INDEX, name).filter(pl.col(_INDEX).is_not_null())
        .unnest(name))


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


def _people_parts(frame: pl.DataFrame, on: date) -> list[pl.DataFrame]:
    """The people by role (affiliate, then each list in order), those not yet born on
    ``on`` left out, each with ``_h`` and the codes of their role, member category and
    path, and their fields."""
    affiliate, lists, _ = _layout()
    beside = (pl.col(affiliate).struct.field("status").alias(_STATUS),
              pl.col(affiliate).struct.field("killed_on_duty").alias(_KILLED))
    first = frame.lazy().select(
        pl.int_range(pl.len(), dtype=pl.Int32()).alias("_h"),
        pl.lit(0, dtype=pl.Int32()).alias(_INDEX), *beside, pl.col(affiliate)
    ).unnest(affiliate)
    parts = [(Role.AFFILIATE, first)]
    for name, role in lists:
        born = pl.col("birth_date").is_null() | (pl.col("birth_date") <= on)
        parts.append((role, _exploded(frame, name, *beside).filter(born)))
    return pl.collect_all([part.select(
        "_h", pl.lit(_role_code(role), pl.Int8()).alias(_ROLE),
        _category(role, on).alias(_CAT),
        (pl.col(_INDEX) + _paths()[0][role]).alias(_PATH),
        pl.all().exclude("_h", _INDEX, _STATUS, _KILLED)) for role, part in parts])


def _people(frame: pl.DataFrame, on: date) -> pl.DataFrame:
    # In file order: a stable sort by household of the parts one after the other, with
    # codes for the texts made from other columns (written once in that order).
    parts = _people_parts(frame, on)
    scales = _scales(parts, PERSON_FIELDS)
    people = pl.concat(parts, how="diagonal_relaxed", rechunk=True).sort(
        "_h", maintain_order=True)
    row = pl.int_range(pl.len(), dtype=pl.Int32())
    first = pl.when(pl.col("_h") != pl.col("_h").shift(1, fill_value=-1)).then(row)
    role, category, path = _texts()
    return people.select(
        "_h", (row - first.forward_fill()).alias("_key"), role.alias("_role"),
        category.alias("_cat"), path.alias("_path"),
        *_fields(PERSON_FIELDS, dict(people.schema), scales))


def _history(frame: pl.DataFrame) -> pl.DataFrame:
    _, _, name = _layout()
    part = _exploded(frame, name).collect()
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
    a list of texts, in file order."""
    _, lists, _ = _layout()
    row = pl.int_range(pl.len(), dtype=pl.Int32()).alias("_h")
    unborn = pl.concat([
        frame.lazy().select(row, pl.col(name)).explode(name)
        .select("_h", pl.col(name).struct.field("id"), pl.col(name).struct.field("birth_date"))
        .filter(pl.col("birth_date") > on).select("_h", "id")
        for name, _ in lists]).group_by("_h", maintain_order=True).agg("id")
    return (frame.lazy().select(row).join(unborn, on="_h", how="left", maintain_order="left")
            .select(pl.col("id").fill_null([]).alias("unborn")).collect().to_series())
