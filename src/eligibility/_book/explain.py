"""From an engine's evaluation to a :class:`~eligibility.Decision`.

What a decision says that depends only on the program, the epoch of the date and the
language — title, version, status, sources, the criteria in force, their texts with the
parameters filled in — is prepared once per (program, epoch, language) and reused; only
what depends on the household is assembled per decision.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from eligibility._compile.ir import Criterion, Output, Program
from eligibility._engines.protocol import Evaluation
from eligibility._i18n import N_, t
from eligibility._i18n.format import since
from eligibility._i18n.words import (
    category_name,
    criterion_result,
    evidence_name,
    outcome_name,
    status_name,
)
from eligibility._model.decision import CriterionResult, Decision, OutputLabel, Source
from eligibility._model.household import Household, Person
from eligibility._model.values import Absent, Unknown, to_value
from eligibility._model.vocabulary import CriterionStatus, EngineName, Language, Outcome

__all__ = ["Explainer"]


@dataclass(frozen=True)
class _Prepared:
    """The parts of a decision fixed for one program, epoch and language."""

    base: dict[str, Any]
    criteria: tuple[Criterion, ...]
    texts: tuple[str, ...]
    params: dict[str, Any]
    assumed: tuple[bool, ...]
    assumed_outputs: tuple[str, ...]
    outputs: dict[str, Output]
    #: Outcome and criterion result -> its label in the language.
    words: dict[str, str]
    #: (output, value) -> how a person reads it, made once (amounts repeat: most are
    #: parameters).
    shown: dict[tuple[str, Any], OutputLabel] = field(default_factory=dict)

    def output_label(self, name: str, value: Any, lang: Language) -> OutputLabel | None:
        """An amount or detail as a person reads it (``None`` for an unknown output)."""
        key = (name, value)
        found = self.shown.get(key)
        if found is None:
            output = self.outputs.get(name)
            if output is None:
                return None
            found = OutputLabel(label=output.title(lang, self.params),
                                value=output.shown(value, lang))
            self.shown[key] = found
        return found


def _status(verdict: Any) -> CriterionStatus:
    if verdict is True:
        return CriterionStatus.PASSED
    if verdict is False:
        return CriterionStatus.FAILED
    return CriterionStatus.UNKNOWN


class Explainer:
    """Builds the decisions of one rule book evaluated by one engine."""

    def __init__(self, content_hash: str, engine: EngineName) -> None:
        self.content_hash = content_hash
        self.engine = engine
        self._prepared: dict[tuple[str, int, Language], _Prepared] = {}
        self._lock = threading.Lock()

    def prepared(self, program: Program, on: date, lang: Language) -> _Prepared:
        key = (program.id, program.epoch(on), lang)
        found = self._prepared.get(key)
        if found is None:
            with self._lock:
                found = self._prepared.setdefault(key, self._prepare(program, on, lang))
        return found

    def _prepare(self, program: Program, on: date, lang: Language) -> _Prepared:
        params = program.params_at(on)
        criteria = program.active_criteria(on)
        base = {
            "program": program.id, "program_title": program.title.render(lang, params),
            "version": program.version_at(on).id, "lang": lang, "status": program.status,
            "evidence": program.evidence(on),
            "evidence_label": evidence_name(program.evidence(on), lang),
            "illustrative_parameters": list(program.assumed_parameters(on)),
            "status_label": status_name(program.status, lang),
            "sources": [Source(title=s.title, url=s.url, date=s.date) for s in program.sources],
            "rulebook_hash": self.content_hash, "engine": self.engine,
        }
        texts = tuple(c.text.render(lang, params) for c in criteria)
        assumed = tuple(c.rests_on_assumption(on=on) for c in criteria)
        labels = {**{o.value: outcome_name(o, lang) for o in Outcome},
                  **{s.value: criterion_result(s, lang) for s in CriterionStatus}}
        return _Prepared(base, criteria, texts, params, assumed,
                         program.assumed_outputs_on(on), {o.name: o for o in program.outputs},
                         labels)

    def not_in_force(self, program: Program, household: Household, applicant: Person,
                     on: date, lang: Language) -> Decision:
        """The decision for a date the program is not in force on."""
        prepared = self.prepared(program, on, lang)
        start = program.versions[0]
        shown = since(start.valid_from, start.precision, lang)
        if program.valid_until is None:
            text = t(lang, N_("The program is in force {since}"), since=shown)
        else:
            text = t(lang, N_("The program is in force {since} until the day before {until}"),
                     since=shown, until=program.valid_until)
        failed = CriterionStatus.FAILED
        return Decision(
            **prepared.base, on=on, household=household.id, applicant=applicant.id,
            **_category(household, applicant, on, lang), outcome=Outcome.INELIGIBLE,
            outcome_label=prepared.words[Outcome.INELIGIBLE],
            criteria=[CriterionResult(id="in-force", result=failed,
                                      result_label=prepared.words[failed], text=text,
                                      values={"on": on.isoformat()},
                                      illustrative=on < start.valid_from and not start.exact)],
        )

    def decision(self, program: Program, household: Household, applicant: Person, on: date,
                 lang: Language, evaluation: Evaluation) -> Decision:
        """The decision an engine's ``evaluation`` makes, with everything that explains it."""
        prepared = self.prepared(program, on, lang)
        params = prepared.params
        results: list[CriterionResult] = []
        missing: set[str] = set()
        used: set[str] = set()
        for criterion, verdict, applied, seen, own_text, assumed in zip(
            prepared.criteria, evaluation.verdicts, evaluation.applied, evaluation.observed,
            prepared.texts, prepared.assumed, strict=True,
        ):
            read = {obs.source: to_value(value)
                    for obs, value in zip(criterion.observables, seen, strict=True)}
            used.update(k for k in read if k in params)
            lacking = sorted(verdict.missing) if isinstance(verdict, Unknown) else []
            missing.update(lacking)
            text = criterion.decided_by(applied).render(lang, params) if applied else own_text
            status = _status(verdict)
            results.append(CriterionResult(
                id=criterion.id, result=status, result_label=prepared.words[status],
                text=text, values=read,
                exceptions=list(applied), missing=lacking,
                illustrative=assumed or (bool(applied)
                                         and criterion.rests_on_assumption(applied, on)),
            ))
        amounts, details = _outputs(evaluation, missing)
        shown = {name: label for name, value in [*amounts.items(), *details.items()]
                 if (label := prepared.output_label(name, value, lang)) is not None}
        return Decision(
            **prepared.base, on=on, household=household.id, applicant=applicant.id,
            **_category(household, applicant, on, lang), outcome=evaluation.outcome,
            outcome_label=prepared.words[evaluation.outcome],
            amounts=amounts, details=details, output_labels=shown, criteria=results,
            missing=sorted(missing),
            parameters={k: to_value(params[k]) for k in sorted(used)},
            illustrative_outputs=[name for name in prepared.assumed_outputs
                                  if name in amounts or name in details],
        )


def _category(household: Household, applicant: Person, on: date, lang: Language
              ) -> dict[str, Any]:
    """Who the applicant is on ``on``, and who in the file takes no part (not yet born)."""
    category = household.category_of(applicant, on)
    label = None if category is None else category_name(category, lang, applicant.sex)
    return {"category": category, "category_label": label,
            "not_yet_born": list(household.not_yet_born)}


def _outputs(evaluation: Evaluation, missing: set[str]
             ) -> tuple[dict[str, Decimal], dict[str, str | bool]]:
    """Amounts (numbers) and details (texts and flags); unknown outputs add to ``missing``."""
    amounts: dict[str, Decimal] = {}
    details: dict[str, str | bool] = {}
    for name, value in evaluation.outputs.items():
        if isinstance(value, Absent):
            continue  # given only in some cases, not in this one
        if isinstance(value, Unknown):
            missing.update(value.missing)
        elif isinstance(value, (bool, str)):
            details[name] = value if isinstance(value, bool) else str(value)
        else:
            amounts[name] = Decimal(value)
    return amounts, details
