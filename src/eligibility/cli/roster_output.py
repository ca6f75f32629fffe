"""Where a roster's results go: whole records only, and a run that can be resumed.

A roster run writes one JSON line per input record. Into a file, it writes them to
``FILE.partial``, each record with one write of the whole line, and renames the file to
``FILE`` only once every record is in: ``FILE`` never holds part of a run, and a run
killed at any point (even with ``kill -9``) leaves ``FILE.partial`` holding every record
finished before it, perhaps followed by one record cut short.

``screen --roster ... --out FILE --resume`` continues such a run: the records of
``FILE.partial`` are read back, a record cut short is dropped, and screening goes on
after the input line of the last complete record, so that nothing is lost or written
twice. The resume point is read off the output itself (each record names its input
line), not kept anywhere else, so any engine that writes the same records can resume.

:class:`RecordSink` is what the screening loop writes to; :func:`open_sink` gives one for
``--out``.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Protocol

from eligibility import InputError, Problem, ProblemCode
from eligibility._i18n import N_, t, tn
from eligibility._i18n.format import counted_days, isolate_latin

__all__ = ["PARTIAL_SUFFIX", "RecordSink", "RosterSummary", "open_sink", "summary_text"]

#: The suffix of a run's output while it is being written.
PARTIAL_SUFFIX = ".partial"


@dataclass
class RosterSummary:
    """What a roster run did; ``records == screened + errors``."""

    records: int = 0
    screened: int = 0
    errors: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    #: With ``--changes-within``: the people whose outcome changes within the window.
    changes: int = 0

    @property
    def decisions(self) -> int:
        return sum(self.outcomes.values())

    def count(self, record: Mapping[str, Any]) -> None:
        """Count one output record (read back, or just written)."""
        self.records += 1
        decisions, changes = record.get("decisions"), record.get("changes")
        if isinstance(decisions, list):
            self.screened += 1
            self.outcomes.update(str(d.get("outcome")) for d in decisions
                                 if isinstance(d, dict))
        elif isinstance(changes, list):
            self.screened += 1
            self.changes += len(changes)
        else:
            self.errors += 1


class RecordSink(Protocol):
    """Where the records of one run go."""

    #: Input records up to this line are done already (a resumed run); 0 for a new run.
    resume_after: int
    #: The records already written by the run being resumed.
    done: RosterSummary

    def write(self, record: str) -> None:
        """Write one whole record (a JSON line ending with a line break)."""
        ...

    def finish(self) -> None:
        """Every record is written: make the output final."""
        ...

    def abandon(self) -> None:
        """The run stops before the end: keep what is written, for ``--resume``."""
        ...


class _StreamSink:
    """Standard output: each record written and flushed at once (no resume)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.resume_after = 0
        self.done = RosterSummary()

    def write(self, record: str) -> None:
        self.stream.write(record)
        self.stream.flush()

    def finish(self) -> None:
        return

    def abandon(self) -> None:
        return


class _FileSink:
    """``FILE.partial``, appended one whole record per write, renamed ``FILE`` at the end."""

    def __init__(self, target: Path, partial: Path, fd: int, resume_after: int,
                 done: RosterSummary) -> None:
        self.target = target
        self.partial = partial
        self.fd = fd
        self.resume_after = resume_after
        self.done = done
        self.written = done.records

    def write(self, record: str) -> None:
        data = record.encode("utf-8")
        while data:  # one write, unless the system takes fewer bytes at once
            data = data[os.write(self.fd, data):]
        self.written += 1

    def finish(self) -> None:
        os.fsync(self.fd)
        os.close(self.fd)
        os.replace(self.partial, self.target)

    def abandon(self) -> None:
        os.close(self.fd)
        if not self.written:
            self.partial.unlink(missing_ok=True)


class _CompleteSink:
    """``--resume`` of a run that completed: every record is there already."""

    def __init__(self, done: RosterSummary) -> None:
        self.resume_after = sys.maxsize
        self.done = done

    def write(self, record: str) -> None:  # pragma: no cover - every record is skipped
        raise AssertionError("a complete run's output is not written again")

    def finish(self) -> None:
        return

    def abandon(self) -> None:
        return


def _read_back(partial: Path, expected: Mapping[str, str], within: int | None = None
               ) -> tuple[int, int, RosterSummary]:
    """The complete records of an interrupted run: ``(bytes, last input line, counts)``.

    A last record without its line break was cut short: it is not counted, and its bytes
    are dropped. The run's first decision must have been made as the resumed run's will
    (date, language, rule book, engine), or the output would mix two runs.
    """
    size, after, done = 0, 0, RosterSummary()
    checked = False
    with partial.open("rb") as stream:
        for raw in stream:
            if not raw.endswith(b"\n"):
                break
            try:
                record = json.loads(raw)
            except ValueError:
                break
            if not isinstance(record, dict) or not isinstance(record.get("line"), int):
                break
            _check_same_kind(partial, record, within)
            for decision in record.get("decisions") or ():
                if not checked and isinstance(decision, dict):
                    _check_same_run(partial, decision, expected)
                    checked = True
            size += len(raw)
            after = record["line"]
            done.count(record)
    return size, after, done


def _check_same_kind(partial: Path, record: Mapping[str, Any], within: int | None) -> None:
    """A run of decisions and a run of ``--changes-within`` never share a file."""
    if within is not None and "decisions" in record:
        raise _input_error(str(partial), ProblemCode.RESUMED_RUN_LISTED_DECISIONS)
    if within is None and "changes" in record:
        raise _input_error(str(partial), ProblemCode.RESUMED_RUN_LISTED_CHANGES)


def _check_same_run(partial: Path, decision: Mapping[str, Any],
                    expected: Mapping[str, str]) -> None:
    differ = [f"{key}: {decision.get(key)} ≠ {value}" for key, value in expected.items()
              if decision.get(key) != value]
    if differ:
        raise _input_error(str(partial), ProblemCode.RESUMED_RUN_DIFFERS, differences=differ)


def open_sink(out: str, roster: str, *, resume: bool, expected: Mapping[str, str],
              within: int | None = None) -> RecordSink:
    """The sink for ``--out`` (``-``: standard output).

    ``expected`` holds what every decision of this run records (``on``, ``lang``,
    ``rulebook_hash``, ``engine``), checked against a run being resumed.

    Raises:
        InputError: the output is the roster itself or cannot be written; an interrupted
            run's output is there and ``resume`` is false; or it was made differently.
    """
    if out == "-":
        if resume:
            raise _input_error("", ProblemCode.RESUME_NEEDS_FILE)
        return _StreamSink(sys.stdout)
    target = Path(out)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    for candidate in (target, partial):
        if roster != "-" and candidate.exists() and _same_file(candidate, roster):
            raise _input_error(out, ProblemCode.OUTPUT_IS_INPUT)
    size, after, done = 0, 0, RosterSummary()
    if resume and not partial.exists() and target.is_file():
        return _CompleteSink(_read_back(target, expected, within)[2])
    if partial.exists():
        if not resume:
            raise _input_error(str(partial), ProblemCode.INTERRUPTED_RUN_THERE)
        size, after, done = _read_back(partial, expected, within)
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(partial, flags if size else flags | os.O_TRUNC, 0o644)
        os.ftruncate(fd, size)  # a record cut short by the interruption goes
    except OSError as exc:
        reason = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
        raise _input_error(out, ProblemCode.CANNOT_WRITE, reason=reason) from None
    return _FileSink(target, partial, fd, after, done)


def _input_error(place: str, code: ProblemCode, **params: Any) -> InputError:
    return InputError(Problem(code, None, params), place)


def _same_file(path: Path, roster: str) -> bool:
    try:
        return os.path.samefile(path, roster)
    except OSError:
        return False


def summary_text(summary: RosterSummary, name: str, elapsed: float, lang: str, *,
                 within: int | None = None) -> str:
    """The counts of a run, as printed at its end (with ``within``: of a run of
    ``--changes-within``)."""
    rate = summary.records / elapsed if elapsed > 0 else 0.0
    outcomes = summary.outcomes
    counts = {"name": name, "records": summary.records, "screened": summary.screened,
              "errors": summary.errors, "seconds": Decimal(f"{elapsed:.1f}"),
              "rate": round(rate)}
    if within is not None:
        people = tn(lang, "{n} person whose outcome changes within {period}",
                    "{n} people whose outcome changes within {period}", summary.changes,
                    period=counted_days(within, lang))
        return isolate_latin(t(
            lang, N_("{name}: {records} records: {screened} screened, {errors} in error\n"
                     "{changes}\n{seconds} s, {rate} records per second"),
            changes=people, **counts), lang)
    return isolate_latin(t(
        lang, N_("{name}: {records} records: {screened} screened, {errors} in error\n"
                 "{decisions} decisions: {eligible} eligible, {ineligible} not eligible, "
                 "{undetermined} undetermined\n{seconds} s, {rate} records per second"),
        decisions=summary.decisions, eligible=outcomes["eligible"],
        ineligible=outcomes["ineligible"], undetermined=outcomes["undetermined"], **counts),
        lang)
