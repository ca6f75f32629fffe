"""Facts of a household file by path (``household.spouses[0].monthly_pension``): which
there are, what type each has, and the same file with one of them changed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from eligibility._language.types import Type, record_type
from eligibility._model.household import Household

__all__ = ["fact_paths", "fact_type", "owner_of", "with_fact"]

_STEP = re.compile(r"\.([A-Za-z_]+)(?:\[(\d+)\])?")


def _steps(path: str) -> list[tuple[str, int | None]]:
    if not path.startswith("household"):
        raise KeyError(path)
    return [(m.group(1), None if m.group(2) is None else int(m.group(2)))
            for m in _STEP.finditer(path, len("household"))]


def owner_of(household: Household, path: str) -> Any:
    """The record (the household, or a person) whose field ``path`` names."""
    current: Any = household
    for name, index in _steps(path)[:-1]:
        current = getattr(current, name)
        if index is not None:
            current = current[index]
    return current


def fact_type(household: Household, path: str) -> Type:
    """The rule language's type of the fact at ``path``."""
    owner = owner_of(household, path)
    name = _steps(path)[-1][0]
    return record_type(type(owner)).fields[name].type


def fact_paths(household: Household, names: Iterable[str]) -> list[str]:
    """The paths of the fields named ``names`` of the household and of each person in it."""
    wanted = set(names)
    found = [f"household.{n}" for n in Household.model_fields if n in wanted]
    for person in household.people:
        path = household.path_of(person)
        found += [f"{path}.{n}" for n in type(person).model_fields if n in wanted]
    return found


def with_fact(household: Household, path: str, value: Any) -> Household | None:
    """The household with the fact at ``path`` set to ``value``; ``None`` if the file would
    not be valid then (a birth date after a death...)."""
    data = household.model_dump()
    current: Any = data
    steps = _steps(path)
    for name, index in steps[:-1]:
        current = current[name]
        if index is not None:
            current = current[index]
    current[steps[-1][0]] = value
    try:
        return Household.model_validate(data)
    except ValidationError:
        return None

