"""The strict input types of the household model.

Household data comes from JSON, YAML or Python dicts written by other services. Nothing in
it is coerced: a flag is ``true`` or ``false`` (not ``"yes"``, not ``1``), a whole number
is a whole number (not ``true``, not ``"5"``), a date is written ``YYYY-MM-DD`` (not a
number of seconds, not a date and time), money is a number or a decimal string with at
most two decimals. Each refusal is a validation error at the field's path.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, Strict

__all__ = ["Flag", "Identifier", "InputDate", "Money", "Score", "WholeNumber"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real date") from None
    raise ValueError(f"expected a date written YYYY-MM-DD, got {_kind(value)}")


def _decimal(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {_kind(value)}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str) and _DECIMAL.match(value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            pass
    raise ValueError(f"expected a number or a decimal string, got {_kind(value)}")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    return type(value).__name__


#: A date, written ``YYYY-MM-DD`` (a ``date`` object from Python).
InputDate = Annotated[date, BeforeValidator(_date)]
#: ``true`` or ``false``, nothing else.
Flag = Annotated[bool, Strict()]
#: A whole number (``true`` is not one, nor ``"5"``).
WholeNumber = Annotated[int, Strict()]
#: An amount of dirhams: a number or a decimal string, at most two decimals, not negative.
Money = Annotated[Decimal, BeforeValidator(_decimal),
                  Field(ge=0, max_digits=14, decimal_places=2, allow_inf_nan=False)]
#: A score out of 20 with at most two decimals (a baccalaureate average).
Score = Annotated[Decimal, BeforeValidator(_decimal),
                  Field(ge=0, le=20, max_digits=4, decimal_places=2, allow_inf_nan=False)]
#: A caller-chosen identifier.
Identifier = Annotated[str, Strict(),
                       Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:\-]+$")]
