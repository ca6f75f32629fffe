"""The message catalogue: every word the library, the command line and the docs show.

Messages are written in English in the source, marked for extraction, and translated in
gettext catalogues (``locale/<lang>/LC_MESSAGES/eligibility.po``, compiled to ``.mo``
next to them; ``nox -s catalogue`` extracts, merges and compiles with Babel). English is
the source language: an English message is shown as written.

The language is always passed in, never held in a global: one process serves requests in
Arabic, French and English at once. The functions (and the markers the extractor knows)::

    t(lang, "Missing facts")                            # a message
    t(lang, "from {start}", start=day)                  # with values, formatted for lang
    tp(lang, "female", "retiree")                       # a message in a context
    tn(lang, "{n} time", "{n} times", n)                # a message with plural forms
    N_("Program")                                       # marks a message, translated later
    NP_("female", "retiree")                            # the same, in a context
    NN_("{n} time", "{n} times")                        # a message with plural forms

Values given to a message are formatted for its language
(numbers with the locale's separators, dates in words); text is inserted as it is.
"""

from __future__ import annotations

import datetime as _dt
import functools
import gettext as _gettext
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any

from . import numbers
from .numbers import LANGUAGES, language

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "NNP_",
    "NN_",
    "NP_",
    "N_",
    "TRANSLATED",
    "Message",
    "language",
    "t",
    "tn",
    "tnp",
    "tp",
    "translations",
]

#: The gettext domain of the catalogue (the ``.po``/``.mo`` file name).
DOMAIN = "eligibility"
#: The languages the catalogue translates into.
TRANSLATED = ("ar", "fr")


@dataclass(frozen=True, slots=True)
class Message:
    """A message marked for translation, with the context that tells its homonyms apart
    (the ``female`` retiree, *retraitée*, from the ``male`` one, *retraité*)."""

    context: str | None
    id: str

    def __str__(self) -> str:
        return self.id


def N_(message: str) -> str:  # noqa: N802 - the gettext marker's conventional name
    """Mark ``message`` for the catalogue; it is translated where it is shown."""
    return message


def NP_(context: str, message: str) -> Message:  # noqa: N802 - as N_
    """Mark ``message`` in ``context`` for the catalogue."""
    return Message(context, message)


def NN_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - as N_
    """Mark a message with plural forms for the catalogue (shown with :func:`tn`)."""
    return singular, plural


def NNP_(context: str, singular: str, plural: str) -> tuple[str, str, str]:  # noqa: N802
    """Mark a message with plural forms in a context (shown with :func:`tnp`)."""
    return context, singular, plural


@functools.cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English: the messages as written)."""
    if lang not in TRANSLATED:
        return _gettext.NullTranslations()
    path = resources.files(__package__).joinpath(
        "locale", lang, "LC_MESSAGES", f"{DOMAIN}.mo")
    with path.open("rb") as handle:
        return _gettext.GNUTranslations(handle)


class _Values(dict[str, str]):
    """The values of a message; a placeholder with no value is left as it is written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _shown(value: Any, lang: str) -> str:
    """A value inserted in a message: text as it is, numbers and dates per locale, flags
    as yes or no, lists as lists."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return t(lang, "yes") if value else t(lang, "no")
    if isinstance(value, (int, Decimal)):
        return numbers.number(value, lang)
    if isinstance(value, _dt.date):
        return numbers.date(value, lang)
    if isinstance(value, (list, tuple)):
        return numbers.join((_shown(v, lang) for v in value), lang)
    return str(value)


def _fill(text: str, lang: str, values: dict[str, Any]) -> str:
    if not values:
        return text
    return text.format_map(_Values({name: _shown(v, lang) for name, v in values.items()}))


@functools.lru_cache(maxsize=8192)
def _translated(lang: str, context: str, message: str) -> str:
    """A message's translation (cached: a decision looks up the same words again)."""
    catalogue = translations(language(lang))
    return catalogue.pgettext(context, message) if context else catalogue.gettext(message)


def t(lang: str, message: str | Message, /, **values: Any) -> str:
    """``message`` in ``lang``, its ``{placeholders}`` filled with ``values``."""
    if isinstance(message, Message):
        return _fill(_translated(lang, message.context or "", message.id), lang, values)
    return _fill(_translated(lang, "", message), lang, values)


def tp(lang: str, context: str, message: str, /, **values: Any) -> str:
    """``message`` in ``context``, in ``lang``; an empty context is no context."""
    return _fill(_translated(lang, context, message), lang, values)


def tnp(lang: str, context: str, singular: str, plural: str, n: int, /, **values: Any) -> str:
    """:func:`tn` in a context."""
    text = translations(language(lang)).npgettext(context, singular, plural, n)
    return _fill(text, lang, {"n": n, **values})


def tn(lang: str, singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The form of a message for the number ``n`` (Arabic has six), with ``{n}`` and
    ``values`` filled in."""
    text = translations(language(lang)).ngettext(singular, plural, n)
    return _fill(text, lang, {"n": n, **values})
