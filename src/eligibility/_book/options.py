"""Which change of one fact would make a benefit table give another value ("a bank
transfer needs a bank account; vouchers otherwise").

A row is chosen when its condition holds and no earlier row's does; that choice is put in
normal form over the facts that can change (:mod:`.residual`), and a clause that one
changed fact satisfies gives that fact's nearest value; the option is kept when the
table, evaluated again with it, gives another value than now.
"""

from __future__ import annotations

from typing import Any

from eligibility._compile.analysis import FORMS
from eligibility._compile.ir import Output
from eligibility._compile.logic import DNF, TRUE, Constraint, TooLarge
from eligibility._engines.interpreter import kleene_output
from eligibility._i18n import N_, t
from eligibility._i18n.format import inside_sentence
from eligibility._model.errors import EvaluationError
from eligibility._model.values import Absent, Unknown, to_value
from eligibility._model.vocabulary import OutputPolicy
from eligibility._model.whatif import OutputOption

from .asker import Asker
from .facts import fact_type, with_fact
from .requirements import candidates, requirement, satisfies
from .residual import Residual, Term, clause_terms
from .timeline import State

__all__ = ["output_options"]


def output_options(asker: Asker, state: State) -> list[OutputOption]:
    """For each table output, the other values one changed fact would give."""
    out: list[OutputOption] = []
    for output in asker.program.outputs:
        if output.policy is OutputPolicy.VALUE or len(output.table) < 2:
            continue
        current = state.outputs.get(output.name)
        if current is None or isinstance(current, (Unknown, Absent)):
            continue
        residual = Residual(asker.ctx, asker.changeable)
        try:
            choices = _choices(output, residual, asker)
        except TooLarge:
            continue
        seen: set[Any] = {current}
        for form in choices:
            for option in _options(asker, output, residual, form, current):
                if option[0] not in seen:
                    seen.add(option[0])
                    out.append(option[1])
    return out


def _choices(output: Output, residual: Residual, asker: Asker) -> list[DNF[Constraint]]:
    """Where each row is the one chosen: its condition holds and no earlier row's does (for
    a ``unique`` table, whose rows exclude each other, the same; a guard row, for an output
    given only in some cases, comes first)."""
    forms: list[DNF[Constraint]] = []
    before: DNF[Constraint] = TRUE
    for row in output.rows:
        when = TRUE if row.when is None else residual.convert(row.when.node, asker.env)
        forms.append(FORMS.conjoin(before, when))
        before = FORMS.conjoin(before, residual.negate(when))
    return forms


def _options(asker: Asker, output: Output, residual: Residual, form: DNF[Constraint],
             current: Any) -> list[tuple[Any, OutputOption]]:
    found: list[tuple[Any, OutputOption]] = []
    label = output.title(asker.lang, asker.params)
    for clause in sorted(form, key=lambda c: (len(c), repr(sorted(map(repr, c))))):
        grouped = clause_terms(clause)
        violated = [t for t, cs in grouped.items()
                    if not satisfies(cs, residual.current.get(t))]
        if len(violated) != 1 or not isinstance(violated[0], Term):
            continue
        term = violated[0]
        kind = fact_type(asker.household, term.path)
        for value in candidates(grouped[term], residual.current.get(term), kind)[:3]:
            changed = with_fact(asker.household, term.path, value)
            if changed is None:
                continue
            ctx, env = asker.changed(changed)
            try:
                new = kleene_output(output, ctx, env)
            except EvaluationError:
                continue
            if isinstance(new, (Unknown, Absent)) or new == current:
                continue
            need = requirement(term, residual.owners.get(term), grouped[term], kind,
                               residual.current.get(term), value, asker.lang)
            text = t(asker.lang, N_("{label}: {value} instead of {current} if {requirement}"),
                     label=label, value=output.shown(new, asker.lang),
                     current=inside_sentence(output.shown(current, asker.lang)),
                     requirement=need.text)
            found.append((new, OutputOption(output=output.name, label=label,
                                            value=to_value(new), current=to_value(current),
                                            requirement=need, text=text)))
            break
    return found
