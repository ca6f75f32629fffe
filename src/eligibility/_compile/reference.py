"""The rule language as its reference pages describe it: what each record lets a rule
read, the functions, and the limits of an expression. Read off the type checker and the
parser, so the documentation cannot drift from what the loader accepts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from eligibility._language.bounds import LIST_ITEMS, MAX_EXPANDED_DEPTH
from eligibility._language.functions import FUNCTIONS as _FUNCTIONS
from eligibility._language.parser import (
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_NUMBER_LENGTH,
    MAX_TREE_DEPTH,
)
from eligibility._language.reserved import RESERVED_NAMES as _RESERVED
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
from eligibility._model.numbers import MAX_DIGITS, PRECISION
from eligibility._model.yaml_reader import MAX_DEPTH as MAX_YAML_DEPTH
from eligibility._model.yaml_reader import MAX_NUMBER_DIGITS, MAX_VALUES

from .programs import MAX_EXCEPTION_DEPTH, MAX_PROGRAM_SIZE

__all__ = ["FUNCTIONS", "LIMITS", "RECORDS", "RESERVED_NAMES", "FieldDoc", "Limits", "RecordDoc"]


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
    """The bounds the loader puts on rule files and expressions, and on what evaluation
    computes (each breach has its own diagnostic code)."""

    #: one expression (the parser)
    length: int
    depth: int
    tree_depth: int
    exponent: int
    number_length: int
    #: what is proven at load (the type checker and the compiler)
    magnitude_digits: int
    list_items: int
    expanded_depth: int
    exception_depth: int
    program_size: int
    #: decimal arithmetic (the library's own context)
    precision: int
    #: YAML files (the reader)
    yaml_depth: int
    yaml_values: int
    number_digits: int


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

#: The bounds of rule files, expressions and evaluation.
LIMITS = Limits(
    length=MAX_LENGTH, depth=MAX_DEPTH, tree_depth=MAX_TREE_DEPTH, exponent=MAX_EXPONENT,
    number_length=MAX_NUMBER_LENGTH, magnitude_digits=MAX_DIGITS, list_items=LIST_ITEMS,
    expanded_depth=MAX_EXPANDED_DEPTH, exception_depth=MAX_EXCEPTION_DEPTH,
    program_size=MAX_PROGRAM_SIZE, precision=PRECISION, yaml_depth=MAX_YAML_DEPTH,
    yaml_values=MAX_VALUES, number_digits=MAX_NUMBER_DIGITS,
)

#: The names no parameter, definition or definition argument may take: what each is.
RESERVED_NAMES: Mapping[str, str] = _RESERVED
