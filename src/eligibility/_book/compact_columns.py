"""Two columns of compact roster rows made with less work than the obvious way: each
criterion's result, and the order of the rows.

Results repeat: a program's criteria give few distinct lists of results over a roster.
Each row's list is named by one whole number (a digit in base 3 per criterion: passed,
failed, unknown), and the text lists are made once per distinct number and joined to the
rows (making a list of texts per row costs several times more).
"""

from __future__ import annotations

import polars as pl

from eligibility._model.vocabulary import CriterionStatus

__all__ = ["RESULTS_CODE", "in_input_order", "results_coded"]

#: The column naming a row's list of results (dropped once the lists are joined).
RESULTS_CODE = "_results"
_WORDS = (CriterionStatus.PASSED.value, CriterionStatus.FAILED.value,
          CriterionStatus.UNKNOWN.value)
#: 3 ** 39 < 2 ** 63: at most this many criteria are numbered in one whole number.
_MAX_CODED = 39


def _status(index: int) -> pl.Expr:
    column = pl.col(f"c{index}")
    return pl.when(column).then(0).when(~column).then(1).otherwise(2).cast(pl.Int64())


def results_coded(frame: pl.DataFrame, criteria: int) -> tuple[pl.Expr, pl.DataFrame | None]:
    """For the criteria result columns ``c0``... of ``frame``: the expression of the
    ``results`` column, or of :data:`RESULTS_CODE` with the table (``RESULTS_CODE`` ->
    ``results``) to join it to."""
    if not criteria:
        return pl.lit([], dtype=pl.List(pl.String())).alias("results"), None
    if criteria > _MAX_CODED:
        return pl.concat_list([
            pl.when(pl.col(f"c{i}")).then(pl.lit(_WORDS[0]))
            .when(~pl.col(f"c{i}")).then(pl.lit(_WORDS[1])).otherwise(pl.lit(_WORDS[2]))
            for i in range(criteria)]).alias("results"), None
    code = pl.sum_horizontal([_status(i) * 3 ** i for i in range(criteria)])
    codes = frame.select(code.unique().alias(RESULTS_CODE))[RESULTS_CODE].to_list()
    table = pl.DataFrame({
        RESULTS_CODE: pl.Series(codes, dtype=pl.Int64()),
        "results": pl.Series([[_WORDS[number // 3 ** i % 3] for i in range(criteria)]
                              for number in codes], dtype=pl.List(pl.String())),
    })
    return code.alias(RESULTS_CODE), table


def in_input_order(table: pl.DataFrame, programs: int) -> pl.DataFrame:
    """``table`` sorted by line, then program (in the order chosen), then applicant (in
    file order), a missing program or applicant last; stable. Sorted on one whole number
    made of the three where it fits (one key sorts several times faster than three)."""
    people = int(table["_key"].max() or 0) + 2  # type: ignore[arg-type]
    lines = int(table["line"].max() or 0) + 1  # type: ignore[arg-type]
    if table.height == 0 or lines * (programs + 1) * people >= 2**62:
        return table.sort(["line", "_order", "_key"], nulls_last=True, maintain_order=True)
    key = (pl.col("line") * ((programs + 1) * people)
           + pl.col("_order").fill_null(programs).cast(pl.Int64()) * people
           + pl.col("_key").fill_null(people - 1).cast(pl.Int64()))
    return table.sort(key, maintain_order=True)
