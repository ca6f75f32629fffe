"""Hypothesis strategies for valid households, for tests of the library and of its users.

Every strategy here builds *valid* data constructively (no rejection sampling): a
drawn :class:`~eligibility._model.household.Household` always passes validation, and its
dates are plausible, not merely legal:

* the affiliate is born between 1940 and 2005, recruited between the ages of 18
  and 35, retires after recruitment, and (when deceased) dies after recruitment;
* children are born once the affiliate has turned 18, and no later than
  :data:`~eligibility._model.household.POSTHUMOUS_BIRTH_DAYS` days after the affiliate's
  death unless they are in kafala;
* ``killed_on_duty`` is only ever true for a deceased affiliate, and an active
  affiliate has no ``retirement_date``;
* the benefit history names people in the file and programs from a caller's list;
* about one birth date in ten is a 29 February, to exercise age computations.

Facts are drawn first and some are then *forgotten* (set to ``None``, i.e.
unknown), so that a household with unknown fields is still consistent with a
complete one.  With ``complete=True`` nothing is forgotten: every birth date,
amount of money, flag, ``dues`` and ``bank_account`` is known.  Fields recording an
event that may not have happened (``death_date``, ``retirement_date``,
``divorce_date``, ``bac_year`` and ``bac_score``) stay ``None`` when it did not.

This module imports Hypothesis, so it is only imported by tests (or by users who
have Hypothesis installed)::

    from hypothesis import given
    from eligibility.testing import evaluation_dates, households

    @given(households(complete=True), evaluation_dates())
    def test_something(household, on): ...
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import ValidationError

from eligibility import (
    Affiliate,
    AffiliateStatus,
    BenefitRecord,
    Child,
    DuesStatus,
    Household,
    Parent,
    Schooling,
    Spouse,
)
from eligibility._model.household import POSTHUMOUS_BIRTH_DAYS

__all__ = [
    "DEFAULT_PROGRAMS",
    "affiliates",
    "children",
    "dates",
    "evaluation_dates",
    "households",
    "identifiers",
    "money",
    "names",
    "parents",
    "spouses",
]

T = TypeVar("T")

#: Program ids that :func:`households` draws its benefit history from by default.
DEFAULT_PROGRAMS: tuple[str, ...] = ("social.eid-al-adha-grant", "leisure.summer-camp")

_EARLIEST = date(1940, 1, 1)
_LATEST = date(2040, 12, 31)
#: Where the dates of an affiliation file stop: nothing happens after this day.
_HORIZON = _LATEST
_EVALUATION_MIN = date(2003, 1, 1)
_EVALUATION_MAX = date(2030, 12, 31)
_CENT = Decimal("0.01")
_MAX_MONEY = Decimal("999999999999.99")  # 14 digits, 2 of them decimals
_IDENTIFIER_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-"
_NAMES = (
    "Mohammed Alaoui",
    "Fatima Zahra Bennani",
    "Youssef El Idrissi",
    "Khadija Tazi",
    "Omar Berrada",
    "Aicha Chraibi",
    "محمد العلوي",
    "فاطمة الزهراء بناني",
    "ⵢⵓⵙⴼ",
)
#: Out of ten, how often a fact is forgotten: drawn once per file (or per person).
_UNKNOWN_RATES = (0, 1, 3, 6)


# -- small building blocks ---------------------------------------------------------


def _anniversary(born: date, years: int) -> date:
    """The day someone born on ``born`` turns ``years`` old (see ``age_on``).

    Someone born on 29 February has their birthday on 1 March in common years.
    """
    year = born.year + years
    if born.month == 2 and born.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return born.replace(year=year)


def _clamp(value: date, low: date, high: date) -> date:
    return max(low, min(value, high))


def _forget(draw: st.DrawFn, value: T, rate: int) -> T | None:
    """``value``, or ``None`` (unknown) ``rate`` times out of ten; shrinks to known."""
    if rate == 0:
        return value
    return None if draw(st.integers(0, 9)) >= 10 - rate else value


def _sometimes(draw: st.DrawFn, times_out_of_ten: int) -> bool:
    """A boolean that is true ``times_out_of_ten`` times out of ten; shrinks to false."""
    return draw(st.integers(0, 9)) >= 10 - times_out_of_ten


def _flag(draw: st.DrawFn, rate: int, *, true_out_of_ten: int = 3) -> bool | None:
    return _forget(draw, _sometimes(draw, true_out_of_ten), rate)


def _birth_date(draw: st.DrawFn, low: date, high: date) -> date:
    """A date in ``[low, high]``; one time in ten a 29 February, if there is one."""
    if _sometimes(draw, 1):
        leap_days = [
            date(year, 2, 29)
            for year in range(low.year, high.year + 1)
            if calendar.isleap(year) and low <= date(year, 2, 29) <= high
        ]
        if leap_days:
            return draw(st.sampled_from(leap_days))
    return draw(dates(low, high))


def _unknown_rate(draw: st.DrawFn, complete: bool) -> int:
    return 0 if complete else draw(st.sampled_from(_UNKNOWN_RATES))


def _check_dates(min_value: date, max_value: date) -> None:
    if min_value > max_value:
        raise InvalidArgument(f"min_value={min_value} is after max_value={max_value}")


def _check_size(name: str, value: int) -> None:
    if value < 0:
        raise InvalidArgument(f"{name}={value} must be >= 0")


# -- public leaf strategies ----------------------------------------------------------


def dates(min_value: date = _EARLIEST, max_value: date = _LATEST) -> st.SearchStrategy[date]:
    """Calendar dates between ``min_value`` and ``max_value`` (both included)."""
    _check_dates(min_value, max_value)
    return st.dates(min_value, max_value)


def money(
    max_value: Decimal = Decimal("50000"), *, min_value: Decimal = Decimal("0")
) -> st.SearchStrategy[Decimal]:
    """Amounts in dirhams: ``Decimal`` with exactly two decimal places, ``>= 0``.

    ``min_value`` and ``max_value`` (both included) are rounded inwards to the cent.
    Round amounts (whole dirhams) come up more often than a uniform draw would give.
    """
    if not min_value.is_finite() or min_value < 0:
        raise InvalidArgument(f"min_value={min_value} must be a finite amount >= 0")
    if not max_value.is_finite() or max_value > _MAX_MONEY:
        raise InvalidArgument(f"max_value={max_value} must be a finite amount <= {_MAX_MONEY}")
    low = int((min_value / _CENT).to_integral_value(rounding=ROUND_CEILING))
    high = int((max_value / _CENT).to_integral_value(rounding=ROUND_FLOOR))
    if low > high:
        raise InvalidArgument(f"no amount in cents between {min_value} and {max_value}")
    cents = st.integers(low, high)
    if low // 100 < high // 100:  # some whole dirhams in range: give them extra weight
        whole = st.integers(-(-low // 100), high // 100).map(lambda dirhams: dirhams * 100)
        cents = st.one_of(cents, whole)
    return cents.map(lambda amount: (Decimal(amount) * _CENT).quantize(_CENT))


def identifiers() -> st.SearchStrategy[str]:
    """Valid identifiers (household and person ids): 1-16 of ``[A-Za-z0-9_.:-]``."""
    return st.text(alphabet=_IDENTIFIER_ALPHABET, min_size=1, max_size=16)


def names() -> st.SearchStrategy[str]:
    """Person names: usual Moroccan names (Latin, Arabic, Tifinagh script) or any letters."""
    letters = st.characters(categories=("L", "M"), include_characters=" -'")
    return st.one_of(st.sampled_from(_NAMES), st.text(letters, min_size=1, max_size=40))


def evaluation_dates(
    min_value: date = _EVALUATION_MIN, max_value: date = _EVALUATION_MAX
) -> st.SearchStrategy[date]:
    """Dates to evaluate rules on: 2003-01-01 to 2030-12-31 by default.

    About half the draws are boundary-ish days, where age and calendar rules change:
    1 January, 1 and 31 December, 28 February, 1 March, and 29 February of leap
    years.  Shrinks towards ``min_value``.
    """
    _check_dates(min_value, max_value)
    special: list[date] = []
    for year in range(min_value.year, max_value.year + 1):
        days = [(1, 1), (12, 1), (12, 31), (2, 28), (3, 1)]
        if calendar.isleap(year):
            days.append((2, 29))
        special.extend(date(year, month, day) for month, day in days)
    special = sorted(day for day in special if min_value <= day <= max_value)
    uniform = st.dates(min_value, max_value)
    if not special:
        return uniform
    return st.one_of(uniform, st.sampled_from(special))


# -- people ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _AffiliateFacts:
    """The affiliate's dates as drawn, before some were forgotten."""

    birth: date
    recruitment: date
    retirement: date | None
    death: date | None


@st.composite
def _affiliate(
    draw: st.DrawFn,
    *,
    status: AffiliateStatus | None,
    person_id: str | None,
    rate: int,
    min_birth: date,
    max_birth: date,
) -> tuple[Affiliate, _AffiliateFacts]:
    if status is None:
        status = draw(st.sampled_from(AffiliateStatus))
    pid = draw(identifiers()) if person_id is None else person_id
    birth = _birth_date(draw, min_birth, max_birth)
    # Recruited at 18-35, and always at least two years before the horizon, so that a
    # deceased affiliate can die strictly after recruitment.
    latest_recruitment = _HORIZON - timedelta(days=2 * 366)
    recruitment_low = _anniversary(birth, 18)
    recruitment = draw(
        dates(
            recruitment_low,
            max(recruitment_low, min(_anniversary(birth, 35), latest_recruitment)),
        )
    )
    retirement: date | None = None
    death: date | None = None
    killed_on_duty: bool | None = False
    if status is AffiliateStatus.RETIRED:
        retirement = draw(
            dates(recruitment, max(recruitment, min(_anniversary(birth, 65), _HORIZON)))
        )
    elif status is AffiliateStatus.DECEASED:
        death = draw(dates(recruitment + timedelta(days=1), min(_anniversary(birth, 95), _HORIZON)))
        if _sometimes(draw, 3):  # retired, then died
            retirement = draw(dates(recruitment, death))
        killed_on_duty = _flag(draw, rate, true_out_of_ten=3 if retirement is None else 0)
    active = status is AffiliateStatus.ACTIVE
    salary = draw(money(Decimal("40000"), min_value=Decimal("2500")))
    pension = draw(money(Decimal("25000"), min_value=Decimal("1000")))
    affiliate = Affiliate(
        id=pid,
        name=_forget(draw, draw(names()), rate),
        birth_date=_forget(draw, birth, rate),
        disabled=_flag(draw, rate, true_out_of_ten=1),
        serious_illness=_flag(draw, rate, true_out_of_ten=1),
        status=status,
        recruitment_date=_forget(draw, recruitment, rate),
        retirement_date=_forget(draw, retirement, rate),
        death_date=death,  # a deceased affiliate's death date is always known
        killed_on_duty=killed_on_duty,
        monthly_salary=_forget(draw, salary if active else Decimal("0.00"), rate),
        monthly_pension=_forget(draw, Decimal("0.00") if active else pension, rate),
        pay_scale=_forget(draw, draw(st.integers(1, 20)), rate),
        owns_main_home=_flag(draw, rate, true_out_of_ten=5),
    )
    return affiliate, _AffiliateFacts(birth, recruitment, retirement, death)


def affiliates(
    status: AffiliateStatus | str | None = None,
    *,
    person_id: str | None = None,
    complete: bool = False,
) -> st.SearchStrategy[Affiliate]:
    """Valid affiliates, born 1940-2005, with the given ``status`` (any when ``None``).

    ``person_id`` is drawn when not given.  Recruitment is at 18-35; a retiree
    retires after recruitment; a deceased affiliate dies after recruitment and
    may have been killed on duty.  Amounts that do not apply (an active officer's
    pension, a retiree's salary) are ``0.00``.  With ``complete=True`` every fact
    is known; otherwise some are unknown (``None``).
    """
    wanted = None if status is None else AffiliateStatus(status)

    @st.composite
    def build(draw: st.DrawFn) -> Affiliate:
        rate = _unknown_rate(draw, complete)
        affiliate, _ = draw(
            _affiliate(
                status=wanted,
                person_id=person_id,
                rate=rate,
                min_birth=date(1940, 1, 1),
                max_birth=date(2005, 12, 31),
            )
        )
        return affiliate

    return build()


@st.composite
def _spouse(
    draw: st.DrawFn,
    *,
    person_id: str | None,
    rate: int,
    min_birth: date,
    max_birth: date,
    may_remarry: bool,
    max_divorce: date,
) -> Spouse:
    pid = draw(identifiers()) if person_id is None else person_id
    birth = _birth_date(draw, min_birth, max_birth)
    divorce: date | None = None
    adult = _anniversary(birth, 18)
    if adult <= max_divorce and _sometimes(draw, 2):
        divorce = draw(dates(adult, max_divorce))
    remarried = _sometimes(draw, 3) if (may_remarry or divorce is not None) else False
    return Spouse(
        id=pid,
        name=_forget(draw, draw(names()), rate),
        birth_date=_forget(draw, birth, rate),
        disabled=_flag(draw, rate, true_out_of_ten=1),
        serious_illness=_flag(draw, rate, true_out_of_ten=1),
        monthly_pension=_forget(draw, draw(money(Decimal("15000"))), rate),
        own_insurance=_flag(draw, rate),
        divorce_date=divorce,
        remarried=_forget(draw, remarried, rate),
    )


def spouses(
    person_id: str | None = None,
    *,
    complete: bool = False,
    min_birth: date = date(1925, 1, 1),
    max_birth: date = date(2010, 12, 31),
) -> st.SearchStrategy[Spouse]:
    """Valid spouses born between ``min_birth`` and ``max_birth``.

    ``person_id`` is drawn when not given.  A spouse is sometimes divorced (after
    turning 18) and sometimes remarried.  With ``complete=True`` every fact is
    known (``divorce_date`` is ``None`` when there was no divorce).
    """
    _check_dates(min_birth, max_birth)

    @st.composite
    def build(draw: st.DrawFn) -> Spouse:
        rate = _unknown_rate(draw, complete)
        return draw(
            _spouse(
                person_id=person_id,
                rate=rate,
                min_birth=min_birth,
                max_birth=max_birth,
                may_remarry=True,
                max_divorce=_HORIZON,
            )
        )

    return build()


@st.composite
def _child(
    draw: st.DrawFn,
    *,
    person_id: str | None,
    rate: int,
    min_birth: date,
    max_birth: date,
    max_kafala_birth: date,
) -> Child:
    """A child born in ``[min_birth, max_birth]``, or up to ``max_kafala_birth`` in kafala."""
    pid = draw(identifiers()) if person_id is None else person_id
    kafala = _sometimes(draw, 2)
    if kafala and max_kafala_birth > max_birth and _sometimes(draw, 3):
        # Only possible in kafala: born after the posthumous limit.
        birth = draw(dates(max_birth + timedelta(days=1), max_kafala_birth))
    else:
        birth = _birth_date(draw, min_birth, max_birth)
    bac_year: int | None = None
    bac_score: Decimal | None = None
    if _sometimes(draw, 4):
        bac_year = min(max(birth.year + draw(st.integers(17, 20)), 1950), 2100)
        bac_score = draw(money(Decimal("20")))
    return Child(
        id=pid,
        name=_forget(draw, draw(names()), rate),
        birth_date=_forget(draw, birth, rate),
        disabled=_flag(draw, rate, true_out_of_ten=1),
        serious_illness=_flag(draw, rate, true_out_of_ten=1),
        # Only a child born within the posthumous limit may have an unknown kafala.
        kafala=_forget(draw, kafala, rate) if birth <= max_birth else kafala,
        schooling=_forget(draw, draw(st.sampled_from(Schooling)), rate),
        student=_flag(draw, rate),
        married=_flag(draw, rate, true_out_of_ten=1),
        bac_year=bac_year,
        bac_score=bac_score,
    )


def children(
    person_id: str | None = None,
    *,
    complete: bool = False,
    min_birth: date = date(1958, 1, 1),
    max_birth: date = _LATEST,
) -> st.SearchStrategy[Child]:
    """Valid children born between ``min_birth`` and ``max_birth``.

    ``person_id`` is drawn when not given.  Some children are in kafala; some have
    passed the baccalaureate (``bac_year`` 17-20 years after birth, a score out of
    20).  With ``complete=True`` every fact is known (``bac_year`` and
    ``bac_score`` are ``None`` for a child without the baccalaureate).
    """
    _check_dates(min_birth, max_birth)

    @st.composite
    def build(draw: st.DrawFn) -> Child:
        rate = _unknown_rate(draw, complete)
        return draw(
            _child(
                person_id=person_id,
                rate=rate,
                min_birth=min_birth,
                max_birth=max_birth,
                max_kafala_birth=max_birth,
            )
        )

    return build()


@st.composite
def _parent(
    draw: st.DrawFn, person_id: str | None, rate: int, min_birth: date, max_birth: date
) -> Parent:
    pid = draw(identifiers()) if person_id is None else person_id
    return Parent(
        id=pid,
        name=_forget(draw, draw(names()), rate),
        birth_date=_forget(draw, _birth_date(draw, min_birth, max_birth), rate),
        disabled=_flag(draw, rate, true_out_of_ten=2),
        serious_illness=_flag(draw, rate, true_out_of_ten=2),
    )


def parents(
    person_id: str | None = None,
    *,
    complete: bool = False,
    min_birth: date = date(1890, 1, 1),
    max_birth: date = date(1990, 12, 31),
) -> st.SearchStrategy[Parent]:
    """Valid parents born between ``min_birth`` and ``max_birth``.

    ``person_id`` is drawn when not given.  With ``complete=True`` every fact is
    known.
    """
    _check_dates(min_birth, max_birth)

    @st.composite
    def build(draw: st.DrawFn) -> Parent:
        rate = _unknown_rate(draw, complete)
        return draw(
            _parent(person_id=person_id, rate=rate, min_birth=min_birth, max_birth=max_birth)
        )

    return build()


# -- households --------------------------------------------------------------------


def households(
    status: AffiliateStatus | str | None = None,
    max_children: int = 6,
    max_spouses: int = 2,
    *,
    complete: bool = False,
    programs: Sequence[str] = DEFAULT_PROGRAMS,
    max_parents: int = 2,
    max_history: int = 6,
    household_id: str | None = None,
) -> st.SearchStrategy[Household]:
    """Valid, plausible households (affiliation files).

    * ``status``: the affiliate's status; any when ``None``.
    * ``max_children``, ``max_spouses``, ``max_parents`` (at most 2), ``max_history``:
      how many children, spouses, parents and benefit records at most (zero or more).
    * ``complete``: when true, no fact is unknown: every birth date, amount, flag,
      ``dues`` and ``bank_account`` is known (event fields such as ``divorce_date``
      stay ``None`` when the event did not happen).  When false, each file forgets
      a varying share of its facts (sometimes none).
    * ``programs``: the program ids benefit records are drawn from; no history when
      empty.
    * ``household_id``: the file's id; drawn when not given.

    Person ids are ``"a"`` (the affiliate), ``"s1"``, ``"s2"``... (spouses), ``"c1"``,
    ``"c2"``... (children) and ``"p1"``, ``"p2"`` (parents).  Spouses are born within
    15 years of the affiliate, parents 16-50 years before, children after the
    affiliate turned 18 (and, unless in kafala, no later than 300 days after the
    affiliate's death).  Benefit records name people in the file, on evaluation-range
    dates (2003-2030).
    """
    wanted = None if status is None else AffiliateStatus(status)
    _check_size("max_children", max_children)
    _check_size("max_spouses", max_spouses)
    _check_size("max_history", max_history)
    if not 0 <= max_parents <= 2:
        raise InvalidArgument(f"max_parents={max_parents} must be between 0 and 2")
    program_ids = tuple(programs)
    for program in program_ids:
        try:
            BenefitRecord(program=program, person="a", on=_EVALUATION_MIN)
        except ValidationError as error:
            raise InvalidArgument(f"invalid program id {program!r}: {error}") from error

    @st.composite
    def build(draw: st.DrawFn) -> Household:
        rate = _unknown_rate(draw, complete)
        affiliate, facts = draw(
            _affiliate(
                status=wanted,
                person_id="a",
                rate=rate,
                min_birth=date(1940, 1, 1),
                max_birth=date(2005, 12, 31),
            )
        )
        deceased = facts.death is not None

        spouse_min = _clamp(_anniversary(facts.birth, -15), date(1900, 1, 1), _HORIZON)
        spouse_max = _clamp(_anniversary(facts.birth, 15), spouse_min, date(2010, 12, 31))
        spouse_count = draw(st.integers(0, max_spouses))
        spouse_list = [
            draw(
                _spouse(
                    person_id=f"s{n}",
                    rate=rate,
                    min_birth=spouse_min,
                    max_birth=spouse_max,
                    may_remarry=deceased,
                    max_divorce=facts.death or _HORIZON,  # divorced before being widowed
                )
            )
            for n in range(1, spouse_count + 1)
        ]

        child_min = _anniversary(facts.birth, 18)
        if facts.death is None:
            child_max = min(_anniversary(facts.birth, 60), _HORIZON)
            kafala_max = child_max
        else:
            child_max = min(facts.death + timedelta(days=POSTHUMOUS_BIRTH_DAYS), _HORIZON)
            kafala_max = min(_anniversary(facts.death, 5), _HORIZON)
        child_count = draw(st.integers(0, max_children))
        child_list = [
            draw(
                _child(
                    person_id=f"c{n}",
                    rate=rate,
                    min_birth=child_min,
                    max_birth=child_max,
                    max_kafala_birth=kafala_max,
                )
            )
            for n in range(1, child_count + 1)
        ]

        parent_count = draw(st.integers(0, max_parents))
        parent_list = [
            draw(
                _parent(
                    person_id=f"p{n}",
                    rate=rate,
                    min_birth=_anniversary(facts.birth, -50),
                    max_birth=_anniversary(facts.birth, -16),
                )
            )
            for n in range(1, parent_count + 1)
        ]

        people = ["a", *(p.id for p in (*spouse_list, *child_list, *parent_list))]
        history: list[BenefitRecord] = []
        if program_ids:
            for _ in range(draw(st.integers(0, max_history))):
                history.append(
                    BenefitRecord(
                        program=draw(st.sampled_from(program_ids)),
                        person=draw(st.sampled_from(people)),
                        on=draw(dates(_EVALUATION_MIN, _EVALUATION_MAX)),
                        amount=_forget(draw, draw(money(Decimal("20000"))), rate),
                    )
                )

        return Household(
            id=draw(identifiers()) if household_id is None else household_id,
            affiliate=affiliate,
            spouses=tuple(spouse_list),
            children=tuple(child_list),
            parents=tuple(parent_list),
            dues=_forget(draw, draw(st.sampled_from(DuesStatus)), rate),
            bank_account=_forget(draw, _sometimes(draw, 7), rate),
            social_hardship=_flag(draw, rate, true_out_of_ten=2),
            history=tuple(history),
        )

    return build()
