"""No English word reaches an Arabic or French reader.

Every example decision of the rule files (its texts and labels, its next change, and as
``check`` and ``explain`` print it), the timeline and the what-if of every example (their
texts and labels, and as ``timeline`` and ``what-if`` print them), every command of the
README run as its readers run it (``timeline``, ``what-if`` and ``screen --changes-within``
included), rosters of every format into every output and ``diff`` over a roster (what
they print and the error records and decisions they write) are read in Arabic and French
(every generated page of the docs is, in ``test_english_leak_site.py``); outside
the ids, codes, proper names and citations :mod:`leaks` allows, no English word (in Arabic:
no Latin word) may appear. The JSON Schema (``schema``) and the help (``--help``) are for
developers and in English only, as the developer pages of the docs are (they say so).
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from eligibility import (
    Change,
    Decision,
    EligibilityError,
    Household,
    RuleBook,
    Timeline,
    WhatIf,
)
from eligibility.cli import main
from eligibility.cli.render import render_decision
from eligibility.cli.timeline import render_timeline
from eligibility.cli.trace import render_explain
from eligibility.cli.whatif import render_what_if
from leaks import leaks
from rosters import make_roster

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
    if decision.next_change is not None:
        parts.append(_change_texts(decision.next_change))
    return "\n".join(parts)


def _change_texts(change: Change) -> str:
    parts = [change.reason, change.outcome_label or "", *(e.text for e in change.events)]
    for shown in change.output_labels.values():
        parts += [shown.label, shown.value]
    return "\n".join(parts)


def _timeline_texts(timeline: Timeline) -> str:
    parts = [timeline.program_title, *(_change_texts(c) for c in timeline.changes)]
    for period in timeline.periods:
        parts.append(period.outcome_label or "")
        for shown in period.output_labels.values():
            parts += [shown.label, shown.value]
    return "\n".join(parts)


def _what_if_texts(found: WhatIf) -> str:
    parts = [found.no_single_change or ""]
    for advice in found.criteria:
        parts += [advice.text, advice.passes_from_text or "", advice.note or "", *advice.fixed]
        parts += [need.text for need in advice.requirements]
        parts += [need.text for group in advice.together for need in group]
    parts += [remedy.text for remedy in found.remedies]
    for missing in found.missing:
        parts += [missing.text, missing.label, *(d.text for d in missing.deciders)]
    for option in found.outputs:
        parts += [option.text, option.label]
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
                                     on=example.on, lang=lang, next_change=True)
            text = "\n".join([
                _decision_texts(decision),
                _printed(render_decision, decision, lang),
                _printed(render_explain, decision, program, lang, str(book.root)),
            ])
            if words := leaks(text, lang):
                found[f"{program.id}: {example.name}"] = sorted(set(words))
    assert found == {}


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_every_example_timeline_and_what_if_read_in_the_language(book: RuleBook,
                                                                 lang: str) -> None:
    found: dict[str, list[str]] = {}
    changes = 0
    for program in book.programs.values():
        for example in program.examples:
            try:
                timeline = book.timeline(program.id, example.household,
                                         applicant=example.applicant,
                                         start=example.on - _dt.timedelta(days=365),
                                         end=example.on + _dt.timedelta(days=4 * 365),
                                         lang=lang)
            except EligibilityError:
                timeline = None  # an applicant born within the range
            what_if = book.what_if(program.id, example.household, applicant=example.applicant,
                                   on=example.on, lang=lang)
            parts = [_what_if_texts(what_if), _printed(render_what_if, what_if, lang)]
            if timeline is not None:
                changes += len(timeline.changes)
                parts += [_timeline_texts(timeline), _printed(render_timeline, timeline, lang)]
            if words := leaks("\n".join(parts), lang):
                found[f"{program.id}: {example.name}"] = sorted(set(words))
    assert changes > len(book.programs)  # timelines with changes were read
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
    commands.append(["screen", "--roster", roster, "--out", tmp_path / "soon.jsonl", "--on", ON,
                     "--changes-within", "30d"])
    book = RuleBook.load()
    for household in households:
        commands.append(["screen", household, "--on", ON])
        commands.append(["screen", household, "--on", ON, "--changes-within", "1200d"])
        data = json.loads(Path(household).read_text(encoding="utf-8"))
        for program in ("social.eid-al-adha-grant", "social.hajj", "health.complementary-cover"):
            commands.append(["check", household, "--program", program, "--on", ON])
            commands.append(["explain", household, "--program", program, "--on", ON])
            people = [p.id for p in book.applicants(book.program(program),
                                                     Household.model_validate(data))]
            for person in people or [None]:
                chosen = ["--applicant", person] if person else []
                commands.append(["timeline", household, "--program", program, *chosen,
                                 "--from", ON, "--to", "2031-05-19"])
                commands.append(["what-if", household, "--program", program, *chosen,
                                 "--on", ON])
    return [[str(part) for part in command] for command in commands]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.usefixtures("shipped_book_once")
def test_every_command_of_the_readme_reads_in_the_language(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        lang: str) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    found: dict[str, list[str]] = {}
    timelines = 0
    for command in _readme_commands(tmp_path):
        code = main([*command, "--lang", lang])
        out, err = capsys.readouterr()
        assert code in (0, 2), (command, err)  # 2: a program that applies to nobody there
        if words := leaks(out + err, lang):
            found[" ".join(command)] = sorted(set(words))
        if command[0] == "timeline" and code == 0:
            timelines += 1
    assert timelines, "timelines were read"
    assert found == {}


def _generated_roster(path: Path, count: int) -> Path:
    """A roster of ``count`` households, one in seven not valid (the benchmark generator)."""
    return make_roster(path, count)


def _reform(tmp_path: Path) -> Path:
    """The shipped rules with the retirees' pension ceiling of the Eid grant raised."""
    rules = tmp_path / "reform"
    shutil.copytree(ROOT / "rules", rules)
    target = rules / "social-aid" / "eid-al-adha-grant.yaml"
    old = "values: {2020-01-01: {value: 2500, precision: year}}"
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, "values: {2020-01-01: {value: 2500, precision: year}, "
                                        "2026-01-01: {value: 3000, precision: year}}"),
                      encoding="utf-8")
    return rules


def _written(path: Path) -> str:
    """The texts a roster's JSON Lines output holds for its reader: each error record's
    messages, and the labels of each full decision (the rest is machine values)."""
    parts: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        parts += [e["message"] for e in record.get("errors") or ()]
        for decision in record.get("decisions") or ():
            if "program_title" in decision:  # a full decision (compact rows hold codes)
                parts.append(_decision_texts(Decision.model_validate(decision)))
    return "\n".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("lang", list(LANGS))
@pytest.mark.usefixtures("shipped_book_once")
def test_rosters_of_every_format_and_the_diff_read_in_the_language(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        lang: str) -> None:
    """``screen --roster`` from JSON Lines, CSV and Parquet into full, compact and Parquet
    output (and ``--changes-within``), and ``diff`` of two rule books over a roster: what
    they print, and the error records and decisions they write."""
    monkeypatch.setenv("COLUMNS", "160")
    found: dict[str, list[str]] = {}
    for kind in ("jsonl", "csv", "parquet"):
        roster = _generated_roster(tmp_path / f"roster.{kind}", 30)
        capsys.readouterr()  # what the generator says of it
        runs = {"full": ["--out", tmp_path / f"{kind}-full.jsonl"],
                "compact": ["--out", tmp_path / f"{kind}-compact.jsonl", "--out-format",
                            "compact"],
                "parquet": ["--out", tmp_path / f"{kind}.parquet"],
                "soon": ["--out", tmp_path / f"{kind}-soon.jsonl", "--changes-within", "30d"]}
        for name, options in runs.items():
            command = [str(a) for a in ("screen", "--roster", roster, *options, "--on", ON)]
            code = main([*command, "--lang", lang])
            out, err = capsys.readouterr()
            assert code == 1, (command, err)  # records not valid, written as errors
            written = _written(Path(options[1])) if name != "parquet" else ""
            if words := leaks(out + err + written, lang):
                found[" ".join(command)] = sorted(set(words))
    reform = _reform(tmp_path)
    for fmt in ("text", "json"):
        command = ["diff", "--rules", str(ROOT / "rules"), "--rules", str(reform), "--roster",
                   str(tmp_path / "roster.parquet"), "--on", ON, "--format", fmt]
        assert main([*command, "--lang", lang]) == 0
        out, err = capsys.readouterr()
        printed = out + err if fmt == "text" else err
        assert fmt == "json" or "→" in out or "←" in out
        if words := leaks(printed, lang):
            found[" ".join(command)] = sorted(set(words))
    assert found == {}
