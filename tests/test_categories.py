"""The member categories a program may serve: one answer, worked out by satisfiability
(``categories_served``), for the ``programs`` command and the documentation alike."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from eligibility import RuleBook
from eligibility._compile import categories
from eligibility._compile.categories import categories_served
from eligibility._model.household import Category
from eligibility.cli import main, programs

ON = date(2025, 1, 1)

# The example: a criterion that excludes two categories through a negated "or".
SPOUSE_AID = """\
id: social.spouse-aid
domain: social-aid
applies_to: [spouse]
title: {ar: منحة, fr: Aide, en: Spouse aid}
status: illustrative
assumptions:
  - {ar: افتراض, fr: Hypothèse, en: Assumption}
versions:
  - {id: "2020", from: 2020-01-01}
criteria:
  - id: category
    when: >-
      not (applicant.category == 'rights_holder' or applicant.category == 'retiree'
           or applicant.category == 'former_spouse')
    text: {ar: الفئة, fr: Catégorie, en: Category}
benefit:
  aid: 100
"""


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules" / "social"
    folder.mkdir(parents=True)
    (folder / "spouse-aid.yaml").write_text(SPOUSE_AID, encoding="utf-8")
    return tmp_path / "rules"


def test_a_negated_restriction_leaves_the_widow_only(rules: Path) -> None:
    book = RuleBook.load(rules)
    program = book.program("social.spouse-aid")
    assert categories_served(program, book.definitions, ON) == (Category.WIDOW,)


def test_the_programs_command_lists_the_widow_only(rules: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    args = ["programs", "--rules", str(rules), "--format", "json", "--on", ON.isoformat()]
    assert main(args) == 0
    [summary] = json.loads(capsys.readouterr().out)
    assert summary["categories"] == ["widow"]
    assert main([*args, "--category", "rights_holder"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_documentation_lists_the_widow_only(rules: Path, tmp_path: Path) -> None:
    try:
        import sphinx  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("the documentation extension needs Sphinx (pip install '.[docs]')")
    source, out = tmp_path / "docs", tmp_path / "out"
    source.mkdir()
    (source / "conf.py").write_text(
        f'extensions = ["eligibility.sphinx"]\neligibility_rules = {str(rules)!r}\n'
        f'eligibility_as_of = "{ON.isoformat()}"\n', encoding="utf-8")
    (source / "index.rst").write_text("Catalogue\n=========\n\n.. eligibility-catalogue::\n",
                                      encoding="utf-8")
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "text", str(source), str(out)],
                   capture_output=True, timeout=300, check=True)
    catalogue = (out / "index.txt").read_text(encoding="utf-8")
    by_category = catalogue.split("What can ")[1:]
    # Each category lists its programs (top-level items, each followed by its conditions).
    listed = [[line for line in section.strip().splitlines() if line.startswith("* ")]
              or section.strip().splitlines()[-1:] for section in by_category]
    assert listed == [["none"], ["none"], ["* Spouse aid (social aid) (assumption)"], ["none"],
                      ["none"], ["none"]]
    page = (out / "programs" / "social.spouse-aid.txt").read_text(encoding="utf-8")
    assert "Member categories that may qualify: widow or widower\n" in page


def test_the_command_and_the_documentation_call_one_function() -> None:
    pytest.importorskip("sphinx")
    from eligibility.sphinx import _catalogue as _pages

    assert programs.categories_served is categories.categories_served
    assert _pages.categories_served is categories.categories_served
    book = RuleBook.load()
    for program in book.programs.values():
        for on in (date(2019, 1, 1), date(2025, 6, 1)):
            served = categories_served(program, book.definitions, on)
            assert programs.program_categories(program, book.definitions, on) == [
                c.value for c in served]
