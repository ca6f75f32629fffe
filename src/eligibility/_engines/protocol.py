"""What an engine is: the one method the rule book calls, and what it returns.

An engine decides; the rule book explains. For one program, one applicant of one
household and one date, :meth:`Engine.evaluate` gives the three-valued outcome, each
active criterion's result with the exceptions applied and the values it read, and the
benefit outputs. The rule book turns that into a :class:`~eligibility.Decision`
(texts, sources, marks, parameters), the same way for every engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, NamedTuple, Protocol

from eligibility._compile.ir import Program
from eligibility._model.household import Household, Person
from eligibility._model.values import Unknown
from eligibility._model.vocabulary import EngineName, Outcome

__all__ = ["Engine", "Evaluation", "Verdict", "outcome_of"]

#: A criterion's result: ``True`` (met), ``False`` (not met) or :class:`Unknown` (it
#: depends on facts the household file does not give; the value names them).
Verdict = bool | Unknown


class Evaluation(NamedTuple):
    """What an engine found, for one program, applicant and date.

    Attributes:
        outcome: eligible, ineligible or undetermined.
        verdicts: one result per criterion active on the date, in the order the
            program's ``active_criteria(on)`` gives them.
        applied: for each of those criteria, the ids of the exceptions applied,
            outermost first (empty when the criterion's own condition decided).
        observed: for each of those criteria, the values of its ``observables``
            (``None`` for an unknown one).
        outputs: each benefit output's value (or :class:`Unknown`), by name; empty
            when the outcome is ineligible.
    """

    outcome: Outcome
    verdicts: tuple[Verdict, ...]
    applied: tuple[tuple[str, ...], ...]
    observed: tuple[tuple[Any, ...], ...]
    outputs: Mapping[str, Any]


class Engine(Protocol):
    """An engine evaluates compiled programs. The rule book makes one by name
    (``RuleBook.load(engine="durable")``); every engine gives the same evaluations."""

    @property
    def name(self) -> EngineName:
        """The engine's name, recorded in every decision."""
        ...

    def evaluate(self, program: Program, household: Household, applicant: Person,
                 on: date) -> Evaluation:
        """Evaluate ``program`` for ``applicant`` of ``household`` on ``on``.

        Raises:
            EvaluationError: when a rule fails while evaluating (a division by zero...).
        """
        ...


def outcome_of(verdicts: tuple[Verdict, ...]) -> Outcome:
    """Kleene conjunction of the criteria: ineligible if one is not met, eligible if all
    are, undetermined otherwise."""
    if any(v is False for v in verdicts):
        return Outcome.INELIGIBLE
    if all(v is True for v in verdicts):
        return Outcome.ELIGIBLE
    return Outcome.UNDETERMINED
