"""Names of the program domains and member categories in Arabic, French and English.

One table serves every place that shows them (the command line, the documentation),
so a name is translated once and reads the same everywhere.
"""

from __future__ import annotations

__all__ = ["CATEGORY_NAMES", "DOMAIN_NAMES"]

#: Domain id (``Domain`` value) -> name by language.
DOMAIN_NAMES: dict[str, dict[str, str]] = {
    "health": {"en": "Health", "fr": "Santé", "ar": "الصحة"},
    "housing": {"en": "Housing", "fr": "Logement", "ar": "السكن"},
    "leisure": {"en": "Leisure", "fr": "Loisirs", "ar": "الترفيه والاصطياف"},
    "education": {"en": "Education", "fr": "Éducation", "ar": "التعليم"},
    "social-aid": {"en": "Social aid", "fr": "Aide sociale", "ar": "المساعدة الاجتماعية"},
}

#: Member category (``Category`` value) -> name by language, capitalised as a heading.
CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "active_officer": {"en": "Active officer", "fr": "Fonctionnaire en activité",
                       "ar": "موظف مزاول"},
    "retiree": {"en": "Retiree", "fr": "Retraité", "ar": "متقاعد"},
    "widow": {"en": "Widow", "fr": "Veuve", "ar": "أرملة"},
    "rights_holder": {"en": "Rights holder", "fr": "Ayant droit", "ar": "ذو حق"},
}
