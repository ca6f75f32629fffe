"""The durable engine releases the rulesets of a replaced rule book: a process that
reloads changed rule books keeps the memory of one (it grew ~5 MB per reload)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from eligibility import RuleBook, default_rules_path

pytestmark = pytest.mark.durable

HOUSEHOLD = {"id": "h", "affiliate": {"id": "a", "status": "retired",
                                      "birth_date": "1960-01-01",
                                      "recruitment_date": "1985-01-01",
                                      "retirement_date": "2020-01-01",
                                      "monthly_pension": "2400"}}
ON = date(2025, 6, 1)
BENCHMARKS = Path(__file__).parents[1] / "benchmarks"


def _copy(tmp_path: Path, note: str) -> Path:
    root = tmp_path / note
    for path in default_rules_path().rglob("*.yaml"):
        target = root / path.relative_to(default_rules_path())
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    shared = root / "definitions" / "members.yaml"
    shared.write_text(shared.read_text(encoding="utf-8") + f"\n# {note}\n", encoding="utf-8")
    return root


def _names(prefix: str) -> tuple[set[str], set[str]]:
    """The rulesets of a content hash: compiled here, and registered in the host."""
    from eligibility._engines.durable import _RUNTIME

    with _RUNTIME.calling() as host:  # also deletes what was released
        registered = {name for name in host._ruleset_directory if name.startswith(prefix)}
    return {name for name in _RUNTIME.compiled if name.startswith(prefix)}, registered


def test_the_rulesets_of_a_dropped_rule_book_are_deleted(tmp_path: Path) -> None:
    book = RuleBook.load(_copy(tmp_path, "dropped"), engine="durable")
    book.screen(HOUSEHOLD, on=ON)
    prefix = f"eligibility:{book.content_hash[:16]}:"
    compiled, registered = _names(prefix)
    assert compiled
    assert compiled == registered
    twin = book.with_engine("durable")  # another engine of the same rule book
    del book
    gc.collect()
    assert _names(prefix)[0] == compiled  # still used by the twin
    assert twin.screen(HOUSEHOLD, on=ON)
    del twin
    gc.collect()
    assert _names(prefix) == (set(), set())


def test_a_rule_book_loaded_again_after_its_release_works(tmp_path: Path) -> None:
    root = _copy(tmp_path, "again")
    first = RuleBook.load(root, engine="durable")
    want = [d.model_dump() for d in first.screen(HOUSEHOLD, on=ON)]
    del first
    gc.collect()
    again = RuleBook.load(root, engine="durable")
    assert [d.model_dump() for d in again.screen(HOUSEHOLD, on=ON)] == want


@pytest.mark.slow
def test_reloading_forty_changed_rule_books_keeps_the_memory_of_one() -> None:
    """In a fresh process: the benchmark's 40 reloads (was 44 -> 253 MB)."""
    script = ("import json, sys; sys.path.insert(0, sys.argv[1]); import durable_memory; "
              "print(json.dumps(durable_memory.measure(40)))")
    done = subprocess.run([sys.executable, "-c", script, str(BENCHMARKS)], check=True,
                          capture_output=True, text=True, timeout=600)
    result = json.loads(done.stdout)
    assert result["growth_mb"] < 10, result
