"""Derived facts and their encodings.

A derived fact (:class:`_Slot`) is a value the rules read that durable-rules cannot
compute itself; it is computed in Python before assertion and encoded as a JSON value
that Rete compares exactly (numbers scaled to integers, dates as ordinals, texts,
booleans as 1, 0 or -1). A quantifier's items (:class:`_Quant`) become an array of
objects; :class:`_Prop` says how one property of a fact is filled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal
from enum import Enum
from typing import Any

from eligibility._language.ast import Node, Quant
from eligibility._language.types import BOOL, DATE, DECIMAL, INT, STR, EnumType, Type
from eligibility._model.numbers import trailing_zeros_stripped
from eligibility._model.values import Unknown

from .limits import _CLAMP, _EXACT
from .literals import Term

_NONE = "\x00none"  # a None value (a deceased affiliate's category), never a real text


class _Bad(Exception):  # noqa: N818 - a control-flow signal
    """A value that cannot be encoded exactly (its readers fall back to the interpreter)."""


_ERR = object()  # a derived fact whose computation raised an EvaluationError


def _kind(ty: Type | None) -> str:
    if ty == BOOL:
        return "bool"
    if ty == INT:
        return "int"
    if ty == DECIMAL:
        return "decimal"
    if ty == DATE:
        return "date"
    if ty == STR or isinstance(ty, EnumType):
        return "text"
    return "other"


def _scale_of(value: Any) -> int:
    """Decimal places of ``value`` once its trailing zeros are dropped (exactly)."""
    if isinstance(value, Decimal):
        exponent = trailing_zeros_stripped(value).as_tuple().exponent
        return max(0, -exponent) if isinstance(exponent, int) else 0
    return 0


def _shifted(value: int | Decimal, scale: int) -> Decimal:
    """``value * 10**scale``, exactly: the digits are kept and only the exponent moves (no
    decimal context rounds them, so 29 significant digits stay 29)."""
    sign, digits, exponent = Decimal(value).as_tuple()
    if not isinstance(exponent, int):
        raise _Bad  # infinity or NaN
    return Decimal((sign, digits, exponent + scale))


def _scaled_const(value: int | Decimal, scale: int) -> int | None:
    try:
        scaled = _shifted(value, scale)
    except _Bad:
        return None
    if scaled.copy_abs() >= _EXACT or scaled != scaled.to_integral_value(rounding=ROUND_FLOOR):
        return None
    return int(scaled)


def _encode_scaled(value: Any, scale: int) -> int | float:
    """``value * 10**scale``: exact if whole, else ``floor + 0.5`` (exact against integers).

    Every step is exact whatever the decimal context, so that Rete compares the very value
    the native engine compares (a score given with 29 digits is not rounded to 28)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise _Bad
    scaled = _shifted(value, scale)
    # copy_abs, not abs(): no decimal context may trap a magnitude that Rete only orders
    if scaled.copy_abs() >= _EXACT:  # beyond every constant in the rules: order is all that counts
        return _CLAMP if scaled > 0 else -_CLAMP
    floor = int(scaled.to_integral_value(rounding=ROUND_FLOOR))
    return floor if scaled == floor else floor + 0.5


def _encode_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > _CLAMP:
        raise _Bad
    return value


def _encode_date(value: Any) -> int:
    if not isinstance(value, date):
        raise _Bad
    return value.toordinal()


def _encode_text(value: Any) -> str:
    if value is None:
        return _NONE
    if isinstance(value, Enum):
        value = value.value
    if not isinstance(value, str):
        raise _Bad
    return value


def _encode_bool(value: Any) -> int:
    """A derived boolean: 1 (true), 0 (false) or -1 (unknown; always present, so that
    "not definitely true" is the single condition ``!= 1``)."""
    if isinstance(value, Unknown):
        return -1
    if not isinstance(value, bool):
        raise _Bad
    return int(value)


def _encoder(kind: str, scale: int | None) -> Callable[[Any], Any]:
    if scale is not None:
        return lambda v: _encode_scaled(v, scale)
    return {"int": _encode_int, "decimal": lambda v: _encode_scaled(v, 0), "date": _encode_date,
            "text": _encode_text, "bool": _encode_bool}[kind]


@dataclass
class _Slot:
    """One derived fact: a value the rules read, computed before assertion."""

    index: int
    node: Node
    kind: str
    nullable: bool
    quant: int | None  # the quantifier whose items carry it, or None for the main fact

    @property
    def name(self) -> str:
        return f"v{self.index}"

    @property
    def absent_when_unknown(self) -> bool:
        """Unknown values are left out of the fact (derived booleans are -1 instead)."""
        return self.nullable and self.kind != "bool"


@dataclass
class _Quant:
    """A quantifier over a list of records: its items become an array of objects."""

    index: int
    node: Quant
    var: str
    #: One copy of the array per item condition (durable-rules mixes up several conditions
    #: on one array): (``$iany`` or ``$iall``, condition) -> property name.
    arrays: dict[tuple[str, Term], str] = field(default_factory=dict)

    @property
    def length(self) -> str:
        return f"q{self.index}n"


@dataclass
class _Prop:
    """How one fact property is filled: from which slot, encoded how."""

    name: str
    slot: int
    encode: Callable[[Any], Any]
    absent: bool  # an unknown value is left out (else encoded: derived booleans)
