"""Columnar benchmark: every shipped program over a generated roster, in bounded batches.

    python benchmarks/columnar_bench.py [--households 1000000] [--batch 100000] [--on DATE]

Households come from ``make_roster.household`` (the same generator as the roster
benchmark, without bad records). Each batch is validated by the household model, laid
out as columns (``Batch.of``), and decided by the columnar engine for every program and
applicant. The script reports, in one run:

* ``compute``: person-program decisions per second of the engine alone (the Polars
  queries, the missing facts of unknown rows and the rows left to the interpreter);
* ``end to end``: the same, counting the model validation and the column layout too;
* peak resident memory, which depends on the batch size, not on the roster's.

CPU time of the process is reported next to wall time: the machine is shared.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_roster import household

from eligibility import Household, RuleBook
from eligibility._engines.columnar import Batch, ColumnarEngine
from eligibility._engines.columnar.engine import tables_of


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--on", type=date.fromisoformat, default=date(2026, 5, 20))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    book = RuleBook.load()
    engine = ColumnarEngine(book.definitions)
    programs = [p for p in book.programs.values() if p.in_force(args.on)]
    rng = random.Random(args.seed)
    decisions = interpreted = 0
    times = {"generate": 0.0, "validate": 0.0, "layout": 0.0, "compute": 0.0}
    cpu = {"compute": 0.0}
    done = 0
    while done < args.households:
        size = min(args.batch, args.households - done)
        started = time.perf_counter()
        raw = [household(rng, done + i, args.on) for i in range(size)]
        times["generate"] += time.perf_counter() - started
        started = time.perf_counter()
        homes = [Household.model_validate(data).as_of(args.on) for data in raw]
        times["validate"] += time.perf_counter() - started
        del raw
        started = time.perf_counter()
        batch = Batch.of(homes, args.on)
        tables = tables_of(batch)
        times["layout"] += time.perf_counter() - started
        started, cpu_started = time.perf_counter(), time.process_time()
        for program in programs:
            result = engine.run(program, batch, args.on, tables)
            decisions += result.frame.height
            interpreted += len(result.decided)
        times["compute"] += time.perf_counter() - started
        cpu["compute"] += time.process_time() - cpu_started
        done += size
        print(f"  {done:>9} households, {decisions:>10} decisions", file=sys.stderr)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    end_to_end = times["validate"] + times["layout"] + times["compute"]
    print(f"{args.households} households in batches of {args.batch}, on {args.on}: "
          f"{decisions} person-program decisions ({interpreted} by the interpreter)")
    print(f"compute      {times['compute']:8.2f} s wall ({cpu['compute']:.2f} s CPU)  "
          f"{decisions / times['compute'] / 1e6:6.2f} M decisions/s")
    print(f"end to end   {end_to_end:8.2f} s wall (validate {times['validate']:.2f}, layout "
          f"{times['layout']:.2f})  {decisions / end_to_end / 1e6:6.2f} M decisions/s")
    print(f"peak RSS     {peak:8.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
