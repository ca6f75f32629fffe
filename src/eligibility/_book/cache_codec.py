"""How the cache of compiled rule books writes the IR as JSON, and reads it back.

Each IR object is written with the name of its class, and only the classes listed here
(the IR's dataclasses and enumerations) can be read back, each built field by field; an
object met twice (a definition every program shares...) is written once and then referred
to by number. Never pickle: a cache entry is data, and reading it runs no code of its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import Any

from eligibility._compile import clocks, ir, ir_parts
from eligibility._language import ast
from eligibility._language import types as lt
from eligibility._model import codes, errors, people, vocabulary
from eligibility._model.texts import Texts, Unit
from eligibility._model.values import ABSENT, Absent

__all__ = ["Encoder", "NotCacheable", "decoder"]


class NotCacheable(Exception):  # noqa: N818 - a signal, not an error
    """A value the encoding does not know: the rule book is not cached."""


def _classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for module in (ir, ir_parts, clocks, ast, lt, errors):
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value):
                found[value.__name__] = value
    found.pop("RecordType", None)  # by name only: see _record
    found.pop("_Scalar", None)  # the five scalars, by name
    return found


def _enums() -> dict[str, type[Enum]]:
    found: dict[str, type[Enum]] = {}
    for module in (vocabulary, people, codes, errors, clocks):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Enum) \
                    and value.__module__ != Enum.__module__:
                found[value.__name__] = value
    return found


_CLASSES = _classes()
_ENUMS = _enums()
_SCALARS = {t.name: t for t in (lt.BOOL, lt.INT, lt.DECIMAL, lt.STR, lt.DATE)}
_RECORDS = {r.name: r for r in (lt.PERSON, lt.HOUSEHOLD, lt.BENEFIT_RECORD,
                                *lt.ROLE_TYPES.values())}


def _record(name: str) -> lt.RecordType:
    found = _RECORDS.get(name)
    if found is not None:
        return found
    roles = name.split("|")
    if not all(role in lt.ROLE_TYPES for role in roles):
        raise ValueError(f"no record type {name!r}")
    return lt.applicant_type(roles)


# -- encoding -----------------------------------------------------------------------------------


class Encoder:
    """Objects met twice (a definition every program shares...) are written once and
    then referred to by number: numbers are given in the order objects are finished,
    which is the order the decoder finishes them in."""

    def __init__(self) -> None:
        self.done: dict[int, int] = {}
        self.keep: list[Any] = []  # alive while encoding, so that ids stay unique

    def fork(self) -> Encoder:
        """An encoder that refers to what this one wrote and numbers on from there (what
        it writes is read back after this one's, and only with it)."""
        other = Encoder()
        other.done = dict(self.done)
        other.keep = self.keep
        return other

    def __call__(self, value: Any) -> Any:
        if isinstance(value, Enum):  # before str: a StrEnum is a str
            name = type(value).__name__
            if _ENUMS.get(name) is not type(value):
                raise NotCacheable(name)
            return {"$e": name, "v": value.value}
        if value is None or isinstance(value, bool | str | int):
            return value
        if isinstance(value, Decimal):
            return {"$n": str(value)}
        if isinstance(value, date):
            return {"$t": value.isoformat()}
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, tuple):
            return {"$u": [self(v) for v in value]}
        if isinstance(value, frozenset):
            return {"$f": [self(v) for v in value]}
        if isinstance(value, Absent):  # the one value of an output not given
            return {"$a": 1}
        if isinstance(value, lt.RecordType):
            _record(value.name)  # raises for a record type no name finds again
            return {"$r": value.name}
        if type(value).__name__ == "_Scalar":
            return {"$s": value.name}
        seen = self.done.get(id(value))
        if seen is not None:
            return {"$ref": seen}
        out = self._object(value)
        self.done[id(value)] = len(self.done)
        self.keep.append(value)
        return out

    def _object(self, value: Any) -> Any:
        if isinstance(value, Texts):
            return {"$x": [[k, getattr(value, k)] for k in sorted(value.model_fields_set)]}
        if isinstance(value, Unit):  # a unit, counted nouns' plural forms included
            return {"$U": value.model_dump_json(exclude_none=True)}
        if isinstance(value, Mapping):
            tag = "$p" if isinstance(value, MappingProxyType) else "$d"
            return {tag: [[self(k), self(v)] for k, v in value.items()]}
        name = type(value).__name__
        if _CLASSES.get(name) is not type(value):
            raise NotCacheable(name)
        return {"$": name, **{f.name: self(getattr(value, f.name))
                              for f in dataclasses.fields(value)}}  # type: ignore[arg-type]


# -- decoding -----------------------------------------------------------------------------------


#: The fields of each class the cache may build, by the class's name.
_FIELDS = {name: frozenset(f.name for f in dataclasses.fields(cls))
           for name, cls in _CLASSES.items()}


def decoder(done: list[Any]) -> Callable[[dict[str, Any]], Any]:
    """What :class:`Encoder` wrote, read back as ``json.loads``'s ``object_hook``: the
    parser hands over each JSON object once its values are read back (in the order the
    encoder finished them, which numbers the objects met twice, after those in ``done``);
    a tagged object's tag is its first key, and an object without one is refused."""
    new, set_ = object.__new__, object.__setattr__

    def finished(value: Any) -> Any:
        done.append(value)
        return value

    def instance(data: dict[str, Any]) -> Any:
        name = data.pop("$")
        cls = _CLASSES[name]
        if data.keys() != _FIELDS[name]:
            raise ValueError(f"{name}: not its fields")
        obj: Any = new(cls)
        for key, value in data.items():
            set_(obj, key, value)
        return finished(obj)

    tags: dict[str, Callable[[dict[str, Any]], Any]] = {
        "$u": lambda d: tuple(d["$u"]),
        "$t": lambda d: date.fromisoformat(d["$t"]),
        "$n": lambda d: Decimal(d["$n"]),
        "$e": lambda d: _ENUMS[d["$e"]](d["v"]),
        "$s": lambda d: _SCALARS[d["$s"]],
        "$r": lambda d: _record(d["$r"]),
        "$f": lambda d: frozenset(d["$f"]),
        "$ref": lambda d: done[d["$ref"]],
        "$a": lambda d: ABSENT,
        "$x": lambda d: finished(Texts.model_construct(**dict(d["$x"]))),
        "$U": lambda d: finished(Unit.model_validate_json(d["$U"])),
        "$d": lambda d: finished(dict(d["$d"])),
        "$p": lambda d: finished(MappingProxyType(dict(d["$p"]))),
        "$": instance,
    }
    def hook(data: dict[str, Any]) -> Any:
        return tags[next(iter(data), "")](data)  # KeyError: no tag

    return hook
