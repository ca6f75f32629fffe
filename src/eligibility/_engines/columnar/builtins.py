"""The language's functions on columns: dates and their parts, date shifts, spans between
dates, ``min``, ``max`` and ``abs``. A shift off the calendar flags its rows (the
reference raises there); anything else raises :class:`~.values.Unsupported`."""

from __future__ import annotations

from datetime import date

import polars as pl

from eligibility._language.types import DATE, DECIMAL, INT

from .values import Unsupported, V, age_between, any_of

__all__ = ["builtin"]

_DATE_MIN, _DATE_MAX = date(1, 1, 1), date(9999, 12, 31)
_EPOCH = date(1970, 1, 1)


def builtin(func: str, args: list[V], miss: pl.Expr | None) -> V:
    """``func`` applied to ``args`` (the missing facts of the call are ``miss``)."""
    err = any_of(*(a.err for a in args))
    if func in ("year", "month", "day"):
        (d,) = args
        part = {"year": d.value.dt.year(), "month": d.value.dt.month(),
                "day": d.value.dt.day()}[func]
        return V(part.cast(pl.Int64), INT, miss, err, bound=10_000)
    if func in ("add_years", "add_months", "add_days"):
        d, n = args
        if not n.is_const:
            raise Unsupported("a date moved by a computed amount")
        return _shift(func, d, int(n.const), miss, err)
    if func in ("years_between", "months_between", "days_between"):
        start, end = (a.value for a in args)
        if func == "years_between":
            value = age_between(start, end)
        elif func == "months_between":
            value = (end.dt.year().cast(pl.Int64) - start.dt.year().cast(pl.Int64)) * 12 \
                + end.dt.month().cast(pl.Int64) - start.dt.month().cast(pl.Int64) \
                - (end.dt.day() < start.dt.day()).cast(pl.Int64)
        else:
            value = end.cast(pl.Int64) - start.cast(pl.Int64)
        return V(value, INT, miss, err, bound=4_000_000)
    if func in ("min", "max"):
        if any(a.type not in (INT, DATE, DECIMAL) for a in args):
            raise Unsupported(f"{func} of these types")
        pick = pl.min_horizontal if func == "min" else pl.max_horizontal
        unknown = any_of(*(a.value.is_null() for a in args))
        assert unknown is not None
        value = pl.when(unknown).then(None).otherwise(pick(*(a.value for a in args)))
        ty = DECIMAL if any(a.type == DECIMAL for a in args) else args[0].type
        return V(value, ty, miss, err, bound=max(a.bound for a in args), exact=ty != DECIMAL)
    if func == "abs" and args[0].type == INT:
        return V(args[0].value.abs(), INT, miss, err, bound=args[0].bound)
    raise Unsupported(f"{func} on columns")


def _shift(func: str, d: V, n: int, miss: pl.Expr | None, err: pl.Expr | None) -> V:
    if func == "add_days":
        if abs(n) > 4_000_000:
            raise Unsupported("a shift beyond the calendar")
        days = d.value.cast(pl.Int64) + n
        low, high = (_DATE_MIN - _EPOCH).days, (_DATE_MAX - _EPOCH).days
        value = d.value + pl.duration(days=n)
        out_of_range = (days < low) | (days > high)
        return V(value, DATE, miss, any_of(err, out_of_range))
    months = n * 12 if func == "add_years" else n
    if abs(months) > 200_000:
        raise Unsupported("a shift beyond the calendar")
    value = d.value.dt.offset_by(f"{months}mo")
    return V(value, DATE, miss, any_of(err, _off_calendar(d.value, months)))


def _off_calendar(d: pl.Expr, months: int) -> pl.Expr | None:
    """Where ``d`` moved by ``months`` months leaves the calendar (its month's index,
    ``year * 12 + month - 1 + months``, below year 1 or past year 9999): one comparison
    with the first day of the first month that does, each way (taking the year and month
    of every date cost a third of a first pass that shifts dates)."""
    flags: list[pl.Expr] = []
    # index < 12  <=>  (year, month) before the month of index 12 - months
    year, month = divmod(12 - months, 12)
    if year > _DATE_MAX.year:
        flags.append(d.is_not_null())
    elif year >= _DATE_MIN.year:
        flags.append(d < date(year, month + 1, 1))
    # index >= 120000  <=>  (year, month) on or after the month of index 120000 - months
    year, month = divmod(10_000 * 12 - months, 12)
    if year < _DATE_MIN.year:
        flags.append(d.is_not_null())
    elif year <= _DATE_MAX.year:
        flags.append(d >= date(year, month + 1, 1))
    return any_of(*flags)

