"""Human output of the command line: decisions, screenings, explanations and program lists.

Everything printed here is built from :class:`rich.text.Text` objects, so text
from rule files (which may contain ``[``) is never read as console markup.

Arabic (``--lang ar``): labels are translated, and tables are drawn without
vertical rules (``box.SIMPLE_HEAD``), so no box-drawing character sits inside or
between the Arabic runs of a line; a terminal that applies the Unicode
bidirectional algorithm then lays each line out as plain text. Long texts wrap
at spaces, never inside a word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from eligibility import CriterionResult, CriterionStatus, Decision, Outcome, to_value
from eligibility._compile.ir import Criterion, CriterionException, Program

from .labels import label

__all__ = [
    "evidence_text",
    "label",
    "main_reason",
    "render_decision",
    "render_explain",
    "render_programs",
    "render_screen",
]

_STYLE = {
    Outcome.ELIGIBLE: "bold green",
    Outcome.INELIGIBLE: "bold red",
    Outcome.UNDETERMINED: "bold yellow",
}
_MARK = {
    CriterionStatus.PASSED: ("✔", "green"),
    CriterionStatus.FAILED: ("✘", "red"),
    CriterionStatus.UNKNOWN: ("?", "yellow"),
}


def _table(lang: str, *headers: str, no_wrap: Sequence[str] = ()) -> Table:
    table = Table(box=box.SIMPLE_HEAD if lang == "ar" else box.ROUNDED, show_lines=False,
                  expand=False)
    for header in headers:
        table.add_column(label(header, lang), no_wrap=header in no_wrap)
    return table


def _value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, str) and not value.replace(".", "", 1).lstrip("-").isdigit():
        return repr(value)
    return str(value)


def _amount(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(to_value(value))  # exact, whatever the decimal context
    return _value(value) if isinstance(value, bool) else str(value)


def benefit_items(decision: Decision, program: Program | None, lang: str
                  ) -> list[tuple[str, str, str]]:
    """``(name, label, value)`` of each amount and detail; the label is the output's text
    in ``lang`` with its placeholders filled (the name when it has none), and the value
    carries its unit and, when the output rests on an assumption, the mark."""
    outputs = {o.name: o for o in program.outputs} if program is not None else {}
    params = program.params_at(decision.on) if program is not None else {}
    items = []
    for name, value in [*decision.amounts.items(), *decision.details.items()]:
        output = outputs.get(name)
        text = _amount(value)
        if output is not None and output.unit is not None:
            text += f" {output.unit.get(lang)}"
        if name in decision.illustrative_outputs:
            text += f" ({label('assumption', lang)})"
        title = (output.text.render(lang, params)
                 if output is not None and output.text is not None else name)
        items.append((name, title, text))
    return items


def benefit_text(decision: Decision, program: Program | None, lang: str = "en") -> str:
    """Amounts and details in one cell, e.g. ``fee_share: 50 %; allowance: false``."""
    return "; ".join(f"{name}: {value}" for name, _, value in
                     benefit_items(decision, program, lang))


def evidence_text(decision: Decision, lang: str) -> str:
    """The program's evidence on the decision's date, e.g. ``partly sourced``."""
    return label(f"evidence-{decision.evidence.value}", lang)


def main_reason(decision: Decision, lang: str) -> str:
    """The first failed criterion (or, when undetermined, the first unknown one and what
    is missing); for an eligible decision, that all criteria are met."""
    if decision.outcome is Outcome.ELIGIBLE:
        return label("all-met", lang)
    wanted = (CriterionStatus.FAILED if decision.outcome is Outcome.INELIGIBLE
              else CriterionStatus.UNKNOWN)
    for criterion in decision.criteria:
        if criterion.result is wanted:
            if criterion.missing:
                return f"{criterion.text} ({label('missing-short', lang)}: " \
                       f"{', '.join(criterion.missing)})"
            return criterion.text
    if decision.missing:
        return f"{label('missing', lang)}: {', '.join(decision.missing)}"
    return ""


def _outcome(decision: Decision, lang: str) -> Text:
    return Text(label(decision.outcome.value, lang), style=_STYLE[decision.outcome])


def _person(decision: Decision, lang: str) -> str:
    if decision.category_label:
        return f"{decision.applicant} ({decision.category_label.lower()})"
    return decision.applicant


def _print(console: Console, text: str | Text = "", style: str = "") -> None:
    """One line, left for the terminal to wrap (so it can be copied and searched whole)."""
    console.print(text if isinstance(text, Text) else Text(text, style=style), soft_wrap=True)


def _field(console: Console, name: str, value: str | Text, lang: str) -> None:
    line = Text(f"{label(name, lang)}: ", style="bold")
    line.append(value if isinstance(value, Text) else Text(value))
    _print(console, line)


def _benefit(console: Console, decision: Decision, program: Program | None, lang: str) -> None:
    items = benefit_items(decision, program, lang)
    if not items:
        return
    _print(console, Text(f"{label('benefit', lang)}:", style="bold"))
    for name, title, value in items:
        _print(console, f"  {title} ({name}): {value}")


def _criterion_head(index: int | None, result: CriterionResult, lang: str) -> Text:
    mark, style = _MARK[result.result]
    line = Text(f"{index:>2}. {mark} " if index is not None else f"  {mark} ", style=style)
    line.append(result.id, style="bold")
    line.append(f" [{label(result.result.value, lang)}]", style=style)
    if result.illustrative:
        line.append(f" ({label('assumption', lang)})", style="magenta")
    return line


def render_decision(console: Console, decision: Decision, program: Program | None,
                    lang: str) -> None:
    """One decision: what ``eligibility check`` prints."""
    head = Text(decision.program_title, style="bold")
    head.append(f"  ({decision.program}, {label('version', lang).lower()} {decision.version})",
                style="dim")
    _print(console, head)
    _field(console, "applicant", _person(decision, lang), lang)
    _field(console, "date", decision.on.isoformat(), lang)
    _field(console, "evidence", evidence_text(decision, lang), lang)
    _field(console, "outcome", _outcome(decision, lang), lang)
    if decision.outcome is not Outcome.INELIGIBLE:
        _benefit(console, decision, program, lang)
    if decision.next_change is not None:
        change = decision.next_change
        line = Text(f"{change.on.isoformat()} — ")
        line.append(label(change.outcome.value, lang), style=_STYLE[change.outcome])
        line.append(f": {change.reason}")
        _field(console, "next-change", line, lang)
    _print(console, Text(f"{label('criteria', lang)}:", style="bold"))
    for result in decision.criteria:
        _print(console, _criterion_head(None, result, lang))
        _print(console, f"      {result.text}")
        if result.exceptions:
            _print(console, f"      {label('exceptions', lang)}: {', '.join(result.exceptions)} "
                            f"({label('applied', lang)})")
        if result.missing:
            _print(console, f"      {label('missing-short', lang)}: {', '.join(result.missing)}",
                   style="yellow")
    if decision.missing:
        _field(console, "missing", ", ".join(decision.missing), lang)


def _exception_index(exceptions: Sequence[CriterionException]) -> dict[str, CriterionException]:
    out: dict[str, CriterionException] = {}
    for exception in exceptions:
        out[exception.id] = exception
        out.update(_exception_index(exception.exceptions))
    return out


def render_explain(console: Console, decision: Decision, program: Program, lang: str,
                   rules_root: str) -> None:
    """The full trace of one decision: what ``eligibility explain`` prints."""
    in_force = program.params_at(decision.on)
    _explain_head(console, decision, program, lang)

    console.print()
    _print(console, Text(f"{label('criteria', lang)}:", style="bold"))
    criteria = {c.id: c for c in program.criteria}
    for index, result in enumerate(decision.criteria, 1):
        _explain_criterion(console, index, result, criteria.get(result.id), lang, in_force)

    _explain_parameters(console, decision, program, lang, in_force)
    _explain_missing(console, decision, lang)
    _explain_sources(console, decision, program, lang)
    console.print()
    _field(console, "engine", decision.engine, lang)
    _field(console, "rulebook", f"{rules_root}/{program.file} · sha256 {decision.rulebook_hash}",
           lang)


def _explain_head(console: Console, decision: Decision, program: Program, lang: str) -> None:
    """The program, the version used, the date, the applicant, the outcome and the benefit."""
    head = Text(decision.program_title, style="bold")
    head.append(f"  ({decision.program})", style="dim")
    _print(console, head)
    version = next((v for v in program.versions if v.id == decision.version), None)
    version_text = decision.version
    if version is not None:
        assumed = f", {label('assumed-date', lang)}" if version.assumed else ""
        version_text += f" ({label('from', lang)} {version.date_label}{assumed})"
        if version.text is not None:
            version_text += " — " + version.text.render(lang, program.params_at(decision.on))
    _field(console, "version", version_text, lang)
    _field(console, "status", label(decision.status, lang), lang)
    _field(console, "evidence", evidence_text(decision, lang), lang)
    _field(console, "date", decision.on.isoformat(), lang)
    _field(console, "household", decision.household, lang)
    _field(console, "applicant", _person(decision, lang), lang)
    _field(console, "outcome", _outcome(decision, lang), lang)
    _benefit(console, decision, program, lang)


def _explain_criterion(console: Console, index: int, result: CriterionResult,
                       compiled: Criterion | None, lang: str, in_force: Mapping[str, Any]
                       ) -> None:
    """One criterion: its result and text, its rule, the values it read, its exceptions
    (applied or not) and the facts it missed."""
    line = _criterion_head(index, result, lang)
    _print(console, line)
    _print(console, Text(f"      {result.text}"))
    if compiled is not None:
        own = compiled.text.render(lang, in_force)
        if own != result.text:  # an exception decided, and its text is shown above
            _print(console, Text(f"      {label('rule', lang)}: {own}"))
        _print(console, Text(f"      when: {compiled.when.source}", style="dim"))
    for name, value in result.values.items():
        _print(console, Text(f"      {label('values-read', lang)}: {name} = {_value(value)}"))
    if compiled is not None and compiled.exceptions:
        index_ = _exception_index(compiled.exceptions)
        for exc_id, exception in index_.items():
            state = "applied" if exc_id in result.exceptions else "not-applied"
            text = f"      {label('exceptions', lang)}: {exc_id} ({label(state, lang)})"
            if exception.text is not None:
                text += f" — {exception.text.render(lang, in_force)}"
            _print(console, Text(text, style="bold" if state == "applied" else ""))
    else:
        for exc_id in result.exceptions:
            _print(console, Text(f"      {label('exceptions', lang)}: {exc_id} "
                               f"({label('applied', lang)})", style="bold"))
    if result.missing:
        _print(console, Text(f"      {label('missing-short', lang)}: "
                           f"{', '.join(result.missing)}", style="yellow"))


def _explain_parameters(console: Console, decision: Decision, program: Program, lang: str,
                        in_force: Mapping[str, Any]) -> None:
    """The parameters the decision read, and those its benefit outputs read, with their
    values in force, units and texts."""
    used = dict(decision.parameters)
    for name in _output_parameters(program):
        if name in in_force and name not in used:
            used[name] = to_value(in_force[name])
    if used:
        console.print()
        _print(console, Text(f"{label('parameters', lang)} ({label('version', lang).lower()} "
                           f"{decision.version}):", style="bold"))
        for name, value in sorted(used.items()):
            parameter = program.parameters.get(name)
            text = f"  {name} = {_value(value)}"
            if parameter is not None and parameter.unit is not None:
                text += f" {parameter.unit.get(lang)}"
            notes = []
            entry = parameter.entry_at(decision.on) if parameter is not None else None
            if entry is not None:
                notes.append(f"{label('from', lang)} {entry.date_label}")
            if name in decision.illustrative_parameters:
                notes.append(label("assumption", lang))
            if notes:
                text += f" ({', '.join(notes)})"
            if parameter is not None and parameter.text is not None:
                text += f" — {parameter.text.render(lang, in_force)}"
            _print(console, text)


def _explain_missing(console: Console, decision: Decision, lang: str) -> None:
    """The facts missing for a decision, when there are any."""
    if decision.missing:
        console.print()
        _print(console, Text(f"{label('missing', lang)}:", style="bold yellow"))
        for path in decision.missing:
            _print(console, Text(f"  - {path}"))


def _explain_sources(console: Console, decision: Decision, program: Program, lang: str) -> None:
    """What the decision rests on: the published sources, and the program's assumptions."""
    if decision.sources:
        console.print()
        _print(console, Text(f"{label('sources', lang)}:", style="bold"))
        for source in decision.sources:
            text = f"  - {source.title}"
            if source.url:
                text += f" <{source.url}>"
            if source.date:
                text += f" ({source.date.isoformat()})"
            _print(console, text)
    if program.assumptions:
        console.print()
        _print(console, Text(f"{label('assumptions', lang)}:", style="bold"))
        params = program.params_at(decision.on)
        for assumption in program.assumptions:
            _print(console, Text(f"  - {assumption.render(lang, params)}"))


def _output_parameters(program: Program) -> list[str]:
    """Names of the parameters the program's benefit outputs read, sorted."""
    return sorted({name for output in program.outputs for name in output.reads.direct_parameters})


def render_screen(console: Console, decisions: Sequence[Decision],
                  programs: Mapping[str, Program], lang: str) -> None:
    """Every decision of a household, in one table per domain (what ``screen`` prints)."""
    if not decisions:
        console.print(Text(label("no-decisions", lang)))
        return
    by_domain: dict[str, list[Decision]] = {}
    for decision in decisions:
        program = programs.get(decision.program)
        domain = program.domain.value if program is not None else "?"
        by_domain.setdefault(domain, []).append(decision)
    first = True
    for domain in sorted(by_domain):
        if not first:
            console.print()
        first = False
        console.print(Text(label(domain, lang), style="bold underline"))
        table = _table(lang, "program", "person", "outcome", "amount", "reason")
        for decision in by_domain[domain]:
            program = programs.get(decision.program)
            amount = benefit_text(decision, program, lang) if decision.outcome is not \
                Outcome.INELIGIBLE else ""
            table.add_row(Text(decision.program_title), Text(_person(decision, lang)),
                          _outcome(decision, lang), Text(amount or "—"),
                          Text(main_reason(decision, lang)))
        console.print(table)


def render_programs(console: Console, summaries: Sequence[Mapping[str, Any]], lang: str) -> None:
    """The program list (what ``eligibility programs`` prints)."""
    if not summaries:
        console.print(Text(label("no-programs", lang)))
        return
    table = _table(lang, "id", "title", "categories", "version", "evidence", no_wrap=("id",))
    for summary in summaries:
        categories = ", ".join(label(c, lang) for c in summary["categories"])
        force = "in-force" if summary["in_force"] else "not-in-force"
        table.add_row(
            Text(summary["id"]),
            Text(f"{summary['title']} ({label(summary['domain'], lang)})"),
            Text(categories or "—"),
            Text(f"{summary['version']} · {label(force, lang)}"),
            Text(label(f"evidence-{summary['evidence']}", lang)),
        )
    console.print(table)

