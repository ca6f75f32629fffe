"""Reading a roster (a whole membership file): one household per record, streamed.

Formats:

* **JSON Lines** (``.jsonl``, ``.ndjson``): one household object per line, as in a
  household file. Blank lines are skipped (they are not records).
* **CSV** (``.csv``): a header row, then one household per row. Either a single column
  ``household`` holding the household as JSON, or flat columns: ``id``, ``dues``,
  ``bank_account``, ``social_hardship``, ``affiliate.<field>`` for each field of the
  affiliate, and ``spouses``, ``children``, ``parents``, ``history`` holding JSON arrays.
  A dotted column name sets a nested field; an empty cell leaves the field out (an
  unknown fact, or the default); text cells are converted like JSON strings (``true``,
  ``2500.50``, ``2026-05-20``).
* **Parquet** (``.parquet``): one household per row, its fields as (nested) columns named
  like the household file's (:func:`roster_schema` gives the layout, from the household
  model). A null is an unknown fact where the field may be unknown, and a field left out
  elsewhere (a list, the schema version). Rows are numbered from 1 (``line``).

Each record is read into a :class:`RosterRecord`: its line (for CSV, the line its row
starts on; the header is line 1), and either the household's data (still to be checked
by the household model) or the problems that kept it from being read (broken JSON, not
UTF-8, a wrong number of CSV cells). One bad record never stops the others; only a roster
that cannot be opened, or a CSV header that cannot be used, raises
:class:`~eligibility.InputError`, its problem coded.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .codes import ProblemCode
from .errors import Problem
from .household_io import JsonValueError, file_error, input_error, load_json, text_value
from .roster_parquet import parquet_records, parquet_tables
from .roster_records import RosterRecord, household_id

__all__ = ["ROSTER_FORMATS", "Roster", "RosterRecord", "read_roster", "roster_format"]

#: The roster formats, by name.
ROSTER_FORMATS = ("jsonl", "csv", "parquet")
LIST_COLUMNS = frozenset({"spouses", "children", "parents", "history"})
_BOM = "\ufeff"


class _RecordError(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems[0].code.value if problems else "invalid record")
        self.problems = list(problems)


def _bad(code: ProblemCode, path: str | None = None, **params: Any) -> _RecordError:
    return _RecordError([Problem(code, path, params)])


def roster_format(path: str, given: str | None) -> str:
    """``jsonl``, ``csv`` or ``parquet``: as given, else from the file's extension (JSON
    Lines for ``-``)."""
    if given:
        return given
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".jsonl", ".ndjson", ".json") or path == "-":
        return "jsonl"
    raise input_error(path, ProblemCode.ROSTER_FORMAT, suffix=suffix or "—")


class Roster(Iterator[RosterRecord]):
    """The records of a roster, read as they are asked for (see :func:`read_roster`).

    A Parquet roster can also be read a table of rows at a time (:meth:`tables`), for the
    columnar engine to check and lay out on its columns; each is read once, either way.

    Attributes:
        parquet: the roster's path, when it is a Parquet file.
    """

    def __init__(self, records: Iterator[RosterRecord], parquet: Path | None, skip: int,
                 advance: Callable[[int], None]) -> None:
        self._records = records
        self.parquet = parquet
        self._skip = skip
        self._advance = advance
        self._started = False

    def __iter__(self) -> Roster:
        return self

    def __next__(self) -> RosterRecord:
        self._started = True
        return next(self._records)

    @property
    def started(self) -> bool:
        """Whether records were read already (as records or as tables)."""
        return self._started

    def tables(self, rows: int) -> Iterator[tuple[int, Any]]:
        """A Parquet roster's rows, at most ``rows`` at a time, as Arrow record batches
        each with the line of its first row (rows a resumed run has done left out).

        Raises:
            InputError: the roster cannot be opened or read (as reading its records).
            ValueError: not a Parquet roster, or records were read already.
        """
        if self.parquet is None or self._started:
            raise ValueError("a Parquet roster not yet read can be read as tables")
        self._started = True
        return parquet_tables(self.parquet, self._skip, self._advance, rows)


def read_roster(source: str | Path, fmt: str | None = None, *, skip: int = 0,
                advance: Callable[[int], None] | None = None,
                stdin: IO[bytes] | None = None) -> Roster:
    """The records of a roster file (``-``: JSON Lines from standard input), after line
    ``skip`` (the records a resumed run has done already), read as they are asked for.

    ``advance(n)`` is called with the bytes (Parquet: the rows) read, for a progress
    display.

    Raises:
        InputError: the roster cannot be opened, or a CSV header is unusable (when the
            first record is asked for).
    """
    name = str(source)
    fmt = roster_format(name, fmt)
    advance = advance or _ignore
    parquet = Path(name) if fmt == "parquet" and name != "-" else None
    return Roster(_read(name, fmt, skip, advance, stdin), parquet, skip, advance)


def _read(name: str, fmt: str, skip: int, advance: Callable[[int], None],
          stdin: IO[bytes] | None) -> Iterator[RosterRecord]:
    if name == "-":
        if fmt == "parquet":
            raise input_error("-", ProblemCode.PARQUET_FROM_STDIN)
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _records(stream, "<stdin>", fmt, skip, advance)
        return
    path = Path(name)
    if path.is_dir():
        raise input_error(name, ProblemCode.IS_A_DIRECTORY)
    if fmt == "parquet":
        yield from parquet_records(path, skip, advance)
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise file_error(name, exc) from None
    with handle:
        yield from _records(handle, name, fmt, skip, advance)


def _ignore(_: int) -> None:
    """No progress to show."""


def _records(stream: IO[bytes], name: str, fmt: str, skip: int,
             advance: Callable[[int], None]) -> Iterator[RosterRecord]:
    if fmt == "csv":
        yield from _csv_records(stream, advance, name, skip)
    else:
        yield from _jsonl_records(stream, advance, skip)


def _decode(raw: bytes, first: bool) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad(ProblemCode.NOT_UTF8, byte=exc.start + 1) from None
    return text.removeprefix(_BOM) if first else text


def _json_record(text: str, path: str | None = None) -> Any:
    try:
        return load_json(text)
    except json.JSONDecodeError as exc:
        raise _bad(ProblemCode.INVALID_JSON, path, problem=exc.msg) from None
    except JsonValueError as exc:  # a duplicate key, a number too long...
        problem = exc.problem
        raise _RecordError([Problem(problem.code, path, problem.params)]) from None


def _jsonl_records(stream: IO[bytes], advance: Callable[[int], None], skip: int
                   ) -> Iterator[RosterRecord]:
    for number, raw in enumerate(stream, 1):
        advance(len(raw))
        if number <= skip:  # done by the run being resumed
            continue
        try:
            text = _decode(raw, number == 1).rstrip("\r\n")
            if not text.strip():
                continue
            data = _json_record(text)
            yield RosterRecord(number, data, household=household_id(data))
        except _RecordError as exc:
            yield RosterRecord(number, problems=exc.problems)


def _surrogate_lines(stream: IO[bytes], advance: Callable[[int], None]) -> Iterator[str]:
    for number, raw in enumerate(stream, 1):
        advance(len(raw))
        text = raw.decode("utf-8", errors="surrogateescape")
        yield text.removeprefix(_BOM) if number == 1 else text


def _has_surrogates(cells: Iterable[str]) -> bool:
    return any("\udc80" <= ch <= "\udcff" for cell in cells for ch in cell)


def _first_bad_byte(cells: Iterable[str]) -> int:
    """Where the first byte that is not UTF-8 sits in a row's cells (1-based)."""
    seen = 0
    for cell in cells:
        for ch in cell:
            if "\udc80" <= ch <= "\udcff":
                return seen + 1
            seen += len(ch.encode("utf-8", errors="surrogateescape"))
        seen += 1  # the comma between cells
    return seen


def _csv_household(header: Sequence[str], row: Sequence[str]) -> Any:
    if list(header) == ["household"]:
        return _json_record(row[0], "household")
    data: dict[str, Any] = {}
    for column, cell in zip(header, row, strict=True):
        if cell == "":
            continue
        parts = column.split(".")
        value: Any = _json_record(cell, f"household.{column}") if column in LIST_COLUMNS \
            else text_value(parts, cell)
        target = data
        for part in parts[:-1]:
            nested = target.setdefault(part, {})
            if not isinstance(nested, dict):
                raise _bad(ProblemCode.CSV_COLUMN_CONFLICT, f"household.{column}",
                           column=column, other=part)
            target = nested
        target[parts[-1]] = value
    return data


def _csv_header(reader: Any, name: str) -> list[str]:
    try:
        header = next(reader)
    except StopIteration:
        raise input_error(name, ProblemCode.EMPTY_CSV) from None
    except csv.Error:
        raise input_error(f"{name}:1", ProblemCode.INVALID_CSV) from None
    header = [h.strip() for h in header]
    if _has_surrogates(header):
        raise input_error(f"{name}:1", ProblemCode.CSV_HEADER_NOT_UTF8)
    if not header or any(not h for h in header):
        raise input_error(f"{name}:1", ProblemCode.CSV_EMPTY_COLUMN)
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise input_error(f"{name}:1", ProblemCode.CSV_DUPLICATE_COLUMNS, columns=duplicates)
    if "household" in header and len(header) > 1:
        raise input_error(f"{name}:1", ProblemCode.CSV_HOUSEHOLD_COLUMN)
    return header


def _csv_records(stream: IO[bytes], advance: Callable[[int], None], name: str, skip: int
                 ) -> Iterator[RosterRecord]:
    reader = csv.reader(_surrogate_lines(stream, advance), strict=True)
    header = _csv_header(reader, name)
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            end = reader.line_num
            yield RosterRecord(start, problems=[Problem(ProblemCode.INVALID_CSV)])
            continue
        end = reader.line_num
        if start <= skip or not row or all(not cell.strip() for cell in row):
            continue
        try:
            if _has_surrogates(row):
                raise _bad(ProblemCode.NOT_UTF8, byte=_first_bad_byte(row))
            if len(row) != len(header):
                raise _bad(ProblemCode.CSV_CELLS, expected=len(header), given=len(row))
            data = _csv_household(header, row)
            yield RosterRecord(start, data, household=household_id(data))
        except _RecordError as exc:
            known = None
            if "id" in header and header.index("id") < len(row):
                known = row[header.index("id")].strip() or None
            yield RosterRecord(start, problems=exc.problems, household=known)
