"""The columnar check of a Parquet roster's rows gives the household model's verdict.

The pydantic household model is the one definition of a valid household;
:func:`refused_rows` is a fast form of it on a record batch's columns. It is held to the
model as the columnar engine is held to the native one: Hypothesis draws valid households
(``eligibility.testing.households()``), spoils some of them in every way the model refuses
(each field's bounds at and just past the limit, each enumeration, nulls where none is
allowed, lists too long, null items, repeated ids, dates on both sides of every boundary
the validators draw, the affiliate not yet born on the evaluation date), lays them out as
a Parquet roster's rows, and asserts that each row is refused exactly when the model
refuses it as the roster pipeline reads it. A table names each rule once with a minimal
row, so that a rule missed fails by its name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility._book.requests import as_of
from eligibility._model.errors import HouseholdError
from eligibility._model.household import (
    MIN_RECRUITMENT_AGE,
    POSTHUMOUS_BIRTH_DAYS,
    Affiliate,
    AffiliateStatus,
    BenefitRecord,
    Child,
    Household,
    Parent,
    Spouse,
)
from eligibility._model.household_io import parse_household
from eligibility._model.roster_schema import (
    dropped_nulls,
    field_bounds,
    model_fields_of,
    roster_schema,
)
from eligibility.testing import households

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from eligibility._model.columnar_checks import refused_rows  # noqa: E402 - with polars

Row = dict[str, Any]
_LISTS = {"spouses": Spouse, "children": Child, "parents": Parent, "history": BenefitRecord}
_ON = date(2024, 6, 15)


def _model_refuses(table: Any, on: date) -> list[bool]:
    """Per row, whether the model refuses it as the roster pipeline reads a Parquet row:
    ``parse_household(dropped_nulls(row))`` then ``as_of(household, on)``; a row Python
    cannot even read (a date past year 9999) counts as refused."""
    out = []
    for index in range(table.num_rows):
        try:
            (row,) = table.slice(index, 1).to_pylist()
        except (OverflowError, ValueError):
            out.append(True)
            continue
        try:
            as_of(parse_household(dropped_nulls(row)), on)
        except HouseholdError:
            out.append(True)
        else:
            out.append(False)
    return out


def _assert_same_verdicts(rows: list[Row], on: date) -> list[bool]:
    table = pa.Table.from_pylist(rows, schema=roster_schema())
    got = refused_rows(pl.from_arrow(table), on).to_list()
    want = _model_refuses(table, on)
    wrong = [(i, "refused" if want[i] else "accepted", rows[i])
             for i in range(len(rows)) if got[i] != want[i]]
    assert not wrong, f"the model and the columnar check disagree (the model's verdict): {wrong}"
    return want


# --- spoiling a valid row -------------------------------------------------------------

_ODD_TEXT = ["", " ", "a b", "a\n", "é", "ab-C_9.:", "x" * 3, "ⵢⵓⵙⴼ", "a/b", "a\u00a0"]


def _lengths(bounds: Any) -> list[int]:
    out = [n for limit in (bounds.min_length, bounds.max_length) if limit is not None
           for n in (limit - 1, limit, limit + 1) if n >= 0]
    return out or [0, 1, 5]


def _text(bounds: Any) -> st.SearchStrategy[str]:
    sized = st.tuples(st.sampled_from(_lengths(bounds)), st.sampled_from("aZ9é_-ⵢ "))
    at_bounds = sized.map(lambda nc: nc[1] * nc[0])
    return st.one_of(at_bounds, at_bounds, st.sampled_from(_ODD_TEXT), st.text(max_size=4))


def _number(bounds: Any, places: int | None, digits: int | None) -> st.SearchStrategy[Any]:
    step = Decimal(1).scaleb(-places) if places else 1
    near = [limit + shift * step for limit in (bounds.ge, bounds.le) if limit is not None
            for shift in (-1, 0, 1)]
    if places is None:
        return st.one_of(st.sampled_from(near or [0]), st.integers(-10, 3000))
    assert digits is not None
    top = Decimal(10) ** (digits - places) - step
    return st.one_of(st.sampled_from(near), st.decimals(-top, top, places=places))


def _value(model: type[Any], name: str) -> st.SearchStrategy[Any]:
    """A value for a field of ``model`` that its column can hold: near every bound the
    model sets, anywhere else, or null."""
    kind, bounds = model_fields_of(model)[name], field_bounds(model)[name]
    if kind.kind == "str":
        drawn = _text(bounds)
    elif kind.kind == "enum":
        drawn = st.sampled_from([*bounds.choices, "", "Active", "MALE", "on-leave"])
    elif kind.kind in ("int", "decimal"):
        drawn = _number(bounds, kind.places, kind.digits)
    elif kind.kind == "date":
        drawn = st.one_of(st.dates(date(1900, 1, 1), date(2100, 12, 31)),
                          st.sampled_from([date.min, date.max]))
    elif kind.kind == "bool":
        drawn = st.booleans()
    else:  # a struct or a list: only left out here (their contents are spoiled elsewhere)
        drawn = st.sampled_from([[]] if kind.kind == "list" else [None])
    return st.one_of(st.none(), drawn)


def _targets(row: Row) -> list[tuple[type[Any], Row]]:
    found: list[tuple[type[Any], Row]] = [(Household, row)]
    if isinstance(row.get("affiliate"), dict):
        found.append((Affiliate, row["affiliate"]))
    for name, model in _LISTS.items():
        found += [(model, item) for item in row.get(name) or [] if isinstance(item, dict)]
    return found


def _people(row: Row) -> list[Row]:
    return [p for _, p in _targets(row)[1:] if "person" not in p]


def _shifted(draw: st.DrawFn, base: date | None) -> date:
    base = base or draw(st.dates(date(1930, 1, 1), date(2030, 12, 31)))
    shift = draw(st.one_of(st.integers(-2, 2), st.integers(-900, 900)))
    return _plus(base, shift) or base


def _plus(day: date, days: int) -> date | None:
    """``day`` and ``days`` more; ``None`` past Python's dates."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _spoil_field(draw: st.DrawFn, row: Row, on: date) -> None:
    """A field of the household, the affiliate, a person or a benefit record (each kind
    as likely, then one of that kind) given a value its column can hold; half the time a
    field the model bounds."""
    targets = _targets(row)
    model = draw(st.sampled_from(sorted({m for m, _ in targets}, key=lambda m: m.__name__)))
    target = draw(st.sampled_from([t for m, t in targets if m is model]))
    bounded = [name for name, bounds in field_bounds(model).items()
               if bounds != type(bounds)(required=False)]
    name = draw(st.sampled_from(bounded if draw(st.booleans()) else sorted(model.model_fields)))
    target[name] = draw(_value(model, name))


def _spoil_dates(draw: st.DrawFn, row: Row, on: date) -> None:
    """A date of the file on either side of another it is compared with, the affiliate
    made deceased or retired first where the rule is about a death or a retirement, and
    the affiliate's other service date left out at times (so that one rule's breach is
    not always another's too)."""
    affiliate = row["affiliate"]

    def born() -> date | None:
        value: date | None = affiliate.get("birth_date")
        return value

    def died(days: int = 0) -> date | None:
        value = affiliate.get("death_date")
        return value and _plus(value, days)

    def sixteen() -> date | None:
        value = born()
        return value and _years_after(value, MIN_RECRUITMENT_AGE)

    recruited = affiliate.get("recruitment_date")
    relations: list[tuple[Row, str, Callable[[], date | None], str | None]] = [
        (affiliate, "birth_date", lambda: on, None),
        (affiliate, "death_date", born, "deceased"),
        (affiliate, "recruitment_date", born, None),
        (affiliate, "recruitment_date", sixteen, None),
        (affiliate, "retirement_date", born, "retired"),
        (affiliate, "retirement_date", lambda: recruited, "retired")]
    relations += [(s, "divorce_date", died, "deceased") for s in row["spouses"] if s]
    relations += [(c, "birth_date", base, status) for c in row["children"] if c
                  for base, status in ((born, None),
                                       (lambda: died(POSTHUMOUS_BIRTH_DAYS), "deceased"))]
    relations += [(p, "birth_date", born, None) for p in row["parents"] if p]
    target, name, base, status = draw(st.sampled_from(relations))
    if status is not None and draw(st.integers(0, 3)):
        _make(draw, affiliate, AffiliateStatus(status))
    value = _shifted(draw, base())
    if target is affiliate and draw(st.booleans()):  # the other service date left out
        affiliate[({"recruitment_date", "retirement_date"} - {name}).pop()] = None
    if target is affiliate and draw(st.booleans()):  # nobody else's dates to break
        _strip(draw, row, on)
    target[name] = value


def _make(draw: st.DrawFn, affiliate: Row, status: AffiliateStatus) -> None:
    """The affiliate given ``status``, with the dates that go with it."""
    affiliate["status"] = status.value
    if status is AffiliateStatus.RETIRED:
        affiliate.update(death_date=None, killed_on_duty=False)
    elif affiliate["death_date"] is None:
        affiliate["death_date"] = draw(st.dates(date(1990, 1, 1), date(2035, 1, 1)))


def _years_after(born: date, years: int) -> date | None:
    if born.year + years > date.max.year:
        return None
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February in a common year
        return born.replace(year=born.year + years, day=28)


def _spoil_status(draw: st.DrawFn, row: Row, on: date) -> None:
    affiliate = row["affiliate"]
    affiliate["status"] = draw(st.sampled_from([s.value for s in AffiliateStatus]))
    affiliate["killed_on_duty"] = draw(st.sampled_from([True, False, None]))


def _spoil_late_death(draw: st.DrawFn, row: Row, on: date) -> None:
    """A death so late that ``death + POSTHUMOUS_BIRTH_DAYS`` is past year 9999."""
    row["affiliate"].update(status="deceased", retirement_date=None,
                            death_date=date.max - timedelta(days=draw(st.integers(0, 400))))
    child = {"id": "late", "birth_date": draw(st.dates(date(1990, 1, 1), date(2100, 1, 1))),
             "kafala": draw(st.sampled_from([True, False, None]))}
    row["children"] = [*row["children"][:3], child]


def _spoil_length(draw: st.DrawFn, row: Row, on: date) -> None:
    name = draw(st.sampled_from(sorted(_LISTS)))
    limit = field_bounds(Household)[name].max_length
    size = limit + draw(st.integers(0, 1))
    if name == "history":
        item: Row = {"program": "p", "person": "a", "on": date(2020, 1, 1)}
        row[name] = [item] * size
    else:
        row[name] = [{"id": f"{name}{i}"} for i in range(size)]


def _spoil_item(draw: st.DrawFn, row: Row, on: date) -> None:
    name = draw(st.sampled_from(sorted(_LISTS)))
    items = list(row[name] or [])
    items.insert(draw(st.integers(0, len(items))), None)
    row[name] = items


def _spoil_list(draw: st.DrawFn, row: Row, on: date) -> None:
    row[draw(st.sampled_from([*_LISTS, "affiliate", "schema_version"]))] = None


def _strip(draw: st.DrawFn, row: Row, on: date) -> None:
    """The affiliate alone, at times (a rule about the affiliate's own dates is then not
    also broken by a child or a spouse)."""
    for name in _LISTS:
        row[name] = []


def _spoil_ids(draw: st.DrawFn, row: Row, on: date) -> None:
    """One person takes another's id, or a benefit record names someone (else)."""
    people = _people(row)
    ids = [p.get("id") for p in people] + ["nobody", None]
    records = [r for r in row["history"] if r]
    if records and draw(st.booleans()):
        draw(st.sampled_from(records))["person"] = draw(st.sampled_from(ids))
    else:
        draw(st.sampled_from(people))["id"] = draw(st.sampled_from(ids))


_SPOILERS: list[Callable[[st.DrawFn, Row, date], None]] = [
    _spoil_field, _spoil_field, _spoil_field, _spoil_dates, _spoil_dates, _spoil_dates,
    _spoil_status,
    _spoil_late_death, _spoil_length, _spoil_item, _spoil_list, _spoil_ids, _strip]


def _listed(data: Any) -> Any:
    """``model_dump()``'s data with lists for its tuples (to be spoiled in place)."""
    if isinstance(data, dict):
        return {key: _listed(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_listed(value) for value in data]
    return data


@st.composite
def _rows(draw: st.DrawFn, on: date) -> Row:
    """A valid household's row, spoiled none to three times."""
    row = _listed(draw(households(max_children=4, max_history=4)).model_dump())
    for spoil in draw(st.lists(st.sampled_from(_SPOILERS), max_size=3)):
        if isinstance(row.get("affiliate"), dict) and all(
                isinstance(row.get(name), list) for name in _LISTS):
            spoil(draw, row, on)
    return row


@st.composite
def _batches(draw: st.DrawFn) -> tuple[list[Row], date]:
    on = draw(st.dates(date(1990, 1, 1), date(2040, 12, 31)))
    return draw(st.lists(_rows(on), min_size=1, max_size=6)), on


_ITEMS: dict[type[Any], Row] = {
    Spouse: {"id": "s9"}, Child: {"id": "c9"}, Parent: {"id": "p9"},
    BenefitRecord: {"program": "social.eid-al-adha-grant", "person": "a", "on": _ON}}
_BOUNDED = [(model, name) for model in (Household, Affiliate, *_ITEMS)
            for name, bounds in field_bounds(model).items()
            if bounds != type(bounds)(required=False)]


@st.composite
def _bound_batches(draw: st.DrawFn) -> tuple[list[Row], date]:
    """Valid households, in each one field the model bounds given a value near a bound
    (or anywhere, or null): every field is as likely, whichever list holds it."""
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        row = _listed(draw(households(max_children=2, max_history=2)).model_dump())
        model, name = draw(st.sampled_from(_BOUNDED))
        if model in _ITEMS:
            listed = next(key for key, value in _LISTS.items() if value is model)
            row[listed] = [*row[listed][:1], dict(_ITEMS[model])]
            target = draw(st.sampled_from(row[listed]))
        else:
            target = row if model is Household else row["affiliate"]
        target[name] = draw(_value(model, name))
        rows.append(row)
    return rows, _ON


def _bound_values(model: type[Any], name: str) -> list[Any]:
    """Every value at and just past each bound the model sets on a field (null among
    them), in the field's column type."""
    kind, bounds = model_fields_of(model)[name], field_bounds(model)[name]
    values: list[Any] = [None]
    if kind.kind == "str":
        values += [c * n for n in _lengths(bounds) for c in "xé"] + _ODD_TEXT
    elif kind.kind == "enum":
        values += [*bounds.choices, "", "Active", "MALE", "on-leave"]
    elif kind.kind in ("int", "decimal"):
        step = Decimal(1).scaleb(-kind.places) if kind.places else 1
        values += [limit + shift * step for limit in (bounds.ge, bounds.le)
                   if limit is not None for shift in (-1, 0, 1)]
        values += [choice + shift for choice in bounds.choices or () for shift in (-1, 0, 1)]
    elif kind.kind == "list" and kind.model is not None:
        item = _ITEMS[kind.model]
        values += [[{**item, "id": f"{name}{i}"} if "id" in item else item
                    for i in range(size)] for size in (bounds.max_length, bounds.max_length + 1)]
    return values


@pytest.mark.parametrize(("model", "name"), _BOUNDED,
                         ids=[f"{model.__name__}.{name}" for model, name in _BOUNDED])
def test_each_bound_at_and_just_past_its_limit(model: type[Any], name: str) -> None:
    rows = []
    for value in _bound_values(model, name):
        row = _base()
        if model is not BenefitRecord:  # a record names a person: an id changed, nobody
            row["history"] = []
        target = row if model is Household else row["affiliate"] if model is Affiliate \
            else row[next(k for k, v in _LISTS.items() if v is model)][0]
        target[name] = value
        rows.append(row)
    verdicts = _assert_same_verdicts(rows, _ON)
    assert any(verdicts), "no value refused: the bound is not reached"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bound_batches())
def test_refused_rows_hold_every_bound_of_the_model(batch: tuple[list[Row], date]) -> None:
    _assert_same_verdicts(*batch)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_batches())
def test_refused_rows_are_those_the_model_refuses(batch: tuple[list[Row], date]) -> None:
    _assert_same_verdicts(*batch)


@pytest.mark.slow
@settings(max_examples=250, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_batches())
def test_refused_rows_are_those_the_model_refuses_at_length(
        batch: tuple[list[Row], date]) -> None:
    _assert_same_verdicts(*batch)


@pytest.mark.slow
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_bound_batches())
def test_refused_rows_hold_every_bound_of_the_model_at_length(
        batch: tuple[list[Row], date]) -> None:
    _assert_same_verdicts(*batch)


# --- each rule once, by name ---------------------------------------------------------

def _base() -> Row:
    """A valid household's row, every part present, on :data:`_ON`."""
    return _listed(Household.model_validate({
        "id": "h1", "dues": "paid",
        "affiliate": {"id": "a", "status": "active", "birth_date": date(1980, 3, 1),
                      "recruitment_date": date(2002, 1, 1), "pay_scale": 5,
                      "monthly_salary": Decimal("8000.00"), "name": "Mohammed Alaoui"},
        "spouses": [{"id": "s1", "birth_date": date(1982, 5, 5)}],
        "children": [{"id": "c1", "birth_date": date(2010, 1, 1), "bac_year": 2028,
                      "bac_score": Decimal("14.50"), "schooling": "middle"}],
        "parents": [{"id": "p1", "birth_date": date(1950, 1, 1)}],
        "history": [{"program": "social.eid-al-adha-grant", "person": "a",
                     "on": date(2020, 7, 1), "amount": Decimal("500.00")}],
    }).model_dump())


def _deceased(row: Row, died: date = date(2015, 1, 1)) -> Row:
    row["affiliate"].update(status="deceased", death_date=died, monthly_salary=None)
    return row


def _set(*changes: tuple[str, Any]) -> Callable[[Row], Row]:
    """Set each dotted path (``children.0.birth_date``) of the row to its value."""
    def spoil(row: Row) -> Row:
        for path, value in changes:
            *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
            target: Any = row
            for part in parents:
                target = target[part]
            target[last] = value
        return row
    return spoil


def _then(*steps: Callable[[Row], Row]) -> Callable[[Row], Row]:
    def spoil(row: Row) -> Row:
        for step in steps:
            row = step(row)
        return row
    return spoil


_AFFILIATE_BORN = date(1980, 3, 1)
_REFUSED: dict[str, Callable[[Row], Row]] = {
    "household id left out": _set(("id", None)),
    "household id empty": _set(("id", "")),
    "household id too long": _set(("id", "h" * 65)),
    "household id with a space": _set(("id", "h 1")),
    "household id ending in a newline": _set(("id", "h1\n")),
    "schema version 2": _set(("schema_version", 2)),
    "dues unknown word": _set(("dues", "late")),
    "affiliate left out": _set(("affiliate", None)),
    "too many spouses": _set(("spouses", [{"id": f"s{i}"} for i in range(5)])),
    "too many children": _set(("children", [{"id": f"c{i}"} for i in range(31)])),
    "too many parents": _set(("parents", [{"id": f"p{i}"} for i in range(3)])),
    "too many benefit records": _set(("history", [{"program": "x", "person": "a",
                                                   "on": _ON}] * 1001)),
    "null spouse": _set(("spouses", [None])),
    "null child": _set(("children.0", None)),
    "null parent": _set(("parents.0", None)),
    "null benefit record": _set(("history.0", None)),
    "affiliate id left out": _set(("affiliate.id", None)),
    "affiliate status left out": _set(("affiliate.status", None)),
    "affiliate status unknown word": _set(("affiliate.status", "Active")),
    "name too long": _set(("affiliate.name", "é" * 201)),
    "sex unknown word": _set(("spouses.0.sex", "f")),
    "pay scale below 1": _set(("affiliate.pay_scale", 0)),
    "pay scale above 20": _set(("affiliate.pay_scale", 21)),
    "negative salary": _set(("affiliate.monthly_salary", Decimal("-0.01"))),
    "negative spouse pension": _set(("spouses.0.monthly_pension", Decimal("-0.01"))),
    "bac year before 1950": _set(("children.0.bac_year", 1949)),
    "bac year after 2100": _set(("children.0.bac_year", 2101)),
    "bac score above 20": _set(("children.0.bac_score", Decimal("20.01"))),
    "negative bac score": _set(("children.0.bac_score", Decimal("-0.01"))),
    "schooling unknown word": _set(("children.0.schooling", "college")),
    "child id with a slash": _set(("children.0.id", "c/1")),
    "parent name too long": _set(("parents.0.name", "x" * 201)),
    "benefit program empty": _set(("history.0.program", "")),
    "benefit program too long": _set(("history.0.program", "p" * 121)),
    "benefit person left out": _set(("history.0.person", None)),
    "benefit date left out": _set(("history.0.on", None)),
    "negative benefit amount": _set(("history.0.amount", Decimal("-0.01"))),
    "benefit naming nobody in the file": _set(("history.0.person", "c2")),
    "deceased without a death date": _set(("affiliate.status", "deceased")),
    "death date while active": _set(("affiliate.death_date", date(2020, 1, 1))),
    "killed on duty while retired": _set(("affiliate.status", "retired"),
                                         ("affiliate.killed_on_duty", True)),
    "retirement date while active": _set(("affiliate.retirement_date", date(2023, 1, 1))),
    "death before birth": _then(_deceased, _set(("affiliate.death_date", date(1980, 2, 29)))),
    "recruitment before birth": _set(("affiliate.recruitment_date", date(1980, 2, 29))),
    "retirement before birth": _set(("affiliate.status", "retired"),
                                    ("affiliate.recruitment_date", None),
                                    ("affiliate.retirement_date", date(1980, 2, 1))),
    "recruited a day short of the minimum age": _set(
        ("affiliate.recruitment_date", date(1980 + MIN_RECRUITMENT_AGE, 2, 29))),
    "retirement before recruitment": _set(("affiliate.status", "retired"),
                                          ("affiliate.retirement_date", date(2001, 12, 31))),
    "spouse with the affiliate's id": _set(("spouses.0.id", "a")),
    "child with a parent's id": _set(("children.0.id", "p1"), ("history.0.person", "a")),
    "divorce after death": _then(_deceased, _set(("spouses.0.divorce_date",
                                                  date(2015, 1, 2)))),
    "child born before the affiliate": _set(("children.0.birth_date", date(1980, 2, 29))),
    "child born long after the death": _then(_deceased, _set(
        ("children.0.birth_date", date(2015, 1, 1) + timedelta(POSTHUMOUS_BIRTH_DAYS + 1)))),
    "child born after a death too late for Python's dates": _then(
        lambda row: _deceased(row, date.max - timedelta(POSTHUMOUS_BIRTH_DAYS - 1))),
    "parent born the affiliate's birthday": _set(("parents.0.birth_date", _AFFILIATE_BORN)),
    "affiliate not yet born": _set(("affiliate.birth_date", _ON + timedelta(1)),
                                   ("affiliate.recruitment_date", None),
                                   ("children.0.birth_date", None),
                                   ("parents.0.birth_date", None)),
}
_ACCEPTED: dict[str, Callable[[Row], Row]] = {
    "nothing spoiled": _set(),
    "household id of 64 characters": _set(("id", "h" * 64)),
    "name of 200 characters": _set(("affiliate.name", "ⵢ" * 200)),
    "pay scale 1": _set(("affiliate.pay_scale", 1)),
    "pay scale 20": _set(("affiliate.pay_scale", 20)),
    "bac score 20": _set(("children.0.bac_score", Decimal("20.00"))),
    "bac years 1950 and 2100": _set(("children.0.bac_year", 1950),
                                    ("spouses", []), ("parents", [])),
    "lists and schema version left null": _set(
        ("spouses", None), ("parents", None), ("schema_version", None),
        ("history", None), ("children", [])),
    "unknown facts": _set(("affiliate.birth_date", None), ("dues", None),
                          ("children.0.kafala", None), ("affiliate.sex", None)),
    "recruited on the minimum age's birthday": _set(
        ("affiliate.recruitment_date", date(1980 + MIN_RECRUITMENT_AGE, 3, 1))),
    "child born the last posthumous day": _then(_deceased, _set(
        ("children.0.birth_date", date(2015, 1, 1) + timedelta(POSTHUMOUS_BIRTH_DAYS)))),
    "kafala child taken in long after the death": _then(_deceased, _set(
        ("children.0.birth_date", date(2020, 1, 1)), ("children.0.kafala", True))),
    "divorce on the day of the death": _then(_deceased, _set(
        ("spouses.0.divorce_date", date(2015, 1, 1)))),
    "affiliate born on the evaluation date": _set(
        ("affiliate.birth_date", _ON), ("affiliate.recruitment_date", None),
        ("children.0.birth_date", None), ("parents.0.birth_date", None)),
    "people not yet born": _set(("children.0.birth_date", _ON + timedelta(1))),
    "as many people and records as allowed": _set(
        ("spouses", [{"id": f"s{i}"} for i in range(4)]),
        ("children", [{"id": f"c{i}"} for i in range(30)]),
        ("history", [{"program": "x", "person": "a", "on": _ON}] * 1000)),
}


@pytest.mark.parametrize("name", [*_REFUSED, *_ACCEPTED])
def test_each_rule_by_name(name: str) -> None:
    spoil = _REFUSED.get(name) or _ACCEPTED[name]
    row = spoil(_base())
    assert _assert_same_verdicts([_base(), row], _ON) == [False, name in _REFUSED]


@pytest.mark.parametrize("days", [-800_000, 3_000_000])
def test_a_date_python_cannot_hold_is_refused(days: int) -> None:
    frame = pl.from_arrow(pa.Table.from_pylist([_base()] * 2, schema=roster_schema()))
    late = pl.when(pl.int_range(pl.len()) == 1).then(pl.lit(days).cast(pl.Date)) \
        .otherwise(pl.col("affiliate").struct.field("death_date"))
    frame = frame.with_columns(pl.col("affiliate").struct.with_fields(late.alias("death_date")))
    assert refused_rows(frame, _ON).to_list() == [False, True]


def test_an_empty_frame_has_no_verdicts() -> None:
    verdicts = refused_rows(pl.from_arrow(roster_schema().empty_table()), _ON)
    assert verdicts.dtype == pl.Boolean
    assert verdicts.len() == 0


def test_a_frame_of_other_columns_is_not_judged() -> None:
    frame = pl.from_arrow(pa.Table.from_pylist([_base()], schema=roster_schema()))
    with pytest.raises(ValueError, match="roster_schema"):
        refused_rows(frame.drop("dues"), _ON)


def test_every_validator_of_the_model_is_one_the_check_mirrors() -> None:
    """A validator added to the model must be written into the columnar check (and then
    here): the differential test can only find what its spoilers reach."""
    mirrored = {Household: {"_consistent"}, Affiliate: {"_consistent"}}
    for model in (Household, Affiliate, Spouse, Child, Parent, BenefitRecord):
        decorators = model.__pydantic_decorators__
        assert set(decorators.model_validators) == mirrored.get(model, set()), model
        assert not decorators.field_validators, model
        field_bounds(model)  # raises for a constraint it cannot read


def test_a_constraint_not_known_is_an_error() -> None:
    from pydantic import BaseModel, Field

    class Odd(BaseModel):
        size: int = Field(gt=0)

    with pytest.raises(TypeError, match="no bound read"):
        field_bounds(Odd)
