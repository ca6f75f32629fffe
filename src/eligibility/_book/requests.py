"""One request to a rule book, checked: the evaluation date and the language asked, the
household (as given, and as it stands on the date), and the person applying.

Bad input is refused precisely: a :class:`~eligibility.HouseholdError` whose problem has
its code and the path of the argument it is about (``applicant``, ``on``, ``lang``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, NamedTuple

from eligibility._compile.ir import Program
from eligibility._language.suggestions import suggest
from eligibility._model.codes import ProblemCode as Code
from eligibility._model.errors import HouseholdError, Problem
from eligibility._model.household import (
    Affiliate,
    AffiliateStatus,
    Child,
    Household,
    Parent,
    Person,
    Role,
    Spouse,
)
from eligibility._model.household_io import parse_household
from eligibility._model.vocabulary import Language

__all__ = ["Request", "applicants", "as_of", "check_arguments", "quick", "resolve"]

#: The languages by their codes, for a language given as text.
_LANGUAGES = {lang.value: lang for lang in Language}


class Request(NamedTuple):
    """A checked request: the household as given (``full``: people not yet born on the
    date included, for what is computed over time) and as it stands on the date."""

    program: Program
    full: Household
    household: Household
    applicant: Person
    lang: Language


def applicants(program: Program, household: Household, on: date | None = None
               ) -> list[Person]:
    """The people a program is evaluated for: those of the roles it applies to, but a
    deceased affiliate never, nor (given ``on``) anybody not yet born on that date."""
    return [person for person in household.people
            if person.role in program.applies_to and not _deceased(person)
            and (on is None or person.born_by(on))]


def resolve(program: Program, household: Household | Mapping[str, Any],
            applicant: str | Person | None, on: date, lang: str) -> Request:
    """The request for ``program``: the household read and checked, the applicant found
    (by default the affiliate, or the only person the program applies to)."""
    language = check_arguments(on, lang)
    full = parse_household(household)
    house = as_of(full, on)
    if isinstance(applicant, Person) and applicant.id in house.not_yet_born:
        raise HouseholdError([Problem(Code.APPLICANT_NOT_BORN, "applicant",
                                      {"id": applicant.id, "on": on})])
    return Request(program, full, house, _applicant(program, house, applicant, on), language)


def quick(program: Program, household: object, applicant: object, on: object,
          lang: object) -> tuple[Household, Person, Language] | None:
    """The household on ``on``, the applicant and the language, for the common request — a
    :class:`Household`, a date, a language, one of the household's people (the object or
    its id) or nobody named — when it passes every check :func:`resolve` makes; else
    ``None`` (and :func:`resolve` then refuses the request, or reads what it was given the
    long way)."""
    if type(on) is not date or type(household) is not Household:
        return None
    language = lang if type(lang) is Language else _LANGUAGES.get(lang) \
        if type(lang) is str else None
    born = household.affiliate.birth_date
    if language is None or (born is not None and born > on):
        return None
    house = _as_of(household, on)  # the method, called as a function (the exact class)
    # Nobody is left out of a household with nothing kept beside its fields (most).
    unborn = () if house.__pydantic_private__ is None else house.not_yet_born
    group = _GROUPS.get(type(applicant))
    if group is not None:  # one of the four kinds of people (of a subclass: the long way)
        person: Person = applicant  # type: ignore[assignment]  # its exact class is known
        role, name = group
        if role not in program.applies_to or (unborn and person.id in unborn):
            return None
        if name is None:  # the affiliate: this household's, and alive
            if person is not house.affiliate or house.affiliate.status is _DECEASED:
                return None
            return house, person, language
        for member in getattr(house, name):  # the very object (no generator: a hot path)
            if member is person:
                return house, person, language
        return None
    if isinstance(applicant, Person):
        if applicant is not house.affiliate and not _among_all(applicant, house):
            return None
        person = applicant
    elif type(applicant) is str:
        if applicant in unborn:
            return None
        try:
            person = house.person(applicant)
        except KeyError:
            return None
    elif applicant is None:
        try:  # one of the people the program applies to (so of its roles, and alive)
            return house, _default_applicant(program, house), language
        except HouseholdError:
            return None
    else:
        return None
    if person.role not in program.applies_to or _deceased(person) or \
            (unborn and person.id in unborn):
        return None
    return house, person, language


#: Each kind of person's role and group in the household (``None``: the affiliate), by its
#: exact class.
_GROUPS: dict[type, tuple[Role, str | None]] = {
    Affiliate: (Role.AFFILIATE, None), Spouse: (Role.SPOUSE, "spouses"),
    Child: (Role.CHILD, "children"), Parent: (Role.PARENT, "parents")}
#: Read once: a member of an enumeration read off its class costs a lookup each time.
_DECEASED = AffiliateStatus.DECEASED
#: :meth:`Household.as_of` as a function: a method read off a pydantic model is looked up
#: and bound on each call.
_as_of = Household.as_of


def _among_all(person: Person, household: Household) -> bool:
    """Whether ``person`` is one of the household's spouses, children or parents (the
    very object)."""
    for group in (household.spouses, household.children, household.parents):
        for member in group:
            if member is person:
                return True
    return False


def _applicant(program: Program, household: Household, applicant: str | Person | None,
               on: date) -> Person:
    if applicant is None:
        return _default_applicant(program, household)
    if isinstance(applicant, Person):
        if not _member(applicant, household):
            raise HouseholdError([Problem(Code.APPLICANT_NOT_IN_HOUSEHOLD, "applicant",
                                          {"id": applicant.id})])
        person = applicant
    else:
        if applicant in household.not_yet_born:
            raise HouseholdError([Problem(Code.APPLICANT_NOT_BORN, "applicant",
                                          {"id": applicant, "on": on})])
        try:
            person = household.person(applicant)
        except KeyError:
            hint = suggest(applicant, [p.id for p in household.people])
            raise HouseholdError([Problem(Code.UNKNOWN_APPLICANT, "applicant",
                                          {"id": applicant, "suggestion": hint})]) from None
    if person.role not in program.applies_to:
        raise HouseholdError([Problem(Code.WRONG_ROLE, "applicant", {
            "id": person.id, "role": person.role.value, "program": program.id,
            "roles": [r.value for r in program.applies_to]})])
    if _deceased(person):
        raise HouseholdError([Problem(Code.DECEASED_APPLICANT, "applicant")])
    return person


def _member(person: Person, household: Household) -> bool:
    """Whether ``person`` is one of the household's people (the very object)."""
    return id(person) in map(id, household.people)  # no generator: a hot path


def _default_applicant(program: Program, household: Household) -> Person:
    candidates = applicants(program, household)
    if Role.AFFILIATE in program.applies_to and household.affiliate in candidates:
        return household.affiliate
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise HouseholdError([Problem(Code.NO_APPLICANT, "applicant", {
            "program": program.id, "roles": [r.value for r in program.applies_to]})])
    raise HouseholdError([Problem(Code.SEVERAL_APPLICANTS, "applicant",
                                  {"ids": [p.id for p in candidates]})])


def as_of(household: Household, on: date) -> Household:
    """The household on ``on``: an affiliate not yet born is an input error; anybody else
    not yet born takes no part (the decision lists them)."""
    if not household.affiliate.born_by(on):
        raise HouseholdError([Problem(Code.AFFILIATE_NOT_BORN, "household.affiliate.birth_date",
                                      {"born": household.affiliate.birth_date, "on": on})])
    return household.as_of(on)


def _deceased(person: Person) -> bool:
    return isinstance(person, Affiliate) and person.status is _DECEASED


def check_arguments(on: object, lang: str) -> Language:
    """The language asked, once the date is checked to be a date (not a date and time)."""
    # A datetime is a date too, but cannot be compared with the dates of rules and files.
    if type(on) is date and type(lang) is Language:  # the common case, quickly
        return lang
    if not isinstance(on, date) or isinstance(on, datetime):
        raise HouseholdError([Problem(Code.INVALID_EVALUATION_DATE, "on",
                                      {"found": on})])
    try:
        return Language(lang)
    except ValueError:
        raise HouseholdError([Problem(Code.UNKNOWN_LANGUAGE, "lang",
                                      {"found": lang})]) from None
