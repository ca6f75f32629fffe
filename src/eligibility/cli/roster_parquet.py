"""Parquet output of a roster run, written as it goes and resumable.

While the run goes on, each chunk of records is one part file in the folder
``FILE.partial`` (``part-000001.arrow``: Arrow IPC, LZ4-compressed, cheap to write and
read back), written to a temporary name and renamed, so a part is whole or absent. Each
part's metadata holds what the run was made with (date, language, rule book, engine), the
last input line it holds and the run's counts so far. The same rows are encoded once into
``FILE.tmp`` as they come, in a thread of their own while the next chunk is screened, a
row group per chunk (the texts a chunk repeats come dictionary-encoded, ``compact_schema()``,
and are written as they are: each distinct text once in the row group's dictionary page).
The file's key-value metadata, added at the end, holds what the run was made with
(``eligibility.run``), the side table (``eligibility.side_table``) and the run's final
counts (``eligibility.counts``); the Arrow schema is not stored, so that readers see every
text as a plain string, as Parquet holds it. The file is renamed ``FILE``, and the folder
goes. A run killed at any point keeps its whole parts; ``--resume`` checks they were made
the same way, encodes them again into a new ``FILE.tmp``, and goes on after the last one.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from eligibility import InputError, Problem, ProblemCode

from .roster_output import RecordSink, RosterSummary

__all__ = ["COUNTS_KEY", "RUN_KEY", "SIDE_TABLE_KEY", "WRITE_OPTIONS", "arrow_of",
           "open_parquet_sink", "run_counts", "write_rows"]

#: The metadata key of the side table (JSON: one object per program, period, language).
SIDE_TABLE_KEY = b"eligibility.side_table"
#: The metadata key of what the run was made with (JSON; in a part, with the last line
#: it holds and the counts so far).
RUN_KEY = b"eligibility.run"
#: The key of the output's key-value metadata holding the run's counts (JSON), added when
#: the last rows are written: read it with :func:`run_counts`.
COUNTS_KEY = b"eligibility.counts"
#: How the output is written: zstd at its fastest level (smaller than snappy, as fast),
#: statistics for ``line`` alone (to find a record's rows; the other columns' cost time
#: and are never filtered on), dictionary pages large enough for the distinct values
#: read of a chunk (past the limit a column falls back to plain encoding, a quarter
#: larger), and no Arrow schema (the dictionary-encoded texts are read back as plain
#: strings; the metadata goes in the file's key-value metadata instead).
WRITE_OPTIONS: dict[str, Any] = {
    "compression": "zstd", "compression_level": 1, "write_statistics": ["line"],
    "dictionary_pagesize_limit": 4 << 20, "store_schema": False,
}
#: How the parts are written: LZ4, a tenth of the plain size at a third of Parquet's cost.
_PART_COMPRESSION = "lz4"
_PART_SUFFIX = ".arrow"


def arrow_of(table: Any) -> Any:
    """A chunk's compact rows as an Arrow table: an Arrow table as it is
    (:meth:`ScreenedChunk.arrow_table`), a Polars frame (:meth:`ScreenedChunk.table`)
    without copying it (texts stay string views)."""
    import polars as pl  # noqa: PLC0415 - Parquet output comes from the columnar engine

    if isinstance(table, pl.DataFrame):
        return table.to_arrow(compat_level=pl.CompatLevel.newest())
    return table


def write_rows(writer: Any, table: Any) -> None:
    """``table`` (Arrow) written by the Parquet ``writer`` as one row group, so that each
    dictionary-encoded column's dictionary is written once."""
    writer.write_table(table, row_group_size=max(table.num_rows, 1))


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
        self._temporary = target.with_name(target.name + ".tmp")
        self._writer: Any = None
        # One thread writes, in order, while the next chunk is screened.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet")
        self._pending: Future[None] | None = None

    def write(self, record: str) -> None:  # pragma: no cover - rows go by write_table
        raise AssertionError("Parquet output is written by chunks")

    def header(self, side_tables: list[dict[str, Any]]) -> None:
        self.side_tables = side_tables

    def write_table(self, table: Any, last_line: int, summary: RosterSummary) -> None:
        arrow = arrow_of(table)
        run = {**self.expected, "last_line": last_line, "counts": _counts(summary)}
        self._wait()  # the chunk before is written (or its failure raised here)
        self._pending = self._thread.submit(self._write, arrow, run)

    def _write(self, arrow: Any, run: dict[str, Any]) -> None:
        import pyarrow as pa  # noqa: PLC0415 - Parquet only

        self.folder.mkdir(exist_ok=True)
        self.parts += 1
        arrow = arrow.replace_schema_metadata({
            RUN_KEY: json.dumps(run).encode(), SIDE_TABLE_KEY: self._side()})
        name = self.folder / f"part-{self.parts:06d}{_PART_SUFFIX}"
        temporary = name.with_suffix(".tmp")
        options = pa.ipc.IpcWriteOptions(compression=_PART_COMPRESSION)
        with pa.OSFile(str(temporary), "wb") as sink, \
                pa.ipc.new_file(sink, arrow.schema, options=options) as writer:
            writer.write_table(arrow)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, name)
        writer = self._writer or self._open(arrow.schema, _parts(self.folder)[:-1])
        write_rows(writer, arrow)

    def _side(self) -> bytes:
        return json.dumps(self.side_tables, ensure_ascii=False, default=str).encode()

    def _open(self, schema: Any, earlier: list[Path]) -> Any:
        """The output's writer, opened at the first rows, with the rows of the ``earlier``
        parts (those of the run resumed) first."""
        import pyarrow.parquet as pq  # noqa: PLC0415 - Parquet only

        schema = schema.remove_metadata()
        self._writer = pq.ParquetWriter(self._temporary, schema, **WRITE_OPTIONS)
        for part in earlier:
            write_rows(self._writer, _read_part(part).cast(schema))
        return self._writer

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def finish(self) -> None:
        self._wait()
        self._thread.shutdown()
        if self._writer is None:  # nothing new: the parts of the run resumed, or none
            parts = _parts(self.folder)
            if parts:
                last = _read_part(parts[-1]).schema
                self.side_tables = self.side_tables or json.loads(
                    (last.metadata or {}).get(SIDE_TABLE_KEY, b"[]"))
                self._open(last, parts)
            else:  # an empty roster: an empty table, with the run's metadata
                from eligibility import compact_schema  # noqa: PLC0415

                self._open(compact_schema(), [])
        self._writer.add_key_value_metadata({
            RUN_KEY: json.dumps(self.expected), SIDE_TABLE_KEY: self._side().decode(),
            COUNTS_KEY: json.dumps(_counts(self.done))})
        self._writer.close()
        with self._temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(self._temporary, self.target)
        shutil.rmtree(self.folder, ignore_errors=True)

    def abandon(self) -> None:
        try:
            self._wait()  # a part being written is finished
        finally:
            self._thread.shutdown()
            if self._writer is not None:
                self._writer.close()
            self._temporary.unlink(missing_ok=True)
            if self.folder.is_dir() and not any(self.folder.iterdir()):
                self.folder.rmdir()


def _read_part(path: Path) -> Any:
    import pyarrow as pa  # noqa: PLC0415 - Parquet only

    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def run_counts(path: Path) -> dict[str, Any]:
    """The counts of the run that wrote the Parquet output ``path`` (records, screened,
    errors, outcomes)."""
    import pyarrow.parquet as pq  # noqa: PLC0415 - Parquet only

    return dict(json.loads(pq.ParquetFile(path).metadata.metadata[COUNTS_KEY]))


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"part-*{_PART_SUFFIX}")) if folder.is_dir() else []


def _run_of(path: Path, expected: Mapping[str, str]) -> dict[str, Any]:
    """What the run that wrote ``path`` (a part, or the output) was made with, and its
    counts; checked to be what this run is made with."""
    import pyarrow as pa  # noqa: PLC0415 - Parquet only
    import pyarrow.parquet as pq  # noqa: PLC0415

    from eligibility import compact_schema  # noqa: PLC0415

    columns: list[str] = []
    try:
        if path.suffix == _PART_SUFFIX:
            with pa.memory_map(str(path)) as source:
                schema = pa.ipc.open_file(source).schema
            run = json.loads((schema.metadata or {})[RUN_KEY])
            # rows another version wrote in other columns are not written again
            columns = [f.name for f in compact_schema() if f.name not in schema.names
                       or not schema.field(f.name).type.equals(f.type)]
        else:
            run = {**json.loads((pq.read_schema(path).metadata or {})[RUN_KEY]),
                   "counts": run_counts(path)}
    except Exception:
        raise _input_error(str(path), ProblemCode.NOT_A_RUN_OUTPUT) from None
    differ = [f"{key}: {run.get(key)} ≠ {value}" for key, value in expected.items()
              if run.get(key) != value]
    if columns:
        differ.append("columns: " + ", ".join(columns))
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
