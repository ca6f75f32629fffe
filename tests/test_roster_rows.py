"""A Parquet roster on the columnar engine is checked and laid out on its columns: it
screens exactly as its records do, read one by one by the household model (the same
records, problems, compact rows, full decisions, reform comparison), and a row the
columns refuse that the model accepts is screened all the same."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eligibility import Decision, RuleBook, ScreenedChunk, read_roster, roster_schema
from eligibility._book import roster_rows, screening
from eligibility._book.screening import screen_records
from rosters import edited_rules, make_roster

ON = date(2026, 5, 20)
#: A date on which some people of the generated roster are not yet born (and some
#: affiliates neither: their records are refused).
EARLY = date(2001, 3, 1)


@pytest.fixture(scope="module")
def columnar() -> RuleBook:
    return RuleBook.load().with_engine("columnar")


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_roster(tmp_path_factory.mktemp("rows") / "roster.parquet", 90, bad_every=5)


def _records(chunks: list[ScreenedChunk]) -> list[tuple[Any, ...]]:
    return [(r.line, r.household, r.index,
             [(p.code, p.path, p.params) for p in r.problems])
            for chunk in chunks for r in chunk.records]


def _decisions(chunks: list[ScreenedChunk]) -> list[list[Decision]]:
    return [chunk.decisions(r) for chunk in chunks for r in chunk.records if r.screened]


def _both(book: RuleBook, roster: Path, on: date, **options: Any
          ) -> tuple[list[ScreenedChunk], list[ScreenedChunk]]:
    """The roster screened from its columns, and from its records (a list of records is
    read record by record)."""
    fast = list(book.screen_roster(read_roster(roster), on=on, **options))
    slow = list(book.screen_roster(list(read_roster(roster)), on=on, **options))
    return fast, slow


@pytest.mark.parametrize("on", [ON, EARLY], ids=str)
def test_a_parquet_roster_screens_from_its_columns_as_from_its_records(
        columnar: RuleBook, roster: Path, on: date) -> None:
    fast, slow = _both(columnar, roster, on, batch_size=32, lang="fr")
    assert all(chunk.unborn is not None for chunk in fast)  # laid out from the columns
    assert _records(fast) == _records(slow)
    assert any(r.problems for chunk in fast for r in chunk.records)
    assert any(r.screened for chunk in fast for r in chunk.records)
    for quick, plain in zip(fast, slow, strict=True):
        assert quick.table().equals(plain.table())
        assert quick.outcomes() == plain.outcomes()
    assert _decisions(fast) == _decisions(slow)
    if on == EARLY:
        assert any(len(b) for chunk in fast for b in chunk.not_yet_born())


def test_a_resumed_run_starts_after_the_rows_done(columnar: RuleBook, roster: Path) -> None:
    fast = list(columnar.screen_roster(read_roster(roster, skip=41), on=ON, batch_size=20))
    slow = list(columnar.screen_roster(list(read_roster(roster, skip=41)), on=ON,
                                       batch_size=20))
    assert _records(fast)[0][0] == 42
    assert _records(fast) == _records(slow)


def test_a_row_the_model_accepts_is_screened_though_the_columns_refuse_it(
        columnar: RuleBook, roster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = list(columnar.screen_roster(list(read_roster(roster)), on=ON, batch_size=50))

    def everything(frame: pl.DataFrame, on: date) -> pl.Series:
        return pl.Series([True] * frame.height, dtype=pl.Boolean())

    monkeypatch.setattr("eligibility._model.columnar_checks.refused_rows", everything)
    fast = list(columnar.screen_roster(read_roster(roster), on=ON, batch_size=50))
    assert _records(fast) == _records(slow)
    for quick, plain in zip(fast, slow, strict=True):
        assert quick.table().equals(plain.table())


def test_a_roster_of_another_schema_is_read_record_by_record(
        columnar: RuleBook, roster: Path, tmp_path: Path) -> None:
    table = pq.read_table(roster)
    # pay scales written as text: each row is refused, at its field's path
    scales = pa.array([None if v is None else str(v) for v in
                       table["affiliate"].combine_chunks().field("pay_scale").to_pylist()])
    affiliate = table["affiliate"].combine_chunks()
    fields = [affiliate.field(i) if affiliate.type.field(i).name != "pay_scale" else scales
              for i in range(affiliate.type.num_fields)]
    names = [affiliate.type.field(i).name for i in range(affiliate.type.num_fields)]
    changed = table.set_column(table.schema.get_field_index("affiliate"), "affiliate",
                               pa.StructArray.from_arrays(fields, names=names))
    assert not changed.schema.equals(roster_schema())
    path = tmp_path / "text-scales.parquet"
    pq.write_table(changed, path)
    chunks = list(columnar.screen_roster(read_roster(path), on=ON, batch_size=40))
    assert all(chunk.unborn is None for chunk in chunks)
    paths = {p.path for chunk in chunks for r in chunk.records for p in r.problems}
    assert "household.affiliate.pay_scale" in paths


def test_the_households_are_made_when_asked_for(columnar: RuleBook, roster: Path) -> None:
    (chunk,) = screen_records(columnar, read_roster(roster), on=ON, lang="en",
                              batch_size=1000, decide=False)
    households = chunk.households
    assert isinstance(households, roster_rows.RowHouseholds)
    assert not households._made  # nothing made to lay the chunk out
    records = [r for r in chunk.records if r.screened]
    last = households[-1]
    assert last.id == records[-1].household
    assert households[len(households) - 1] is last
    assert [h.id for h in households[:3]] == [r.household for r in records[:3]]
    with pytest.raises(IndexError):
        households[len(households)]


def test_a_reform_comparison_reads_a_parquet_roster_from_its_columns(
        columnar: RuleBook, roster: Path, tmp_path: Path) -> None:
    reform = RuleBook.load(edited_rules(
        tmp_path, "social-aid/eid-al-adha-grant.yaml", "{2020-01-01: {value: 2500,",
        "{2020-01-01: {value: 3000,"))
    fast = columnar.diff(reform, read_roster(roster), on=ON)
    slow = columnar.diff(reform, list(read_roster(roster)), on=ON)
    assert (fast.records, fast.screened, fast.errors) == (slow.records, slow.screened,
                                                          slow.errors)
    assert fast.counts.height
    assert fast.counts.equals(slow.counts)
    assert fast.changes.equals(slow.changes)


@pytest.mark.parametrize("columns", [True, False], ids=["from-columns", "record-by-record"])
def test_a_date_python_cannot_hold_is_an_error_record_of_its_own(
        columnar: RuleBook, roster: Path, tmp_path: Path, columns: bool) -> None:
    table = pq.read_table(roster).slice(0, 30)
    affiliate = table["affiliate"].combine_chunks()
    names = [affiliate.type.field(i).name for i in range(affiliate.type.num_fields)]
    births = affiliate.field("birth_date").cast(pa.int32()).to_pylist()
    births[3] = 3_000_000  # days after 1970: the year 10183
    fields = [pa.array(births, pa.int32()).cast(pa.date32()) if n == "birth_date"
              else affiliate.field(n) for n in names]
    spoiled = table.set_column(table.schema.get_field_index("affiliate"), "affiliate",
                               pa.StructArray.from_arrays(fields, names=names))
    path = tmp_path / "far.parquet"
    pq.write_table(spoiled, path)
    records = read_roster(path) if columns else list(read_roster(path))
    (chunk,) = columnar.screen_roster(records, on=ON, batch_size=100)
    assert (chunk.unborn is not None) is columns
    bad = chunk.records[3]
    assert (bad.line, bad.household) == (4, table["id"][3].as_py())
    assert [p.code.value for p in bad.problems] == ["date-out-of-range"]
    assert sum(r.screened for r in chunk.records) >= 20


def test_the_next_chunk_is_screened_ahead_in_order_and_its_failure_raised_in_turn(
        columnar: RuleBook, roster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = screening.screen_rows
    started = {line: threading.Event() for line in (1, 21, 41)}

    def screen(book: RuleBook, rows: pa.RecordBatch, line: int, *args: Any,
               **options: Any) -> ScreenedChunk:
        started[line].set()
        if line == 41:
            raise RuntimeError("the third chunk fails")
        return real(book, rows, line, *args, **options)

    monkeypatch.setattr(screening, "screen_rows", screen)
    chunks = columnar.screen_roster(read_roster(roster), on=ON, batch_size=20)
    assert next(chunks).records[0].line == 1
    # While the caller holds the first chunk, the second is screened.
    assert started[21].wait(timeout=30)
    assert next(chunks).records[0].line == 21
    with pytest.raises(RuntimeError, match="the third chunk fails"):
        next(chunks)
    # Stopping early waits for the chunk under way and leaves no thread behind.
    again = columnar.screen_roster(read_roster(roster), on=ON, batch_size=20)
    next(again)
    again.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("screen")]
