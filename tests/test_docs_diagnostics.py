"""Every diagnostic code the package can report is documented, with a snippet that
produces it and a fix that loads."""

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

from eligibility import DiagnosticCode, RuleBook
from eligibility.sphinx import DIAGNOSTICS, documented_codes, load_snippet

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "eligibility"


def reported_codes() -> dict[DiagnosticCode, str]:
    """Every code that the package's source (outside the docs extension) reports, with the
    first place that names it: ``DiagnosticCode.X``, or ``Code.X`` where it is imported
    under that name."""
    found: dict[DiagnosticCode, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "sphinx" in path.relative_to(PACKAGE).parts or path.name == "codes.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id in ("Code", "DiagnosticCode") \
                    and node.attr in DiagnosticCode.__members__:
                found.setdefault(DiagnosticCode[node.attr],
                                 f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_the_scan_finds_codes_of_every_stage() -> None:
    codes = reported_codes()
    # one code of each stage: YAML, structure, expressions, type checks, analysis, examples
    assert {"yaml-syntax", "unknown-field", "expr-syntax", "unknown-name", "table-overlap",
            "exception-conflict", "example-wrong-role"} <= set(codes)


def test_every_declared_code_is_documented() -> None:
    assert documented_codes() == set(DiagnosticCode)


def test_every_declared_code_is_reported_somewhere() -> None:
    unused = set(DiagnosticCode) - set(reported_codes())
    assert not unused, f"declared but never reported: {sorted(unused)}"


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
