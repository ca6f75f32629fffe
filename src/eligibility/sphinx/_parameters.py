"""The parameter index: every parameter of the rule book, its dated values, the source and
the status of each value; then the shared definitions with their own sources."""

from __future__ import annotations

from docutils import nodes

from eligibility import Status
from eligibility._compile.ir import Parameter, ParameterEntry, Program
from eligibility._i18n import N_

from ._chrome import colon, t, tnodes
from ._nodes import (
    Cell,
    RuleBookDirective,
    assumption_mark,
    bullets,
    clamp,
    code,
    definition_label,
    para,
    program_label,
    ref,
    since_node,
    source_nodes,
    strong,
    table,
)


def parameter_label(scope: str, name: str) -> str:
    """The label of a parameter's row: a global one's by its name, a program's own by the
    program's id and its name."""
    return f"eligibility-index-{name}" if scope == "global" else f"eligibility-index-{scope}-{name}"


class ParametersDirective(RuleBookDirective):
    """``.. eligibility-parameters::`` -- the parameter index."""

    def run(self) -> list[nodes.Node]:
        book, lang = self.book, self.lang
        self.depend_on({p.file for p in book.programs.values()}
                       | {d.file for d in book.definitions.values()})
        top = self.section(t(lang, N_("Parameter index")), "eligibility-parameters")
        top += para(t(lang, N_(
            "Every amount, limit and date the rules read is a parameter with dated values: "
            "each value below says from when it applies, what it rests on, and whether it is "
            "an assumption.")))
        users: dict[str, list[Program]] = {}
        for program in book.programs.values():
            for name in sorted(program.parameters_shown):
                users.setdefault(name, []).append(program)
        sub = self.section(t(lang, "Global parameters"), "eligibility-parameters-global")
        sub += para(t(lang, N_("Read by every program that needs them.")))
        sub += self.table(list(book.parameters.items()), users, "global")
        top += sub
        for program in book.programs.values():
            own = [(name, p) for name, p in program.parameters.items()
                   if p.scope == "program"]
            if not own:
                continue
            title = program.title.render(lang, program.params_at(clamp(
                self.state_.as_of, program.valid_from, program.valid_until)))
            block = self.section(ref(program_label(program.id), title, self.env.docname),
                                 f"eligibility-parameters-{program.id}")
            block += self.table(own, {}, program.id)
            top += block
        top += self.definitions()
        return [top]

    def table(self, parameters: list[tuple[str, Parameter]],
              users: dict[str, list[Program]], scope: str) -> nodes.table:
        rows: list[list[Cell]] = []
        for name, parameter in parameters:
            about: list[nodes.Node] = [para(code(name)), para(strong(parameter.title(self.lang)))]
            readers = users.get(name, []) if scope == "global" else []
            if readers:
                used = para(t(self.lang, "Used by:"), " ")
                for index, program in enumerate(readers):
                    if index:
                        used += nodes.Text(", ")
                    used += ref(program_label(program.id), program.title.get(self.lang),
                                self.env.docname)
                about.append(used)
            rows.append([about, [self.value(parameter, entry, scope)
                                 for entry in parameter.entries]])
        return table([t(self.lang, "Parameter"), t(self.lang, "Values by date")], rows, [2, 3],
                     row_ids=[parameter_label(scope, name) for name, _ in parameters])

    def value(self, parameter: Parameter, entry: ParameterEntry, scope: str) -> nodes.Node:
        """One dated value: from when, the value, its status, and what it rests on."""
        lang = self.lang
        line = para(since_node(entry.valid_from, lang, entry.precision), colon(lang) + " ",
                    strong(parameter.shown(entry.value, lang)))
        if entry.assumed:
            line += assumption_mark(lang)
        sources = entry.sources or parameter.sources
        item = nodes.container(classes=["eligibility-value"])
        item += line
        if sources:
            item += bullets([source_nodes(s, lang) for s in sources])
        elif entry.assumed:
            item += para(t(lang, N_("Source: none, the value is an assumption.")))
        elif scope == "global":
            item += para(*tnodes(lang, N_("Source: {sources}."), sources=ref(
                "eligibility-definitions", t(lang, N_("the sources of the shared definitions")),
                self.env.docname)))
        else:
            item += para(*tnodes(lang, N_("Source: {sources}."), sources=ref(
                f"{program_label(scope)}-sources", t(lang, N_("the program's sources")),
                self.env.docname)))
        return item

    def definitions(self) -> nodes.section:
        """Each shared definition, its status and its own sources (its file's are listed
        once on the definitions page)."""
        lang = self.lang
        sub = self.section(t(lang, N_("Shared definitions and their sources")),
                           "eligibility-parameters-definitions")
        items: list[Cell] = []
        for name, definition in self.book.definitions.items():
            head: list[nodes.Node] = [ref(definition_label(name), name, self.env.docname),
                                      nodes.Text(" — " + definition.text.render(
                                          lang, self._global_values()))]
            if definition.status is Status.ILLUSTRATIVE:
                head.append(assumption_mark(lang))
            cell: list[nodes.Node] = [para(*head)]
            if definition.own_sources:
                cell.append(bullets([source_nodes(s, lang) for s in definition.own_sources]))
            items.append(cell)
        sub += bullets(items)
        return sub

    def _global_values(self) -> dict[str, object]:
        as_of = self.state_.as_of
        return {name: p.at(clamp(as_of, p.values[0][0], None))
                for name, p in self.book.parameters.items()}
