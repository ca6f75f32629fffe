"""Decisions are assembled from the library's own values without validating them again
(:func:`eligibility._model.decision.built`, the generated per-household part): each must
be exactly what validation would have made, field by field and type by type."""

from __future__ import annotations

from typing import Any

import pytest

from eligibility import CriterionResult, Decision, RuleBook


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
