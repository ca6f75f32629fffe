"""One record of a roster, as every roster format reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import Problem

__all__ = ["RosterRecord", "household_id"]


@dataclass
class RosterRecord:
    """One record of a roster.

    Attributes:
        line: its line in the input (a row number for Parquet).
        data: the household's data, or ``None`` when it could not be read.
        problems: what kept it from being read, each with its code (``path`` is a field
            path, or ``None`` for the record as a whole).
        household: the household's id, when it could be read.
    """

    line: int
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    household: str | None = None

    @property
    def readable(self) -> bool:
        return not self.problems



def household_id(data: Any) -> str | None:
    """The id a household's data gives itself, if it is a text."""
    if isinstance(data, dict):
        value = data.get("id")
        if isinstance(value, str):
            return value
    return None
