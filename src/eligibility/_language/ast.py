"""The expression language's syntax tree.

Nodes are plain slotted classes. The parser fills in the source span
(``start``/``end`` offsets into the expression text); the type checker fills
in ``ty`` (and, on attribute reads, ``info``), so that the code generator, the
interpreter and the documentation all read one annotated tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .types import FieldInfo, Type

__all__ = [
    "Attr",
    "BinOp",
    "BoolOp",
    "Call",
    "Compare",
    "IfExp",
    "ListLit",
    "Literal",
    "Name",
    "Node",
    "Quant",
    "Unary",
    "walk",
]

LiteralValue = bool | int | Decimal | str | date


@dataclass(eq=False, slots=True)
class Node:
    """A node of an expression's syntax tree: its span in the expression text
    (``start``, ``end``) and, once checked, its type (``ty``)."""

    start: int
    end: int
    ty: Type | None = field(default=None, init=False, repr=False)

    def children(self) -> tuple[Node, ...]:
        return ()

    def key(self) -> Any:
        """A structural key: equal for trees that mean the same (positions ignored)."""
        raise NotImplementedError  # pragma: no cover


@dataclass(eq=False, slots=True)
class Literal(Node):
    """A literal: a flag, a whole or decimal number, a text or a date."""

    value: LiteralValue = False

    def key(self) -> Any:
        return ("lit", type(self.value).__name__, self.value)


@dataclass(eq=False, slots=True)
class Name(Node):
    """A name: a parameter, a shared definition, a quantifier's variable, or one the
    language defines (``applicant``, ``household``...)."""

    id: str = ""

    def key(self) -> Any:
        return ("name", self.id)


@dataclass(eq=False, slots=True)
class Attr(Node):
    """A field read off a record (``applicant.age``); ``info`` is the field's, once
    checked."""

    obj: Node = None  # type: ignore[assignment]
    name: str = ""
    info: FieldInfo | None = field(default=None, init=False, repr=False)

    def children(self) -> tuple[Node, ...]:
        return (self.obj,)

    def key(self) -> Any:
        return ("attr", self.obj.key(), self.name)


@dataclass(eq=False, slots=True)
class Call(Node):
    """A call of a function of the language, or of a method (``method``) on its first
    argument."""

    func: str = ""
    args: tuple[Node, ...] = ()
    method: bool = False

    def children(self) -> tuple[Node, ...]:
        return self.args

    def key(self) -> Any:
        return ("call", self.func, tuple(a.key() for a in self.args))


@dataclass(eq=False, slots=True)
class Unary(Node):
    """``not x`` or ``-x``."""

    op: str = ""  # "not" or "-"
    operand: Node = None  # type: ignore[assignment]

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)

    def key(self) -> Any:
        return ("unary", self.op, self.operand.key())


@dataclass(eq=False, slots=True)
class BinOp(Node):
    """Arithmetic: ``+``, ``-``, ``*``, ``/`` or ``**`` of two operands."""

    op: str = ""  # + - * / **
    left: Node = None  # type: ignore[assignment]
    right: Node = None  # type: ignore[assignment]

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)

    def key(self) -> Any:
        return ("bin", self.op, self.left.key(), self.right.key())


@dataclass(eq=False, slots=True)
class BoolOp(Node):
    """``and`` or ``or`` of two or more values."""

    op: str = ""  # "and" or "or"
    values: tuple[Node, ...] = ()

    def children(self) -> tuple[Node, ...]:
        return self.values

    def key(self) -> Any:
        return ("bool", self.op, tuple(v.key() for v in self.values))


@dataclass(eq=False, slots=True)
class Compare(Node):
    """A chain of comparisons (``a <= b < c``), ``in`` and ``not in`` included."""

    left: Node = None  # type: ignore[assignment]
    ops: tuple[str, ...] = ()  # == != < <= > >= in "not in"
    comparators: tuple[Node, ...] = ()

    def children(self) -> tuple[Node, ...]:
        return (self.left, *self.comparators)

    def key(self) -> Any:
        return ("cmp", self.left.key(), self.ops, tuple(c.key() for c in self.comparators))


@dataclass(eq=False, slots=True)
class IfExp(Node):
    """``body if test else orelse``."""

    test: Node = None  # type: ignore[assignment]
    body: Node = None  # type: ignore[assignment]
    orelse: Node = None  # type: ignore[assignment]

    def children(self) -> tuple[Node, ...]:
        return (self.test, self.body, self.orelse)

    def key(self) -> Any:
        return ("if", self.test.key(), self.body.key(), self.orelse.key())


@dataclass(eq=False, slots=True)
class ListLit(Node):
    """A list written out: ``['active', 'retired']``."""

    items: tuple[Node, ...] = ()

    def children(self) -> tuple[Node, ...]:
        return self.items

    def key(self) -> Any:
        return ("list", tuple(i.key() for i in self.items))


@dataclass(eq=False, slots=True)
class Quant(Node):
    """``any(p for x in xs)``, ``all(...)``, ``count(p for x in xs)``, ``sum(e for x in xs)``;
    ``count(xs)`` has no variable and no body."""

    kind: str = ""
    var: str | None = None
    collection: Node = None  # type: ignore[assignment]
    body: Node | None = None

    def children(self) -> tuple[Node, ...]:
        return (self.collection,) if self.body is None else (self.collection, self.body)

    def key(self) -> Any:
        body = None if self.body is None else self.body.key()
        return ("quant", self.kind, self.var, self.collection.key(), body)


def walk(node: Node) -> list[Node]:
    """Every node of the tree, parents before children."""
    out: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(current.children()))
    return out
