"""A program's results over a batch: one row per applicant, computed on columns, with the
rows the interpreter decided kept as evaluations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from eligibility._language.types import BOOL, DECIMAL, INT, Type
from eligibility._model.errors import EvaluationError
from eligibility._model.values import ABSENT, Unknown
from eligibility._model.vocabulary import Outcome

from ..protocol import Evaluation
from .plan import Plan
from .values import facts_of

__all__ = ["ProgramResult"]

_NO_OUTPUTS: Mapping[str, Any] = {}


def python_value(value: Any, ty: Type | None) -> Any:
    """A column's value as the reference evaluation gives it."""
    if value is None:
        return None
    if ty == DECIMAL:
        return Decimal(value)
    if ty == INT and not isinstance(value, bool):
        return int(value)
    if ty == BOOL:
        return bool(value)
    return value


class _Record:
    """One row of a result's frame, read by column name."""

    __slots__ = ("names", "values")

    def __init__(self, values: tuple[Any, ...], names: dict[str, int]) -> None:
        self.values = values
        self.names = names

    def __getitem__(self, name: str) -> Any:
        return self.values[self.names[name]]

    def get(self, name: str) -> Any:
        index = self.names.get(name)
        return None if index is None else self.values[index]


@dataclass
class ProgramResult:
    """What one program decided for every applicant of a batch.

    Attributes:
        plan: the program's plan for the date (criteria, applied chains...).
        frame: one row per applicant: ``_h``, ``_key``, ``outcome``, and for criterion
            ``i`` ``c<i>`` (null: unknown), ``x<i>`` (index into ``plan.chains[i]``) and
            ``m<i>`` (its missing facts, in any order, possibly repeated, as one text: see
            :func:`~.values.fact_list`; absent when no row is unknown); ``o<k>`` the
            values read; ``u<j>`` each output (null: unknown, or not computed when
            ineligible, or not given), ``a<j>`` whether it is not given (its ``when:``
            does not hold) and ``n<j>`` its missing facts (a text, as ``m<i>``).
        decided: the rows the interpreter decided, by row number: an evaluation, or the
            evaluation error it raised. They override the row in ``frame``.
    """

    plan: Plan
    frame: pl.DataFrame
    decided: dict[int, Evaluation | EvaluationError] = field(default_factory=dict)
    _index: dict[tuple[int, int], int] | None = None
    _rows: list[tuple[Any, ...]] | None = None
    _names: dict[str, int] = field(default_factory=dict)

    def row_of(self, household: int, key: int) -> int:
        if self._index is None:
            self._index = {(h, k): r for r, (h, k) in enumerate(
                zip(self.frame["_h"].to_list(), self.frame["_key"].to_list(), strict=True))}
        return self._index[(household, key)]

    def evaluation(self, row: int) -> Evaluation:
        """The evaluation of row ``row`` (raises the interpreter's error for that row)."""
        decided = self.decided.get(row)
        if isinstance(decided, EvaluationError):
            raise EvaluationError(str(decided))
        if decided is not None:
            return decided
        plan = self.plan
        if self._rows is None:  # every row as Python values, once (a row at a time is slow)
            self._rows = self.frame.rows()
            self._names = {name: i for i, name in enumerate(self.frame.columns)}
        values, names = self._rows[row], self._names
        record = _Record(values, names)
        verdicts: list[Any] = []
        applied: list[tuple[str, ...]] = []
        for index in range(len(plan.criteria)):
            verdict = record[f"c{index}"]
            verdicts.append(Unknown(facts_of(record.get(f"m{index}")))
                            if verdict is None else verdict)
            applied.append(plan.chains[index][record[f"x{index}"]])
        observed: list[list[Any]] = [[] for _ in plan.criteria]
        for number, (i, j) in enumerate(plan.observables):
            if number in plan.constants:
                observed[i].append(plan.constants[number])
                continue
            observed[i].append(python_value(record[f"o{number}"],
                                            plan.criteria[i].observables[j].type))
        outcome = Outcome(record["outcome"])
        outputs: Mapping[str, Any] = _NO_OUTPUTS
        if outcome is not Outcome.INELIGIBLE:
            outputs = {}
            for number, output in enumerate(plan.outputs):
                value = record[f"u{number}"]
                if record[f"a{number}"]:
                    outputs[output.name] = ABSENT  # its condition does not hold here
                    continue
                outputs[output.name] = Unknown(facts_of(record.get(f"n{number}"))) \
                    if value is None else python_value(value, output.type)
        return Evaluation(outcome, tuple(verdicts), tuple(applied),
                          tuple(tuple(o) for o in observed), outputs)

