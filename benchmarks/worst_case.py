"""The worst rule book the loader accepts evaluates in bounded time, on both engines.

Builds a rule book at every limit of the language at once (``eligibility._compile.
reference.LIMITS``): whole numbers just below 10**40; definitions chained as deep as
they may go once written out; exceptions nested as deep as allowed; a program whose
conditions, definitions written out, are just under the size limit; an expression of the
longest length, with nested quantifiers. It must load (the test of the limits is that it
does), and then its decisions are timed against a plain rule (``applicant.age >= 18``),
in the same run, on a household with every kind of person:

- ``first``: loading and the first decision (the engine compiles the program then);
- ``decide``: one more decision, the best of several rounds.

The ratios worst/plain must stay within :data:`BUDGET`; the script exits 1 otherwise
(``nox -s bench`` runs it). Only ratios measured in one run mean anything.

Usage: ``python benchmarks/worst_case.py [--durable] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from eligibility import RuleBook, RuleBookError
from eligibility._compile.reference import LIMITS

#: Largest accepted ratio of the worst rule book's time to the plain rule's.
BUDGET = {"first": 400.0, "decide": 400.0}

HEAD = """\
id: social.{name}
domain: social-aid
applies_to: [affiliate, spouse, child, parent]
title: {{ar: منحة, fr: Aide, en: Grant}}
status: illustrative
assumptions:
  - {{ar: افتراض, fr: Hypothèse, en: Assumption}}
versions:
  - {{id: "1", from: 2020-01-01}}
"""
TEXT = "    text: {ar: شرط, fr: Condition, en: Condition}\n"
HOUSEHOLD: dict[str, Any] = {
    "id": "h",
    "affiliate": {"id": "a", "status": "retired", "birth_date": "1960-01-01",
                  "recruitment_date": "1985-01-01", "retirement_date": "2020-01-01",
                  "monthly_pension": "2400", "pay_scale": 9},
    "spouses": [{"id": "s1", "birth_date": "1962-01-01"},
                {"id": "s2", "birth_date": "1970-01-01"}],
    "children": [{"id": f"c{n}", "birth_date": f"{1990 + 2 * n}-03-01", "student": n % 2 == 0,
                  "bac_year": 2010 + n, "bac_score": "15.5"} for n in range(1, 7)],
    "parents": [{"id": "p1", "birth_date": "1935-01-01"}, {"id": "p2"}],
    "history": [{"program": "social.worst", "person": "a", "on": f"{2018 + n}-01-01"}
                for n in range(6)],
}
ON = date(2025, 6, 1)


def _definitions() -> tuple[str, str]:
    """Chains at the depth limit, whole numbers near the magnitude limit, and a
    definition that stands for hundreds of nodes once written out."""
    depth = (LIMITS.expanded_depth - 3) // 2
    items = [("deep1", "household.affiliate.pay_scale + 1")]
    items += [(f"deep{n}", f"(deep{n - 1} + 1) * 1") for n in range(2, depth + 1)]
    root = 10 ** (LIMITS.magnitude_digits // 2) - 1
    items.append(("huge", f"(household.affiliate.pay_scale * 0 + {root}) * {root}"))
    items.append(("wide1", "any(p.age >= 1 and p.age < 120 and not p.disabled for p in "
                           "household.people)"))
    items += [(f"wide{n}", " and ".join([f"wide{n - 1}"] * 8)) for n in (2, 3)]
    lines = ["kind: definitions", "id: worst", "title: {ar: أسوأ, fr: Pire, en: Worst}",
             "status: illustrative", "definitions:"]
    for name, value in items:
        lines += [f"  - id: {name}", f"    value: \"{value}\"",
                  "    text: {ar: تعريف, fr: Définition, en: Definition}"]
    return "\n".join(lines) + "\n", f"deep{depth}"


def _nested(levels: int) -> str:
    lines, indent = [], "    "
    for level in range(1, levels + 1):
        lines += [f"{indent}exceptions:", f"{indent}  - id: e{level}",
                  f"{indent}    when: applicant.age > {level} and count(household.people) > 0",
                  f"{indent}    then: {'false' if level % 2 else 'true'}"]
        indent += "    "
    return "\n".join(lines) + "\n"


def _long_expression() -> str:
    term = ("any(c.age < p.age and c.birth_date != p.birth_date for c in household.children) "
            "or ")
    body = term * ((LIMITS.length - 200) // len(term))
    return f"count({body}true for p in household.people) >= 0"


def worst_program(deepest: str) -> str:
    criteria = [("deep", f"{deepest} > 0"), ("huge", "huge > 0"),
                ("long", _long_expression()), ("nested", "applicant.age >= 0")]
    text = HEAD.format(name="worst") + "criteria:\n"
    for key, when in criteria:
        text += f"  - id: {key}\n    when: \"{when}\"\n{TEXT}"
        if key == "nested":
            text += _nested(LIMITS.exception_depth)
    return text + "frequency:\n  per: career\n  max: 100\n"


def _with_calls(deepest: str, calls: int) -> str:
    head, _, frequency = worst_program(deepest).partition("frequency:")
    wide = "".join(f"  - id: wide-{n}\n    when: wide3\n{TEXT}" for n in range(calls))
    return f"{head}{wide}frequency:{frequency}"


def _fill(root: Path, deepest: str) -> None:
    """Add criteria calling ``wide3`` while the program stays within the size limit."""
    calls = 0
    while True:
        (root / "worst.yaml").write_text(_with_calls(deepest, calls + 1), encoding="utf-8")
        try:
            RuleBook.load(root)
        except RuleBookError as exc:
            if exc.codes != ["code-too-large"]:
                raise  # the book breaks another limit: the script itself is wrong
            break
        calls += 1
    (root / "worst.yaml").write_text(_with_calls(deepest, calls), encoding="utf-8")
    RuleBook.load(root)  # the worst rule book the loader accepts


def build(folder: Path) -> tuple[Path, Path]:
    """The worst rule book and the plain one, in two folders."""
    worst, plain = folder / "worst", folder / "plain"
    worst.mkdir(parents=True)
    plain.mkdir(parents=True)
    definitions, deepest = _definitions()
    (worst / "definitions.yaml").write_text(definitions, encoding="utf-8")
    _fill(worst, deepest)
    (plain / "plain.yaml").write_text(
        HEAD.format(name="plain") + "criteria:\n  - id: adult\n    when: applicant.age >= 18\n"
        + TEXT, encoding="utf-8")
    return worst, plain


def _best(fn: Callable[[], Any], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def measure(engine: str, worst: Path, plain: Path) -> dict[str, float]:
    """Seconds for the first decision (load included) and for one more, of each book."""
    out: dict[str, float] = {}
    for name, root, program in (("worst", worst, "social.worst"),
                                ("plain", plain, "social.plain")):
        def first(root: Path = root, program: str = program) -> Any:
            return RuleBook.load(root, engine=engine).evaluate(program, HOUSEHOLD, on=ON)

        out[f"{name}_first"] = _best(first, 3)
        book = RuleBook.load(root, engine=engine)
        book.evaluate(program, HOUSEHOLD, on=ON)
        out[f"{name}_decide"] = _best(
            lambda book=book, program=program: book.evaluate(program, HOUSEHOLD, on=ON), 20)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--durable", action="store_true", help="also the durable engine")
    parser.add_argument("--json", type=Path, default=None, help="also write the result")
    args = parser.parse_args(argv)
    engines = ["native", "durable"] if args.durable else ["native"]
    result: dict[str, Any] = {}
    failed = False
    with tempfile.TemporaryDirectory(prefix="eligibility-worst-") as tmp:
        worst, plain = build(Path(tmp))
        size = sum(e.size for c in RuleBook.load(worst).program("social.worst").criteria
                   for e in c.expressions())
        print(f"worst rule book: {size} nodes written out (limit {LIMITS.program_size}), "
              f"exceptions {LIMITS.exception_depth} deep, definitions "
              f"{LIMITS.expanded_depth} deep written out, whole numbers near "
              f"10**{LIMITS.magnitude_digits}")
        for engine in engines:
            times = measure(engine, worst, plain)
            ratios = {part: times[f"worst_{part}"] / times[f"plain_{part}"]
                      for part in ("first", "decide")}
            result[engine] = {**{k: round(v * 1000, 3) for k, v in times.items()},
                              **{f"{k}_ratio": round(v, 1) for k, v in ratios.items()}}
            for part, ratio in ratios.items():
                over = ratio > BUDGET[part]
                failed |= over
                print(f"{engine:8} {part:7} worst {times[f'worst_{part}'] * 1000:9.2f} ms  "
                      f"plain {times[f'plain_{part}'] * 1000:8.3f} ms  ratio {ratio:7.1f} "
                      f"(budget {BUDGET[part]:.0f}){'  OVER BUDGET' if over else ''}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
