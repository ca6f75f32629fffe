"""Reading households: from Python data, JSON or YAML text, a file or standard input.

One set of rules for every entry point (the API, the command line, rosters): bad input
becomes a :class:`~eligibility.HouseholdError` naming each field path (or an
:class:`InputError` for text that cannot be read at all) whose message is one located
line, e.g. ``household.json: household.children[1].birth_date: ...`` or
``household.json:3:17: invalid JSON: Expecting ',' delimiter``.
"""

from __future__ import annotations

import errno
import json
import re
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from .codes import DiagnosticCode, ProblemCode
from .errors import EligibilityError, HouseholdError, Problem
from .household import Household
from .numbers import MAX_NUMBER_DIGITS, written_digits
from .validation import inner_type, problem_of

if TYPE_CHECKING:
    from .yaml_reader import YamlProblem

__all__ = [
    "DuplicateKeyError",
    "InputError",
    "JsonValueError",
    "file_error",
    "input_error",
    "load_json",
    "parse_household",
    "read_household",
    "read_household_data",
    "text_value",
]

STDIN = "-"
_BOM = "\ufeff"


def file_error(name: str, error: OSError, *, writing: bool = False) -> InputError:
    """The problem with a file that cannot be opened, named by what happened (the
    system's own words are not shown: its error's symbolic name is)."""
    if isinstance(error, IsADirectoryError):
        return input_error(name, ProblemCode.IS_A_DIRECTORY)
    if isinstance(error, FileNotFoundError) and not writing:
        return input_error(name, ProblemCode.NO_SUCH_FILE)
    reason = errno.errorcode.get(error.errno or 0, type(error).__name__)
    return input_error(name, ProblemCode.CANNOT_WRITE if writing else ProblemCode.CANNOT_READ,
                       reason=reason)


class InputError(EligibilityError, ValueError):
    """Household input that cannot be read at all (a missing file, broken JSON or YAML).

    ``problem`` says what is wrong (a coded :class:`~eligibility.Problem`), ``place`` where
    (``file``, or ``file:line:column``); ``str(error)`` is one line that names the place,
    and :meth:`message_in` the same line in Arabic, French or English.
    """

    def __init__(self, problem: Problem, place: str = "") -> None:
        self.problem = problem
        self.place = place
        super().__init__(self.message_in("en"))

    def message_in(self, lang: str) -> str:
        """The error as one line, ``place: message``, in ``lang``."""
        message = self.problem.message(lang)
        return f"{self.place}: {message}" if self.place else message

    def record(self, lang: str = "en") -> dict[str, Any]:
        """The error as a JSON object (``code``, ``path``, ``message``, ``lang``), with the
        place it names (``file``, ``line``, ``column`` where known)."""
        record = self.problem.record(lang)
        file, _, rest = self.place.partition(":") if self.place.count(":") >= 2 else \
            (self.place, "", "")
        line, _, column = rest.partition(":")
        record["file"] = file or None
        if line.isdigit():
            record["line"] = int(line)
        if column.isdigit():
            record["column"] = int(column)
        return record


def input_error(place: str, code: ProblemCode, **params: Any) -> InputError:
    """An :class:`InputError` at ``place`` with ``code`` and the values its message names."""
    return InputError(Problem(code, None, params), place)


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
    base = inner_type(annotation)
    if base is bool and text in ("true", "false"):
        return text == "true"
    if base is int and _WHOLE.match(text):
        return int(text)
    return text


_WHOLE = re.compile(r"^-?\d+$")


def _model_of(annotation: Any) -> Any:
    scalar = inner_type(annotation)
    return scalar if isinstance(scalar, type) and issubclass(scalar, BaseModel) else None


def parse_household(data: Any, *, source: str | None = None) -> Household:
    """A validated household from its data (a mapping as JSON or YAML gives it, or a
    :class:`Household`, returned as it is).

    Raises:
        HouseholdError: with a coded :class:`~eligibility.Problem` at the path of every
            invalid field (``household.children[1].birth_date``), and ``source`` if given.
    """
    if isinstance(data, Household):
        return data
    try:
        return Household.model_validate(data)
    except (OverflowError, RecursionError) as exc:  # a date shifted past 9999, say
        code = ProblemCode.DATE_OUT_OF_RANGE if isinstance(exc, OverflowError) else \
            ProblemCode.TOO_DEEP
        raise HouseholdError([Problem(code, "household")], source=source) from None
    except ValidationError as exc:
        problems = [problem_of(error) for error in exc.errors(include_url=False)]
        raise HouseholdError(problems, source=source) from None


class JsonValueError(ValueError):
    """JSON text that is JSON but not accepted: ``problem`` says why."""

    def __init__(self, code: ProblemCode, **params: Any) -> None:
        super().__init__(code.value)
        self.problem = Problem(code, None, params)


class DuplicateKeyError(JsonValueError):
    """A JSON object gives the same key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(ProblemCode.DUPLICATE_KEY, key=key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKeyError(key)
        out[key] = value
    return out


def _too_long(text: str) -> JsonValueError:
    shown = text if len(text) <= 24 else text[:20] + "..."
    return JsonValueError(ProblemCode.NUMBER_TOO_LONG, number=shown, limit=MAX_NUMBER_DIGITS)


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
    raise JsonValueError(ProblemCode.NOT_A_JSON_NUMBER, number=text)


def load_json(text: str) -> Any:
    """JSON with numbers kept exact (``Decimal``), bounded (at most 30 digits), and
    duplicate keys refused.

    Raises ``json.JSONDecodeError`` (with its line and column) or :class:`JsonValueError`
    (a duplicate key, a number too long, data nested too deeply), whose ``problem`` has
    the code.
    """
    try:
        return json.loads(text, parse_float=_json_decimal, parse_int=_json_int,
                          parse_constant=_not_a_number, object_pairs_hook=_unique_keys)
    except RecursionError:
        raise JsonValueError(ProblemCode.TOO_DEEP) from None


#: What the YAML reader refuses, as a problem with household input.
_YAML_CODES = {DiagnosticCode.YAML_SYNTAX: ProblemCode.INVALID_YAML,
               DiagnosticCode.DUPLICATE_KEY: ProblemCode.DUPLICATE_KEY}
_QUOTED_KEY = re.compile(r"'([^']*)'")


def _yaml_error(exc: YamlProblem, name: str) -> InputError:
    place = f"{name}:{exc.line + 1}:{exc.column + 1}"
    code = _YAML_CODES.get(exc.code, ProblemCode.REFUSED_YAML)
    if code is ProblemCode.DUPLICATE_KEY:
        key = _QUOTED_KEY.search(exc.message)
        return input_error(place, code, key=key.group(1) if key else "?")
    if code is ProblemCode.REFUSED_YAML:
        return input_error(place, code, refused=exc.code.value)
    return input_error(place, code)


def _load(text: str, name: str, kind: str) -> Any:
    if kind == "json":
        try:
            return load_json(text)
        except json.JSONDecodeError as exc:
            raise input_error(f"{name}:{exc.lineno}:{exc.colno}", ProblemCode.INVALID_JSON,
                              problem=exc.msg) from None
        except JsonValueError as exc:
            raise InputError(exc.problem, name) from None
    # The YAML reader (and libyaml) loads only for YAML input.
    from .yaml_reader import YamlProblem, read_yaml  # noqa: PLC0415

    try:
        return read_yaml(text, positions=False).data
    except YamlProblem as exc:
        raise _yaml_error(exc, name) from None


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
        except OSError as exc:
            raise file_error(name, exc) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise input_error(name, ProblemCode.NOT_UTF8, byte=exc.start + 1) from None
    text = text.removeprefix(_BOM)
    if not text.strip():
        raise input_error(name, ProblemCode.EMPTY_INPUT)
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
