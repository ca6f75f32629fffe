"""Compact roster output: decisions as columns, texts and sources by reference.

A roster's decisions repeat, in every record, what depends only on the program, the
period (the stretch between two of its change dates) and the language: the title, the
version, the sources, each criterion's text (for each list of exceptions that can apply),
the parameters shown, the rule book's hash. Compact output keeps those once, in a side
table (:func:`side_table`, one row per program, period and language), and each decision
as one row of :data:`COMPACT_COLUMNS`: what it says about its household alone.

A decision row and its side-table row give back the full :class:`Decision` (see
:func:`expand`): nothing is lost.

Each row is built on columns, from the columnar engine's results, without a Python object
per decision; the rare rows the interpreter decided are written from their evaluation.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import polars as pl

from eligibility._compile.ir import Program
from eligibility._engines.columnar.plan import Plan
from eligibility._engines.columnar.result import ProgramResult
from eligibility._engines.protocol import Evaluation
from eligibility._language.types import BOOL, DATE, DECIMAL, INT, EnumType
from eligibility._model.values import Absent, Unknown, to_value
from eligibility._model.vocabulary import CriterionStatus, Language, Outcome

from .compact_columns import (
    LISTS_CODE,
    applicants,
    by_index,
    distinct_text,
    failed_records,
    in_input_order,
    lists_coded,
)
from .record_errors import error_json, not_screened

#: A chunk of a roster (:class:`~.roster.ScreenedChunk`; not imported here, which imports
#: this module).
ScreenedChunk = Any

__all__ = ["COMPACT_COLUMNS", "chunk_table", "compact_schema", "evaluation_fields"]

#: The columns of a compact decision row (an error record has ``line``, ``household``,
#: ``error`` and ``errors`` only; a household nobody in which a program applies to has
#: a row with no ``program``).
COMPACT_COLUMNS: dict[str, pl.DataType] = {
    "line": pl.Int64(), "household": pl.String(), "applicant": pl.String(),
    "program": pl.String(), "period": pl.Int32(), "category": pl.String(),
    "category_label": pl.String(), "outcome": pl.String(),
    "results": pl.List(pl.String()), "exceptions": pl.List(pl.Int32()),
    "values": pl.String(), "amounts": pl.String(), "details": pl.String(),
    "missing": pl.List(pl.String()), "unknown": pl.String(),
    "not_yet_born": pl.List(pl.String()),
    "error": pl.String(), "errors": pl.String(),
}

#: The columns of a program's decision rows, before they are put in input order (``_h``,
#: ``_key``: the applicant; ``_order``: the program's place among those chosen).
_DECIDED: dict[str, pl.DataType] = {
    "_h": pl.Int32(), "_key": pl.Int32(), "_order": pl.Int32(),
    **{n: COMPACT_COLUMNS[n] for n in ("program", "period", "outcome", "results",
                                        "exceptions", "values", "amounts", "details",
                                        "missing", "unknown", "error")},
}


def compact_schema() -> Any:
    """The Arrow schema of compact roster rows (Parquet output): ``line``,
    ``household``, ``applicant``, ``program``, ``period`` (the program's period on the
    date), ``category``, ``category_label``, ``outcome``, ``results`` (each criterion's
    result), ``exceptions`` (for each criterion, which list of exceptions applied: an
    index into the side table's ``chains``), ``values`` (the values read that differ by
    row, a JSON array), ``amounts`` and ``details`` (JSON objects), ``missing`` (the
    facts missing, unsorted), ``unknown`` (each unknown criterion's missing facts, JSON),
    ``not_yet_born``; an error record has ``line``, ``household``, ``error`` and
    ``errors`` (JSON) only. Texts are Arrow string views, as Polars holds them (its
    frames become Arrow tables without a copy)."""
    return pl.DataFrame(schema=COMPACT_COLUMNS).to_arrow(
        compat_level=pl.CompatLevel.newest()).schema


_STATUS = {True: CriterionStatus.PASSED.value, False: CriterionStatus.FAILED.value}


# -- decision rows ----------------------------------------------------------------------------


def _json_value(column: pl.Expr) -> pl.Expr:
    """A column's values as JSON text (``null`` for a null)."""
    encoded = pl.struct(column.alias("v")).struct.json_encode()
    return encoded.str.slice(5, encoded.str.len_chars() - 6)


def _decimal_text(column: pl.Expr) -> pl.Expr:
    """A decimal's text as a decision shows it (``2500.00`` is ``2500``)."""
    return column.str.replace(r"^(-?\d+)\.0*$", "${1}")


def _json_item(column: pl.Expr, ty: Any) -> pl.Expr:
    """A value as JSON text (``null`` for unknown). Numbers, flags, dates and enumeration
    values are written directly; free text goes through Polars' JSON encoder."""
    if ty in (BOOL, INT):
        text = column.cast(pl.String())
    elif ty == DECIMAL:
        text = pl.concat_str([pl.lit('"'), _decimal_text(column), pl.lit('"')])
    elif ty == DATE or isinstance(ty, EnumType):
        text = pl.concat_str([pl.lit('"'), column.cast(pl.String()), pl.lit('"')])
    else:
        text = _json_value(column)
    return text.fill_null(pl.lit("null"))


def _values(plan: Plan) -> pl.Expr:
    """The values read that differ by row, as a JSON array, in the order of the side
    table's ``read`` lists (criterion by criterion); ``null`` for an unknown value."""
    items = []
    for number, (i, j) in enumerate(plan.observables):
        if number in plan.constants:
            continue
        observable = plan.criteria[i].observables[j]
        items.append(_json_item(pl.col(f"o{number}"), observable.type))
    if not items:
        return pl.lit("[]")
    return pl.concat_str([pl.lit("["), pl.concat_str(items, separator=","), pl.lit("]")])


def _outputs(plan: Plan, numbers: list[int]) -> pl.Expr:
    """``{name: value}`` of the outputs ``numbers`` that are known."""
    if not numbers:
        return pl.lit("{}")
    items = []
    for number in numbers:
        output = plan.outputs[number]
        column = pl.col(f"u{number}")
        if output.type == DECIMAL:
            column = _decimal_text(column)
        elif output.type == INT:
            column = column.cast(pl.String())
        items.append(pl.when(column.is_not_null()).then(
            pl.concat_str([pl.lit(json.dumps(output.name) + ":"), _json_value(column)])))
    return pl.concat_str([pl.lit("{"), pl.concat_str(items, separator=",", ignore_nulls=True),
                          pl.lit("}")])


def _missing(plan: Plan, frame: pl.DataFrame) -> pl.Expr:
    parts = []
    for index in range(len(plan.criteria)):
        if f"m{index}" in frame.columns:
            parts.append(pl.when(pl.col(f"c{index}").is_null()).then(pl.col(f"m{index}")))
    for number in range(len(plan.outputs)):
        if f"n{number}" in frame.columns:
            given = ~pl.col(f"a{number}").fill_null(False) if f"a{number}" in frame.columns \
                else pl.lit(True)
            parts.append(pl.when(pl.col(f"u{number}").is_null() & given
                                 & (pl.col("outcome") != Outcome.INELIGIBLE.value))
                         .then(pl.col(f"n{number}")))
    empty = pl.lit([], dtype=pl.List(pl.String()))
    if not parts:
        return empty
    joined = pl.concat_list([p.fill_null(empty) for p in parts])
    # Unique, in the order found (sorting lists on columns costs more than the rest of
    # the row): a decision sorts them.
    return joined.list.unique(maintain_order=True)


def _unknown(plan: Plan, frame: pl.DataFrame) -> pl.Expr:
    """``{criterion id: [missing facts]}`` of the criteria whose result is unknown."""
    parts = [pl.when(pl.col(f"c{index}").is_null()).then(
        pl.col(f"m{index}").list.unique(maintain_order=True)).alias(criterion.id)
        for index, criterion in enumerate(plan.criteria) if f"m{index}" in frame.columns]
    if not parts:
        return pl.lit("{}")
    return pl.struct(parts).struct.json_encode()


def _decided_rows(result: ProgramResult, lang: Language) -> dict[int, dict[str, Any]]:
    """The compact fields of the rows the interpreter decided."""
    out: dict[int, dict[str, Any]] = {}
    plan = result.plan
    for row, evaluation in result.decided.items():
        if isinstance(evaluation, Exception):
            out[row] = {"error": error_json([not_screened(evaluation)], lang)[0]}
            continue
        out[row] = evaluation_fields(plan, evaluation)
    return out


def evaluation_fields(plan: Plan, evaluation: Evaluation) -> dict[str, Any]:
    """The compact fields of one evaluation (a row the interpreter decided)."""
    results: list[str] = []
    chains: list[int] = []
    missing: set[str] = set()
    values: list[Any] = []
    unknown: dict[str, list[str]] = {}
    for index, (criterion, verdict, applied, seen) in enumerate(zip(
            plan.criteria, evaluation.verdicts, evaluation.applied, evaluation.observed,
            strict=True)):
        results.append(_STATUS.get(verdict, CriterionStatus.UNKNOWN.value)
                       if isinstance(verdict, bool) else CriterionStatus.UNKNOWN.value)
        chains.append(plan.chains[index].index(tuple(applied)))
        if isinstance(verdict, Unknown):
            missing.update(verdict.missing)
            unknown[criterion.id] = sorted(verdict.missing)
        for number, (i, j) in enumerate(plan.observables):
            if i == index and number not in plan.constants:
                values.append(to_value(seen[j]))
    amounts, details = {}, {}
    for name, value in evaluation.outputs.items():
        if isinstance(value, Absent):  # given only in some cases, not in this one
            continue
        if isinstance(value, Unknown):
            missing.update(value.missing)
        elif isinstance(value, bool | str):
            details[name] = value
        else:
            amounts[name] = to_value(Decimal(value))
    return {"outcome": evaluation.outcome.value, "results": results, "exceptions": chains,
            "values": json.dumps(values, ensure_ascii=False, separators=(",", ":")),
            "amounts": json.dumps(amounts, ensure_ascii=False, separators=(",", ":")),
            "details": json.dumps(details, ensure_ascii=False, separators=(",", ":")),
            "missing": sorted(missing),
            "unknown": json.dumps(unknown, ensure_ascii=False, separators=(",", ":"))}


def _program_rows(chunk: ScreenedChunk, order: int, program: Program,
                  result: ProgramResult) -> pl.DataFrame:
    plan = result.plan
    frame = result.frame
    # As a decision has them: numbers are amounts (as text), flags and texts details.
    decimal = [n for n, o in enumerate(plan.outputs) if o.type in (DECIMAL, INT)]
    other = [n for n, o in enumerate(plan.outputs) if o.type not in (DECIMAL, INT)]
    ineligible = pl.col("outcome") == Outcome.INELIGIBLE.value
    # Each column made on the few columns it reads and joined on them alone (a join of
    # the whole frame would copy every column of it).
    lists, coded = lists_coded(frame, [len(chains) for chains in plan.chains])
    listed = frame.select(*lists)
    if coded is not None:
        listed = listed.join(coded, on=LISTS_CODE, how="left", maintain_order="left")
    texts = [
        distinct_text(frame, _values(plan)).alias("values"),
        distinct_text(frame, pl.when(ineligible).then(pl.lit("{}"))
                      .otherwise(_outputs(plan, decimal))).alias("amounts"),
        distinct_text(frame, pl.when(ineligible).then(pl.lit("{}"))
                      .otherwise(_outputs(plan, other))).alias("details")]
    # The missing facts, on the rows the second pass computed them for only.
    found = [c for c in frame.columns if c[0] in "mn" and c[1:].isdigit()]
    empty = pl.lit([], dtype=pl.List(pl.String()))
    if found:
        unknown = frame.filter(pl.any_horizontal([pl.col(c).is_not_null() for c in found])) \
            .select("_r0", _missing(plan, frame).alias("missing"),
                    _unknown(plan, frame).alias("unknown"))
        joined = frame.select("_r0").join(unknown, on="_r0", how="left",
                                          maintain_order="left")
        facts = [pl.lit(joined["missing"]).fill_null(empty).alias("missing"),
                 pl.lit(joined["unknown"]).fill_null(pl.lit("{}")).alias("unknown")]
    else:
        facts = [empty.alias("missing"), pl.lit("{}").alias("unknown")]
    rows = frame.select(
        pl.col("_h"), pl.col("_key"),
        pl.lit(order, dtype=pl.Int32()).alias("_order"),
        pl.lit(program.id).alias("program"),
        pl.lit(program.epoch(chunk.on), dtype=pl.Int32()).alias("period"),
        pl.col("outcome"), listed["results"], listed["exceptions"], *texts,
        *facts,
        pl.lit(None, dtype=pl.String()).alias("error"))
    decided = _decided_rows(result, chunk.lang)
    return _patched(rows, decided) if decided else rows


def _patched(rows: pl.DataFrame, decided: dict[int, dict[str, Any]]) -> pl.DataFrame:
    """``rows`` with the rows the interpreter decided written from their evaluations."""
    numbered = rows.with_row_index("_row")
    records = numbered.filter(pl.col("_row").is_in(list(decided))).to_dicts()
    for record in records:
        record.update(decided[record["_row"]])
    patch = pl.DataFrame(records, schema=numbered.schema)
    return pl.concat([numbered.filter(~pl.col("_row").is_in(list(decided))), patch]) \
        .sort("_row").drop("_row")


def chunk_table(chunk: ScreenedChunk) -> pl.DataFrame:
    """Every decision and error record of a chunk screened on the columnar engine, as rows
    of :data:`COMPACT_COLUMNS`, in input order (programs in the order chosen, applicants in file
    order)."""
    parts = [_program_rows(chunk, order, program, chunk.results[program.id])
             for order, program in enumerate(chunk.programs) if program.id in chunk.results]
    parts += _not_in_force_rows(chunk)
    records = _records(chunk)
    # Each household's record (``_rec``: its position in the chunk's records).
    home_records = [0] * len(chunk.households)
    for position, record in enumerate(chunk.records):
        if record.index is not None:
            home_records[record.index] = position
    decided = pl.concat([part.select([pl.col(n).cast(t) for n, t in _DECIDED.items()])
                         for part in parts]) if parts \
        else pl.DataFrame(schema=_DECIDED)
    decided = decided.with_columns(pl.lit(pl.Series(home_records, dtype=pl.Int32()))
                                   .gather(pl.col("_h")).alias("_rec"))
    decided, failed = failed_records(decided)
    done = decided["_rec"].unique().implode()
    alone = pl.concat([  # a record with no decision: an error record, or nobody applies
        failed, pl.int_range(len(chunk.records), dtype=pl.Int32(), eager=True).alias("_rec")
        .to_frame().filter(~pl.col("_rec").is_in(done) & ~pl.col("_rec").is_in(
            failed["_rec"].implode()))], how="diagonal")
    alone = alone.select(*[pl.col(n) if n in alone.columns else pl.lit(None, dtype=t).alias(n)
                           for n, t in decided.schema.items()], pl.col("errors"))
    rows = in_input_order(pl.concat([decided.with_columns(
        pl.lit(None, dtype=pl.String()).alias("errors")), alone], rechunk=False),
        len(chunk.programs))
    shared = by_index(records, rows["_rec"])
    person = rows.select("_h", "_key").join(applicants(chunk.batch.people, chunk.lang),
                                            on=["_h", "_key"], how="left",
                                            maintain_order="left")
    error = pl.coalesce(rows["error"], shared["error"])
    table = rows.with_columns(
        shared["line"], shared["household"], person["applicant"], person["category"],
        person["category_label"], error.alias("error"),
        pl.coalesce(rows["errors"], shared["errors"]).alias("errors"),
        pl.when(error.is_null()).then(shared["not_yet_born"]).alias("not_yet_born"))
    return table.select([pl.col(n).cast(t) for n, t in COMPACT_COLUMNS.items()])


def _records(chunk: ScreenedChunk) -> pl.DataFrame:
    """One row per record of the chunk, in input order: ``line``, ``household``,
    ``not_yet_born`` (a screened record's), ``error`` and ``errors`` (an error record's)."""
    import pyarrow as pa  # noqa: PLC0415 - with Polars, in the columnar extra

    errors: list[str | None] = []
    every: list[str | None] = []
    born: list[str] = []
    offsets = [0]
    for record in chunk.records:
        if record.index is None:
            first, found = error_json(record.problems, chunk.lang)
            errors.append(first)
            every.append(found)
        else:
            errors.append(None)
            every.append(None)
            born += chunk.households[record.index].not_yet_born
        offsets.append(len(born))
    # Built from offsets: a list per record (mostly empty) costs far more from Python lists.
    not_yet_born = pa.LargeListArray.from_arrays(
        pa.array(offsets, pa.int64()), pa.array(born, pa.large_string()),
        mask=pa.array([e is not None for e in errors]))
    return pl.DataFrame({
        "line": pl.Series([r.line for r in chunk.records], dtype=pl.Int64()),
        "household": pl.Series([r.household for r in chunk.records], dtype=pl.String()),
        "not_yet_born": pl.Series(not_yet_born).cast(pl.List(pl.String())),
        "error": pl.Series(errors, dtype=pl.String()),
        "errors": pl.Series(every, dtype=pl.String()),
    })


def _not_in_force_rows(chunk: ScreenedChunk) -> list[pl.DataFrame]:
    out = []
    for order, program in enumerate(chunk.programs):
        if program.id in chunk.results:
            continue
        found: dict[str, list[Any]] = {"_h": [], "_key": []}
        for index, house in enumerate(chunk.households):
            for person in chunk.book.applicants(program, house):
                found["_h"].append(index)
                found["_key"].append(next(k for k, p in enumerate(house.people)
                                          if p is person))
        frame = pl.DataFrame({"_h": pl.Series(found["_h"], dtype=pl.Int32()),
                              "_key": pl.Series(found["_key"], dtype=pl.Int32())})
        out.append(frame.with_columns(
            pl.lit(order, dtype=pl.Int32()).alias("_order"), pl.lit(program.id).alias("program"),
            pl.lit(program.epoch(chunk.on), dtype=pl.Int32()).alias("period"),
            pl.lit(Outcome.INELIGIBLE.value).alias("outcome"),
            pl.lit([CriterionStatus.FAILED.value]).alias("results"),
            pl.lit([0], dtype=pl.List(pl.Int32())).alias("exceptions"),
            pl.lit("{}").alias("values"), pl.lit("{}").alias("amounts"),
            pl.lit("{}").alias("details"),
            pl.lit([], dtype=pl.List(pl.String())).alias("missing"),
            pl.lit("{}").alias("unknown"), pl.lit(None, dtype=pl.String()).alias("error")))
    return out
