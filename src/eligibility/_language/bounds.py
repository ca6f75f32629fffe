"""Bounds proven when an expression is checked: how large a whole number it can compute,
and how deep and how large it is once the shared definitions it uses are written out.

Evaluation must take bounded time on every engine, whatever the household:

* Decimal numbers are computed in the library's decimal context
  (:mod:`eligibility._model.numbers`), which rounds every result to 28 digits and traps
  one of ``10 ** MAX_DIGITS`` or more: they cannot grow.
* Whole numbers are Python integers, which nothing bounds at run time: ``p ** 8`` of a
  30-digit ``p`` has 240 digits, and a chain of definitions each raising the last to the
  8th power reaches millions of digits. So every expression that can compute a whole
  number is given, here, an upper bound on its number of digits (through the
  definitions it uses, and the parameters' values on every date), and one whose bound
  reaches :data:`~eligibility._model.numbers.MAX_DIGITS` is refused
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

__all__ = ["LIST_DIGITS", "MAX_EXPANDED_DEPTH", "Measure", "digits_of_value", "measure"]

#: A list (of people, of records, of values) holds fewer than ``10 ** LIST_DIGITS`` items:
#: a count has at most this many digits, and a sum this many more than its terms.
LIST_DIGITS = 9
#: Deepest an expression may nest once the definitions it uses are written out.
MAX_EXPANDED_DEPTH = MAX_TREE_DEPTH

#: Digits of the whole numbers each built-in function gives (dates run from year 1 to
#: 9999): ``None`` for a function that gives no whole number.
_FUNCTION_DIGITS: Mapping[str, int] = {
    "year": 4, "month": 2, "day": 2, "years_between": 4, "months_between": 6,
    "days_between": 7, "age_on": 4,
}


@dataclass(frozen=True, slots=True)
class Measure:
    """What :func:`measure` proves of an expression.

    Attributes:
        digits: its value, when it is a whole number, is below ``10 ** digits`` in
            magnitude (``None``: it is never a whole number: a decimal, a date, a text...).
        depth: how deep it nests with the definitions it uses written out.
        size: how many nodes it has with the definitions it uses written out.
    """

    digits: int | None
    depth: int
    size: int


def digits_of_value(value: object) -> int | None:
    """Digits of a whole number (of the whole numbers of a list); ``None`` for others."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return len(str(abs(value)))
    if isinstance(value, (list, tuple)):
        found = [d for d in map(digits_of_value, value) if d is not None]
        return max(found) if found else None
    return None


def _largest(*values: int | None) -> int | None:
    found = [v for v in values if v is not None]
    return max(found) if found else None


class _Measurer:
    def __init__(self, source: str) -> None:
        self.source = source

    def run(self, node: Node, scope: Scope) -> Measure:
        if isinstance(node, Quant) and node.body is not None and node.var is not None:
            items = self.run(node.collection, scope)  # its variable: one of the items
            item_type = node.collection.ty.item if isinstance(node.collection.ty, ListType) \
                else None
            body_scope = scope.child(node.var, item_type or BOOL, items.digits)
            inner = [items, self.run(node.body, body_scope)]
        else:
            inner = [self.run(child, scope) for child in node.children()]
        digits, depth, size = self._own(node, scope, inner)
        if digits is not None and digits > MAX_DIGITS:
            raise fail(Code.NUMBER_TOO_LARGE,
                       f"{self.source[node.start:node.end]!r} can reach 10**{digits - 1} "
                       f"(a whole number of {digits} digits); the rule language computes "
                       f"with numbers below 10**{MAX_DIGITS}", self.source, node.start,
                       expected=f"at most {MAX_DIGITS} digits", actual=f"{digits} digits")
        if depth > MAX_EXPANDED_DEPTH:
            raise fail(Code.DEFINITIONS_TOO_DEEP,
                       f"with the definitions it uses written out, this expression nests "
                       f"{depth} levels deep, more than {MAX_EXPANDED_DEPTH}", self.source,
                       node.start, expected=f"at most {MAX_EXPANDED_DEPTH} levels",
                       actual=f"{depth} levels")
        return Measure(digits, depth, size)

    def _own(self, node: Node, scope: Scope, inner: list[Measure]
             ) -> tuple[int | None, int, int]:
        depth = 1 + max((m.depth for m in inner), default=0)
        size = 1 + sum(m.size for m in inner)
        digits = [m.digits for m in inner]
        if isinstance(node, Literal):
            return digits_of_value(node.value), depth, size
        if isinstance(node, Name):
            signature = scope.definitions.get(node.id) if node.id not in scope.names else None
            if signature is not None:
                return signature.digits, signature.depth, signature.size
            return scope.digits.get(node.id), depth, size
        if isinstance(node, Attr):
            info = node.info
            return (info.digits if info is not None else None), depth, size
        if isinstance(node, Call):
            signature = scope.definitions.get(node.func) if not node.method else None
            if signature is not None:
                deepest = max((m.depth for m in inner), default=0)
                widest = sum(m.size for m in inner)
                return (signature.digits, signature.depth + deepest,
                        signature.size * (1 + widest))
            if node.func in ("min", "max", "abs"):
                return _largest(*digits), depth, size
            return _FUNCTION_DIGITS.get(node.func), depth, size
        if isinstance(node, Unary):
            return (digits[0] if node.op == "-" else None), depth, size
        if isinstance(node, BinOp):
            return _binop(node, digits[0], digits[1]), depth, size
        if isinstance(node, IfExp):
            return _largest(digits[1], digits[2]), depth, size
        if isinstance(node, ListLit):  # what a quantifier's variable may hold
            return _largest(*digits), depth, size
        if isinstance(node, Quant):
            if node.kind == "count":
                return LIST_DIGITS, depth, size
            if node.kind == "sum" and node.body is not None:
                body = digits[1]
                return (None if body is None else body + LIST_DIGITS), depth, size
        return None, depth, size


def _binop(node: BinOp, left: int | None, right: int | None) -> int | None:
    """Digits of a whole-number result (both operands whole numbers), else ``None``."""
    if node.op == "/" or left is None:
        return None
    if node.op == "**":
        exponent = node.right.value if isinstance(node.right, Literal) else None
        if not isinstance(exponent, int) or isinstance(exponent, bool) or exponent < 0:
            return None
        return max(1, left * exponent)
    if right is None:
        return None
    if node.op == "*":
        return left + right
    return max(left, right) + 1  # + and -


def measure(node: Node, scope: Scope, source: str) -> Measure:
    """Bound a checked expression (see the module's documentation).

    Raises:
        ExpressionError: ``number-too-large`` or ``definitions-too-deep``, at the
            innermost part of the expression that breaks the bound.
    """
    return _Measurer(source).run(node, scope)

