"""The message catalogue and the values formatted per locale.

Every message marked in the source is in the Arabic and French catalogues, translated and
not fuzzy; the compiled ``.mo`` files are those of the ``.po`` files; every translation keeps
its message's placeholders; every machine word (domain, category, role, outcome, result,
status, enumeration value, problem and diagnostic code) has a name; numbers, money, dates,
months and frequency limits are written as Moroccan readers expect them.
"""

from __future__ import annotations

import ast
import string
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from eligibility import (
    AffiliateStatus,
    Category,
    CriterionStatus,
    DiagnosticCode,
    Domain,
    DuesStatus,
    Outcome,
    ProblemCode,
    Role,
    Schooling,
    Sex,
    Status,
)
from eligibility._i18n import LANGUAGES, language, t, tn, tooling, words
from eligibility._i18n import format as fmt
from eligibility._i18n.diagnostics import TITLES
from eligibility._i18n.problems import MESSAGES
from eligibility.cli.errors import CODES

NNBSP, NBSP = "\u202f", "\u00a0"


def test_every_message_is_translated_and_compiled() -> None:
    """Missing, untranslated or fuzzy messages, stale .mo files: ``nox -s catalogue``."""
    assert tooling.check() == []


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_translations_keep_their_placeholders(lang: str) -> None:
    for message in tooling.read(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (
            message.string,)
        wanted = _fields(ids[-1])
        for text in strings:
            # a plural form may leave {n} out ("once", "twice"), but names nothing else
            assert set(_fields(text)) <= set(wanted), (lang, message.id, text)
            if "n" not in wanted:
                assert _fields(text) == wanted, (lang, message.id, text)


def test_english_is_the_source_language() -> None:
    assert t("en", "Missing facts") == "Missing facts"
    assert [language(x) for x in ("fr_FR", "ar-MA", "de")] == ["fr", "ar", "en"]
    assert t("de", "Missing facts") == "Missing facts"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_machine_word_has_a_name(lang: str) -> None:
    for domain in Domain:
        assert words.domain_name(domain, lang)
    for category in Category:
        for sex in (None, *Sex):
            assert words.category_name(category, lang, sex)
    for role in Role:
        assert words.role_name(role, lang)
    for outcome in Outcome:
        assert words.outcome_name(outcome, lang)
    for result in CriterionStatus:
        assert words.criterion_result(result, lang)
    for status in Status:
        assert words.status_name(status, lang)
    for enum in (AffiliateStatus, DuesStatus, Schooling, Sex, Role, Category):
        for member in enum:
            assert words.enum_label(member.value, lang), member


def test_every_code_has_a_message() -> None:
    assert set(MESSAGES) == {code.value for code in ProblemCode}
    assert set(TITLES) == {code.value for code in DiagnosticCode}
    assert not set(CODES) & set(MESSAGES)  # the command line's own codes are its own


def test_names_in_french_and_arabic_are_not_english() -> None:
    for lang in ("ar", "fr"):
        assert words.outcome_name("ineligible", lang) != "not eligible"
        assert words.domain_name("social-aid", lang) != "social aid"


@pytest.mark.parametrize(("sex", "fr", "ar", "en"), [
    ("female", "veuve", "أرملة", "widow"),
    ("male", "veuf", "أرمل", "widower"),
    (None, "veuf ou veuve", "أرمل(ة)", "widow or widower"),
])
def test_widows_and_widowers_are_named_by_their_sex(sex: str | None, fr: str, ar: str,
                                                    en: str) -> None:
    assert [words.category_name("widow", lang, sex) for lang in ("fr", "ar", "en")] == [
        fr, ar, en]


def test_retirees_agree_in_gender() -> None:
    assert words.category_name("retiree", "fr", "female") == "retraitée"
    assert words.category_name("retiree", "ar", "male") == "متقاعد"


# -- values -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", f"20{NNBSP}000{NBSP}MAD"),
    ("ar", f"20.000{NBSP}درهم"),
    ("en", f"20,000{NBSP}MAD"),
])
def test_money(lang: str, expected: str) -> None:
    assert fmt.money(Decimal(20000), lang) == expected


def test_money_keeps_its_cents_and_numbers_their_decimals() -> None:
    assert fmt.money(Decimal("1850.5"), "fr") == f"1{NNBSP}850,50{NBSP}MAD"
    assert fmt.number(Decimal("2500.00"), "fr") == f"2{NNBSP}500"
    assert fmt.number(Decimal("14.50"), "ar") == "14,5"
    assert fmt.number(Decimal("0.125"), "en") == "0.125"


def test_arabic_is_written_with_western_digits() -> None:
    for text in (fmt.number(1234567, "ar"), fmt.date(date(2026, 5, 20), "ar"),
                 fmt.percent(Decimal("0.5"), "ar")):
        assert not any("\u0660" <= ch <= "\u0669" for ch in text), text


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", f"50{NBSP}%"), ("ar", "50%"), ("en", "50%"),
])
def test_percentages(lang: str, expected: str) -> None:
    assert fmt.percent(Decimal("0.5"), lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", "20 mai 2026"), ("ar", "20 ماي 2026"), ("en", "20 May 2026"),
])
def test_dates_in_words(lang: str, expected: str) -> None:
    assert fmt.date(date(2026, 5, 20), lang) == expected


def test_months_are_named_as_in_morocco() -> None:
    assert [fmt.month(m, "fr") for m in (6, 9)] == ["juin", "septembre"]
    # the first of a month, as French writes it (and only the first, only in French)
    assert fmt.date(date(2026, 9, 1), "fr") == "1er septembre 2026"
    assert fmt.date(date(2026, 9, 11), "fr") == "11 septembre 2026"
    assert fmt.date(date(2026, 9, 1), "en") == "1 September 2026"
    assert [fmt.month(m, "ar") for m in (6, 7, 8, 9)] == ["يونيو", "يوليوز", "غشت", "شتنبر"]


def test_values_in_words() -> None:
    assert [fmt.value(v, "fr") for v in (True, False, None, "deceased", "exempt")] == [
        "oui", "non", "inconnu", "décédé", "exonéré"]
    assert fmt.value(["active", "retired"], "fr") == "en activité et retraité"
    assert fmt.recorded("2026-05-20", "fr") == "20 mai 2026"
    assert fmt.recorded("1850.00", "fr") == f"1{NNBSP}850"


@pytest.mark.parametrize(("per", "n", "lang", "expected"), [
    ("calendar-year", 1, "fr", "Une fois par année civile"),
    ("calendar-year", 1, "ar", "مرة واحدة في السنة الميلادية"),
    ("calendar-year", 2, "ar", "مرتين على الأكثر في السنة الميلادية"),
    ("calendar-year", 3, "ar", "3 مرات على الأكثر في السنة الميلادية"),
    ("calendar-year", 12, "ar", "12 مرة على الأكثر في السنة الميلادية"),
    ("career", 1, "fr", "Une fois dans la carrière"),
    ("career", 2, "fr", "Au plus 2 fois dans la carrière"),
    ("rolling-year", 1, "en", "Once in any twelve months"),
])
def test_frequency_limits_in_words(per: str, n: int, lang: str, expected: str) -> None:
    assert words.frequency_text(per, n, lang) == expected


def test_plural_forms_follow_the_language() -> None:
    assert [tn("fr", "{n} error", "{n} errors", n) for n in (0, 1, 2)] == [
        "0 erreur", "1 erreur", "2 erreurs"]
    assert [tn("ar", "{n} error", "{n} errors", n) for n in (1, 2, 5, 11)] == [
        "خطأ واحد", "خطآن", "5 أخطاء", "11 خطأ"]


def test_money_facts_are_the_model_s_amounts() -> None:
    """The facts shown in dirhams are exactly the fields the household model types as
    money; a year is shown as it is written."""
    from typing import get_args

    from eligibility import Affiliate, BenefitRecord, Child, Household, Parent, Spouse
    from eligibility._model.inputs import Money

    amounts = {name for model in (Household, Affiliate, Spouse, Child, Parent, BenefitRecord)
               for name, field in model.model_fields.items()
               if field.annotation is Money or Money in get_args(field.annotation)}
    assert {k for k, v in words.FACT_FORMATS.items() if v == "money"} == amounts
    assert fmt.fact_value("household.children[0].bac_year", 2025, "fr") == "2025"
    assert fmt.fact_value("applicant.monthly_pension", "2300.00", "ar") == f"2.300{NBSP}درهم"
    assert fmt.fact_value("applicant.age", 2025, "fr") == f"2{NNBSP}025"


@pytest.mark.parametrize(("lang", "counts", "expected"), [
    ("fr", (1, 2, 30), ["1 jour", "2 jours", "30 jours"]),
    ("ar", (1, 2, 3, 11, 100), ["يوم واحد", "يومين", "3 أيام", "11 يوما", "100 يوم"]),
    ("en", (1, 30), ["1 day", "30 days"]),
])
def test_counted_days(lang: str, counts: tuple[int, ...], expected: list[str]) -> None:
    assert [fmt.counted_days(n, lang) for n in counts] == expected


def test_quotation_marks_follow_the_language() -> None:
    assert [fmt.quote("0d", lang) for lang in ("fr", "ar", "en")] == [
        f"«{NBSP}0d{NBSP}»", "«0d»", "'0d'"]


#: The one table keyed by language the package may hold: the CLDR locale each language is
#: formatted with (locale ids, not words).
_LOCALE_TABLE = "_LOCALES"


def test_no_table_of_words_by_language_outside_the_catalogue() -> None:
    """Every word shown is a message of the catalogue: no dictionary in the source is keyed
    by language (``{"ar": ..., "fr": ..., "en": ...}``)."""
    package = Path(tooling.PACKAGE)
    found: list[str] = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = {id(node.value) for node in ast.walk(tree)
                   if isinstance(node, ast.Assign) and any(
                       isinstance(target, ast.Name) and target.id == _LOCALE_TABLE
                       for target in node.targets)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Dict) or id(node) in allowed:
                continue
            keys = {key.value for key in node.keys if isinstance(key, ast.Constant)}
            if len(keys & set(LANGUAGES)) >= 2:
                found.append(f"{path.relative_to(package)}:{node.lineno}")
    assert found == []


def test_latin_runs_are_isolated_in_arabic() -> None:
    line = fmt.isolate_latin("طالب الاستفادة: widow (أرملة) — social.eid-al-adha-grant.", "ar")
    assert line == (f"طالب الاستفادة: {fmt.FSI}widow{fmt.PDI} (أرملة) — "
                    f"{fmt.FSI}social.eid-al-adha-grant{fmt.PDI}.")
    assert fmt.isolate_latin("20.000 درهم", "ar") == "20.000 درهم"  # numbers read as they are
    assert fmt.isolate_latin("widow", "fr") == "widow"
    # a path from the root and an option in brackets are isolated whole, brackets and all
    assert fmt.isolate_latin("خطأ في /tmp/a.json و[OPTIONS]", "ar") == (
        f"خطأ في {fmt.FSI}/tmp/a.json{fmt.PDI} و{fmt.FSI}[OPTIONS]{fmt.PDI}")
    # what is already isolated stays as it is; Latin words around it are still isolated
    done = fmt.isolate("/tmp/a.json")
    assert fmt.isolate_latin(f"{done}: حقل غير معروف household", "ar") == (
        f"{done}: حقل غير معروف {fmt.FSI}household{fmt.PDI}")


def test_household_error_lines_isolate_the_file_and_the_path_in_arabic() -> None:
    from eligibility import HouseholdError, Problem, ProblemCode

    error = HouseholdError([Problem(ProblemCode.MISSING_FIELD, "household.id", {})],
                           source="/tmp/a.json")
    assert error.lines_in("ar")[0].startswith(
        f"{fmt.FSI}/tmp/a.json{fmt.PDI}: {fmt.FSI}household.id{fmt.PDI}: ")
    assert error.lines_in("fr")[0].startswith("/tmp/a.json: household.id: ")


def test_texts_fill_their_placeholders_for_the_reader() -> None:
    from eligibility import Texts

    text = Texts(ar="من {first:month} إلى {last:month}، حتى {ceiling} درهم ({share:percent})",
                 fr="De {first:month} à {last:month}, jusqu'à {ceiling} MAD ({share:percent})",
                 en="From {first:month} to {last:month}, up to {ceiling:money}")
    values = {"first": 6, "last": 9, "ceiling": Decimal(20000), "share": Decimal("0.5")}
    assert text.render("fr", values) == (
        f"De juin à septembre, jusqu'à 20{NNBSP}000 MAD (50{NBSP}%)")
    assert text.render("ar", values) == "من يونيو إلى شتنبر، حتى 20.000 درهم (50%)"
    assert text.render("en", values) == f"From June to September, up to 20,000{NBSP}MAD"


def test_a_label_inside_a_sentence_loses_its_capital_not_an_acronym() -> None:
    assert fmt.inside_sentence("Bons d'achat") == "bons d'achat"
    assert fmt.inside_sentence("Shopping vouchers") == "shopping vouchers"
    assert fmt.inside_sentence("CMR transfer") == "CMR transfer"
    assert fmt.inside_sentence("قسائم الشراء") == "قسائم الشراء"
    assert fmt.inside_sentence("A") == "A"
