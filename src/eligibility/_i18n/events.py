"""The words of timelines, in Arabic, French and English: what happens on a date that
changes a decision (keyed by event kind), what it changes, and the small words these
sentences are made of (units counted, months, the dates of a file).

Every text is a ``str.format`` template; the functions below only pick a template and
fill it, so each sentence is written once per language, here.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "ANCHORS",
    "EFFECTS",
    "EVENTS",
    "MONTHS",
    "SEPARATORS",
    "anchor_text",
    "counted",
    "effect_text",
    "event_text",
    "month_name",
]

Table = Mapping[str, Mapping[str, str]]

#: Event kind (``EventKind`` value) -> template by language.
EVENTS: Table = {
    "birthday": {"en": "{person} turns {age}", "fr": "{person} atteint l'âge de {age} ans",
                 "ar": "بلوغ {person} سن {age}"},
    "service": {"en": "{count} of service completed", "fr": "{count} de service accomplis",
                "ar": "استكمال {count} من الخدمة"},
    "elapsed": {"en": "{count} since {anchor}", "fr": "{count} depuis {anchor}",
                "ar": "مرور {count} على {anchor}"},
    "date": {"en": "the date {date} is reached", "fr": "la date du {date} est atteinte",
             "ar": "حلول تاريخ {date}"},
    "anchor_date": {"en": "the date of {anchor}", "fr": "la date de l'événement : {anchor}",
                    "ar": "تاريخ {anchor}"},
    "benefit": {"en": "{anchor} counts from this day",
                "fr": "{anchor} compte à partir de ce jour",
                "ar": "احتساب {anchor} ابتداء من هذا اليوم"},
    "birth": {"en": "{person} is born", "fr": "naissance de {person}",
              "ar": "ولادة {person}"},
    "new_year": {"en": "calendar year {year} begins", "fr": "début de l'année civile {year}",
                 "ar": "بداية السنة الميلادية {year}"},
    "month": {"en": "start of {month}", "fr": "début {month}", "ar": "بداية شهر {month}"},
    "day": {"en": "day {day} of the month", "fr": "le {day} du mois",
            "ar": "اليوم {day} من الشهر"},
    "version": {"en": "version {version} takes effect: {text}",
                "fr": "entrée en vigueur de la version {version} : {text}",
                "ar": "دخول الصيغة {version} حيز التنفيذ: {text}"},
    "parameter": {"en": "{parameter}: {old} → {new}", "fr": "{parameter} : {old} → {new}",
                  "ar": "{parameter}: {old} ← {new}"},
    "criterion_starts": {"en": "a criterion starts to apply: {text}",
                         "fr": "un critère s'applique désormais : {text}",
                         "ar": "شرط يصبح ساريا: {text}"},
    "criterion_ends": {"en": "a criterion stops applying: {text}",
                       "fr": "un critère cesse de s'appliquer : {text}",
                       "ar": "شرط لم يعد ساريا: {text}"},
    "program_starts": {"en": "the program comes into force",
                       "fr": "entrée en vigueur du programme",
                       "ar": "دخول البرنامج حيز التنفيذ"},
    "program_ends": {"en": "the program ends", "fr": "fin du programme",
                     "ar": "انتهاء البرنامج"},
}

#: What an event does to a criterion or a benefit: key -> template by language.
EFFECTS: Table = {
    "passed": {"en": "{text} — now met", "fr": "{text} — désormais rempli",
               "ar": "{text} — أصبح مستوفى"},
    "failed": {"en": "{text} — no longer met", "fr": "{text} — n'est plus rempli",
               "ar": "{text} — لم يعد مستوفى"},
    "unknown": {"en": "{text} — now undetermined", "fr": "{text} — désormais indéterminé",
                "ar": "{text} — أصبح غير محسوم"},
    "output": {"en": "{label}: {old} → {new}", "fr": "{label} : {old} → {new}",
               "ar": "{label}: {old} ← {new}"},
    "event": {"en": "{event}: {effect}", "fr": "{event} : {effect}", "ar": "{event}: {effect}"},
    "none": {"en": "none", "fr": "aucun", "ar": "لا شيء"},
}

#: Between the events of one change.
SEPARATORS: Mapping[str, str] = {"en": "; ", "fr": " ; ", "ar": "؛ "}

#: The dates of a household file that a rule counts from: field -> template by language.
ANCHORS: Table = {
    "death_date": {"en": "the affiliate's death ({date})",
                   "fr": "le décès de l'adhérent ({date})", "ar": "وفاة المنخرط ({date})"},
    "divorce_date": {"en": "the divorce of {person} ({date})",
                     "fr": "le divorce de {person} ({date})", "ar": "طلاق {person} ({date})"},
    "recruitment_date": {"en": "recruitment ({date})", "fr": "le recrutement ({date})",
                         "ar": "التوظيف ({date})"},
    "retirement_date": {"en": "retirement ({date})", "fr": "le départ à la retraite ({date})",
                        "ar": "الإحالة على التقاعد ({date})"},
    "birth_date": {"en": "the birth of {person} ({date})",
                   "fr": "la naissance de {person} ({date})", "ar": "ولادة {person} ({date})"},
    "record": {"en": "the benefit {program} received on {date}",
               "fr": "la prestation {program} reçue le {date}",
               "ar": "الاستفادة من {program} بتاريخ {date}"},
    "other": {"en": "{field} of {person} ({date})", "fr": "{field} de {person} ({date})",
              "ar": "{field} الخاص بـ{person} ({date})"},
}

#: Month names; Arabic as written in Morocco (the rule texts' own usage).
MONTHS: Mapping[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر",
           "أكتوبر", "نونبر", "دجنبر"),
}

#: Counted units. English and French: (one, several). Arabic: (one, two, 3 to 10,
#: 11 to 99, hundreds), the forms a number takes before the noun it counts.
_UNITS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "en": {"days": ("1 day", "{n} days"), "months": ("1 month", "{n} months"),
           "years": ("1 year", "{n} years")},
    "fr": {"days": ("1 jour", "{n} jours"), "months": ("1 mois", "{n} mois"),
           "years": ("1 an", "{n} ans")},
    "ar": {"days": ("يوم واحد", "يومان", "{n} أيام", "{n} يوما", "{n} يوم"),
           "months": ("شهر واحد", "شهران", "{n} أشهر", "{n} شهرا", "{n} شهر"),
           "years": ("سنة واحدة", "سنتان", "{n} سنوات", "{n} سنة", "{n} سنة")},
}


def _template(table: Table, key: str, lang: str) -> str:
    texts = table[key]
    return texts.get(lang) or texts["en"]


def event_text(kind: str, lang: str, **values: object) -> str:
    """The event of ``kind`` in ``lang``, filled with ``values``."""
    return _template(EVENTS, kind, lang).format(**values)


def effect_text(key: str, lang: str, **values: object) -> str:
    """What an event does (``passed``, ``failed``, ``unknown``, ``output``), or how an
    event and its effect read together (``event``)."""
    return _template(EFFECTS, key, lang).format(**values)


def anchor_text(key: str, lang: str, **values: object) -> str:
    """A date of the file (``death_date``, a benefit ``record``...) as a noun phrase."""
    return _template(ANCHORS, key if key in ANCHORS else "other", lang).format(**values)


def month_name(month: int, lang: str) -> str:
    return MONTHS.get(lang, MONTHS["en"])[month - 1]


def counted(n: int, unit: str, lang: str) -> str:
    """``n`` ``unit`` (``days``, ``months``, ``years``) with the noun in the form the
    number asks for: "24 months", "24 mois", "24 شهرا", "3 أشهر"."""
    forms = _UNITS.get(lang, _UNITS["en"])[unit]
    if len(forms) == 2:
        return (forms[0] if abs(n) == 1 else forms[1]).format(n=n)
    rest = abs(n) % 100
    if abs(n) == 1:
        form = forms[0]
    elif abs(n) == 2:
        form = forms[1]
    elif 3 <= rest <= 10:
        form = forms[2]
    elif 11 <= rest <= 99:
        form = forms[3]
    else:
        form = forms[4]
    return form.format(n=n)
