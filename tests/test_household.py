"""Tests of the household (affiliation file) model and of the ``eligibility.testing`` strategies."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError

from eligibility import HouseholdError, parse_household
from eligibility._model.household import (
    POSTHUMOUS_BIRTH_DAYS,
    Affiliate,
    AffiliateStatus,
    Category,
    Child,
    Household,
    Parent,
    Role,
    Spouse,
    age_on,
)
from eligibility._model.inputs import Money, Score, _decimal
from eligibility.testing import (
    DEFAULT_PROGRAMS,
    affiliates,
    children,
    dates,
    evaluation_dates,
    households,
    money,
    parents,
    spouses,
)

DEATH = date(2015, 6, 1)


def _deceased(**extra: Any) -> dict[str, Any]:
    return {
        "id": "a",
        "status": "deceased",
        "birth_date": "1970-03-04",
        "recruitment_date": "1990-09-01",
        "death_date": DEATH.isoformat(),
        **extra,
    }


def _active(**extra: Any) -> dict[str, Any]:
    return {
        "id": "a",
        "status": "active",
        "birth_date": "1980-01-15",
        "recruitment_date": "2001-09-01",
        **extra,
    }


def _file(affiliate: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"id": "h1", "affiliate": affiliate or _active(), **extra}


def _error_locs(data: dict[str, Any]) -> list[tuple[int | str, ...]]:
    """The locations of the errors validating ``data`` (which must be invalid)."""
    with pytest.raises(ValidationError) as caught:
        Household.model_validate(data)
    return [error["loc"] for error in caught.value.errors()]


def _single_error(data: dict[str, Any]) -> tuple[tuple[int | str, ...], str, str]:
    """``(loc, type, message)`` of the only error validating ``data``: the type is the
    problem's code, the message its English text (as ``parse_household`` reports it)."""
    with pytest.raises(ValidationError) as caught:
        Household.model_validate(data)
    errors = caught.value.errors()
    assert len(errors) == 1, errors
    with pytest.raises(HouseholdError) as reported:
        parse_household(data)
    (problem,) = reported.value.problems
    assert problem.path == "household" + "".join(
        f"[{p}]" if isinstance(p, int) else f".{p}" for p in errors[0]["loc"])
    return errors[0]["loc"], errors[0]["type"], problem.message()


# -- validation errors name the offending field ----------------------------------------


def test_child_born_more_than_300_days_after_death_is_rejected() -> None:
    born = DEATH + timedelta(days=POSTHUMOUS_BIRTH_DAYS + 1)
    data = _file(
        _deceased(),
        children=[
            {"id": "c1", "birth_date": "2000-01-01"},
            {"id": "c2", "birth_date": born.isoformat()},
        ],
    )
    loc, kind, message = _single_error(data)
    assert loc == ("children", 1, "birth_date")
    assert kind == "child-born-after-death"
    assert "'c2'" in message
    assert "300 days" in message


def test_child_born_300_days_after_death_is_accepted() -> None:
    born = DEATH + timedelta(days=POSTHUMOUS_BIRTH_DAYS)
    household = Household.model_validate(
        _file(_deceased(), children=[{"id": "c1", "birth_date": born.isoformat()}])
    )
    assert household.children[0].birth_date == born


def test_kafala_child_born_long_after_death_is_accepted() -> None:
    born = DEATH + timedelta(days=3 * 365)
    household = Household.model_validate(
        _file(_deceased(), children=[{"id": "c1", "birth_date": born.isoformat(), "kafala": True}])
    )
    assert household.children[0].kafala is True


def test_late_child_of_living_affiliate_is_accepted() -> None:
    household = Household.model_validate(
        _file(_active(), children=[{"id": "c1", "birth_date": "2030-01-01"}])
    )
    assert household.children[0].birth_date == date(2030, 1, 1)


def test_death_before_birth() -> None:
    loc, kind, message = _single_error(_file(_deceased(death_date="1969-12-31")))
    assert loc == ("affiliate", "death_date")
    assert kind == "date-before-birth"
    assert "before the date of birth" in message


@pytest.mark.parametrize(
    ("field", "value"),
    [("recruitment_date", "1969-01-01"), ("retirement_date", "1960-01-01")],
)
def test_service_dates_before_birth(field: str, value: str) -> None:
    affiliate = {**_deceased(), field: value}
    if field == "retirement_date":
        affiliate.pop("recruitment_date")
    assert _error_locs(_file(affiliate)) == [("affiliate", field)]


def test_retirement_before_recruitment() -> None:
    affiliate = _deceased(retirement_date="1989-01-01")
    assert _error_locs(_file(affiliate)) == [("affiliate", "retirement_date")]


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        (_file(_active(monthly_salary="-0.01")), ("affiliate", "monthly_salary")),
        (_file(_active(monthly_pension=-5)), ("affiliate", "monthly_pension")),
        (
            _file(spouses=[{"id": "s1", "monthly_pension": "-100"}]),
            ("spouses", 0, "monthly_pension"),
        ),
        (
            _file(history=[{"program": "p", "person": "a", "on": "2020-01-01", "amount": "-1"}]),
            ("history", 0, "amount"),
        ),
    ],
)
def test_negative_money(data: dict[str, Any], loc: tuple[int | str, ...]) -> None:
    error_loc, kind, _ = _single_error(data)
    assert error_loc == loc
    assert kind == "greater_than_equal"


def test_money_with_more_than_two_decimals() -> None:
    loc, kind, _ = _single_error(_file(_active(monthly_salary="1000.005")))
    assert loc == ("affiliate", "monthly_salary")
    assert kind == "decimal_max_places"


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        (_file(children=[{"id": "c1", "foo": 1}]), ("children", 0, "foo")),
        (_file(children=[{"id": "c1"}, {"id": "c2", "foo": 1}]), ("children", 1, "foo")),
        (_file(_active(rank="inspector")), ("affiliate", "rank")),
        (_file(spouses=[{"id": "s1", "wedding": "2000-01-01"}]), ("spouses", 0, "wedding")),
        (_file(address="Rabat"), ("address",)),
        (
            _file(history=[{"program": "p", "person": "a", "on": "2020-01-01", "x": 1}]),
            ("history", 0, "x"),
        ),
    ],
)
def test_unknown_field_is_forbidden(data: dict[str, Any], loc: tuple[int | str, ...]) -> None:
    error_loc, kind, _ = _single_error(data)
    assert error_loc == loc
    assert kind == "extra_forbidden"


@pytest.mark.parametrize(
    ("extra", "loc"),
    [
        ({"children": [{"id": "c1"}, {"id": "c1"}]}, ("children", 1, "id")),
        ({"spouses": [{"id": "a"}]}, ("spouses", 0, "id")),
        ({"children": [{"id": "x"}], "parents": [{"id": "x"}]}, ("parents", 0, "id")),
    ],
)
def test_duplicate_person_ids(extra: dict[str, Any], loc: tuple[int | str, ...]) -> None:
    error_loc, kind, message = _single_error(_file(**extra))
    assert error_loc == loc
    assert kind == "duplicate-person-id"
    assert "used twice" in message


def test_history_naming_unknown_person() -> None:
    history = [
        {"program": "social.eid-al-adha-grant", "person": "a", "on": "2020-07-30"},
        {"program": "social.eid-al-adha-grant", "person": "c9", "on": "2021-07-20"},
    ]
    loc, kind, message = _single_error(_file(history=history))
    assert loc == ("history", 1, "person")
    assert kind == "history-unknown-person"
    assert "'c9'" in message


def test_deceased_without_death_date() -> None:
    affiliate = _deceased()
    del affiliate["death_date"]
    loc, kind, message = _single_error(_file(affiliate))
    assert loc == ("affiliate", "death_date")
    assert kind == "deceased-without-death-date"
    assert "needs a date of death" in message


def test_killed_on_duty_on_active_affiliate() -> None:
    loc, kind, _ = _single_error(_file(_active(killed_on_duty=True)))
    assert loc == ("affiliate", "killed_on_duty")
    assert kind == "killed-on-duty-not-deceased"


def test_killed_on_duty_unknown_or_false_on_active_affiliate_is_accepted() -> None:
    for value in (None, False):
        household = Household.model_validate(_file(_active(killed_on_duty=value)))
        assert household.affiliate.killed_on_duty is value


def test_death_date_on_living_affiliate() -> None:
    assert _error_locs(_file(_active(death_date="2020-01-01"))) == [("affiliate", "death_date")]


def test_retirement_date_on_active_affiliate() -> None:
    assert _error_locs(_file(_active(retirement_date="2020-01-01"))) == [
        ("affiliate", "retirement_date")
    ]


def test_more_than_two_parents() -> None:
    data = _file(parents=[{"id": "p1"}, {"id": "p2"}, {"id": "p3"}])
    assert _error_locs(data) == [("parents",)]


def test_json_input_errors_have_the_same_locs() -> None:
    born = DEATH + timedelta(days=POSTHUMOUS_BIRTH_DAYS + 1)
    text = Household.model_validate(
        _file(_deceased(), children=[{"id": "c1", "birth_date": "2000-01-01"}])
    ).model_dump_json()
    text = text.replace('"2000-01-01"', f'"{born.isoformat()}"')
    with pytest.raises(ValidationError) as caught:
        Household.model_validate_json(text)
    assert [error["loc"] for error in caught.value.errors()] == [("children", 0, "birth_date")]


def test_models_are_frozen() -> None:
    household = Household.model_validate(_file())
    with pytest.raises(ValidationError):
        household.id = "other"  # type: ignore[misc]


# -- age_on ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2008, 2, 29), date(2025, 2, 28), 16),
        (date(2008, 2, 29), date(2025, 3, 1), 17),
        (date(2008, 2, 29), date(2024, 2, 29), 16),
        (date(2008, 2, 29), date(2024, 2, 28), 15),
        (date(2008, 2, 29), date(2008, 2, 29), 0),
        (date(2000, 6, 15), date(2018, 6, 14), 17),
        (date(2000, 6, 15), date(2018, 6, 15), 18),
        (date(2000, 12, 31), date(2001, 12, 30), 0),
        (date(2000, 12, 31), date(2001, 12, 31), 1),
        (date(1999, 1, 1), date(2020, 12, 31), 21),
    ],
)
def test_age_on(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


def _birthday(born: date, year: int) -> date:
    if (born.month, born.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 3, 1)
    return born.replace(year=year)


@settings(max_examples=200)
@given(dates(date(1900, 1, 1), date(2040, 12, 31)), dates(date(1900, 1, 1), date(2090, 12, 31)))
def test_age_on_counts_birthdays(born: date, on: date) -> None:
    age = age_on(born, on)
    if on < born:
        assert age < 0
        return
    assert _birthday(born, born.year + age) <= on
    assert on < _birthday(born, born.year + age + 1)


# -- derived facts ---------------------------------------------------------------------------


def _family(affiliate: dict[str, Any]) -> Household:
    return Household.model_validate(
        _file(
            affiliate,
            spouses=[{"id": "s1"}, {"id": "s2"}],
            children=[{"id": "c1"}, {"id": "c2", "kafala": True}],
            parents=[{"id": "p1"}],
            history=[{"program": "leisure.summer-camp", "person": "c2", "on": "2020-07-01"}],
        )
    )


ON = date(2026, 5, 20)


def test_categories_of_active_officer_family() -> None:
    household = _family(_active())
    assert household.category_of(household.affiliate, ON) is Category.ACTIVE_OFFICER
    for person in household.people[1:]:
        assert household.category_of(person, ON) is Category.RIGHTS_HOLDER


def test_categories_of_retiree_family() -> None:
    household = _family(_active(status="retired", retirement_date="2040-01-01"))
    assert household.category_of(household.affiliate, ON) is Category.RETIREE
    for person in household.people[1:]:
        assert household.category_of(person, ON) is Category.RIGHTS_HOLDER


def test_categories_of_deceased_affiliate_family() -> None:
    household = _family(_deceased())
    assert household.category_of(household.affiliate, ON) is None
    for spouse in household.spouses:
        assert household.category_of(spouse, ON) is Category.WIDOW
    for person in (*household.children, *household.parents):
        assert household.category_of(person, ON) is Category.RIGHTS_HOLDER


def test_categories_of_people_of_a_subclass() -> None:
    """A person of a subclass of the model's kinds is told apart as its base class is."""

    class LocalSpouse(Spouse):
        pass

    class LocalParent(Parent):
        pass

    household = _family(_deceased())
    spouse = LocalSpouse.model_validate({**household.spouses[0].model_dump(),
                                         "divorce_date": ON})
    parent = LocalParent.model_validate(household.parents[0].model_dump())
    assert household.category_of(spouse, ON) is Category.FORMER_SPOUSE
    assert household.category_of(spouse, date(2000, 1, 1)) is Category.WIDOW
    assert household.category_of(parent, ON) is Category.RIGHTS_HOLDER


def test_what_is_worked_out_about_a_household_is_not_part_of_it() -> None:
    """Equality and hashing read the fields alone; a copy keeps the paths of the original
    file (they follow the people, not their objects' identities); a copy with changed
    fields is another household."""
    import copy
    import pickle

    household = _family(_active())
    same = _family(_active())
    household.paths()  # works out and keeps the people's paths
    assert household == same
    assert hash(household) == hash(same)
    assert household != household.model_copy(update={"social_hardship": True})
    later = household.children[0].model_copy(update={"id": "c9", "birth_date": date(2030, 1, 1)})
    early = household.model_copy(update={"children": (later, *household.children)})
    kept = early.as_of(ON)  # c9 left out: the others keep their places in the file
    where = {p.id: kept.path_of(p) for p in kept.people}
    assert where["c1"] == "household.children[1]"
    for twin in (copy.copy(kept), copy.deepcopy(kept), kept.model_copy(),
                 kept.model_copy(deep=True), pickle.loads(pickle.dumps(kept))):
        assert twin == kept
        assert {p.id: twin.path_of(p) for p in twin.people} == where
        assert twin.paths() == kept.paths()
        assert twin.not_yet_born == ("c9",)
    fewer = kept.model_copy(update={"children": kept.children[1:]})
    assert fewer.not_yet_born == ()
    assert fewer.path_of(fewer.children[0]) == "household.children[0]"


def test_the_household_on_a_date_leaves_out_only_those_born_later() -> None:
    """What is kept per household object to find it at once (the last birth date) follows
    every object: a copy with other people, and a new object at a dead one's address."""
    import gc

    from eligibility._model.household import _LAST_BIRTHS

    gc.collect()
    before = len(_LAST_BIRTHS)
    household = _family(_active())
    assert household.as_of(ON) is household
    assert id(household) in _LAST_BIRTHS
    later = household.children[0].model_copy(update={"id": "c9", "birth_date": date(2030, 1, 1)})
    grown = household.model_copy(update={"children": (*household.children, later)})
    assert household.as_of(ON) is household
    assert grown.as_of(date(2030, 1, 1)) is grown
    kept = grown.as_of(ON)
    assert [c.id for c in kept.children] == ["c1", "c2"]
    assert kept.not_yet_born == ("c9",)
    for _ in range(200):  # new households, some at the addresses of those gone
        other = _family(_active())
        assert other.as_of(ON) is other
        spare = other.model_copy(update={"children": (later,)})
        assert [c.id for c in spare.as_of(ON).children] == []
    key = id(grown)
    del grown, kept, other, spare
    gc.collect()
    assert key not in _LAST_BIRTHS
    assert len(_LAST_BIRTHS) <= before + 1  # ``household`` alone is still alive


def test_roles_and_people_order() -> None:
    household = _family(_active())
    assert [person.id for person in household.people] == ["a", "s1", "s2", "c1", "c2", "p1"]
    assert [person.role for person in household.people] == [
        Role.AFFILIATE,
        Role.SPOUSE,
        Role.SPOUSE,
        Role.CHILD,
        Role.CHILD,
        Role.PARENT,
    ]
    assert isinstance(household.person("c2"), Child)
    assert isinstance(household.person("s1"), Spouse)
    assert isinstance(household.person("p1"), Parent)
    assert isinstance(household.person("a"), Affiliate)
    with pytest.raises(KeyError):
        household.person("nobody")


def test_path_of() -> None:
    household = _family(_active())
    assert household.path_of(household.affiliate) == "household.affiliate"
    assert household.path_of(household.spouses[1]) == "household.spouses[1]"
    assert household.path_of(household.children[0]) == "household.children[0]"
    assert household.path_of(household.children[1]) == "household.children[1]"
    assert household.path_of(household.parents[0]) == "household.parents[0]"
    assert household.path_of(household.person("c2")) == "household.children[1]"
    with pytest.raises(KeyError):
        household.path_of(Child(id="stranger"))


def test_defaults() -> None:
    household = Household.model_validate(_file())
    assert household.schema_version == 1
    assert household.dues == "paid"
    assert household.bank_account is None
    assert household.social_hardship is False
    assert household.affiliate.killed_on_duty is False
    assert household.affiliate.disabled is False
    assert household.affiliate.monthly_salary is None
    assert household.spouses == ()
    assert household.children == ()
    assert household.parents == ()
    assert household.history == ()


# -- JSON round trip and schema -----------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=150)
@given(households())
def test_json_round_trip(household: Household) -> None:
    assert Household.model_validate_json(household.model_dump_json()) == household
    assert Household.model_validate(household.model_dump()) == household
    assert Household.model_validate(household.model_dump(mode="json")) == household


@pytest.mark.slow
@settings(max_examples=100)
@given(households(complete=True))
def test_json_round_trip_complete(household: Household) -> None:
    assert Household.model_validate_json(household.model_dump_json()) == household


@pytest.mark.slow
@settings(max_examples=100)
@given(households())
def test_json_round_trip_without_defaults(household: Household) -> None:
    text = household.model_dump_json(exclude_defaults=True)
    assert Household.model_validate_json(text) == household


def test_json_schema_forbids_additional_properties() -> None:
    schema = Household.model_json_schema()
    assert schema["title"] == "Household"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"id", "affiliate"}
    definitions = schema["$defs"]
    for name in ("Affiliate", "Spouse", "Child", "Parent", "BenefitRecord"):
        assert definitions[name]["additionalProperties"] is False, name
    assert "status" in definitions["Affiliate"]["required"]


def test_json_schema_in_serialization_mode() -> None:
    schema = Household.model_json_schema(mode="serialization")
    assert schema["additionalProperties"] is False


# -- the strategies themselves ---------------------------------------------------------------


def _assert_plausible(household: Household) -> None:
    affiliate = household.affiliate
    assert [p.id for p in household.people] == [
        "a",
        *(f"s{n}" for n in range(1, len(household.spouses) + 1)),
        *(f"c{n}" for n in range(1, len(household.children) + 1)),
        *(f"p{n}" for n in range(1, len(household.parents) + 1)),
    ]
    born = affiliate.birth_date
    if born is not None:
        assert date(1940, 1, 1) <= born <= date(2005, 12, 31)
        if affiliate.recruitment_date is not None:
            assert 18 <= age_on(born, affiliate.recruitment_date) <= 35
        for child in household.children:
            if child.birth_date is not None:
                assert age_on(born, child.birth_date) >= 18
    if affiliate.status is AffiliateStatus.ACTIVE:
        assert affiliate.retirement_date is None
    if affiliate.status is not AffiliateStatus.DECEASED:
        assert affiliate.killed_on_duty is False
    death = affiliate.death_date
    if death is not None:
        if affiliate.recruitment_date is not None:
            assert death > affiliate.recruitment_date
        if affiliate.retirement_date is not None:
            assert affiliate.retirement_date <= death
        for child in household.children:
            if child.birth_date is not None and not child.kafala:
                assert child.birth_date <= death + timedelta(days=POSTHUMOUS_BIRTH_DAYS)
        for spouse in household.spouses:
            if spouse.divorce_date is not None:
                assert spouse.divorce_date <= death
    if affiliate.recruitment_date is not None and affiliate.retirement_date is not None:
        assert affiliate.retirement_date >= affiliate.recruitment_date
    people = {person.id for person in household.people}
    for record in household.history:
        assert record.person in people
        assert record.program in DEFAULT_PROGRAMS
        assert date(2003, 1, 1) <= record.on <= date(2030, 12, 31)


@pytest.mark.slow
@settings(max_examples=200)
@given(households())
def test_households_are_plausible(household: Household) -> None:
    _assert_plausible(household)


@pytest.mark.slow
@settings(max_examples=100)
@given(households(complete=True))
def test_complete_households_have_no_unknowns(household: Household) -> None:
    _assert_plausible(household)
    assert household.dues is not None
    assert household.bank_account is not None
    assert household.social_hardship is not None
    affiliate = household.affiliate
    for person in household.people:
        assert person.birth_date is not None
        assert person.name is not None
        assert person.disabled is not None
        assert person.serious_illness is not None
    for value in (
        affiliate.recruitment_date,
        affiliate.killed_on_duty,
        affiliate.monthly_salary,
        affiliate.monthly_pension,
        affiliate.pay_scale,
        affiliate.owns_main_home,
    ):
        assert value is not None
    if affiliate.status is AffiliateStatus.RETIRED:
        assert affiliate.retirement_date is not None
    for spouse in household.spouses:
        assert None not in (spouse.monthly_pension, spouse.own_insurance, spouse.remarried)
    for child in household.children:
        assert None not in (child.kafala, child.schooling, child.student, child.married)
        assert (child.bac_year is None) == (child.bac_score is None)
    for record in household.history:
        assert record.amount is not None


@pytest.mark.parametrize("status", list(AffiliateStatus))
@settings(max_examples=30)
@given(data=st.data())
def test_households_with_status(status: AffiliateStatus, data: st.DataObject) -> None:
    household = data.draw(households(status, max_children=2, max_spouses=1))
    assert household.affiliate.status is status
    assert len(household.children) <= 2
    assert len(household.spouses) <= 1
    _assert_plausible(household)


@settings(max_examples=30)
@given(households(max_children=0, max_spouses=0, max_parents=0, programs=()))
def test_households_can_be_just_the_affiliate(household: Household) -> None:
    assert household.people == (household.affiliate,)
    assert household.history == ()


@settings(max_examples=50)
@given(households(programs=("only.program",), max_history=3))
def test_households_use_the_given_programs(household: Household) -> None:
    assert len(household.history) <= 3
    assert all(record.program == "only.program" for record in household.history)


@pytest.mark.slow
@settings(max_examples=100)
@given(
    affiliates(),
    affiliates(AffiliateStatus.DECEASED, person_id="x", complete=True),
    spouses("s"),
    children(complete=True),
    parents(),
)
def test_person_strategies(
    affiliate: Affiliate, deceased: Affiliate, spouse: Spouse, child: Child, parent: Parent
) -> None:
    assert affiliate.role is Role.AFFILIATE
    assert deceased.id == "x"
    assert deceased.status is AffiliateStatus.DECEASED
    assert deceased.death_date is not None
    assert deceased.birth_date is not None
    assert spouse.id == "s"
    assert child.birth_date is not None
    assert child.kafala is not None
    assert parent.role is Role.PARENT


@settings(max_examples=200)
@given(money(), money(Decimal("10"), min_value=Decimal("9.995")))
def test_money(amount: Decimal, narrow: Decimal) -> None:
    for value in (amount, narrow):
        assert value.as_tuple().exponent == -2
        assert value >= 0
    assert amount <= 50000
    assert narrow == Decimal("10.00")


@settings(max_examples=200)
@given(evaluation_dates())
def test_evaluation_dates_range(on: date) -> None:
    assert date(2003, 1, 1) <= on <= date(2030, 12, 31)


def test_evaluation_dates_favour_boundaries() -> None:
    seen: list[date] = []

    @settings(max_examples=200, database=None, derandomize=True)
    @given(evaluation_dates())
    def collect(on: date) -> None:
        seen.append(on)

    collect()
    boundaries = [on for on in seen if (on.month, on.day) in {(1, 1), (12, 1), (2, 29)}]
    assert len(boundaries) >= len(seen) // 10


@pytest.mark.parametrize(
    "strategy",
    [
        lambda: dates(date(2020, 1, 2), date(2020, 1, 1)),
        lambda: money(Decimal("-1")),
        lambda: money(min_value=Decimal("-0.01")),
        lambda: money(Decimal("NaN")),
        lambda: money(Decimal("0.004"), min_value=Decimal("0.001")),
        lambda: households(max_children=-1),
        lambda: households(max_parents=3),
        lambda: households(programs=("ok", "x" * 200)),
        lambda: households(programs=("",)),
    ],
)
def test_invalid_strategy_arguments(strategy: Any) -> None:
    with pytest.raises(InvalidArgument):
        strategy()


def _outcome(adapter: TypeAdapter[Decimal], value: object) -> object:
    try:
        return ("valid", str(adapter.validate_python(value)))
    except ValidationError as exc:
        return [(e["type"], e.get("ctx"), repr(e.get("input"))) for e in exc.errors()]


_DECIMALS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-100, max_value=10**15, places=3),
    st.builds(lambda digits, exponent, sign: Decimal((sign, digits, exponent)),
              st.tuples(*[st.integers(0, 9)] * 3) | st.lists(st.integers(0, 9), max_size=18)
              .map(tuple), st.integers(-8, 16), st.integers(0, 1)),
    st.integers(-10, 10**16), st.floats(), st.sampled_from(["2500.50", "-0", "1e3", "x"]),
)


@pytest.mark.parametrize(("bounded", "constraints"), [
    (Money, {"ge": 0, "max_digits": 14, "decimal_places": 2}),
    (Score, {"ge": 0, "le": 20, "max_digits": 4, "decimal_places": 2}),
])
@given(value=_DECIMALS)
def test_decimal_bounds_mean_what_pydantic_constraints_mean(
        bounded: Any, constraints: dict[str, int], value: object) -> None:
    # One pass over the digits for a value within the bounds, pydantic's own checks for
    # any other: the same values valid, the same refusals, as pydantic's Field alone.
    pydantic = Annotated[Decimal, BeforeValidator(_decimal),
                         Field(allow_inf_nan=False, **constraints)]  # type: ignore[call-overload]
    strict = ConfigDict(strict=True)
    assert _outcome(TypeAdapter(bounded, config=strict), value) == \
        _outcome(TypeAdapter(pydantic, config=strict), value)
