"""Timelines: when an outcome starts and ends, and why.

A :class:`Timeline` cuts a range of dates into :class:`Period` s of one outcome and one
benefit, and says what happens on each boundary (a :class:`Change`): the
:class:`Event` s that cause it (a birthday crossing an age limit, the end of 24 months of
continued cover, a new program version, a season's first month...), each with the
criterion or benefit it changes. A decision carries its own next change
(:attr:`~eligibility.Decision.next_change`).

Everything here is a frozen pydantic model that round-trips through JSON.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from .labels import OutputLabel
from .values import Value
from .vocabulary import CriterionStatus, Language, Outcome

__all__ = ["Change", "Event", "EventKind", "Period", "Timeline", "Upcoming"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class EventKind(StrEnum):
    """What happens on a date that changes a decision."""

    #: A person turns an age that a rule compares with a limit.
    BIRTHDAY = "birthday"
    #: The affiliate completes a number of years of service.
    SERVICE = "service"
    #: A number of days, months or years has passed since a date of the file (a death, a
    #: divorce, a benefit received).
    ELAPSED = "elapsed"
    #: A date of the file, or of the rules, is reached.
    DATE = "date"
    #: A benefit of the history starts to count (its date is reached).
    BENEFIT = "benefit"
    #: A person of the file is born (and from then takes part: counted, or applying).
    BIRTH = "birth"
    #: A calendar year begins.
    NEW_YEAR = "new_year"
    #: A month begins (a season's first or last month).
    MONTH = "month"
    #: A day of the month (rules that read the day).
    DAY = "day"
    #: A new version of the program takes effect.
    VERSION = "version"
    #: A dated parameter takes a new value.
    PARAMETER = "parameter"
    #: A criterion starts or stops applying (its ``from`` or ``until`` date).
    CRITERION_STARTS = "criterion_starts"
    CRITERION_ENDS = "criterion_ends"
    #: The program comes into force, or ends.
    PROGRAM_STARTS = "program_starts"
    PROGRAM_ENDS = "program_ends"


class Event(_Model):
    """Something that happens on a change's date, in words, with the facts it names.

    ``criterion`` (with its new ``result``) or ``output`` names the part of the decision
    the event changes, when it changes one (a new version changes the whole program).
    """

    kind: EventKind
    text: str
    criterion: str | None = None
    result: CriterionStatus | None = None
    output: str | None = None
    values: dict[str, Value] = Field(default_factory=dict)


class Change(_Model):
    """A date on which a decision changes: the new outcome and benefit, and why.

    ``reason`` is the events in words, in the timeline's (or decision's) language, e.g.
    "c21 turns 21: For a child: under 21 — no longer met". As in a decision, the outcome,
    amounts and details keep their machine values, and ``outcome_label`` and
    ``output_labels`` say them in words.

    .. versionchanged:: 0.2
       ``outcome_label`` and ``output_labels``.
    """

    on: date
    outcome: Outcome
    outcome_label: str | None = None
    amounts: dict[str, Decimal] = Field(default_factory=dict)
    details: dict[str, str | bool] = Field(default_factory=dict)
    output_labels: dict[str, OutputLabel] = Field(default_factory=dict)
    reason: str
    events: list[Event] = Field(default_factory=list)


class Period(_Model):
    """Consecutive days (``start`` to ``end``, both included) with one outcome and one
    benefit (in words too: ``outcome_label``, ``output_labels``, as in a decision)."""

    start: date
    end: date
    outcome: Outcome
    outcome_label: str | None = None
    amounts: dict[str, Decimal] = Field(default_factory=dict)
    details: dict[str, str | bool] = Field(default_factory=dict)
    output_labels: dict[str, OutputLabel] = Field(default_factory=dict)


class Timeline(_Model):
    """The periods of one program's outcome for one applicant over ``start`` to ``end``.

    ``changes[i]`` is the boundary between ``periods[i]`` and ``periods[i + 1]`` (its date
    is the first day of ``periods[i + 1]``). The household's facts are taken as they are
    in the file: the timeline says what the passing of time alone changes.
    """

    program: str
    program_title: str
    household: str
    applicant: str
    start: date
    end: date
    lang: Language
    periods: list[Period]
    changes: list[Change] = Field(default_factory=list)
    rulebook_hash: str


class Upcoming(_Model):
    """A person whose outcome for a program changes soon (for staff outreach): the outcome
    on ``on``, and the first change of outcome after it (``change``)."""

    household: str
    program: str
    program_title: str
    applicant: str
    on: date
    outcome: Outcome
    outcome_label: str | None = None
    change: Change
