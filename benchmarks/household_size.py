"""µs per decision as a household grows: ``screen`` of a file with n children and n benefit
records (every program, every applicant), on the native engine, for 1, 5, 20, 30 and 50
children.

A household file holds at most 30 children (``MAX_CHILDREN``, the model's bound on a
plausible file); the household of 50 is built past that bound from validated parts (the
children and records of validated households, renamed), so that the engine's cost per
decision can be measured beyond the largest file it will be given.

Some facts are left unknown (each child's schooling), so that the three-valued fallback
runs and names missing facts by their path in the file: the cost per decision must stay
flat as the file grows, not grow with it.
"""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

from eligibility import Household, RuleBook
from eligibility._model.household import MAX_CHILDREN

ON = date(2026, 5, 20)


def household(children: int) -> Household:
    """A household of ``children`` children and as many benefit records."""
    if children <= MAX_CHILDREN:
        return _validated(children)
    # Past the file's bound: a validated household of MAX_CHILDREN, with the children and
    # records of validated households of the rest, renamed.
    home, extra = _validated(MAX_CHILDREN), []
    records = list(home.history)
    while len(extra) < children - MAX_CHILDREN:
        part = _validated(min(MAX_CHILDREN, children - MAX_CHILDREN - len(extra)),
                          first=MAX_CHILDREN + len(extra))
        extra += part.children
        records += part.history
    return home.model_copy(update={"children": (*home.children, *extra),
                                   "history": tuple(records)})


def _validated(children: int, first: int = 0) -> Household:
    data: dict[str, Any] = {
        "id": f"h-{children}",
        "affiliate": {"id": "a", "status": "retired", "birth_date": "1960-01-01",
                      "recruitment_date": "1982-01-01", "retirement_date": "2020-01-01",
                      "monthly_pension": "2400.00", "pay_scale": 8},
        "spouses": [{"id": "s1", "birth_date": "1963-05-05", "monthly_pension": "0.00"}],
        "children": [{"id": f"c{i}", "birth_date": (date(2000, 1, 1) + timedelta(days=97 * i))
                      .isoformat(), "schooling": None, "student": i % 3 == 0}
                     for i in range(first, first + children)],
        "history": [{"program": "leisure.summer-camp", "person": f"c{i}",
                     "on": (ON - timedelta(days=400 + i)).isoformat()}
                    for i in range(first, first + children)],
        "dues": "paid", "bank_account": True,
    }
    return Household.model_validate(data)


def per_decision(book: RuleBook, sizes: tuple[int, ...] = (1, 5, 20, 30, 50),
                 repeat: int = 7) -> list[tuple[int, int, float]]:
    """(children, decisions, best µs of process CPU time per decision) for each size
    (CPU time: on a shared machine, wall time measures the neighbours too)."""
    rows = []
    for size in sizes:
        home = household(size)
        best = float("inf")
        count = 0
        for _ in range(repeat):
            started = time.process_time()
            decisions = book.screen(home, on=ON)
            elapsed = time.process_time() - started
            count = len(decisions)
            best = min(best, elapsed / count * 1e6)
        rows.append((size, count, best))
    return rows


if __name__ == "__main__":
    for size, count, us in per_decision(RuleBook.load()):
        print(f"{size:4} children: {count:5} decisions, {us:7.1f} µs per decision")
