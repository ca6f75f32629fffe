"""The rule book's methods over a whole roster: screening it, and comparing two rule
books over it (mixed into :class:`RuleBook`, whose other methods decide one household).
The machinery they run is imported when they are called: a one-off check never loads
it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Self

from eligibility._model.vocabulary import Language

if TYPE_CHECKING:
    from eligibility._model.roster_io import RosterRecord

    from .diff import RosterDiff
    from .roster import ScreenedChunk

__all__ = ["RosterMethods"]


class RosterMethods:
    """:meth:`screen_roster` and :meth:`diff`, for :class:`RuleBook`."""

    def screen_roster(
        self,
        records: Iterable[RosterRecord],
        *,
        on: date,
        lang: str = Language.EN,
        programs: Sequence[str] | None = None,
        batch_size: int = 20_000,
        next_change: bool = False,
        changes_within: int | None = None,
    ) -> Iterator[ScreenedChunk]:
        """Screen a roster's records (:func:`read_roster`), ``batch_size`` at a time.

        Each chunk gives, record by record in input order, its decisions (as
        :meth:`screen` gives them) or why it was not screened; with the columnar engine
        (:meth:`with_engine`) the chunk is decided in one pass per program, and also
        gives its decisions as columns (compact output). Memory is bounded by the chunk.
        A Parquet roster as :func:`read_roster` gives it, not yet read, is then read a
        chunk of rows at a time and checked on its columns (the household model's checks,
        held to it by test; a refused row is read by the model for its problems), and a
        chunk's households are models made only when asked for.

        With ``next_change``, each decision also carries its next change (as
        :meth:`evaluate` gives it); with ``changes_within``, a chunk lists instead, per
        record, the people whose outcome changes within that many days (as
        :meth:`changes_within` gives them: ``chunk.changes(record)``). Time is scanned one
        household at a time, on the native engine when this book's is columnar; compact
        rows hold neither.

        Raises:
            UnknownProgramError, HouseholdError: an unknown program, a bad date,
                language or number of days (before any record is read).

        .. versionadded:: 0.2
        """
        from .screening import screen_records  # noqa: PLC0415 - rosters only

        return screen_records(self, records, on=on, lang=lang, programs=programs,
                              batch_size=batch_size, next_change=next_change,
                              changes_within=changes_within)

    def diff(
        self,
        other: Self,
        records: Iterable[RosterRecord],
        *,
        on: date,
        programs: Sequence[str] | None = None,
        batch_size: int = 100_000,
    ) -> RosterDiff:
        """What ``other`` (a proposed change of these rules) decides differently over a
        roster's records (:func:`read_roster`) on ``on``: who gains and who loses which
        benefit, and why (the criteria whose result changed), with counts by program and
        member category and the amounts' totals before and after. Both rule books are
        run on the columnar engine (``pip install 'eligibility[columnar]'``).

        Raises:
            UnknownProgramError: a program neither rule book has.
            EngineUnavailableError: Polars is not installed.

        .. versionadded:: 0.2
        """
        from .diff import diff_records  # noqa: PLC0415 - the columnar extra

        return diff_records(self, other, records, on=on, programs=programs,
                            batch_size=batch_size)
