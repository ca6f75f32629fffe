"""Every example's decision, pinned byte for byte.

``tests/golden/decisions.jsonl`` holds the JSON of the decision of every rule-file
example (in Arabic, French and English, on both engines where durable imports) and of
``screen`` over every household of ``examples/``, each with its next change. A change to
the library that changes any of these bytes fails here; a change to the rules or to what
a decision says, made on purpose, rewrites the file::

    ELIGIBILITY_UPDATE_GOLDEN=1 pytest tests/test_golden.py

and the diff of ``decisions.jsonl`` is then part of the review.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from eligibility import RuleBook

GOLDEN = Path(__file__).parent / "golden" / "decisions.jsonl"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCREEN_ON = date(2026, 5, 20)


def _lines(book: RuleBook) -> list[str]:
    lines: list[str] = []
    for program in book.programs.values():
        for example in program.examples:
            for lang in ("ar", "fr", "en"):
                decision = book.evaluate(program.id, example.household,
                                         applicant=example.applicant, on=example.on, lang=lang,
                                         next_change=True)
                key = {"program": program.id, "example": example.name, "lang": lang}
                lines.append(json.dumps(key, ensure_ascii=False) + "\t"
                             + decision.model_dump_json())
    for path in sorted(EXAMPLES.glob("*.json")):
        household = json.loads(path.read_text(encoding="utf-8"))
        for decision in book.screen(household, on=SCREEN_ON, lang="en", next_change=True):
            key = {"screen": path.name, "program": decision.program,
                   "applicant": decision.applicant}
            lines.append(json.dumps(key, ensure_ascii=False) + "\t"
                         + decision.model_dump_json())
    return lines


def _compare(lines: list[str]) -> None:
    if os.environ.get("ELIGIBILITY_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    pinned = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(pinned), f"{len(lines)} decisions, {len(pinned)} pinned"
    changed = [new.split("\t")[0] for new, old in zip(lines, pinned, strict=True) if new != old]
    assert not changed, f"{len(changed)} decisions changed, first: {changed[:5]}"


def test_every_example_decision_is_unchanged() -> None:
    _compare(_lines(RuleBook.load()))


@pytest.mark.slow
@pytest.mark.durable
def test_durable_gives_the_same_bytes_but_for_the_engine_name() -> None:
    native = _lines(RuleBook.load())
    durable = _lines(RuleBook.load(engine="durable"))
    durable = [line.replace('"engine":"durable"', '"engine":"native"') for line in durable]
    assert durable == native
