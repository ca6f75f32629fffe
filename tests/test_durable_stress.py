"""Stress and leak tests of the durable engine (slow; run in CI).

10,000 sequential evaluations, then 8 threads x 1,000 evaluations, over every
rule-file example of the shipped programs (complete and incomplete households):
no crash, every decision equal to the native engine's, and resident memory growth
bounded. durable-rules keeps each evaluation's session in C; if sessions leaked,
the 1025th would fail and memory would grow with every evaluation.
"""

from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eligibility import EvaluationError, Household, RuleBook

pytestmark = [pytest.mark.slow, pytest.mark.durable]

#: Resident memory may grow this much over a measured run (allocator noise): a leak of
#: 1 KB per evaluation would be 10 MB over 10,000 evaluations.
RSS_BOUND = 4 * 2**20

Case = tuple[str, Household, str, date, dict[str, Any]]


def _rss() -> int:
    statm = Path("/proc/self/statm")
    if not statm.exists():
        pytest.skip("resident memory is read from /proc/self/statm (Linux)")
    return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.fixture(scope="module")
def books() -> tuple[RuleBook, RuleBook]:
    native = RuleBook.load()
    return native, native.with_engine("durable")


@pytest.fixture(scope="module")
def cases(books: tuple[RuleBook, RuleBook]) -> list[Case]:
    """Every example, with the native decision; each run once on durable (warm-up)."""
    native, durable = books
    out: list[Case] = []
    for program in native.programs.values():
        for example in program.examples:
            household = Household.model_validate(example.household)
            try:
                want = native.evaluate(program.id, household, applicant=example.applicant,
                                       on=example.on)
            except EvaluationError:
                continue
            out.append((program.id, household, want.applicant, example.on,
                        want.model_dump(exclude={"engine"})))
            durable.evaluate(program.id, household, applicant=want.applicant, on=example.on)
    assert len(out) > 20
    return out


def _run(durable: RuleBook, cases: list[Case], start: int, count: int) -> list[str]:
    problems = []
    for index in range(start, start + count):
        program_id, household, applicant, on, want = cases[index % len(cases)]
        try:
            got = durable.evaluate(program_id, household, applicant=applicant, on=on)
        except Exception as exc:  # collected, so that threads report it too
            problems.append(f"{program_id} on {on}: {exc!r}")
            continue
        if got.model_dump(exclude={"engine"}) != want:
            problems.append(f"{program_id} for {applicant} on {on}: differs from native")
    return problems


def test_10000_sequential_evaluations(books: tuple[RuleBook, RuleBook], cases: list[Case],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    _, durable = books
    _run(durable, cases, 0, 1000)  # allocator and caches settle
    before = _rss()
    problems = _run(durable, cases, 0, 10_000)
    growth = _rss() - before
    with capsys.disabled():
        print(f"\n10,000 sequential durable evaluations: RSS growth {growth / 2**10:.0f} KiB")
    assert problems == []
    assert growth < RSS_BOUND


def _threads(durable: RuleBook, cases: list[Case], count: int) -> list[str]:
    problems: list[str] = []
    lock = threading.Lock()

    def work(offset: int) -> None:
        found = _run(durable, cases, offset, count)
        with lock:
            problems.extend(found)

    threads = [threading.Thread(target=work, args=(k * 31,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return problems


def test_8_threads_of_1000_evaluations(books: tuple[RuleBook, RuleBook], cases: list[Case],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    _, durable = books
    start = _rss()
    # The first threaded run grows memory once (the C allocator's per-thread arenas).
    warm_up = _threads(durable, cases, 100)
    before = _rss()
    problems = _threads(durable, cases, 1000)
    growth = _rss() - before
    with capsys.disabled():
        print(f"\n8 threads x 1,000 durable evaluations: RSS growth {growth / 2**10:.0f} KiB "
              f"(after a first threaded run that took {(before - start) / 2**10:.0f} KiB)")
    assert warm_up == []
    assert problems == []
    assert growth < RSS_BOUND
