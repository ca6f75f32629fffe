"""A roster's columns, read off the household model: the Arrow schema of a Parquet roster,
and how a Parquet row's nulls become the household file's data.

Every field of the model is a column of the type its values have in a household file
read by Python: a flag a boolean, a whole number a 64-bit integer, a date a date, money
and scores decimals with the model's digits, enumerations and identifiers text, and the
lists of people and benefit records lists of structs. Nothing here is a second
definition: it is computed from the model's fields and their bounds.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel

from .household import Household

__all__ = ["FieldBounds", "FieldKind", "dropped_nulls", "field_bounds", "model_fields_of",
           "null_rows", "roster_schema"]


@dataclass(frozen=True)
class FieldKind:
    """What a model field holds: ``kind`` is ``bool``, ``int``, ``decimal``, ``str``,
    ``date``, ``enum``, ``model`` or ``list`` (of ``model``); ``nullable`` whether it may
    be unknown (``None``)."""

    kind: str
    nullable: bool
    model: type[BaseModel] | None = None
    digits: int | None = None
    places: int | None = None


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """The type under ``Annotated`` and ``X | None``, whether ``None`` is allowed, and the
    ``Annotated`` metadata."""
    nullable = False
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata.extend(extra)
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = nullable or len(args) != len(typing.get_args(annotation))
            if len(args) != 1:
                raise TypeError(f"no column for {annotation!r}")
            annotation = args[0]
        else:
            return annotation, nullable, metadata


@cache
def model_fields_of(model: type[BaseModel]) -> dict[str, FieldKind]:
    """The fields of a household model class as roster columns."""
    out: dict[str, FieldKind] = {}
    for name, info in model.model_fields.items():
        base, nullable, found = _unwrap(info.annotation)
        metadata = []
        for item in [*found, *info.metadata]:  # a Field() inside Annotated holds its own
            metadata.extend([item, *getattr(item, "metadata", ())])
        if typing.get_origin(base) is tuple:
            (item,) = typing.get_args(base)[:1]
            out[name] = FieldKind("list", nullable, item)
        elif typing.get_origin(base) is typing.Literal:
            out[name] = FieldKind("int", nullable)
        elif isinstance(base, type) and issubclass(base, BaseModel):
            out[name] = FieldKind("model", nullable, base)
        elif isinstance(base, type) and issubclass(base, Enum):
            out[name] = FieldKind("enum", nullable)
        elif base is bool:
            out[name] = FieldKind("bool", nullable)
        elif base is int:
            out[name] = FieldKind("int", nullable)
        elif base is date:
            out[name] = FieldKind("date", nullable)
        elif base is Decimal:
            digits = next(m.max_digits for m in metadata if getattr(m, "max_digits", None))
            places = next(m.decimal_places for m in metadata
                          if getattr(m, "decimal_places", None) is not None)
            out[name] = FieldKind("decimal", nullable, digits=digits, places=places)
        elif base is str:
            out[name] = FieldKind("str", nullable)
        else:  # pragma: no cover - every field of the model has a column
            raise TypeError(f"no column for {model.__name__}.{name}: {base!r}")
    return out


@dataclass(frozen=True)
class FieldBounds:
    """What the model asks of a field's value, beyond its type: ``required`` when it has no
    default (left out, it is refused), ``ge``/``le`` (numbers), ``min_length``/``max_length``
    (characters of a text, items of a list), ``pattern`` (a text, matched as pydantic
    matches it: the Rust ``regex`` engine) and ``choices`` (the values of an enumeration
    or a ``Literal``)."""

    required: bool
    ge: Any = None
    le: Any = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    choices: tuple[Any, ...] | None = None


#: Metadata that says nothing of a value of the Arrow type the field's column has: a strict
#: type (the column holds that type), a before-validator (it passes such a value on as it is).
_NEUTRAL = ("Strict", "BeforeValidator")


@cache
def field_bounds(model: type[BaseModel]) -> dict[str, FieldBounds]:
    """The bounds of each field of a household model class, read off its annotations and
    ``Field()`` metadata; a constraint of a kind not known here is an error (so that a new
    constraint cannot be missed by the checks built on these bounds)."""
    if model.model_config.get("regex_engine", "rust-regex") != "rust-regex":
        raise TypeError(f"{model.__name__}: patterns are read for the Rust regex engine")
    out: dict[str, FieldBounds] = {}
    for name, info in model.model_fields.items():
        base, _, annotated = _unwrap(info.annotation)
        found: dict[str, Any] = {}
        for item in _metadata([*annotated, *info.metadata]):
            kind = type(item).__name__
            if kind in ("Ge", "Le", "MinLen", "MaxLen"):
                key = {"Ge": "ge", "Le": "le", "MinLen": "min_length",
                       "MaxLen": "max_length"}[kind]
                found[key] = getattr(item, key)
            elif kind == "DecimalBounds":
                found.update(ge=item.ge, le=item.le)
            elif kind == "_PydanticGeneralMetadata" and set(vars(item)) <= {"pattern"}:
                found.update(vars(item))
            elif kind not in _NEUTRAL:
                raise TypeError(f"{model.__name__}.{name}: no bound read for {item!r}")
        if typing.get_origin(base) is typing.Literal:
            found["choices"] = typing.get_args(base)
        elif isinstance(base, type) and issubclass(base, Enum):
            found["choices"] = tuple(member.value for member in base)
        out[name] = FieldBounds(required=info.is_required(), **found)
    return out


def _metadata(items: list[Any]) -> list[Any]:
    """Metadata items, those of a ``Field()`` inside ``Annotated`` in its place."""
    out: list[Any] = []
    for item in items:
        if type(item).__name__ == "FieldInfo":
            out.extend(_metadata(list(item.metadata)))
        else:
            out.append(item)
    return out


def _arrow_type(kind: FieldKind) -> Any:
    import pyarrow as pa  # noqa: PLC0415 - the columnar extra

    if kind.kind == "list":
        assert kind.model is not None
        return pa.list_(_struct(kind.model))
    if kind.kind == "model":
        assert kind.model is not None
        return _struct(kind.model)
    if kind.kind == "decimal":
        assert kind.digits is not None
        assert kind.places is not None
        return pa.decimal128(kind.digits, kind.places)
    return {"bool": pa.bool_(), "int": pa.int64(), "date": pa.date32(), "str": pa.string(),
            "enum": pa.string()}[kind.kind]


def _struct(model: type[BaseModel]) -> Any:
    import pyarrow as pa  # noqa: PLC0415 - the columnar extra

    return pa.struct([pa.field(n, _arrow_type(k)) for n, k in model_fields_of(model).items()])


def roster_schema() -> Any:
    """The Arrow schema of a Parquet roster: one household per row."""
    import pyarrow as pa  # noqa: PLC0415 - the columnar extra

    return pa.schema([pa.field(n, _arrow_type(k))
                      for n, k in model_fields_of(Household).items()])


@cache
def _plan(model: type[BaseModel]) -> tuple[frozenset[str], dict[str, type[BaseModel]],
                                           dict[str, type[BaseModel]]]:
    """For :func:`dropped_nulls`: the fields that may be unknown, and the fields holding a
    model and a list of models (with that model)."""
    fields = model_fields_of(model)
    nullable = frozenset(n for n, k in fields.items() if k.nullable)
    models = {n: k.model for n, k in fields.items() if k.kind == "model" and k.model}
    lists = {n: k.model for n, k in fields.items() if k.kind == "list" and k.model}
    return nullable, models, lists


def dropped_nulls(row: dict[str, Any], model: type[BaseModel] = Household) -> dict[str, Any]:
    """A Parquet row as a household file's data: a null in a field that cannot be unknown
    (a list, the schema version) is a field left out; elsewhere it stays (an unknown fact).
    Columns the model does not know are kept, for the model to refuse."""
    nullable, models, lists = _plan(model)
    out = {name: value for name, value in row.items() if value is not None or name in nullable
           or (name not in models and name not in lists and name not in _known(model))}
    for name, inner in models.items():
        value = out.get(name)
        if isinstance(value, dict):
            out[name] = dropped_nulls(value, inner)
    for name, inner in lists.items():
        value = out.get(name)
        if isinstance(value, list):
            out[name] = [dropped_nulls(v, inner) if isinstance(v, dict) else v for v in value]
    return out


@cache
def _known(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(model_fields_of(model))


def null_rows(batch: Any, model: type[BaseModel] = Household) -> set[int] | None:
    """The rows of an Arrow record batch (or struct array) whose data
    :func:`dropped_nulls` would change: a null in a field that cannot be unknown, at any
    depth. Every other row's data is the household file's as it is. ``None`` (every row)
    where a column is not of the layout :func:`roster_schema` gives, for
    :func:`dropped_nulls` to handle row by row."""
    import pyarrow as pa  # noqa: PLC0415 - the columnar extra

    array = batch.to_struct_array() if isinstance(batch, pa.RecordBatch) else batch
    return _null_positions(array, model)


def _null_positions(array: Any, model: type[BaseModel]) -> set[int] | None:
    import pyarrow as pa  # noqa: PLC0415 - the columnar extra
    import pyarrow.compute as pc  # noqa: PLC0415

    if not pa.types.is_struct(array.type):
        return None
    nullable, models, lists = _plan(model)
    found: set[int] = set()
    names = {array.type.field(i).name for i in range(array.type.num_fields)}
    for name in _known(model) & names:
        child = array.field(name)
        if name not in nullable and child.null_count:
            found.update(pc.indices_nonzero(child.is_null()).to_pylist())
        inner = models.get(name)
        if inner is not None:
            rows = _null_positions(child, inner)
            if rows is None:
                return None
            found |= rows
        inner = lists.get(name)
        if inner is not None:
            if not pa.types.is_list(child.type) and not pa.types.is_large_list(child.type):
                return None
            elements = _null_positions(child.flatten(), inner)
            if elements is None:
                return None
            if elements:
                owners = pc.list_parent_indices(child).to_pylist()
                found.update(owners[e] for e in elements)
    return found
