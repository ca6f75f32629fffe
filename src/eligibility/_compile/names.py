"""What an expression reads: the names it uses, the values an explanation shows, and the
parameters and shared definitions it depends on (:class:`~.ir.Reads`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from eligibility._language.ast import Attr, Call, Name, Node, Quant, walk
from eligibility._language.types import ListType, RecordType

from .ir import Definition, Expr, Reads

__all__ = ["names_used", "observables", "reads_of"]

_BUILTIN_NAMES = frozenset({
    "date", "year", "month", "day", "add_years", "add_months", "add_days", "years_between",
    "months_between", "days_between", "min", "max", "abs", "round",
})


def names_used(node: Node | None) -> set[str]:
    """The names ``node`` uses: variables, parameters and definitions, called or not."""
    if node is None:
        return set()
    out: set[str] = set()
    for sub in walk(node):
        if isinstance(sub, Name):
            out.add(sub.id)
        elif isinstance(sub, Call) and not sub.method:
            out.add(sub.func)
    return out


def reads_of(exprs: Iterable[Expr], parameters: Iterable[str],
             definitions: Mapping[str, Definition]) -> Reads:
    """The parameters and definitions ``exprs`` read, directly and through the definitions
    they use (whose own :attr:`~.ir.Definition.reads` are already known)."""
    known = set(parameters)
    names: set[str] = set()
    for expr in exprs:
        names |= names_used(expr.node)
    direct = frozenset(n for n in names if n in known)
    used = {n for n in names if n in definitions}
    params = set(direct)
    all_definitions = set(used)
    for name in used:
        inner = definitions[name].reads
        params |= inner.parameters
        all_definitions |= inner.definitions
    return Reads(frozenset(params), frozenset(all_definitions), direct)


def observables(exprs: Iterable[Expr]) -> tuple[Expr, ...]:
    """The values a criterion reads, for its explanation: maximal reads free of variables."""
    found: dict[str, Expr] = {}

    def visit(node: Node, source: str, bound: frozenset[str]) -> None:
        if isinstance(node, Quant):
            visit(node.collection, source, bound)
            if node.body is not None and node.var is not None:
                visit(node.body, source, bound | {node.var})
            return
        if _is_read(node) and not (names_used(node) & bound):
            text = source[node.start:node.end]
            if (node.ty is not None and not isinstance(node.ty, (RecordType, ListType))) \
                    or (isinstance(node.ty, ListType) and not isinstance(node.ty.item, RecordType)):
                found.setdefault(text, Expr(text, node, node.ty))
                return
        for child in node.children():
            visit(child, source, bound)

    for expr in exprs:
        visit(expr.node, expr.source, frozenset())
    return tuple(found.values())


def _is_read(node: Node) -> bool:
    if isinstance(node, (Name, Call)) and not (isinstance(node, Call) and node.method
                                                and node.func != "age_on"):
        return not isinstance(node, Call) or node.func not in _BUILTIN_NAMES or \
            node.func == "age_on"
    return isinstance(node, Attr)
