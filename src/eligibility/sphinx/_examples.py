"""A program page's worked examples: each household, and the decision it gets."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from docutils import nodes

from eligibility import (
    CriterionStatus,
    Decision,
    EligibilityError,
    Household,
    Person,
    age_on,
)
from eligibility._compile.ir import Program
from eligibility._i18n import N_
from eligibility._i18n import format as fmt
from eligibility._i18n import words as names

from ._chrome import EVIDENCE_NAMES, colon, t
from ._nodes import (
    Cell,
    RuleBookDirective,
    assumption_mark,
    bullets,
    code,
    date_node,
    logger,
    ltr,
    para,
    program_label,
    strong,
    table,
)
from ._site import details


class ExampleParts(RuleBookDirective):
    """The examples section of a program page."""

    def examples(self, program: Program) -> nodes.section:
        sub = self.section(t(self.lang, "Examples"), f"{program_label(program.id)}-examples")
        sub += para(t(self.lang, "Each example is evaluated by the library when these pages are "
                            "built; its decision is shown as computed."))
        checked = self.state_.examples_checked
        if program.id not in checked:
            checked.add(program.id)
            for result in self.book.run_examples([program.id]):
                for failure in result.failures:
                    logger.warning("example %r of %s: %s", result.name, program.id, failure,
                                   location=f"{self.book.root / program.file}:1",
                                   type="eligibility", subtype="example")
        for index, example in enumerate(program.examples, start=1):
            try:
                decision = self.book.evaluate(program.id, example.household,
                                              applicant=example.applicant, on=example.on,
                                              lang=self.lang)
            except EligibilityError as exc:
                self.warn(f"example {example.name!r} of {program.id} cannot be evaluated: {exc}")
                continue
            # Folded until opened: its number, its date and its decision stay in view.
            outcome = decision.outcome_label or names.outcome_name(decision.outcome.value,
                                                                   self.lang)
            summary = t(self.lang, N_("Example {n}, on {date}: {outcome}"), n=index,
                        date=fmt.known_date(example.on, "day", self.lang), outcome=outcome)
            block = details(summary=summary, ids=[nodes.make_id(
                f"{program_label(program.id)}-example-{index}")])
            if self.lang == "en":  # examples are named in English only
                block += para(nodes.emphasis("", "", ltr(example.name)))
            household = Household.model_validate(example.household)
            block += para(strong(t(self.lang, "Evaluated on:")), " ",
                          date_node(example.on, self.lang))
            block += self.household(household, example.on)
            block += para(strong(t(self.lang, "Applicant:")), " ", code(decision.applicant))
            block += self.decision(decision, program,
                                   f"{program_label(program.id)}-example-{index}")
            sub += block
        return sub

    def household(self, household: Household, on: _dt.date) -> list[nodes.Node]:
        """The household as a small table: a row per person, who they are (role, category,
        age) beside their facts, one per line, each labelled and in words."""
        lang = self.lang
        rows: list[list[Cell]] = []
        for person in household.people:
            category = household.category_of(person, on)
            who = [para(code(person.id)),
                   para(names.heading(names.role_name(person.role, lang))
                        + (f" — {names.category_name(category, lang, person.sex)}"
                           if category else ""))]
            if person.birth_date:
                who.append(para(_fact(t(lang, "Age"), fmt.number(_age(person, on), lang),
                                      lang)))
            rows.append([who, self.person_facts(person)])
        people = table([t(lang, "Person"), t(lang, "Facts")], rows, [2, 3])
        people["classes"].append("eligibility-household")
        out: list[nodes.Node] = [people]
        general = {name: getattr(household, name)
                   for name in ("dues", "bank_account", "social_hardship")}
        out.append(para(strong(t(lang, "Household facts:"))))
        out.append(bullets([[p] for p in _facts_nodes(general, lang)]))
        if household.history:
            out.append(para(strong(t(lang, "Benefits already received:"))))
            out.append(bullets([[code(r.program), " — ", date_node(r.on, lang), " — ",
                                 code(r.person)] for r in household.history]))
        return out

    def person_facts(self, person: Person) -> list[nodes.Node]:
        data = person.model_dump(exclude_defaults=True, exclude={"id"})
        return list(_facts_nodes(data, self.lang)) if data else [para("—")]

    def decision(self, decision: Decision, program: Program, label: str) -> list[nodes.Node]:
        """The decision as computed: outcome, what it rests on, each criterion (marked when
        it rests on an assumption) with the values it read in words, the amounts and details
        (likewise), missing facts."""
        lang = self.lang
        outcome = decision.outcome.value
        klass = {"eligible": "eligibility-met", "ineligible": "eligibility-not-met"}.get(
            outcome, "eligibility-unknown")
        shown = decision.outcome_label or names.outcome_name(outcome, lang)
        out: list[nodes.Node] = [para(strong(t(lang, "Decision:")), " ", nodes.inline(
            shown, shown, classes=[klass]))]
        evidence = para(strong(t(lang, "Evidence:")), " ",
                        t(lang, EVIDENCE_NAMES[decision.evidence]), ids=[f"{label}-evidence"])
        if decision.evidence.value != "sourced":
            evidence += assumption_mark(lang)
        out.append(evidence)
        out.append(self.criteria_table(decision, program, label))
        if decision.output_labels:
            paragraph = para(strong(t(lang, "Benefit:")))
            for index, (key, output) in enumerate(decision.output_labels.items()):
                item = nodes.inline(ids=[nodes.make_id(f"{label}-output-{key}")])
                item += nodes.Text((t(lang, N_("; ")) if index else " ")
                                   + t(lang, N_("{label}:"), label=output.label)
                                   + f" {output.value}")
                if key in decision.illustrative_outputs:
                    item += assumption_mark(lang)
                paragraph += item
            out.append(paragraph)
        if decision.illustrative_parameters:
            paragraph = para(strong(t(lang, "Parameters whose value is assumed:")), " ",
                             ids=[f"{label}-parameters"])
            for index, name in enumerate(decision.illustrative_parameters):
                paragraph += nodes.Text(", " if index else "")
                paragraph += code(name)
            paragraph += assumption_mark(lang)
            out.append(paragraph)
        if decision.missing:
            out.append(para(strong(t(lang, "Missing facts:")), " ",
                            *_missing_nodes(decision.missing, lang)))
        return out

    def criteria_table(self, decision: Decision, program: Program, label: str) -> nodes.table:
        """Each criterion: its text (marked when it rests on an assumption), its result, and
        the values it read, named and in words."""
        lang = self.lang
        params = program.params_at(decision.on)
        rows: list[list[Cell]] = []
        for result in decision.criteria:
            klass = {CriterionStatus.PASSED: "eligibility-met",
                     CriterionStatus.FAILED: "eligibility-not-met"}.get(
                result.result, "eligibility-unknown")
            name = result.result_label or names.criterion_result(result.result, lang)
            read: list[nodes.Node] = [
                para(f"{program.name_of(k, lang, params) or ''} ", code(k), colon(lang) + " ",
                     program.value_of(k, v, lang, params))
                for k, v in result.values.items()]
            if result.exceptions:
                read.append(para(t(lang, "Exceptions applied:"), " ",
                                 code(", ".join(result.exceptions))))
            text: list[nodes.Node] = [nodes.Text(result.text)]
            if result.illustrative:
                text.append(assumption_mark(lang))
            rows.append([text, nodes.inline(name, name, classes=[klass]),
                         read or [para("—")]])
        return table([t(lang, "Criteria"), t(lang, "Result"), t(lang, "Values read")],
                     rows, [5, 1, 3],
                     row_ids=[f"{label}-criterion-{r.id}" for r in decision.criteria])


def _age(person: Person, on: _dt.date) -> int:
    assert person.birth_date is not None
    return age_on(person.birth_date, on)


def _facts_nodes(data: Mapping[str, Any], lang: str) -> list[nodes.paragraph]:
    """Facts, one a line, as *name : value* in words (*date de naissance : 30 novembre
    1974*), each value kept whole in its own direction."""
    out: list[nodes.paragraph] = []
    for key, value in data.items():
        out.append(_fact(names.field_name(key, lang) or key, fmt.fact_value(key, value, lang),
                         lang))
    return out


def _fact(label: str, value: str, lang: str) -> nodes.paragraph:
    return para(t(lang, N_("{label}:"), label=label) + " ",
                nodes.inline(value, value, classes=["eligibility-value"]))


def _missing_nodes(paths: list[str], lang: str) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, path in enumerate(paths):
        if index:
            out.append(nodes.Text(", "))
        name = names.fact_label(path, lang)
        if name:
            out.append(nodes.Text(f"{name} "))
        out.append(code(path))
    return out
