"""The strict input types of the household model.

Household data comes from JSON, YAML or Python dicts written by other services. Nothing in
it is coerced: a flag is ``true`` or ``false`` (not ``"yes"``, not ``1``), a whole number
is a whole number (not ``true``, not ``"5"``), a date is written ``YYYY-MM-DD`` (not a
number of seconds, not a date and time), money is a number or a decimal string with at
most two decimals. Each refusal is a validation error at the field's path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
    TypeAdapter,
    ValidationError,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, PydanticKnownError, core_schema

from .codes import ProblemCode

__all__ = ["DecimalBounds", "Flag", "Identifier", "InputDate", "Money", "Score", "WholeNumber",
           "problem"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def problem(code: ProblemCode, found: Any = None, **params: Any) -> PydanticCustomError:
    """A validation error with our own code (:class:`ProblemCode`) and the values its
    message names; its text is written per language by the catalogue, not here.

    A text value that is not valid Unicode (a lone surrogate, ``"\\ud800"``) is carried
    with the offending code points written as escapes: pydantic could not render the
    error otherwise, and the refusal must still reach the reader at its path."""
    context = {"found": found, **params}
    return PydanticCustomError(code.value, code.value,
                               {key: _encodable(value) for key, value in context.items()})


def _encodable(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
    return value


def _date(value: Any) -> Any:
    if type(value) is date:  # the common case first: a date, as Parquet and Python give it
        return value
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_DATE_TIME.match(value)):
        raise problem(ProblemCode.DATE_AND_TIME, str(value))
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise problem(ProblemCode.NOT_A_REAL_DATE, value) from None
    raise problem(ProblemCode.NOT_A_DATE, value)


def _decimal(value: Any) -> Any:
    if isinstance(value, bool):
        raise problem(ProblemCode.NOT_A_NUMBER, value)
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
    raise problem(ProblemCode.NOT_A_NUMBER, value)


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class DecimalBounds:
    """The bounds of a decimal field: at least ``ge`` (at most ``le``), finite, at most
    ``max_digits`` digits of which ``decimal_places`` after the point.

    They mean exactly what pydantic's own ``Field(ge=..., le=..., max_digits=...,
    decimal_places=..., allow_inf_nan=False)`` means, and are refused with the same
    errors; a decimal within them is recognised in one pass over its digits
    (:meth:`Decimal.as_tuple`), where pydantic checks each constraint in a Python call of
    its own after a function-before validator. Any other value is handed to pydantic's
    own checks (built from the same constraints), whose first refusal is raised.
    """

    ge: int
    max_digits: int
    decimal_places: int
    le: int | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler
                                     ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler
                                     ) -> JsonSchemaValue:
        found = handler(schema)
        found.update(self._constraints)
        return found

    @cached_property
    def _constraints(self) -> dict[str, int]:
        named = {"ge": self.ge, "le": self.le, "max_digits": self.max_digits,
                 "decimal_places": self.decimal_places}
        return {key: value for key, value in named.items() if value is not None}

    @cached_property
    def _pydantic(self) -> TypeAdapter[Decimal]:
        # A function-before validator keeps pydantic's checks in Python, in the order
        # the model's fields used to be checked in (ge, le, finite, digits, places).
        return TypeAdapter(
            Annotated[Decimal, BeforeValidator(_same),
                      Field(allow_inf_nan=False, **self._constraints)],
            config=ConfigDict(strict=True))

    def _check(self, value: Decimal) -> Decimal:
        _, digits, exponent = value.as_tuple()
        places = self.decimal_places
        if isinstance(exponent, int) and -places <= exponent <= 0 \
                and len(digits) + exponent <= self.max_digits - places \
                and value >= self.ge and (self.le is None or value <= self.le):
            return value  # finite, in range, few enough digits as written
        try:
            return self._pydantic.validate_python(value)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            kind: Any = error["type"]  # one of pydantic's own types: it just raised it
            raise PydanticKnownError(kind, error.get("ctx")) from None


#: A date, written ``YYYY-MM-DD`` (a ``date`` object from Python).
InputDate = Annotated[date, BeforeValidator(_date)]
#: ``true`` or ``false``, nothing else.
Flag = Annotated[bool, Strict()]
#: A whole number (``true`` is not one, nor ``"5"``).
WholeNumber = Annotated[int, Strict()]
#: An amount of dirhams: a number or a decimal string, at most two decimals, not negative.
Money = Annotated[Decimal, BeforeValidator(_decimal),
                  DecimalBounds(ge=0, max_digits=14, decimal_places=2)]
#: A score out of 20 with at most two decimals (a baccalaureate average).
Score = Annotated[Decimal, BeforeValidator(_decimal),
                  DecimalBounds(ge=0, le=20, max_digits=4, decimal_places=2)]
#: A caller-chosen identifier.
Identifier = Annotated[str, Strict(),
                       Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:\-]+$")]
