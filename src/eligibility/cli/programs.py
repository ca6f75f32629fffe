"""What the ``programs`` and ``schema`` commands read off the compiled rule book.

Member categories of a program
------------------------------
"Which programs can a widow get?" is answered from the compiled IR, never from the
YAML, in two steps:

1. **Roles.** A program is evaluated for the roles in its ``applies_to``. Each role
   can hold these categories (see :meth:`eligibility.Household.category_of`):
   affiliate → active officer or retiree (a deceased affiliate never applies);
   spouse → widow (the affiliate has died) or rights holder (the affiliate is
   alive); child and parent → rights holder.
2. **Criteria, statically.** Every criterion active on the date asked, that has no
   exceptions, must hold for an applicant to be eligible. Where its expression
   restricts ``applicant.category`` — ``applicant.category in [...]``, ``==``, ``!=``,
   ``not in``, combined with ``and``/``or``/``not``, including through a shared
   definition called with the applicant — the categories are narrowed to those the
   restriction allows. A restriction written any other way is not seen, so the list
   can be wider than the truth, never narrower: no category that can be eligible is
   left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from eligibility import Category, Node
from eligibility._compile.ir import Definition, Program
from eligibility._language.ast import Attr, BoolOp, Call, Compare, ListLit, Literal, Name, Unary

__all__ = [
    "ROLE_CATEGORIES",
    "program_categories",
    "program_summary",
]

ALL_CATEGORIES = frozenset(c.value for c in Category)
CATEGORY_ORDER = [c.value for c in Category]

#: The member categories a person of each role can hold.
ROLE_CATEGORIES: Mapping[str, frozenset[str]] = {
    "affiliate": frozenset({Category.ACTIVE_OFFICER.value, Category.RETIREE.value}),
    "spouse": frozenset({Category.WIDOW.value, Category.RIGHTS_HOLDER.value}),
    "child": frozenset({Category.RIGHTS_HOLDER.value}),
    "parent": frozenset({Category.RIGHTS_HOLDER.value}),
}

_FLIP = {"==": "==", "!=": "!=", "in": "in", "not in": "not in"}


def program_categories(
    program: Program, definitions: Mapping[str, Definition], on: date
) -> list[str]:
    """The member categories that can be eligible for ``program`` on ``on`` (see module doc)."""
    categories: set[str] = set()
    for role in program.applies_to:
        categories |= ROLE_CATEGORIES.get(role, frozenset())
    for criterion in program.active_criteria(on):
        if criterion.exceptions:
            continue  # an exception may let other categories through
        allowed = _restriction(criterion.when.node, frozenset({"applicant"}), definitions, 0)
        if allowed is not None:
            categories &= allowed
    return [c for c in CATEGORY_ORDER if c in categories]


def _restriction(node: Node, subjects: frozenset[str], definitions: Mapping[str, Definition],
                 depth: int) -> frozenset[str] | None:
    """Categories ``node`` being true allows for the subject, or ``None`` if it does not say."""
    if depth > 20:  # definitions cannot recurse, but stay safe
        return None
    if isinstance(node, Compare):
        return _compare(node, subjects)
    if isinstance(node, BoolOp):
        parts = [_restriction(v, subjects, definitions, depth + 1) for v in node.values]
        if node.op == "and":
            known = [p for p in parts if p is not None]
            if not known:
                return None
            narrowed = ALL_CATEGORIES
            for part in known:
                narrowed &= part
            return narrowed
        union: frozenset[str] = frozenset()
        for option in parts:
            if option is None:
                return None  # one way through says nothing about the category
            union |= option
        return union
    if isinstance(node, Unary) and node.op == "not" and isinstance(node.operand, Compare):
        exact = _compare(node.operand, subjects)  # a single comparison is exact: negate it
        return None if exact is None else ALL_CATEGORIES - exact
    if isinstance(node, Call) and not node.method and node.func in definitions:
        definition = definitions[node.func]
        bound = frozenset(
            name for (name, _), arg in zip(definition.params, node.args, strict=False)
            if isinstance(arg, Name) and arg.id in subjects
        )
        if bound:
            return _restriction(definition.value.node, bound, definitions, depth + 1)
    return None


def _is_category(node: Node, subjects: frozenset[str]) -> bool:
    return (isinstance(node, Attr) and node.name == "category"
            and isinstance(node.obj, Name) and node.obj.id in subjects)


def _literals(node: Node) -> frozenset[str] | None:
    if isinstance(node, Literal) and isinstance(node.value, str):
        return frozenset({node.value})
    if isinstance(node, ListLit) and all(
        isinstance(i, Literal) and isinstance(i.value, str) for i in node.items
    ):
        return frozenset(str(i.value) for i in node.items if isinstance(i, Literal))
    return None


def _compare(node: Compare, subjects: frozenset[str]) -> frozenset[str] | None:
    if len(node.ops) != 1:
        return None
    op = node.ops[0]
    left, right = node.left, node.comparators[0]
    if _is_category(right, subjects) and op in ("==", "!="):
        left, right = right, left
    if not _is_category(left, subjects) or op not in _FLIP:
        return None
    values = _literals(right)
    if values is None or (op in ("==", "!=") and not isinstance(right, Literal)):
        return None
    if op in ("==", "in"):
        return values & ALL_CATEGORIES
    return ALL_CATEGORIES - values


def program_summary(program: Program, definitions: Mapping[str, Definition], on: date,
                    lang: str) -> dict[str, Any]:
    """A program as the ``programs`` command lists it (JSON-native values)."""
    version = program.version_at(on)
    return {
        "id": program.id,
        "domain": program.domain.value,
        "title": program.title.get(lang),
        "summary": program.summary.get(lang) if program.summary else None,
        "applies_to": list(program.applies_to),
        "categories": program_categories(program, definitions, on),
        "status": program.status.value,
        "in_force": program.in_force(on),
        "version": version.id,
        "valid_from": program.valid_from.isoformat(),
        "valid_until": program.valid_until.isoformat() if program.valid_until else None,
        "file": program.file,
        "sources": [
            {"title": s.title, "url": s.url, "date": s.date.isoformat() if s.date else None}
            for s in program.sources
        ],
    }
