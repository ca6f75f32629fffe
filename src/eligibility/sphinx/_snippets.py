"""Rule snippets loaded at build time, and the page of diagnostic codes."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from eligibility import Diagnostic, RuleBook, RuleBookError, Severity
from eligibility._i18n.diagnostics import severity_name

from ._chrome import t
from ._diagnostics import DIAGNOSTICS
from ._nodes import RuleBookDirective, code, para, strong

#: The program every ``fragment`` snippet is completed with (top-level keys the
#: snippet gives replace these). The snippet comes first, so its line numbers hold.
SKELETON: dict[str, str] = {
    "id": "id: leisure.example",
    "domain": "domain: leisure",
    "applies_to": "applies_to: [child]",
    "title": "title: {ar: مثال, fr: Exemple, en: Example}",
    "status": "status: sourced",
    "sources": "sources:\n  - title: The foundation's published rules\n"
               "    url: https://example.org/rules",
    "versions": "versions:\n  - id: \"1\"\n    from: 2020-01-01",
    "criteria": "criteria:\n  - id: young\n    when: applicant.age < 18\n"
                "    text: {ar: أقل من 18 سنة, fr: Moins de 18 ans, en: Under 18}",
}
_SNIPPET_FILE = "example.yaml"


def complete_snippet(text: str, mode: str) -> str:
    """The rule file a snippet stands for (``fragment``: completed with :data:`SKELETON`)."""
    if mode != "fragment":
        return text
    given = set(re.findall(r"^([A-Za-z_]+)\s*:", text, flags=re.MULTILINE))
    rest = [line for key, line in SKELETON.items() if key not in given]
    return text.rstrip("\n") + "\n" + "\n".join(rest) + "\n"


@dataclass(frozen=True)
class SnippetResult:
    """What loading a snippet (with the shipped definitions beside it) gave."""

    diagnostics: tuple[Diagnostic, ...]
    failures: tuple[str, ...]

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics]


def load_snippet(book: RuleBook, text: str, mode: str = "fragment") -> SnippetResult:
    """Load a snippet as the rule file ``example.yaml`` beside the book's definitions.

    ``mode``: ``fragment`` (completed with :data:`SKELETON`), ``file`` (a whole
    file), ``latin-1`` (a whole file written in Latin-1 rather than UTF-8), ``empty``
    (a folder with no rule file), ``outside`` (a fragment written outside the folder,
    which holds a link to it) or ``files`` (whole files, each starting with a line
    ``# file: NAME``). Returns the snippet files' diagnostics and, when they load, the
    failures of their examples.
    """
    with tempfile.TemporaryDirectory(prefix="eligibility-docs-") as tmp:
        root = Path(tmp) / "rules"
        root.mkdir()
        mine_files = {_SNIPPET_FILE, str(root)}
        if mode != "empty":
            for name in sorted({d.file for d in book.definitions.values()}):
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes((book.root / name).read_bytes())
        if mode == "files":
            for name, part in _files(text):  # the program itself is a fragment
                whole = complete_snippet(part, "fragment") if name == _SNIPPET_FILE else part
                (root / name).write_text(whole, encoding="utf-8")
                mine_files.add(name)
        elif mode == "outside":
            elsewhere = Path(tmp) / _SNIPPET_FILE
            elsewhere.write_text(complete_snippet(text, "fragment"), encoding="utf-8")
            (root / _SNIPPET_FILE).symlink_to(elsewhere)
        elif mode != "empty":
            encoding = "latin-1" if mode == "latin-1" else "utf-8"
            (root / _SNIPPET_FILE).write_bytes(complete_snippet(text, mode).encode(encoding))
        try:
            loaded = RuleBook.load(root)
        except RuleBookError as exc:
            found = [d for d in exc.diagnostics if d.file in mine_files or mode == "empty"]
            return SnippetResult(tuple(found), ())
        mine = tuple(d for d in loaded.warnings if d.file in mine_files)
        failures = tuple(f"example {r.name!r}: {failure}" for r in loaded.run_examples()
                         for failure in r.failures)
        return SnippetResult(mine, failures)


def _files(text: str) -> list[tuple[str, str]]:
    """The files of a ``files`` snippet: ``(name, text)`` for each ``# file: NAME`` part."""
    parts = re.split(r"^# file: (\S+)\n", text, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2], strict=True))


def _reported(result: SnippetResult) -> str:
    """The diagnostics as the loader reports them, the snippet's temporary folder (a new
    name on every build) shown as ``…``, so that two builds write the same page."""
    folder = re.escape(str(Path(tempfile.gettempdir()))) + r"/eligibility-docs-[^/\s]+"
    return "\n".join(re.sub(folder, "…", str(d)) for d in result.diagnostics)


class RuleDirective(RuleBookDirective):
    """``.. eligibility-rule::`` -- a rule snippet, loaded (and its examples run) at build time.

    Options: ``:mode:`` ``fragment`` (default) or ``file``; ``:expect: CODE`` for a
    snippet that must produce that diagnostic (what the loader says is shown).
    """

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "mode": lambda value: directives.choice(value, ("fragment", "file")),
        "expect": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        text = "\n".join(self.content) + "\n"
        mode = self.options.get("mode", "fragment")
        expect = self.options.get("expect")
        result = load_snippet(self.book, text, mode)
        block = nodes.literal_block(text, text, language="yaml")
        out: list[nodes.Node] = [block]
        if expect is None:
            for problem in [*map(str, result.diagnostics), *result.failures]:
                self.warn(f"rule snippet does not load cleanly: {problem}")
            return out
        if expect not in result.codes:
            self.warn(f"rule snippet should produce {expect!r}, got {result.codes or 'nothing'}")
        reported = _reported(result)
        out.append(nodes.literal_block(reported, reported, language="text"))
        return out


class DiagnosticsDirective(RuleBookDirective):
    """``.. eligibility-diagnostics::`` -- every code, a bad snippet, the report, the fix."""

    def run(self) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for entry in sorted(DIAGNOSTICS, key=lambda e: e.code):
            sub = self.section(code(entry.code), f"eligibility-diagnostic-{entry.code}")
            bad = load_snippet(self.book, entry.bad, entry.mode)
            severities = {d.severity for d in bad.diagnostics if d.code == entry.code}
            if not severities:
                self.warn(f"the snippet for {entry.code!r} reports {bad.codes or 'nothing'}")
            severity = Severity.WARNING if severities == {Severity.WARNING} else Severity.ERROR
            sub += para(t(self.lang, "Severity:"), " ",
                        strong(severity_name(severity.value, self.lang)))
            sub += self.rst_paragraphs(entry.summary)
            sub += para(t(self.lang, "Rule snippet with the problem:"))
            if entry.mode == "empty":
                sub += nodes.literal_block("rules/\n", "rules/\n", language="text")
            elif entry.mode == "outside":
                link = f"rules/{_SNIPPET_FILE} -> ../{_SNIPPET_FILE}\n"
                sub += nodes.literal_block(link, link, language="text")
            else:
                sub += nodes.literal_block(entry.bad, entry.bad, language="yaml")
            sub += para(t(self.lang, "What the loader reports:"))
            reported = _reported(bad)
            sub += nodes.literal_block(reported, reported, language="text")
            fix = load_snippet(self.book, entry.fix, entry.fix_mode or entry.mode)
            if any(d.severity is Severity.ERROR or d.code == entry.code
                   for d in fix.diagnostics) or fix.failures:
                self.warn(f"the fix for {entry.code!r} does not load cleanly: "
                          f"{[str(d) for d in fix.diagnostics] + list(fix.failures)}")
            sub += para(t(self.lang, "The fix:"))
            sub += nodes.literal_block(entry.fix, entry.fix, language="yaml")
            out.append(sub)
        return out

