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

from ._chrome import (
    CATEGORY_NAMES,
    EVIDENCE_NAMES,
    OUTCOME_NAMES,
    RESULT_NAMES,
    ROLE_NAMES,
)
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
    value_text,
)


class ExampleParts(RuleBookDirective):
    """The examples section of a program page."""

    def examples(self, program: Program) -> nodes.section:
        sub = self.section(self.t("Examples"), f"{program_label(program.id)}-examples")
        sub += para(self.t("Each example is evaluated by the library when these pages are "
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
            block = self.section(self.t("Example {n}", n=index),
                                 f"{program_label(program.id)}-example-{index}")
            block += para(nodes.emphasis("", "", ltr(example.name)))
            try:
                decision = self.book.evaluate(program.id, example.household,
                                              applicant=example.applicant, on=example.on,
                                              lang=self.lang)
            except EligibilityError as exc:
                self.warn(f"example {example.name!r} of {program.id} cannot be evaluated: {exc}")
                continue
            household = Household.model_validate(example.household)
            block += para(strong(self.t("Evaluated on:")), " ", date_node(example.on))
            block += self.household(household, example.on)
            block += para(strong(self.t("Applicant:")), " ", code(decision.applicant))
            block += self.decision(decision, f"{program_label(program.id)}-example-{index}")
            sub += block
        return sub

    def household(self, household: Household, on: _dt.date) -> list[nodes.Node]:
        rows: list[list[Cell]] = []
        for person in household.people:
            category = household.category_of(person, on)
            facts = self.person_facts(person)
            rows.append([
                code(person.id), self.t(ROLE_NAMES[person.role.value]),
                self.t(CATEGORY_NAMES[category]) if category else "—",
                str(_age(person, on)) if person.birth_date else "?",
                facts,
            ])
        out: list[nodes.Node] = [table(
            [self.t("Person"), self.t("Role"), self.t("Category"), self.t("Age"),
             self.t("Facts")], rows, [2, 2, 2, 1, 6])]
        general = household.model_dump(
            mode="json", exclude_defaults=True,
            exclude={"id", "affiliate", "spouses", "children", "parents", "history"})
        general.update({k: v for k, v in (("dues", household.dues and household.dues.value),
                                          ("bank_account", household.bank_account))
                        if k not in general})
        out.append(para(strong(self.t("Household facts:")), " ",
                         *_facts_nodes({"id": household.id, **general})))
        if household.history:
            out.append(para(strong(self.t("Benefits already received:"))))
            out.append(bullets([[code(r.program), " — ", date_node(r.on), " — ", code(r.person)]
                                for r in household.history]))
        return out

    def person_facts(self, person: Person) -> list[nodes.Node]:
        data = person.model_dump(mode="json", exclude_defaults=True, exclude={"id"})
        return [para(*_facts_nodes(data))] if data else [para("—")]

    def decision(self, decision: Decision, label: str) -> list[nodes.Node]:
        """The decision as computed: outcome, what it rests on, each criterion (marked when
        it rests on an assumption), the amounts and details (likewise), missing facts."""
        outcome = decision.outcome.value
        klass = {"eligible": "eligibility-met", "ineligible": "eligibility-not-met"}.get(
            outcome, "eligibility-unknown")
        out: list[nodes.Node] = [para(strong(self.t("Decision:")), " ", nodes.inline(
            self.t(OUTCOME_NAMES[outcome]), self.t(OUTCOME_NAMES[outcome]), classes=[klass]))]
        evidence = para(strong(self.t("Evidence:")), " ",
                        self.t(EVIDENCE_NAMES[decision.evidence]), ids=[f"{label}-evidence"])
        if decision.evidence.value != "sourced":
            evidence += assumption_mark(self.lang)
        out.append(evidence)
        rows: list[list[Cell]] = []
        ids: list[str | None] = []
        for result in decision.criteria:
            klass = {CriterionStatus.PASSED: "eligibility-met",
                     CriterionStatus.FAILED: "eligibility-not-met"}.get(
                result.result, "eligibility-unknown")
            name = self.t(RESULT_NAMES[result.result])
            read: list[nodes.Node] = [para(code(f"{k} = {value_text(v)}"))
                                      for k, v in result.values.items()]
            if result.exceptions:
                read.append(para(self.t("Exceptions applied:"), " ",
                                  code(", ".join(result.exceptions))))
            text: list[nodes.Node] = [nodes.Text(result.text)]
            if result.illustrative:
                text.append(assumption_mark(self.lang))
            rows.append([text, nodes.inline(name, name, classes=[klass]),
                         read or [para("—")]])
            ids.append(f"{label}-criterion-{result.id}")
        out.append(table([self.t("Criteria"), self.t("Result"), self.t("Values read")], rows,
                          [5, 1, 3], row_ids=ids))
        assumed = set(decision.illustrative_outputs)
        for heading, values in (("Amounts:", decision.amounts), ("Details:", decision.details)):
            if values:
                paragraph = para(strong(self.t(heading)))
                for key, value in values.items():
                    item = nodes.inline(ids=[nodes.make_id(f"{label}-output-{key}")])
                    item += nodes.Text(" ")
                    item += code(f"{key}: {value_text(value)}")
                    if key in assumed:
                        item += assumption_mark(self.lang)
                    paragraph += item
                out.append(paragraph)
        if decision.illustrative_parameters:
            paragraph = para(strong(self.t("Parameters whose value is assumed:")), " ",
                             ids=[f"{label}-parameters"])
            for index, name in enumerate(decision.illustrative_parameters):
                paragraph += nodes.Text(", " if index else "")
                paragraph += code(name)
            paragraph += assumption_mark(self.lang)
            out.append(paragraph)
        if decision.missing:
            out.append(para(strong(self.t("Missing facts:")), " ",
                             code(", ".join(decision.missing))))
        return out


def _age(person: Person, on: _dt.date) -> int:
    assert person.birth_date is not None
    return age_on(person.birth_date, on)


def _facts_nodes(data: Mapping[str, Any]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, (key, value) in enumerate(data.items()):
        if index:
            out.append(nodes.Text(", "))
        shown = "true" if value is True else "false" if value is False else (
            "?" if value is None else str(value))
        out.append(code(f"{key}: {shown}"))
    return out
