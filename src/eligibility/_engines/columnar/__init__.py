"""The columnar engine: the compiled rules as Polars expressions over Arrow batches of
households, for rosters and reform comparisons (``pip install 'eligibility[columnar]'``)."""

from __future__ import annotations

from .engine import ColumnarEngine
from .frames import Batch

__all__ = ["Batch", "ColumnarEngine"]
