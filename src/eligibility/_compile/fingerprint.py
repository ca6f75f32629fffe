"""A digest of what a compiled program's decisions depend on.

Two rule books often hold the same program: a reform changes one ceiling and leaves the
other programs alone. :func:`program_fingerprint` gives one digest (SHA-256, hex) of
everything a program's decisions are made from:

- the program itself: its id, domain, roles, status, versions and their dates, criteria
  with their exceptions, outputs with their tables, titles, summaries, assumptions,
  sources and texts in every language, its file's name;
- the shared definitions it reads (directly or inside other definitions), whole;
- the parameters it reads or shows in a text (directly or through those definitions),
  with every dated value, unit, status and source.

Left out on purpose: the program's executable examples (they check the rules, they do not
decide anything) and the definitions and parameters it neither reads nor shows. So two
programs with the same fingerprint decide every household on every date alike, word for
word, with the same library; a different fingerprint says only that something they depend
on differs.

The digest is structural: each IR object is hashed from the digests of its fields (an
object met twice is hashed once), mappings and sets in sorted order, and an expression
from its text and type (its syntax tree is derived from them). It does not depend on
where objects live in memory, on the order files were read in, or on whether the rule book
was compiled or read back from the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from eligibility._language.types import EnumType, Type
from eligibility._model.texts import Texts, Unit
from eligibility._model.values import Absent

__all__ = ["program_fingerprint"]

#: Program fields that decide nothing (examples), or stand for more than the program reads
#: (every shared definition and every parameter of the rule book): replaced below.
_PROGRAM_OWN = frozenset({"examples", "definitions", "parameters"})


class _Hasher:
    """Digests of IR values, each object's once (objects are immutable; each one hashed is
    kept alive while the hasher lives, so that no other object takes its ``id``)."""

    def __init__(self) -> None:
        self.done: dict[int, bytes] = {}
        self.keep: list[Any] = []

    def __call__(self, value: Any) -> bytes:
        if isinstance(value, Enum):  # before str: a StrEnum is a str
            return self._leaf("e", f"{type(value).__name__}.{value.value}")
        if value is None or isinstance(value, bool | int | str | Decimal | date):
            return self._leaf(type(value).__name__, str(value))
        if isinstance(value, Absent):
            return self._leaf("absent", "")
        if isinstance(value, Type):
            values = value.values if isinstance(value, EnumType) else ()
            return self._leaf("type", f"{type(value).__name__}:{value}:{values}")
        if isinstance(value, list | tuple):
            return self._node("seq", (self(v) for v in value))
        if isinstance(value, frozenset | set):
            return self._node("set", sorted(self(v) for v in value))
        seen = self.done.get(id(value))
        if seen is None:
            seen = self.done[id(value)] = self._object(value)
            self.keep.append(value)
        return seen

    def _object(self, value: Any) -> bytes:
        if isinstance(value, Texts | Unit):
            dumped = value.model_dump(mode="json", exclude_none=True)
            return self._node(type(value).__name__, self._items(dumped))
        if isinstance(value, Mapping):
            return self._node("map", self._items(value))
        if type(value).__name__ == "Expr":  # its text and type say what it means
            return self._node("expr", (self(value.source), self(value.type)))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            return self._node(type(value).__name__, self._items(fields))
        raise TypeError(f"cannot fingerprint a {type(value).__name__}")

    def _items(self, mapping: Mapping[Any, Any]) -> list[bytes]:
        return sorted(self._node("item", (self(k), self(v))) for k, v in mapping.items())

    @staticmethod
    def _leaf(tag: str, text: str) -> bytes:
        return hashlib.sha256(f"{tag}\0{text}".encode()).digest()

    @staticmethod
    def _node(tag: str, parts: Iterable[bytes]) -> bytes:
        digest = hashlib.sha256(tag.encode() + b"\0")
        for part in parts:
            digest.update(part)
        return digest.digest()


def program_fingerprint(program: Any) -> str:
    """The digest of what ``program`` (an :class:`~.ir.Program`) decides from (see the
    module's description)."""
    hasher = _Hasher()
    fields = {f.name: getattr(program, f.name) for f in dataclasses.fields(program)
              if f.name not in _PROGRAM_OWN}
    fields["definitions"] = {name: program.definitions[name]
                             for name in program.reads.definitions}
    fields["parameters"] = {name: program.parameters[name]
                            for name in program.parameters_shown}
    return hasher._node("program", hasher._items(fields)).hex()
