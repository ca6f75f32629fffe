"""How one diagnostic code is documented, and the helpers its rule snippets are written with.

The entries themselves are in the tables of ``_diagnostics_files``,
``_diagnostics_expressions`` and ``_diagnostics_analysis``, assembled by
``_diagnostics``.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from eligibility import DiagnosticCode as Code

__all__ = ["DiagnosticDoc"]


@dataclass(frozen=True)
class DiagnosticDoc:
    """How one diagnostic code is documented.

    Attributes:
        code: the stable code.
        summary: what it means, in one or two sentences (reStructuredText).
        bad: a rule snippet that produces the code.
        fix: the snippet corrected; it must load without errors.
        mode: how ``bad`` is loaded: ``fragment`` (completed with the example
            program), ``file`` (a whole file), ``latin-1`` (a whole fragment
            written in Latin-1), ``empty`` (a folder with no rule file), ``outside`` (a
            fragment outside the folder, linked into it) or ``files`` (several whole
            files, each after a line ``# file: NAME``).
        fix_mode: how ``fix`` is loaded (default: like ``bad``).
    """

    code: Code
    summary: str
    bad: str
    fix: str
    mode: str = "fragment"
    fix_mode: str | None = None


def _y(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


_TEXT_YOUNG = "    text: {ar: أقل من 18 سنة, fr: Moins de 18 ans, en: Under 18}\n"
_HOUSEHOLD = """\
    household:
      id: h1
      affiliate: {id: a, status: active, birth_date: 1980-01-01}
      children: [{id: c1, birth_date: 2015-06-01}]
"""


def _criterion(when: str, extra: str = "") -> str:
    return f"criteria:\n  - id: young\n    when: {when}\n{extra}{_TEXT_YOUNG}"


def _example(expect: str, applicant: str | None = None) -> str:
    who = f"    applicant: {applicant}\n" if applicant else ""
    return (f"examples:\n  - name: a child of 10\n    on: 2025-07-01\n{who}{_HOUSEHOLD}"
            f"    expect: {expect}\n")
