"""The shipped rule pack: every program of the domain notes, sourced or labelled, trilingual,
with passing examples, and the decisions the domain notes imply for the example households."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from eligibility import Category, Citation, Decision, Program, RuleBook, parse_household
from eligibility._compile.categories import categories_served
from eligibility._compile.ir import CriterionException
from eligibility._rulefiles.schema import Texts

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
EXAMPLES = ROOT / "examples"

#: Every program the domain notes name, by domain folder.
PROGRAMS = {
    "health": {
        "health.complementary-cover",
        "health.serious-illness-aid",
        "health.relief-fund",
        "health.killed-on-duty-medical-cover",
    },
    "housing": {"housing.flats-for-widows", "housing.preferential-loan"},
    "leisure": {"leisure.summer-camp", "leisure.family-holiday-centre"},
    "education": {
        "education.excellence-award",
        "education.killed-on-duty-orphan-grant",
        "education.university-partnerships",
        "education.school-entry-vouchers",
        "education.merit-scholarship",
    },
    # A pilgrimage is neither recreation nor a summer holiday (ترفيه واصطياف): social aid.
    "social-aid": {"social.eid-al-adha-grant", "social.hajj",
                   "social.killed-on-duty-parents-support"},
}

#: Programs whose criteria are not published at all: the whole rule is an assumption.
ILLUSTRATIVE = {"housing.preferential-loan", "education.merit-scholarship"}

LE360_FAMILIES = ("https://fr.le360.ma/societe/hammouchi-en-soutien-aux-veuves-et-parents-de-"
                  "policiers-decedes-dans-lexercice-de-leurs-fonctions_FW7CG3O2OJESPDCNHEZ27F5OBM")

ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]{3,}")


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return RuleBook.load(RULES)


# -- the pack as a whole -----------------------------------------------------------------------


def test_the_pack_loads_without_a_single_warning(book: RuleBook) -> None:
    assert book.warnings == ()


def test_every_program_of_the_domain_notes_is_a_rule_file(book: RuleBook) -> None:
    assert set(book.programs) == set().union(*PROGRAMS.values())
    for folder, ids in PROGRAMS.items():
        for program_id in ids:
            program = book.programs[program_id]
            assert program.file.startswith(f"{folder}/"), program.file
            assert program.domain.value == folder


def test_every_rule_file_example_passes(book: RuleBook) -> None:
    results = book.run_examples()
    failures = [f"{r.program} / {r.name}: {'; '.join(r.failures)}"
                for r in results if not r.passed]
    assert not failures, "\n".join(failures)
    assert len(results) == sum(len(p.examples) for p in book.programs.values())
    assert min(len(p.examples) for p in book.programs.values()) >= 5


@pytest.mark.parametrize("program_id", sorted(set().union(*PROGRAMS.values())))
def test_every_program_has_eligible_and_ineligible_examples(
    book: RuleBook, program_id: str
) -> None:
    program = book.programs[program_id]
    outcomes = {e.expect.outcome for e in program.examples}
    assert {"eligible", "ineligible"} <= outcomes


# -- sources and assumptions -------------------------------------------------------------------


def _has_assumed_parts(program: Program) -> bool:
    own = [p for p in program.parameters.values() if p.scope == "program"]
    return (
        any(c.status.value == "illustrative" for c in program.criteria)
        or any(p.assumed for p in own)
        or any(o.status.value == "illustrative" for o in program.outputs)
        or any(v.assumed for v in program.versions)
    )


@pytest.mark.parametrize("program_id", sorted(set().union(*PROGRAMS.values())))
def test_status_sources_and_assumptions(book: RuleBook, program_id: str) -> None:
    program = book.programs[program_id]
    assert program.sources, "every rule names what it rests on, even a model it copies"
    for source in program.sources:
        assert source.title.strip()
        # Without a known address the pages say so (tests/test_docs.py); never a home page.
        assert source.url is None or source.links_article, source.url
    if program_id in ILLUSTRATIVE:
        assert program.status.value == "illustrative"
        assert program.assumptions
    else:
        assert program.status.value == "sourced"
    if _has_assumed_parts(program):
        assert program.assumptions, "an assumed criterion or value must be explained"


def _citations(book: RuleBook) -> Iterator[tuple[str, Citation]]:
    for program in book.programs.values():
        for source in program.sources:
            yield program.id, source
        for name, parameter in program.parameters.items():
            for source in (*parameter.sources, *(s for e in parameter.entries for s in e.sources)):
                yield f"{program.id}.parameters.{name}", source
    for name, definition in book.definitions.items():
        for source in definition.sources:
            yield f"definitions.{name}", source


def test_every_citation_links_an_article_not_a_home_page(book: RuleBook) -> None:
    """A URL names the article; where its address is not known there is no URL (the pages
    then say so, in the reader's language: tests/test_docs.py), never the site's home page."""
    checked = 0
    for where, source in _citations(book):
        if source.url is None:
            assert not source.links_article
            continue
        url = urlsplit(source.url)
        assert url.path.strip("/") or url.query, f"{where}: {source.url} is a home page"
        assert source.links_article, where
        checked += 1
    assert checked >= 15
    assert not Citation("A site", "https://example.org/").links_article
    assert Citation("An article", "https://example.org/?p=12").links_article


#: The exact articles the domain notes give, by the programs that rest on them.
ARTICLES = {
    "social.eid-al-adha-grant": {"https://maghress.com/fr/hespressfr/370522",
                                 "https://plus24.ma/?p=5391"},
    "health.complementary-cover": {
        "https://fr.le360.ma/societe/couverture-sante-et-assurance-deces-une-reforme-majeure-"
        "pour-la-famille-de-la-surete-nationale_ZTHJFELOJ5GB7OL2NM4CF2UU4U/"},
    "social.killed-on-duty-parents-support": {LE360_FAMILIES},
    "health.killed-on-duty-medical-cover": {LE360_FAMILIES},
    "housing.flats-for-widows": {LE360_FAMILIES, "https://expresstv.ma/societe/86114"},
    "education.killed-on-duty-orphan-grant": {LE360_FAMILIES},
    "leisure.summer-camp": {"https://expresstv.ma/societe/88671/", LE360_FAMILIES},
}


@pytest.mark.parametrize("program_id", sorted(ARTICLES))
def test_programs_cite_the_articles_of_the_domain_notes(book: RuleBook, program_id: str) -> None:
    urls = {s.url for s in book.programs[program_id].sources}
    assert ARTICLES[program_id] <= urls


HAND_TYPED_MARKS = re.compile(
    r"\((assumption|assumed|hypothèse|supposée?|افتراض|date assumed|تاريخ افتراضي)[^)]*\)",
    re.IGNORECASE)


def test_no_text_carries_a_hand_typed_assumption_mark(book: RuleBook) -> None:
    """The marks come from the data (statuses), never from words typed into a text."""
    found = [f"{where} ({lang}): {text!r}" for where, texts in _texts(book)
             for lang, text in texts.items() if text and HAND_TYPED_MARKS.search(text)]
    assert not found, "\n".join(found)


def _assumed_reads(book: RuleBook, program: Program, names: Iterator[str] | set[str],
                   on: date) -> bool:
    """Whether reading these parameters and definitions on ``on`` rests on an assumption:
    worked out here from the book's tables, not from the IR's own answer."""
    names = set(names)
    definitions: set[str] = set()
    todo = [n for n in names if n in book.definitions]
    while todo:  # every definition used, however deep
        name = todo.pop()
        if name not in definitions:
            definitions.add(name)
            todo += list(book.definitions[name].reads.definitions)
    params = {n for n in names if n in program.parameters}
    for name in definitions:
        params |= set(book.definitions[name].reads.parameters)
    for name in params:
        entries = [e for e in program.parameters[name].entries if e.valid_from <= on]
        if entries and entries[-1].status.value == "illustrative":
            return True
    return any(book.definitions[n].status.value == "illustrative" for n in definitions)


def test_illustrative_parts_are_never_presented_as_fact(book: RuleBook) -> None:
    """Every criterion and output that rests on an assumption on the decision's date, and
    only those, is flagged in the decisions of the examples; so are the assumed values."""
    checked = 0
    for program in book.programs.values():
        criteria = {c.id: c for c in program.criteria}
        for result in book.run_examples([program.id]):
            decision = result.decision
            assert decision is not None
            on = decision.on
            for criterion in decision.criteria:
                if criterion.id not in criteria:
                    continue  # the "in-force" check of a date outside the program
                spec = criteria[criterion.id]
                chain, level = [], spec.exceptions
                for name in criterion.exceptions:
                    found = next(e for e in level if e.id == name)
                    chain.append(found)
                    level = found.exceptions
                expected = (spec.status.value == "illustrative"
                            or any(e.status.value == "illustrative" for e in chain)
                            or _assumed_reads(book, program,
                                              spec.reads.parameters | spec.reads.definitions, on))
                assert criterion.illustrative == expected, (program.id, criterion.id, on)
                checked += 1
            for output in program.outputs:
                present = output.name in decision.amounts or output.name in decision.details
                expected = (output.status.value == "illustrative" or _assumed_reads(
                    book, program, output.reads.parameters | output.reads.definitions, on))
                if present:
                    assert (output.name in decision.illustrative_outputs) == expected, (
                        program.id, output.name)
            shown = program.parameters_shown
            assumed = {n for n in shown if _assumed_reads(book, program, {n}, on)}
            assert set(decision.illustrative_parameters) == assumed
    assert checked > 100


def test_the_assumed_camp_age_and_hajj_cover_are_flagged(book: RuleBook) -> None:
    household = json.loads((EXAMPLES / "active-officer-young-children.json").read_text())
    camp = book.evaluate("leisure.summer-camp", household, applicant="son-8",
                         on=date(2025, 7, 10))
    assert _criterion(camp, "age-band").illustrative  # the 2015 date of the 8-13 band
    assert "min_age" in camp.illustrative_parameters
    assert camp.evidence.value == "partly-sourced"
    hajj = book.evaluate("social.hajj", household, on=date(2025, 7, 10))
    assert "cover" in hajj.illustrative_outputs
    assert hajj.evidence.value == "partly-sourced"  # its conditions are not published
    retiree = _load("retiree-small-pension")
    hajj = book.evaluate("social.hajj", retiree, on=date(2025, 7, 10))
    # 20,000 MAD is sourced, but who gets the partial cover (scale 7 and above) is assumed
    assert hajj.amounts["partial_amount"] == 20000
    assert "partial_amount" in hajj.illustrative_outputs
    widow = _load("killed-on-duty-family")
    cover = book.evaluate("health.complementary-cover", widow, applicant="widow",
                          on=date(2023, 11, 19))  # 24 months of continued cover, assumed
    assert _criterion(cover, "household-covered").exceptions == ["survivor-cover"]
    assert _criterion(cover, "household-covered").illustrative
    cover = book.evaluate("health.complementary-cover", widow, applicant="widow", on=WINTER)
    assert not _criterion(cover, "household-covered").illustrative  # the sourced extension
    loan = book.evaluate("housing.preferential-loan", household, on=date(2025, 7, 10))
    assert loan.status == "illustrative"
    assert loan.evidence.value == "illustrative"
    assert set(loan.illustrative_outputs) == {"subsidised_loan", "zero_rate_loan", "grant"}


def test_camp_bands_are_dated_per_the_sources(book: RuleBook) -> None:
    """9-13 in 2003 (sourced), the same band after 2003 only as an assumption (later reports
    say 14), 8 from an assumed 2015, 16 from 2025 (sourced); every date known by its year."""
    camp = book.programs["leisure.summer-camp"]
    bands = {name: [(e.date_label, e.value, e.status.value)
                    for e in camp.parameters[name].entries] for name in ("min_age", "max_age")}
    assert bands == {
        "min_age": [("2003", 9, "sourced"), ("2015", 8, "illustrative")],
        "max_age": [("2003", 13, "sourced"), ("2004", 13, "illustrative"),
                    ("2025", 16, "sourced")],
    }
    assert [(v.id, v.date_label, v.assumed) for v in camp.versions] == [
        ("2003", "2003", False), ("2015", "2015", True), ("2017", "2017", False),
        ("2025", "2025", False)]


def test_one_reading_of_age_limits_shared_by_every_program(book: RuleBook) -> None:
    """"21 at most", "up to 26", "8 to 16": one shared, labelled reading, used everywhere
    (no program restates the rights-holder ages)."""
    reading = book.definitions["aged_at_most"]
    assert reading.status.value == "illustrative"
    assert "aged_at_most" in book.definitions["is_dependent_child"].reads.definitions
    for program in book.programs.values():
        for criterion in program.criteria:
            for expr in criterion.expressions():
                assert "child_age_limit" not in expr.source.replace(
                    "aged_at_most(applicant, child_age_limit)", ""), (program.id, criterion.id)
    for program_id in ("health.complementary-cover", "health.killed-on-duty-medical-cover",
                       "education.school-entry-vouchers", "leisure.family-holiday-centre",
                       "education.university-partnerships"):
        assert "is_dependent_child" in book.programs[program_id].reads.definitions, program_id
    for program_id in ("leisure.summer-camp", "education.killed-on-duty-orphan-grant"):
        assert "aged_at_most" in book.programs[program_id].reads.definitions, program_id


def test_remarriage_is_one_shared_labelled_definition(book: RuleBook) -> None:
    assert book.definitions["widow_has_not_remarried"].status.value == "illustrative"
    serving_widows = {p.id for p in book.programs.values()
                      if Category.WIDOW in categories_served(p, book.definitions, WINTER)}
    assert serving_widows  # every program a widow may get reads the shared definition
    for program_id in serving_widows:
        program = book.programs[program_id]
        assert "widow_has_not_remarried" in program.reads.definitions, program_id
        for criterion in program.criteria:
            for expr in criterion.expressions():
                assert ".remarried" not in expr.source, (program_id, criterion.id)


# -- texts -------------------------------------------------------------------------------------


def _exception_texts(exceptions: tuple[CriterionException, ...], where: str) -> Iterator[
        tuple[str, Texts]]:
    for exception in exceptions:
        if exception.text is not None:
            yield f"{where}.{exception.id}", exception.text
        yield from _exception_texts(exception.exceptions, f"{where}.{exception.id}")


def _texts(book: RuleBook) -> Iterator[tuple[str, Texts]]:
    for program in book.programs.values():
        where = program.id
        yield f"{where}.title", program.title
        assert program.summary is not None, f"{where} has no summary"
        yield f"{where}.summary", program.summary
        for index, note in enumerate(program.assumptions):
            yield f"{where}.assumptions[{index}]", note
        for version in program.versions:
            assert version.text is not None, f"{where} version {version.id} has no text"
            yield f"{where}.versions.{version.id}", version.text
        for criterion in program.criteria:
            yield f"{where}.criteria.{criterion.id}", criterion.text
            yield from _exception_texts(criterion.exceptions, f"{where}.criteria.{criterion.id}")
        for output in program.outputs:
            assert output.text is not None, f"{where} output {output.name} has no text"
            yield f"{where}.benefit.{output.name}", output.text
            for index, row in enumerate(output.rows):
                if row.text is not None:
                    yield f"{where}.benefit.{output.name}[{index}]", row.text
        for name, parameter in program.parameters.items():
            assert parameter.text is not None, f"{where} parameter {name} has no text"
            yield f"{where}.parameters.{name}", parameter.text
    for name, definition in book.definitions.items():
        yield f"definitions.{name}", definition.text


def test_every_text_is_written_in_arabic_french_and_english(book: RuleBook) -> None:
    texts = list(_texts(book))
    assert len(texts) > 250
    problems = []
    for where, text in texts:
        for lang in ("ar", "fr", "en"):
            if not getattr(text, lang):
                problems.append(f"{where}: no {lang}")
        if text.ar and not ARABIC.search(text.ar):
            problems.append(f"{where}: the Arabic text has no Arabic letters")
        if text.ar and LATIN_WORD.search(re.sub(r"\{[a-z_]+\}", "", text.ar)):
            problems.append(f"{where}: the Arabic text has Latin words: {text.ar!r}")
        if text.fr and text.en and text.fr == text.en:
            problems.append(f"{where}: the French text is the English one")
    assert not problems, "\n".join(problems)


# -- example households ------------------------------------------------------------------------

HOUSEHOLDS = [
    "active-officer-young-children",
    "retiree-small-pension",
    "widow-with-orphans",
    "killed-on-duty-family",
    "polygamous-two-widows",
]


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", HOUSEHOLDS)
def test_example_household_validates(name: str) -> None:
    household = parse_household(_load(name))
    assert household.id == name


def test_every_example_household_file_is_tested() -> None:
    assert sorted(p.stem for p in EXAMPLES.glob("*.json")) == sorted(HOUSEHOLDS)


def _criterion(decision: Decision, criterion_id: str) -> Any:
    return next(c for c in decision.criteria if c.id == criterion_id)


def _screen(book: RuleBook, name: str, on: date) -> dict[tuple[str, str], Decision]:
    return {(d.program, d.applicant): d for d in book.screen(_load(name), on=on)}


SUMMER = date(2025, 7, 10)
WINTER = date(2026, 1, 15)  # after the complementary cover's extension of 1 December 2025

#: (household, date, program, person, outcome, amounts and details expected)
EXPECTED: list[tuple[str, date, str, str, str, dict[str, Any]]] = [
    # A serving officer with three young children.
    ("active-officer-young-children", SUMMER, "health.complementary-cover", "officer",
     "eligible", {"cover": "health_and_death"}),
    ("active-officer-young-children", SUMMER, "health.complementary-cover", "wife",
     "eligible", {"cover": "health"}),
    ("active-officer-young-children", SUMMER, "health.complementary-cover", "son-3",
     "eligible", {}),
    ("active-officer-young-children", SUMMER, "leisure.summer-camp", "daughter-11",
     "eligible", {"fee_share": 50, "allowance": False}),
    ("active-officer-young-children", SUMMER, "leisure.summer-camp", "son-8", "eligible", {}),
    ("active-officer-young-children", SUMMER, "leisure.summer-camp", "son-3", "ineligible", {}),
    ("active-officer-young-children", SUMMER, "leisure.family-holiday-centre", "officer",
     "eligible", {"party_size": 5}),
    ("active-officer-young-children", WINTER, "leisure.family-holiday-centre", "officer",
     "ineligible", {}),
    ("active-officer-young-children", SUMMER, "housing.preferential-loan", "officer",
     "eligible", {"zero_rate_loan": 200000}),
    ("active-officer-young-children", SUMMER, "social.eid-al-adha-grant", "officer",
     "ineligible", {}),
    ("active-officer-young-children", SUMMER, "health.serious-illness-aid", "officer",
     "ineligible", {}),
    ("active-officer-young-children", SUMMER, "health.relief-fund", "wife", "ineligible", {}),
    # A retiree on 2,300 MAD a month, without a bank account.
    ("retiree-small-pension", SUMMER, "social.eid-al-adha-grant", "retiree", "eligible",
     {"payment_method": "vouchers"}),
    ("retiree-small-pension", SUMMER, "social.eid-al-adha-grant", "wife", "ineligible", {}),
    ("retiree-small-pension", SUMMER, "health.complementary-cover", "retiree", "ineligible", {}),
    ("retiree-small-pension", WINTER, "health.complementary-cover", "retiree", "eligible",
     {"cover": "health_and_death"}),
    ("retiree-small-pension", WINTER, "health.complementary-cover", "wife", "eligible", {}),
    ("retiree-small-pension", WINTER, "health.complementary-cover", "son-30", "ineligible", {}),
    ("retiree-small-pension", SUMMER, "housing.preferential-loan", "retiree", "ineligible", {}),
    ("retiree-small-pension", SUMMER, "leisure.family-holiday-centre", "retiree", "eligible",
     {"party_size": 2}),
    ("retiree-small-pension", SUMMER, "social.hajj", "retiree", "eligible",
     {"cover": "partial", "partial_amount": 20000}),
    # A widow with a student aged 23, a disabled son aged 25 and a pupil aged 12.
    ("widow-with-orphans", SUMMER, "social.eid-al-adha-grant", "widow", "eligible",
     {"payment_method": "bank_transfer"}),
    ("widow-with-orphans", SUMMER, "health.complementary-cover", "widow", "ineligible", {}),
    ("widow-with-orphans", WINTER, "health.complementary-cover", "widow", "eligible", {}),
    ("widow-with-orphans", WINTER, "health.complementary-cover", "student-23", "eligible", {}),
    ("widow-with-orphans", WINTER, "health.complementary-cover", "disabled-25", "eligible", {}),
    ("widow-with-orphans", WINTER, "health.complementary-cover", "pupil-12", "eligible", {}),
    ("widow-with-orphans", SUMMER, "leisure.summer-camp", "pupil-12", "eligible",
     {"fee_share": 0, "allowance": False}),
    ("widow-with-orphans", SUMMER, "education.school-entry-vouchers", "widow", "eligible",
     {"children_covered": 1}),
    ("widow-with-orphans", SUMMER, "education.university-partnerships", "student-23",
     "eligible", {"max_fee_discount": 100}),
    ("widow-with-orphans", SUMMER, "education.university-partnerships", "disabled-25",
     "ineligible", {}),
    ("widow-with-orphans", SUMMER, "education.killed-on-duty-orphan-grant", "pupil-12",
     "ineligible", {}),
    ("widow-with-orphans", SUMMER, "social.hajj", "widow", "eligible", {"cover": "full"}),
    # The family of an officer killed on duty in November 2021.
    ("killed-on-duty-family", SUMMER, "health.killed-on-duty-medical-cover", "widow",
     "eligible", {"cost_share": 100}),
    ("killed-on-duty-family", SUMMER, "health.killed-on-duty-medical-cover", "father",
     "eligible", {"cost_share": 100}),
    ("killed-on-duty-family", SUMMER, "health.killed-on-duty-medical-cover", "mother",
     "eligible", {"cost_share": 100}),
    ("killed-on-duty-family", SUMMER, "social.killed-on-duty-parents-support", "father",
     "eligible", {"amount": 30000}),
    ("killed-on-duty-family", SUMMER, "health.relief-fund", "mother", "ineligible", {}),
    ("killed-on-duty-family", SUMMER, "health.killed-on-duty-medical-cover", "son-10",
     "eligible", {}),
    ("killed-on-duty-family", SUMMER, "housing.flats-for-widows", "widow", "eligible", {}),
    ("killed-on-duty-family", SUMMER, "education.killed-on-duty-orphan-grant", "son-10",
     "eligible", {"yearly_amount": 15000}),
    ("killed-on-duty-family", SUMMER, "education.killed-on-duty-orphan-grant", "daughter-17",
     "eligible", {"yearly_amount": 15000}),
    ("killed-on-duty-family", SUMMER, "leisure.summer-camp", "son-10", "eligible",
     {"fee_share": 0, "allowance": True}),
    ("killed-on-duty-family", SUMMER, "leisure.summer-camp", "daughter-17", "ineligible", {}),
    ("killed-on-duty-family", SUMMER, "education.excellence-award", "daughter-17", "eligible",
     {"award_total": 10000, "instalments": 1}),
    ("killed-on-duty-family", SUMMER, "education.school-entry-vouchers", "widow", "eligible",
     {"children_covered": 2}),
    ("killed-on-duty-family", SUMMER, "social.eid-al-adha-grant", "widow", "ineligible", {}),
    ("killed-on-duty-family", SUMMER, "health.complementary-cover", "widow", "ineligible", {}),
    ("killed-on-duty-family", WINTER, "health.complementary-cover", "widow", "eligible", {}),
    # A deceased retiree with two widows.
    ("polygamous-two-widows", SUMMER, "social.eid-al-adha-grant", "first-widow", "eligible",
     {"payment_method": "bank_transfer"}),
    ("polygamous-two-widows", SUMMER, "social.eid-al-adha-grant", "second-widow",
     "ineligible", {}),
    ("polygamous-two-widows", WINTER, "health.complementary-cover", "first-widow", "eligible",
     {}),
    ("polygamous-two-widows", WINTER, "health.complementary-cover", "second-widow", "eligible",
     {}),
    ("polygamous-two-widows", SUMMER, "education.school-entry-vouchers", "first-widow",
     "eligible", {"children_covered": 1}),
    ("polygamous-two-widows", SUMMER, "education.school-entry-vouchers", "second-widow",
     "eligible", {"children_covered": 1}),
    ("polygamous-two-widows", SUMMER, "leisure.summer-camp", "son-9", "eligible",
     {"fee_share": 0}),
    ("polygamous-two-widows", SUMMER, "education.university-partnerships", "daughter-19",
     "eligible", {"max_fee_discount": 100}),
    ("polygamous-two-widows", SUMMER, "education.merit-scholarship", "daughter-19",
     "ineligible", {}),
    ("polygamous-two-widows", SUMMER, "housing.flats-for-widows", "first-widow", "ineligible",
     {}),
]


@pytest.mark.parametrize(
    "case", EXPECTED, ids=[f"{n}-{p}-{who}-{on}" for n, on, p, who, _, _ in EXPECTED]
)
def test_screening_an_example_household(
    book: RuleBook, case: tuple[str, date, str, str, str, dict[str, Any]]
) -> None:
    name, on, program, person, outcome, outputs = case
    decisions = _screen(book, name, on)
    decision = decisions[(program, person)]
    assert decision.outcome.value == outcome, decision.reasons
    for key, want in outputs.items():
        if isinstance(want, (bool, str)):
            assert decision.details[key] == want
        else:
            assert decision.amounts[key] == Decimal(want)


@pytest.mark.parametrize("name", HOUSEHOLDS)
def test_screening_decides_everyone_without_undetermined_outcomes(
    book: RuleBook, name: str
) -> None:
    """The example files are complete: every decision is eligible or ineligible, and each
    household gets at least one benefit."""
    for on in (SUMMER, WINTER):
        decisions = book.screen(_load(name), on=on)
        assert {d.outcome.value for d in decisions} == {"eligible", "ineligible"}
        people = {p.id for p in parse_household(_load(name)).people}
        assert {d.applicant for d in decisions} <= people
