"""The columnar engine (Polars over batches of households) gives the native engine's answers.

Like the durable engine, it is held to the strongest check there is: two independent
engines that must agree. Every rule-file example, and Hypothesis-generated *batches* of
households (several at once, so a join that leaked between households would show), on
dates drawn around every program's change dates, with complete data and with unknown
facts, are decided by both and compared: outcome, every criterion's result, the
exceptions applied and the missing facts, the values read and the outputs (as the
decision writes them, so ``2500.50`` must not come back as ``2500.5``), and the
evaluation errors. The synthetic pack of the durable tests covers the constructs the
shipped programs do not use; most of it has no exact column form and is left to the
interpreter, which must then give the same answers too.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility import EvaluationError, Household, Program, RuleBook
from eligibility._engines.columnar import Batch, ColumnarEngine
from eligibility._engines.columnar.builtins import _off_calendar
from eligibility._engines.columnar.engine import tables_of
from eligibility._engines.protocol import Evaluation
from eligibility._model.values import ABSENT, Unknown, to_value
from eligibility.testing import evaluation_dates, households
from test_durable import _write_pack  # the synthetic pack (a module of this folder)

pytest.importorskip("polars")


def _dates(book: RuleBook) -> st.SearchStrategy[date]:
    """Evaluation dates, half of them on or just before a program's change dates."""
    around = sorted({
        day + timedelta(days=shift)
        for program in book.programs.values() for day in program.change_dates
        for shift in (-1, 0) if date(2003, 1, 2) <= day <= date(2030, 12, 31)
    })
    return st.one_of(evaluation_dates(), st.sampled_from(around))


def _shown(value: Any) -> Any:
    """A value as a decision writes it (text for money, keeping its own digits)."""
    if isinstance(value, Unknown):
        return ("unknown", sorted(value.missing))
    if isinstance(value, Decimal):
        return ("decimal", str(value))
    return to_value(value)


def _normal(evaluation: Evaluation | str) -> Any:
    if isinstance(evaluation, str):
        return evaluation
    return (evaluation.outcome, tuple(_shown(v) for v in evaluation.verdicts),
            evaluation.applied,
            tuple(tuple(_shown(v) for v in seen) for seen in evaluation.observed),
            {k: _output(v) for k, v in evaluation.outputs.items()})


def _output(value: Any) -> Any:
    """An output as the decision writes it: a number as a decimal's text; one not given
    (its ``when:`` does not hold) as absent."""
    if value is ABSENT:
        return "absent"
    if isinstance(value, Unknown | bool | str):
        return _shown(value)
    return _shown(Decimal(value))


def _native(book: RuleBook, program: Program, household: Household, key: int,
            on: date) -> Evaluation | str:
    try:
        return book.engine.evaluate(program, household, household.people[key], on)
    except EvaluationError as exc:
        return f"error: {exc}"


def _assert_batch_agrees(book: RuleBook, homes: list[Household], on: date) -> int:
    """Every program over the batch: each applicant's evaluation equals native's."""
    engine = ColumnarEngine(book.definitions)
    # As the rule book does: the file as it stands on the date (nobody not yet born).
    homes = [home.as_of(on) for home in homes if home.affiliate.born_by(on)]
    batch = Batch.of(homes, on)
    tables = tables_of(batch)
    compared = 0
    # Every program at once, as a roster is screened (their queries run together and
    # share the batch's applicant rows and columns).
    results = engine.run_all(list(book.programs.values()), batch, on, tables)
    for program in book.programs.values():
        result = results[program.id]
        expected = {(h, k) for h, home in enumerate(homes)
                    for k, person in enumerate(home.people)
                    if person in book.applicants(program, home)}
        rows = list(zip(result.frame["_h"].to_list(), result.frame["_key"].to_list(),
                        strict=True))
        assert set(rows) == expected, f"{program.id}: applicants differ"
        for row, (h, k) in enumerate(rows):
            want = _normal(_native(book, program, homes[h], k, on))
            try:
                got = _normal(result.evaluation(row))
            except EvaluationError as exc:
                got = f"error: {exc}"
            assert got == want, f"{program.id} for {homes[h].id}/{k} on {on}: " \
                f"native {want}, columnar {got}; household {homes[h].model_dump_json()}"
            compared += 1
    return compared


def _batch(data: st.DataObject, complete: bool, programs: list[str]) -> list[Household]:
    """One to four households with distinct ids."""
    count = data.draw(st.integers(1, 4), label="households")
    return [data.draw(households(complete=complete, programs=programs,
                                 household_id=f"h{number}")) for number in range(count)]


@pytest.fixture(scope="module")
def native() -> RuleBook:
    return RuleBook.load()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> RuleBook:
    return RuleBook.load(_write_pack(tmp_path_factory.mktemp("synthetic")))


# -- the shipped rule book ----------------------------------------------------------------


def test_every_example_gives_the_same_decision_on_both_engines(native: RuleBook) -> None:
    columnar = native.with_engine("columnar")
    compared = 0
    for program in native.programs.values():
        for example in program.examples:
            household = Household.model_validate(example.household)
            want = native.evaluate(program.id, household, applicant=example.applicant,
                                   on=example.on)
            got = columnar.evaluate(program.id, household, applicant=example.applicant,
                                    on=example.on)
            assert got.engine == "columnar"
            assert got.model_dump(exclude={"engine"}) == want.model_dump(exclude={"engine"}), \
                f"{program.id}: {example.name}"
            compared += 1
    assert compared > 100
    assert [r for r in columnar.run_examples() if not r.passed] == []


def test_every_shipped_program_is_computed_on_columns(native: RuleBook) -> None:
    """No shipped program needs the interpreter on any of its periods (else the roster
    speed would be the interpreter's)."""
    engine = ColumnarEngine(native.definitions)
    tables = tables_of(Batch.of([Household.model_validate(
        {"id": "h", "affiliate": {"id": "a", "status": "active"}})], date(2026, 5, 20)))
    for program in native.programs.values():
        for day in (*program.change_dates, date(2026, 5, 20)):
            if not program.in_force(day):
                continue
            engine.plan(program, day).first_pass(tables)  # raises Unsupported if not


@pytest.mark.slow
@settings(max_examples=30)
@given(data=st.data())
def test_engines_agree_on_complete_households(data: st.DataObject, native: RuleBook) -> None:
    homes = _batch(data, True, list(native.programs))
    _assert_batch_agrees(native, homes, data.draw(_dates(native)))


@pytest.mark.slow
@settings(max_examples=50)
@given(data=st.data())
def test_engines_agree_when_facts_are_unknown(data: st.DataObject, native: RuleBook) -> None:
    homes = _batch(data, False, list(native.programs))
    _assert_batch_agrees(native, homes, data.draw(_dates(native)))


# -- the synthetic pack: every construct, and the interpreter where columns cannot --------


@pytest.mark.slow
@settings(max_examples=30)
@given(data=st.data())
def test_engines_agree_on_every_construct(data: st.DataObject, synthetic: RuleBook) -> None:
    homes = _batch(data, data.draw(st.booleans()), list(synthetic.programs))
    _assert_batch_agrees(synthetic, homes, data.draw(_dates(synthetic)))


def test_a_decimal_no_column_holds_is_left_to_the_interpreter(native: RuleBook) -> None:
    """The model bounds every decimal, so this can only come from a model built without
    validation; the engine still never rounds it."""
    home = Household.model_validate({
        "id": "h", "affiliate": {"id": "a", "status": "active", "birth_date": "1970-01-01"},
        "children": [{"id": "c1", "birth_date": "2008-01-01", "bac_score": "15.5",
                      "bac_year": 2026, "schooling": "secondary", "student": True}],
    })
    score = Decimal("15." + "1" * 40)  # 42 digits: more than a decimal column holds
    child = home.children[0].model_copy(update={"bac_score": score})
    home = home.model_copy(update={"children": (child,)})
    assert _assert_batch_agrees(native, [home], date(2026, 7, 1)) > 0
    batch = Batch.of([home], date(2026, 7, 1))
    assert batch.household["_bad"].to_list() == [True]
    result = ColumnarEngine(native.definitions).run(
        native.program("education.merit-scholarship"), batch, date(2026, 7, 1))
    assert set(result.decided) == {0}


def test_a_batch_of_no_household_decides_nothing(native: RuleBook) -> None:
    """Every program over a batch with no household (every household of a roster chunk
    not yet born on the date): no row, and no column typed otherwise than usual."""
    on = date(2019, 9, 29)
    results = ColumnarEngine(native.definitions).run_all(
        list(native.programs.values()), Batch.of([], on), on)
    assert set(results) == set(native.programs)
    assert all(result.frame.height == 0 for result in results.values())


def test_one_household_with_every_date_unknown(native: RuleBook) -> None:
    """A household of one row whose dates are all unknown: its columns keep their types
    (a column of one unknown date is still a date)."""
    home = Household.model_validate({
        "id": "h", "affiliate": {"id": "a", "status": "retired", "recruitment_date": "1989-09-14"},
        "spouses": [{"id": "s1", "monthly_pension": "8.38"}, {"id": "s2"}],
        "parents": [{"id": "p1", "birth_date": "1932-05-20"}],
    })
    assert _assert_batch_agrees(native, [home], date(2019, 9, 29)) > 0


def test_unknown_facts_are_named(native: RuleBook) -> None:
    home = Household.model_validate({
        "id": "h", "affiliate": {"id": "a", "status": "retired", "birth_date": "1958-03-02",
                                 "retirement_date": "2018-03-02"},
        "bank_account": None,
    })
    columnar = native.with_engine("columnar")
    decision = columnar.evaluate("social.eid-al-adha-grant", home, on=date(2026, 5, 20))
    assert decision.outcome == "undetermined"
    assert decision.missing == ["household.affiliate.monthly_pension", "household.bank_account"]
    assert decision == native.evaluate("social.eid-al-adha-grant", home, on=date(2026, 5, 20)
                                       ).model_copy(update={"engine": "columnar"})


def test_the_engine_is_registered(native: RuleBook) -> None:
    book = native.with_engine("columnar")
    assert book.engine.name == "columnar"
    assert isinstance(book.engine, ColumnarEngine)


@given(days=st.lists(st.one_of(st.none(), st.dates()), min_size=1, max_size=50),
       months=st.one_of(st.integers(-200_000, 200_000), st.sampled_from(
           [0, 1, -1, 11, 12, 13, -12, -13, 119_987, 119_988, 119_989, -119_988])))
def test_a_shift_off_the_calendar_is_found_by_comparing_dates(
        days: list[date | None], months: int) -> None:
    """Where a date moved by whole months leaves the calendar: one comparison per side,
    as the month's index (year * 12 + month - 1 + months) below 12 or from 120000 says."""
    frame = pl.DataFrame({"d": pl.Series(days, dtype=pl.Date())})
    d = pl.col("d")
    index = d.dt.year().cast(pl.Int64) * 12 + d.dt.month().cast(pl.Int64) - 1 + months
    expected = ((index < 12) | (index >= 120_000)).fill_null(False)
    found = _off_calendar(d, months)
    found = found.fill_null(False) if found is not None else pl.lit(False)
    assert frame.select(found).to_series().to_list() == \
        frame.select(expected).to_series().to_list()
