"""Benefit outputs: one expression or a decision table, given in every case or only when
a condition holds (``when:``, compiled into a guard row every engine runs as it is), with
the units and, for a text output, the labels of its values in ar, fr and en."""

from __future__ import annotations

from collections.abc import Mapping

from eligibility._language.ast import Literal, Unary
from eligibility._language.checker import Scope
from eligibility._language.suggestions import suggest
from eligibility._language.types import BOOL, DECIMAL, INT, Type, is_numeric, is_textual
from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.values import ABSENT
from eligibility._model.vocabulary import OutputPolicy, Status
from eligibility._rulefiles.positions import Path, SourceFile
from eligibility._rulefiles.schema import Benefit

from .expressions import CompilerBase
from .ir import Dependencies, Expr, Output, Parameter, Row
from .ir_parts import enumerated
from .names import reads_of
from .timing import clocks_of

__all__ = ["OutputCompiler"]


class OutputCompiler(CompilerBase):
    """Compiles the benefit outputs of a program."""

    def output(
        self, source: SourceFile, path: Path, name: str, spec: Benefit, scope: Scope,
        parameters: Mapping[str, Parameter], program_status: Status,
    ) -> Output | None:
        self.texts(source, (*path, "text"), spec.text, parameters)
        self.units(source, (*path, "unit"), spec.unit)
        for value, label in spec.labels.items():
            self.texts(source, (*path, "labels", value), label, ())
        guard = None
        if spec.when is not None:
            guard = self.expression(source, (*path, "when"), spec.when, scope, BOOL,
                                    "an output's condition")
            if guard is None:
                return None
        if spec.value is not None:
            expr = self.expression(source, (*path, "value"), spec.value, scope, None, "a value")
            if expr is None:
                return None
            return self._output(source, path, name, OutputPolicy.VALUE, (Row(None, expr),),
                                expr.type, spec, guard, parameters,
                                spec.status or program_status)
        policy = OutputPolicy.FIRST if spec.first is not None else OutputPolicy.UNIQUE
        rows = self._rows(source, path, policy, spec, scope, parameters)
        if rows is None:
            return None
        types = [row.then.type for row in rows]
        if all(is_numeric(t) for t in types):
            out_type: Type = DECIMAL if DECIMAL in types else INT
        elif len({str(t) for t in types}) == 1:
            out_type = types[0]
        else:
            self.diagnostics.append(source.diagnostic(
                path, Code.TYPE_MISMATCH, f"the rows of {name!r} give values of different types",
                expected=str(types[0]), actual=", ".join(sorted({str(t) for t in types})),
            ))
            return None
        return self._output(source, path, name, policy, rows, out_type, spec, guard, parameters,
                            spec.status or program_status)

    def _output(self, source: SourceFile, path: Path, name: str, policy: OutputPolicy,
                rows: tuple[Row, ...], ty: Type, spec: Benefit, guard: Expr | None,
                parameters: Mapping[str, Parameter], status: Status) -> Output:
        exprs = [e for row in rows for e in (row.when, row.then) if e is not None]
        if guard is not None:
            exprs.append(guard)
            rows = (_guard_row(guard, ty), *rows)
        reads = reads_of(exprs, parameters, self.result.definitions)
        values = self._labels(source, path, name, rows, ty, spec, parameters)
        return Output(name, policy, rows, ty, status, spec.unit,
                      spec.text, reads, guard, spec.labels, values,
                      Dependencies.of(reads, parameters, self.result.definitions),
                      clocks_of(exprs, self.result.definitions))

    def _labels(self, source: SourceFile, path: Path, name: str, rows: tuple[Row, ...],
                ty: Type, spec: Benefit, parameters: Mapping[str, Parameter]
                ) -> tuple[str, ...]:
        """The values of a text output, each of which needs a label in ar, fr and en."""
        if not is_textual(ty):
            for value in spec.labels:
                self.diagnostics.append(source.diagnostic(
                    (*path, "labels", value), Code.UNKNOWN_OUTPUT_LABEL,
                    f"{name!r} gives {ty} values, not texts: labels name the values of a "
                    "text output", actual=value, key=True,
                ))
            return ()
        table = [row for row in rows if not row.guard]
        values = enumerated(table, parameters)
        open_rows = [row.then.source for row in table
                     if row.then.literal is None and row.then.parameter not in parameters]
        if open_rows:
            self.diagnostics.append(source.diagnostic(
                path, Code.MISSING_OUTPUT_LABEL,
                f"the values of the text output {name!r} cannot be listed (so labelled): "
                "give each row a text literal or a text parameter", actual=open_rows[0],
            ))
        for value in values:
            if value not in spec.labels:
                self.diagnostics.append(source.diagnostic(
                    (*path, "labels") if spec.labels else path, Code.MISSING_OUTPUT_LABEL,
                    f"the value {value!r} of {name!r} has no label in ar, fr and en",
                    expected=f"labels: {{{value}: {{ar: ..., fr: ..., en: ...}}}}",
                    actual=value,
                ))
        for value in spec.labels:
            if value not in values:
                self.diagnostics.append(source.diagnostic(
                    (*path, "labels", value), Code.UNKNOWN_OUTPUT_LABEL,
                    f"{name!r} never gives {value!r}", expected=" | ".join(values),
                    actual=value, suggestion=suggest(value, values), key=True,
                ))
        return values

    def _rows(self, source: SourceFile, path: Path, policy: OutputPolicy, spec: Benefit,
              scope: Scope, parameters: Mapping[str, Parameter]) -> tuple[Row, ...] | None:
        rows_spec = spec.first if spec.first is not None else spec.unique
        assert rows_spec is not None
        rows: list[Row] = []
        ok = True
        for index, row in enumerate(rows_spec):
            sub = (*path, policy.value, index)
            when = None
            if row.when is not None:
                when = self.expression(source, (*sub, "when"), row.when, scope, BOOL,
                                       "a row's condition")
                ok = ok and when is not None
            elif index != len(rows_spec) - 1:
                self.diagnostics.append(source.diagnostic(
                    (*sub, "otherwise"), Code.OTHERWISE_NOT_LAST,
                    "'otherwise' must be the last row", expected="the last row",
                    actual=f"row {index + 1} of {len(rows_spec)}",
                ))
                ok = False
            then = self.expression(source, (*sub, "then"), row.then, scope, None, "a value")
            self.texts(source, (*sub, "text"), row.text, parameters)
            if then is None:
                ok = False
                continue
            rows.append(Row(when, then, row.text))
        return tuple(rows) if ok else None


def _guard_row(guard: Expr, ty: Type) -> Row:
    """The row that gives nothing when an output's condition does not hold."""
    condition = Unary(guard.node.start, guard.node.end, op="not", operand=guard.node)
    condition.ty = BOOL
    absent = Literal(0, 0, value=ABSENT)  # type: ignore[arg-type]
    absent.ty = ty
    return Row(Expr(f"not ({guard.source})", condition, BOOL), Expr("absent", absent, ty),
               guard=True)
