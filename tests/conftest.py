"""Shared test configuration: Hypothesis profiles and the ``durable`` marker.

Compiled rule books are cached in a temporary folder (``ELIGIBILITY_CACHE_DIR``).

Hypothesis profiles (see tests/README.md):

* ``ci``  -- loaded when the ``CI`` environment variable is set (``.ci/run`` runs with
  ``CI=true``); prints a reproduction blob for any failure.
* ``dev`` -- loaded otherwise.

Both have no deadline (shared machines are noisy) and tolerate slow data generation.
``HYPOTHESIS_PROFILE=<name>`` picks a profile explicitly.

Tests marked ``durable`` need the durable-rules engine.  Where it cannot be
imported (always on Python 3.13+, where the ``test`` extra does not install it) they
are skipped with the reason shown in pytest's summary.  In CI on Python < 3.13 the
engine is part of the ``test`` extra, so they are not skipped there: a broken
install fails them instead of hiding them.
"""

from __future__ import annotations

import os
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, settings

# The command line caches compiled rule books (see eligibility._book.cache): the tests,
# and the command lines they start, use a folder of their own, never the user's.
os.environ.setdefault("ELIGIBILITY_CACHE_DIR", tempfile.mkdtemp(prefix="eligibility-cache-"))

settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "dev",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def _durable_unavailable() -> str | None:
    """Why the durable-rules engine cannot be used here, or ``None`` if it can."""
    if sys.version_info >= (3, 13):
        return "durable-rules 2.0.28 does not import on Python 3.13+"
    try:
        import durable.lang  # noqa: F401
    except Exception as exc:  # an ImportError, or a failure inside its C extension
        if os.environ.get("CI"):
            return None  # installed by the `test` extra here: let the tests fail loudly
        return f"durable-rules is not importable: {exc!r} (pip install '.[durable]')"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    durable_items = [item for item in items if item.get_closest_marker("durable")]
    if not durable_items:
        return
    reason = _durable_unavailable()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in durable_items:
        item.add_marker(skip)


_SHIPPED_BOOKS: dict[str, object] = {}


@pytest.fixture
def shipped_book_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """``RuleBook.load()`` of the shipped rules (native engine) loads them once per test
    session; any other rule book or engine loads as usual."""
    from pathlib import Path

    from eligibility import RuleBook, default_rules_path

    real = RuleBook.load.__func__  # type: ignore[attr-defined]
    shipped = default_rules_path().resolve()

    def load(cls: type[RuleBook], path: object = None, *, engine: str = "native",
             cache: bool = False) -> object:
        if (path is not None and Path(str(path)).resolve() != shipped) or engine != "native":
            return real(cls, path, engine=engine, cache=cache)
        if "book" not in _SHIPPED_BOOKS:
            _SHIPPED_BOOKS["book"] = real(cls)
        return _SHIPPED_BOOKS["book"]

    monkeypatch.setattr(RuleBook, "load", classmethod(load))
