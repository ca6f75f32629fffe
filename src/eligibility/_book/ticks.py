"""The dates on which a program's clocks tick, for one household (see
:mod:`eligibility._compile.clocks`).

A :class:`Ticker` is one clock of one part (a criterion or an output), evaluated for one
environment (each item of the quantifiers it sits in, each call of the definitions) over
one period in which the parameters do not change. A clock compared with a bound ticks
where its monotone term reaches the bound — found by bisection on the date, evaluating
the term with the three-valued interpreter (or at once, for the date itself); a clock
without a bound ticks on every step of its measure (birthdays, first days of months...).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from eligibility._compile.ir import Clock, Definition, Frame, Measure
from eligibility._engines.interpreter import Context, evaluate
from eligibility._language.ast import Attr, Call, Name, Node
from eligibility._model.errors import EvaluationError
from eligibility._model.household import Affiliate, Household, Person, Spouse
from eligibility._model.values import Unknown

__all__ = ["DAY", "Ticker", "anniversary", "later", "tickers"]

DAY = timedelta(days=1)


def later(day: date, days: int = 1) -> date | None:
    """``days`` days after ``day``; ``None`` past the end of the calendar."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def anniversary(start: date, year: int) -> date:
    """The anniversary of ``start`` in ``year``: 29 February falls on 1 March in a common
    year (when an age or a number of years completes, see ``age_on``)."""
    try:
        return start.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def _next_anniversary(start: date, after: date) -> date | None:
    for year in (after.year, after.year + 1):
        if year > date.max.year:
            return None
        candidate = anniversary(start, year)
        if candidate > after:
            return candidate
    return None  # pragma: no cover - the next year's anniversary is always later


def _next_year(after: date) -> date | None:
    return date(after.year + 1, 1, 1) if after.year < date.max.year else None


def _next_month(after: date) -> date | None:
    if after.year == date.max.year and after.month == 12:
        return None
    return date(after.year + (after.month == 12), after.month % 12 + 1, 1)


def _earliest(*found: date | None) -> date | None:
    dates = [d for d in found if d is not None]
    return min(dates) if dates else None


def _next_monthly(start: date, after: date) -> date | None:
    """The next first day of a month, or day of ``start``'s day (or the day after) of a
    month: where months counted from ``start`` (or to it) change."""
    following = _next_month(after)
    candidates = [following]
    for month_start in (after.replace(day=1), following):
        for day in (start.day, start.day + 1):
            try:
                candidates.append(None if month_start is None else month_start.replace(day=day))
            except ValueError:
                continue
    return _earliest(*(c for c in candidates if c is not None and c > after))


@dataclass(frozen=True)
class Ticker:
    """One clock of one part, for one environment, over ``lo`` to ``hi``: the dates in
    that period (``lo`` excluded) on which the clock's value can change.

    ``crossings`` holds them when the clock is compared with a bound; otherwise ``step``
    gives the next one after a date.
    """

    clock: Clock
    env: Mapping[str, Any]
    lo: date
    hi: date
    crossings: tuple[date, ...] | None = None
    step: Callable[[date], date | None] | None = None

    def next_after(self, day: date) -> date | None:
        """The first tick strictly after ``day``, within the period; ``None`` if none."""
        if self.crossings is not None:
            index = bisect.bisect_right(self.crossings, day)
            return self.crossings[index] if index < len(self.crossings) else None
        assert self.step is not None
        found = self.step(max(day, self.lo))
        return found if found is not None and found <= self.hi else None

    def ticks_on(self, day: date) -> bool:
        return self.next_after(day - DAY) == day


def tickers(clocks: Sequence[Clock], household: Household, applicant: Person,
            params: Mapping[str, Any], definitions: Mapping[str, Definition],
            lo: date, hi: date) -> list[Ticker]:
    """The tickers of ``clocks`` (one part's) for ``applicant`` of ``household``, over
    ``lo`` to ``hi``, with the parameter values ``params`` in force throughout."""
    ctx = Context(household, lo, params, definitions)
    base = {"applicant": applicant, "household": household}
    out: list[Ticker] = []
    for clock in clocks:
        for env in _environments(clock.frames, base, ctx):
            try:
                out.extend(_instantiate(clock, env, ctx, lo, hi))
            except EvaluationError:
                continue  # the rule fails on this value: evaluating says so, not the ticks
    return out


def _environments(frames: Sequence[Frame], env: Mapping[str, Any], ctx: Context
                  ) -> Iterator[Mapping[str, Any]]:
    if not frames:
        yield env
        return
    frame, rest = frames[0], frames[1:]
    try:
        values = [evaluate(node, ctx, env) for node in frame.nodes]
    except EvaluationError:
        return
    if frame.kind == "loop":
        if isinstance(values[0], Unknown):
            return
        for item in values[0]:
            yield from _environments(rest, {**env, frame.names[0]: item}, ctx)
    else:
        inner = {"household": ctx.household, **dict(zip(frame.names, values, strict=True))}
        yield from _environments(rest, inner, ctx)


def _instantiate(clock: Clock, env: Mapping[str, Any], ctx: Context, lo: date, hi: date
                 ) -> list[Ticker]:
    if clock.bound is None:
        step = _step(clock, env, ctx)
        return [] if step is None else [Ticker(clock, env, lo, hi, step=step)]
    bound = evaluate(clock.bound, ctx, env)
    if isinstance(bound, Unknown):
        return []
    values = bound if isinstance(bound, tuple) else (bound,)
    found: set[date] = set()
    for value in values:
        found |= _crossings(clock, env, ctx, value, lo, hi)
    return [Ticker(clock, env, lo, hi, crossings=tuple(sorted(found)))] if found else []


#: For a term that never decreases, the comparisons that flip where it reaches the bound
#: (``term >= bound`` starts to hold); the others flip where it passes it (``term >
#: bound``). For a term that never increases, the other way round.
_FLIP_ON_REACHING = {1: frozenset({"<", ">="}), -1: frozenset({">", "<="})}
_FLIP_ON_PASSING = {1: frozenset({"<=", ">"}), -1: frozenset({">=", "<"})}


def _crossings(clock: Clock, env: Mapping[str, Any], ctx: Context, bound: Any,
               lo: date, hi: date) -> set[date]:
    """Where the monotone term reaches ``bound``, or passes it, as its comparison asks."""
    term, op = clock.term, clock.op
    reaching = op not in _FLIP_ON_PASSING[clock.direction]
    passing = op not in _FLIP_ON_REACHING[clock.direction]
    if isinstance(term, Name) and term.id == "on":  # the date itself: no need to search
        if not isinstance(bound, date):
            return set()
        return {d for d, wanted in ((bound, reaching), (later(bound), passing))
                if wanted and d is not None and lo < d <= hi}
    if _is_age(term) and clock.direction == 1 and isinstance(bound, (int, Decimal)):
        return _birthdays(term, env, ctx, bound, lo, hi, reaching, passing)
    if isinstance(term, Call) and term.func == "year" and isinstance(term.args[0], Name) \
            and term.args[0].id == "on" and isinstance(bound, int):
        years = [y for y, wanted in ((bound, reaching), (bound + 1, passing)) if wanted]
        return {d for d in (date(y, 1, 1) for y in years if 1 <= y <= 9999) if lo < d <= hi}

    def value(day: date) -> Any:
        return evaluate(term, Context(ctx.household, day, ctx.params, ctx.definitions), env)

    sign = clock.direction
    found: set[date] = set()
    for strict in [s for s, wanted in ((False, reaching), (True, passing)) if wanted]:
        def reached(day: date, strict: bool = strict) -> bool | None:
            current = value(day)
            if isinstance(current, Unknown):
                return None
            difference = int(current > bound) - int(current < bound)
            return sign * difference > 0 if strict else sign * difference >= 0
        crossing = _first(reached, lo, hi)
        if crossing is not None:
            found.add(crossing)
    return found


def _is_age(term: Node) -> bool:
    if isinstance(term, Attr):
        return term.info is not None and term.info.derived == "age"
    return isinstance(term, Call) and term.func == "age_on" \
        and isinstance(term.args[1], Name) and term.args[1].id == "on"


def _birthdays(term: Node, env: Mapping[str, Any], ctx: Context, bound: int | Decimal,
               lo: date, hi: date, reaching: bool, passing: bool) -> set[date]:
    """Where an age reaches ``bound`` (the birthday of ``ceil(bound)``), or passes it (of
    ``floor(bound) + 1``)."""
    holder = term.obj if isinstance(term, Attr) else term.args[0] if isinstance(term, Call) \
        else term
    person = evaluate(holder, ctx, env)
    birth = person.birth_date if isinstance(person, Person) else None
    if birth is None:
        return set()
    found: set[date] = set()
    wanted = [(math.ceil(bound), reaching), (math.floor(bound) + 1, passing)]
    for years in (n for n, ask in wanted if ask):
        if 1 <= birth.year + years <= 9999:
            day = anniversary(birth, birth.year + years)
            if lo < day <= hi:
                found.add(day)
    return found


def _first(reached: Callable[[date], bool | None], lo: date, hi: date) -> date | None:
    """The first day in (``lo``, ``hi``] on which ``reached`` (false, then true for good)
    holds, by bisection; ``None`` if it already holds on ``lo`` or not yet on ``hi``."""
    if reached(lo) is not False or reached(hi) is not True:
        return None
    low, high = lo.toordinal(), hi.toordinal()  # reached(low) is false, reached(high) true
    while high - low > 1:
        middle = (low + high) // 2
        if reached(date.fromordinal(middle)):
            high = middle
        else:
            low = middle
    return date.fromordinal(high)


def _step(clock: Clock, env: Mapping[str, Any], ctx: Context
          ) -> Callable[[date], date | None] | None:
    """The next step of an unbounded clock after a date; ``None`` if it never steps."""
    measure = clock.measure
    if measure is Measure.YEAR:
        return _next_year
    if measure is Measure.MONTH:
        return _next_month
    if measure in (Measure.DATE, Measure.DAY, Measure.DAYS, Measure.ANY):
        return later
    anchor = None if clock.anchor is None else evaluate(clock.anchor, ctx, env)
    if measure is Measure.AGE:
        birth = anchor.birth_date if isinstance(anchor, Person) else None
        return None if birth is None else (lambda after: _next_anniversary(birth, after))
    if measure is Measure.SERVICE:
        return _service_step(anchor)
    if measure is Measure.DIVORCE:
        divorce = anchor.divorce_date if isinstance(anchor, Spouse) else None
        return None if divorce is None else (
            lambda after: divorce if divorce > after else None)
    if not isinstance(anchor, date):
        return None
    if measure is Measure.YEARS:  # anniversaries (either way), and new years
        following = later(anchor)
        return lambda after: _earliest(
            _next_anniversary(anchor, after), _next_year(after),
            None if following is None else _next_anniversary(following, after))
    return lambda after: _next_monthly(anchor, after)


def _service_step(affiliate: object) -> Callable[[date], date | None] | None:
    if not isinstance(affiliate, Affiliate) or affiliate.recruitment_date is None:
        return None
    start = affiliate.recruitment_date
    stops = [d for d in (affiliate.retirement_date, affiliate.death_date) if d is not None]
    last = min(stops) if stops else None

    def step(after: date) -> date | None:
        found = _next_anniversary(start, after)
        return None if found is None or (last is not None and found > last) else found
    return step
