"""The site around the pages: the style sheet, the language-choice page at the root of the
built site (``<site>/index.html``, beside ``en/``, ``fr/`` and ``ar/``), and the
``details`` node that keeps long parts of a page (the examples) folded until opened.

The layout is the theme's (Alabaster, Sphinx's default theme), mirrored for Arabic and
made to hold from a 360-pixel phone to a desktop: nothing is wider than the window (long
names and expressions wrap, a table too wide scrolls inside itself), and the sidebar goes
under the text on narrow screens, on the side the text starts from on wide ones.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from docutils import nodes

from ._chrome import LANGUAGE_NAMES, LANGUAGES, RTL, SITE_WORDS, t

__all__ = ["CSS", "TEMPLATES", "choice_page", "depart_details", "details", "skip",
           "visit_details"]

#: The extension's templates (the switcher, the sidebar's words), before the theme's.
TEMPLATES = Path(__file__).resolve().parent / "templates"

CSS = """\
/* eligibility.sphinx: generated pages, a layout that holds from 360 px, and Arabic. */
.eligibility-expression { direction: ltr; unicode-bidi: isolate; }
.eligibility-ltr { direction: ltr; unicode-bidi: isolate; }
.eligibility-date { unicode-bidi: isolate; white-space: nowrap; }
.eligibility-citation, .eligibility-value { unicode-bidi: isolate; }
.eligibility-quote { unicode-bidi: isolate; font-style: italic; }
blockquote.eligibility-law { margin: 0.4em 0; padding: 0 0.8em; color: #444;
  border-inline-start: 3px solid #c8c8c8; }
table.eligibility-table { width: 100%; }
table.eligibility-household td p { margin: 0.15em 0; }
span.eligibility-met { color: #1a7f37; font-weight: bold; }
span.eligibility-not-met { color: #b42318; font-weight: bold; }
span.eligibility-unknown { color: #9a6700; font-weight: bold; }
details.eligibility-example { border: 1px solid #d8d8d8; border-radius: 4px; margin: 0.6em 0;
  padding: 0.2em 0.8em; }
details.eligibility-example > summary { cursor: pointer; padding: 0.3em 0; font-weight: bold; }
details.eligibility-example[open] > summary { border-bottom: 1px solid #e4e4e4;
  margin-bottom: 0.5em; }
nav.eligibility-languages { font-size: 0.9rem; margin: 0 0 0.6em 0; display: flex;
  flex-wrap: wrap; gap: 0.3em 0.8em; align-items: baseline; }
nav.eligibility-languages ul { display: inline-flex; flex-wrap: wrap; gap: 0.8em; margin: 0;
  padding: 0; list-style: none; }
nav.eligibility-languages li { margin: 0; }
form.eligibility-situation label { display: block; font-weight: bold; margin-bottom: 0.2em; }
form.eligibility-situation input, form.eligibility-situation select {
  width: 100%; max-width: 24em; box-sizing: border-box; padding: 0.3em; font-size: 1rem; }
form.eligibility-situation button { font-size: 1rem; padding: 0.4em 1.2em; }
div.eligibility-results ul.eligibility-decisions > li { margin-bottom: 0.8em; }
div.eligibility-results ul.eligibility-reasons { font-size: 0.92em; }

/* Nothing wider than the window: long identifiers, addresses and expressions wrap. */
div.document { width: auto; max-width: 1180px; }
div.body { min-width: 0; max-width: none; overflow-wrap: anywhere; }
div.body code { overflow-wrap: anywhere; }
div.body a { overflow-wrap: break-word; }
div.body td, div.body th { overflow-wrap: break-word; hyphens: auto; }
div.body pre { white-space: pre-wrap; overflow-wrap: anywhere; }
div.body span.pre { white-space: pre-wrap; overflow-wrap: anywhere; }
div.body table.docutils { max-width: 100%; }
div.body table.docutils td, div.body table.docutils th { min-width: 0; }
div.sphinxsidebar a, div.sphinxsidebar li, div.sphinxsidebar code { overflow-wrap: anywhere; }
div.sphinxsidebar input[type="text"] { width: 100%; box-sizing: border-box; }

/* Right to left: the sidebar on the right, lists and table cells aligned to the right. */
html[dir="rtl"] div.documentwrapper { float: right; }
html[dir="rtl"] div.bodywrapper { margin: 0 220px 0 0; }
html[dir="rtl"] div.sphinxsidebar { float: right; margin-left: 0; margin-right: -100%; }
html[dir="rtl"] div.body, html[dir="rtl"] div.sphinxsidebar { text-align: right; }
html[dir="rtl"] table.docutils th, html[dir="rtl"] table.docutils td { text-align: right; }
html[dir="rtl"] div.footer { text-align: left; }
html[dir="rtl"] div.highlight, html[dir="rtl"] pre { direction: ltr; text-align: left; }
html[dir="rtl"] ul, html[dir="rtl"] ol { margin: 10px 30px 10px 0; padding: 0; }
html[dir="rtl"] nav#rellinks { float: left; }
html[dir="rtl"] div.admonition p.admonition-title:after { content: ""; }
nav.eligibility-languages ul, nav#rellinks ul { margin: 0; }
/* A page in English inside the Arabic site: left to right, but its notice in Arabic. */
html[dir="rtl"] div.eligibility-in-english { text-align: left; }
html[dir="rtl"] div.eligibility-in-english table.docutils td,
html[dir="rtl"] div.eligibility-in-english table.docutils th { text-align: left; }
html[dir="rtl"] div.eligibility-in-english ul, html[dir="rtl"] div.eligibility-in-english ol {
  margin: 10px 0 10px 30px; }
html[dir="rtl"] div.eligibility-english-only { direction: rtl; text-align: right; }

/* Narrow screens (the theme's breakpoint): one column, the sidebar under the text. */
@media screen and (max-width: 940px) {
  body { padding: 12px 14px; }
  div.sphinxsidebar, html[dir="rtl"] div.sphinxsidebar { float: none; width: auto;
    margin: 40px -14px -12px -14px; }
  html[dir="rtl"] div.documentwrapper { float: none; }
  html[dir="rtl"] div.bodywrapper { margin: 0; }
  nav#rellinks, html[dir="rtl"] nav#rellinks { float: none; }
  div.body h1 { font-size: 190%; }
  div.body h2 { font-size: 150%; }
  div.body ul, div.body ol, html[dir="rtl"] div.body ul, html[dir="rtl"] div.body ol {
    margin: 0.4em 0; padding: 0; padding-inline-start: 1.1em; }
  div.body table.docutils td, div.body table.docutils th { padding: 2px 4px; }
  /* A table whose words cannot all fit side by side scrolls within itself (words are
     never cut in the middle to make it fit). */
  div.body table.docutils { display: block; overflow-x: auto; }
  .eligibility-date { white-space: normal; }
}
"""


class details(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """A part folded until the reader opens it: ``<details>``, its ``summary`` attribute as
    the line that stays visible."""


def visit_details(translator: Any, node: details) -> None:
    translator.body.append(translator.starttag(node, "details", CLASS="eligibility-example"))
    translator.body.append(f"<summary>{html.escape(str(node['summary']))}</summary>\n")


def depart_details(translator: Any, node: details) -> None:
    translator.body.append("</details>\n")


def skip(translator: Any, node: nodes.Node) -> None:
    """Other formats show a folded part unfolded: only its content is written."""


def choice_page() -> str:
    """The root of the built site: the project in each language, each linking to its
    index (``en/index.html``...), every sentence in its own language and direction."""
    items = []
    for code in LANGUAGES:
        direction = "rtl" if code in RTL else "ltr"
        words = html.escape(t(code, SITE_WORDS["choose"]))
        items.append(
            f'  <li lang="{code}" dir="{direction}"><a href="{code}/index.html" hreflang="{code}">'
            f"{html.escape(LANGUAGE_NAMES[code])}</a><p>{words}</p></li>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>eligibility</title>\n<style>\n"
        "body { font-family: Georgia, serif; margin: 0 auto; max-width: 40rem; "
        "padding: 2rem 1rem; }\n"
        "ul { list-style: none; padding: 0; }\n"
        "li { margin: 0 0 1.5rem 0; padding: 1rem; border: 1px solid #ddd; "
        "border-radius: 6px; }\n"
        "li a { font-size: 1.4rem; }\n"
        "</style>\n</head>\n<body>\n<main>\n<h1>eligibility</h1>\n<ul>\n"
        + "\n".join(items) + "\n</ul>\n</main>\n</body>\n</html>\n")
