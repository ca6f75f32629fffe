"""Read rule files: YAML with positions kept, structure validated, problems located.

The YAML is read with ruamel.yaml's round-trip loader, which keeps the line
and column of every key and value. Structure is validated by the pydantic
models of :mod:`eligibility._rulefile`; each validation error becomes a
:class:`Diagnostic` with the file, line, column, JSON path, a stable code and,
for unknown names, a "did you mean".
"""

from __future__ import annotations

import bisect
import contextlib
import io
import re
import typing
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from eligibility._language.checker import suggest
from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic

from .schema import DefinitionsFile, ProgramFile

__all__ = ["Located", "SourceFile", "json_path", "load_yaml", "validate"]

Path = tuple[str | int, ...]


def json_path(path: Path) -> str:
    """``("criteria", 1, "when")`` -> ``$.criteria[1].when``."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("_", "").replace("-", "").isalnum() and not part[:1].isdigit():
            out += f".{part}"
        else:
            out += f"[{part!r}]"
    return out


@dataclass
class Located:
    """Where things are in one file: value and key positions by path (0-based)."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    styles: dict[Path, str] = field(default_factory=dict)


@dataclass
class SourceFile:
    """One rule file: its name, raw data (plain Python) and positions."""

    name: str
    data: Any
    located: Located
    text: str = ""

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the deepest part of ``path`` the file has."""
        table = self.located.keys if key else self.located.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                line, col = table[prefix]
                return line + 1, col + 1
            if prefix in self.located.values:
                line, col = self.located.values[prefix]
                return line + 1, col + 1
        return 1, 1

    def expression_position(self, path: Path, line: int, column: int) -> tuple[int, int]:
        """Place a position inside an expression's text (1-based) in the file.

        The expression's characters are matched, in order, against the file's text from
        where its value starts, skipping only what YAML adds around them (quotes, escapes,
        line breaks and indentation of quoted, folded, literal and multi-line plain
        scalars). If that fails (an escape YAML translated), the position is estimated.
        """
        found = self._scalar(path)
        if found is not None:
            place = self._align(*found, line, column)
            if place is not None:
                return place
        base_line, base_col = self.position(path)
        style = self.located.styles.get(path, "plain")
        if style == "block":
            key_line, key_col = self.position(path, key=True)
            return key_line + line, key_col + 2 + column - 1
        if line > 1:
            return base_line + line - 1, column
        return base_line, base_col + column - 1 + (1 if style == "quoted" else 0)

    def _scalar(self, path: Path) -> tuple[Path, str] | None:
        """The longest prefix of ``path`` that holds a located text (a shorthand's value)."""
        for end in range(len(path), 0, -1):
            prefix = path[:end]
            node: Any = self.data
            for part in prefix:
                if isinstance(node, dict):
                    node = next((v for k, v in node.items() if _key_text(k) == part), None)
                elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                    node = node[part]
                else:
                    node = None
            if isinstance(node, str) and prefix in self.located.values:
                return prefix, node
        return None

    def _align(self, path: Path, value: str, line: int, column: int) -> tuple[int, int] | None:
        lines = value.split("\n")
        if not self.text or not 1 <= line <= len(lines):
            return None
        offset = sum(len(text) + 1 for text in lines[: line - 1]) + column - 1
        starts = [0]
        for raw_line in self.text.split("\n"):
            starts.append(starts[-1] + len(raw_line) + 1)
        first_line, first_col = self.located.values[path]
        if self.located.styles.get(path) == "block":  # the text starts below '|' or '>'
            first_line, first_col = first_line + 1, 0
        if first_line >= len(starts) - 1:
            return None
        pos = starts[first_line] + first_col
        here = pos
        for char in value[: offset + 1]:
            while pos < len(self.text) and self.text[pos] != char \
                    and not (char == " " and self.text[pos] == "\n"):  # a folded line break
                if self.text[pos] not in " \t\r\n'\"\\":
                    return None  # the text does not follow the value: give up
                pos += 1
            if pos >= len(self.text):
                return None
            here = pos
            pos += 1
        if offset >= len(value):  # just past the end of the expression
            here = pos
        row = bisect.bisect_right(starts, here) - 1
        return row + 1, here - starts[row] + 1

    def diagnostic(
        self,
        path: Path,
        code: Code,
        message: str,
        *,
        key: bool = False,
        position: tuple[int, int] | None = None,
        **extra: Any,
    ) -> Diagnostic:
        line, column = position or self.position(path, key=key)
        return Diagnostic(
            code, message, file=self.name, line=line, column=column, json_path=json_path(path),
            **extra,
        )


def _plain(node: Any, path: Path, located: Located) -> Any:
    """Convert ruamel's nodes to plain Python, recording positions on the way."""
    if isinstance(node, CommentedMap):
        if not path and node.lc.line is not None:  # the top mapping: where missing keys go
            located.values[path] = (node.lc.line, node.lc.col)
        out: dict[Any, Any] = {}
        for key in node:
            sub = (*path, _key_text(key))
            try:
                located.keys[sub] = tuple(node.lc.key(key))
                located.values[sub] = tuple(node.lc.value(key))
            except (KeyError, TypeError, AttributeError):  # pragma: no cover - merged keys
                pass
            out[_plain_key(key)] = _plain(node[key], sub, located)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, item in enumerate(node):
            sub = (*path, index)
            with contextlib.suppress(KeyError, TypeError, AttributeError):
                located.values[sub] = tuple(node.lc.item(index))
            items.append(_plain(item, sub, located))
        return items
    if isinstance(node, (LiteralScalarString, FoldedScalarString)):
        located.styles[path] = "block"
        return str(node)
    if isinstance(node, (SingleQuotedScalarString, DoubleQuotedScalarString)):
        located.styles[path] = "quoted"
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, float):
        return Decimal(repr(float(node)))
    if isinstance(node, int):
        return int(node)
    if isinstance(node, datetime):
        return node
    if isinstance(node, date):
        return date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    return node


def _plain_key(key: Any) -> Any:
    if isinstance(key, date) and not isinstance(key, datetime):
        return date(key.year, key.month, key.day)
    if isinstance(key, (bool, int)):
        return key
    return str(key) if isinstance(key, str) else key


def _key_text(key: Any) -> str:
    return key.isoformat() if isinstance(key, date) else str(key)


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip constructor, except that an impossible date such as
    ``2020-02-30`` stays text (the structure check then reports it where it is)."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _clamp(text: str, mark: Any) -> tuple[int, int]:
    """A YAML error mark as a 1-based place in the text (the end of the last line for an
    error at the end of the stream, which ruamel puts on the line after it)."""
    if mark is None:
        return 1, 1
    lines = text.splitlines() or [""]
    if mark.line >= len(lines):
        return len(lines), len(lines[-1]) + 1
    return mark.line + 1, mark.column + 1


def load_yaml(name: str, text: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Parse YAML text; return the file (or ``None``) and any syntax diagnostics."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    try:
        with warnings.catch_warnings():
            # An anchor defined again is valid YAML (aliases use the latest definition);
            # ruamel only warns about it, which must not reach the rule author as noise.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            raw = yaml.load(io.StringIO(text))
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        line, col = _clamp(text, mark)
        problem = (exc.problem or "duplicate key").split("\n")[0]
        return None, [Diagnostic(Code.DUPLICATE_KEY, problem, file=name, line=line, column=col)]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _clamp(text, mark)
        message = (exc.problem or exc.context or "invalid YAML").split("\n")[0]
        return None, [Diagnostic(Code.YAML_SYNTAX, f"YAML: {message}", file=name, line=line,
                                 column=col)]
    except YAMLError as exc:
        return None, [Diagnostic(Code.YAML_SYNTAX, f"YAML: {exc}", file=name, line=1, column=1)]
    located = Located()
    data = _plain(raw, (), located)
    if not isinstance(data, dict):
        actual = "an empty file" if data is None else type(data).__name__
        return None, [Diagnostic(Code.WRONG_TYPE, "a rule file must be a mapping",
                                 file=name, line=1, column=1, expected="mapping", actual=actual)]
    return SourceFile(name, data, located, text), []


_CODES = {
    "extra_forbidden": Code.UNKNOWN_FIELD,
    "missing": Code.MISSING_FIELD,
    "literal_error": Code.INVALID_VALUE,
    "enum": Code.INVALID_VALUE,
    "string_pattern_mismatch": Code.INVALID_ID,
    "date_parsing": Code.INVALID_DATE,
    "date_from_datetime_parsing": Code.INVALID_DATE,
    "date_type": Code.INVALID_DATE,
    "too_short": Code.EMPTY,
    "string_too_short": Code.EMPTY,
    "value_error": Code.INVALID_VALUE,
    "greater_than": Code.INVALID_VALUE,
    "greater_than_equal": Code.INVALID_VALUE,
    "less_than": Code.INVALID_VALUE,
    "less_than_equal": Code.INVALID_VALUE,
    "too_long": Code.INVALID_VALUE,
    "string_too_long": Code.INVALID_VALUE,
}


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the field at ``loc`` (for did-you-mean on unknown keys)."""
    current: Any = model
    for part in loc[:-1]:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        if isinstance(part, str) and part in current.model_fields:
            annotation = current.model_fields[part].annotation
        elif isinstance(part, str) and any(
            f.alias == part for f in current.model_fields.values()
        ):
            annotation = next(f.annotation for f in current.model_fields.values()
                              if f.alias == part)
        else:
            continue
        current = _unwrap(annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is None:
            return annotation
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if models:
            return models[-1]
        nested = [a for a in args if typing.get_origin(a) is not None]
        if not nested:
            return args[-1] if args else None
        annotation = nested[-1]


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _loc_to_path(source: SourceFile, loc: tuple[Any, ...]) -> Path:
    """Map a pydantic error location onto the file's own structure."""
    path: list[str | int] = []
    node: Any = source.data
    for part in loc:
        if isinstance(node, dict):
            key = part
            if isinstance(part, str) and part not in node:
                match = next((k for k in node if part in (_key_text(k), repr(k))), None)
                if match is None:
                    continue  # a segment pydantic adds (shorthand 'values', '[key]', union tags)
                key = match
            elif part not in node:
                continue
            path.append(_key_text(key))
            node = node[key]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
    return tuple(path)


def _iter_errors(exc: ValidationError) -> Iterator[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    for error in exc.errors(include_url=False):
        key = (tuple(str(p) for p in error["loc"]), error["type"])
        if key not in seen:
            seen.add(key)
            yield dict(error)


def _merge_unions(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """pydantic reports a value that fits no member of a union once per member (and once
    per bad item of a list member); keep one ``union_mismatch`` error per value, naming
    the types that would have fitted."""
    groups: dict[tuple[Any, ...], list[tuple[str, dict[str, Any]]]] = {}
    out: list[dict[str, Any]] = []
    for error in errors:
        loc = tuple(error["loc"])
        tag = next((i for i, part in enumerate(loc)
                    if isinstance(part, str) and _UNION_TAG.match(part)), None)
        if tag is None or not str(error["type"]).endswith(("_type", "_parsing")):
            out.append(error)
            continue
        if loc[:tag] not in groups:
            groups[loc[:tag]] = []
            out.append({**error, "loc": loc[:tag], "type": "union_mismatch"})
        groups[loc[:tag]].append((str(loc[tag]), error))
    for index, error in enumerate(out):
        if error["type"] == "union_mismatch":
            members = groups[tuple(error["loc"])]
            if len({name for name, _ in members}) < 2:
                out[index] = members[0][1]
                continue
            names = dict.fromkeys(_UNION_NAMES.get(name, name) for name, _ in members)
            out[index]["msg"] = f"expected one of: {', '.join(names)}"
    return out


_UNION_TAG = re.compile(r"^(bool|int|decimal|float|str|date|constrained-str|list\[\w+\])$")
_UNION_NAMES = {"constrained-str": "expression", "str": "text", "decimal": "number"}


def validate(source: SourceFile) -> tuple[ProgramFile | DefinitionsFile | None, list[Diagnostic]]:
    """Validate a file's structure; every problem in it is reported, in file order."""
    kind = source.data.get("kind", "program")
    model: type[ProgramFile] | type[DefinitionsFile]
    if kind == "definitions":
        model = DefinitionsFile
    elif kind == "program":
        model = ProgramFile
    else:
        return None, [source.diagnostic(
            ("kind",), Code.INVALID_VALUE, f"unknown file kind {kind!r}",
            expected="program | definitions", actual=str(kind),
            suggestion=suggest(str(kind), ["program", "definitions"]),
        )]
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        diagnostics = [_diagnostic_for(source, model, error)
                       for error in _merge_unions(list(_iter_errors(exc)))]
        diagnostics.sort(key=lambda d: (d.line, d.column))
        return None, diagnostics


def _diagnostic_for(
    source: SourceFile, model: type[BaseModel], error: dict[str, Any]
) -> Diagnostic:
    loc = tuple(error["loc"])
    kind = error["type"]
    code = _CODES.get(kind, Code.WRONG_TYPE)
    path = _loc_to_path(source, loc)
    message = str(error["msg"])
    extra: dict[str, Any] = {}
    if kind == "string_pattern_mismatch" and not str(
        (error.get("ctx") or {}).get("pattern", "")
    ).startswith("^[a-z]"):
        code = Code.INVALID_VALUE  # a pattern that is not an identifier's (a URL's)
    if kind == "extra_forbidden":
        name = str(loc[-1])
        owner = _model_at(model, loc)
        allowed = _field_names(owner) if owner else []
        extra["suggestion"] = suggest(name, allowed)
        extra["actual"] = name
        if allowed:
            extra["expected"] = ", ".join(allowed)
        message = f"unknown field {name!r}"
        return source.diagnostic(path, code, message, key=True, **extra)
    if kind == "missing":
        message = f"missing required field {loc[-1]!r}"
        extra["expected"] = str(loc[-1])
    elif kind in ("literal_error", "enum"):
        ctx = error.get("ctx") or {}
        expected = str(ctx.get("expected", ""))
        options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",")]
        extra["expected"] = expected
        extra["actual"] = repr(error.get("input"))
        extra["suggestion"] = suggest(str(error.get("input")), [o for o in options if o])
    elif kind.startswith("value_error"):
        message = message.removeprefix("Value error, ")
    else:
        extra["actual"] = repr(error.get("input"))[:80]
    if kind == "union_mismatch":
        extra["expected"] = message.removeprefix("expected one of: ")
        message = f"{extra['actual']} has none of the accepted types ({extra['expected']})"
    return source.diagnostic(path, code, message, key="[key]" in loc, **extra)
