"""The fixed labels of the command line's human output, in Arabic, French and English.

Outcomes, headings, field names and table columns; domain and member category names
come from the library's own labels (categories in lower case, as they are read inside
sentences and table cells).
"""

from __future__ import annotations

from eligibility._i18n.labels import CATEGORY_NAMES, DOMAIN_NAMES, OUTCOME_NAMES

__all__ = ["label"]

_LABELS: dict[str, dict[str, str]] = {
    **OUTCOME_NAMES,
    "program": {"en": "Program", "fr": "Programme", "ar": "البرنامج"},
    "person": {"en": "Person", "fr": "Personne", "ar": "الشخص"},
    "outcome": {"en": "Outcome", "fr": "Résultat", "ar": "النتيجة"},
    "amount": {"en": "Amount", "fr": "Montant", "ar": "المبلغ"},
    "reason": {"en": "Main reason", "fr": "Motif principal", "ar": "السبب الرئيسي"},
    "all-met": {"en": "All criteria are met", "fr": "Tous les critères sont remplis",
                "ar": "جميع الشروط مستوفاة"},
    "missing": {"en": "Missing facts", "fr": "Faits manquants", "ar": "المعطيات الناقصة"},
    "missing-short": {"en": "missing", "fr": "manquant", "ar": "ناقص"},
    "criteria": {"en": "Criteria", "fr": "Critères", "ar": "الشروط"},
    "values-read": {"en": "read", "fr": "lu", "ar": "القيم المقروءة"},
    "rule": {"en": "rule", "fr": "règle", "ar": "القاعدة"},
    "exceptions": {"en": "exceptions", "fr": "exceptions", "ar": "الاستثناءات"},
    "applied": {"en": "applied", "fr": "appliquée", "ar": "مطبق"},
    "not-applied": {"en": "not applied", "fr": "non appliquée", "ar": "غير مطبق"},
    "parameters": {"en": "Parameters", "fr": "Paramètres", "ar": "المعاملات"},
    "benefit": {"en": "Benefit", "fr": "Prestation", "ar": "الاستفادة"},
    "sources": {"en": "Sources", "fr": "Sources", "ar": "المصادر"},
    "assumptions": {"en": "Assumptions", "fr": "Hypothèses", "ar": "الافتراضات"},
    "version": {"en": "Version", "fr": "Version", "ar": "الصيغة"},
    "from": {"en": "from", "fr": "depuis le", "ar": "ابتداء من"},
    "start": {"en": "From", "fr": "Du", "ar": "من"},
    "end": {"en": "To", "fr": "Au", "ar": "إلى"},
    "period": {"en": "Period", "fr": "Période", "ar": "الفترة"},
    "changes": {"en": "Changes", "fr": "Changements", "ar": "التغييرات"},
    "no-changes": {"en": "No change over this period.",
                   "fr": "Aucun changement sur cette période.",
                   "ar": "لا يوجد أي تغيير خلال هذه الفترة."},
    "no-upcoming": {"en": "Nobody's outcome changes within {days} days.",
                    "fr": "Aucun résultat ne change dans les {days} jours.",
                    "ar": "لا تتغير أي نتيجة خلال {days} يوما."},
    "remedies": {"en": "Changes that make the applicant eligible",
                 "fr": "Changements qui rendent le demandeur éligible",
                 "ar": "تغييرات تجعل طالب الاستفادة مؤهلا"},
    "next-change": {"en": "Next change", "fr": "Prochain changement", "ar": "التغيير المقبل"},
    "date": {"en": "Date", "fr": "Date", "ar": "التاريخ"},
    "household": {"en": "Household", "fr": "Dossier", "ar": "الملف"},
    "applicant": {"en": "Applicant", "fr": "Demandeur", "ar": "طالب الاستفادة"},
    "status": {"en": "Status", "fr": "Statut", "ar": "الوضعية"},
    "engine": {"en": "Engine", "fr": "Moteur", "ar": "المحرك"},
    "rulebook": {"en": "Rule book", "fr": "Règles", "ar": "كتاب القواعد"},
    "illustrative": {"en": "illustrative (an assumption, not a published rule)",
                     "fr": "illustratif (une hypothèse, pas une règle publiée)",
                     "ar": "توضيحي (افتراض وليس قاعدة منشورة)"},
    "sourced": {"en": "sourced", "fr": "sourcé", "ar": "موثق"},
    "assumption": {"en": "assumption", "fr": "hypothèse", "ar": "افتراض"},
    "assumed-date": {"en": "date assumed", "fr": "date supposée", "ar": "تاريخ مفترض"},
    "evidence": {"en": "Evidence", "fr": "Fondement", "ar": "السند"},
    "evidence-sourced": {"en": "sourced", "fr": "sourcé", "ar": "موثق"},
    "evidence-partly-sourced": {"en": "partly sourced (some conditions are assumptions)",
                                "fr": "en partie sourcé (certaines conditions sont des "
                                      "hypothèses)",
                                "ar": "موثق جزئيا (بعض الشروط افتراضات)"},
    "evidence-illustrative": {"en": "illustrative (an assumption, not a published rule)",
                              "fr": "illustratif (une hypothèse, pas une règle publiée)",
                              "ar": "توضيحي (افتراض وليس قاعدة منشورة)"},
    "passed": {"en": "passed", "fr": "rempli", "ar": "مستوفى"},
    "failed": {"en": "failed", "fr": "non rempli", "ar": "غير مستوفى"},
    "unknown": {"en": "unknown", "fr": "inconnu", "ar": "غير معروف"},
    "no-decisions": {"en": "No program applies to anyone in this household.",
                     "fr": "Aucun programme ne s'applique aux personnes de ce dossier.",
                     "ar": "لا ينطبق أي برنامج على أفراد هذا الملف."},
    "no-programs": {"en": "No program matches.", "fr": "Aucun programme ne correspond.",
                    "ar": "لا يوجد برنامج مطابق."},
    "id": {"en": "Id", "fr": "Identifiant", "ar": "المعرف"},
    "title": {"en": "Title", "fr": "Intitulé", "ar": "العنوان"},
    "categories": {"en": "Categories", "fr": "Catégories", "ar": "الفئات"},
    "in-force": {"en": "in force", "fr": "en vigueur", "ar": "ساري"},
    "not-in-force": {"en": "not in force", "fr": "pas en vigueur", "ar": "غير ساري"},
    **DOMAIN_NAMES,
    # categories read inside sentences and table cells: lower case
    **{category: {lang: name.lower() for lang, name in names.items()}
       for category, names in CATEGORY_NAMES.items()},
}


def label(key: str, lang: str) -> str:
    """A fixed label of the command line in ``lang`` (the key itself if there is none)."""
    texts = _LABELS.get(key)
    if texts is None:
        return key
    return texts.get(lang) or texts["en"]
