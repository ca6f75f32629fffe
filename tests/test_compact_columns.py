"""Columns of compact roster rows made with less work: each made once per distinct
combination of what it reads gives back, row by row, what is made on every row; an
applicant is found by position only where the batch's layout allows it; rows come in
input order whether they come in runs (as a chunk makes them) or not."""

from __future__ import annotations

from typing import Any

import pytest

pl = pytest.importorskip("polars")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from eligibility._book.compact_columns import (  # noqa: E402
    distinct_index,
    in_input_order,
    person_rows,
)

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


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3), st.integers(0, 2)),
                unique=True, max_size=30),
       st.lists(st.integers(7, 9), unique=True, max_size=3), st.randoms())
def test_rows_come_in_input_order_whether_in_runs_or_not(
        decided: list[tuple[int, int, int]], alone: list[int], shuffle: Any) -> None:
    """Decisions (record, program, applicant), and records with no decision."""
    expected = sorted([(r, o, k) for r, o, k in decided] + [(r, -1, -1) for r in alone])
    runs = sorted(decided, key=lambda d: (d[1], d[0], d[2]))  # as a chunk makes them
    shuffled = list(decided)
    shuffle.shuffle(shuffled)
    for made in (runs, shuffled):
        rows = pl.DataFrame(
            [*made, *[(r, None, None) for r in alone]],
            schema={"_rec": pl.Int32(), "_order": pl.Int32(), "_key": pl.Int32()},
            orient="row")
        ordered = in_input_order(rows, 4)
        assert [(r, -1 if o is None else o, -1 if k is None else k)
                for r, o, k in ordered.iter_rows()] == expected
