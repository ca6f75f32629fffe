"""End to end: the installed ``eligibility`` command, run as a subprocess.

The command is found from the interpreter running the tests, never through ``PATH``
(which may lead to another installation): the ``eligibility`` console script next to
``sys.executable`` (a virtualenv's ``bin/``) or in the interpreter's scripts directory
(``sysconfig``), and otherwise ``python -m eligibility`` (``eligibility/__main__.py``),
which runs the same entry point. So these tests run wherever the package imports; in CI
(``CI`` set), where nox installs the package into its virtualenv, a missing console script
fails instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from eligibility import Decision

DATA = Path(__file__).parent / "data"
EID = "social.eid-al-adha-grant"
ON = "2026-05-20"


#: Where the running interpreter's installs put their scripts (usually one directory).
SCRIPT_DIRS = tuple(dict.fromkeys([Path(sys.executable).parent,
                                   Path(sysconfig.get_path("scripts"))]))


def _console_script() -> Path | None:
    """The ``eligibility`` script installed for the running interpreter, if there is one."""
    name = "eligibility.exe" if os.name == "nt" else "eligibility"
    for directory in SCRIPT_DIRS:
        candidate = directory / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


SCRIPT = _console_script()
PYTHON_M = (sys.executable, "-m", "eligibility")
COMMAND = (str(SCRIPT),) if SCRIPT is not None else PYTHON_M


def run(command: tuple[str, ...], *args: str | Path,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "ELIGIBILITY_DEBUG")}
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run([*command, *map(str, args)], input=stdin, capture_output=True,
                            text=True, encoding="utf-8", timeout=120, check=False, env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def eligibility(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run(COMMAND, *args, stdin=stdin)


def test_the_console_script_is_installed_beside_the_interpreter() -> None:
    if SCRIPT is None:
        where = " or ".join(map(str, SCRIPT_DIRS))
        if os.environ.get("CI"):
            pytest.fail(f"no 'eligibility' console script in {where}: the nox session "
                        "installs the package, so its script must be there")
        pytest.skip(f"no 'eligibility' console script in {where} (the other tests of this "
                    "file run 'python -m eligibility' instead)")
    (entry_point,) = entry_points(group="console_scripts", name="eligibility")
    assert entry_point.value == "eligibility.cli:run"
    assert os.access(SCRIPT, os.X_OK)


@pytest.mark.slow
def test_python_dash_m_runs_the_same_command() -> None:
    args = ("check", DATA / "widow.json", "--program", EID, "--on", ON, "--format", "json")
    by_module = run(PYTHON_M, *args)
    assert by_module.returncode == 0, by_module.stderr
    assert Decision.model_validate_json(by_module.stdout).program == EID
    if SCRIPT is not None:
        by_script = run((str(SCRIPT),), *args)
        assert (by_script.returncode, by_script.stdout, by_script.stderr) == (
            by_module.returncode, by_module.stdout, by_module.stderr)
    usage = run(PYTHON_M, "no-such-command")
    assert usage.returncode == 2
    assert "Usage: eligibility " in usage.stderr  # the program's name, not "python -m ..."


def test_check_json() -> None:
    result = eligibility("check", DATA / "widow.json", "--program", EID, "--on", ON,
                         "--format", "json")
    assert result.returncode == 0, result.stderr
    decision = Decision.model_validate_json(result.stdout)
    assert (decision.program, decision.applicant, decision.outcome.value) == (
        EID, "w1", "eligible")


@pytest.mark.slow
def test_exit_codes() -> None:
    assert eligibility("check", DATA / "widow.json", "-p", EID, "--on", ON,
                       "--exit-code", "outcome").returncode == 0
    bad = eligibility("check", DATA / "bad-child.json", "-p", EID)
    assert bad.returncode == 2
    assert bad.stderr.strip().endswith(
        "bad-child.json: household.children[1].birth_date: the child 'c2' was born on "
        "1 January 2017, more than 300 days after the affiliate died (1 June 2015)")
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
    assert "3 records: 2 screened, 1 in error" in result.stderr
    assert "\x1b" not in result.stderr  # no progress bar when stderr is not a terminal


def test_help_and_schema() -> None:
    result = eligibility("--help")
    assert result.returncode == 0
    assert "Exit codes" in result.stdout
    schema = eligibility("schema", "household")
    assert schema.returncode == 0
    assert json.loads(schema.stdout)["title"] == "Household"
