"""Screening a roster: records in, decisions out, in bounded chunks.

Records (:class:`~eligibility._model.roster_io.RosterRecord`) are taken a chunk at a time
(``batch_size`` of them): each readable record is checked by the household model (one
definition of what a valid household is), and the chunk's valid households are decided
together (:mod:`.screening`; a Parquet roster on the columnar engine is checked on its
columns instead, :mod:`.roster_rows`). With the columnar engine a chunk is one
:class:`Batch` and its programs' queries run together over it; with any other engine each
household is screened in turn. Either way a
chunk gives, for each record in input order, its decisions (the same as
:meth:`RuleBook.screen` gives, in the same order) or the problems that kept it from being
screened; with the columnar engine it also gives its decisions as columns
(:meth:`ScreenedChunk.table`, the compact output of :mod:`.compact`), without building a
:class:`Decision` per row.

Time is looked at one household at a time: a decision's next change (``next_change``)
and who changes soon (``changes_within``, :meth:`ScreenedChunk.changes`) scan each
person's change dates, a few evaluations each on dates of its own, which a batch of
households on one date cannot share. They run on the book's engine, or on the native
engine when the book's is columnar (the engines decide alike, by test; the columnar one
evaluates a single household as a batch of one, far slower). With ``next_change`` the
columnar engine still decides the day; with ``changes_within`` no decision is asked for.
Compact rows hold neither (:meth:`ScreenedChunk.table` refuses).

Memory is bounded by the chunk, not the roster.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from eligibility._compile.ir import Program
from eligibility._engines.protocol import Evaluation
from eligibility._model.collector import collector_paused
from eligibility._model.decision import Decision
from eligibility._model.errors import HouseholdError, Problem
from eligibility._model.household import Household, Person
from eligibility._model.household_io import parse_household
from eligibility._model.numbers import arithmetic
from eligibility._model.roster_io import RosterRecord
from eligibility._model.vocabulary import Language

from .explain import Explainer
from .requests import as_of as _as_of

if TYPE_CHECKING:
    import polars as pl

    from eligibility._engines.columnar.result import ProgramResult
    from eligibility._model.timeline import Upcoming

#: The rule book a roster is screened with (:class:`RuleBook`; not imported here, which
#: imports this module).
RuleBook = Any

__all__ = ["CheckedRecords", "ScreenedChunk", "ScreenedRecord", "check_records"]


@dataclass(slots=True)  # a chunk makes one per record: slots make it in half the time
class ScreenedRecord:
    """One record of a roster, screened or not.

    Attributes:
        line: its line in the input.
        household: the household's id, when it could be read.
        problems: why it was not screened (each with its code and field path); empty
            when it was.
        index: its household's position in the chunk's ``households``, or ``None``.
    """

    line: int
    household: str | None
    problems: list[Problem] = field(default_factory=list)
    index: int | None = None

    @property
    def screened(self) -> bool:
        return self.index is not None


@dataclass(frozen=True)
class _Asked:
    """What a roster run asks for besides the day's decisions (see the module's notes).

    Attributes:
        next_change: each decision's next change (:attr:`Decision.next_change`).
        within: the people whose outcome changes within this many days, instead.
        timelines: the rule book that scans time (a row-wise engine).
    """

    next_change: bool = False
    within: int | None = None
    timelines: RuleBook = None

    @property
    def over_time(self) -> bool:
        return self.next_change or self.within is not None


class ScreenedChunk:
    """The records of one chunk, and what was decided for them (made by
    :meth:`RuleBook.screen_roster`, with what it was asked: ``next_change``,
    ``changes_within``, and ``timelines``, the rule book that scans time)."""

    def __init__(self, book: RuleBook, records: list[ScreenedRecord],
                 households: Sequence[Household], programs: Sequence[Program], on: date,
                 lang: Language, *, full: Sequence[Household] | None = None,
                 next_change: bool = False, changes_within: int | None = None,
                 timelines: RuleBook = None) -> None:
        self.book = book
        self.records = records
        #: The valid households as they stand on ``on`` (people not yet born left out).
        self.households = households
        self.programs = programs
        self.on = on
        self.lang = lang
        self.asked = _Asked(next_change, changes_within, timelines)
        #: The households as given (with people not yet born): what time is scanned over.
        self.full = full if full is not None else households
        #: The columnar engine's results, by program id (programs in force only).
        self.results: dict[str, ProgramResult] = {}
        #: The columnar engine's batch (with the columnar engine only).
        self.batch: Any = None
        #: Per valid household, the ids of its people not yet born on ``on`` (a Polars
        #: list column), when the chunk was laid out from its columns.
        self.unborn: pl.Series | None = None

    # -- decisions, as models -----------------------------------------------------------------
    def decisions(self, record: ScreenedRecord) -> list[Decision]:
        """The record's decisions, as :meth:`RuleBook.screen` gives them (raises what
        deciding raised for this record)."""
        assert record.index is not None
        return self._decide(record.index)

    def changes(self, record: ScreenedRecord) -> list[Upcoming]:
        """The record's people whose outcome changes within ``changes_within`` days, as
        :meth:`RuleBook.changes_within` gives them (raises what that raised)."""
        assert record.index is not None
        if self.asked.within is None:
            raise ValueError("the roster was screened without changes_within")
        found: list[Upcoming] = self.asked.timelines.changes_within(
            self.full[record.index], on=self.on, days=self.asked.within, lang=self.lang,
            programs=[p.id for p in self.programs])
        return found

    def not_yet_born(self) -> pl.Series:
        """Per valid household, in order, the ids of its people not yet born on ``on``
        (who take no part), as a Polars list column."""
        if self.unborn is None:
            import polars as pl  # noqa: PLC0415 - with the columnar extra
            import pyarrow as pa  # noqa: PLC0415

            born: list[str] = []
            offsets = [0]
            for house in self.households:
                born += house.not_yet_born
                offsets.append(len(born))
            # Built from offsets: a list per household (mostly empty) costs far more from
            # Python lists.
            self.unborn = pl.Series(pa.LargeListArray.from_arrays(
                pa.array(offsets, pa.int64()), pa.array(born, pa.large_string()))
            ).cast(pl.List(pl.String()))
        return self.unborn

    def _decide(self, index: int) -> list[Decision]:
        house = self.households[index]
        if self.results:
            decided = self._decided(index, house)
        else:  # one household at a time, as RuleBook.screen decides
            decided = [(self.book._decide(program, house, person, self.on, self.lang),
                        program, person, None)
                       for program in self.programs
                       for person in self.book.applicants(program, house)]
        if not self.asked.next_change:
            return [decision for decision, _, _, _ in decided]
        timelines, full = self.asked.timelines, self.full[index]
        return [timelines._with_next_change(decision, program, full, person, self.on,
                                            self.lang, evaluation)
                for decision, program, person, evaluation in decided]

    def _decided(self, index: int, house: Household
                 ) -> list[tuple[Decision, Program, Person, Evaluation | None]]:
        """The household's decisions from the columnar results, each with what made it."""
        out: list[tuple[Decision, Program, Person, Evaluation | None]] = []
        for program in self.programs:
            result = self.results.get(program.id)
            people = self.book.applicants(program, house)
            if result is None:  # not in force on the date
                out.extend((_decide_with(self.book, program, house, p, self.on, self.lang,
                                         None), program, p, None) for p in people)
                continue
            positions = {id(p): k for k, p in enumerate(house.people)}
            for person in people:
                evaluation = result.evaluation(result.row_of(index, positions[id(person)]))
                out.append((_decide_with(self.book, program, house, person, self.on,
                                         self.lang, evaluation), program, person, evaluation))
        return out

    # -- decisions, as columns ----------------------------------------------------------------
    def table(self) -> pl.DataFrame:
        """Every decision and every error record of the chunk, one row each, in input
        order: the compact rows (:func:`compact_schema`) as a Polars frame of plain texts;
        only with the columnar engine, and for the day's decisions alone (no next change,
        no changes within)."""
        from .compact import chunk_table  # noqa: PLC0415 - Polars, with the columnar extra

        self._compact_rows()
        return chunk_table(self)

    def arrow_table(self) -> Any:
        """The rows of :meth:`table` as an Arrow table of :func:`compact_schema`, the
        texts the rows repeat dictionary-encoded (what Parquet output writes)."""
        from .compact import chunk_arrow  # noqa: PLC0415 - Polars, with the columnar extra

        self._compact_rows()
        return chunk_arrow(self)

    def _compact_rows(self) -> None:
        if self.asked.over_time:
            raise ValueError("compact rows hold the day's decisions alone: with next_change "
                             "or changes_within, read decisions() or changes()")

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


def _decide_with(book: RuleBook, program: Program, household: Household, applicant: Person,
                 on: date, lang: Language, evaluation: Evaluation | None) -> Decision:
    """The decision an evaluation made elsewhere (a batch) gives (``evaluation`` is
    ``None`` for a program not in force on ``on``)."""
    explainer: Explainer = book._explainer
    with arithmetic():
        if evaluation is None:
            return explainer.not_in_force(program, household, applicant, on, lang)
        return explainer.decision(program, household, applicant, on, lang, evaluation)


@dataclass
class CheckedRecords:
    """A chunk's records checked by the household model (see :func:`check_records`).

    Attributes:
        records: every record, in input order; a valid one with its household's index.
        households: the valid households as they stand on the date.
        full: the same households as given (with people not yet born).
    """

    records: list[ScreenedRecord] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    full: list[Household] = field(default_factory=list)


def check_records(records: Iterable[RosterRecord], on: date) -> CheckedRecords:
    """Each readable record checked by the household model, as :meth:`RuleBook.screen`
    checks a household, and taken as it stands on ``on``; a record that could not be
    read, or is not a valid household, keeps its problems (with their field paths)."""
    checked = CheckedRecords()
    screened, households, full = checked.records, checked.households, checked.full
    with collector_paused():  # millions of small objects, no cycle among them
        for record in records:
            if not record.readable:
                screened.append(ScreenedRecord(record.line, record.household,
                                               record.problems))
                continue
            try:
                given = parse_household(record.data)
                house = _as_of(given, on)
            except HouseholdError as exc:
                screened.append(ScreenedRecord(record.line, record.household,
                                               list(exc.problems)))
                continue
            screened.append(ScreenedRecord(record.line, house.id, index=len(households)))
            households.append(house)
            full.append(given)
    return checked
