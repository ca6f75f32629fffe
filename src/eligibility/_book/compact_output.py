"""A chunk's compact rows in input order, as a Polars frame of plain texts or as an Arrow
table whose repeated columns are dictionary-encoded.

The rows are held narrow (:class:`InOrder`): for each row its record's, person's and
program's columns, and for each group of columns made once per distinct value an index
into that group's table. The two forms are made from the same narrow rows and tables, so
they hold the same values by construction:

* :meth:`InOrder.frame` takes each grouped text from its table, row by row (a Polars
  frame of plain strings: what :meth:`ScreenedChunk.table` gives, and what compact JSON
  Lines writes);
* :meth:`InOrder.arrow` takes no text row by row: each grouped column is an Arrow
  dictionary array whose dictionary is the column's distinct texts and whose indices are
  the row's index mapped to them. Parquet writes such a column's dictionary page and
  indices as they are, instead of hashing every row's text again.

Held to the decisions by test: every compact row of a roster, with its side-table row,
gives back the full decision one household at a time gives; the Arrow rows are the
frame's, with each repeated text once in its dictionary; Parquet output reads back as
the frame's rows, in plain strings (``tests/test_roster_columnar.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

__all__ = ["InOrder", "dictionary_schema"]

#: The type of a dictionary-encoded text column (Parquet's writer takes plain string
#: dictionaries, not string views).
_INDEX = "int32"


def dictionary_schema(columns: Mapping[str, pl.DataType], encoded: Sequence[str]) -> Any:
    """The Arrow schema of ``columns`` as Polars hands them to Arrow, the ``encoded`` ones
    dictionary-encoded texts."""
    import pyarrow as pa  # noqa: PLC0415 - the columnar extra

    plain = pl.DataFrame(schema=dict(columns)).to_arrow(
        compat_level=pl.CompatLevel.newest()).schema
    text = pa.dictionary(pa.type_for_alias(_INDEX), pa.string())
    return pa.schema([pa.field(f.name, text) if f.name in encoded else f for f in plain])


@dataclass
class InOrder:
    """Compact rows in input order, narrow.

    ``base`` holds the columns taken row by row (``line``, ``period``, ``not_yet_born``,
    ``error``, ``errors``) and, for each table of ``tables``, the rows' index into it
    (null on a row it says nothing of): its columns are the row's, each text once in the
    table, many rows pointing to it (a decision's texts, its record's, its applicant's,
    its program's).
    """

    base: pl.DataFrame
    tables: dict[str, pl.DataFrame]
    columns: dict[str, pl.DataType]
    schema: Any

    def frame(self) -> pl.DataFrame:
        """The rows as a Polars frame of ``columns``, each text in full."""
        taken = [table[name].gather(self.base[index])
                 for index, table in self.tables.items() for name in table.columns]
        return self.base.with_columns(*taken).select(
            [pl.col(n).cast(t) for n, t in self.columns.items()])

    def arrow(self) -> Any:
        """The rows as an Arrow table of ``schema``: every column of ``tables``
        dictionary-encoded, each distinct text once (the dictionary of a chunk), the
        others as Polars holds them."""
        import pyarrow as pa  # noqa: PLC0415 - the columnar extra
        import pyarrow.compute as pc  # noqa: PLC0415

        plain = self.base.to_arrow(compat_level=pl.CompatLevel.newest())
        arrays: dict[str, Any] = {}
        for index, table in self.tables.items():
            rows = plain[index].combine_chunks().cast(pa.int32())
            for name in table.columns:
                # The table's texts, each once (two of its rows may hold one text): the
                # dictionary; each row's index into it, through its row of the table (a
                # null text, or no row, a null index).
                texts = pc.dictionary_encode(table[name].to_arrow().cast(pa.string()))
                # Each row of the table a text of its own (a chunk's households, its
                # programs): the rows' indexes are the dictionary's, as they are (checked
                # to be in range); else taken from the table's indices (taking checks
                # them: not checked again).
                if len(texts.dictionary) == table.height and not texts.indices.null_count:
                    arrays[name] = pa.DictionaryArray.from_arrays(rows, texts.dictionary)
                else:
                    arrays[name] = pa.DictionaryArray.from_arrays(
                        texts.indices.cast(pa.int32()).take(rows), texts.dictionary,
                        safe=False)
        return pa.table([arrays[f.name] if f.name in arrays else plain[f.name]
                         for f in self.schema], schema=self.schema)
