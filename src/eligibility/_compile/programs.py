"""Programs: criteria with their exceptions, frequency limits and benefit outputs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

from eligibility._language.checker import Scope
from eligibility._language.types import (
    BOOL,
    DATE,
    HOUSEHOLD,
    Type,
    applicant_type,
)
from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.household import Role
from eligibility._model.vocabulary import Status
from eligibility._rulefiles.positions import Path, SourceFile
from eligibility._rulefiles.schema import (
    CriterionSpec,
    ExceptionSpec,
    FrequencySpec,
    ProgramFile,
)

from . import analysis
from .definitions import DefinitionsCompiler
from .examples import check_examples, examples_of
from .expressions import citations
from .frequency import frequency_text
from .ir import (
    Criterion,
    CriterionException,
    Dependencies,
    Output,
    Parameter,
    Program,
    Version,
)
from .ir_parts import exception_expressions
from .names import observables, reads_of
from .outputs import OutputCompiler
from .timing import clocks_of

__all__ = ["MAX_EXCEPTION_DEPTH", "MAX_PROGRAM_SIZE", "Compiler"]

#: Deepest nesting of exceptions (an exception's exceptions...): each level is a level of
#: nested ``if`` in generated code, and Python allows 100.
MAX_EXCEPTION_DEPTH = 10
#: Most nodes of a program's expressions (conditions, exceptions, table rows) with the
#: shared definitions they use written out, as the durable engine compiles them.
MAX_PROGRAM_SIZE = 5_000


class Compiler(DefinitionsCompiler, OutputCompiler):
    """Compiles a whole rule book: definitions first (see the base class), then programs."""

    def program(self, source: SourceFile, spec: ProgramFile) -> None:
        if spec.id in self.result.programs:
            self.diagnostics.append(source.diagnostic(
                ("id",), Code.DUPLICATE_ID, f"program {spec.id!r} is defined twice",
                actual=spec.id,
            ))
            return
        errors_before = self.error_count()
        own = self.parameters(source, spec.parameters, "program", spec.status)
        self._name_clashes(source, own)
        parameters = {**self.result.parameters, **own}
        self.visible = parameters
        versions = self._versions(source, spec, own)
        self._program_texts(source, spec, parameters)
        app_type = applicant_type(spec.applies_to)
        names: dict[str, Type] = {
            "applicant": app_type, "household": HOUSEHOLD, "on": DATE,
            **{n: p.type for n, p in parameters.items()},
        }
        scope = Scope(names, dict(self.signatures),
                      {n: p.magnitude for n, p in parameters.items()})
        criteria = self._criteria(source, spec, scope, parameters)
        outputs: list[Output] = []
        for name, benefit in spec.benefit.items():
            output = self.output(source, ("benefit", name), name, benefit, scope, parameters,
                                 spec.status)
            if output is not None:
                outputs.append(output)
        self._globals_in_time(source, criteria, outputs, own, versions[0].valid_from)
        self._size(source, criteria, outputs)
        if self.error_count() > errors_before:
            return
        program = Program(
            id=spec.id, domain=spec.domain, applies_to=tuple(Role(r) for r in spec.applies_to),
            title=spec.title, summary=spec.summary, status=spec.status,
            sources=citations(spec.sources), assumptions=tuple(spec.assumptions),
            parameters=parameters, definitions=self.result.definitions, versions=versions,
            valid_until=spec.valid_until, criteria=tuple(criteria), outputs=tuple(outputs),
            examples=examples_of(spec.examples), file=source.name, applicant_type=app_type,
        )
        # A global parameter the program neither reads nor shows changes nothing in it.
        program = replace(program, change_dates=_change_dates(
            spec, versions, criteria,
            [*own.values(), *(parameters[n] for n in program.parameters_shown)]))
        self.diagnostics.extend(analysis.check_program(program, source, self.result.definitions))
        check_examples(self.diagnostics, source, program)
        self.result.programs[spec.id] = program

    def _size(self, source: SourceFile, criteria: list[Criterion], outputs: list[Output]
              ) -> None:
        """A program's generated code stays bounded: its expressions, definitions written
        out, have at most :data:`MAX_PROGRAM_SIZE` nodes."""
        size = sum(e.size for c in criteria for e in c.expressions()) + sum(
            e.size for o in outputs for row in o.rows for e in (row.when, row.then)
            if e is not None)
        if size > MAX_PROGRAM_SIZE:
            self.diagnostics.append(source.diagnostic(
                ("id",), Code.CODE_TOO_LARGE,
                f"the program's conditions and values, with the definitions they use written "
                f"out, have {size} parts, more than {MAX_PROGRAM_SIZE}: split the program or "
                "simplify its definitions", expected=f"at most {MAX_PROGRAM_SIZE}",
                actual=str(size),
            ))

    def _name_clashes(self, source: SourceFile, own: Mapping[str, Parameter]) -> None:
        for name in own:
            if name in self.result.parameters:
                self.diagnostics.append(source.diagnostic(
                    ("parameters", name), Code.NAME_CLASH,
                    f"parameter {name!r} hides the global parameter of the same name",
                    key=True,
                ))
            if name in self.signatures:
                self.diagnostics.append(source.diagnostic(
                    ("parameters", name), Code.NAME_CLASH,
                    f"parameter {name!r} hides the shared definition of the same name",
                    key=True,
                ))

    def _versions(self, source: SourceFile, spec: ProgramFile, own: Mapping[str, Parameter]
                  ) -> tuple[Version, ...]:
        versions = []
        for index, version in enumerate(spec.versions):
            start = version.start
            self.precision(source, ("versions", index, "from"), start.date, start.precision)
            versions.append(Version(version.id, start.date, version.text,
                                    start.status or spec.status, start.precision))
        return self._version_order(source, spec, own, tuple(versions))

    def _version_order(self, source: SourceFile, spec: ProgramFile,
                       own: Mapping[str, Parameter], versions: tuple[Version, ...]
                       ) -> tuple[Version, ...]:
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
        return versions

    def _program_texts(self, source: SourceFile, spec: ProgramFile,
                       parameters: Mapping[str, Parameter]) -> None:
        for index, version in enumerate(spec.versions):
            self.texts(source, ("versions", index, "text"), version.text, parameters)
        for name in ("title", "summary"):
            self.texts(source, (name,), getattr(spec, name), parameters)
        for index, note in enumerate(spec.assumptions):
            self.texts(source, ("assumptions", index), note, parameters)
        if spec.status is Status.ILLUSTRATIVE and not spec.assumptions:
            self.diagnostics.append(source.diagnostic(
                ("status",), Code.ILLUSTRATIVE_WITHOUT_ASSUMPTIONS,
                "an illustrative program must say what it assumes (assumptions: [...])",
            ))
        if spec.status is Status.SOURCED and not spec.sources:
            self.diagnostics.append(source.diagnostic(
                ("sources",), Code.SOURCED_WITHOUT_SOURCES,
                "a sourced program must list its sources",
            ))

    def _criteria(self, source: SourceFile, spec: ProgramFile, scope: Scope,
                  parameters: Mapping[str, Parameter]) -> list[Criterion]:
        criteria: list[Criterion] = []
        seen_ids: set[str] = set()
        for index, criterion in enumerate(spec.criteria):
            if criterion.id in seen_ids:
                self.diagnostics.append(source.diagnostic(
                    ("criteria", index, "id"), Code.DUPLICATE_ID,
                    f"criterion {criterion.id!r} appears twice", actual=criterion.id,
                ))
            seen_ids.add(criterion.id)
            compiled = self.criterion(source, ("criteria", index), criterion, scope,
                                      parameters, spec.status)
            if compiled is not None:
                criteria.append(compiled)
        if spec.frequency is not None:
            frequency = self.frequency(source, spec.id, spec.frequency, scope, spec.status)
            if frequency is not None:
                criteria.append(frequency)
        return criteria

    def _globals_in_time(self, source: SourceFile, criteria: list[Criterion],
                         outputs: list[Output], own: Mapping[str, Parameter],
                         start: date) -> None:
        """A global parameter a program reads must have a value when the program starts."""
        read: set[str] = set()
        for criterion in criteria:
            read |= criterion.reads.parameters
        for output in outputs:
            read |= output.reads.parameters
        for name in sorted(read - set(own)):
            first = self.result.parameters[name].values[0][0]
            if first > start:
                self.diagnostics.append(source.diagnostic(
                    ("versions", 0, "from"), Code.PARAMETER_BEFORE_START,
                    f"global parameter {name!r} has no value before {first}, but the program "
                    f"starts {start} and reads it", expected=f"a value dated on or before {start}",
                    actual=str(first),
                ))

    def criterion(
        self, source: SourceFile, path: Path, spec: CriterionSpec, scope: Scope,
        parameters: Mapping[str, Parameter], program_status: Status,
    ) -> Criterion | None:
        when = self.expression(source, (*path, "when"), spec.when, scope, BOOL, "a criterion")
        self.texts(source, (*path, "text"), spec.text, parameters)
        status = spec.status or program_status
        exceptions = self.exceptions(source, path, spec.exceptions, scope, parameters, status)
        if spec.valid_from and spec.valid_until and spec.valid_until <= spec.valid_from:
            self.diagnostics.append(source.diagnostic(
                (*path, "until"), Code.INVALID_PERIOD, "'until' must come after 'from'",
                expected=f"after {spec.valid_from}", actual=str(spec.valid_until),
            ))
        if when is None or exceptions is None:
            return None
        exprs = [when, *exception_expressions(exceptions)]
        reads = reads_of(exprs, parameters, self.result.definitions)
        return Criterion(
            spec.id, when, spec.text, status, exceptions, spec.valid_from, spec.valid_until,
            observables=observables(exprs), reads=reads,
            depends=Dependencies.of(reads, parameters, self.result.definitions),
            clocks=clocks_of(exprs, self.result.definitions),
        )

    def exceptions(
        self, source: SourceFile, path: Path, specs: list[ExceptionSpec], scope: Scope,
        parameters: Mapping[str, Parameter], status: Status, depth: int = 1,
    ) -> tuple[CriterionException, ...] | None:
        out: list[CriterionException] = []
        ok = True
        ids: set[str] = set()
        if specs and depth > MAX_EXCEPTION_DEPTH:
            self.diagnostics.append(source.diagnostic(
                (*path, "exceptions"), Code.EXCEPTIONS_TOO_DEEP,
                f"exceptions nest {depth} levels deep, more than {MAX_EXCEPTION_DEPTH}: "
                "merge some levels into one exception's condition", key=True,
                expected=f"at most {MAX_EXCEPTION_DEPTH} levels", actual=f"{depth} levels",
            ))
            return None
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
            own = spec.status or status
            nested = self.exceptions(source, sub, spec.exceptions, scope, parameters, own,
                                     depth + 1)
            if when is None or then is None or nested is None:
                ok = False
                continue
            out.append(CriterionException(spec.id, when, then, spec.text, own, nested))
        return tuple(out) if ok else None

    def frequency(
        self, source: SourceFile, program_id: str, spec: FrequencySpec, scope: Scope,
        program_status: Status,
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
            "frequency", expr, spec.text or frequency_text(spec),
            spec.status or program_status, generated=True,
            clocks=clocks_of([expr], self.result.definitions),
        )


def _change_dates(spec: ProgramFile, versions: tuple[Version, ...], criteria: list[Criterion],
                  parameters: Iterable[Parameter]) -> tuple[date, ...]:
    return tuple(sorted(
        {v.valid_from for v in versions}
        | {c.valid_from for c in criteria if c.valid_from}
        | {c.valid_until for c in criteria if c.valid_until}
        | {d for p in parameters for d in p.dates}
        | ({spec.valid_until} if spec.valid_until else set())
    ))
