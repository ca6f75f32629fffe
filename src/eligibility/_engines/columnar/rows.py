"""The applicant rows a program's queries run over, made once per batch.

Which people a program applies to depends only on its roles: those rows (``_r0`` their
number, ``_h`` the household's row, ``_p`` the person's row) are found once per batch for
each set of roles. A query then reads only some of the person's columns (``a.*``) and
the household's (``h.*``, the affiliate's ``f.*``): the compiler records which, and only
those are gathered (not joined: ``_h`` and ``_p`` are row numbers), once per batch for
each set of roles, or, for the second pass, for the few rows it runs over.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from eligibility._compile.ir import Program
from eligibility._model.household import AffiliateStatus, Role

from .values import Tables

__all__ = ["applicant_rows", "frame_of", "frames", "placeholder", "roles_of"]

#: The columns every applicant frame has, besides those read.
_KEYS = ("_r0", "_h", "a._h", "a._key", "h._bad")


def roles_of(program: Program) -> tuple[str, ...]:
    """The roles the program applies to, sorted."""
    return tuple(sorted(role.value for role in program.applies_to))


def applicant_rows(program: Program, tables: Tables) -> pl.DataFrame:
    """One row per person the program applies to (a deceased affiliate never applies),
    in batch order: ``_r0``, ``_h``, ``_p``."""
    roles = roles_of(program)
    found: pl.DataFrame | None = tables.shared.get(("rows", roles))
    if found is None:
        people, _ = frames(tables)
        found = people.lazy().with_row_index("_p").filter(pl.col("_role").is_in(roles) & ~(
            (pl.col("_role") == Role.AFFILIATE.value)
            & (pl.col("status") == AffiliateStatus.DECEASED.value).fill_null(False))) \
            .select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_r0"), "_h",
                    pl.col("_p").cast(pl.Int64)).collect()
        tables.shared[("rows", roles)] = found
    return found


def frames(tables: Tables) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The people and the households (with their affiliate's columns), as data frames."""
    found: tuple[pl.DataFrame, pl.DataFrame] | None = tables.shared.get("frames")
    if found is None:
        found = tables.shared["frames"] = (tables.people.collect(),
                                           tables.households.collect())
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
    columns: list[pl.Series] = []
    for name in sorted({*reads, *_KEYS} - {"_r0", "_h", "_p"}):
        key = ("column", shared, name)
        found: pl.Series | None = tables.shared.get(key) if shared is not None else None
        if found is None:
            if name.startswith("a."):
                found = people[name[2:]].gather(rows["_p"])
            else:
                found = households[name].gather(rows["_h"])
            found = found.alias(name)
            if shared is not None:
                tables.shared[key] = found
        columns.append(found)
    return rows.with_columns(columns).lazy()
