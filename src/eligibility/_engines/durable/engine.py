"""The durable engine: compiles each program's rulesets once, and evaluates through them.

Rete decides what it can; criteria and outputs it leaves undecided (or whose derived
facts failed) are decided by the shared three-valued interpreter, as the native engine
would decide them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from eligibility._compile.ir import Definition, Program
from eligibility._engines.interpreter import (
    Context,
    kleene_criterion,
    kleene_output,
    observed_value,
)
from eligibility._engines.protocol import Evaluation, Verdict, outcome_of
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
)
from eligibility._model.errors import EvaluationError
from eligibility._model.household import Household, Person
from eligibility._model.numbers import arithmetic, arithmetic_problem
from eligibility._model.values import Unknown
from eligibility._model.vocabulary import EngineName, Outcome

from .builder import _Builder
from .derive import _generate
from .host import _RUNTIME, _Compiled, _with_actions
from .literals import _render_lit, _sorted_lits
from .plan import _groups


class DurableEngine:
    """Evaluates compiled programs through durable-rules (Rete) rulesets.

    Gives the same results as the native engine (a differential test checks it); it
    is slower, and exists to run the rule book on the rules engine the design names
    and as an independent check of the native engine.

    Args:
        definitions: the rule book's shared definitions.
        content_hash: the rule book's hash: it names the rulesets, so the rulesets of a
            changed rule book never collide with those of the old one.
    """

    def __init__(self, definitions: Mapping[str, Definition], content_hash: str) -> None:
        self.content_hash = content_hash
        self.definitions = definitions
        # The rulesets of this rule book are deleted once no engine of it is left.
        _RUNTIME.own(self, self._prefix)

    @property
    def _prefix(self) -> str:
        return f"eligibility:{self.content_hash[:16]}:"

    @property
    def name(self) -> EngineName:
        return EngineName.DURABLE

    # -- the Engine protocol -----------------------------------------------------------------
    def evaluate(self, program: Program, household: Household, applicant: Person,
                 on: date) -> Evaluation:
        """Evaluate in the library's decimal context, whatever the caller's (an arithmetic
        error, such as a decimal overflow, is an :class:`EvaluationError`)."""
        with arithmetic():
            try:
                return self._evaluate(program, household, applicant, on)
            except ArithmeticError as exc:
                raise EvaluationError(f"{program.id}: {arithmetic_problem(exc)}") from None

    def _evaluate(self, program: Program, household: Household, applicant: Person,
                  on: date) -> Evaluation:
        compiled = self.compiled(program, on)
        env = {"applicant": applicant, "household": household, "on": on}
        ctx = Context(household, on, compiled.params, self.definitions)
        verdicts, applied = self._criteria(compiled, program, household, applicant, on, ctx)
        outcome = outcome_of(verdicts)
        observed = tuple(tuple(observed_value(o, ctx, env) for o in criterion.observables)
                         for criterion in compiled.criteria)
        outputs: Mapping[str, Any] = {}
        if outcome is not Outcome.INELIGIBLE:
            outputs = self._outputs(compiled, program, household, applicant, on, ctx)
        return Evaluation(outcome, verdicts, applied, observed, outputs)

    def _criteria(self, compiled: _Compiled, program: Program, household: Household,
                  applicant: Person, on: date, ctx: Context
                  ) -> tuple[tuple[Verdict, ...], tuple[tuple[str, ...], ...]]:
        state, errors = compiled.run("criteria", household, applicant, on)
        env = {"applicant": applicant, "household": household, "on": on}
        values: list[Verdict] = []
        applied: list[tuple[str, ...]] = []
        for index, (criterion, plan) in enumerate(
                zip(compiled.criteria, compiled.criterion_plans, strict=True)):
            code = state.get(f"c{index}")
            if plan.interpreted is None and code is not None and not plan.slots & errors:
                values.append(code[0] == "T")
                applied.append(plan.paths[int(code[1:])])
                continue
            value, exceptions = kleene_criterion(criterion, ctx, env)
            if plan.interpreted is None and not plan.slots & errors \
                    and not isinstance(value, Unknown):
                raise EvaluationError(
                    f"the durable engine found criterion {criterion.id!r} of {program.id} "
                    f"unknown, but the interpreter found it {value}")
            values.append(value)
            applied.append(exceptions)
        return tuple(values), tuple(applied)

    def _outputs(self, compiled: _Compiled, program: Program, household: Household,
                 applicant: Person, on: date, ctx: Context) -> dict[str, Any]:
        state, errors = compiled.run("outputs", household, applicant, on)
        env = {"applicant": applicant, "household": household, "on": on}
        out: dict[str, Any] = {}
        for index, (output, plan) in enumerate(
                zip(program.outputs, compiled.output_plans, strict=True)):
            code = state.get(f"o{index}")
            if plan.interpreted is None and code is not None and not plan.slots & errors:
                out[output.name] = compiled.then[(index, int(code))](household, applicant, on)
                continue
            value = kleene_output(output, ctx, env)
            if plan.interpreted is None and not plan.slots & errors \
                    and not isinstance(value, Unknown):
                raise EvaluationError(
                    f"the durable engine selected no row of {output.name!r} in {program.id}, "
                    f"but the interpreter found {value!r}")
            out[output.name] = value
        return out

    # -- compilation ---------------------------------------------------------------------------
    def ruleset_name(self, program: Program, on: date) -> str:
        """The durable-rules ruleset of ``program`` for the epoch of ``on``."""
        return f"{self._prefix}{program.id}:{program.epoch(on)}"

    def compiled(self, program: Program, on: date) -> _Compiled:
        name = self.ruleset_name(program, on)
        found = _RUNTIME.compiled.get(name)
        if found is None:
            with _RUNTIME.calling() as host:
                found = _RUNTIME.compiled.get(name)
                if found is None:
                    found = self._compile(name, program, on)
                    host.register_rulesets({name: _with_actions(found.definition)})
                    _RUNTIME.compiled[name] = found
        return found

    def describe(self, program: Program, on: date) -> dict[str, Any]:
        """What Rete decides and what is derived, for ``program`` on ``on``.

        Returns the ruleset's name, its durable-rules JSON definition, the derived facts
        (property -> expression computed before assertion) and the criteria or outputs
        that the interpreter decides instead (with the reason).
        """
        compiled = self.compiled(program, on)
        interpreted = {
            **{c.id: p.interpreted for c, p in zip(compiled.criteria, compiled.criterion_plans,
                                                   strict=True) if p.interpreted},
            **{o.name: p.interpreted for o, p in zip(program.outputs, compiled.output_plans,
                                                     strict=True) if p.interpreted},
        }
        return {"ruleset": compiled.name, "rules": compiled.definition,
                "derived": dict(compiled.derived), "interpreted": interpreted}

    def _compile(self, name: str, program: Program, on: date) -> _Compiled:
        builder = _Builder(program, on, self.definitions)
        criteria = program.active_criteria(on)
        criterion_plans = [builder.criterion(i, c) for i, c in enumerate(criteria)]
        output_plans = [builder.output(i, o) for i, o in enumerate(program.outputs)]
        criterion_groups = _groups(criterion_plans, 0)
        output_groups = _groups(output_plans, len(criterion_groups))
        for group in (*criterion_groups, *output_groups):
            builder.fill(group)
        definition: dict[str, Any] = {}
        for group in (*criterion_groups, *output_groups):
            definition[f"g{group.index}"] = {"all": [{"m": {"g": group.index}}],
                                             "run": (f"g{group.index}", "seen")}
            for number, rule in enumerate(group.rules):
                conditions = [{"g": group.index}]
                conditions += [c for lit in _sorted_lits(rule.term) for c in _render_lit(lit)]
                definition[f"g{group.index}r{number}"] = {
                    "all": [{"m": {"$and": conditions}}], "run": (rule.key, rule.code)}
        leaves, then = _generate(builder, {"criteria": criterion_groups,
                                           "outputs": output_groups}, program)
        groups = (*criterion_groups, *output_groups)
        used = {p.slot for g in groups for p in g.props} | {
            p.slot for g in groups for _, _, props in g.arrays for p in props}
        arrays = {name for g in groups for name, _, _ in g.arrays}
        derived = {s.name if s.quant is None else f"q{s.quant}[].{s.name}": _text(s.node)
                   for s in builder.slots if s.index in used}
        for quant in builder.quants:
            for (_, term), array in quant.arrays.items():
                if array in arrays:
                    derived[array] = f"{_text(quant.node.collection)} ({quant.var}: " + \
                        ", ".join(sorted(lit[1].removeprefix("$i.") for lit in term)) + ")"

        return _Compiled(name, program, criteria, builder.params, criterion_plans,
                         output_plans, criterion_groups, output_groups, definition, derived,
                         leaves, then, len(builder.slots))


def _text(node: Node) -> str:
    """An expression as rule text (for :meth:`DurableEngine.describe`)."""
    if isinstance(node, Literal):
        value = node.value
        return repr(value) if isinstance(value, str) else str(value).lower() \
            if isinstance(value, bool) else str(value)
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Attr):
        return f"{_text(node.obj)}.{node.name}"
    if isinstance(node, Call):
        if node.method and node.args:
            rest = ", ".join(_text(a) for a in node.args[1:])
            return f"{_text(node.args[0])}.{node.func}({rest})"
        return f"{node.func}({', '.join(_text(a) for a in node.args)})"
    if isinstance(node, Unary):
        return f"not {_text(node.operand)}" if node.op == "not" else f"-{_text(node.operand)}"
    if isinstance(node, BinOp):
        return f"({_text(node.left)} {node.op} {_text(node.right)})"
    if isinstance(node, BoolOp):
        return "(" + f" {node.op} ".join(_text(v) for v in node.values) + ")"
    if isinstance(node, Compare):
        parts = [_text(node.left)]
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            parts += [op, _text(comparator)]
        return " ".join(parts)
    if isinstance(node, IfExp):
        return f"({_text(node.body)} if {_text(node.test)} else {_text(node.orelse)})"
    if isinstance(node, ListLit):
        return "[" + ", ".join(_text(i) for i in node.items) + "]"
    if isinstance(node, Quant):
        if node.body is None:
            return f"{node.kind}({_text(node.collection)})"
        return f"{node.kind}({_text(node.body)} for {node.var} in {_text(node.collection)})"
    return type(node).__name__  # pragma: no cover - every node kind is listed above
