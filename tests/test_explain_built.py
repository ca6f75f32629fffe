"""Decisions are assembled from the library's own values without validating them again
(:func:`eligibility._model.decision.built`, the generated per-household part): each must
be exactly what validation would have made, field by field and type by type."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from eligibility import CriterionResult, Decision, EligibilityError, Household, Language, RuleBook
from eligibility._book.explain import LABELS_KEPT


@pytest.fixture(scope="module")
def decisions() -> list[Decision]:
    book = RuleBook.load()
    found = []
    for lang in ("en", "fr", "ar"):
        for program in book.programs.values():
            for example in program.examples:
                try:
                    found.append(book.evaluate(program, example.household,
                                               applicant=example.applicant, on=example.on,
                                               lang=lang))
                except Exception:  # an example about bad input: nothing is built
                    continue
    return found


def _types(model: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in model.__dict__.items():
        if isinstance(value, list) and value and isinstance(value[0], CriterionResult):
            out[name] = [_types(v) for v in value]
        elif isinstance(value, dict):
            out[name] = {k: type(v) for k, v in value.items()}
        elif isinstance(value, list):
            out[name] = [type(v) for v in value]
        else:
            out[name] = type(value)
    return out


def test_a_built_decision_is_the_validated_one(decisions: list[Decision]) -> None:
    assert len(decisions) > 300
    for decision in decisions:
        validated = Decision.model_validate(decision.model_dump())
        assert validated == decision
        assert list(decision.__dict__) == list(Decision.model_fields)
        assert _types(validated) == _types(decision)
        assert validated.model_dump_json() == decision.model_dump_json()


def test_built_decisions_are_frozen_and_independent(decisions: list[Decision]) -> None:
    first, second = decisions[0], decisions[1]
    with pytest.raises(Exception, match="frozen"):
        first.outcome = second.outcome  # type: ignore[misc]
    assert first.sources is not second.sources
    assert first.parameters is not second.parameters
    assert first.criteria[0].values is not second.criteria[0].values


def test_a_decision_made_at_once_is_the_one_explained_from_the_evaluation() -> None:
    """With the native engine a decision is evaluated and assembled in one generated
    function; it is exactly the decision explained from the engine's evaluation (the path
    of the other engines, and of a decision that looks ahead), unknown facts or not."""
    book = RuleBook.load()
    compared = 0
    for lang in Language:
        for program in book.programs.values():
            for example in program.examples:
                try:
                    made = book.evaluate(program, example.household,
                                         applicant=example.applicant, on=example.on,
                                         lang=lang)
                except EligibilityError:  # an example about bad input
                    continue
                if not program.in_force(example.on):
                    continue
                household = Household.model_validate(example.household).as_of(example.on)
                person = household.person(made.applicant)
                evaluation = book.engine.evaluate(program, household, person, example.on)
                explained = book._explainer.decision(program, household, person, example.on,
                                                     lang, evaluation)
                assert made == explained
                assert made.model_dump_json() == explained.model_dump_json()
                assert _types(made) == _types(explained)
                compared += 1
    assert compared > 300


def test_output_labels_kept_are_bounded() -> None:
    """Amounts computed from households' own figures are labelled every time, but only a
    bounded number of labels is kept (a long-running service must not grow without end)."""
    book = RuleBook.load()
    program = book.program("leisure.family-holiday-centre")
    on = date(2026, 5, 20)
    prepared = book._explainer.prepared(program, on, Language.FR)
    labels = [prepared.output_label("party_size", Decimal(n), Language.FR)
              for n in range(LABELS_KEPT * 2)]
    assert len(prepared.labelled) == LABELS_KEPT
    last = labels[-1]
    assert last is not None
    assert last == prepared.output_label("party_size", Decimal(LABELS_KEPT * 2 - 1),
                                         Language.FR)
    assert str(LABELS_KEPT * 2 - 1)[-3:] in last.value


def test_the_shared_fields_set_never_changes(decisions: list[Decision]) -> None:
    """Every built model shares one fields set per class: pydantic copies it before
    changing it, and a caller who tries to change it is refused."""
    import copy
    import pickle

    before = [(d.model_fields_set, [c.model_fields_set for c in d.criteria])
              for d in decisions]
    expected = [(set(fs), [set(c) for c in cs]) for fs, cs in before]
    first = decisions[0]
    changed = [first.model_copy(update={"program": "x"}),
               first.model_copy(update={"next_change": None}, deep=True),
               first.criteria[0].model_copy(update={"text": "x"}),
               copy.copy(first), copy.deepcopy(first), pickle.loads(pickle.dumps(first))]
    for model in changed:
        assert type(model.model_fields_set) is set
        model.model_fields_set.add("extra")  # a plain set of its own
    with pytest.raises(TypeError, match="shared"):
        first.model_fields_set.add("program")
    with pytest.raises(TypeError, match="shared"):
        first.criteria[0].model_fields_set.clear()
    with pytest.raises(TypeError, match="shared"):
        first.model_fields_set.update({"x"})
    after = [(set(d.model_fields_set), [set(c.model_fields_set) for c in d.criteria])
             for d in decisions]
    assert after == expected
    assert expected[0][0] == set(Decision.model_fields)
    assert changed[0].program == "x"
    assert first.program != "x"


def test_whole_amounts_kept_are_bounded() -> None:
    """A whole amount's decimal and label are kept per output for the next decisions, at
    most :data:`LABELS_KEPT` of them; each is the one the general way makes."""
    book = RuleBook.load()
    program = book.program("leisure.family-holiday-centre")
    on = date(2026, 7, 20)
    prepared = book._explainer.prepared(program, on, Language.FR)
    assert prepared.decide is not None
    namespace = prepared.decide.__globals__
    kept, whole = namespace["_AMOUNTS0"], namespace["_whole"]
    assert namespace["_ON0"] == "party_size"
    found = [whole(kept, "party_size", n) for n in range(LABELS_KEPT * 2)]
    assert len(kept) == LABELS_KEPT
    for n in (0, 7, LABELS_KEPT * 2 - 1):
        amount, label = found[n]
        assert type(amount) is Decimal
        assert str(amount) == str(n)
        assert label == prepared.output_label("party_size", Decimal(n), Language.FR)


def test_dates_written_out_kept_are_bounded() -> None:
    """A date read is written out once and kept, at most DATES_KEPT of them (dates read
    from households must not grow it without end); each text is the date's ISO text."""
    from datetime import timedelta

    from eligibility._book.explain_code import _DATES, DATES_KEPT, _date_text

    kept = dict(_DATES)
    _DATES.clear()
    try:
        start = date(1900, 1, 1)
        days = [start + timedelta(days=n) for n in range(DATES_KEPT * 2)]
        assert [_date_text(day) for day in days] == [day.isoformat() for day in days]
        assert len(_DATES) == DATES_KEPT
        assert all(text == day.isoformat() for day, text in _DATES.items())
    finally:
        _DATES.clear()
        _DATES.update(kept)


def test_a_value_the_criteria_compute_is_not_computed_again() -> None:
    """A value read that a criterion computes behind a short-circuit (whether a child is a
    rights holder, for a child; whether a spouse is divorced, for a spouse) is kept where
    it is computed, and computed for the decision only where the short-circuit skipped
    it; whether a person who is not a spouse is divorced is read as unknown at once."""
    book = RuleBook.load()
    program = book.program("health.complementary-cover")
    on = date(2025, 9, 1)
    household = Household.model_validate({
        "id": "h", "affiliate": {"id": "a", "birth_date": "1975-01-01", "status": "active"},
        "spouses": [{"id": "s", "birth_date": "1978-01-01", "divorce_date": "2025-03-01"}],
        "children": [{"id": "c", "birth_date": "2010-05-01"}]})
    book.evaluate(program, household, applicant="a", on=on)
    decide = book._explainer.prepared(program, on, Language.EN).decide
    assert decide is not None
    names = decide.__globals__
    calls: dict[str, int] = {}

    def counted(name: str) -> None:
        real = names[name]

        def call(*args: Any) -> Any:
            calls[name] = calls.get(name, 0) + 1
            return real(*args)

        names[name] = call

    for name in ("_divorced", "_divorced_read", "d_is_rights_holder_child"):
        counted(name)
    expected = {
        # the applicant: both values read computed for the decision alone
        "a": {"_divorced_read": 1, "d_is_rights_holder_child": 1},
        # the spouse: divorced computed by the criterion and kept
        "s": {"_divorced": 1, "d_is_rights_holder_child": 1},
        # the child: a rights holder, computed by the criterion and kept
        "c": {"_divorced_read": 1, "d_is_rights_holder_child": 1},
    }
    for person_id, counts in expected.items():
        calls.clear()
        person = household.person(person_id)
        made = book.evaluate(program, household, applicant=person, on=on)
        assert calls == counts, person_id
        evaluation = book.engine.evaluate(program, household, person, on)
        explained = book._explainer.decision(program, household, person, on, Language.EN,
                                             evaluation)
        assert made.model_dump_json() == explained.model_dump_json()
    values = {c.id: c.values for c in made.criteria}
    assert values["divorced-spouse-cover"]["applicant.divorced"] is None


def test_a_part_the_criteria_always_compute_is_read_once() -> None:
    """The excellence award's criteria always read the baccalaureate score; the values
    read and the three award tables use the value they computed, never read it again."""
    book = RuleBook.load()
    program = book.program("education.excellence-award")
    on = program.examples[0].on
    inline = "\n".join(book.engine.compiled(program, on).inline)  # type: ignore[attr-defined]
    assert inline.count("a.bac_score") == 1
    assert inline.count("a.bac_year") == 1


def test_a_category_every_applicant_holds_is_the_household_s_answer() -> None:
    """A program that applies to children alone gives every decision the one category a
    child holds without asking the household; it is the household's own answer, for
    every example, and for a program applying to several categories there is none."""
    from eligibility._book.explain import fixed_category

    book = RuleBook.load()
    fixed = {p.id: fixed_category(p) for p in book.programs.values()}
    assert fixed["education.university-partnerships"] == "rights_holder"
    assert fixed["leisure.family-holiday-centre"] is None
    assert fixed["health.complementary-cover"] is None
    checked = 0
    for program in book.programs.values():
        for example in program.examples:
            try:
                decision = book.evaluate(program, example.household,
                                         applicant=example.applicant, on=example.on)
            except EligibilityError:  # an example about bad input
                continue
            household = Household.model_validate(example.household).as_of(example.on)
            person = household.person(decision.applicant)
            assert decision.category == household.category_of(person, example.on)
            checked += fixed[program.id] is not None
    assert checked > 20
