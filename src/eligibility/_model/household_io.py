"""Reading households: from Python data, JSON or YAML text, a file or standard input.

One set of rules for every entry point (the API, the command line, rosters): bad input
becomes a :class:`~eligibility.HouseholdError` naming each field path (or an
:class:`InputError` for text that cannot be read at all) whose message is one located
line, e.g. ``household.json: household.children[1].birth_date: ...`` or
``household.json:3:17: invalid JSON: Expecting ',' delimiter``.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import EligibilityError, HouseholdError
from .household import Household

__all__ = [
    "InputError",
    "load_json",
    "parse_household",
    "read_household",
    "read_household_data",
]

STDIN = "-"


class InputError(EligibilityError, ValueError):
    """Household input that cannot be read at all (a missing file, broken JSON or YAML).

    ``str(error)`` is one line that names the place (``file:line:column``).
    """


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


def load_json(text: str) -> Any:
    """JSON with numbers kept exact (``Decimal``) and duplicate keys refused.

    Raises ``json.JSONDecodeError`` (with its line and column) or ``ValueError``.
    """
    return json.loads(text, parse_float=Decimal, object_pairs_hook=_unique_keys)


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_duplicate_keys = False
    return yaml


def _load(text: str, name: str, kind: str) -> Any:
    if kind == "json":
        try:
            return load_json(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
        except ValueError as exc:  # a duplicate key
            raise InputError(f"{name}: invalid JSON: {exc}") from None
    try:
        return _yaml().load(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        place = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark is not None else name
        problem = exc.problem or exc.context or "cannot be parsed"
        raise InputError(f"{place}: invalid YAML: {problem}") from None
    except YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "cannot be parsed"
        raise InputError(f"{name}: invalid YAML: {first}") from None


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
