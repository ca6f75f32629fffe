"""Which values the native engine's inline statements keep where the criteria compute
them (see :mod:`.module`): a value read that the criteria compute on their way, and a
part of their conditions that they always compute and an output reads again.

A kept value is written ``(q<j> := code)`` where the criteria's code computes it
(:attr:`~eligibility._engines.codegen.PyGen.captured`); what follows reads ``q<j>``, or
computes the value itself where a short-circuit may have skipped it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from eligibility._compile.ir import Criterion, Output
from eligibility._engines.codegen import PyGen
from eligibility._language.ast import (
    Attr,
    BinOp,
    BoolOp,
    Call,
    Compare,
    IfExp,
    ListLit,
    Name,
    Node,
    Quant,
    Unary,
    walk,
)

__all__ = ["always_computed", "kept"]


def kept(gen: PyGen, criteria: tuple[Criterion, ...], outputs: tuple[Output, ...],
         reused: Mapping[Any, str], always: set[Any]) -> dict[Any, str]:
    """The values worth keeping where the criteria compute them, by structural key (none
    reused whole or computed once already): a value read that is a definition, a function
    or a derived fact, that the criteria contain (a stored field, a name or a literal is
    read again at no cost, unless the criteria always compute it); and an attribute or a
    call that the criteria always compute and an output reads."""
    inside = {node.key() for c in criteria for e in c.expressions() for node in walk(e.node)}
    read = {node.key() for o in outputs for e in o.expressions() for node in walk(e.node)
            if isinstance(node, (Attr, Call))}
    found: dict[Any, str] = {}

    def keep(key: Any) -> None:
        if key not in found and key not in reused and key not in gen.hoisted:
            found[key] = f"q{len(found)}"

    for criterion in criteria:
        for observable in criterion.observables:
            node = observable.node
            if isinstance(node, (Call, Quant)) or (
                    isinstance(node, Name) and node.id in gen.definitions):
                costly = True
            elif isinstance(node, Attr) and node.info is not None:
                costly = node.info.derived not in (None, "role", "people")
            else:  # a name or a literal
                continue
            if node.key() in always or (costly and node.key() in inside):
                keep(node.key())
    for key in sorted(always & read, key=repr):
        keep(key)
    return found


def always_computed(node: Node) -> Iterator[Node]:
    """``node`` and the parts of it its generated code computes whenever it computes
    ``node`` (not those a short-circuit or a condition may skip, nor a quantifier's)."""
    yield node
    parts: tuple[Node, ...] = ()
    if isinstance(node, BoolOp):
        parts = node.values[:1]
    elif isinstance(node, Compare):
        parts = (node.left, *node.comparators[:1])
    elif isinstance(node, BinOp):
        parts = (node.left, node.right)
    elif isinstance(node, Unary):
        parts = (node.operand,)
    elif isinstance(node, (Call, ListLit)):
        parts = node.children()
    elif isinstance(node, Attr):
        parts = (node.obj,)
    elif isinstance(node, IfExp):
        parts = (node.test,)
    for part in parts:
        yield from always_computed(part)
