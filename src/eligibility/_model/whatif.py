"""What would change an outcome: for a refusal, the nearest change of each fact that would
meet each criterion not met, and the single changes that make the applicant eligible;
for an undetermined decision, the values of each missing fact that decide it each way;
for a benefit decided by a table, the facts that would choose another row.

Every answer is checked by deciding again with the change made. Facts that cannot
change (a birth date, a death on duty...) are never suggested (see
:data:`~eligibility.CHANGEABLE_FACTS`). Frozen pydantic models that round-trip through JSON.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from .values import Value
from .vocabulary import CriterionStatus, Language, Outcome

__all__ = ["CriterionAdvice", "Decider", "MissingFact", "OutputOption", "Remedy",
           "Requirement", "WhatIf"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Requirement(_Model):
    """What one fact would need to be: ``fact op value`` (``op`` one of ``< <= > >= ==
    != in``; ``is`` for a yes-or-no fact), its value now, and the nearest value that meets
    the requirement (the one the check used)."""

    fact: str
    op: str
    value: Value
    current: Value
    suggested: Value
    text: str


class Remedy(_Model):
    """One change that alone makes the applicant eligible, checked by deciding again: a
    fact to change (``requirement``), or a date from which the outcome is eligible with the
    facts as they are (``on``)."""

    requirement: Requirement | None = None
    on: date | None = None
    text: str


class CriterionAdvice(_Model):
    """A criterion not met (or unknown), and what would meet it.

    ``requirements`` each meet it alone, ``together`` only all at once; ``passes_from`` is
    the first date on which it is met with the facts unchanged; ``fixed`` names the facts it
    reads that cannot change; ``note`` says why nothing is suggested, when nothing is.
    """

    criterion: str
    text: str
    result: CriterionStatus
    requirements: list[Requirement] = Field(default_factory=list)
    together: list[list[Requirement]] = Field(default_factory=list)
    passes_from: date | None = None
    passes_from_text: str | None = None
    fixed: list[str] = Field(default_factory=list)
    note: str | None = None


class Decider(_Model):
    """Values of a missing fact that decide the outcome one way (``values`` are the ones
    checked)."""

    outcome: Outcome
    condition: str
    values: list[Value]
    text: str


class MissingFact(_Model):
    """A fact the file does not give, and what each of its values would decide."""

    fact: str
    label: str
    deciders: list[Decider]
    text: str


class OutputOption(_Model):
    """Another value a benefit table would give if one fact changed."""

    output: str
    label: str
    value: Value
    current: Value
    requirement: Requirement
    text: str


class WhatIf(_Model):
    """What would change one decision (see the module documentation)."""

    program: str
    household: str
    applicant: str
    on: date
    lang: Language
    outcome: Outcome
    criteria: list[CriterionAdvice] = Field(default_factory=list)
    remedies: list[Remedy] = Field(default_factory=list)
    no_single_change: str | None = None
    missing: list[MissingFact] = Field(default_factory=list)
    outputs: list[OutputOption] = Field(default_factory=list)
    rulebook_hash: str
