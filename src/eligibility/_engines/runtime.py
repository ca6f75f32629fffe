"""Run-time support shared by the compiled code and the interpreter.

One implementation of every built-in (ages, date shifts, division...) serves
both evaluation paths, so they cannot disagree on arithmetic or calendars.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import Any

from eligibility._model.errors import EvaluationError
from eligibility._model.household import Affiliate, Person, Spouse, age_on
from eligibility._model.numbers import MAX_DIGITS

__all__ = [
    "Missing",
    "add_days",
    "add_months",
    "add_years",
    "age_on",
    "day",
    "days_between",
    "divide",
    "divorced",
    "divorced_read",
    "make_date",
    "month",
    "months_between",
    "nn",
    "no_value",
    "power",
    "round_half_up",
    "seniority",
    "year",
    "years_between",
]


class Missing(Exception):  # noqa: N818 - a control-flow signal, not an error
    """Raised by compiled code when it reads an unknown fact (the slow path then explains).

    Always raise a new instance (``raise Missing``): re-raising one shared instance would
    chain every traceback onto it and keep their frames alive.
    """


def nn(value: Any) -> Any:
    """Return ``value``; raise :class:`Missing` if it is unknown (``None``)."""
    if value is None:
        raise Missing
    return value




def make_date(y: int, m: int, d: int) -> date:
    """The date ``y-m-d``; an impossible date (30 February...) is a rule error."""
    try:
        return date(y, m, d)
    except ValueError as exc:
        raise EvaluationError(f"no such date: {y}-{m}-{d} ({exc})") from None


def year(d: date) -> int:
    return d.year


def month(d: date) -> int:
    return d.month


def day(d: date) -> int:
    return d.day


#: Days in each month of a common year (February's 29th in a leap year, below).
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(d: date, n: int) -> date:
    """``d`` moved ``n`` months; the day is clamped to the end of a shorter month."""
    index = d.year * 12 + d.month - 1 + n
    y, m = divmod(index, 12)
    if not 1 <= y <= 9999:
        raise EvaluationError(f"date out of range: {d} moved {n} months")
    day = d.day
    if day > 28:  # every month has 28 days (no calendar to look at: a hot path)
        last = 29 if m == 1 and calendar.isleap(y) else _MONTH_DAYS[m]
        day = min(day, last)
    return date(y, m + 1, day)


def add_years(d: date, n: int) -> date:
    """``d`` moved ``n`` years; 29 February becomes 28 February in a common year."""
    return add_months(d, 12 * n)


def add_days(d: date, n: int) -> date:
    try:
        return d + timedelta(days=n)
    except OverflowError:
        raise EvaluationError(f"date out of range: {d} moved {n} days") from None


def years_between(start: date, end: date) -> int:
    """Completed years from ``start`` to ``end`` (same convention as ages)."""
    return age_on(start, end)


def months_between(start: date, end: date) -> int:
    """Completed months from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def days_between(start: date, end: date) -> int:
    return (end - start).days


def seniority(affiliate: Affiliate, on: date) -> int:
    """Completed years of service on ``on``, counted up to retirement or death."""
    if not isinstance(affiliate, Affiliate):
        raise Missing
    start = nn(affiliate.recruitment_date)
    end = on
    for stop in (affiliate.retirement_date, affiliate.death_date):
        if stop is not None and stop < end:
            end = stop
    return max(0, age_on(start, end))


def divorced(person: Person, on: date) -> bool:
    """Whether ``person`` (a spouse) is divorced from the affiliate on ``on``; unknown for
    someone who is not a spouse (a field only some applicants have)."""
    if type(person) is not Spouse and not isinstance(person, Spouse):  # exact class first
        raise Missing
    return person.divorced_on(on)


def divorced_read(person: Person, on: date) -> bool | None:
    """:func:`divorced` read as a value a decision shows: ``None`` (unknown) for someone
    who is not a spouse, without raising and catching :class:`Missing`."""
    if type(person) is Spouse or isinstance(person, Spouse):  # exact class first
        return person.divorced_on(on)
    return None


def divide(left: int | Decimal, right: int | Decimal) -> Decimal:
    """Decimal division in the library's context; a zero divisor is a rule error."""
    try:
        return Decimal(left) / Decimal(right)
    except (DivisionByZero, InvalidOperation, ZeroDivisionError):
        raise EvaluationError(f"division by zero: {left} / {right}") from None
    except Overflow:
        raise EvaluationError(f"{left} / {right} reaches 10**{MAX_DIGITS} or more") from None


def no_value(name: str, on: date) -> Any:
    """A parameter read on a date before its first value (a global one, in a definition
    that a program evaluated on that date does not use): a rule error, not a crash."""
    raise EvaluationError(f"parameter {name!r} has no value on {on}")


def power(base: int | Decimal, exponent: int) -> int | Decimal:
    """``base ** exponent``: a decimal, except that a whole-number base with an exponent
    >= 0 stays a whole number, as every other operator on whole numbers does (a value
    typed decimal, such as ``0 if c else 0.5``, may hold one). ``0 ** -n`` (infinite) is
    a rule error."""
    if isinstance(base, int) and exponent >= 0:
        # The type checker bounds whole numbers at load (``number-too-large``); this guard
        # only keeps a bug there from running away.
        if (abs(base).bit_length() - 1) * exponent * 0.30103 >= MAX_DIGITS:
            raise EvaluationError(f"{base} ** {exponent} reaches 10**{MAX_DIGITS} or more")
        return int(base**exponent)
    try:
        result = Decimal(base) ** exponent
    except (DivisionByZero, InvalidOperation, ZeroDivisionError, Overflow):
        raise EvaluationError(f"invalid power: {base} ** {exponent}") from None
    if not result.is_finite():
        raise EvaluationError(f"division by zero: {base} ** {exponent}")
    return result


def round_half_up(value: int | Decimal, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals (money rounding)."""
    if not 0 <= places <= 8:
        raise EvaluationError(f"round() takes 0 to 8 places, got {places}")
    try:
        return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the decimal context holds
        raise EvaluationError(f"round({value}, {places}): too many digits") from None


#: Built-in functions by name, shared by the code generator and the interpreter.
BUILTINS: dict[str, Any] = {
    "date": make_date,
    "year": year,
    "month": month,
    "day": day,
    "add_years": add_years,
    "add_months": add_months,
    "add_days": add_days,
    "years_between": years_between,
    "months_between": months_between,
    "days_between": days_between,
    "min": min,
    "max": max,
    "abs": abs,
    "round": round_half_up,
}
