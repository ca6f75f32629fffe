"""Unit tests of the static analysis: satisfiability of conditions by interval reasoning
over atoms, and the program checks built on it (per period between change dates)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from eligibility import RuleBook, RuleBookError
from eligibility._compile.analysis import FORMS, MAX_CLAUSES, _Converter, may_hold
from eligibility._compile.ir import Definition, Expr
from eligibility._compile.logic import TooLarge
from eligibility._language.ast import Node
from eligibility._language.checker import DefinitionSignature, Scope, check
from eligibility._language.parser import parse
from eligibility._language.types import BOOL, CHILD, DATE, HOUSEHOLD, PERSON, type_of_value
from eligibility._rulefiles.schema import Status, Texts

_IS_MINOR = "person.age < 18"


def _definitions() -> dict[str, Definition]:
    """``is_minor(person)`` and ``has_children`` (no parameters), checked like the compiler."""
    minor = parse(_IS_MINOR)
    check(minor, Scope({"person": PERSON, "household": HOUSEHOLD, "on": DATE}), _IS_MINOR)
    kids = "count(household.children) > 0"
    has = parse(kids)
    check(has, Scope({"household": HOUSEHOLD, "on": DATE}), kids)
    text = Texts(en="x")
    return {
        "is_minor": Definition(
            "is_minor",
            (("person", PERSON),),
            Expr(_IS_MINOR, minor, BOOL),
            text,
            Status.ILLUSTRATIVE,
            (),
            "d.yaml",
        ),
        "has_children": Definition(
            "has_children", (), Expr(kids, has, BOOL), text, Status.ILLUSTRATIVE, (), "d.yaml"
        ),
    }


def _node(text: str, params: Mapping[str, Any]) -> Node:
    signatures = {
        "is_minor": DefinitionSignature("is_minor", (("person", PERSON),), BOOL),
        "has_children": DefinitionSignature("has_children", (), BOOL),
    }
    names = {"applicant": CHILD, "household": HOUSEHOLD, "on": DATE}
    names.update({name: type_of_value(value) for name, value in params.items()})  # type: ignore[misc]
    node = parse(text)
    check(node, Scope(names, signatures), text)
    return node


def sat(text: str, **params: Any) -> bool:
    """Whether the analysis thinks ``text`` can hold (parameters resolved to ``params``)."""
    converter = _Converter(params, _definitions())
    return FORMS.satisfiable(converter.convert(_node(text, params), {}))


# -- whole numbers ---------------------------------------------------------------------


def test_whole_numbers_leave_no_room_between_13_and_14() -> None:
    assert not sat("applicant.age <= 13 and applicant.age >= 14")
    assert not sat("applicant.age < 14 and applicant.age > 13")
    assert sat("applicant.age <= 13 and applicant.age >= 13")
    assert sat("applicant.age < 15 and applicant.age > 13")


def test_whole_numbers_against_decimal_bounds() -> None:
    assert sat("applicant.age > 12.5 and applicant.age < 13.5")  # 13
    assert not sat("applicant.age > 12.5 and applicant.age < 13")


def test_a_single_point_that_is_excluded() -> None:
    assert not sat("applicant.age >= 13 and applicant.age <= 13 and applicant.age != 13")
    assert sat("applicant.age >= 13 and applicant.age <= 14 and applicant.age != 13")
    assert not sat("applicant.age == 13 and applicant.age != 13")
    assert not sat("applicant.age == 13 and applicant.age == 14")


def test_chained_and_mirrored_comparisons() -> None:
    assert not sat("10 <= applicant.age <= 5")
    assert not sat("applicant.age < 10 and 10 < applicant.age")
    assert sat("5 < applicant.age < 7")
    assert not sat("5 < applicant.age < 6")


def test_negation_and_de_morgan() -> None:
    assert not sat("not (applicant.age < 10 or applicant.age > 20) and applicant.age == 5")
    assert sat("not (applicant.age < 10 and applicant.age > 20)")
    assert not sat("not (applicant.age >= 0 or applicant.age < 0)")


def test_parameters_are_constants() -> None:
    assert not sat("applicant.age <= limit and applicant.age > limit", limit=13)
    assert sat("applicant.age <= limit", limit=13)
    assert not sat("limit < 10", limit=13)
    assert sat("limit < 10", limit=9)
    assert not sat("flag and applicant.student", flag=False)
    assert sat("flag and applicant.student", flag=True)


# -- decimals and dates ----------------------------------------------------------------


def test_decimals_are_dense() -> None:
    pension = "household.affiliate.monthly_pension"
    assert sat(f"{pension} < 2000 and {pension} > 1999.99")
    assert sat(f"{pension} < 2000 and {pension} > 1999")
    assert not sat(f"{pension} <= 2000 and {pension} >= 2000.01")
    assert not sat(f"{pension} == 2000 and {pension} > 2000")
    assert sat(f"{pension} == 2000 and {pension} >= 2000")
    assert not sat(f"{pension} < ceiling and {pension} > ceiling", ceiling=Decimal("2500.5"))


def test_dates_are_whole_days() -> None:
    born = "applicant.birth_date"
    assert not sat(f"{born} < 2010-01-01 and {born} >= 2010-01-01")
    assert not sat(f"{born} > 2009-12-31 and {born} < 2010-01-01")
    assert sat(f"{born} > 2009-12-31 and {born} < 2010-01-02")
    assert not sat(f"{born} > start and {born} < start", start=date(2020, 2, 29))


def test_dates_in_a_list_and_compared_are_the_same_values() -> None:
    born = "applicant.birth_date"
    assert sat(f"{born} in [2010-01-01, 2011-01-01] and {born} == 2010-01-01")
    assert not sat(f"{born} in [2010-01-01, 2011-01-01] and {born} > 2011-01-01")


# -- texts, enums, booleans --------------------------------------------------------------


def test_enum_values_are_exhausted() -> None:
    levels = ["none", "preschool", "primary", "middle", "secondary", "higher"]
    all_excluded = " and ".join(f"applicant.schooling != '{v}'" for v in levels)
    assert not sat(all_excluded)
    five = " and ".join(f"applicant.schooling != '{v}'" for v in levels[:5])
    assert sat(five)
    assert not sat(f"applicant.schooling not in {levels!r}")
    assert not sat(
        "applicant.schooling in ['primary', 'middle'] "
        "and applicant.schooling not in ['primary', 'middle']"
    )
    assert not sat("applicant.schooling == 'primary' and applicant.schooling == 'middle'")
    assert sat("applicant.schooling in ['primary', 'middle'] and applicant.schooling != 'middle'")


def test_booleans() -> None:
    assert not sat("applicant.student and not applicant.student")
    assert not sat("applicant.student == true and applicant.student == false")
    assert not sat("applicant.student and applicant.student != true")
    assert sat("applicant.student and applicant.disabled")
    assert not sat("false")
    assert sat("true or applicant.student")


def test_free_text_equalities() -> None:
    assert not sat("applicant.id == 'c1' and applicant.id == 'c2'")
    assert not sat("applicant.id == 'c1' and applicant.id != 'c1'")
    assert sat("applicant.id != 'c1' and applicant.id != 'c2'")


# -- what is opaque stays free (conservative) ------------------------------------------------


def test_opaque_atoms_are_conservative() -> None:
    young = "any(c.age < 3 for c in household.children)"
    assert not sat(f"{young} and not {young}")  # the same term, both ways
    # Contradictory in truth, but not by interval reasoning: reported as possible.
    assert sat(f"{young} and all(c.age >= 3 for c in household.children)")
    older, younger = "applicant.age > household.affiliate.age", "applicant.age < "
    assert sat(f"{older} and {younger}household.affiliate.age")
    assert not sat("year(on) == 2020 and year(on) == 2021")  # a computed term, two values
    assert sat("days_between(applicant.birth_date, on) > 10")


# -- definitions ---------------------------------------------------------------------------


def test_definitions_are_expanded_with_their_arguments() -> None:
    assert not sat("is_minor(applicant) and applicant.age >= 18")
    assert sat("is_minor(applicant) and applicant.age >= 17")
    assert not sat("not is_minor(applicant) and applicant.age < 18")
    assert not sat("is_minor(household.affiliate) and household.affiliate.age > 20")
    # The argument matters: the affiliate's age says nothing about the applicant's.
    assert sat("is_minor(household.affiliate) and applicant.age > 20")


def test_definitions_without_parameters_are_expanded() -> None:
    assert not sat("has_children and count(household.children) == 0")
    assert sat("has_children and count(household.children) == 2")


def test_too_large_conditions_raise_the_internal_signal() -> None:
    def product(terms: int) -> str:
        return " and ".join(
            f"(any(c.age == {i} for c in household.children)"
            f" or any(s.age == {i} for s in household.spouses))"
            for i in range(terms)
        )

    assert MAX_CLAUSES < 2**12
    with pytest.raises(TooLarge):
        sat(product(12))
    assert sat(product(6))  # 64 clauses: small enough


# -- program checks, per period --------------------------------------------------------------

_PROGRAM = """\
id: leisure.camp
domain: leisure
applies_to: [child]
title: {{ar: مخيم, fr: Colonie, en: Camp}}
status: illustrative
assumptions:
  - {{ar: افتراض, fr: Hypothèse, en: Assumption}}
versions:
  - {{id: "2020", from: 2020-01-01}}
parameters:
  limit: {{2020-01-01: 10, 2024-01-01: 12}}
criteria:
  - id: age
    when: applicant.age <= 16
    text: {{ar: السن, fr: Âge, en: Age}}
benefit:
  fee:
    {policy}:
{rows}
"""


def _load(tmp_path: Path, policy: str, rows: str) -> RuleBook:
    (tmp_path / "camp.yaml").write_text(_PROGRAM.format(policy=policy, rows=rows), "utf-8")
    return RuleBook.load(tmp_path)


def test_a_table_is_checked_with_the_parameters_of_each_period(tmp_path: Path) -> None:
    rows = """\
      - when: applicant.age < limit
        then: 100
      - when: applicant.age >= 10
        then: 200"""
    with pytest.raises(RuleBookError) as caught:
        _load(tmp_path, "unique", rows)
    (overlap,) = caught.value.diagnostics
    assert overlap.code == "table-overlap"
    assert "from 2024-01-01" in overlap.message  # rows are exclusive while limit is 10
    assert overlap.json_path == "$.benefit.fee.unique[1].when"


def test_a_gap_in_one_period_only(tmp_path: Path) -> None:
    rows = """\
      - when: applicant.age < 10
        then: 100
      - when: applicant.age >= limit
        then: 200"""
    with pytest.raises(RuleBookError) as caught:
        _load(tmp_path, "first", rows)
    (gap,) = caught.value.diagnostics
    assert gap.code == "table-gap"
    assert "from 2024-01-01" in gap.message


def test_the_criteria_bound_what_a_table_must_cover(tmp_path: Path) -> None:
    rows = """\
      - when: applicant.age < 10
        then: 100
      - when: 10 <= applicant.age <= 16
        then: 200"""
    book = _load(tmp_path, "unique", rows)  # ages above 16 are not eligible: no gap
    assert book.warnings == ()


def test_too_large_conditions_skip_the_check_with_a_warning(tmp_path: Path) -> None:
    big = " and ".join(f"(applicant.age == {i} or applicant.disabled)" for i in range(12))
    rows = f"""\
      - when: {big}
        then: 100
      - otherwise: true
        then: 200"""
    book = _load(tmp_path, "first", rows)
    assert [w.code for w in book.warnings] == ["analysis-skipped"]


def test_may_hold_uses_the_criteria(tmp_path: Path) -> None:
    rows = """\
      - otherwise: true
        then: 100"""
    book = _load(tmp_path, "first", rows)
    program = book.program("leisure.camp")
    on = date(2025, 1, 1)
    scope_params = program.params_at(on)
    assert may_hold(program, book.definitions, on, _node("applicant.age == 16", scope_params))
    assert not may_hold(program, book.definitions, on, _node("applicant.age > 16", scope_params))
