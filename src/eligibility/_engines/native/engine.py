"""The native engine: each program, for each period between change dates, compiled to Python.

For one program and one period (an *epoch*: between two dates on which a version, a
criterion or a parameter changes), the parameters are constants, so they are folded into
generated code (:mod:`.module`); the set of active criteria is fixed too. When a
criterion reads an unknown fact, it falls back to the three-valued interpreter for that
criterion alone, which also says which facts are missing. Compilation happens once per
(program, epoch) and is cached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from eligibility._compile.ir import Definition, Program
from eligibility._engines.codegen import PyGen, runtime_namespace
from eligibility._engines.interpreter import (
    Context,
    kleene_criterion,
    kleene_output,
    observed_value,
)
from eligibility._engines.protocol import Evaluation, Verdict
from eligibility._model.errors import EvaluationError
from eligibility._model.household import Household, Person
from eligibility._model.numbers import arithmetic, arithmetic_problem
from eligibility._model.vocabulary import EngineName, Outcome

from .module import module_source

__all__ = ["NativeEngine"]


#: What a value the criteria may compute holds until they do (see :mod:`.module`).
_NOT_READ = object()


def _no_match(name: str) -> Any:
    raise EvaluationError(f"no row of {name!r} matches")


def _arithmetic_error(program: Program, exc: ArithmeticError) -> EvaluationError:
    return EvaluationError(f"{program.id}: {arithmetic_problem(exc)}")


@dataclass(frozen=True)
class Compiled:
    """One program's code for one epoch: ``evaluate`` gives the whole evaluation, ``core``
    the outcome, verdicts and exceptions applied alone (the hot path, for benchmarks).

    ``inline`` is the evaluation as statements, for a caller that generates the function
    they run in (see :mod:`.module`), with ``namespace``, the names they read: the
    caller runs its function in a copy of it, with ``_fallback`` added."""

    evaluate: Callable[[Household, Person, date], Evaluation]
    core: Callable[[Household, Person, date], tuple[Outcome, tuple[Verdict, ...],
                                                    tuple[tuple[str, ...], ...]]]
    source: str
    #: Whether the generated code may compute with decimals (else it runs in the
    #: caller's decimal context: nothing it does depends on one).
    decimal_arithmetic: bool = True
    inline: tuple[str, ...] = ()
    namespace: Mapping[str, Any] = field(default_factory=dict, repr=False)


class NativeEngine:
    """Evaluates compiled programs with generated Python code (the default engine).

    Args:
        definitions: the rule book's shared definitions.
        content_hash: the rule book's hash (unused: generated code is cached per engine).
    """

    def __init__(self, definitions: Mapping[str, Definition], content_hash: str = "") -> None:
        del content_hash
        self.definitions = definitions
        self._cache: dict[tuple[str, int], Compiled] = {}
        self._lock = threading.Lock()

    @property
    def name(self) -> EngineName:
        return EngineName.NATIVE

    def evaluate(self, program: Program, household: Household, applicant: Person,
                 on: date) -> Evaluation:
        """Evaluate in the library's decimal context, whatever the caller's (an arithmetic
        error, such as a decimal overflow, is an :class:`EvaluationError`)."""
        compiled = self.compiled(program, on)
        try:
            if not compiled.decimal_arithmetic:  # no context to set (the fallbacks set it)
                return compiled.evaluate(household, applicant, on)
            with arithmetic():
                return compiled.evaluate(household, applicant, on)
        except ArithmeticError as exc:
            raise _arithmetic_error(program, exc) from None

    def compiled(self, program: Program, on: date) -> Compiled:
        """The code of ``program`` for the epoch of ``on`` (compiled on first use)."""
        key = (program.id, program.epoch(on))
        found = self._cache.get(key)
        if found is None:
            with self._lock:
                found = self._cache.get(key)
                if found is None:
                    with arithmetic():  # whatever the caller's decimal context
                        found = self._compile(program, on)
                    self._cache[key] = found
        return found

    def _compile(self, program: Program, on: date) -> Compiled:
        params = program.params_at(on)
        criteria = program.active_criteria(on)
        gen = PyGen(params, {n: len(d.params) for n, d in self.definitions.items()},
                    {n: (tuple(p for p, _ in d.params), d.value.node)
                     for n, d in self.definitions.items()})
        source, inline = module_source(gen, criteria, program.outputs, self.definitions,
                                       params)
        outputs_by_name = {o.name: o for o in program.outputs}
        definitions = self.definitions

        def slow(index: int, h: Household, a: Person, on: date
                 ) -> tuple[Verdict, tuple[str, ...]]:
            ctx = Context(h, on, params, definitions)
            with arithmetic():
                return kleene_criterion(criteria[index], ctx,
                                        {"applicant": a, "household": h, "on": on})

        observables = [o for c in criteria for o in c.observables]

        def slow_observe(index: int, h: Household, a: Person, on: date) -> Any:
            ctx = Context(h, on, params, definitions)
            with arithmetic():
                return observed_value(observables[index], ctx,
                                      {"applicant": a, "household": h, "on": on})

        def slow_output(name: str, h: Household, a: Person, on: date) -> Any:
            ctx = Context(h, on, params, definitions)
            with arithmetic():
                return kleene_output(outputs_by_name[name], ctx,
                                     {"applicant": a, "household": h, "on": on})

        namespace: dict[str, Any] = {
            **runtime_namespace(),
            "_no_match": _no_match, "_slow": slow, "_slow_output": slow_output,
            "_slow_observe": slow_observe,
            "_Evaluation": Evaluation, "_NO_OUTPUTS": MappingProxyType({}),
            "_ELIGIBLE": Outcome.ELIGIBLE, "_INELIGIBLE": Outcome.INELIGIBLE,
            "_UNDETERMINED": Outcome.UNDETERMINED,
            "_ArithmeticError": ArithmeticError,
            "_NOT_READ": _NOT_READ,
            "_arithmetic_error": lambda exc: _arithmetic_error(program, exc),
            **gen.consts,
        }
        exec(compile(source, f"<eligibility {program.id} @ {on}>", "exec"), namespace)
        return Compiled(namespace["evaluate"], namespace["core"], source,
                        gen.decimal_arithmetic, inline, namespace)
