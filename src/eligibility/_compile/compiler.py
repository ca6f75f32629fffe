"""Compile validated rule files into the IR: parse, resolve, type-check, cross-check.

Every problem found is collected as a :class:`Diagnostic` with its place in
the file; nothing is raised until the whole rule book has been read, so a rule
author fixes every file in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from eligibility._language.ast import Attr, Call, Compare, Name, Node, Quant, walk
from eligibility._language.checker import DefinitionSignature, Scope, check, suggest
from eligibility._language.parser import parse
from eligibility._language.types import (
    BOOL,
    DATE,
    DECIMAL,
    HOUSEHOLD,
    INT,
    PERSON,
    ROLE_TYPES,
    EnumType,
    ListType,
    RecordType,
    Type,
    applicant_type,
    is_numeric,
    type_of_value,
)
from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic, ExpressionError, Severity
from eligibility._model.household import Household, Role
from eligibility._rulefiles.schema import (
    CriterionSpec,
    DefinitionsFile,
    ExceptionSpec,
    FrequencySpec,
    ParameterSpec,
    ProgramFile,
    Texts,
)
from eligibility._rulefiles.yaml import Path, SourceFile

from . import analysis as _analysis
from .ir import (
    Criterion,
    Definition,
    Exception_,
    Expr,
    Output,
    Parameter,
    Program,
    Row,
    Version,
    exception_expressions,
)

__all__ = ["CompileResult", "compile_files"]

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
LANGUAGES = ("ar", "fr", "en")


@dataclass
class CompileResult:
    programs: dict[str, Program] = field(default_factory=dict)
    definitions: dict[str, Definition] = field(default_factory=dict)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _Compiler:
    def __init__(self) -> None:
        self.result = CompileResult()
        self.signatures: dict[str, DefinitionSignature] = {}
        #: parameters the expression being compiled can see (for value checks)
        self.visible: Mapping[str, Parameter] = {}

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.result.diagnostics

    # -- helpers ---------------------------------------------------------------------------
    def expression(
        self, source: SourceFile, path: Path, text: object, scope: Scope, want: Type | None,
        what: str,
    ) -> Expr | None:
        """Parse and check one expression; report problems at their place in the file."""
        if isinstance(text, bool):
            text = "true" if text else "false"
        elif not isinstance(text, str):
            text = str(text)
        try:
            node = parse(text)
            ty = check(node, scope, text)
        except ExpressionError as exc:
            d = exc.diagnostic
            line, column = source.expression_position(path, d.line, d.column)
            self.diagnostics.append(source.diagnostic(
                path, d.code, d.message, position=(line, column), expected=d.expected,
                actual=d.actual, suggestion=d.suggestion,
            ))
            return None
        if want is not None and not (ty == want or (want == DECIMAL and ty == INT)):
            self.diagnostics.append(source.diagnostic(
                path, Code.TYPE_MISMATCH if want != BOOL else Code.NOT_A_CONDITION,
                f"{what} must be {want}, but {text!r} is {ty}", expected=str(want),
                actual=str(ty),
            ))
            return None
        self.enum_parameters(source, path, node)
        return Expr(text, node, ty)

    def enum_parameters(self, source: SourceFile, path: Path, node: Node) -> None:
        """Text parameters compared with a closed set of values must use those values."""
        for sub in walk(node):
            if not isinstance(sub, Compare):
                continue
            left = sub.left
            for op, right in zip(sub.ops, sub.comparators, strict=True):
                pairs = [(left, right), (right, left)] if op in ("==", "!=") else [(left, right)]
                for enum_side, param_side in pairs:
                    if not (isinstance(enum_side.ty, EnumType) and isinstance(param_side, Name)):
                        continue
                    parameter = self.visible.get(param_side.id)
                    if parameter is None:
                        continue
                    allowed = enum_side.ty.values
                    for when, value in parameter.values:
                        items = value if isinstance(value, tuple) else (value,)
                        for item in items:
                            if isinstance(item, str) and item not in allowed:
                                self.diagnostics.append(source.diagnostic(
                                    path, Code.UNKNOWN_ENUM_VALUE,
                                    f"parameter {param_side.id!r} (from {when}) has "
                                    f"{item!r}, which is not a value of {enum_side.ty}",
                                    expected=" | ".join(allowed), actual=item,
                                    suggestion=suggest(item, allowed),
                                ))
                left = right

    def texts(
        self, source: SourceFile, path: Path, texts: Texts | None, names: Iterable[str],
    ) -> None:
        """Lint a trilingual text: every language present; placeholders name known values."""
        if texts is None:
            return
        known = set(names)
        for lang in LANGUAGES:
            value = getattr(texts, lang)
            if value is None:
                self.diagnostics.append(source.diagnostic(
                    path, Code.MISSING_TRANSLATION, f"no {lang!r} text", severity=Severity.WARNING,
                    expected=lang,
                ))
                continue
            for match in _PLACEHOLDER.finditer(value):
                if match.group(1) not in known:
                    self.diagnostics.append(source.diagnostic(
                        (*path, lang), Code.UNKNOWN_PLACEHOLDER,
                        f"placeholder {{{match.group(1)}}} names no parameter",
                        actual=match.group(1), suggestion=suggest(match.group(1), known),
                    ))

    def parameters(
        self, source: SourceFile, specs: Mapping[str, ParameterSpec], scope: str,
    ) -> dict[str, Parameter]:
        out: dict[str, Parameter] = {}
        for name, spec in specs.items():
            path: Path = ("parameters", name)
            types: set[Type | None] = set()
            for when, value in spec.values.items():
                ty = type_of_value(value)
                if ty is None:
                    self.diagnostics.append(source.diagnostic(
                        (*path, when.isoformat()), Code.PARAMETER_TYPE_MISMATCH,
                        f"parameter {name!r}: a list mixes types", actual=repr(value),
                    ))
                types.add(ty)
            types.discard(None)
            if types == {INT, DECIMAL}:
                types = {DECIMAL}
            if types == {ListType(INT), ListType(DECIMAL)}:
                types = {ListType(DECIMAL)}
            if len(types) > 1:
                first = type_of_value(spec.values[min(spec.values)])
                self.diagnostics.append(source.diagnostic(
                    path, Code.PARAMETER_TYPE_MISMATCH,
                    f"parameter {name!r} changes type over time",
                    expected=str(first), actual=", ".join(sorted(map(str, types))),
                ))
                # Keep the name known, typed by its first value, so that its uses are not
                # reported as unknown names too.
                types = {first}
            if not types:
                continue
            ty = types.pop()
            if ty is None:
                continue
            values = tuple(sorted(
                ((d, tuple(v) if isinstance(v, list) else v) for d, v in spec.values.items()),
                key=lambda item: item[0],
            ))
            self.texts(source, (*path, "text"), spec.text, ())
            out[name] = Parameter(name, ty, values, spec.unit, spec.text, spec.status,
                                  tuple(spec.sources), scope)
        return out

    # -- definitions -----------------------------------------------------------------------
    def definitions(self, files: list[tuple[SourceFile, DefinitionsFile]]) -> None:
        parsed: dict[str, tuple[SourceFile, DefinitionsFile, int, Node | None]] = {}
        for source, spec in files:
            params = self.parameters(source, spec.parameters, spec.id)
            for name, parameter in params.items():
                if name in self.result.parameters:
                    self.diagnostics.append(source.diagnostic(
                        ("parameters", name), Code.DUPLICATE_ID,
                        f"global parameter {name!r} is defined twice", key=True,
                    ))
                self.result.parameters[name] = parameter
            for index, definition in enumerate(spec.definitions):
                if definition.id in parsed:
                    self.diagnostics.append(source.diagnostic(
                        ("definitions", index, "id"), Code.DUPLICATE_ID,
                        f"definition {definition.id!r} is defined twice",
                    ))
                    continue
                try:
                    node: Node | None = parse(definition.value)
                except ExpressionError:
                    node = None  # reported again, with its place, when checked below
                parsed[definition.id] = (source, spec, index, node)
        self.visible = self.result.parameters
        # Order by dependencies; report cycles.
        deps = {
            name: {n for n in _names_used(entry[3]) if n in parsed} if entry[3] else set()
            for name, entry in parsed.items()
        }
        order: list[str] = []
        state: dict[str, int] = {}
        cyclic: set[str] = set()

        def visit(name: str, trail: list[str]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                cycle = [*trail[trail.index(name):], name]
                cyclic.update(cycle)
                source, _, index, _ = parsed[name]
                self.diagnostics.append(source.diagnostic(
                    ("definitions", index, "value"), Code.DEFINITION_CYCLE,
                    "definitions refer to each other in a cycle: " + " -> ".join(cycle),
                ))
                return
            state[name] = 1
            for dep in sorted(deps[name]):
                visit(dep, [*trail, name])
            state[name] = 2
            order.append(name)

        for name in parsed:
            visit(name, [])
        for name in order:
            source, spec, index, _ = parsed[name]
            if name in cyclic or deps[name] & cyclic:
                continue
            definition = spec.definitions[index]
            path: Path = ("definitions", index)
            typed = tuple((p, ROLE_TYPES.get(t, PERSON)) for p, t in definition.params.items())
            names: dict[str, Type] = {
                "household": HOUSEHOLD, "on": DATE,
                **dict(typed),
                **{n: p.type for n, p in self.result.parameters.items()},
            }
            expr = self.expression(source, (*path, "value"), definition.value,
                                   Scope(names, dict(self.signatures)), None, "a definition")
            self.texts(source, (*path, "text"), definition.text, self.result.parameters)
            if expr is None:
                continue
            self.signatures[name] = DefinitionSignature(name, typed, expr.type)
            self.result.definitions[name] = Definition(
                name, typed, expr, definition.text, definition.status or spec.status,
                tuple(definition.sources or spec.sources), source.name,
            )

    # -- programs --------------------------------------------------------------------------
    def program(self, source: SourceFile, spec: ProgramFile) -> None:
        if spec.id in self.result.programs:
            self.diagnostics.append(source.diagnostic(
                ("id",), Code.DUPLICATE_ID, f"program {spec.id!r} is defined twice",
                actual=spec.id,
            ))
            return
        errors_before = self._error_count()
        own = self.parameters(source, spec.parameters, "program")
        for name in own:
            if name in self.result.parameters:
                self.diagnostics.append(source.diagnostic(
                    ("parameters", name), Code.NAME_CLASH,
                    f"parameter {name!r} hides the global parameter of the same name",
                    key=True,
                ))
            if name in self.signatures or name in ("applicant", "household", "on"):
                self.diagnostics.append(source.diagnostic(
                    ("parameters", name), Code.NAME_CLASH,
                    f"parameter {name!r} hides a definition or built-in name", key=True,
                ))
        parameters = {**self.result.parameters, **own}
        self.visible = parameters
        versions = tuple(Version(v.id, v.valid_from, v.text) for v in spec.versions)
        for index in range(1, len(versions)):
            if versions[index].valid_from <= versions[index - 1].valid_from:
                self.diagnostics.append(source.diagnostic(
                    ("versions", index, "from"), Code.VERSION_ORDER,
                    "versions must be listed oldest first, with distinct dates",
                    expected=f"after {versions[index - 1].valid_from}",
                    actual=str(versions[index].valid_from),
                ))
        start = min(v.valid_from for v in versions)
        for name, parameter in own.items():
            if parameter.values[0][0] > start:
                self.diagnostics.append(source.diagnostic(
                    ("parameters", name), Code.PARAMETER_BEFORE_START,
                    f"parameter {name!r} has no value before {parameter.values[0][0]}, "
                    f"but the program starts {start}",
                    expected=f"a value dated on or before {start}",
                    actual=str(parameter.values[0][0]), key=True,
                ))
        for index, version in enumerate(spec.versions):
            self.texts(source, ("versions", index, "text"), version.text, parameters)
        for name in ("title", "summary"):
            self.texts(source, (name,), getattr(spec, name), parameters)
        for index, note in enumerate(spec.assumptions):
            self.texts(source, ("assumptions", index), note, parameters)
        if spec.status.value == "illustrative" and not spec.assumptions:
            self.diagnostics.append(source.diagnostic(
                ("status",), Code.ILLUSTRATIVE_WITHOUT_ASSUMPTIONS,
                "an illustrative program must say what it assumes (assumptions: [...])",
            ))
        if spec.status.value == "sourced" and not spec.sources:
            self.diagnostics.append(source.diagnostic(
                ("sources",), Code.SOURCED_WITHOUT_SOURCES,
                "a sourced program must list its sources",
            ))
        app_type = applicant_type(spec.applies_to)
        names: dict[str, Type] = {
            "applicant": app_type, "household": HOUSEHOLD, "on": DATE,
            **{n: p.type for n, p in parameters.items()},
        }
        scope = Scope(names, dict(self.signatures))
        criteria: list[Criterion] = []
        seen_ids: set[str] = set()
        for index, criterion in enumerate(spec.criteria):
            if criterion.id in seen_ids:
                self.diagnostics.append(source.diagnostic(
                    ("criteria", index, "id"), Code.DUPLICATE_ID,
                    f"criterion {criterion.id!r} appears twice", actual=criterion.id,
                ))
            seen_ids.add(criterion.id)
            compiled = self.criterion(source, ("criteria", index), criterion, scope, parameters)
            if compiled is not None:
                criteria.append(compiled)
        if spec.frequency is not None:
            compiled = self.frequency(source, spec.id, spec.frequency, scope)
            if compiled is not None:
                criteria.append(compiled)
        outputs: list[Output] = []
        for name, benefit in spec.benefit.items():
            output = self.output(source, ("benefit", name), name, benefit, scope, parameters)
            if output is not None:
                outputs.append(output)
        for name in sorted(self._globals_read(criteria, outputs) - set(own)):
            first = self.result.parameters[name].values[0][0]
            if first > start:
                self.diagnostics.append(source.diagnostic(
                    ("versions", 0, "from"), Code.PARAMETER_BEFORE_START,
                    f"global parameter {name!r} has no value before {first}, but the program "
                    f"starts {start} and reads it", expected=f"a value dated on or before {start}",
                    actual=str(first),
                ))
        if self._error_count() > errors_before:
            return
        change_dates = sorted(
            {v.valid_from for v in versions}
            | {c.valid_from for c in criteria if c.valid_from}
            | {c.valid_until for c in criteria if c.valid_until}
            | {d for p in parameters.values() for d in p.dates}
            | ({spec.valid_until} if spec.valid_until else set())
        )
        program = Program(
            id=spec.id, domain=spec.domain, applies_to=tuple(Role(r) for r in spec.applies_to),
            title=spec.title,
            summary=spec.summary, status=spec.status, sources=tuple(spec.sources),
            assumptions=tuple(spec.assumptions), parameters=parameters, versions=versions,
            valid_until=spec.valid_until, criteria=tuple(criteria), outputs=tuple(outputs),
            examples=tuple(spec.examples), file=source.name, applicant_type=app_type,
            change_dates=tuple(change_dates),
        )
        self.diagnostics.extend(_analysis.check_program(program, source, self.result.definitions))
        self.examples(source, program)
        self.result.programs[spec.id] = program

    def _globals_read(self, criteria: list[Criterion], outputs: list[Output]) -> set[str]:
        """The global parameters a program reads, directly or through definitions."""
        stack = [e.node for c in criteria for e in c.expressions()]
        stack += [e.node for o in outputs for r in o.rows for e in (r.when, r.then) if e]
        seen: set[str] = set()
        read: set[str] = set()
        while stack:
            for name in _names_used(stack.pop()):
                if name in self.result.definitions and name not in seen:
                    seen.add(name)
                    stack.append(self.result.definitions[name].value.node)
                elif name in self.result.parameters:
                    read.add(name)
        return read

    def _error_count(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    def criterion(
        self, source: SourceFile, path: Path, spec: CriterionSpec, scope: Scope,
        parameters: Mapping[str, Parameter],
    ) -> Criterion | None:
        when = self.expression(source, (*path, "when"), spec.when, scope, BOOL, "a criterion")
        self.texts(source, (*path, "text"), spec.text, parameters)
        exceptions = self.exceptions(source, path, spec.exceptions, scope, parameters)
        if spec.valid_from and spec.valid_until and spec.valid_until <= spec.valid_from:
            self.diagnostics.append(source.diagnostic(
                (*path, "until"), Code.INVALID_PERIOD, "'until' must come after 'from'",
                expected=f"after {spec.valid_from}", actual=str(spec.valid_until),
            ))
        if when is None or exceptions is None:
            return None
        return Criterion(
            spec.id, when, spec.text, exceptions, spec.valid_from, spec.valid_until, spec.status,
            observables=_observables([when, *exception_expressions(exceptions)]),
        )

    def exceptions(
        self, source: SourceFile, path: Path, specs: list[ExceptionSpec], scope: Scope,
        parameters: Mapping[str, Parameter],
    ) -> tuple[Exception_, ...] | None:
        out: list[Exception_] = []
        ok = True
        ids: set[str] = set()
        for index, spec in enumerate(specs):
            sub = (*path, "exceptions", index)
            if spec.id in ids:
                self.diagnostics.append(source.diagnostic(
                    (*sub, "id"), Code.DUPLICATE_ID, f"exception {spec.id!r} appears twice",
                ))
            ids.add(spec.id)
            when = self.expression(source, (*sub, "when"), spec.when, scope, BOOL,
                                   "an exception's condition")
            then = self.expression(source, (*sub, "then"), spec.then, scope, BOOL,
                                   "an exception's result")
            self.texts(source, (*sub, "text"), spec.text, parameters)
            nested = self.exceptions(source, sub, spec.exceptions, scope, parameters)
            if when is None or then is None or nested is None:
                ok = False
                continue
            out.append(Exception_(spec.id, when, then, spec.text, nested, spec.status))
        return tuple(out) if ok else None

    def frequency(
        self, source: SourceFile, program_id: str, spec: FrequencySpec, scope: Scope,
    ) -> Criterion | None:
        self.texts(source, ("frequency", "text"), spec.text, ())
        programs = spec.programs or [program_id]
        terms = [f"r.program in {programs!r}", "r.on <= on"]
        if spec.scope == "applicant":
            terms.append("r.person == applicant.id")
        if spec.per == "calendar-year":
            terms.append("year(r.on) == year(on)")
        elif spec.per == "rolling-year":
            terms.append("r.on > add_years(on, -1)")
        text = f"count({' and '.join(terms)} for r in household.history) < {spec.max}"
        expr = self.expression(source, ("frequency",), text, scope, BOOL, "a frequency limit")
        if expr is None:
            return None
        return Criterion(
            "frequency", expr, spec.text or _frequency_text(spec), (), status=spec.status,
            generated=True, observables=(),
        )

    def output(
        self, source: SourceFile, path: Path, name: str, spec: Any, scope: Scope,
        parameters: Mapping[str, Parameter],
    ) -> Output | None:
        self.texts(source, (*path, "text"), spec.text, parameters)
        if spec.value is not None:
            expr = self.expression(source, (*path, "value"), spec.value, scope, None, "a value")
            if expr is None:
                return None
            return Output(name, "value", (Row(None, expr),), expr.type, spec.unit, spec.text,
                          spec.status)
        policy = "first" if spec.first is not None else "unique"
        rows_spec = spec.first if spec.first is not None else spec.unique
        rows: list[Row] = []
        types: list[Type] = []
        ok = True
        for index, row in enumerate(rows_spec):
            sub = (*path, policy, index)
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
            types.append(then.type)
            rows.append(Row(when, then, row.text))
        if not ok:
            return None
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
        return Output(name, policy, tuple(rows), out_type, spec.unit, spec.text, spec.status)

    def examples(self, source: SourceFile, program: Program) -> None:
        for index, example in enumerate(program.examples):
            path: Path = ("examples", index)
            try:
                household = Household.model_validate(example.household)
            except ValidationError as exc:
                for error in exc.errors(include_url=False):
                    loc = ("household", *error["loc"])
                    self.diagnostics.append(source.diagnostic(
                        (*path, *loc), Code.EXAMPLE_INVALID_HOUSEHOLD,
                        f"example {example.name!r}: {error['msg']}",
                    ))
                continue
            if example.applicant is not None:
                try:
                    person = household.person(example.applicant)
                except KeyError:
                    ids = [p.id for p in household.people]
                    self.diagnostics.append(source.diagnostic(
                        (*path, "applicant"), Code.EXAMPLE_UNKNOWN_APPLICANT,
                        f"example {example.name!r}: no person {example.applicant!r}",
                        actual=example.applicant, suggestion=suggest(example.applicant, ids),
                    ))
                    continue
                if person.role.value not in program.applies_to:
                    self.diagnostics.append(source.diagnostic(
                        (*path, "applicant"), Code.EXAMPLE_WRONG_ROLE,
                        f"example {example.name!r}: {example.applicant!r} has the role "
                        f"{person.role.value}; the program applies to "
                        f"{', '.join(program.applies_to)}",
                    ))
            criterion_ids = {c.id for c in program.criteria}
            for criterion_id in example.expect.criteria:
                if criterion_id not in criterion_ids:
                    self.diagnostics.append(source.diagnostic(
                        (*path, "expect", "criteria", criterion_id), Code.UNKNOWN_CRITERION,
                        f"example {example.name!r} expects a criterion {criterion_id!r} that "
                        "the program does not have", key=True,
                        suggestion=suggest(criterion_id, criterion_ids),
                    ))
            outputs = {o.name for o in program.outputs}
            for kind in ("amounts", "details"):
                for name in getattr(example.expect, kind):
                    if name not in outputs:
                        self.diagnostics.append(source.diagnostic(
                            (*path, "expect", kind, name), Code.UNKNOWN_OUTPUT,
                            f"example {example.name!r} expects an output {name!r} that the "
                            "program does not have", key=True, suggestion=suggest(name, outputs),
                        ))


def _names_used(node: Node | None) -> set[str]:
    if node is None:
        return set()
    out: set[str] = set()
    for sub in walk(node):
        if isinstance(sub, Name):
            out.add(sub.id)
        elif isinstance(sub, Call) and not sub.method:
            out.add(sub.func)
    return out


def _observables(exprs: Iterable[Expr]) -> tuple[Expr, ...]:
    """The values a criterion reads, for its explanation: maximal reads free of variables."""
    found: dict[str, Expr] = {}

    def visit(node: Node, source: str, bound: frozenset[str]) -> None:
        if isinstance(node, Quant):
            visit(node.collection, source, bound)
            if node.body is not None and node.var is not None:
                visit(node.body, source, bound | {node.var})
            return
        if _is_read(node) and not (_names_used(node) & bound):
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


_BUILTIN_NAMES = frozenset({
    "date", "year", "month", "day", "add_years", "add_months", "add_days", "years_between",
    "months_between", "days_between", "min", "max", "abs", "round",
})

_FREQ_TEXTS = {
    "calendar-year": {
        "en": "Received at most {n} time(s) in the calendar year",
        "fr": "Reçu au plus {n} fois dans l'année civile",
        "ar": "الاستفادة {n} مرة على الأكثر خلال السنة الميلادية",
    },
    "rolling-year": {
        "en": "Received at most {n} time(s) in the last twelve months",
        "fr": "Reçu au plus {n} fois au cours des douze derniers mois",
        "ar": "الاستفادة {n} مرة على الأكثر خلال الاثني عشر شهرا الأخيرة",
    },
    "career": {
        "en": "Received at most {n} time(s) in a career",
        "fr": "Reçu au plus {n} fois au cours de la carrière",
        "ar": "الاستفادة {n} مرة على الأكثر طيلة المسار المهني",
    },
}


def _frequency_text(spec: FrequencySpec) -> Texts:
    texts = _FREQ_TEXTS[spec.per]
    return Texts(**{lang: text.format(n=spec.max) for lang, text in texts.items()})


def compile_files(
    files: list[tuple[SourceFile, ProgramFile | DefinitionsFile]],
) -> CompileResult:
    """Compile every validated file; diagnostics collect in the result."""
    compiler = _Compiler()
    compiler.definitions([(s, f) for s, f in files if isinstance(f, DefinitionsFile)])
    for source, spec in files:
        if isinstance(spec, ProgramFile):
            compiler.program(source, spec)
    return compiler.result
