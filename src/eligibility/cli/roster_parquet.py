"""Parquet output of a roster run, written in whole parts and resumable.

While the run goes on, each chunk of records is one part file in the folder
``FILE.partial`` (``part-000001.parquet``...), written to a temporary name and renamed,
so a part is whole or absent. Each part's metadata holds what the run was made with (date,
language, rule book, engine), the last input line it holds and the run's counts so far.
At the end the parts are copied, row group by row group, into ``FILE.tmp`` with the side
table in the file's metadata (``eligibility.side_table``), which is renamed ``FILE``; the
folder goes. A run killed at any point keeps its whole parts; ``--resume`` checks they
were made the same way and goes on after the last one.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from eligibility import InputError, Problem, ProblemCode

from .roster_output import RecordSink, RosterSummary

__all__ = ["RUN_KEY", "SIDE_TABLE_KEY", "WRITE_OPTIONS", "arrow_of", "open_parquet_sink"]

#: The metadata key of the side table (JSON: one object per program, period, language).
SIDE_TABLE_KEY = b"eligibility.side_table"
#: The metadata key of what the run was made with, and its counts (JSON).
RUN_KEY = b"eligibility.run"
#: How the parts and the output are written: zstd at its fastest level (smaller than
#: snappy, as fast), statistics for ``line`` alone (to find a record's rows; the other
#: columns' cost time and are never filtered on), and dictionary pages large enough for
#: the distinct values read of a chunk (past the limit a column falls back to plain
#: encoding, a quarter larger).
WRITE_OPTIONS: dict[str, Any] = {
    "compression": "zstd", "compression_level": 1, "write_statistics": ["line"],
    "dictionary_pagesize_limit": 4 << 20,
}


def arrow_of(table: Any) -> Any:
    """A chunk's compact rows (a Polars frame) as an Arrow table of
    :func:`compact_schema`, without copying them (texts stay string views)."""
    import polars as pl  # noqa: PLC0415 - Parquet output comes from the columnar engine

    return table.to_arrow(compat_level=pl.CompatLevel.newest())


def _counts(summary: RosterSummary) -> dict[str, Any]:
    return {"records": summary.records, "screened": summary.screened,
            "errors": summary.errors, "outcomes": dict(summary.outcomes)}


def _summary(counts: Mapping[str, Any]) -> RosterSummary:
    return RosterSummary(counts["records"], counts["screened"], counts["errors"],
                         Counter(counts["outcomes"]))


class _ParquetSink:
    def __init__(self, target: Path, folder: Path, expected: Mapping[str, str],
                 resume_after: int, done: RosterSummary, parts: int) -> None:
        self.target = target
        self.folder = folder
        self.expected = dict(expected)
        self.resume_after = resume_after
        self.done = done
        self.parts = parts
        self.side_tables: list[dict[str, Any]] = []

    def write(self, record: str) -> None:  # pragma: no cover - rows go by write_table
        raise AssertionError("Parquet output is written by chunks")

    def header(self, side_tables: list[dict[str, Any]]) -> None:
        self.side_tables = side_tables

    def write_table(self, table: Any, last_line: int, summary: RosterSummary) -> None:
        import pyarrow.parquet as pq  # noqa: PLC0415 - Parquet only

        self.folder.mkdir(exist_ok=True)
        self.parts += 1
        arrow = arrow_of(table)
        run = {**self.expected, "last_line": last_line, "counts": _counts(summary)}
        arrow = arrow.replace_schema_metadata({
            RUN_KEY: json.dumps(run).encode(),
            SIDE_TABLE_KEY: json.dumps(self.side_tables, ensure_ascii=False,
                                       default=str).encode()})
        name = self.folder / f"part-{self.parts:06d}.parquet"
        temporary = name.with_suffix(".tmp")
        pq.write_table(arrow, temporary, **WRITE_OPTIONS)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, name)

    def finish(self) -> None:
        import pyarrow.parquet as pq  # noqa: PLC0415 - Parquet only

        parts = _parts(self.folder)
        temporary = self.target.with_name(self.target.name + ".tmp")
        if not parts:  # an empty roster: an empty table, with the run's metadata
            from eligibility import compact_schema  # noqa: PLC0415

            schema = compact_schema()
        else:
            schema = pq.read_schema(parts[-1])
        side = self.side_tables or (json.loads(
            schema.metadata.get(SIDE_TABLE_KEY, b"[]")) if schema.metadata else [])
        run = {**self.expected, "counts": _counts(self.done)}
        schema = schema.with_metadata({
            RUN_KEY: json.dumps(run).encode(),
            SIDE_TABLE_KEY: json.dumps(side, ensure_ascii=False, default=str).encode()})
        with pq.ParquetWriter(temporary, schema, **WRITE_OPTIONS) as writer:
            for part in parts:
                source = pq.ParquetFile(part)
                for group in range(source.num_row_groups):
                    writer.write_table(source.read_row_group(group).cast(schema))
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, self.target)
        shutil.rmtree(self.folder, ignore_errors=True)

    def abandon(self) -> None:
        if self.folder.is_dir() and not any(self.folder.iterdir()):
            self.folder.rmdir()


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def _run_of(path: Path, expected: Mapping[str, str]) -> dict[str, Any]:
    import pyarrow.parquet as pq  # noqa: PLC0415 - Parquet only

    try:
        metadata = pq.read_schema(path).metadata or {}
        run = json.loads(metadata[RUN_KEY])
    except Exception:
        raise _input_error(str(path), ProblemCode.NOT_A_RUN_OUTPUT) from None
    differ = [f"{key}: {run.get(key)} ≠ {value}" for key, value in expected.items()
              if run.get(key) != value]
    if differ:
        raise _input_error(str(path), ProblemCode.RESUMED_RUN_DIFFERS, differences=differ)
    return dict(run)


def open_parquet_sink(target: Path, folder: Path, *, resume: bool,
                      expected: Mapping[str, str],
                      complete: Callable[[RosterSummary], RecordSink]) -> RecordSink:
    """The sink for ``--out FILE.parquet``; ``complete`` makes the sink of a run that has
    finished already (``--resume`` then writes nothing)."""
    if resume and not folder.exists() and target.is_file():
        return complete(_summary(_run_of(target, expected)["counts"]))
    if folder.exists() and not resume:
        raise _input_error(str(folder), ProblemCode.INTERRUPTED_RUN_THERE)
    for leftover in folder.glob("*.tmp") if folder.is_dir() else ():
        leftover.unlink()  # a part cut short by the interruption
    parts = _parts(folder)
    if not parts:
        return _ParquetSink(target, folder, expected, 0, RosterSummary(), 0)
    run = _run_of(parts[-1], expected)
    return _ParquetSink(target, folder, expected, int(run["last_line"]),
                        _summary(run["counts"]), len(parts))


def _input_error(place: str, code: ProblemCode, **params: Any) -> InputError:
    return InputError(Problem(code, None, params), place)
