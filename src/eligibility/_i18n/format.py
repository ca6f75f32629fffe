"""Values in the reader's language, formatted with Babel's CLDR data.

Moroccan usage: Arabic is written with Western digits and Moroccan month names (the
``ar_MA`` locale: ``20.000 درهم``, ``20 ماي 2026``); French groups thousands with a space
(``20 000 MAD``); English as in Britain (``20,000 MAD``, ``20 May 2026``).

Each function takes the value and the language; results are cached, so formatting the
same amount or date again (the usual case: amounts come from parameters) costs a
dictionary look-up.

Machine words are never shown raw: :func:`value` gives ``true``/``false`` as *yes*/*no*,
an unknown fact (``None``) as *unknown*, and household enumeration values (``deceased``,
``exempt``, ``secondary``...) through their labels. In Arabic, text written left to right
(ids, codes, Latin words) is wrapped in Unicode isolates by :func:`isolate_latin`, so a
terminal that applies the bidirectional algorithm keeps each line in order.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from decimal import Decimal
from typing import Any

from . import words
from .catalogue import N_, NP_, t, tn
from .numbers import (
    date,
    decimals,
    join,
    known_date,
    language,
    locale,
    month,
    number,
    percent,
    plural_category,
    whole,
)

__all__ = [
    "FORMATS",
    "FSI",
    "PDI",
    "counted_days",
    "date",
    "enum_label",
    "fact_value",
    "isolate",
    "isolate_latin",
    "join",
    "known_date",
    "locale",
    "money",
    "month",
    "number",
    "percent",
    "placeholder",
    "plural_category",
    "printable",
    "quote",
    "recorded",
    "since",
    "unknown",
    "value",
    "yes_no",
]

#: First strong isolate and pop directional isolate: text between them is laid out on its
#: own, whatever the direction of what surrounds it.
FSI = "\u2068"
PDI = "\u2069"

@functools.lru_cache(maxsize=4096, typed=True)
def money(amount: int | Decimal, lang: str) -> str:
    """An amount of dirhams: whole amounts without decimals (``20 000 MAD``), others with
    two (``1 850,50 MAD``); in Arabic ``20.000 درهم``."""
    shown = number(Decimal(amount), lang) if whole(amount) else decimals(amount, lang)
    return t(lang, NP_("money", "{amount}\u00a0MAD"), amount=shown)


def yes_no(flag: bool, lang: str) -> str:
    """``yes`` or ``no``, for a flag."""
    return t(lang, N_("yes") if flag else N_("no"))


def counted_days(n: int, lang: str) -> str:
    """A number of days in words, the noun in the form the number asks for: *1 day*,
    *30 jours*, *30 يوما*."""
    return tn(lang, "{n} day", "{n} days", n)


def unknown(lang: str) -> str:
    """What an unknown fact reads as."""
    return t(lang, N_("unknown"))


def since(day: _dt.date, precision: str, lang: str) -> str:
    """When something starts, as far as it is known: *from 20 May 2026*, *à partir de
    2017*, *ابتداء من مارس 2017*."""
    if precision == "day":
        return t(lang, N_("from {start}"), start=known_date(day, precision, lang))
    return t(lang, N_("from {period}"), period=known_date(day, precision, lang))


def enum_label(word: str, lang: str) -> str | None:
    """The label of a household enumeration value, role or category (``deceased`` →
    *décédé*), or ``None`` for a word that is none of them."""
    return words.enum_label(word, lang)


def value(shown: Any, lang: str) -> str:
    """Any value a decision or a page shows, in words: flags as yes/no, unknown facts as
    unknown, numbers and dates per locale, lists as lists, enumeration values by their
    label; other text as it is."""
    if shown is None:
        return unknown(lang)
    if isinstance(shown, bool):
        return yes_no(shown, lang)
    if isinstance(shown, (int, Decimal)):
        return number(shown, lang)
    if isinstance(shown, float):
        return number(Decimal(repr(shown)), lang)
    if isinstance(shown, _dt.date):
        return date(shown, lang)
    if isinstance(shown, (list, tuple, frozenset, set)):
        return join((value(item, lang) for item in shown), lang)
    text = str(shown)
    return enum_label(text, lang) or text


_DECIMAL_TEXT = re.compile(r"^-?\d+(\.\d+)?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def recorded(shown: Any, lang: str) -> str:
    """A value as a decision records it (JSON-native: money and dates as text), in words:
    ``"1850.50"`` → *1 850,5*, ``"2026-05-20"`` → *20 mai 2026*, ``null`` → *inconnu*."""
    if isinstance(shown, str) and _DECIMAL_TEXT.match(shown):
        return number(Decimal(shown), lang)
    if isinstance(shown, str) and _ISO_DATE.match(shown):
        try:
            return date(_dt.date.fromisoformat(shown), lang)
        except ValueError:
            return shown
    if isinstance(shown, list):
        return join((recorded(item, lang) for item in shown), lang)
    return value(shown, lang)


def fact_value(path: str, shown: Any, lang: str) -> str:
    """The value of the fact at ``path`` (a field name, or a path into a file), as given
    or as a decision records it, in words: an amount in dirhams (*2 500 MAD*), a year as
    it is written (*2025*), any other value as :func:`recorded` reads it."""
    kind = words.fact_format(path)
    if kind == "year" and isinstance(shown, int) and not isinstance(shown, bool):
        return str(shown)
    if kind == "money" and not isinstance(shown, bool):
        if isinstance(shown, (int, Decimal)):
            return money(shown, lang)
        if isinstance(shown, str) and _DECIMAL_TEXT.match(shown):
            return money(Decimal(shown), lang)
    return recorded(shown, lang)


#: The formats a text's placeholder may ask for: ``{season_first_month:month}``.
FORMATS = frozenset({"month", "percent", "money"})


def placeholder(shown: Any, spec: str | None, lang: str) -> str:
    """A parameter's value where a text's ``{name}`` or ``{name:spec}`` stands."""
    if spec == "month" and isinstance(shown, int) and 1 <= shown <= 12:
        return month(shown, lang)
    if spec == "percent" and isinstance(shown, (int, Decimal)):
        return percent(shown, lang)
    if spec == "money" and isinstance(shown, (int, Decimal)):
        return money(shown, lang)
    return value(shown, lang)


def printable(text: str) -> str:
    """``text`` with its control characters written as escapes (``\\r``, ``\\x00``), so
    that a value quoted from the input keeps a message on one line."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def inside_sentence(label: str) -> str:
    """A label that starts with a capital (``Bons d'achat``), as it is written inside a
    sentence (``bons d'achat``); an acronym or a name in capitals (``CMR``) and scripts
    without case are left as they are."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def quote(text: str, lang: str) -> str:
    """``text`` between the language's quotation marks (control characters escaped)."""
    return t(lang, NP_("quotation", "'{text}'"), text=printable(text))


def isolate(text: str) -> str:
    """``text`` between isolates: laid out on its own inside right-to-left text."""
    return f"{FSI}{text}{PDI}" if text else text


# A run of words written left to right: tokens of Latin letters, digits and the characters
# of ids, paths and codes (a path may start with "/" or "~", an option with "[" or "-"),
# with the single spaces between them; a run is isolated when it holds a Latin letter
# (numbers alone read well in Arabic text as they are).
_LTR_WORD = r"[-./~\[]*[A-Za-z0-9_][\w.:/@%+=\-#&?~*'\[\]]*"
_LTR_RUN = re.compile(rf"{_LTR_WORD}(?: {_LTR_WORD})*", re.ASCII)
_LATIN = re.compile(r"[A-Za-z]")
_TRAILING = ".,:;'"
# Text already between isolates (first-strong, left-to-right or right-to-left) is kept.
_ISOLATED = re.compile("[\u2066\u2067\u2068][^\u2069]*\u2069")


def _isolated(match: re.Match[str]) -> str:
    run = match.group(0)
    if not _LATIN.search(run):
        return run
    words_ = run.split(" ")
    while not _LATIN.search(words_[-1]):  # numbers after the Latin words stay outside
        words_.pop()
    kept = " ".join(words_).rstrip(_TRAILING)
    return isolate(kept) + run[len(kept):]


def isolate_latin(text: str, lang: str) -> str:
    """In Arabic, every run of left-to-right words (ids, codes, Latin text) wrapped in
    isolates; other languages unchanged. What is already between isolates is left as it
    is."""
    if language(lang) != "ar":
        return text
    out: list[str] = []
    start = 0
    for done in _ISOLATED.finditer(text):
        out += [_LTR_RUN.sub(_isolated, text[start:done.start()]), done.group(0)]
        start = done.end()
    out.append(_LTR_RUN.sub(_isolated, text[start:]))
    return "".join(out)
