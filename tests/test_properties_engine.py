"""Properties of evaluation, on the shipped rule book (every program, whatever it holds).

* Evaluation is deterministic and does not change its inputs.
* Decisions and households round-trip through JSON.
* A decision made in one generated function (evaluation and explanation together) is
  the one explained from the engine's evaluation, unknown facts or not.
* Each criterion's reported result (and each amount) is its expression evaluated directly
  by the three-valued interpreter (the compiled fast path agrees with the reference
  semantics), and the outcome follows from the criteria.
* A dated parameter's value on a date is its latest entry dated on or before it.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from eligibility import Decision, EvaluationError, Household, Language, Parameter, RuleBook, Status
from eligibility._engines.interpreter import Context, kleene_criterion, kleene_output
from eligibility._language.types import INT
from eligibility._model.values import ABSENT, Unknown
from eligibility.testing import dates, evaluation_dates, households

pytestmark = pytest.mark.slow  # generated households, decided on every program

RULES = Path(__file__).resolve().parents[1] / "rules"
BOOK = RuleBook.load(RULES)
PROGRAM_IDS = tuple(BOOK.programs)
HOUSEHOLDS = households(programs=PROGRAM_IDS, max_children=4, max_history=4)
DEFINITIONS = BOOK.definitions


def test_the_shipped_book_has_programs() -> None:
    assert PROGRAM_IDS


@settings(max_examples=60)
@given(HOUSEHOLDS, evaluation_dates())
def test_evaluation_is_deterministic_and_pure(household: Household, on: date) -> None:
    assume(household.affiliate.born_by(on))  # else an input error (tested apart)
    before = household.model_dump()
    first = BOOK.screen(household, on=on)
    assert BOOK.screen(household, on=on) == first
    assert household.model_dump() == before
    # The same from plain data, which is not changed either.
    data = household.model_dump(mode="json")
    kept = copy.deepcopy(data)
    assert BOOK.screen(data, on=on) == first
    assert data == kept


_OTHER = RuleBook.load(RULES)  # its own compiled-code caches, filled in another order


@settings(max_examples=30)
@given(HOUSEHOLDS, evaluation_dates())
def test_another_book_decides_the_same(household: Household, on: date) -> None:
    assume(household.affiliate.born_by(on))  # else an input error (tested apart)
    backwards = _OTHER.screen(household, on=on, programs=PROGRAM_IDS[::-1])
    forwards = BOOK.screen(household, on=on)
    assert sorted(backwards, key=_order) == sorted(forwards, key=_order)


def _order(decision: Decision) -> tuple[str, str]:
    return decision.program, decision.applicant


@settings(max_examples=60)
@given(HOUSEHOLDS, evaluation_dates(), st.sampled_from(["ar", "fr", "en"]))
def test_decisions_round_trip_through_json(household: Household, on: date, lang: str) -> None:
    assume(household.affiliate.born_by(on))  # else an input error (tested apart)
    for decision in BOOK.screen(household, on=on, lang=lang):
        assert Decision.model_validate_json(decision.model_dump_json()) == decision
        assert Decision.model_validate(decision.model_dump()) == decision


@settings(max_examples=60)
@given(HOUSEHOLDS, evaluation_dates(), st.sampled_from(["ar", "fr", "en"]))
def test_a_decision_made_at_once_is_the_one_explained_from_the_evaluation(
    household: Household, on: date, lang: str
) -> None:
    assume(household.affiliate.born_by(on))  # else an input error (tested apart)
    house = household.as_of(on)
    for program in BOOK.programs.values():
        if not program.in_force(on):
            continue
        for person in BOOK.applicants(program, house):
            try:
                evaluation = BOOK.engine.evaluate(program, house, person, on)
            except EvaluationError as exc:
                with pytest.raises(EvaluationError, match=str(exc)):
                    BOOK.evaluate(program, house, applicant=person, on=on, lang=lang)
                continue
            explained = BOOK._explainer.decision(program, house, person, on, Language(lang),
                                                 evaluation)
            made = BOOK.evaluate(program, house, applicant=person, on=on, lang=lang)
            assert made == explained
            assert made.model_dump_json() == explained.model_dump_json()


@settings(max_examples=100)
@given(HOUSEHOLDS)
def test_households_round_trip_through_json(household: Household) -> None:
    assert Household.model_validate_json(household.model_dump_json()) == household
    assert Household.model_validate(household.model_dump(mode="json")) == household


def _expected_status(value: Any) -> str:
    if value is True:
        return "passed"
    if value is False:
        return "failed"
    assert isinstance(value, Unknown), value
    return "unknown"


@settings(max_examples=80)
@given(HOUSEHOLDS, evaluation_dates())
def test_each_criterion_is_its_expression_evaluated_directly(
    household: Household, on: date
) -> None:
    assume(household.affiliate.born_by(on))  # else an input error (tested apart)
    household = household.as_of(on)  # people not yet born take no part
    for program in BOOK:
        if not program.in_force(on):
            continue
        context = Context(household, on, program.params_at(on), DEFINITIONS)
        for person in BOOK.applicants(program, household, on):
            decision = BOOK.evaluate(program, household, applicant=person, on=on)
            criteria = program.active_criteria(on)
            assert [c.id for c in decision.criteria] == [c.id for c in criteria]
            statuses = []
            env = {"applicant": person, "household": household, "on": on}
            for criterion, result in zip(criteria, decision.criteria, strict=True):
                value, applied = kleene_criterion(criterion, context, env)
                status = _expected_status(value)
                assert result.result.value == status, (program.id, criterion.id, person.id)
                assert result.exceptions == list(applied), (program.id, criterion.id)
                missing = sorted(value.missing) if isinstance(value, Unknown) else []
                assert result.missing == missing, (program.id, criterion.id)
                statuses.append(status)
            if decision.outcome.value != "ineligible":
                for output in program.outputs:
                    value = kleene_output(output, context, env)
                    if value is ABSENT:  # given only in some cases, not this one
                        assert output.name not in {**decision.amounts, **decision.details}
                    elif isinstance(value, Unknown):
                        assert output.name not in {**decision.amounts, **decision.details}
                        assert value.missing <= set(decision.missing)
                    elif isinstance(value, (bool, str)):
                        assert decision.details[output.name] == value, (program.id, output.name)
                    else:
                        assert decision.amounts[output.name] == value, (program.id, output.name)
            if "failed" in statuses:
                assert decision.outcome.value == "ineligible"
            elif all(s == "passed" for s in statuses):
                assert decision.outcome.value == "eligible"
            else:
                assert decision.outcome.value == "undetermined"
                assert decision.missing


# -- dated parameters ---------------------------------------------------------------------------

_ENTRIES = st.dictionaries(
    dates(date(2000, 1, 1), date(2030, 12, 31)), st.integers(0, 99), min_size=1, max_size=6
)


def _latest(entries: dict[date, int], on: date) -> int | None:
    earlier = [d for d in entries if d <= on]
    return entries[max(earlier)] if earlier else None


@settings(max_examples=200)
@given(_ENTRIES, dates(date(1999, 1, 1), date(2032, 12, 31)))
def test_a_parameter_is_its_latest_entry_on_or_before_the_date(
    entries: dict[date, int], on: date
) -> None:
    parameter = Parameter("p", INT, tuple(sorted(entries.items())), Status.SOURCED)
    expected = _latest(entries, on)
    if expected is None:
        with pytest.raises(LookupError):
            parameter.at(on)
    else:
        assert parameter.at(on) == expected


_PROGRAM = """\
id: social.grant
domain: social-aid
applies_to: [affiliate]
title: {{ar: منحة, fr: Aide, en: Grant}}
status: illustrative
assumptions:
  - {{ar: افتراض, fr: Hypothèse, en: Assumption}}
versions:
  - {{id: "1", from: {start}}}
parameters:
  threshold:
    values: {{{values}}}
criteria:
  - id: threshold
    when: threshold >= 0
    text: {{ar: "الحد {{threshold}}", fr: "Seuil {{threshold}}", en: "Threshold {{threshold}}"}}
"""


@settings(max_examples=25)
@given(_ENTRIES, st.data())
def test_a_rule_book_reads_the_parameter_in_force(
    tmp_path_factory: pytest.TempPathFactory, entries: dict[date, int], data: st.DataObject
) -> None:
    start = min(entries)
    # Entries are written in a shuffled order: the file's order must not matter.
    shuffled = data.draw(st.permutations(sorted(entries.items())))
    values = ", ".join(f"{d.isoformat()}: {v}" for d, v in shuffled)
    root = tmp_path_factory.mktemp("rules")
    (root / "grant.yaml").write_text(_PROGRAM.format(start=start, values=values), "utf-8")
    book = RuleBook.load(root)
    household = {"id": "h", "affiliate": {"id": "a", "status": "active"}}
    day = timedelta(days=1)
    boundaries = sorted({*entries, *(d - day for d in entries)} - {start - day})
    on = data.draw(st.sampled_from(boundaries) | dates(start, date(2032, 12, 31)))
    decision = book.evaluate("social.grant", household, on=on)
    expected = _latest(entries, on)
    assert decision.parameters == {"threshold": expected}
    assert decision.criteria[0].values == {"threshold": expected}
    assert decision.criteria[0].text == f"Threshold {expected}"
    assert book.program("social.grant").params_at(on) == {"threshold": expected}
