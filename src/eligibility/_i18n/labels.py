"""Names of the program domains, member categories and outcomes in Arabic, French and
English.

One table serves every place that shows them (the command line, the documentation),
so a name is translated once and reads the same everywhere.
"""

from __future__ import annotations

__all__ = ["CATEGORY_NAMES", "CATEGORY_NAMES_BY_SEX", "DOMAIN_NAMES", "OUTCOME_NAMES",
           "category_name"]

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
    "widow": {"en": "Widow or widower", "fr": "Veuf ou veuve", "ar": "أرمل(ة)"},
    "rights_holder": {"en": "Rights holder", "fr": "Ayant droit", "ar": "من ذوي الحقوق"},
    "former_spouse": {"en": "Former spouse", "fr": "Ex-conjoint", "ar": "زوج(ة) سابق(ة)"},
    "honorary_member": {"en": "Honorary member", "fr": "Membre d'honneur",
                        "ar": "منخرط(ة) شرفي(ة)"},
}

#: The names of a category for a person whose sex is known, where they differ.
CATEGORY_NAMES_BY_SEX: dict[tuple[str, str], dict[str, str]] = {
    ("widow", "female"): {"en": "Widow", "fr": "Veuve", "ar": "أرملة"},
    ("widow", "male"): {"en": "Widower", "fr": "Veuf", "ar": "أرمل"},
    ("former_spouse", "female"): {"en": "Former wife", "fr": "Ex-épouse", "ar": "مطلقة"},
    ("former_spouse", "male"): {"en": "Former husband", "fr": "Ex-époux", "ar": "مطلق"},
    ("retiree", "female"): {"en": "Retiree", "fr": "Retraitée", "ar": "متقاعدة"},
    ("active_officer", "female"): {"en": "Active officer", "fr": "Fonctionnaire en activité",
                                   "ar": "موظفة مزاولة"},
    ("honorary_member", "female"): {"en": "Honorary member", "fr": "Membre d'honneur",
                                    "ar": "منخرطة شرفية"},
    ("honorary_member", "male"): {"en": "Honorary member", "fr": "Membre d'honneur",
                                  "ar": "منخرط شرفي"},
}


def category_name(category: str, lang: str, sex: str | None = None) -> str:
    """The name of a category in ``lang``, for a person of ``sex`` where it is known."""
    names = CATEGORY_NAMES_BY_SEX.get((category, sex or "")) or CATEGORY_NAMES[category]
    return names.get(lang) or names["en"]


#: Outcome (``Outcome`` value) -> name by language (lower case: read inside sentences).
OUTCOME_NAMES: dict[str, dict[str, str]] = {
    "eligible": {"en": "eligible", "fr": "éligible", "ar": "مؤهل"},
    "ineligible": {"en": "not eligible", "fr": "non éligible", "ar": "غير مؤهل"},
    "undetermined": {"en": "undetermined", "fr": "indéterminé", "ar": "غير محسوم"},
}
