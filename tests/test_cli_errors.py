"""Every error path of the command line, in Arabic, French and English.

Each error is run twice per language: as text, it is one or more lines on standard error
in the reader's language (in Arabic and French, no English word outside ids, codes and
quoted values); with ``--format json``, one JSON object ``{"error": ..., "errors": [...]}``
whose records hold the error's stable ``code``, its ``path``, its ``message`` in the
language and the ``lang`` — the shape of a roster's error records. The exit code is the
same in every language and format.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from eligibility import (
    EligibilityError,
    EngineUnavailableError,
    EvaluationError,
    Problem,
    ProblemCode,
    RuleBook,
)
from eligibility.cli import ExitCode, main
from leaks import leaks

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).parents[1] / "examples"
WIDOW = str(EXAMPLES / "widow-with-orphans.json")
EID = "social.eid-al-adha-grant"
AMC = "health.complementary-cover"
ON = "2026-05-20"
LANGS = ("ar", "fr", "en")


@dataclass(frozen=True)
class Case:
    """An error path: the arguments (``{tmp}`` is a fresh folder), files to write there,
    what to break, and the exit code and error code it gives."""

    args: tuple[str, ...]
    exit: int
    code: str
    files: dict[str, bytes] = field(default_factory=dict)
    patch: Callable[[pytest.MonkeyPatch], None] | None = None
    path: str | None = None


def _raise(error: BaseException) -> Callable[[pytest.MonkeyPatch], None]:
    def patch(monkeypatch: pytest.MonkeyPatch) -> None:
        def fail(*args: Any, **kwargs: Any) -> None:
            raise error

        monkeypatch.setattr(RuleBook, "evaluate", fail)
        monkeypatch.setattr("eligibility.cli.app._silence_stdout", lambda: None)

    return patch


def _unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    def load(cls: type[RuleBook], path: Any = None, *, engine: str = "native") -> None:
        raise EngineUnavailableError(Problem(ProblemCode.ENGINE_UNAVAILABLE, "engine", {
            "engine": engine, "command": "pip install 'eligibility[durable]'"}))

    monkeypatch.setattr(RuleBook, "load", classmethod(load))


BROKEN_RULE = """\
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
""".encode()
GOOD_ROSTER = (EXAMPLES / "widow-with-orphans.json").read_text(encoding="utf-8")
ONE_LINE = GOOD_ROSTER.replace("\n", "").encode() + b"\n"
UNBORN_CHILD = (b'{"id": "h", "affiliate": {"id": "a", "status": "active", "birth_date": '
                b'"1980-01-01"}, "children": [{"id": "c", "birth_date": "2027-03-01"}]}')

CASES: dict[str, Case] = {
    # usage
    "unknown-command": Case(("no-such-command",), ExitCode.USAGE, "unknown-command"),
    "unknown-option": Case(("check", WIDOW, "-p", EID, "--nope"), ExitCode.USAGE,
                           "unknown-option"),
    "missing-option": Case(("check", WIDOW), ExitCode.USAGE, "missing-option"),
    "missing-argument": Case(("check", "-p", EID), ExitCode.USAGE, "missing-argument"),
    "option-needs-value": Case(("check", WIDOW, "-p", EID, "--on"), ExitCode.USAGE,
                               "option-needs-value"),
    "bad-choice": Case(("check", WIDOW, "-p", EID, "--engine", "rete"), ExitCode.USAGE,
                       "not-one-of-choices"),
    "bad-date": Case(("check", WIDOW, "-p", EID, "--on", "20/05/2026"), ExitCode.USAGE,
                     "option-not-a-date"),
    "extra-argument": Case(("check", WIDOW, WIDOW, "-p", EID), ExitCode.USAGE,
                           "extra-argument"),
    "household-and-roster": Case(("screen", WIDOW, "--roster", WIDOW), ExitCode.USAGE,
                                 "household-and-roster"),
    "household-or-roster": Case(("screen",), ExitCode.USAGE, "household-or-roster"),
    "out-without-roster": Case(("screen", WIDOW, "--out", "x.jsonl"), ExitCode.USAGE,
                               "out-without-roster"),
    # the household file
    "no-such-file": Case(("check", "{tmp}/none.json", "-p", EID), ExitCode.USAGE,
                         "no-such-file"),
    "is-a-directory": Case(("check", "{tmp}", "-p", EID), ExitCode.USAGE, "is-a-directory"),
    "not-utf8": Case(("check", "{tmp}/h.json", "-p", EID), ExitCode.USAGE, "not-utf8",
                     {"h.json": b'{"id": "\xff"}'}),
    "empty-input": Case(("check", "{tmp}/h.json", "-p", EID), ExitCode.USAGE, "empty-input",
                        {"h.json": b"  \n"}),
    "invalid-json": Case(("check", "{tmp}/h.json", "-p", EID), ExitCode.USAGE, "invalid-json",
                         {"h.json": b'{"id": "h" "affiliate": {}}'}),
    "invalid-yaml": Case(("check", "{tmp}/h.yaml", "-p", EID), ExitCode.USAGE, "invalid-yaml",
                         {"h.yaml": b"id: h\naffiliate: {id: a, status: active\n"}),
    "duplicate-key": Case(("check", "{tmp}/h.json", "-p", EID), ExitCode.USAGE,
                          "duplicate-key", {"h.json": b'{"id": "h", "id": "g"}'}),
    "invalid-field": Case(("check", "{tmp}/h.json", "-p", EID), ExitCode.USAGE, "not-a-flag",
                          {"h.json": b'{"id": "h", "affiliate": {"id": "a", "status": '
                                     b'"active", "birth_date": "1980-01-01"}, '
                                     b'"bank_account": "yes"}'},
                          path="household.bank_account"),
    "unknown-field": Case(("check", "{tmp}/h.json", "-p", EID), ExitCode.USAGE,
                          "unknown-field", {"h.json": b'{"id": "h", "affiliate": {"id": "a", '
                                                      b'"status": "active"}, "pets": 2}'},
                          path="household.pets"),
    "implausible": Case(("check", str(DATA / "bad-child.json"), "-p", EID), ExitCode.USAGE,
                        "child-born-after-death", path="household.children[1].birth_date"),
    # the program and the applicant
    "unknown-program": Case(("check", WIDOW, "-p", "social.eid"), ExitCode.USAGE,
                            "unknown-program", path="program"),
    "unknown-applicant": Case(("check", WIDOW, "-p", EID, "-a", "nobody"), ExitCode.USAGE,
                              "unknown-applicant", path="applicant"),
    "wrong-role": Case(("check", WIDOW, "-p", EID, "-a", "pupil-12"), ExitCode.USAGE,
                       "wrong-role", path="applicant"),
    "several-applicants": Case(("check", WIDOW, "-p", "health.complementary-cover"),
                               ExitCode.USAGE, "several-applicants", path="applicant"),
    # the rule book, the engine, the evaluation
    "invalid-rule-book": Case(("check", WIDOW, "-p", EID, "--rules", "{tmp}/rules"),
                              ExitCode.RULES, "unknown-attribute",
                              {"rules/education/broken.yaml": BROKEN_RULE},
                              path="$.criteria[0].when"),
    "engine-unavailable": Case(("check", WIDOW, "-p", EID, "--engine", "durable"),
                               ExitCode.UNAVAILABLE, "engine-unavailable", patch=_unavailable,
                               path="engine"),
    "evaluation-failed": Case(("check", WIDOW, "-p", EID), ExitCode.RULES,
                              "evaluation-failed",
                              patch=_raise(EvaluationError("division by zero: 1 / 0"))),
    "interrupted": Case(("check", WIDOW, "-p", EID), ExitCode.INTERRUPTED, "interrupted",
                        patch=_raise(KeyboardInterrupt())),
    "system-error": Case(("check", WIDOW, "-p", EID), ExitCode.UNAVAILABLE, "system-error",
                         patch=_raise(PermissionError(13, "Permission denied", "out.txt"))),
    "output-encoding": Case(("check", WIDOW, "-p", EID), ExitCode.UNAVAILABLE,
                            "output-encoding",
                            patch=_raise(UnicodeEncodeError("ascii", "é", 0, 1, "no"))),
    "cannot-run": Case(("check", WIDOW, "-p", EID), ExitCode.UNAVAILABLE, "cannot-run",
                       patch=_raise(EligibilityError("no rule pack found"))),
    "internal-error": Case(("check", WIDOW, "-p", EID), ExitCode.UNAVAILABLE,
                           "internal-error", patch=_raise(RuntimeError("boom"))),
    # timelines, what-if and changes within a window
    "timeline-not-a-date": Case(("timeline", WIDOW, "-p", AMC, "-a", "pupil-12", "--from",
                                 "soon"), ExitCode.USAGE, "option-not-a-date"),
    "timeline-to-before-from": Case(("timeline", WIDOW, "-p", AMC, "-a", "pupil-12", "--from",
                                     "2026-01-01", "--to", "2025-01-01"), ExitCode.USAGE,
                                    "to-before-from"),
    "timeline-unknown-program": Case(("timeline", WIDOW, "-p", "health.complementary"),
                                     ExitCode.USAGE, "unknown-program", path="program"),
    "timeline-several-applicants": Case(("timeline", WIDOW, "-p", AMC), ExitCode.USAGE,
                                        "several-applicants", path="applicant"),
    "timeline-applicant-not-born": Case(("timeline", "{tmp}/h.json", "-p", AMC, "-a", "c",
                                         "--from", "2026-01-01"), ExitCode.USAGE,
                                        "applicant-not-born", {"h.json": UNBORN_CHILD},
                                        path="applicant"),
    "timeline-invalid-household": Case(("timeline", "{tmp}/h.json", "-p", AMC),
                                       ExitCode.USAGE, "invalid-json",
                                       {"h.json": b'{"id": "h" "affiliate": {}}'}),
    "what-if-wrong-role": Case(("what-if", WIDOW, "-p", EID, "-a", "pupil-12"),
                               ExitCode.USAGE, "wrong-role", path="applicant"),
    "what-if-unknown-applicant": Case(("what-if", WIDOW, "-p", EID, "-a", "nobody"),
                                      ExitCode.USAGE, "unknown-applicant", path="applicant"),
    "what-if-not-a-date": Case(("what-if", WIDOW, "-p", EID, "--on", "tomorrow"),
                               ExitCode.USAGE, "option-not-a-date"),
    "changes-within-not-days": Case(("screen", WIDOW, "--changes-within", "0d"),
                                    ExitCode.USAGE, "option-not-days"),
    "changes-within-unknown-program": Case(("screen", WIDOW, "--changes-within", "30d", "-p",
                                            "social.eid"), ExitCode.USAGE, "unknown-program",
                                           path="program"),
    "resumed-run-listed-decisions": Case(
        ("screen", "--roster", "{tmp}/r.jsonl", "--out", "{tmp}/o.jsonl", "--resume",
         "--changes-within", "30d"), ExitCode.USAGE, "resumed-run-listed-decisions",
        {"r.jsonl": ONE_LINE,
         "o.jsonl.partial": b'{"line": 1, "household": "h", "decisions": []}\n'}),
    "resumed-run-listed-changes": Case(
        ("screen", "--roster", "{tmp}/r.jsonl", "--out", "{tmp}/o.jsonl", "--resume"),
        ExitCode.USAGE, "resumed-run-listed-changes",
        {"r.jsonl": ONE_LINE,
         "o.jsonl.partial": b'{"line": 1, "household": "h", "changes": []}\n'}),
    # rosters
    "roster-format": Case(("screen", "--roster", "{tmp}/r.xlsx"), ExitCode.USAGE,
                          "roster-format", {"r.xlsx": b"x"}),
    "roster-missing": Case(("screen", "--roster", "{tmp}/none.jsonl"), ExitCode.USAGE,
                           "no-such-file"),
    "empty-csv": Case(("screen", "--roster", "{tmp}/r.csv", "--out", "{tmp}/o.jsonl"),
                      ExitCode.USAGE, "empty-csv", {"r.csv": b""}),
    "csv-duplicate-columns": Case(("screen", "--roster", "{tmp}/r.csv", "--out",
                                   "{tmp}/o.jsonl"), ExitCode.USAGE, "csv-duplicate-columns",
                                  {"r.csv": b"id,id\nh,h\n"}),
    "csv-empty-column": Case(("screen", "--roster", "{tmp}/r.csv", "--out", "{tmp}/o.jsonl"),
                             ExitCode.USAGE, "csv-empty-column", {"r.csv": b"id,,dues\n"}),
    "csv-household-column": Case(("screen", "--roster", "{tmp}/r.csv", "--out",
                                  "{tmp}/o.jsonl"), ExitCode.USAGE, "csv-household-column",
                                 {"r.csv": b"household,id\n"}),
    "csv-header-not-utf8": Case(("screen", "--roster", "{tmp}/r.csv", "--out",
                                 "{tmp}/o.jsonl"), ExitCode.USAGE, "csv-header-not-utf8",
                                {"r.csv": b"id,\xff\n"}),
    "roster-invalid-csv-header": Case(("screen", "--roster", "{tmp}/r.csv", "--out",
                                       "{tmp}/o.jsonl"), ExitCode.USAGE, "invalid-csv",
                                      {"r.csv": b'id,"x\n'}),
    "resume-needs-file": Case(("screen", "--roster", "{tmp}/r.jsonl", "--resume"),
                              ExitCode.USAGE, "resume-needs-file", {"r.jsonl": ONE_LINE}),
    "interrupted-run-there": Case(
        ("screen", "--roster", "{tmp}/r.jsonl", "--out", "{tmp}/o.jsonl"), ExitCode.USAGE,
        "interrupted-run-there",
        {"r.jsonl": ONE_LINE,
         "o.jsonl.partial": b'{"line": 1, "household": "h", "decisions": []}\n'}),
    "resumed-run-differs": Case(
        ("screen", "--roster", "{tmp}/r.jsonl", "--out", "{tmp}/o.jsonl", "--resume", "--on",
         ON), ExitCode.USAGE, "resumed-run-differs",
        {"r.jsonl": ONE_LINE,
         "o.jsonl.partial": b'{"line": 1, "household": "h", "decisions": [{"on": "2020-01-01"'
                            b', "lang": "en", "rulebook_hash": "x", "engine": "native"}]}\n'}),
    # the rule book of test
    "test-no-rules": Case(("test", "{tmp}/nope"), ExitCode.RULES, "no-rules", path="$"),
    "output-is-input": Case(("screen", "--roster", "{tmp}/r.jsonl", "--out", "{tmp}/r.jsonl"),
                            ExitCode.USAGE, "output-is-input",
                            {"r.jsonl": ONE_LINE}),
    "cannot-write": Case(("screen", "--roster", "{tmp}/r.jsonl", "--out",
                          "{tmp}/missing/o.jsonl"), ExitCode.USAGE, "cannot-write",
                         {"r.jsonl": ONE_LINE}),
}


def _run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
         case: Case, *extra: str) -> tuple[int, str, str]:
    for name, content in case.files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if case.patch is not None:
        case.patch(monkeypatch)
    args = [a.replace("{tmp}", str(tmp_path)) for a in case.args]
    code = main([*args[:1], *extra, *args[1:]])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch, shipped_book_once: None) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(Path(__file__).parents[1])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_an_error_reads_in_the_language(capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                        name: str, lang: str) -> None:
    case = CASES[name]
    code, _, err = _run(capsys, monkeypatch, tmp_path, case, "--lang", lang)
    assert code == case.exit, err
    assert err.strip(), "an error says what is wrong"
    if lang != "en":
        assert leaks(err, lang) == [], err


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_an_error_is_a_json_record(capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                   name: str, lang: str) -> None:
    case = CASES[name]
    code, _, err = _run(capsys, monkeypatch, tmp_path, case, "--lang", lang,
                          "--format", "json")
    assert code == case.exit, err
    report = json.loads(err)
    assert report["error"] == report["errors"][0]
    for record in report["errors"]:
        assert {"code", "path", "message", "lang"} <= set(record), record
        assert record["lang"] == lang
        assert record["message"]
        if lang != "en":
            assert leaks(record["message"], lang) == [], record
    assert report["error"]["code"] == case.code
    assert report["error"]["path"] == case.path


def test_every_code_of_the_command_line_has_a_case() -> None:
    from eligibility.cli.errors import CODES

    covered = {case.code for case in CASES.values()}
    # fallbacks for parser errors that no option of the command line produces today, and
    # the summary line after a rule book's diagnostics
    unreachable = {"usage", "invalid-option-value", "invalid-rule-book"}
    assert set(CODES) - unreachable <= covered
