"""Roster benchmark: ``eligibility screen --roster`` on 10,000 and 100,000 households.

    python benchmarks/roster_bench.py [--sizes 10000 100000] [--format jsonl|csv] [--keep DIR]

For each size it generates a roster with ``make_roster.py`` (2% deliberately bad
records), runs the command line in a child process (the same interpreter, with
standard error not a terminal, so without a progress bar) and reports:

* wall time and records per second (including start-up and loading the rule book),
  and the rate the command itself reports;
* peak resident memory of the child (``wait4`` rusage ``ru_maxrss``) and its resident
  memory sampled from ``/proc/<pid>/status`` at a quarter, half, three quarters and
  the end of the run;
* that nothing was lost: one output line per input record, the line numbers in
  order, and as many error records as bad records were written.

Memory is flat when the peak at 100,000 records is about the peak at 10,000: the
roster is streamed, so only the rule book and one household are held at a time.
This is a benchmark, not a test: it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ON = "2026-05-20"


def _rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _generate(size: int, path: Path, bad_every: int) -> None:
    subprocess.run([sys.executable, str(HERE / "make_roster.py"), str(size), str(path),
                    "--bad-every", str(bad_every), "--on", ON, "--no-check"], check=True)


@dataclass
class Run:
    elapsed: float
    code: int
    stderr: str
    peak_kib: int
    samples: list[tuple[float, int]]


def _screen(roster: Path, out: Path) -> Run:
    command = [sys.executable, "-c", "from eligibility.cli import run; run()",
               "screen", "--roster", str(roster), "--out", str(out), "--on", ON]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        samples: list[tuple[float, int]] = []
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            rss = _rss_kib(child.pid)
            if rss is not None:
                samples.append((time.perf_counter() - started, rss))
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read()
    return Run(elapsed, child.returncode, stderr, usage.ru_maxrss, samples)


def _verify(out: Path) -> tuple[int, int, bool]:
    """(output records, error records, line numbers strictly increasing)."""
    count = errors = 0
    last = 0
    ordered = True
    with out.open(encoding="utf-8") as handle:
        for raw in handle:
            record = json.loads(raw)
            count += 1
            errors += "error" in record
            ordered = ordered and record["line"] > last
            last = record["line"]
    return count, errors, ordered


def _at(samples: list[tuple[float, int]], fraction: float, elapsed: float) -> str:
    chosen = [rss for t, rss in samples if t <= fraction * elapsed]
    return f"{chosen[-1] / 1024:.0f}" if chosen else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("--bad-every", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="keep rosters and results in this folder")
    args = parser.parse_args(argv)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="eligibility-roster-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        roster = workdir / f"roster-{size}.{args.format}"
        out = workdir / f"results-{size}.jsonl"
        _generate(size, roster, args.bad_every)
        result = _screen(roster, out)
        count, errors, ordered = _verify(out)
        expected_bad = size // args.bad_every if args.bad_every else 0
        elapsed = result.elapsed
        rows.append((size, elapsed, size / elapsed, result.peak_kib / 1024,
                     [_at(result.samples, f, elapsed) for f in (0.25, 0.5, 0.75, 1.0)]))
        print(f"--- {size} records ({roster.stat().st_size / 1e6:.1f} MB {args.format})")
        print(result.stderr.strip())
        print(f"exit code {result.code}; output records {count} (input {size}); "
              f"error records {errors} (bad written {expected_bad}); "
              f"line numbers in order: {ordered}")
        if count != size or errors != expected_bad or not ordered:
            print("MISMATCH: records were lost or miscounted", file=sys.stderr)
            return 1
    print()
    print(f"{'records':>8} {'seconds':>8} {'rec/s':>7} {'peak MiB':>9}  RSS MiB at 25/50/75/100%")
    for size, elapsed, rate, peak, marks in rows:
        print(f"{size:>8} {elapsed:>8.1f} {rate:>7.0f} {peak:>9.1f}  {' / '.join(marks)}")
    if len(rows) >= 2:
        print(f"peak memory ratio {rows[-1][0]} vs {rows[0][0]} records: "
              f"{rows[-1][3] / rows[0][3]:.2f}x for {rows[-1][0] / rows[0][0]:.0f}x the records")
    if args.keep is None:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
