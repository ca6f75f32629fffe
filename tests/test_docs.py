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
from typing import Any

import pytest

from eligibility import RuleBook
from eligibility._compile.categories import categories_served

pytestmark = pytest.mark.slow


def _as_of() -> dt.date:
    """The date the pages describe, as the build reads it from the rule book."""
    try:
        from eligibility.sphinx._state import latest_change
    except ImportError:  # no Sphinx: the ``site`` fixture says so
        return dt.date.today()
    return latest_change(RuleBook.load())


AS_OF = _as_of()

DOCS = Path(__file__).resolve().parents[1] / "docs"
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
             "-D", f"language={lang}",
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
        for example in program.examples:  # named in English only: in the English pages
            assert (example.name in text) == (lang == "en"), (program.id, lang, example.name)


def test_illustrative_programs_are_marked(site: Path, book: RuleBook) -> None:
    from eligibility._i18n import t

    for program in book.programs.values():
        for lang in ("en", "ar"):
            page = _read(site / lang / "programs" / f"{program.id}.html")
            label = t(lang, "Illustrative program")
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


# -- every assumption marked, every text filled ---------------------------------------------

_VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "col", "area", "base", "wbr"})
_MARK = "eligibility-assumption"


class _Marks(HTMLParser):
    """For each element with an id: whether an assumption mark is inside it, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.marked: set[str] = set()
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if _MARK in (found.get("class") or "").split():
            self.marked.update(i for i in self.stack if i)
        if tag in _VOID:
            return
        node_id = found.get("id")
        self.stack.append(node_id)
        if node_id:
            self.text.setdefault(node_id, [])

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for node_id in self.stack:
            if node_id:
                self.text[node_id].append(data)


def _marks(path: Path) -> _Marks:
    page = _Marks()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _assumed_on_program_page(book: RuleBook, program: object, lang: str) -> Iterator[str]:
    """The ids of what the IR reports as resting on an assumption, on a program's page."""
    from docutils.nodes import make_id

    from eligibility.sphinx._nodes import clamp, program_date, program_label

    p: Any = program
    label = program_label(p.id)
    on = program_date(p, AS_OF)
    if p.evidence(on).value != "sourced":
        yield make_id(f"{label}-evidence")
    for criterion in p.criteria:
        if criterion.rests_on_assumption(on=clamp(on, criterion.valid_from, criterion.valid_until)):
            yield make_id(f"{label}-criterion-{criterion.id}")
        stack = [(f"{label}-criterion-{criterion.id}", e) for e in criterion.exceptions]
        while stack:
            where, exception = stack.pop()
            here = f"{where}-exception-{exception.id}"
            if exception.status.value == "illustrative":
                yield make_id(here)
            stack += [(here, e) for e in exception.exceptions]
    for output in p.outputs:
        if output.rests_on_assumption(on):
            yield make_id(f"{label}-output-{output.name}")
    for version in p.versions:
        if version.assumed:
            yield make_id(f"{label}-version-{version.id}")
    for name in p.parameters_shown:
        for entry in p.parameters[name].entries:
            if entry.assumed:
                yield make_id(f"{label}-parameter-{name}-{entry.valid_from.isoformat()}")
    for index, example in enumerate(p.examples, start=1):
        decision = book.evaluate(p, example.household, applicant=example.applicant,
                                 on=example.on, lang=lang)
        where = f"{label}-example-{index}"
        if decision.evidence.value != "sourced":
            yield make_id(f"{where}-evidence")
        for result in decision.criteria:
            if result.illustrative:
                yield make_id(f"{where}-criterion-{result.id}")
        for name in decision.illustrative_outputs:
            yield make_id(f"{where}-output-{name}")
        if decision.illustrative_parameters:
            yield make_id(f"{where}-parameters")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_assumption_the_ir_reports_is_marked_on_every_page(site: Path, book: RuleBook,
                                                                 lang: str) -> None:
    from docutils.nodes import make_id

    from eligibility.sphinx._nodes import category_label, program_date

    checked = 0
    for program in book.programs.values():
        page = _marks(site / lang / "programs" / f"{program.id}.html")
        for node_id in _assumed_on_program_page(book, program, lang):
            assert node_id in page.text, f"{program.id} ({lang}): no element {node_id}"
            assert node_id in page.marked, f"{program.id} ({lang}): {node_id} is not marked"
            checked += 1
    catalogue = _marks(site / lang / "catalogue.html")
    for program in book.programs.values():
        on = program_date(program, AS_OF)
        if program.evidence(on).value == "sourced":
            continue
        assert make_id(f"eligibility-catalogue-{program.id}") in catalogue.marked, program.id
        for category in categories_served(program, book.definitions, on):
            assert make_id(f"{category_label(category)}-{program.id}") in catalogue.marked
        checked += 1
    definitions = _marks(site / lang / "definitions.html")
    for name, definition in book.definitions.items():
        if definition.status.value == "illustrative":
            assert make_id(f"eligibility-definition-{name}") in definitions.marked, name
    for name, parameter in book.parameters.items():
        if parameter.assumed:
            assert make_id(f"eligibility-parameter-{name}") in definitions.marked, name
    assert checked > 300


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_shows_an_unfilled_placeholder(site: Path, lang: str) -> None:
    pages = [*(site / lang / "programs").glob("*.html"), site / lang / "catalogue.html",
             site / lang / "definitions.html"]  # the pages generated from the rule book
    assert len(pages) > 10
    for path in pages:
        text = _text_of(_read(path))
        assert not re.search(r"\{[a-z_]+\}", text), (path.name, re.findall(r".{40}\{[a-z_]+\}",
                                                                          text)[:3])


def test_dates_known_only_by_their_year_are_shown_as_years(site: Path, book: RuleBook) -> None:
    from docutils.nodes import make_id

    from eligibility._i18n.format import known_date
    from eligibility.sphinx._nodes import program_label

    for program in book.programs.values():
        page = _marks(site / "en" / "programs" / f"{program.id}.html")
        for version in program.versions:
            row = _plain(" ".join(page.text[make_id(
                f"{program_label(program.id)}-version-{version.id}")]))
            shown = known_date(version.valid_from, version.precision, "en")
            assert row.startswith(shown + " "), (program.id, row)
            if version.precision.value != "day":
                assert version.valid_from.isoformat() not in row, (program.id, row)


# -- sources you can check ---------------------------------------------------------------------

def _items(path: Path) -> list[str]:
    """The text of each list item of a page (nested items included in their parent's)."""
    found = []
    for chunk in re.split(r"<li[ >]", path.read_text(encoding="utf-8"))[1:]:
        found.append(_plain(re.sub(r"<[^>]+>", " ", chunk.split("</li>")[0])))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_citation_links_its_article_or_says_it_has_none(site: Path, book: RuleBook,
                                                              lang: str) -> None:
    """A source with an address links the article itself (never a home page); one without
    says so, in the page's language, beside its title."""
    from eligibility._i18n import t

    label = t(lang, "no public address of this source is known")
    pages: list[tuple[Path, list[Any]]] = [
        (site / lang / "programs" / f"{p.id}.html",
         [*p.sources, *(s for n in p.parameters_shown for s in p.parameters[n].sources),
          *(s for n in p.parameters_shown for e in p.parameters[n].entries for s in e.sources)])
        for p in book.programs.values()]
    pages.append((site / lang / "definitions.html",
                  [s for d in book.definitions.values() for s in d.sources]))
    linked = unlinked = 0
    for path, sources in pages:
        page, items = _read(path), _items(path)
        for source in sources:
            if source.url is not None:
                assert source.links_article, (path.name, source.url)
                assert source.url in page.links, (path.name, source.url)
                linked += 1
                continue
            title = _plain(source.title)
            assert any(title in item and label in item for item in items), (path.name, title)
            unlinked += 1
    assert linked >= 15
    assert unlinked >= 1


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_laws_words_are_quoted_beside_the_rules_they_support(site: Path, book: RuleBook,
                                                                  lang: str) -> None:
    from docutils.nodes import make_id

    from eligibility.sphinx._nodes import clamp, program_date, program_label

    quoted = 0
    for program in book.programs.values():
        page = _marks(site / lang / "programs" / f"{program.id}.html")
        on = program_date(program, AS_OF)
        for criterion in program.criteria:
            when = clamp(on, criterion.valid_from, criterion.valid_until)
            item = _plain(" ".join(page.text.get(make_id(
                f"{program_label(program.id)}-criterion-{criterion.id}"), [])))
            for source in program.quotes(criterion.reads, when):
                assert _plain(source.quote) in item, (program.id, criterion.id, lang)
                quoted += 1
    assert quoted >= 5
    definitions = _text_of(_read(site / lang / "definitions.html"))
    for definition in book.definitions.values():
        for source in definition.sources:
            if source.quote:
                assert _plain(source.quote) in definitions


def test_the_definitions_page_lists_a_files_sources_once(site: Path, book: RuleBook) -> None:
    items = _items(site / "en" / "definitions.html")
    shared = {s for d in book.definitions.values() for s in d.file_sources}
    assert shared
    for source in shared:
        title = _plain(source.title)
        listed = [i for i in items if i == title or i.startswith(title + " ")]
        assert len(listed) == 1, (source.title, listed)


# -- the parameter index -----------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_parameter_index_lists_every_dated_value_its_source_and_status(
        site: Path, book: RuleBook, lang: str) -> None:
    from docutils.nodes import make_id

    from eligibility._i18n import t
    from eligibility._i18n.format import known_date
    from eligibility.sphinx._parameters import parameter_label

    path = site / lang / "parameters.html"
    page, text = _marks(path), _text_of(_read(path))
    assert "1900" not in text  # a value that has always held is not dated 1 January 1900
    everything = [("global", n, p) for n, p in book.parameters.items()]
    everything += [(program.id, n, p) for program in book.programs.values()
                   for n, p in program.parameters.items() if p.scope == "program"]
    assert len(everything) > 40
    for scope, name, parameter in everything:
        row_id = make_id(parameter_label(scope, name))
        row = _plain(" ".join(page.text.get(row_id, [])))
        assert name in row, (lang, scope, name)
        for entry in parameter.entries:
            when = (t(lang, "since the beginning") if entry.since_beginning
                    else known_date(entry.valid_from, entry.precision, lang))
            assert f"{when}" in row, (lang, name, when)
            assert _plain(parameter.shown(entry.value, lang)) in row, (lang, name, entry.value)
            for source in entry.sources or parameter.sources:
                assert _plain(source.title) in row, (lang, name, source.title)
        assert (row_id in page.marked) == parameter.assumed, (lang, scope, name)
    for name, definition in book.definitions.items():
        assert name in text
        for source in definition.own_sources:
            assert _plain(source.title) in text


# -- a layout that holds -----------------------------------------------------------------------

WIDTHS = (360, 420, 768, 1280)
SCREENSHOTS = DOCS / "_build" / "screenshots"
#: Pages kept as screenshots (CI artifacts), at every width in every language.
SHOT_PAGES = ("index", "situation", "catalogue", "parameters", "programs/leisure.summer-camp")

#: Every element of the page, examples unfolded, must lie within the window: nothing to the
#: right of it, and nothing to its left (in a right-to-left page that part could not even be
#: scrolled to). An element inside a box that clips or scrolls by itself does not count.
_OVERFLOW = r"""(() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const width = document.documentElement.clientWidth, out = [];
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if ((box.right > width + 1 || box.left < -1) && !clipped(el)) {
      out.push(`${el.tagName}.${el.className} ${Math.round(box.left)}..${Math.round(box.right)}: `
               + (el.textContent || '').trim().slice(0, 50));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width: width, outside: out};
})()"""


def _browser(tmp_path: Path) -> Any:
    sys.path.insert(0, str(Path(__file__).parent))
    from browser import Browser

    return Browser(_chromium(), tmp_path / "profile")


def test_no_page_is_wider_than_the_window_at_four_widths_in_three_languages(
        site: Path, server: str, tmp_path: Path, book: RuleBook) -> None:
    """Each program page, the index, the catalogue, the parameter index and the definitions,
    at 360, 420, 768 and 1280 pixels, in English, French and Arabic: the document is no
    wider than the window and no element sticks out of it. Screenshots are kept under
    docs/_build/screenshots/<lang>/<width>/."""
    pages = ["index", "situation", "catalogue", "parameters", "definitions",
             *(f"programs/{p}" for p in book.programs)]
    browser = _browser(tmp_path)
    problems: list[str] = []
    try:
        for width in WIDTHS:
            browser.width(width)
            browser.open(f"{server}/index.html")  # the language-choice page
            found = browser.evaluate(_OVERFLOW)
            if found["scrollWidth"] > width or found["outside"]:
                problems.append(f"root index at {width}px: {found}")
            browser.screenshot(SCREENSHOTS / "root" / f"{width}.png")
            for lang in LANGUAGES:
                for page in pages:
                    browser.open(f"{server}/{lang}/{page}.html")
                    if page in SHOT_PAGES:
                        browser.screenshot(SCREENSHOTS / lang / str(width)
                                           / f"{page.replace('/', '-')}.png")
                    found = browser.evaluate(_OVERFLOW)
                    if found["scrollWidth"] > width or found["outside"]:
                        problems.append(f"{lang}/{page} at {width}px: scrollWidth "
                                        f"{found['scrollWidth']}; {found['outside'][:3]}")
    finally:
        browser.close()
    assert not problems, "\n".join(problems)
    shots = list(SCREENSHOTS.rglob("*.png"))
    assert len(shots) >= len(WIDTHS) * (1 + len(LANGUAGES) * len(SHOT_PAGES))
    assert all(shot.read_bytes().startswith(b"\x89PNG") for shot in shots)


def test_every_page_switches_language_and_the_root_page_chooses_one(site: Path) -> None:
    root = _read(site / "index.html")
    assert {"en/index.html", "fr/index.html", "ar/index.html"} <= set(root.links)
    for lang in LANGUAGES:
        pages = list((site / lang).rglob("*.html"))
        assert len(pages) > 20
        for path in pages:
            text = path.read_text(encoding="utf-8")
            switcher = re.search(r'<nav class="eligibility-languages".*?</nav>', text, re.S)
            assert switcher is not None, path
            links = re.findall(r'href="([^"]+)"', switcher.group(0))
            assert len(links) == len(LANGUAGES), (path, links)  # the choice page, two others
            for link in links:
                assert (path.parent / link).resolve().is_file(), (path, link)


def test_sidebar_arrows_and_examples_read_right_in_each_language(site: Path,
                                                                   book: RuleBook) -> None:
    from eligibility._i18n import t

    english = ("Navigation", "Quick search", ">Go<", "Related Topics", "Powered by",
               "Documentation overview")
    for lang, prev, nxt in (("en", "←", "→"), ("fr", "←", "→"), ("ar", "→", "←")):
        for program in book.programs.values():
            text = (site / lang / "programs" / f"{program.id}.html").read_text(encoding="utf-8")
            if lang != "en":
                for word in english:
                    assert word not in text, (lang, program.id, word)
            assert t(lang, "Contents") in text
            for kind, arrow in (("prev", prev), ("next", nxt)):
                for item in re.findall(rf'<li class="eligibility-{kind}">(.*?)</li>', text,
                                       re.S):
                    assert arrow in item, (lang, program.id, kind, item)
            folded = re.findall(r"<details[^>]*>", text)
            assert len(folded) == len(program.examples), (lang, program.id)
            assert not any("open" in tag for tag in folded), (lang, program.id)


def test_household_facts_are_a_table_of_labelled_values_one_a_line(site: Path) -> None:
    text = (site / "ar" / "programs" / "leisure.summer-camp.html").read_text(encoding="utf-8")
    household = re.search(r'<table class="[^"]*eligibility-household.*?</table>', text, re.S)
    assert household is not None
    cells = _plain(re.sub(r"<[^>]+>", " ", household.group(0)))
    assert "status:" not in cells, cells[:300]
    assert "birth_date" not in cells, cells[:300]
    assert "eligibility-value" in household.group(0)


# -- pages for developers ----------------------------------------------------------------------

DEVELOPER_PAGES = ("tutorial", "api", "cli", "rule-language", "diagnostics", "engines",
                   "performance")


def test_developer_pages_say_in_the_readers_language_that_they_are_in_english(
        site: Path) -> None:
    from eligibility._i18n import t

    notice = ("This page is written in English only: it is for developers and rule authors. "
              "The program pages, the catalogue and the shared definitions are in your language.")
    for lang in LANGUAGES:
        for name in DEVELOPER_PAGES:
            text = (site / lang / f"{name}.html").read_text(encoding="utf-8")
            said = _plain(t(lang, notice)) in _text_of(_read(site / lang / f"{name}.html"))
            marked = '<div class="eligibility-in-english" lang="en" dir="ltr">' in text
            assert said == marked == (lang != "en"), (lang, name, said, marked)
        for name in ("catalogue", "parameters", "definitions"):
            text = (site / lang / f"{name}.html").read_text(encoding="utf-8")
            assert "eligibility-in-english" not in text, (lang, name)


# -- find by situation -------------------------------------------------------------------------

def _json_value(value: Any) -> Any:
    import decimal

    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(value)


def _library_says(book: RuleBook, household: Any, on: dt.date) -> list[Any]:
    """What ``eligibility screen`` decides, as the page's evaluator reports it."""
    return [[d.program, d.applicant, d.outcome.value,
             [[r.id, r.result.value, list(r.exceptions)] for r in d.criteria],
             {**{k: float(v) for k, v in d.amounts.items()}, **d.details}]
            for d in book.screen(household, on=on)]


_PAGE_SAYS = """JSON.stringify(Eligibility.screen(ELIGIBILITY_RULES, {household}, {on}).map(d => [
  d.program, d.applicant, d.outcome, d.criteria.map(c => [c.id, c.result, c.exceptions]),
  Object.fromEntries(Object.entries(d.outputs).filter(([, v]) => v !== null))]))"""


def test_the_situation_page_decides_every_example_as_the_library_does(
        site: Path, server: str, tmp_path: Path, book: RuleBook) -> None:
    """The rules compiled to JSON and evaluated by the page's JavaScript, in Chromium, give
    for every example household of the rule pack, screened on its date, the same decisions
    as the library: every program, every person, the outcome, each criterion's result, the
    exceptions applied and the benefit."""
    import json

    browser = _browser(tmp_path)
    compared = 0
    try:
        browser.open(f"{server}/en/situation.html")
        for program in book.programs.values():
            for example in program.examples:
                household = json.loads(json.dumps(example.household, default=_json_value))
                got = json.loads(browser.evaluate(_PAGE_SAYS.format(
                    household=json.dumps(household), on=json.dumps(example.on.isoformat()))))
                expected = _library_says(book, household, example.on)
                assert got == expected, (program.id, example.name)
                compared += len(expected)
    finally:
        browser.close()
    assert compared > 1000


#: Situations a member of staff may describe, as the page's address carries them.
SITUATIONS = (
    "category=retiree&age=62&pension=2400&on=2026-05-20",
    "category=retiree&age=70&pension=&on=2026-05-20",
    "category=widow&age=48&pension=1800&children=9,15,23&killed=yes&bank=no&on=2025-07-10",
    "category=widow&age=55&pension=2600&children=&killed=unknown&on=2026-01-05",
    "category=active_officer&age=41&children=3,8,14&on=2025-07-10",
    "category=rights_holder&age=19&officer=deceased&killed=no&on=2025-09-01",
    "category=honorary_member&age=66&on=2025-06-01",
    "category=former_spouse&age=39&children=6&on=2025-03-01",
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_situation_form_shows_what_the_library_decides(
        site: Path, server: str, tmp_path: Path, book: RuleBook, lang: str) -> None:
    from eligibility._i18n import words

    browser = _browser(tmp_path)
    try:
        browser.width(420)
        for query in SITUATIONS:
            browser.open(f"{server}/{lang}/situation.html?{query}")
            made = browser.evaluate("JSON.stringify(window.eligibilitySituation)")
            assert made, (lang, query)
            situation = _json_loads(made)
            on = dt.date.fromisoformat(situation["on"])
            shown = browser.evaluate("""JSON.stringify([...document.querySelectorAll(
                '#eligibility-results li[data-program]')].map(li => [li.dataset.program,
                li.dataset.applicant, li.dataset.outcome, li.querySelector('p').textContent]))""")
            expected = sorted((d.program, d.applicant, d.outcome.value)
                              for d in book.screen(situation["household"], on=on)
                              if d.applicant == situation["applicant"]
                              or d.applicant.startswith("child-"))
            rows = _json_loads(shown)
            assert sorted(tuple(r[:3]) for r in rows) == expected, (lang, query)
            assert len(rows) >= 3, (lang, query)
            for _, _, outcome, text in rows:
                assert words.outcome_name(outcome, lang) in text, (lang, query, text)
            found = browser.evaluate(_OVERFLOW)
            assert found["scrollWidth"] <= 420, (lang, query, found["outside"][:3])
        browser.screenshot(SCREENSHOTS / lang / "420" / "situation.png")
    finally:
        browser.close()


def _json_loads(text: str) -> Any:
    import json

    return json.loads(text)
