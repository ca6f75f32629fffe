"""The documentation builds reproducibly: one commit, the same pages, whatever the day.

The site is built twice from two copies of ``docs/`` in two folders, with different hash
seeds and time zones, the second build under ``faketime`` (Debian's ``faketime``: the
clock says 2031) when it is installed. Every page and every asset must come out byte for
byte the same; what Sphinx keeps for itself (the search index, whose order follows
Python's hashing, and the environment pickles in the doctrees folder) is not an output.
The date the pages describe comes from the rule book, never from the clock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eligibility import RuleBook

pytestmark = pytest.mark.slow

DOCS = Path(__file__).resolve().parents[1] / "docs"
#: Sphinx's own state, rebuilt from the pages: not part of what a reader gets.
NOT_OUTPUTS = frozenset({"searchindex.js"})


def _need(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: see .ci/run)")
    pytest.skip(reason)


def _build(root: Path, lang: str, env: dict[str, str], clock: list[str]) -> Path:
    source = root / "source"
    shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("_build", "programs", "*.mo"))
    out = root / "html" / lang
    result = subprocess.run(
        [*clock, sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
         "-D", f"language={lang}", "-d", str(root / "doctrees"), str(source), str(out)],
        capture_output=True, text=True, timeout=600, check=False, env={**os.environ, **env},
    )
    assert result.returncode == 0, f"{lang} build failed:\n{result.stdout}\n{result.stderr}"
    return out


def _files(tree: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tree)): p.read_bytes() for p in sorted(tree.rglob("*"))
            if p.is_file() and p.name not in NOT_OUTPUTS}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_two_builds_of_one_commit_are_byte_identical(tmp_path: Path, lang: str) -> None:
    try:
        import sphinx  # noqa: F401
    except ImportError:
        _need("Sphinx is not installed (pip install '.[docs]')")
    faketime = shutil.which("faketime")
    if faketime is None and os.environ.get("CI"):
        _need("faketime is not installed (apt-get install faketime)")
    clock = [faketime, "2031-06-15 12:00:00"] if faketime else []
    first = _files(_build(tmp_path / "one", lang, {"PYTHONHASHSEED": "1", "TZ": "UTC"}, []))
    second = _files(_build(tmp_path / "two", lang,
                           {"PYTHONHASHSEED": "2", "TZ": "Asia/Tokyo"}, clock))
    assert first.keys() == second.keys()
    assert len(first) > 30
    differ = sorted(name for name in first if first[name] != second[name])
    assert not differ, f"{lang}: these files differ between two builds: {differ}"


def test_pages_describe_the_rule_books_latest_change_not_the_build_day() -> None:
    from eligibility.sphinx._state import latest_change

    book = RuleBook.load()
    latest = latest_change(book)
    assert any(latest in p.change_dates for p in book.programs.values()) or any(
        latest in p.dates for p in book.parameters.values())
    for program in book.programs.values():
        assert all(day <= latest for day in program.change_dates), program.id
