"""The cache of compiled rule books: a rule book read back from it is the one compiled
(every example decides byte for byte the same, with the same next change; every
expression and every clock a timeline reads has the same tree), a bad entry is ignored
and rebuilt, and only the listed classes are ever built from it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eligibility import Clock, RuleBook, RuleBookError
from eligibility._book import cache

RULES = Path(__file__).resolve().parents[1] / "rules"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("the rule book was compiled, not read from the cache")

    monkeypatch.setattr(cache, "_compile", refuse)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("rulebook-*.jsonl")) if folder.is_dir() else []


def _clock(clock: Clock) -> object:
    """What a clock says, with its expressions as trees (nodes compare by identity)."""
    since = clock.since
    return (clock.measure, clock.term.key(), clock.bound and clock.bound.key(),
            clock.direction, clock.op, clock.anchor and clock.anchor.key(), clock.text,
            [(f.kind, f.names, [n.key() for n in f.nodes], f.text) for f in clock.frames],
            since and (since.unit, since.amount.key(), since.anchor.key(), since.negate))


def _trees(book: RuleBook) -> list[object]:
    out: list[object] = []
    for program in book.programs.values():
        out.append((program.id, program.change_dates, [t.model_dump() for t in program.texts()]))
        for criterion in program.criteria:
            out.append([e.node.key() for e in criterion.expressions()])
            out.append([e.node.key() for e in criterion.observables])
            out.append([_clock(c) for c in criterion.clocks])
        for output in program.outputs:
            out.append((output.name, output.type, [e.node.key() for e in output.expressions()]))
            out.append([_clock(c) for c in output.clocks])
        for name, parameter in program.parameters.items():
            out.append((name, parameter.values, parameter.status, parameter.type))
    for name, definition in book.definitions.items():
        out.append((name, definition.params, definition.value.node.key(), definition.reads))
    return out


def test_a_cached_rule_book_decides_like_the_compiled_one(
        cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = RuleBook.load(cache=True)
    assert len(_entries(cache_dir)) == 1
    _no_compiling(monkeypatch)
    cached = RuleBook.load(cache=True)
    assert cached.content_hash == compiled.content_hash
    assert list(cached.programs) == list(compiled.programs)
    assert cached.warnings == compiled.warnings
    assert _trees(cached) == _trees(compiled)
    before = [(r.name, r.failures, r.decision.model_dump_json() if r.decision else None)
              for r in compiled.run_examples()]
    after = [(r.name, r.failures, r.decision.model_dump_json() if r.decision else None)
             for r in cached.run_examples()]
    assert after == before
    assert len(before) > 50
    assert sum(len(c.clocks) for p in cached.programs.values() for c in p.criteria) > 20


def test_a_cached_rule_book_looks_ahead_like_the_compiled_one(
        cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Timelines read the clocks the compiler found: read back, they find the same
    changes, for the same reasons."""
    compiled = RuleBook.load(cache=True)
    _no_compiling(monkeypatch)
    cached = RuleBook.load(cache=True)
    changes = 0
    for program in compiled.programs.values():
        for example in program.examples:
            found = [book.evaluate(program.id, example.household, applicant=example.applicant,
                                   on=example.on, next_change=True).model_dump_json()
                     for book in (compiled, cached)]
            assert found[0] == found[1]
            changes += '"next_change":null' not in found[0]
    assert changes > 20


def test_without_the_option_nothing_is_cached(cache_dir: Path) -> None:
    RuleBook.load()
    assert _entries(cache_dir) == []


def test_off_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    monkeypatch.chdir(tmp_path)
    RuleBook.load(cache=True)
    assert list(tmp_path.iterdir()) == []


def _line(number: int, change: Callable[[str], str]) -> Callable[[str], str]:
    """A damage to one line of an entry: 0 the head, 1 the shared part, 2 the first
    program."""
    def damage(text: str) -> str:
        lines = text.split("\n")
        lines[number] = change(lines[number])
        return "\n".join(lines)
    return damage


def _head(change: Callable[[dict[str, Any]], object]) -> Callable[[str], str]:
    return _line(0, lambda line: json.dumps(change(json.loads(line))))


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],  # cut short
    lambda text: text[: text.rindex("\n", 0, -1) + 1],  # cut at the end of a line
    lambda text: "not json",
    _head(lambda head: {**head, "format": 0}),
    _head(lambda head: {**head, "content_hash": "x"}),
    _head(lambda head: {**head, "programs": [*head["programs"], "x.extra"]}),
    _head(lambda head: {**head, "programs": [1, *head["programs"][1:]]}),
    _line(1, lambda line: line.replace('"$":"Citation"', '"$":"Citation","extra":1', 1)),
    _line(1, lambda line: "{"),
    # in a program, found when the program is read back
    _line(2, lambda line: line.replace('"$":"Program"', '"$":"Popen"', 1)),
    _line(2, lambda line: line.replace('"$":"Criterion"', '"$":"Criterion","extra":1', 1)),
    _line(2, lambda line: line.replace('"$":"Program"', '"$":"Version"', 1)),
    _line(2, lambda line: line[: len(line) // 2]),
    _line(2, lambda line: line.replace('{"$":"Criterion"', '{"x":1,"$":"Criterion"', 1)),
], ids=["cut-short", "cut-at-a-line", "not-json", "format", "other-book", "more-ids",
        "id-not-text", "shared-field", "shared-not-json", "class-not-listed",
        "program-field", "not-a-program", "program-cut-short", "object-without-tag"])
def test_a_bad_entry_is_ignored_and_rebuilt(cache_dir: Path, damage: object) -> None:
    RuleBook.load(cache=True)
    (entry,) = _entries(cache_dir)
    good = entry.read_text(encoding="utf-8")
    entry.write_text(damage(good), encoding="utf-8")  # type: ignore[operator]
    assert entry.read_text(encoding="utf-8") != good
    book = RuleBook.load(cache=True)
    assert len(list(book.programs.values())) > 10  # every program read back, or compiled
    assert all(r.passed for r in book.run_examples())
    assert entry.read_text(encoding="utf-8") == good  # rebuilt, the same


def test_a_program_is_read_back_when_first_asked_for(cache_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-off check reads back the shared part and the one program it decides."""
    from datetime import date

    RuleBook.load(cache=True)
    _no_compiling(monkeypatch)
    read: list[object] = []
    decoder = cache.decoder
    monkeypatch.setattr(cache, "decoder", lambda done: read.append(done) or decoder(done))
    book = RuleBook.load(cache=True)
    assert len(read) == 1  # the shared part
    assert len(book.programs) > 10
    assert "social.eid-al-adha-grant" in book.programs
    household = json.loads((RULES.parent / "examples" / "retiree-small-pension.json")
                           .read_text(encoding="utf-8"))
    decision = book.evaluate("social.eid-al-adha-grant", household, on=date(2026, 5, 20),
                             next_change=True)
    assert decision.outcome == "eligible"
    assert len(read) == 2
    assert book.program("social.eid-al-adha-grant") is book.programs["social.eid-al-adha-grant"]
    assert len(read) == 2  # read once, then kept


def test_other_rule_files_are_another_entry(cache_dir: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    first = RuleBook.load(rules, cache=True)
    target = next(rules.rglob("*.yaml"))
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    second = RuleBook.load(rules, cache=True)
    assert second.content_hash != first.content_hash
    assert len(_entries(cache_dir)) == 2


def test_a_rule_book_with_errors_is_never_cached(cache_dir: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleBookError):
            RuleBook.load(rules, cache=True)
    assert _entries(cache_dir) == []


def test_a_cache_that_cannot_be_written_is_no_cache(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    assert len(RuleBook.load(cache=True).programs) > 10


def test_the_cache_folder_comes_from_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv(cache.CACHE_ENV)
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("eligibility", appauthor=False))


def test_a_one_off_check_loads_only_what_it_needs(tmp_path: Path) -> None:
    """What makes ``eligibility check`` start at once: with the rule book read from the
    cache, neither the rule-file parser and compiler nor Polars, pyarrow, the YAML
    reader, the roster machinery or the other commands are imported (not a timing:
    which modules load)."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from eligibility.cli import main\n"
        "code = main(['check', sys.argv[1], '--program', 'social.eid-al-adha-grant',"
        " '--on', '2026-05-20'])\n"
        "heavy = ('polars', 'pyarrow', 'yaml', 'eligibility._rulefiles.schema',"
        " 'eligibility._compile.compiler', 'eligibility._language.parser', 'rich.progress',"
        " 'rich.table', 'eligibility.cli.rules', 'eligibility.cli.whatif',"
        " 'eligibility._model.whatif', 'eligibility.cli.reform', 'eligibility.cli.trace')\n"
        "print(code, sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n")
    household = Path(__file__).resolve().parents[1] / "examples" / "retiree-small-pension.json"
    env = {**os.environ, cache.CACHE_ENV: str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", script, str(household)], env=env,
                           capture_output=True, text=True, check=False, timeout=120)
            for _ in range(2)]
    first, second = (run.stderr.strip().splitlines()[-1] for run in runs)
    assert first.startswith("0 ")
    assert "eligibility._compile.compiler" in first  # compiled, then stored
    assert second == "0 []"


def test_a_change_of_the_library_code_is_another_entry(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The entry's name holds a fingerprint of the library's modules (names, sizes and
    times, in every sub-package): a module edited or added names another entry; compiled
    files do not count."""
    package = tmp_path / "eligibility"
    (package / "_book" / "__pycache__").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "_book" / "book.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_PACKAGE", package)
    first = cache._fingerprint()
    assert cache._fingerprint() == first
    (package / "_book" / "__pycache__" / "book.cpython-311.pyc").write_bytes(b"\0")
    assert cache._fingerprint() == first
    (package / "_book" / "book.py").write_text("A = 22\n", encoding="utf-8")
    second = cache._fingerprint()
    assert second != first
    (package / "_book" / "new.py").write_text("", encoding="utf-8")
    assert cache._fingerprint() not in (first, second)
