"""No English word reaches an Arabic or French reader of the documentation: every page
the documentation extension generates (with their "when the outcome can change" and worked
timeline sections) is read in Arabic and French; outside the ids, codes, proper names and
citations :mod:`leaks` allows, no English word (in Arabic: no Latin word) may appear.
The developer pages say they are in English only and are skipped. (The rest of the
library's output is read in ``test_english_leak.py``; this file builds the whole site,
so it runs on the oldest Python only, see ``noxfile.py``.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from eligibility import RuleBook
from leaks import leaks

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("ar", "fr")


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
    read = worked = 0
    for page in pages:
        if page.name in ("genindex.html", "search.html", "py-modindex.html"):
            continue  # Sphinx's index of the (English-only) API
        parser = _MainText()
        html = page.read_text(encoding="utf-8")
        parser.feed(html)
        worked += '-timeline"' in html
        if parser.english_only:
            continue
        read += 1
        if words := leaks(" ".join(parser.parts), lang):
            found[str(page.relative_to(site))] = sorted(set(words))
    assert read > len(RuleBook.load().programs)  # every program page, and more
    assert worked > 0, "worked timelines were read"
    assert found == {}
