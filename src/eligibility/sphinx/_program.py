"""One page per program: its facts, criteria, amounts, history, examples and sources."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

from docutils import nodes

from eligibility import (
    Evidence,
    Status,
)
from eligibility._compile.categories import categories_served
from eligibility._compile.ir import CriterionException, Expr, Output, Program, unit_in
from eligibility._i18n import N_
from eligibility._i18n import words as names

from ._chrome import EVIDENCE_NAMES, colon, listed, t, tnodes
from ._examples import ExampleParts
from ._nodes import (
    Cell,
    assumption_mark,
    bullets,
    category_label,
    clamp,
    code,
    date_node,
    definition_label,
    in_force_text,
    para,
    program_date,
    program_label,
    quotes_block,
    ref,
    since_node,
    source_nodes,
    strong,
    table,
)
from ._timeline import TimelineParts


class ProgramDirective(ExampleParts, TimelineParts):
    """``.. eligibility-program:: ID`` -- everything staff need to know about one program."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        program_id = self.arguments[0]
        program = self.book.programs.get(program_id)
        if program is None:
            raise self.error(f"no program {program_id!r} in the rule book")
        params, definitions = program.parameters_shown, program.reads.definitions
        self.depend_on({program.file, *(self.book.definitions[d].file for d in definitions)})
        on = program_date(program, self.state_.as_of)
        values = program.params_at(on)
        lang = self.lang
        top = self.section(program.title.render(lang, values), program_label(program.id))
        if program.status is Status.ILLUSTRATIVE:
            warning = nodes.warning()
            warning += para(strong(t(self.lang, N_("Illustrative program"))))
            warning += para(t(self.lang,
                "This program is an illustration: it rests on the assumptions listed below, "
                "not on a published rule. Do not use it to decide real applications."))
            top += warning
        if program.summary is not None:
            top += para(program.summary.render(lang, values))
        top += self.facts(program, on)
        top += para(nodes.emphasis("", "", *tnodes(self.lang,
            "Texts on this page are those in force on {date}; the history below lists every "
            "change.", date=date_node(on, lang))))
        if program.assumptions or program.evidence(on) is not Evidence.SOURCED:
            sub = self.section(t(lang, "Assumptions"), f"{program_label(program.id)}-assumptions")
            sub += bullets([a.render(lang, values) for a in program.assumptions])
            sub += self.assumed_parts(program, on)
            top += sub
        top += self.applies_to(program, on)
        top += self.criteria(program, on)
        if program.outputs:
            top += self.outputs(program, on)
        if definitions:
            sub = self.section(t(self.lang, "Shared definitions used"),
                               f"{program_label(program.id)}-definitions")
            sub += bullets([[ref(definition_label(name), name, self.env.docname),
                              nodes.Text(" — " + self.book.definitions[name].text.render(lang,
                                                        values)),
                              *self.definition_mark(name)]
                             for name in sorted(definitions)])
            top += sub
        top += self.history(program, params)
        top += self.events(program)
        worked = self.worked_timeline(program)
        if worked is not None:
            top += worked
        if program.examples:
            top += self.examples(program)
        top += self.sources(program, params)
        return [top]

    # -- parts ------------------------------------------------------------------------------
    def facts(self, program: Program, on: _dt.date) -> nodes.table:
        return table(2, [
            [t(self.lang, "Identifier"), code(program.id)],
            [t(self.lang, "Domain"), names.heading(names.domain_name(program.domain, self.lang))],
            [t(self.lang, "Applies to"),
             listed([names.role_name(r, self.lang) for r in program.applies_to], self.lang)],
            [t(self.lang, "Evidence"), self.evidence(program, on)],
            [t(self.lang, "In force"), in_force_text(program, self.state_.as_of, self.lang)],
            [t(self.lang, "Version in force"), program.version_at(on).id],
            [t(self.lang, "Rule file"), code(program.file)],
        ], [1, 3], row_ids=[None, None, None, f"{program_label(program.id)}-evidence", None,
                            None, None])

    def applies_to(self, program: Program, on: _dt.date) -> nodes.section:
        sub = self.section(t(self.lang, "Who it applies to"), f"{program_label(program.id)}-who")
        sub += para(t(self.lang,
            "The program is evaluated for each person of the household with one of these roles:"))
        sub += bullets([names.heading(names.role_name(r, self.lang)) for r in program.applies_to])
        categories = categories_served(program, self.book.definitions, on)
        paragraph = para(t(self.lang, "Member categories that may qualify:"), " ")
        if not categories:
            paragraph += nodes.Text(t(self.lang, "none"))
        for index, category in enumerate(categories):
            if index:
                paragraph += nodes.Text(", ")
            paragraph += ref(category_label(category),
                             names.category_name(category, self.lang), self.env.docname)
        sub += paragraph
        return sub

    def criteria(self, program: Program, on: _dt.date) -> nodes.section:
        sub = self.section(t(self.lang, "Criteria"), f"{program_label(program.id)}-criteria")
        sub += para(t(self.lang, "Every criterion must be met."))
        items = nodes.enumerated_list()
        for criterion in program.criteria:
            item = nodes.list_item(ids=[nodes.make_id(
                f"{program_label(program.id)}-criterion-{criterion.id}")])
            when = clamp(on, criterion.valid_from, criterion.valid_until)
            text = criterion.text.render(self.lang, program.params_at(when))
            head = para(strong(text))
            assumed = criterion.assumptions(on=when)
            if assumed:
                head += assumption_mark(self.lang, (n for n in assumed if n != criterion.id))
            item += head
            if not criterion.generated:
                item += para(t(self.lang, "Rule:"), " ", code(criterion.when.source))
            item.extend(quotes_block(program.quotes(criterion.reads, when), self.lang))
            if criterion.valid_from is not None:
                item += para(*tnodes(self.lang, "Applies from {date}.",
                                     date=date_node(criterion.valid_from, self.lang)))
            if criterion.valid_until is not None:
                item += para(*tnodes(self.lang, "No longer applies from {date}.",
                                     date=date_node(criterion.valid_until, self.lang)))
            if criterion.exceptions:
                item += para(t(self.lang, "Exceptions:"))
                item += self.exceptions(criterion.exceptions, program.params_at(when),
                                        f"{program_label(program.id)}-criterion-{criterion.id}")
            items += item
        sub += items
        return sub

    def exceptions(self, exceptions: Sequence[CriterionException],
                   values: Mapping[str, Any], label: str) -> nodes.bullet_list:
        out = nodes.bullet_list()
        for exception in exceptions:
            item = nodes.list_item(ids=[nodes.make_id(f"{label}-exception-{exception.id}")])
            head = para()
            if exception.text is not None:
                head += strong(exception.text.render(self.lang, values))
                if exception.status is Status.ILLUSTRATIVE:
                    head += assumption_mark(self.lang)
                head += nodes.Text(" — ")
            elif exception.status is Status.ILLUSTRATIVE:
                head += assumption_mark(self.lang)
                head += nodes.Text(" ")
            head += nodes.Text(t(self.lang, "when") + " ")
            head += code(exception.when.source)
            head += nodes.Text(colon(self.lang) + " ")
            then = exception.then.literal
            if isinstance(then, bool):
                met = N_("the criterion is met") if then else N_("the criterion is not met")
                head += nodes.Text(t(self.lang, met))
            else:
                head += nodes.Text(t(self.lang, "the criterion becomes") + " ")
                head += code(exception.then.source)
            item += head
            item += para(code(f"[{exception.id}]"))
            if exception.exceptions:
                item += self.exceptions(exception.exceptions, values,
                                        f"{label}-exception-{exception.id}")
            out += item
        return out

    def outputs(self, program: Program, on: _dt.date) -> nodes.section:
        values = program.params_at(on)
        sub = self.section(t(self.lang, "Amounts and fees"), f"{program_label(program.id)}-amounts")
        for output in program.outputs:
            title = output.title(self.lang, values)
            block = self.section(title, f"{program_label(program.id)}-output-{output.name}")
            head = para(code(output.name))
            unit = unit_in(output.unit, self.lang)
            if unit is not None:
                head += nodes.Text(" — " + t(self.lang, "Unit:") + f" {unit}")
            assumed = output.assumptions(on)
            if assumed:
                head += assumption_mark(self.lang, (n for n in assumed if n != output.name))
            block += head
            if output.guard is not None:
                block += para(t(self.lang, "Given only when:"), " ", code(output.guard.source))
            block.extend(quotes_block(program.quotes(output.reads, on), self.lang))
            if output.policy == "first":
                block += para(t(self.lang, "The first row that matches applies."))
            elif output.policy == "unique":
                block += para(t(self.lang, "Exactly one row matches."))
            rows: list[list[Cell]] = []
            for row in output.table:
                if row.when is None:
                    condition: Cell = t(self.lang, "Otherwise") if output.policy != "value" else "—"
                elif row.text is not None:
                    condition = [para(row.text.render(self.lang, values)),
                                 para(code(row.when.source))]
                else:
                    condition = code(row.when.source)
                rows.append([condition, self.value_cell(output, row.then, values)])
            block += table([t(self.lang, "Condition"), t(self.lang, "Value")], rows, [3, 2])
            sub += block
        return sub

    def evidence(self, program: Program, on: _dt.date) -> list[nodes.Node]:
        """What the program rests on, on ``on``; marked unless it is wholly sourced."""
        evidence = program.evidence(on)
        out: list[nodes.Node] = [nodes.Text(t(self.lang, EVIDENCE_NAMES[evidence]))]
        if evidence is not Evidence.SOURCED:
            out.append(assumption_mark(self.lang))
        return out

    def definition_mark(self, name: str) -> list[nodes.Node]:
        definition = self.book.definitions[name]
        return [assumption_mark(self.lang)] if definition.status is Status.ILLUSTRATIVE else []

    def assumed_parts(self, program: Program, on: _dt.date) -> list[nodes.Node]:
        """The parts that rest on an assumption on ``on``, as the IR reports them."""
        parts: list[tuple[str, list[str]]] = [
            (N_("Criteria resting on an assumption:"),
             [c.id for c in program.active_criteria(on) if c.rests_on_assumption(on=on)]),
            (N_("Amounts and details resting on an assumption:"),
             list(program.assumed_outputs_on(on))),
            (N_("Parameters whose value is assumed:"), list(program.assumed_parameters(on))),
            (N_("Shared definitions that are assumptions:"),
             list(program.assumed_definitions())),
        ]
        out: list[nodes.Node] = []
        for heading, assumed in parts:
            if assumed:
                paragraph = para(t(self.lang, heading), " ")
                for index, name in enumerate(assumed):
                    if index:
                        paragraph += nodes.Text(", ")
                    paragraph += code(name)
                out.append(paragraph)
        return out

    def value_cell(self, output: Output, expr: Expr, values: Mapping[str, Any]) -> Cell:
        if expr.literal is not None:
            return output.shown(expr.literal, self.lang)
        if expr.parameter is not None and expr.parameter in values:
            return [para(output.shown(values[expr.parameter], self.lang), " (",
                         code(expr.parameter), ")")]
        return code(expr.source)

    def history(self, program: Program, params: frozenset[str]) -> nodes.section:
        """Every dated change: versions, parameter values (each date as far as it is known,
        and marked when the date or the value is assumed), criteria starting or stopping."""
        label = program_label(program.id)
        sub = self.section(t(self.lang, "History"), f"{label}-history")
        rows: list[tuple[_dt.date, int, str | None, list[Cell]]] = []
        for version in program.versions:
            change: list[nodes.Node] = [para(t(self.lang, "Version {id} comes into force",
                                                     id=version.id))]
            if version.text is not None:
                change.append(para(version.text.render(self.lang,
                                           program.params_at(version.valid_from))))
            when: list[nodes.Node] = [date_node(version.valid_from, self.lang, version.precision)]
            if version.assumed:
                when.append(assumption_mark(self.lang))
            rows.append((version.valid_from, 0, f"{label}-version-{version.id}",
                         [when, change]))
        for name in sorted(params):
            parameter = program.parameters[name]
            meaning = parameter.title(self.lang, program.params_at(program.valid_from))
            for entry in parameter.entries:
                shown = para(strong(parameter.shown(entry.value, self.lang)))
                if entry.assumed:
                    shown += assumption_mark(self.lang)
                rows.append((entry.valid_from, 1,
                             f"{label}-parameter-{name}-{entry.valid_from.isoformat()}",
                             [since_node(entry.valid_from, self.lang, entry.precision),
                              [para(meaning, " (", code(name), ")"), shown]]))
        for criterion in program.criteria:
            text = criterion.text.render(self.lang, program.params_at(clamp(
                criterion.valid_from or program.valid_from, None, criterion.valid_until)))
            if criterion.valid_from is not None:
                start = date_node(criterion.valid_from, self.lang)
                rows.append((criterion.valid_from, 2, None, [start, [
                    para(t(self.lang, "Criterion starts to apply")), para(text)]]))
            if criterion.valid_until is not None:
                rows.append((criterion.valid_until, 2, None, [
                    date_node(criterion.valid_until, self.lang),
                    [para(t(self.lang, "Criterion stops applying")), para(text)]]))
        if program.valid_until is not None:
            rows.append((program.valid_until, 3, None, [date_node(program.valid_until, self.lang),
                                                        t(self.lang, "The program ends")]))
        rows.sort(key=lambda row: (row[0], row[1]))
        sub += table([t(self.lang, "Date"), t(self.lang, "Change")], [r[3] for r in rows], [1, 4],
                     row_ids=[r[2] for r in rows])
        return sub

    def sources(self, program: Program, params: frozenset[str]) -> nodes.section:
        sub = self.section(t(self.lang, "Sources"), f"{program_label(program.id)}-sources")
        if program.sources:
            sub += bullets([source_nodes(s, self.lang) for s in program.sources])
        else:
            sub += para(t(self.lang, "No public source: see the assumptions."))
        own = [(name, s) for name in sorted(params)
               for s in (*program.parameters[name].sources,
                         *(s for e in program.parameters[name].entries for s in e.sources))]
        if own:
            sub += para(t(self.lang, "Sources of the parameters:"))
            sub += bullets([[code(name), nodes.Text(" — "), *source_nodes(s, self.lang)]
                            for name, s in own])
        return sub


