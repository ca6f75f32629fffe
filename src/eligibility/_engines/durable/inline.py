"""Inlining shared definitions, and what the builder asks of an expression.

Definitions' bodies are substituted for their uses, so that Rete sees their structure;
the helpers say whether an expression may be unknown and which names it reads.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from eligibility._compile.ir import Definition
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
)


def _rebuild(node: Node, **changes: Any) -> Node:
    new = copy.copy(node)
    for name, value in changes.items():
        setattr(new, name, value)
    return new


class _Inliner:
    """Substitutes definitions' bodies for their uses; renames every quantifier's variable.

    A quantifier's variable becomes ``_q<depth>`` (its number of enclosing quantifiers):
    it cannot clash with rule names (which start with a letter), an argument substituted
    into a definition's body only mentions shallower variables, so nothing is captured,
    and equal sub-expressions get equal keys (one derived fact for both).
    """

    def __init__(self, definitions: Mapping[str, Definition], params: Mapping[str, Any]) -> None:
        self.definitions = definitions
        self.params = params

    def run(self, node: Node, subst: Mapping[str, Node | str], depth: int = 0) -> Node:
        if isinstance(node, Name):
            target = subst.get(node.id)
            if isinstance(target, str):
                return _rebuild(node, id=target)
            if target is not None:
                return target
            if node.id in ("applicant", "household", "on") or node.id in self.params:
                return node
            if node.id in self.definitions:
                return self.run(self.definitions[node.id].value.node, {}, depth)
            return node
        if isinstance(node, Call) and not node.method and node.func in self.definitions:
            definition = self.definitions[node.func]
            args = [self.run(arg, subst, depth) for arg in node.args]
            return self.run(definition.value.node,
                            {p: a for (p, _), a in zip(definition.params, args, strict=True)},
                            depth)
        if isinstance(node, Quant):
            collection = self.run(node.collection, subst, depth)
            if node.var is None or node.body is None:
                return _rebuild(node, collection=collection)
            fresh = f"_q{depth}"
            body = self.run(node.body, {**subst, node.var: fresh}, depth + 1)
            return _rebuild(node, var=fresh, collection=collection, body=body)
        changes = {name: self._children(value, subst, depth)
                   for name, value in _child_fields(node)}
        return _rebuild(node, **changes) if changes else node

    def _children(self, value: Node | tuple[Node, ...], subst: Mapping[str, Node | str],
                  depth: int) -> Node | tuple[Node, ...]:
        if isinstance(value, tuple):
            return tuple(self.run(v, subst, depth) for v in value)
        return self.run(value, subst, depth)


def _child_fields(node: Node) -> list[tuple[str, Node | tuple[Node, ...]]]:
    """The fields of ``node`` that hold sub-expressions (Quant is handled apart)."""
    names = {Attr: ("obj",), Call: ("args",), Unary: ("operand",), BinOp: ("left", "right"),
             BoolOp: ("values",), Compare: ("left", "comparators"),
             IfExp: ("test", "body", "orelse"), ListLit: ("items",)}.get(type(node), ())
    return [(name, getattr(node, name)) for name in names]


def _may_be_unknown(node: Node) -> bool:
    """Whether evaluating ``node`` can give :class:`Unknown` (reads a nullable fact)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Attr) and current.info is not None \
                and current.info.may_be_unknown:
            return True
        if isinstance(current, Call) and current.func == "age_on":
            return True
        stack.extend(current.children())
    return False


def _free_names(node: Node) -> set[str]:
    """Names a node reads that it does not bind itself."""
    if isinstance(node, Name):
        return {node.id}
    if isinstance(node, Quant):
        inner = _free_names(node.body) if node.body is not None else set()
        return _free_names(node.collection) | (inner - {node.var} if node.var else inner)
    out: set[str] = set()
    for child in node.children():
        out |= _free_names(child)
    return out
