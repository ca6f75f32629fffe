"""Columnar benchmark: a generated roster screened end to end, in bounded chunks.

    python benchmarks/columnar_bench.py [--households 1000000] [--batch 50000] [--on DATE]

The roster is a Parquet file of ``--households`` households (``make_roster`` households,
2% deliberately bad; the distinct households are at most ``--distinct``, repeated with new
ids past that, to keep generating cheap). It is screened chunk by chunk, as
``eligibility screen --roster ROSTER --out OUT.parquet`` does, every program for every
applicant, and the compact rows written to Parquet. The script reports, in one run:

* each stage's time, wall and CPU (the machine may be shared): reading the Parquet
  rows, checking them with the household model, laying them out as columns
  (``Batch.of``), the engine's queries (``compute``), the compact rows, writing them;
* ``compute``: person-program decisions per second of the engine alone
  (``ColumnarEngine.run_all`` over each chunk: its tables, the Polars queries of every
  program, the missing facts of unknown rows and the rows left to the interpreter), wall
  and per CPU second (the machine is shared);
* ``end to end``: decisions per second from the roster file to the Parquet output;
* output bytes per decision, and peak resident memory (bounded by the chunk, not the
  roster).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_roster
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from eligibility import RuleBook, read_roster
from eligibility._book.roster import ScreenedChunk, check_records
from eligibility._book.roster_rows import check_rows, lay_out
from eligibility._engines.columnar import Batch
from eligibility._model.vocabulary import Language
from eligibility.cli.roster_parquet import WRITE_OPTIONS, write_rows


def make_parquet(path: Path, households: int, distinct: int, on: date) -> None:
    """``households`` rows: ``distinct`` generated ones, repeated with new ids."""
    source = path.with_suffix(".distinct.parquet")
    make_roster.main([str(min(households, distinct)), str(source), "--on", on.isoformat()])
    table = pq.read_table(source)
    parts, done = [], 0
    while done < households:
        part = table.slice(0, households - done)
        ids = pc.binary_join_element_wise(part["id"], pa.scalar(f"-{len(parts)}"), "")
        parts.append(part.set_column(part.schema.get_field_index("id"), "id", ids))
        done += part.num_rows
    pq.write_table(pa.concat_tables(parts), path, row_group_size=100_000)
    source.unlink()


class _Stages:
    """Wall and CPU seconds per stage."""

    def __init__(self) -> None:
        self.times = dict.fromkeys(("read", "validate", "layout", "compute", "rows", "write"),
                                   0.0)
        self.cpus = dict.fromkeys(self.times, 0.0)
        self._wall = self._cpu = 0.0

    def start(self) -> None:
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def stop(self, stage: str) -> None:
        self.times[stage] += time.perf_counter() - self._wall
        self.cpus[stage] += time.process_time() - self._cpu


def _from_records(book: RuleBook, roster: Path, on: date, batch: int, programs: list[Any],
                  stages: _Stages) -> Iterator[ScreenedChunk]:
    """The chunks as a roster's records give them: each household read as a Python
    value, checked by the household model, then laid out as columns (``Batch.of``)."""
    reader = iter(read_roster(roster))
    while True:
        stages.start()
        chunk_records = [r for _, r in zip(range(batch), reader, strict=False)]
        stages.stop("read")
        if not chunk_records:
            return
        stages.start()
        checked = check_records(chunk_records, on)
        del chunk_records  # as the pipeline does: the records' data is done with
        stages.stop("validate")
        stages.start()
        chunk = ScreenedChunk(book, checked.records, checked.households, programs, on,
                              Language.EN, full=checked.full)
        chunk.batch = Batch.of(checked.households, on)
        stages.stop("layout")
        yield chunk


def _from_columns(book: RuleBook, roster: Path, on: date, batch: int, programs: list[Any],
                  stages: _Stages) -> Iterator[ScreenedChunk]:
    """The chunks as ``eligibility screen`` makes them of a Parquet roster: rows read as
    Arrow tables, checked on their columns, laid out from them."""
    tables = read_roster(roster).tables(batch)
    while True:
        stages.start()
        found = next(tables, None)
        stages.stop("read")
        if found is None:
            return
        stages.start()
        checked = check_rows(found[1], found[0], on)
        stages.stop("validate")
        stages.start()
        chunk = ScreenedChunk(book, checked.records, checked.households, programs, on,
                              Language.EN)
        lay_out(chunk, checked)
        stages.stop("layout")
        yield chunk


def screen(book: RuleBook, roster: Path, out: Path, on: date, batch: int, *, records: bool
           ) -> dict[str, Any]:
    """Screen ``roster`` into ``out`` stage by stage; the times and counts."""
    stages = _Stages()
    decisions = interpreted = count = 0
    programs = [p for p in book.programs.values() if p.in_force(on)]
    writer = None
    chunks = (_from_records if records else _from_columns)(book, roster, on, batch, programs,
                                                           stages)
    for chunk in chunks:
        count += len(chunk.records)
        # The engine's tables (households with their affiliate, ages...) are its work.
        stages.start()
        chunk.results = book.engine.run_all(  # type: ignore[attr-defined]
            programs, chunk.batch, on)
        for result in chunk.results.values():
            decisions += result.frame.height
            interpreted += len(result.decided)
        stages.stop("compute")
        stages.start()
        rows = chunk.arrow_table()  # as the command makes them: repeated texts once
        stages.stop("rows")
        stages.start()
        if writer is None:
            writer = pq.ParquetWriter(out, rows.schema, **WRITE_OPTIONS)
        write_rows(writer, rows)
        stages.stop("write")
        print(f"  {count:>9} households, {decisions:>10} decisions", file=sys.stderr)
    if writer is not None:
        writer.close()
    return {"times": stages.times, "cpus": stages.cpus, "cpu_compute": stages.cpus["compute"],
            "decisions": decisions, "interpreted": interpreted, "records": count,
            "bytes": out.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--distinct", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--on", type=date.fromisoformat, default=date(2026, 5, 20))
    parser.add_argument("--compare", action="store_true",
                        help="also screen the roster record by record (each household read "
                             "as a Python value and checked by the model), as before")
    args = parser.parse_args(argv)
    book = RuleBook.load().with_engine("columnar")
    with tempfile.TemporaryDirectory(prefix="eligibility-columnar-") as folder:
        roster, out = Path(folder) / "roster.parquet", Path(folder) / "out.parquet"
        make_parquet(roster, args.households, args.distinct, args.on)
        found = screen(book, roster, out, args.on, args.batch, records=False)
        _report(found, args, "from the columns")
        _command(roster, Path(folder) / "cli.parquet", args.on, found["decisions"])
        if args.compare:
            before = screen(book, roster, out, args.on, args.batch, records=True)
            _report(before, args, "record by record")
            total, old = sum(found["times"].values()), sum(before["times"].values())
            print(f"  end to end from the columns: {old / total:.1f}x record by record "
                  f"({total:.1f} s against {old:.1f} s)")
    return 0


def _command(roster: Path, out: Path, on: date, decisions: int) -> None:
    """The same roster screened by the command a user runs, timed from start to end:
    ``eligibility screen --roster ROSTER --out OUT.parquet`` (its own chunk size, the
    resumable part files, the output encoded in a thread of its own while the next chunk
    is screened)."""
    from eligibility.cli import main as command

    started, cpu = time.perf_counter(), time.process_time()
    code = command(["screen", "--roster", str(roster), "--out", str(out), "--on",
                    on.isoformat(), "--engine", "columnar"])
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"  the command {wall:6.1f} s wall ({cpu:.1f} s CPU, exit {code}): "
          f"{decisions / wall / 1e6:.2f} M decisions/s end to end, as a user runs it "
          f"(eligibility screen --roster ROSTER.parquet --out OUT.parquet)")


def _report(found: dict[str, Any], args: argparse.Namespace, how: str) -> None:
    times, decisions = found["times"], found["decisions"]
    total = sum(times.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{found['records']} households in chunks of {args.batch}, on {args.on}, read "
          f"{how}: {decisions} person-program decisions ({found['interpreted']} by the "
          f"interpreter)")
    print("  stage seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in times.items()))
    print("  stage CPU seconds: " + ", ".join(f"{k} {v:.1f}"
                                             for k, v in found["cpus"].items()))
    print(f"  compute     {decisions / times['compute'] / 1e6:6.2f} M decisions/s wall, "
          f"{decisions / found['cpu_compute'] / 1e6:6.2f} M per CPU second; target >= 5")
    print(f"  end to end  {decisions / total / 1e6:6.2f} M decisions/s, Parquet in and out; "
          f"target >= 1")
    print(f"  output      {found['bytes'] / decisions:6.1f} bytes per decision (compact "
          f"Parquet)")
    print(f"  peak RSS    {peak:6.0f} MiB (the process's, so far)")


if __name__ == "__main__":
    raise SystemExit(main())
