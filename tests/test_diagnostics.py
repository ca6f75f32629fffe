"""Loader diagnostics, table-driven: each invalid rule file says what it must produce.

A case is a YAML file in ``tests/diagnostics/`` (or a directory of them: one rule book of
several files). Comment lines at the top of each file state the expected diagnostics of
*that* file, one per line::

    # expect: <code> <line>[:<column>] [<json path>] [suggestion=<name>] [warning]
    # with: _support/shared.yaml        (another file to load in the same book)

The book must produce exactly the expected diagnostics (errors and warnings), no more:
the code, the file and the line always; the column, the JSON path and the "did you
mean" when the line gives them. Adding a case needs no new Python.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from eligibility import Diagnostic, RuleBook, RuleBookError, Severity

HERE = Path(__file__).parent / "diagnostics"
_EXPECT = re.compile(r"^#\s*expect:\s*(?P<spec>.+?)\s*$")
_WITH = re.compile(r"^#\s*with:\s*(?P<file>\S+)\s*$")
_CODE = re.compile(r"^[a-z]+(-[a-z]+)*$")


@dataclass(frozen=True)
class Expected:
    file: str
    code: str
    line: int
    column: int | None = None
    json_path: str | None = None
    suggestion: str | None = None
    severity: Severity = Severity.ERROR

    def matches(self, d: Diagnostic) -> bool:
        return (
            d.file == self.file
            and d.code == self.code
            and d.line == self.line
            and d.severity is self.severity
            and (self.column is None or d.column == self.column)
            and (self.json_path is None or d.json_path == self.json_path)
            and (self.suggestion is None or d.suggestion == self.suggestion)
        )

    def __str__(self) -> str:
        place = f"{self.line}" if self.column is None else f"{self.line}:{self.column}"
        extra = "".join(
            f" {part}"
            for part in (
                self.json_path,
                self.suggestion and f"suggestion={self.suggestion}",
                self.severity is Severity.WARNING and "warning",
            )
            if part
        )
        return f"{self.file}: {self.code} {place}{extra}"


def parse_expect(file: str, spec: str) -> Expected:
    code, place, *rest = spec.split()
    line, _, column = place.partition(":")
    fields: dict[str, object] = {}
    for part in rest:
        if part.startswith("$"):
            fields["json_path"] = part
        elif part.startswith("suggestion="):
            fields["suggestion"] = part.removeprefix("suggestion=")
        elif part == "warning":
            fields["severity"] = Severity.WARNING
        else:
            raise ValueError(f"{file}: cannot read {part!r} in '# expect: {spec}'")
    return Expected(file, code, int(line), int(column) if column else None, **fields)  # type: ignore[arg-type]


def header(path: Path) -> list[str]:
    """The comment lines at the top of a file."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Case:
    name: str
    files: tuple[Path, ...]  # the files of the case itself (each with its expectations)
    extra: tuple[Path, ...]  # support files loaded beside them

    def expected(self) -> list[Expected]:
        out = []
        for path in self.files:
            for line in header(path):
                if match := _EXPECT.match(line):
                    out.append(parse_expect(path.name, match["spec"]))
        return out


def discover() -> list[Case]:
    cases = []
    for entry in sorted(HERE.iterdir()):
        if entry.name.startswith("_"):
            continue
        files = tuple(sorted(entry.glob("*.yaml"))) if entry.is_dir() else (entry,)
        if entry.is_file() and entry.suffix != ".yaml":
            continue
        extra = tuple(
            HERE / match["file"]
            for path in files
            for line in header(path)
            if (match := _WITH.match(line))
        )
        cases.append(Case(entry.stem, files, extra))
    return cases


CASES = discover()


def diagnostics_of(case: Case, tmp_path: Path) -> tuple[Diagnostic, ...]:
    root = tmp_path / "rules"
    root.mkdir()
    for path in (*case.files, *case.extra):
        shutil.copy(path, root / path.name)
    try:
        book = RuleBook.load(root)
    except RuleBookError as exc:
        return exc.diagnostics
    return book.warnings


def test_the_table_is_large_and_covers_every_code() -> None:
    codes = {e.code for case in CASES for e in case.expected()}
    required = {
        "yaml-syntax",
        "duplicate-key",
        "unknown-field",
        "missing-field",
        "invalid-value",
        "invalid-id",
        "invalid-date",
        "wrong-type",
        "expr-syntax",
        "forbidden-construct",
        "exponent-too-large",
        "unknown-name",
        "unknown-attribute",
        "unknown-function",
        "type-mismatch",
        "not-a-condition",
        "unknown-enum-value",
        "wrong-arity",
        "name-clash",
        "duplicate-id",
        "definition-cycle",
        "parameter-type-mismatch",
        "parameter-before-start",
        "version-order",
        "unknown-placeholder",
        "missing-translation",
        "exception-conflict",
        "table-overlap",
        "table-gap",
        "table-unreachable-row",
        "otherwise-not-last",
        "example-invalid-household",
        "example-unknown-applicant",
        "unknown-criterion",
        "unknown-output",
        "illustrative-without-assumptions",
        "sourced-without-sources",
        "invalid-period",
    }
    assert required - codes == set()
    assert len(CASES) >= 30
    assert all(case.expected() for case in CASES), "every case states what it expects"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_diagnostics(case: Case, tmp_path: Path) -> None:
    found = list(diagnostics_of(case, tmp_path))
    unexpected = list(found)
    missing = []
    for want in case.expected():
        match = next((d for d in unexpected if want.matches(d)), None)
        if match is None:
            missing.append(want)
        else:
            unexpected.remove(match)
    report = "\n".join(
        [*(f"missing:    {m}" for m in missing), *(f"unexpected: {d}" for d in unexpected)]
    )
    assert (missing, unexpected) == ([], []), "\n" + report


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_diagnostic_is_located(case: Case, tmp_path: Path) -> None:
    for d in diagnostics_of(case, tmp_path):
        assert _CODE.match(d.code), d
        assert d.file.endswith(".yaml"), d
        assert d.line >= 1, d
        assert d.column >= 1, d
        assert d.json_path.startswith("$"), d
        assert d.message, d
        assert str(d).startswith(f"{d.file}:{d.line}:{d.column}: "), d


def test_three_problems_in_one_file_are_reported_together(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "three-errors-in-one-file")
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(_copy(case, tmp_path))
    assert caught.value.codes == ["unknown-name", "type-mismatch", "unknown-attribute"]
    message = str(caught.value)
    assert message.startswith("3 error(s) in the rule book")
    assert all(f"[{code}]" in message for code in caught.value.codes)


def test_every_file_of_a_book_is_reported(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "several-files")
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(_copy(case, tmp_path))
    files = {d.file for d in caught.value.diagnostics}
    assert files == {p.name for p in case.files}
    assert len(files) >= 3


def _copy(case: Case, tmp_path: Path) -> Path:
    root = tmp_path / "book"
    root.mkdir()
    for path in (*case.files, *case.extra):
        shutil.copy(path, root / path.name)
    return root


def test_expectations_are_read_from_the_header() -> None:
    assert parse_expect("a.yaml", "unknown-field 7:5 $.criteria[0].wehn suggestion=when") == (
        Expected("a.yaml", "unknown-field", 7, 5, "$.criteria[0].wehn", "when")
    )
    assert parse_expect("a.yaml", "missing-translation 3 warning").severity is Severity.WARNING
    with pytest.raises(ValueError, match="cannot read"):
        parse_expect("a.yaml", "unknown-field 7 whatever")


def test_support_files_load_without_diagnostics(tmp_path: Path) -> None:
    root = tmp_path / "book"
    root.mkdir()
    for path in (HERE / "_support").glob("*.yaml"):
        shutil.copy(path, root / path.name)
    book = RuleBook.load(root)
    assert book.warnings == ()
    assert set(book.definitions) == {"bonus_age", "in_good_standing", "is_minor"}
