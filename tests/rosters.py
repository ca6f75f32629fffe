"""Generated rosters for tests: the benchmark's generator (``benchmarks/make_roster.py``)
makes valid, varied households, one in ``bad_every`` deliberately not valid."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).parents[1] / "benchmarks"


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
