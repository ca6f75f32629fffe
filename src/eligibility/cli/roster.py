"""Screening a roster (a whole membership file), streamed with bounded memory.

Input, one household per record, is read by :mod:`.roster_input` (JSON Lines or CSV).

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

import json
import sys
import time
from collections.abc import Callable, Sequence
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

from .roster_input import RecordError, check_roster, open_roster, read_records, roster_format
from .roster_output import RecordSink, RosterSummary, open_sink, summary_text

__all__ = ["RosterSummary", "roster_format", "run_roster", "screen_roster"]

def _writable(text: str | None) -> str | None:
    """A text as an error record may hold it: lone surrogates (from input that was not
    valid Unicode) escaped, so that the record can always be written as UTF-8."""
    if text is None:
        return None
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _error_line(number: int, error: RecordError, lang: str) -> str:
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
    with open_roster(source) as handle:
        return _run(book, handle, source, sink, summary, on=on, lang=lang, programs=programs,
                    fmt=fmt, advance=advance, on_record=on_record, within=within)


def _run(book: RuleBook, stream: IO[bytes], name: str, sink: RecordSink,
         summary: RosterSummary, *, on: date, lang: str, programs: Sequence[str] | None,
         fmt: str, advance: Callable[[int], None], on_record: Callable[[int], None],
         within: int | None = None) -> RosterSummary:
    skip = sink.resume_after
    records = read_records(stream, fmt, name, advance, skip)
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
    if isinstance(data, RecordError):
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
        error = RecordError(list(exc.problems), _household_id(data))
        return _error_line(number, error, lang), None
    except Exception as exc:  # one record's failure must not stop the run
        problem = Problem(ProblemCode.NOT_SCREENED, None,
                          {"detail": f"{type(exc).__name__}: {exc}"})
        return _error_line(number, RecordError([problem], _household_id(data)), lang), None
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
    check_roster(roster)
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

