"""Values as a decision records them, and the unknown value of three-valued logic."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from .numbers import exact_text

__all__ = ["ABSENT", "Absent", "Unknown", "Value", "decimal_text", "to_value"]

#: A value as recorded in a decision: JSON-native (money and dates as text).
Value = str | int | bool | None | list[str | int | bool | None]


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that depends on facts the household file does not give.

    ``missing`` holds the paths of those facts (``household.children[1].student``), so an
    undetermined decision can say exactly what to ask for.
    """

    missing: frozenset[str]

    def __bool__(self) -> bool:  # pragma: no cover - guards against accidental truth tests
        raise TypeError("an unknown value has no truth value")


class Absent:
    """The value of a benefit output given only in some cases (``when:``) in a case where
    it is not given: the decision leaves the output out. One instance, :data:`ABSENT`."""

    _instance: Absent | None = None

    def __new__(cls) -> Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __reduce__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:  # pragma: no cover - guards against accidental truth tests
        raise TypeError("an absent output has no truth value")


#: The one :class:`Absent` value.
ABSENT = Absent()


def to_value(value: Any) -> Value:
    """A Python value as recorded in a decision (money and dates as text)."""
    convert = _BY_TYPE.get(type(value))
    if convert is not None:  # the common types, at once (same result as below)
        return convert(value)
    if value is None or isinstance(value, Unknown):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [to_value(v) for v in value]
        return [i for i in items if not isinstance(i, list)]
    return str(value)


def _same(value: Any) -> Any:
    return value


def decimal_text(value: Decimal) -> str:
    """A decimal as plain text: whole numbers without exponent or trailing zeros; exact,
    whatever the caller's decimal context (a value is recorded as it is, never rounded)."""
    return exact_text(value)


#: Exact type -> its conversion, for the types values usually have (a subclass, such as
#: ``datetime`` or an enumeration, takes the long way).
_BY_TYPE: dict[type, Callable[[Any], Value]] = {
    type(None): _same, bool: _same, int: _same, str: _same, date: date.isoformat,
    Decimal: decimal_text,
}
