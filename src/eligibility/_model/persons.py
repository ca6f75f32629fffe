"""The people of a household file, and the records of benefits granted to them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, model_validator
from pydantic_core import InitErrorDetails

from .codes import ProblemCode
from .inputs import Flag, Identifier, InputDate, Money, Score, WholeNumber, problem
from .people import AffiliateStatus, Role, Schooling, Sex, age_on

__all__ = [
    "MIN_RECRUITMENT_AGE",
    "POSTHUMOUS_BIRTH_DAYS",
    "Affiliate",
    "BenefitRecord",
    "Child",
    "Parent",
    "Person",
    "Spouse",
    "invalid",
]

#: Longest pregnancy the model accepts between an affiliate's death and a child's birth.
POSTHUMOUS_BIRTH_DAYS = 300
#: Youngest age at which an affiliate can have been recruited.
MIN_RECRUITMENT_AGE = 16

_Text = Annotated[str, Strict(), Field(max_length=200)]

#: The roles, read once: a member of an enumeration read off its class costs a lookup each
#: time, and a person's role is read for every decision.
_AFFILIATE, _SPOUSE, _CHILD, _PARENT = Role.AFFILIATE, Role.SPOUSE, Role.CHILD, Role.PARENT


def invalid(
    model: str, loc: tuple[str | int, ...], value: object, code: ProblemCode, **params: Any
) -> ValidationError:
    """A validation error with our own ``code`` located at ``loc`` (relative to the model
    being validated).

    Raised from a model validator, it reports the offending field's path (e.g.
    ``children.2.birth_date``) instead of the model's own path.
    """
    detail = InitErrorDetails(type=problem(code, value, **params), loc=loc, input=value)
    return ValidationError.from_exception_data(model, [detail])


class _Frozen(BaseModel):
    # strict: nothing is coerced; enumerations, lists and dates opt back in where the
    # input's own form is not the Python one (a JSON string, a JSON list). defer_build: a
    # model's validator is built when it first validates, not when the class is made
    # (a one-off command validates one household, and never most of the other models).
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True, strict=True,
                              defer_build=True)


class Person(_Frozen):
    """Fields every person in the file has."""

    id: Identifier = Field(description="Caller-chosen identifier, unique within the household.")
    name: _Text | None = None
    sex: Sex | None = Field(default=None, strict=False,
                            description="female or male: names a widow or a widower.")
    birth_date: InputDate | None = Field(default=None, description="Unknown when left out.")
    disabled: Flag | None = Field(
        default=False, description="Disabled or permanently unable to work."
    )
    serious_illness: Flag | None = Field(
        default=False, description="Has a serious illness (cancer, dialysis, transplant...)."
    )

    @property
    def role(self) -> Role:
        raise NotImplementedError  # pragma: no cover - every concrete class overrides it

    def born_by(self, on: date) -> bool:
        """Whether the person is born on ``on`` (an unknown birth date counts as born)."""
        return self.birth_date is None or self.birth_date <= on


class Affiliate(Person):
    """The officer whose membership opens the household's rights."""

    status: AffiliateStatus = Field(strict=False)
    recruitment_date: InputDate | None = Field(default=None, description="Start of service.")
    retirement_date: InputDate | None = None
    death_date: InputDate | None = None
    killed_on_duty: Flag | None = Field(
        default=False, description="Died in the line of duty (deceased affiliates only)."
    )
    monthly_salary: Money | None = Field(default=None, description="Gross monthly salary, MAD.")
    monthly_pension: Money | None = Field(default=None, description="Monthly pension, MAD.")
    pay_scale: WholeNumber | None = Field(default=None, ge=1, le=20,
                                          description="Pay scale (échelle).")
    owns_main_home: Flag | None = None

    @property
    def role(self) -> Role:
        return _AFFILIATE

    @model_validator(mode="after")
    def _consistent(self) -> Affiliate:
        title = type(self).__name__
        problem_ = self._status_problem() or self._dates_problem()
        if problem_ is not None:
            field, code, params = problem_
            raise invalid(title, (field,), getattr(self, field), code, **params)
        return self

    def _status_problem(self) -> tuple[str, ProblemCode, dict[str, Any]] | None:
        if self.status is AffiliateStatus.DECEASED and self.death_date is None:
            return "death_date", ProblemCode.DECEASED_WITHOUT_DEATH_DATE, {}
        if self.status is not AffiliateStatus.DECEASED:
            if self.death_date is not None:
                return ("death_date", ProblemCode.DEATH_DATE_NOT_DECEASED,
                        {"status": self.status.value})
            if self.killed_on_duty:
                return "killed_on_duty", ProblemCode.KILLED_ON_DUTY_NOT_DECEASED, {}
        if self.status is AffiliateStatus.ACTIVE and self.retirement_date is not None:
            return "retirement_date", ProblemCode.ACTIVE_WITH_RETIREMENT_DATE, {}
        return None

    def _dates_problem(self) -> tuple[str, ProblemCode, dict[str, Any]] | None:
        if self.birth_date is not None:
            for name in ("death_date", "recruitment_date", "retirement_date"):
                value = getattr(self, name)
                if value is not None and value < self.birth_date:
                    return (name, ProblemCode.DATE_BEFORE_BIRTH,
                            {"date": value, "birth": self.birth_date})
            recruited = self.recruitment_date
            if recruited is not None and age_on(self.birth_date, recruited) < MIN_RECRUITMENT_AGE:
                return ("recruitment_date", ProblemCode.RECRUITED_TOO_YOUNG,
                        {"age": age_on(self.birth_date, recruited),
                         "minimum": MIN_RECRUITMENT_AGE})
        if (self.recruitment_date is not None and self.retirement_date is not None
                and self.retirement_date < self.recruitment_date):
            return "retirement_date", ProblemCode.RETIREMENT_BEFORE_RECRUITMENT, {}
        return None


class Spouse(Person):
    """A spouse (or, after the affiliate's death, a widow or widower; once divorced, a
    former spouse)."""

    monthly_pension: Money | None = Field(
        default=None, description="The spouse's own or survivor pension, MAD per month."
    )
    own_insurance: Flag | None = Field(
        default=False, description="Covered by health insurance of their own."
    )
    divorce_date: InputDate | None = Field(
        default=None, description="The divorce from the affiliate, if any (before the "
                                  "affiliate's death, if the affiliate has died).")
    remarried: Flag | None = Field(default=False, description="Married again since.")

    @property
    def role(self) -> Role:
        return _SPOUSE

    def divorced_on(self, on: date) -> bool:
        """Whether the spouse is divorced from the affiliate on ``on``."""
        return self.divorce_date is not None and self.divorce_date <= on


class Child(Person):
    """A child of the affiliate (kafala counts as a child)."""

    kafala: Flag | None = Field(default=False, description="In legal foster care (kafala).")
    schooling: Schooling | None = Field(default=Schooling.NONE, strict=False)
    student: Flag | None = Field(default=False, description="Enrolled in higher education.")
    married: Flag | None = False
    bac_year: WholeNumber | None = Field(default=None, ge=1950, le=2100)
    bac_score: Score | None = Field(
        default=None, description="Baccalaureate average out of 20, at most two decimals."
    )

    @property
    def role(self) -> Role:
        return _CHILD


class Parent(Person):
    """A parent of the affiliate."""

    @property
    def role(self) -> Role:
        return _PARENT


class BenefitRecord(_Frozen):
    """A benefit the foundation granted: for frequency limits."""

    program: Annotated[str, Strict(), Field(min_length=1, max_length=120)]
    person: Identifier
    on: InputDate
    amount: Money | None = None
