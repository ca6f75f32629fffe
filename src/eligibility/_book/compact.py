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

from dataclasses import dataclass
from typing import Any

import polars as pl

from eligibility._compile.ir import Program
from eligibility._engines.columnar.plan import Plan
from eligibility._engines.columnar.result import ProgramResult
from eligibility._engines.columnar.rows import applying
from eligibility._language.types import DECIMAL, INT
from eligibility._model.vocabulary import CriterionStatus, Outcome

from .compact_columns import (
    applicants,
    by_index,
    distinct_index,
    failed_records,
    in_input_order,
    person_rows,
    row_lists,
)
from .compact_output import InOrder, dictionary_schema
from .compact_texts import (
    decided_rows,
    missing_facts,
    missing_list,
    outputs_text,
    unknown_text,
    values_text,
)
from .record_errors import error_json

#: A chunk of a roster (:class:`~.roster.ScreenedChunk`; not imported here, which imports
#: this module).
ScreenedChunk = Any

__all__ = ["COMPACT_COLUMNS", "chunk_arrow", "chunk_rows", "chunk_table", "compact_schema"]

#: The columns of a compact decision row (an error record has ``line``, ``household``,
#: ``error`` and ``errors`` only; a household nobody in which a program applies to has
#: a row with no ``program``).
COMPACT_COLUMNS: dict[str, pl.DataType] = {
    "line": pl.Int64(), "household": pl.String(), "applicant": pl.String(),
    "program": pl.String(), "period": pl.Int32(), "category": pl.String(),
    "category_label": pl.String(), "outcome": pl.String(), "results": pl.String(),
    "exceptions": pl.String(), "values": pl.String(), "amounts": pl.String(),
    "details": pl.String(), "missing": pl.String(), "unknown": pl.String(),
    "not_yet_born": pl.List(pl.String()), "error": pl.String(), "errors": pl.String(),
}


def compact_schema() -> Any:
    """The Arrow schema of compact roster rows (:meth:`ScreenedChunk.arrow_table`, what
    Parquet output writes): ``line``, ``household``, ``applicant``, ``program``,
    ``period`` (the program's period on the date), ``category``, ``category_label``,
    ``outcome``, ``results`` (each criterion's result, a JSON array), ``exceptions`` (for
    each criterion, which list of exceptions applied: an index into the side table's
    ``chains``, a JSON array), ``values`` (the values read that differ by row, a JSON
    array), ``amounts`` and ``details`` (JSON objects), ``missing`` (the facts missing,
    unsorted, a JSON array), ``unknown`` (each unknown criterion's missing facts, JSON),
    ``not_yet_born``; an error record has ``line``, ``household``, ``error`` and
    ``errors`` (JSON) only. The texts a chunk's rows repeat (``household`` to
    ``unknown``) are dictionary-encoded, each distinct text once; ``error`` and
    ``errors`` are string views, as Polars holds them. In a Parquet file the dictionary
    is an encoding, not a type: read back, every text is a plain string (and
    :meth:`ScreenedChunk.table` gives the same rows as a Polars frame of plain
    strings)."""
    return dictionary_schema(COMPACT_COLUMNS, DICTIONARY_COLUMNS)


#: The columns of a decision row made once per distinct value: each group is a table of
#: its own (its columns made on the distinct combinations of the program's columns they
#: read), and the rows hold an index into it (``i.<group>``).
_GROUPS: dict[str, dict[str, pl.DataType]] = {
    "decided": {name: pl.String() for name in (
        "outcome", "results", "exceptions", "values", "amounts", "details")},
    "facts": {"missing": pl.String(), "unknown": pl.String()},
}
#: The text columns of a compact row taken from a table (of the chunk's records, people,
#: programs, or a group's): dictionary-encoded in Arrow output.
DICTIONARY_COLUMNS = ("household", "applicant", "category", "category_label", "program",
                      *(name for columns in _GROUPS.values() for name in columns))
#: The columns of a program's decision rows before they are put in input order (``_h``,
#: ``_key``: the applicant; ``_order``: the program's place among those chosen).
_DECIDED: dict[str, pl.DataType] = {
    "_h": pl.Int32(), "_key": pl.Int32(), "_order": pl.Int32(), "error": pl.String(),
    **{f"i.{group}": pl.UInt32() for group in _GROUPS},
}

#: The columns of a chunk's people as decision rows show them.
_PEOPLE: dict[str, pl.DataType] = {
    "_h": pl.Int32(), "_key": pl.Int32(), "applicant": pl.String(), "category": pl.String(),
    "category_label": pl.String()}


@dataclass
class _Part:
    """Decision rows (:data:`_DECIDED`) and the tables their indexes point into."""

    rows: pl.DataFrame
    tables: dict[str, pl.DataFrame]


def _program_rows(chunk: ScreenedChunk, order: int, program: Program,
                  result: ProgramResult) -> _Part:
    plan = result.plan
    frame = result.frame
    # As a decision has them: numbers are amounts (as text), flags and texts details.
    decimal = [n for n, o in enumerate(plan.outputs) if o.type in (DECIMAL, INT)]
    other = [n for n, o in enumerate(plan.outputs) if o.type not in (DECIMAL, INT)]
    ineligible = pl.col("outcome") == Outcome.INELIGIBLE.value
    # All made at once, on the distinct combinations of the columns they read (far fewer
    # than rows: a grouping per program, not one per column).
    made = [pl.col("outcome"), *row_lists(len(plan.criteria)), values_text(plan).alias("values"),
            pl.when(ineligible).then(pl.lit("{}")).otherwise(outputs_text(plan, decimal))
            .alias("amounts"),
            pl.when(ineligible).then(pl.lit("{}")).otherwise(outputs_text(plan, other))
            .alias("details")]
    indexes, tables = {}, {}
    indexes["i.decided"], tables["decided"] = distinct_index(frame, made)
    indexes["i.facts"], tables["facts"] = _facts(plan, frame)
    rows = frame.select(pl.col("_h"), pl.col("_key"),
                        pl.lit(order, dtype=pl.Int32()).alias("_order"),
                        pl.lit(None, dtype=pl.String()).alias("error"),
                        *[pl.lit(i).cast(pl.UInt32()).alias(n) for n, i in indexes.items()])
    part = _Part(rows, {group: tables[group].select(
        [pl.col(n).cast(t) for n, t in columns.items()]) for group, columns in _GROUPS.items()})
    decided = decided_rows(result, chunk.lang)
    return _patched(part, decided) if decided else part


def _facts(plan: Plan, frame: pl.DataFrame) -> tuple[pl.Series, pl.DataFrame]:
    """``missing`` and ``unknown``, on the rows the second pass computed them for only
    (the others have none): the table of their distinct values, and each row's index."""
    found = [c for c in frame.columns if c[0] in "mn" and c[1:].isdigit()]
    none = pl.DataFrame({"missing": ["[]"], "unknown": ["{}"]}, schema=_GROUPS["facts"])
    if not found:
        return pl.repeat(0, frame.height, dtype=pl.UInt32(), eager=True), none
    computed = frame.select(pl.any_horizontal([pl.col(c).is_not_null() for c in found])) \
        .to_series()
    every = computed.all()  # (as for every applicant to the excellence award)
    # The texts are made of the missing facts that count alone: grouped on those.
    facts = (frame if every else frame.filter(computed)).select(missing_facts(plan, frame))
    made = [missing_list(facts.columns).alias("missing"),
            unknown_text(plan, facts.columns).alias("unknown")]
    index, table = distinct_index(facts, made)
    rows = index if every else pl.repeat(table.height, frame.height, dtype=pl.UInt32(),
                                         eager=True).scatter(computed.arg_true(), index)
    return rows, pl.concat([table.select([pl.col(n).cast(t) for n, t in
                                          _GROUPS["facts"].items()]), none])


def _patched(part: _Part, decided: dict[int, dict[str, Any]]) -> _Part:
    """``part`` with the rows the interpreter decided written from their evaluations (each
    value of theirs added to its table)."""
    rows = part.rows.to_dict(as_series=False)
    tables = dict(part.tables)
    for row, fields in decided.items():
        if "error" in fields:  # its whole record becomes an error record
            rows["error"][row] = fields["error"]
            continue
        for group, columns in _GROUPS.items():
            rows[f"i.{group}"][row] = tables[group].height
            tables[group] = pl.concat([tables[group], pl.DataFrame(
                {n: [fields[n]] for n in columns}, schema=columns)])
    return _Part(pl.DataFrame(rows, schema=part.rows.schema), tables)


def chunk_table(chunk: ScreenedChunk) -> pl.DataFrame:
    """Every decision and error record of a chunk screened on the columnar engine, as rows
    of :data:`COMPACT_COLUMNS`, in input order (programs in the order chosen, applicants in
    file order): a Polars frame of plain texts."""
    return chunk_rows(chunk).frame()


def chunk_arrow(chunk: ScreenedChunk) -> Any:
    """The rows of :func:`chunk_table` as an Arrow table of :func:`compact_schema` (the
    repeated texts dictionary-encoded)."""
    return chunk_rows(chunk).arrow()


def chunk_rows(chunk: ScreenedChunk) -> InOrder:
    """Every decision and error record of a chunk, narrow, in input order."""
    # Each program's rows, in the order chosen (each in the order of its applicants).
    parts = [_program_rows(chunk, order, program, chunk.results[program.id])
             if program.id in chunk.results else _not_in_force_rows(chunk, order, program)
             for order, program in enumerate(chunk.programs)]
    records = _records(chunk)
    # Each household's record (``_rec``: its position in the chunk's records).
    home_records = [0] * len(chunk.households)
    for position, record in enumerate(chunk.records):
        if record.index is not None:
            home_records[record.index] = position
    # One table per group for the chunk; each part's indexes shifted to its rows in it.
    tables = {group: pl.concat([part.tables[group] for part in parts], rechunk=True) if parts
              else pl.DataFrame(schema=columns) for group, columns in _GROUPS.items()}
    starts = dict.fromkeys(_GROUPS, 0)
    shifted = []
    for part in parts:
        shifted.append(part.rows.select([pl.col(n).cast(t) for n, t in _DECIDED.items()])
                       .with_columns(pl.col(f"i.{g}") + pl.lit(starts[g], dtype=pl.UInt32())
                                     for g in _GROUPS))
        for group in _GROUPS:
            starts[group] += part.tables[group].height
    decided = pl.concat(shifted) if shifted else pl.DataFrame(schema=_DECIDED)
    decided = decided.with_columns(pl.lit(pl.Series(home_records, dtype=pl.Int32()))
                                   .gather(pl.col("_h")).alias("_rec"))
    decided, failed = failed_records(decided)
    if failed.height:  # a record one of whose decisions failed becomes an error record
        records = _failed(records, failed)
    people = applicants(chunk.batch.people, chunk.lang) if chunk.batch is not None \
        else pl.DataFrame(schema=_PEOPLE)  # a chunk with no valid household: nobody
    # The rows sorted are narrow: whole numbers (the texts are taken by index after).
    decided = decided.select("_rec", "_order", "_key", _person(people, decided),
                             *[f"i.{g}" for g in _GROUPS])
    # A record with no decision: an error record, or one nobody in which applies.
    seen = pl.zeros(len(chunk.records), dtype=pl.Boolean(), eager=True)
    seen.scatter(decided["_rec"], True)
    alone = pl.int_range(len(chunk.records), dtype=pl.Int32(), eager=True).alias("_rec") \
        .filter(~seen).to_frame()
    rows = in_input_order(pl.concat([decided, alone], how="diagonal_relaxed", rechunk=False),
                          len(chunk.programs))
    return _base(chunk, rows, records, people, tables)


def _person(people: pl.DataFrame, decided: pl.DataFrame) -> pl.Series:
    """Each decision's applicant's row in ``people``."""
    person = person_rows(people, decided)
    if person is None:
        person = decided.select("_h", "_key").join(
            people.select("_h", "_key").with_row_index("_person"), on=["_h", "_key"],
            how="left", maintain_order="left")["_person"]
    return person.alias("_person")


def _failed(records: pl.DataFrame, failed: pl.DataFrame) -> pl.DataFrame:
    """``records`` with those of ``failed`` (``_rec``, ``error``, ``errors``) made error
    records (their people not yet born left out, as any error record's)."""
    joined = records.with_row_index("_rec").join(
        failed.with_columns(pl.col("_rec").cast(pl.UInt32())), on="_rec", how="left",
        maintain_order="left", suffix=".failed")
    failing = pl.col("error.failed").is_not_null()
    return joined.select(
        "line", "household",
        pl.when(failing).then(None).otherwise(pl.col("not_yet_born")).alias("not_yet_born"),
        pl.coalesce("error.failed", "error").alias("error"),
        pl.coalesce("errors.failed", "errors").alias("errors"))


def _base(chunk: ScreenedChunk, rows: pl.DataFrame, records: pl.DataFrame,
          people: pl.DataFrame, tables: dict[str, pl.DataFrame]) -> InOrder:
    """The compact rows of ``rows`` (in input order): each column taken, by index, from
    the record, the person, the program or the group's table its row points to."""
    # The household by index; an error record's people not yet born are null.
    shared = by_index(records.drop("household"), rows["_rec"])
    periods = pl.Series([p.epoch(chunk.on) for p in chunk.programs], dtype=pl.Int32())
    base = rows.select(pl.col("_order"), pl.col("_rec"), pl.col("_person"),
                       *[pl.col(f"i.{g}") for g in _GROUPS]).with_columns(
        shared["line"], shared["error"], shared["errors"], shared["not_yet_born"],
        periods.gather(rows["_order"]).alias("period"))
    return InOrder(base, {
        "_rec": records.select("household"),
        "_person": people.select("applicant", "category", "category_label"),
        "_order": pl.DataFrame({"program": [p.id for p in chunk.programs]},
                               schema={"program": pl.String()}),
        **{f"i.{group}": table for group, table in tables.items()}},
        COMPACT_COLUMNS, compact_schema())


def _records(chunk: ScreenedChunk) -> pl.DataFrame:
    """One row per record of the chunk, in input order: ``line``, ``household``,
    ``not_yet_born`` (a screened record's), ``error`` and ``errors`` (an error record's)."""
    errors: list[str | None] = []
    every: list[str | None] = []
    for record in chunk.records:
        if record.index is None:
            first, found = error_json(record.problems, chunk.lang)
            errors.append(first)
            every.append(found)
        else:
            errors.append(None)
            every.append(None)
    # Each screened record's household's list (an error record's index is null: null).
    indexes = pl.Series([r.index for r in chunk.records], dtype=pl.Int64())
    not_yet_born = chunk.not_yet_born().gather(indexes) if len(chunk.households) \
        else pl.Series([None] * len(indexes), dtype=pl.List(pl.String()))
    return pl.DataFrame({
        "line": pl.Series([r.line for r in chunk.records], dtype=pl.Int64()),
        "household": pl.Series([r.household for r in chunk.records], dtype=pl.String()),
        "not_yet_born": not_yet_born.alias("not_yet_born"),
        "error": pl.Series(errors, dtype=pl.String()),
        "errors": pl.Series(every, dtype=pl.String()),
    })


_KEYS = {"_h": pl.Int32(), "_key": pl.Int32()}


#: The one row of every table of a program not in force on the date.
_NOT_IN_FORCE: dict[str, dict[str, list[Any]]] = {
    "decided": {"outcome": [Outcome.INELIGIBLE.value],
                "results": [f'["{CriterionStatus.FAILED.value}"]'], "exceptions": ["[0]"],
                "values": ["{}"], "amounts": ["{}"], "details": ["{}"]},
    "facts": {"missing": ["[]"], "unknown": ["{}"]}}


def _not_in_force_rows(chunk: ScreenedChunk, order: int, program: Program) -> _Part:
    frame = chunk.batch.people.filter(applying(program)).select("_h", "_key") \
        if chunk.batch is not None else pl.DataFrame(schema=_KEYS)  # nobody valid
    return _Part(frame.with_columns(
        pl.lit(order, dtype=pl.Int32()).alias("_order"),
        pl.lit(None, dtype=pl.String()).alias("error"),
        *[pl.lit(0, dtype=pl.UInt32()).alias(f"i.{group}") for group in _GROUPS]),
        {group: pl.DataFrame(_NOT_IN_FORCE[group], schema=columns)
         for group, columns in _GROUPS.items()})
