"""The member categories a program may serve ("which programs can a widow get?").

Answered once, from the compiled IR, for the ``programs`` command and the
documentation alike. A category is served on a date when

1. one of the roles the program applies to can hold it (``Program.applicant_categories``,
   from :data:`ROLE_CATEGORIES`:
   affiliate → active officer or retiree; spouse → widow or rights holder; child and
   parent → rights holder), and
2. ``applicant.category == '<category>'`` may hold together with the program's criteria
   in force on that date (:func:`.analysis.may_hold`: each criterion weakened to "its
   condition or one of its exceptions' conditions", shared definitions expanded).

The answer is conservative: a category is left out only when the criteria contradict
it, and kept when the conditions are too large to check. It may list a category that
no applicant of it can actually get, never leave out one that can.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from eligibility._language.ast import Attr, Compare, Literal, Name
from eligibility._language.types import BOOL, STR, RecordType
from eligibility._model.household import Category

from .analysis import may_hold
from .ir import Definition, Program

__all__ = ["categories_served"]


def categories_served(program: Program, definitions: Mapping[str, Definition],
                      on: date) -> tuple[Category, ...]:
    """The member categories that may be eligible for ``program`` on ``on``, in
    :class:`Category` order (see the module documentation)."""
    return tuple(
        category for category in Category
        if category in program.applicant_categories
        and may_hold(program, definitions, on, _category_is(program, category))
    )


def _category_is(program: Program, category: Category) -> Compare:
    """``applicant.category == '<category>'`` in the program's scope, typed as the checker
    types it (the analysis reads the enum's values off the attribute's type)."""
    person = program.applicant_type
    assert isinstance(person, RecordType)  # an applicant is always a person's record
    applicant = Name(0, 0, id="applicant")
    applicant.ty = person
    field = Attr(0, 0, obj=applicant, name="category")
    field.info = person.fields["category"]
    field.ty = field.info.type
    value = Literal(0, 0, value=category.value)
    value.ty = STR
    condition = Compare(0, 0, left=field, ops=("==",), comparators=(value,))
    condition.ty = BOOL
    return condition
