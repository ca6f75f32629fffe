"""``__all__`` is sorted and is exactly the public surface (of the package and of
``eligibility.testing``, a package too): every public name is listed, every listed name
exists."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from types import ModuleType
from typing import TypeVar

import pytest

import eligibility
import eligibility.testing


def _defined_here(module: ModuleType) -> set[str]:
    """Public names a module binds itself at top level (not the ones it imports)."""
    tree = ast.parse(inspect.getsource(module))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {
        n
        for n in names
        if not n.startswith("_") and not isinstance(getattr(module, n, None), TypeVar)
    }


@pytest.mark.parametrize("module", [eligibility, eligibility.testing], ids=lambda m: m.__name__)
def test_all_is_sorted_and_unique(module: ModuleType) -> None:
    assert list(module.__all__) == sorted(set(module.__all__))


@pytest.mark.parametrize("module", [eligibility, eligibility.testing], ids=lambda m: m.__name__)
def test_every_listed_name_exists(module: ModuleType) -> None:
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []


def test_the_package_exports_exactly_its_public_names() -> None:
    for name in eligibility.__all__:  # the names are imported on first use
        getattr(eligibility, name)
    public = {
        name
        for name, value in vars(eligibility).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    assert set(eligibility.__all__) == public | {"__version__"}


def test_the_package_reexports_only_its_own_objects() -> None:
    for name in eligibility.__all__:
        value = getattr(eligibility, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__ == "eligibility", name


def test_star_import_gives_all() -> None:
    namespace: dict[str, object] = {}
    exec("from eligibility import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(eligibility.__all__)


def _package_modules(package: ModuleType) -> list[ModuleType]:
    """A package and every module inside it."""
    return [package, *(importlib.import_module(f"{package.__name__}.{info.name}")
                       for info in pkgutil.iter_modules(package.__path__))]


def test_testing_exports_exactly_what_it_defines() -> None:
    # ``eligibility.testing`` is a package: its public names are those its modules define
    # (helpers shared between its private modules keep a leading underscore).
    modules = _package_modules(eligibility.testing)
    assert len(modules) > 1
    defined = {name: module for module in modules for name in _defined_here(module)}
    assert set(eligibility.testing.__all__) == set(defined)
    for name, module in defined.items():
        assert getattr(eligibility.testing, name) is getattr(module, name), name


def test_testing_exposes_only_what_it_exports() -> None:
    public = {
        name
        for name, value in vars(eligibility.testing).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    assert public == set(eligibility.testing.__all__)


def test_version_matches_the_distribution() -> None:
    from importlib import metadata

    try:
        version = metadata.version("eligibility")
    except metadata.PackageNotFoundError:  # run from a source tree without installing
        pytest.skip("the distribution is not installed")
    assert eligibility.__version__ == version
