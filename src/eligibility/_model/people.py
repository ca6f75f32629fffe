"""The closed sets of words of the household model: statuses, roles, categories."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "ROLE_CATEGORIES",
    "AffiliateStatus",
    "Category",
    "DuesStatus",
    "Role",
    "Schooling",
    "Sex",
    "age_on",
]


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


class Sex(StrEnum):
    """A person's sex, where a text names them (a widow, a widower)."""

    FEMALE = "female"
    MALE = "male"


class Role(StrEnum):
    """Where a person stands in the household file."""

    AFFILIATE = "affiliate"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"


class Category(StrEnum):
    """Who a person is to the foundation, derived from the file (never typed in).

    The foundation's four member categories — active officers, retirees, widows (and
    widowers), rights holders — and two more a file can hold: a *former spouse*, divorced
    from the affiliate (before the affiliate's death, if the affiliate has died), who is
    no longer a rights holder nor a widow; and an *honorary member*, a parent of an officer
    killed on duty, who holds the foundation's honorary membership card.
    """

    ACTIVE_OFFICER = "active_officer"
    RETIREE = "retiree"
    WIDOW = "widow"
    RIGHTS_HOLDER = "rights_holder"
    FORMER_SPOUSE = "former_spouse"
    HONORARY_MEMBER = "honorary_member"


#: The categories a person of each role can hold (see :meth:`Household.category_of`): an
#: affiliate is an active officer or a retiree (a deceased one applies for nothing); a
#: spouse a rights holder while married to a living affiliate, a widow or widower if
#: married to the affiliate at the death, a former spouse once divorced; a child a rights
#: holder; a parent a rights holder, or an honorary member when the affiliate was killed
#: on duty.
ROLE_CATEGORIES: Mapping[Role, frozenset[Category]] = MappingProxyType({
    Role.AFFILIATE: frozenset({Category.ACTIVE_OFFICER, Category.RETIREE}),
    Role.SPOUSE: frozenset({Category.WIDOW, Category.RIGHTS_HOLDER, Category.FORMER_SPOUSE}),
    Role.CHILD: frozenset({Category.RIGHTS_HOLDER}),
    Role.PARENT: frozenset({Category.RIGHTS_HOLDER, Category.HONORARY_MEMBER}),
})


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on ``on``.

    A person born on 29 February turns a year older on 1 March in common years
    (their birthday has not yet come on 28 February).
    """
    months = on.month - birth_date.month  # no tuples: this runs for every age read
    return on.year - birth_date.year - (months < 0 or (months == 0 and on.day < birth_date.day))
