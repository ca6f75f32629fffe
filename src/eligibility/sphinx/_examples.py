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
    OUTCOME_NAMES,
    RESULT_NAMES,
    ROLE_NAMES,
)
from ._nodes import (
    Cell,
    RuleBookDirective,
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
            block += self.decision(decision)
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

    def decision(self, decision: Decision) -> list[nodes.Node]:
        outcome = decision.outcome.value
        klass = {"eligible": "eligibility-met", "ineligible": "eligibility-not-met"}.get(
            outcome, "eligibility-unknown")
        out: list[nodes.Node] = [para(strong(self.t("Decision:")), " ", nodes.inline(
            self.t(OUTCOME_NAMES[outcome]), self.t(OUTCOME_NAMES[outcome]), classes=[klass]))]
        rows: list[list[Cell]] = []
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
            rows.append([result.text, nodes.inline(name, name, classes=[klass]),
                         read or [para("—")]])
        out.append(table([self.t("Criteria"), self.t("Result"), self.t("Values read")], rows,
                          [5, 1, 3]))
        if decision.amounts:
            out.append(para(strong(self.t("Amounts:")), " ", *_facts_nodes(
                {k: value_text(v) for k, v in decision.amounts.items()})))
        if decision.details:
            out.append(para(strong(self.t("Details:")), " ", *_facts_nodes(
                {k: value_text(v) for k, v in decision.details.items()})))
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
