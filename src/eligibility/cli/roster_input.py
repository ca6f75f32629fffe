"""Reading a roster (a whole membership file) one record at a time.

One household per record:

* **JSON Lines** (``.jsonl``, ``.ndjson``): one household object per line, as in a
  household file. Blank lines are skipped (they are not records).
* **CSV** (``.csv``): a header row, then one household per row. Either a single
  column ``household`` holding the household as JSON, or flat columns: ``id``,
  ``dues``, ``bank_account``, ``social_hardship``, ``affiliate.<field>`` for each
  field of the affiliate (``affiliate.id``, ``affiliate.status``,
  ``affiliate.birth_date``, ``affiliate.monthly_pension``...), and ``spouses``,
  ``children``, ``parents``, ``history`` holding JSON arrays. A dotted column name
  sets a nested field; an empty cell leaves the field out (an unknown fact, or the
  default); text cells are converted like JSON strings (``true``, ``2500.50``,
  ``2026-05-20``).

Each record comes with its line in the input (for CSV, the line its row starts on; the
header is line 1). A record that cannot be read (not UTF-8, broken JSON, a wrong number of
CSV cells) comes as a :class:`RecordError` in its place, so the run goes on; a roster that
cannot be read at all (an unusable CSV header) is an :class:`~eligibility.InputError`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from eligibility import Problem, ProblemCode
from eligibility._model.household_io import (
    JsonValueError,
    file_error,
    input_error,
    load_json,
    text_value,
)

__all__ = ["LIST_COLUMNS", "Record", "RecordError", "check_roster", "open_roster",
           "read_records", "roster_format"]

LIST_COLUMNS = frozenset({"spouses", "children", "parents", "history"})
_BOM = "\ufeff"


class RecordError(Exception):
    """A record that cannot be screened: its problems, and its household's id if known."""

    def __init__(self, problems: Sequence[Problem], household: str | None = None) -> None:
        super().__init__(str(problems[0]) if problems else "invalid record")
        self.problems = list(problems)
        self.household = household


def _bad(code: ProblemCode, path: str | None = None, **params: Any) -> RecordError:
    return RecordError([Problem(code, path, params)])


def check_roster(path: str) -> None:
    """``path`` is a file (``-``, standard input, always is); else an
    :class:`~eligibility.InputError` saying what it is."""
    if path != "-" and not Path(path).is_file():
        raise input_error(path, ProblemCode.IS_A_DIRECTORY if Path(path).is_dir()
                          else ProblemCode.NO_SUCH_FILE)


def open_roster(path: str) -> IO[bytes]:
    """The roster file opened for reading; an :class:`~eligibility.InputError` if it
    cannot be."""
    try:
        return open(path, "rb")
    except OSError as exc:
        raise file_error(path, exc) from None


def roster_format(path: str, given: str | None) -> str:
    """``jsonl`` or ``csv``: as given, else from the file's extension (JSON Lines for ``-``)."""
    if given:
        return given
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json") or path == "-":
        return "jsonl"
    raise input_error(path, ProblemCode.ROSTER_FORMAT, suffix=suffix or "—")


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
        raise RecordError([Problem(problem.code, path, problem.params)]) from None


Record = tuple[int, Any]  # (line, data) or (line, RecordError)


def _jsonl_records(stream: IO[bytes], advance: Callable[[int], None], skip: int
                   ) -> Iterator[Record]:
    for number, raw in enumerate(stream, 1):
        advance(len(raw))
        if number <= skip:  # done by the run being resumed
            continue
        try:
            text = _decode(raw, number == 1).rstrip("\r\n")
            if not text.strip():
                continue
            yield number, _json_record(text)
        except RecordError as exc:
            yield number, exc


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


def _csv_records(stream: IO[bytes], advance: Callable[[int], None], name: str, skip: int
                 ) -> Iterator[Record]:
    reader = csv.reader(_surrogate_lines(stream, advance), strict=True)
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
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            end = reader.line_num
            yield start, _bad(ProblemCode.INVALID_CSV)
            continue
        end = reader.line_num
        if start <= skip or not row or all(not cell.strip() for cell in row):
            continue
        try:
            if _has_surrogates(row):
                raise _bad(ProblemCode.NOT_UTF8, byte=_first_bad_byte(row))
            if len(row) != len(header):
                raise _bad(ProblemCode.CSV_CELLS, expected=len(header), given=len(row))
            yield start, _csv_household(header, row)
        except RecordError as exc:
            if exc.household is None and "id" in header and header.index("id") < len(row):
                exc.household = row[header.index("id")].strip() or None
            yield start, exc


def read_records(stream: IO[bytes], fmt: str, name: str, advance: Callable[[int], None],
                 skip: int = 0) -> Iterator[Record]:
    """The records of a roster in format ``fmt`` (``jsonl`` or ``csv``), after line
    ``skip`` (done by a run being resumed); ``advance(n)`` is called with the bytes read.

    Raises:
        InputError: a CSV roster's header is missing or unusable.
    """
    if fmt == "csv":
        return _csv_records(stream, advance, name, skip)
    return _jsonl_records(stream, advance, skip)
