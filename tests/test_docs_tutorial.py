"""The developer tutorial's examples run and print what the page says (doctest)."""

from __future__ import annotations

import doctest
from pathlib import Path

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial.rst"


def test_tutorial_examples_print_what_the_page_shows() -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(TUTORIAL.read_text(encoding="utf-8"), {}, "tutorial",
                              str(TUTORIAL), 0)
    assert len(test.examples) >= 20, "the tutorial lost its examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    failures = []
    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)
