"""The command line, run in-process through ``eligibility.cli.main``.

Every command, every exit code, JSON output checked against the ``Decision`` model
and against the library's own API, bad household files, broken rule books, rosters
with bad records in the middle, and standard input.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from eligibility import (
    Decision,
    EngineUnavailableError,
    EvaluationError,
    Household,
    Problem,
    ProblemCode,
    RuleBook,
    default_rules_path,
    read_household,
)
from eligibility.cli import ExitCode, app, main
from rosters import make_roster

DATA = Path(__file__).parent / "data"
DEMO_RULES = DATA / "rules"
EXAMPLES = Path(__file__).parents[1] / "examples"
ON = "2026-05-20"
EID = "social.eid-al-adha-grant"
DEMO = "education.demo-grant"
ARABIC = re.compile(r"[\u0600-\u06FF]")

_real_load = RuleBook.load.__func__  # type: ignore[attr-defined]
_books: dict[tuple[str, str], RuleBook] = {}


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """No colours, a known width, and rule books loaded once per test session.

    Only the shipped rules and the demo rules of ``tests/data`` are cached (they do
    not change during a run); rule books written by a test are always loaded afresh.
    """
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    cacheable = {str(default_rules_path().resolve()), str(DEMO_RULES.resolve())}

    def load(cls: type[RuleBook], path: Any = None, *, engine: str = "native",
             cache: bool = False) -> RuleBook:
        root = str(Path(path).resolve()) if path is not None else str(
            default_rules_path().resolve())
        if root not in cacheable:
            return _real_load(cls, path, engine=engine)  # type: ignore[no-any-return]
        key = (root, engine)
        if key not in _books:
            _books[key] = _real_load(cls, path, engine=engine)
        return _books[key]

    monkeypatch.setattr(RuleBook, "load", classmethod(load))


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def book() -> RuleBook:
    return RuleBook.load()


def household(path: Path) -> Household:
    return read_household(path)


def write_household(tmp_path: Path, data: dict[str, Any], name: str = "h.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def widow(pension: Any) -> dict[str, Any]:
    spouse: dict[str, Any] = {"id": "w1", "birth_date": "1965-04-04"}
    if pension is not None:
        spouse["monthly_pension"] = pension
    return {"id": "h-w", "affiliate": {"id": "a", "status": "deceased",
                                       "birth_date": "1960-01-01", "death_date": "2015-06-01"},
            "spouses": [spouse], "bank_account": True}


# -- check --------------------------------------------------------------------------------


def test_check_prints_the_decision(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", DATA / "widow.json", "--program", EID, "--on", ON)
    assert code == ExitCode.OK
    expected = book().evaluate(EID, household(DATA / "widow.json"), on=date(2026, 5, 20))
    assert expected.program_title in out
    assert "w1 (widow)" in out
    assert f"Outcome: {'eligible' if expected.eligible else 'not eligible'}" in out
    for criterion in expected.criteria:
        assert criterion.id in out
        assert criterion.text in out
    assert "vouchers" in out  # the widow has no bank account


def test_check_json_is_the_decision_of_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", DATA / "widow.json", "-p", EID, "--on", ON,
                       "--format", "json", "--lang", "fr")
    assert code == 0
    decision = Decision.model_validate_json(out)
    expected = book().evaluate(EID, household(DATA / "widow.json"), on=date(2026, 5, 20),
                               lang="fr")
    assert decision.model_dump(mode="json") == expected.model_dump(mode="json")
    assert decision.lang == "fr"


def test_check_reads_yaml(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", DATA / "retiree.yaml", "-p", EID, "--on", ON,
                       "--format", "json")
    assert code == 0
    decision = Decision.model_validate_json(out)
    assert (decision.household, decision.applicant, decision.category) == (
        "h-retiree", "a", "retiree")
    assert decision.criteria[0].values == {"applicant.category": "retiree"}


@pytest.mark.parametrize(("pension", "outcome", "code"), [
    (1800, "eligible", 0),
    (2500, "ineligible", 10),
    (None, "undetermined", 11),
])
def test_exit_code_outcome(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                           pension: Any, outcome: str, code: int) -> None:
    path = write_household(tmp_path, widow(pension))
    base = ["check", path, "-p", EID, "--on", ON, "--format", "json"]
    status, out, _ = run(capsys, *base)
    assert status == 0  # without --exit-code outcome, any decision is a success
    assert Decision.model_validate_json(out).outcome.value == outcome
    status, _, _ = run(capsys, *base, "--exit-code", "outcome")
    assert status == code


def test_check_needs_an_applicant_when_several_may_apply(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", DATA / "widow.json", "-p", DEMO, "--rules", DEMO_RULES,
                       "--on", ON)
    assert code == ExitCode.USAGE
    assert err.strip() == (f"{DATA / 'widow.json'}: applicant: several people may apply "
                           f"('c1' and 'c2'): name one")
    code, out, _ = run(capsys, "check", DATA / "widow.json", "-p", DEMO, "--rules", DEMO_RULES,
                       "--on", ON, "--applicant", "c2", "--format", "json")
    assert code == 0
    assert Decision.model_validate_json(out).applicant == "c2"
    code, out, _ = run(capsys, "check", DATA / "widow.json", "-p", DEMO, "--rules", DEMO_RULES,
                       "--on", ON, "--applicant", "c2")
    assert code == 0
    assert "      exceptions applied: student" in out.splitlines()


def test_check_unknown_applicant(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", DATA / "widow.json", "-p", EID, "-a", "w2", "--on", ON)
    assert code == ExitCode.USAGE
    assert err.startswith(f"{DATA / 'widow.json'}: applicant: no person 'w2' in the household")
    code, _, err = run(capsys, "check", DATA / "widow.json", "-p", EID, "-a", "c1", "--on", ON)
    assert code == ExitCode.USAGE
    assert err.startswith(f"{DATA / 'widow.json'}: applicant: 'c1' is the child")
    assert err.endswith(f"'{EID}' applies to: affiliate or spouse\n")


def test_check_unknown_program_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", DATA / "widow.json", "-p", "social.eid-al-adha")
    assert code == ExitCode.USAGE
    assert err.strip() == f"no program 'social.eid-al-adha'; did you mean '{EID}'?"


@pytest.mark.parametrize("args", [
    ["check", "tests/data/widow.json", "-p", EID, "--on", "2026-02-30"],
    ["check", "tests/data/widow.json", "-p", EID, "--lang", "de"],
    ["check", "tests/data/widow.json", "-p", EID, "--format", "xml"],
    ["check", "tests/data/widow.json", "-p", EID, "--engine", "rete"],
    ["check", "tests/data/widow.json"],
    ["check", "tests/data/widow.json", "-p", EID, "--no-such-option"],
    ["no-such-command"],
    [],
], ids=["bad-date", "bad-lang", "bad-format", "bad-engine", "no-program", "bad-option",
        "bad-command", "no-arguments"])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = run(capsys, *args)
    assert code == ExitCode.USAGE
    assert "Usage:" in out + err


def test_bad_date_message(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "check", DATA / "widow.json", "-p", EID, "--on", "20/05/2026")
    assert "'20/05/2026' is not a date; write it as YYYY-MM-DD" in err


def test_on_defaults_to_today(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", DATA / "widow.json", "-p", EID, "--format", "json")
    assert code == 0
    assert Decision.model_validate_json(out).on == date.today()


# -- bad household files ------------------------------------------------------------------


def test_impossible_household_is_located(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "bad-child.json"
    code, out, err = run(capsys, "check", path, "-p", EID, "--on", ON)
    assert code == ExitCode.USAGE
    assert out == ""
    assert err == (f"{path}: household.children[1].birth_date: the child 'c2' was born on "
                   f"1 January 2017, more than 300 days after the affiliate died "
                   f"(1 June 2015)\n")


def test_json_syntax_error_has_line_and_column(capsys: pytest.CaptureFixture[str]) -> None:
    path = DATA / "broken.json"
    code, _, err = run(capsys, "check", path, "-p", EID)
    assert code == ExitCode.USAGE
    assert err == f"{path}:3:27: not valid JSON: a comma is missing\n"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("h.yaml", "id: h\naffiliate: {id: a, status: active\n", r"h\.yaml:\d+:\d+: not valid YAML$"),
    ("h.json", "", r"h\.json: empty input; expected a household as JSON or YAML"),
    ("h.json", '{"id": "h", "id": "g"}', r"h\.json: the key 'id' is given twice"),
    ("h.yaml", "id: h\nid: g\n", r"h\.yaml:\d+:\d+: the key 'id' is given twice"),
    ("h.json", "[1, 2]", r"h\.json: household: expected an object \(fields and their values\), "
                         r"got a list"),
    ("h.json", '{"id": "h", "affiliate": {"id": "a", "status": "active"}, "pets": 2}',
     r"h\.json: household\.pets: unknown field 'pets'; did you mean 'parents'\?"),
    ("h.json", '{"id": "h", "affiliate": {"id": "a", "status": "active", '
               '"monthly_salary": -5}}',
     r"h\.json: household\.affiliate\.monthly_salary: must be at least 0"),
])
def test_bad_household_files(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str,
                             content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "check", path, "-p", EID, "--on", ON)
    assert code == ExitCode.USAGE
    assert out == ""
    assert re.match(re.escape(str(tmp_path)) + "/" + message, err), err
    assert len(err.strip().splitlines()) == 1


def test_missing_and_unreadable_household(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", tmp_path / "nope.json", "-p", EID)
    assert (code, err) == (ExitCode.USAGE, f"{tmp_path / 'nope.json'}: no such file\n")
    code, _, err = run(capsys, "check", tmp_path, "-p", EID)
    assert (code, err) == (ExitCode.USAGE, f"{tmp_path}: this is a folder, not a file\n")
    binary = tmp_path / "h.json"
    binary.write_bytes(b'{"id": "\xff"}')
    code, _, err = run(capsys, "check", binary, "-p", EID)
    assert code == ExitCode.USAGE
    assert err.startswith(f"{binary}: not UTF-8 text")


@pytest.mark.parametrize("text", [
    (DATA / "widow.json").read_text(encoding="utf-8"),
    "id: h-widow\naffiliate: {id: a, status: deceased, birth_date: 1960-01-01, "
    "death_date: 2015-06-01}\nspouses: [{id: w1, monthly_pension: 1800}]\n",
], ids=["json", "yaml"])
def test_household_from_stdin(capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, _ = run(capsys, "check", "-", "-p", EID, "--on", ON, "--format", "json")
    assert code == 0
    decision = Decision.model_validate_json(out)
    assert (decision.household, decision.applicant) == ("h-widow", "w1")


def test_stdin_errors_name_stdin(capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"id": "h"}'))
    code, _, err = run(capsys, "check", "-", "-p", EID)
    assert code == ExitCode.USAGE
    assert err == "<stdin>: household.affiliate: this field is required\n"


# -- screen -------------------------------------------------------------------------------


def test_screen_table_grouped_by_domain(capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _ = run(capsys, "screen", DATA / "widow.json", "--on", ON)
    assert code == 0
    rules = book()
    decisions = rules.screen(household(DATA / "widow.json"), on=date(2026, 5, 20))
    assert decisions
    domains = {rules.programs[d.program].domain.value for d in decisions}
    headings = {"health": "Health", "housing": "Housing",
                "leisure": "Leisure and summer holidays", "education": "Education",
                "social-aid": "Social aid"}
    lines = out.splitlines()
    for domain in domains:
        assert headings[domain] in lines
    for other in set(headings) - domains:
        assert headings[other] not in lines
    for decision in decisions:
        assert decision.program_title in out
    for header in ("Program", "Person", "Outcome", "Benefit", "Main reason"):
        assert header in out
    for decision in decisions:  # the reason says whether it is met: never a bare requirement
        if decision.outcome.value == "ineligible":
            failed = next(c for c in decision.criteria if c.result.value == "failed")
            assert f"✘ {failed.text.split()[0]}" in out


def test_screen_json_is_the_list_of_decisions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "screen", DATA / "widow.json", "--on", ON, "--format", "json")
    assert code == 0
    decisions = TypeAdapter(list[Decision]).validate_json(out)
    expected = book().screen(household(DATA / "widow.json"), on=date(2026, 5, 20))
    assert [d.model_dump(mode="json") for d in decisions] == [
        d.model_dump(mode="json") for d in expected]


def test_screen_program_filter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "screen", DATA / "widow.json", "--on", ON, "--format", "json",
                       "--program", EID)
    assert code == 0
    decisions = TypeAdapter(list[Decision]).validate_json(out)
    assert [(d.program, d.applicant) for d in decisions] == [(EID, "w1")]
    code, _, err = run(capsys, "screen", DATA / "widow.json", "--program", "nope.nope")
    assert code == ExitCode.USAGE
    assert "no program 'nope.nope'" in err


def test_screen_exit_code_outcome(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_household(tmp_path, widow(2500))
    code, _, _ = run(capsys, "screen", path, "--on", ON, "-p", EID, "--exit-code", "outcome")
    assert code == ExitCode.INELIGIBLE
    code, _, _ = run(capsys, "screen", DATA / "widow.json", "--on", ON, "-p", EID,
                     "--exit-code", "outcome")
    assert code == ExitCode.OK


@pytest.mark.parametrize(("args", "message"), [
    (["screen"], "give a HOUSEHOLD file"),
    (["screen", "tests/data/widow.json", "--roster", "r.jsonl"], "not both"),
    (["screen", "tests/data/widow.json", "--out", "x.jsonl"], "go with --roster"),
])
def test_screen_usage(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _, err = run(capsys, *args)
    assert code == ExitCode.USAGE
    assert message in err


def test_screen_nobody_applies(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_household(tmp_path, {"id": "h", "affiliate": {"id": "a", "status": "active"}})
    code, out, _ = run(capsys, "screen", path, "--rules", DEMO_RULES, "--on", ON)
    assert code == 0
    assert "No program applies to anyone in this household." in out


# -- Arabic ---------------------------------------------------------------------------------


def test_arabic_screen_keeps_texts_whole(capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    path = write_household(tmp_path, widow(2600))
    code, out, _ = run(capsys, "screen", path, "--on", ON, "--lang", "ar")
    assert code == 0
    decisions = book().screen(household(path), on=date(2026, 5, 20), lang="ar")
    assert "البرنامج" in out
    assert "السبب الرئيسي" in out
    assert "غير مؤهل" in out
    eid = next(d for d in decisions if d.program == EID)
    failed = next(c for c in eid.criteria if c.result.value == "failed")
    assert failed.text in out  # the main reason, whole, on one line
    for decision in decisions:
        assert decision.program_title in out
    # No box-drawing rule runs through a line that holds Arabic text.
    for line in out.splitlines():
        if ARABIC.search(line):
            assert not set(line) & set("│┃║|")


def test_arabic_narrow_terminal_wraps_between_words(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    monkeypatch.setenv("COLUMNS", "70")
    path = write_household(tmp_path, widow(2600))
    code, out, _ = run(capsys, "screen", path, "--on", ON, "--lang", "ar", "-p", EID)
    assert code == 0
    decision = book().evaluate(EID, household(path), on=date(2026, 5, 20), lang="ar")
    words = set(re.findall(r"\S+", out))
    for criterion in decision.criteria:
        if criterion.result.value == "failed":
            for word in criterion.text.split():
                assert word in words  # wrapped, perhaps, but never inside a word


def test_arabic_check_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", DATA / "widow.json", "-p", EID, "--on", ON,
                       "--lang", "ar")
    assert code == 0
    decision = book().evaluate(EID, household(DATA / "widow.json"), on=date(2026, 5, 20),
                               lang="ar")
    assert decision.program_title in out
    assert "النتيجة: مؤهل" in out
    for criterion in decision.criteria:
        assert criterion.text in out.splitlines()[
            next(i for i, line in enumerate(out.splitlines()) if criterion.id in line) + 1]
    code, out, _ = run(capsys, "explain", DATA / "widow.json", "-p", EID, "--on", ON,
                       "--lang", "ar")
    assert code == 0
    assert "الشروط:" in out
    assert "المصادر:" in out


# -- explain ------------------------------------------------------------------------------


def test_explain_shows_the_full_trace(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", DATA / "widow.json", "-p", DEMO, "-a", "c2",
                       "--rules", DEMO_RULES, "--on", "2024-06-01")
    assert code == 0
    assert "Version: v2 (from 1 January 2024, date assumed) — Amount raised" in out
    assert "Evidence: illustrative" in out
    assert " 1. ✔ age [met] (assumption)" in out
    assert "Outcome: eligible" in out
    assert "      A student under 26\n      rule: The child is under 21\n" in out
    assert "condition: applicant.age < age_limit" in out
    assert "read: age (applicant.age): 22" in out
    assert "read: student in higher education (applicant.student): yes" in out
    assert "exception student (applied) — A student under 26" in out
    assert "exception disabled (not applied) — The child is disabled" in out
    assert "  age_limit: 21 (from 1 January 2020, assumption)\n" in out
    assert ("  Grant amount (grant_amount): 1,200\u00a0MAD (from 1 January 2024, assumption)\n"
            in out)
    assert "Grant amount (grant): 1,200\u00a0MAD (assumption)" in out
    assert ("Test data for the command line <https://example.org/demo-grant> "
            "(1 January 2024)") in out
    assert "A demo program for tests only." in out
    assert "Engine: native" in out
    decision = book().evaluate(EID, household(DATA / "widow.json"), on=date(2026, 5, 20))
    assert decision.rulebook_hash not in out  # another rule book
    rules = RuleBook.load(DEMO_RULES)
    assert f"sha256 {rules.content_hash}" in out


def test_explain_version_and_parameters_follow_the_date(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", DATA / "widow.json", "-p", DEMO, "-a", "c1",
                       "--rules", DEMO_RULES, "--on", "2023-06-01")
    assert code == 0
    assert "Version: v1 (from 1 January 2020, date assumed)" in out
    assert "Grant amount (grant_amount): 1,000\u00a0MAD" in out


def test_explain_lists_what_is_missing(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    path = write_household(tmp_path, widow(None))
    code, out, _ = run(capsys, "explain", path, "-p", EID, "--on", ON,
                       "--exit-code", "outcome")
    assert code == ExitCode.UNDETERMINED
    assert "Outcome: undetermined" in out
    assert "Missing facts:\n  - monthly pension (household.spouses[0].monthly_pension)" in out
    assert "read: monthly pension (applicant.monthly_pension): unknown" in out
    assert ("Widows' pension ceiling (widow_pension_ceiling): 2,000\u00a0MAD a month "
            "(from 2020)") in out
    assert "Version: 2020 (from 2020, date assumed)" in out
    code, out, _ = run(capsys, "explain", path, "-p", EID, "--on", ON, "--format", "json")
    assert code == 0
    assert Decision.model_validate_json(out).missing == ["household.spouses[0].monthly_pension"]


# -- programs -----------------------------------------------------------------------------


def test_programs_lists_every_program(capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _ = run(capsys, "programs")
    assert code == 0
    for program in book():
        assert program.id in out


def test_programs_json_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "programs", "--format", "json", "--on", ON)
    assert code == 0
    listed = json.loads(out)
    assert [p["id"] for p in listed] == list(book().programs)
    eid = next(p for p in listed if p["id"] == EID)
    assert eid["categories"] == ["retiree", "widow"]  # narrowed by the 'category' criterion
    assert eid["applies_to"] == ["affiliate", "spouse"]
    assert eid["fingerprint"] == book().program(EID).fingerprint
    code, out, _ = run(capsys, "programs", "--format", "json", "--category", "widow")
    widows = json.loads(out)
    assert EID in [p["id"] for p in widows]
    assert all("widow" in p["categories"] for p in widows)
    code, out, _ = run(capsys, "programs", "--format", "json", "--domain", "social-aid")
    assert {p["domain"] for p in json.loads(out)} == {"social-aid"}
    code, _, _ = run(capsys, "programs", "--category", "astronaut")
    assert code == ExitCode.USAGE


def test_programs_categories_come_from_roles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "programs", "--rules", DEMO_RULES, "--format", "json")
    assert code == 0
    [demo] = json.loads(out)
    assert (demo["id"], demo["applies_to"], demo["categories"]) == (
        DEMO, ["child"], ["rights_holder"])
    code, out, _ = run(capsys, "programs", "--rules", DEMO_RULES, "--category", "retiree",
                       "--lang", "fr")
    assert "Aucun programme ne correspond." in out


# -- validate and test --------------------------------------------------------------------

BROKEN_PROGRAM = """\
id: demo.broken
domain: education
applies_to: [child]
title: {ar: تجربة, fr: Essai, en: Trial}
status: sourced
sources: [{title: Test data, url: "https://example.org/"}]
versions: [{id: v1, from: 2020-01-01}]
criteria:
  - id: age
    when: applicant.agee < 21
    text: {ar: السن, fr: Âge, en: Age}
  - id: only-english
    when: not applicant.married
    text: {en: Not married}
"""


def broken_rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    (root / "education").mkdir(parents=True)
    (root / "education" / "broken.yaml").write_text(BROKEN_PROGRAM, encoding="utf-8")
    return root


def test_validate_shipped_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate")
    assert code == 0
    assert re.search(r": valid: 0 errors, \d+ warnings, \d+ programs$", out.strip())


def test_validate_counts_none_in_arabic_words(capsys: pytest.CaptureFixture[str]) -> None:
    """Arabic says "no errors", not "0 error" (the plural form for zero)."""
    code, out, _ = run(capsys, "validate", "--lang", "ar")
    assert code == 0
    last = out.strip().splitlines()[-1]
    assert "لا أخطاء" in last
    assert "0 خطأ" not in last


def test_validate_prints_located_diagnostics(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    root = broken_rules(tmp_path)
    code, out, _ = run(capsys, "validate", root)
    assert code == ExitCode.RULES
    file = (root / "education" / "broken.yaml").as_posix()
    assert (f"{file}:10:21: error [unknown-attribute] child has no attribute 'agee' "
            f"(at $.criteria[0].when); got agee; did you mean 'age'?") in out.splitlines()
    assert f"{file}:14:11: warning [missing-translation] no 'ar' text" in out
    assert out.splitlines()[-1] == f"{root}: invalid: 1 error, 2 warnings"


def test_validate_strict_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = broken_rules(tmp_path)
    path = root / "education" / "broken.yaml"
    path.write_text(BROKEN_PROGRAM.replace("agee", "age"), encoding="utf-8")
    code, out, _ = run(capsys, "validate", root)
    assert code == 0
    assert out.splitlines()[-1] == f"{root}: valid: 0 errors, 2 warnings, 1 program"
    code, _, _ = run(capsys, "validate", root, "--strict")
    assert code == ExitCode.RULES
    code, out, _ = run(capsys, "validate", root, "--format", "json")
    report = json.loads(out)
    assert (report["valid"], report["errors"], report["warnings"]) == (True, 0, 2)
    assert {(d["code"], d["line"], d["severity"]) for d in report["diagnostics"]} == {
        ("missing-translation", 14, "warning")}
    assert report["diagnostics"][0]["file"] == path.as_posix()


def test_validate_missing_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", tmp_path / "nowhere")
    assert code == ExitCode.RULES
    assert "[no-rules] not a directory" in out


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_problem_with_the_whole_folder_names_no_line_and_no_path(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str) -> None:
    """A missing or empty rule folder has no line, column or path inside a file to show."""
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "nowhere", tmp_path / "empty"):
        code, out, _ = run(capsys, "validate", folder, "--lang", lang)
        assert code == ExitCode.RULES
        first = out.splitlines()[0]
        assert "[no-rules]" in first
        assert ":0:0" not in first, first
        assert "$" not in first, first


def test_broken_rules_stop_a_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = broken_rules(tmp_path)
    code, out, err = run(capsys, "check", DATA / "widow.json", "-p", DEMO, "--rules", root)
    assert code == ExitCode.RULES
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"{(root / 'education' / 'broken.yaml').as_posix()}:10:21: "
                               f"error [unknown-attribute]")
    assert lines[-1] == (f"{root}: invalid rule book (1 error(s)); 'eligibility validate "
                         f"{root}' lists every diagnostic")


def test_test_command_runs_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "test")
    results = book().run_examples()
    passed = sum(r.passed for r in results)
    assert out.splitlines()[-1] == f"{passed} passed, {len(results) - passed} failed"
    assert code == (0 if passed == len(results) else 1)
    code, out, _ = run(capsys, "test", DEMO_RULES, "--verbose")
    assert code == 0
    assert out.splitlines() == [
        f"PASSED {DEMO}: a child of 10 gets the grant ({DEMO_RULES}/education/demo-grant.yaml)",
        f"PASSED {DEMO}: a student of 23 gets it through the exception "
        f"({DEMO_RULES}/education/demo-grant.yaml)",
        "2 passed, 0 failed",
    ]


def test_test_command_shows_a_diff(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "rules"
    (root / "education").mkdir(parents=True)
    text = (DEMO_RULES / "education" / "demo-grant.yaml").read_text(encoding="utf-8")
    text = text.replace("amounts: {grant: 1200}", "amounts: {grant: 1300}")
    (root / "education" / "demo-grant.yaml").write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "test", root)
    assert code == ExitCode.FAILURE
    file = (root / "education" / "demo-grant.yaml").as_posix()
    assert out.splitlines() == [
        f"FAILED {DEMO}: a child of 10 gets the grant ({file})",
        "    - amounts.grant: 1300",
        "    + amounts.grant: 1200",
        "1 passed, 1 failed",
    ]
    code, out, _ = run(capsys, "test", root, "--format", "json")
    report = json.loads(out)
    assert (report["passed"], report["failed"]) == (1, 1)
    code, _, _err = run(capsys, "test", root, "-p", "nope.nope")
    assert code == ExitCode.USAGE


# -- schema -------------------------------------------------------------------------------


def test_schema_household(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "household")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {k: v for k, v in schema.items() if k != "$schema"} == json.loads(
        json.dumps(Household.model_json_schema()))


def test_schema_rules_and_decision(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "rules")
    assert code == 0
    schema = json.loads(out)
    assert schema["oneOf"] == [{"$ref": "#/$defs/ProgramFile"},
                               {"$ref": "#/$defs/DefinitionsFile"}]
    assert {"ProgramFile", "DefinitionsFile", "CriterionSpec"} <= set(schema["$defs"])
    code, out, _ = run(capsys, "schema", "decision")
    assert json.loads(out)["title"] == "Decision"
    code, _, _ = run(capsys, "schema", "pets")
    assert code == ExitCode.USAGE


@pytest.mark.slow
def test_rule_schema_accepts_the_shipped_rules(capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema  # in the test extra

    from eligibility._model.yaml_reader import read_yaml

    _, out, _ = run(capsys, "schema", "rules")
    schema = json.loads(out)
    files = [*default_rules_path().rglob("*.yaml"), *DEMO_RULES.rglob("*.yaml")]
    assert files
    for file in files:
        data = read_yaml(file.read_text(encoding="utf-8"), positions=False).data
        jsonschema.validate(_jsonable(data), schema)


def _jsonable(value: Any) -> Any:
    """YAML data as JSON sees it: dates (also as keys) become ISO text."""
    if isinstance(value, dict):
        return {str(k) if isinstance(k, date) else k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


# -- engines and errors -------------------------------------------------------------------


def test_engine_unavailable_is_a_clean_exit_4(capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable(cls: type[RuleBook], path: Any = None, *, engine: str = "native",
                    cache: bool = False) -> None:
        raise EngineUnavailableError(Problem(ProblemCode.ENGINE_UNAVAILABLE, "engine", {
            "engine": "durable", "command": "pip install 'eligibility[durable]'"}))

    monkeypatch.setattr(RuleBook, "load", classmethod(unavailable))
    code, out, err = run(capsys, "check", DATA / "widow.json", "-p", EID, "--engine", "durable")
    assert (code, out) == (ExitCode.UNAVAILABLE, "")
    assert err == ("error: the 'durable' engine cannot run here: durable-rules is not installed "
                   "(install it with pip install 'eligibility[durable]'; it needs Python 3.12 "
                   "or older)\n")


@pytest.mark.skipif(sys.version_info < (3, 13), reason="durable-rules imports below 3.13")
def test_durable_engine_is_unavailable_on_python_3_13(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    code, out, err = run(capsys, "check", DATA / "widow.json", "-p", EID, "--on", ON,
                         "--engine", "durable", "--format", "json")
    assert (code, out) == (ExitCode.UNAVAILABLE, "")
    assert len(err.splitlines()) == 1
    error = json.loads(err)["error"]  # with --format json, errors are JSON objects too
    assert (error["code"], error["path"], error["lang"]) == (
        "engine-needs-older-python", "engine", "en")
    assert "3.13" in error["message"]


def test_the_columnar_engine_without_polars_names_its_own_extra(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Polars the columnar engine says what it needs (its extra), never
    durable-rules' message (nor, on Python 3.13, durable-rules' Python limit)."""
    for name in [m for m in sys.modules if m.startswith("eligibility._engines.columnar")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "polars", None)  # import polars fails
    code, out, err = run(capsys, "check", DATA / "widow.json", "-p", EID, "--on", ON,
                         "--engine", "columnar")
    assert (code, out) == (ExitCode.UNAVAILABLE, "")
    assert err == ("error: the 'columnar' engine cannot run here: polars is not installed "
                   "(install it with pip install 'eligibility[columnar]')\n")
    code, out, err = run(capsys, "check", DATA / "widow.json", "-p", EID, "--on", ON,
                         "--engine", "columnar", "--format", "json", "--lang", "fr")
    error = json.loads(err)["error"]
    assert (code, error["code"], error["path"], error["lang"]) == (
        ExitCode.UNAVAILABLE, "engine-needs-package", "engine", "fr")
    assert "eligibility[columnar]" in error["message"]
    assert "durable" not in error["message"]


@pytest.mark.durable
def test_durable_engine_agrees_with_native(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", DATA / "widow.json", "-p", EID, "--on", ON,
                         "--engine", "durable", "--format", "json")
    assert code == 0, err
    durable = Decision.model_validate_json(out)
    _, out, _ = run(capsys, "check", DATA / "widow.json", "-p", EID, "--on", ON,
                    "--format", "json")
    native = Decision.model_validate_json(out)
    assert durable.model_dump(exclude={"engine"}) == native.model_dump(exclude={"engine"})


@pytest.mark.parametrize(("error", "code", "message"), [
    (RuntimeError("boom"), ExitCode.UNAVAILABLE,
     "internal error: RuntimeError: boom (set ELIGIBILITY_DEBUG=1 to see the traceback)\n"),
    (EvaluationError("division by zero in criterion 'x'"), ExitCode.RULES,
     "error: a rule failed while evaluating: division by zero in criterion 'x'\n"),
    (KeyboardInterrupt(), ExitCode.INTERRUPTED, None),
    (BrokenPipeError(errno.EPIPE, "Broken pipe"), ExitCode.BROKEN_PIPE, None),
    (PermissionError(13, "Permission denied", "out.txt"), ExitCode.UNAVAILABLE,
     "error: out.txt: permission denied\n"),
])
def test_failures_map_to_exit_codes(capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch, error: BaseException,
                                    code: int, message: str | None) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise error

    monkeypatch.setattr(RuleBook, "evaluate", fail)
    monkeypatch.setattr("eligibility.cli.app._silence_stdout", lambda: None)
    status, _, err = run(capsys, "check", DATA / "widow.json", "-p", EID)
    assert status == code
    if message is not None:
        assert err == message


def test_a_pipe_closed_under_rich_is_status_141(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """rich meets the closed pipe when it flushes its buffer; its own handler would exit
    with status 1."""
    from rich.console import Console

    def closed(self: Console, *args: Any, **kwargs: Any) -> None:
        self.on_broken_pipe()

    monkeypatch.setattr(Console, "print", closed)
    monkeypatch.setattr("eligibility.cli.app._silence_stdout", lambda: None)
    status, _, _ = run(capsys, "check", DATA / "widow.json", "-p", EID, "--on", ON)
    assert status == ExitCode.BROKEN_PIPE


def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(RuleBook, "evaluate", fail)
    monkeypatch.setenv("ELIGIBILITY_DEBUG", "1")
    assert main(["check", str(DATA / "widow.json"), "-p", EID]) == ExitCode.UNAVAILABLE
    assert "Traceback" in capsys.readouterr().err


# -- help and version ---------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    [], ["check"], ["screen"], ["explain"], ["programs"], ["validate"], ["test"], ["schema"]])
def test_help(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
              command: list[str]) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert "Usage: eligibility" in out
    if command in ([], ["check"], ["screen"], ["explain"]):
        assert "Exit codes:" in out
        assert "3 invalid rule book" in out
        assert "10 ineligible and 11 undetermined, with --exit-code outcome" in out


def test_commands_are_built_as_typer_builds_them() -> None:
    """The command line imports a command's module when the command is asked for: the
    commands it lists are, in order, those its modules define, each built as typer builds
    it from the modules' apps added to the root app (the way the command line was built
    when it imported every module at start)."""
    import importlib

    import typer.main

    eager = typer.Typer(rich_markup_mode=app.app.rich_markup_mode,
                        pretty_exceptions_short=app.app.pretty_exceptions_short)
    eager.callback()(lambda: None)
    for home in dict.fromkeys(app.COMMANDS.values()):
        eager.add_typer(importlib.import_module(f"eligibility.cli.{home}").commands)
    built = typer.main.get_command(eager).commands  # type: ignore[attr-defined]

    def param(found: Any) -> dict[str, object]:  # typer copies an option's settings
        out = dict(vars(found))
        out.pop("_runtime_param")  # made when the command first runs
        kind = out.pop("type_descriptor")
        return {**out, "type": (kind.annotation, vars(kind.parameter_info),
                                kind.file_annotation)}

    def described(command: Any) -> object:
        return (type(command), command.name, command.help, command.epilog,
                command.short_help, command.hidden, command.no_args_is_help,
                command.rich_markup_mode, [(type(p), param(p)) for p in command.params])

    assert list(app.cli.commands) == list(built) == list(app.COMMANDS)  # type: ignore[attr-defined]
    for name, command in built.items():
        assert described(app.cli.commands[name]) == described(command)  # type: ignore[attr-defined]


def test_a_command_loads_its_own_module_only() -> None:
    """``check`` imports its own command module, not those of the other commands."""
    import subprocess

    script = ("import sys\n"
              "from eligibility.cli import main\n"
              "main(['check', '--help'])\n"
              "print(sorted(m for m in sys.modules if m.startswith('eligibility.cli.')),"
              " file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=120)
    loaded = done.stderr.strip().splitlines()[-1]
    assert "'eligibility.cli.decisions'" in loaded
    for other in ("reform", "rules", "timeline", "whatif", "trace", "roster"):
        assert f"'eligibility.cli.{other}'" not in loaded


def test_the_command_process_sets_what_it_loaded_aside_from_the_collector(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The console entry point freezes what is loaded before the command runs (never
    ``main``, which runs in its caller's process)."""
    done: list[str] = []
    monkeypatch.setattr(app.gc, "freeze", lambda: done.append("freeze"))
    monkeypatch.setattr(app, "main", lambda: done.append("main") or 0)
    with pytest.raises(SystemExit):
        app.run()
    assert done == ["freeze", "main"]
    done.clear()
    assert main(["--version"]) == 0
    assert done == []


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from eligibility import __version__

    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"eligibility {__version__}\n")


# -- rosters ------------------------------------------------------------------------------


def good(index: int) -> dict[str, Any]:
    return {"id": f"h{index}", "affiliate": {"id": "a", "status": "retired",
                                              "birth_date": "1958-03-02",
                                              "monthly_pension": 2000 + index},
            "children": [{"id": "c1", "birth_date": "2015-01-01"}]}


def read_results(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


_N = r"(\d[\d,.\u202f]*)"
SUMMARIES = {
    "en": (f"{_N} records: {_N} screened, {_N} in error\n{_N} decisions: {_N} eligible, "
           f"{_N} not eligible, {_N} undetermined"),
    "ar": (f"{_N}\u2069? سجلا: {_N} تم فحصها، {_N} بها أخطاء\n{_N} قرارا: {_N} مؤهل، "
           f"{_N} غير مؤهل، {_N} غير محسوم"),
}


def summary(err: str, lang: str = "en") -> dict[str, int]:
    """The counts of a roster run, from its summary on standard error (in ``lang``)."""
    match = re.search(SUMMARIES[lang], err)
    assert match, err
    keys = ("records", "screened", "errors", "decisions", "eligible", "ineligible",
            "undetermined")
    counts = (int(re.sub(r"\D", "", group)) for group in match.groups())
    return dict(zip(keys, counts, strict=True))


def check_counts(results: list[dict[str, Any]], counts: dict[str, int]) -> None:
    decisions = [Decision.model_validate(d) for r in results for d in r.get("decisions", [])]
    assert counts["records"] == len(results)
    assert counts["errors"] == sum("error" in r for r in results)
    assert counts["screened"] == sum("decisions" in r for r in results)
    assert counts["decisions"] == len(decisions)
    for outcome in ("eligible", "ineligible", "undetermined"):
        assert counts[outcome] == sum(d.outcome.value == outcome for d in decisions)


def test_roster_jsonl_with_bad_records(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    roster = tmp_path / "roster.jsonl"
    posthumous = {"id": "h-bad", "affiliate": {"id": "a", "status": "deceased",
                                               "birth_date": "1960-01-01",
                                               "death_date": "2010-01-01"},
                  "children": [{"id": "c1", "birth_date": "2015-05-05"}]}
    lines = [json.dumps(good(1)).encode(), json.dumps(posthumous).encode(), b"",
             b'{"id": "h-broken", "affiliate": ', b'{"id": "h\xff"}',
             json.dumps(good(2)).encode(), b"[1, 2]", json.dumps(good(3)).encode()]
    roster.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    code, stdout, err = run(capsys, "screen", "--roster", roster, "--out", out, "--on", ON)
    assert code == ExitCode.FAILURE  # some records were in error
    assert stdout == ""
    results = read_results(out)
    assert [r["line"] for r in results] == [1, 2, 4, 5, 6, 7, 8]  # line 3 is blank
    assert [r["household"] for r in results] == ["h1", "h-bad", None, None, "h2", None, "h3"]
    assert results[1]["error"] == {
        "code": "child-born-after-death", "path": "household.children[0].birth_date",
        "message": "the child 'c1' was born on 5 May 2015, more than 300 days after the "
                   "affiliate died (1 January 2010)", "lang": "en"}
    assert results[2]["error"] == {"code": "invalid-json", "path": None, "lang": "en",
                                   "message": "not valid JSON: a value is expected"}
    assert results[3]["error"] == {"code": "not-utf8", "path": None, "lang": "en",
                                   "message": "not UTF-8 text (at byte 10)"}
    assert results[5]["error"]["path"] == "household"
    counts = summary(err)
    assert (counts["records"], counts["screened"], counts["errors"]) == (7, 3, 4)
    check_counts(results, counts)
    expected = book().with_engine("columnar").screen(Household.model_validate(good(2)),
                                                     on=date(2026, 5, 20))
    assert results[4]["decisions"] == [d.model_dump(mode="json") for d in expected]
    assert "\r" not in err
    assert "\x1b" not in err


def test_roster_all_good_exits_0_and_writes_stdout(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    roster = tmp_path / "roster.ndjson"
    roster.write_text("\n".join(json.dumps(good(i)) for i in range(5)) + "\n", encoding="utf-8")
    code, stdout, err = run(capsys, "screen", "--roster", roster, "--on", ON, "-p", EID,
                            "--lang", "ar")
    assert code == 0
    results = [json.loads(line) for line in stdout.splitlines()]
    assert [r["household"] for r in results] == [f"h{i}" for i in range(5)]
    assert {d["program"] for r in results for d in r["decisions"]} == {EID}
    assert {d["lang"] for r in results for d in r["decisions"]} == {"ar"}
    check_counts(results, summary(err, "ar"))


def test_roster_from_stdin(capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    data = "\n".join([json.dumps(good(1)), "{broken", json.dumps(good(2))]) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    code, stdout, err = run(capsys, "screen", "--roster", "-", "--on", ON)
    assert code == ExitCode.FAILURE
    results = [json.loads(line) for line in stdout.splitlines()]
    assert [r["line"] for r in results] == [1, 2, 3]
    assert err.startswith("<stdin>: 3 records: 2 screened, 1 in error")
    check_counts(results, summary(err))


CSV_HEADER = ("id,dues,bank_account,affiliate.id,affiliate.status,affiliate.birth_date,"
              "affiliate.monthly_pension,spouses,children")


def test_roster_csv_flat_columns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    rows = [
        CSV_HEADER,
        'h1,paid,true,a,retired,1958-03-02,2400.50,,"[{""id"": ""c1"", '
        '""birth_date"": ""2015-01-01""}]"',
        "h2,paid,false,a,on-leave,1958-03-02,2400,,",
        "h3,paid,,a,retired,1958-03-02,,,",
        "h4,paid,true,a,retired",
        'h5,exempt,true,a,deceased,1960-01-01,,"[{""id"": ""w1"", ""monthly_pension"": 1500}]",'
        '"[{""id"": ""c1"", ""birth_date"": "']
    roster.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "screen", "--roster", roster, "--out", out, "--on", ON)
    assert code == ExitCode.FAILURE
    results = read_results(out)
    assert [r["line"] for r in results] == [2, 3, 4, 5, 6]
    assert [r["household"] for r in results] == ["h1", "h2", "h3", "h4", "h5"]
    assert "decisions" in results[0]
    assert "decisions" in results[2]
    assert results[1]["error"]["path"] == "household.affiliate.status"
    assert results[3]["error"] == {"code": "csv-cells", "path": None, "lang": "en",
                                   "message": "expected 9 cells (one per column), got 5"}
    assert results[4]["error"]["path"] == "household.children"
    first = {d["applicant"]: d for d in results[0]["decisions"] if d["program"] == EID}
    assert first["a"]["criteria"][2]["values"]["applicant.monthly_pension"] == "2400.50"
    third = next(d for d in results[2]["decisions"] if d["program"] == EID)
    assert third["outcome"] == "undetermined"  # an empty cell is an unknown fact
    check_counts(results, summary(err))


def test_roster_csv_household_column(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    roster = tmp_path / "roster.txt"
    cell = json.dumps(good(1)).replace('"', '""')
    roster.write_text(f'household\n"{cell}"\n"{{}}"\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "screen", "--roster", roster, "--roster-format", "csv",
                       "--out", out, "--on", ON)
    assert code == ExitCode.FAILURE
    results = read_results(out)
    assert [r["line"] for r in results] == [2, 3]
    assert results[0]["household"] == "h1"
    assert results[1]["error"]["path"] == "household.id"
    check_counts(results, summary(err))


@pytest.mark.parametrize(("content", "message"), [
    ("", "empty CSV file; expected a header row"),
    ("id,id\nh,h\n", "the CSV header repeats the column(s) 'id'"),
    ("household,id\n", "a household column (the household as JSON) must be the only column"),
    ("id,,dues\n", "the CSV header has an empty column name"),
])
def test_roster_csv_bad_header(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                               content: str, message: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "screen", "--roster", roster, "--out", tmp_path / "o.jsonl")
    assert code == ExitCode.USAGE
    assert message in err


def test_roster_file_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    roster = tmp_path / "roster.jsonl"
    roster.write_text(json.dumps(good(1)) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "screen", "--roster", tmp_path / "none.jsonl")
    assert (code, err) == (ExitCode.USAGE, f"{tmp_path / 'none.jsonl'}: no such file\n")
    code, _, err = run(capsys, "screen", "--roster", roster, "--out", roster)
    assert code == ExitCode.USAGE
    assert "this is the roster itself" in err
    assert roster.read_text(encoding="utf-8") == json.dumps(good(1)) + "\n"  # untouched
    code, _, err = run(capsys, "screen", "--roster", tmp_path / "roster.xlsx")
    assert code == ExitCode.USAGE
    assert "cannot tell the roster's format from its extension (.xlsx)" in err
    code, _, err = run(capsys, "screen", "--roster", roster, "--out",
                       tmp_path / "missing" / "out.jsonl")
    assert code == ExitCode.USAGE
    assert "cannot be written" in err


def test_roster_generator_and_screen_agree(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    """The benchmark's generator makes valid, varied households and flagged bad ones."""
    for suffix in ("jsonl", "csv"):
        roster = tmp_path / f"roster.{suffix}"
        make_roster(roster, 60, bad_every=10)
        out = tmp_path / f"out-{suffix}.jsonl"
        code, _, err = run(capsys, "screen", "--roster", roster, "--out", out, "--on", ON)
        assert code == ExitCode.FAILURE
        results = read_results(out)
        assert len(results) == 60
        assert [i for i, r in enumerate(results, 1) if "error" in r] == [10, 20, 30, 40, 50, 60]
        check_counts(results, summary(err))


# -- the shipped example households -------------------------------------------------------

EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*") if p.suffix in (".json", ".yaml", ".yml")
                       ) if EXAMPLES.is_dir() else []


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_example_households_screen(capsys: pytest.CaptureFixture[str], path: Path) -> None:
    code, out, _ = run(capsys, "screen", path, "--on", ON, "--format", "json")
    assert code == 0
    decisions = TypeAdapter(list[Decision]).validate_json(out)
    assert decisions == book().screen(household(path), on=date(2026, 5, 20))
    code, out, _ = run(capsys, "screen", path, "--on", ON, "--lang", "ar")
    assert code == 0
    assert ARABIC.search(out)


def test_the_command_process_keeps_polars_memory_for_the_next_chunk(
        monkeypatch: pytest.MonkeyPatch) -> None:
    name, setting = app.POLARS_ALLOCATOR
    monkeypatch.setattr(app, "main", lambda: 0)
    monkeypatch.setattr(app.gc, "freeze", lambda: None)  # not this test process's objects
    monkeypatch.delenv(name, raising=False)
    with pytest.raises(SystemExit):
        app.run()
    assert os.environ[name] == setting
    monkeypatch.setenv(name, "narenas:1")  # the user's own wins
    with pytest.raises(SystemExit):
        app.run()
    assert os.environ[name] == "narenas:1"
