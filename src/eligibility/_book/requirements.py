"""What one fact needs to be, from the constraints a clause puts on it: the values that
meet them (nearest to the fact's value now first), and the requirement in words (from the
catalogue: the fact by its field's name, its values as a decision shows them, money in
dirhams)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from eligibility._compile.logic import COMPARE, Constraint
from eligibility._i18n import N_, NP_, t, words
from eligibility._i18n import format as fmt
from eligibility._language.types import BOOL, DATE, DECIMAL, INT, EnumType, Type
from eligibility._model.household import Person
from eligibility._model.values import Unknown, to_value
from eligibility._model.whatif import Requirement

from .residual import Term, ordinal_value

__all__ = ["NEEDS", "age_bounds", "bounds", "candidates", "fact_label", "need", "requirement",
           "satisfies", "shown"]

#: The smallest step of a decimal fact (money, scores: two decimals).
CENT = Decimal("0.01")

#: What a fact needs to be, by comparison (``date_`` ones for dates).
NEEDS = {
    "<=": NP_("requirement", "at most {value}"),
    "<": NP_("requirement", "less than {value}"),
    ">=": NP_("requirement", "at least {value}"),
    ">": NP_("requirement", "more than {value}"),
    "!=": NP_("requirement", "other than {value}"),
    "in": NP_("requirement", "one of {value}"),
    "between": NP_("requirement", "from {low} to {high}"),
    "date_<=": NP_("requirement, date", "on or before {value}"),
    "date_<": NP_("requirement, date", "before {value}"),
    "date_>=": NP_("requirement, date", "on or after {value}"),
    "date_>": NP_("requirement, date", "after {value}"),
    "date_between": NP_("requirement, date", "from {low} to {high}"),
}


def satisfies(constraints: Sequence[Constraint], value: Any) -> bool:
    """Whether ``value`` meets every constraint (an unknown value meets none)."""
    if value is None or isinstance(value, Unknown):
        return False
    held = ordinal_value(value)
    for constraint in constraints:
        if constraint.op == "is":
            if held is not constraint.value:
                return False
            continue
        try:
            if not COMPARE[constraint.op](held, constraint.value):
                return False
        except TypeError:
            return False
    return True


def _from_ordinal(value: Any, kind: Type) -> Any:
    return date.fromordinal(value) if kind == DATE and isinstance(value, int) else value


def candidates(constraints: Sequence[Constraint], current: Any, kind: Type) -> list[Any]:
    """Values of a fact of type ``kind`` that meet ``constraints``, nearest to ``current``
    first (a limit itself, or the next value past an open one)."""
    found: list[Any] = []
    for constraint in constraints:
        if constraint.op == "is":
            found.append(constraint.value)
        elif constraint.op == "==":
            found.append(_from_ordinal(constraint.value, kind))
    if isinstance(kind, EnumType):
        found += list(kind.values)
    elif kind == BOOL:
        found += [True, False]
    elif kind in (INT, DECIMAL, DATE):
        found += bounds(constraints, kind)
    unique = list(dict.fromkeys(v for v in found if satisfies(constraints, v)))
    if current is None or isinstance(current, Unknown) or kind not in (INT, DECIMAL, DATE):
        return unique
    return sorted(unique, key=lambda v: abs(ordinal_value(v) - ordinal_value(current)))


def bounds(constraints: Sequence[Constraint], kind: Type) -> list[Any]:
    """Each limit the constraints name, and the values just below and above it."""
    step: Any = 1 if kind in (INT, DATE) else CENT
    out: list[Any] = []
    for constraint in constraints:
        value = constraint.value
        if constraint.op != "is" and not isinstance(value, (bool, str)):
            out += [value - step, value, value + step]
    if kind == DATE:
        return [date.fromordinal(v) for v in out if isinstance(v, int) and 0 < v < 3652059]
    if kind == INT:
        return [int(v) for v in out if v == int(v)]
    return [Decimal(v).quantize(CENT) for v in out if Decimal(v) >= 0]


def shown(value: Any, lang: str, fact: str = "") -> str:
    """A fact's value in a sentence, as a decision shows it: yes or no, a date in words,
    an amount in dirhams, a year as written, a value by its label, or *unknown*."""
    if value is None or isinstance(value, Unknown):
        return fmt.unknown(lang)
    return fmt.fact_value(fact, value, lang)


def need(key: str, lang: str, **values: str) -> str:
    """What a fact needs to be (``<=``, ``date_>``, ``between``...), its values in words;
    ``==`` is the value itself."""
    if key == "==":
        return values["value"]
    return t(lang, NEEDS[key], **values)


def fact_label(term: Term, owner: Any, lang: str) -> str:
    """The fact, and whose it is: *monthly pension of widow*."""
    name = words.field_name(term.fact, lang) or term.fact.replace("_", " ")
    if not isinstance(owner, Person):
        return t(lang, N_("{fact} (household)"), fact=name)
    return t(lang, N_("{fact} of {person}"), fact=name, person=owner.name or owner.id)


def _need(constraints: Sequence[Constraint], kind: Type, fact: str, lang: str) -> str:
    parts: list[str] = []
    for constraint in constraints:
        if constraint.op == "is":
            parts.append(fmt.yes_no(bool(constraint.value), lang))
            continue
        value = shown(_from_ordinal(constraint.value, kind), lang, fact)
        key = f"date_{constraint.op}" if kind == DATE and constraint.op in (
            "<", "<=", ">", ">=") else constraint.op
        parts.append(need(key, lang, value=value))
    return fmt.join(dict.fromkeys(parts), lang)


def requirement(term: Term, owner: Any, constraints: Sequence[Constraint], kind: Type,
                current: Any, suggested: Any, lang: str) -> Requirement:
    """``term`` must meet ``constraints``; ``suggested`` is the value checked."""
    missed = [c for c in constraints if not satisfies([c], current)] or list(constraints)
    main = missed[0]
    value = _from_ordinal(main.value, kind)
    text = t(lang, N_("{fact}: {need} (now: {current})"), fact=fact_label(term, owner, lang),
             need=_need(constraints, kind, term.fact, lang),
             current=shown(current, lang, term.fact))
    return Requirement(fact=term.path, op=main.op, value=to_value(value),
                       current=to_value(current), suggested=to_value(suggested), text=text)


def age_bounds(constraints: Sequence[Constraint], on: date) -> list[date]:
    """Dates of birth on either side of the ages the constraints compare with, on ``on``
    (an age of ``n`` or more is a birth on or before ``n`` years before ``on``)."""
    found: list[date] = []
    for constraint in constraints:
        if constraint.op == "is" or not isinstance(constraint.value, (int, Decimal)):
            continue
        for years in (int(constraint.value), int(constraint.value) + 1):
            year = on.year - years
            if not date.min.year < year < date.max.year:
                continue  # an age no date of birth gives
            try:
                edge = on.replace(year=year)
            except ValueError:
                edge = date(year, 2, 28)
            found += [edge - timedelta(days=1), edge, edge + timedelta(days=1)]
    return found
