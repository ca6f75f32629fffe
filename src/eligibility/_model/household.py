"""The household (affiliation file) model: who is in the file, and the facts about them.

Every model is a frozen pydantic v2 model that forbids unknown fields and coerces nothing
(see :mod:`.inputs`). A field left out, or given as ``null``, is an *unknown* fact: a rule
that needs it is undetermined, and the decision lists the field's path as missing. Boolean
flags that are usually absent (``disabled``, ``kafala``...) default to ``false``; write
``null`` to say "not known".

A file must describe plausible people: a child is not older than the affiliate, a divorce
cannot come after the affiliate's death, an affiliate is not recruited as a child; and it
is bounded (at most four spouses, as Moroccan law allows, and limits on children, parents
and history). Each problem is a validation error at its field path.

Derived facts are computed, never typed in twice: a person's role (affiliate, spouse,
child, parent) comes from where they stand in the file, and their category (active
officer, retiree, widow, rights holder, former spouse, honorary member) from the role,
the affiliate's status and the dates in the file.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .inputs import Flag, Identifier
from .people import (
    ROLE_CATEGORIES,
    AffiliateStatus,
    Category,
    DuesStatus,
    Role,
    Schooling,
    Sex,
    age_on,
)
from .persons import (
    MIN_RECRUITMENT_AGE,
    POSTHUMOUS_BIRTH_DAYS,
    Affiliate,
    BenefitRecord,
    Child,
    Parent,
    Person,
    Spouse,
    _Frozen,
    invalid,
)
from .plausible import household_problem

__all__ = [
    "CHANGEABLE_FACTS",
    "MAX_CHILDREN",
    "MAX_HISTORY",
    "MAX_PARENTS",
    "MAX_SPOUSES",
    "MIN_RECRUITMENT_AGE",
    "POSTHUMOUS_BIRTH_DAYS",
    "ROLE_CATEGORIES",
    "Affiliate",
    "AffiliateStatus",
    "BenefitRecord",
    "Category",
    "Child",
    "DuesStatus",
    "Household",
    "Parent",
    "Person",
    "Role",
    "Schooling",
    "Sex",
    "Spouse",
    "age_on",
]

#: At most four wives, as Moroccan family law allows.
MAX_SPOUSES = 4
MAX_CHILDREN = 30
MAX_PARENTS = 2
MAX_HISTORY = 1000

#: An affiliate's category by status (a deceased affiliate has none).
_OFFICER_CATEGORIES = {AffiliateStatus.ACTIVE: Category.ACTIVE_OFFICER,
                       AffiliateStatus.RETIRED: Category.RETIREE}

#: The facts of a file that may change in the ordinary course of things, or by a step the
#: household can take: amounts, pay scale, insurance, enrolment and schooling, dues, a bank
#: account, owning a home, a hardship assessment. "What would change the outcome" suggests
#: changes to these only; every other fact records who a person is or what has happened
#: (a birth date, a death on duty, a remarriage, a disability, the benefits received) and is
#: never suggested.
CHANGEABLE_FACTS: frozenset[str] = frozenset({
    "monthly_salary", "monthly_pension", "pay_scale", "own_insurance", "owns_main_home",
    "student", "schooling", "dues", "bank_account", "social_hardship",
})


#: Per household object (by ``id``, while it lives: the entry goes with it), the latest
#: known birth date of its people beside the affiliate (see :meth:`Household.as_of`).
_LAST_BIRTHS: dict[int, tuple[weakref.ref[Household], date | None]] = {}

#: The kinds of people, in the order :meth:`Household.category_of` tells them apart.
_KINDS = (Affiliate, Spouse, Parent, Child)
_EXACT = frozenset(_KINDS)
#: Read once: a member of an enumeration read off its class costs a lookup each time, and
#: :meth:`Household.category_of` runs for every decision.
_FORMER_SPOUSE, _WIDOW = Category.FORMER_SPOUSE, Category.WIDOW
_HONORARY_MEMBER, _RIGHTS_HOLDER = Category.HONORARY_MEMBER, Category.RIGHTS_HOLDER
_DECEASED = AffiliateStatus.DECEASED


class Household(_Frozen):
    """One affiliation file: the affiliate and the people whose rights come from them."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_default=True, strict=True, defer_build=True,
        json_schema_extra={"title": "Household"},
    )

    schema_version: Literal[1] = 1
    id: Identifier
    affiliate: Affiliate
    spouses: tuple[Spouse, ...] = Field(default=(), max_length=MAX_SPOUSES, strict=False)
    children: tuple[Child, ...] = Field(default=(), max_length=MAX_CHILDREN, strict=False)
    parents: tuple[Parent, ...] = Field(default=(), max_length=MAX_PARENTS, strict=False)
    dues: DuesStatus | None = Field(default=DuesStatus.PAID, strict=False)
    bank_account: Flag | None = Field(default=None, description="Has a bank account.")
    social_hardship: Flag | None = Field(
        default=False, description="Assessed as in social hardship by the foundation."
    )
    history: tuple[BenefitRecord, ...] = Field(default=(), max_length=MAX_HISTORY, strict=False)

    @model_validator(mode="after")
    def _consistent(self) -> Household:
        problem = household_problem(self.affiliate, self.spouses, self.children, self.parents,
                                   self.history)
        if problem is not None:
            loc, value, code, params = problem
            raise invalid(type(self).__name__, loc, value, code, **params)
        return self

    @property
    def people(self) -> tuple[Person, ...]:
        """Everyone in the file, affiliate first, then spouses, children, parents."""
        return (self.affiliate, *self.spouses, *self.children, *self.parents)

    def person(self, person_id: str) -> Person:
        """The person with this id; ``KeyError`` if there is none."""
        for person in self.people:
            if person.id == person_id:
                return person
        raise KeyError(person_id)

    def category_of(self, person: Person, on: date) -> Category | None:
        """The category of ``person`` on ``on``; ``None`` for a deceased affiliate.

        A spouse divorced on that date (before the affiliate's death, if the affiliate
        has died) is a former spouse; a spouse married to the affiliate at the death is a
        widow (or widower); a parent of an officer killed on duty is an honorary member.
        """
        # By the exact class first (``isinstance`` on a pydantic model class is slow: this
        # runs for every decision); a subclass by ``isinstance``, in the same order.
        kind = type(person)
        if kind not in _EXACT:
            kind = next((k for k in _KINDS if isinstance(person, k)), kind)
        if kind is Affiliate:
            return _OFFICER_CATEGORIES.get(person.status)  # type: ignore[attr-defined]
        if kind is Spouse:
            if person.divorced_on(on):  # type: ignore[attr-defined]
                return _FORMER_SPOUSE
            if self.affiliate.status is _DECEASED:
                return _WIDOW
        if kind is Parent and self.affiliate.killed_on_duty:
            return _HONORARY_MEMBER
        return _RIGHTS_HOLDER

    def path_of(self, person: Person) -> str:
        """The JSON-like path of ``person`` in the file, e.g. ``household.children[1]``."""
        try:
            return self._paths()[id(person)]
        except KeyError:
            raise KeyError(person.id) from None

    def paths(self) -> list[str]:
        """The paths of :attr:`people`, in the same order (see :meth:`path_of`).

        .. versionadded:: 0.2
        """
        return list(self._places())

    # What is worked out about a household is kept in ``__pydantic_private__`` (made when
    # first needed, not for every household validated: declared private attributes cost
    # a Python call per instance): ``_places``, the paths of :attr:`people` in order (those
    # of the original file when :meth:`as_of` left people out); ``_by_id``, the same by
    # each person object's identity; ``_unborn``, the ids of the people left out. It is
    # not part of the household: equality and hashing read the fields alone, a copy with
    # changed fields starts afresh, and the identities are never copied or pickled.
    def _private(self) -> dict[str, Any]:
        private: dict[str, Any] | None = self.__pydantic_private__
        if private is None:
            private = {}
            object.__setattr__(self, "__pydantic_private__", private)
        return private

    def _places(self) -> tuple[str, ...]:
        private = self._private()
        places: tuple[str, ...] | None = private.get("_places")
        if places is None:
            places = private["_places"] = ("household.affiliate", *[
                f"household.{name}[{index}]" for name in ("spouses", "children", "parents")
                for index in range(len(getattr(self, name)))])
        return places

    def _paths(self) -> dict[int, str]:
        private = self._private()
        paths: dict[int, str] | None = private.get("_by_id")
        if paths is None:
            paths = private["_by_id"] = dict(zip(map(id, self.people), self._places(),
                                                 strict=True))
        return paths

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        copied = super().__deepcopy__(memo)
        _forget_identities(copied)  # the people are new objects
        return copied

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        private = state.get("__pydantic_private__")
        if private:
            state["__pydantic_private__"] = {k: v for k, v in private.items() if k != "_by_id"}
        return state

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False
                   ) -> Self:
        """A copy (see pydantic's ``model_copy``); one with fields changed (``update``) is
        another household: nothing worked out about this one is kept."""
        copied = super().model_copy(update=update, deep=deep)
        if update:
            object.__setattr__(copied, "__pydantic_private__", None)
        return copied

    @property
    def not_yet_born(self) -> tuple[str, ...]:
        """The ids of the people :meth:`as_of` left out of this household."""
        private = self.__pydantic_private__
        return () if private is None else private.get("_unborn", ())

    def as_of(self, on: date) -> Household:
        """The household as it stands on ``on``: people not yet born on that date take no
        part in an evaluation (they are left out; the others keep their paths in the
        original file, so missing facts still name the right place).

        The affiliate must be born by then; that is checked by the rule book, which
        refuses the evaluation.
        """
        entry = _LAST_BIRTHS.get(id(self))
        if entry is None or entry[0]() is not self:
            entry = self._last_birth()
        last = entry[1]
        if last is None or last <= on:  # everybody is born by then
            return self
        return self._without_unborn(on)

    def _last_birth(self) -> tuple[weakref.ref[Household], date | None]:
        """The latest known birth date of the people beside the affiliate, kept for this
        household object while it lives (it is frozen: its people never change)."""
        births = [p.birth_date for p in (*self.spouses, *self.children, *self.parents)
                  if p.birth_date is not None]
        key = id(self)

        def forget(_: object) -> None:
            _LAST_BIRTHS.pop(key, None)

        entry = (weakref.ref(self, forget), max(births, default=None))
        _LAST_BIRTHS[key] = entry
        return entry

    def _without_unborn(self, on: date) -> Household:
        unborn = [p for p in (*self.spouses, *self.children, *self.parents)
                  if not p.born_by(on)]
        gone = {id(p) for p in unborn}
        kept = self.model_copy(update={
            name: tuple(p for p in getattr(self, name) if id(p) not in gone)
            for name in ("spouses", "children", "parents")
        })
        object.__setattr__(kept, "__pydantic_private__", {
            "_places": tuple(place for p, place in zip(self.people, self._places(), strict=True)
                             if id(p) not in gone),
            "_unborn": tuple(p.id for p in unborn)})
        return kept


def _forget_identities(household: Household) -> None:
    private = household.__pydantic_private__
    if private:
        private.pop("_by_id", None)
