"""Rule-file examples run as tests: each one's decision against what it expects."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from eligibility._compile.ir import Expectation
from eligibility._model.decision import Decision

__all__ = ["ExampleResult", "compare_expectation"]


@dataclass(frozen=True)
class ExampleResult:
    """One rule-file example run: passed, or the differences found."""

    program: str
    name: str
    file: str
    failures: tuple[str, ...] = ()
    decision: Decision | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


def compare_expectation(expect: Expectation, decision: Decision) -> list[str]:
    """Differences between an example's expectation and a decision (empty if it matches)."""
    failures = []
    if decision.outcome is not expect.outcome:
        failures.append(f"outcome: expected {expect.outcome}, got {decision.outcome}")
    for name, amount in expect.amounts.items():
        got = decision.amounts.get(name)
        if got is None or Decimal(got) != Decimal(amount):
            failures.append(f"amounts.{name}: expected {amount}, got {got}")
    for name, detail in expect.details.items():
        if decision.details.get(name) != detail:
            failures.append(f"details.{name}: expected {detail!r}, "
                            f"got {decision.details.get(name)!r}")
    results = {c.id: c for c in decision.criteria}
    for cid, want in expect.criteria.items():
        got_result = results[cid].result.value if cid in results else "inactive"
        if got_result != want:
            failures.append(f"criteria.{cid}: expected {want}, got {got_result}")
    for cid, want_exc in expect.exceptions.items():
        got_exc = results[cid].exceptions if cid in results else []
        if list(got_exc) != list(want_exc):
            failures.append(f"exceptions.{cid}: expected {list(want_exc)}, got {got_exc}")
    if expect.missing is not None and sorted(expect.missing) != decision.missing:
        failures.append(f"missing: expected {sorted(expect.missing)}, got {decision.missing}")
    for name in expect.absent:
        given: object = decision.amounts.get(name, decision.details.get(name))
        if given is not None:
            failures.append(f"{name}: expected no value (not given in this case), got {given}")
    if expect.version is not None and expect.version != decision.version:
        failures.append(f"version: expected {expect.version}, got {decision.version}")
    return failures
