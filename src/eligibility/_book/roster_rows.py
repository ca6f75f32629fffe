"""A chunk of a Parquet roster checked and laid out on its columns: the columnar engine's
way in.

A chunk whose Arrow schema is the roster's own (:func:`roster_schema`) is checked by
:func:`refused_rows`, the household model's checks written on columns and held to the
model by a differential test, and laid out by :func:`batch_of_rows` straight from its
columns. The household model stays the definition of a valid household: a row refused on
the columns is read by the model, which gives its problems (with their codes and field
paths, as for any other record); should the model accept it after all, it is screened like
the others, so nothing is lost. A chunk of any other schema is read record by record.

The valid households are models made when they are asked for (a full decision, a row the
interpreter decides, a household's next change), not for compact rows or a reform
comparison, which read the columns alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, overload

from eligibility._model.collector import collector_paused
from eligibility._model.errors import HouseholdError, Problem
from eligibility._model.household import Household
from eligibility._model.household_io import parse_household
from eligibility._model.roster_parquet import batch_records
from eligibility._model.vocabulary import Language

from .requests import as_of
from .roster import ScreenedChunk, ScreenedRecord

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa

    from eligibility._compile.ir import Program

__all__ = ["CheckedRows", "RowHouseholds", "check_rows", "lay_out", "screen_rows"]

RuleBook = Any


class RowHouseholds(Sequence[Household]):
    """The valid households of a chunk, each a model made from its row when first asked
    for (taken as it stands on ``on``), and kept while the chunk lives."""

    def __init__(self, rows: pa.RecordBatch, on: date, made: dict[int, Household]) -> None:
        self._rows = rows
        self._on = on
        self._made = made

    def __len__(self) -> int:
        return int(self._rows.num_rows)

    @overload
    def __getitem__(self, index: int) -> Household: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Household]: ...

    def __getitem__(self, index: int | slice) -> Household | Sequence[Household]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        found = self._made.get(index)
        if found is None:
            if not 0 <= index < len(self):
                raise IndexError(index)
            (record,) = batch_records(self._rows.slice(index, 1), 0, 0)
            # A row the columns accepted: the model accepts it (by test), on this date too.
            found = self._made[index] = as_of(parse_household(record.data), self._on)
        return found

    def __iter__(self) -> Iterator[Household]:
        return (self[i] for i in range(len(self)))


@dataclass
class CheckedRows:
    """A chunk's rows checked (see :func:`check_rows`).

    Attributes:
        records: every row's record, in input order; a valid one with its index.
        frame: the valid rows, as a Polars data frame.
        households: the valid households, made when asked for.
    """

    records: list[ScreenedRecord]
    frame: pl.DataFrame
    households: RowHouseholds


def check_rows(rows: pa.RecordBatch, line: int, on: date) -> CheckedRows:
    """The rows ``rows`` (the first on line ``line``) checked on their columns, and those
    refused there by the household model (see the module's notes)."""
    import polars as pl  # noqa: PLC0415 - the columnar extra

    from eligibility._model.columnar_checks import refused_rows  # noqa: PLC0415

    frame = pl.from_arrow(rows)
    assert isinstance(frame, pl.DataFrame)
    refused = refused_rows(frame, on)
    problems, accepted = _model_checked(rows, refused.arg_true().to_list(), on)
    ids = frame["id"].to_list()
    # The rows between two refused ones in one go: a kept row's household index is its
    # offset less the rows refused before it.
    records: list[ScreenedRecord] = []
    start = 0
    refused_at = sorted(problems)
    for before, offset in enumerate([*refused_at, len(ids)]):
        records += [ScreenedRecord(line + kept, ids[kept], [], kept - before)
                    for kept in range(start, offset)]
        if offset < len(ids):
            records.append(ScreenedRecord(line + offset, ids[offset], problems[offset]))
        start = offset + 1
    # Refused on the columns, accepted by the model: screened all the same.
    made = {offset - bisect.bisect_left(refused_at, offset): household
            for offset, household in accepted.items()}
    if problems:
        mask = ~pl.int_range(len(ids), eager=True).is_in(list(problems))
        frame, rows = frame.filter(mask), rows.filter(mask.to_arrow())
    return CheckedRows(records, frame, RowHouseholds(rows, on, made))


def lay_out(chunk: ScreenedChunk, checked: CheckedRows) -> None:
    """The chunk's valid households laid out for the columnar engine, from their rows."""
    from eligibility._engines.columnar.arrow_frames import (  # noqa: PLC0415
        batch_of_rows,
        unborn_ids,
    )

    chunk.unborn = unborn_ids(checked.frame, chunk.on)
    chunk.batch = batch_of_rows(checked.frame, chunk.on, checked.households)


def screen_rows(book: RuleBook, rows: pa.RecordBatch, line: int, programs: Sequence[Program],
                on: date, lang: Language, *, decide: bool) -> ScreenedChunk:
    """The chunk of roster rows ``rows`` (its first on line ``line``), screened on the
    columnar engine (with ``decide`` false, checked and laid out only)."""
    checked = check_rows(rows, line, on)
    chunk = ScreenedChunk(book, checked.records, checked.households, programs, on, lang)
    if checked.frame.height:
        lay_out(chunk, checked)
        if decide:
            chunk.results = book.engine.run_all([p for p in programs if p.in_force(on)],
                                                chunk.batch, on)
    return chunk


def _model_checked(rows: pa.RecordBatch, refused: list[int], on: date
                   ) -> tuple[dict[int, list[Problem]], dict[int, Household]]:
    """The rows refused on the columns, read by the household model: each one's problems,
    or its household if the model accepts it."""
    problems: dict[int, list[Problem]] = {}
    accepted: dict[int, Household] = {}
    if not refused:
        return problems, accepted
    import pyarrow as pa  # noqa: PLC0415 - the columnar extra

    with collector_paused():
        taken = rows.take(pa.array(refused, pa.int64()))
        for offset, record in zip(refused, batch_records(taken, 0, 0), strict=True):
            if not record.readable:  # a value Python cannot hold
                problems[offset] = record.problems
                continue
            try:
                accepted[offset] = as_of(parse_household(record.data), on)
            except HouseholdError as exc:
                problems[offset] = list(exc.problems)
    return problems, accepted
