"""Translate checked expressions into Python source text.

The generated code is the native engine's fast path: plain Python operators
on the household's attributes, with parameters already resolved for the
evaluation date and folded in as constants. An unknown fact raises
:class:`eligibility._runtime.Missing`; the engine then asks the interpreter for
the three-valued answer and the list of missing facts.

Only the checker's annotated tree reaches this module, and every name it emits
is one of its own (``a``, ``h``, ``on``, ``v_*``, ``d_*``, ``_k*`` and the
runtime helpers), so rule text can never become Python text except as the
``repr`` of a literal value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from eligibility._language.ast import (
    Attr,
    BinOp,
    BoolOp,
    Call,
    Compare,
    IfExp,
    ListLit,
    Literal,
    Name,
    Node,
    Quant,
    Unary,
    walk,
)
from eligibility._language.types import INT
from eligibility._model.errors import EvaluationError
from eligibility._model.household import age_on

from .runtime import (
    BUILTINS,
    Missing,
    divide,
    divorced,
    divorced_read,
    nn,
    no_value,
    power,
    seniority,
)

__all__ = ["PyGen", "runtime_namespace"]

_OPS = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "in": "in",
        "not in": "not in"}


class PyGen:
    """Generates Python expressions for one module; collects the constants it needs.

    Args:
        params: parameter values in force (already resolved for a date).
        definitions: names of the shared definitions: name -> parameter count.
        inline: the definitions whose body may be written in place of a call: name ->
            (parameter names, body). A call is written out only where each argument is a
            variable, a parameter or a literal (evaluated at once, it can neither raise
            nor read a fact, so when and whether it is evaluated changes nothing), and
            only for a body without a quantifier (whose variable could hide an argument's).
    """

    def __init__(self, params: Mapping[str, object], definitions: Mapping[str, int],
                 inline: Mapping[str, tuple[tuple[str, ...], Node]] | None = None) -> None:
        self.params = params
        self.definitions = definitions
        self.inline = {name: found for name, found in (inline or {}).items()
                       if not any(isinstance(sub, Quant) for sub in walk(found[1]))}
        self.consts: dict[str, object] = {}
        self._const_names: dict[tuple[str, str], str] = {}
        #: structural key -> local variable holding a value computed once (see ``hoist``)
        self.hoisted: dict[Any, str] = {}
        #: structural key -> local variable that keeps the value where the generated code
        #: first computes it, for a caller that reads it again (``(name := code)``; not
        #: inside a quantifier, whose variable it may read, nor a definition written out)
        self.captured: dict[Any, str] = {}
        #: Whether the code generated so far may compute with decimals (whose results
        #: depend on the decimal context: rounding, precision, traps).
        self.decimal_arithmetic = False

    def hoist(self, roots: list[Node], top_level: frozenset[str]) -> list[tuple[str, str]]:
        """Pick sub-expressions worth computing once, at the top of a function.

        A candidate occurs at least twice among ``roots``, reads only ``top_level``
        names (no quantifier variable), and can neither raise nor read an unknown
        fact — so computing it early, even where a short-circuit would have skipped
        it, changes nothing but the time taken. Returns ``(variable, node)`` pairs in
        evaluation order; later :meth:`expr` calls use the variables.
        """
        counts: dict[Any, int] = {}
        first: dict[Any, Node] = {}
        for root in roots:
            for node in walk(root):
                if isinstance(node, (Attr, Call)) and _safe(node, top_level):
                    key = node.key()
                    counts[key] = counts.get(key, 0) + 1
                    first.setdefault(key, node)
        chosen: list[tuple[str, Node]] = []
        for key, count in counts.items():
            if count >= 2:
                name = f"t{len(self.hoisted) + len(chosen)}"
                chosen.append((name, first[key]))
        # Compute inner expressions before the ones that contain them.
        chosen.sort(key=lambda item: len(walk(item[1])))
        out: list[tuple[str, str]] = []
        for name, node in chosen:
            code = self.expr(node, {"applicant": "a", "household": "h", "on": "on"})
            self.hoisted[node.key()] = name
            out.append((name, code))
        return out

    def const(self, value: object) -> str:
        if isinstance(value, bool) or value is None:
            return repr(value)
        if isinstance(value, int):
            return f"({value!r})"
        if isinstance(value, str):
            return repr(value)
        if isinstance(value, list):
            value = tuple(value)
        # By repr: equal values may differ in form (Decimal('0.0') == Decimal('0.00'),
        # (True,) == (1,)), and a literal must keep its own.
        key = (type(value).__name__, repr(value))
        name = self._const_names.get(key)
        if name is None:
            name = f"_k{len(self._const_names)}"
            self._const_names[key] = name
            self.consts[name] = value
        return name

    def expr(self, node: Node, env: Mapping[str, str]) -> str:
        if _decimal_arithmetic(node, self.definitions):
            self.decimal_arithmetic = True
        if self.hoisted and isinstance(node, (Attr, Call)):
            name = self.hoisted.get(node.key())
            if name is not None:
                return name
        if self.captured and isinstance(node, (Attr, Call, Name, Quant)):
            name = self.captured.get(node.key())
            if name is not None:
                captured, self.captured = self.captured, {}
                try:
                    return f"({name} := {self.expr(node, env)})"
                finally:
                    self.captured = captured
        if isinstance(node, Literal):
            return self.const(node.value)
        if isinstance(node, Name):
            if node.id in env:
                return env[node.id]
            if node.id in self.params:
                return self.const(self.params[node.id])
            if node.id in self.definitions:
                return self._inlined(node.id, []) or f"d_{node.id}(h, on)"
            # A checked name that is none of these is a parameter without a value yet.
            return f"_no_value({node.id!r}, on)"
        if isinstance(node, Attr):
            return self.attr(node, env)
        if isinstance(node, Call):
            args = [self.expr(arg, env) for arg in node.args]
            if node.func in self.definitions and not node.method:
                plain = all(isinstance(arg, Literal) or (
                    isinstance(arg, Name) and (arg.id in env or arg.id in self.params))
                    for arg in node.args)
                return (plain and self._inlined(node.func, args)) or \
                    f"d_{node.func}({', '.join([*args, 'h', 'on'])})"
            if node.func == "age_on":
                return f"_age(_nn({args[0]}.birth_date), {args[1]})"
            if node.func in ("year", "month", "day"):
                return f"{args[0]}.{node.func}"
            return f"_f_{node.func}({', '.join(args)})"
        if isinstance(node, Unary):
            operand = self.expr(node.operand, env)
            return f"(not {operand})" if node.op == "not" else f"(-{operand})"
        if isinstance(node, BinOp):
            left = self.expr(node.left, env)
            right = self.expr(node.right, env)
            if node.op == "/":
                return f"_div({left}, {right})"
            if node.op == "**":
                if node.ty == INT:
                    return f"({left} ** {right})"
                return f"_pow({left}, {right})"
            return f"({left} {node.op} {right})"
        if isinstance(node, BoolOp):
            return "(" + f" {node.op} ".join(self.expr(v, env) for v in node.values) + ")"
        if isinstance(node, Compare):
            parts = [self.expr(node.left, env)]
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                parts.append(_OPS[op])
                parts.append(self.expr(comparator, env))
            return "(" + " ".join(parts) + ")"
        if isinstance(node, IfExp):
            return (f"({self.expr(node.body, env)} if {self.expr(node.test, env)} "
                    f"else {self.expr(node.orelse, env)})")
        if isinstance(node, ListLit):
            if all(isinstance(item, Literal) for item in node.items):
                return self.const(tuple(item.value for item in node.items  # type: ignore[attr-defined]
                                        ))
            return "(" + "".join(self.expr(item, env) + ", " for item in node.items) + ")"
        if isinstance(node, Quant):
            return self.quant(node, env)
        raise AssertionError(f"unsupported node {node!r}")  # pragma: no cover

    def _inlined(self, name: str, args: list[str]) -> str | None:
        """The body of definition ``name`` written in place of its call with ``args`` (the
        code of plain arguments), or ``None`` if it is not written out. The body is
        generated as the definition's own function is, its parameters being the
        arguments; no value hoisted for the caller stands for a part of it."""
        found = self.inline.get(name)
        if found is None:
            return None
        params, body = found
        env = {"household": "h", "on": "on", **dict(zip(params, args, strict=True))}
        hoisted, self.hoisted = self.hoisted, {}
        captured, self.captured = self.captured, {}
        try:
            return f"({self.expr(body, env)})"
        finally:
            self.hoisted, self.captured = hoisted, captured

    def attr(self, node: Attr, env: Mapping[str, str]) -> str:
        info = node.info
        assert info is not None, "attribute read was not type-checked"
        obj = self.expr(node.obj, env)
        if info.derived == "age":
            return f"_age(_nn({obj}.birth_date), on)"
        if info.derived == "category":
            return f"h.category_of({obj}, on)"
        if info.derived == "divorced":
            return f"_divorced({obj}, on)"
        if info.derived == "seniority":
            return f"_seniority({obj}, on)"
        if info.derived in ("role", "people"):
            return f"{obj}.{info.name}"
        if info.partial:
            return f"_nn(getattr({obj}, {info.name!r}, None))"
        if info.nullable:
            return f"_nn({obj}.{info.name})"
        return f"{obj}.{info.name}"

    def quant(self, node: Quant, env: Mapping[str, str]) -> str:
        captured, self.captured = self.captured, {}
        try:
            return self._quant(node, env)
        finally:
            self.captured = captured

    def _quant(self, node: Quant, env: Mapping[str, str]) -> str:
        coll = self.expr(node.collection, env)
        if node.body is None:
            return f"len({coll})"
        assert node.var is not None
        var = f"v_{node.var}"
        body = self.expr(node.body, {**env, node.var: var})
        if node.kind == "any":
            return _unless_empty(coll, f"any({body} for {var} in {coll})", "False")
        if node.kind == "all":
            return _unless_empty(coll, f"all({body} for {var} in {coll})", "True")
        if node.kind == "count":
            return _unless_empty(coll, f"sum(1 for {var} in {coll} if {body})", "0")
        return _unless_empty(coll, f"sum(({body} for {var} in {coll}), 0)", "0")


#: A collection read as an attribute path (``h.children``, ``a.history``): reading it
#: twice costs less than a generator.
_PATH = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


def _unless_empty(coll: str, code: str, empty: str) -> str:
    """``code`` over the collection ``coll``, or ``empty`` at once when it is empty (as
    ``code`` gives then: the people and records of a household are often none), where the
    collection is an attribute path, read again at no cost."""
    return f"({code} if {coll} else {empty})" if _PATH.fullmatch(coll) else code


_SAFE_CALLS = frozenset({"year", "month", "day", "min", "max", "abs"})
#: Built-in functions whose result never depends on the decimal context.
_EXACT_CALLS = frozenset({"date", "year", "month", "day", "add_years", "add_months",
                          "add_days", "years_between", "months_between", "days_between",
                          "min", "max", "age_on"})


def _decimal_arithmetic(node: Node, definitions: Mapping[str, int]) -> bool:
    """Whether ``node`` itself (not its parts) may compute with decimals: arithmetic
    other than on whole numbers, a division, a sum of decimals, ``abs`` or ``round``
    (a call of a definition is not: its body is generated and looked at on its own)."""
    if isinstance(node, BinOp):
        return node.ty != INT or node.op in ("/", "**")
    if isinstance(node, Unary):
        return node.op != "not" and node.ty != INT
    if isinstance(node, Call):
        return node.func not in _EXACT_CALLS and (node.func not in definitions
                                                  or node.method)
    if isinstance(node, Quant):
        return node.kind == "sum" and node.ty != INT
    return False


def _safe(node: Node, top_level: frozenset[str]) -> bool:
    """Whether ``node`` reads only top-level names and can neither raise nor miss a fact."""
    for sub in walk(node):
        if isinstance(sub, Name) and sub.id not in top_level:
            return False
        if isinstance(sub, Attr):
            if sub.info is None or sub.info.may_be_unknown:
                return False
        elif isinstance(sub, Call):
            if sub.func not in _SAFE_CALLS or sub.method:
                return False
        elif isinstance(sub, BinOp):
            if sub.op in ("/", "**"):
                return False
        elif isinstance(sub, Quant):
            return False
    return True


def runtime_namespace() -> dict[str, Any]:
    """The names generated code runs with: the few built-ins it calls, and the runtime
    helpers :class:`PyGen` emits (``_nn``, ``_age``...) — one table for every engine that
    executes generated code."""
    return {
        "__builtins__": {"any": any, "all": all, "sum": sum, "len": len, "min": min,
                         "max": max, "abs": abs, "getattr": getattr},
        "_Missing": Missing, "_nn": nn, "_age": age_on, "_seniority": seniority,
        "_divorced": divorced, "_divorced_read": divorced_read, "_div": divide, "_pow": power,
        "_no_value": no_value,
        # what observe() turns into an unknown value (the criterion's result says why)
        "_EvaluationError": (EvaluationError, ArithmeticError),
        **{f"_f_{name}": fn for name, fn in BUILTINS.items()},
    }
