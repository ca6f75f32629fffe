"""Start-up benchmark: the median wall time of a one-off ``eligibility check``.

    python benchmarks/startup.py [--runs 21]

Runs the console command (the same interpreter, a new process each time, output
discarded) for the Eid grant of ``examples/retiree-small-pension.json``, interleaving a
run with the compiled rule book read from the cache (the usual case: the cache is filled
by the first run after the rules or the library change) and a run with the cache off.
Reports the median and best wall time, and the median CPU time of the child (user +
system), for each. The machine is shared: CPU time says what the command costs, wall
time what a user waits.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = [sys.executable, "-m", "eligibility", "check",
           str(ROOT / "examples" / "retiree-small-pension.json"),
           "--program", "social.eid-al-adha-grant", "--on", "2026-05-20"]


def _once(env: dict[str, str]) -> tuple[float, float]:
    before = os.times()
    started = time.perf_counter()
    subprocess.run(COMMAND, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user - before.children_user) \
        + (after.children_system - before.children_system)
    return wall, cpu


def measure(runs: int) -> dict[str, dict[str, float]]:
    """``{"cached": {...}, "uncached": {...}}`` with ``median``, ``best`` (wall seconds)
    and ``cpu`` (median CPU seconds)."""
    with tempfile.TemporaryDirectory(prefix="eligibility-startup-") as folder:
        cached = {**os.environ, "ELIGIBILITY_CACHE_DIR": folder}
        uncached = {**os.environ, "ELIGIBILITY_CACHE_DIR": "off"}
        _once(cached)  # fills the cache
        times: dict[str, list[tuple[float, float]]] = {"cached": [], "uncached": []}
        for _ in range(runs):
            times["cached"].append(_once(cached))
            times["uncached"].append(_once(uncached))
    return {kind: {"median": statistics.median(w for w, _ in found),
                   "best": min(w for w, _ in found),
                   "cpu": statistics.median(c for _, c in found)}
            for kind, found in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args(argv)
    result = measure(args.runs)
    for kind, found in result.items():
        print(f"  eligibility check, {kind:8}: median {found['median'] * 1000:4.0f} ms wall "
              f"(best {found['best'] * 1000:4.0f} ms), median {found['cpu'] * 1000:4.0f} ms CPU"
              f"{'; target <= 300 ms median wall' if kind == 'cached' else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
