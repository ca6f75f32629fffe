"""Date-dependence analysis: the clocks of an expression (see :mod:`.clocks`).

A node *depends on the date* when it reads ``on``, an age or years of service, a spouse's
category or whether divorced (both read as of the date), or a shared definition or
quantifier variable that does. For a date-dependent node:

* a comparison of a date-dependent *term* with a date-independent *bound* gives one
  clock for the term compared with the bound, when the term is monotone in the date
  (``applicant.age``, ``on``, ``add_years(on, -1)``, ``year(on)``, sums and differences
  of those): it changes value at most twice, where the term reaches the bound;
* anything else gives the clocks of its date-dependent parts (a value changes only when
  one of them does): the steps of an age are birthdays, of ``month(on)`` the first of
  each month, of ``on`` itself every day;
* inside a quantifier or a shared definition, clocks keep the frames that bind their
  variables, so that they can be evaluated for each item and argument; a quantifier over
  a date-dependent collection, or a definition called with date-dependent arguments,
  ticks every day (safe, and used by no shipped rule).

The analysis is sound — a part's value cannot change on a date none of its clocks ticks
on, apart from the program's change dates — and precise for the shapes the rules use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from eligibility._language.ast import (
    Attr,
    BinOp,
    Call,
    Compare,
    Literal,
    Name,
    Node,
    Quant,
    Unary,
)

from .clocks import Clock, Frame, Measure, Since
from .ir_parts import Definition, Expr
from .logic import MIRRORED_OP

__all__ = ["clocks_of"]

_SHIFTS = {"add_days": "days", "add_months": "months", "add_years": "years"}
_BETWEEN = {"years_between": Measure.YEARS, "months_between": Measure.MONTHS,
            "days_between": Measure.DAYS}
_CALENDAR = {"year": Measure.YEAR, "month": Measure.MONTH, "day": Measure.DAY}
#: Derived attributes read as of the date: ages and service grow, a spouse's category and
#: whether divorced change on the divorce date.
_DATED = {"age": Measure.AGE, "seniority": Measure.SERVICE, "category": Measure.DIVORCE,
          "divorced": Measure.DIVORCE}


def clocks_of(exprs: Iterable[Expr], definitions: Mapping[str, Definition]
              ) -> tuple[Clock, ...]:
    """The clocks of ``exprs`` (a criterion's condition and exceptions, or an output's
    rows), without repeats, in the order they are written."""
    analysis = _Analysis(definitions)
    found: dict[tuple[object, ...], Clock] = {}
    for expr in exprs:
        for clock in analysis.clocks(expr.node, expr.source, (), frozenset()):
            found.setdefault(_key(clock), clock)
    return tuple(found.values())


def _key(clock: Clock) -> tuple[object, ...]:
    frames = tuple((f.kind, f.names, tuple(n.key() for n in f.nodes)) for f in clock.frames)
    bound = None if clock.bound is None else clock.bound.key()
    return (clock.measure, clock.term.key(), bound, frames)


def _is_on(node: Node) -> bool:
    return isinstance(node, Name) and node.id == "on"


def _combine(a: int | None, b: int | None) -> int | None:
    """The direction of a sum of two terms of directions ``a`` and ``b``."""
    if a is None or b is None:
        return None
    if a == 0:
        return b
    if a == b:
        return a
    return a if b == 0 else None


class _Analysis:
    def __init__(self, definitions: Mapping[str, Definition]) -> None:
        self.definitions = definitions
        self._body_depends: dict[str, bool] = {}

    # -- does a node depend on the date? ----------------------------------------------------
    def depends(self, node: Node, dynamic: frozenset[str]) -> bool:
        if isinstance(node, Name):
            if node.id == "on" or node.id in dynamic:
                return True
            return node.id in self.definitions and self._definition_depends(node.id)
        if isinstance(node, Attr) and node.info is not None \
                and node.info.derived in _DATED:
            return True
        if isinstance(node, Call) and node.func in self.definitions and not node.method \
                and self._definition_depends(node.func):
            return True
        return any(self.depends(child, dynamic) for child in node.children())

    def _definition_depends(self, name: str) -> bool:
        if name not in self._body_depends:
            self._body_depends[name] = False  # definitions do not recurse; guard anyway
            definition = self.definitions[name]
            self._body_depends[name] = self.depends(definition.value.node, frozenset())
        return self._body_depends[name]

    # -- is a date-dependent term monotone in the date? -------------------------------------
    def direction(self, node: Node, dynamic: frozenset[str]) -> int | None:
        """``1`` (never decreases), ``-1`` (never increases), ``0`` (does not depend on the
        date) or ``None`` (not known to be monotone)."""
        if not self.depends(node, dynamic):
            return 0
        if isinstance(node, Name):
            return 1 if _is_on(node) else None
        if isinstance(node, Attr):
            derived = node.info.derived if node.info is not None else None
            if derived in ("age", "seniority") and not self.depends(node.obj, dynamic):
                return 1
            return None
        if isinstance(node, Unary) and node.op == "-":
            inner = self.direction(node.operand, dynamic)
            return None if inner is None else -inner
        if isinstance(node, BinOp) and node.op in ("+", "-"):
            right = self.direction(node.right, dynamic)
            if node.op == "-" and right is not None:
                right = -right
            return _combine(self.direction(node.left, dynamic), right)
        if isinstance(node, Call) and not (node.func in self.definitions and not node.method):
            return self._call_direction(node, dynamic)
        return None

    def _call_direction(self, node: Call, dynamic: frozenset[str]) -> int | None:
        args = node.args
        if node.func in ("age_on", *_SHIFTS, "round") and len(args) == 2:
            fixed, moving = (args[0], args[1]) if node.func == "age_on" else (args[1], args[0])
            if self.depends(fixed, dynamic):
                return None
            return self.direction(moving, dynamic)
        if node.func == "year":
            return self.direction(args[0], dynamic)
        if node.func in _BETWEEN:
            start, end = args
            if not self.depends(start, dynamic):
                return self.direction(end, dynamic)
            if not self.depends(end, dynamic):
                inner = self.direction(start, dynamic)
                return None if inner is None else -inner
            return None
        if node.func in ("min", "max"):
            result: int | None = 0
            for arg in args:
                result = _combine(result, self.direction(arg, dynamic))
            return result
        return None

    # -- the clocks ---------------------------------------------------------------------------
    def clocks(self, node: Node, source: str, frames: tuple[Frame, ...],
               dynamic: frozenset[str]) -> list[Clock]:
        if not self.depends(node, dynamic):
            return []
        if isinstance(node, Compare):
            out: list[Clock] = []
            operands = (node.left, *node.comparators)
            for index, op in enumerate(node.ops):
                left, right = operands[index], operands[index + 1]
                out.extend(self._pair(left, op, right, node, source, frames, dynamic))
            return out
        if isinstance(node, Quant):
            return self._quant(node, source, frames, dynamic)
        if isinstance(node, Call) and node.func in self.definitions and not node.method:
            return self._definition(node.func, node.args, node, source, frames, dynamic)
        if isinstance(node, Name):
            if node.id in self.definitions:
                return self._definition(node.id, (), node, source, frames, dynamic)
            if _is_on(node):
                return [self._steps(Measure.DATE, node, None, source, frames)]
            return []  # a variable bound to a date-dependent value: its source ticks
        leaf = self._leaf(node, source, frames, dynamic)
        if leaf is not None:
            return [leaf]
        return [clock for child in node.children()
                for clock in self.clocks(child, source, frames, dynamic)]

    def _pair(self, left: Node, op: str, right: Node, whole: Compare, source: str,
              frames: tuple[Frame, ...], dynamic: frozenset[str]) -> list[Clock]:
        left_moves, right_moves = self.depends(left, dynamic), self.depends(right, dynamic)
        if left_moves and right_moves:
            return [*self.clocks(left, source, frames, dynamic),
                    *self.clocks(right, source, frames, dynamic)]
        term, bound = (left, right) if left_moves else (right, left)
        if not (left_moves or right_moves):
            return []
        direction = self.direction(term, dynamic)
        if not direction or (op in ("in", "not in") and term is right):
            return self.clocks(term, source, frames, dynamic)
        text = source[whole.start:whole.end] if len(whole.ops) == 1 else \
            source[min(left.start, right.start):max(left.end, right.end)]
        measure, anchor = self._measure(term, dynamic)
        op = op if term is left or op in ("in", "not in") else MIRRORED_OP[op]
        return [Clock(measure, term, bound, direction, op, frames, anchor,
                      _since(term, bound), text)]

    def _measure(self, term: Node, dynamic: frozenset[str]) -> tuple[Measure, Node | None]:
        """What a monotone term measures, read through shifts, sums and differences."""
        leaves = [n for n in _monotone_leaves(term) if self.depends(n, dynamic)]
        if len(leaves) != 1:
            return Measure.ANY, None
        leaf = leaves[0]
        if _is_on(leaf):
            return Measure.DATE, None
        if isinstance(leaf, Attr):
            derived = leaf.info.derived if leaf.info is not None else None
            return (Measure.AGE if derived == "age" else Measure.SERVICE), leaf.obj
        if isinstance(leaf, Call) and leaf.func == "age_on":
            return Measure.AGE, leaf.args[0]
        if isinstance(leaf, Call) and leaf.func == "year":
            return Measure.YEAR, None
        if isinstance(leaf, Call) and leaf.func in _BETWEEN:
            start, end = leaf.args
            return _BETWEEN[leaf.func], (end if self.depends(start, dynamic) else start)
        return Measure.ANY, None

    def _leaf(self, node: Node, source: str, frames: tuple[Frame, ...],
              dynamic: frozenset[str]) -> Clock | None:
        """The steps of a measured value whose own parts do not depend on the date
        (``p.age``, ``month(on)``, ``years_between(d, on)``...); ``None`` for others."""
        if isinstance(node, Attr) and node.info is not None \
                and node.info.derived in _DATED and not self.depends(node.obj, dynamic):
            return self._steps(_DATED[node.info.derived], node, node.obj, source, frames)
        if not isinstance(node, Call):
            return None
        args = node.args
        if node.func == "age_on" and _is_on(args[1]) and not self.depends(args[0], dynamic):
            return self._steps(Measure.AGE, node, args[0], source, frames)
        if node.func in _CALENDAR and _is_on(args[0]):
            return self._steps(_CALENDAR[node.func], node, None, source, frames)
        if node.func in _BETWEEN:
            start, end = args
            for moving, fixed in ((end, start), (start, end)):
                if _is_on(moving) and not self.depends(fixed, dynamic):
                    return self._steps(_BETWEEN[node.func], node, fixed, source, frames)
        return None

    def _steps(self, measure: Measure, node: Node, anchor: Node | None, source: str,
               frames: tuple[Frame, ...]) -> Clock:
        return Clock(measure, node, None, 0, "", frames, anchor, None,
                     source[node.start:node.end])

    def _quant(self, node: Quant, source: str, frames: tuple[Frame, ...],
               dynamic: frozenset[str]) -> list[Clock]:
        if self.depends(node.collection, dynamic):
            return [self._steps(Measure.ANY, node, None, source, frames)]
        if node.body is None or node.var is None:
            return []
        inner = (*frames, Frame("loop", (node.var,), (node.collection,),
                                source[node.start:node.end]))
        return self.clocks(node.body, source, inner, dynamic)

    def _definition(self, name: str, args: Sequence[Node], node: Node, source: str,
                    frames: tuple[Frame, ...], dynamic: frozenset[str]) -> list[Clock]:
        if any(self.depends(arg, dynamic) for arg in args):
            return [self._steps(Measure.ANY, node, None, source, frames)]
        definition = self.definitions[name]
        inner = (*frames, Frame("call", tuple(p for p, _ in definition.params), tuple(args),
                                source[node.start:node.end]))
        return self.clocks(definition.value.node, definition.value.source, inner, frozenset())


def _monotone_leaves(term: Node) -> list[Node]:
    """The measured values inside a monotone term: through signs, sums, differences, date
    shifts, ``min``/``max`` and ``round``."""
    if isinstance(term, Unary):
        return _monotone_leaves(term.operand)
    if isinstance(term, BinOp):
        return [*_monotone_leaves(term.left), *_monotone_leaves(term.right)]
    if isinstance(term, Call) and term.func in (*_SHIFTS, "round"):
        return _monotone_leaves(term.args[0])
    if isinstance(term, Call) and term.func in ("min", "max"):
        return [leaf for arg in term.args for leaf in _monotone_leaves(arg)]
    return [term]


def _since(term: Node, bound: Node) -> Since | None:
    """``on`` against ``add_<unit>(anchor, amount)``, or ``add_<unit>(on, amount)`` against
    ``anchor``, as a shift of ``amount`` units from ``anchor``."""
    if _is_on(term) and isinstance(bound, Call) and bound.func in _SHIFTS:
        return Since(_SHIFTS[bound.func], bound.args[1], bound.args[0])
    if isinstance(term, Call) and term.func in _SHIFTS and _is_on(term.args[0]) \
            and not isinstance(bound, Literal) and bound.ty is not None \
            and str(bound.ty) == "date":
        return Since(_SHIFTS[term.func], term.args[1], bound, negate=True)
    return None
