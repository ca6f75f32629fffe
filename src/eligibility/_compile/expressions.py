"""The compiler's shared state, and the steps every part of a rule file goes through:
expressions parsed and type-checked, texts linted, parameters typed."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from eligibility._language.ast import Compare, Name, Node, walk
from eligibility._language.bounds import measure
from eligibility._language.checker import DefinitionSignature, Scope, check
from eligibility._language.parser import parse
from eligibility._language.reserved import reserved_because
from eligibility._language.suggestions import suggest
from eligibility._language.types import (
    BOOL,
    DECIMAL,
    INT,
    EnumType,
    ListType,
    Type,
    type_of_value,
)
from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic, ExpressionError, Severity
from eligibility._model.texts import FORMATS, PLACEHOLDER, Texts, Unit
from eligibility._model.vocabulary import DatePrecision, Status
from eligibility._rulefiles.positions import Path, SourceFile
from eligibility._rulefiles.schema import ParameterSpec, ParamValue, SourceSpec, ValueEntrySpec

from .ir import Citation, Definition, Expr, Parameter, ParameterEntry, Program

__all__ = ["CompileResult", "CompilerBase", "citations"]


@dataclass
class CompileResult:
    """What compiling a rule book gives: programs, shared definitions, global parameters,
    and every diagnostic found (nothing is raised)."""

    programs: dict[str, Program] = field(default_factory=dict)
    definitions: dict[str, Definition] = field(default_factory=dict)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def citations(specs: Iterable[SourceSpec]) -> tuple[Citation, ...]:
    """The IR's citations for a rule file's ``sources``."""
    return tuple(Citation(s.title, s.url, s.date, s.note, s.quote) for s in specs)


def _values_path(source: SourceFile, name: str) -> Path:
    """Where a parameter's dated values are in the file: under ``values`` in the long form,
    directly under the name in the short one."""
    raw = source.data.get("parameters") if isinstance(source.data, dict) else None
    entry = raw.get(name) if isinstance(raw, dict) else None
    if isinstance(entry, dict) and "values" in entry:
        return ("parameters", name, "values")
    return ("parameters", name)


class CompilerBase:
    """State shared while compiling one rule book, and the per-expression steps."""

    def __init__(self) -> None:
        self.result = CompileResult()
        self.signatures: dict[str, DefinitionSignature] = {}
        #: parameters the expression being compiled can see (for value checks)
        self.visible: Mapping[str, Parameter] = {}

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.result.diagnostics

    def error_count(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    def expression(
        self, source: SourceFile, path: Path, text: object, scope: Scope, want: Type | None,
        what: str,
    ) -> Expr | None:
        """Parse and check one expression; report problems at their place in the file."""
        if isinstance(text, bool):
            text = "true" if text else "false"
        elif isinstance(text, Decimal):
            text = format(text, "f")  # exact, and never in exponent notation
        elif not isinstance(text, str):
            text = str(text)
        try:
            node = parse(text)
            ty = check(node, scope, text)
            bounds = measure(node, scope, text)
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
        return Expr(text, node, ty, bounds.size)

    def enum_parameters(self, source: SourceFile, path: Path, node: Node) -> None:
        """Text parameters compared with a closed set of values must use those values."""
        for sub in walk(node):
            if not isinstance(sub, Compare):
                continue
            left = sub.left
            for op, right in zip(sub.ops, sub.comparators, strict=True):
                pairs = [(left, right), (right, left)] if op in ("==", "!=") else [(left, right)]
                for enum_side, param_side in pairs:
                    if isinstance(enum_side.ty, EnumType) and isinstance(param_side, Name):
                        self._enum_values(source, path, enum_side.ty, param_side.id)
                left = right

    def _enum_values(self, source: SourceFile, path: Path, enum: EnumType, name: str) -> None:
        parameter = self.visible.get(name)
        if parameter is None:
            return
        for when, value in parameter.values:
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, str) and item not in enum.values:
                    self.diagnostics.append(source.diagnostic(
                        path, Code.UNKNOWN_ENUM_VALUE,
                        f"parameter {name!r} (from {when}) has {item!r}, which is not a "
                        f"value of {enum}", expected=" | ".join(enum.values), actual=item,
                        suggestion=suggest(item, enum.values),
                    ))

    def reserved(self, source: SourceFile, path: Path, name: str, what: str) -> bool:
        """Whether ``name`` is one the language keeps for itself (reported if so)."""
        because = reserved_because(name)
        if because is None:
            return False
        self.diagnostics.append(source.diagnostic(
            path, Code.RESERVED_NAME, f"a {what} cannot be named {name!r}: that name is "
            f"{because}", key=True, actual=name,
        ))
        return True

    def units(self, source: SourceFile, path: Path, unit: Unit | None) -> None:
        """Lint a unit: every language present (its forms name no value: ``{n}`` is the
        number)."""
        if unit is not None:
            self.texts(source, path, unit.texts(), ())

    def texts(
        self, source: SourceFile, path: Path, texts: Texts | None, names: Iterable[str],
    ) -> None:
        """Lint a trilingual text: every language present; placeholders name known values."""
        if texts is None:
            return
        known = set(names)
        for lang, value in texts.items():
            if value is None:
                self.diagnostics.append(source.diagnostic(
                    path, Code.MISSING_TRANSLATION, f"no {lang.value!r} text",
                    severity=Severity.WARNING, expected=lang.value,
                ))
                continue
            for match in PLACEHOLDER.finditer(value):
                if match.group(1) not in known:
                    self.diagnostics.append(source.diagnostic(
                        (*path, lang.value), Code.UNKNOWN_PLACEHOLDER,
                        f"placeholder {{{match.group(1)}}} names no parameter",
                        actual=match.group(1), suggestion=suggest(match.group(1), known),
                    ))
                elif match.group(2) is not None and match.group(2) not in FORMATS:
                    self.diagnostics.append(source.diagnostic(
                        (*path, lang.value), Code.UNKNOWN_PLACEHOLDER,
                        f"placeholder {match.group(0)} asks for an unknown format",
                        expected=" | ".join(sorted(FORMATS)), actual=match.group(2),
                        suggestion=suggest(match.group(2), FORMATS),
                    ))

    def parameters(
        self, source: SourceFile, specs: Mapping[str, ParameterSpec], scope: str,
        status: Status,
    ) -> dict[str, Parameter]:
        """Typed, dated parameters; ``status`` is the file's (a parameter's default)."""
        out: dict[str, Parameter] = {}
        for name, spec in specs.items():
            if self.reserved(source, ("parameters", name), name, "parameter"):
                continue
            ty = self._parameter_type(source, name, spec)
            if ty is None:
                continue
            own = spec.status or status
            base = _values_path(source, name)
            entries = tuple(sorted(
                (self._entry(source, (*base, when.isoformat()), when, value, own)
                 for when, value in spec.values.items()),
                key=lambda entry: entry.valid_from,
            ))
            self.texts(source, ("parameters", name, "text"), spec.text, ())
            self.units(source, ("parameters", name, "unit"), spec.unit)
            out[name] = Parameter(
                name, ty, tuple((e.valid_from, e.value) for e in entries), own, spec.unit,
                spec.text, citations(spec.sources), scope, entries)
        return out

    def _entry(self, source: SourceFile, path: Path, when: _dt.date,
               value: ValueEntrySpec | ParamValue, status: Status) -> ParameterEntry:
        """One dated value, with its effective status, its precision and its sources."""
        if not isinstance(value, ValueEntrySpec):
            value = ValueEntrySpec(value=value)
        self.precision(source, path, when, value.precision, key=True)
        plain = tuple(value.value) if isinstance(value.value, list) else value.value
        return ParameterEntry(when, plain, value.status or status, value.precision,
                              citations(value.sources))

    def precision(self, source: SourceFile, path: Path, when: _dt.date,
                  precision: DatePrecision, key: bool = False) -> None:
        """A date known by its year is 1 January; by its month, the 1st of the month."""
        wrong = ((precision is DatePrecision.YEAR and (when.month, when.day) != (1, 1))
                 or (precision is DatePrecision.MONTH and when.day != 1))
        if wrong:
            first = "1 January" if precision is DatePrecision.YEAR else "the 1st of its month"
            self.diagnostics.append(source.diagnostic(
                path, Code.DATE_PRECISION_MISMATCH,
                f"a date known only by its {precision.value} is written as {first}",
                expected=(f"{when.year}-01-01" if precision is DatePrecision.YEAR
                          else f"{when.year}-{when.month:02d}-01"),
                actual=when.isoformat(), key=key,
            ))

    def _parameter_type(self, source: SourceFile, name: str, spec: ParameterSpec) -> Type | None:
        path: Path = ("parameters", name)
        types: set[Type | None] = set()
        for when, entry in spec.values.items():
            value = entry.value if isinstance(entry, ValueEntrySpec) else entry
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
            earliest = spec.values[min(spec.values)]
            first = type_of_value(earliest.value if isinstance(earliest, ValueEntrySpec)
                                  else earliest)
            self.diagnostics.append(source.diagnostic(
                path, Code.PARAMETER_TYPE_MISMATCH,
                f"parameter {name!r} changes type over time",
                expected=str(first), actual=", ".join(sorted(map(str, types))),
            ))
            # Keep the name known, typed by its first value, so that its uses are not
            # reported as unknown names too.
            return first
        return types.pop() if types else None

