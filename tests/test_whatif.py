"""What would change an outcome, checked on every shipped example: for each refusal,
each suggested change makes the applicant eligible when applied (or the answer says why
no single change does); for each undetermined decision, each value said to decide it
does; suggestions never touch a fact that cannot change."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eligibility import (
    CHANGEABLE_FACTS,
    Household,
    Outcome,
    RuleBook,
    WhatIf,
)

ROOT = Path(__file__).resolve().parents[1]
BOOK = RuleBook.load(ROOT / "rules")
CASES = [(program.id, example) for program in BOOK for example in program.examples]
_STEP = re.compile(r"\.([A-Za-z_]+)(?:\[(\d+)\])?")


def _changed(household: Any, path: str, value: Any) -> dict[str, Any]:
    """The household's data with the fact at ``path`` set to ``value``."""
    data = Household.model_validate(household).model_dump(mode="json")
    steps = [(m.group(1), m.group(2)) for m in _STEP.finditer(path, len("household"))]
    current: Any = data
    for name, index in steps[:-1]:
        current = current[name] if index is None else current[name][int(index)]
    current[steps[-1][0]] = value
    return data


def _what_if(program_id: str, example: Any, lang: str = "en") -> tuple[Any, WhatIf]:
    decision = BOOK.evaluate(program_id, example.household, applicant=example.applicant,
                             on=example.on, next_change=False)
    return decision, BOOK.what_if(program_id, example.household, applicant=example.applicant,
                                  on=example.on, lang=lang)


@pytest.mark.parametrize(("program_id", "example"), CASES,
                         ids=[f"{p}: {e.name}" for p, e in CASES])
def test_every_answer_is_checked_by_deciding_again(program_id: str, example: Any) -> None:
    decision, answer = _what_if(program_id, example)
    assert answer.outcome is decision.outcome
    if decision.outcome is Outcome.INELIGIBLE:
        assert answer.remedies or answer.no_single_change
        for remedy in answer.remedies:
            if remedy.requirement is not None:
                household = _changed(example.household, remedy.requirement.fact,
                                     remedy.requirement.suggested)
                on = example.on
            else:
                assert remedy.on is not None
                assert remedy.on > example.on
                household, on = example.household, remedy.on
            again = BOOK.evaluate(program_id, household, applicant=example.applicant, on=on,
                                  next_change=False)
            assert again.outcome is Outcome.ELIGIBLE, remedy.text
    if decision.outcome is Outcome.UNDETERMINED:
        assert {m.fact for m in answer.missing} == set(decision.missing)
        for missing in answer.missing:
            for decider in missing.deciders:
                for value in decider.values:
                    household = _changed(example.household, missing.fact, value)
                    again = BOOK.evaluate(program_id, household, applicant=example.applicant,
                                          on=example.on, next_change=False)
                    assert again.outcome is decider.outcome, (missing.fact, value)
    suggested = [r for a in answer.criteria for r in a.requirements] + \
        [r for a in answer.criteria for g in a.together for r in g] + \
        [o.requirement for o in answer.outputs]
    for requirement in suggested:
        assert requirement.fact.rsplit(".", 1)[1] in CHANGEABLE_FACTS
    for option in answer.outputs:
        household = _changed(example.household, option.requirement.fact,
                             option.requirement.suggested)
        again = BOOK.evaluate(program_id, household, applicant=example.applicant,
                              on=example.on, next_change=False)
        values = {**again.amounts, **again.details}
        assert str(values[option.output]) == str(option.value)
    assert WhatIf.model_validate_json(answer.model_dump_json()) == answer


def _case(program_id: str, name: str) -> Any:
    return next(e for p, e in CASES if p == program_id and e.name == name)


def test_a_pension_one_dirham_above_the_ceiling() -> None:
    example = _case("social.eid-al-adha-grant", "retiree one dirham above the ceiling")
    _, answer = _what_if("social.eid-al-adha-grant", example)
    [advice] = answer.criteria
    [need] = advice.requirements
    assert (need.fact, need.op, need.value, need.current, need.suggested) == (
        "household.affiliate.monthly_pension", "<=", 2500, "2501", "2500")
    assert need.text == "monthly pension of a: at most 2,500\u00a0MAD (now: 2,501\u00a0MAD)"
    assert [r.requirement for r in answer.remedies] == [need]


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "pension mensuelle de a\u00a0: au plus 2\u202f500\u00a0MAD (actuellement\u00a0: "
           "2\u202f501\u00a0MAD)"),
    ("ar", "المعاش الشهري لـa: 2.500\u00a0درهم على الأكثر (حاليا: 2.501\u00a0درهم)"),
])
def test_requirements_in_french_and_arabic(lang: str, text: str) -> None:
    example = _case("social.eid-al-adha-grant", "retiree one dirham above the ceiling")
    _, answer = _what_if("social.eid-al-adha-grant", example, lang)
    assert answer.criteria[0].requirements[0].text == text


def test_a_shared_definition_can_be_what_passes_a_criterion() -> None:
    example = _case("health.complementary-cover", "on the 22nd birthday, no longer covered")
    _, answer = _what_if("health.complementary-cover", example)
    [advice] = answer.criteria
    assert [(r.fact, r.suggested) for r in advice.requirements] == [
        ("household.children[0].student", True)]  # is_dependent_child: a student to 26


def test_an_exception_can_be_what_passes_a_criterion() -> None:
    example = _case("education.killed-on-duty-orphan-grant", "not a student, on the 22nd "
                    "birthday")
    _, answer = _what_if("education.killed-on-duty-orphan-grant", example)
    [advice] = answer.criteria
    assert advice.criterion == "until-end-of-university"
    [need] = advice.requirements
    assert (need.fact.rsplit(".", 1)[1], need.suggested) == ("student", True)
    household = _changed(example.household, need.fact, need.suggested)
    again = BOOK.evaluate("education.killed-on-duty-orphan-grant", household,
                          applicant=example.applicant, on=example.on, next_change=False)
    [met] = [c for c in again.criteria if c.id == "until-end-of-university"]
    assert met.exceptions == ["university"]


def test_a_date_from_which_the_child_is_old_enough() -> None:
    example = _case("leisure.summer-camp", "a 7-year-old is too young")
    _, answer = _what_if("leisure.summer-camp", example)
    [advice] = answer.criteria
    assert advice.requirements == []
    assert advice.passes_from == date(2026, 3, 3)
    assert advice.passes_from_text == (
        "from 3 March 2026 (c7 turns 8: The child is aged 8 to 16 — now met)")
    assert [r.on for r in answer.remedies] == [date(2026, 3, 3)]


def test_facts_that_cannot_change_are_named_not_suggested() -> None:
    example = _case("health.killed-on-duty-medical-cover",
                    "an officer who died of illness does not open this cover")
    _, answer = _what_if("health.killed-on-duty-medical-cover", example)
    [advice] = answer.criteria
    assert advice.requirements == []
    assert "killed on duty" in advice.fixed
    assert answer.remedies == []
    assert answer.no_single_change is not None
    assert "cannot change" in answer.no_single_change


def test_two_criteria_not_met() -> None:
    example = _case("housing.flats-for-widows", "the wife of a serving officer is not a widow")
    _, answer = _what_if("housing.flats-for-widows", example)
    assert len(answer.criteria) == 2
    assert answer.no_single_change is not None
    assert answer.no_single_change.startswith("No single change makes the applicant "
                                              "eligible: 2 criteria")


def test_a_bank_account_for_a_transfer_vouchers_otherwise() -> None:
    example = _case("social.eid-al-adha-grant", "unknown pension leaves the decision open")
    _, answer = _what_if("social.eid-al-adha-grant", example)
    [option] = answer.outputs
    assert (option.output, option.value, option.current) == (
        "payment_method", "vouchers", "bank_transfer")
    assert option.requirement.fact == "household.bank_account"


def test_which_pensions_decide_an_open_decision() -> None:
    example = _case("social.eid-al-adha-grant", "unknown pension leaves the decision open")
    _, answer = _what_if("social.eid-al-adha-grant", example)
    [missing] = answer.missing
    assert [(d.outcome, d.condition) for d in missing.deciders] == [
        (Outcome.ELIGIBLE, "at most 2,500\u00a0MAD"),
        (Outcome.INELIGIBLE, "more than 2,500\u00a0MAD")]


def test_which_birth_dates_decide_an_open_decision() -> None:
    example = _case("leisure.summer-camp", "unknown birth date leaves the decision open")
    _, answer = _what_if("leisure.summer-camp", example, "fr")
    [missing] = answer.missing
    assert [d.outcome for d in missing.deciders] == [
        Outcome.INELIGIBLE, Outcome.ELIGIBLE, Outcome.INELIGIBLE]
    assert missing.text.startswith("date de naissance de x — le 8 juillet 2008 ou avant\u00a0: "
                                   "non éligible\u00a0; du 9 juillet 2008 au 8 juillet 2017\u00a0: "
                                   "éligible")
