"""The words of the command line's human output, from the library's catalogue.

Every label, value and message the command line prints comes from
:mod:`eligibility._i18n`: labels of the catalogue, machine values through their names
(outcomes, results, categories, enumerated values), numbers and dates per locale. In
Arabic, each piece of text is passed through :func:`say`, which wraps ids, codes and Latin
text in Unicode isolates (FSI…PDI), so a terminal that applies the bidirectional
algorithm lays every line out in order.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.containers import Lines
from rich.text import Text

from eligibility import Decision
from eligibility._i18n import N_, t, words
from eligibility._i18n import format as fmt

__all__ = ["Unbroken", "fact", "labelled", "person", "say", "text"]


#: No-break spaces (French groups thousands with one: ``20 000 MAD``), and the private
#: characters that stand for them while rich wraps a line (it breaks at any space).
_NO_BREAK = str.maketrans({"\u00a0": "\ue000", "\u202f": "\ue001"})
_BREAK_BACK = str.maketrans({"\ue000": "\u00a0", "\ue001": "\u202f"})


class Unbroken(Text):
    """Text that wraps at spaces but never at a no-break space, so an amount (``20 000
    MAD``) stays on one line of a table cell."""

    def wrap(self, console: Console, width: int, **options: Any) -> Lines:
        protected = self.copy()
        protected.plain = self.plain.translate(_NO_BREAK)
        lines = Text.wrap(protected, console, width, **options)
        for line in lines:
            line.plain = line.plain.translate(_BREAK_BACK)
        return lines


def say(lang: str, message: str, /, **values: Any) -> str:
    """A message of the catalogue in ``lang``, ready to print (isolated in Arabic)."""
    return fmt.isolate_latin(t(lang, message, **values), lang)


def text(value: str, lang: str, style: str = "") -> Text:
    """Text from elsewhere (a rule file, a decision), ready to print."""
    return Unbroken(fmt.isolate_latin(value, lang), style=style)


def labelled(label: str, lang: str) -> str:
    """``label`` followed by the language's colon (*Résultat :* in French)."""
    return t(lang, N_("{label}:"), label=label)


def person(decision: Decision, lang: str) -> str:
    """The applicant: their id and, in words, who they are (*widow (veuve)*)."""
    if decision.category_label:
        return t(lang, N_("{id} ({category})"), id=fmt.isolate(decision.applicant)
                 if lang == "ar" else decision.applicant, category=decision.category_label)
    return decision.applicant


def fact(path: str, lang: str) -> str:
    """A fact a decision read or misses, by its name and its path:
    *pension mensuelle (household.spouses[0].monthly_pension)*."""
    name = words.fact_label(path, lang)
    return t(lang, N_("{name} ({path})"), name=name, path=path) if name else path

