"""The ``timeline`` command in-process: text in three languages, JSON (the Timeline
model), default range, bad input; and the next change ``check`` prints."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eligibility import RuleBook, Timeline, WhatIf
from eligibility.cli import ExitCode, main

WIDOW = Path(__file__).resolve().parents[1] / "examples" / "widow-with-orphans.json"
AMC = "health.complementary-cover"
ARGS = [str(WIDOW), "-p", AMC, "-a", "student-23", "--from", "2026-01-01", "--to", "2032-12-31"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["From", "4 May 2029", "not eligible", "student-23 turns 27",
            "What is covered: Complementary health cover"]),
    ("fr", ["Du", "4 mai 2029", "non éligible", "student-23 atteint l'âge de 27 ans",
            "n'est plus rempli", "Nature de la couverture\u00a0: Couverture complémentaire"]),
    ("ar", ["من", "4 ماي 2029", "غير مؤهل", "بلوغ \u2068student-23\u2069 سن 27",
            "لم يعد مستوفى", "نوع التغطية: التغطية الصحية التكميلية"]),
])
def test_the_periods_and_changes_in_three_languages(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     lang: str, words: list[str]) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the table's cells on one line each
    code, out, _ = run(capsys, "timeline", *ARGS, "--lang", lang)
    assert code == ExitCode.OK
    for word in words:
        assert word in out


def test_json_is_the_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", *ARGS, "--format", "json")
    assert code == ExitCode.OK
    found = Timeline.model_validate_json(out)
    expected = RuleBook.load().timeline(AMC, json.loads(WIDOW.read_text()),
                                        applicant="student-23", start=date(2026, 1, 1),
                                        end=date(2032, 12, 31))
    assert found == expected


def test_five_years_from_today_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", str(WIDOW), "-p", AMC, "-a", "pupil-12",
                       "--format", "json")
    assert code == ExitCode.OK
    found = Timeline.model_validate_json(out)
    assert found.start == date.today()
    assert (found.end - found.start).days in (1825, 1826)


def test_no_change(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", str(WIDOW), "-p", AMC, "-a", "disabled-25",
                       "--from", "2026-01-01", "--to", "2026-12-31")
    assert code == ExitCode.OK
    assert "No change over this period." in out


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2026-01-01", "--to", "2025-01-01"],
     "--to 1 January 2025 is before --from 1 January 2026"),
    (["--from", "soon"], "is not a date"),
])
def test_bad_dates(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, _, err = run(capsys, "timeline", str(WIDOW), "-p", AMC, "-a", "pupil-12", *args)
    assert code == ExitCode.USAGE
    assert message in err


def test_an_unknown_program(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "timeline", str(WIDOW), "-p", "health.complementary")
    assert code == ExitCode.USAGE
    assert "health.complementary-cover" in err  # did you mean


def test_help(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "timeline", "--help")
    assert code == 0
    for option in ("--from", "--to", "--applicant", "--lang", "--format"):
        assert option in out


def test_check_prints_the_next_change(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(WIDOW), "-p", AMC, "-a", "student-23",
                       "--on", "2026-05-20")
    assert code == ExitCode.OK
    assert "Next change: 5 May 2029: not eligible — student-23 turns 27: For a child" in out


# -- screen --changes-within ----------------------------------------------------------------------

def _household(index: int, child_birth: str) -> dict[str, object]:
    return {"id": f"h{index}", "affiliate": {"id": "a", "status": "active",
                                              "birth_date": "1975-01-01"},
            "children": [{"id": "c1", "birth_date": child_birth}]}


def test_a_roster_lists_who_changes_soon(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    roster = tmp_path / "roster.jsonl"
    lines = [json.dumps(_household(1, "2004-06-10")),  # turns 22 on 2026-06-10
             "{broken",
             json.dumps(_household(3, "2010-01-01"))]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "screen", "--roster", str(roster), "--on", "2026-05-20",
                         "--changes-within", "30d", "-p", AMC)
    assert code == ExitCode.FAILURE  # the broken record
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    [first] = records[0]["changes"]
    assert (first["applicant"], first["change"]["on"], first["change"]["outcome"]) == (
        "c1", "2026-06-10", "ineligible")
    assert "error" in records[1]
    assert records[2]["changes"] == []
    assert "1 person whose outcome changes within 30 days" in err


def test_one_household_s_changes_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "screen", str(WIDOW), "--on", "2026-05-20",
                       "--changes-within", "1200", "--format", "json")
    assert code == ExitCode.OK
    found = json.loads(out)
    assert [(u["program"], u["applicant"]) for u in found] == [
        ("education.university-partnerships", "student-23"), (AMC, "student-23")]


def test_a_window_must_be_days(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "screen", str(WIDOW), "--changes-within", "0d")
    assert code == ExitCode.USAGE
    assert "not a number of days" in err


def test_roster_decisions_do_not_look_ahead(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    roster = tmp_path / "roster.jsonl"
    roster.write_text(json.dumps(_household(1, "2005-06-10")) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "screen", "--roster", str(roster), "--on", "2026-05-20",
                       "-p", AMC)
    assert code == ExitCode.OK
    decisions = json.loads(out)["decisions"]
    assert len(decisions) == 2  # the officer and the child
    # a roster is screened for the day's decisions: no look-ahead, at roster speed
    assert [d["next_change"] for d in decisions] == [None, None]


# -- what-if ------------------------------------------------------------------------------------

RETIREE = {"id": "h-ret", "affiliate": {"id": "a", "status": "retired", "birth_date": "1958-03-02",
                                        "monthly_pension": "2600.00"}, "bank_account": False}


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Eid al-Adha grant — a, 20 May 2026: not eligible",
            "monthly pension of a: at most 2,500\u00a0MAD (now: 2,600\u00a0MAD)",
            "Changes that make the applicant eligible"]),
    ("fr", ["non éligible", "pension mensuelle de a\u00a0: au plus 2\u202f500\u00a0MAD "
            "(actuellement\u00a0: 2\u202f600\u00a0MAD)"]),
    ("ar", ["غير مؤهل", "المعاش الشهري لـ\u2068a\u2069: 2.500\u00a0درهم على الأكثر "
            "(حاليا: 2.600\u00a0درهم)"]),
])
def test_what_would_make_a_retiree_eligible(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            lang: str, words: list[str]) -> None:
    path = tmp_path / "retiree.json"
    path.write_text(json.dumps(RETIREE), encoding="utf-8")
    code, out, _ = run(capsys, "what-if", str(path), "-p", "social.eid-al-adha-grant",
                       "--on", "2026-05-20", "--lang", lang)
    assert code == ExitCode.OK
    for word in words:
        assert word in out


def test_what_if_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "what-if", str(WIDOW), "-p", "social.eid-al-adha-grant",
                       "-a", "widow", "--on", "2026-05-20", "--format", "json")
    assert code == ExitCode.OK
    found = WhatIf.model_validate_json(out)
    assert found.outcome.value == "eligible"
    assert [o.output for o in found.outputs] == ["payment_method"]


def test_a_run_of_decisions_is_not_resumed_as_a_run_of_changes(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    roster = tmp_path / "roster.jsonl"
    roster.write_text("\n".join(json.dumps(_household(i, "2005-06-10")) for i in (1, 2)) + "\n",
                      encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _, _ = run(capsys, "screen", "--roster", str(roster), "--on", "2026-05-20",
                     "-p", AMC, "--out", str(out))
    assert code == ExitCode.OK
    first = out.read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "out.jsonl.partial").write_text(first + "\n", encoding="utf-8")
    out.unlink()
    code, _, err = run(capsys, "screen", "--roster", str(roster), "--on", "2026-05-20",
                       "-p", AMC, "--out", str(out), "--resume", "--changes-within", "30d")
    assert code == ExitCode.USAGE
    assert "listed decisions" in err
