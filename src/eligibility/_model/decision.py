"""The decision: what an evaluation answers, with everything needed to explain and audit it."""

from __future__ import annotations

import datetime as _dt
from datetime import date
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from eligibility._engines.runtime import Unknown

__all__ = [
    "CriterionResult",
    "CriterionStatus",
    "Decision",
    "Outcome",
    "Source",
    "Value",
    "to_value",
]

#: A value as recorded in a decision: JSON-native (money and dates as text).
Value = str | int | bool | None | list[str | int | bool | None]


class Outcome(StrEnum):
    """Three-valued outcome of an evaluation."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    UNDETERMINED = "undetermined"


class CriterionStatus(StrEnum):
    """One criterion's result."""

    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Model):
    """A public source a program or decision rests on."""

    title: str
    url: str | None = None
    date: _dt.date | None = None


class CriterionResult(_Model):
    """A criterion's result, the values it read, and its text in the asked language."""

    id: str
    result: CriterionStatus
    text: str
    values: dict[str, Value] = Field(default_factory=dict)
    exceptions: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    illustrative: bool = False


class Decision(_Model):
    """The answer to "may this person get this benefit, on this date, and why?".

    JSON round-trips exactly (``Decision.model_validate_json(d.model_dump_json()) == d``),
    so a decision can be stored for audit and reproduced later: it names the program
    version, the parameters in force, the rule book's content hash and the engine.
    """

    program: str
    program_title: str
    version: str
    on: date
    household: str
    applicant: str
    category: str | None
    lang: str
    outcome: Outcome
    amounts: dict[str, Decimal] = Field(default_factory=dict)
    details: dict[str, str | bool] = Field(default_factory=dict)
    criteria: list[CriterionResult] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    parameters: dict[str, Value] = Field(default_factory=dict)
    #: Amounts and details that rest on an assumption (``illustrative``), not on a source.
    illustrative_outputs: list[str] = Field(default_factory=list)
    status: str
    sources: list[Source] = Field(default_factory=list)
    rulebook_hash: str
    engine: str = "native"

    @property
    def eligible(self) -> bool:
        return self.outcome is Outcome.ELIGIBLE

    @property
    def reasons(self) -> list[str]:
        """Texts of the criteria that failed (for a refusal) or are unknown."""
        return [c.text for c in self.criteria if c.result is not CriterionStatus.PASSED]


def to_value(value: Any) -> Value:
    """A Python value as recorded in a decision (money and dates as text)."""
    if value is None or isinstance(value, Unknown):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [to_value(v) for v in value]
        return [i for i in items if not isinstance(i, list)]
    return str(value)


def _decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
