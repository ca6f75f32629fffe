"""What makes a household file plausible, beyond each person's own fields: unique ids, a
child not older than the affiliate, no divorce after the affiliate's death, no child born
long after it, a history that names people of the file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from .codes import ProblemCode
from .persons import (
    POSTHUMOUS_BIRTH_DAYS,
    Affiliate,
    BenefitRecord,
    Child,
    Parent,
    Person,
    Spouse,
)

__all__ = ["household_problem"]

#: (path relative to the household, offending value, code, the values its message names)
Problem = tuple[tuple[str | int, ...], object, ProblemCode, dict[str, Any]]


def household_problem(affiliate: Affiliate, spouses: Sequence[Spouse],
                      children: Sequence[Child], parents: Sequence[Parent],
                      history: Sequence[BenefitRecord]) -> Problem | None:
    """The first problem found in a household's parts, or ``None``.

    Every household is checked, so the checks that cannot find anything are skipped
    (no second spouse, no recorded death...) and the people are walked in one pass."""
    ids = [affiliate.id, *[p.id for p in spouses], *[p.id for p in children],
           *[p.id for p in parents]]
    known = set(ids)
    if len(known) != len(ids):
        located: list[tuple[tuple[str | int, ...], Person]] = [(("affiliate",), affiliate)]
        for name, people in (("spouses", spouses), ("children", children),
                             ("parents", parents)):
            located.extend(((name, i), p) for i, p in enumerate(people))
        return _duplicate_ids(located)
    return ((spouses and affiliate.death_date is not None
             and _divorce_after_death(affiliate, spouses))
            or (children and _children_problem(affiliate, children))
            or (parents and _parents_problem(affiliate, parents))
            or (history and _history_problem(known, history))
            or None)


def _duplicate_ids(located: list[tuple[tuple[str | int, ...], Person]]) -> Problem | None:
    seen: set[str] = set()
    for loc, person in located:
        if person.id in seen:
            return (*loc, "id"), person.id, ProblemCode.DUPLICATE_PERSON_ID, {"id": person.id}
        seen.add(person.id)
    return None


def _divorce_after_death(affiliate: Affiliate, spouses: Sequence[Spouse]) -> Problem | None:
    death = affiliate.death_date
    for index, spouse in enumerate(spouses):
        if death is not None and spouse.divorce_date is not None and spouse.divorce_date > death:
            return (("spouses", index, "divorce_date"), spouse.divorce_date,
                    ProblemCode.DIVORCE_AFTER_DEATH,
                    {"divorce": spouse.divorce_date, "death": death})
    return None


def _children_problem(affiliate: Affiliate, children: Sequence[Child]) -> Problem | None:
    death = affiliate.death_date
    for index, child in enumerate(children):
        born = child.birth_date
        if born is None:
            continue
        if affiliate.birth_date is not None and born < affiliate.birth_date:
            return (("children", index, "birth_date"), born,
                    ProblemCode.CHILD_BORN_BEFORE_AFFILIATE,
                    {"id": child.id, "born": born, "affiliate_born": affiliate.birth_date})
        if death is not None and not child.kafala \
                and born > death + timedelta(days=POSTHUMOUS_BIRTH_DAYS):
            return (("children", index, "birth_date"), born,
                    ProblemCode.CHILD_BORN_AFTER_DEATH,
                    {"id": child.id, "born": born, "days": POSTHUMOUS_BIRTH_DAYS,
                     "death": death})
    return None


def _parents_problem(affiliate: Affiliate, parents: Sequence[Parent]) -> Problem | None:
    for index, parent in enumerate(parents):
        if parent.birth_date is not None and affiliate.birth_date is not None \
                and parent.birth_date >= affiliate.birth_date:
            return (("parents", index, "birth_date"), parent.birth_date,
                    ProblemCode.PARENT_NOT_OLDER,
                    {"id": parent.id, "born": parent.birth_date,
                     "affiliate_born": affiliate.birth_date})
    return None


def _history_problem(ids: set[str], history: Sequence[BenefitRecord]) -> Problem | None:
    for index, record in enumerate(history):
        if record.person not in ids:
            return (("history", index, "person"), record.person,
                    ProblemCode.HISTORY_UNKNOWN_PERSON, {"id": record.person})
    return None
