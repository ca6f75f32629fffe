"""Screening a roster (a whole membership file), in bounded chunks.

Input (see :func:`eligibility.read_roster`): JSON Lines (``.jsonl``), CSV (``.csv``) or
Parquet (``.parquet``), one household per record.

Output, exactly one record per input record, in input order (into ``FILE.partial`` until
the run ends, see :mod:`.roster_output`, which also resumes an interrupted run):

* ``jsonl`` (the default): one JSON line per record, with every decision in full::

    {"line": 12, "household": "h-12", "decisions": [<Decision>, ...]}
    {"line": 13, "household": "h-13", "error": {"code": "child-born-after-death",
     "path": "household.children[0].birth_date", "message": "...", "lang": "fr"},
     "errors": [{"code": ..., "path": ..., "message": ..., "lang": ...}, ...]}

* ``compact`` (JSON Lines too): a first line ``{"header": {...}}`` holds what every
  decision of a program shares (title, version, sources, texts, parameters, the rule
  book's hash...: the side table), then each record's decisions without it::

    {"line": 12, "household": "h-12", "decisions": [{"applicant": ..., "program": ...,
     "period": 0, "outcome": ..., "results": "[\"passed\",...]", "exceptions": "[0,...]",
     ...}, ...]}

  (the columns of ``eligibility.compact_schema()``: lists and objects are JSON texts).

* ``parquet`` (for ``--out FILE.parquet``): one row per decision (and per error record,
  and per household nobody in which a program applies to), the compact columns, a row
  group per chunk (the texts a chunk repeats dictionary-encoded, read back as plain
  strings); the side table is in the file's metadata (``eligibility.side_table``,
  JSON).

With ``--changes-within N`` (JSON Lines only), each screened record lists instead the
people whose outcome changes within N days (for outreach: children turning 8 or 21,
covers ending), each with the first change and why (the ``Upcoming`` model; an empty list
when nobody's does)::

    {"line": 12, "household": "h-12", "changes": [<Upcoming>, ...]}

``line`` is the record's line in the input (for CSV, the line its row starts on; the
header is line 1; for Parquet, its row number). ``household`` is the household's id when
it could be read, else ``null``. ``error`` is the first problem and ``errors`` all of
them: each has a stable ``code`` (:class:`~eligibility.ProblemCode`), the ``path`` into
the household (or ``null`` when the record could not be read at all: broken JSON, not
UTF-8, wrong number of CSV cells), and its ``message`` in the roster's ``lang``. Any
failure while screening or writing one record is that record's error: the run goes on.

With the columnar engine (the default for rosters where Polars is installed) each chunk
of records is decided in one pass per program; memory is bounded by the chunk. A timeline
is scanned one household at a time: ``--changes-within`` runs on the native engine.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
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

from eligibility import (
    InputError,
    Problem,
    ProblemCode,
    RuleBook,
    ScreenedChunk,
    ScreenedRecord,
    read_roster,
    roster_format,
)
from eligibility._i18n import N_, t

from .roster_output import (
    PARTIAL_SUFFIX,
    CompleteSink,
    RecordSink,
    RosterSummary,
    open_sink,
    summary_text,
)

#: Records screened together by default: few enough for the progress display and a
#: resumed run's granularity, one household at a time; for the columnar engine, enough
#: that a chunk's fixed costs (compiling its queries) are small beside its rows (40,000:
#: 13 % faster than 20,000 over 400,000 households, peak memory 1.2 GiB against 0.8; a
#: larger chunk gains little more).
CHUNK_SIZE = 5_000
CHUNK_SIZES = {"columnar": 40_000}

__all__ = ["CHUNK_SIZE", "CHUNK_SIZES", "OUTPUT_FORMATS", "RosterSummary", "output_format",
           "run_roster", "screen_roster"]

#: The output formats of a roster run.
OUTPUT_FORMATS = ("jsonl", "compact", "parquet")


#: A decision or a change of outcome, written as JSON in a record's line.
_Item = TypeVar("_Item", bound=BaseModel)

def output_format(out: str, given: str | None) -> str:
    """``jsonl``, ``compact`` or ``parquet``: as given, else Parquet for ``.parquet``."""
    if given:
        return given
    return "parquet" if Path(out).suffix.lower() in (".parquet", ".pq") else "jsonl"


def _writable(text: str | None) -> str | None:
    """A text as an error record may hold it: lone surrogates (from input that was not
    valid Unicode) escaped, so that the record can always be written as UTF-8."""
    if text is None:
        return None
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _records(problems: list[Problem], lang: str) -> list[dict[str, Any]]:
    """Each problem as an error record holds it: ``code``, ``path``, ``message``, ``lang``."""
    return [{**p.record(lang), "path": _writable(p.path), "message": _writable(
        p.message(lang))} for p in problems] or [Problem(ProblemCode.INVALID_VALUE).record(lang)]


def _not_screened(error: Exception) -> list[Problem]:
    return [Problem(ProblemCode.NOT_SCREENED, None,
                    {"detail": f"{type(error).__name__}: {error}"})]


def _error_line(line: int, household: str | None, found: list[dict[str, Any]]) -> str:
    return json.dumps({"line": line, "household": _writable(household), "error": found[0],
                       "errors": found}, ensure_ascii=False, separators=(",", ":")) + "\n"


def _items_line(chunk: ScreenedChunk, record: ScreenedRecord, key: str,
                items: Callable[[ScreenedRecord], Sequence[_Item]]
                ) -> tuple[str, Sequence[_Item] | None]:
    """One record's line with its ``key`` list (decisions, or changes of outcome) and the
    items (``None`` for an error record). Whatever fails, the items' serialisation
    included, gives an error record: one record never stops the run."""
    if not record.screened:
        return _error_line(record.line, record.household,
                           _records(record.problems, chunk.lang)), None
    try:
        found = items(record)
        body = ",".join(item.model_dump_json() for item in found)
        line = (f'{{"line":{record.line},"household":{json.dumps(record.household)},'
                f'"{key}":[{body}]}}\n')
        line.encode("utf-8")  # a record that cannot be written is this record's failure
    except Exception as exc:  # one record's failure must not stop the run
        return _error_line(record.line, record.household,
                           _records(_not_screened(exc), chunk.lang)), None
    return line, found


def _full_line(chunk: ScreenedChunk, record: ScreenedRecord) -> tuple[str, list[str] | None]:
    """One record's line with its decisions in full, and their outcomes (``None`` for an
    error record)."""
    line, decisions = _items_line(chunk, record, "decisions", chunk.decisions)
    return line, None if decisions is None else [d.outcome.value for d in decisions]


def _changes_line(chunk: ScreenedChunk, record: ScreenedRecord, within: int
                  ) -> tuple[str, int | None]:
    """One record's line with the people whose outcome changes within ``within`` days, and
    how many they are (``None`` for an error record)."""
    line, changes = _items_line(chunk, record, "changes", chunk.changes)
    return line, None if changes is None else len(changes)


def screen_roster(book: RuleBook, source: str, sink: RecordSink, *, on: date, lang: str,
                  programs: Sequence[str] | None, fmt: str, out_fmt: str = "jsonl",
                  advance: Callable[[int], None] | None = None,
                  on_record: Callable[[int], None] | None = None,
                  batch_size: int | None = None, within: int | None = None
                  ) -> RosterSummary:
    """Screen every record of ``source`` (after ``sink.resume_after``) into ``sink`` (with
    ``within``, the people whose outcome changes within that many days instead of the
    decisions, as JSON Lines), ``batch_size`` records at a time (by default as many as
    suit the book's engine: :data:`CHUNK_SIZES`).

    ``advance(n)`` is called with the bytes (Parquet: rows) read, ``on_record(count)``
    after each chunk (for a progress display). The summary counts the records of a
    resumed run too.

    Raises:
        InputError: the roster cannot be opened, or a CSV header is unusable (nothing
            was screened). Problems with one record never stop the run.
    """
    summary = sink.done
    batch_size = batch_size or CHUNK_SIZES.get(book.engine.name.value, CHUNK_SIZE)
    records = read_roster(source, fmt, skip=sink.resume_after, advance=advance)
    for chunk in book.screen_roster(records, on=on, lang=lang, programs=programs,
                                    batch_size=batch_size, changes_within=within):
        if within is not None:
            for record in chunk.records:
                line, found = _changes_line(chunk, record, within)
                summary.records += 1
                if found is None:
                    summary.errors += 1
                else:
                    summary.screened += 1
                    summary.changes += found
                sink.write(line)
        elif out_fmt == "jsonl":
            for record in chunk.records:
                line, outcomes = _full_line(chunk, record)
                _count(summary, outcomes)
                sink.write(line)
        else:
            _write_compact(chunk, sink, summary, out_fmt)
        if on_record is not None:
            on_record(summary.records)
    return summary


def _count(summary: RosterSummary, outcomes: list[str] | None) -> None:
    summary.records += 1
    if outcomes is None:
        summary.errors += 1
    else:
        summary.screened += 1
        summary.outcomes.update(outcomes)


def _write_compact(chunk: ScreenedChunk, sink: RecordSink, summary: RosterSummary,
                   out_fmt: str) -> None:
    sink.header(chunk.side_tables())
    if out_fmt == "parquet":
        import pyarrow.compute as pc  # noqa: PLC0415 - Parquet only

        rows = chunk.arrow_table()
        failed = pc.is_valid(rows["error"])
        errors = pc.count_distinct(pc.filter(rows["line"], failed)).as_py()
        # Counted on the two columns (filtering the table would copy every column).
        decided = pc.filter(rows["outcome"], pc.and_(pc.invert(failed),
                                                     pc.is_valid(rows["program"])))
        summary.records += len(chunk.records)
        summary.errors += errors
        summary.screened += len(chunk.records) - errors
        summary.outcomes.update({str(count["values"]): count["counts"]
                                 for count in pc.value_counts(decided).to_pylist()})
        sink.write_table(rows, chunk.records[-1].line, summary)
        return
    table = chunk.table()
    rows = iter(table.to_dicts())
    row = next(rows, None)
    for record in chunk.records:
        decisions: list[dict[str, Any]] = []
        problems: list[dict[str, Any]] | None = None
        while row is not None and row["line"] == record.line:
            if row["error"] is not None:
                problems = json.loads(row["errors"]) if row["errors"] else \
                    [json.loads(row["error"])]
            elif row["program"] is not None:
                decisions.append({k: v for k, v in row.items()
                                  if k not in ("line", "household", "error", "errors")})
            row = next(rows, None)
        if problems is not None:
            sink.write(_error_line(record.line, record.household, problems))
            _count(summary, None)
            continue
        line = json.dumps({"line": record.line, "household": record.household,
                           "decisions": decisions}, ensure_ascii=False, separators=(",", ":"))
        sink.write(line + "\n")
        _count(summary, [d["outcome"] for d in decisions])


def run_roster(book: RuleBook, roster: str, out: str, *, on: date, lang: str,
               programs: Sequence[str] | None, fmt: str, err: Console,
               resume: bool = False, out_fmt: str = "jsonl",
               within: int | None = None) -> RosterSummary:
    """Screen a roster file into ``out`` (``-``: standard output), with a progress bar on
    ``err`` when it is a terminal, and the summary counts printed on ``err`` at the end.

    Into a file, the records go to ``out.partial``, renamed ``out`` at the end; with
    ``resume``, an interrupted run's ``out.partial`` is continued after its last complete
    record (see :mod:`.roster_output`). With ``within``, the people whose outcome changes
    within that many days instead of the decisions (JSON Lines only)."""
    if roster != "-" and not Path(roster).is_file():
        raise _input_error(roster, ProblemCode.IS_A_DIRECTORY if Path(roster).is_dir()
                           else ProblemCode.NO_SUCH_FILE)
    fmt = roster_format(roster, fmt)
    size = _size(roster, fmt)
    show = err.is_terminal
    expected = {"on": on.isoformat(), "lang": lang, "rulebook_hash": book.content_hash,
                "engine": book.engine.name.value}
    sink = _sink(out, roster, resume, out_fmt, expected, within)
    started = time.perf_counter()
    # What is loaded (the rule book, the modules) lives as long as the run: the cyclic
    # collector's full walks leave it out until the run ends (over 200,000 households
    # they took 0.08 s instead of 0.19). Where objects were frozen before (the command's
    # own process freezes what it loaded first, see eligibility.cli.app.run), what was
    # loaded since joins them and stays frozen: only a freeze of the run's own ends.
    frozen = gc.get_freeze_count() == 0
    gc.freeze()
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
                progress.update(task, records=count)

            summary = screen_roster(book, roster, sink, on=on, lang=lang, programs=programs,
                                    fmt=fmt, out_fmt=out_fmt,
                                    advance=advance if show else None,
                                    on_record=on_record if show else None, within=within)
            progress.update(task, records=summary.records, completed=size)
    except BaseException:  # an error or an interruption: what is written is kept
        sink.abandon()
        raise
    finally:
        if frozen:
            gc.unfreeze()
    # the counts are made before the output is renamed into place, so that a run that has
    # finished has nothing left to do (an interruption after the rename finds it done)
    report = summary_text(summary, "<stdin>" if roster == "-" else roster,
                          time.perf_counter() - started, lang, within=within)
    sink.finish()
    err.print(Text(report), soft_wrap=True)
    return summary


def _sink(out: str, roster: str, resume: bool, out_fmt: str, expected: dict[str, str],
          within: int | None) -> RecordSink:
    if out_fmt == "parquet" and out != "-":
        from .roster_parquet import open_parquet_sink  # noqa: PLC0415 - Parquet only

        target = Path(out)
        if roster != "-" and target.exists() and target.samefile(roster):
            raise _input_error(out, ProblemCode.OUTPUT_IS_INPUT)
        return open_parquet_sink(target, target.with_name(target.name + PARTIAL_SUFFIX),
                                 resume=resume, expected=expected, complete=CompleteSink)
    return open_sink(out, roster, resume=resume, fmt=out_fmt, expected=expected,
                     within=within)


def _size(roster: str, fmt: str) -> int | None:
    """The progress bar's total: bytes, or rows for Parquet."""
    if roster == "-":
        return None
    if fmt == "parquet":
        try:
            import pyarrow.parquet as pq  # noqa: PLC0415 - Parquet only

            return int(pq.ParquetFile(roster).metadata.num_rows)
        except Exception:  # the reader reports an unreadable file
            return None
    return Path(roster).stat().st_size


def _input_error(place: str, code: ProblemCode, **params: Any) -> InputError:
    return InputError(Problem(code, None, params), place)
