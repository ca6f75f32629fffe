"""How long ``RuleBook.load()`` takes, and the share of reading the YAML files.

A one-off ``eligibility check`` pays for a load before anything else. Times, best of
``--rounds`` in one process, after one warm-up load:

- ``load``: ``RuleBook.load()`` of the shipped rule pack (read, check, compile);
- ``yaml``: reading the rule files' YAML alone (with positions), the part the loader
  spends in the YAML parser.

With ``--against SRC`` the same is measured, in the same run and alternately, for the
package in another source tree (``SRC/eligibility``, e.g. an older checkout's ``src``),
and the ratios printed: machines are shared and noisy, only ratios from one run mean
anything.

Usage: ``python benchmarks/load_bench.py [--rounds N] [--against SRC] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

_PROBE = r"""
import json, sys, time
from eligibility import RuleBook, default_rules_path
root = default_rules_path()
texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))]
try:
    from eligibility._rulefiles.yaml import load_yaml
except ImportError:  # pragma: no cover - a tree without it
    load_yaml = None
RuleBook.load(root)
def best(fn, rounds):
    out = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - start)
    return out
rounds = int(sys.argv[1])
result = {"load": best(lambda: RuleBook.load(root), rounds)}
if load_yaml is not None:
    result["yaml"] = best(lambda: [load_yaml("f.yaml", t) for t in texts], rounds)
print(json.dumps(result))
"""


def _measure(src: Path | None, rounds: int) -> dict[str, float]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run([sys.executable, "-c", _PROBE, str(rounds)], env=env, check=True,
                          capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="alternations with --against")
    parser.add_argument("--against", type=Path, default=None,
                        help="another source tree to compare with, in the same run")
    parser.add_argument("--json", type=Path, default=None, help="also write the result")
    args = parser.parse_args(argv)
    here = Path(__file__).resolve().parents[1] / "src"
    trees: dict[str, Path | None] = {"this": here if (here / "eligibility").is_dir() else None}
    if args.against is not None:
        trees["against"] = args.against.resolve()
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.repeat if args.against else 1):
        for name, src in trees.items():
            for part, seconds in _measure(src, args.rounds).items():
                slot = best.setdefault(name, {})
                slot[part] = min(slot.get(part, float("inf")), seconds)
    result: dict[str, Any] = {name: {k: round(v * 1000, 2) for k, v in parts.items()}
                              for name, parts in best.items()}
    for name, parts in result.items():
        shown = ", ".join(f"{part} {ms:.1f} ms" for part, ms in parts.items())
        print(f"{name:8} {shown}")
    if "against" in best:
        ratio = best["against"]["load"] / best["this"]["load"]
        result["load_ratio"] = round(ratio, 2)
        print(f"RuleBook.load(): {ratio:.1f}x faster than {args.against}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
