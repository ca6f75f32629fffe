"""A batch of households as three Polars tables: households, people and history records.

Every stored field becomes a column (``null`` for an unknown fact, as in the model);
derived facts the rules read about a person (role, member category, path in the file)
are columns too, computed once here from the model's own methods. Money and other
decimals are exact ``Decimal`` columns; a decimal that no such column can hold exactly
(more than 38 digits in all) marks its household, which the engine then evaluates row by
row with the interpreter instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import repeat
from typing import Any

import polars as pl

from eligibility._language.types import (
    BOOL,
    DATE,
    DECIMAL,
    INT,
    STR,
    EnumType,
    ListType,
    RecordType,
    Type,
    record_type,
)
from eligibility._model.collector import collector_paused
from eligibility._model.household import (
    Affiliate,
    BenefitRecord,
    Child,
    Household,
    Parent,
    Person,
    Role,
    Spouse,
)

__all__ = ["DECIMAL_TEXT", "HISTORY_PATH", "NO_CATEGORY", "ROLE_OF", "Batch", "decimal_scale"]

#: Suffix of the column holding a decimal's own text (``2500.50`` stays ``2500.50``).
DECIMAL_TEXT = "$"
#: The member category column's value for a person with none (a deceased affiliate); a
#: non-null text, so that comparing it gives false, as comparing ``None`` does.
NO_CATEGORY = ""
#: A benefit record's path in the file, by its index in the history.
HISTORY_PATH = "household.history[{}]"
_MAX_DIGITS = 38

#: The role of each kind of person, in the order of :attr:`Household.people`.
ROLE_OF: dict[type[Person], Role] = {
    Affiliate: Role.AFFILIATE, Spouse: Role.SPOUSE, Child: Role.CHILD, Parent: Role.PARENT}
_PERSON_MODELS: tuple[type[Person], ...] = tuple(ROLE_OF)


def _fields(models: Sequence[type[Any]]) -> dict[str, type]:
    """The stored fields of the models, by the Python type of their column."""
    kinds: dict[Type, type] = {BOOL: bool, INT: int, DECIMAL: Decimal, DATE: date, STR: str}
    found: dict[str, type] = {}
    for model in models:
        for name, info in record_type(model).fields.items():
            if info.derived is not None or isinstance(info.type, (ListType, RecordType)):
                continue
            found.setdefault(name, str if isinstance(info.type, EnumType) else kinds[info.type])
    return found


PERSON_FIELDS = _fields(_PERSON_MODELS)
HISTORY_FIELDS = _fields([BenefitRecord])
HOUSEHOLD_FIELDS = _fields([Household])
#: The column type of a stored field by its Python type (decimals: :func:`decimal_dtype`).
DTYPES: dict[type, pl.DataType] = {
    bool: pl.Boolean(), int: pl.Int64(), str: pl.String(), date: pl.Date(),
}
#: The kinds of column Polars reads off the models' dicts itself.
_AT_ONCE = frozenset({bool, str, date})


def decimal_scale(places: Iterable[int]) -> int:
    """The scale of a decimal column holding values with these numbers of places: the
    largest (none: 0), at most 38."""
    return min(max([0, *places]), _MAX_DIGITS)


def decimal_dtype(scale: int) -> pl.Decimal:
    """The type of a decimal column of this scale (38 digits in all)."""
    return pl.Decimal(_MAX_DIGITS, scale)


def _decimal_columns(name: str, values: list[Any], bad: list[bool], owners: list[int]
                     ) -> dict[str, pl.Series]:
    """A decimal column at the smallest scale that holds every value exactly, and the
    values' own texts; a value that cannot be held marks its household ``bad``."""
    present = [i for i, value in enumerate(values) if value is not None]
    exponents = [values[i].as_tuple().exponent for i in present]
    scale = decimal_scale(-e for e in exponents if isinstance(e, int))
    limit = Decimal(10) ** (_MAX_DIGITS - scale)
    kept: list[Decimal | None] = list(values)
    texts: list[str | None] = [None] * len(values)
    for i, exponent in zip(present, exponents, strict=True):
        value = values[i]
        texts[i] = str(value)
        # not finite, finer than the scale (past 38 places), or too large
        if not isinstance(exponent, int) or exponent < -scale or abs(value) >= limit:
            bad[owners[i]] = True
            kept[i] = None
    return {name: pl.Series(name, kept, dtype=decimal_dtype(scale)),
            name + DECIMAL_TEXT: pl.Series(name + DECIMAL_TEXT, texts, dtype=pl.String())}


def _columns(items: Sequence[Any], fields: dict[str, type], bad: list[bool],
             owners: list[int]) -> dict[str, pl.Series]:
    # A model's fields are in its __dict__; a field another role has reads as None.
    stored = [item.__dict__ for item in items]
    # Flags, texts (an enumeration member is a text: its value) and dates: Polars reads
    # them off the dicts at once. Whole numbers and decimals are checked one by one.
    plain = {name: DTYPES[kind] for name, kind in fields.items() if kind in _AT_ONCE}
    frame = pl.from_dicts(stored, schema=plain) if stored else pl.DataFrame(schema=plain)
    out: dict[str, pl.Series] = {}
    for name, kind in fields.items():
        if kind in _AT_ONCE:
            out[name] = frame.get_column(name)
            continue
        values = list(map(dict.get, stored, repeat(name, len(stored))))
        if kind is Decimal:
            out.update(_decimal_columns(name, values, bad, owners))
            continue
        for position, (value, owner) in enumerate(zip(values, owners, strict=True)):
            if value is not None and not -2**62 < value < 2**62:
                bad[owner] = True
                values[position] = None
        out[name] = pl.Series(name, values, dtype=DTYPES[kind])
    return out


@dataclass(frozen=True)
class Batch:
    """Households as tables, with the models kept for the rows the interpreter decides.

    Attributes:
        households: the models, in batch order (row ``i`` of ``household`` is ``[i]``);
            any sequence (one that makes its models when asked, for a batch laid out
            from a roster's columns), read by index only.
        on: the date the member categories are computed on.
        household: one row per household: ``_h`` (its index), ``id``, ``dues``,
            ``bank_account``, ``social_hardship``, ``_bad`` (a value no column holds).
        people: one row per person: ``_h``, ``_key`` (position in ``Household.people``),
            ``_role``, ``_cat`` (member category), ``_path`` and every person field.
        history: one row per benefit record: ``_h``, ``_key``, ``_path`` and its fields.
    """

    households: Sequence[Household]
    on: date
    household: pl.DataFrame
    people: pl.DataFrame
    history: pl.DataFrame

    @classmethod
    def of(cls, households: Sequence[Household], on: date) -> Batch:
        """The households as they stand on ``on`` (member categories depend on the date;
        give households already taken :meth:`~Household.as_of` that date)."""
        with collector_paused():  # lists of a million values: no cycle among them
            return cls._of(tuple(households), on)

    @classmethod
    def _of(cls, homes: tuple[Household, ...], on: date) -> Batch:
        bad = [False] * len(homes)
        people: list[Person] = []
        owners: list[int] = []
        keys: list[int] = []
        roles: list[str] = []
        categories: list[str] = []
        paths: list[str] = []
        for index, home in enumerate(homes):
            members = home.people
            people.extend(members)
            owners.extend(repeat(index, len(members)))
            keys.extend(range(len(members)))
            # (an enumeration member's ``_value_``: ``value`` is a slow property)
            roles.extend([person.role._value_ for person in members])
            paths.extend(home.paths())
            categories.extend([NO_CATEGORY if category is None else category._value_
                               for category in map(home.category_of, members,
                                                   repeat(on, len(members)))])
        person_columns = _columns(people, PERSON_FIELDS, bad, owners)
        records: list[BenefitRecord] = []
        record_owners: list[int] = []
        record_keys: list[int] = []
        for index, home in enumerate(homes):
            for key, record in enumerate(home.history):
                records.append(record)
                record_owners.append(index)
                record_keys.append(key)
        history_columns = _columns(records, HISTORY_FIELDS, bad, record_owners)
        household_columns = _columns(homes, HOUSEHOLD_FIELDS, bad, list(range(len(homes))))
        people_frame = pl.DataFrame({
            "_h": pl.Series(owners, dtype=pl.Int32()), "_key": pl.Series(keys, dtype=pl.Int32()),
            "_role": pl.Series(roles, dtype=pl.String()),
            "_cat": pl.Series(categories, dtype=pl.String()),
            "_path": pl.Series(paths, dtype=pl.String()), **person_columns,
        })
        history_frame = pl.DataFrame({
            "_h": pl.Series(record_owners, dtype=pl.Int32()),
            "_key": pl.Series(record_keys, dtype=pl.Int32()),
            "_path": pl.Series([HISTORY_PATH.format(k) for k in record_keys],
                               dtype=pl.String()),
            **history_columns,
        })
        household_frame = pl.DataFrame({
            "_h": pl.Series(range(len(homes)), dtype=pl.Int32()), **household_columns,
            "_bad": pl.Series(bad, dtype=pl.Boolean()),
        })
        return cls(homes, on, household_frame, people_frame, history_frame)

    def person(self, household: int, key: int) -> Person:
        """The person at position ``key`` of household ``household``."""
        return self.households[household].people[key]


#: The roles whose model has each person field (for fields only some roles have).
FIELD_ROLES: dict[str, frozenset[str]] = {
    name: frozenset(role.value for model, role in ROLE_OF.items() if name in model.model_fields)
    for name in PERSON_FIELDS
}
