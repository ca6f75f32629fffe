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
    category = h.category_of(a)
    widow = category == "widow"
    results = (
        category in ("retiree", "widow"),
        not widow or not a.remarried,
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


FLOORS: dict[str, Floor] = {
    "social.eid-al-adha-grant": eid_al_adha_grant,
}

__all__ = ["FLOORS", "Floor", "Person", "age_on"]
