"""Names of the facts of a household file (its fields), in Arabic, French and English.

One table serves every sentence that names a fact: what would change an outcome, which
missing fact decides it. The keys are the field names of the household model.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["FACT_NAMES", "fact_name"]

#: Field name -> name by language (lower case: read inside sentences).
FACT_NAMES: Mapping[str, Mapping[str, str]] = {
    "birth_date": {"en": "date of birth", "fr": "date de naissance", "ar": "تاريخ الازدياد"},
    "age": {"en": "age", "fr": "âge", "ar": "السن"},
    "disabled": {"en": "disabled or unable to work", "fr": "handicap ou incapacité de travail",
                 "ar": "إعاقة أو عجز عن العمل"},
    "serious_illness": {"en": "serious illness", "fr": "maladie grave", "ar": "مرض خطير"},
    "status": {"en": "affiliate's situation", "fr": "situation de l'adhérent",
               "ar": "وضعية المنخرط"},
    "recruitment_date": {"en": "date of recruitment", "fr": "date de recrutement",
                         "ar": "تاريخ التوظيف"},
    "seniority": {"en": "years of service", "fr": "années de service",
                  "ar": "سنوات الخدمة"},
    "retirement_date": {"en": "date of retirement", "fr": "date de départ à la retraite",
                        "ar": "تاريخ الإحالة على التقاعد"},
    "death_date": {"en": "date of death", "fr": "date du décès", "ar": "تاريخ الوفاة"},
    "killed_on_duty": {"en": "killed on duty", "fr": "mort en service commandé",
                       "ar": "استشهد أثناء أداء الواجب"},
    "monthly_salary": {"en": "gross monthly salary (MAD)",
                       "fr": "salaire mensuel brut (MAD)", "ar": "الأجر الشهري الإجمالي (درهم)"},
    "monthly_pension": {"en": "monthly pension (MAD)", "fr": "pension mensuelle (MAD)",
                        "ar": "المعاش الشهري (درهم)"},
    "pay_scale": {"en": "pay scale", "fr": "échelle de rémunération", "ar": "سلم الأجور"},
    "owns_main_home": {"en": "owns their main home", "fr": "propriétaire de sa résidence "
                       "principale", "ar": "يملك سكنه الرئيسي"},
    "own_insurance": {"en": "health insurance of their own", "fr": "assurance maladie propre",
                      "ar": "تأمين صحي خاص"},
    "divorce_date": {"en": "date of divorce", "fr": "date du divorce", "ar": "تاريخ الطلاق"},
    "remarried": {"en": "remarried", "fr": "remariage", "ar": "الزواج من جديد"},
    "kafala": {"en": "in kafala", "fr": "sous kafala", "ar": "في إطار الكفالة"},
    "schooling": {"en": "level of schooling", "fr": "niveau de scolarité",
                  "ar": "المستوى الدراسي"},
    "student": {"en": "enrolled in higher education",
                "fr": "inscrit dans l'enseignement supérieur",
                "ar": "مسجل في التعليم العالي"},
    "married": {"en": "married", "fr": "marié", "ar": "متزوج"},
    "bac_year": {"en": "year of the baccalaureate", "fr": "année du baccalauréat",
                 "ar": "سنة الحصول على البكالوريا"},
    "bac_score": {"en": "baccalaureate score", "fr": "note du baccalauréat",
                  "ar": "معدل البكالوريا"},
    "dues": {"en": "dues", "fr": "cotisations", "ar": "واجبات الانخراط"},
    "bank_account": {"en": "a bank account", "fr": "un compte bancaire", "ar": "حساب بنكي"},
    "social_hardship": {"en": "social hardship", "fr": "difficulté sociale",
                        "ar": "هشاشة اجتماعية"},
    "category": {"en": "member category", "fr": "catégorie d'adhérent", "ar": "فئة المنخرط"},
    "role": {"en": "place in the file", "fr": "place dans le dossier", "ar": "الصفة في الملف"},
    "history": {"en": "benefits received", "fr": "prestations reçues",
                "ar": "الاستفادات السابقة"},
}


def fact_name(name: str, lang: str) -> str:
    """The name of the field ``name`` in ``lang`` (the field's own name if it has none)."""
    names = FACT_NAMES.get(name)
    if names is None:
        return name.replace("_", " ")
    return names.get(lang) or names["en"]
