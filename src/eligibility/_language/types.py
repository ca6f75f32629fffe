"""Types of the expression language, and the part of the domain model rules may read.

The record types are read off the pydantic household models, so a field added
to the model is readable by rules at once; derived attributes (``age``,
``role``, ``category``, ``seniority``, ``people``) are declared here. Nothing
outside these tables can be read from a rule.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from eligibility._model.household import (
    Affiliate,
    BenefitRecord,
    Category,
    Child,
    Household,
    Parent,
    Person,
    Role,
    Spouse,
)

__all__ = [
    "BOOL",
    "DATE",
    "DECIMAL",
    "INT",
    "STR",
    "EnumType",
    "FieldInfo",
    "ListType",
    "RecordType",
    "Type",
    "record_type",
    "type_of_value",
]


class Type:
    """A type of the language. Compare with ``==``; print for messages."""

    def __str__(self) -> str:
        return str(getattr(self, "name", "?"))

    def __repr__(self) -> str:
        return f"<type {self}>"


@dataclass(frozen=True, eq=True)
class _Scalar(Type):
    """A type without parts: ``bool``, ``int``, ``decimal``, ``str`` or ``date``."""

    name: str

    def __str__(self) -> str:
        return self.name


BOOL = _Scalar("bool")
INT = _Scalar("int")
DECIMAL = _Scalar("decimal")
STR = _Scalar("str")
DATE = _Scalar("date")


@dataclass(frozen=True, eq=True)
class EnumType(Type):
    """A text type with a closed set of values (compares with ``str``)."""

    name: str
    values: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, eq=True)
class ListType(Type):
    """A list of values of one type (``item``)."""

    item: Type

    @property
    def name(self) -> str:
        return f"list[{self.item}]"

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class FieldInfo:
    """One readable attribute of a record type.

    ``derived`` names how the value is computed when it is not a stored field
    (``age``, ``role``, ``category``, ``seniority``, ``people``); ``nullable``
    says whether the stored value may be unknown (``None``); ``requires`` names
    the stored field a derived value needs.
    """

    name: str
    type: Type
    nullable: bool
    derived: str | None = None
    requires: str | None = None
    doc: str = ""
    partial: bool = False  # only some of the applicant's possible roles have it
    #: for a whole number: the largest it may be in absolute value (from the model's
    #: bounds), else ``None``
    magnitude: int | None = None

    @property
    def may_be_unknown(self) -> bool:
        """Whether reading it can give an unknown value: a nullable or partial field, or
        a value derived from one (``age`` from ``birth_date``...)."""
        return self.nullable or self.partial or self.derived in ("age", "seniority")


@dataclass(frozen=True, eq=False)
class RecordType(Type):
    """A model class rules may read; its fields are filled in after creation."""

    name: str
    model: type[BaseModel]
    fields: dict[str, FieldInfo]
    parent: RecordType | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RecordType) and other.name == self.name

    def __hash__(self) -> int:
        return hash(("record", self.name))

    def __str__(self) -> str:
        return self.name

    def is_subtype_of(self, other: RecordType) -> bool:
        current: RecordType | None = self
        while current is not None:
            if current == other:
                return True
            current = current.parent
        return False


_ENUMS: dict[type[StrEnum], EnumType] = {}


def _enum_type(enum: type[StrEnum]) -> EnumType:
    if enum not in _ENUMS:
        name = enum.__name__.lower()
        _ENUMS[enum] = EnumType(name, tuple(member.value for member in enum))
    return _ENUMS[enum]


_RECORDS: dict[type[BaseModel], RecordType] = {}


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) != len(typing.get_args(annotation))
        if len(args) == 1:
            return args[0], nullable
    if origin is typing.Annotated:
        return _strip_optional(typing.get_args(annotation)[0])
    return annotation, False


def _type_of_annotation(annotation: Any) -> Type | None:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if annotation is bool:
        return BOOL
    if annotation is int:
        return INT
    if annotation is Decimal:
        return DECIMAL
    if annotation is str:
        return STR
    if annotation is date:
        return DATE
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return _enum_type(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return record_type(annotation)
    if typing.get_origin(annotation) is tuple:
        args = typing.get_args(annotation)
        item = _type_of_annotation(args[0])
        return None if item is None else ListType(item)
    return None


_DERIVED: dict[type[BaseModel], list[FieldInfo]] = {
    Person: [
        FieldInfo("age", INT, nullable=False, derived="age", requires="birth_date",
                  doc="Completed years of age on the evaluation date.", magnitude=9999),
        FieldInfo("role", _enum_type(Role), nullable=False, derived="role",
                  doc="affiliate, spouse, child or parent."),
        FieldInfo("category", _enum_type(Category), nullable=False, derived="category",
                  doc="active_officer, retiree, widow, rights_holder, former_spouse or "
                  "honorary_member, on the evaluation date."),
    ],
    Affiliate: [
        FieldInfo("seniority", INT, nullable=False, derived="seniority",
                  requires="recruitment_date",
                  doc="Completed years of service on the evaluation date "
                  "(up to retirement or death).", magnitude=9999),
    ],
    Spouse: [
        FieldInfo("divorced", BOOL, nullable=False, derived="divorced",
                  requires="divorce_date",
                  doc="Divorced from the affiliate on the evaluation date (a divorce_date "
                  "on or before it)."),
    ],
}

_HIDDEN_FIELDS = frozenset({"schema_version"})

#: The magnitude assumed of a whole-number field whose model declares no bound (every
#: field of the household model declares one; a test checks it).
UNBOUNDED_FIELD_MAGNITUDE = 10**30


def _int_magnitude(info: Any) -> int:
    """The largest absolute value of a whole-number field, from its model bounds."""
    lows: list[int] = []
    highs: list[int] = []
    for item in info.metadata:
        for attribute, shift, found in (("ge", 0, lows), ("gt", 1, lows), ("le", 0, highs),
                                        ("lt", -1, highs)):
            value = getattr(item, attribute, None)
            if isinstance(value, int) and not isinstance(value, bool):
                found.append(value + shift)
    if not (lows and highs):
        return UNBOUNDED_FIELD_MAGNITUDE
    return max(abs(min(lows)), abs(max(highs)))


def record_type(model: type[BaseModel]) -> RecordType:
    """The language's view of a household model class (built once, cached)."""
    if model in _RECORDS:
        return _RECORDS[model]
    parent = record_type(Person) if issubclass(model, Person) and model is not Person else None
    record = RecordType(model.__name__.lower(), model, {}, parent)
    _RECORDS[model] = record
    if parent is not None:
        record.fields.update(parent.fields)
    for name, info in model.model_fields.items():
        if name in _HIDDEN_FIELDS:
            continue
        inner, nullable = _strip_optional(info.annotation)
        ftype = _type_of_annotation(inner)
        if ftype is None:  # pragma: no cover - every model field has a language type
            continue
        record.fields[name] = FieldInfo(name, ftype, nullable, doc=info.description or "",
                                        magnitude=_int_magnitude(info) if ftype == INT else None)
    for derived in _DERIVED.get(model, []):
        record.fields[derived.name] = derived
    return record


# Build the tables once, parents first.
PERSON = record_type(Person)
AFFILIATE = record_type(Affiliate)
SPOUSE = record_type(Spouse)
CHILD = record_type(Child)
PARENT = record_type(Parent)
HOUSEHOLD = record_type(Household)
BENEFIT_RECORD = record_type(BenefitRecord)
HOUSEHOLD.fields["people"] = FieldInfo(
    "people", ListType(PERSON), nullable=False, derived="people", doc="Everyone in the file."
)

#: The applicant's type for each role a program applies to.
ROLE_TYPES: dict[str, RecordType] = {
    "affiliate": AFFILIATE,
    "spouse": SPOUSE,
    "child": CHILD,
    "parent": PARENT,
}


_UNIONS: dict[tuple[str, ...], RecordType] = {}


def applicant_type(roles: typing.Iterable[str]) -> RecordType:
    """The applicant's type for a program that applies to ``roles``.

    One role: that role's record. Several: a record with the fields of all of
    them; a field that only some roles have reads as unknown for the others
    (guard it, e.g. ``applicant.role != 'spouse' or not applicant.remarried``).
    """
    names = tuple(sorted(set(roles), key=list(ROLE_TYPES).index))
    if len(names) == 1:
        return ROLE_TYPES[names[0]]
    if names not in _UNIONS:
        members = [ROLE_TYPES[n] for n in names]
        fields: dict[str, FieldInfo] = {}
        for member in members:
            for name, info in member.fields.items():
                if name in fields:
                    continue
                everywhere = all(name in m.fields for m in members)
                fields[name] = info if everywhere else FieldInfo(
                    name, info.type, True, info.derived, info.requires, info.doc, partial=True
                )
        _UNIONS[names] = RecordType("|".join(names), Person, fields, PERSON)
    return _UNIONS[names]


def type_of_value(value: object) -> Type | None:
    """The language type of a parameter value, or ``None`` if it has none."""
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, Decimal):
        return DECIMAL
    if isinstance(value, date):
        return DATE
    if isinstance(value, str):
        return STR
    if isinstance(value, (list, tuple)):
        items = {type_of_value(v) for v in value}
        if len(items) == 1:
            item = items.pop()
            return None if item is None else ListType(item)
        if items == {INT, DECIMAL}:
            return ListType(DECIMAL)
        if not value:
            return ListType(STR)
    return None


def is_numeric(t: Type | None) -> bool:
    return t in (INT, DECIMAL)


def is_textual(t: Type | None) -> bool:
    return t == STR or isinstance(t, EnumType)


def comparable(a: Type | None, b: Type | None) -> bool:
    """Whether values of the two types may be compared with ``==``."""
    if a is None or b is None:
        return False
    if is_numeric(a) and is_numeric(b):
        return True
    if is_textual(a) and is_textual(b):
        return not (isinstance(a, EnumType) and isinstance(b, EnumType) and a != b)
    if isinstance(a, RecordType) and isinstance(b, RecordType):
        return a.is_subtype_of(b) or b.is_subtype_of(a)
    return a == b


def orderable(a: Type | None, b: Type | None) -> bool:
    """Whether values of the two types may be compared with ``<`` and friends."""
    if is_numeric(a) and is_numeric(b):
        return True
    return a == b and a in (DATE, STR)
