"""The shape of a rule file, as pydantic models (structure only; meaning is checked later).

Two kinds of file: ``kind: program`` (the default) describes one benefit
program; ``kind: definitions`` holds shared definitions and global parameters
that many programs use. The rule-language guide in ``docs/`` documents every
field; these models are its executable form, and ``eligibility schema rules``
exports them as JSON Schema for editors.
"""

from __future__ import annotations

import datetime as _dt
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from eligibility._model.texts import Texts, Unit
from eligibility._model.vocabulary import DatePrecision, Domain, Language, Status

__all__ = [
    "Benefit",
    "CriterionSpec",
    "DatePrecision",
    "DatedSpec",
    "DefinitionSpec",
    "DefinitionsFile",
    "Domain",
    "ExampleSpec",
    "ExceptionSpec",
    "Expect",
    "FrequencySpec",
    "Language",
    "ParameterSpec",
    "ProgramFile",
    "RowSpec",
    "SourceSpec",
    "Status",
    "Texts",
    "ValueEntrySpec",
    "VersionSpec",
]

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]
ProgramId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$", max_length=120)]
# No max_length here: the parser bounds an expression's length and reports it as
# ``expr-too-long`` at its place in the file.
Expression = Annotated[str, Field(min_length=1)]
ParamValue = bool | int | Decimal | str | date | list[str] | list[int] | list[Decimal]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _unit(value: Any) -> Any:
    """A unit is shown to readers, so it is written in their languages: a plain text
    (``unit: MAD``) is refused with the form to use."""
    if isinstance(value, str):
        raise ValueError(f"a unit is written in ar, fr and en, e.g. unit: {{ar: درهم, fr: MAD, "
                         f"en: MAD}} (got the plain text {value!r})")
    return value


class SourceSpec(_Spec):
    """A public source for a rule."""

    title: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    date: _dt.date | None = None
    note: str | None = None
    #: The cited words, verbatim and in the source's own language, where the text is public.
    quote: str | None = Field(default=None, min_length=1)


class ValueEntrySpec(_Spec):
    """One dated value of a parameter with what is known of it: ``2015-01-01: {value: 8,
    status: illustrative, precision: year, sources: [...]}``."""

    value: ParamValue
    status: Status | None = None
    precision: DatePrecision = DatePrecision.DAY
    sources: list[SourceSpec] = Field(default_factory=list)


def _form(value: Any) -> str:
    """Which form a value is written in: a mapping (the long form) or a plain value."""
    return "long" if isinstance(value, dict) else "plain"


#: A dated value: the value itself, or an entry that says its status, precision, sources.
ParamEntry = Annotated[
    Annotated[ValueEntrySpec, Tag("long")] | Annotated[ParamValue, Tag("plain")],
    Discriminator(_form),
]


class ParameterSpec(_Spec):
    """A dated parameter: ``values`` maps the date a value takes effect to the value (or
    to an entry with its own status, date precision and sources)."""

    values: dict[date, ParamEntry] = Field(min_length=1)
    unit: Unit | None = None
    text: Texts | None = None
    status: Status | None = None
    sources: list[SourceSpec] = Field(default_factory=list)

    _unit = field_validator("unit", mode="before")(_unit)


_DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def _parameter_shorthand(value: Any) -> Any:
    """``name: {2020-01-01: 5}`` is short for ``name: {values: {2020-01-01: 5}}``
    (an impossible date such as ``2020-02-30`` still counts, to be reported as one)."""
    if isinstance(value, dict) and value and all(
        isinstance(k, date) or (isinstance(k, str) and _DATE_LIKE.match(k)) for k in value
    ):
        return {"values": value}
    return value


Parameter = Annotated[ParameterSpec, Field()]


class ExceptionSpec(_Spec):
    """An exception to a criterion (default logic): when ``when`` holds, ``then`` decides."""

    id: Slug
    when: Expression
    then: Expression | bool = True
    text: Texts | None = None
    exceptions: list[ExceptionSpec] = Field(default_factory=list)
    status: Status | None = None


class CriterionSpec(_Spec):
    """A condition every applicant must meet; ``from``/``until`` limit it in time."""

    id: Slug
    when: Expression
    text: Texts
    exceptions: list[ExceptionSpec] = Field(default_factory=list)
    valid_from: date | None = Field(default=None, alias="from")
    valid_until: date | None = Field(default=None, alias="until")
    status: Status | None = None


class RowSpec(_Spec):
    """One row of a decision table: ``when`` (or ``otherwise: true``) and ``then``."""

    when: Expression | None = None
    otherwise: bool = False
    then: Expression | int | Decimal | bool
    text: Texts | None = None

    @model_validator(mode="after")
    def _when_or_otherwise(self) -> RowSpec:
        if (self.when is None) == (not self.otherwise):
            raise ValueError("a row has either 'when' or 'otherwise: true'")
        return self


class Benefit(_Spec):
    """A benefit output: one expression (``value``), or a decision table with a hit policy
    (``first`` match wins, or exactly one row must match: ``unique``). ``when`` gives the
    output only in some cases; ``labels`` name each value of a text output."""

    value: Expression | int | Decimal | bool | None = None
    first: list[RowSpec] | None = Field(default=None, min_length=1)
    unique: list[RowSpec] | None = Field(default=None, min_length=1)
    when: Expression | None = None
    unit: Unit | None = None
    labels: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)], Texts] = (
        Field(default_factory=dict))
    text: Texts | None = None
    status: Status | None = None

    _unit = field_validator("unit", mode="before")(_unit)

    @model_validator(mode="after")
    def _one_form(self) -> Benefit:
        given = [n for n in ("value", "first", "unique") if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("a benefit output has exactly one of 'value', 'first', 'unique'")
        return self


class FrequencySpec(_Spec):
    """How often the benefit may be received, read from the household's benefit history."""

    max: int = Field(default=1, ge=1, le=100)
    per: Literal["calendar-year", "rolling-year", "career"]
    scope: Literal["applicant", "household"] = "applicant"
    programs: list[ProgramId] = Field(default_factory=list)
    text: Texts | None = None
    status: Status | None = None


class DatedSpec(_Spec):
    """A date with what is known of it: ``{date: 2017-01-01, precision: year}`` (only the
    year is known), ``status: illustrative`` (the date itself is assumed)."""

    date: _dt.date
    status: Status | None = None
    precision: DatePrecision = DatePrecision.DAY


class VersionSpec(_Spec):
    """A dated version of the program, with what changed; ``from`` is a date, or a date
    with its status and precision."""

    id: str = Field(min_length=1, max_length=40)
    valid_from: Annotated[
        Annotated[DatedSpec, Tag("long")] | Annotated[date, Tag("plain")], Discriminator(_form),
    ] = Field(alias="from")
    text: Texts | None = None

    @property
    def start(self) -> DatedSpec:
        """The start date with its status and precision."""
        if isinstance(self.valid_from, DatedSpec):
            return self.valid_from
        return DatedSpec(date=self.valid_from)


class Expect(_Spec):
    """What an example expects; anything left out is not checked."""

    outcome: Literal["eligible", "ineligible", "undetermined"]
    amounts: dict[str, Decimal] = Field(default_factory=dict)
    details: dict[str, str | bool] = Field(default_factory=dict)
    criteria: dict[str, Literal["passed", "failed", "unknown"]] = Field(default_factory=dict)
    missing: list[str] | None = None
    version: str | None = None
    exceptions: dict[str, list[str]] = Field(default_factory=dict)
    absent: list[str] = Field(default_factory=list)


class ExampleSpec(_Spec):
    """An executable example: a household on a date, and the decision expected."""

    name: str = Field(min_length=1)
    on: date
    household: dict[str, Any]
    applicant: str | None = None
    expect: Expect


class ProgramFile(_Spec):
    """A program's rule file."""

    kind: Literal["program"] = "program"
    id: ProgramId
    domain: Domain
    applies_to: list[Literal["affiliate", "spouse", "child", "parent"]] = Field(min_length=1)
    title: Texts
    summary: Texts | None = None
    status: Status
    sources: list[SourceSpec] = Field(default_factory=list)
    assumptions: list[Texts] = Field(default_factory=list)
    parameters: dict[Identifier, ParameterSpec] = Field(default_factory=dict)
    versions: list[VersionSpec] = Field(min_length=1)
    valid_until: date | None = Field(default=None, alias="until")
    criteria: list[CriterionSpec] = Field(min_length=1)
    benefit: dict[Identifier, Benefit] = Field(default_factory=dict)
    frequency: FrequencySpec | None = None
    examples: list[ExampleSpec] = Field(default_factory=list)

    _shorthand = field_validator("parameters", mode="before")(
        lambda value: {k: _parameter_shorthand(v) for k, v in value.items()}
        if isinstance(value, dict) else value
    )

    @field_validator("benefit", mode="before")
    @classmethod
    def _benefit_shorthand(cls, value: Any) -> Any:
        """``amount: 2000`` or ``amount: "expr"`` is short for ``amount: {value: ...}``."""
        if not isinstance(value, dict):
            return value
        return {
            k: {"value": v} if not isinstance(v, dict) else v for k, v in value.items()
        }


class DefinitionSpec(_Spec):
    """A named, shared definition: a value, or a predicate over typed parameters."""

    id: Identifier
    params: dict[Identifier, Literal["person", "affiliate", "spouse", "child", "parent", "int",
                                     "decimal", "date"]] = Field(default_factory=dict)
    value: Expression
    text: Texts
    status: Status | None = None
    sources: list[SourceSpec] = Field(default_factory=list)


class DefinitionsFile(_Spec):
    """A file of shared definitions and global parameters."""

    kind: Literal["definitions"]
    id: Slug
    title: Texts
    status: Status
    sources: list[SourceSpec] = Field(default_factory=list)
    parameters: dict[Identifier, ParameterSpec] = Field(default_factory=dict)
    definitions: list[DefinitionSpec] = Field(min_length=1)

    _shorthand = field_validator("parameters", mode="before")(
        lambda value: {k: _parameter_shorthand(v) for k, v in value.items()}
        if isinstance(value, dict) else value
    )
