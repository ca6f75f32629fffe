"""Unit tests of the RuleBook API: loading, lookup, evaluation, screening, hashing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from eligibility import (
    Decision,
    EngineUnavailableError,
    Household,
    HouseholdError,
    Outcome,
    RuleBook,
    RuleBookError,
    Severity,
    UnknownProgramError,
    default_rules_path,
)

_HEAD = """\
domain: social-aid
status: illustrative
assumptions:
  - {ar: افتراض للاختبار, fr: Hypothèse de test, en: Test assumption}
"""

FAMILY = (
    """\
id: social.family-grant
applies_to: [affiliate, spouse]
title: {ar: منحة الأسرة, fr: Aide familiale, en: Family grant}
"""
    + _HEAD
    + """\
versions:
  - {id: "2022", from: 2022-01-01}
criteria:
  - id: in-good-standing
    when: household.dues in ['paid', 'exempt']
    text: {ar: أداء الواجبات, fr: Cotisations à jour, en: Dues paid or exempt}
"""
)

CHILDREN = (
    """\
id: social.child-grant
applies_to: [child]
title: {ar: منحة الأطفال, fr: Aide aux enfants, en: Child grant}
"""
    + _HEAD
    + """\
versions:
  - {id: "2020", from: 2020-01-01}
parameters:
  max_age: {2020-01-01: 18}
criteria:
  - id: age
    when: applicant.age < max_age
    text: {ar: "أقل من {max_age} سنة", fr: "Moins de {max_age} ans", en: "Under {max_age}"}
"""
)

HOUSEHOLD: dict[str, Any] = {
    "id": "h1",
    "affiliate": {"id": "a", "status": "active", "birth_date": date(1980, 1, 1)},
    "spouses": [{"id": "s", "birth_date": date(1982, 1, 1)}],
    "children": [
        {"id": "c1", "birth_date": date(2010, 1, 1)},
        {"id": "c2", "birth_date": date(2000, 1, 1)},
    ],
}
ON = date(2024, 6, 1)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def book(tmp_path: Path) -> RuleBook:
    return RuleBook.load(write(tmp_path, {"family.yaml": FAMILY, "kids/children.yaml": CHILDREN}))


# -- loading -------------------------------------------------------------------------------


def test_load_without_a_path_loads_the_shipped_rules() -> None:
    shipped = RuleBook.load()
    assert shipped.root == default_rules_path()
    assert len(shipped) == len(shipped.programs) > 0
    assert all(p.examples for p in shipped)  # every shipped program carries its examples
    assert RuleBook.load(default_rules_path()).content_hash == shipped.content_hash


def test_programs_are_sorted_by_id(book: RuleBook) -> None:
    assert list(book.programs) == ["social.child-grant", "social.family-grant"]
    assert [p.id for p in book] == list(book.programs)


def test_load_reports_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(tmp_path / "nowhere")
    assert caught.value.codes == ["no-rules"]
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(tmp_path)  # exists, but holds no rule file
    assert caught.value.codes == ["no-rules"]


def test_hidden_files_and_other_extensions_are_ignored(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"family.yml": FAMILY, ".drafts/broken.yaml": "id: [", "notes.txt": "id: ["},
    )
    assert list(RuleBook.load(root).programs) == ["social.family-grant"]


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    write(tmp_path, {"family.yaml": FAMILY})
    (tmp_path / "latin1.yaml").write_bytes("title: Aïd\n".encode("latin-1"))
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(tmp_path)
    assert caught.value.codes == ["encoding"]
    assert caught.value.diagnostics[0].file == "latin1.yaml"


def test_warnings_do_not_stop_loading(tmp_path: Path) -> None:
    untranslated = FAMILY.replace(
        "text: {ar: أداء الواجبات, fr: Cotisations à jour, en: Dues paid or exempt}",
        "text: {en: Dues paid or exempt}",
    )
    book = RuleBook.load(write(tmp_path, {"family.yaml": untranslated}))
    assert [(w.code, w.severity) for w in book.warnings] == [
        ("missing-translation", Severity.WARNING),
        ("missing-translation", Severity.WARNING),
    ]
    assert {w.expected for w in book.warnings} == {"ar", "fr"}
    decision = book.evaluate("social.family-grant", HOUSEHOLD, on=ON, lang="ar")
    assert decision.criteria[0].text == "Dues paid or exempt"  # falls back to English


# -- content hash ----------------------------------------------------------------------------


def test_the_content_hash_is_stable_and_follows_the_files(tmp_path: Path) -> None:
    root = write(tmp_path, {"family.yaml": FAMILY, "children.yaml": CHILDREN})
    first = RuleBook.load(root).content_hash
    assert RuleBook.load(root).content_hash == first
    assert len(first) == 64
    (root / "children.yaml").write_text(CHILDREN.replace("2020-01-01: 18", "2020-01-01: 17"))
    changed = RuleBook.load(root).content_hash
    assert changed != first
    (root / "children.yaml").write_text(CHILDREN)
    assert RuleBook.load(root).content_hash == first
    (root / "children.yaml").rename(root / "kids.yaml")  # same bytes, another name
    assert RuleBook.load(root).content_hash != first


def test_decisions_carry_the_hash(book: RuleBook) -> None:
    decision = book.evaluate("social.family-grant", HOUSEHOLD, on=ON)
    assert decision.rulebook_hash == book.content_hash
    assert decision.engine == "native"


# -- engines -------------------------------------------------------------------------------


def test_an_unknown_engine_is_refused(book: RuleBook) -> None:
    with pytest.raises(EngineUnavailableError, match="nope"):
        book.with_engine("nope")
    with pytest.raises(EngineUnavailableError, match="nope"):
        RuleBook.load(book.root, engine="nope")


def test_with_engine_keeps_the_rules(book: RuleBook) -> None:
    other = book.with_engine("native")
    assert other is not book
    assert other.content_hash == book.content_hash
    assert other.programs is book.programs
    assert other.evaluate("social.family-grant", HOUSEHOLD, on=ON) == book.evaluate(
        "social.family-grant", HOUSEHOLD, on=ON
    )


# -- lookup ------------------------------------------------------------------------------------


def test_program_lookup_suggests_a_close_id(book: RuleBook) -> None:
    assert book.program("social.child-grant").id == "social.child-grant"
    with pytest.raises(UnknownProgramError) as caught:
        book.program("social.child-grnat")
    assert caught.value.suggestion == "social.child-grant"
    assert "did you mean 'social.child-grant'?" in str(caught.value)
    assert isinstance(caught.value, KeyError)
    with pytest.raises(UnknownProgramError) as caught:
        book.evaluate("health.dental", HOUSEHOLD, on=ON)
    assert caught.value.suggestion is None


def test_a_program_of_another_rule_book_is_refused(book: RuleBook, tmp_path: Path) -> None:
    """A program given as an object is decided by this book only if it is this book's:
    another book's program of the same id has rules of its own (here, another age)."""
    other = RuleBook.load(write(tmp_path / "other", {
        "children.yaml": CHILDREN.replace("2020-01-01: 18", "2020-01-01: 12")}))
    theirs, ours = other.program("social.child-grant"), book.program("social.child-grant")
    assert other.evaluate(theirs, HOUSEHOLD, applicant="c1", on=ON).outcome \
        is Outcome.INELIGIBLE
    assert book.evaluate(ours, HOUSEHOLD, applicant="c1", on=ON).outcome is Outcome.ELIGIBLE
    for ask in (lambda: book.evaluate(theirs, HOUSEHOLD, applicant="c1", on=ON),
                lambda: book.evaluate(theirs, Household.model_validate(HOUSEHOLD),
                                      applicant="c1", on=ON, next_change=True),
                lambda: book.timeline(theirs, HOUSEHOLD, applicant="c1", start=ON,
                                      end=date(2025, 1, 1)),
                lambda: book.what_if(theirs, HOUSEHOLD, applicant="c1", on=ON)):
        with pytest.raises(HouseholdError) as caught:
            ask()
        (problem,) = caught.value.problems
        assert (problem.code.value, problem.path) == ("foreign-program", "program")
        assert "social.child-grant" in problem.message("en")
        assert "autre recueil de règles" in problem.message("fr")


# -- who applies ---------------------------------------------------------------------------


def test_the_affiliate_is_the_default_applicant(book: RuleBook) -> None:
    assert book.evaluate("social.family-grant", HOUSEHOLD, on=ON).applicant == "a"
    assert book.evaluate("social.family-grant", HOUSEHOLD, applicant="s", on=ON).applicant == "s"


def test_the_only_person_a_program_applies_to_is_the_default(book: RuleBook) -> None:
    widow: dict[str, Any] = {
        "id": "h2",
        "affiliate": {
            "id": "a",
            "status": "deceased",
            "birth_date": date(1960, 1, 1),
            "death_date": date(2020, 1, 1),
        },
        "spouses": [{"id": "w", "birth_date": date(1965, 1, 1)}],
    }
    decision = book.evaluate("social.family-grant", widow, on=ON)
    assert (decision.applicant, decision.category) == ("w", "widow")
    with pytest.raises(HouseholdError, match="deceased affiliate cannot apply"):
        book.evaluate("social.family-grant", widow, applicant="a", on=ON)


def test_several_possible_applicants_must_be_named(book: RuleBook) -> None:
    with pytest.raises(HouseholdError, match=r"several people may apply \('c1' and 'c2'\)"):
        book.evaluate("social.child-grant", HOUSEHOLD, on=ON)
    assert book.evaluate("social.child-grant", HOUSEHOLD, applicant="c1", on=ON).eligible


def test_nobody_to_apply(book: RuleBook) -> None:
    alone = {"id": "h3", "affiliate": HOUSEHOLD["affiliate"]}
    with pytest.raises(HouseholdError, match="nobody in the household"):
        book.evaluate("social.child-grant", alone, on=ON)


def test_an_applicant_of_the_wrong_role_or_unknown(book: RuleBook) -> None:
    with pytest.raises(HouseholdError) as caught:
        book.evaluate("social.child-grant", HOUSEHOLD, applicant="s", on=ON)
    (problem,) = caught.value.problems
    assert (problem.path, problem.code) == ("applicant", "wrong-role")
    assert "spouse" in problem.message()
    assert "conjoint" in problem.message("fr")
    with pytest.raises(HouseholdError, match="did you mean 'c1'"):
        book.evaluate("social.child-grant", HOUSEHOLD, applicant="c11", on=ON)


def test_bad_arguments_are_household_errors(book: RuleBook) -> None:
    with pytest.raises(HouseholdError, match="expected a date"):
        book.evaluate("social.family-grant", HOUSEHOLD, on="2024-06-01")  # type: ignore[arg-type]
    with pytest.raises(HouseholdError, match=r"expected a date, got a date and time"):
        book.evaluate("social.family-grant", HOUSEHOLD, on=datetime(2024, 6, 1, 12, 0))
    with pytest.raises(HouseholdError, match="expected ar, fr or en"):
        book.evaluate("social.family-grant", HOUSEHOLD, on=ON, lang="de")
    with pytest.raises(HouseholdError, match="expected a date"):
        book.screen(HOUSEHOLD, on="2024-06-01")  # type: ignore[arg-type]
    with pytest.raises(HouseholdError, match="expected ar, fr or en"):
        book.screen(HOUSEHOLD, on=ON, lang="EN")
    with pytest.raises(HouseholdError) as caught:
        book.evaluate("social.family-grant", {**HOUSEHOLD, "pets": 2}, on=ON)
    assert caught.value.problems[0].path == "household.pets"


_BORN_LATER: dict[str, Any] = {
    **HOUSEHOLD, "children": [*HOUSEHOLD["children"], {"id": "c3", "birth_date": date(2030, 1, 1)}]}
_WIDOW: dict[str, Any] = {
    "id": "h2", "affiliate": {"id": "a", "status": "deceased", "birth_date": date(1960, 1, 1),
                              "death_date": date(2020, 1, 1)}}
_NOT_BORN: dict[str, Any] = {
    "id": "h3", "affiliate": {"id": "a", "status": "active", "birth_date": date(2030, 1, 1)}}


@pytest.mark.parametrize(("program", "data", "arguments", "refused"), [
    ("social.child-grant", _BORN_LATER, {"applicant": "c3"}, "applicant-not-born"),
    ("social.child-grant", _BORN_LATER, {"applicant": "c9"}, "unknown-applicant"),
    ("social.child-grant", HOUSEHOLD, {"applicant": "s"}, "wrong-role"),
    ("social.child-grant", HOUSEHOLD, {}, "several-applicants"),
    ("social.child-grant", _WIDOW, {}, "no-applicant"),
    ("social.family-grant", _WIDOW, {"applicant": "a"}, "deceased-applicant"),
    ("social.family-grant", _NOT_BORN, {}, "affiliate-not-born"),
    ("social.family-grant", HOUSEHOLD, {"on": datetime(2024, 6, 1, 12)},
     "invalid-evaluation-date"),
    ("social.family-grant", HOUSEHOLD, {"lang": "EN"}, "unknown-language"),
], ids=lambda value: value if isinstance(value, str) else "")
def test_a_household_model_is_refused_as_its_data_is(
    book: RuleBook, program: str, data: dict[str, Any], arguments: dict[str, Any], refused: str
) -> None:
    """The common request (a Household model, named people, a date, a language) is
    checked at once; any request that fails a check is refused exactly as its data is."""
    found = []
    for household in (data, Household.model_validate(data)):
        with pytest.raises(HouseholdError) as caught:
            book.evaluate(program, household, **{"on": ON, **arguments})
        found.append([(p.path, p.code, p.message()) for p in caught.value.problems])
    assert found[0] == found[1]
    assert [code for _, code, _ in found[0]] == [refused]


def test_a_person_is_an_applicant_only_of_their_own_household_on_the_date(
        book: RuleBook) -> None:
    model = Household.model_validate(_BORN_LATER)
    other = Household.model_validate(_BORN_LATER)  # equal, but other objects
    for person, refused in [(other.person("c1"), "applicant-not-in-household"),
                            (model.person("c3"), "applicant-not-born"),
                            (model.person("s"), "wrong-role")]:
        with pytest.raises(HouseholdError) as caught:
            book.evaluate("social.child-grant", model, applicant=person, on=ON)
        assert [p.code for p in caught.value.problems] == [refused]
    decision = book.evaluate("social.child-grant", model, applicant=model.person("c1"), on=ON)
    assert decision == book.evaluate("social.child-grant", _BORN_LATER, applicant="c1", on=ON)
    assert decision.not_yet_born == ["c3"]


def test_each_kind_of_person_given_as_an_object_is_checked_as_its_id_is(
        book: RuleBook) -> None:
    """A person given as the object (the common request, checked at once) is refused or
    decided for exactly as the same person given by id."""
    for data in (HOUSEHOLD, _WIDOW, _BORN_LATER):
        model = Household.model_validate(data)
        for program in ("social.child-grant", "social.family-grant"):
            for person in model.people:
                found = []
                for applicant in (person, person.id):
                    try:
                        found.append(book.evaluate(program, model, applicant=applicant,
                                                   on=ON).model_dump_json())
                    except HouseholdError as error:
                        found.append([p.code for p in error.problems])
                assert found[0] == found[1], (program, person.id)


def test_a_household_model_and_its_data_give_the_same_decision(book: RuleBook) -> None:
    model = Household.model_validate(HOUSEHOLD)
    assert book.evaluate("social.child-grant", model, applicant="c1", on=ON) == book.evaluate(
        "social.child-grant", HOUSEHOLD, applicant="c1", on=ON
    )


# -- evaluation ------------------------------------------------------------------------------


def test_a_decision_explains_itself(book: RuleBook) -> None:
    decision = book.evaluate("social.child-grant", HOUSEHOLD, applicant="c2", on=ON, lang="fr")
    assert decision.outcome is Outcome.INELIGIBLE
    (criterion,) = decision.criteria
    assert criterion.text == "Moins de 18 ans"
    assert criterion.values == {"applicant.age": 24, "max_age": 18}
    assert decision.reasons == ["Moins de 18 ans"]
    assert decision.parameters == {"max_age": 18}
    assert (decision.program, decision.version, decision.on) == ("social.child-grant", "2020", ON)
    assert Decision.model_validate_json(decision.model_dump_json()) == decision


def test_before_the_program_starts_it_is_not_in_force(book: RuleBook) -> None:
    decision = book.evaluate("social.family-grant", HOUSEHOLD, on=date(2021, 12, 31), lang="fr")
    assert decision.outcome is Outcome.INELIGIBLE
    assert [(c.id, c.result.value) for c in decision.criteria] == [("in-force", "failed")]
    assert "1er janvier 2022" in decision.criteria[0].text
    assert decision.version == "2022"  # the first version, for reference
    on_start = book.evaluate("social.family-grant", HOUSEHOLD, on=date(2022, 1, 1))
    assert [c.id for c in on_start.criteria] == ["in-good-standing"]
    assert on_start.eligible


def test_screen_decides_every_program_for_every_person(book: RuleBook) -> None:
    decisions = book.screen(HOUSEHOLD, on=ON)
    pairs = [(d.program, d.applicant, d.outcome.value) for d in decisions]
    assert pairs == [
        ("social.child-grant", "c1", "eligible"),
        ("social.child-grant", "c2", "ineligible"),
        ("social.family-grant", "a", "eligible"),
        ("social.family-grant", "s", "eligible"),
    ]
    only = book.screen(HOUSEHOLD, on=ON, programs=["social.family-grant"])
    assert [d.applicant for d in only] == ["a", "s"]
    with pytest.raises(UnknownProgramError):
        book.screen(HOUSEHOLD, on=ON, programs=["social.nothing"])


def test_screen_skips_a_deceased_affiliate(book: RuleBook) -> None:
    household = {
        **HOUSEHOLD,
        "affiliate": {
            "id": "a",
            "status": "deceased",
            "birth_date": date(1980, 1, 1),
            "death_date": date(2023, 1, 1),
        },
    }
    applicants = [
        d.applicant for d in book.screen(household, on=ON, programs=["social.family-grant"])
    ]
    assert applicants == ["s"]


def test_run_examples_reports_each_difference(tmp_path: Path) -> None:
    examples = """\
examples:
  - name: a child of nine
    on: 2024-06-01
    applicant: c1
    household:
      {id: h, affiliate: {id: a, status: active}, children: [{id: c1, birth_date: 2015-01-01}]}
    expect: {outcome: eligible, criteria: {age: passed}}
  - name: a wrong expectation
    on: 2024-06-01
    applicant: c1
    household:
      {id: h, affiliate: {id: a, status: active}, children: [{id: c1, birth_date: 2000-01-01}]}
    expect: {outcome: eligible, criteria: {age: passed}}
"""
    book = RuleBook.load(write(tmp_path, {"children.yaml": CHILDREN + examples}))
    results = book.run_examples()
    assert [r.passed for r in results] == [True, False]
    assert results[1].failures == (
        "outcome: expected eligible, got ineligible",
        "criteria.age: expected passed, got failed",
    )
    assert results[1].file == "children.yaml"
    assert book.run_examples(["social.other"]) == []


def test_a_long_table_evaluates(tmp_path: Path) -> None:
    rows = "".join(
        f"      - when: applicant.age == {n}\n        then: {n * 10}\n" for n in range(300)
    )
    text = CHILDREN.replace("2020-01-01: 18", "2020-01-01: 300") + (
        f"benefit:\n  amount:\n    first:\n{rows}      - otherwise: true\n        then: 0\n"
    )
    book = RuleBook.load(write(tmp_path, {"children.yaml": text}))
    decision = book.evaluate("social.child-grant", HOUSEHOLD, applicant="c2", on=ON)
    assert decision.amounts == {"amount": 240}


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    root = write(tmp_path, {"family.yaml": FAMILY, "empty.yaml": "# nothing yet\n"})
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(root)
    (problem,) = caught.value.diagnostics
    assert (problem.code, problem.file, problem.actual) == (
        "wrong-type",
        "empty.yaml",
        "an empty file",
    )


def test_an_anchor_defined_twice_is_valid_yaml(tmp_path: Path) -> None:
    twice = FAMILY.replace(
        "title: {ar: منحة الأسرة, fr: Aide familiale, en: Family grant}",
        "title: &t {ar: منحة الأسرة, fr: Aide familiale, en: Family grant}\n"
        "summary: &t {ar: ملخص, fr: Résumé, en: Summary}",
    )
    assert twice.count("&t") == 2
    book = RuleBook.load(write(tmp_path, {"family.yaml": twice}))  # warnings are errors here
    assert book.program("social.family-grant").summary is not None
