"""Columns of compact roster rows made with less work than the obvious way, and put in
input order once.

A roster's decisions repeat: a program's rows give few distinct lists of results and
exceptions, amounts, details and missing facts, and far fewer distinct values read than
rows. Each such column is made once per distinct combination of the columns it reads
(:func:`distinct_index`): a small table, and for each row its index in it.

Rows are put in input order once, narrow: the decisions of every program and the rows of
the records without one carry whole numbers only (their record, program and applicant,
the applicant's row among the chunk's people, the indexes into the tables); they are
sorted on the record where they come in runs (else on one whole number made of the first
three), and only then is each wide column taken, by index, from its table, the record
(line, household, error, people not yet born), the person (applicant, category) or the
program — made once, in order, instead of made per program, joined and carried through
the sort.
"""

from __future__ import annotations

import polars as pl

from eligibility._i18n.words import category_name
from eligibility._model.household import Category
from eligibility._model.vocabulary import CriterionStatus, Language

__all__ = ["applicants", "by_index", "distinct_index", "failed_records", "in_input_order",
           "person_rows", "row_lists"]

#: Each criterion result as a JSON text.
_WORDS = tuple(f'"{status.value}"' for status in (
    CriterionStatus.PASSED, CriterionStatus.FAILED, CriterionStatus.UNKNOWN))
#: Codes stay below this (a signed 64-bit whole number holds them).
_MAX_CODE = 2**62


def row_lists(criteria: int) -> list[pl.Expr]:
    """The ``results`` and ``exceptions`` columns of ``criteria`` criteria (JSON arrays,
    as :func:`json.dumps` writes them compactly), from the result columns ``c0``... and
    the exception columns ``x0``...."""
    if not criteria:
        return [pl.lit("[]").alias("results"), pl.lit("[]").alias("exceptions")]
    words = [pl.when(pl.col(f"c{i}")).then(pl.lit(_WORDS[0]))
             .when(~pl.col(f"c{i}")).then(pl.lit(_WORDS[1])).otherwise(pl.lit(_WORDS[2]))
             for i in range(criteria)]
    chains = [pl.col(f"x{i}").cast(pl.String()) for i in range(criteria)]
    return [pl.concat_str([pl.lit("["), pl.concat_str(words, separator=","), pl.lit("]")])
            .alias("results"),
            pl.concat_str([pl.lit("["), pl.concat_str(chains, separator=","), pl.lit("]")])
            .alias("exceptions")]


def distinct_index(frame: pl.DataFrame, columns: list[pl.Expr]
                   ) -> tuple[pl.Series, pl.DataFrame]:
    """``columns`` over the rows of ``frame``, made once per distinct combination of the
    frame's columns they read: a table of them, in the order each combination first
    occurs, and for each row its index in the table (a null matching a null: exactly the
    values made row by row)."""
    read = list(dict.fromkeys(n for c in columns for n in c.meta.root_names()))
    if not read:
        return pl.repeat(0, frame.height, dtype=pl.UInt32(), eager=True), \
            pl.select(*columns)
    # One grouping gives each row the first row of its combination; the first rows, in
    # order, are the table's, and a row's index is the number of first rows before its
    # own (faster than grouping the rows into lists and scattering them back).
    first = frame.select(read).with_row_index("_r").select(
        pl.col("_r").first().over(read)).to_series()
    firsts = pl.zeros(frame.height, dtype=pl.Boolean(), eager=True)
    firsts.scatter(first, True)
    index = (firsts.cast(pl.UInt32()).cum_sum() - 1).gather(first)
    return index, frame.select(read).filter(firsts).select(*columns)


def in_input_order(rows: pl.DataFrame, programs: int) -> pl.DataFrame:
    """``rows`` sorted by ``_rec`` (the record's position in the chunk), then ``_order``
    (the program, in the order chosen), then ``_key`` (the applicant, in file order), a
    missing program or applicant first (a record with no decision has one row). No two
    rows have the same three (a decision per record, program and applicant; a record with
    no decision has no other row).

    Rows come as runs: each program's decisions in the order of their records and
    applicants, the programs in the order chosen, then the records with no decision.
    Where they do (checked), a stable sort on the record alone puts them in order; else
    they are sorted on one whole number made of the three where it fits (one key sorts
    several times faster than three)."""
    if rows.height == 0:
        return rows
    people = int(rows["_key"].max() or 0) + 2  # type: ignore[arg-type]
    records = int(rows["_rec"].max() or 0) + 1  # type: ignore[arg-type]
    if records * (programs + 1) * people >= _MAX_CODE:
        return rows.sort(["_rec", "_order", "_key"], nulls_last=False)
    runs = pl.when(pl.col("_order").is_null()).then(pl.lit(_MAX_CODE)).otherwise(
        (pl.col("_order").cast(pl.Int64()) * records + pl.col("_rec")) * people
        + pl.col("_key"))
    if rows.select(runs).to_series().is_sorted():
        return rows.sort("_rec", maintain_order=True)
    key = (pl.col("_rec").cast(pl.Int64()) * ((programs + 1) * people)
           + (pl.col("_order").cast(pl.Int64()) + 1).fill_null(0) * people
           + (pl.col("_key").cast(pl.Int64()) + 1).fill_null(0))
    return rows.sort(key)


def person_rows(people: pl.DataFrame, rows: pl.DataFrame) -> pl.Series | None:
    """The row of ``people`` of each row's applicant (``_h``, ``_key``; null for none),
    found by position when people are laid out as a batch lays them out (by household,
    ``_key`` counting from 0 in each: checked on the people, and each row's key checked
    to be one of its household's), else None."""
    homes = people["_h"]
    if people.height == 0 or not homes.is_sorted():
        return None
    last = int(homes.max())  # type: ignore[arg-type]
    # Where each household's people start, and (one on) where they end.
    bounds = homes.search_sorted(pl.int_range(last + 2, dtype=pl.Int32(), eager=True), "left")
    firsts, ends = bounds.head(last + 1), bounds.slice(1)
    laid_out = people["_key"].cast(pl.Int64()) == (
        pl.int_range(people.height, dtype=pl.Int64(), eager=True)
        - firsts.gather(homes).cast(pl.Int64()))
    if not laid_out.all() or int(rows["_h"].max() or 0) > last:  # type: ignore[arg-type]
        return None
    if int(rows["_key"].min() or 0) < 0:  # type: ignore[arg-type]
        return None
    found = firsts.gather(rows["_h"]).cast(pl.Int64()) + rows["_key"]
    if not (found < ends.gather(rows["_h"])).fill_null(True).all():
        return None
    return found.cast(pl.UInt32())


def by_index(table: pl.DataFrame, index: pl.Series) -> pl.DataFrame:
    """The rows of ``table`` at ``index`` (a null index gives a row of nulls)."""
    return table.select(pl.all().gather(index))


def failed_records(decided: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The decisions of the records none of whose decisions failed, and an error row
    (``_rec``, ``error``, ``errors``) for each record one of whose decisions failed (the
    first one's error)."""
    if decided["error"].null_count() == decided.height:  # the common case, at once
        return decided, pl.DataFrame(schema={"_rec": pl.Int32(), "error": pl.String(),
                                             "errors": pl.String()})
    failed = decided.filter(pl.col("error").is_not_null())
    first = failed.sort(["_rec", "_order", "_key"]).group_by("_rec", maintain_order=True) \
        .agg(pl.first("error")).with_columns(
            pl.concat_str([pl.lit("["), pl.col("error"), pl.lit("]")]).alias("errors"))
    return decided.filter(~pl.col("_rec").is_in(first["_rec"].implode())), first


def _labels(lang: Language) -> pl.Expr:
    """The category's name in ``lang`` for the applicant's sex."""
    keys = {f"{category.value}/{sex}": category_name(category, lang.value, sex or None)
            for category in Category for sex in ("", "female", "male")}
    key = pl.concat_str([pl.col("category"), pl.col("sex").fill_null("")], separator="/")
    return key.replace_strict(keys, default=None, return_dtype=pl.String())


def applicants(people: pl.DataFrame, lang: Language) -> pl.DataFrame:
    """A batch's people (``_h``, ``_key``) as decision rows show them: ``applicant``,
    ``category`` and ``category_label``."""
    return people.select(
        "_h", "_key", pl.col("id").alias("applicant"),
        pl.when(pl.col("_cat") == "").then(None).otherwise(pl.col("_cat")).alias("category"),
        "sex").with_columns(_labels(lang).alias("category_label")).drop("sex")
