"""The native engine: each program, for each period between change dates, compiled to Python.

For one program and one period (an *epoch*: between two dates on which a
version, a criterion or a parameter changes), the parameters are constants, so
they are folded into generated code; the set of active criteria is fixed too.
The generated function returns the outcome and each criterion's result as a
plain tuple. When a criterion reads an unknown fact, it falls back to the
three-valued interpreter for that criterion alone, which also says which
facts are missing. Compilation happens once per (program, epoch) and is cached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from eligibility._compile.ir import Criterion, Definition, Exception_, Output, Program
from eligibility._engines.interpreter import Context, evaluate, merge_unknown
from eligibility._engines.interpreter import Definition as InterpDefinition
from eligibility._engines.runtime import (
    BUILTINS,
    Missing,
    Unknown,
    divide,
    nn,
    no_value,
    power,
    seniority,
)
from eligibility._model.errors import EvaluationError
from eligibility._model.household import Household, Person, age_on

from .codegen import PyGen

__all__ = ["CoreResult", "NativeEngine", "Outcome3", "kleene_criterion", "kleene_output"]

ELIGIBLE = "eligible"
INELIGIBLE = "ineligible"
UNDETERMINED = "undetermined"
Outcome3 = str

#: (outcome, criterion values, exceptions applied per criterion)
CoreResult = tuple[str, tuple[Any, ...], tuple[tuple[str, ...], ...]]


def kleene_criterion(criterion: Criterion, ctx: Context, env: Mapping[str, Any]
                     ) -> tuple[Any, tuple[str, ...]]:
    """A criterion's three-valued result and the exceptions applied (reference semantics)."""
    return _level(criterion.exceptions, criterion.when.node, (), ctx, env)


def _level(exceptions: tuple[Exception_, ...], base: Any, applied: tuple[str, ...],
           ctx: Context, env: Mapping[str, Any]) -> tuple[Any, tuple[str, ...]]:
    undecided: list[tuple[Exception_, Any]] = []
    for exception in exceptions:
        condition = evaluate(exception.when.node, ctx, env)
        if condition is True:
            return _level(exception.exceptions, exception.then.node,
                          (*applied, exception.id), ctx, env)
        if isinstance(condition, Unknown):
            undecided.append((exception, condition))
    value = evaluate(base, ctx, env)
    if not undecided:
        return value, applied
    candidates = [value] + [
        _level(e.exceptions, e.then.node, (*applied, e.id), ctx, env)[0] for e, _ in undecided
    ]
    if all(not isinstance(c, Unknown) for c in candidates) and len(set(candidates)) == 1:
        return value, applied
    return merge_unknown(*candidates, *(c for _, c in undecided)), applied


def kleene_output(output: Output, ctx: Context, env: Mapping[str, Any]) -> Any:
    """A benefit output's value, or :class:`Unknown` (reference semantics)."""
    for row in output.rows:
        if row.when is not None:
            condition = evaluate(row.when.node, ctx, env)
            if isinstance(condition, Unknown):
                return condition
            if condition is not True:
                continue
        return evaluate(row.then.node, ctx, env)
    raise EvaluationError(f"no row of {output.name!r} matches")


def _no_match(name: str) -> Any:
    raise EvaluationError(f"no row of {name!r} matches")


@dataclass(frozen=True)
class Compiled:
    """One program's code for one epoch."""

    criteria: tuple[Criterion, ...]
    core: Callable[[Household, Person, date], CoreResult]
    outputs: Callable[[Household, Person, date], dict[str, Any]]
    observe: Callable[[Household, Person, date], tuple[tuple[Any, ...], ...]]
    params: Mapping[str, Any]
    source: str


class NativeEngine:
    """Evaluates compiled programs with generated Python code (the default engine)."""

    name = "native"

    def __init__(self, definitions: Mapping[str, Definition]) -> None:
        self.definitions = definitions
        self._interp_defs = {
            name: InterpDefinition(name, tuple(p for p, _ in d.params), d.value.node)
            for name, d in definitions.items()
        }
        self._cache: dict[tuple[str, int], Compiled] = {}
        self._lock = threading.Lock()

    # -- public ----------------------------------------------------------------------------
    def compiled(self, program: Program, on: date) -> Compiled:
        key = (program.id, program.epoch(on))
        found = self._cache.get(key)
        if found is None:
            with self._lock:
                found = self._cache.get(key)
                if found is None:
                    found = self._compile(program, on)
                    self._cache[key] = found
        return found

    def core(self, program: Program, household: Household, applicant: Person,
             on: date) -> tuple[Compiled, CoreResult]:
        """Outcome and criterion results (the hot path)."""
        compiled = self.compiled(program, on)
        return compiled, compiled.core(household, applicant, on)

    def context(self, program: Program, household: Household, on: date) -> Context:
        return Context(household, on, self.compiled(program, on).params, self._interp_defs)

    # -- code generation -------------------------------------------------------------------
    def _compile(self, program: Program, on: date) -> Compiled:
        params = program.params_at(on)
        criteria = program.active_criteria(on)
        gen = PyGen(params, {n: len(d.params) for n, d in self.definitions.items()})
        env = {"applicant": "a", "household": "h", "on": "on"}
        lines: list[str] = []
        for name, definition in self.definitions.items():
            args = [f"v_{p}" for p, _ in definition.params]
            denv = {"household": "h", "on": "on", **{p: f"v_{p}" for p, _ in definition.params}}
            lines.append(f"def d_{name}({', '.join([*args, 'h', 'on'])}):")
            lines.append(f"    return {gen.expr(definition.value.node, denv)}")
        # The careful version: each criterion on its own, unknown facts explained.
        lines.append("def careful(h, a, on):")
        for index, criterion in enumerate(criteria):
            lines.append(f"    # criterion {criterion.id!r}")
            lines.append("    try:")
            lines.extend(self._criterion_lines(gen, criterion, index, env, "        "))
            lines.append("    except _Missing:")
            lines.append(f"        c{index}, x{index} = _slow({index}, h, a, on)")
            if not criterion.exceptions:
                lines.insert(-2, f"        x{index} = ()")
        values = "".join(f"c{i}, " for i in range(len(criteria)))
        applied = "".join(f"x{i}, " for i in range(len(criteria)))
        if criteria:
            falses = " or ".join(f"c{i} is False" for i in range(len(criteria)))
            trues = " and ".join(f"c{i} is True" for i in range(len(criteria)))
            lines.append(f"    if {falses}:")
            lines.append(f"        return {INELIGIBLE!r}, ({values}), ({applied})")
            lines.append(f"    if {trues}:")
            lines.append(f"        return {ELIGIBLE!r}, ({values}), ({applied})")
            lines.append(f"    return {UNDETERMINED!r}, ({values}), ({applied})")
        else:
            lines.append(f"    return {ELIGIBLE!r}, (), ()")
        # What each criterion read, for explanations (unknown or failing reads give None).
        lines.append("def observe(h, a, on):")
        groups: list[str] = []
        counter = 0
        for criterion in criteria:
            names = []
            for observable in criterion.observables:
                lines.append("    try:")
                lines.append(f"        o{counter} = {gen.expr(observable.node, env)}")
                lines.append("    except (_Missing, _EvaluationError):")
                lines.append(f"        o{counter} = None")
                names.append(f"o{counter}, ")
                counter += 1
            groups.append("(" + "".join(names) + "), ")
        lines.append(f"    return ({''.join(groups)})")
        # The fast version: one pass with repeated reads computed once; any unknown fact
        # hands the whole evaluation to the careful version.
        roots = [e.node for c in criteria for e in c.expressions()]
        top_level = frozenset({"applicant", "household", "on", *params})
        lines.append("def core(h, a, on):")
        lines.append("    try:")
        for name, code in gen.hoist(roots, top_level):
            lines.append(f"        {name} = {code}")
        for index, criterion in enumerate(criteria):
            lines.extend(self._criterion_lines(gen, criterion, index, env, "        "))
        lines.append("    except _Missing:")
        lines.append("        return careful(h, a, on)")
        fast_applied = "".join(
            (f"x{i}, " if criterion.exceptions else "(), ") for i, criterion in enumerate(criteria)
        )
        if criteria:
            lines.append(f"    if {' and '.join(f'c{i}' for i in range(len(criteria)))}:")
            lines.append(f"        return {ELIGIBLE!r}, ({values}), ({fast_applied})")
            lines.append(f"    return {INELIGIBLE!r}, ({values}), ({fast_applied})")
        else:
            lines.append(f"    return {ELIGIBLE!r}, (), ()")
        gen.hoisted.clear()  # the hoisted variables are local to core()
        for number, output in enumerate(program.outputs):
            lines.extend(self._output_lines(gen, output, f"output{number}", env))
        lines.append("def outputs(h, a, on):")
        lines.append("    out = {}")
        for number, output in enumerate(program.outputs):
            lines.append("    try:")
            lines.append(f"        out[{output.name!r}] = output{number}(h, a, on)")
            lines.append("    except _Missing:")
            lines.append(f"        out[{output.name!r}] = _slow_output({output.name!r}, h, a, on)")
        lines.append("    return out")
        source = "\n".join(lines) + "\n"

        outputs_by_name = {o.name: o for o in program.outputs}
        interp_defs = self._interp_defs

        def slow(index: int, h: Household, a: Person, on: date) -> tuple[Any, tuple[str, ...]]:
            ctx = Context(h, on, params, interp_defs)
            return kleene_criterion(criteria[index], ctx,
                                    {"applicant": a, "household": h, "on": on})

        def slow_output(name: str, h: Household, a: Person, on: date) -> Any:
            ctx = Context(h, on, params, interp_defs)
            return kleene_output(outputs_by_name[name], ctx,
                                 {"applicant": a, "household": h, "on": on})

        namespace: dict[str, Any] = {
            "__builtins__": {"any": any, "all": all, "sum": sum, "len": len, "min": min,
                             "max": max, "abs": abs, "getattr": getattr},
            "_Missing": Missing,
            "_nn": nn,
            "_age": age_on,
            "_seniority": seniority,
            "_div": divide,
            "_pow": power,
            "_no_match": _no_match,
            "_no_value": no_value,
            "_EvaluationError": EvaluationError,
            "_slow": slow,
            "_slow_output": slow_output,
            **{f"_f_{name}": fn for name, fn in BUILTINS.items()},
            **gen.consts,
        }
        exec(compile(source, f"<eligibility {program.id} @ {on}>", "exec"), namespace)
        return Compiled(criteria, namespace["core"], namespace["outputs"], namespace["observe"],
                        params, source)

    def _criterion_lines(self, gen: PyGen, criterion: Criterion, index: int,
                         env: Mapping[str, str], indent: str) -> list[str]:
        return self._level_lines(gen, criterion.exceptions, criterion.when.node, (), index, env,
                                 indent)

    def _level_lines(self, gen: PyGen, exceptions: tuple[Exception_, ...], base: Any,
                     applied: tuple[str, ...], index: int, env: Mapping[str, str],
                     indent: str) -> list[str]:
        lines: list[str] = []
        keyword = "if"
        for exception in exceptions:
            lines.append(f"{indent}{keyword} {gen.expr(exception.when.node, env)}:")
            lines.extend(self._level_lines(gen, exception.exceptions, exception.then.node,
                                           (*applied, exception.id), index, env, indent + "    "))
            keyword = "elif"
        inner = indent
        if exceptions:
            lines.append(f"{indent}else:")
            inner = indent + "    "
        lines.append(f"{inner}c{index} = {gen.expr(base, env)}")
        if applied or exceptions:
            lines.append(f"{inner}x{index} = {applied!r}")
        return lines

    def _output_lines(self, gen: PyGen, output: Output, name: str,
                      env: Mapping[str, str]) -> list[str]:
        """A function returning the output: one flat ``if`` per table row (nested
        conditional expressions would hit Python's nesting limit on long tables)."""
        lines = [f"def {name}(h, a, on):"]
        for row in output.rows:
            then = gen.expr(row.then.node, env)
            if row.when is None:
                lines.append(f"    return {then}")
                return lines
            lines.append(f"    if {gen.expr(row.when.node, env)}:")
            lines.append(f"        return {then}")
        lines.append(f"    return _no_match({output.name!r})")
        return lines
