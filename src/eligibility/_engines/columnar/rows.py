"""The applicant rows a program's queries run over, made once per batch.

Which people a program applies to depends only on its roles: those rows (``_r0`` their
number, ``_h`` the household's row, ``_p`` the person's row) are found once per batch for
each set of roles. A query then reads only some of the person's columns (``a.*``) and
the household's (``h.*``, the affiliate's ``f.*``): the compiler records which, and only
those are gathered, once per batch for each set of roles (:func:`gather_columns`: every
set's rows and columns in one Polars call, run in parallel), or, for the second pass, for
the few rows it runs over (gathered by row number: ``_h`` and ``_p`` are row numbers).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from eligibility._compile.ir import Program
from eligibility._model.household import AffiliateStatus, Role

from .values import Tables

__all__ = ["applicant_rows", "applying", "frame_of", "frames", "gather_columns", "placeholder",
           "roles_of"]

#: The columns every applicant frame has, besides those read.
_KEYS = ("_r0", "_h", "a._h", "a._key", "h._bad")


def roles_of(program: Program) -> tuple[str, ...]:
    """The roles the program applies to, sorted."""
    return tuple(sorted(role.value for role in program.applies_to))


def applying(program: Program) -> pl.Expr:
    """Whether a row of a batch's people is an applicant of ``program``: a person of the
    roles it applies to, but a deceased affiliate never (as ``RuleBook.applicants`` says)."""
    return _applying(roles_of(program))


def _applying(roles: tuple[str, ...]) -> pl.Expr:
    # Comparisons rather than is_in: a quarter of the time over a batch's people.
    found = pl.any_horizontal(*(pl.col("_role") == role for role in roles))
    if Role.AFFILIATE.value not in roles:
        return found
    return found & ~((pl.col("_role") == Role.AFFILIATE.value)
                     & (pl.col("status") == AffiliateStatus.DECEASED.value).fill_null(False))


def applicant_rows(program: Program, tables: Tables) -> pl.DataFrame:
    """One row per person the program applies to (a deceased affiliate never applies),
    in batch order: ``_r0``, ``_h``, ``_p`` (found once per batch for each set of roles,
    by :func:`gather_columns`)."""
    roles = roles_of(program)
    if ("rows", roles) not in tables.shared:
        gather_columns(tables, {roles: ()})
    found: pl.DataFrame = tables.shared[("rows", roles)]
    return found


def gather_columns(tables: Tables, wanted: Mapping[tuple[str, ...], Iterable[str]]) -> None:
    """For each set of roles (as :func:`roles_of` gives them), its applicant rows and the
    columns ``wanted`` of them (and the keys every applicant frame has), kept for the
    batch where :func:`applicant_rows` and :func:`frame_of` find them: made by one Polars
    call for every set (run in parallel), where each set made alone costs a call for its
    rows and one gather per table."""
    people, households = frames(tables)
    queries: list[pl.LazyFrame] = []
    sets: list[tuple[str, ...]] = []
    for roles, reads in wanted.items():
        names = [n for n in sorted({*reads, *_KEYS} - {"_r0", "_h", "_p"})
                 if ("column", roles, n) not in tables.shared]
        if ("rows", roles) in tables.shared and not names:
            continue
        sets.append(roles)
        household = [n for n in names if not n.startswith("a.")]
        query = people.lazy().with_row_index("_p").filter(_applying(roles)).select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("_r0"), pl.col("_h"),
            pl.col("_p").cast(pl.Int64),
            *(pl.col(n[2:]).alias(n) for n in names if n.startswith("a.")))
        if household:
            query = query.join(households.lazy().select("_h", *household), on="_h",
                               how="left", maintain_order="left")
        queries.append(query)
    for roles, found in zip(sets, pl.collect_all(queries, engine="in-memory"), strict=True):
        tables.shared.setdefault(("rows", roles), found.select("_r0", "_h", "_p"))
        for column in found.get_columns()[3:]:
            tables.shared[("column", roles, column.name)] = column


def frames(tables: Tables) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The people and the households (with their affiliate's columns), as data frames."""
    found: tuple[pl.DataFrame, pl.DataFrame] | None = tables.shared.get("frames")
    if found is None:
        found = tables.shared["frames"] = (tables.people.collect(engine="in-memory"),
                                           tables.households.collect(engine="in-memory"))
    return found


def placeholder(tables: Tables) -> pl.LazyFrame:
    """No row, but every column an applicant frame can have: what a query is compiled
    over first, to learn which columns it reads."""
    found: pl.DataFrame | None = tables.shared.get("placeholder")
    if found is None:
        people, households = frames(tables)
        schema = {"_r0": pl.UInt32(), "_h": people.schema["_h"], "_p": pl.Int64(),
                  **{"a." + c: t for c, t in people.schema.items()},
                  **{c: t for c, t in households.schema.items() if c != "_h"}}
        found = tables.shared["placeholder"] = pl.DataFrame(schema=schema)
    return found.lazy()


def frame_of(rows: pl.DataFrame, tables: Tables, reads: Iterable[str],
             shared: tuple[str, ...] | None) -> pl.LazyFrame:
    """``rows`` with the columns ``reads`` (and the keys) gathered from the tables; a
    column is kept for the batch under ``shared`` (the rows of a set of roles)."""
    people, households = frames(tables)
    wanted = sorted({*reads, *_KEYS} - {"_r0", "_h", "_p"})
    kept: dict[str, pl.Series] = {}
    if shared is not None:
        kept = {n: tables.shared[("column", shared, n)] for n in wanted
                if ("column", shared, n) in tables.shared}
    own = [n[2:] for n in wanted if n.startswith("a.") and n not in kept]
    household = [n for n in wanted if not n.startswith("a.") and n not in kept]
    # One gather per table (indexing a data frame by a series of row numbers).
    found: list[pl.Series] = []
    if own:
        found += people.select(own)[rows["_p"]].rename(lambda c: "a." + c).get_columns()
    if household:
        found += households.select(household)[rows["_h"]].get_columns()
    for column in found:
        kept[column.name] = column
        if shared is not None:
            tables.shared[("column", shared, column.name)] = column
    return rows.with_columns(kept[n] for n in wanted).lazy()
