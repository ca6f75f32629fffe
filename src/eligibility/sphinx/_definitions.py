"""The shared definitions and the global parameters."""

from __future__ import annotations

from docutils import nodes

from eligibility import (
    Status,
)
from eligibility._compile.ir import Parameter, Program
from eligibility._i18n import N_

from ._chrome import colon, t, tnodes
from ._nodes import (
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


class DefinitionsDirective(RuleBookDirective):
    """``.. eligibility-definitions::`` -- shared definitions and global parameters."""

    def run(self) -> list[nodes.Node]:
        book, lang = self.book, self.lang
        self.depend_on({d.file for d in book.definitions.values()})
        users: dict[str, list[Program]] = {}
        for program in book.programs.values():
            for name in program.reads.definitions:
                users.setdefault(name, []).append(program)
        top = self.section(t(self.lang, "Shared definitions"), "eligibility-definitions")
        top += para(t(self.lang, "Definitions are written once and used by many programs."))
        values = {name: p.at(clamp(self.state_.as_of, p.values[0][0], None))
                  for name, p in book.parameters.items()}
        shown_files: set[str] = set()
        for name, definition in book.definitions.items():
            if definition.file not in shown_files and definition.file_sources:
                shown_files.add(definition.file)  # a file's sources, once for all its definitions
                top += para(*tnodes(lang, N_("Sources of every definition of {file}:"),
                                    file=code(definition.file)))
                top += bullets([source_nodes(s, lang) for s in definition.file_sources])
            signature = name + (f"({', '.join(f'{p}: {t}' for p, t in definition.params)})"
                                if definition.params else "")
            sub = self.section(code(signature), definition_label(name))
            meaning = para(strong(definition.text.render(lang, values)))
            if definition.status is Status.ILLUSTRATIVE:
                meaning += assumption_mark(lang)
            else:
                assumed = [n for n in sorted(definition.reads.definitions)
                           if book.definitions[n].status is Status.ILLUSTRATIVE]
                if assumed:
                    meaning += assumption_mark(lang, assumed)
            sub += meaning
            sub += para(t(self.lang, "Rule:"), " ", code(definition.value.source))
            used = para(t(self.lang, "Used by:"), " ")
            for index, program in enumerate(users.get(name, [])):
                if index:
                    used += nodes.Text(", ")
                used += ref(program_label(program.id), program.title.get(lang),
                             self.env.docname)
            if not users.get(name):
                used += nodes.Text(t(self.lang, "no program"))
            sub += used
            if definition.own_sources:
                sub += para(t(lang, N_("Its own sources:")))
                sub += bullets([source_nodes(s, lang) for s in definition.own_sources])
            top += sub
        if book.parameters:
            sub = self.section(t(self.lang, "Global parameters"), "eligibility-global-parameters")
            sub += table(
                [t(lang, "Parameter"), t(lang, "Meaning"), t(lang, "Values by date")],
                [[code(name), p.title(lang, values), _parameter_values(p, lang)]
                 for name, p in book.parameters.items()],
                [2, 4, 3], row_ids=[f"eligibility-parameter-{name}" for name in book.parameters],
            )
            top += sub
        return [top]


def _parameter_values(parameter: Parameter, lang: str) -> list[nodes.Node]:
    """Each dated value, its date as far as it is known, marked when it is assumed."""
    out: list[nodes.Node] = []
    for entry in parameter.entries:
        line = para(since_node(entry.valid_from, lang, entry.precision), colon(lang) + " ",
                    strong(parameter.shown(entry.value, lang)))
        if entry.assumed:
            line += assumption_mark(lang)
        out.append(line)
    return out
