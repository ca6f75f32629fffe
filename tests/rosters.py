"""Generated rosters for tests: the benchmark's generator (``benchmarks/make_roster.py``)
makes valid, varied households, one in ``bad_every`` deliberately not valid; and copies of
the shipped rules with one edit, for reforms."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"
RULES = Path(__file__).parents[1] / "rules"


def make_roster(path: Path, count: int, bad_every: int = 7) -> Path:
    """Write a roster of ``count`` households to ``path`` (its suffix names the format:
    ``.jsonl``, ``.csv`` or ``.parquet``) and return the path."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import make_roster as generator
    finally:
        sys.path.pop(0)
    assert generator.main([str(count), str(path), "--bad-every", str(bad_every)]) == 0
    return path


def edited_rules(folder: Path, file: str, old: str, new: str) -> Path:
    """A copy of the shipped rules in ``folder`` with ``old`` replaced by ``new`` (once) in
    ``file`` (relative to ``rules/``)."""
    rules = folder / "rules"
    shutil.copytree(RULES, rules)
    target = rules / file
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{file}: {old!r} is no longer written as expected"
    target.write_text(text.replace(old, new), encoding="utf-8")
    return rules
