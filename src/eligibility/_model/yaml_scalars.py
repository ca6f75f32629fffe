"""Scalars and texts of the YAML reader (:mod:`.yaml_reader`).

Plain scalars are resolved as YAML 1.2's core schema does, with ASCII digits only and
numbers bounded in digits; every text is checked for characters no text may hold.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from .codes import DiagnosticCode as Code
from .numbers import MAX_NUMBER_DIGITS, written_digits

__all__ = [
    "MAX_NUMBER_DIGITS",
    "YamlProblem",
    "resolve_scalar",
    "text_problem",
    "written_digits",
]

#: Most digits of a number (written out in full: ``1e-40`` has 41).


class YamlProblem(Exception):  # noqa: N818 - a located problem, raised to stop the read
    """Text that is not read: its code, message and 0-based place."""

    def __init__(self, code: Code, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


# -- scalars (YAML 1.2 core schema, ASCII digits) --------------------------------------------

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True,
          "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)")
_FLOAT = re.compile(r"""[-+]?(?:
      [0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    | [0-9][0-9_]*[eE][-+]?[0-9]+
    | \.[0-9_]+(?:[eE][-+]?[0-9]+)?)""", re.VERBOSE)
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIMESTAMP = re.compile(r"""[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}
    :[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?""",
                        re.VERBOSE)
_BASES = {"0b": 2, "0o": 8, "0x": 16}


def _too_long(value: str, mark: Any) -> YamlProblem:
    shown = value if len(value) <= 24 else value[:20] + "..."
    return YamlProblem(Code.NUMBER_TOO_LONG,
                       f"the number {shown} has more than {MAX_NUMBER_DIGITS} digits",
                       mark.line, mark.column)


def _integer(value: str, mark: Any) -> int:
    sign = -1 if value[0] == "-" else 1
    body = value.lstrip("+-").replace("_", "")
    base = _BASES.get(body[:2], 10)
    digits = body[2:] if base != 10 else body
    if len(digits.lstrip("0")) > MAX_NUMBER_DIGITS or not digits:
        raise _too_long(value, mark)
    number = int(digits, base)
    if number >= 10**MAX_NUMBER_DIGITS:
        raise _too_long(value, mark)
    return sign * number


def _decimal(value: str, mark: Any) -> Decimal:
    if len(value) > 4 * MAX_NUMBER_DIGITS:
        raise _too_long(value, mark)
    try:
        number = Decimal(value.replace("_", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise YamlProblem(Code.YAML_SYNTAX, f"not a number: {value}", mark.line,
                          mark.column) from None
    if written_digits(number) > MAX_NUMBER_DIGITS:
        raise _too_long(value, mark)
    return number


def _timestamp(value: str) -> Any:
    try:
        stamp = SafeConstructor().construct_yaml_timestamp(
            ScalarNode("tag:yaml.org,2002:timestamp", value))
    except ValueError:  # an impossible date or time stays text
        return value
    return stamp


def resolve_scalar(value: str, mark: Any) -> Any:
    """A plain scalar's value, as YAML 1.2's core schema resolves it (plus dates)."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if value[0] not in "-+.0123456789":
        return value
    if _INT.fullmatch(value):
        return _integer(value, mark)
    if _FLOAT.fullmatch(value):
        return _decimal(value, mark)
    if _SPECIAL_FLOAT.fullmatch(value):
        raise YamlProblem(Code.INVALID_VALUE, f"{value} is not a finite number", mark.line,
                          mark.column)
    found = _DATE.fullmatch(value)
    if found:
        try:
            return date(*(int(part) for part in found.groups()))
        except ValueError:  # 2020-02-30 stays text: the structure check reports it
            return value
    if _TIMESTAMP.fullmatch(value):
        return _timestamp(value)
    return value


# -- texts ------------------------------------------------------------------------------------

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _bad_char(char: str) -> Code | None:
    point = ord(char)
    if 0xD800 <= point <= 0xDFFF:
        return Code.INVALID_UNICODE
    if char in _BIDI:
        return Code.BIDI_CONTROL
    if (point < 0x20 and char not in "\t\n") or 0x7F <= point <= 0x9F:
        return Code.CONTROL_CHARACTER
    return None


def _describe(char: str) -> str:
    point = ord(char)
    if 0xD800 <= point <= 0xDFFF:
        return f"U+{point:04X} (a lone surrogate, not a character)"
    name = unicodedata.name(char, "") or {0x1B: "ESCAPE"}.get(point, "a control character")
    return f"U+{point:04X} ({name})"


_WHAT = {
    Code.INVALID_UNICODE: "is not valid Unicode",
    Code.BIDI_CONTROL: "holds a bidirectional control character",
    Code.CONTROL_CHARACTER: "holds a control character",
}


def text_problem(text: str) -> tuple[Code, str, str] | None:
    """The first problem of a text (code, message), and the text with every bad character
    escaped (``\\u202e``); ``None`` for a clean text."""
    if text.isprintable():  # the common case, in C: no control, format or surrogate
        return None
    found = [(char, code) for char in dict.fromkeys(text) if (code := _bad_char(char))]
    if not found:
        return None
    char, code = found[0]
    safe = "".join(ascii(c)[1:-1] if _bad_char(c) else c for c in text)
    return code, f"the text {_WHAT[code]}: {_describe(char)}", safe
