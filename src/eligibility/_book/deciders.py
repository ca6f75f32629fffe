"""Which values of a missing fact decide an undetermined decision, each way.

For each fact the decision lacks, the values worth trying are those the rules compare it
with (and the values on either side), read off the normal form of every criterion left
open (:mod:`.residual`): the limits of a number or a date, the ages a date of birth
crosses on the day, or every value of a yes-or-no or closed-list fact. The decision is
then made again with each value, the other missing facts still unknown, and consecutive
values with the same outcome are put together ("at most 2000: eligible").
"""

from __future__ import annotations

from typing import Any

from eligibility._compile.logic import Constraint, TooLarge
from eligibility._i18n import N_, t, words
from eligibility._i18n import format as fmt
from eligibility._language.types import BOOL, DATE, DECIMAL, INT, EnumType, Type
from eligibility._model.values import Unknown, to_value
from eligibility._model.vocabulary import Outcome
from eligibility._model.whatif import Decider, MissingFact

from .asker import Asker
from .facts import fact_type, owner_of, with_fact
from .requirements import age_bounds, bounds, fact_label, need, shown
from .residual import Residual, Term, ordinal_value
from .timeline import State

__all__ = ["missing_facts"]


def _missing(state: State) -> list[str]:
    found: set[str] = set()
    for value in [*state.verdicts.values(), *state.outputs.values()]:
        if isinstance(value, Unknown):
            found |= value.missing
    return sorted(found)


def missing_facts(asker: Asker, state: State) -> list[MissingFact]:
    """For each fact ``state`` lacks, the values that decide the outcome each way."""
    out: list[MissingFact] = []
    for path in _missing(state):
        kind = fact_type(asker.household, path)
        checked: list[tuple[Any, Outcome]] = []
        for value in _values(asker, state, path, kind):
            changed = with_fact(asker.household, path, value)
            if changed is not None:
                checked.append((value, asker.outcome(changed)))
        fact = path.rsplit(".", 1)[1]
        deciders = _deciders(checked, kind, fact, asker.lang)
        owner = owner_of(asker.household, path)
        label = fact_label(Term("", "", fact), owner, asker.lang)
        text = t(asker.lang, N_("{fact} — {deciders}"), fact=label,
                 deciders=t(asker.lang, N_("; ")).join(d.text for d in deciders))
        out.append(MissingFact(fact=path, label=label, deciders=deciders, text=text))
    return out


def _values(asker: Asker, state: State, path: str, kind: Type) -> list[Any]:
    """The values of the fact at ``path`` worth deciding with, in order."""
    if kind == BOOL:
        return [True, False]
    if isinstance(kind, EnumType):
        return list(kind.values)
    residual = Residual(asker.ctx, frozenset({path}))
    by_name: dict[str, list[Constraint]] = {}
    for form in _forms(asker, state, residual):
        for clause in form:
            for constraint in clause:
                if isinstance(constraint.term, Term) and constraint.term.path == path:
                    by_name.setdefault(constraint.term.name, []).append(constraint)
    values: set[Any] = set()
    for name, constraints in by_name.items():
        if name in {"age", "seniority"}:
            values.update(age_bounds(constraints, asker.on))
        elif kind in (INT, DECIMAL, DATE):
            values.update(bounds(constraints, kind))
    return sorted(values, key=ordinal_value)


def _forms(asker: Asker, state: State, residual: Residual) -> list[Any]:
    forms = []
    try:
        for criterion in asker.program.active_criteria(asker.on):
            if isinstance(state.verdicts.get(criterion.id), Unknown):
                forms.append(residual.criterion(criterion.when.node, criterion.exceptions,
                                                asker.env))
        for output in asker.program.outputs:
            if isinstance(state.outputs.get(output.name), Unknown):
                forms += [residual.convert(r.when.node, asker.env) for r in output.rows
                          if r.when is not None]
    except TooLarge:
        pass
    return forms


def _deciders(checked: list[tuple[Any, Outcome]], kind: Type, fact: str, lang: str
              ) -> list[Decider]:
    """Runs of values with the same outcome, each with its condition in words."""
    runs: list[tuple[Outcome, list[Any]]] = []
    ordered = kind in (INT, DECIMAL, DATE)
    for value, outcome in checked:
        if ordered and runs and runs[-1][0] is outcome:
            runs[-1][1].append(value)
        elif not ordered and any(o is outcome for o, _ in runs):
            next(values for o, values in runs if o is outcome).append(value)
        else:
            runs.append((outcome, [value]))
    out: list[Decider] = []
    for index, (outcome, values) in enumerate(runs):
        after = runs[index - 1][1][-1] if index else None
        condition = _condition(values, kind, fact, lang, after=after,
                               last=index == len(runs) - 1) if ordered else \
            fmt.join((shown(v, lang, fact) for v in values), lang, style="or")
        out.append(Decider(outcome=outcome, condition=condition,
                           values=[to_value(v) for v in values],
                           text=t(lang, N_("{condition}: {outcome}"), condition=condition,
                                  outcome=words.outcome_name(outcome, lang))))
    return out


def _condition(values: list[Any], kind: Type, fact: str, lang: str, *, after: Any,
               last: bool) -> str:
    """The values of a run: up to its last (the first run), past the run before (the last
    run), or from its first to its last."""
    prefix = "date_" if kind == DATE else ""
    low, high = shown(values[0], lang, fact), shown(values[-1], lang, fact)
    if after is None and last:
        return t(lang, N_("any value"))
    if after is None:
        return need(f"{prefix}<=", lang, value=high)
    if last:
        return need(f"{prefix}>", lang, value=shown(after, lang, fact))
    if low == high:
        return need("==", lang, value=low)
    return need(f"{prefix}between", lang, low=low, high=high)
