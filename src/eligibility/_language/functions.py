"""The functions of the rule language: each one's signature check and its one-line doc.

The checker looks a call up in :data:`FUNCTIONS` and asks its signature check for the
result type; the language reference lists the docs. A call names one of these functions
or one of the rule book's shared definitions: nothing else can be called.
"""

from __future__ import annotations

from collections.abc import Callable

from .types import DATE, DECIMAL, INT, PERSON, RecordType, Type, is_numeric

__all__ = ["FUNCTIONS", "numeric_result"]


def numeric_result(types: list[Type]) -> Type:
    """The type of arithmetic over ``types``: decimal if any is, else int."""
    return DECIMAL if any(t == DECIMAL for t in types) else INT


def _sig_date_to_int(args: list[Type]) -> Type | str:
    return INT if args == [DATE] else "(date)"


def _sig_shift(args: list[Type]) -> Type | str:
    return DATE if args == [DATE, INT] else "(date, int)"


def _sig_between(args: list[Type]) -> Type | str:
    return INT if args == [DATE, DATE] else "(date, date)"


def _sig_make_date(args: list[Type]) -> Type | str:
    return DATE if args == [INT, INT, INT] else "(int, int, int)"


def _sig_minmax(args: list[Type]) -> Type | str:
    if len(args) >= 2 and all(is_numeric(a) for a in args):
        return numeric_result(args)
    if len(args) >= 2 and all(a == DATE for a in args):
        return DATE
    return "(number, number, ...) or (date, date, ...)"


def _sig_abs(args: list[Type]) -> Type | str:
    return args[0] if len(args) == 1 and is_numeric(args[0]) else "(number)"


def _sig_round(args: list[Type]) -> Type | str:
    if len(args) == 2 and is_numeric(args[0]) and args[1] == INT:
        return DECIMAL
    return "(number, int)"


def _sig_age_on(args: list[Type]) -> Type | str:
    if len(args) == 2 and isinstance(args[0], RecordType) and args[0].is_subtype_of(PERSON) \
            and args[1] == DATE:
        return INT
    return "(person, date)"


#: The whitelisted functions: name -> (signature check, one-line doc).
FUNCTIONS: dict[str, tuple[Callable[[list[Type]], Type | str], str]] = {
    "date": (_sig_make_date, "date(y, m, d): the date of day d of month m of year y"),
    "year": (_sig_date_to_int, "year(d): the year of date d"),
    "month": (_sig_date_to_int, "month(d): the month (1-12) of date d"),
    "day": (_sig_date_to_int, "day(d): the day of the month of date d"),
    "add_years": (_sig_shift, "add_years(d, n): d moved n years (29 Feb -> 28 Feb)"),
    "add_months": (_sig_shift, "add_months(d, n): d moved n months (clamped to month end)"),
    "add_days": (_sig_shift, "add_days(d, n): d moved n days"),
    "years_between": (_sig_between, "years_between(a, b): completed years from a to b"),
    "months_between": (_sig_between, "months_between(a, b): completed months from a to b"),
    "days_between": (_sig_between, "days_between(a, b): days from a to b"),
    "min": (_sig_minmax, "min(a, b, ...): the smallest"),
    "max": (_sig_minmax, "max(a, b, ...): the largest"),
    "abs": (_sig_abs, "abs(x): absolute value"),
    "round": (_sig_round, "round(x, n): x rounded half-up to n decimals"),
    "age_on": (_sig_age_on, "p.age_on(d): completed years of age of person p on date d"),
}
