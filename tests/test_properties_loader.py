"""A damaged rule file is reported, never a crash: whatever the edit to a real rule file,
``RuleBook.load`` either loads or raises ``RuleBookError`` with located diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility import RuleBook, RuleBookError

pytestmark = pytest.mark.slow  # each example writes and loads a rule book

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted(
    [*(ROOT / "rules").rglob("*.yaml"), *(ROOT / "tests" / "diagnostics").glob("*.yaml")]
)
SHARED = ROOT / "rules" / "definitions" / "members.yaml"
PIECES = [
    ": ", "- ", "{", "}", "[", "]", "'", '"', "\n", "  ", "\t", "#", "|", ">-", "? ", "---",
    "2020-02-30", "1900-01-01", "true", "null", "~", "0", "-1", "1e400", ".nan", "0x1F",
    "&a ", "*a", "<<: *a", "!!python/name:os.system ", "!!binary ", "%YAML 1.2",
    "when: x", "applicant.age", "**", "__class__", "é", "\ufeff", "\x00",
]  # fmt: skip


@st.composite
def damaged(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SEEDS)).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        cut = draw(st.integers(0, len(line)))
        edit = draw(st.sampled_from(["delete", "copy", "insert", "cut", "indent"]))
        if edit == "delete" and len(lines) > 1:
            del lines[at]
        elif edit == "copy":
            lines.insert(at, lines[draw(st.integers(0, len(lines) - 1))])
        elif edit == "insert":
            lines[at] = line[:cut] + draw(st.sampled_from(PIECES)) + line[cut:]
        elif edit == "cut":
            lines[at] = line[:cut] + line[draw(st.integers(cut, len(line))) :]
        else:
            lines[at] = " " * draw(st.integers(0, 6)) + line.lstrip()
    return "\n".join(lines)


@settings(max_examples=60)
@given(damaged())
def test_a_damaged_rule_file_is_reported_not_a_crash(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    root = tmp_path_factory.mktemp("rules")
    (root / "damaged.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
    (root / "members.yaml").write_bytes(SHARED.read_bytes())
    try:
        RuleBook.load(root)
    except RuleBookError as exc:
        diagnostics = exc.diagnostics
    else:
        return  # the edit left a valid book
    assert diagnostics
    for d in diagnostics:
        assert d.code
        assert d.line >= 1
        assert d.column >= 1
        assert d.json_path.startswith("$")
