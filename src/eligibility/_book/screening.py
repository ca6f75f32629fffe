"""Screening a roster chunk by chunk (see :mod:`.roster` for what a chunk holds).

Records are taken ``batch_size`` at a time and checked by the household model; a Parquet
roster of the roster's own schema, on the columnar engine, is checked and laid out on its
columns instead (:mod:`.roster_rows`), a chunk of rows at a time, and the next chunk is
screened in a thread of its own while the caller works on the one it was given (one chunk
ahead: memory stays bounded by the chunk size).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import Any

from eligibility._compile.ir import Program
from eligibility._model.codes import ProblemCode
from eligibility._model.errors import HouseholdError, Problem
from eligibility._model.roster_io import Roster, RosterRecord
from eligibility._model.roster_parquet import batch_records
from eligibility._model.vocabulary import EngineName, Language

from .requests import check_arguments
from .roster import ScreenedChunk, _Asked, check_records
from .roster_rows import screen_rows

__all__ = ["BATCH_SIZE", "screen_records"]

#: Records decided together by default.
BATCH_SIZE = 20_000

#: The rule book a roster is screened with (:class:`RuleBook`).
RuleBook = Any


def screen_records(book: RuleBook, records: Iterable[RosterRecord], *, on: date,
                   lang: str, programs: Sequence[str] | None = None,
                   batch_size: int = BATCH_SIZE, decide: bool = True,
                   next_change: bool = False, changes_within: int | None = None
                   ) -> Iterator[ScreenedChunk]:
    """The records screened, ``batch_size`` at a time, in input order (with ``decide``
    false, the households are checked and laid out but nothing is decided; with
    ``next_change`` or ``changes_within``, see the module's notes).

    Raises:
        UnknownProgramError, HouseholdError: an unknown program, a bad date, language or
            number of days, at once (before any record is read).
    """
    language = check_arguments(on, lang)
    chosen = [book.program(p) for p in programs] if programs else list(book.programs.values())
    if changes_within is not None and (isinstance(changes_within, bool)
                                       or not isinstance(changes_within, int)
                                       or changes_within < 1):
        raise HouseholdError([Problem(ProblemCode.NOT_A_NUMBER_OF_DAYS, "changes_within",
                                      {"found": changes_within})])
    asked = _Asked(next_change, changes_within)
    if asked.over_time:
        timelines = book.with_engine(EngineName.NATIVE) \
            if book.engine.name is EngineName.COLUMNAR else book
        asked = _Asked(next_change, changes_within, timelines)
    return _chunks(book, records, on, language, chosen, batch_size,
                   decide and changes_within is None, asked)


def _chunks(book: RuleBook, records: Iterable[RosterRecord], on: date, lang: Language,
            chosen: list[Program], batch_size: int, decide: bool, asked: _Asked
            ) -> Iterator[ScreenedChunk]:
    if isinstance(records, Roster) and records.parquet is not None and not records.started \
            and book.engine.name is EngineName.COLUMNAR and not asked.over_time:
        yield from _table_chunks(book, records, on, lang, chosen, batch_size, decide)
        return
    chunk: list[RosterRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= batch_size:
            screened = _screen_chunk(book, chunk, chosen, on, lang, decide, asked)
            chunk = []  # the records' data is done with: not kept while the caller works
            yield screened
    if chunk:
        screened = _screen_chunk(book, chunk, chosen, on, lang, decide, asked)
        chunk = []
        yield screened


def _table_chunks(book: RuleBook, roster: Roster, on: date, lang: Language,
                  chosen: list[Program], batch_size: int, decide: bool
                  ) -> Iterator[ScreenedChunk]:
    """A Parquet roster's chunks, each checked and laid out on its columns when it has the
    roster's own schema (:mod:`.roster_rows`), else record by record."""
    from eligibility._model.roster_schema import roster_schema  # noqa: PLC0415 - pyarrow

    schema = roster_schema()

    def screen(line: int, rows: Any) -> ScreenedChunk:
        if rows.schema.equals(schema):
            return screen_rows(book, rows, line, chosen, on, lang, decide=decide)
        return _screen_chunk(book, batch_records(rows, line - 1, 0), chosen, on, lang,
                             decide, _Asked())

    # The next chunk is screened in a thread of its own while the caller works on this
    # one (Polars and Arrow release the interpreter's lock): one chunk ahead, no more.
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="screen")
    try:
        ahead: Future[ScreenedChunk] | None = None
        for line, rows in roster.tables(batch_size):
            job = pool.submit(screen, line, rows)
            if ahead is not None:
                yield ahead.result()
            ahead = job
        if ahead is not None:
            yield ahead.result()
    finally:  # also when the caller stops early: a chunk under way is finished first
        pool.shutdown(wait=True, cancel_futures=True)


def _screen_chunk(book: RuleBook, records: list[RosterRecord], programs: Sequence[Program],
                  on: date, lang: Language, decide: bool, asked: _Asked) -> ScreenedChunk:
    checked = check_records(records, on)
    chunk = ScreenedChunk(book, checked.records, checked.households, programs, on, lang,
                          full=checked.full, next_change=asked.next_change,
                          changes_within=asked.within, timelines=asked.timelines)
    if book.engine.name is EngineName.COLUMNAR and checked.households and asked.within is None:
        _run_columnar(book, chunk, decide)
    return chunk


def _run_columnar(book: RuleBook, chunk: ScreenedChunk, decide: bool) -> None:
    from eligibility._engines.columnar import Batch  # noqa: PLC0415 - the columnar extra

    engine: Any = book.engine
    batch = chunk.batch = Batch.of(chunk.households, chunk.on)
    if not decide:
        return
    # Every program of the chunk at once: their queries run together.
    chunk.results = engine.run_all([p for p in chunk.programs if p.in_force(chunk.on)],
                                   batch, chunk.on)
