"""How facts are drawn: birthdays, rare events, birth dates (one in ten a 29 February),
and forgetting (a fact drawn, then set to ``None``, i.e. unknown, at a per-file rate)."""

from __future__ import annotations

import calendar
from datetime import date
from typing import TypeVar

from hypothesis import strategies as st

from ._values import dates

T = TypeVar("T")

#: Out of ten, how often a fact is forgotten: drawn once per file (or per person).
_UNKNOWN_RATES = (0, 1, 3, 6)


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
