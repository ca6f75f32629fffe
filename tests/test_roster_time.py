"""Time on rosters: each decision's next change and who changes soon, from every roster
format, whatever the engine: the same as one household at a time (``RuleBook.screen(...,
next_change=True)``, ``RuleBook.changes_within``), and never silently dropped (compact rows,
which hold neither, refuse)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eligibility import Decision, HouseholdError, RuleBook, read_roster
from eligibility.cli import ExitCode, main
from rosters import make_roster

ON = date(2026, 5, 20)
PROGRAMS = ["social.eid-al-adha-grant", "leisure.summer-camp", "health.serious-illness-aid",
            "health.complementary-cover"]


@pytest.fixture(scope="module")
def native() -> RuleBook:
    return RuleBook.load()


@pytest.fixture(scope="module")
def columnar(native: RuleBook) -> RuleBook:
    pytest.importorskip("polars")
    return native.with_engine("columnar")


@pytest.fixture(scope="module")
def rosters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("rosters")
    out = {}
    for kind in ("jsonl", "csv", "parquet"):
        out[kind] = folder / f"roster.{kind}"
        make_roster(out[kind], 40, bad_every=9)
    return out


def _programs(book: RuleBook) -> list[str]:
    return [p for p in PROGRAMS if p in book.programs]


def _dump(decisions: list[Decision]) -> list[dict[str, Any]]:
    return [d.model_dump(mode="json", exclude={"engine"}) for d in decisions]


@pytest.mark.parametrize("engine", ["native", "columnar"])
def test_decisions_of_a_roster_look_ahead_when_asked(native: RuleBook, columnar: RuleBook,
                                                     rosters: dict[str, Path],
                                                     engine: str) -> None:
    book = columnar if engine == "columnar" else native
    programs = _programs(book)
    ahead = compared = 0
    for chunk in book.screen_roster(read_roster(rosters["parquet"]), on=ON, batch_size=15,
                                    programs=programs, next_change=True):
        for record in chunk.records:
            if not record.screened:
                continue
            given = chunk.full[record.index]  # type: ignore[index]
            found = chunk.decisions(record)
            assert _dump(found) == _dump(native.screen(given, on=ON, programs=programs,
                                                       next_change=True))
            assert all(d.engine.value == engine for d in found)
            ahead += sum(d.next_change is not None for d in found)
            compared += len(found)
    assert compared > 50
    assert ahead > 10


def test_compact_rows_refuse_what_they_cannot_hold(columnar: RuleBook,
                                                   rosters: dict[str, Path]) -> None:
    for asked in ({"next_change": True}, {"changes_within": 30}):
        chunk = next(iter(columnar.screen_roster(read_roster(rosters["jsonl"]), on=ON,
                                                 programs=_programs(columnar), **asked)))
        with pytest.raises(ValueError, match="compact rows"):
            chunk.table()


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_who_changes_soon_on_a_roster(native: RuleBook, columnar: RuleBook,
                                      rosters: dict[str, Path], kind: str) -> None:
    people = 0
    for book in (native, columnar):
        for chunk in book.screen_roster(read_roster(rosters[kind]), on=ON, batch_size=15,
                                        changes_within=400):
            assert not chunk.results  # nothing is decided for the day
            for record in chunk.records:
                if not record.screened:
                    continue
                given = chunk.full[record.index]  # type: ignore[index]
                found = chunk.changes(record)
                assert found == native.changes_within(given, on=ON, days=400)
                people += len(found)
    assert people > 10


def test_a_bad_number_of_days_is_refused_before_any_record(native: RuleBook) -> None:
    with pytest.raises(HouseholdError, match="changes_within"):
        native.screen_roster([], on=ON, changes_within=0)


# -- the command line -----------------------------------------------------------------------------


def _screen(*args: str | Path) -> int:
    return main(["screen", *(str(a) for a in args), "--on", ON.isoformat(),
                 "-p", "social.eid-al-adha-grant", "-p", "health.complementary-cover"])


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_screen_changes_within_reads_every_roster_format(
        tmp_path: Path, rosters: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    outputs = {}
    for kind, path in rosters.items():
        out = tmp_path / f"{kind}.jsonl"
        assert _screen("--roster", path, "--out", out, "--changes-within", "400d") \
            == ExitCode.FAILURE  # the roster's bad records
        outputs[kind] = _records(out)
        assert "whose outcome changes within 400 days" in capsys.readouterr().err
    first = outputs["jsonl"]
    assert [r["line"] for r in first] == list(range(1, 41))
    assert sum(len(r.get("changes", ())) for r in first) > 0
    assert sum("error" in r for r in first) == 40 // 9
    for kind in ("csv", "parquet"):  # the same households, each its own record
        assert [r.get("changes") for r in outputs[kind]] == [r.get("changes") for r in first]


def test_changes_within_on_the_columnar_engine_scans_on_the_native_one(
        tmp_path: Path, rosters: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    native, columnar = tmp_path / "native.jsonl", tmp_path / "columnar.jsonl"
    _screen("--roster", rosters["jsonl"], "--out", native, "--changes-within", "400")
    capsys.readouterr()
    _screen("--roster", rosters["jsonl"], "--out", columnar, "--changes-within", "400",
            "--engine", "columnar")
    assert "native engine" in capsys.readouterr().err
    assert columnar.read_bytes() == native.read_bytes()


@pytest.mark.parametrize("out_format", ["compact", "parquet"])
def test_changes_within_writes_json_lines_only(tmp_path: Path, rosters: dict[str, Path],
                                               capsys: pytest.CaptureFixture[str],
                                               out_format: str) -> None:
    assert _screen("--roster", rosters["jsonl"], "--out", tmp_path / "out.parquet",
                   "--out-format", out_format, "--changes-within", "30") == ExitCode.USAGE
    assert "JSON Lines" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
