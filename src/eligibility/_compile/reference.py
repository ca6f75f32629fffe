"""The rule language as its reference pages describe it: what each record lets a rule
read, the functions, and the limits of an expression. Read off the type checker and the
parser, so the documentation cannot drift from what the loader accepts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from eligibility._language.functions import FUNCTIONS as _FUNCTIONS
from eligibility._language.parser import (
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_NUMBER_LENGTH,
    MAX_TREE_DEPTH,
)
from eligibility._language.types import (
    BENEFIT_RECORD,
    HOUSEHOLD,
    PERSON,
    ROLE_TYPES,
    EnumType,
    FieldInfo,
    ListType,
    RecordType,
    Type,
)

__all__ = ["FUNCTIONS", "LIMITS", "RECORDS", "FieldDoc", "Limits", "RecordDoc"]


@dataclass(frozen=True)
class FieldDoc:
    """One field a rule may read: its name, type, whether it may be unknown, and a note."""

    name: str
    type: str
    may_be_unknown: bool
    note: str


@dataclass(frozen=True)
class RecordDoc:
    """A record rules read (``household``, ``child``...): its own fields, and the record
    whose fields it also has."""

    name: str
    parent: str | None
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True)
class Limits:
    """The bounds the parser puts on one expression."""

    length: int
    depth: int
    tree_depth: int
    exponent: int
    number_length: int


def _type_text(ty: Type) -> str:
    if isinstance(ty, EnumType):
        return f"{ty} ({' | '.join(ty.values)})"
    if isinstance(ty, ListType):
        return f"list of {ty.item}"
    return str(ty)


def _note(info: FieldInfo) -> str:
    if info.derived:
        needs = f" Computed from ``{info.requires}``." if info.requires else " Computed."
        return (info.doc + needs).strip()
    return info.doc


def _record(name: str, record: RecordType) -> RecordDoc:
    shows_parent = record.parent is not None and record is not PERSON
    inherited = set(record.parent.fields) if record.parent is not None and shows_parent \
        else set()
    return RecordDoc(
        name, record.parent.name if shows_parent and record.parent else None,
        tuple(FieldDoc(field, _type_text(info.type), info.nullable, _note(info))
              for field, info in record.fields.items() if field not in inherited),
    )


#: Every record rules read, by the name the reference uses.
RECORDS: Mapping[str, RecordDoc] = MappingProxyType({
    name: _record(name, record)
    for name, record in {"household": HOUSEHOLD, "person": PERSON, **ROLE_TYPES,
                         "benefitrecord": BENEFIT_RECORD}.items()
})

#: The functions rules may call: ``(signature, what it gives)``.
FUNCTIONS: tuple[tuple[str, str], ...] = tuple(
    (doc.partition(": ")[0], doc.partition(": ")[2]) for _, doc in _FUNCTIONS.values()
)

#: The bounds of one expression.
LIMITS = Limits(MAX_LENGTH, MAX_DEPTH, MAX_TREE_DEPTH, MAX_EXPONENT, MAX_NUMBER_LENGTH)
