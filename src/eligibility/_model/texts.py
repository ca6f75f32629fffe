"""Trilingual texts, their ``{parameter}`` placeholders, and how they are filled."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from eligibility._i18n import format as fmt

from .vocabulary import Language

__all__ = ["FORMATS", "PLACEHOLDER", "Texts", "Unit", "UnitForms"]

#: A placeholder in a text: ``{name}`` names a parameter whose value fills it, and
#: ``{name:format}`` asks for a format (one of :data:`FORMATS`).
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}")
#: The formats a placeholder may ask for: ``month`` (a month's number as its name:
#: *juin*), ``percent`` (a share as a percentage: *50 %*), ``money`` (an amount with the
#: currency: *20 000 MAD*, *20.000 درهم*).
FORMATS = fmt.FORMATS


class Texts(BaseModel):
    """One text in Arabic, French and English. A missing language is a lint warning."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              defer_build=True)  # built when first used

    ar: str | None = Field(default=None, min_length=1)
    fr: str | None = Field(default=None, min_length=1)
    en: str | None = Field(default=None, min_length=1)

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to English, French, then Arabic."""
        for candidate in (lang, "en", "fr", "ar"):
            value = getattr(self, candidate, None)
            if value:
                return str(value)
        return ""

    def items(self) -> list[tuple[Language, str | None]]:
        """``(language, text)`` for each language, missing ones as ``None``."""
        return [(lang, getattr(self, lang.value)) for lang in Language]

    def placeholders(self) -> frozenset[str]:
        """The names of the placeholders used in any language."""
        return frozenset(match.group(1) for _, text in self.items() if text
                         for match in PLACEHOLDER.finditer(text))

    def render(self, lang: str, params: Mapping[str, Any]) -> str:
        """The text in ``lang`` with its placeholders filled from ``params``, each value
        written for ``lang`` (``20 000`` in French, ``20.000`` in Arabic; dates, months
        and lists in words); a placeholder naming no value in ``params`` is left as it
        is."""
        def fill(match: re.Match[str]) -> str:
            name, spec = match.group(1), match.group(2)
            if name not in params:
                return match.group(0)
            return fmt.placeholder(params[name], spec, lang)

        return PLACEHOLDER.sub(fill, self.get(lang))

    @model_validator(mode="after")
    def _not_empty(self) -> Texts:
        if not (self.ar or self.fr or self.en):
            raise ValueError("a text needs at least one of ar, fr, en")
        return self


#: Where the number goes in a form of a counted unit.
_NUMBER = "{n}"
_Name = Annotated[str, Field(min_length=1)]


class UnitForms(BaseModel):
    """The forms of a counted noun in one language, by CLDR plural category, each written
    whole with ``{n}`` where the number goes (a form may leave the number out: Arabic
    writes *طفل واحد*, *طفلان*). ``other`` is required; a category not given takes it.

    .. versionadded:: 0.2
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    zero: str | None = Field(default=None, min_length=1)
    one: str | None = Field(default=None, min_length=1)
    two: str | None = Field(default=None, min_length=1)
    few: str | None = Field(default=None, min_length=1)
    many: str | None = Field(default=None, min_length=1)
    other: str = Field(min_length=1)

    def form(self, category: str) -> str:
        return str(getattr(self, category, None) or self.other)


def _unit_form(value: Any) -> str:
    """A unit in one language is a plain text, or a mapping of its counted forms."""
    return "forms" if isinstance(value, (dict, UnitForms)) else "text"


#: A unit in one language (tagged, so a bad value is reported against its own form).
_UnitText = Annotated[
    Annotated[_Name, Tag("text")] | Annotated[UnitForms, Tag("forms")],
    Discriminator(_unit_form),
]


class Unit(BaseModel):
    """The unit of a parameter or an output, in Arabic, French and English.

    A plain text follows the number (``MAD``, ``MAD par an``, ``%``); a counted noun gives
    its forms by plural category (:class:`UnitForms`), so that a number is followed by the
    form it asks for: *1 enfant*, *3 enfants*; *طفل واحد*, *3 أطفال*, *11 طفلا*.

    .. versionadded:: 0.2
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    ar: _UnitText | None = None
    fr: _UnitText | None = None
    en: _UnitText | None = None

    def _in(self, lang: str) -> str | UnitForms | None:
        for candidate in (lang, "en", "fr", "ar"):
            value = getattr(self, candidate, None)
            if value:
                return value  # type: ignore[no-any-return]
        return None

    def texts(self) -> Texts:
        """The unit's name in each language, as a heading shows it (a counted noun by its
        ``other`` form, without the number)."""
        def name(value: str | UnitForms | None) -> str | None:
            if isinstance(value, UnitForms):
                return " ".join(value.other.replace(_NUMBER, " ").split()) or None
            return value

        return Texts(ar=name(self.ar), fr=name(self.fr), en=name(self.en))

    def counted(self, amount: int | Decimal, shown: str, lang: str) -> str:
        """``amount`` (written ``shown`` for ``lang``) with the unit: *20 000 MAD*,
        *1 enfant*, *11 طفلا*; the number and its unit are kept on one line."""
        value = self._in(lang)
        if value is None:
            return shown
        if isinstance(value, str):
            return f"{shown}\u00a0{value}"
        form = value.form(fmt.plural_category(amount, lang))
        return (form.replace(_NUMBER + " ", shown + "\u00a0")
                .replace(" " + _NUMBER, "\u00a0" + shown).replace(_NUMBER, shown))

    @model_validator(mode="after")
    def _not_empty(self) -> Unit:
        if not (self.ar or self.fr or self.en):
            raise ValueError("a unit needs at least one of ar, fr, en")
        return self
