"""A batch laid out from a Parquet roster's columns is the batch the models give.

``batch_of_rows`` builds the columnar engine's three tables straight from the Arrow
columns, never making a model; ``Batch.of`` builds them from the models, which are the
definition. Hypothesis-generated households (any status, divorces, deaths on duty,
unknown facts, benefit history) are written as a Parquet roster's rows, read back as the
roster pipeline reads them (so decimals carry the file's places), and laid out both ways
on dates drawn around the people's births (some not yet born) and anywhere in the
evaluation range: the tables must be equal, column for column, type for type, value for
value, and the ids left out those :meth:`Household.as_of` leaves out. The columnar engine
run over both batches must then decide every program alike.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility import Household, HouseholdError, RuleBook, parse_household
from eligibility._model.roster_schema import dropped_nulls, roster_schema
from eligibility.testing import evaluation_dates, households

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")
pq = pytest.importorskip("pyarrow.parquet")

from eligibility._engines.columnar import Batch  # noqa: E402 - the columnar extra
from eligibility._engines.columnar.arrow_frames import (  # noqa: E402
    batch_of_rows,
    unborn_ids,
)
from rosters import make_roster  # noqa: E402 - a module of this folder

TABLES = ("household", "people", "history")


def _roster(homes: list[Household], nulls: bool = False) -> Any:
    """The households as a Parquet roster's record batch (every field written out, as
    ``benchmarks/make_roster.py`` writes them; with ``nulls``, an empty list and the
    schema version as nulls, which the model reads as left out)."""
    rows = [home.model_dump() for home in homes]
    if nulls:
        rows = [{key: None if value in ([], ()) or key == "schema_version" else value
                 for key, value in row.items()} for row in rows]
    return pa.Table.from_pylist(rows, schema=roster_schema()).to_batches()[0]


def _laid_out(homes: list[Household], on: date, nulls: bool = False
              ) -> tuple[Any, list[Household], Batch]:
    """The rows whose affiliate is born by ``on`` (as a frame), those rows made into models
    as the roster pipeline makes them, and the batch ``Batch.of`` lays out."""
    rows = _roster(homes, nulls)
    models = [parse_household(dropped_nulls(row)) for row in rows.to_pylist()]
    kept = [i for i, home in enumerate(models) if home.affiliate.born_by(on)]
    frame = pl.from_arrow(rows.take(pa.array(kept, pa.int64())))
    taken = [models[i].as_of(on) for i in kept]
    return frame, taken, Batch.of(taken, on)


def _assert_same(frame: Any, taken: list[Household], expected: Batch, on: date) -> Batch:
    got = batch_of_rows(frame, on, taken)
    assert got.households is taken
    assert got.on == on
    for name in TABLES:
        want, have = getattr(expected, name), getattr(got, name)
        assert have.schema == want.schema, name
        assert have.equals(want), f"{name}:\n{want}\n{have}"
    assert unborn_ids(frame, on).to_list() == [list(home.not_yet_born) for home in taken]
    return got


def _dates_around(homes: list[Household]) -> st.SearchStrategy[date]:
    """The day before or the day of someone's birth, or of a divorce (each as likely as
    any day of the evaluation range)."""
    events = [[person.birth_date for home in homes for person in home.people],
              [getattr(person, "divorce_date", None) for home in homes for person in home.people]]
    choices = [evaluation_dates()]
    for days in events:
        around = sorted({day + timedelta(days=shift) for day in days if day is not None
                         for shift in (-1, 0) if date(1, 1, 2) <= day})
        if around:
            choices.append(st.sampled_from(around))
    return st.one_of(choices)


def _homes(data: st.DataObject, max_history: int = 6) -> list[Household]:
    count = data.draw(st.integers(1, 5), label="households")
    complete = data.draw(st.booleans(), label="complete")
    return [data.draw(households(complete=complete, max_children=5, max_spouses=3,
                                 max_history=max_history, household_id=f"h{number}"))
            for number in range(count)]


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_the_tables_from_the_columns_are_those_from_the_models(data: st.DataObject) -> None:
    homes = _homes(data)
    on = data.draw(_dates_around(homes), label="on")
    frame, taken, expected = _laid_out(homes, on, data.draw(st.booleans(), label="nulls"))
    _assert_same(frame, taken, expected, on)


@pytest.mark.parametrize("on", [date(2026, 5, 20), date(2008, 1, 1)])
def test_a_generated_roster_lays_out_alike(tmp_path: Path, on: date) -> None:
    """The benchmark's roster (its deliberately bad rows left out, as the model refuses
    them), on its own date and on one before many of its people were born."""
    table = pq.read_table(make_roster(tmp_path / "roster.parquet", 400))
    kept, taken = [], []
    for index, row in enumerate(table.to_pylist()):
        try:
            home = parse_household(dropped_nulls(row))
        except HouseholdError:
            continue
        if home.affiliate.born_by(on):
            kept.append(index)
            taken.append(home.as_of(on))
    assert len(kept) > 300
    assert any(home.not_yet_born for home in taken) == (on.year < 2020)
    frame = pl.from_arrow(table.take(pa.array(kept, pa.int64())))
    _assert_same(frame, taken, Batch.of(taken, on), on)


def test_people_not_yet_born_are_left_out_and_keep_their_paths() -> None:
    home = Household.model_validate({
        "id": "h", "affiliate": {"id": "a", "status": "deceased", "birth_date": "1970-01-01",
                                 "death_date": "2020-01-01", "killed_on_duty": True},
        "spouses": [{"id": "s1", "birth_date": "2001-01-01"},
                    {"id": "s2", "birth_date": "1975-01-01", "divorce_date": "2010-05-05",
                     "monthly_pension": "1500.5"}],
        "children": [{"id": "c1", "birth_date": "2000-01-01"},
                     {"id": "c2", "birth_date": "2020-06-01", "kafala": True}],
        "parents": [{"id": "p1"}],
        "history": [{"program": "x", "person": "c1", "on": "2019-01-01", "amount": "20"}],
    })
    on = date(2000, 6, 1)
    frame, taken, expected = _laid_out([home], on)
    got = _assert_same(frame, taken, expected, on)
    people = got.people.select("_key", "_path", "_role", "_cat").rows()
    assert people == [
        (0, "household.affiliate", "affiliate", ""),
        (1, "household.spouses[1]", "spouse", "widow"),
        (2, "household.children[0]", "child", "rights_holder"),
        (3, "household.parents[0]", "parent", "honorary_member"),
    ]
    assert got.people["monthly_pension$"].to_list() == [None, "1500.50", None, None]
    assert unborn_ids(frame, on).to_list() == [["s1", "c2"]]


@pytest.mark.parametrize(("on", "category"), [(date(2010, 5, 4), "widow"),
                                              (date(2010, 5, 5), "former_spouse")])
def test_a_spouse_is_a_former_spouse_from_the_day_of_the_divorce(on: date, category: str
                                                                  ) -> None:
    home = Household.model_validate({
        "id": "h", "affiliate": {"id": "a", "status": "deceased", "birth_date": "1970-01-01",
                                 "death_date": "2020-01-01"},
        "spouses": [{"id": "s1", "birth_date": "1975-01-01", "divorce_date": "2010-05-05"}],
        "parents": [{"id": "p1"}],
    })
    frame, taken, expected = _laid_out([home], on)
    got = _assert_same(frame, taken, expected, on)
    assert got.people["_cat"].to_list() == ["", category, "rights_holder"]


def test_a_decimal_column_with_no_value_has_no_places() -> None:
    """As ``Batch.of`` chooses a column's scale from its values, a column whose only
    value belongs to someone not yet born has none."""
    home = Household.model_validate({
        "id": "h", "affiliate": {"id": "a", "status": "active", "birth_date": "1970-01-01"},
        "children": [{"id": "c1", "birth_date": "2010-01-01", "bac_score": "12.25"}],
    })
    for on, scale in ((date(2009, 1, 1), 0), (date(2010, 1, 1), 2)):
        frame, taken, expected = _laid_out([home], on)
        got = _assert_same(frame, taken, expected, on)
        assert got.people.schema["bac_score"] == pl.Decimal(38, scale)
    assert expected.history.height == 0
    assert expected.people["bac_score$"].to_list() == [None, "12.25"]
    assert Decimal(expected.people["bac_score"][1]) == Decimal("12.25")


def test_nulls_the_model_reads_as_left_out_or_unknown() -> None:
    home = Household.model_validate({"id": "h", "affiliate": {
        "id": "a", "status": "retired", "disabled": None, "monthly_pension": None},
        "dues": None, "social_hardship": None, "bank_account": None})
    on = date(2026, 5, 20)
    frame, taken, expected = _laid_out([home], on, nulls=True)
    assert frame["spouses"].null_count() == frame["history"].null_count() == 1
    got = _assert_same(frame, taken, expected, on)
    assert got.people.row(0, named=True) | {"monthly_pension": None} == expected.people.row(
        0, named=True)
    assert got.people.schema["monthly_pension"] == pl.Decimal(38, 0)
    assert got.household.select("dues", "social_hardship", "_bad").row(0) == (None, None, False)


def test_no_rows() -> None:
    on = date(2026, 5, 20)
    frame = pl.from_arrow(roster_schema().empty_table())
    _assert_same(frame, [], Batch.of([], on), on)


@pytest.fixture(scope="module")
def columnar() -> RuleBook:
    return RuleBook.load().with_engine("columnar")


@pytest.mark.slow
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_the_engine_decides_both_batches_alike(data: st.DataObject, columnar: RuleBook
                                               ) -> None:
    homes = _homes(data, max_history=4)
    on = data.draw(_dates_around(homes), label="on")
    frame, taken, expected = _laid_out(homes, on)
    got = batch_of_rows(frame, on, taken)
    programs = [p for p in columnar.programs.values() if p.in_force(on)]
    engine: Any = columnar.engine
    want, have = engine.run_all(programs, expected, on), engine.run_all(programs, got, on)
    assert set(have) == set(want) == {p.id for p in programs}
    for program in programs:
        assert have[program.id].frame.equals(want[program.id].frame), program.id
        assert have[program.id].decided.keys() == want[program.id].decided.keys(), program.id
