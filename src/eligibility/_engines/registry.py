"""Engines by name: each is imported only when a rule book first asks for it."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

from eligibility._compile.ir import Definition
from eligibility._model.errors import EngineUnavailableError
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
            (durable-rules not installed, or Python 3.13+), saying why.
    """
    try:
        engine = EngineName(name)
    except ValueError:
        choices = ", ".join(repr(n.value) for n in EngineName)
        raise EngineUnavailableError(f"unknown engine {name!r}; choose {choices}") from None
    module_name, attribute = _FACTORIES[engine]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise EngineUnavailableError(
            f"the {engine.value} engine cannot be imported here: {exc}") from None
    factory: EngineFactory = getattr(module, attribute)
    return factory(definitions, content_hash)
