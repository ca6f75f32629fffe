"""The timeline property: for every shipped program, over generated households and ranges,
the timeline computed from the rules' change points is the day-by-day evaluation.

For each day of the range, the period holding it has that day's outcome, amounts and
details; the periods tile the range, two neighbours differ, and each boundary says why.
A decision's ``next_change`` is the timeline's first change.

Households are drawn by :func:`eligibility.testing.households` and taken from the rule
files' examples (made to sit near the rules' limits); ranges start near the dates where
something may happen (birthdays at the ages rules compare with, 24 months after a death,
12 after a divorce, benefits received, the program's change dates), so that boundaries
are common.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility import Household, Program, RuleBook
from eligibility.testing import households

pytestmark = pytest.mark.slow  # every program, every day of generated ranges

RULES = Path(__file__).resolve().parents[1] / "rules"
BOOK = RuleBook.load(RULES)
PROGRAM_IDS = tuple(BOOK.programs)
DAY = timedelta(days=1)
AGES = (8, 9, 13, 14, 16, 17, 21, 22, 26, 27, 64, 65)


def _anniversary(start: date, years: int) -> date | None:
    year = start.year + years
    if not 1 < year < 9999:
        return None
    try:
        return start.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def _anchors(program: Program, household: Household) -> list[date]:
    """Dates near which the program's outcome may change for this household."""
    found = list(program.change_dates)
    for person in household.people:
        if person.birth_date is not None:
            found += [d for n in AGES if (d := _anniversary(person.birth_date, n))]
    affiliate = household.affiliate
    if affiliate.death_date is not None:
        found += [affiliate.death_date + timedelta(days=730)]
    if affiliate.recruitment_date is not None:
        found += [d for n in (5, 6) if (d := _anniversary(affiliate.recruitment_date, n))]
    found += [s.divorce_date + timedelta(days=365) for s in household.spouses
              if s.divorce_date is not None]
    for record in household.history:
        found += [record.on, date(record.on.year + 1, 1, 1)]
    found += [p.birth_date for p in household.people if p.birth_date is not None]
    found += [s.divorce_date for s in household.spouses if s.divorce_date is not None]
    low = max(program.valid_from - timedelta(days=400), _born(household))
    high = date(2060, 1, 1)
    return sorted({d for d in found if low < d < high})


def _born(household: Household) -> date:
    """The first day the affiliate is born by (evaluations before it are refused)."""
    birth = household.affiliate.birth_date
    return birth if birth is not None else date(1900, 1, 1)


def _examples(program: Program) -> list[tuple[Household, str | None]]:
    return [(Household.model_validate(e.household), e.applicant) for e in program.examples]


@st.composite
def _cases(draw: st.DrawFn, program: Program) -> tuple[Household, date, date]:
    generated = households(programs=PROGRAM_IDS, max_children=3, max_history=3,
                           complete=draw(st.booleans()))
    examples = _examples(program)
    if examples and draw(st.booleans()):
        household, _ = draw(st.sampled_from(examples))
    else:
        household = draw(generated)
    anchors = _anchors(program, household) or [max(program.valid_from, _born(household))]
    start = draw(st.sampled_from(anchors)) - timedelta(days=draw(st.integers(0, 400)))
    start = max(start, _born(household))
    return household, start, start + timedelta(days=draw(st.integers(0, 700)))


def _check(program: Program, household: Household, start: date, end: date) -> None:
    for person in BOOK.applicants(program, household, start):
        timeline = BOOK.timeline(program, household, applicant=person, start=start, end=end)
        periods = timeline.periods
        assert periods[0].start == start
        assert periods[-1].end == end
        assert len(timeline.changes) == len(periods) - 1
        for before, after, change in zip(periods, periods[1:], timeline.changes,
                                         strict=False):
            assert before.end + DAY == after.start == change.on
            assert (before.outcome, before.amounts, before.details) != \
                (after.outcome, after.amounts, after.details)
            assert (change.outcome, change.amounts, change.details) == \
                (after.outcome, after.amounts, after.details)
            assert change.reason, change
            assert change.events, change
        for period in periods:
            day = period.start
            while day <= period.end:
                decision = BOOK.evaluate(program, household, applicant=person, on=day,
                                         next_change=False)
                assert (decision.outcome, decision.amounts, decision.details) == \
                    (period.outcome, period.amounts, period.details), (person.id, day)
                day += DAY


@pytest.mark.parametrize("program_id", PROGRAM_IDS)
def test_the_timeline_is_the_day_by_day_evaluation(program_id: str) -> None:
    program = BOOK.program(program_id)

    @settings(max_examples=25)
    @given(_cases(program))
    def check(case: tuple[Household, date, date]) -> None:
        _check(program, *case)

    check()


@settings(max_examples=60)
@given(st.sampled_from(PROGRAM_IDS).flatmap(
    lambda pid: st.tuples(st.just(pid), _cases(BOOK.program(pid)))))
def test_a_decision_s_next_change_is_the_timeline_s_first(
        case: tuple[str, tuple[Household, date, date]]) -> None:
    program_id, (household, start, end) = case
    program = BOOK.program(program_id)
    for person in BOOK.applicants(program, household, start):
        decision = BOOK.evaluate(program, household, applicant=person, on=start,
                                 next_change=True)
        timeline = BOOK.timeline(program, household, applicant=person, start=start, end=end)
        if timeline.changes:
            assert decision.next_change == timeline.changes[0]
        else:
            assert decision.next_change is None or decision.next_change.on > end
