"""Clocks: what makes a part of a program change its value with the evaluation date.

For one household, a criterion, an exception or a benefit output reads facts that do not
change with the date, parameters that change only on the program's change dates, and a
few values that do: the date itself (``on``), ages and years of service (on birthdays and
anniversaries), dates shifted by months or years and compared with ``on`` (24 months
after a death, a year after a benefit), the year and the month of ``on`` (calendar-year
limits, a season). A :class:`Clock` names one such value as the rules write it, where it
sits (inside which quantifier or shared definition), and what it is compared with; the
date-dependence analysis (:mod:`.timing`) finds them once, at compile time, and the IR
keeps them on each criterion and output (``clocks``).

Given a household, a clock yields the dates on which its value can change (its *ticks*):
between two ticks and two change dates, the part's value is constant. So a timeline is
computed by evaluating on those dates alone, never day by day.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from eligibility._language.ast import Node

__all__ = ["Clock", "Frame", "Measure", "Since"]


class Measure(StrEnum):
    """What the date-dependent value of a clock measures (which dates it ticks on)."""

    #: The completed years of a person (``p.age``, ``p.age_on(on)``): ticks on birthdays.
    AGE = "age"
    #: The affiliate's completed years of service (``seniority``): ticks on anniversaries
    #: of recruitment.
    SERVICE = "service"
    #: The evaluation date itself, maybe shifted (``on``, ``add_years(on, -1)``): ticks
    #: every day, or, compared with a fixed date, on the day it is reached.
    DATE = "date"
    #: ``years_between(d, on)``, ``months_between(d, on)``, ``days_between(d, on)``.
    YEARS = "years"
    MONTHS = "months"
    DAYS = "days"
    #: ``year(on)``: ticks on 1 January.
    YEAR = "year"
    #: ``month(on)``: ticks on the first of every month (a season).
    MONTH = "month"
    #: ``day(on)``: ticks every day.
    DAY = "day"
    #: A spouse's ``category`` and ``divorced``, read on the date: tick on the divorce date.
    DIVORCE = "divorce"
    #: Anything else the date enters (a date-dependent quantifier's collection, or
    #: definition argument): ticks every day, which is always safe.
    ANY = "any"


@dataclass(frozen=True)
class Frame:
    """One step from a part's environment to the environment of a nested expression:
    a quantifier's variable over its collection (``kind`` ``"loop"``, one name, one node),
    or a shared definition's parameters bound to a call's arguments (``"call"``; the
    definition's body sees only ``household`` and its parameters). ``text`` is the
    quantifier or the call as written."""

    kind: str
    names: tuple[str, ...]
    nodes: tuple[Node, ...]
    text: str = ""


@dataclass(frozen=True)
class Since:
    """A comparison of the date with ``amount`` ``unit`` after ``anchor``: ``on <
    add_months(death_date, 24)`` or ``r.on > add_years(on, -1)`` (``negate``: the amount
    is written on ``on``'s side, with the opposite sign)."""

    unit: str  # "days", "months" or "years"
    amount: Node
    anchor: Node
    negate: bool = False


@dataclass(frozen=True)
class Clock:
    """A date-dependent value of a part of a program, as the rules write it.

    Attributes:
        measure: what it measures, which says on which dates it ticks.
        term: the date-dependent expression (``applicant.age``, ``on``, ``year(on)``).
        bound: the date-independent expression it is compared with, if any
            (``child_age_limit``, ``add_months(...death_date, survivor_cover_months)``):
            then it ticks only where ``term`` reaches ``bound`` (at most twice, since
            ``term`` is monotone: see ``direction``).
        op: how ``term`` is compared with ``bound`` (``term op bound``: ``<``, ``<=``,
            ``==``, ``in``...), which says whether the comparison flips where the term
            reaches the bound or where it passes it (``""`` without a bound).
        direction: ``1`` if ``term`` never decreases as the date advances, ``-1`` if it
            never increases, ``0`` if neither is known (it ticks on every step of its
            measure).
        frames: how its environment is reached from the part's (quantifiers and shared
            definitions it sits in), outermost first.
        anchor: whose age or service (a person), or from which date ``years``, ``months``
            or ``days`` are counted.
        since: for a date compared with a date shifted by a number of units, that shift.
        text: the comparison (or the value) as written in the rules.
    """

    measure: Measure
    term: Node
    bound: Node | None
    direction: int
    op: str
    frames: tuple[Frame, ...]
    anchor: Node | None
    since: Since | None
    text: str

    @property
    def site(self) -> str:
        """The text where the part itself reads the clock, that is the outermost shared
        definition it calls (``aged_at_most(applicant, child_age_limit)``), or else the
        clock's own text."""
        return next((f.text for f in self.frames if f.kind == "call" and f.text), self.text)
