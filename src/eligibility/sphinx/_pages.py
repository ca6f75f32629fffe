"""The staff pages: the catalogue, one page per program, the shared definitions."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

from docutils import nodes

from eligibility import (
    Category,
    CriterionStatus,
    Decision,
    Domain,
    EligibilityError,
    Household,
    Person,
    Status,
    age_on,
    to_value,
)
from eligibility._compile.categories import categories_served
from eligibility._compile.ir import Citation, CriterionException, Expr, Parameter, Program

from ._chrome import (
    CATEGORY_NAMES,
    CATEGORY_QUESTIONS,
    DOMAIN_NAMES,
    OUTCOME_NAMES,
    RESULT_NAMES,
    ROLE_NAMES,
    comma,
)
from ._nodes import (
    Cell,
    RuleBookDirective,
    bullets,
    category_label,
    clamp,
    code,
    date_node,
    definition_label,
    in_force_text,
    link,
    logger,
    ltr,
    para,
    program_date,
    program_label,
    ref,
    strong,
    table,
)


def _value_text(value: Any) -> str:
    shown = to_value(value)
    if isinstance(shown, list):
        return ", ".join(str(v) for v in shown)
    if isinstance(shown, bool):
        return "true" if shown else "false"
    return str(shown)


# -- the catalogue ----------------------------------------------------------------------------


class CatalogueDirective(RuleBookDirective):
    """``.. eligibility-catalogue::`` -- programs by domain and by member category."""

    def run(self) -> list[nodes.Node]:
        book, as_of = self.book, self.state_.as_of
        self.depend_on({p.file for p in book.programs.values()})
        top = self.section(self.t("Program catalogue"), "eligibility-catalogue")
        by_domain = self.section(self.t("Programs by domain"), "eligibility-catalogue-domains")
        top += by_domain
        for domain in Domain:
            programs = [p for p in book.programs.values() if p.domain is domain]
            if not programs:
                continue
            sub = self.section(self.t(DOMAIN_NAMES[domain]), f"eligibility-domain-{domain.value}")
            sub += table(
                [self.t("Program"), self.t("Applies to"), self.t("Status"), self.t("In force")],
                [[self.program_link(p), self.roles(p), self.status(p),
                  in_force_text(p, as_of, self.lang)] for p in programs],
                [4, 3, 2, 3],
            )
            by_domain += sub
        by_category = self.section(self.t("Programs by member category"),
                                   "eligibility-catalogue-categories")
        by_category += para(self.t(
            "Which member categories a program may serve is worked out from its criteria: a "
            "category is left out when the criteria rule it out."))
        served = {p.id: categories_served(p, book.definitions, program_date(p, as_of))
                  for p in book.programs.values()}
        for category in Category:
            sub = self.section(self.t(CATEGORY_QUESTIONS[category]), category_label(category))
            programs = [p for p in book.programs.values() if category in served[p.id]]
            if programs:
                sub += bullets([[self.program_link(p), nodes.Text(
                    f" ({self.t(DOMAIN_NAMES[p.domain])})")] for p in programs])
            else:
                sub += para(self.t("none"))
            by_category += sub
        top += by_category
        return [top]

    def program_link(self, program: Program) -> nodes.Node:
        return ref(program_label(program.id), program.title.get(self.lang), self.env.docname)

    def roles(self, program: Program) -> str:
        return comma(self.lang).join(self.t(ROLE_NAMES[r]) for r in program.applies_to)

    def status(self, program: Program) -> str:
        return self.t("Sourced" if program.status is Status.SOURCED else "Illustrative")


# -- one program ------------------------------------------------------------------------------


class ProgramDirective(RuleBookDirective):
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
        top = self.section(program.title.get(lang), program_label(program.id))
        if program.status is Status.ILLUSTRATIVE:
            warning = nodes.warning()
            warning += para(strong(self.t("Illustrative program")))
            warning += para(self.t(
                "This program is an illustration: it rests on the assumptions listed below, "
                "not on a published rule. Do not use it to decide real applications."))
            top += warning
        if program.summary is not None:
            top += para(program.summary.render(lang, values))
        top += self.facts(program, on)
        top += para(nodes.emphasis("", "", *self.tn(
            "Texts on this page are those in force on {date}; the history below lists every "
            "change.", date=date_node(on))))
        if program.assumptions:
            sub = self.section(self.t("Assumptions"), f"{program_label(program.id)}-assumptions")
            sub += bullets([a.render(lang, values) for a in program.assumptions])
            top += sub
        top += self.applies_to(program, on)
        top += self.criteria(program, on)
        if program.outputs:
            top += self.outputs(program, values)
        if definitions:
            sub = self.section(self.t("Shared definitions used"),
                               f"{program_label(program.id)}-definitions")
            sub += bullets([[ref(definition_label(name), name, self.env.docname),
                              nodes.Text(" — " + self.book.definitions[name].text.render(lang,
                                                        values))]
                             for name in sorted(definitions)])
            top += sub
        top += self.history(program, params)
        if program.examples:
            top += self.examples(program)
        top += self.sources(program, params)
        return [top]

    # -- parts ------------------------------------------------------------------------------
    def facts(self, program: Program, on: _dt.date) -> nodes.table:
        status = self.t("Sourced" if program.status is Status.SOURCED else "Illustrative")
        return table(2, [
            [self.t("Identifier"), code(program.id)],
            [self.t("Domain"), self.t(DOMAIN_NAMES[program.domain])],
            [self.t("Applies to"),
             comma(self.lang).join(self.t(ROLE_NAMES[r]) for r in program.applies_to)],
            [self.t("Status"), status],
            [self.t("In force"), in_force_text(program, self.state_.as_of, self.lang)],
            [self.t("Version in force"), program.version_at(on).id],
            [self.t("Rule file"), code(program.file)],
        ], [1, 3])

    def applies_to(self, program: Program, on: _dt.date) -> nodes.section:
        sub = self.section(self.t("Who it applies to"), f"{program_label(program.id)}-who")
        sub += para(self.t(
            "The program is evaluated for each person of the household with one of these roles:"))
        sub += bullets([self.t(ROLE_NAMES[r]) for r in program.applies_to])
        categories = categories_served(program, self.book.definitions, on)
        paragraph = para(self.t("Member categories that may qualify:"), " ")
        if not categories:
            paragraph += nodes.Text(self.t("none"))
        for index, category in enumerate(categories):
            if index:
                paragraph += nodes.Text(", ")
            paragraph += ref(category_label(category), self.t(CATEGORY_NAMES[category]),
                              self.env.docname)
        sub += paragraph
        return sub

    def criteria(self, program: Program, on: _dt.date) -> nodes.section:
        sub = self.section(self.t("Criteria"), f"{program_label(program.id)}-criteria")
        sub += para(self.t("Every criterion must be met."))
        items = nodes.enumerated_list()
        for criterion in program.criteria:
            item = nodes.list_item(ids=[nodes.make_id(
                f"{program_label(program.id)}-criterion-{criterion.id}")])
            when = clamp(on, criterion.valid_from, criterion.valid_until)
            text = criterion.text.render(self.lang, program.params_at(when))
            head = para(strong(text))
            if criterion.status is Status.ILLUSTRATIVE:
                head += nodes.Text(f" ({self.t('illustrative')})")
            item += head
            if not criterion.generated:
                item += para(self.t("Rule:"), " ", code(criterion.when.source))
            if criterion.valid_from is not None:
                item += para(*self.tn("Applies from {date}.",
                                      date=date_node(criterion.valid_from)))
            if criterion.valid_until is not None:
                item += para(*self.tn("No longer applies from {date}.",
                                      date=date_node(criterion.valid_until)))
            if criterion.exceptions:
                item += para(self.t("Exceptions:"))
                item += self.exceptions(criterion.exceptions, program.params_at(when))
            items += item
        sub += items
        return sub

    def exceptions(self, exceptions: Sequence[CriterionException],
                   values: Mapping[str, Any]) -> nodes.bullet_list:
        out = nodes.bullet_list()
        for exception in exceptions:
            item = nodes.list_item()
            head = para()
            if exception.text is not None:
                head += strong(exception.text.render(self.lang, values))
                head += nodes.Text(" — ")
            head += nodes.Text(f"{self.t('when')} ")
            head += code(exception.when.source)
            head += nodes.Text(": ")
            then = exception.then.literal
            if isinstance(then, bool):
                head += nodes.Text(self.t("the criterion is met" if then
                                          else "the criterion is not met"))
            else:
                head += nodes.Text(f"{self.t('the criterion becomes')} ")
                head += code(exception.then.source)
            item += head
            item += para(code(f"[{exception.id}]"))
            if exception.exceptions:
                item += self.exceptions(exception.exceptions, values)
            out += item
        return out

    def outputs(self, program: Program, values: Mapping[str, Any]) -> nodes.section:
        sub = self.section(self.t("Amounts and fees"), f"{program_label(program.id)}-amounts")
        for output in program.outputs:
            title = output.text.render(self.lang, values) if output.text else output.name
            block = self.section(title, f"{program_label(program.id)}-output-{output.name}")
            head = para(code(output.name))
            if output.unit:
                head += nodes.Text(f" — {self.t('Unit:')} ")
                head += ltr(output.unit)
            if output.status is Status.ILLUSTRATIVE:
                head += nodes.Text(f" ({self.t('illustrative')})")
            block += head
            if output.policy == "first":
                block += para(self.t("The first row that matches applies."))
            elif output.policy == "unique":
                block += para(self.t("Exactly one row matches."))
            rows: list[list[Cell]] = []
            for row in output.rows:
                if row.when is None:
                    condition: Cell = self.t("Otherwise") if output.policy != "value" else "—"
                elif row.text is not None:
                    condition = [para(row.text.render(self.lang, values)),
                                 para(code(row.when.source))]
                else:
                    condition = code(row.when.source)
                rows.append([condition, self.value_cell(row.then, values)])
            block += table([self.t("Condition"), self.t("Value")], rows, [3, 2])
            sub += block
        return sub

    def value_cell(self, expr: Expr, values: Mapping[str, Any]) -> Cell:
        if expr.literal is not None:
            return _value_text(expr.literal)
        if expr.parameter is not None and expr.parameter in values:
            return [para(_value_text(values[expr.parameter]), " (", code(expr.parameter), ")")]
        return code(expr.source)

    def history(self, program: Program, params: frozenset[str]) -> nodes.section:
        sub = self.section(self.t("History"), f"{program_label(program.id)}-history")
        rows: list[tuple[_dt.date, int, list[Cell]]] = []
        for version in program.versions:
            change: list[nodes.Node] = [para(self.t("Version {id} comes into force",
                                                     id=version.id))]
            if version.text is not None:
                change.append(para(version.text.render(self.lang,
                                           program.params_at(version.valid_from))))
            rows.append((version.valid_from, 0, [date_node(version.valid_from), change]))
        for name in sorted(params):
            parameter = program.parameters[name]
            label = parameter.text.get(self.lang) if parameter.text else name
            for when, value in parameter.values:
                shown = _value_text(value) + (f" {parameter.unit}" if parameter.unit else "")
                rows.append((when, 1, [date_node(when), [
                    para(label, " (", code(name), ")"), para(strong(shown))]]))
        for criterion in program.criteria:
            text = criterion.text.get(self.lang)
            if criterion.valid_from is not None:
                rows.append((criterion.valid_from, 2, [date_node(criterion.valid_from), [
                    para(self.t("Criterion starts to apply")), para(text)]]))
            if criterion.valid_until is not None:
                rows.append((criterion.valid_until, 2, [date_node(criterion.valid_until), [
                    para(self.t("Criterion stops applying")), para(text)]]))
        if program.valid_until is not None:
            rows.append((program.valid_until, 3, [date_node(program.valid_until),
                                                  self.t("The program ends")]))
        rows.sort(key=lambda row: (row[0], row[1]))
        sub += table([self.t("Date"), self.t("Change")], [r[2] for r in rows], [1, 4])
        return sub

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
            category = household.category_of(person)
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
            read: list[nodes.Node] = [para(code(f"{k} = {_value_text(v)}"))
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
                {k: _value_text(v) for k, v in decision.amounts.items()})))
        if decision.details:
            out.append(para(strong(self.t("Details:")), " ", *_facts_nodes(
                {k: _value_text(v) for k, v in decision.details.items()})))
        if decision.missing:
            out.append(para(strong(self.t("Missing facts:")), " ",
                             code(", ".join(decision.missing))))
        return out

    def sources(self, program: Program, params: frozenset[str]) -> nodes.section:
        sub = self.section(self.t("Sources"), f"{program_label(program.id)}-sources")
        if program.sources:
            sub += bullets([_source(s) for s in program.sources])
        else:
            sub += para(self.t("No public source: see the assumptions."))
        own = [(name, s) for name in sorted(params)
               for s in program.parameters[name].sources]
        if own:
            sub += para(self.t("Sources of the parameters:"))
            sub += bullets([[code(name), nodes.Text(" — "), *_source(s)] for name, s in own])
        return sub


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


def _source(source: Citation) -> list[nodes.Node]:
    parts: list[nodes.Node] = [link(source.title, source.url)]
    if source.date is not None:
        parts.extend([nodes.Text(" ("), date_node(source.date), nodes.Text(")")])
    if source.note:
        parts.append(nodes.Text(f" — {source.note}"))
    return parts


# -- shared definitions -----------------------------------------------------------------------


class DefinitionsDirective(RuleBookDirective):
    """``.. eligibility-definitions::`` -- shared definitions and global parameters."""

    def run(self) -> list[nodes.Node]:
        book, lang = self.book, self.lang
        self.depend_on({d.file for d in book.definitions.values()})
        users: dict[str, list[Program]] = {}
        for program in book.programs.values():
            for name in program.reads.definitions:
                users.setdefault(name, []).append(program)
        top = self.section(self.t("Shared definitions"), "eligibility-definitions")
        top += para(self.t("Definitions are written once and used by many programs."))
        values = {name: p.at(clamp(self.state_.as_of, p.values[0][0], None))
                  for name, p in book.parameters.items()}
        for name, definition in book.definitions.items():
            signature = name + (f"({', '.join(f'{p}: {t}' for p, t in definition.params)})"
                                if definition.params else "")
            sub = self.section(code(signature), definition_label(name))
            meaning = para(strong(definition.text.render(lang, values)))
            if definition.status is Status.ILLUSTRATIVE:
                meaning += nodes.Text(f" ({self.t('illustrative')})")
            sub += meaning
            sub += para(self.t("Rule:"), " ", code(definition.value.source))
            used = para(self.t("Used by:"), " ")
            for index, program in enumerate(users.get(name, [])):
                if index:
                    used += nodes.Text(", ")
                used += ref(program_label(program.id), program.title.get(lang),
                             self.env.docname)
            if not users.get(name):
                used += nodes.Text(self.t("no program"))
            sub += used
            if definition.sources:
                sub += bullets([_source(s) for s in definition.sources])
            top += sub
        if book.parameters:
            sub = self.section(self.t("Global parameters"), "eligibility-global-parameters")
            sub += table(
                [self.t("Parameter"), self.t("Meaning"), self.t("Values by date")],
                [[code(name), p.text.get(lang) if p.text else "—", _parameter_values(p)]
                 for name, p in book.parameters.items()],
                [2, 4, 3],
            )
            top += sub
        return [top]


def _parameter_values(parameter: Parameter) -> list[nodes.Node]:
    unit = f" {parameter.unit}" if parameter.unit else ""  # units are written in English
    return [para(date_node(when), ": ", strong(_value_text(value) + unit))
            for when, value in parameter.values]
