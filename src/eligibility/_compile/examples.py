"""A rule file's examples: turned into the IR, and checked against the program at load."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from eligibility._language.suggestions import suggest
from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic
from eligibility._model.household import Household
from eligibility._model.vocabulary import CriterionStatus, Outcome
from eligibility._rulefiles.positions import Path, SourceFile
from eligibility._rulefiles.schema import ExampleSpec

from .ir import Example, Expectation, Program

__all__ = ["check_examples", "examples_of"]


def examples_of(specs: Sequence[ExampleSpec]) -> tuple[Example, ...]:
    """The IR's examples for a rule file's ``examples``."""
    return tuple(
        Example(
            name=spec.name, on=spec.on, household=spec.household, applicant=spec.applicant,
            expect=Expectation(
                outcome=Outcome(spec.expect.outcome),
                amounts=dict(spec.expect.amounts),
                details=dict(spec.expect.details),
                criteria={k: CriterionStatus(v) for k, v in spec.expect.criteria.items()},
                missing=None if spec.expect.missing is None else tuple(spec.expect.missing),
                version=spec.expect.version,
                exceptions={k: tuple(v) for k, v in spec.expect.exceptions.items()},
                absent=tuple(spec.expect.absent),
            ),
        )
        for spec in specs
    )


def check_examples(diagnostics: list[Diagnostic], source: SourceFile, program: Program) -> None:
    """Every example's household is valid, its applicant can apply, and what it expects
    names criteria and outputs the program has."""
    for index, example in enumerate(program.examples):
        path: Path = ("examples", index)
        try:
            household = Household.model_validate(example.household)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                diagnostics.append(source.diagnostic(
                    (*path, "household", *error["loc"]), Code.EXAMPLE_INVALID_HOUSEHOLD,
                    f"example {example.name!r}: {error['msg']}",
                ))
            continue
        _check_applicant(diagnostics, source, program, example, household, path)
        _check_expectation(diagnostics, source, program, example, path)


def _check_applicant(diagnostics: list[Diagnostic], source: SourceFile, program: Program,
                     example: Example, household: Household, path: Path) -> None:
    if example.applicant is None:
        return
    try:
        person = household.person(example.applicant)
    except KeyError:
        ids = [p.id for p in household.people]
        diagnostics.append(source.diagnostic(
            (*path, "applicant"), Code.EXAMPLE_UNKNOWN_APPLICANT,
            f"example {example.name!r}: no person {example.applicant!r}",
            actual=example.applicant, suggestion=suggest(example.applicant, ids),
        ))
        return
    if person.role not in program.applies_to:
        diagnostics.append(source.diagnostic(
            (*path, "applicant"), Code.EXAMPLE_WRONG_ROLE,
            f"example {example.name!r}: {example.applicant!r} has the role "
            f"{person.role.value}; the program applies to "
            f"{', '.join(program.applies_to)}",
        ))


def _check_expectation(diagnostics: list[Diagnostic], source: SourceFile, program: Program,
                       example: Example, path: Path) -> None:
    criterion_ids = {c.id for c in program.criteria}
    for criterion_id in example.expect.criteria:
        if criterion_id not in criterion_ids:
            diagnostics.append(source.diagnostic(
                (*path, "expect", "criteria", criterion_id), Code.UNKNOWN_CRITERION,
                f"example {example.name!r} expects a criterion {criterion_id!r} that "
                "the program does not have", key=True,
                suggestion=suggest(criterion_id, criterion_ids),
            ))
    outputs = {o.name for o in program.outputs}
    for kind in ("amounts", "details"):
        for name in getattr(example.expect, kind):
            if name not in outputs:
                diagnostics.append(source.diagnostic(
                    (*path, "expect", kind, name), Code.UNKNOWN_OUTPUT,
                    f"example {example.name!r} expects an output {name!r} that the "
                    "program does not have", key=True, suggestion=suggest(name, outputs),
                ))
    for index, name in enumerate(example.expect.absent):
        if name not in outputs:
            diagnostics.append(source.diagnostic(
                (*path, "expect", "absent", index), Code.UNKNOWN_OUTPUT,
                f"example {example.name!r} expects an output {name!r} that the "
                "program does not have", suggestion=suggest(name, outputs),
            ))
