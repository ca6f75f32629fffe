"""Small builders of docutils nodes, and the base class of the rule-book directives."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.domains.std import StandardDomain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from eligibility import Category, Citation, RuleBook
from eligibility._compile.ir import BEGINNING, Program
from eligibility._i18n import N_
from eligibility._i18n import format as fmt

from ._chrome import colon, lang_of, t, tnodes
from ._state import BuildState, state_of

logger = logging.getLogger(__name__)

Cell = str | nodes.Node | Sequence[str | nodes.Node]


def para(*parts: str | nodes.Node, ids: Sequence[str] = ()) -> nodes.paragraph:
    paragraph = nodes.paragraph(ids=[nodes.make_id(i) for i in ids])
    for part in parts:
        paragraph += nodes.Text(part) if isinstance(part, str) else part
    return paragraph


def code(text: str) -> nodes.literal:
    return nodes.literal(text, text, classes=["eligibility-expression"])


def strong(text: str) -> nodes.strong:
    return nodes.strong(text, text)


def blocks(content: Cell) -> list[nodes.Node]:
    """Block nodes for ``content``: text and inline nodes in a row share one paragraph."""
    parts: Sequence[str | nodes.Node] = (
        [content] if isinstance(content, (str, nodes.Node)) else content)
    out: list[nodes.Node] = []
    run: list[str | nodes.Node] = []
    for part in parts:
        if isinstance(part, (str, nodes.Text, nodes.Inline)):
            run.append(part)
            continue
        if run:
            out.append(para(*run))
            run = []
        out.append(part)
    if run:
        out.append(para(*run))
    return out


def cell(content: Cell) -> nodes.entry:
    entry = nodes.entry()
    entry.extend(blocks(content))
    return entry


def table(headers: Sequence[str] | int, rows: Iterable[Sequence[Cell]],
          widths: Sequence[int] | None = None,
          row_ids: Sequence[str | None] | None = None) -> nodes.table:
    """A table; ``headers`` is the header row, or the number of columns of a table without.
    ``row_ids`` gives rows an HTML id each (``None`` for none), to link to or find them."""
    columns = headers if isinstance(headers, int) else len(headers)
    node = nodes.table(classes=["eligibility-table"])
    group = nodes.tgroup(cols=columns)
    node += group
    for width in widths or [1] * columns:
        group += nodes.colspec(colwidth=width)
    if not isinstance(headers, int):
        head = nodes.thead()
        row = nodes.row()
        for header in headers:
            row += cell(header)
        head += row
        group += head
    body = nodes.tbody()
    for index, cells in enumerate(rows):
        row_id = row_ids[index] if row_ids is not None else None
        row = nodes.row(ids=[nodes.make_id(row_id)] if row_id else [])
        for content in cells:
            row += cell(content)
        body += row
    group += body
    return node


def bullets(items: Iterable[Cell]) -> nodes.bullet_list:
    bullet_list = nodes.bullet_list()
    for item in items:
        list_item = nodes.list_item()
        list_item.extend(blocks(item))
        bullet_list += list_item
    return bullet_list


def ltr(text: str) -> nodes.inline:
    """Text written left to right (ids, paths), kept so inside right-to-left text."""
    return nodes.inline(text, text, classes=["eligibility-ltr"])


def date_node(day: _dt.date, lang: str, precision: str = "day") -> nodes.inline:
    """A date in words (*20 mai 2026*), or as far as it is known (*2017*, *mars 2017*),
    kept whole on one line."""
    text = fmt.known_date(day, precision, lang)
    return nodes.inline(text, text, classes=["eligibility-date"])


def assumption_mark(lang: str, names: Iterable[str] = ()) -> nodes.inline:
    """The mark of something that rests on an assumption, naming what is assumed (a shared
    definition, a parameter, an exception) when that is not the thing itself. Every page
    shows it with the class ``eligibility-assumption``; the build's test finds it there for
    each element the rule book's IR reports as assumed."""
    mark = nodes.inline(classes=["eligibility-assumption"])
    mark += nodes.Text(" (" + t(lang, N_("assumption")))
    shown = list(dict.fromkeys(names))
    if shown:
        mark += nodes.Text(colon(lang) + " ")
        for index, name in enumerate(shown):
            if index:
                mark += nodes.Text(", ")
            mark += nodes.literal(name, name)
    mark += nodes.Text(")")
    return mark


def link_node(content: nodes.Node, url: str | None) -> nodes.Node:
    """``content`` as a link to ``url`` (as it is without one)."""
    if not url:
        return content
    reference = nodes.reference("", "", refuri=url)
    reference += content
    return reference


def ref(label: str, title: str, docname: str) -> addnodes.pending_xref:
    """A checked link to a label (a missing target is a warning under ``-n``)."""
    xref = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=label,
                                 refexplicit=True, refwarn=True, refdoc=docname)
    xref += nodes.inline(title, title)
    return xref


class RuleBookDirective(SphinxDirective):
    """Shared helpers: the build's language, rule book and labelled sections."""

    @property
    def lang(self) -> str:
        return lang_of(self.config)

    @property
    def state_(self) -> BuildState:
        return state_of(self.config)

    @property
    def book(self) -> RuleBook:
        return self.state_.book

    def section(self, title: str | nodes.Node, label: str) -> nodes.section:
        """A section with a cross-reference label (``:ref:`label```)."""
        node_id = nodes.make_id(label)
        section = nodes.section(ids=[node_id])
        title_node = nodes.title()
        title_node += nodes.Text(title) if isinstance(title, str) else title
        section += title_node
        domain = self.env.get_domain("std")
        assert isinstance(domain, StandardDomain)
        domain.note_hyperlink_target(label, self.env.docname, node_id,
                                     title if isinstance(title, str) else title.astext())
        return section

    def depend_on(self, files: Iterable[str]) -> None:
        for file in files:
            self.env.note_dependency(str(self.book.root / file))

    def rst_paragraphs(self, text: str) -> list[nodes.Node]:
        """``text`` (reStructuredText written in this package) parsed into block nodes."""
        if not text:
            return []
        container = nodes.Element()
        self.state.nested_parse(StringList([text], source=""), self.content_offset, container)
        return list(container.children)

    def warn(self, message: str) -> None:
        logger.warning(message, location=self.get_location(), type="eligibility")


def program_label(program_id: str) -> str:
    return f"eligibility-program-{program_id}"


def definition_label(name: str) -> str:
    return f"eligibility-definition-{name}"


def category_label(category: Category) -> str:
    return f"eligibility-category-{category.value}"


def in_force_text(program: Program, as_of: _dt.date, lang: str) -> list[nodes.Node]:
    first = program.versions[0]
    start = date_node(first.valid_from, lang, first.precision)
    if program.valid_until is not None and program.valid_until <= as_of:
        return tnodes(lang, N_("ended on {end}"), end=date_node(program.valid_until, lang))
    if program.valid_from > as_of:
        return tnodes(lang, N_("starts on {start}"), start=start)
    if program.valid_until is not None:
        return tnodes(lang, N_("from {start} until {end}"), start=start,
                      end=date_node(program.valid_until, lang))
    since = N_("from {start}") if first.precision == "day" else N_("from {period}")
    return [*tnodes(lang, since, start=start, period=start),
            *([assumption_mark(lang)] if first.assumed else [])]


def clamp(on: _dt.date, start: _dt.date | None, end: _dt.date | None) -> _dt.date:
    """``on`` moved into ``[start, end)``."""
    if end is not None and on >= end:
        on = end - _dt.timedelta(days=1)
    if start is not None and on < start:
        on = start
    return on


def program_date(program: Program, as_of: _dt.date) -> _dt.date:
    """The date a program's page describes: ``as_of``, moved into the program's life."""
    return clamp(as_of, program.valid_from, program.valid_until)


def citation(text: str) -> nodes.inline:
    """A source's title or note, quoted as the rule file gives it (a bibliographic
    reference, in the language it is written in), kept whole inside right-to-left text."""
    return nodes.inline(text, text, classes=["eligibility-citation"])


def source_nodes(source: Citation, lang: str) -> list[nodes.Node]:
    """A source: its title, linked to the article; when no public address of the article
    is known, a label that says so (never a link to a site's home page)."""
    title = citation(source.title)
    parts: list[nodes.Node] = [link_node(title, source.url)]
    if source.date is not None:
        parts.extend([nodes.Text(" ("), date_node(source.date, lang), nodes.Text(")")])
    if source.note:
        parts.extend([nodes.Text(" — "), citation(source.note)])
    if source.quote:
        parts.extend([nodes.Text(" — "), quoted(source.quote, lang)])
    if source.url is None:
        label = " (" + t(lang, N_("no public address of this source is known")) + ")"
        parts.append(nodes.inline(label, label, classes=["eligibility-no-address"]))
    return parts


def quoted(words: str, lang: str) -> nodes.inline:
    """Cited words, verbatim in the source's language, between the reader's quotation
    marks, kept whole (and in their own direction) inside the page's text."""
    text = t(lang, N_("“{quote}”"), quote=words)
    return nodes.inline(text, text, classes=["eligibility-quote"])


def quotes_block(sources: Iterable[Citation], lang: str) -> list[nodes.Node]:
    """The words of the law or of the article a rule rests on, quoted beside it: each
    quoted source's words, then its title (linked when its address is known)."""
    out: list[nodes.Node] = []
    for source in sources:
        if not source.quote:
            continue
        block = nodes.block_quote(classes=["eligibility-law"])
        block += para(quoted(source.quote, lang), " — ",
                      link_node(citation(source.title), source.url))
        out.append(block)
    return out


def since_node(day: _dt.date, lang: str, precision: str = "day") -> nodes.inline:
    """When a dated value takes effect: its date as far as it is known, or *since the
    beginning* for a value that has always held (dated ``1900-01-01`` in the rules)."""
    if day <= BEGINNING:
        text = t(lang, N_("since the beginning"))
        return nodes.inline(text, text, classes=["eligibility-date"])
    return date_node(day, lang, precision)
