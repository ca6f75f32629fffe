"""The columnar engine: programs compiled to Polars expressions over batches of households.

For a roster, :meth:`ColumnarEngine.run_all` decides every program for every applicant of
a :class:`~.frames.Batch` at once (:meth:`ColumnarEngine.run`, one program): what the
programs share (the batch's tables, each set of roles' applicant rows and the columns
read, people's ages) is made once per batch, and their queries run together. It also
implements the :class:`Engine` protocol one household at a time (each program is then run
over a batch of one household, and the results are kept for the household's other
applicants), so that it is compared with the native engine like every other engine.

What the columns cannot compute exactly goes to the interpreter, the reference semantics:
a whole program whose expressions have no exact column form (decimal arithmetic...), and
single rows whose household holds a value no column can or where an expression may raise.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

import polars as pl

from eligibility._compile.ir import Definition, Program
from eligibility._model.errors import EvaluationError
from eligibility._model.household import Household, Person
from eligibility._model.numbers import arithmetic
from eligibility._model.vocabulary import EngineName, Outcome

from ..protocol import Evaluation
from ..rowwise import interpret
from .frames import Batch
from .plan import Plan, plan_for
from .result import ProgramResult
from .rows import applicant_rows, frame_of, gather_columns, roles_of
from .values import Tables, Unsupported, age_between

__all__ = ["ColumnarEngine", "tables_of"]

#: Plans kept by an engine (one per program and date), at most.
_PLANS_KEPT = 512
#: Polars' engine for the queries: the in-memory one (the streaming one, Polars'
#: default, takes about half as much CPU again for these queries over a chunk in memory).
ENGINE: Literal["in-memory"] = "in-memory"


def tables_of(batch: Batch) -> Tables:
    """The batch's tables as the compiler reads them (households with their affiliate,
    people with their age on the batch's date), made once here: every program's queries
    read them."""
    # Each person's age on the date, once (the rules read ages often, and in quantifiers
    # over every applicant's household).
    people = batch.people.lazy().with_columns(
        age_between(pl.col("birth_date"), batch.on).alias("_age")).collect(engine=ENGINE)
    affiliates = people.filter(pl.col("_key") == 0)
    households = batch.household.rename(
        {c: "h." + c for c in batch.household.columns if c != "_h"})
    renamed = {c: "f." + c for c in people.columns if c != "_h"}
    if affiliates["_h"].equals(households["_h"]):
        # One affiliate per household, in the households' order (as a batch lays them
        # out): set side by side, three times cheaper than the join below.
        joined = households.hstack(affiliates.drop("_h").rename(renamed).get_columns())
    else:
        joined = households.lazy().join(affiliates.lazy().rename(renamed), on="_h",
                                        how="left", maintain_order="left") \
            .collect(engine=ENGINE)
    return Tables(joined.lazy(), people.lazy(), batch.history.lazy(), batch.on)


class ColumnarEngine:
    """Evaluates compiled programs over columns of households (Polars, Arrow).

    Args:
        definitions: the rule book's shared definitions.
        content_hash: the rule book's hash (unused).
    """

    def __init__(self, definitions: Mapping[str, Definition], content_hash: str = "") -> None:
        del content_hash
        self.definitions = definitions
        self._plans: dict[tuple[str, date], Plan] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    @property
    def name(self) -> EngineName:
        return EngineName.COLUMNAR

    def plan(self, program: Program, on: date) -> Plan:
        """The program's plan for the date (kept: it learns which columns it reads)."""
        key = (program.id, on)
        with self._lock:
            found = self._plans.get(key)
            if found is None or found.program is not program:
                if len(self._plans) >= _PLANS_KEPT:
                    self._plans.clear()
                found = self._plans[key] = plan_for(program, on, self.definitions)
        return found

    # -- batches -----------------------------------------------------------------------------
    def run(self, program: Program, batch: Batch, on: date, tables: Tables | None = None
            ) -> ProgramResult:
        """``program`` for every applicant of ``batch`` on ``on`` (in force on that date;
        the batch laid out for that date), in the library's decimal context whatever the
        caller's."""
        return self.run_all([program], batch, on, tables)[program.id]

    def run_all(self, programs: Sequence[Program], batch: Batch, on: date,
                tables: Tables | None = None) -> dict[str, ProgramResult]:
        """Every program of ``programs`` (each in force on ``on``) for every applicant of
        ``batch``, by program id: their queries run together (Polars runs them in
        parallel), first the first passes, then the second passes of those with unknown
        rows."""
        if batch.on != on:
            raise ValueError(f"the batch is laid out for {batch.on}, not {on}")
        with arithmetic():
            tables = tables if tables is not None else tables_of(batch)
            results: dict[str, ProgramResult] = {}
            plans: list[Plan] = []
            wanted: dict[tuple[str, ...], set[str]] = {}
            for program in programs:
                plan = self.plan(program, on)
                try:
                    reads = plan.first_reads(tables)
                except Unsupported:
                    results[program.id] = self._interpreted(plan, batch, tables, on)
                    continue
                wanted.setdefault(roles_of(program), set()).update(reads)
                plans.append(plan)
            # Every set of roles' rows and columns read, at once.
            gather_columns(tables, wanted)
            queries = [plan.first_pass(tables) for plan in plans]
            firsts = pl.collect_all(queries, engine=ENGINE)
            # For each program, the rows whose missing facts are asked for (by a second
            # pass) and the rows left to the interpreter.
            found = pl.collect_all(
                [q for plan, first in zip(plans, firsts, strict=True)
                 for q in (*_unknown_rows(plan, first), first.lazy().select(
                     pl.arg_where(pl.col("_bad") | pl.col("_err")).alias("row")))],
                engine=ENGINE)
            frames = self._with_missing(plans, tables, firsts, found[0::3], found[1::3])
            for plan, frame, flagged in zip(plans, frames, found[2::3], strict=True):
                results[plan.program.id] = self._result(plan, batch, frame, flagged, on)
            return {p.id: results[p.id] for p in programs}

    def _result(self, plan: Plan, batch: Batch, frame: pl.DataFrame, flagged: pl.DataFrame,
                on: date) -> ProgramResult:
        result = ProgramResult(plan, frame)
        if flagged.height:
            homes, keys = frame["_h"], frame["_key"]
            for row in flagged["row"].to_list():
                result.decided[row] = self._interpret(plan, batch, homes[row], keys[row], on)
        return result

    @staticmethod
    def _with_missing(plans: list[Plan], tables: Tables, firsts: list[pl.DataFrame],
                      unknown: list[pl.DataFrame], parts: list[pl.DataFrame]
                      ) -> list[pl.DataFrame]:
        """Each first pass with the missing facts of its unknown rows (second passes, each
        over those rows alone and the parts unknown there, run together)."""
        asked: list[int] = []
        queries: list[pl.LazyFrame] = []
        for number, (plan, first, rows, flags) in enumerate(
                zip(plans, firsts, unknown, parts, strict=True)):
            if not rows.height:
                continue
            row = flags.row(0, named=True)
            which = (frozenset(i for i in range(len(plan.criteria)) if row[f"c{i}"]),
                     frozenset(j for j in range(len(plan.outputs)) if row[f"u{j}"]))
            asked.append(number)
            queries.append(first.lazy().join(plan.second_pass(tables, rows["_r0"], which),
                                             on="_r0", how="left", maintain_order="left"))
        out = list(firsts)
        for number, frame in zip(asked, pl.collect_all(queries, engine=ENGINE), strict=True):
            out[number] = frame
        return out

    def _interpret(self, plan: Plan, batch: Batch, household: int, key: int, on: date
                   ) -> Evaluation | EvaluationError:
        home = batch.households[household]
        try:
            return interpret(plan.criteria, plan.outputs, plan.params, self.definitions,
                             home, home.people[key], on)
        except EvaluationError as exc:
            return exc

    def _interpreted(self, plan: Plan, batch: Batch, tables: Tables, on: date
                     ) -> ProgramResult:
        """Every row by the interpreter (a program with no exact column form)."""
        rows = frame_of(applicant_rows(plan.program, tables), tables, (), None).select(
            pl.col("a._h").alias("_h"), pl.col("a._key").alias("_key")).collect()
        result = ProgramResult(plan, rows)
        for row, (household, key) in enumerate(rows.iter_rows()):
            result.decided[row] = self._interpret(plan, batch, household, key, on)
        return result

    # -- one household at a time (the Engine protocol) ---------------------------------------
    def evaluate(self, program: Program, household: Household, applicant: Person,
                 on: date) -> Evaluation:
        with arithmetic():
            return self._evaluate(program, household, applicant, on)

    def _evaluate(self, program: Program, household: Household, applicant: Person,
                  on: date) -> Evaluation:
        results = self._results_for(household, on)
        key = (program.id, program.epoch(on))
        result = results.get(key)
        if result is None:
            batch, tables = self._local.batch
            result = results[key] = self.run(program, batch, on, tables)
        position = next(i for i, p in enumerate(household.people) if p is applicant)
        return result.evaluation(result.row_of(0, position))

    def _results_for(self, household: Household, on: date) -> dict[tuple[str, int], Any]:
        """The results kept for the household last evaluated on this thread (and its
        batch of one, with its tables, in ``self._local.batch``)."""
        local = self._local
        if getattr(local, "household", None) is not household or local.on != on:
            batch = Batch.of([household], on)
            local.household, local.on, local.results = household, on, {}
            local.batch = (batch, tables_of(batch))
        results: dict[tuple[str, int], Any] = local.results
        return results


def _unknown_rows(plan: Plan, first: pl.DataFrame) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """The rows (``_r0``) with an unknown criterion, or an unknown output where the
    outcome is not ineligible, that the columns decide (not left to the interpreter); and
    which criteria (``c<i>``) and outputs (``u<j>``) are unknown on any of them."""
    criteria = [pl.col(f"c{i}").is_null() for i in range(len(plan.criteria))]
    outputs = [pl.col(f"u{j}").is_null() & ~pl.col(f"a{j}")
               & (pl.col("outcome") != Outcome.INELIGIBLE.value)
               for j in range(len(plan.outputs))]
    needed = pl.any_horizontal(*criteria, *outputs) if criteria or outputs else pl.lit(False)
    decided = ~pl.col("_bad") & ~pl.col("_err")
    rows = first.lazy().filter(needed & decided)
    return rows.select("_r0"), rows.select(
        *(c.any().alias(f"c{i}") for i, c in enumerate(criteria)),
        *(u.any().alias(f"u{j}") for j, u in enumerate(outputs)))
