"""Every diagnostic code the package can report is documented, with a snippet that
produces it and a fix that loads; the generated pages' headings are translated."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

try:
    import sphinx  # noqa: F401
except ImportError:  # pragma: no cover - depends on the environment
    if os.environ.get("CI"):
        raise  # CI installs Sphinx with the tests: a missing one is a broken install
    pytest.skip("the documentation extension needs Sphinx (pip install '.[docs]')",
                allow_module_level=True)

from eligibility import RuleBook
from eligibility.sphinx import CHROME, DIAGNOSTICS, documented_codes, load_snippet

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "eligibility"

#: Calls that take a diagnostic code, and the position of the code among their arguments.
_CODE_ARGUMENT = {"Diagnostic": 0, "_fail": 0, "diagnostic": 1, "fail": 1}


def _strings(node: ast.AST) -> set[str]:
    """String constants an argument can evaluate to (through ``a if c else b``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def emitted_codes() -> dict[str, str]:
    """Every literal diagnostic code in the package's source, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "sphinx" in path.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            codes: set[str] = set()
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else (
                    func.attr if isinstance(func, ast.Attribute) else "")
                position = _CODE_ARGUMENT.get(name)
                if position is not None and len(node.args) > position:
                    codes = _strings(node.args[position])
                codes |= {s for k in node.keywords if k.arg == "code" for s in _strings(k.value)}
            elif isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "_CODES" for t in node.targets):
                assert isinstance(node.value, ast.Dict)
                codes = {s for v in node.value.values for s in _strings(v)}
            for code in codes:
                found.setdefault(code, f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_the_scan_finds_codes_of_every_stage() -> None:
    codes = emitted_codes()
    # one code of each stage: YAML, structure, expressions, type checks, analysis, examples
    assert {"yaml-syntax", "unknown-field", "expr-syntax", "unknown-name", "table-overlap",
            "exception-conflict", "example-wrong-role"} <= set(codes)


def test_every_code_the_package_reports_is_documented() -> None:
    undocumented = {c: where for c, where in emitted_codes().items()
                    if c not in documented_codes()}
    assert not undocumented, f"document these codes in eligibility/sphinx/_diagnostics.py: " \
                             f"{undocumented}"


def test_every_documented_code_is_reported_somewhere() -> None:
    assert documented_codes() <= set(emitted_codes())


def test_codes_are_documented_once() -> None:
    codes = [entry.code for entry in DIAGNOSTICS]
    assert len(codes) == len(set(codes))


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return RuleBook.load()


@pytest.mark.parametrize("entry", DIAGNOSTICS, ids=lambda entry: entry.code)
def test_bad_snippet_reports_its_code_and_the_fix_loads(book: RuleBook, entry: object) -> None:
    bad = load_snippet(book, entry.bad, entry.mode)  # type: ignore[attr-defined]
    assert entry.code in bad.codes  # type: ignore[attr-defined]
    fix = load_snippet(book, entry.fix, entry.fix_mode or entry.mode)  # type: ignore[attr-defined]
    assert entry.code not in fix.codes  # type: ignore[attr-defined]
    assert not fix.diagnostics, [str(d) for d in fix.diagnostics]
    assert not fix.failures


def test_every_heading_is_translated() -> None:
    for english, translations in CHROME.items():
        assert set(translations) == {"fr", "ar"}, english
        assert all(text.strip() for text in translations.values()), english
        for text in translations.values():
            assert sorted(_fields(text)) == sorted(_fields(english)), english


def _fields(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]
