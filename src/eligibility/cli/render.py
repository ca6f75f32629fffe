"""Human output of the command line: decisions, screenings and program lists (the full
trace of ``explain`` is in :mod:`.trace`).

Everything printed here is built from :class:`rich.text.Text` objects, so text
from rule files (which may contain ``[``) is never read as console markup. Every word
comes from the catalogue in the asked language, and every machine value is shown in
words (:mod:`.words`): outcomes, criterion results, categories, enumerated values,
flags, numbers and dates.

Arabic (``--lang ar``): ids and Latin text are wrapped in Unicode isolates, and tables
are drawn without vertical rules (``box.SIMPLE_HEAD``), so no box-drawing character
sits inside or between the Arabic runs of a line; a terminal that applies the Unicode
bidirectional algorithm then lays each line out in order. Long texts wrap at spaces,
never inside a word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from eligibility import CriterionResult, CriterionStatus, Decision, Outcome
from eligibility._compile.ir import Program
from eligibility._i18n import N_, t
from eligibility._i18n import format as fmt
from eligibility._i18n import words as names

from .words import fact, labelled, person, say, text

if TYPE_CHECKING:  # rich's tables load with the first table (a decision is not one)
    from rich.table import Table

__all__ = [
    "MARK",
    "benefit_text",
    "criterion_head",
    "evidence_text",
    "field",
    "main_reason",
    "make_table",
    "outcome_text",
    "render_decision",
    "render_programs",
    "render_screen",
    "show",
]

STYLE = {
    Outcome.ELIGIBLE: "bold green",
    Outcome.INELIGIBLE: "bold red",
    Outcome.UNDETERMINED: "bold yellow",
}
MARK = {
    CriterionStatus.PASSED: ("✔", "green"),
    CriterionStatus.FAILED: ("✘", "red"),
    CriterionStatus.UNKNOWN: ("?", "yellow"),
}


def make_table(lang: str, *headers: str, no_wrap: Sequence[str] = ()) -> Table:
    """A table with these headers (messages of the catalogue), drawn without vertical rules
    in Arabic."""
    from rich import box  # noqa: PLC0415 - see the imports
    from rich.table import Table  # noqa: PLC0415

    table = Table(box=box.SIMPLE_HEAD if lang == "ar" else box.ROUNDED, show_lines=False,
                  expand=False)
    for header in headers:
        table.add_column(say(lang, header), no_wrap=header in no_wrap)
    return table


def show(console: Console, line: str | Text = "", style: str = "") -> None:
    """One line, left for the terminal to wrap (so it can be copied and searched whole)."""
    console.print(line if isinstance(line, Text) else Text(line, style=style), soft_wrap=True)


def field(console: Console, label: str, value: str | Text, lang: str) -> None:
    """``Label: value`` (``label`` a message of the catalogue)."""
    line = Text(labelled(say(lang, label), lang) + " ", style="bold")
    line.append(value if isinstance(value, Text) else text(value, lang))
    show(console, line)


def heading(console: Console, label: str, lang: str, style: str = "bold") -> None:
    show(console, Text(labelled(say(lang, label), lang), style=style))


def outcome_text(decision: Decision, lang: str) -> Text:
    label = decision.outcome_label or names.outcome_name(decision.outcome, lang)
    return Text(label, style=STYLE[decision.outcome])


def benefit_items(decision: Decision) -> list[tuple[str, str, str]]:
    """``(name, label, value)`` of each amount and detail, in the decision's language; a
    value that rests on an assumption carries the mark."""
    items = []
    for name, value in [*decision.amounts.items(), *decision.details.items()]:
        shown = decision.output_labels.get(name)
        label, text = (shown.label, shown.value) if shown is not None else (
            name, fmt.value(value, decision.lang))
        if name in decision.illustrative_outputs:
            text += " " + names.assumption_mark(decision.lang)
        items.append((name, label, text))
    return items


def evidence_text(decision: Decision, lang: str) -> str:
    """What the program rests on, on the decision's date: *en partie sourcé (...)*."""
    return decision.evidence_label or names.evidence_name(decision.evidence, lang)


def benefit_text(decision: Decision) -> str:
    """Amounts and details in one cell: *Mode de paiement : virement bancaire*."""
    lang = decision.lang
    return t(lang, N_("; ")).join(f"{labelled(label, lang)} {value}"
                                  for _, label, value in benefit_items(decision))


def _missing(paths: Sequence[str], lang: str) -> str:
    return fmt.join((fact(p, lang) for p in paths), lang)


def main_reason(decision: Decision, lang: str) -> str:
    """The reason a decision gives, with its mark: for a refusal, the first criterion not
    met (✘); when undetermined, the first unknown one and what is missing (?); when
    eligible, that every criterion is met (✔)."""
    if decision.outcome is Outcome.ELIGIBLE:
        return "✔ " + t(lang, N_("All criteria are met"))
    wanted = (CriterionStatus.FAILED if decision.outcome is Outcome.INELIGIBLE
              else CriterionStatus.UNKNOWN)
    mark = MARK[wanted][0]
    for criterion in decision.criteria:
        if criterion.result is wanted:
            if criterion.missing:
                return t(lang, N_("{mark} {text} (missing: {facts})"), mark=mark,
                         text=criterion.text, facts=_missing(criterion.missing, lang))
            return f"{mark} {criterion.text}"
    if decision.missing:
        return t(lang, N_("{mark} Missing facts: {facts}"), mark=mark,
                 facts=_missing(decision.missing, lang))
    return ""


def criterion_head(index: int | None, result: CriterionResult, lang: str) -> Text:
    mark, style = MARK[result.result]
    line = Text(f"{index:>2}. {mark} " if index is not None else f"  {mark} ", style=style)
    line.append(fmt.isolate(result.id) if lang == "ar" else result.id, style="bold")
    label = result.result_label or names.criterion_result(result.result, lang)
    line.append(f" [{label}]", style=style)
    if result.illustrative:
        line.append(" " + names.assumption_mark(lang), style="magenta")
    return line


def benefit(console: Console, decision: Decision, lang: str, *, names_too: bool = False
            ) -> None:
    items = benefit_items(decision)
    if not items:
        return
    heading(console, N_("Benefit"), lang)
    for name, label, value in items:
        shown = t(lang, N_("{name} ({path})"), name=label, path=name) if names_too else label
        show(console, text(f"  {labelled(shown, lang)} {value}", lang))


def render_decision(console: Console, decision: Decision, lang: str) -> None:
    """One decision: what ``eligibility check`` prints."""
    head = Text(decision.program_title, style="bold")
    head.append(say(lang, N_("  ({program}, version {version})"), program=decision.program,
                    version=decision.version), style="dim")
    show(console, head)
    field(console, N_("Applicant"), person(decision, lang), lang)
    field(console, N_("Date"), fmt.date(decision.on, lang), lang)
    field(console, N_("Evidence"), evidence_text(decision, lang), lang)
    field(console, N_("Outcome"), outcome_text(decision, lang), lang)
    if decision.outcome is not Outcome.INELIGIBLE:
        benefit(console, decision, lang)
    if decision.next_change is not None:
        change = decision.next_change
        line = Text(labelled(fmt.date(change.on, lang), lang) + " ")
        line.append(names.outcome_name(change.outcome, lang), style=STYLE[change.outcome])
        line.append_text(text(" — " + change.reason, lang))
        field(console, N_("Next change"), line, lang)
    heading(console, N_("Criteria"), lang)
    for result in decision.criteria:
        show(console, criterion_head(None, result, lang))
        show(console, text(f"      {result.text}", lang))
        if result.exceptions:
            show(console, say(lang, N_("      exceptions applied: {ids}"),
                              ids=", ".join(result.exceptions)))
        if result.missing:
            show(console, text("      " + labelled(t(lang, N_("missing")), lang) + " "
                               + _missing(result.missing, lang), lang), style="yellow")
    if decision.missing:
        field(console, N_("Missing facts"), _missing(decision.missing, lang), lang)


def render_screen(console: Console, decisions: Sequence[Decision],
                  programs: Mapping[str, Program], lang: str) -> None:
    """Every decision of a household, in one table per domain (what ``screen`` prints)."""
    if not decisions:
        console.print(Text(say(lang, N_("No program applies to anyone in this household."))))
        return
    by_domain: dict[str, list[Decision]] = {}
    for decision in decisions:
        program = programs.get(decision.program)
        domain = program.domain.value if program is not None else ""
        by_domain.setdefault(domain, []).append(decision)
    for index, domain in enumerate(sorted(by_domain)):
        if index:
            console.print()
        title = names.heading(names.domain_name(domain, lang)) if domain else "—"
        console.print(Text(title, style="bold underline"))
        table = make_table(lang, N_("Program"), N_("Person"), N_("Outcome"), N_("Benefit"),
                       N_("Main reason"))
        for decision in by_domain[domain]:
            amount = benefit_text(decision) if decision.outcome is not Outcome.INELIGIBLE \
                else ""
            table.add_row(text(decision.program_title, lang), text(person(decision, lang), lang),
                          outcome_text(decision, lang), text(amount or "—", lang),
                          text(main_reason(decision, lang), lang))
        console.print(table)


def render_programs(console: Console, summaries: Sequence[Mapping[str, Any]], lang: str) -> None:
    """The program list (what ``eligibility programs`` prints)."""
    if not summaries:
        console.print(Text(say(lang, N_("No program matches."))))
        return
    table = make_table(lang, N_("Id"), N_("Title"), N_("Categories"), N_("Version"),
                   N_("Evidence"), no_wrap=(N_("Id"),))
    for summary in summaries:
        categories = fmt.join((names.category_name(c, lang) for c in summary["categories"]),
                              lang)
        force = N_("in force") if summary["in_force"] else N_("not in force")
        table.add_row(
            text(summary["id"], lang),
            text(f"{summary['title']} ({names.domain_name(summary['domain'], lang)})", lang),
            text(categories or "—", lang),
            text(f"{summary['version']} · {t(lang, force)}", lang),
            text(names.evidence_name(summary["evidence"], lang), lang),
        )
    console.print(table)

