"""Screening a roster (a whole membership file), streamed with bounded memory.

Input, one household per record:

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

Output, JSON Lines, exactly one record per input record, in input order, each
written at once, whole (into ``FILE.partial`` until the run ends, see
:mod:`.roster_output`, which also resumes an interrupted run)::

    {"line": 12, "household": "h-12", "decisions": [<Decision>, ...]}
    {"line": 13, "household": "h-13", "error": {"code": "child-born-after-death",
     "path": "household.children[0].birth_date", "message": "...", "lang": "fr"},
     "errors": [{"code": ..., "path": ..., "message": ..., "lang": ...}, ...]}

With ``--changes-within N``, each screened record lists instead the people whose outcome
changes within N days (for outreach: children turning 8 or 21, covers ending), each with
the first change and why (the ``Upcoming`` model; an empty list when nobody's does)::

    {"line": 12, "household": "h-12", "changes": [<Upcoming>, ...]}

``line`` is the record's line in the input (for CSV, the line its row starts on;
the header is line 1). ``household`` is the household's id when it could be read,
else ``null``. ``error`` is the first problem and ``errors`` all of them: each has a
stable ``code`` (:class:`~eligibility.ProblemCode`), the ``path`` into the household (or
``null`` when the record could not be read at all: broken JSON, not UTF-8, wrong number
of CSV cells), and its ``message`` in the roster's ``lang``. Any failure while screening
or writing one record's decisions is that record's error: the run goes on.

Memory stays flat: one record is read, screened and written at a time, and only
counters are kept.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from eligibility import HouseholdError, Problem, ProblemCode, RuleBook, parse_household
from eligibility._i18n import N_, t
from eligibility._model.household_io import (
    JsonValueError,
    file_error,
    input_error,
    load_json,
    text_value,
)

from .roster_output import RecordSink, RosterSummary, open_sink, summary_text

__all__ = ["RosterSummary", "roster_format", "run_roster", "screen_roster"]

LIST_COLUMNS = frozenset({"spouses", "children", "parents", "history"})
_BOM = "\ufeff"


class _RecordError(Exception):
    def __init__(self, problems: Sequence[Problem], household: str | None = None) -> None:
        super().__init__(str(problems[0]) if problems else "invalid record")
        self.problems = list(problems)
        self.household = household


def _bad(code: ProblemCode, path: str | None = None, **params: Any) -> _RecordError:
    return _RecordError([Problem(code, path, params)])


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
        raise _RecordError([Problem(problem.code, path, problem.params)]) from None


Record = tuple[int, Any]  # (line, data) or (line, _RecordError)


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
        except _RecordError as exc:
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
        except _RecordError as exc:
            if exc.household is None and "id" in header and header.index("id") < len(row):
                exc.household = row[header.index("id")].strip() or None
            yield start, exc


def _writable(text: str | None) -> str | None:
    """A text as an error record may hold it: lone surrogates (from input that was not
    valid Unicode) escaped, so that the record can always be written as UTF-8."""
    if text is None:
        return None
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _error_line(number: int, error: _RecordError, lang: str) -> str:
    problems = [{**p.record(lang), "path": _writable(p.path), "message": _writable(
        p.message(lang))} for p in error.problems] or [
        Problem(ProblemCode.INVALID_VALUE).record(lang)]
    return json.dumps({"line": number, "household": _writable(error.household),
                       "error": problems[0], "errors": problems}, ensure_ascii=False,
                      separators=(",", ":")) + "\n"


def _household_id(data: Any) -> str | None:
    if isinstance(data, dict):
        value = data.get("id")
        if isinstance(value, str):
            return value
    return None


def screen_roster(
    book: RuleBook,
    source: str,
    sink: RecordSink,
    *,
    on: date,
    lang: str,
    programs: Sequence[str] | None,
    fmt: str,
    advance: Callable[[int], None] | None = None,
    on_record: Callable[[int], None] | None = None,
    stdin: IO[bytes] | None = None,
    within: int | None = None,
) -> RosterSummary:
    """Screen every record of ``source`` (after ``sink.resume_after``) and write one JSON
    line per record to ``sink`` (with ``within``, the people whose outcome changes within
    that many days instead of the decisions).

    ``advance(n)`` is called with the bytes read, ``on_record(count)`` after each record
    (for a progress display). The summary counts the records of a resumed run too.

    Raises:
        InputError: the roster cannot be opened, or a CSV header is unusable (nothing
            was screened). Problems with one record never stop the run.
    """
    summary = sink.done
    advance = advance or _ignore
    on_record = on_record or _ignore
    if source == "-":
        stream: IO[bytes] = stdin if stdin is not None else sys.stdin.buffer
        return _run(book, stream, "<stdin>", sink, summary, on=on, lang=lang,
                    programs=programs, fmt=fmt, advance=advance, on_record=on_record,
                    within=within)
    try:
        handle = open(source, "rb")  # noqa: SIM115 - closed below, after the run
    except OSError as exc:
        raise file_error(source, exc) from None
    with handle:
        return _run(book, handle, source, sink, summary, on=on, lang=lang, programs=programs,
                    fmt=fmt, advance=advance, on_record=on_record, within=within)


def _run(book: RuleBook, stream: IO[bytes], name: str, sink: RecordSink,
         summary: RosterSummary, *, on: date, lang: str, programs: Sequence[str] | None,
         fmt: str, advance: Callable[[int], None], on_record: Callable[[int], None],
         within: int | None = None) -> RosterSummary:
    skip = sink.resume_after
    records = _csv_records(stream, advance, name, skip) if fmt == "csv" else \
        _jsonl_records(stream, advance, skip)
    chosen = list(programs) if programs else None
    for number, data in records:
        line, outcomes = _record(book, number, data, on=on, lang=lang, programs=chosen,
                                 within=within)
        summary.records += 1
        if outcomes is None:
            summary.errors += 1
        else:
            summary.screened += 1
            if within is None:
                summary.outcomes.update(outcomes)
            else:
                summary.changes += len(outcomes)
        sink.write(line)
        on_record(summary.records)
    return summary


def _record(book: RuleBook, number: int, data: Any, *, on: date, lang: str,
            programs: list[str] | None, within: int | None = None
            ) -> tuple[str, list[str] | None]:
    """One record's output line, and its decisions' outcomes (with ``within``, the new
    outcome of each person who changes; ``None`` for an error record). Whatever fails,
    the serialisation included, gives an error record: one record never stops the run."""
    if isinstance(data, _RecordError):
        return _error_line(number, data, lang), None
    try:
        household = parse_household(data)
        if within is not None:
            changes = book.changes_within(household, on=on, days=within, lang=lang,
                                          programs=programs)
            body = ",".join(c.model_dump_json() for c in changes)
            line = (f'{{"line":{number},"household":{json.dumps(household.id)},'
                    f'"changes":[{body}]}}\n')
            line.encode("utf-8")
            return line, [c.change.outcome.value for c in changes]
        decisions = book.screen(household, on=on, lang=lang, programs=programs)
        body = ",".join(d.model_dump_json() for d in decisions)
        line = (f'{{"line":{number},"household":{json.dumps(household.id)},'
                f'"decisions":[{body}]}}\n')
        line.encode("utf-8")  # a record that cannot be written is this record's failure
    except HouseholdError as exc:
        error = _RecordError(list(exc.problems), _household_id(data))
        return _error_line(number, error, lang), None
    except Exception as exc:  # one record's failure must not stop the run
        problem = Problem(ProblemCode.NOT_SCREENED, None,
                          {"detail": f"{type(exc).__name__}: {exc}"})
        return _error_line(number, _RecordError([problem], _household_id(data)), lang), None
    return line, [d.outcome.value for d in decisions]


def _ignore(_: int) -> None:
    """No progress to show (standard error is not a terminal)."""


def run_roster(book: RuleBook, roster: str, out: str, *, on: date, lang: str,
               programs: Sequence[str] | None, fmt: str, err: Console,
               resume: bool = False, within: int | None = None) -> RosterSummary:
    """Screen a roster file into ``out`` (``-``: standard output), with a progress bar on
    ``err`` when it is a terminal, and the summary counts printed on ``err`` at the end.

    Into a file, the records go to ``out.partial``, renamed ``out`` at the end; with
    ``resume``, an interrupted run's ``out.partial`` is continued after its last complete
    record (see :mod:`.roster_output`)."""
    if roster != "-" and not Path(roster).is_file():
        raise input_error(roster, ProblemCode.IS_A_DIRECTORY if Path(roster).is_dir()
                          else ProblemCode.NO_SUCH_FILE)
    size = Path(roster).stat().st_size if roster != "-" else None
    show = err.is_terminal
    sink = open_sink(out, roster, resume=resume, expected={
        "on": on.isoformat(), "lang": lang, "rulebook_hash": book.content_hash,
        "engine": book.engine.name.value}, within=within)
    started = time.perf_counter()
    try:
        progress = Progress(
            TextColumn(t(lang, N_("screening"))), BarColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[records]}"), TimeElapsedColumn(),
            TimeRemainingColumn(), console=err, disable=not show,
        )
        with progress:
            task = progress.add_task("roster", total=size, records=0)

            def advance(n: int) -> None:
                progress.advance(task, n)

            def on_record(count: int) -> None:
                if count % 50 == 0:
                    progress.update(task, records=count)

            summary = screen_roster(book, roster, sink, on=on, lang=lang, programs=programs,
                                    fmt=fmt, advance=advance if show else None,
                                    on_record=on_record if show else None, within=within)
            progress.update(task, records=summary.records, completed=size)
    except BaseException:  # an error or an interruption: what is written is kept
        sink.abandon()
        raise
    elapsed = time.perf_counter() - started
    # the counts are written before the output is renamed into place, so that a run that
    # has finished has nothing left to do (an interruption after the rename finds it done)
    report = summary_text(summary, "<stdin>" if roster == "-" else roster, elapsed, lang,
                          within=within)
    sink.finish()
    err.print(Text(report), soft_wrap=True)
    return summary

