"""Decisions per second of the durable engine (durable-rules, Rete) against the native engine.

For every shipped program the inputs are its rule-file examples (complete and
incomplete households alike), or the households given: every person the program
applies to, on the given date. Both engines decide the same inputs, in alternating
rounds on one machine (shared machines are noisy: only ratios from one run mean
anything); each figure is the best round.

- ``decide``: the full ``book.evaluate`` (the ``Decision`` with texts, values read,
  amounts) — what a caller gets;
- ``core``: the engine's part alone (``book.engine.evaluate``), the outcome and
  criterion results.

Usage: ``python benchmarks/durable_bench.py [--rules DIR] [--seconds S] [--json FILE]``
(needs ``pip install '.[durable]'``, Python < 3.13). ``benchmarks/run.py --durable``
calls :func:`bench`.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from eligibility import (
    EligibilityError,
    EngineUnavailableError,
    Household,
    Person,
    Program,
    RuleBook,
)

Case = tuple[Household, Person, date]


def cases_for(book: RuleBook, program: Program, households: Sequence[Household] | None,
              on: date | None) -> list[Case]:
    """The inputs for one program: its examples, or the given households on ``on``."""
    out: list[Case] = []
    if households is not None:
        day = on or date.today()
        for household in households:
            out.extend((household, person, day) for person in book.applicants(program, household))
    else:
        for example in program.examples:
            household = Household.model_validate(example.household)
            try:
                decision = book.evaluate(program.id, household, applicant=example.applicant,
                                         on=on or example.on)
            except EligibilityError:
                continue
            out.append((household, household.person(decision.applicant), on or example.on))
    return out


def _rate(fn: Callable[[Household, Person, date], Any], cases: list[Case],
          seconds: float) -> float:
    """Calls per second of ``fn`` over ``cases``, cycling for about ``seconds``."""
    calls = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for household, person, day in cases:
            fn(household, person, day)
        calls += len(cases)
        now = time.perf_counter()
        if now >= deadline:
            return calls / (now - start)


def bench(book: RuleBook, households: Sequence[Household] | None = None,
          on: date | None = None, *, seconds: float = 0.3, rounds: int = 3) -> dict[str, Any]:
    """Decisions per second, native and durable, for every program of ``book``.

    Args:
        book: the rule book (its engine does not matter: both are made from it).
        households: inputs; by default each program's rule-file examples.
        on: the evaluation date for ``households`` (default: today), or, with the
            examples, a date replacing theirs.
        seconds: time spent per program, engine and measure in each round.
        rounds: alternating rounds; the best is kept.

    Returns:
        A JSON-ready dict: per program the number of cases, decisions per second of
        each engine for ``decide`` and ``core``, and durable/native ratios (below 1:
        durable is slower); ``all`` pools every program's cases.

    Raises:
        EngineUnavailableError: where durable-rules cannot run (Python 3.13+).
    """
    native = book.with_engine("native")
    durable = book.with_engine("durable")
    engines = {"native": native, "durable": durable}
    programs: dict[str, Any] = {}
    totals = {f"{engine}_{what}": 0.0 for engine in engines for what in ("decide", "core")}
    pooled = 0
    for program in book.programs.values():
        cases = cases_for(native, program, households, on)
        if not cases:
            continue
        best: dict[str, float] = {}
        for engine_book in engines.values():  # warm-up: compile every epoch
            for household, person, day in cases:
                engine_book.evaluate(program, household, applicant=person, on=day)
        for _ in range(rounds):
            for engine_name, engine_book in engines.items():
                measures = {
                    "decide": lambda h, a, d, b=engine_book, p=program:
                        b.evaluate(p, h, applicant=a, on=d),
                    "core": lambda h, a, d, b=engine_book, p=program:
                        b.engine.evaluate(p, h, a, d),
                }
                for what, fn in measures.items():
                    key = f"{engine_name}_{what}"
                    best[key] = max(best.get(key, 0.0), _rate(fn, cases, seconds))
        row: dict[str, Any] = {"cases": len(cases)}
        for key, value in best.items():
            row[f"{key}_per_s"] = round(value, 1)
            totals[key] += len(cases) / value  # seconds for one pass over the cases
        row["decide_ratio"] = round(best["durable_decide"] / best["native_decide"], 4)
        row["core_ratio"] = round(best["durable_core"] / best["native_core"], 4)
        programs[program.id] = row
        pooled += len(cases)
    overall: dict[str, Any] = {"cases": pooled}
    if pooled:
        for key, spent in totals.items():
            overall[f"{key}_per_s"] = round(pooled / spent, 1)
        overall["decide_ratio"] = round(totals["native_decide"] / totals["durable_decide"], 4)
        overall["core_ratio"] = round(totals["native_core"] / totals["durable_core"], 4)
    return {"python": platform.python_version(), "rulebook": book.content_hash[:12],
            "programs": programs, "all": overall}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=None,
                        help="rule book directory (default: shipped)")
    parser.add_argument("--seconds", type=float, default=0.3,
                        help="time per program, engine and measure, in each round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="also write results as JSON")
    args = parser.parse_args(argv)
    book = RuleBook.load(args.rules)
    try:
        result = bench(book, seconds=args.seconds, rounds=args.rounds)
    except EngineUnavailableError as exc:
        print(f"durable engine unavailable: {exc}", file=sys.stderr)
        return 1
    print(f"python {result['python']}; rule book {result['rulebook']}; decisions per second "
          "(best of alternating rounds)")
    header = f"{'program':42} {'cases':>5} {'native':>8} {'durable':>8} {'ratio':>6} " \
             f"{'core native':>11} {'core durable':>12} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for name, row in [*result["programs"].items(), ("all programs", result["all"])]:
        print(f"{name:42} {row['cases']:5} {row['native_decide_per_s']:8.0f} "
              f"{row['durable_decide_per_s']:8.0f} {row['decide_ratio']:6.3f} "
              f"{row['native_core_per_s']:11.0f} {row['durable_core_per_s']:12.0f} "
              f"{row['core_ratio']:6.3f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
