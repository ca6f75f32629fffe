"""The catalogue: programs by domain, and by the member categories they serve."""

from __future__ import annotations

from docutils import nodes

from eligibility import (
    Category,
    Domain,
    Evidence,
)
from eligibility._compile.categories import categories_served
from eligibility._compile.ir import Program
from eligibility._i18n import N_
from eligibility._i18n import words as names

from ._chrome import CATEGORY_QUESTIONS, EVIDENCE_NAMES, listed, t, tnodes
from ._nodes import (
    Cell,
    RuleBookDirective,
    assumption_mark,
    bullets,
    category_label,
    in_force_text,
    para,
    program_date,
    program_label,
    ref,
    table,
)


class CatalogueDirective(RuleBookDirective):
    """``.. eligibility-catalogue::`` -- programs by domain and by member category."""

    def run(self) -> list[nodes.Node]:
        book, as_of = self.book, self.state_.as_of
        self.depend_on({p.file for p in book.programs.values()})
        top = self.section(t(self.lang, "Program catalogue"), "eligibility-catalogue")
        by_domain = self.section(t(self.lang, "Programs by domain"),
                                 "eligibility-catalogue-domains")
        top += by_domain
        for domain in Domain:
            programs = [p for p in book.programs.values() if p.domain is domain]
            if not programs:
                continue
            sub = self.section(names.heading(names.domain_name(domain, self.lang)),
                               f"eligibility-domain-{domain.value}")
            sub += table(
                [t(self.lang, "Program"), t(self.lang, "Applies to"), t(self.lang, "Evidence"),
                 t(self.lang, "In force")],
                [[self.program_link(p), self.roles(p), self.evidence(p),
                  in_force_text(p, as_of, self.lang)] for p in programs],
                [4, 3, 2, 3], row_ids=[f"eligibility-catalogue-{p.id}" for p in programs],
            )
            by_domain += sub
        by_category = self.section(t(self.lang, "Programs by member category"),
                                   "eligibility-catalogue-categories")
        by_category += para(t(self.lang,
            "Which member categories a program may serve is worked out from its criteria: a "
            "category is left out when the criteria rule it out."))
        by_category += para(*tnodes(self.lang, N_(
            "Each program is listed with the conditions it asks; to see what one person may "
            "get, describe them on the page {page}."), page=ref(
                "eligibility-situation", t(self.lang, N_("Find by situation")),
                self.env.docname)))
        served = {p.id: categories_served(p, book.definitions, program_date(p, as_of))
                  for p in book.programs.values()}
        for category in Category:
            sub = self.section(t(self.lang, CATEGORY_QUESTIONS[category]), category_label(category))
            programs = [p for p in book.programs.values() if category in served[p.id]]
            if programs:
                items = bullets([[para(self.program_link(p), nodes.Text(
                    f" ({names.domain_name(p.domain, self.lang)})"), *self.mark(p)),
                    self.conditions(p)] for p in programs])
                for item, program in zip(items.children, programs, strict=True):
                    assert isinstance(item, nodes.Element)
                    item["ids"].append(nodes.make_id(
                        f"{category_label(category)}-{program.id}"))
                sub += items
            else:
                sub += para(t(self.lang, "none"))
            by_category += sub
        top += by_category
        return [top]

    def conditions(self, program: Program) -> nodes.Node:
        """The conditions a program asks on the catalogue's date, each marked when it rests
        on an assumption, then what the program rests on in words."""
        on = program_date(program, self.state_.as_of)
        values = program.params_at(on)
        items: list[Cell] = []
        for criterion in program.active_criteria(on):
            line: list[nodes.Node] = [nodes.Text(criterion.text.render(self.lang, values))]
            if criterion.rests_on_assumption(on=on):
                line.append(assumption_mark(self.lang))
            items.append(line)
        items.append(nodes.emphasis("", t(self.lang, EVIDENCE_NAMES[program.evidence(on)])))
        return bullets(items)

    def program_link(self, program: Program) -> nodes.Node:
        return ref(program_label(program.id), program.title.get(self.lang), self.env.docname)

    def roles(self, program: Program) -> str:
        return listed([names.role_name(r, self.lang) for r in program.applies_to], self.lang)

    def evidence(self, program: Program) -> Cell:
        """What the program rests on, on the catalogue's date; marked unless sourced."""
        evidence = program.evidence(program_date(program, self.state_.as_of))
        return [nodes.Text(t(self.lang, EVIDENCE_NAMES[evidence])), *self.mark(program)]

    def mark(self, program: Program) -> list[nodes.Node]:
        """The assumption mark of a program that is not wholly sourced on the catalogue's
        date."""
        evidence = program.evidence(program_date(program, self.state_.as_of))
        return [] if evidence is Evidence.SOURCED else [assumption_mark(self.lang)]
