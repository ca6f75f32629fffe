"""Strategies for the people of a household: affiliates, spouses, children and parents.

Each person is drawn by a private strategy that takes the bounds the household sets
(birth dates, divorce, kafala) and the rate at which facts are forgotten; the public
strategies draw one person on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from eligibility import Affiliate, AffiliateStatus, Child, Parent, Schooling, Spouse

from ._drawing import _anniversary, _birth_date, _flag, _forget, _sometimes, _unknown_rate
from ._values import _HORIZON, _LATEST, _check_dates, dates, identifiers, money, names


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
