"""Bounds proven when an expression is checked: how large a whole number it can compute,
and how deep and how large it is once the shared definitions it uses are written out.

Evaluation must take bounded time on every engine, whatever the household:

* Decimal numbers are computed in the library's decimal context
  (:mod:`eligibility._model.numbers`), which rounds every result to 28 digits and traps
  one of ``10 ** MAX_DIGITS`` or more: they cannot grow.
* Whole numbers are Python integers, which nothing bounds at run time: ``p ** 8`` of a
  30-digit ``p`` has 240 digits, and a chain of definitions each raising the last to the
  8th power reaches millions of digits. So every expression that can compute a whole
  number is given, here, an upper bound on its absolute value (through the definitions
  it uses, the parameters' values on every date, and the bounds the household model
  declares for its fields), and one whose bound
  reaches ``10 ** MAX_DIGITS`` is refused
  (``number-too-large``).
* The durable engine writes shared definitions out where they are used, and the code it
  generates must stay within what Python compiles (nested parentheses, recursion): the
  expression's depth, definitions written out, is bounded by :data:`MAX_EXPANDED_DEPTH`
  (``definitions-too-deep``), and its size is measured so that a program's total can be
  bounded (``code-too-large``, checked by the compiler).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.numbers import MAX_DIGITS

from .ast import (
    Attr,
    BinOp,
    Call,
    IfExp,
    ListLit,
    Literal,
    Name,
    Node,
    Quant,
    Unary,
)
from .lexer import fail
from .parser import MAX_TREE_DEPTH
from .types import BOOL, ListType

if TYPE_CHECKING:
    from .checker import Scope

__all__ = ["LIST_ITEMS", "MAX_EXPANDED_DEPTH", "Measure", "magnitude_of_value", "measure"]

#: A list (of people, of records, of values) holds fewer than this many items: a count is
#: below it, and a sum below it times the largest term.
LIST_ITEMS = 10**9
#: Deepest an expression may nest once the definitions it uses are written out.
MAX_EXPANDED_DEPTH = MAX_TREE_DEPTH
#: Every whole number a rule computes is below this (in absolute value).
LIMIT = 10**MAX_DIGITS

#: The largest whole number each built-in function gives (dates run from year 1 to 9999).
_FUNCTION_MAGNITUDES: Mapping[str, int] = {
    "year": 9999, "month": 12, "day": 31, "years_between": 9999, "months_between": 9999 * 12,
    "days_between": (date.max - date.min).days, "age_on": 9999,
}


@dataclass(frozen=True, slots=True)
class Measure:
    """What :func:`measure` proves of an expression.

    Attributes:
        magnitude: when its value is a whole number, its absolute value is at most this
            (``None``: it is never a whole number: a decimal, a date, a text...).
        depth: how deep it nests with the definitions it uses written out.
        size: how many nodes it has with the definitions it uses written out.
    """

    magnitude: int | None
    depth: int
    size: int


def magnitude_of_value(value: object) -> int | None:
    """The absolute value of a whole number (the largest of a list's); ``None`` for
    anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return abs(value)
    if isinstance(value, (list, tuple)):
        return _largest(*map(magnitude_of_value, value))
    return None


def _largest(*values: int | None) -> int | None:
    found = [v for v in values if v is not None]
    return max(found) if found else None


def _about(magnitude: int) -> str:
    """``10**k`` for a large number (its digits are not worth printing)."""
    return f"about 10**{len(str(magnitude)) - 1}" if magnitude >= 10**6 else str(magnitude)


class _Measurer:
    def __init__(self, source: str) -> None:
        self.source = source

    def run(self, node: Node, scope: Scope) -> Measure:
        if isinstance(node, Quant) and node.body is not None and node.var is not None:
            items = self.run(node.collection, scope)  # its variable: one of the items
            item_type = node.collection.ty.item if isinstance(node.collection.ty, ListType) \
                else None
            body_scope = scope.child(node.var, item_type or BOOL, items.magnitude)
            inner = [items, self.run(node.body, body_scope)]
        else:
            inner = [self.run(child, scope) for child in node.children()]
        magnitude, depth, size = self._own(node, scope, inner)
        if magnitude is not None and magnitude >= LIMIT:
            raise fail(Code.NUMBER_TOO_LARGE,
                       f"{self.source[node.start:node.end]!r} can reach {_about(magnitude)}; "
                       f"the whole numbers rules compute stay below 10**{MAX_DIGITS}",
                       self.source, node.start, expected=f"below 10**{MAX_DIGITS}",
                       actual=_about(magnitude))
        if depth > MAX_EXPANDED_DEPTH:
            raise fail(Code.DEFINITIONS_TOO_DEEP,
                       f"with the definitions it uses written out, this expression nests "
                       f"{depth} levels deep, more than {MAX_EXPANDED_DEPTH}", self.source,
                       node.start, expected=f"at most {MAX_EXPANDED_DEPTH} levels",
                       actual=f"{depth} levels")
        return Measure(magnitude, depth, size)

    def _own(self, node: Node, scope: Scope, inner: list[Measure]
             ) -> tuple[int | None, int, int]:
        depth = 1 + max((m.depth for m in inner), default=0)
        size = 1 + sum(m.size for m in inner)
        found = [m.magnitude for m in inner]
        if isinstance(node, Literal):
            return magnitude_of_value(node.value), depth, size
        if isinstance(node, Name):
            signature = scope.definitions.get(node.id) if node.id not in scope.names else None
            if signature is not None:
                return signature.magnitude, signature.depth, signature.size
            return scope.magnitudes.get(node.id), depth, size
        if isinstance(node, Attr):
            info = node.info
            return (info.magnitude if info is not None else None), depth, size
        if isinstance(node, Call):
            signature = scope.definitions.get(node.func) if not node.method else None
            if signature is not None:  # its body, each argument written where it is used
                deepest = max((m.depth for m in inner), default=0)
                widest = max((m.size for m in inner), default=1)
                return signature.magnitude, signature.depth + deepest, signature.size * widest
            if node.func in ("min", "max", "abs"):
                return _largest(*found), depth, size
            return _FUNCTION_MAGNITUDES.get(node.func), depth, size
        if isinstance(node, Unary):
            return (found[0] if node.op == "-" else None), depth, size
        if isinstance(node, BinOp):
            return _binop(node, found[0], found[1]), depth, size
        if isinstance(node, IfExp):
            return _largest(found[1], found[2]), depth, size
        if isinstance(node, ListLit):  # what a quantifier's variable may hold
            return _largest(*found), depth, size
        if isinstance(node, Quant):
            if node.kind == "count":
                return LIST_ITEMS, depth, size
            if node.kind == "sum" and node.body is not None:
                body = found[1]
                return (None if body is None else body * LIST_ITEMS), depth, size
        return None, depth, size


def _binop(node: BinOp, left: int | None, right: int | None) -> int | None:
    """The largest whole-number result (both operands whole numbers), else ``None``."""
    if node.op == "/" or left is None:
        return None
    if node.op == "**":
        exponent = node.right.value if isinstance(node.right, Literal) else None
        if not isinstance(exponent, int) or isinstance(exponent, bool) or exponent < 0:
            return None
        power: int = left**exponent  # left < 10**40, exponent <= 8: at most 320 digits
        return power
    if right is None:
        return None
    if node.op == "*":
        return left * right
    return left + right  # + and -


def measure(node: Node, scope: Scope, source: str) -> Measure:
    """Bound a checked expression (see the module's documentation).

    Raises:
        ExpressionError: ``number-too-large`` or ``definitions-too-deep``, at the
            innermost part of the expression that breaks the bound.
    """
    return _Measurer(source).run(node, scope)
