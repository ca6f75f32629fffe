"""One decision that "what would change it" asks about: the program, the applicant of the
household, the date, and the ways of deciding it again with a fact changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from eligibility._compile.ir import Criterion, Definition, Program
from eligibility._compile.logic import Constraint
from eligibility._engines.interpreter import Context, kleene_criterion
from eligibility._engines.protocol import Engine
from eligibility._model.household import CHANGEABLE_FACTS, Household, Person
from eligibility._model.vocabulary import Language, Outcome
from eligibility._model.whatif import Requirement

from .facts import fact_paths, fact_type, with_fact
from .requirements import candidates, requirement
from .residual import Residual, Term
from .timeline import Scanner, horizon

__all__ = ["Asker"]

#: Values tried for one fact, nearest first.
_TRIES = 3


class Asker:
    """Asks what would change one decision: the program, the applicant of the household
    (the file as given: facts are changed there, by path) and the date, with the rule
    book's engine and definitions. Decisions are made on the household as it stands on
    the date (people not yet born left out)."""

    def __init__(self, program: Program, household: Household, applicant: Person, on: date,
                 lang: Language, engine: Engine, definitions: Mapping[str, Definition]) -> None:
        self.program, self.household, self.applicant = program, household, applicant
        self.on, self.lang, self.engine = on, lang, engine
        self.params = program.params_at(on)
        self.ctx, self.env = self.changed(household)
        self.scanner = Scanner(program, household, applicant, engine, definitions, on,
                               horizon(on))
        self.changeable = frozenset(fact_paths(household, CHANGEABLE_FACTS))

    def changed(self, household: Household) -> tuple[Context, dict[str, Any]]:
        """The context and environment of the same decision on another version of the file."""
        current = household.as_of(self.on)
        person = current.person(self.applicant.id)
        ctx = Context(current, self.on, self.params, self.program.definitions)
        return ctx, {"applicant": person, "household": current}

    def outcome(self, household: Household) -> Outcome:
        """The outcome of the decision on another version of the file."""
        if not self.program.in_force(self.on):
            return Outcome.INELIGIBLE
        current = household.as_of(self.on)
        person = current.person(self.applicant.id)
        return self.engine.evaluate(self.program, current, person, self.on).outcome

    def passes(self, criterion: Criterion, household: Household) -> bool:
        ctx, env = self.changed(household)
        return kleene_criterion(criterion, ctx, env)[0] is True

    def try_values(self, residual: Residual, term: Term, constraints: Sequence[Constraint],
                   criterion: Criterion) -> Requirement | None:
        """The nearest value of ``term`` meeting ``constraints`` that meets the criterion."""
        kind = fact_type(self.household, term.path)
        current = residual.current.get(term)
        for value in candidates(constraints, current, kind)[:_TRIES]:
            changed = with_fact(self.household, term.path, value)
            if changed is not None and self.passes(criterion, changed):
                return requirement(term, residual.owners.get(term), constraints, kind, current,
                                   value, self.lang)
        return None
