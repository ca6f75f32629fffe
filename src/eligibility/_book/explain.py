"""From an engine's evaluation to a :class:`~eligibility.Decision`.

What a decision says that depends only on the program, the epoch of the date and the
language — title, version, status, sources, the criteria in force, the text and the
assumption mark of each criterion for each list of exceptions that can apply, the
parameters shown, the outputs that rest on an assumption — is prepared once per
(program, epoch, language) and reused. Per decision, only what depends on the household
is assembled: each criterion's result, the values it read and the facts missing, the
amounts, the applicant's category; and the models are built from those values directly
(:func:`~eligibility._model.decision.built`), not validated again.

For the native engine, the evaluation and the assembly are one generated function per
(program, epoch, language) (:func:`.decide_code.generate_decide`), found with one
lookup per decision (:meth:`Explainer.decide`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from eligibility._compile.ir import Criterion, Output, Program
from eligibility._engines.protocol import Engine, Evaluation
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
from eligibility._model.household import Category, Household, Person
from eligibility._model.numbers import arithmetic
from eligibility._model.values import Absent, Unknown, to_value
from eligibility._model.vocabulary import CriterionStatus, EngineName, Language, Outcome

from .decide_code import generate_decide
from .explain_code import LABELS_KEPT, Decide, Explain, generate

if TYPE_CHECKING:  # the engines are imported when they are made (``registry``)
    from eligibility._engines.native.engine import NativeEngine

__all__ = ["Explainer", "fixed_category", "not_in_force_result", "shown"]


@dataclass(frozen=True)
class _Prepared:
    """The parts of a decision fixed for one program, epoch and language.

    ``shown[i]`` maps each list of exceptions criterion ``i`` can apply to its text and
    assumption mark; ``sources[i]`` names the values it reads; ``parameters`` are the
    parameters its criteria read (every decision shows the same); ``words`` are the
    outcomes' and the criterion results' labels in the language."""

    base: dict[str, Any]
    criteria: tuple[Criterion, ...]
    texts: tuple[str, ...]
    params: dict[str, Any]
    assumed: tuple[bool, ...]
    assumed_outputs: tuple[str, ...]
    outputs: dict[str, Output]
    #: Outcome and criterion result -> its label in the language.
    words: dict[str, str]
    shown: tuple[dict[tuple[str, ...], tuple[str, bool]], ...] = ()
    sources: tuple[tuple[str, ...], ...] = ()
    parameters: dict[str, Any] | None = None
    #: (output, value) -> how a person reads it, made once (amounts repeat: most are
    #: parameters); at most :data:`LABELS_KEPT` of them, so that amounts computed from
    #: households' own figures do not grow it without end in a long-running service.
    labelled: dict[tuple[str, Any], OutputLabel] = field(default_factory=dict)
    #: The per-household part, generated (:mod:`.explain_code`).
    explain: Explain | None = None
    #: The whole decision: evaluation and explanation (or the program not in force).
    decide: Decide | None = None
    #: The one category every person the program applies to holds, if there is one
    #: (:data:`~eligibility.ROLE_CATEGORIES`: a child is a rights holder): a decision's
    #: category without asking the household.
    category: Category | None = None
    #: The period's first day and the day after its last (``date.min`` and ``date.max``
    #: where it is unbounded: a decision on ``date.max`` looks its parts up by epoch).
    since: date = date.min
    until: date = date.max

    def output_label(self, name: str, value: Any, lang: Language) -> OutputLabel | None:
        """An amount or detail as a person reads it (``None`` for an unknown output)."""
        key = (name, value)
        found = self.labelled.get(key)
        if found is None:
            output = self.outputs.get(name)
            if output is None:
                return None
            found = OutputLabel(label=output.title(lang, self.params),
                                value=output.shown(value, lang))
            if len(self.labelled) < LABELS_KEPT:
                self.labelled[key] = found
        return found

    def output_labels(self, amounts: dict[str, Decimal], details: dict[str, str | bool],
                      lang: Language) -> dict[str, OutputLabel]:
        """Each amount and detail of a decision as a person reads it, by name."""
        return {name: label for name, value in [*amounts.items(), *details.items()]
                if (label := self.output_label(name, value, lang)) is not None}


def _status(verdict: Any) -> CriterionStatus:
    if verdict is True:
        return CriterionStatus.PASSED
    if verdict is False:
        return CriterionStatus.FAILED
    return CriterionStatus.UNKNOWN


class Explainer:
    """Builds the decisions of one rule book evaluated by one engine."""

    def __init__(self, content_hash: str, engine: Engine) -> None:
        self.content_hash = content_hash
        self.evaluator = engine
        self.engine = engine.name
        #: What is prepared, by program id, epoch and language (:meth:`prepared`).
        self.known: dict[tuple[str, int, Language], _Prepared] = {}
        #: By program id and language, what was last prepared or looked up: a decision on
        #: a date of its period (:attr:`_Prepared.since`, :attr:`_Prepared.until`) uses it
        #: without working out the date's epoch.
        self.latest: dict[tuple[str, Language], _Prepared] = {}
        self._lock = threading.Lock()

    def prepared(self, program: Program, on: date, lang: Language) -> _Prepared:
        """The parts of the decisions of ``program`` in the epoch of ``on``, in ``lang``
        (prepared on first use)."""
        key = (program.id, program.epoch(on), lang)
        found = self.known.get(key)
        if found is None:
            with self._lock:
                found = self.known.get(key)
                if found is None:
                    found = self.known[key] = self._prepare(program, on, lang)
        self.latest[program.id, lang] = found
        return found

    def decide(self, program: Program, household: Household, applicant: Person, on: date,
               lang: Language) -> Decision:
        """The decision: evaluated by the engine and explained (one lookup of what is
        prepared for the program, the epoch of ``on`` and ``lang``)."""
        # The lookup of the latest parts, written out: this runs once per decision.
        found = self.latest.get((program.id, lang))
        if found is None or not found.since <= on < found.until:
            found = self.prepared(program, on, lang)
        decide = found.decide
        assert decide is not None
        return decide(household, applicant, on)

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
        shown_by_chain = tuple(
            {chain: shown(c, chain, text, mark, params, on, lang)
             for chain in _chains(c.exceptions, ())}
            for c, text, mark in zip(criteria, texts, assumed, strict=True))
        sources = tuple(tuple(o.source for o in c.observables) for c in criteria)
        used = sorted({s for names in sources for s in names if s in params})
        labels = {**{o.value: outcome_name(o, lang) for o in Outcome},
                  **{s.value: criterion_result(s, lang) for s in CriterionStatus}}
        prepared = _Prepared(base, criteria, texts, params, assumed,
                             program.assumed_outputs_on(on), {o.name: o for o in program.outputs},
                             labels, shown_by_chain, sources,
                             {k: to_value(params[k]) for k in used},
                             category=fixed_category(program))

        def slow(index: int, chain: tuple[str, ...]) -> tuple[str, bool]:
            return shown(criteria[index], chain, texts[index], assumed[index], params, on,
                         lang)

        explain = generate(prepared, lang, slow)
        since, until = program.epoch_span(on)
        return replace(prepared, explain=explain,
                       decide=self._decider(program, on, lang, prepared, explain, slow),
                       since=since or date.min, until=until or date.max)

    def _decider(self, program: Program, on: date, lang: Language, prepared: _Prepared,
                 explain: Explain, slow: Any) -> Decide:
        """The whole decision for the epoch of ``on`` (in force or not for all of it: the
        program's first and last days are change dates)."""
        if not program.in_force(on):
            return lambda h, a, day: self.not_in_force(program, h, a, day, lang)
        engine = self.evaluator
        if engine.name is not EngineName.NATIVE:
            return lambda h, a, day: explain(h, a, day, engine.evaluate(program, h, a, day))
        compiled = cast("NativeEngine", engine).compiled(program, on)
        evaluate = compiled.evaluate
        decide = generate_decide(prepared, lang, slow, compiled,
                                 lambda h, a, day: explain(h, a, day, evaluate(h, a, day)))
        if not compiled.decimal_arithmetic:
            return decide

        def in_context(h: Household, a: Person, day: date) -> Decision:
            with arithmetic():  # the library's decimal context, whatever the caller's
                return decide(h, a, day)

        return in_context

    def not_in_force(self, program: Program, household: Household, applicant: Person,
                     on: date, lang: Language) -> Decision:
        """The decision for a date the program is not in force on."""
        prepared = self.prepared(program, on, lang)
        return Decision(
            **prepared.base, on=on, household=household.id, applicant=applicant.id,
            **_category(household, applicant, on, lang), outcome=Outcome.INELIGIBLE,
            outcome_label=prepared.words[Outcome.INELIGIBLE],
            criteria=[not_in_force_result(program, on, lang)],
        )

    def decision(self, program: Program, household: Household, applicant: Person, on: date,
                 lang: Language, evaluation: Evaluation) -> Decision:
        """The decision an engine's ``evaluation`` makes, with everything that explains it."""
        explain = self.prepared(program, on, lang).explain
        assert explain is not None
        return explain(household, applicant, on, evaluation)


def fixed_category(program: Program) -> Category | None:
    """The one category every person ``program`` applies to holds on any date, if there
    is one (the IR's ``Program.applicant_categories``), else ``None``."""
    held = program.applicant_categories
    return next(iter(held)) if len(held) == 1 else None


def _chains(exceptions: tuple[Any, ...], applied: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every list of exceptions that can be applied, outermost first."""
    out = [applied]
    for exception in exceptions:
        out += _chains(exception.exceptions, (*applied, exception.id))
    return out


def shown(criterion: Criterion, applied: tuple[str, ...] | list[str], own_text: str,
          assumed: bool, params: dict[str, Any], on: date, lang: Language) -> tuple[str, bool]:
    """A criterion's text in a decision, given the exceptions applied (the innermost
    applied exception's text, or its own), and whether the result rests on an assumption."""
    text = criterion.decided_by(applied).render(lang, params) if applied else own_text
    return text, assumed or (bool(applied) and criterion.rests_on_assumption(applied, on))


def not_in_force_result(program: Program, on: date, lang: Language) -> CriterionResult:
    """The one criterion of a decision on a date the program is not in force on."""
    start = program.versions[0]
    begins = since(start.valid_from, start.precision, lang)
    if program.valid_until is None:
        text = t(lang, N_("The program is in force {since}"), since=begins)
    else:
        text = t(lang, N_("The program is in force {since} until the day before {until}"),
                 since=begins, until=program.valid_until)
    failed = CriterionStatus.FAILED
    return CriterionResult(id="in-force", result=failed,
                           result_label=criterion_result(failed, lang), text=text,
                           values={"on": on.isoformat()},
                           illustrative=on < start.valid_from and not start.exact)


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
