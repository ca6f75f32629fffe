"""Columns of compact roster rows made with less work than the obvious way: each
criterion's result and list of exceptions, and the order of the rows.

Results and exceptions repeat: a program's criteria give few distinct lists of them over
a roster. Each row's two lists are named by one whole number (a digit per criterion for
its result — passed, failed, unknown — and one for the list of exceptions applied, in
mixed radix), and the lists are made once per distinct number and joined to the rows
(making the lists per row costs several times more).

Rows are put in input order once: the decisions of every program and the rows of the
records without one are numbered by (record, program, applicant) on a few whole-number
columns, and the wide rows are sorted on that one number; what every row of a record or
of a person shares (line, household, applicant, category) is then taken by index, not
joined before the sort and carried through it.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from eligibility._i18n.words import category_name
from eligibility._model.household import Category
from eligibility._model.vocabulary import CriterionStatus, Language

__all__ = ["LISTS_CODE", "applicants", "by_index", "distinct_text", "failed_records",
           "in_input_order", "lists_coded"]

#: The column naming a row's lists of results and exceptions (dropped once joined).
LISTS_CODE = "_lists"
_WORDS = (CriterionStatus.PASSED.value, CriterionStatus.FAILED.value,
          CriterionStatus.UNKNOWN.value)
#: Codes stay below this (a signed 64-bit whole number holds them).
_MAX_CODE = 2**62


def _status(index: int) -> pl.Expr:
    column = pl.col(f"c{index}")
    return pl.when(column).then(0).when(~column).then(1).otherwise(2).cast(pl.Int64())


def _each_row(chains: Sequence[int]) -> tuple[pl.Expr, pl.Expr]:
    """The ``results`` and ``exceptions`` columns made row by row (too many criteria for
    one number)."""
    results = pl.concat_list([
        pl.when(pl.col(f"c{i}")).then(pl.lit(_WORDS[0]))
        .when(~pl.col(f"c{i}")).then(pl.lit(_WORDS[1])).otherwise(pl.lit(_WORDS[2]))
        for i in range(len(chains))]).alias("results")
    exceptions = pl.concat_list([pl.col(f"x{i}") for i in range(len(chains))]) \
        .cast(pl.List(pl.Int32())).alias("exceptions")
    return results, exceptions


def lists_coded(frame: pl.DataFrame, chains: Sequence[int]
                ) -> tuple[list[pl.Expr], pl.DataFrame | None]:
    """For the result columns ``c0``... and exception columns ``x0``... of ``frame``
    (criterion ``i`` has ``chains[i]`` possible lists of exceptions): the expressions of
    the ``results`` and ``exceptions`` columns, or of :data:`LISTS_CODE` with the table
    (``LISTS_CODE`` -> ``results``, ``exceptions``) to join it to."""
    if not chains:
        return [pl.lit([], dtype=pl.List(pl.String())).alias("results"),
                pl.lit([], dtype=pl.List(pl.Int32())).alias("exceptions")], None
    radix = [3 * max(1, n) for n in chains]
    weights, weight = [], 1
    for base in radix:
        weights.append(weight)
        weight *= base
    if weight >= _MAX_CODE:
        return list(_each_row(chains)), None
    code = pl.sum_horizontal([
        (_status(i) * max(1, n) + pl.col(f"x{i}").cast(pl.Int64())) * weights[i]
        for i, n in enumerate(chains)])
    codes = frame.select(code.unique().alias(LISTS_CODE))[LISTS_CODE].to_list()
    digits = [[number // w % base for w, base in zip(weights, radix, strict=True)]
              for number in codes]
    table = pl.DataFrame({
        LISTS_CODE: pl.Series(codes, dtype=pl.Int64()),
        "results": pl.Series([[_WORDS[d // max(1, n)] for d, n in zip(row, chains, strict=True)]
                              for row in digits], dtype=pl.List(pl.String())),
        "exceptions": pl.Series([[d % max(1, n) for d, n in zip(row, chains, strict=True)]
                                 for row in digits], dtype=pl.List(pl.Int32())),
    })
    return [code.alias(LISTS_CODE)], table


def distinct_text(frame: pl.DataFrame, text: pl.Expr) -> pl.Series:
    """``text`` over the rows of ``frame``, made once per distinct combination of the
    columns it reads and joined back to the rows (a null matching a null: exactly the
    value made row by row). A roster's rows repeat: making JSON text per row costs more."""
    columns = list(dict.fromkeys(text.meta.root_names()))
    if not columns:
        return frame.select(text.alias("_text")).to_series()
    keys = frame.select(columns)
    distinct = keys.unique().with_columns(text.alias("_text"))
    return keys.join(distinct, on=columns, how="left", nulls_equal=True,
                     maintain_order="left")["_text"]


def in_input_order(rows: pl.DataFrame, programs: int) -> pl.DataFrame:
    """``rows`` sorted by ``_rec`` (the record's position in the chunk), then ``_order``
    (the program, in the order chosen), then ``_key`` (the applicant, in file order), a
    missing program or applicant first (a record with no decision has one row); stable.
    Sorted on one whole number made of the three where it fits (one key sorts several
    times faster than three)."""
    if rows.height == 0:
        return rows
    people = int(rows["_key"].max() or 0) + 2  # type: ignore[arg-type]
    records = int(rows["_rec"].max() or 0) + 1  # type: ignore[arg-type]
    if records * (programs + 1) * people >= _MAX_CODE:
        return rows.sort(["_rec", "_order", "_key"], nulls_last=False, maintain_order=True)
    key = (pl.col("_rec").cast(pl.Int64()) * ((programs + 1) * people)
           + (pl.col("_order").cast(pl.Int64()) + 1).fill_null(0) * people
           + (pl.col("_key").cast(pl.Int64()) + 1).fill_null(0))
    return rows.sort(key, maintain_order=True)


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
