"""Sphinx extension: documentation generated from the compiled rule book.

Add ``"eligibility.sphinx"`` to ``extensions`` in a Sphinx ``conf.py``. Every
directive reads the rule book through :meth:`eligibility.RuleBook.load` (the
shipped pack by default, or ``eligibility_rules``), never the YAML itself, so
the pages cannot drift from the rules the engines run:

``.. eligibility-catalogue::``
    programs by domain and by member category ("what can a widow get?");
``.. eligibility-program:: ID``
    one program: status, who it applies to, criteria, exceptions, amount tables,
    the history of its dated values, its examples evaluated as worked cases, sources;
``.. eligibility-definitions::``
    the shared definitions and global parameters;
``.. eligibility-situation::``
    find by situation: a form whose answers are evaluated in the browser, against the
    compiled rule book exported as JSON, with the library's three-valued semantics;
``.. eligibility-parameters::``
    the parameter index: every parameter, its dated values, the source and status of each,
    and the shared definitions with their own sources;
``.. eligibility-diagnostics::``
    every diagnostic code, with a bad rule snippet, what the loader reports for
    it, and the fix (each snippet is loaded at build time);
``.. eligibility-rule::``
    a rule snippet, loaded at build time (``:expect: CODE`` for a snippet that must
    produce that diagnostic); its examples are run;
``.. eligibility-fields::``, ``.. eligibility-functions::``, ``.. eligibility-limits::``
    the language's readable fields, functions and limits, read off the checker;
``.. eligibility-api::``
    autodoc entries for every name in ``eligibility.__all__``;
``.. eligibility-english-only::``
    on a page written in English only (for developers and rule authors), a notice that
    says so, in the build's language (nothing in English).

One page per program is written at build time (``builder-inited``) into
``eligibility_programs_dir`` (default ``programs/``, not committed). Texts come
from the rule files in the build's ``language`` (``ar``, ``fr`` or ``en``);
every other word (headings, labels, names of domains, categories, outcomes and values) is a
message of the library's catalogue, and values are formatted for the language (dates in
words, numbers with the locale's separators). The rule book's own
warnings (a missing translation, an unreachable table row...) and examples
whose decision differs from what they expect are Sphinx warnings, so a build
with ``-W`` fails on them. Arabic pages are written right to left
(``<html dir="rtl">``).

This module imports Sphinx and docutils (the ``docs`` extra); nothing else in
the package imports it.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from eligibility import RuleBook

from .. import __all__ as _public_names
from .. import __version__
from ._catalogue import CatalogueDirective
from ._chrome import LANGUAGE_NAMES, LANGUAGES, RTL, SITE_WORDS, lang_of, t
from ._definitions import DefinitionsDirective
from ._diagnostics import DIAGNOSTICS, DiagnosticDoc, documented_codes
from ._notice import EnglishOnlyDirective
from ._parameters import ParametersDirective
from ._program import ProgramDirective
from ._reference import (
    ApiDirective,
    CliDirective,
    FieldsDirective,
    FunctionsDirective,
    LimitsDirective,
)
from ._site import CSS, TEMPLATES, choice_page, depart_details, details, skip, visit_details
from ._situation import STATIC, SituationDirective, rules_script
from ._snippets import DiagnosticsDirective, RuleDirective, load_snippet
from ._state import diagnostic_location, load_state, state_of

__all__ = [
    "DIAGNOSTICS",
    "LANGUAGES",
    "DiagnosticDoc",
    "documented_codes",
    "load_snippet",
    "setup",
]

logger = logging.getLogger(__name__)


def _on_builder_inited(app: Sphinx) -> None:
    state = load_state(app.config)
    for diagnostic in state.book.warnings:
        logger.warning("%s", diagnostic, type="eligibility", subtype=diagnostic.code,
                       location=diagnostic_location(state.book, diagnostic))
    _write_program_pages(Path(app.srcdir) / app.config.eligibility_programs_dir, state.book)
    if app.builder.format == "html":
        app.add_css_file("eligibility.css")


_STUB = (".. Written by eligibility.sphinx from the rule book at build time; not committed.\n\n"
         ".. eligibility-program:: {id}\n")


def _write_program_pages(directory: Path, book: RuleBook) -> None:
    """One small page per program, holding only the program directive."""
    directory.mkdir(parents=True, exist_ok=True)
    wanted = {f"{program_id}.rst": _STUB.format(id=program_id) for program_id in book.programs}
    for existing in directory.glob("*.rst"):
        if existing.name not in wanted:
            existing.unlink()
    for name, text in wanted.items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def _on_config_inited(app: Sphinx, config: Config) -> None:
    """Put the extension's templates (language switcher, sidebar words) before the theme's."""
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def _site_of(app: Sphinx) -> bool:
    """Whether this build is one language of the site (``<site>/<lang>/``), with the
    language-choice page and the other languages beside it."""
    return Path(app.outdir).name == lang_of(app.config) and app.builder.format == "html"


def _on_page_context(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: nodes.document | None) -> None:
    """Give the page its language and direction (the basic layout's ``html_tag`` hook), the
    words of its frame in its language, and links to the same page in the other languages
    (``../<lang>/<page>.html``) and to the language-choice page."""
    lang = lang_of(app.config)
    direction = "rtl" if lang in RTL else "ltr"
    context["text_direction"] = direction
    context["html_tag"] = (f'<html lang="{lang}" dir="{direction}" '
                           f'data-content_root="{context.get("content_root", "")}">')
    context["eligibility_words"] = {key: t(lang, word) for key, word in SITE_WORDS.items()}
    # The arrows point the way the reader moves: back is against the text's direction.
    context["eligibility_arrows"] = ({"prev": "→", "next": "←"} if direction == "rtl"
                                     else {"prev": "←", "next": "→"})
    # A page written in English only (it says so in the reader's language) is marked as
    # English, left to right, inside a French or Arabic site.
    if lang != "en" and doctree is not None and "body" in context and any(
            "eligibility-english-only" in note["classes"] for note in doctree.findall(nodes.note)):
        context["body"] = (f'<div class="eligibility-in-english" lang="en" dir="ltr">'
                           f'{context["body"]}</div>')
    if _site_of(app):
        up = "../" * (pagename.count("/") + 1)
        context["eligibility_root"] = f"{up}index.html"
        context["eligibility_languages"] = [
            (code, LANGUAGE_NAMES[code], f"{up}{code}/{pagename}.html", code == lang)
            for code in LANGUAGES]


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / "eligibility.css").write_text(CSS, encoding="utf-8")
        # The find-by-situation page's rules (the compiled IR as JSON) and scripts.
        (static / "eligibility-rules.js").write_text(rules_script(state_of(app.config).book),
                                                     encoding="utf-8")
        for script in sorted(STATIC.glob("*.js")):
            (static / script.name).write_bytes(script.read_bytes())
        if _site_of(app):
            (Path(app.outdir).parent / "index.html").write_text(choice_page(), encoding="utf-8")


def _on_missing_reference(app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref,
                          contnode: nodes.TextElement) -> nodes.Node | None:
    """Resolve ``eligibility._module.Name`` (where type hints point) to ``eligibility.Name``."""
    if node.get("refdomain") != "py":
        return None
    match = re.fullmatch(r"eligibility\._[a-z_]+\.([A-Za-z_]\w*)", str(node.get("reftarget")))
    if match is None or match.group(1) not in _public_names:
        return None
    domain = env.get_domain("py")
    resolved: nodes.Node | None = domain.resolve_xref(
        env, str(node["refdoc"]), app.builder, str(node["reftype"]),
        f"eligibility.{match.group(1)}", node, contnode)
    return resolved


# -- setup ------------------------------------------------------------------------------------


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives, the per-build rule book and the right-to-left layout."""
    app.add_config_value("eligibility_rules", None, "env", types=(str, type(None)))
    app.add_config_value("eligibility_as_of", None, "env", types=(str, _dt.date, type(None)))
    app.add_config_value("eligibility_programs_dir", "programs", "env", types=(str,))
    app.add_directive("eligibility-catalogue", CatalogueDirective)
    app.add_directive("eligibility-program", ProgramDirective)
    app.add_directive("eligibility-definitions", DefinitionsDirective)
    app.add_directive("eligibility-parameters", ParametersDirective)
    app.add_directive("eligibility-situation", SituationDirective)
    app.add_directive("eligibility-diagnostics", DiagnosticsDirective)
    app.add_directive("eligibility-rule", RuleDirective)
    app.add_directive("eligibility-fields", FieldsDirective)
    app.add_directive("eligibility-functions", FunctionsDirective)
    app.add_directive("eligibility-limits", LimitsDirective)
    app.add_directive("eligibility-api", ApiDirective)
    app.add_directive("eligibility-cli", CliDirective)
    app.add_directive("eligibility-english-only", EnglishOnlyDirective)
    app.add_node(details, html=(visit_details, depart_details), latex=(skip, skip),
                 text=(skip, skip), man=(skip, skip), texinfo=(skip, skip))
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished)
    app.connect("missing-reference", _on_missing_reference)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 1}
