"""The default text of a frequency limit, in the three languages, from the catalogue."""

from __future__ import annotations

from eligibility._i18n import LANGUAGES
from eligibility._i18n.words import frequency_text as in_words
from eligibility._model.texts import Texts
from eligibility._rulefiles.schema import FrequencySpec

__all__ = ["frequency_text"]


def frequency_text(spec: FrequencySpec) -> Texts:
    """The text of a frequency limit without one of its own, in words (*Une fois par année
    civile*, مرة واحدة في السنة الميلادية, *At most 2 times in a career*)."""
    return Texts(**{lang: in_words(spec.per, spec.max, lang) for lang in LANGUAGES})
