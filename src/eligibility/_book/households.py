"""The checks every way of deciding shares: the evaluation date and language asked for,
a household as it stands on a date, and who can never apply."""

from __future__ import annotations

from datetime import date, datetime

from eligibility._model.errors import HouseholdError
from eligibility._model.household import Affiliate, AffiliateStatus, Household, Person
from eligibility._model.vocabulary import Language

__all__ = ["as_of", "check_arguments", "deceased"]


def as_of(household: Household, on: date) -> Household:
    """The household on ``on``: an affiliate not yet born is an input error; anybody else
    not yet born takes no part (the decision lists them)."""
    if not household.affiliate.born_by(on):
        raise HouseholdError([("household.affiliate.birth_date",
                               f"the affiliate, born {household.affiliate.birth_date}, is not "
                               f"yet born on {on}")])
    return household.as_of(on)


def deceased(person: Person) -> bool:
    """Whether ``person`` is a deceased affiliate (who never applies)."""
    return isinstance(person, Affiliate) and person.status is AffiliateStatus.DECEASED


def check_arguments(on: object, lang: str) -> Language:
    """The language asked for; a date that is not a date, or an unknown language, is an
    input error."""
    # A datetime is a date too, but cannot be compared with the dates of rules and files.
    if type(on) is date and type(lang) is Language:  # the common case, quickly
        return lang
    if not isinstance(on, date) or isinstance(on, datetime):
        hint = " (use .date())" if isinstance(on, datetime) else ""
        raise HouseholdError([("on", f"expected a date, got {type(on).__name__}{hint}")])
    try:
        return Language(lang)
    except ValueError:
        raise HouseholdError([("lang", f"expected ar, fr or en, got {lang!r}")]) from None
