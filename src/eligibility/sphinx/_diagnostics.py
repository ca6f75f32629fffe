"""Every diagnostic code the loader reports, with a rule snippet that produces it and its fix.

This table is what the documentation's page of diagnostic codes shows; every
snippet is loaded when the page is built (a snippet that no longer produces its
code, or a fix that does not load cleanly, fails the build), and a test checks
that every code the package's source can report is listed here.

Snippets are ``fragment``\\s by default: the top-level keys they leave out are
taken from a small example program (see ``SKELETON`` in ``_snippets``), placed
after the snippet so that line numbers in the reports are the snippet's own.

The entries are kept by stage, in ``_diagnostics_files`` (files, the YAML reader,
characters of texts, and structure), ``_diagnostics_expressions`` (expressions and types),
``_diagnostics_bounds`` (what is proven at load) and ``_diagnostics_analysis`` (analysis
and examples), and assembled here in the order the page shows them.
"""

from __future__ import annotations

from ._diagnostic_doc import DiagnosticDoc
from ._diagnostics_analysis import ANALYSIS, EXAMPLES
from ._diagnostics_bounds import BOUNDS
from ._diagnostics_expressions import EXPRESSIONS, TYPES
from ._diagnostics_files import FILES, READER

__all__ = ["DIAGNOSTICS", "DiagnosticDoc", "documented_codes"]

#: Every diagnostic code the loader can report, with a snippet that produces it and its fix.
DIAGNOSTICS: tuple[DiagnosticDoc, ...] = (
    *FILES, *READER, *TYPES, *ANALYSIS, *EXPRESSIONS, *BOUNDS, *EXAMPLES)


def documented_codes() -> set[str]:
    """The diagnostic codes :data:`DIAGNOSTICS` documents."""
    return {entry.code for entry in DIAGNOSTICS}
