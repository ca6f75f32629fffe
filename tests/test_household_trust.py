"""Who is who, strict input and plausible people — in the API, the command line and rosters.

Each bad input is refused with a located error at its field path; nothing is coerced.
"""

from __future__ import annotations

import json
import pickle
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from eligibility import Category, HouseholdError, RuleBook, Sex, parse_household
from eligibility.cli import main

ON = date(2026, 5, 20)


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return RuleBook.load()


def _household(**parts: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": "h", "affiliate": {"id": "a", "status": "active",
                                                       "birth_date": "1980-01-01"}}
    affiliate = parts.pop("affiliate", None)
    if affiliate is not None:
        data["affiliate"] = {**data["affiliate"], **affiliate}
    return {**data, **parts}


def _problems(data: dict[str, Any]) -> list[tuple[str | None, str]]:
    """``(path, code)`` of each problem of ``data``."""
    with pytest.raises(HouseholdError) as caught:
        parse_household(data)
    return [(p.path, p.code.value) for p in caught.value.problems]


# -- strict types: nothing is coerced -------------------------------------------------------

BAD_TYPES = [
    pytest.param({"affiliate": {"pay_scale": True}}, "household.affiliate.pay_scale",
                 "not-a-whole-number",
                 id="bool-is-not-a-pay-scale"),
    pytest.param({"affiliate": {"pay_scale": "6"}}, "household.affiliate.pay_scale",
                 "not-a-whole-number",
                 id="text-is-not-a-whole-number"),
    pytest.param({"affiliate": {"birth_date": 0}}, "household.affiliate.birth_date", "not-a-date",
                 id="number-is-not-a-date"),
    pytest.param({"affiliate": {"birth_date": "1980-01-01T10:00:00"}},
                 "household.affiliate.birth_date", "date-and-time",
                 id="date-and-time-is-not-a-date"),
    pytest.param({"affiliate": {"birth_date": "1980-02-30"}}, "household.affiliate.birth_date",
                 "not-a-real-date",
                 id="impossible-date"),
    pytest.param({"bank_account": "yes"}, "household.bank_account", "not-a-flag",
                 id="yes-is-not-true"),
    pytest.param({"affiliate": {"owns_main_home": "0"}}, "household.affiliate.owns_main_home",
                 "not-a-flag",
                 id="zero-text-is-not-false"),
    pytest.param({"bank_account": 1}, "household.bank_account", "not-a-flag", id="one-is-not-true"),
    pytest.param({"affiliate": {"monthly_salary": True}}, "household.affiliate.monthly_salary",
                 "not-a-number",
                 id="bool-is-not-money"),
    pytest.param({"affiliate": {"monthly_salary": "12.345"}},
                 "household.affiliate.monthly_salary", "too-many-decimals",
                 id="money-has-two-decimals"),
    pytest.param({"affiliate": {"monthly_salary": "lots"}}, "household.affiliate.monthly_salary",
                 "not-a-number",
                 id="text-is-not-money"),
    pytest.param({"children": [{"id": "c", "bac_score": "15.999999999999999999999999999"}]},
                 "household.children[0].bac_score", "too-many-digits", id="score-has-two-decimals"),
    pytest.param({"children": [{"id": "c", "bac_score": 21}]},
                 "household.children[0].bac_score", "too-large", id="score-out-of-20"),
    pytest.param({"id": 7}, "household.id", "not-text", id="number-is-not-an-id"),
]


@pytest.mark.parametrize(("parts", "path", "code"), BAD_TYPES)
def test_wrong_types_are_refused_at_their_path(parts: dict[str, Any], path: str,
                                               code: str) -> None:
    assert _problems(_household(**parts)) == [(path, code)]


def test_money_is_a_number_or_a_decimal_string() -> None:
    for given in (2400, "2400", "2400.50", Decimal("2400.5"), 2400.5):
        household = parse_household(_household(affiliate={"monthly_salary": given}))
        assert household.affiliate.monthly_salary == Decimal(str(given))


def test_lists_may_be_json_lists_and_enumerations_are_read_by_name() -> None:
    household = parse_household(_household(
        affiliate={"status": "retired", "retirement_date": "2040-01-01"},
        children=[{"id": "c", "schooling": "primary", "sex": "male"}], dues="exempt"))
    assert household.children[0].sex is Sex.MALE


# -- plausible people -----------------------------------------------------------------------

IMPLAUSIBLE = [
    pytest.param({"children": [{"id": "c", "birth_date": "1970-01-01"}]},
                 "household.children[0].birth_date", "child-born-before-affiliate",
                 id="child-older-than-the-affiliate"),
    pytest.param({"parents": [{"id": "p", "birth_date": "1990-01-01"}]},
                 "household.parents[0].birth_date", "parent-not-older",
                 id="parent-younger-than-the-affiliate"),
    pytest.param({"affiliate": {"status": "deceased", "death_date": "2020-01-01"},
                  "spouses": [{"id": "s", "divorce_date": "2021-01-01"}]},
                 "household.spouses[0].divorce_date", "divorce-after-death",
                 id="divorce-after-the-death"),
    pytest.param({"affiliate": {"recruitment_date": "1990-01-01"}},
                 "household.affiliate.recruitment_date", "recruited-too-young",
                 id="recruited-at-ten"),
    pytest.param({"spouses": [{"id": f"s{i}"} for i in range(5)]}, "household.spouses", "too-many",
                 id="five-wives"),
    pytest.param({"children": [{"id": f"c{i}"} for i in range(31)]}, "household.children",
                 "too-many",
                 id="thirty-one-children"),
    pytest.param({"history": [{"program": "x.y", "person": "a", "on": "2020-01-01"}] * 1001},
                 "household.history", "too-many", id="history-too-long"),
    pytest.param({"affiliate": {"name": "x" * 201}}, "household.affiliate.name", "text-too-long",
                 id="name-too-long"),
]


@pytest.mark.parametrize(("parts", "path", "code"), IMPLAUSIBLE)
def test_implausible_households_are_refused_at_their_path(parts: dict[str, Any],
                                                          path: str, code: str) -> None:
    assert _problems(_household(**parts)) == [(path, code)]


def test_four_wives_are_allowed() -> None:
    assert len(parse_household(_household(spouses=[{"id": f"s{i}"} for i in range(4)])).spouses) \
        == 4


# -- who is who ------------------------------------------------------------------------------

def _deceased(**parts: Any) -> Any:
    return parse_household(_household(
        affiliate={"status": "deceased", "death_date": "2022-03-01",
                   "killed_on_duty": parts.pop("killed_on_duty", False)}, **parts))


def test_a_spouse_divorced_before_the_death_is_a_former_spouse_not_a_widow() -> None:
    household = _deceased(spouses=[{"id": "ex", "divorce_date": "2015-01-01"},
                                   {"id": "w"}])
    assert household.category_of(household.person("ex"), ON) is Category.FORMER_SPOUSE
    assert household.category_of(household.person("w"), ON) is Category.WIDOW


def test_a_divorce_is_a_fact_from_its_date_on() -> None:
    household = parse_household(_household(spouses=[{"id": "s", "divorce_date": "2026-01-01"}]))
    spouse = household.person("s")
    assert household.category_of(spouse, date(2025, 12, 31)) is Category.RIGHTS_HOLDER
    assert household.category_of(spouse, date(2026, 1, 1)) is Category.FORMER_SPOUSE


def test_parents_of_an_officer_killed_on_duty_are_honorary_members() -> None:
    killed = _deceased(killed_on_duty=True, parents=[{"id": "p", "birth_date": "1950-01-01"}])
    other = _deceased(parents=[{"id": "p", "birth_date": "1950-01-01"}])
    assert killed.category_of(killed.person("p"), ON) is Category.HONORARY_MEMBER
    assert other.category_of(other.person("p"), ON) is Category.RIGHTS_HOLDER


@pytest.mark.parametrize(("sex", "fr", "ar"), [("female", "veuve", "أرملة"),
                                                ("male", "veuf", "أرمل"),
                                                (None, "veuf ou veuve", "أرمل(ة)")])
def test_widowers_are_named_as_such(book: RuleBook, sex: str | None, fr: str, ar: str) -> None:
    spouse = {"id": "w", "birth_date": "1980-01-01", "monthly_pension": "1500"}
    if sex:
        spouse["sex"] = sex
    household = _household(affiliate={"status": "deceased", "death_date": "2022-03-01"},
                           spouses=[spouse], bank_account=True)
    labels = [book.evaluate("social.eid-al-adha-grant", household, on=ON, lang=lang)
              .category_label for lang in ("fr", "ar")]
    assert labels == [fr, ar]


# -- people not yet born ---------------------------------------------------------------------

def test_a_child_not_yet_born_takes_no_part(book: RuleBook) -> None:
    household = _household(children=[{"id": "later", "birth_date": "2030-01-01"},
                                     {"id": "now", "birth_date": "2015-05-05"}])
    decisions = book.screen(household, on=ON)
    assert {d.applicant for d in decisions} == {"a", "now"}
    assert all(d.not_yet_born == ["later"] for d in decisions)
    with pytest.raises(HouseholdError, match="not yet born"):
        book.evaluate("health.complementary-cover", household, applicant="later", on=ON)
    # the others keep their paths in the file: missing facts name the right child
    unknown = _household(children=[{"id": "later", "birth_date": "2030-01-01"},
                                   {"id": "now"}])
    decision = book.evaluate("health.complementary-cover", unknown, applicant="now", on=ON)
    assert "household.children[1].birth_date" in decision.missing


def test_an_affiliate_not_yet_born_is_an_input_error(book: RuleBook) -> None:
    with pytest.raises(HouseholdError) as caught:
        book.screen(_household(affiliate={"birth_date": "2030-01-01"}), on=ON)
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("household.affiliate.birth_date", "affiliate-not-born")]


def test_no_decision_reads_a_negative_age(book: RuleBook) -> None:
    household = _household(children=[{"id": "later", "birth_date": "2030-01-01"}])
    for decision in book.screen(household, on=ON):
        for criterion in decision.criteria:
            for name, value in criterion.values.items():
                if name.endswith(".age") and isinstance(value, int):
                    assert value >= 0, (decision.program, name)


# -- the same refusals on the command line and in a roster --------------------------------

def test_the_cli_names_the_path_of_a_coerced_value(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "h.json"
    path.write_text(json.dumps(_household(affiliate={"pay_scale": True})), encoding="utf-8")
    code = main(["check", str(path), "--program", "social.hajj", "--on", ON.isoformat()])
    assert code == 2
    assert "household.affiliate.pay_scale" in capsys.readouterr().err


def test_a_roster_line_with_a_coerced_value_is_an_error_record(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "roster.jsonl"
    good = _household()
    bad = {**_household(bank_account="yes"), "id": "h2"}
    roster.write_text("\n".join(json.dumps(h) for h in (good, bad)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    main(["screen", "--roster", str(roster), "--out", str(out), "--on", ON.isoformat()])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [("error" in r, r.get("line")) for r in records] == [(False, 1), (True, 2)]
    assert records[1]["error"]["path"] == "household.bank_account"


@pytest.mark.parametrize("field", ["birth_date", "monthly_pension", "pay_scale"])
def test_text_that_is_not_unicode_is_refused_at_its_path_with_the_text_escaped(
        field: str) -> None:
    """A lone surrogate where a date, an amount or a number belongs is refused like any
    wrong text, at its path, the offending code point written as an escape (pydantic
    could not render the error with the raw text, and the refusal escaped as a
    ``UnicodeEncodeError``)."""
    affiliate = {"id": "a", "status": "retired", "birth_date": "1960-01-01", field: "\ud800"}
    with pytest.raises(HouseholdError) as caught:
        parse_household({"id": "h", "affiliate": affiliate})
    [problem] = caught.value.problems
    assert problem.path == f"household.affiliate.{field}"
    assert "\\ud800" in str(caught.value)
    json.dumps(str(caught.value)).encode("utf-8")  # printable and writable as it is


def test_a_household_error_says_its_problems_when_asked_and_survives_pickling() -> None:
    with pytest.raises(HouseholdError) as caught:
        parse_household({"schema_version": 1, "id": "h", "affiliate": {
            "id": "a", "status": "active", "birth_date": "1980-01-01", "pay_scale": "8"}})
    error = caught.value
    expected = "household.affiliate.pay_scale: expected a whole number, got the text '8'"
    assert str(error) == expected
    assert repr(error) == f"HouseholdError({expected!r})"
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is HouseholdError
    assert again.problems == error.problems
    assert str(again) == expected
