"""Timelines: the periods of one program's outcome for one applicant, computed from the
rules' change points, never day by day.

Between two of the program's change dates (versions, parameters, criteria's ``from`` and
``until``) and the birth dates of the people of the file (who take part from birth), the
parameters, the criteria in force and the household are fixed, and a criterion or an
output can only change on a date one of its clocks ticks on (:mod:`.ticks`). So the scan
evaluates the program (with the rule book's engine) on the next such date only:

* while the applicant is eligible or undetermined, the next tick of any criterion or
  output in force;
* while ineligible, the latest of the next ticks of the criteria that fail: until every
  one of them has had a chance to change, the outcome cannot change either (and an
  ineligible decision has no benefit to change).

A scan records a boundary where the outcome or the benefit differs from the day before;
:mod:`.changes` then says why.
"""

from __future__ import annotations

import bisect
import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from eligibility._compile.ir import Definition, Program
from eligibility._engines.protocol import Engine, Evaluation, Verdict
from eligibility._model.household import Household, Person
from eligibility._model.values import Absent, Unknown
from eligibility._model.vocabulary import Outcome

from .ticks import DAY, Ticker, anniversary, tickers

__all__ = ["LOOK_AHEAD_YEARS", "Scanner", "State", "benefit_of", "horizon"]

#: How far ahead a decision looks for its next change (``Decision.next_change``), and
#: "what would change the outcome" for a date from which it does.
LOOK_AHEAD_YEARS = 100


#: Per program, the parameter values and criteria of each period between change dates.
_EPOCHS: weakref.WeakKeyDictionary[Program, dict[int, tuple[dict[str, Any], list[str]]]] = \
    weakref.WeakKeyDictionary()
_EPOCHS_LOCK = threading.Lock()


def horizon(on: date) -> date:
    """The last day looked at from ``on``: :data:`LOOK_AHEAD_YEARS` later, or the end of
    the calendar."""
    if on.year + LOOK_AHEAD_YEARS > date.max.year:
        return date.max
    return anniversary(on, on.year + LOOK_AHEAD_YEARS)


def benefit_of(outputs: Mapping[str, Any]) -> tuple[dict[str, Decimal], dict[str, str | bool]]:
    """An evaluation's outputs as a decision records them: amounts (numbers) and details
    (texts and flags); unknown outputs, and those not given in this case, are left out."""
    amounts: dict[str, Decimal] = {}
    details: dict[str, str | bool] = {}
    for name, value in outputs.items():
        if isinstance(value, (Unknown, Absent)):
            continue
        if isinstance(value, (bool, str)):
            details[name] = value if isinstance(value, bool) else str(value)
        else:
            amounts[name] = Decimal(value)
    return amounts, details


@dataclass(frozen=True)
class State:
    """The program's evaluation on one day (``in_force`` false before it starts or after
    it ends: then ineligible, with no criteria)."""

    on: date
    in_force: bool
    outcome: Outcome
    verdicts: Mapping[str, Verdict] = field(default_factory=dict)
    applied: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    outputs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def benefit(self) -> tuple[dict[str, Decimal], dict[str, str | bool]]:
        return benefit_of(self.outputs)

    @property
    def key(self) -> tuple[Outcome, tuple[Any, ...], tuple[Any, ...]]:
        """What a period is made of: the outcome and the benefit."""
        amounts, details = self.benefit
        return self.outcome, tuple(sorted(amounts.items())), tuple(sorted(details.items()))


class Scanner:
    """Scans one program for one applicant of one household over ``start`` to ``end``."""

    def __init__(self, program: Program, household: Household, applicant: Person,
                 engine: Engine, definitions: Mapping[str, Definition],
                 start: date, end: date) -> None:
        self.program = program
        self.household = household
        self.applicant = applicant
        self.engine = engine
        self.definitions = definitions
        self.start = start
        self.end = end
        self._tickers: dict[tuple[int, str], list[Ticker]] = {}
        with _EPOCHS_LOCK:
            self._epochs = _EPOCHS.setdefault(program, {})
        self._households: dict[int, Household] = {}
        self._before: dict[date, State] = {}
        #: The program's change dates, and the days people of the file are born on (from
        #: which they take part): between two of them, the household is the same.
        self.dates = tuple(sorted({*program.change_dates,
                                   *(p.birth_date for p in household.people
                                     if p.birth_date is not None)}))
        self._clocks = {
            **{f"criterion:{c.id}": c.clocks for c in program.criteria},
            **{f"output:{o.name}": o.clocks for o in program.outputs},
        }

    # -- evaluating ---------------------------------------------------------------------------
    def household_on(self, day: date) -> Household:
        """The household as it stands on ``day`` (without the people not yet born)."""
        index = bisect.bisect_right(self.dates, day)
        found = self._households.get(index)
        if found is None:
            found = self._households[index] = self.household.as_of(day)
        return found

    def state(self, day: date, evaluation: Evaluation | None = None) -> State:
        """The program's evaluation on ``day`` (``evaluation``: already computed)."""
        program = self.program
        if not program.in_force(day):
            return State(day, False, Outcome.INELIGIBLE)
        if evaluation is None:
            evaluation = self.engine.evaluate(program, self.household_on(day), self.applicant,
                                              day)
        ids = self.epoch(day)[1]
        return State(day, True, evaluation.outcome,
                     dict(zip(ids, evaluation.verdicts, strict=True)),
                     dict(zip(ids, evaluation.applied, strict=True)), dict(evaluation.outputs))

    def epoch(self, day: date) -> tuple[dict[str, Any], list[str]]:
        """The parameter values and the ids of the criteria in force on ``day``'s period
        (found once per program and period, for every scan)."""
        index = self.program.epoch(day)
        found = self._epochs.get(index)
        if found is None:
            found = (self.program.params_at(day),
                     [c.id for c in self.program.active_criteria(day)])
            self._epochs[index] = found
        return found

    # -- where to look next -------------------------------------------------------------------
    def segment_end(self, day: date) -> date:
        """The last day of the period between change dates (and births) that ``day`` falls
        in, capped at the scan's end."""
        dates = self.dates
        index = bisect.bisect_right(dates, day)
        last = dates[index] - DAY if index < len(dates) else date.max
        return min(last, self.end)

    def part_tickers(self, day: date, part: str) -> list[Ticker]:
        """The tickers of a criterion (``criterion:ID``) or an output (``output:NAME``) over
        the rest of ``day``'s period."""
        dates = self.dates
        index = bisect.bisect_right(dates, day)
        key = (index, part)
        found = self._tickers.get(key)
        if found is None:
            if not self._clocks[part]:
                self._tickers[key] = []
                return []
            lo = max(dates[index - 1] if index else self.start, self.start)
            found = tickers(self._clocks[part], self.household_on(day), self.applicant,
                            self.epoch(day)[0], self.definitions, lo, self.segment_end(day))
            self._tickers[key] = found
        return found

    def next_tick(self, day: date, part: str) -> date | None:
        ticks = [t for t in (k.next_after(day) for k in self.part_tickers(day, part))
                 if t is not None]
        return min(ticks) if ticks else None

    def next_candidate(self, state: State) -> tuple[date | None, bool]:
        """The next day, within ``state``'s period, on which the outcome or the benefit may
        differ from ``state``'s (``None`` if none before the period ends), and whether every
        criterion and output keeps ``state``'s value until the day before (not so when an
        ineligible scan skips ahead)."""
        if not state.in_force:
            return None, True
        day = state.on
        if state.outcome is Outcome.INELIGIBLE:
            latest = day
            for criterion_id, verdict in state.verdicts.items():
                if verdict is False:
                    tick = self.next_tick(day, f"criterion:{criterion_id}")
                    if tick is None:
                        return None, False
                    latest = max(latest, tick)
            return (latest if latest > day else None), False
        parts = [f"criterion:{c}" for c in state.verdicts]
        parts += [f"output:{o.name}" for o in self.program.outputs]
        ticks = [t for t in (self.next_tick(day, p) for p in parts) if t is not None]
        return (min(ticks) if ticks else None), True

    def day_before(self, state: State) -> State:
        """The evaluation on the day before ``state``'s (kept from the scan when nothing
        changed in between, else evaluated)."""
        return self._before.get(state.on) or self.state(state.on - DAY)

    # -- scanning -----------------------------------------------------------------------------
    def boundaries(self, first: State, *, stop_at_first: bool = False) -> list[State]:
        """The states on the days (after ``first``'s, up to the end) on which the outcome or
        the benefit differs from the day before, in order."""
        found: list[State] = []
        current = first
        while True:
            following, exact = self.next_candidate(current)
            if following is None:
                period_end = self.segment_end(current.on)
                if period_end >= self.end:
                    return found
                following = period_end + DAY
            state = self.state(following)
            if state.key != current.key:
                if exact:
                    self._before[following] = current
                found.append(state)
                if stop_at_first:
                    return found
            current = state
