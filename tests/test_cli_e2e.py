"""End to end: the installed ``eligibility`` console script, run as a subprocess.

These need the package installed (``pip install .``, as the nox ``tests`` session
does); where the ``eligibility`` command is not on ``PATH`` they are skipped with
that reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from eligibility import Decision

DATA = Path(__file__).parent / "data"
EID = "social.eid-al-adha-grant"
ON = "2026-05-20"
COMMAND = shutil.which("eligibility")

pytestmark = pytest.mark.skipif(
    COMMAND is None, reason="the 'eligibility' console script is not on PATH "
                            "(install the package: pip install .)")


def eligibility(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    assert COMMAND is not None
    env = {k: v for k, v in os.environ.items()
           if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "ELIGIBILITY_DEBUG")}
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run([COMMAND, *map(str, args)], input=stdin, capture_output=True,
                            text=True, encoding="utf-8", timeout=120, check=False, env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_check_json() -> None:
    result = eligibility("check", DATA / "widow.json", "--program", EID, "--on", ON,
                         "--format", "json")
    assert result.returncode == 0, result.stderr
    decision = Decision.model_validate_json(result.stdout)
    assert (decision.program, decision.applicant, decision.outcome.value) == (
        EID, "w1", "eligible")


def test_exit_codes() -> None:
    assert eligibility("check", DATA / "widow.json", "-p", EID, "--on", ON,
                       "--exit-code", "outcome").returncode == 0
    bad = eligibility("check", DATA / "bad-child.json", "-p", EID)
    assert bad.returncode == 2
    assert bad.stderr.strip().endswith(
        "bad-child.json: household.children[1].birth_date: child 'c2' was born 2017-01-01, "
        "more than 300 days after the affiliate died (2015-06-01)")
    assert eligibility("check", DATA / "widow.json", "-p", EID, "--on", "tomorrow"
                       ).returncode == 2
    assert eligibility("validate", DATA / "nowhere").returncode == 3


def test_stdin_and_arabic() -> None:
    text = (DATA / "widow.json").read_text(encoding="utf-8")
    result = eligibility("screen", "-", "--on", ON, "--lang", "ar", stdin=text)
    assert result.returncode == 0, result.stderr
    assert "منحة عيد الأضحى" in result.stdout
    assert "السبب الرئيسي" in result.stdout


def test_roster(tmp_path: Path) -> None:
    roster = tmp_path / "roster.jsonl"
    good = json.loads((DATA / "widow.json").read_text(encoding="utf-8"))
    roster.write_text("\n".join([json.dumps(good), "{oops", json.dumps(dict(good, id="h2"))])
                      + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = eligibility("screen", "--roster", roster, "--out", out, "--on", ON)
    assert result.returncode == 1  # one record in error
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    assert "error" in records[1]
    decisions = TypeAdapter(list[Decision]).validate_python(records[2]["decisions"])
    assert {d.household for d in decisions} == {"h2"}
    assert "3 records: 2 screened, 1 errors" in result.stderr
    assert "\x1b" not in result.stderr  # no progress bar when stderr is not a terminal


def test_help_and_schema() -> None:
    result = eligibility("--help")
    assert result.returncode == 0
    assert "Exit codes" in result.stdout
    schema = eligibility("schema", "household")
    assert schema.returncode == 0
    assert json.loads(schema.stdout)["title"] == "Household"
