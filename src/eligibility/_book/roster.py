"""Screening a roster: records in, decisions out, in bounded chunks.

Records (:class:`~eligibility._model.roster_io.RosterRecord`) are taken a chunk at a time
(``batch_size`` of them): each readable record is checked by the household model (one
definition of what a valid household is), and the chunk's valid households are decided
together. With the columnar engine a chunk is one :class:`Batch` and each program one
pass over it; with any other engine each household is screened in turn. Either way a
chunk gives, for each record in input order, its decisions (the same as
:meth:`RuleBook.screen` gives, in the same order) or the problems that kept it from being
screened; with the columnar engine it also gives its decisions as columns
(:meth:`ScreenedChunk.table`, the compact output of :mod:`.compact`), without building a
:class:`Decision` per row.

Memory is bounded by the chunk, not the roster.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from eligibility._compile.ir import Program
from eligibility._model.decision import Decision
from eligibility._model.errors import HouseholdError
from eligibility._model.household import Household
from eligibility._model.household_io import parse_household
from eligibility._model.roster_io import RosterRecord
from eligibility._model.vocabulary import EngineName, Language

from .households import as_of as _as_of

if TYPE_CHECKING:
    import polars as pl

    from eligibility._engines.columnar.result import ProgramResult

#: The rule book a roster is screened with (:class:`RuleBook`; not imported here, which
#: imports this module).
RuleBook = Any

__all__ = ["ScreenedChunk", "ScreenedRecord", "screen_records"]

#: Records decided together by default.
BATCH_SIZE = 20_000


@dataclass
class ScreenedRecord:
    """One record of a roster, screened or not.

    Attributes:
        line: its line in the input.
        household: the household's id, when it could be read.
        problems: why it was not screened (``(path, message)``); empty when it was.
        index: its household's position in the chunk's ``households``, or ``None``.
    """

    line: int
    household: str | None
    problems: list[tuple[str | None, str]] = field(default_factory=list)
    index: int | None = None

    @property
    def screened(self) -> bool:
        return self.index is not None


class ScreenedChunk:
    """The records of one chunk, and what was decided for them."""

    def __init__(self, book: RuleBook, records: list[ScreenedRecord],
                 households: list[Household], programs: Sequence[Program], on: date,
                 lang: Language) -> None:
        self.book = book
        self.records = records
        self.households = households
        self.programs = programs
        self.on = on
        self.lang = lang
        #: The columnar engine's results, by program id (programs in force only).
        self.results: dict[str, ProgramResult] = {}
        #: The columnar engine's batch (with the columnar engine only).
        self.batch: Any = None

    # -- decisions, as models -----------------------------------------------------------------
    def decisions(self, record: ScreenedRecord) -> list[Decision]:
        """The record's decisions, as :meth:`RuleBook.screen` gives them (raises what
        deciding raised for this record)."""
        assert record.index is not None
        return self._decide(record.index)

    def _decide(self, index: int) -> list[Decision]:
        house = self.households[index]
        if not self.results:
            decisions: list[Decision] = self.book.screen(
                house, on=self.on, lang=self.lang, programs=[p.id for p in self.programs])
            return decisions
        out: list[Decision] = []
        for program in self.programs:
            result = self.results.get(program.id)
            people = self.book.applicants(program, house)
            if result is None:  # not in force on the date
                out.extend(self.book._decide_with(program, house, p, self.on, self.lang, None)
                           for p in people)
                continue
            positions = {id(p): k for k, p in enumerate(house.people)}
            for person in people:
                evaluation = result.evaluation(result.row_of(index, positions[id(person)]))
                out.append(self.book._decide_with(program, house, person, self.on,
                                                  self.lang, evaluation))
        return out

    # -- decisions, as columns ----------------------------------------------------------------
    def table(self) -> pl.DataFrame:
        """Every decision and every error record of the chunk, one row each, in input
        order: the compact rows (:func:`compact_schema`); only with the columnar
        engine."""
        from .compact import chunk_table  # noqa: PLC0415 - Polars, with the columnar extra

        return chunk_table(self)

    def side_tables(self) -> list[dict[str, Any]]:
        """The side-table rows of the chunk's programs: what every decision of a program
        shares in the chunk's period and language (:func:`expand_compact` makes a full
        decision of a compact row and its side-table row)."""
        from .side_table import side_table  # noqa: PLC0415 - Polars, with the columnar extra

        return [side_table(self.book._explainer, program, self.on, self.lang,
                           plan=self.results[program.id].plan if program.id in self.results
                           else None)
                for program in self.programs]

    def outcomes(self) -> Counter[str]:
        """How many decisions of the chunk have each outcome."""
        counts: Counter[str] = Counter()
        for program in self.programs:
            result = self.results.get(program.id)
            if result is None:
                continue
            frame = result.frame
            for outcome, count in zip(*frame["outcome"].value_counts(sort=False)
                                      .to_dict(as_series=False).values(), strict=True):
                counts[str(outcome)] += int(count)
            for evaluation in result.decided.values():  # rows the interpreter decided
                if not isinstance(evaluation, Exception):
                    counts[evaluation.outcome.value] += 1
        return counts


def screen_records(book: RuleBook, records: Iterable[RosterRecord], *, on: date,
                   lang: Language, programs: Sequence[str] | None = None,
                   batch_size: int = BATCH_SIZE, decide: bool = True
                   ) -> Iterator[ScreenedChunk]:
    """The records screened, ``batch_size`` at a time, in input order (with ``decide``
    false, the households are checked and laid out but nothing is decided)."""
    chosen = [book.program(p) for p in programs] if programs else list(book.programs.values())
    chunk: list[RosterRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= batch_size:
            yield _screen_chunk(book, chunk, chosen, on, lang, decide)
            chunk = []
    if chunk:
        yield _screen_chunk(book, chunk, chosen, on, lang, decide)


def _screen_chunk(book: RuleBook, records: list[RosterRecord], programs: Sequence[Program],
                  on: date, lang: Language, decide: bool) -> ScreenedChunk:
    screened: list[ScreenedRecord] = []
    households: list[Household] = []
    for record in records:
        if not record.readable:
            screened.append(ScreenedRecord(record.line, record.household, record.problems))
            continue
        try:
            house = _as_of(parse_household(record.data), on)
        except HouseholdError as exc:
            screened.append(ScreenedRecord(record.line, record.household, list(exc.problems)))
            continue
        screened.append(ScreenedRecord(record.line, house.id, index=len(households)))
        households.append(house)
    chunk = ScreenedChunk(book, screened, households, programs, on, lang)
    if book.engine.name is EngineName.COLUMNAR and households:
        _run_columnar(book, chunk, decide)
    return chunk


def _run_columnar(book: RuleBook, chunk: ScreenedChunk, decide: bool) -> None:
    from eligibility._engines.columnar import Batch  # noqa: PLC0415 - the columnar extra
    from eligibility._engines.columnar.engine import tables_of  # noqa: PLC0415

    engine: Any = book.engine
    batch = chunk.batch = Batch.of(chunk.households, chunk.on)
    if not decide:
        return
    tables = tables_of(batch)
    for program in chunk.programs:
        if program.in_force(chunk.on):
            chunk.results[program.id] = engine.run(program, batch, chunk.on, tables)
