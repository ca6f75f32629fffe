"""The wheel ships the rule pack and the message catalogue: installed from the wheel into a
fresh directory, ``RuleBook.load()`` with no argument finds every program, away from the
source tree, and decisions read in Arabic and French.

The wheel goes into its own ``--target`` directory, put first on ``PYTHONPATH`` for the
interpreter running the tests, whose environment has the package's dependencies: so
the check neither reads the source tree nor depends on what the base interpreter has.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eligibility._model.yaml_reader import read_yaml

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import json, eligibility
from datetime import date
from eligibility import RuleBook
book = RuleBook.load()
print(json.dumps({
    "module": eligibility.__file__,
    "root": str(book.root),
    "programs": sorted(book.programs),
    "warnings": len(book.warnings),
    "failing": [r.name for r in book.run_examples() if not r.passed],
    "labels": [book.evaluate("social.eid-al-adha-grant", {"id": "h", "affiliate": {
        "id": "a", "status": "retired", "birth_date": "1958-03-02",
        "retirement_date": "2018-03-02", "monthly_pension": "2400"}}, on=date(2026, 5, 20),
        lang=lang).outcome_label for lang in ("ar", "fr")],
}))
"""


def _program_files() -> list[Path]:
    return [p for p in sorted((ROOT / "rules").rglob("*.yaml"))
            if read_yaml(p.read_text(encoding="utf-8"), positions=False).data.get(
                "kind", "program") == "program"]


def _run(args: list[str], cwd: Path, pythonpath: Path | None = None
         ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=540, check=False)
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result


def test_the_installed_wheel_finds_its_rule_pack(tmp_path: Path) -> None:
    if importlib.util.find_spec("build") is None:
        if os.environ.get("CI"):
            pytest.fail("the 'build' package (test extra) is not installed")
        pytest.skip("the 'build' package is not installed (pip install '.[test]')")
    dist = tmp_path / "dist"
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-isolation")  # the backend is here: no download needed
    _run([*command, str(ROOT)], cwd=tmp_path)
    (wheel,) = dist.glob("eligibility-*.whl")

    target = tmp_path / "installed"
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
          "--target", str(target), str(wheel)], cwd=tmp_path)

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    found = json.loads(_run([sys.executable, "-c", CHECK], cwd=outside,
                            pythonpath=target).stdout)
    assert Path(found["module"]).is_relative_to(target), "not imported from the wheel"
    assert Path(found["root"]).is_relative_to(target)
    assert not Path(found["root"]).is_relative_to(ROOT)
    assert len(found["programs"]) == len(_program_files())
    assert found["warnings"] == 0
    assert found["failing"] == []
    assert found["labels"] == ["مؤهل", "éligible"]  # the catalogue is in the wheel
