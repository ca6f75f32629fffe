"""Validate a rule file's structure against the pydantic models of :mod:`.schema`; each
validation error becomes a located :class:`~eligibility.Diagnostic` with a stable code
and, for unknown names, a "did you mean"."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from eligibility._language.suggestions import suggest
from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic

from .positions import Path, SourceFile, key_text
from .schema import DefinitionsFile, ProgramFile

__all__ = ["validate"]


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
                match = next((k for k in node if part in (key_text(k), repr(k))), None)
                if match is None:
                    continue  # a segment pydantic adds (shorthand 'values', '[key]', union tags)
                key = match
            elif part not in node:
                continue
            path.append(key_text(key))
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
