"""``.. eligibility-situation::`` -- find by situation: staff describe a person (who they
are, their age, pension, children, whether the officer was killed on duty, a date) and
see every program with its outcome and the reasons, computed in the reader's browser.

The page holds a form and a result area; the rule book travels as JSON (the compiled IR,
:mod:`eligibility._compile.export`) in ``_static/eligibility-rules.js``, evaluated by
``_static/eligibility-evaluate.js`` with the library's three-valued semantics (a test
proves it equal to the native engine on every example of the rule pack), and
``_static/eligibility-situation.js`` builds the household from the answers and shows the
decisions. Every word on the page is a message of the catalogue, in the build's language.
A query string fills the form and shows the result at once (``?category=retiree&age=62&
pension=2400``), so a situation can be linked to.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from docutils import nodes

from eligibility import Category, Outcome
from eligibility._compile.export import book_json
from eligibility._i18n import N_
from eligibility._i18n import words as names

from ._chrome import EVIDENCE_NAMES, t
from ._nodes import RuleBookDirective, para, program_label

__all__ = ["STATIC", "SituationDirective", "rules_script"]

#: The evaluator and the page's script, copied into the site's ``_static``.
STATIC = Path(__file__).resolve().parent / "static"

#: The words of the form and of the results, by the names the page's script uses.
WORDS = {
    "category": N_("Who is asking?"),
    "age": N_("Their age"),
    "pension": N_("Their monthly pension (MAD), if they receive one"),
    "children": N_("Ages of the officer's children, separated by commas"),
    "officer": N_("The officer"),
    "killed": N_("Was the officer killed on duty?"),
    "bank": N_("A bank account?"),
    "on": N_("On the date"),
    "show": N_("Show what applies"),
    "yes": N_("yes"),
    "no": N_("no"),
    "unknown": N_("not known"),
    "alive": N_("serving or retired"),
    "deceased": N_("deceased"),
    "results": N_("What applies on {date}"),
    "for": N_("For {person}"),
    "applicant": N_("the person asking ({category})"),
    "child": N_("child {n}, aged {age}"),
    "missing": N_("Not known, and needed:"),
    "exceptions": N_("Exceptions applied:"),
    "assumption": N_("assumption"),
    "none": N_("No program applies to this person."),
    "error": N_("Check the answers: {problem}"),
}


class SituationDirective(RuleBookDirective):
    """The find-by-situation page's form, result area and scripts."""

    def run(self) -> list[nodes.Node]:
        lang, book = self.lang, self.book
        self.depend_on({p.file for p in book.programs.values()}
                       | {d.file for d in book.definitions.values()})
        top = self.section(t(lang, N_("Find by situation")), "eligibility-situation")
        top += para(t(lang, N_(
            "Describe the person who asks: every program is evaluated for them (and for the "
            "officer's children) with the same rules as the decisions, here in your browser. "
            "Leave a field empty when it is not known: the result then says what is missing.")))
        up = "../" * self.env.docname.count("/")
        page = {
            "lang": lang, "asOf": self.state_.as_of.isoformat(),
            "words": {key: t(lang, word) for key, word in WORDS.items()},
            "categories": {c.value: names.category_name(c.value, lang) for c in Category},
            "outcomes": {o.value: names.outcome_name(o.value, lang) for o in Outcome},
            "results": {r: names.criterion_result(r, lang)
                        for r in ("passed", "failed", "unknown")},
            "evidence": {e.value: t(lang, m) for e, m in EVIDENCE_NAMES.items()},
            "links": {p.id: f"{up}programs/{p.id}.html#{nodes.make_id(program_label(p.id))}"
                      for p in book.programs.values()},
        }
        choices = "".join(
            f'<option value="{c.value}">{html.escape(names.category_name(c.value, lang))}'
            "</option>" for c in Category)
        words = page["words"]
        assert isinstance(words, dict)
        form = _FORM.format(
            choices=choices, up=up, page=_script_json(page),
            **{key: html.escape(value) for key, value in words.items()})
        top += nodes.raw("", form, format="html")
        return [top]


def _script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/")


def rules_script(book: Any) -> str:
    """``_static/eligibility-rules.js``: the compiled rule book for the browser."""
    rules = book_json(list(book.programs.values()), book.definitions)
    return f"window.ELIGIBILITY_RULES = {_script_json(rules)};\n"


_FORM = """\
<form id="eligibility-situation-form" class="eligibility-situation" autocomplete="off">
  <p><label for="es-category">{category}</label>
     <select id="es-category" name="category">{choices}</select></p>
  <p><label for="es-age">{age}</label>
     <input id="es-age" name="age" type="number" min="0" max="120" inputmode="numeric" /></p>
  <p><label for="es-pension">{pension}</label>
     <input id="es-pension" name="pension" type="number" min="0" step="0.01"
            inputmode="decimal" /></p>
  <p><label for="es-children">{children}</label>
     <input id="es-children" name="children" type="text" inputmode="numeric"
            pattern="[0-9 ,]*" /></p>
  <p><label for="es-officer">{officer}</label>
     <select id="es-officer" name="officer"><option value="alive">{alive}</option>
       <option value="deceased">{deceased}</option></select></p>
  <p><label for="es-killed">{killed}</label>
     <select id="es-killed" name="killed"><option value="no">{no}</option>
       <option value="yes">{yes}</option><option value="unknown">{unknown}</option></select></p>
  <p><label for="es-bank">{bank}</label>
     <select id="es-bank" name="bank"><option value="yes">{yes}</option>
       <option value="no">{no}</option><option value="unknown">{unknown}</option></select></p>
  <p><label for="es-on">{on}</label>
     <input id="es-on" name="on" type="date" /></p>
  <p><button type="submit">{show}</button></p>
</form>
<div id="eligibility-results" class="eligibility-results" aria-live="polite"></div>
<script>window.ELIGIBILITY_PAGE = {page};</script>
<script src="{up}_static/eligibility-rules.js"></script>
<script src="{up}_static/eligibility-evaluate.js"></script>
<script src="{up}_static/eligibility-situation.js"></script>
"""
