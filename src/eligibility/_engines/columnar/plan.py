"""One program for one date over one batch, as one Polars query per pass.

The first pass computes, for every applicant row, each active criterion's Kleene result
and the exceptions applied (as an index into :attr:`Plan.chains`), the outcome, the
values each criterion read and the benefit outputs. The second pass runs only over the
rows with an unknown criterion or output, and computes the missing facts' paths (each
part's in one text, :func:`~.values.fact_list` makes the list). Rows
where an expression may raise (a date moved off the calendar...) or whose household holds
a value no column can (a decimal of more than 38 digits) are flagged for the interpreter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from eligibility._compile.ir import Criterion, CriterionException, Definition, Output, Program
from eligibility._language.ast import Node
from eligibility._language.types import BOOL, DATE, DECIMAL, HOUSEHOLD, INT, RecordType, Type

from .compiler import Compiler
from .rows import applicant_rows, frame_of, frames, placeholder, roles_of
from .values import EMPTY, Rec, Scope, Tables, Unsupported, V, any_of, gate, union

__all__ = ["Plan", "column_type", "plan_for"]


#: A pass's columns compiled over a scope, recording the columns read in the set if given.
_Compile = Callable[[Scope, set[str] | None], list[pl.Expr]]


def column_type(ty: Type | None) -> pl.DataType:
    """The column type that holds a value of language type ``ty`` as a decision shows it
    (a decimal as its text)."""
    if ty == BOOL:
        return pl.Boolean()
    if ty == INT:
        return pl.Int64()
    if ty == DATE:
        return pl.Date()
    return pl.String()


@dataclass
class Plan:
    """The compiled program for one epoch.

    Attributes:
        program: the program.
        criteria: the criteria active in the epoch.
        params: the parameter values in force.
        chains: for each criterion, the possible lists of exceptions applied (the
            ``x<i>`` column is an index into it).
        constants: the values read that are the same on every row, by number.
    """

    program: Program
    on: date
    criteria: tuple[Criterion, ...]
    params: Mapping[str, Any]
    definitions: Mapping[str, Definition]
    chains: list[list[tuple[str, ...]]] = field(default_factory=list)
    #: The values read that are the same on every row (parameters...), by number.
    constants: dict[int, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        #: For each pass (by ``missing`` and the parts unknown): the applicant frame's
        #: columns it reads, and its columns' expressions when they are the same for
        #: every batch (no quantifier joined its rows in), else ``None``.
        self._compiled: dict[Any, tuple[set[str], list[pl.Expr] | None]] = {}
        self.chains = [_chains(c.exceptions, ()) for c in self.criteria]
        self._codes = [{chain: code for code, chain in enumerate(chains)}
                       for chains in self.chains]

    @property
    def outputs(self) -> tuple[Output, ...]:
        return self.program.outputs

    @property
    def observables(self) -> list[tuple[int, int]]:
        """(criterion, observable) index pairs, in order."""
        return [(i, j) for i, c in enumerate(self.criteria) for j in range(len(c.observables))]

    # -- the first pass ----------------------------------------------------------------------
    def first_reads(self, tables: Tables) -> set[str]:
        """The applicant frame's columns the first pass reads. Raises
        :class:`Unsupported` when a part cannot be computed on columns."""
        return self._compile(False, self._first_of(tables), tables)[0]

    def first_pass(self, tables: Tables) -> pl.LazyFrame:
        """Raises :class:`Unsupported` when a part cannot be computed on columns."""
        return self._pass(False, self._first_of(tables), tables,
                          applicant_rows(self.program, tables), roles_of(self.program))

    def _first_of(self, tables: Tables) -> _Compile:
        return lambda scope, reads: self._first(tables, scope, reads)

    def _pass(self, key: Any, compile_: _Compile, tables: Tables, rows: pl.DataFrame,
              shared: tuple[str, ...] | None) -> pl.LazyFrame:
        """The pass ``key`` over ``rows`` (compiled once if it can be, else over them)."""
        reads, columns = self._compile(key, compile_, tables)
        frame = frame_of(rows, tables, reads, shared)
        if columns is None:
            scope = Scope(frame, "_r0")
            columns = compile_(scope, None)
            frame = scope.frame
        return frame.select(columns)

    def _compile(self, key: Any, compile_: _Compile, tables: Tables
                 ) -> tuple[set[str], list[pl.Expr] | None]:
        """A pass compiled once over no row, to learn which columns it reads, and its
        columns' expressions if no quantifier joined anything to its rows (they then
        read only the applicant frame, whatever the batch: compiled once per plan)."""
        found = self._compiled.get(key)
        if found is None:
            reads: set[str] = set()
            frame = placeholder(tables)
            scope = Scope(frame, "_r0")
            columns = compile_(scope, reads)
            found = self._compiled[key] = (reads, columns if scope.frame is frame else None)
        return found

    def _first(self, tables: Tables, scope: Scope, reads: set[str] | None) -> list[pl.Expr]:
        """The first pass's columns over the rows of ``scope`` (quantifiers join theirs
        to it)."""
        compiler = Compiler(tables, self.params, self.definitions, self.on, missing=False)
        env = _env(self.program, reads)
        columns: list[pl.Expr] = []
        errors: list[pl.Expr | None] = []
        verdicts: list[pl.Expr] = []
        for index, criterion in enumerate(self.criteria):
            value, code = self._level(compiler, criterion.exceptions, criterion.when.node, (),
                                      self._codes[index], env, scope)
            verdicts.append(value.value)
            columns += [value.value.alias(f"c{index}"), code.alias(f"x{index}")]
            errors.append(value.err)
        outcome = _outcome(verdicts)
        columns.append(outcome.alias("outcome"))
        observed_errors: list[pl.Expr] = []
        for number, (i, j) in enumerate(self.observables):
            v = compiler.value(self.criteria[i].observables[j].node, env, scope)
            if v.is_const:  # the same on every row: kept as the interpreter computed it
                self.constants[number] = v.const
                continue
            columns.append(_shown(v).alias(f"o{number}"))
            if v.err is not None:
                observed_errors.append(v.err)
        output_errors: list[pl.Expr | None] = []
        for number, output in enumerate(self.outputs):
            shown, absent, err = self._output(compiler, output, env, scope)
            columns += [shown.alias(f"u{number}"), absent.alias(f"a{number}")]
            output_errors.append(err)
        needed = outcome != "ineligible"
        row_err = any_of(*errors, *(e & needed for e in output_errors if e is not None),
                         *observed_errors)
        columns.append((row_err if row_err is not None else pl.lit(False)).alias("_err"))
        return [pl.col("_r0"), pl.col("a._h").alias("_h"), pl.col("a._key").alias("_key"),
                pl.col("h._bad").alias("_bad"), *columns]

    def _level(self, compiler: Compiler, exceptions: tuple[CriterionException, ...],
               base: Node, applied: tuple[str, ...], codes: Mapping[tuple[str, ...], int],
               env: Mapping[str, V | Rec], scope: Scope) -> tuple[V, pl.Expr]:
        """A criterion with its exceptions: the interpreter's ``_level`` on columns."""
        base_code = pl.lit(codes[applied], dtype=pl.Int32())
        conditions = [compiler.value(e.when.node, env, scope) for e in exceptions]
        nested = [self._level(compiler, e.exceptions, e.then.node, (*applied, e.id), codes,
                              env, scope) for e in exceptions]
        below = compiler.value(base, env, scope)
        if not exceptions:
            return below, base_code
        undecided = any_of(*(c.value.is_null() for c in conditions))
        assert undecided is not None
        agree = pl.lit(True)
        for condition, (candidate, _) in zip(conditions, nested, strict=True):
            same = (candidate.value == below.value).fill_null(False)
            agree = agree & (condition.value.is_not_null() | same)
        fallen = pl.when(~undecided).then(below.value).when(agree).then(below.value)
        value: Any = pl
        code: Any = pl
        for condition, (candidate, candidate_code) in zip(conditions, nested, strict=True):
            chosen = condition.value.fill_null(False)
            value = value.when(chosen).then(candidate.value)
            code = code.when(chosen).then(candidate_code)
        miss = None
        if compiler.missing:
            miss = self._level_miss(conditions, nested, below, undecided)
        err = any_of(below.err, *(c.err for c in conditions), *(n.err for n, _ in nested))
        return (V(value.otherwise(fallen), BOOL, miss, err),
                code.otherwise(base_code).cast(pl.Int32))

    @staticmethod
    def _level_miss(conditions: list[V], nested: list[tuple[V, pl.Expr]], below: V,
                    undecided: pl.Expr) -> pl.Expr:
        pending = [union(gate(c), gate(n)) for c, (n, _) in zip(conditions, nested, strict=True)]
        parts = [pl.when(c.value.is_null()).then(p).otherwise(EMPTY)
                 for c, p in zip(conditions, pending, strict=True) if p is not None]
        undecided_miss = union(gate(below), *parts)
        out: Any = pl
        for condition, (candidate, _) in zip(conditions, nested, strict=True):
            out = out.when(condition.value.fill_null(False)).then(
                candidate.miss if candidate.miss is not None else EMPTY)
        fallback = below.miss if below.miss is not None else EMPTY
        return out.when(~undecided).then(fallback).otherwise(  # type: ignore[no-any-return]
            undecided_miss if undecided_miss is not None else EMPTY)

    def _output(self, compiler: Compiler, output: Output, env: Mapping[str, V | Rec],
                scope: Scope) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
        """The output's value (``kleene_output``): the first row whose condition is not
        false decides; an unknown condition makes it unknown; no row is an error. The
        second column says where the output is not given (its guard row matched: the
        output has a condition, ``when:``, that does not hold there)."""
        target = column_type(output.type)
        value: Any = pl
        absent = pl.lit(False)
        errors: list[pl.Expr | None] = []
        for row in output.rows:
            if row.guard and row.when is not None:
                condition = compiler.value(row.when.node, env, scope)
                errors.append(condition.err)
                value = value.when(condition.value.is_null() | condition.value).then(
                    pl.lit(None, dtype=target))
                absent = condition.value.fill_null(False)
                continue
            then = compiler.value(row.then.node, env, scope)
            shown = _shown(then, for_output=True).cast(target)
            errors.append(then.err)
            if row.when is None:
                return (value.otherwise(shown) if value is not pl else shown, absent,
                        any_of(*errors))
            condition = compiler.value(row.when.node, env, scope)
            errors.append(condition.err)
            value = value.when(condition.value.is_null()).then(pl.lit(None, dtype=target)) \
                .when(condition.value).then(shown)
        unmatched = _no_row_matches(compiler, output, env, scope)
        return value.otherwise(pl.lit(None, dtype=target)), absent, any_of(*errors, unmatched)

    # -- the second pass ---------------------------------------------------------------------
    def second_pass(self, tables: Tables, rows: pl.Series,
                    unknown: tuple[frozenset[int], frozenset[int]] | None = None
                    ) -> pl.LazyFrame:
        """The missing facts of each criterion and output, for the rows ``rows`` (``_r0``
        numbers of the first pass, in order), each part's as a text of paths (see
        :func:`~.values.fact_list`). With ``unknown`` (the criteria and the outputs unknown
        on some of those rows), only those parts' missing facts are computed: the others'
        columns are null (their facts are never asked for)."""
        every = applicant_rows(self.program, tables)
        if len(rows) == every.height:
            # Every row (as for every applicant to the excellence award): the columns
            # already gathered for the first passes, the batch's tables.
            chosen, few, shared = every, tables, roles_of(self.program)
        else:
            chosen, shared = every[rows], None
            # Only the households of those rows: what quantifiers join and aggregate
            # stays in proportion to the unknown rows, not to the batch.
            homes = chosen["_h"].unique().implode()
            people, households = frames(tables)
            few = Tables(households.lazy().filter(pl.col("_h").is_in(homes)),
                         people.lazy().filter(pl.col("_h").is_in(homes)),
                         tables.history.filter(pl.col("_h").is_in(homes)), tables.on)
        return self._pass((True, unknown), lambda scope, reads: self._second(
            few, scope, reads, unknown), tables, chosen, shared)

    def _second(self, tables: Tables, scope: Scope, reads: set[str] | None,
                unknown: tuple[frozenset[int], frozenset[int]] | None) -> list[pl.Expr]:
        compiler = Compiler(tables, self.params, self.definitions, self.on, missing=True)
        env = _env(self.program, reads)
        columns: list[pl.Expr] = []
        for index, criterion in enumerate(self.criteria):
            if unknown is not None and index not in unknown[0]:
                columns.append(_NO_FACTS.alias(f"m{index}"))
                continue
            value, _ = self._level(compiler, criterion.exceptions, criterion.when.node, (),
                                   self._codes[index], env, scope)
            columns.append(_missing(value).alias(f"m{index}"))
        for number, output in enumerate(self.outputs):
            if unknown is not None and number not in unknown[1]:
                columns.append(_NO_FACTS.alias(f"n{number}"))
                continue
            columns.append(self._output_miss(compiler, output, env, scope)
                           .alias(f"n{number}"))
        return [pl.col("_r0"), *columns]

    def _output_miss(self, compiler: Compiler, output: Output, env: Mapping[str, V | Rec],
                     scope: Scope) -> pl.Expr:
        out: Any = pl
        for row in output.rows:
            if row.guard and row.when is not None:  # not given: nothing is missing
                condition = compiler.value(row.when.node, env, scope)
                out = out.when(condition.value.is_null()).then(_missing(condition)) \
                    .when(condition.value).then(EMPTY)
                continue
            then = compiler.value(row.then.node, env, scope)
            then_miss = _missing(then)
            if row.when is None:
                return out.otherwise(then_miss) if out is not pl else then_miss
            condition = compiler.value(row.when.node, env, scope)
            out = out.when(condition.value.is_null()).then(_missing(condition)) \
                .when(condition.value).then(then_miss)
        return out.otherwise(EMPTY)  # type: ignore[no-any-return]


#: The missing facts of a part known on every row of a second pass: never asked for.
_NO_FACTS = pl.lit(None, dtype=pl.String())


def _no_row_matches(compiler: Compiler, output: Output, env: Mapping[str, V | Rec],
                    scope: Scope) -> pl.Expr | None:
    """True where every row's condition is false (``kleene_output`` raises)."""
    if any(row.when is None for row in output.rows):
        return None
    conditions = [compiler.value(row.when.node, env, scope) for row in output.rows
                  if row.when is not None]
    every_false = pl.lit(True)
    for condition in conditions:
        every_false = every_false & (condition.value == False).fill_null(False)  # noqa: E712
    return every_false


def _chains(exceptions: tuple[CriterionException, ...], applied: tuple[str, ...]
            ) -> list[tuple[str, ...]]:
    """Every list of exceptions that can be applied, depth first."""
    out = [applied]
    for exception in exceptions:
        out += _chains(exception.exceptions, (*applied, exception.id))
    return out


def _missing(v: V) -> pl.Expr:
    if v.miss is None:
        return EMPTY
    # Neither unique nor sorted: a decision makes a set of them (list operations that sort
    # on columns cost more than the whole first pass).
    return pl.when(v.value.is_null()).then(v.miss).otherwise(EMPTY)


def _shown(v: V, *, for_output: bool = False) -> pl.Expr:
    """The value as a decision records it; raises :class:`Unsupported` where the column
    cannot give exactly the reference value (a decimal computed on columns...)."""
    if v.is_const:
        const = v.const
        if isinstance(const, tuple):
            raise Unsupported("a list as a value")
        if v.type == DECIMAL or not isinstance(const, bool | int | str | date):
            if not isinstance(const, Decimal) and not for_output:
                raise Unsupported("a whole number where a decimal is shown")
            return pl.lit(str(const), dtype=pl.String())
        return pl.lit(const, dtype=column_type(v.type))
    if v.type == DECIMAL:
        if v.text is None:
            raise Unsupported("a decimal computed on columns")
        return v.text
    if v.none_text is not None:
        return pl.when(v.value == v.none_text).then(None).otherwise(v.value)
    if not v.exact:
        raise Unsupported("a value the column does not hold exactly")
    return v.value.cast(column_type(v.type))


def _outcome(verdicts: list[pl.Expr]) -> pl.Expr:
    if not verdicts:
        return pl.lit("eligible")
    failed = pl.any_horizontal(*((v == False).fill_null(False) for v in verdicts))  # noqa: E712
    met = pl.all_horizontal(*(v.fill_null(False) for v in verdicts))
    return pl.when(failed).then(pl.lit("ineligible")).when(met).then(pl.lit("eligible")) \
        .otherwise(pl.lit("undetermined"))


def _env(program: Program, reads: set[str] | None) -> dict[str, V | Rec]:
    assert isinstance(program.applicant_type, RecordType)
    return {"applicant": Rec("a.", program.applicant_type, "person", reads),
            "household": Rec("h.", HOUSEHOLD, "household", reads)}


def plan_for(program: Program, on: date, definitions: Mapping[str, Definition]) -> Plan:
    return Plan(program, on, program.active_criteria(on), program.params_at(on), definitions)
