"""Columns of compact roster rows made with less work: each made once per distinct
combination of what it reads gives back, row by row, what is made on every row; an
applicant is found by position only where the batch's layout allows it."""

from __future__ import annotations

import pytest

pl = pytest.importorskip("polars")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from eligibility._book.compact_columns import distinct_index, person_rows  # noqa: E402

_ROWS = st.lists(st.tuples(st.none() | st.booleans(), st.none() | st.integers(-2, 2),
                           st.none() | st.sampled_from(["a", "b", "é\""])), max_size=40)


@settings(max_examples=60, deadline=None)
@given(_ROWS)
def test_made_once_per_distinct_combination_is_made_on_every_row(
        rows: list[tuple[bool | None, int | None, str | None]]) -> None:
    frame = pl.DataFrame(rows, schema={"f": pl.Boolean(), "n": pl.Int64(), "s": pl.String()},
                         orient="row")
    made = [pl.concat_str([pl.col("f").cast(pl.String()).fill_null("?"),
                           pl.col("n").cast(pl.String()).fill_null("?"),
                           pl.col("s").fill_null("?")], separator="|").alias("text"),
            (pl.col("n") * 2).alias("twice")]
    index, table = distinct_index(frame, made)
    assert index.len() == frame.height
    assert table.height == frame.unique().height  # a null matches a null
    assert table.select(pl.all().gather(index)).equals(frame.select(made))


def test_a_column_reading_nothing_is_made_once() -> None:
    index, table = distinct_index(pl.DataFrame({"x": [1, 2, 3]}), [pl.lit("{}").alias("t")])
    assert index.to_list() == [0, 0, 0]
    assert table["t"].to_list() == ["{}"]


def _people(homes: list[int]) -> pl.DataFrame:
    keys = [sum(1 for h in homes[:i] if h == home) for i, home in enumerate(homes)]
    return pl.DataFrame({"_h": homes, "_key": keys, "id": [f"p{i}" for i in range(len(homes))]},
                        schema={"_h": pl.Int32(), "_key": pl.Int32(), "id": pl.String()})


def _rows(pairs: list[tuple[int | None, int | None]]) -> pl.DataFrame:
    return pl.DataFrame(pairs, schema={"_h": pl.Int32(), "_key": pl.Int32()}, orient="row")


def test_an_applicant_is_found_by_position_in_a_batch_layout() -> None:
    people = _people([0, 0, 0, 1, 2, 2])
    rows = _rows([(2, 1), (0, 0), (None, None), (1, 0), (0, 2)])
    found = person_rows(people, rows)
    assert found is not None
    assert people["id"].gather(found).to_list() == ["p5", "p0", None, "p3", "p2"]


@pytest.mark.parametrize("people", [
    _people([0, 0, 1]).reverse(),  # not in household order
    _people([0, 0, 1]).with_columns(pl.Series("_key", [1, 0, 0], dtype=pl.Int32())),
    _people([0, 1]).filter(pl.col("_h") == 1),  # a household with nobody before it
])
def test_another_layout_is_not_read_by_position(people: pl.DataFrame) -> None:
    rows = _rows([(1, 0), (0, 1)] if people.height > 1 else [(1, 0), (0, 0)])
    assert person_rows(people, rows) is None  # the rows' applicants are joined instead
