"""The decision: what an evaluation answers, with everything needed to explain and audit it."""

from __future__ import annotations

import datetime as _dt
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from .household import Category
from .labels import OutputLabel
from .timeline import Change
from .values import Value
from .vocabulary import CriterionStatus, EngineName, Evidence, Language, Outcome, Status

__all__ = ["CriterionResult", "Decision", "OutputLabel", "SharedFieldsSet", "Source", "built",
           "every_field"]


class _Model(BaseModel):
    # defer_build: the validator is built when a model first validates (decisions are
    # assembled without validation; a one-off command may never validate one).
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


_M = TypeVar("_M", bound=BaseModel)
_set = object.__setattr__


class SharedFieldsSet(set[str]):
    """The names of every field of a model, one set object shared by all the models the
    library makes itself (:func:`built`; the generated decision code), instead of a new
    set per model (it was a tenth of the cost of a criterion's result).

    Sharing is safe because nothing ever changes it: the models are frozen, so pydantic
    never adds a field name to it on assignment; pydantic copies the set before changing
    it (``model_copy``, ``copy``, ``__copy__``, ``__deepcopy__``: a copy of this set is a
    plain ``set``); and a caller who tries to change it (``model_fields_set.add(...)``) is
    refused instead of changing every other model's.
    """

    __slots__ = ()

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> set[str]:
        return set(self)

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as a plain set
        return set, (list(self),)

    def _refused(self, *args: object, **kwargs: object) -> None:
        raise TypeError("the fields set of a decision is shared and cannot be changed")

    add = discard = remove = pop = clear = update = _refused  # type: ignore[assignment]
    difference_update = intersection_update = symmetric_difference_update = _refused
    __ior__ = __iand__ = __isub__ = __ixor__ = _refused  # type: ignore[assignment]


_EVERY_FIELD: dict[type[BaseModel], SharedFieldsSet] = {}


def every_field(model: type[BaseModel]) -> SharedFieldsSet:
    """The one fields set of the models of class ``model`` the library makes itself."""
    found = _EVERY_FIELD.get(model)
    if found is None:
        found = _EVERY_FIELD[model] = SharedFieldsSet(model.__pydantic_fields__)
    return found


def built(model: type[_M], fields: dict[str, Any]) -> _M:
    """A model from values the library made itself, every field given with its own type
    (what validation would give), in the model's field order (the order its JSON
    lists them): nothing is checked or converted again. A decision is
    assembled for every applicant of a roster, and validation would cost more than
    everything else in it; a test checks that such decisions equal validated ones."""
    obj = model.__new__(model)
    _set(obj, "__dict__", fields)
    _set(obj, "__pydantic_fields_set__", every_field(model))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


class Source(_Model):
    """A public source a program or decision rests on."""

    title: str
    url: str | None = None
    date: _dt.date | None = None


class CriterionResult(_Model):
    """A criterion's result, the values it read, and its text in the asked language."""

    id: str
    result: CriterionStatus
    #: The result in words, in the decision's language (*rempli*, *non rempli*, *inconnu*).
    result_label: str | None = None
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
    category: Category | None
    #: The category's name in ``lang``, for the applicant (a widow, a widower...).
    category_label: str | None = None
    lang: Language
    outcome: Outcome
    #: The outcome in words, in ``lang`` (*éligible*, *غير مؤهل*...).
    outcome_label: str | None = None
    amounts: dict[str, Decimal] = Field(default_factory=dict)
    details: dict[str, str | bool] = Field(default_factory=dict)
    #: Each amount and detail as a person reads it (label and value in words), by name.
    output_labels: dict[str, OutputLabel] = Field(default_factory=dict)
    criteria: list[CriterionResult] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    parameters: dict[str, Value] = Field(default_factory=dict)
    #: People of the file not yet born on ``on``: they take no part in the evaluation.
    not_yet_born: list[str] = Field(default_factory=list)
    #: Amounts and details that rest on an assumption (``illustrative``), not on a source.
    illustrative_outputs: list[str] = Field(default_factory=list)
    #: Parameters the program reads or shows whose value in force on ``on`` is assumed.
    illustrative_parameters: list[str] = Field(default_factory=list)
    status: Status
    #: The status in words, in ``lang`` (*sourcé*, *illustratif*).
    status_label: str | None = None
    #: What the program rests on, on ``on``: sourced, partly sourced, or illustrative.
    evidence: Evidence = Evidence.SOURCED
    #: The evidence in words, in ``lang`` (*en partie sourcé*...).
    evidence_label: str | None = None
    sources: list[Source] = Field(default_factory=list)
    rulebook_hash: str
    engine: EngineName = EngineName.NATIVE
    #: The next date on which the outcome or the benefit changes with the passing of time
    #: alone (the household's facts as they are), with the new outcome and the reason, when
    #: asked for (``RuleBook.evaluate(..., next_change=True)``); ``None`` otherwise, when
    #: nothing changes within the look-ahead, or when a rule fails on a later date.
    next_change: Change | None = None

    @property
    def eligible(self) -> bool:
        return self.outcome is Outcome.ELIGIBLE

    @property
    def reasons(self) -> list[str]:
        """Texts of the criteria that failed (for a refusal) or are unknown."""
        return [c.text for c in self.criteria if c.result is not CriterionStatus.PASSED]
