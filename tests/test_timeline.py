"""Timelines and a decision's next change: the clocks the compiler finds in each program,
the periods and events of known households, the words in three languages, bad input.

The property that a timeline is the day-by-day evaluation, over generated households and
ranges for every shipped program, is in ``test_timeline_properties.py``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility import (
    Change,
    Decision,
    EventKind,
    HouseholdError,
    Measure,
    Outcome,
    RuleBook,
    Timeline,
)
from eligibility.testing import children, dates

ROOT = Path(__file__).resolve().parents[1]
BOOK = RuleBook.load(ROOT / "rules")
DEMO = RuleBook.load(Path(__file__).parent / "data" / "timing")
WIDOW = json.loads((ROOT / "examples" / "widow-with-orphans.json").read_text(encoding="utf-8"))
DAY = timedelta(days=1)


def _example(program_id: str, name: str) -> tuple[dict[str, Any], str | None, date]:
    example = next(e for e in BOOK.program(program_id).examples if e.name == name)
    return dict(example.household), example.applicant, example.on


# -- the clocks the compiler finds ------------------------------------------------------------

def _clocks(book: RuleBook, program_id: str, part: str) -> list[tuple[Measure, str, str]]:
    program = book.program(program_id)
    parts = {c.id: c.clocks for c in program.criteria} | {o.name: o.clocks
                                                          for o in program.outputs}
    return [(c.measure, c.op, c.text) for c in parts[part]]


def test_an_age_limit_is_a_clock_of_the_age_against_the_limit() -> None:
    assert _clocks(BOOK, "leisure.summer-camp", "age-band") == [
        (Measure.AGE, ">=", "applicant.age >= min_age"),
        (Measure.AGE, "<=", "person.age <= years"),  # inside aged_at_most(applicant, max_age)
    ]
    [_, inside] = BOOK.program("leisure.summer-camp").criteria[0].clocks
    assert inside.site == "aged_at_most(applicant, max_age)"
    assert [f.kind for f in inside.frames] == ["call"]


def test_continued_cover_is_the_date_against_a_shifted_date() -> None:
    [clock] = BOOK.program("health.complementary-cover").criteria[0].clocks
    assert clock.measure is Measure.DATE
    assert clock.since is not None
    assert clock.since.unit == "months"
    assert [f.kind for f in clock.frames] == ["call"]  # inside within_survivor_cover


def test_a_season_and_a_frequency_limit() -> None:
    assert _clocks(BOOK, "leisure.family-holiday-centre", "season") == [
        (Measure.MONTH, "", "month(on)")]
    assert _clocks(BOOK, "social.eid-al-adha-grant", "frequency") == [
        (Measure.DATE, ">=", "r.on <= on"), (Measure.YEAR, "==", "year(r.on) == year(on)")]


def test_a_part_that_does_not_read_the_date_has_no_clock() -> None:
    assert _clocks(BOOK, "leisure.family-holiday-centre", "member-in-good-standing") == []


def test_a_spouse_s_category_changes_on_the_divorce_date() -> None:
    assert _clocks(BOOK, "social.eid-al-adha-grant", "pension-ceiling") == [
        (Measure.DIVORCE, "", "applicant.category")]


def test_every_way_of_reading_the_date_has_a_clock() -> None:
    assert _clocks(DEMO, "leisure.clock-demo", "first-half-of-month") == [
        (Measure.DAY, "", "day(on)")]
    assert _clocks(DEMO, "leisure.clock-demo", "countdown") == [
        (Measure.YEARS, ">=", "years_between(on, date(2040, 1, 1)) >= 1")]
    ages = _clocks(DEMO, "leisure.clock-demo", "ages")
    assert ages[0][0] is Measure.ANY  # a quantifier over date-dependent values
    assert ages[1][:2] == (Measure.DATE, ">")
    assert _clocks(DEMO, "leisure.clock-demo", "double_age") == [
        (Measure.AGE, "", "applicant.age_on(on)")]


# -- timelines of known households --------------------------------------------------------------

def test_the_22nd_birthday_ends_the_cover() -> None:
    household, applicant, _ = _example("health.complementary-cover",
                                       "on the 22nd birthday, no longer covered")
    timeline = BOOK.timeline("health.complementary-cover", household, applicant=applicant,
                             start=date(2026, 1, 1), end=date(2027, 12, 31))
    assert [(p.start, p.end, p.outcome) for p in timeline.periods] == [
        (date(2026, 1, 1), date(2027, 1, 14), Outcome.ELIGIBLE),
        (date(2027, 1, 15), date(2027, 12, 31), Outcome.INELIGIBLE),
    ]
    [change] = timeline.changes
    [event] = change.events
    assert (event.kind, event.criterion, event.result) == (
        EventKind.BIRTHDAY, "dependent-child", "failed")
    assert event.values == {"person": "c21", "age": 22}
    assert change.reason.startswith("c21 turns 22: For a child: a rights holder (aged 21 at "
                                    "most, ")
    assert change.reason.endswith(" — no longer met")


def test_24_months_of_continued_cover_then_the_extension() -> None:
    household, applicant, _ = _example("health.complementary-cover",
                                       "the same widow once 24 months have passed")
    timeline = BOOK.timeline("health.complementary-cover", household, applicant=applicant,
                             start=date(2025, 1, 1), end=date(2026, 1, 1), lang="fr")
    assert [c.on for c in timeline.changes] == [date(2025, 6, 15), date(2025, 12, 1)]
    ended, extended = timeline.changes
    assert ended.events[0].kind is EventKind.ELAPSED
    assert ended.events[0].values == {"count": 24, "unit": "months"}
    assert ended.reason.startswith("24 mois depuis le décès de l'adhérent (15 juin 2023)\u00a0: ")
    assert {e.kind for e in extended.events} == {EventKind.VERSION, EventKind.PARAMETER}
    assert extended.outcome is Outcome.ELIGIBLE


def test_a_divorced_spouse_s_12_months() -> None:
    household, applicant, _ = _example("health.complementary-cover",
                                       "a divorced wife, 12 months after the divorce, no "
                                       "longer covered")
    change = BOOK.evaluate("health.complementary-cover", household, applicant=applicant,
                           on=date(2026, 1, 1), lang="ar", next_change=True).next_change
    assert change is not None
    assert change.on == date(2026, 8, 1)
    assert change.reason.startswith("مرور 12 شهرا على طلاق s (1 غشت 2025): ")


def test_a_season_opens_and_closes_every_year() -> None:
    household, applicant, _ = _example("leisure.family-holiday-centre",
                                       "the day before the season opens")
    timeline = BOOK.timeline("leisure.family-holiday-centre", household, applicant=applicant,
                             start=date(2026, 1, 1), end=date(2027, 12, 31))
    assert [(c.on, c.outcome) for c in timeline.changes] == [
        (date(2026, 6, 1), Outcome.ELIGIBLE), (date(2026, 10, 1), Outcome.INELIGIBLE),
        (date(2027, 6, 1), Outcome.ELIGIBLE), (date(2027, 10, 1), Outcome.INELIGIBLE),
    ]
    assert {e.kind for c in timeline.changes for e in c.events} == {EventKind.MONTH}


def test_a_yearly_limit_reopens_on_1_january() -> None:
    household, applicant, _ = _example("social.eid-al-adha-grant", "already received this year")
    timeline = BOOK.timeline("social.eid-al-adha-grant", household, applicant=applicant,
                             start=date(2026, 1, 1), end=date(2027, 3, 1))
    kinds = [[e.kind for e in c.events] for c in timeline.changes]
    assert kinds == [[EventKind.BENEFIT], [EventKind.NEW_YEAR]]
    assert [c.on for c in timeline.changes] == [date(2026, 5, 1), date(2027, 1, 1)]


def test_a_new_version_changes_the_benefit_not_the_outcome() -> None:
    household, applicant, _ = _example("leisure.summer-camp", "fee halved from 2017")
    timeline = BOOK.timeline("leisure.summer-camp", household, applicant=applicant,
                             start=date(2016, 6, 1), end=date(2017, 6, 1))
    [change] = timeline.changes
    assert change.on == date(2017, 1, 1)
    assert [p.amounts for p in timeline.periods] == [{"fee_share": 100}, {"fee_share": 50}]
    assert {p.outcome for p in timeline.periods} == {Outcome.ELIGIBLE}


def test_years_of_service() -> None:
    household, applicant, on = _example("social.hajj", "the day before 5 years of service")
    change = BOOK.evaluate("social.hajj", household, applicant=applicant, on=on,
                           next_change=True).next_change
    assert change is not None
    assert change.on == on + DAY
    assert [e.kind for e in change.events] == [EventKind.SERVICE]


def test_before_a_program_starts() -> None:
    household, applicant, on = _example("health.relief-fund", "the fund did not exist in 2016")
    timeline = BOOK.timeline("health.relief-fund", household, applicant=applicant,
                             start=on, end=date(2017, 12, 31))
    [change] = timeline.changes
    assert change.on == date(2017, 1, 1)
    assert [e.kind for e in change.events] == [EventKind.PROGRAM_STARTS]


def test_the_widow_s_children_over_2026_to_2032() -> None:
    found = {}
    for child in ("student-23", "disabled-25", "pupil-12"):
        timeline = BOOK.timeline("health.complementary-cover", WIDOW, applicant=child,
                                 start=date(2026, 1, 1), end=date(2032, 12, 31), lang="ar")
        found[child] = [(p.start, p.end, p.outcome) for p in timeline.periods]
    assert found == {
        "student-23": [(date(2026, 1, 1), date(2029, 5, 4), Outcome.ELIGIBLE),
                       (date(2029, 5, 5), date(2032, 12, 31), Outcome.INELIGIBLE)],
        "disabled-25": [(date(2026, 1, 1), date(2032, 12, 31), Outcome.ELIGIBLE)],
        "pupil-12": [(date(2026, 1, 1), date(2032, 12, 31), Outcome.ELIGIBLE)],
    }


# -- decisions and models -------------------------------------------------------------------------

def test_next_change_round_trips_and_is_asked_for() -> None:
    decision = BOOK.evaluate("health.complementary-cover", WIDOW, applicant="student-23",
                             on=date(2026, 5, 20), next_change=True)
    assert decision.next_change is not None
    assert decision.next_change.on == date(2029, 5, 5)
    assert Decision.model_validate_json(decision.model_dump_json()) == decision
    plain = BOOK.evaluate("health.complementary-cover", WIDOW, applicant="student-23",
                          on=date(2026, 5, 20))
    assert plain.next_change is None
    assert plain == decision.model_copy(update={"next_change": None})


def test_no_next_change_for_a_cover_without_age_limit() -> None:
    decision = BOOK.evaluate("health.complementary-cover", WIDOW, applicant="disabled-25",
                             on=date(2026, 5, 20), next_change=True)
    assert decision.next_change is None


def test_a_timeline_round_trips_through_json() -> None:
    timeline = BOOK.timeline("leisure.family-holiday-centre", _example(
        "leisure.family-holiday-centre", "retiree on the first day of the season")[0],
        start=date(2025, 1, 1), end=date(2026, 1, 1), lang="fr")
    assert Timeline.model_validate_json(timeline.model_dump_json()) == timeline
    assert Change.model_validate(timeline.changes[0].model_dump()) == timeline.changes[0]


def test_one_day_is_one_period() -> None:
    timeline = BOOK.timeline("health.complementary-cover", WIDOW, applicant="pupil-12",
                             start=date(2026, 5, 20), end=date(2026, 5, 20))
    assert len(timeline.periods) == 1
    assert timeline.changes == []


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(HouseholdError, match="end"):
        BOOK.timeline("health.complementary-cover", WIDOW, applicant="pupil-12",
                      start=date(2026, 5, 20), end=date(2026, 5, 19))


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_every_event_is_in_the_language_asked(lang: str) -> None:
    household, applicant, _ = _example("leisure.summer-camp",
                                       "the same 14-year-old on 1 January 2025 is inside "
                                       "the new band")
    timeline = BOOK.timeline("leisure.summer-camp", household, applicant=applicant,
                             start=date(2024, 1, 1), end=date(2027, 12, 31), lang=lang)
    program = BOOK.program("leisure.summer-camp")
    version = program.versions[-1].text
    assert version is not None
    reasons = " ".join(c.reason for c in timeline.changes)
    assert version.get(lang) in reasons
    assert ("turns" in reasons) is (lang == "en")
    assert ("atteint" in reasons) is (lang == "fr")
    assert ("بلوغ" in reasons) is (lang == "ar")


# -- every way of reading the date ----------------------------------------------------------------

def _day_by_day(book: RuleBook, program_id: str, household: Any, applicant: str,
                start: date, end: date) -> None:
    timeline = book.timeline(program_id, household, applicant=applicant, start=start, end=end)
    for period in timeline.periods:
        day = period.start
        while day <= period.end:
            decision = book.evaluate(program_id, household, applicant=applicant, on=day,
                                     next_change=False)
            assert (decision.outcome, decision.amounts, decision.details) == \
                (period.outcome, period.amounts, period.details), day
            day += DAY


def test_the_demo_program_s_timeline_is_its_day_by_day_evaluation() -> None:
    household = {"id": "h", "affiliate": {"id": "a", "status": "active"},
                 "children": [{"id": "c", "birth_date": "2020-02-29"}]}
    _day_by_day(DEMO, "leisure.clock-demo", household, "c", date(2020, 6, 1),
                date(2023, 9, 1))


@pytest.mark.slow
@settings(max_examples=100)
@given(children("c", min_birth=date(2012, 1, 1)), dates(date(2019, 1, 1), date(2040, 6, 1)),
       st.integers(0, 400))
def test_every_way_of_reading_the_date_over_generated_children(child: Any, start: date,
                                                                days: int) -> None:
    household = {"id": "h", "affiliate": {"id": "a", "status": "active"},
                 "children": [child.model_dump(mode="json")]}
    if child.birth_date is not None:
        start = max(start, child.birth_date)
    _day_by_day(DEMO, "leisure.clock-demo", household, child.id, start,
                start + timedelta(days=days))


# -- who changes soon ---------------------------------------------------------------------------

def test_the_people_whose_outcome_changes_within_a_window() -> None:
    found = BOOK.changes_within(WIDOW, on=date(2026, 5, 20), days=1200)
    assert [(u.program, u.applicant, u.outcome, u.change.on, u.change.outcome)
            for u in found] == [
        ("education.university-partnerships", "student-23", Outcome.ELIGIBLE,
         date(2029, 5, 5), Outcome.INELIGIBLE),  # no longer a rights holder at 27
        ("health.complementary-cover", "student-23", Outcome.ELIGIBLE, date(2029, 5, 5),
         Outcome.INELIGIBLE),
    ]
    assert BOOK.changes_within(WIDOW, on=date(2026, 5, 20), days=30) == []


def test_a_benefit_change_alone_is_not_an_outcome_change() -> None:
    household, _, _ = _example("leisure.summer-camp", "an 8-year-old in 2016 is admitted and "
                               "pays the full fee (before 2017)")
    found = BOOK.changes_within(household, on=date(2016, 12, 1), days=60,
                                programs=["leisure.summer-camp"])
    assert found == []  # the fee is halved on 1 January 2017; the child stays eligible


@pytest.mark.parametrize("days", [0, -3, True])
def test_a_window_of_no_days_is_refused(days: Any) -> None:
    with pytest.raises(HouseholdError, match="days"):
        BOOK.changes_within(WIDOW, on=date(2026, 5, 20), days=days)


# -- people born, spouses divorced, during the range ----------------------------------------------

_FAMILY = {
    "id": "h-family",
    "affiliate": {"id": "a", "status": "active", "birth_date": "1985-03-03",
                  "recruitment_date": "2008-09-01", "monthly_salary": "8000.00",
                  "pay_scale": 9},
    "spouses": [{"id": "s", "sex": "female", "birth_date": "1988-05-05",
                 "divorce_date": "2027-02-01"}],
    "children": [{"id": "c1", "birth_date": "2016-04-04"},
                 {"id": "c2", "birth_date": "2026-09-10"}],
    "dues": "paid",
}


def test_a_child_born_during_the_range_joins_the_party() -> None:
    timeline = BOOK.timeline("leisure.family-holiday-centre", _FAMILY, applicant="a",
                             start=date(2026, 6, 1), end=date(2027, 9, 30))
    sizes = [(p.start, p.amounts.get("party_size")) for p in timeline.periods
             if p.outcome is Outcome.ELIGIBLE]
    assert sizes[:2] == [(date(2026, 6, 1), 3), (date(2026, 9, 10), 4)]
    birth = timeline.changes[0]
    assert [e.kind for e in birth.events] == [EventKind.BIRTH]
    assert birth.reason.startswith("c2 is born")


def test_a_divorce_ends_a_spouse_s_cover_on_its_date() -> None:
    timeline = BOOK.timeline("health.complementary-cover", _FAMILY, applicant="s",
                             start=date(2026, 1, 1), end=date(2028, 12, 31))
    assert [(c.on, c.outcome) for c in timeline.changes] == [
        (date(2028, 2, 1), Outcome.INELIGIBLE)]  # 12 months of cover after the divorce


def test_an_applicant_not_yet_born_on_the_start_is_refused() -> None:
    with pytest.raises(HouseholdError, match="not yet born"):
        BOOK.timeline("health.complementary-cover", _FAMILY, applicant="c2",
                      start=date(2026, 1, 1), end=date(2027, 1, 1))


def test_a_household_s_day_by_day_with_births_and_a_divorce() -> None:
    for program, applicant in (("leisure.family-holiday-centre", "a"),
                               ("health.complementary-cover", "s"),
                               ("social.eid-al-adha-grant", "a")):
        _day_by_day(BOOK, program, _FAMILY, applicant, date(2026, 8, 1), date(2027, 3, 1))


# -- the ends of the calendar ------------------------------------------------------------------

_UNKNOWN_AGES = {"id": "h-ends", "affiliate": {"id": "a", "status": "active"},
                 "spouses": [{"id": "s", "birth_date": "1990-02-28"}],
                 "children": [{"id": "c", "birth_date": "2016-02-29"}],
                 "history": [{"program": "leisure.summer-camp", "person": "c",
                              "on": "2024-07-08"}]}


@pytest.mark.parametrize("on", [date(9999, 12, 31), date(9999, 12, 1), date(9998, 12, 31),
                                date(1, 1, 1)])
def test_decisions_at_the_ends_of_the_calendar_look_ahead_safely(on: date) -> None:
    for decision in BOOK.screen(_UNKNOWN_AGES, on=on, next_change=True):
        assert decision.next_change is None or decision.next_change.on > on
    end = on + timedelta(days=40) if on.year < 9999 else date.max
    for program, person in (("leisure.summer-camp", "c"),
                            ("leisure.family-holiday-centre", "a")):
        if person == "c" and on.year < 2016:
            continue  # not yet born
        found = BOOK.timeline(program, _UNKNOWN_AGES, applicant=person, start=on, end=end)
        assert found.periods[-1].end == end
    BOOK.changes_within(_UNKNOWN_AGES, on=on, days=400)
    BOOK.what_if("leisure.family-holiday-centre", _UNKNOWN_AGES, on=on)
