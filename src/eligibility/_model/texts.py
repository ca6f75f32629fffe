"""Trilingual texts, their ``{parameter}`` placeholders, and how they are filled."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from eligibility._i18n import format as fmt

from .vocabulary import Language

__all__ = ["FORMATS", "PLACEHOLDER", "Texts"]

#: A placeholder in a text: ``{name}`` names a parameter whose value fills it, and
#: ``{name:format}`` asks for a format (one of :data:`FORMATS`).
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}")
#: The formats a placeholder may ask for: ``month`` (a month's number as its name:
#: *juin*), ``percent`` (a share as a percentage: *50 %*), ``money`` (an amount with the
#: currency: *20 000 MAD*, *20.000 درهم*).
FORMATS = fmt.FORMATS


class Texts(BaseModel):
    """One text in Arabic, French and English. A missing language is a lint warning."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

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
        return frozenset(name for _, text in self.items() if text
                         for name in PLACEHOLDER.findall(text))

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
