"""Reform benchmark: ``RuleBook.diff`` over a generated roster, for a one-parameter reform.

    python benchmarks/diff_bench.py [--households 1000000] [--batch 100000] [--on DATE]

The reform raises the retirees' pension ceiling of the Eid al-Adha grant from 2,500 to
3,000 MAD a month (a copy of the shipped rules with that one value changed). Both rule
books decide every program for every applicant of a generated Parquet roster (the one
``columnar_bench.py`` makes) on the columnar engine, as ``eligibility diff --rules OLD
--rules NEW --roster FILE --on DATE`` does. The script reports the wall and CPU time,
households per second, and what the reform changes (gains, losses, other changes).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from columnar_bench import make_parquet

from eligibility import RuleBook, read_roster

ROOT = Path(__file__).resolve().parents[1]
_EID = Path("social-aid") / "eid-al-adha-grant.yaml"
_CEILING = ("  retiree_pension_ceiling:\n    values: {2020-01-01: {value: 2500,",
            "  retiree_pension_ceiling:\n    values: {2020-01-01: {value: 3000,")


def reformed_rules(folder: Path) -> Path:
    """A copy of the shipped rules with the Eid grant's retirees' ceiling at 3,000 MAD."""
    rules = folder / "reform"
    shutil.copytree(ROOT / "rules", rules)
    text = (rules / _EID).read_text(encoding="utf-8")
    if _CEILING[0] not in text:
        raise SystemExit(f"{_EID}: the retirees' ceiling is no longer written as expected")
    (rules / _EID).write_text(text.replace(*_CEILING), encoding="utf-8")
    return rules


def measure(roster: Path, reform: Path, on: date, batch: int) -> dict[str, Any]:
    before, after = RuleBook.load(), RuleBook.load(reform)
    started, cpu = time.perf_counter(), time.process_time()
    found = before.diff(after, read_roster(roster), on=on, batch_size=batch)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    counts = found.counts
    return {"records": found.records, "wall": wall, "cpu": cpu,
            "gains": int(counts["gains"].sum()), "losses": int(counts["losses"].sum()),
            "changed": int(counts["changed"].sum()), "changes": found.changes.height}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--on", type=date.fromisoformat, default=date(2026, 5, 20))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="eligibility-diff-") as folder:
        roster = Path(folder) / "roster.parquet"
        make_parquet(roster, args.households, args.distinct, args.on)
        found = measure(roster, reformed_rules(Path(folder)), args.on, args.batch)
    print(f"{found['records']} households, Eid grant's retirees' ceiling 2,500 -> 3,000 MAD "
          f"on {args.on}: {found['gains']} gain, {found['losses']} lose, "
          f"{found['changed']} change otherwise ({found['changes']} changes listed)")
    print(f"  {found['wall']:.1f} s wall, {found['cpu']:.1f} s CPU: "
          f"{found['records'] / found['wall']:,.0f} households per second "
          f"({found['records'] / found['cpu']:,.0f} per CPU second)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
