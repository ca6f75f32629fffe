"""One whole evaluation by the three-valued interpreter alone, in the order the native
engine evaluates: every criterion (first error wins), then the values read, then the
outputs unless the outcome is ineligible.

An engine that cannot evaluate a row exactly in its own way (the columnar engine, for a
value it cannot represent or an expression it cannot vectorise) asks this instead: the
interpreter is the reference semantics, so the answer is the one every engine must give.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from eligibility._compile.ir import Criterion, Definition, Output
from eligibility._model.errors import EvaluationError
from eligibility._model.household import Household, Person
from eligibility._model.numbers import arithmetic_problem
from eligibility._model.vocabulary import Outcome

from .interpreter import Context, kleene_criterion, kleene_output, observed_value
from .protocol import Evaluation, Verdict, outcome_of

__all__ = ["interpret", "interpret_criterion", "interpret_observed", "interpret_output"]

_NO_OUTPUTS: Mapping[str, Any] = MappingProxyType({})


def _env(household: Household, applicant: Person, on: date) -> dict[str, Any]:
    return {"applicant": applicant, "household": household, "on": on}


def interpret_criterion(criterion: Criterion, params: Mapping[str, Any],
                        definitions: Mapping[str, Definition], household: Household,
                        applicant: Person, on: date) -> tuple[Verdict, tuple[str, ...]]:
    """One criterion's result and the exceptions applied."""
    ctx = Context(household, on, params, definitions)
    return kleene_criterion(criterion, ctx, _env(household, applicant, on))


def interpret_observed(criterion: Criterion, index: int, params: Mapping[str, Any],
                       definitions: Mapping[str, Definition], household: Household,
                       applicant: Person, on: date) -> Any:
    """The value of a criterion's ``index``-th observable (``None`` when unknown)."""
    ctx = Context(household, on, params, definitions)
    return observed_value(criterion.observables[index], ctx, _env(household, applicant, on))


def interpret_output(output: Output, params: Mapping[str, Any],
                     definitions: Mapping[str, Definition], household: Household,
                     applicant: Person, on: date) -> Any:
    """A benefit output's value, or :class:`~eligibility._model.values.Unknown`."""
    ctx = Context(household, on, params, definitions)
    return kleene_output(output, ctx, _env(household, applicant, on))


def interpret(criteria: tuple[Criterion, ...], outputs: tuple[Output, ...],
              params: Mapping[str, Any], definitions: Mapping[str, Definition],
              household: Household, applicant: Person, on: date) -> Evaluation:
    """The whole evaluation of one applicant (raises ``EvaluationError`` like any engine,
    an arithmetic error included)."""
    try:
        return _interpret(criteria, outputs, params, definitions, household, applicant, on)
    except ArithmeticError as exc:
        raise EvaluationError(arithmetic_problem(exc)) from None


def _interpret(criteria: tuple[Criterion, ...], outputs: tuple[Output, ...],
               params: Mapping[str, Any], definitions: Mapping[str, Definition],
               household: Household, applicant: Person, on: date) -> Evaluation:
    ctx = Context(household, on, params, definitions)
    env = _env(household, applicant, on)
    decided = [kleene_criterion(criterion, ctx, env) for criterion in criteria]
    verdicts = tuple(v for v, _ in decided)
    outcome = outcome_of(verdicts)
    observed = tuple(tuple(observed_value(o, ctx, env) for o in c.observables)
                     for c in criteria)
    values: Mapping[str, Any] = _NO_OUTPUTS
    if outcome is not Outcome.INELIGIBLE:
        values = {o.name: kleene_output(o, ctx, env) for o in outputs}
    return Evaluation(outcome, verdicts, tuple(a for _, a in decided), observed, values)
