"""No English word reaches an Arabic or French reader.

Every example decision of the rule files (its texts and labels, and as ``check`` and
``explain`` print it), every command of the README run as its readers run it, and every
page the documentation extension generates are read in Arabic and French; outside the ids,
codes, proper names and citations :mod:`leaks` allows, no English word (in Arabic: no Latin
word) may appear. The JSON Schema (``schema``) and the help (``--help``) are for developers
and in English only, as the developer pages of the docs are (they say so).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console

from eligibility import Decision, RuleBook
from eligibility.cli import main
from eligibility.cli.render import render_decision
from eligibility.cli.trace import render_explain
from leaks import leaks

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ON = "2026-05-20"
LANGS = ("ar", "fr")


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return RuleBook.load()


def _decision_texts(decision: Decision) -> str:
    parts = [decision.program_title, decision.category_label or "",
             decision.outcome_label or "", decision.status_label or ""]
    for criterion in decision.criteria:
        parts += [criterion.text, criterion.result_label or ""]
    for shown in decision.output_labels.values():
        parts += [shown.label, shown.value]
    return "\n".join(parts)


def _printed(render: object, *args: object) -> str:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None, highlight=False)
    render(console, *args)  # type: ignore[operator]
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_example_decision_reads_in_the_language(book: RuleBook, lang: str) -> None:
    found: dict[str, list[str]] = {}
    for program in book.programs.values():
        for example in program.examples:
            decision = book.evaluate(program.id, example.household, applicant=example.applicant,
                                     on=example.on, lang=lang)
            text = "\n".join([
                _decision_texts(decision),
                _printed(render_decision, decision, lang),
                _printed(render_explain, decision, program, lang, str(book.root)),
            ])
            if words := leaks(text, lang):
                found[f"{program.id}: {example.name}"] = sorted(set(words))
    assert found == {}


def _readme_commands(tmp_path: Path) -> list[list[str]]:
    households = sorted(str(p) for p in EXAMPLES.glob("*.json"))
    roster = tmp_path / "roster.jsonl"
    roster.write_text("".join(json.dumps(json.loads(Path(h).read_text(encoding="utf-8")))
                              + "\n" for h in households), encoding="utf-8")
    commands = [["check", EXAMPLES / "retiree-small-pension.json", "--program",
                 "social.eid-al-adha-grant", "--on", ON],
                ["screen", "--roster", roster, "--out", tmp_path / "out.jsonl", "--on", ON],
                ["programs", "--on", ON], ["programs", "--category", "widow", "--on", ON],
                ["programs", "--domain", "health", "--on", ON], ["validate"], ["test"]]
    for household in households:
        commands.append(["screen", household, "--on", ON])
        for program in ("social.eid-al-adha-grant", "leisure.hajj", "health.complementary-cover"):
            commands.append(["check", household, "--program", program, "--on", ON])
            commands.append(["explain", household, "--program", program, "--on", ON])
    return [[str(part) for part in command] for command in commands]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.usefixtures("shipped_book_once")
def test_every_command_of_the_readme_reads_in_the_language(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        lang: str) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    found: dict[str, list[str]] = {}
    for command in _readme_commands(tmp_path):
        code = main([*command, "--lang", lang])
        out, err = capsys.readouterr()
        assert code in (0, 2), (command, err)  # 2: a program that applies to nobody there
        if words := leaks(out + err, lang):
            found[" ".join(command)] = sorted(set(words))
    assert found == {}


# -- the documentation --------------------------------------------------------------------

class _MainText(HTMLParser):
    """The text of a page's body, without code, expressions, citations and page chrome;
    ``english_only`` when the page says it is written in English only."""

    SKIPPED = frozenset({"eligibility-expression", "eligibility-citation", "highlight"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[bool, bool]] = []
        self.skip = self.body = 0
        self.parts: list[str] = []
        self.english_only = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        self.english_only |= "eligibility-english-only" in classes
        skip = tag in ("code", "pre", "script", "style", "kbd") or bool(classes & self.SKIPPED)
        body = tag == "div" and "body" in classes
        self.stack.append((skip, body))
        self.skip += skip
        self.body += body

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            skip, body = self.stack.pop()
            self.skip -= skip
            self.body -= body

    def handle_data(self, data: str) -> None:
        if self.body and not self.skip:
            self.parts.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    source = tmp_path_factory.mktemp("docs") / "docs"
    shutil.copytree(ROOT / "docs", source, ignore=shutil.ignore_patterns("_build", "programs"))
    for lang in LANGS:
        subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D",
                        f"language={lang}", str(source), str(out / lang)],
                       capture_output=True, timeout=600, check=True)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_generated_page_reads_in_the_language(site: Path, lang: str) -> None:
    found: dict[str, list[str]] = {}
    pages = sorted((site / lang).rglob("*.html"))
    read = 0
    for page in pages:
        if page.name in ("genindex.html", "search.html", "py-modindex.html"):
            continue  # Sphinx's index of the (English-only) API
        parser = _MainText()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.english_only:
            continue
        read += 1
        if words := leaks(" ".join(parser.parts), lang):
            found[str(page.relative_to(site))] = sorted(set(words))
    assert read > len(RuleBook.load().programs)  # every program page, and more
    assert found == {}
