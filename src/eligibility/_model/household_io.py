"""Reading households: from Python data, JSON or YAML text, a file or standard input.

One set of rules for every entry point (the API, the command line, rosters): bad input
becomes a :class:`~eligibility.HouseholdError` naming each field path (or an
:class:`InputError` for text that cannot be read at all) whose message is one located
line, e.g. ``household.json: household.children[1].birth_date: ...`` or
``household.json:3:17: invalid JSON: Expecting ',' delimiter``.
"""

from __future__ import annotations

import json
import re
import sys
import types
import typing
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import EligibilityError, HouseholdError
from .household import Household
from .numbers import MAX_NUMBER_DIGITS, written_digits

__all__ = [
    "InputError",
    "load_json",
    "parse_household",
    "read_household",
    "read_household_data",
    "text_value",
]

STDIN = "-"


class InputError(EligibilityError, ValueError):
    """Household input that cannot be read at all (a missing file, broken JSON or YAML).

    ``str(error)`` is one line that names the place (``file:line:column``).
    """


def text_value(path: Sequence[str], text: str) -> Any:
    """A household field's value from its text (a CSV cell): ``true``/``false`` for a flag,
    digits for a whole number; any other field keeps its text, which its own type reads
    (dates ``YYYY-MM-DD``, money as a decimal string, enumerations by name).

    ``path`` names the field from the household (``("affiliate", "killed_on_duty")``).
    Text that is not of the field's form is kept as it is, to be refused by validation
    at its path.
    """
    model: Any = Household
    annotation: Any = None
    for part in path:
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return text
        annotation = fields[part].annotation
        model = _model_of(annotation)
    base = _scalar_of(annotation)
    if base is bool and text in ("true", "false"):
        return text == "true"
    if base is int and _WHOLE.match(text):
        return int(text)
    return text


_WHOLE = re.compile(r"^-?\d+$")


def _scalar_of(annotation: Any) -> Any:
    """The scalar type under ``X | None`` and ``Annotated[X, ...]``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return None
            annotation = args[0]
        else:
            return annotation


def _model_of(annotation: Any) -> Any:
    scalar = _scalar_of(annotation)
    return scalar if isinstance(scalar, type) and issubclass(scalar, BaseModel) else None


def parse_household(data: Any, *, source: str | None = None) -> Household:
    """A validated household from its data (a mapping as JSON or YAML gives it, or a
    :class:`Household`, returned as it is).

    Raises:
        HouseholdError: naming the path of every invalid field
            (``household.children[1].birth_date: ...``), and ``source`` if given.
    """
    if isinstance(data, Household):
        return data
    try:
        return Household.model_validate(data)
    except (OverflowError, RecursionError) as exc:  # a date shifted past 9999, say
        problem = "a date is out of range" if isinstance(exc, OverflowError) else \
            "the data nests too deeply"
        raise HouseholdError([("household", f"{problem} ({exc})")], source=source) from None
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            path = "household" + "".join(
                f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]
            )
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append((path, message))
        raise HouseholdError(problems, source=source) from None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _too_long(text: str) -> ValueError:
    shown = text if len(text) <= 24 else text[:20] + "..."
    return ValueError(f"the number {shown} has more than {MAX_NUMBER_DIGITS} digits")


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _too_long(text)
    return int(text)


def _json_decimal(text: str) -> Decimal:
    if len(text) > 4 * MAX_NUMBER_DIGITS or written_digits(number := Decimal(text)) \
            > MAX_NUMBER_DIGITS:
        raise _too_long(text)
    return number


def _not_a_number(text: str) -> Any:
    raise ValueError(f"{text} is not a number (JSON has no {text})")


def load_json(text: str) -> Any:
    """JSON with numbers kept exact (``Decimal``), bounded (at most 30 digits), and
    duplicate keys refused.

    Raises ``json.JSONDecodeError`` (with its line and column) or ``ValueError`` (a
    duplicate key, a number too long, data nested too deeply).
    """
    try:
        return json.loads(text, parse_float=_json_decimal, parse_int=_json_int,
                          parse_constant=_not_a_number, object_pairs_hook=_unique_keys)
    except RecursionError:
        raise ValueError("the data nests too deeply") from None


def _load(text: str, name: str, kind: str) -> Any:
    if kind == "json":
        try:
            return load_json(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
        except ValueError as exc:  # a duplicate key
            raise InputError(f"{name}: invalid JSON: {exc}") from None
    # The YAML reader (and libyaml) loads only for YAML input.
    from .yaml_reader import YamlProblem, read_yaml  # noqa: PLC0415

    try:
        return read_yaml(text, positions=False).data
    except YamlProblem as exc:
        raise InputError(f"{name}:{exc.line + 1}:{exc.column + 1}: invalid YAML: "
                         f"{exc.message}") from None


def _kind(name: str, text: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return "json" if text.lstrip().startswith(("{", "[")) else "yaml"


def read_household_data(source: str | Path, *, stdin: Callable[[], str] | None = None
                        ) -> tuple[Any, str]:
    """The raw data of a household file (``-`` reads standard input) and its display name.

    The format follows the file's extension (``.json``, ``.yaml``/``.yml``); for standard
    input or another extension, text starting with ``{`` is JSON and anything else YAML.
    """
    source = str(source)
    if source == STDIN:
        name = "<stdin>"
        text = stdin() if stdin is not None else sys.stdin.read()
    else:
        name = source
        path = Path(source)
        try:
            raw = path.read_bytes()
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory, not a household file") from None
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot be read: {exc.strerror or exc}") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not UTF-8 text (at byte {exc.start + 1})") from None
    if not text.strip():
        raise InputError(f"{name}: empty input; expected a household as JSON or YAML")
    return _load(text, name, _kind(name, text)), name


def read_household(source: str | Path, *, stdin: Callable[[], str] | None = None
                   ) -> Household:
    """A validated household from a JSON or YAML file, or ``-`` (standard input).

    Raises:
        InputError: the file cannot be read, or is not JSON or YAML (with its place).
        HouseholdError: the data is not a valid household (with the file and field paths).
    """
    data, name = read_household_data(source, stdin=stdin)
    return parse_household(data, source=name)
