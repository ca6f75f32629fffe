"""The words of "what would change the outcome", in Arabic, French and English: what a fact
would need to be, a change that makes an applicant eligible, why no single change does,
and which values of a missing fact decide the outcome.

Every text is a ``str.format`` template, written once per language here.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["NEEDS", "PHRASES", "need_text", "phrase"]

Table = Mapping[str, Mapping[str, str]]

#: What a fact needs to be, by comparison (``date_`` ones for dates).
NEEDS: Table = {
    "<=": {"en": "at most {value}", "fr": "au plus {value}", "ar": "{value} على الأكثر"},
    "<": {"en": "less than {value}", "fr": "moins de {value}", "ar": "أقل من {value}"},
    ">=": {"en": "at least {value}", "fr": "au moins {value}", "ar": "{value} على الأقل"},
    ">": {"en": "more than {value}", "fr": "plus de {value}", "ar": "أكثر من {value}"},
    "==": {"en": "{value}", "fr": "{value}", "ar": "{value}"},
    "!=": {"en": "other than {value}", "fr": "autre que {value}", "ar": "غير {value}"},
    "in": {"en": "one of {value}", "fr": "l'une des valeurs {value}",
           "ar": "إحدى القيم {value}"},
    "between": {"en": "from {low} to {high}", "fr": "de {low} à {high}",
                "ar": "من {low} إلى {high}"},
    "date_<=": {"en": "on or before {value}", "fr": "le {value} ou avant",
                "ar": "في {value} أو قبله"},
    "date_<": {"en": "before {value}", "fr": "avant le {value}", "ar": "قبل {value}"},
    "date_>=": {"en": "on or after {value}", "fr": "le {value} ou après",
                "ar": "في {value} أو بعده"},
    "date_>": {"en": "after {value}", "fr": "après le {value}", "ar": "بعد {value}"},
    "date_between": {"en": "from {low} to {high}", "fr": "du {low} au {high}",
                     "ar": "من {low} إلى {high}"},
    "yes": {"en": "yes", "fr": "oui", "ar": "نعم"},
    "no": {"en": "no", "fr": "non", "ar": "لا"},
    "any": {"en": "any value", "fr": "toute valeur", "ar": "أي قيمة"},
}

#: The sentences built from those words.
PHRASES: Table = {
    "fact": {"en": "{fact} of {person}", "fr": "{fact} de {person}",
             "ar": "{fact} الخاص بـ{person}"},
    "household_fact": {"en": "{fact} (household)", "fr": "{fact} (foyer)",
                       "ar": "{fact} (الأسرة)"},
    "requirement": {"en": "{fact}: {need} (now: {current})",
                    "fr": "{fact} : {need} (actuellement : {current})",
                    "ar": "{fact}: {need} (حاليا: {current})"},
    "unknown": {"en": "not known", "fr": "inconnu", "ar": "غير معروف"},
    "together": {"en": " and ", "fr": " et ", "ar": " و"},
    "from_date": {"en": "from {date} ({event})", "fr": "à partir du {date} ({event})",
                  "ar": "ابتداء من {date} ({event})"},
    "fixed": {"en": "rests on facts that cannot change: {facts}",
              "fr": "repose sur des faits qui ne peuvent pas changer : {facts}",
              "ar": "يعتمد على معطيات لا يمكن أن تتغير: {facts}"},
    "no_fact": {"en": "no change of one fact passes it",
                "fr": "aucun changement d'un seul fait ne le remplit",
                "ar": "لا يكفي تغيير معطى واحد لاستيفائه"},
    "several": {"en": "No single change makes the applicant eligible: {count} criteria are "
                      "not met, and no change of one fact meets them all ({criteria})",
                "fr": "Aucun changement unique ne rend le demandeur éligible : {count} critères "
                      "ne sont pas remplis, et aucun changement d'un seul fait ne les remplit "
                      "tous ({criteria})",
                "ar": "لا يوجد تغيير واحد يجعل طالب الاستفادة مؤهلا: {count} شروط غير مستوفاة، "
                      "ولا يكفي تغيير معطى واحد لاستيفائها كلها ({criteria})"},
    "single": {"en": "No single change makes the applicant eligible: {criterion}: {why}",
               "fr": "Aucun changement unique ne rend le demandeur éligible : {criterion} : "
                     "{why}",
               "ar": "لا يوجد تغيير واحد يجعل طالب الاستفادة مؤهلا: {criterion}: {why}"},
    "met_but": {"en": "it can be met ({requirement}), but the decision is then {outcome}",
                "fr": "il peut être rempli ({requirement}), mais la décision est alors : "
                      "{outcome}",
                "ar": "يمكن استيفاؤه ({requirement})، لكن القرار يصبح حينها: {outcome}"},
    "none": {"en": "No single change makes the applicant eligible",
             "fr": "Aucun changement unique ne rend le demandeur éligible",
             "ar": "لا يوجد تغيير واحد يجعل طالب الاستفادة مؤهلا"},
    "decider": {"en": "{condition}: {outcome}", "fr": "{condition} : {outcome}",
                "ar": "{condition}: {outcome}"},
    "missing": {"en": "{fact} — {deciders}", "fr": "{fact} — {deciders}",
                "ar": "{fact} — {deciders}"},
    "option": {"en": "{label}: {value} instead of {current} if {requirement}",
               "fr": "{label} : {value} au lieu de {current} si {requirement}",
               "ar": "{label}: {value} بدلا من {current} إذا {requirement}"},
    "separator": {"en": "; ", "fr": " ; ", "ar": "؛ "},
    "list": {"en": ", ", "fr": ", ", "ar": "، "},
}


def _template(table: Table, key: str, lang: str) -> str:
    texts = table[key]
    return texts.get(lang) or texts["en"]


def need_text(key: str, lang: str, **values: object) -> str:
    """What a fact needs to be (``<=``, ``date_>``, ``between``, ``yes``...)."""
    return _template(NEEDS, key, lang).format(**values)


def phrase(key: str, lang: str, **values: object) -> str:
    return _template(PHRASES, key, lang).format(**values)
