"""Memory of the durable engine when a process reloads a changed rule book again and again.

Each round changes the rule book (a comment in one file, so a new content hash and new
durable-rules rulesets), loads it with the durable engine, screens one household with
every program, and drops the book. The resident set size (RSS, from ``/proc``) is read
after each round: with the rulesets of a replaced rule book released, it stays within a
few MB of the first round's.

Usage: ``python benchmarks/durable_memory.py [--reloads N] [--json FILE]`` (Linux; needs
``pip install '.[durable]'``, Python < 3.13). ``benchmarks/run.py --durable`` calls
:func:`measure`.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from eligibility import RuleBook, default_rules_path

HOUSEHOLD = {
    "id": "h",
    "affiliate": {"id": "a", "status": "retired", "birth_date": "1960-01-01",
                  "recruitment_date": "1985-01-01", "retirement_date": "2020-01-01",
                  "monthly_pension": "2400"},
    "spouses": [{"id": "s", "birth_date": "1962-01-01"}],
    "children": [{"id": "c", "birth_date": "2010-01-01"}],
}


def rss_mb() -> float:
    """The process's resident set size, in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")  # pragma: no cover


def measure(reloads: int = 40) -> dict[str, Any]:
    """RSS after each of ``reloads`` rounds of change, load, screen and drop."""
    source = default_rules_path()
    with tempfile.TemporaryDirectory(prefix="eligibility-memory-") as tmp:
        root = Path(tmp) / "rules"
        shutil.copytree(source, root)
        shared = root / "definitions" / "members.yaml"
        original = shared.read_text(encoding="utf-8")
        sizes: list[float] = []
        for round_ in range(reloads):
            shared.write_text(f"{original}\n# round {round_}\n", encoding="utf-8")
            book = RuleBook.load(root, engine="durable")
            book.screen(HOUSEHOLD, on=date(2025, 6, 1))
            del book
            gc.collect()
            sizes.append(rss_mb())
    return {"reloads": reloads, "first_mb": round(sizes[0], 1), "last_mb": round(sizes[-1], 1),
            "growth_mb": round(sizes[-1] - sizes[0], 1),
            "per_reload_mb": round((sizes[-1] - sizes[0]) / max(1, reloads - 1), 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reloads", type=int, default=40)
    parser.add_argument("--json", type=Path, default=None, help="also write the result")
    args = parser.parse_args(argv)
    result = measure(args.reloads)
    print(f"durable engine, {result['reloads']} reloads of a changed rule book: RSS "
          f"{result['first_mb']} MB after the first, {result['last_mb']} MB after the last "
          f"({result['per_reload_mb']:+} MB per reload)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
