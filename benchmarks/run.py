"""Benchmark the native engine against hand-written Python, program by program.

For every shipped program, the inputs are the program's own rule-file examples
(complete data only: the hand-written floor does not handle unknown facts). For
each input the script first checks that the floor and the engine agree on the
outcome and on every criterion result, then times, in one run on one machine:

- ``floor``: the hand-written function (``benchmarks/floors.py``);
- ``core``: the native engine's fast path — outcome and criterion results, before the
  values read and the outputs are computed (``engine.compiled(program, on).core``);
- ``decision``: the full ``book.evaluate``, which also computes the values read and the
  outputs and builds the ``Decision`` model with texts, amounts and sources (target: at
  most 10 times the floor, program by program);
- ``+next``: ``book.evaluate(..., next_change=True)``, with the look-ahead for the
  decision's next change (``Decision.next_change``); ``next/decision`` is its cost.

Then, in the same run: µs per decision by household size, the start-up of a one-off
``eligibility check`` (``startup.py``), the columnar engine over a generated roster
(``columnar_bench.py``), a reform compared over a roster of the same size
(``diff_bench.py``), and the worst rule book the loader accepts.

Only ratios measured in the same run are meaningful: machines are shared and noisy.

Usage: ``python benchmarks/run.py [--rounds N] [--repeat R] [--json FILE] [--durable]
[--roster-households N] [--startup-runs N]``
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from eligibility import EligibilityError, Household, Person, RuleBook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floors import FLOORS

Case = tuple[Household, Person, date]


def cases_for(book: RuleBook, program_id: str) -> list[Case]:
    """The program's examples with complete data, as (household, applicant, date)."""
    program = book.program(program_id)
    out: list[Case] = []
    for example in program.examples:
        try:
            decision = book.evaluate(program_id, example.household,
                                     applicant=example.applicant, on=example.on)
        except EligibilityError:
            continue
        if not program.in_force(example.on) or any(
            c.result.value == "unknown" for c in decision.criteria
        ):
            continue
        household = Household.model_validate(example.household)
        out.append((household, household.person(decision.applicant), example.on))
    return out


def best_times(fns: list[Callable[[Household, Person, date], Any]], cases: list[Case],
               rounds: list[int], repeat: int) -> list[float]:
    """Best mean microseconds per call of each function, over ``repeat`` runs.

    The functions take turns within each run, so that a noisy neighbour slows them
    alike and the ratios between them stay meaningful.
    """
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for index, (fn, count) in enumerate(zip(fns, rounds, strict=True)):
            start = time.perf_counter_ns()
            for _ in range(count):
                for h, a, on in cases:
                    fn(h, a, on)
            elapsed = time.perf_counter_ns() - start
            best[index] = min(best[index], elapsed / 1000 / (count * len(cases)))
    return best


def check_agreement(book: RuleBook, program_id: str, cases: list[Case]) -> None:
    program = book.program(program_id)
    floor = FLOORS[program_id]
    for h, a, on in cases:
        outcome, values, _ = book.engine.compiled(program, on).core(h, a, on)  # type: ignore[attr-defined]
        expected = floor(h, a, on)
        if (outcome, tuple(values)) != expected:
            raise SystemExit(f"{program_id}: floor and engine disagree for {h.id}/{a.id} on {on}: "
                             f"engine {(outcome, values)}, floor {expected}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default=None, help="rule book directory (default: shipped)")
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None, help="also write results as JSON")
    parser.add_argument("--durable", action="store_true", help="also time the durable engine")
    parser.add_argument("--roster-households", type=int, default=1_000_000,
                        help="households of the columnar roster benchmark (0: skip it)")
    parser.add_argument("--startup-runs", type=int, default=21,
                        help="runs of the one-off check start-up benchmark (0: skip it)")
    args = parser.parse_args(argv)

    book = RuleBook.load(args.rules)
    rows: list[dict[str, Any]] = []
    print(f"python {platform.python_version()} on {platform.machine()}; "
          f"rule book {book.content_hash[:12]}; {len(book.programs)} programs")
    header = f"{'program':42} {'cases':>5} {'floor µs':>9} {'core µs':>8} {'core/floor':>10} " \
             f"{'decision µs':>11} {'decision/floor':>14} {'+next µs':>9} {'next/decision':>13}"
    print(header)
    print("-" * len(header))
    for program_id, program in book.programs.items():
        cases = cases_for(book, program_id)
        if program_id not in FLOORS or not cases:
            reason = "no hand-written floor" if program_id not in FLOORS else "no complete cases"
            print(f"{program_id:42} {reason}")
            continue
        check_agreement(book, program_id, cases)
        rounds = max(1, args.rounds // max(1, len(cases) // 4))
        floor_us, core_us, decision_us, next_us = best_times(
            [FLOORS[program_id],
             lambda h, a, on, p=program: book.engine.compiled(p, on).core(h, a, on),
             lambda h, a, on, p=program: book.evaluate(p, h, applicant=a, on=on),
             lambda h, a, on, p=program: book.evaluate(p, h, applicant=a, on=on,
                                                       next_change=True)],
            cases, [rounds, rounds, max(1, rounds // 20), max(1, rounds // 40)], args.repeat)
        row = {"program": program_id, "cases": len(cases), "floor_us": floor_us,
               "core_us": core_us, "core_ratio": core_us / floor_us,
               "decision_us": decision_us, "decision_ratio": decision_us / floor_us,
               "next_us": next_us, "next_ratio": next_us / decision_us}
        rows.append(row)
        print(f"{program_id:42} {len(cases):5} {floor_us:9.2f} {core_us:8.2f} "
              f"{core_us / floor_us:10.2f} {decision_us:11.1f} {decision_us / floor_us:14.1f} "
              f"{next_us:9.1f} {next_us / decision_us:13.2f}")
    if rows:
        total_floor = sum(r["floor_us"] for r in rows)
        total_core = sum(r["core_us"] for r in rows)
        worst = max(rows, key=lambda r: r["core_ratio"])
        print(f"\nall programs: core/floor = {total_core / total_floor:.2f} "
              f"(worst: {worst['program']} {worst['core_ratio']:.2f}); target <= 2.00")
        within = [r for r in rows if r["decision_ratio"] <= 10]
        worst = max(rows, key=lambda r: r["decision_ratio"])
        print(f"decision/floor <= 10 for {len(within)} of {len(rows)} programs (worst: "
              f"{worst['program']} {worst['decision_ratio']:.1f}); target <= 10 for each")
        total_decision = sum(r["decision_us"] for r in rows)
        total_next = sum(r["next_us"] for r in rows)
        print(f"the look-ahead for next_change: +next/decision = "
              f"{total_next / total_decision:.2f}")
    result: dict[str, Any] = {"python": platform.python_version(), "rows": rows}
    from household_size import per_decision

    print("\nµs per decision by household size (screen, n children and n records):")
    result["household_size"] = []
    for size, count, us in per_decision(book):
        result["household_size"].append({"children": size, "decisions": count, "us": us})
        print(f"  {size:3} children: {count:4} decisions, {us:7.1f} µs per decision")
    if args.startup_runs:
        from startup import measure

        print(f"\none-off check start-up ({args.startup_runs} runs each, interleaved):")
        result["startup"] = measure(args.startup_runs)
        for kind, found in result["startup"].items():
            print(f"  eligibility check, {kind:8}: median {found['median'] * 1000:4.0f} ms "
                  f"wall (best {found['best'] * 1000:4.0f} ms), median "
                  f"{found['cpu'] * 1000:4.0f} ms CPU"
                  f"{'; target <= 300 ms median wall' if kind == 'cached' else ''}")
    if args.roster_households:
        from columnar_bench import main as columnar

        print("\ncolumnar engine over a generated roster:")
        columnar(["--households", str(args.roster_households), "--compare"])
        from diff_bench import main as reform_diff

        print("\na reform compared over a generated roster (RuleBook.diff):")
        reform_diff(["--households", str(args.roster_households)])
    if args.durable:
        from durable_bench import bench

        result["durable"] = bench(book, None, None)
        print(json.dumps(result["durable"], indent=2, default=str))
        from durable_memory import measure

        result["durable_memory"] = measure(40)
        print(json.dumps(result["durable_memory"], indent=2))
    from worst_case import main as worst_case

    print("\nthe worst rule book the loader accepts, against a plain rule:")
    status = worst_case(["--durable"] if args.durable else [])
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
