"""What would change a decision, from the rules, never guessed.

* For each criterion not met, the condition (its exceptions included) is put in normal
  form over the facts of the file that can change (:mod:`.residual`); a clause that one
  changed fact would satisfy gives that fact's nearest value that does
  (:mod:`.requirements`), kept only if the criterion is then met when evaluated again.
  Facts that cannot change are named, never suggested. With the facts unchanged, the
  first date from which the criterion is met comes from its clocks (:mod:`.ticks`).
* A change is a *remedy* when deciding again with it gives *eligible*; so is the first
  date from which the timeline is eligible. Without one, the answer says why.
* For an undetermined decision, :mod:`.deciders` says which values of each missing fact
  decide it each way; for a benefit table, :mod:`.options` which fact would choose another
  row.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from datetime import date
from typing import Any

from eligibility._compile.ir import Criterion, Definition, Program
from eligibility._compile.logic import Constraint, TooLarge
from eligibility._engines.protocol import Engine
from eligibility._i18n import N_, NN_, t, tn, words
from eligibility._i18n import format as fmt
from eligibility._language.ast import Attr, Call, Name, walk
from eligibility._model.household import CHANGEABLE_FACTS, Household, Person
from eligibility._model.vocabulary import CriterionStatus, Language, Outcome
from eligibility._model.whatif import CriterionAdvice, Remedy, Requirement, WhatIf

from .asker import Asker
from .changes import describe, status_of
from .deciders import missing_facts
from .facts import fact_type, with_fact
from .options import output_options
from .requirements import candidates, requirement, satisfies
from .residual import Opaque, Residual, Term, clause_terms
from .ticks import DAY
from .timeline import State

__all__ = ["what_if"]

#: Clauses of several facts kept.
_GROUPS = 3

#: The facts of a file a criterion may read by name (a person's fields and what rules
#: compute from them: age, years of service), as the catalogue names them.
FACTS = frozenset(words.FIELDS) - {"id", "name", "program", "person", "on", "amount",
                                   "affiliate", "spouses", "children", "parents", "people",
                                   "schema_version"}

_FROM = N_("from {date} ({event})")
_NO_FACT = N_("no change of one fact passes it")
_SEVERAL = NN_("No single change makes the applicant eligible: {n} criterion is not met "
               "({criteria})",
               "No single change makes the applicant eligible: {n} criteria are not met, and "
               "no change of one fact meets them all ({criteria})")


def _holds(residual: Residual, term: Hashable, constraints: Sequence[Constraint]) -> bool:
    current = residual.current.get(term)
    if isinstance(term, Opaque):
        return all(current is c.value for c in constraints)
    return satisfies(constraints, current)


def _advice(asker: Asker, criterion: Criterion, verdict: Any) -> CriterionAdvice:
    lang = asker.lang
    text = criterion.text.render(lang, asker.params)
    residual = Residual(asker.ctx, asker.changeable)
    singles: dict[tuple[str, Any], Requirement] = {}
    groups: list[list[Requirement]] = []
    try:
        form = residual.criterion(criterion.when.node, criterion.exceptions, asker.env)
    except TooLarge:
        form = frozenset()
    for clause in sorted(form, key=lambda c: (len(c), repr(sorted(map(repr, c))))):
        grouped = clause_terms(clause)
        violated = [t for t, cs in grouped.items() if not _holds(residual, t, cs)]
        if not violated or any(isinstance(t, Opaque) for t in violated):
            continue
        if len(violated) == 1 and isinstance(violated[0], Term):
            found = asker.try_values(residual, violated[0], grouped[violated[0]], criterion)
            if found is not None:
                singles.setdefault((found.fact, found.suggested), found)
        elif len(groups) < _GROUPS:
            group = _together(asker, residual, criterion, violated, grouped)
            if group is not None and group not in groups:
                groups.append(group)
    passes_from, when = _passes_from(asker, criterion)
    fixed = _fixed(criterion, asker.ctx.definitions, lang)
    requirements = sorted(singles.values(), key=lambda r: (r.fact, repr(r.suggested)))
    note = None
    if not requirements and passes_from is None:
        note = t(lang, N_("rests on facts that cannot change: {facts}"),
                 facts=fmt.join(fixed, lang)) if fixed and not groups else t(lang, _NO_FACT)
    return CriterionAdvice(
        criterion=criterion.id, text=text, result=status_of(verdict),
        requirements=requirements, together=[] if requirements else groups,
        passes_from=passes_from, passes_from_text=when, fixed=fixed, note=note,
    )


def _together(asker: Asker, residual: Residual, criterion: Criterion, terms: list[Any],
              grouped: Mapping[Hashable, list[Constraint]]) -> list[Requirement] | None:
    """One value for each of several facts that, all changed, meet the criterion."""
    household: Household | None = asker.household
    chosen: list[tuple[Any, Any]] = []
    for term in terms:
        kind = fact_type(asker.household, term.path)
        values = candidates(grouped[term], residual.current.get(term), kind)
        if not values or household is None:
            return None
        chosen.append((term, values[0]))
        household = with_fact(household, term.path, values[0])
    if household is None or not asker.passes(criterion, household):
        return None
    return [requirement(term, residual.owners.get(term), grouped[term],
                        fact_type(asker.household, term.path), residual.current.get(term),
                        value, asker.lang) for term, value in chosen]


def _passes_from(asker: Asker, criterion: Criterion) -> tuple[date | None, str | None]:
    """The first date (within the look-ahead) on which the criterion is met, the facts
    unchanged, and what happens then."""
    scanner, part = asker.scanner, f"criterion:{criterion.id}"
    day = asker.on
    for _ in range(5000):  # ticks every day at worst: give up rather than crawl
        tick = scanner.next_tick(day, part) if criterion.active_on(day) else None
        if tick is None:
            last = scanner.segment_end(day)
            if last >= scanner.end:
                return None, None
            tick = last + DAY
        if criterion.active_on(tick) and scanner.program.in_force(tick):
            state = scanner.state(tick)
            if state.verdicts.get(criterion.id) is True:
                change = describe(scanner, scanner.state(tick - DAY), state, asker.lang)
                return tick, t(asker.lang, _FROM, date=tick, event=change.reason)
        day = tick
    return None, None


def _fixed(criterion: Criterion, definitions: Mapping[str, Definition], lang: str
           ) -> list[str]:
    """The facts the criterion reads that cannot change, by name."""
    names: set[str] = set()
    seen: set[str] = set()
    nodes = [e.node for e in criterion.expressions()]
    while nodes:
        for sub in walk(nodes.pop()):
            if isinstance(sub, Attr):
                names.add(sub.name)
            called = sub.func if isinstance(sub, Call) and not sub.method else \
                sub.id if isinstance(sub, Name) else None
            if called is not None and called in definitions and called not in seen:
                seen.add(called)
                nodes.append(definitions[called].value.node)
    wanted = sorted(n for n in names if n in FACTS and n not in CHANGEABLE_FACTS)
    return list(dict.fromkeys(words.field_name(n, lang) or n for n in wanted))


def _remedies(asker: Asker, advice: list[CriterionAdvice]) -> list[Remedy]:
    remedies: dict[tuple[str, Any], Remedy] = {}
    for item in advice:
        for found in item.requirements:
            changed = with_fact(asker.household, found.fact, found.suggested)
            if changed is not None and asker.outcome(changed) is Outcome.ELIGIBLE:
                remedies.setdefault((found.fact, found.suggested),
                                    Remedy(requirement=found, text=found.text))
    out = list(remedies.values())
    scanner, state = asker.scanner, asker.scanner.state(asker.on)
    for _ in range(1000):
        following = scanner.boundaries(state, stop_at_first=True)
        if not following:
            break
        state = following[0]
        if state.outcome is Outcome.ELIGIBLE:
            change = describe(scanner, scanner.day_before(state), state, asker.lang)
            out.append(Remedy(on=state.on, text=t(asker.lang, _FROM, date=state.on,
                                                  event=change.reason)))
            break
    return out


def _why_not(asker: Asker, advice: list[CriterionAdvice]) -> str:
    lang = asker.lang
    if len(advice) >= 2:
        singular, plural = _SEVERAL
        return tn(lang, singular, plural, len(advice),
                  criteria=t(lang, N_("; ")).join(a.text for a in advice))
    if advice:
        why = advice[0].note or t(lang, _NO_FACT)
        if advice[0].requirements:
            first = advice[0].requirements[0]
            changed = with_fact(asker.household, first.fact, first.suggested)
            if changed is not None:
                why = t(lang, N_("it can be met ({requirement}), but the decision is then "
                                 "{outcome}"), requirement=first.text,
                        outcome=words.outcome_name(asker.outcome(changed), lang))
        return t(lang, N_("No single change makes the applicant eligible: {criterion}: {why}"),
                 criterion=advice[0].text, why=why)
    return t(lang, N_("No single change makes the applicant eligible"))


def what_if(program: Program, household: Household, applicant: Person, on: date,
            lang: Language, engine: Engine, definitions: Mapping[str, Definition],
            rulebook_hash: str) -> WhatIf:
    """What would change the decision on ``program`` for ``applicant`` on ``on``."""
    asker = Asker(program, household, applicant, on, lang, engine, definitions)
    state: State = asker.scanner.state(on)
    advice: list[CriterionAdvice] = []
    remedies: list[Remedy] = []
    reason = None
    if state.outcome is Outcome.INELIGIBLE:
        for criterion in program.active_criteria(on) if state.in_force else ():
            verdict = state.verdicts[criterion.id]
            if status_of(verdict) is CriterionStatus.FAILED:
                advice.append(_advice(asker, criterion, verdict))
        remedies = _remedies(asker, advice)
        reason = None if remedies else _why_not(asker, advice)
    missing = missing_facts(asker, state) if state.outcome is Outcome.UNDETERMINED else []
    options = output_options(asker, state) if state.outcome is not Outcome.INELIGIBLE else []
    return WhatIf(program=program.id, household=household.id, applicant=applicant.id, on=on,
                  lang=lang, outcome=state.outcome, criteria=advice, remedies=remedies,
                  no_single_change=reason, missing=missing, outputs=options,
                  rulebook_hash=rulebook_hash)
