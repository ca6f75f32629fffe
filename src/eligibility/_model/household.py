"""The household (affiliation file) model: who is in the file, and the facts about them.

Every model is a frozen pydantic v2 model that forbids unknown fields. A field
left out, or given as ``null``, is an *unknown* fact: a rule that needs it is
undetermined, and the decision lists the field's path as missing. Boolean flags
that are usually absent (``disabled``, ``kafala``...) default to ``false``; write
``null`` to say "not known".

Derived facts are computed, never typed in twice: a person's role (affiliate,
spouse, child, parent) comes from where they stand in the file, and their member
category (active officer, retiree, widow, rights holder) from the role and the
affiliate's status.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails

__all__ = [
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
    "Spouse",
    "age_on",
]

#: Longest pregnancy the model accepts between an affiliate's death and a child's birth.
POSTHUMOUS_BIRTH_DAYS = 300

Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, allow_inf_nan=False)]
Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:\-]+$")]


class AffiliateStatus(StrEnum):
    """Where the affiliate (the officer) stands."""

    ACTIVE = "active"
    RETIRED = "retired"
    DECEASED = "deceased"


class DuesStatus(StrEnum):
    """The affiliate's dues to the foundation."""

    PAID = "paid"
    EXEMPT = "exempt"  # low-income members: exempt, with full access
    UNPAID = "unpaid"


class Schooling(StrEnum):
    """A child's current level of schooling."""

    NONE = "none"
    PRESCHOOL = "preschool"
    PRIMARY = "primary"
    MIDDLE = "middle"
    SECONDARY = "secondary"
    HIGHER = "higher"


class Role(StrEnum):
    """Where a person stands in the household file."""

    AFFILIATE = "affiliate"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"


class Category(StrEnum):
    """The foundation's four member categories, derived from the file."""

    ACTIVE_OFFICER = "active_officer"
    RETIREE = "retiree"
    WIDOW = "widow"
    RIGHTS_HOLDER = "rights_holder"


#: The member categories a person of each role can hold (see :meth:`Household.category_of`):
#: an affiliate is an active officer or a retiree (a deceased one applies for nothing), a
#: spouse a widow (once the affiliate has died) or a rights holder, a child or a parent a
#: rights holder.
ROLE_CATEGORIES: Mapping[Role, frozenset[Category]] = MappingProxyType({
    Role.AFFILIATE: frozenset({Category.ACTIVE_OFFICER, Category.RETIREE}),
    Role.SPOUSE: frozenset({Category.WIDOW, Category.RIGHTS_HOLDER}),
    Role.CHILD: frozenset({Category.RIGHTS_HOLDER}),
    Role.PARENT: frozenset({Category.RIGHTS_HOLDER}),
})


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on ``on``.

    A person born on 29 February turns a year older on 1 March in common years
    (their birthday has not yet come on 28 February).
    """
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def _invalid(
    model: str, loc: tuple[str | int, ...], value: object, message: str
) -> ValidationError:
    """A ``value_error`` located at ``loc`` (relative to the model being validated).

    Raised from a model validator, it reports the offending field's path (e.g.
    ``children.2.birth_date``) instead of the model's own path.
    """
    detail = InitErrorDetails(
        type="value_error", loc=loc, input=value, ctx={"error": ValueError(message)}
    )
    return ValidationError.from_exception_data(model, [detail])


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)


class Person(_Frozen):
    """Fields every person in the file has."""

    id: Identifier = Field(description="Caller-chosen identifier, unique within the household.")
    name: str | None = Field(default=None, max_length=200)
    birth_date: date | None = Field(default=None, description="Unknown when left out.")
    disabled: bool | None = Field(
        default=False, description="Disabled or permanently unable to work."
    )
    serious_illness: bool | None = Field(
        default=False, description="Has a serious illness (cancer, dialysis, transplant...)."
    )

    @property
    def role(self) -> Role:
        raise NotImplementedError  # pragma: no cover - every concrete class overrides it


class Affiliate(Person):
    """The officer whose membership opens the household's rights."""

    status: AffiliateStatus
    recruitment_date: date | None = Field(default=None, description="Start of service.")
    retirement_date: date | None = None
    death_date: date | None = None
    killed_on_duty: bool | None = Field(
        default=False, description="Died in the line of duty (deceased affiliates only)."
    )
    monthly_salary: Money | None = Field(default=None, description="Gross monthly salary, MAD.")
    monthly_pension: Money | None = Field(default=None, description="Monthly pension, MAD.")
    pay_scale: int | None = Field(default=None, ge=1, le=20, description="Pay scale (échelle).")
    owns_main_home: bool | None = None

    @property
    def role(self) -> Role:
        return Role.AFFILIATE

    @model_validator(mode="after")
    def _consistent(self) -> Affiliate:
        title = type(self).__name__
        if self.status is AffiliateStatus.DECEASED and self.death_date is None:
            raise _invalid(title, ("death_date",), None, "a deceased affiliate needs a death_date")
        if self.status is not AffiliateStatus.DECEASED:
            if self.death_date is not None:
                raise _invalid(
                    title,
                    ("death_date",),
                    self.death_date,
                    f"death_date is set but status is {self.status.value!r}",
                )
            if self.killed_on_duty:
                raise _invalid(
                    title,
                    ("killed_on_duty",),
                    self.killed_on_duty,
                    "killed_on_duty is only possible for a deceased affiliate",
                )
        if self.status is AffiliateStatus.ACTIVE and self.retirement_date is not None:
            raise _invalid(
                title,
                ("retirement_date",),
                self.retirement_date,
                "an active affiliate has no retirement_date",
            )
        if self.birth_date is not None:
            for name in ("death_date", "recruitment_date", "retirement_date"):
                value = getattr(self, name)
                if value is not None and value < self.birth_date:
                    raise _invalid(
                        title,
                        (name,),
                        value,
                        f"{name} {value} is before birth_date {self.birth_date}",
                    )
        if (
            self.recruitment_date is not None
            and self.retirement_date is not None
            and self.retirement_date < self.recruitment_date
        ):
            raise _invalid(
                title,
                ("retirement_date",),
                self.retirement_date,
                "retirement_date is before recruitment_date",
            )
        return self


class Spouse(Person):
    """A spouse (or, after the affiliate's death, a widow or widower)."""

    monthly_pension: Money | None = Field(
        default=None, description="The spouse's own or survivor pension, MAD per month."
    )
    own_insurance: bool | None = Field(
        default=False, description="Covered by health insurance of their own."
    )
    divorce_date: date | None = None
    remarried: bool | None = False

    @property
    def role(self) -> Role:
        return Role.SPOUSE

    @property
    def divorced(self) -> bool:
        """Whether the spouse is divorced from the affiliate (a ``divorce_date`` is given)."""
        return self.divorce_date is not None


class Child(Person):
    """A child of the affiliate (kafala counts as a child)."""

    kafala: bool | None = Field(default=False, description="In legal foster care (kafala).")
    schooling: Schooling | None = Schooling.NONE
    student: bool | None = Field(default=False, description="Enrolled in higher education.")
    married: bool | None = False
    bac_year: int | None = Field(default=None, ge=1950, le=2100)
    bac_score: Decimal | None = Field(
        default=None, ge=0, le=20, description="Baccalaureate score out of 20."
    )

    @property
    def role(self) -> Role:
        return Role.CHILD


class Parent(Person):
    """A parent of the affiliate."""

    @property
    def role(self) -> Role:
        return Role.PARENT


class BenefitRecord(_Frozen):
    """A benefit the foundation granted: for frequency limits."""

    program: str = Field(min_length=1, max_length=120)
    person: Identifier
    on: date
    amount: Money | None = None


class Household(_Frozen):
    """One affiliation file: the affiliate and the people whose rights come from them."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=True,
        json_schema_extra={"title": "Household"},
    )

    schema_version: Literal[1] = 1
    id: Identifier
    affiliate: Affiliate
    spouses: tuple[Spouse, ...] = ()
    children: tuple[Child, ...] = ()
    parents: tuple[Parent, ...] = Field(default=(), max_length=2)
    dues: DuesStatus | None = DuesStatus.PAID
    bank_account: bool | None = Field(default=None, description="Has a bank account.")
    social_hardship: bool | None = Field(
        default=False, description="Assessed as in social hardship by the foundation."
    )
    history: tuple[BenefitRecord, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Household:
        title = type(self).__name__
        seen: set[str] = set()
        located: list[tuple[tuple[str | int, ...], Person]] = [(("affiliate",), self.affiliate)]
        for name in ("spouses", "children", "parents"):
            located.extend(((name, index), p) for index, p in enumerate(getattr(self, name)))
        for loc, person in located:
            if person.id in seen:
                raise _invalid(
                    title, (*loc, "id"), person.id, f"person id {person.id!r} is used twice"
                )
            seen.add(person.id)
        death = self.affiliate.death_date
        if death is not None:
            latest = death + timedelta(days=POSTHUMOUS_BIRTH_DAYS)
            for index, child in enumerate(self.children):
                if child.birth_date is not None and child.birth_date > latest and not child.kafala:
                    raise _invalid(
                        title,
                        ("children", index, "birth_date"),
                        child.birth_date,
                        f"child {child.id!r} was born {child.birth_date}, more than "
                        f"{POSTHUMOUS_BIRTH_DAYS} days after the affiliate died ({death})",
                    )
        for index, record in enumerate(self.history):
            if record.person not in seen:
                raise _invalid(
                    title,
                    ("history", index, "person"),
                    record.person,
                    f"history names person {record.person!r}, who is not in the file",
                )
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

    def category_of(self, person: Person) -> Category | None:
        """The member category of ``person``; ``None`` for a deceased affiliate."""
        if isinstance(person, Affiliate):
            if person.status is AffiliateStatus.ACTIVE:
                return Category.ACTIVE_OFFICER
            if person.status is AffiliateStatus.RETIRED:
                return Category.RETIREE
            return None
        if isinstance(person, Spouse) and self.affiliate.status is AffiliateStatus.DECEASED:
            return Category.WIDOW
        return Category.RIGHTS_HOLDER

    def path_of(self, person: Person) -> str:
        """The JSON-like path of ``person`` in this file, e.g. ``household.children[1]``."""
        if person is self.affiliate:
            return "household.affiliate"
        for name in ("spouses", "children", "parents"):
            for index, candidate in enumerate(getattr(self, name)):
                if candidate is person:
                    return f"household.{name}[{index}]"
        raise KeyError(person.id)
