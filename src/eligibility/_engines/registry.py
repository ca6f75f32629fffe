"""Engines by name: each is imported only when a rule book first asks for it."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping

from eligibility._compile.ir import Definition
from eligibility._model.codes import ProblemCode
from eligibility._model.errors import EngineUnavailableError, Problem
from eligibility._model.vocabulary import EngineName

from .protocol import Engine

__all__ = ["make_engine"]

#: How to make an engine: ``factory(definitions, content_hash)``.
EngineFactory = Callable[[Mapping[str, Definition], str], Engine]

#: Where each engine's factory lives (module, attribute): imported on first use, so an
#: engine with an optional dependency costs nothing until it is asked for.
_FACTORIES: Mapping[EngineName, tuple[str, str]] = {
    EngineName.NATIVE: ("eligibility._engines.native.engine", "NativeEngine"),
    EngineName.DURABLE: ("eligibility._engines.durable", "DurableEngine"),
    EngineName.COLUMNAR: ("eligibility._engines.columnar", "ColumnarEngine"),
}


def make_engine(name: str, definitions: Mapping[str, Definition], content_hash: str) -> Engine:
    """The engine called ``name``, for a rule book with these shared definitions.

    Raises:
        EngineUnavailableError: for an unknown name, or an engine that cannot run here
            (durable-rules not installed, or Python 3.13+; Polars or pyarrow not
            installed), saying why and what to install.
    """
    try:
        engine = EngineName(name)
    except ValueError:
        raise EngineUnavailableError(Problem(ProblemCode.UNKNOWN_ENGINE, "engine", {
            "engine": name, "choices": [n.value for n in EngineName]})) from None
    module_name, attribute = _FACTORIES[engine]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        if engine is EngineName.NATIVE:  # pragma: no cover - the library's own code
            raise
        raise EngineUnavailableError(_missing(engine, exc)) from exc
    factory: EngineFactory = getattr(module, attribute)
    return factory(definitions, content_hash)


def _missing(engine: EngineName, exc: ImportError) -> Problem:
    """Why ``engine`` does not import: durable-rules (missing, or on Python 3.13+, where
    it cannot import), or the columnar engine's Polars and pyarrow (its extra)."""
    if engine is EngineName.DURABLE:
        code = ProblemCode.ENGINE_NEEDS_OLDER_PYTHON if sys.version_info >= (3, 13) else \
            ProblemCode.ENGINE_UNAVAILABLE
        return Problem(code, "engine", {
            "engine": engine.value, "command": "pip install 'eligibility[durable]'"})
    return Problem(ProblemCode.ENGINE_NEEDS_PACKAGE, "engine", {
        "engine": engine.value, "package": exc.name or "polars",
        "command": f"pip install 'eligibility[{engine.value}]'"})
