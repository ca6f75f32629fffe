"""The names of the library's machine words, from the catalogue: domains, member
categories (a widow, a widower), roles, outcomes, criterion results, statuses, household
fields and their values, and the texts of frequency limits.

Every name is lower case, as it is read inside a sentence or a table cell;
:func:`heading` capitalises one where it starts a heading. Keys are the machine values
(``Category.WIDOW.value`` is ``"widow"``), so this module needs nothing from the model.
"""

from __future__ import annotations

import re

from .catalogue import N_, NN_, NP_, Message, t, tn

__all__ = [
    "FACT_FORMATS",
    "FIELDS",
    "assumption_mark",
    "category_name",
    "criterion_result",
    "domain_name",
    "enum_label",
    "evidence_name",
    "fact_format",
    "fact_label",
    "field_name",
    "frequency_text",
    "heading",
    "outcome_name",
    "role_name",
    "status_name",
]

_DOMAINS = {
    "health": N_("health"),
    "housing": N_("housing"),
    "leisure": N_("leisure and summer holidays"),
    "education": N_("education"),
    "social-aid": N_("social aid"),
}

#: Category -> (name whatever the sex, name of a woman, name of a man).
_CATEGORIES: dict[str, tuple[Message, Message, Message]] = {
    "active_officer": (NP_("category", "active officer"),
                       NP_("category, female", "active officer"),
                       NP_("category, male", "active officer")),
    "retiree": (NP_("category", "retiree"), NP_("category, female", "retiree"),
                NP_("category, male", "retiree")),
    "widow": (NP_("category", "widow or widower"), NP_("category, female", "widow"),
              NP_("category, male", "widower")),
    "rights_holder": (NP_("category", "rights holder"),
                      NP_("category, female", "rights holder"),
                      NP_("category, male", "rights holder")),
    "former_spouse": (NP_("category", "former spouse"),
                      NP_("category, female", "former wife"),
                      NP_("category, male", "former husband")),
    "honorary_member": (NP_("category", "honorary member"),
                        NP_("category, female", "honorary member"),
                        NP_("category, male", "honorary member")),
}

_ROLES = {
    "affiliate": NP_("role", "affiliate"),
    "spouse": NP_("role", "spouse"),
    "child": NP_("role", "child"),
    "parent": NP_("role", "parent"),
}

_OUTCOMES = {
    "eligible": N_("eligible"),
    "ineligible": N_("not eligible"),
    "undetermined": N_("undetermined"),
}

_RESULTS = {
    "passed": NP_("criterion", "met"),
    "failed": NP_("criterion", "not met"),
    "unknown": NP_("criterion", "unknown"),
}

_STATUSES = {
    "sourced": N_("sourced"),
    "illustrative": N_("illustrative"),
}

#: What a program rests on, on a date.
_EVIDENCE = {
    "sourced": NP_("evidence", "sourced"),
    "partly-sourced": NP_("evidence", "partly sourced (some conditions are assumptions)"),
    "illustrative": NP_("evidence", "illustrative (an assumption, not a published rule)"),
}

#: Values of the household's enumerations (the affiliate's status, dues, schooling, sex).
_VALUES = {
    "active": NP_("value", "active"),
    "retired": NP_("value", "retired"),
    "deceased": NP_("value", "deceased"),
    "paid": NP_("value", "paid"),
    "exempt": NP_("value", "exempt"),
    "unpaid": NP_("value", "unpaid"),
    "none": NP_("value", "no schooling"),
    "preschool": NP_("value", "preschool"),
    "primary": NP_("value", "primary school"),
    "middle": NP_("value", "middle school"),
    "secondary": NP_("value", "secondary school"),
    "higher": NP_("value", "higher education"),
    "female": NP_("value", "female"),
    "male": NP_("value", "male"),
}

#: The fields of a household file and the facts rules read about a person, by name.
FIELDS: dict[str, Message] = {
    "id": NP_("field", "identifier"),
    "name": NP_("field", "name"),
    "sex": NP_("field", "sex"),
    "birth_date": NP_("field", "date of birth"),
    "disabled": NP_("field", "disabled"),
    "serious_illness": NP_("field", "serious illness"),
    "status": NP_("field", "status"),
    "recruitment_date": NP_("field", "date of recruitment"),
    "retirement_date": NP_("field", "date of retirement"),
    "death_date": NP_("field", "date of death"),
    "killed_on_duty": NP_("field", "killed on duty"),
    "monthly_salary": NP_("field", "monthly salary"),
    "monthly_pension": NP_("field", "monthly pension"),
    "pay_scale": NP_("field", "pay scale"),
    "owns_main_home": NP_("field", "owns a main home"),
    "own_insurance": NP_("field", "own health insurance"),
    "divorce_date": NP_("field", "date of divorce"),
    "remarried": NP_("field", "remarried"),
    "kafala": NP_("field", "in kafala"),
    "schooling": NP_("field", "schooling"),
    "student": NP_("field", "student in higher education"),
    "married": NP_("field", "married"),
    "bac_year": NP_("field", "year of the baccalaureate"),
    "bac_score": NP_("field", "baccalaureate score"),
    "dues": NP_("field", "dues"),
    "bank_account": NP_("field", "bank account"),
    "social_hardship": NP_("field", "social hardship"),
    "history": NP_("field", "benefits received"),
    "program": NP_("field", "program"),
    "person": NP_("field", "person"),
    "on": NP_("field", "date"),
    "amount": NP_("field", "amount"),
    "affiliate": NP_("field", "affiliate"),
    "spouses": NP_("field", "spouses"),
    "children": NP_("field", "children"),
    "parents": NP_("field", "parents"),
    "age": NP_("field", "age"),
    "seniority": NP_("field", "years of service"),
    "divorced": NP_("field", "divorced"),
    "category": NP_("field", "category"),
    "role": NP_("field", "role"),
    "people": NP_("field", "people of the file"),
    "schema_version": NP_("field", "file format version"),
}

#: How the value of a fact reads where its type alone does not say: amounts of dirhams, and
#: years (written as they are: 2025, never grouped as a number). A test checks the money
#: fields against the household model.
FACT_FORMATS: dict[str, str] = {
    "monthly_salary": "money",
    "monthly_pension": "money",
    "amount": "money",
    "bac_year": "year",
}

#: A frequency limit's text for one use, and for ``n`` uses (Arabic has a form for two).
_FREQUENCIES = {
    "calendar-year": NN_("once a calendar year", "at most {n} times a calendar year"),
    "rolling-year": NN_("once in any twelve months", "at most {n} times in any twelve months"),
    "career": NN_("once in a career", "at most {n} times in a career"),
}


def heading(text: str) -> str:
    """``text`` with its first letter capitalised (Arabic has no capitals)."""
    return text[:1].upper() + text[1:]


def domain_name(domain: str, lang: str) -> str:
    """A program domain's name (``social-aid`` → *aide sociale*)."""
    return t(lang, _DOMAINS[domain])


def category_name(category: str, lang: str, sex: str | None = None) -> str:
    """A member category's name, for a person of ``sex`` where it is known: a widow or a
    widower (*veuve*, *veuf*; أرملة, أرمل), else both (*veuf ou veuve*; أرمل(ة))."""
    generic, female, male = _CATEGORIES[category]
    message = female if sex == "female" else male if sex == "male" else generic
    return t(lang, message)


def role_name(role: str, lang: str) -> str:
    """Where a person stands in the file (``child`` → *enfant*)."""
    return t(lang, _ROLES[role])


def outcome_name(outcome: str, lang: str) -> str:
    """``eligible``, ``not eligible`` or ``undetermined`` in ``lang``."""
    return t(lang, _OUTCOMES[outcome])


def criterion_result(result: str, lang: str) -> str:
    """A criterion's result in words: met, not met, unknown."""
    return t(lang, _RESULTS[result])


def status_name(status: str, lang: str) -> str:
    """``sourced`` or ``illustrative`` in ``lang``."""
    return t(lang, _STATUSES[status])


def evidence_name(evidence: str, lang: str) -> str:
    """What a program rests on, in words: sourced, partly sourced, illustrative."""
    return t(lang, _EVIDENCE[evidence])


def assumption_mark(lang: str) -> str:
    """The mark of what rests on an assumption: *(hypothèse)*."""
    return t(lang, N_("(assumption)"))


def enum_label(word: str, lang: str) -> str | None:
    """The name of a household enumeration value, role or category (``deceased`` →
    *décédé*), or ``None`` for a word that is none of them."""
    if word in _VALUES:
        return t(lang, _VALUES[word])
    if word in _ROLES:
        return role_name(word, lang)
    if word in _CATEGORIES:
        return category_name(word, lang)
    return None


def field_name(name: str, lang: str) -> str | None:
    """The name of a household field or a person's fact, or ``None`` if it has none."""
    message = FIELDS.get(name)
    return None if message is None else t(lang, message)


_PATH_STEP = re.compile(r"\.([A-Za-z_]\w*)|\[\d+\]")


def _last_field(path: str) -> str | None:
    names = _PATH_STEP.findall(path if path.startswith(".") else f".{path}")
    return next((name for name in reversed(names) if name), None)


def fact_label(path: str, lang: str) -> str | None:
    """The name of the fact at ``path`` (``household.children[0].birth_date``,
    ``applicant.monthly_pension``): its last field's name, or ``None``."""
    last = _last_field(path)
    return None if last is None else field_name(last, lang)


def fact_format(path: str) -> str | None:
    """How the value of the fact at ``path`` (or of the field so named) reads: ``money``,
    ``year``, or ``None`` (by its type)."""
    last = _last_field(path)
    return None if last is None else FACT_FORMATS.get(last)


def frequency_text(per: str, n: int, lang: str) -> str:
    """A frequency limit in words: *Une fois par année civile*, مرة واحدة في السنة."""
    singular, plural = _FREQUENCIES[per]
    return heading(tn(lang, singular, plural, n))
