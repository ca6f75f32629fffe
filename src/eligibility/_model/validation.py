"""From pydantic's validation errors to our coded problems.

Pydantic reports each invalid field with an error type of its own (``bool_type``,
``greater_than_equal``...) and English words; a household problem is reported with our
code (:class:`ProblemCode`), the field's path and the values its message names, so it
can be read in Arabic, French or English. The validators of the model raise our codes
directly; this module maps pydantic's own types, and nothing is ever shown in pydantic's
words.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .codes import ProblemCode
from .errors import Problem
from .household import Household

__all__ = ["inner_type", "path_text", "problem_of"]

#: pydantic's error type -> (our code, the context value that becomes a named value).
_TYPES: dict[str, tuple[ProblemCode, str | None, str | None]] = {
    "missing": (ProblemCode.MISSING_FIELD, None, None),
    "bool_type": (ProblemCode.NOT_A_FLAG, None, None),
    "bool_parsing": (ProblemCode.NOT_A_FLAG, None, None),
    "int_type": (ProblemCode.NOT_A_WHOLE_NUMBER, None, None),
    "int_parsing": (ProblemCode.NOT_A_WHOLE_NUMBER, None, None),
    "int_from_float": (ProblemCode.NOT_A_WHOLE_NUMBER, None, None),
    "string_type": (ProblemCode.NOT_TEXT, None, None),
    "decimal_type": (ProblemCode.NOT_A_NUMBER, None, None),
    "decimal_parsing": (ProblemCode.NOT_A_NUMBER, None, None),
    "finite_number": (ProblemCode.NOT_A_NUMBER, None, None),
    "float_type": (ProblemCode.NOT_A_NUMBER, None, None),
    "date_type": (ProblemCode.NOT_A_DATE, None, None),
    "date_parsing": (ProblemCode.NOT_A_DATE, None, None),
    "date_from_datetime_parsing": (ProblemCode.NOT_A_DATE, None, None),
    "tuple_type": (ProblemCode.NOT_A_LIST, None, None),
    "list_type": (ProblemCode.NOT_A_LIST, None, None),
    "iterable_type": (ProblemCode.NOT_A_LIST, None, None),
    "model_type": (ProblemCode.NOT_AN_OBJECT, None, None),
    "model_attributes_type": (ProblemCode.NOT_AN_OBJECT, None, None),
    "dict_type": (ProblemCode.NOT_AN_OBJECT, None, None),
    "greater_than_equal": (ProblemCode.TOO_SMALL, "ge", "limit"),
    "greater_than": (ProblemCode.TOO_SMALL, "gt", "limit"),
    "less_than_equal": (ProblemCode.TOO_LARGE, "le", "limit"),
    "less_than": (ProblemCode.TOO_LARGE, "lt", "limit"),
    "decimal_max_places": (ProblemCode.TOO_MANY_DECIMALS, "decimal_places", "places"),
    "decimal_max_digits": (ProblemCode.TOO_MANY_DIGITS, "max_digits", "digits"),
    "decimal_whole_digits": (ProblemCode.TOO_MANY_DIGITS, "whole_digits", "digits"),
    "string_too_long": (ProblemCode.TEXT_TOO_LONG, "max_length", "limit"),
    "string_too_short": (ProblemCode.EMPTY_TEXT, None, None),
    "string_pattern_mismatch": (ProblemCode.INVALID_ID, None, None),
    "too_long": (ProblemCode.TOO_MANY, "max_length", "limit"),
}
_OURS = frozenset(code.value for code in ProblemCode)


def path_text(loc: Sequence[str | int], root: str = "household") -> str:
    """``("children", 1, "birth_date")`` as ``household.children[1].birth_date``."""
    return root + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


def problem_of(error: ErrorDetails, model: type[BaseModel] = Household,
               root: str = "household") -> Problem:
    """Our problem for one of pydantic's errors about data validated as ``model``."""
    kind, loc, found = error["type"], tuple(error["loc"]), error.get("input")
    context: dict[str, Any] = dict(error.get("ctx") or {})
    path = path_text(loc, root)
    if kind in _OURS:
        params = {k: v for k, v in context.items() if v is not None or k == "found"}
        return Problem(ProblemCode(kind), path, params)
    if kind == "extra_forbidden":
        fields = _fields_at(model, loc[:-1])
        name = str(loc[-1])
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        return Problem(ProblemCode.UNKNOWN_FIELD, path,
                       {"field": name, "suggestion": close[0] if close else None})
    if kind in ("enum", "literal_error"):
        return Problem(ProblemCode.NOT_ONE_OF, path,
                       {"found": found, "choices": _choices(model, loc, context)})
    code, key, named = _TYPES.get(kind, (ProblemCode.INVALID_VALUE, None, None))
    params = {} if code in (ProblemCode.MISSING_FIELD, ProblemCode.INVALID_VALUE) else \
        {"found": found}
    if key is not None and named is not None and key in context:
        params = {named: context[key]}
    return Problem(code, path, params)


def inner_type(annotation: Any) -> Any:
    """The model, enumeration or scalar type inside ``X | None``, ``tuple[X, ...]``,
    ``Annotated[X, ...]`` (``None`` for a union of several types)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated or origin is tuple:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return None
            annotation = args[0]
        else:
            return annotation


def _walk(model: Any, loc: Sequence[str | int]) -> Any:
    """The model, enumeration or type that a location leads to (``None`` off the model)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        current = inner_type(fields[part].annotation)
    return current


def _fields_at(model: Any, loc: Sequence[str | int]) -> list[str]:
    found = _walk(model, loc)
    return [n for n in getattr(found, "model_fields", {}) if n != "schema_version"]


def _choices(model: Any, loc: Sequence[str | int], context: dict[str, Any]) -> list[str]:
    found = _walk(model, loc)
    if isinstance(found, type) and issubclass(found, StrEnum):
        return [member.value for member in found]
    expected = str(context.get("expected", ""))
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part]
