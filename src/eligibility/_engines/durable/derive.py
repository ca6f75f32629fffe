"""The derived facts computed in Python, by generated code, before assertion."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from eligibility._compile.ir import Program
from eligibility._engines.codegen import PyGen, runtime_namespace
from eligibility._engines.interpreter import Context, evaluate
from eligibility._language.ast import Node
from eligibility._model.errors import EvaluationError
from eligibility._model.household import Household, Person

from .encoding import _ERR

if TYPE_CHECKING:
    from .builder import _Builder
    from .plan import _Group


def _generate(builder: _Builder, parts: Mapping[str, Sequence[_Group]], program: Program
              ) -> tuple[dict[str, Callable[[Household, Person, date], tuple[list[Any],
                                                                             list[int]]]],
                         dict[tuple[int, int], Callable[[Household, Person, date], Any]]]:
    """Python code computing the derived facts (and the outputs' row values).

    The same code generator as the native engine, parameters folded in; a fact that
    is unknown falls back to the interpreter for that derived fact alone, which gives
    its three-valued value. An error (EvaluationError) marks the derived fact as failed:
    the criteria reading it are then decided by the interpreter, as the native engine
    would decide them.
    """
    params = builder.params
    gen = PyGen(params, {})
    env = {"applicant": "a", "household": "h", "on": "on"}
    lines: list[str] = []
    for part, groups in parts.items():
        lines += _leaves_code(builder, gen, env, part, groups)
    thens: dict[tuple[int, int], Node] = {}
    for j, output in enumerate(program.outputs):
        for r, row in enumerate(output.rows):
            node = builder.inline(row.then.node)
            thens[(j, r)] = node
            lines += [f"def then_{j}_{r}(h, a, on):", "    try:",
                      f"        return {gen.expr(node, env)}", "    except _Missing:",
                      f"        return _slow_then({j}, {r}, h, a, on)"]
    source = "\n".join(lines) + "\n"
    slots = builder.slots

    def slow(index: int, h: Household, a: Person, on: date, *bound: Any) -> Any:
        ctx = Context(h, on, params, {})
        scope: dict[str, Any] = {"applicant": a, "household": h, "on": on}
        if bound:
            scope[bound[0]] = bound[1]
        return evaluate(slots[index].node, ctx, scope)

    def slow_then(j: int, r: int, h: Household, a: Person, on: date) -> Any:
        ctx = Context(h, on, params, {})
        return evaluate(thens[(j, r)], ctx, {"applicant": a, "household": h, "on": on})

    namespace: dict[str, Any] = {
        **runtime_namespace(),
        "_Error": (EvaluationError, ArithmeticError), "_ERR": _ERR, "_slow": slow,
        "_slow_then": slow_then,
        **gen.consts,
    }
    code = compile(source, f"<eligibility durable {program.id}>", "exec")
    exec(code, namespace)
    then = {key: namespace[f"then_{key[0]}_{key[1]}"] for key in thens}
    return {part: namespace[f"leaves_{part}"] for part in parts}, then


def _leaves_code(builder: _Builder, gen: PyGen, env: Mapping[str, str], part: str,
                 groups: Sequence[_Group]) -> list[str]:
    """``leaves_<part>(h, a, on)``: the derived facts the groups' facts hold."""
    used: set[int] = set()
    quants: dict[int, set[int]] = {}
    for group in groups:
        used.update(p.slot for p in group.props)
        for _, quant, props in group.arrays:
            quants.setdefault(quant.index, set()).update(p.slot for p in props)
        for quant in group.lengths:
            quants.setdefault(quant.index, set())
    count = len(builder.slots)
    lines = [f"def leaves_{part}(h, a, on):", f"    v = [None] * {count + len(builder.quants)}",
             "    failed = []"]
    for index in sorted(used):
        node = builder.slots[index].node
        lines += ["    try:", "        try:", f"            v[{index}] = {gen.expr(node, env)}",
                  "        except _Missing:", f"            v[{index}] = _slow({index}, h, a, on)",
                  "    except _Error:", f"        v[{index}] = _ERR",
                  f"        failed.append({index})"]
    for q, item_slots in sorted(quants.items()):
        quant = builder.quants[q]
        var = f"v_{quant.var}"
        inner = {**env, quant.var: var}
        lines += ["    try:", f"        items = {gen.expr(quant.node.collection, env)}",
                  "    except (_Missing, _Error):", "        items = _ERR",
                  "    if items is _ERR:", f"        v[{count + q}] = _ERR",
                  f"        failed.append({-1 - q})", "    else:", "        out = []",
                  f"        for {var} in items:", "            it = {}"]
        for index in sorted(item_slots):
            node = builder.slots[index].node
            lines += ["            try:", "                try:",
                      f"                    it[{index}] = {gen.expr(node, inner)}",
                      "                except _Missing:",
                      f"                    it[{index}] = _slow({index}, h, a, on, "
                      f"{quant.var!r}, {var})",
                      "            except _Error:", f"                it[{index}] = _ERR",
                      f"                failed.append({-1 - q})"]
        lines += ["            out.append(it)", f"        v[{count + q}] = out"]
    lines.append("    return v, failed")
    return lines
