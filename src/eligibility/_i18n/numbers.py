"""Numbers, percentages, dates and months per locale, with Babel's CLDR data (amounts of
money, which name their currency, are formatted by :func:`eligibility._i18n.format.money`).

Moroccan usage: Arabic is written with Western digits and Moroccan month names (the
``ar_MA`` locale: ``20.000 درهم``, ``20 ماي 2026``); French groups thousands with a space
(``20 000 MAD``); English as in Britain (``20,000 MAD``, ``20 May 2026``). Results are
cached: formatting the same amount or date again costs a dictionary look-up.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable
from decimal import Context, Decimal

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

__all__ = ["date", "decimals", "join", "known_date", "language", "locale", "month", "number",
           "percent", "plural_category", "whole"]

#: Wide enough for any number a rule book or a household may hold (30 digits at most).
_EXACT = Context(prec=200)

#: Every language shown; English is the source language of the messages.
LANGUAGES = ("ar", "fr", "en")


def language(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else English (``fr_FR``, ``ar-MA``
    are read by their first part)."""
    base = str(lang).replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else "en"


#: The CLDR locale each language is formatted with (data, not words: every word shown is
#: a message of the catalogue).
_LOCALES = {"ar": "ar_MA", "fr": "fr", "en": "en_GB"}


@functools.cache
def locale(lang: str) -> Locale:
    """The CLDR locale a language is formatted with."""
    return Locale.parse(_LOCALES[language(lang)])


@functools.lru_cache(maxsize=4096, typed=True)
def number(amount: int | Decimal, lang: str) -> str:
    """A number with the locale's separators, every significant decimal kept
    (``2500.50`` → ``2 500,5`` in French)."""
    if isinstance(amount, Decimal):  # exact, whatever the thread's decimal context
        amount = amount.normalize(_EXACT) if amount != amount.to_integral_value(context=_EXACT) \
            else amount.quantize(Decimal(1), context=_EXACT)
    return format_decimal(amount, locale=locale(lang), decimal_quantization=False)


@functools.lru_cache(maxsize=1024, typed=True)
def plural_category(amount: int | Decimal, lang: str) -> str:
    """The CLDR plural category of ``amount`` in ``lang`` (``zero``, ``one``, ``two``,
    ``few``, ``many`` or ``other``): which form of a counted noun goes with it."""
    return str(locale(lang).plural_form(Decimal(amount).copy_abs()))


def whole(amount: int | Decimal) -> bool:
    """Whether ``amount`` is a whole number, exactly."""
    return Decimal(amount) == Decimal(amount).to_integral_value(context=_EXACT)


def decimals(amount: int | Decimal, lang: str) -> str:
    """An amount with two decimals and the locale's separators (``1 850,50``)."""
    return format_decimal(amount, format="#,##0.00", locale=locale(lang))


@functools.lru_cache(maxsize=1024, typed=True)
def percent(share: int | Decimal, lang: str) -> str:
    """A share as a percentage: ``0.5`` → ``50 %`` (French), ``50%`` (Arabic, English)."""
    return format_percent(share, locale=locale(lang), decimal_quantization=False)


@functools.lru_cache(maxsize=4096)
def date(day: _dt.date, lang: str) -> str:
    """A date in words: ``20 mai 2026``, ``20 ماي 2026``, ``20 May 2026``; the first of a
    month in French as written there, ``1er mai 2026`` (CLDR gives ``1 mai``)."""
    text = format_date(day, format="long", locale=locale(lang))
    if day.day == 1 and language(lang) == "fr" and text.startswith("1 "):
        return "1er" + text[1:]
    return text


@functools.lru_cache(maxsize=1024)
def known_date(day: _dt.date, precision: str, lang: str) -> str:
    """A date as far as it is known: its year (``2017``), its month (*mars 2017*,
    ``مارس 2017``), or the whole date in words."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return format_skeleton("yMMMM", day, locale=locale(lang))
    return date(day, lang)


@functools.lru_cache(maxsize=64)
def month(number_: int, lang: str) -> str:
    """The name of a month of the year (1 to 12): ``juin``, ``يونيو``, ``June``."""
    return str(locale(lang).months["stand-alone"]["wide"][number_])


def join(items: Iterable[str], lang: str, *, style: str = "standard") -> str:
    """Items as a list in words (``a, b et c``; ``style="or"``: ``a, b ou c``)."""
    listed = list(items)
    if not listed:
        return ""
    return format_list(listed, style=style, locale=locale(lang))  # type: ignore[arg-type]
