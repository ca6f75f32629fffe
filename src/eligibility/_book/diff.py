"""A reform's effect on a roster: who gains and who loses which benefit, and why.

Two rule books (the rules in force and a proposed change) decide the same households on
the same date, on the columnar engine: each chunk of the roster is laid out once and each
program run by both books. For every applicant whose decision differs, a change says the
outcome before and after, the criteria whose result changed (the reason), and the
amounts before and after; counts by program and member category say how many gain
(become eligible), lose (stop being eligible) or change otherwise, with the amounts'
totals before and after.

A program only one book has is decided by that book alone: every applicant it is eligible
for gains (a new program) or loses (a program withdrawn). A program both books hold with
the same rules (the same :attr:`~eligibility._compile.ir.Program.fingerprint`: the
program, the definitions it reads and the parameters it reads or shows) decides every
household alike in both: it is not run, and the result lists it as unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from eligibility._compile.ir import Program
from eligibility._engines.columnar.result import ProgramResult
from eligibility._language.types import DECIMAL, INT
from eligibility._model.roster_io import RosterRecord
from eligibility._model.values import Absent, Unknown
from eligibility._model.vocabulary import EngineName, Language, Outcome

from .requests import check_arguments

#: A rule book (:class:`RuleBook`; not imported here, which imports this module).
RuleBook = Any

__all__ = ["RosterDiff", "diff_records"]

_ELIGIBLE = Outcome.ELIGIBLE.value
#: The scale amounts are summed at (exact: rule amounts have at most this many decimals).
_SCALE = 6


@dataclass
class RosterDiff:
    """What changes from one rule book to another over a roster.

    Attributes:
        records: the roster's records; ``screened`` of them were valid households,
            ``errors`` were not (they are not compared).
        counts: one row per program and member category: ``applicants``, ``gains``
            (not eligible before, eligible after), ``losses`` (the reverse),
            ``changed`` (any other change of outcome or amount) and, for each amount,
            ``<name>_before`` and ``<name>_after`` (totals over the eligible).
        changes: one row per applicant whose decision differs: ``line``, ``household``,
            ``applicant``, ``program``, ``category``, ``before``, ``after`` (outcomes),
            ``criteria`` (``id: before -> after`` of each criterion whose result changed,
            or that one book has and the other not), ``amounts_before``,
            ``amounts_after`` (JSON).
        unchanged: the programs asked for that both rule books hold with the same rules
            (the same fingerprint), sorted: they decide alike, so they are not run and
            have no rows in ``counts``.
    """

    records: int = 0
    screened: int = 0
    errors: int = 0
    counts: pl.DataFrame = field(default_factory=pl.DataFrame)
    changes: pl.DataFrame = field(default_factory=pl.DataFrame)
    unchanged: tuple[str, ...] = ()


def _amount_columns(result: ProgramResult | None, prefix: str) -> list[pl.Expr]:
    if result is None:
        return []
    out = []
    for number, output in enumerate(result.plan.outputs):
        if output.type in (DECIMAL, INT):
            value = pl.when(pl.col("outcome") == _ELIGIBLE).then(pl.col(f"u{number}"))
            out.append(value.cast(pl.String()).alias(f"{prefix}{output.name}"))
    return out


def _outcomes(result: ProgramResult) -> pl.DataFrame:
    """``_h``, ``_key``, the outcome, each criterion's result by id and the amounts, with
    the rows the interpreter decided written from their evaluations."""
    plan = result.plan
    frame = result.frame
    criteria = [pl.col(f"c{i}").alias(f"c:{c.id}") for i, c in enumerate(plan.criteria)]
    table = frame.select("_h", "_key", "outcome", *criteria, *_amount_columns(result, "a:"))
    if not result.decided:
        return table
    records = table.to_dicts()
    for row, evaluation in result.decided.items():
        if isinstance(evaluation, Exception):
            records[row]["outcome"] = None  # compared as an error: never a gain or loss
            continue
        records[row]["outcome"] = evaluation.outcome.value
        for criterion, verdict in zip(plan.criteria, evaluation.verdicts, strict=True):
            records[row][f"c:{criterion.id}"] = verdict if isinstance(verdict, bool) else None
        for output in plan.outputs:
            if f"a:{output.name}" in records[row]:
                value = evaluation.outputs.get(output.name)
                known = value is not None and not isinstance(value, Unknown | Absent)
                records[row][f"a:{output.name}"] = str(value) \
                    if evaluation.outcome is Outcome.ELIGIBLE and known else None
    return pl.DataFrame(records, schema=table.schema)


def _status(column: str) -> pl.Expr:
    value = pl.col(column)
    return pl.when(value).then(pl.lit("passed")).when(~value).then(pl.lit("failed")) \
        .otherwise(pl.lit("unknown"))


def _compare(program: str, before: pl.DataFrame | None, after: pl.DataFrame | None
             ) -> pl.DataFrame:
    """One row per applicant of the program: outcome, reason and amounts, before and after."""
    keys = ["_h", "_key"]
    empty = pl.DataFrame(schema={"_h": pl.Int32(), "_key": pl.Int32(),
                                 "outcome": pl.String()})
    old = (before if before is not None else empty).rename(
        {c: f"{c}@0" for c in (before if before is not None else empty).columns if c not in keys})
    new = (after if after is not None else empty).rename(
        {c: f"{c}@1" for c in (after if after is not None else empty).columns if c not in keys})
    if old.select(keys).equals(new.select(keys)):  # the same applicants, in the same order
        joined = pl.concat([old, new.drop(keys)], how="horizontal")
    else:
        joined = old.join(new, on=keys, how="full", coalesce=True)
    ids = sorted({c[2:-2] for c in joined.columns if c.startswith("c:")})
    reasons = []
    for cid in ids:
        was, now = f"c:{cid}@0", f"c:{cid}@1"
        was_text = _status(was) if was in joined.columns else pl.lit("absent")
        now_text = _status(now) if now in joined.columns else pl.lit("absent")
        reasons.append(pl.when(was_text != now_text).then(
            pl.concat_str([pl.lit(f"{cid}: "), was_text, pl.lit(" -> "), now_text])))
    names = sorted({c[2:-2] for c in joined.columns if c.startswith("a:")})

    def amounts(side: str) -> pl.Expr:
        parts = [pl.when(pl.col(f"a:{n}@{side}").is_not_null()).then(pl.concat_str(
            [pl.lit(f'"{n}":"'), pl.col(f"a:{n}@{side}"), pl.lit('"')]))
            for n in names if f"a:{n}@{side}" in joined.columns]
        if not parts:
            return pl.lit("{}")
        return pl.concat_str([pl.lit("{"), pl.concat_str(parts, separator=",",
                                                          ignore_nulls=True), pl.lit("}")])

    return joined.select(
        *keys, pl.lit(program).alias("program"),
        pl.col("outcome@0").alias("before"), pl.col("outcome@1").alias("after"),
        (pl.concat_list(reasons).list.drop_nulls() if reasons
         else pl.lit([], dtype=pl.List(pl.String()))).alias("criteria"),
        amounts("0").alias("amounts_before"), amounts("1").alias("amounts_after"),
        *[pl.col(f"a:{n}@{s}").cast(pl.Decimal(38, _SCALE)).alias(f"{n}_{w}")
          for n in names for s, w in (("0", "before"), ("1", "after"))
          if f"a:{n}@{s}" in joined.columns])


def diff_records(before: RuleBook, after: RuleBook, records: Iterable[RosterRecord], *,
                 on: date, programs: Sequence[str] | None = None,
                 batch_size: int = 100_000) -> RosterDiff:
    """Compare two rule books over a roster's records, both on the columnar engine (see
    :meth:`RuleBook.diff`)."""
    from .screening import screen_records  # noqa: PLC0415

    check_arguments(on, Language.EN)
    before, after = (book if book.engine.name is EngineName.COLUMNAR
                     else book.with_engine(EngineName.COLUMNAR) for book in (before, after))
    chosen = _programs(before, after, programs)
    out = RosterDiff(unchanged=tuple(sorted(
        i for i, old, new in chosen if old is not None and new is not None
        and old.fingerprint == new.fingerprint)))
    chosen = [c for c in chosen if c[0] not in out.unchanged]
    counts: list[pl.DataFrame] = []
    changes: list[pl.DataFrame] = []
    for chunk in screen_records(before, records, on=on, lang=Language.EN,
                                batch_size=batch_size, decide=False):
        out.records += len(chunk.records)
        out.screened += len(chunk.households)
        out.errors += len(chunk.records) - len(chunk.households)
        rows = _chunk_rows(before, after, chunk, chosen, on) if chunk.households and chosen \
            else None
        if rows is None:  # no valid household, or no program in force to compare
            continue
        people = chunk.batch.people.select(
            "_h", "_key", pl.col("id").alias("applicant"),
            pl.when(pl.col("_cat") == "").then(None).otherwise(pl.col("_cat"))
            .alias("category"))
        lines = pl.DataFrame({
            "_h": pl.Series([r.index for r in chunk.records if r.index is not None],
                            dtype=pl.Int32()),
            "line": pl.Series([r.line for r in chunk.records if r.index is not None],
                              dtype=pl.Int64()),
            "household": pl.Series([r.household for r in chunk.records if r.index is not None],
                                   dtype=pl.String())})
        rows = rows.join(people, on=["_h", "_key"], how="left").join(lines, on="_h")
        counts.append(_counts(rows))
        changed = rows.filter((pl.col("before").fill_null("") != pl.col("after").fill_null(""))
                              | (pl.col("amounts_before") != pl.col("amounts_after")))
        changes.append(changed.select("line", "household", "applicant", "program", "category",
                                      "before", "after", "criteria", "amounts_before",
                                      "amounts_after"))
    out.counts = _total(counts)
    out.changes = pl.concat(changes, how="diagonal_relaxed").sort("line", maintain_order=True) \
        if changes else pl.DataFrame()
    return out


def _programs(before: RuleBook, after: RuleBook, programs: Sequence[str] | None
              ) -> list[tuple[str, Program | None, Program | None]]:
    ids = list(programs) if programs else sorted({*before.programs, *after.programs})
    if programs:
        for program_id in ids:
            if program_id not in before.programs and program_id not in after.programs:
                before.program(program_id)  # raises, with a suggestion
    return [(i, before.programs.get(i), after.programs.get(i)) for i in ids]


def _chunk_rows(before: RuleBook, after: RuleBook, chunk: Any,
                chosen: list[tuple[str, Program | None, Program | None]], on: date
                ) -> pl.DataFrame | None:
    from eligibility._engines.columnar.engine import tables_of  # noqa: PLC0415

    tables = tables_of(chunk.batch)
    # Each rule book's programs in force at once (their queries run together).
    ran = []
    for side, book in enumerate((before, after)):
        programs = [old if side == 0 else new for _, old, new in chosen]
        ran.append(book.engine.run_all([p for p in programs if p is not None and p.in_force(on)],
                                       chunk.batch, on, tables))
    parts = []
    for program_id, old, new in chosen:
        results = [
            _outcomes(ran[side][p.id]) if p is not None and p.in_force(on) else None
            for side, p in enumerate((old, new))]
        if results[0] is None and results[1] is None:
            continue
        parts.append(_compare(program_id, results[0], results[1]))
    return pl.concat(parts, how="diagonal_relaxed") if parts else None


def _counts(rows: pl.DataFrame) -> pl.DataFrame:
    was = pl.col("before") == _ELIGIBLE
    now = pl.col("after") == _ELIGIBLE
    sums = [pl.when(pl.col(c).is_not_null().any()).then(pl.col(c).sum()).alias(c)
            for c in rows.columns if c.endswith(("_before", "_after"))
            and c not in ("amounts_before", "amounts_after")]
    return rows.group_by("program", "category").agg(
        pl.len().alias("applicants"),
        (~was.fill_null(False) & now.fill_null(False)).sum().alias("gains"),
        (was.fill_null(False) & ~now.fill_null(False)).sum().alias("losses"),
        ((was.fill_null(False) == now.fill_null(False))
         & ((pl.col("before").fill_null("") != pl.col("after").fill_null(""))
            | (pl.col("amounts_before") != pl.col("amounts_after")))).sum().alias("changed"),
        *sums)


def _total(counts: list[pl.DataFrame]) -> pl.DataFrame:
    if not counts:
        return pl.DataFrame()
    every = pl.concat(counts, how="diagonal_relaxed")
    value_columns = [c for c in every.columns if c not in ("program", "category")]
    # An amount a program does not have stays null (not a total of 0).
    return every.group_by("program", "category").agg(
        [pl.when(pl.col(c).is_not_null().any()).then(pl.col(c).sum()) for c in value_columns]
    ).sort("program", "category", nulls_last=True)
