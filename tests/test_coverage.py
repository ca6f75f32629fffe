"""The coverage report: the shipped pack is fully exercised by its examples, and the report
finds each kind of gap in a small rule book written for the purpose."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from eligibility import RuleBook, UnknownProgramError
from eligibility._book.coverage import coverage, format_report

RULES = Path(__file__).resolve().parents[1] / "rules"


def test_the_shipped_pack_is_completely_covered() -> None:
    book = RuleBook.load(RULES)
    report = coverage(book)
    assert report.gaps == [], format_report(report)
    assert report.complete
    assert {p.program for p in report.programs} == set(book.programs)
    for program in report.programs:
        assert program.criteria, program.program
        assert all(c.passed and c.failed for c in program.criteria)
        assert all(r.hits for r in program.rows)
    # The tables of the pack are all there: decision tables with both hit policies, and an
    # output given only in some cases (its guard row and its value both hit).
    policies = {r.policy for p in report.programs for r in p.rows}
    assert policies == {"first", "unique", "value"}
    hajj = report.program("social.hajj")
    assert [(r.output, r.index, r.condition) for r in hajj.rows if r.output == "partial_amount"
            ] == [("partial_amount", 0, "not given unless household.affiliate.pay_scale > "
                   "hajj_full_cover_max_pay_scale"), ("partial_amount", 1, "otherwise")]
    camp = report.program("leisure.summer-camp")
    assert [(r.output, r.index) for r in camp.rows] == [
        ("fee_share", 0), ("fee_share", 1), ("fee_share", 2), ("allowance", 0), ("allowance", 1)
    ]
    cover = report.program("health.complementary-cover")
    assert {e.path for e in cover.exceptions} == {("survivor-cover",)}


HEADER = """\
id: test.toy
domain: social-aid
applies_to: [affiliate]
title: {ar: برنامج تجريبي, fr: Programme d'essai, en: Toy program}
status: sourced
sources: [{title: "A source", url: "https://example.org/"}]
parameters:
  adult_age: {2020-01-01: 18}
  senior_age: {2020-01-01: 65}
versions: [{id: "1", from: 2020-01-01}]
criteria:
  - id: adult
    when: applicant.age >= adult_age
    text: {ar: راشد, fr: Majeur, en: An adult}
    exceptions:
      - id: disabled
        when: applicant.disabled
        then: true
        exceptions:
          - id: dues-unpaid
            when: household.dues == 'unpaid'
            then: false
benefit:
  band:
    first:
      - when: applicant.age >= senior_age
        then: "'senior'"
      - otherwise: true
        then: "'adult'"
    labels:
      senior: {ar: مسن, fr: Senior, en: Senior}
      adult: {ar: راشد, fr: Adulte, en: Adult}
  level:
    unique:
      - when: applicant.age < 40
        then: 1
      - when: applicant.age >= 40
        then: 2
"""

ADULT = """\
  - name: an adult of 30
    on: 2025-01-01
    household:
      id: h
      affiliate: {id: a, status: active, birth_date: 1995-01-01}
    expect: {outcome: eligible, details: {band: adult}}
"""

MORE = """\
  - name: a child of 10
    on: 2025-01-01
    household:
      id: h
      affiliate: {id: a, status: active, birth_date: 2015-01-01}
    expect: {outcome: ineligible}
  - name: a disabled child passes through the exception
    on: 2025-01-01
    household:
      id: h
      affiliate: {id: a, status: active, birth_date: 2015-01-01, disabled: true}
    expect: {outcome: eligible}
  - name: a disabled child of a household with unpaid dues
    on: 2025-01-01
    household:
      id: h
      affiliate: {id: a, status: active, birth_date: 2015-01-01, disabled: true}
      dues: unpaid
    expect: {outcome: ineligible}
  - name: a senior of 70
    on: 2025-01-01
    household:
      id: h
      affiliate: {id: a, status: active, birth_date: 1955-01-01}
    expect: {outcome: eligible, details: {band: senior}}
"""


def _book(tmp_path: Path, examples: str) -> RuleBook:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    text = HEADER + ("examples:\n" + examples if examples else "")
    (folder / "toy.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return RuleBook.load(folder)


def test_gaps_in_a_small_rule_book_are_reported(tmp_path: Path) -> None:
    report = coverage(_book(tmp_path, ADULT))
    assert not report.complete
    toy = report.program("test.toy")
    assert toy.examples == 1
    adult = next(c for c in toy.criteria if c.id == "adult")
    assert (adult.passed, adult.failed) == (1, 0)
    assert {(e.path, e.applied) for e in toy.exceptions} == {
        (("disabled",), 0), (("disabled", "dues-unpaid"), 0)
    }
    hits = {(r.output, r.index): r.hits for r in toy.rows}
    assert hits == {("band", 0): 0, ("band", 1): 1, ("level", 0): 1, ("level", 1): 0}
    gaps = report.gaps
    assert "test.toy (toy.yaml): no example sees criterion 'adult' fail" in gaps
    assert ("test.toy (toy.yaml): no example hits row 1 of 'band' "
            "(applicant.age >= senior_age)") in gaps
    assert "test.toy (toy.yaml): no example hits row 2 of 'level' (applicant.age >= 40)" in gaps
    assert ("test.toy (toy.yaml): no example applies exception 'disabled' of criterion "
            "'adult'") in gaps
    assert ("test.toy (toy.yaml): no example applies exception 'disabled > "
            "dues-unpaid' of criterion 'adult'") in gaps
    assert len(gaps) == 5
    assert "rows 2/4" in format_report(report)


def test_examples_that_cover_everything_close_every_gap(tmp_path: Path) -> None:
    report = coverage(_book(tmp_path, ADULT + MORE))
    assert report.gaps == []
    toy = report.program("test.toy")
    adult = next(c for c in toy.criteria if c.id == "adult")
    # The 10-year-old fails; the disabled child passes through the exception, and the
    # nested exception makes the last example fail again.
    assert (adult.passed, adult.failed) == (3, 2)
    assert {e.path: e.applied for e in toy.exceptions} == {
        ("disabled",): 2, ("disabled", "dues-unpaid"): 1
    }


def test_a_program_without_examples_and_a_failing_example_are_gaps(tmp_path: Path) -> None:
    assert coverage(_book(tmp_path, "")).gaps[0] == "test.toy (toy.yaml): has no examples"
    wrong = ADULT.replace("details: {band: adult}", "details: {band: senior}")
    gaps = coverage(_book(tmp_path, wrong + MORE)).gaps
    assert gaps == ["test.toy (toy.yaml): example 'an adult of 30' does not pass"]


def test_rows_after_an_unknown_condition_are_not_counted(tmp_path: Path) -> None:
    unknown_age = ADULT.replace("birth_date: 1995-01-01", "disabled: true").replace(
        "expect: {outcome: eligible, details: {band: adult}}", "expect: {outcome: eligible}"
    )
    toy = coverage(_book(tmp_path, unknown_age)).program("test.toy")
    assert all(r.hits == 0 for r in toy.rows)


def test_programs_can_be_chosen(tmp_path: Path) -> None:
    book = _book(tmp_path, ADULT)
    assert [p.program for p in coverage(book, ["test.toy"]).programs] == ["test.toy"]
    with pytest.raises(UnknownProgramError):
        coverage(book, ["test.toys"])
    with pytest.raises(KeyError):
        coverage(book).program("test.other")
