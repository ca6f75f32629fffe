"""Static checks of a compiled program: conflicting exceptions, overlapping and
incomplete decision tables, unreachable rows.

Conditions are turned into disjunctive normal form (:mod:`.logic`) over constraints: a
comparison of a term (``applicant.age``, ``household.affiliate.monthly_pension``...)
with a constant (a literal or a parameter, resolved for each period between change
dates), an equality of a text term with a value, or an opaque boolean term (anything
else, such as a quantifier). Shared definitions are expanded in place. A conjunction is
satisfiable unless its constraints contradict each other (:func:`.logic.consistent`):
an empty interval for a number or date (whole numbers tightened: ``age <= 13`` and
``age >= 14`` leave nothing), two different required values for a text, or a boolean
term required both true and false. Opaque terms are free, so the check is
conservative: it reports every overlap it cannot rule out.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from eligibility._language.ast import BoolOp, Call, Compare, ListLit, Literal, Name, Node, Unary
from eligibility._language.types import BOOL, DATE, INT, EnumType, is_numeric
from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic, Severity
from eligibility._rulefiles.positions import Path, SourceFile

from .ir import CriterionException, Definition, Program
from .logic import (
    COMPARE,
    DNF,
    FALSE,
    MIRRORED_OP,
    TRUE,
    Algebra,
    Constraint,
    TooLarge,
    consistent,
)

__all__ = ["FORMS", "MAX_CLAUSES", "check_program", "may_hold"]

#: Largest normal form handled; beyond it a check is skipped (and says so).
MAX_CLAUSES = 2048

#: The normal forms of the analysis (only their satisfiability is asked: not minimised).
FORMS: Algebra[Constraint] = Algebra(consistent, MAX_CLAUSES)


@dataclass(frozen=True)
class _Constant:
    """A definition's parameter bound to a constant argument (``aged_at_most(c, 21)``)."""

    value: Any


class _Converter:
    def __init__(self, params: Mapping[str, Any], definitions: Mapping[str, Definition]) -> None:
        self.params = params
        self.definitions = definitions

    def key(self, node: Node, subst: Mapping[str, Any]) -> Any:
        if isinstance(node, Name):
            if node.id in subst:
                return subst[node.id]
            return ("name", node.id)
        if isinstance(node, Literal):
            return ("lit", type(node.value).__name__, node.value)
        label = (type(node).__name__, getattr(node, "op", None), getattr(node, "name", None),
                 getattr(node, "func", None), getattr(node, "kind", None),
                 getattr(node, "var", None), getattr(node, "ops", None))
        return (label, tuple(self.key(c, subst) for c in node.children()))

    def argument(self, node: Node, subst: Mapping[str, Any]) -> Any:
        """What a definition's parameter stands for inside its body: the argument's
        constant value (a number, a date) when it has one, else the argument's key."""
        known, value = self.constant(node, subst)
        return _Constant(value) if known else self.key(node, subst)

    def constant(self, node: Node, subst: Mapping[str, Any]) -> tuple[bool, Any]:
        if isinstance(node, Literal):
            return True, node.value
        if isinstance(node, Name) and isinstance(subst.get(node.id), _Constant):
            return True, subst[node.id].value
        if isinstance(node, Name) and node.id not in subst and node.id in self.params:
            return True, self.params[node.id]
        if isinstance(node, ListLit):
            values = [self.constant(i, subst) for i in node.items]
            if all(ok for ok, _ in values):
                return True, tuple(v for _, v in values)
        if isinstance(node, Unary) and node.op == "-":
            ok, value = self.constant(node.operand, subst)
            if ok and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                return True, -value
        return False, None

    def convert(self, node: Node, subst: Mapping[str, Any],
                positive: bool = True) -> DNF[Constraint]:
        if isinstance(node, Literal) and isinstance(node.value, bool):
            return TRUE if node.value == positive else FALSE
        if isinstance(node, Unary) and node.op == "not":
            return self.convert(node.operand, subst, not positive)
        if isinstance(node, BoolOp):
            parts = [self.convert(v, subst, positive) for v in node.values]
            if (node.op == "and") == positive:
                return FORMS.conjoin(*parts)
            return FORMS.disjoin(*parts)
        if isinstance(node, Compare):
            operands = (node.left, *node.comparators)
            pairs = [self.comparison(operands[i], op, operands[i + 1], subst)
                     for i, op in enumerate(node.ops)]
            if positive:
                return FORMS.conjoin(*pairs)
            return FORMS.disjoin(*(self.negate(pair) for pair in pairs))
        if isinstance(node, Call) and node.func in self.definitions and not node.method:
            definition = self.definitions[node.func]
            inner = {p: self.argument(a, subst) for (p, _), a in zip(definition.params,
                                                                     node.args, strict=True)}
            return self.convert(definition.value.node, inner, positive)
        if isinstance(node, Name) and node.id in self.definitions and node.id not in subst:
            return self.convert(self.definitions[node.id].value.node, {}, positive)
        if isinstance(node, Name) and node.id in self.params and node.id not in subst \
                and isinstance(self.params[node.id], bool):
            return TRUE if self.params[node.id] == positive else FALSE
        return _single(Constraint(self.key(node, subst), "is", positive))

    def negate(self, form: DNF[Constraint]) -> DNF[Constraint]:
        return FORMS.negate(form, lambda constraint: _single(constraint.negated()))

    def comparison(self, left: Node, op: str, right: Node,
                   subst: Mapping[str, Any]) -> DNF[Constraint]:
        left_const, left_value = self.constant(left, subst)
        right_const, right_value = self.constant(right, subst)
        if left_const and right_const:
            return TRUE if _holds(left_value, op, right_value) else FALSE
        if op in ("in", "not in"):
            if not right_const or not isinstance(right_value, tuple):
                return self.opaque(left, op, right, subst)
            term = self.key(left, subst)
            domain = left.ty.values if isinstance(left.ty, EnumType) else None
            integral = left.ty in (INT, DATE)
            equal = [Constraint(term, "==", v.toordinal() if isinstance(v, date) else v,
                                integral, domain)
                     for v in right_value]  # dates as day numbers, as below
            if op == "in":
                return frozenset(frozenset({c}) for c in equal)
            return frozenset({frozenset(c.negated() for c in equal)})
        if right_const:
            term_node, value, op2 = left, right_value, op
        elif left_const:
            term_node, value, op2 = right, left_value, MIRRORED_OP[op]
        else:
            return self.opaque(left, op, right, subst)
        ty = term_node.ty
        if ty == BOOL and op2 in ("==", "!=") and isinstance(value, bool):
            return self.convert(term_node, subst, (op2 == "==") == value)
        domain = ty.values if isinstance(ty, EnumType) else None
        integral = ty in (INT, DATE)
        if isinstance(value, date):
            value = value.toordinal()
        if not (is_numeric(ty) or ty == DATE or op2 in ("==", "!=")):
            return self.opaque(left, op, right, subst)
        return _single(Constraint(self.key(term_node, subst), op2, value, integral, domain))

    def opaque(self, left: Node, op: str, right: Node,
               subst: Mapping[str, Any]) -> DNF[Constraint]:
        key = ("cmp", self.key(left, subst), op, self.key(right, subst))
        return _single(Constraint(key, "is", True))


def _single(constraint: Constraint) -> DNF[Constraint]:
    return frozenset({frozenset({constraint})})


def _holds(left: Any, op: str, right: Any) -> bool:
    """A comparison of two constants (values that do not compare: false)."""
    try:
        return bool(COMPARE[op](left, right))
    except TypeError:
        return False


# -- program checks ------------------------------------------------------------------------


def _epochs(program: Program) -> list[date]:
    """One date in each period between change dates while the program is in force."""
    dates = sorted({program.valid_from, *(d for d in program.change_dates
                                          if d >= program.valid_from)})
    return [d for d in dates if program.in_force(d)]


def check_program(program: Program, source: SourceFile,
                  definitions: Mapping[str, Definition]) -> list[Diagnostic]:
    """Every static finding for one program."""
    found: dict[tuple[str, str], Diagnostic] = {}
    for on in _epochs(program):
        conv = _Converter(program.params_at(on), definitions)
        try:
            for diagnostic in _check_epoch(program, source, conv, on):
                found.setdefault((diagnostic.code, diagnostic.json_path), diagnostic)
        except TooLarge:
            diagnostic = source.diagnostic(
                (), Code.ANALYSIS_SKIPPED,
                f"conditions too large to check for overlaps ({MAX_CLAUSES} clauses)",
                severity=Severity.WARNING,
            )
            found.setdefault((diagnostic.code, diagnostic.json_path), diagnostic)
    return list(found.values())


def _same_result(a: CriterionException, b: CriterionException) -> bool:
    """Two exceptions that always give the same result may overlap harmlessly."""
    return not a.exceptions and not b.exceptions and a.then.node.key() == b.then.node.key()


def _check_exceptions(exceptions: tuple[CriterionException, ...], path: Path, conv: _Converter,
                      source: SourceFile, on: date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    whens = [conv.convert(e.when.node, {}) for e in exceptions]
    for (i, a), (j, b) in itertools.combinations(enumerate(exceptions), 2):
        if _same_result(a, b):
            continue
        if FORMS.satisfiable(FORMS.conjoin(whens[i], whens[j])):
            out.append(source.diagnostic(
                (*path, "exceptions", j, "when"), Code.EXCEPTION_CONFLICT,
                f"exceptions {a.id!r} and {b.id!r} can both apply (from {on}) with different "
                "results; make one an exception of the other, or make their conditions "
                "exclusive",
                expected="exclusive conditions", actual=f"{a.when} / {b.when}",
            ))
    for index, exception in enumerate(exceptions):
        out.extend(_check_exceptions(exception.exceptions, (*path, "exceptions", index), conv,
                                     source, on))
    return out


def _criteria_context(program: Program, conv: _Converter, on: date) -> DNF[Constraint]:
    """What is known once every active criterion holds (each weakened to "its condition or
    one of its exceptions' conditions", which is safe for gap checks)."""
    context = TRUE
    for criterion in program.active_criteria(on):
        if criterion.generated:
            continue
        weak = conv.convert(criterion.when.node, {})
        for exception in criterion.exceptions:
            weak = FORMS.disjoin(weak, conv.convert(exception.when.node, {}))
        context = FORMS.conjoin(context, weak)
    return context


def may_hold(program: Program, definitions: Mapping[str, Definition], on: date,
             condition: Node) -> bool:
    """Whether ``condition`` (checked against the program's scope) can hold together with
    the program's criteria on ``on``.

    Conservative like the other checks: ``False`` only when the criteria contradict the
    condition (the documentation uses it to list the member categories a program may
    serve); ``True`` also when the conditions are too large to check.
    """
    conv = _Converter(program.params_at(on), definitions)
    try:
        return FORMS.satisfiable(FORMS.conjoin(_criteria_context(program, conv, on),
                                               conv.convert(condition, {})))
    except TooLarge:
        return True


def _check_epoch(program: Program, source: SourceFile, conv: _Converter,
                 on: date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    user = [c for c in program.criteria if not c.generated]
    for index, criterion in enumerate(user):
        if criterion.active_on(on):
            out.extend(_check_exceptions(criterion.exceptions, ("criteria", index), conv,
                                         source, on))
    criteria_context = _criteria_context(program, conv, on)
    for output in program.outputs:
        if output.policy == "value":
            continue
        context = criteria_context  # an output given only in some cases: in those cases
        if output.guard is not None:
            context = FORMS.conjoin(context, conv.convert(output.guard.node, {}))
        rows = [(i, r) for i, r in enumerate(output.table) if r.when is not None]
        whens = {i: conv.convert(r.when.node, {}) for i, r in rows if r.when is not None}
        base: Path = ("benefit", output.name, output.policy)
        if output.policy == "unique":
            for (i, _), (j, _) in itertools.combinations(rows, 2):
                if FORMS.satisfiable(FORMS.conjoin(context, FORMS.conjoin(whens[i], whens[j]))):
                    out.append(source.diagnostic(
                        (*base, j, "when"), Code.TABLE_OVERLAP,
                        f"rows {i + 1} and {j + 1} of {output.name!r} can both match (from {on})"
                        "; a 'unique' table needs exclusive rows",
                        expected="exclusive rows", actual=f"rows {i + 1} and {j + 1}",
                    ))
        else:
            before = context
            for i, _ in rows:
                if not FORMS.satisfiable(FORMS.conjoin(before, whens[i])):
                    out.append(source.diagnostic(
                        (*base, i, "when"), Code.TABLE_UNREACHABLE_ROW,
                        f"row {i + 1} of {output.name!r} can never match (from {on}): earlier "
                        "rows or the criteria always decide first", severity=Severity.WARNING,
                    ))
                before = FORMS.conjoin(before, conv.negate(whens[i]))
        if output.table[-1].when is None:
            continue
        rest = context
        for i, _ in rows:
            rest = FORMS.conjoin(rest, conv.negate(whens[i]))
        if FORMS.satisfiable(rest):
            out.append(source.diagnostic(
                base, Code.TABLE_GAP,
                f"no row of {output.name!r} matches some eligible applicants (from {on}); "
                "add a row or 'otherwise: true'",
                expected="rows covering every case",
            ))
    return out

