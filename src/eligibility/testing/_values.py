"""Leaf strategies: calendar dates, amounts of money, identifiers, person names and
evaluation dates, with the bounds the other strategies draw within."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

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


def _check_dates(min_value: date, max_value: date) -> None:
    if min_value > max_value:
        raise InvalidArgument(f"min_value={min_value} is after max_value={max_value}")


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
