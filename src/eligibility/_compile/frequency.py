"""The default text of a frequency limit, in the three languages."""

from __future__ import annotations

from eligibility._model.texts import Texts
from eligibility._rulefiles.schema import FrequencySpec

__all__ = ["frequency_text"]

_FREQ_TEXTS = {
    "calendar-year": {
        "en": "Received at most {n} time(s) in the calendar year",
        "fr": "Reçu au plus {n} fois dans l'année civile",
        "ar": "الاستفادة {n} مرة على الأكثر خلال السنة الميلادية",
    },
    "rolling-year": {
        "en": "Received at most {n} time(s) in the last twelve months",
        "fr": "Reçu au plus {n} fois au cours des douze derniers mois",
        "ar": "الاستفادة {n} مرة على الأكثر خلال الاثني عشر شهرا الأخيرة",
    },
    "career": {
        "en": "Received at most {n} time(s) in a career",
        "fr": "Reçu au plus {n} fois au cours de la carrière",
        "ar": "الاستفادة {n} مرة على الأكثر طيلة المسار المهني",
    },
}


def frequency_text(spec: FrequencySpec) -> Texts:
    texts = _FREQ_TEXTS[spec.per]
    return Texts(**{lang: text.format(n=spec.max) for lang, text in texts.items()})
