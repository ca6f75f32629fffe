"""What rests on an assumption, and the rule-language features that say so: dated values
and start dates with their own status and precision, outputs given only in some cases,
trilingual units and labelled values. Each is checked on a small rule book written here,
through the IR's answers and the decisions of both engines."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eligibility import (
    DatePrecision,
    EligibilityError,
    Evidence,
    RuleBook,
    RuleBookError,
    Texts,
)
from eligibility._engines.registry import make_engine
from eligibility._model.texts import Unit

DEFINITIONS = """\
kind: definitions
id: shared
title: {ar: تعاريف, fr: Définitions, en: Definitions}
status: sourced
sources: [{title: "A law", url: "https://example.org/law"}]
parameters:
  adult_age: {1900-01-01: 18}
definitions:
  - id: older_than
    params: {person: person, years: int}
    value: person.age > years
    status: illustrative
    text: {ar: أكبر سنا, fr: Plus âgé, en: Older}
  - id: is_adult
    params: {person: person}
    value: older_than(person, adult_age) or person.age == adult_age
    text: {ar: راشد, fr: Majeur, en: An adult}
"""

PROGRAM = """\
id: test.grant
domain: social-aid
applies_to: [affiliate]
title: {ar: منحة, fr: Aide, en: Grant}
status: sourced
sources: [{title: "An article", url: "https://example.org/article"}]
assumptions: [{ar: افتراض, fr: Hypothèse, en: An assumption}]
parameters:
  ceiling:
    values:
      2015-01-01: 3000
      2017-01-01: {value: 3500, precision: year, status: illustrative,
                   sources: [{title: "A report of 2017", note: "no address known"}]}
      2020-03-01: {value: 4000, precision: month}
    unit: {ar: درهم, fr: MAD, en: MAD}
    text: {ar: السقف, fr: Plafond, en: Ceiling}
  amount: {2015-01-01: 1000}
versions:
  - id: "2015"
    from: {date: 2015-01-01, status: illustrative, precision: year}
  - id: "2020"
    from: {date: 2020-03-01, precision: month}
criteria:
  - id: adult
    when: is_adult(applicant)
    text: {ar: راشد, fr: Majeur, en: An adult}
  - id: income
    when: applicant.monthly_salary <= ceiling
    text: {ar: "الأجر {ceiling} درهم على الأكثر", fr: "Salaire d'au plus {ceiling} MAD",
           en: "Salary at most {ceiling} MAD"}
benefit:
  method:
    first:
      - when: household.bank_account
        then: "'bank'"
      - otherwise: true
        then: "'vouchers'"
    labels:
      bank: {ar: تحويل, fr: Virement, en: Transfer}
      vouchers: {ar: قسائم, fr: Bons, en: Vouchers}
  extra:
    when: applicant.monthly_salary < 2000
    value: amount
    unit: {ar: درهم, fr: MAD, en: MAD}
    text: {ar: "إضافة {amount} درهم", fr: "Supplément de {amount} MAD",
           en: "Extra of {amount} MAD"}
"""


def _book(tmp_path: Path, program: str = PROGRAM, engine: str = "native") -> RuleBook:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "shared.yaml").write_text(DEFINITIONS, encoding="utf-8")
    (folder / "grant.yaml").write_text(program, encoding="utf-8")
    return RuleBook.load(folder, engine=engine)


def _household(salary: str | None, **affiliate: Any) -> dict[str, Any]:
    return {"id": "h", "bank_account": True,
            "affiliate": {"id": "a", "status": "active", "birth_date": "1980-01-01",
                          "monthly_salary": salary, **affiliate}}


@pytest.fixture
def book(tmp_path: Path) -> RuleBook:
    return _book(tmp_path)


# -- dated values and dates known by their year -----------------------------------------------


def test_each_dated_value_has_its_status_precision_and_sources(book: RuleBook) -> None:
    ceiling = book.programs["test.grant"].parameters["ceiling"]
    assert [(e.date_label, e.value, e.status.value, e.precision) for e in ceiling.entries] == [
        ("2015-01-01", 3000, "sourced", DatePrecision.DAY),
        ("2017", 3500, "illustrative", DatePrecision.YEAR),
        ("2020-03", 4000, "sourced", DatePrecision.MONTH),
    ]
    assert [s.title for s in ceiling.entries[1].sources] == ["A report of 2017"]
    assert ceiling.assumed
    assert ceiling.assumed_on(date(2018, 1, 1))
    assert not ceiling.assumed_on(date(2016, 1, 1))
    assert not ceiling.assumed_on(date(2021, 1, 1))
    assert ceiling.unit == Unit(ar="درهم", fr="MAD", en="MAD")
    versions = book.programs["test.grant"].versions
    assert [(v.date_label, v.assumed, v.exact) for v in versions] == [
        ("2015", True, False), ("2020-03", False, False)]


@pytest.mark.parametrize(("on", "assumed"), [(date(2016, 6, 1), False), (date(2018, 6, 1), True),
                                             (date(2021, 6, 1), False)])
def test_a_criterion_rests_on_the_value_in_force_on_the_date(book: RuleBook, on: date,
                                                             assumed: bool) -> None:
    decision = book.evaluate("test.grant", _household("2500"), on=on)
    income = next(c for c in decision.criteria if c.id == "income")
    assert income.illustrative is assumed
    assert decision.illustrative_parameters == (["ceiling"] if assumed else [])


def test_a_criterion_rests_on_an_assumption_read_through_shared_definitions(
        book: RuleBook) -> None:
    program = book.programs["test.grant"]
    adult = next(c for c in program.criteria if c.id == "adult")
    assert adult.assumptions() == ("older_than",)  # is_adult -> older_than, illustrative
    assert program.assumed_definitions() == ("older_than",)
    decision = book.evaluate("test.grant", _household("2500"), on=date(2021, 6, 1))
    assert [c.id for c in decision.criteria if c.illustrative] == ["adult"]
    assert decision.evidence is Evidence.PARTLY_SOURCED


def test_a_decision_before_a_start_known_only_by_its_year_is_marked(book: RuleBook) -> None:
    decision = book.evaluate("test.grant", _household("2500"), on=date(2014, 12, 31))
    assert decision.criteria[0].id == "in-force"
    assert decision.criteria[0].illustrative
    assert decision.criteria[0].text == "The program is in force from 2015"


def test_a_date_off_its_precision_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleBookError) as caught:
        _book(tmp_path, PROGRAM.replace("2017-01-01: {value: 3500", "2017-06-01: {value: 3500"))
    assert [d.code for d in caught.value.diagnostics] == ["date-precision-mismatch"]


# -- outputs given only in some cases ---------------------------------------------------------


ENGINES = ["native", pytest.param("durable", marks=pytest.mark.durable)]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_output_is_given_only_when_its_condition_holds(tmp_path: Path, engine: str) -> None:
    try:
        book = _book(tmp_path, engine=engine)
    except EligibilityError as exc:  # pragma: no cover - durable-rules not importable
        pytest.skip(str(exc))
    on = date(2021, 6, 1)
    low = book.evaluate("test.grant", _household("1500"), on=on)
    assert low.amounts == {"extra": 1000}
    assert low.details == {"method": "bank"}
    high = book.evaluate("test.grant", _household("2500"), on=on)
    assert "extra" not in high.amounts
    assert high.eligible
    unknown = book.evaluate("test.grant", _household(None), on=on)
    assert unknown.missing == ["household.affiliate.monthly_salary"]
    assert "extra" not in unknown.amounts


def test_every_engine_runs_the_guard_as_a_first_row(book: RuleBook) -> None:
    extra = next(o for o in book.programs["test.grant"].outputs if o.name == "extra")
    assert extra.guard is not None
    assert extra.guard.source == "applicant.monthly_salary < 2000"
    assert [row.guard for row in extra.rows] == [True, False]
    assert len(extra.table) == 1
    assert make_engine("native", book.definitions, book.content_hash).name == "native"


def test_an_example_can_expect_an_output_to_be_absent(tmp_path: Path) -> None:
    examples = """\
examples:
  - name: a salary of 2,500 MAD gets no extra
    on: 2021-06-01
    household:
      id: h
      bank_account: true
      affiliate: {id: a, status: active, birth_date: 1980-01-01, monthly_salary: 2500}
    expect: {outcome: eligible, absent: [extra, method]}
"""
    book = _book(tmp_path, PROGRAM + examples)
    [result] = book.run_examples()
    assert result.failures == ("method: expected no value (not given in this case), got bank",)


# -- units and labels -------------------------------------------------------------------------


def test_text_outputs_label_each_value_in_three_languages(book: RuleBook) -> None:
    method = next(o for o in book.programs["test.grant"].outputs if o.name == "method")
    assert method.values == ("bank", "vouchers")
    assert method.labels["vouchers"] == Texts(ar="قسائم", fr="Bons", en="Vouchers")
    extra = next(o for o in book.programs["test.grant"].outputs if o.name == "extra")
    assert extra.unit is not None
    assert extra.unit.texts().get("ar") == "درهم"
    assert extra.labels == {}


COUNTED = """\
    unit:
      ar: {one: قسط واحد, two: قسطان, few: "{n} أقساط", many: "{n} قسطا", other: "{n} قسط"}
      fr: {one: "{n} versement", other: "{n} versements"}
      en: {one: "{n} payment", other: "{n} payments"}
"""


def test_a_counted_unit_takes_the_form_its_number_asks_for(tmp_path: Path) -> None:
    program = PROGRAM.replace("    unit: {ar: درهم, fr: MAD, en: MAD}\n    text: {ar: \"إضافة",
                              COUNTED + "    text: {ar: \"إضافة")
    extra = next(o for o in _book(tmp_path, program).programs["test.grant"].outputs
                 if o.name == "extra")
    shown = {lang: [extra.shown(n, lang) for n in (1, 2, 3, 11, 100)]
             for lang in ("ar", "fr", "en")}
    assert shown == {
        "ar": ["قسط واحد", "قسطان", "3\u00a0أقساط", "11\u00a0قسطا", "100\u00a0قسط"],
        "fr": ["1\u00a0versement", "2\u00a0versements", "3\u00a0versements",
               "11\u00a0versements", "100\u00a0versements"],
        "en": ["1\u00a0payment", "2\u00a0payments", "3\u00a0payments", "11\u00a0payments",
               "100\u00a0payments"],
    }
    assert extra.unit is not None
    assert extra.unit.texts() == Texts(ar="قسط", fr="versements", en="payments")


@pytest.mark.parametrize(("change", "codes"), [
    (("      vouchers: {ar: قسائم, fr: Bons, en: Vouchers}\n", ""), ["missing-output-label"]),
    (("      bank: {ar: تحويل, fr: Virement, en: Transfer}\n",
      "      bank: {ar: تحويل, fr: Virement, en: Transfer}\n"
      "      cash: {ar: نقدا, fr: Espèces, en: Cash}\n"),
     ["unknown-output-label"]),
    (("    unit: {ar: درهم, fr: MAD, en: MAD}\n    text: {ar: السقف",
      "    unit: MAD\n    text: {ar: السقف"), ["invalid-value"]),
    (("    unit: {ar: درهم, fr: MAD, en: MAD}\n    text: {ar: السقف",
      "    unit: {ar: درهم, fr: {one: \"{n} dirham\", plural: \"{n} dirhams\"}, en: MAD}\n"
      "    text: {ar: السقف"), ["missing-field", "unknown-field"]),
])
def test_a_label_or_unit_out_of_place_is_refused(tmp_path: Path, change: tuple[str, str],
                                                 codes: list[str]) -> None:
    assert change[0] in PROGRAM
    with pytest.raises(RuleBookError) as caught:
        _book(tmp_path, PROGRAM.replace(*change))
    assert [d.code for d in caught.value.diagnostics] == codes


# -- definitions over numbers, and the analysis that sees through them ----------------------


def test_the_analysis_sees_constants_passed_to_a_definition(tmp_path: Path) -> None:
    table = """\
  band:
    unique:
      - when: older_than(applicant, 40)
        then: 2
      - when: applicant.age <= 40
        then: 1
"""
    book = _book(tmp_path, PROGRAM.replace("benefit:\n", "benefit:\n" + table))
    assert book.warnings == ()
    overlapping = table.replace("applicant.age <= 40", "applicant.age <= 50")
    with pytest.raises(RuleBookError) as caught:
        _book(tmp_path, PROGRAM.replace("benefit:\n", "benefit:\n" + overlapping))
    assert [d.code for d in caught.value.diagnostics] == ["table-overlap"]
