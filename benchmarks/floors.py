"""Hand-written Python for each shipped program: the floor the native engine is measured against.

Each function computes, for one applicant on one date, the same outcome and the same
per-criterion results (in the order of ``program.active_criteria(on)``) as the engine,
as plain tuples, with the parameter values in force on the benchmark dates written in
as constants, the way a careful programmer would write it by hand for complete data.
The benchmark checks that every floor agrees with the engine before timing it.

Add one function per program to ``FLOORS``; a program without a floor is reported
as such by ``benchmarks/run.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from eligibility import Household, Person, age_on

Floor = Callable[[Household, Any, date], tuple[str, tuple[bool, ...]]]


def _outcome(results: tuple[bool, ...]) -> tuple[str, tuple[bool, ...]]:
    return ("eligible" if all(results) else "ineligible"), results


def eid_al_adha_grant(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    category = h.category_of(a, on)
    widow = category == "widow"
    results = (
        category in ("retiree", "widow"),
        _not_remarried(h, a, on),
        a.monthly_pension <= (2000 if widow else 2500),
        sum(
            1
            for r in h.history
            if r.program == "social.eid-al-adha-grant"
            and r.on <= on
            and r.person == a.id
            and r.on.year == on.year
        )
        < 1,
    )
    return _outcome(results)


# -- shared helpers of the floors below ---------------------------------------------------------

_MEMBERS = ("active_officer", "retiree", "widow")


def _times(h: Household, programs: tuple[str, ...], a: Any, on: date, *, per: str,
           household: bool = False) -> int:
    """How often the history records one of ``programs`` (the frequency criterion)."""
    return sum(
        1
        for r in h.history
        if r.program in programs
        and r.on <= on
        and (household or r.person == a.id)
        and (per != "calendar-year" or r.on.year == on.year)
    )


def _killed(h: Household) -> bool:
    return h.affiliate.status == "deceased" and bool(h.affiliate.killed_on_duty)


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    last = [31, 29 if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][m]
    return date(y, m + 1, min(d.day, last))


def _dependent(c: Any, on: date) -> bool:
    """A rights-holder child: 21 at most, 26 at most for an unmarried student, any age if
    disabled ("N at most" includes the year of age N)."""
    if c.role != "child":
        return False
    age = age_on(c.birth_date, on)
    return age <= 21 or (c.student and not c.married and age <= 26) or bool(c.disabled)


def _not_remarried(h: Household, a: Any, on: date) -> bool:
    return h.category_of(a, on) != "widow" or not a.remarried


def _seniority(h: Household, on: date) -> int:
    f = h.affiliate
    end = min(d for d in (on, f.retirement_date, f.death_date) if d is not None)
    return max(0, age_on(f.recruitment_date, end))


# -- health ------------------------------------------------------------------------------------


def complementary_cover(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    f = h.affiliate
    statuses = ("active",) if on < date(2025, 12, 1) else ("active", "retired", "deceased")
    survivor = f.status == "deceased" and on < _add_months(f.death_date, 24)
    role = a.role
    return _outcome((
        survivor or f.status in statuses,
        role != "spouse" or not a.own_insurance,
        _not_remarried(h, a, on),
        role != "spouse" or a.divorce_date is None or a.divorce_date > on
        or on < _add_months(a.divorce_date, 12),
        role != "child" or _dependent(a, on),
    ))


def serious_illness_aid(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    return _outcome((
        h.category_of(a, on) == "active_officer",
        any(p.serious_illness for p in h.people),
        _times(h, ("health.serious-illness-aid",), a, on, per="calendar-year") < 1,
    ))


def relief_fund(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    return _outcome((
        h.category_of(a, on) in _MEMBERS or (a.role == "parent" and _killed(h)),
        _not_remarried(h, a, on),
        bool(h.social_hardship) or any(p.serious_illness for p in h.people),
    ))


def killed_on_duty_medical_cover(h: Household, a: Any,
                                 on: date) -> tuple[str, tuple[bool, ...]]:
    return _outcome((
        _killed(h),
        (a.role == "spouse" and h.category_of(a, on) == "widow") or a.role == "child"
        or (a.role == "parent" and _killed(h)),
        _not_remarried(h, a, on),
        a.role != "child" or _dependent(a, on),
    ))


# -- housing -----------------------------------------------------------------------------------


def flats_for_widows(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    return _outcome((
        h.category_of(a, on) == "widow",
        _killed(h),
        _not_remarried(h, a, on),
        _times(h, ("housing.flats-for-widows",), a, on, per="career") < 1,
    ))


def preferential_loan(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    return _outcome((
        h.category_of(a, on) == "active_officer",
        h.dues in ("paid", "exempt"),
        not a.owns_main_home,
        _times(h, ("housing.preferential-loan", "housing.flats-for-widows"), a, on,
               per="career", household=True) < 1,
    ))


# -- leisure -----------------------------------------------------------------------------------


def summer_camp(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    min_age = 9 if on < date(2015, 1, 1) else 8
    max_age = 13 if on < date(2025, 1, 1) else 16
    age = age_on(a.birth_date, on)
    return _outcome((
        min_age <= age <= max_age,
        h.dues in ("paid", "exempt"),
        _times(h, ("leisure.summer-camp",), a, on, per="calendar-year") < 1,
    ))


def family_holiday_centre(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    return _outcome((
        6 <= on.month <= 9,
        h.dues in ("paid", "exempt"),
        _times(h, ("leisure.family-holiday-centre",), a, on, per="calendar-year") < 1,
    ))


def hajj(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    category = h.category_of(a, on)
    scale = h.affiliate.pay_scale
    income = a.monthly_salary if category == "active_officer" else a.monthly_pension
    return _outcome((
        category in _MEMBERS,
        _not_remarried(h, a, on),
        _seniority(h, on) >= 5,
        (scale is not None and scale <= 9) or income < 5000
        or (scale == 10 and age_on(a.birth_date, on) >= 64),
        h.dues in ("paid", "exempt"),
        _times(h, ("social.hajj",), a, on, per="career") < 1,
    ))


def killed_on_duty_parents_support(h: Household, a: Any,
                                   on: date) -> tuple[str, tuple[bool, ...]]:
    return _outcome((
        _killed(h),
        _times(h, ("social.killed-on-duty-parents-support",), a, on, per="career",
               household=True) < 1,
    ))


# -- education ---------------------------------------------------------------------------------


def excellence_award(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    return _outcome((
        a.schooling in ("secondary", "higher"),
        a.bac_year == on.year,
        a.bac_score >= 16,
        _times(h, ("education.excellence-award",), a, on, per="career") < 1,
    ))


def killed_on_duty_orphan_grant(h: Household, a: Any,
                                on: date) -> tuple[str, tuple[bool, ...]]:
    age = age_on(a.birth_date, on)
    return _outcome((
        _killed(h),
        age <= 26 if a.student else age <= 21,
        _times(h, ("education.killed-on-duty-orphan-grant",), a, on, per="calendar-year") < 1,
    ))


def university_partnerships(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    return _outcome((bool(a.student), _dependent(a, on)))


def school_entry_vouchers(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    levels = ("preschool", "primary", "middle", "secondary")
    return _outcome((
        h.category_of(a, on) == "widow",
        _not_remarried(h, a, on),
        any(_dependent(c, on) and c.schooling in levels for c in h.children),
        _times(h, ("education.school-entry-vouchers",), a, on, per="calendar-year") < 1,
    ))


def merit_scholarship(h: Household, a: Any, on: date) -> tuple[str, tuple[bool, ...]]:
    return _outcome((
        a.bac_score >= 16,
        bool(a.student),
        _times(h, ("education.merit-scholarship",), a, on, per="career") < 3,
    ))


FLOORS: dict[str, Floor] = {
    "leisure.summer-camp": summer_camp,
    "social.eid-al-adha-grant": eid_al_adha_grant,
    "health.complementary-cover": complementary_cover,
    "health.serious-illness-aid": serious_illness_aid,
    "health.relief-fund": relief_fund,
    "health.killed-on-duty-medical-cover": killed_on_duty_medical_cover,
    "housing.flats-for-widows": flats_for_widows,
    "housing.preferential-loan": preferential_loan,
    "leisure.family-holiday-centre": family_holiday_centre,
    "social.hajj": hajj,
    "social.killed-on-duty-parents-support": killed_on_duty_parents_support,
    "education.excellence-award": excellence_award,
    "education.killed-on-duty-orphan-grant": killed_on_duty_orphan_grant,
    "education.university-partnerships": university_partnerships,
    "education.school-entry-vouchers": school_entry_vouchers,
    "education.merit-scholarship": merit_scholarship,
}

__all__ = ["FLOORS", "Floor", "Person", "age_on"]
