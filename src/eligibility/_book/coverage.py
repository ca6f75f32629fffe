"""How well a rule book's own examples exercise its rules.

A program's examples are its tests. This module runs them and reports, for
each program:

* every criterion (the generated ``frequency`` one included): how many
  examples saw it pass and how many saw it fail. A criterion never seen
  failing is a rule no example shows at work; one never seen passing is
  never shown to let anyone through;
* every exception, at every depth: how many examples applied it;
* every row of a decision table (outputs with the ``first`` or ``unique``
  hit policy, and outputs given only in some cases, whose first row is the one
  that gives nothing when their condition does not hold): how many examples'
  evaluations it decided. Rows are found by
  evaluating their conditions in order with the reference interpreter, for
  the examples whose decision computes outputs (every outcome but
  ``ineligible``), exactly as the engines choose them;
* the examples that do not pass.

The report is *complete* when no such gap remains. Nothing here changes how
decisions are made; it only reads the compiled rule IR and the decisions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from eligibility._compile.ir import CriterionException, Definition, Example, Output, Program
from eligibility._engines.interpreter import Context, evaluate
from eligibility._model.decision import Decision
from eligibility._model.household_io import parse_household
from eligibility._model.values import Unknown
from eligibility._model.vocabulary import CriterionStatus, Outcome, OutputPolicy

from .book import RuleBook

__all__ = [
    "CoverageReport",
    "CriterionCoverage",
    "ExceptionCoverage",
    "ProgramCoverage",
    "RowCoverage",
    "coverage",
    "format_report",
]


@dataclass(frozen=True)
class CriterionCoverage:
    """How often the examples saw one criterion pass and fail."""

    id: str
    passed: int
    failed: int

    @property
    def complete(self) -> bool:
        """Seen both passing and failing."""
        return self.passed > 0 and self.failed > 0


@dataclass(frozen=True)
class ExceptionCoverage:
    """How often the examples applied one exception.

    ``path`` names the exception and the exceptions it is nested in, outermost
    first (as in a decision's ``exceptions`` list).
    """

    criterion: str
    path: tuple[str, ...]
    applied: int

    @property
    def complete(self) -> bool:
        return self.applied > 0


@dataclass(frozen=True)
class RowCoverage:
    """How often one decision-table row decided an output; ``index`` counts from 0."""

    output: str
    policy: str
    index: int
    condition: str
    hits: int

    @property
    def complete(self) -> bool:
        return self.hits > 0


@dataclass(frozen=True)
class ProgramCoverage:
    """Coverage of one program by its examples."""

    program: str
    file: str
    examples: int
    criteria: tuple[CriterionCoverage, ...]
    exceptions: tuple[ExceptionCoverage, ...]
    rows: tuple[RowCoverage, ...]
    failing: tuple[str, ...]

    @property
    def gaps(self) -> list[str]:
        """Every gap, as a sentence naming the program and what is missing."""
        out: list[str] = []
        where = f"{self.program} ({self.file})"
        if not self.examples:
            out.append(f"{where}: has no examples")
        out.extend(f"{where}: example {name!r} does not pass" for name in self.failing)
        for criterion in self.criteria:
            if not criterion.passed:
                out.append(f"{where}: no example sees criterion {criterion.id!r} pass")
            if not criterion.failed:
                out.append(f"{where}: no example sees criterion {criterion.id!r} fail")
        for exception in self.exceptions:
            if not exception.complete:
                out.append(f"{where}: no example applies exception "
                           f"{' > '.join(exception.path)!r} of criterion "
                           f"{exception.criterion!r}")
        for row in self.rows:
            if not row.complete:
                out.append(f"{where}: no example hits row {row.index + 1} of "
                           f"{row.output!r} ({row.condition})")
        return out

    @property
    def complete(self) -> bool:
        return not self.gaps


@dataclass(frozen=True)
class CoverageReport:
    """Coverage of a rule book by its examples, program by program."""

    programs: tuple[ProgramCoverage, ...]

    @property
    def gaps(self) -> list[str]:
        """Every gap of every program, in program order."""
        return [gap for program in self.programs for gap in program.gaps]

    @property
    def complete(self) -> bool:
        """No criterion, exception or table row is left unexercised, and every example passes."""
        return not self.gaps

    def program(self, program_id: str) -> ProgramCoverage:
        """The coverage of one program; ``KeyError`` if the report has none for it."""
        for program in self.programs:
            if program.program == program_id:
                return program
        raise KeyError(program_id)


def coverage(book: RuleBook, programs: Sequence[str] | None = None) -> CoverageReport:
    """Run the examples of ``book`` (or of the given programs) and report their coverage.

    Raises:
        UnknownProgramError: if a program id in ``programs`` is not in the book.
    """
    chosen = [book.program(p) for p in programs] if programs else list(book.programs.values())
    return CoverageReport(tuple(
        _program_coverage(book, program, book.definitions) for program in chosen
    ))


def _program_coverage(book: RuleBook, program: Program,
                      definitions: Mapping[str, Definition]) -> ProgramCoverage:
    results = book.run_examples([program.id])
    passed = dict.fromkeys((c.id for c in program.criteria), 0)
    failed = dict.fromkeys((c.id for c in program.criteria), 0)
    exception_paths = [(c.id, path) for c in program.criteria
                       for path in _paths(c.exceptions, ())]
    applied = dict.fromkeys(exception_paths, 0)
    rows = [(o, i) for o in program.outputs if _tabled(o) for i in range(len(o.rows))]
    hits = dict.fromkeys(((o.name, i) for o, i in rows), 0)
    for example, result in zip(program.examples, results, strict=True):
        decision = result.decision
        if decision is None:
            continue
        for criterion in decision.criteria:
            if criterion.result is CriterionStatus.PASSED and criterion.id in passed:
                passed[criterion.id] += 1
            elif criterion.result is CriterionStatus.FAILED and criterion.id in failed:
                failed[criterion.id] += 1
            taken = tuple(criterion.exceptions)
            for key in applied:
                cid, path = key
                if cid == criterion.id and taken[:len(path)] == path:
                    applied[key] += 1
        for name, index in _rows_hit(program, example, decision, definitions):
            hits[(name, index)] += 1
    return ProgramCoverage(
        program=program.id,
        file=program.file,
        examples=len(program.examples),
        criteria=tuple(CriterionCoverage(c.id, passed[c.id], failed[c.id])
                       for c in program.criteria),
        exceptions=tuple(ExceptionCoverage(cid, path, applied[(cid, path)])
                         for cid, path in exception_paths),
        rows=tuple(RowCoverage(o.name, o.policy, i, _condition(o, i), hits[(o.name, i)])
                   for o, i in rows),
        failing=tuple(r.name for r in results if not r.passed),
    )


def _paths(exceptions: tuple[CriterionException, ...],
           prefix: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The path of every exception, nested ones after their parent."""
    for exception in exceptions:
        path = (*prefix, exception.id)
        yield path
        yield from _paths(exception.exceptions, path)


def _tabled(output: Output) -> bool:
    """Whether the output's rows are counted: a table, or an output with a condition."""
    return output.policy is not OutputPolicy.VALUE or output.guard is not None


def _condition(output: Output, index: int) -> str:
    row = output.rows[index]
    if row.guard and output.guard is not None:
        return f"not given unless {output.guard.source}"
    return "otherwise" if row.when is None else row.when.source


def _rows_hit(program: Program, example: Example, decision: Decision,
              definitions: Mapping[str, Definition]) -> Iterator[tuple[str, int]]:
    """The table rows that decided this example's outputs, as ``(output, row index)``.

    Outputs are computed only for decisions that are not ``ineligible`` (as
    :meth:`RuleBook.evaluate` does); a row whose condition is unknown decides
    nothing, and neither do the rows after it.
    """
    if decision.outcome is Outcome.INELIGIBLE or not program.in_force(example.on):
        return
    household = parse_household(example.household)
    applicant = household.person(decision.applicant)
    ctx = Context(household, example.on, program.params_at(example.on), definitions)
    env = {"applicant": applicant, "household": household, "on": example.on}
    for output in program.outputs:
        if not _tabled(output):
            continue
        for index, row in enumerate(output.rows):
            if row.when is None:
                yield output.name, index
                break
            condition = evaluate(row.when.node, ctx, env)
            if isinstance(condition, Unknown):
                break
            if condition is True:
                yield output.name, index
                break


def format_report(report: CoverageReport) -> str:
    """A plain-text summary: one line per program, then every gap."""
    lines = []
    for program in report.programs:
        criteria = sum(c.complete for c in program.criteria)
        rows = sum(r.complete for r in program.rows)
        lines.append(
            f"{program.program}: {program.examples} examples, "
            f"criteria {criteria}/{len(program.criteria)}, "
            f"exceptions {sum(e.complete for e in program.exceptions)}/"
            f"{len(program.exceptions)}, rows {rows}/{len(program.rows)}"
        )
    lines.extend(f"gap: {gap}" for gap in report.gaps)
    return "\n".join(lines)
