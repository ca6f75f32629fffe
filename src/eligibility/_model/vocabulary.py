"""The closed sets of words the library speaks in: languages, statuses, domains, outcomes,
criterion results, engines and output policies.

Each is a :class:`~enum.StrEnum`, so it compares equal to its value and serialises as it.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "CriterionStatus",
    "DatePrecision",
    "Domain",
    "EngineName",
    "Evidence",
    "Language",
    "Outcome",
    "OutputPolicy",
    "SchemaKind",
    "Status",
]


class Language(StrEnum):
    """Languages every text is written in."""

    AR = "ar"
    FR = "fr"
    EN = "en"


class Status(StrEnum):
    """Whether a rule is backed by a public source or is a labelled assumption."""

    SOURCED = "sourced"
    ILLUSTRATIVE = "illustrative"


class DatePrecision(StrEnum):
    """How much of a date is known: the day, only the month, or only the year.

    A date known only by its year (``2017``) is written as 1 January of that year, and
    shown as the year alone; one known by its month, as the 1st of the month.
    """

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Evidence(StrEnum):
    """What a program rests on, on a date: published sources only, sources and labelled
    assumptions (some condition, value or output in force is assumed), or assumptions
    only (an illustrative program)."""

    SOURCED = "sourced"
    PARTLY_SOURCED = "partly-sourced"
    ILLUSTRATIVE = "illustrative"


class Domain(StrEnum):
    """The foundation's program domains."""

    HEALTH = "health"
    HOUSING = "housing"
    LEISURE = "leisure"
    EDUCATION = "education"
    SOCIAL_AID = "social-aid"


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


class EngineName(StrEnum):
    """The engines that evaluate a rule book."""

    NATIVE = "native"
    DURABLE = "durable"
    COLUMNAR = "columnar"


class OutputPolicy(StrEnum):
    """How a benefit output is computed: one expression, or a decision table whose first
    matching row wins, or whose rows are exclusive."""

    VALUE = "value"
    FIRST = "first"
    UNIQUE = "unique"


class SchemaKind(StrEnum):
    """What a JSON Schema describes."""

    HOUSEHOLD = "household"
    RULES = "rules"
    DECISION = "decision"
