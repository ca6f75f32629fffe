"""The full trace of one decision, as ``eligibility explain`` prints it: each criterion
with its rule, the values it read (named and in words), its exceptions applied or not and
the facts it missed; then the parameters in force, what is missing, the sources and
assumptions, the engine and the rule book's hash.

Rule expressions are shown as written (they are code); every other word comes from the
catalogue, and every value is shown in words (:mod:`.words`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

from eligibility import CriterionResult, Decision, to_value
from eligibility._compile.ir import Criterion, CriterionException, Program
from eligibility._i18n import N_, t
from eligibility._i18n import format as fmt
from eligibility._i18n import words as names
from eligibility._i18n.format import since

from .render import benefit, criterion_head, evidence_text, field, heading, outcome_text, show
from .words import fact, labelled, person, say, text

__all__ = ["render_explain"]


def render_explain(console: Console, decision: Decision, program: Program, lang: str,
                   rules_root: str) -> None:
    """The full trace of one decision: what ``eligibility explain`` prints."""
    in_force = program.params_at(decision.on)
    _head(console, decision, program, lang)

    console.print()
    heading(console, N_("Criteria"), lang)
    criteria = {c.id: c for c in program.criteria}
    for index, result in enumerate(decision.criteria, 1):
        _criterion(console, index, result, criteria.get(result.id), program, lang, in_force)

    _parameters(console, decision, program, lang, in_force)
    _missing(console, decision, lang)
    _sources(console, decision, program, lang)
    console.print()
    field(console, N_("Engine"), decision.engine.value, lang)
    field(console, N_("Rule book"), f"{rules_root}/{program.file} · sha256 "
                                    f"{decision.rulebook_hash}", lang)


def _head(console: Console, decision: Decision, program: Program, lang: str) -> None:
    """The program, the version used, the date, the applicant, the outcome and the benefit."""
    head = Text(decision.program_title, style="bold")
    head.append(f"  ({fmt.isolate(decision.program) if lang == 'ar' else decision.program})",
                style="dim")
    show(console, head)
    version = next((v for v in program.versions if v.id == decision.version), None)
    version_text = decision.version
    if version is not None:
        start = since(version.valid_from, version.precision, lang)
        version_text = t(lang, N_("{version} ({since}, date assumed)") if version.assumed
                         else N_("{version} ({since})"), version=decision.version, since=start)
        if version.text is not None:
            version_text += " — " + version.text.render(lang, program.params_at(decision.on))
    field(console, N_("Version"), version_text, lang)
    status = decision.status_label or names.status_name(decision.status, lang)
    field(console, N_("Status"), status, lang)
    field(console, N_("Evidence"), evidence_text(decision, lang), lang)
    field(console, N_("Date"), fmt.date(decision.on, lang), lang)
    field(console, N_("Household"), decision.household, lang)
    field(console, N_("Applicant"), person(decision, lang), lang)
    field(console, N_("Outcome"), outcome_text(decision, lang), lang)
    benefit(console, decision, lang, names_too=True)


def _exception_index(exceptions: Sequence[CriterionException]) -> dict[str, CriterionException]:
    out: dict[str, CriterionException] = {}
    for exception in exceptions:
        out[exception.id] = exception
        out.update(_exception_index(exception.exceptions))
    return out


def read_value(name: str, value: Any, program: Program, lang: str,
               in_force: Mapping[str, Any]) -> str:
    """A value a criterion read, named in words: a parameter by its text and unit, a
    shared definition by its text, a fact by its field's name (*pension mensuelle
    (applicant.monthly_pension) : 1 850*)."""
    label = _named(program.name_of(name, lang, in_force), name, lang)
    return f"{labelled(label, lang)} {program.value_of(name, value, lang, in_force)}"


def _named(label: str | None, name: str, lang: str) -> str:
    """``label (name)``; the name alone when it has no label but itself."""
    return t(lang, N_("{name} ({path})"), name=label, path=name) if label and label != name \
        else name


def _criterion(console: Console, index: int, result: CriterionResult,
               compiled: Criterion | None, program: Program, lang: str,
               in_force: Mapping[str, Any]) -> None:
    """One criterion: its result and text, its rule, the values it read, its exceptions
    (applied or not) and the facts it missed."""
    show(console, criterion_head(index, result, lang))
    show(console, text(f"      {result.text}", lang))
    if compiled is not None:
        own = compiled.text.render(lang, in_force)
        if own != result.text:  # an exception decided, and its text is shown above
            show(console, text("      " + labelled(t(lang, N_("rule")), lang) + " " + own, lang))
        show(console, Text("      " + labelled(say(lang, N_("condition")), lang) + " "
                           + fmt.isolate_latin(compiled.when.source, lang), style="dim"))
    for name, value in result.values.items():
        show(console, text("      " + labelled(t(lang, N_("read")), lang) + " "
                           + read_value(name, value, program, lang, in_force), lang))
    _exceptions(console, result, compiled, lang, in_force)
    if result.missing:
        show(console, text("      " + labelled(t(lang, N_("missing")), lang) + " "
                           + fmt.join((fact(p, lang) for p in result.missing), lang), lang),
             style="yellow")


def _exceptions(console: Console, result: CriterionResult, compiled: Criterion | None,
                lang: str, in_force: Mapping[str, Any]) -> None:
    index = _exception_index(compiled.exceptions) if compiled is not None else {}
    shown = list(index) if index else list(result.exceptions)
    for exc_id in shown:
        applied = exc_id in result.exceptions
        state = N_("exception {id} (applied)") if applied else N_("exception {id} (not applied)")
        line = t(lang, state, id=exc_id)
        exception = index.get(exc_id)
        if exception is not None and exception.text is not None:
            line += f" — {exception.text.render(lang, in_force)}"
        show(console, text(f"      {line}", lang, style="bold" if applied else ""))


def _parameters(console: Console, decision: Decision, program: Program, lang: str,
                in_force: Mapping[str, Any]) -> None:
    """The parameters the decision read, and those its benefit outputs read, with their
    values in force, units and texts."""
    used = dict(decision.parameters)
    for name in sorted({n for output in program.outputs for n in output.reads.direct_parameters}):
        if name in in_force and name not in used:
            used[name] = to_value(in_force[name])
    if not used:
        return
    console.print()
    heading(console, t(lang, N_("Parameters (version {version})"), version=decision.version),
            lang)
    for name in sorted(used):
        parameter = program.parameters.get(name)
        if parameter is None:
            show(console, text(f"  {labelled(name, lang)} {fmt.recorded(used[name], lang)}", lang))
            continue
        label = _named(parameter.title(lang, in_force), name, lang)
        value = parameter.shown(in_force[name], lang) if name in in_force else \
            fmt.recorded(used[name], lang)
        notes = []
        entry = parameter.entry_at(decision.on)
        if entry is not None:
            notes.append(since(entry.valid_from, entry.precision, lang))
        if name in decision.illustrative_parameters:
            notes.append(t(lang, N_("assumption")))
        if notes:
            value += f" ({t(lang, N_(', ')).join(notes)})"
        show(console, text(f"  {labelled(label, lang)} {value}", lang))


def _missing(console: Console, decision: Decision, lang: str) -> None:
    """The facts missing for a decision, when there are any."""
    if decision.missing:
        console.print()
        heading(console, N_("Missing facts"), lang, style="bold yellow")
        for path in decision.missing:
            show(console, text(f"  - {fact(path, lang)}", lang))


def _sources(console: Console, decision: Decision, program: Program, lang: str) -> None:
    """What the decision rests on: the published sources, and the program's assumptions."""
    if decision.sources:
        console.print()
        heading(console, N_("Sources"), lang)
        for source in decision.sources:
            line = f"  - {source.title}"
            if source.url:
                line += f" <{source.url}>"
            if source.date:
                line += f" ({fmt.date(source.date, lang)})"
            show(console, text(line, lang))
    if program.assumptions:
        console.print()
        heading(console, N_("Assumptions"), lang)
        for assumption in program.assumptions:
            show(console, text(f"  - {assumption.render(lang, program.params_at(decision.on))}",
                               lang))
