"""The documentation, read like a reader: built in three languages, checked page by page.

The docs are built (``sphinx-build -W -n``, as ``nox -s docs`` does) from a copy
of ``docs/`` into a temporary folder, in English, French and Arabic. Then:

* each program page holds every criterion's text (in the page's language) and
  every source link of the program, and an illustrative program is marked;
* the catalogue links every program; the Arabic site is right to left;
* headless Chromium (Debian's ``chromium``) renders the summer-camp page in
  English and Arabic to PNG, and a probe page reads the computed direction and
  where the sidebar sits.

Sphinx comes with the ``docs`` extra and Chromium from Debian; without them these
tests are skipped with the reason, except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from eligibility import RuleBook

pytestmark = pytest.mark.slow

DOCS = Path(__file__).resolve().parents[1] / "docs"
AS_OF = dt.date.today()
LANGUAGES = ("en", "fr", "ar")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)


def _need(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: see .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return RuleBook.load()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three builds, in ``<tmp>/html/<lang>``; each must succeed with -W -n."""
    try:
        import sphinx  # noqa: F401
    except ImportError:
        _need("Sphinx is not installed (pip install '.[docs]')")
    root = tmp_path_factory.mktemp("docs")
    source = root / "source"
    shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("_build", "programs", "*.mo"))
    for lang in LANGUAGES:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
             "-D", f"language={lang}", "-D", f"eligibility_as_of={AS_OF.isoformat()}",
             "-d", str(root / "doctrees" / lang), str(source), str(root / "html" / lang)],
            capture_output=True, text=True, timeout=600, check=False,
        )
        assert result.returncode == 0, f"{lang} build failed:\n{result.stdout}\n{result.stderr}"
    return root / "html"


class _Page(HTMLParser):
    """The visible text and the links of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self.html_attrs: dict[str, str | None] = {}
        self.classes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html_attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        self.classes.extend((found.get("class") or "").split())

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _plain(text: str) -> str:
    return " ".join(html.unescape(text).split())


def _text_of(page: _Page) -> str:
    return _plain(" ".join(page.text))


def _renderings(program: object, criterion: object, lang: str) -> set[str]:
    """The criterion's text with its placeholders filled on each date its values change."""
    dates = {AS_OF, *program.change_dates, program.valid_from}  # type: ignore[attr-defined]
    return {_plain(criterion.text.render(lang, program.params_at(day)))  # type: ignore[attr-defined]
            for day in dates}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_each_program_page_has_every_criterion_and_source(site: Path, book: RuleBook,
                                                           lang: str) -> None:
    assert book.programs
    for program in book.programs.values():
        path = site / lang / "programs" / f"{program.id}.html"
        assert path.is_file(), f"no page for {program.id} in {lang}"
        page = _read(path)
        text = _text_of(page)
        assert _plain(program.title.get(lang)) in text
        for criterion in program.criteria:
            assert any(t in text for t in _renderings(program, criterion, lang)), (
                f"{program.id} ({lang}): criterion {criterion.id!r} text missing")
        for source in program.sources:
            if source.url:
                assert source.url in page.links, f"{program.id} ({lang}): no link {source.url}"
        for example in program.examples:
            assert example.name in text, f"{program.id}: example {example.name!r} not shown"


def test_illustrative_programs_are_marked(site: Path, book: RuleBook) -> None:
    from eligibility.sphinx import CHROME

    for program in book.programs.values():
        for lang in ("en", "ar"):
            page = _read(site / lang / "programs" / f"{program.id}.html")
            label = "Illustrative program" if lang == "en" else CHROME[
                "Illustrative program"][lang]
            marked = label in _text_of(page) and "warning" in page.classes
            assert marked == (program.status.value == "illustrative"), (program.id, lang)


def test_catalogue_links_every_program_in_every_language(site: Path, book: RuleBook) -> None:
    for lang in LANGUAGES:
        page = _read(site / lang / "catalogue.html")
        targets = {link.split("#")[0] for link in page.links}
        for program in book.programs.values():
            assert f"programs/{program.id}.html" in targets, (lang, program.id)


def test_arabic_site_is_right_to_left(site: Path) -> None:
    for lang, direction in (("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")):
        for path in (site / lang).rglob("*.html"):
            attrs = _read(path).html_attrs
            assert (attrs.get("lang"), attrs.get("dir")) == (lang, direction), path


def test_definitions_and_diagnostics_pages(site: Path, book: RuleBook) -> None:
    from eligibility.sphinx import documented_codes

    definitions = _text_of(_read(site / "ar" / "definitions.html"))
    values = {n: p.at(AS_OF) for n, p in book.parameters.items() if p.values[0][0] <= AS_OF}
    for name, definition in book.definitions.items():
        assert name in definitions
        assert _plain(definition.text.render("ar", values)) in definitions
    diagnostics = _text_of(_read(site / "en" / "diagnostics.html"))
    for code in documented_codes():
        assert f"[{code}]" in diagnostics, f"the report for {code!r} is not shown"


# -- the browser check ------------------------------------------------------------------------

_PROBE = """<!doctype html>
<html><body>
<iframe id="page" src="{src}" style="width:1280px;height:900px"></iframe>
<script>
document.getElementById("page").addEventListener("load", function () {{
  var doc = this.contentDocument;
  var body = doc.querySelector("div.body"), side = doc.querySelector("div.sphinxsidebar");
  document.body.setAttribute("data-direction",
    doc.defaultView.getComputedStyle(doc.documentElement).direction);
  document.body.setAttribute("data-sidebar",
    side.getBoundingClientRect().left > body.getBoundingClientRect().left ? "right" : "left");
}});
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """The built site over HTTP on the loopback interface (one origin for the probe)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    _need("Chromium is not installed (apt-get install chromium)")
    raise AssertionError  # unreachable: _need raises


def _run_chromium(binary: str, profile: Path, *args: str) -> str:
    result = subprocess.run(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_summer_camp_page_renders_left_to_right_and_right_to_left(
        site: Path, server: str, tmp_path: Path, book: RuleBook) -> None:
    binary = _chromium()
    program = "leisure.summer-camp" if "leisure.summer-camp" in book.programs \
        else "social.eid-al-adha-grant"
    for lang, direction, sidebar in (("en", "ltr", "left"), ("ar", "rtl", "right")):
        page = f"{server}/{lang}/programs/{program}.html"
        png = tmp_path / f"{program}-{lang}.png"
        _run_chromium(binary, tmp_path / f"profile-shot-{lang}", "--window-size=1280,2000",
                      f"--screenshot={png}", page)
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n"), png
        assert len(data) > 20_000, f"{png} looks blank"
        probe = site / f"probe-{lang}.html"
        probe.write_text(_PROBE.format(src=f"/{lang}/programs/{program}.html"),
                         encoding="utf-8")
        dom = _run_chromium(binary, tmp_path / f"profile-dom-{lang}",
                            "--virtual-time-budget=15000", "--dump-dom",
                            f"{server}/{probe.name}")
        found = re.search(r'<body data-direction="(\w+)" data-sidebar="(\w+)"', dom)
        assert found is not None, dom[-2000:]
        # The sidebar leads the text: on its left in English, mirrored to its right in Arabic.
        assert found.groups() == (direction, sidebar), (lang, found.groups())
