"""Pausing Python's cyclic garbage collector while a chunk of a roster is made.

Reading, checking and laying out a chunk makes millions of small objects (the records'
dicts, the household models, their people) that hold no reference cycles: reference
counting frees them. The cyclic collector does not know that; every 700 new objects it
walks the young ones, and again and again the older ones as they pile up, which took
about half of the time spent reading and checking a roster. While a chunk is made the
collector is paused; it resumes (and finds any cycle made meanwhile) when the chunk is
done. A caller that paused it already keeps it paused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """``with collector_paused(): ...`` runs the block with the cyclic collector paused
    (never around a ``yield``: the caller's own work would run with it paused too)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
