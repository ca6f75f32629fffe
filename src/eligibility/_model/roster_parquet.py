"""Reading a Parquet roster (see :mod:`.roster_io`): a record batch at a time, as
records for the household model, or as tables of rows for the columnar engine."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .codes import ProblemCode
from .collector import collector_paused
from .errors import Problem
from .household_io import file_error, input_error
from .roster_records import RosterRecord, household_id

__all__ = ["batch_records", "parquet_records", "parquet_tables"]

#: Rows of a Parquet roster read at once, as records.
_PARQUET_ROWS = 8192


def parquet_tables(path: Path, skip: int, advance: Callable[[int], None], rows: int
                   ) -> Iterator[tuple[int, Any]]:
    """The rows of a Parquet roster past row ``skip``, ``rows`` at a time (the last chunk
    fewer), as Arrow record batches each with the line of its first row."""
    import pyarrow as pa  # noqa: PLC0415 - with the columnar extra

    line = skip + 1
    pending: list[Any] = []
    count = 0
    for first, batch in _parquet_batches(path, skip, advance, rows):
        start = max(skip - first, 0)  # rows done by the run being resumed
        pending.append(batch.slice(start) if start else batch)
        count += pending[-1].num_rows
        while count >= rows:  # chunks of ``rows`` rows from the first row not done
            table = pa.Table.from_batches(pending)
            yield line, _one_batch(table.slice(0, rows))
            pending, line, count = table.slice(rows).to_batches(), line + rows, count - rows
    if count:
        yield line, _one_batch(pa.Table.from_batches(pending))


def _one_batch(table: Any) -> Any:
    """An Arrow table's rows (at least one) as one record batch (copied only when they
    are in several pieces)."""
    (batch,) = table.combine_chunks().to_batches()
    return batch



def batch_records(batch: Any, first: int, skip: int) -> list[RosterRecord]:
    """The records of a Parquet record batch whose first row is row ``first + 1``: its
    rows converted by pyarrow at once, and only those with a null to drop (see
    :func:`~.roster_schema.null_rows`) walked in Python. A row holding a value Python
    cannot (a date past the year 9999) is an error record of its own."""
    from .roster_schema import dropped_nulls, null_rows  # noqa: PLC0415 - with pyarrow

    with collector_paused():
        try:
            rows: list[Any] = batch.to_pylist()
        except (OverflowError, ValueError):  # then row by row, to find the rows
            rows = [_row(batch, offset) for offset in range(batch.num_rows)]
        changed = null_rows(batch)
        out = []
        for offset, row in enumerate(rows):
            number = first + offset + 1
            if number <= skip:
                continue
            if row is None:
                out.append(RosterRecord(number, problems=[
                    Problem(ProblemCode.DATE_OUT_OF_RANGE, None, {})],
                    household=_text(batch, "id", offset)))
                continue
            data = dropped_nulls(row) if changed is None or offset in changed else row
            out.append(RosterRecord(number, data, household=household_id(data)))
        return out


def _row(batch: Any, offset: int) -> dict[str, Any] | None:
    try:
        row: dict[str, Any] = batch.slice(offset, 1).to_pylist()[0]
    except (OverflowError, ValueError):
        return None
    return row


def _text(batch: Any, name: str, offset: int) -> str | None:
    """Column ``name`` of a row, if the batch has it and it is a text."""
    if name not in batch.schema.names:
        return None
    value = batch.column(name)[offset].as_py() \
        if str(batch.schema.field(name).type) in ("string", "large_string") else None
    return value if isinstance(value, str) else None


def parquet_records(path: Path, skip: int, advance: Callable[[int], None]
                     ) -> Iterator[RosterRecord]:
    for first, batch in _parquet_batches(path, skip, advance, _PARQUET_ROWS):
        yield from batch_records(batch, first, skip)


def _parquet_batches(path: Path, skip: int, advance: Callable[[int], None], rows: int
                     ) -> Iterator[tuple[int, Any]]:
    """The record batches of a Parquet roster holding rows past ``skip``, each with the
    number of rows before it."""
    # pyarrow comes with the columnar extra; it loads only for a Parquet roster.
    try:
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError:
        raise input_error(str(path), ProblemCode.PARQUET_NEEDS_PYARROW,
                          command="pip install 'eligibility[columnar]'") from None
    if path.is_dir():
        raise input_error(str(path), ProblemCode.IS_A_DIRECTORY)
    try:
        reader = pq.ParquetFile(path)
    except OSError as exc:
        raise file_error(str(path), exc) from None
    except Exception:  # pyarrow's own errors: not a Parquet file, a broken footer
        raise input_error(str(path), ProblemCode.NOT_PARQUET) from None
    number = 0
    batches = reader.iter_batches(batch_size=rows)
    while True:
        try:
            batch = next(batches, None)
        except OSError as exc:
            raise input_error(str(path), ProblemCode.CANNOT_READ_AFTER_ROW, row=number,
                              reason=errno.errorcode.get(exc.errno or 0, type(exc).__name__)
                              ) from None
        except Exception:  # pyarrow's own errors: a broken page
            raise input_error(str(path), ProblemCode.NOT_PARQUET) from None
        if batch is None:
            return
        advance(batch.num_rows)
        if number + batch.num_rows > skip:  # else done by the run being resumed
            yield number, batch
        number += batch.num_rows
