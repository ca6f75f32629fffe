"""``.. eligibility-english-only::`` -- the notice of a page written in English only.

The pages for developers and rule authors (the tutorial, the API, the command line's
reference, the rule language, the diagnostics, the engines, performance) are written in
English; in the French and Arabic builds this notice says so plainly, in the build's
language, at the top of each. In the English build it writes nothing.
"""

from __future__ import annotations

from docutils import nodes

from ._chrome import t
from ._nodes import RuleBookDirective, para


class EnglishOnlyDirective(RuleBookDirective):
    """The notice that a page is in English only (nothing in an English build)."""

    def run(self) -> list[nodes.Node]:
        if self.lang == "en":
            return []
        note = nodes.note(classes=["eligibility-english-only"])
        note += para(t(self.lang, "This page is written in English only: it is for developers "
                                  "and rule authors. The program pages, the catalogue and the "
                                  "shared definitions are in your language."))
        return [note]
