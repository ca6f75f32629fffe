"""Rosters on the columnar engine: the same decisions as one household at a time, compact
output that gives every decision back in full, Parquet in and out (resumable), and the
reform comparison."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eligibility import (
    Decision,
    EvaluationError,
    Household,
    Language,
    RuleBook,
    compact_schema,
    expand_compact,
    read_roster,
    roster_schema,
)
from eligibility._compile.ir import Program
from eligibility._model.errors import HouseholdError, Problem
from eligibility._model.household_io import parse_household
from eligibility._model.roster_schema import dropped_nulls, null_rows
from eligibility.cli import ExitCode, main
from rosters import edited_rules, make_roster

RULES = Path(__file__).parents[1] / "rules"
ON = date(2026, 5, 20)



@pytest.fixture(scope="module")
def native() -> RuleBook:
    return RuleBook.load()


@pytest.fixture(scope="module")
def columnar(native: RuleBook) -> RuleBook:
    return native.with_engine("columnar")


@pytest.fixture(scope="module")
def rosters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("rosters")
    return {kind: make_roster(folder / f"roster.{kind}", 80)
            for kind in ("jsonl", "csv", "parquet")}


def _dump(decisions: list[Decision]) -> list[dict[str, Any]]:
    return [d.model_dump(mode="json", exclude={"engine"}) for d in decisions]


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
def test_chunks_decide_as_one_household_at_a_time(columnar: RuleBook, native: RuleBook,
                                                 rosters: dict[str, Path], kind: str) -> None:
    screened = errors = 0
    for chunk in columnar.screen_roster(read_roster(rosters[kind]), on=ON, batch_size=25):
        for record in chunk.records:
            if not record.screened:
                errors += 1
                assert record.problems
                continue
            screened += 1
            house = chunk.households[record.index]  # type: ignore[index]
            assert _dump(chunk.decisions(record)) == _dump(native.screen(house, on=ON))
    assert screened > 60
    assert errors == 80 // 7


def test_compact_rows_give_every_decision_back(columnar: RuleBook,
                                              rosters: dict[str, Path]) -> None:
    compared = 0
    for chunk in columnar.screen_roster(read_roster(rosters["jsonl"]), on=ON, batch_size=30,
                                        lang="fr"):
        sides = {(s["program"], s["period"]): s for s in chunk.side_tables()}
        table = chunk.table()
        assert table.columns == compact_schema().names
        for record in chunk.records:
            rows = table.filter(pl.col("line") == record.line).to_dicts()
            if not record.screened:
                assert len(rows) == 1
                assert json.loads(rows[0]["error"]) == record.problems[0].record("fr")
                continue
            full = chunk.decisions(record)
            decided = [r for r in rows if r["program"] is not None]
            assert len(decided) == len(full)
            for row, decision in zip(decided, full, strict=True):
                back = expand_compact(row, sides[(row["program"], row["period"])], ON)
                assert back.model_dump_json() == decision.model_dump_json()
                compared += 1
    assert compared > 1000


def test_a_program_not_in_force_is_ineligible_in_compact_rows_too(
        columnar: RuleBook, rosters: dict[str, Path]) -> None:
    early = date(2015, 1, 1)
    late = [p.id for p in columnar.programs.values() if not p.in_force(early)]
    assert late
    records = [r for r in read_roster(rosters["jsonl"]) if r.readable][:5]
    for chunk in columnar.screen_roster(records, on=early, programs=late):
        sides = {(s["program"], s["period"]): s for s in chunk.side_tables()}
        for record in chunk.records:
            if not record.screened:
                continue
            rows = chunk.table().filter(pl.col("line") == record.line).to_dicts()
            for row, decision in zip(rows, chunk.decisions(record), strict=True):
                back = expand_compact(row, sides[(row["program"], row["period"])], early)
                assert back == decision


def test_programs_in_force_and_not_keep_the_order_chosen_in_compact_rows(
        columnar: RuleBook, rosters: dict[str, Path]) -> None:
    early = date(2015, 1, 1)
    chosen = sorted(columnar.programs, reverse=True)  # not the book's order
    assert any(not columnar.programs[p].in_force(early) for p in chosen)
    assert any(columnar.programs[p].in_force(early) for p in chosen)
    compared = 0
    for chunk in columnar.screen_roster(read_roster(rosters["jsonl"]), on=early,
                                        programs=chosen, batch_size=20):
        sides = {(s["program"], s["period"]): s for s in chunk.side_tables()}
        table = chunk.table()
        for record in chunk.records:
            if not record.screened:
                continue
            rows = table.filter((pl.col("line") == record.line)
                                & pl.col("program").is_not_null()).to_dicts()
            full = chunk.decisions(record)
            assert [(r["program"], r["applicant"]) for r in rows] == \
                [(d.program, d.applicant) for d in full]
            for row, decision in zip(rows, full, strict=True):
                back = expand_compact(row, sides[(row["program"], row["period"])], early)
                assert back == decision
                compared += 1
    assert compared > 100


def test_the_parquet_schema_comes_from_the_household_model() -> None:
    schema = roster_schema()
    assert str(schema.field("affiliate").type.field("monthly_pension").type) == \
        "decimal128(14, 2)"
    assert str(schema.field("children").type.value_type.field("bac_score").type) == \
        "decimal128(4, 2)"
    assert str(schema.field("bank_account").type) == "bool"


def _run(*args: str | Path) -> int:
    return main(["screen", *(str(a) for a in args), "--on", ON.isoformat(),
                 "-p", "social.eid-al-adha-grant", "-p", "leisure.summer-camp"])


@pytest.mark.parametrize("out_format", ["jsonl", "compact", "parquet"])
def test_every_output_format_has_one_record_per_line(tmp_path: Path, rosters: dict[str, Path],
                                                     out_format: str) -> None:
    out = tmp_path / ("out.parquet" if out_format == "parquet" else "out.jsonl")
    assert _run("--roster", rosters["parquet"], "--out", out, "--out-format",
                out_format) == ExitCode.FAILURE
    if out_format == "parquet":
        table = pl.read_parquet(out)
        assert sorted(set(table["line"].to_list())) == list(range(1, 81))
        metadata = pq.read_schema(out).metadata
        side = json.loads(metadata[b"eligibility.side_table"])
        assert {s["program"] for s in side} == {"social.eid-al-adha-grant",
                                                "leisure.summer-camp"}
        return
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    if out_format == "compact":
        header, *lines = lines
        assert header["header"]["engine"] == "columnar"
    assert [r["line"] for r in lines] == list(range(1, 81))


def test_a_parquet_run_resumes_after_its_last_whole_part(
        tmp_path: Path, rosters: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    whole, out = tmp_path / "whole.parquet", tmp_path / "out.parquet"
    from eligibility.cli import roster as cli_roster

    original = cli_roster.screen_roster

    def small(*args: Any, **kwargs: Any) -> Any:
        return original(*args, **{**kwargs, "batch_size": 10})

    monkeypatch.setattr(cli_roster, "screen_roster", small)
    _run("--roster", rosters["jsonl"], "--out", whole)
    from eligibility.cli import roster_parquet

    written = roster_parquet._ParquetSink.write_table
    calls = [0]

    def dies(self: Any, *args: Any) -> None:
        calls[0] += 1
        if calls[0] > 3:
            raise KeyboardInterrupt
        written(self, *args)

    with monkeypatch.context() as patch:
        patch.setattr(roster_parquet._ParquetSink, "write_table", dies)
        assert _run("--roster", rosters["jsonl"], "--out", out) == ExitCode.INTERRUPTED
    assert not out.exists()
    assert len(list((tmp_path / "out.parquet.partial").glob("part-*"))) == 3
    assert _run("--roster", rosters["jsonl"], "--out", out) == ExitCode.USAGE
    assert _run("--roster", rosters["jsonl"], "--out", out, "--resume") == ExitCode.FAILURE
    assert pl.read_parquet(out).equals(pl.read_parquet(whole))
    assert not (tmp_path / "out.parquet.partial").exists()
    counts = roster_parquet.run_counts(out)
    assert counts == roster_parquet.run_counts(whole)
    assert counts["records"] == 80
    assert counts["errors"] + counts["screened"] == 80
    run = json.loads(pq.read_schema(out).metadata[b"eligibility.run"])
    assert run["engine"] == "columnar"
    # a finished run resumed: nothing is written again, its counts are given back
    written_at = out.stat().st_mtime_ns
    assert _run("--roster", rosters["jsonl"], "--out", out, "--resume") == ExitCode.FAILURE
    assert out.stat().st_mtime_ns == written_at


def test_parts_written_in_other_columns_are_not_resumed(
        tmp_path: Path, rosters: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.parquet"
    from eligibility.cli import roster as cli_roster
    from eligibility.cli import roster_parquet

    original = cli_roster.screen_roster
    monkeypatch.setattr(cli_roster, "screen_roster",
                        lambda *a, **k: original(*a, **{**k, "batch_size": 10}))
    written = roster_parquet._ParquetSink.write_table
    calls = [0]

    def dies(self: Any, *args: Any) -> None:
        calls[0] += 1
        if calls[0] > 2:
            raise KeyboardInterrupt
        written(self, *args)

    with monkeypatch.context() as patch:
        patch.setattr(roster_parquet._ParquetSink, "write_table", dies)
        assert _run("--roster", rosters["jsonl"], "--out", out) == ExitCode.INTERRUPTED
    last = sorted((tmp_path / "out.parquet.partial").glob("part-*"))[-1]
    with pa.memory_map(str(last)) as source:
        table = pa.ipc.open_file(source).read_all()
    # as an earlier version wrote them: each criterion's results a list
    lists = pa.array([None if r is None else json.loads(r)
                      for r in table["results"].to_pylist()], pa.large_list(pa.string()))
    table = table.set_column(table.schema.get_field_index("results"), "results", lists)
    with pa.OSFile(str(last), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    capsys.readouterr()
    assert _run("--roster", rosters["jsonl"], "--out", out, "--resume") == ExitCode.USAGE
    assert "columns: results" in capsys.readouterr().err
    assert not out.exists()


def test_a_compact_run_resumes_too(tmp_path: Path, rosters: dict[str, Path],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    whole, out = tmp_path / "whole.jsonl", tmp_path / "out.jsonl"
    _run("--roster", rosters["csv"], "--out", whole, "--out-format", "compact")
    from eligibility.cli import roster_output

    real = roster_output.os.write
    count = [0]

    def write(fd: int, data: bytes) -> int:
        count[0] += 1
        if count[0] > 9:
            raise KeyboardInterrupt
        return real(fd, data)

    with monkeypatch.context() as patch:
        patch.setattr(roster_output.os, "write", write)
        _run("--roster", rosters["csv"], "--out", out, "--out-format", "compact")
    _run("--roster", rosters["csv"], "--out", out, "--out-format", "compact", "--resume")
    assert out.read_bytes() == whole.read_bytes()


def test_arrow_rows_are_the_frame_rows_with_each_repeated_text_once(
        columnar: RuleBook, rosters: dict[str, Path]) -> None:
    for chunk in columnar.screen_roster(read_roster(rosters["parquet"]), on=ON, batch_size=30):
        arrow, frame = chunk.arrow_table(), chunk.table()
        assert arrow.schema == compact_schema()
        assert arrow.to_pylist() == frame.to_dicts()
        for name in ("household", "applicant", "outcome", "results", "values", "missing"):
            column = arrow[name].combine_chunks()
            assert pa.types.is_dictionary(column.type)
            texts = column.dictionary.to_pylist()
            assert len(texts) == len(set(texts))  # each distinct text once
            assert set(texts) == {v for v in frame[name].to_list() if v is not None}


def test_parquet_output_reads_back_as_the_rows_in_plain_texts(
        tmp_path: Path, columnar: RuleBook, rosters: dict[str, Path]) -> None:
    out = tmp_path / "out.parquet"
    _run("--roster", rosters["parquet"], "--out", out)
    run = json.loads(pq.read_schema(out).metadata[b"eligibility.run"])
    expected = pl.concat([chunk.table() for chunk in columnar.screen_roster(
        read_roster(rosters["parquet"]), on=ON, lang=run["lang"],
        programs=["social.eid-al-adha-grant", "leisure.summer-camp"])])
    read = pl.read_parquet(out)
    assert read.schema == expected.schema  # no Categorical: plain strings
    assert read.equals(expected)
    types = {field.name: field.type for field in pq.read_schema(out)}
    assert not any(pa.types.is_dictionary(t) for t in types.values())
    assert types["values"] == pa.string()
    # the repeated texts were written as dictionary pages
    column = pq.ParquetFile(out).metadata.row_group(0).column(
        pq.read_schema(out).get_field_index("values"))
    assert column.dictionary_page_offset is not None


def test_compact_output_needs_the_columnar_engine(tmp_path: Path, rosters: dict[str, Path],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("--roster", rosters["jsonl"], "--out", tmp_path / "o.parquet",
                "--engine", "native") == ExitCode.USAGE
    assert "columnar" in capsys.readouterr().err


# -- the reform comparison --------------------------------------------------------------------


@pytest.fixture(scope="module")
def reform(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped rules with the retirees' pension ceiling raised in 2026."""
    return edited_rules(tmp_path_factory.mktemp("reform"), "social-aid/eid-al-adha-grant.yaml",
                        "values: {2020-01-01: {value: 2500, precision: year}}",
                        "values: {2020-01-01: {value: 2500, precision: year}, "
                        "2026-01-01: {value: 3000, precision: year}}")


def test_a_raised_ceiling_gains_exactly_the_retirees_between_the_two(
        native: RuleBook, reform: Path, rosters: dict[str, Path]) -> None:
    proposed = RuleBook.load(reform)
    result = native.diff(proposed, read_roster(rosters["jsonl"]), on=ON)
    assert result.records == 80
    assert result.errors == 80 // 7
    expected = []
    for record in read_roster(rosters["jsonl"]):
        try:
            before = native.screen(record.data, on=ON, programs=["social.eid-al-adha-grant"])
        except Exception:  # a bad record: not compared
            continue
        after = proposed.screen(record.data, on=ON, programs=["social.eid-al-adha-grant"])
        expected += [(record.line, b.applicant, b.outcome.value, a.outcome.value)
                     for b, a in zip(before, after, strict=True) if b.outcome != a.outcome]
    assert expected  # the roster has retirees between the two ceilings
    changes = result.changes
    assert [(r["line"], r["applicant"], r["before"], r["after"])
            for r in changes.iter_rows(named=True)] == expected
    assert set(changes["program"]) == {"social.eid-al-adha-grant"}
    assert all(r == ["pension-ceiling: failed -> passed"]
               for r in changes["criteria"].to_list())
    counts = result.counts.filter(pl.col("gains") + pl.col("losses") + pl.col("changed") > 0)
    assert counts.select("program", "category", "gains", "losses").rows() == [
        ("social.eid-al-adha-grant", "retiree", len(expected), 0)]
    # The other programs have the same rules in both books: named, not run.
    assert result.unchanged == tuple(sorted(set(native.programs) - {"social.eid-al-adha-grant"}))
    assert set(result.counts["program"]) == {"social.eid-al-adha-grant"}


def test_programs_with_the_same_rules_decide_alike_so_skipping_them_loses_nothing(
        native: RuleBook, reform: Path, rosters: dict[str, Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    proposed = RuleBook.load(reform)
    skipped = native.diff(proposed, read_roster(rosters["parquet"]), on=ON)
    # Every program a fingerprint of its own: every program run by both books.
    monkeypatch.setattr(Program, "fingerprint", property(lambda program: str(id(program))))
    every = native.diff(proposed, read_roster(rosters["parquet"]), on=ON)
    assert every.unchanged == ()
    assert set(every.counts["program"]) == set(native.programs)
    alike = every.counts.filter(pl.col("program").is_in(list(skipped.unchanged)))
    assert alike.height
    assert (alike["gains"] + alike["losses"] + alike["changed"]).sum() == 0
    for name in alike.columns:
        if name.endswith("_before"):  # the same totals
            after = name.removesuffix("_before") + "_after"
            assert alike[name].equals(alike[after], null_equal=True), name
    compared = every.counts.filter(~pl.col("program").is_in(list(skipped.unchanged)))
    assert compared.select(skipped.counts.columns).equals(skipped.counts)
    assert every.changes.equals(skipped.changes)


def test_the_diff_command(tmp_path: Path, reform: Path, rosters: dict[str, Path],
                          capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    out = tmp_path / "changes.jsonl"
    code = main(["diff", "--rules", str(RULES), "--rules", str(reform), "--roster",
                 str(rosters["parquet"]), "--on", ON.isoformat(), "--out", str(out)])
    assert code == ExitCode.OK
    printed = capsys.readouterr().out
    assert "social.eid-al-adha-grant" in printed
    assert "retiree" in printed
    assert "Same rules in both books, not compared (15): education.excellence-award, " in printed
    changes = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert changes
    assert all(c["after"] == "eligible" for c in changes)
    assert main(["diff", "--rules", str(RULES), "--roster", str(rosters["jsonl"])]) == \
        ExitCode.USAGE


def _household(index: int) -> dict[str, Any]:
    return {"schema_version": 1, "id": f"h{index}",
            "affiliate": {"id": "a", "status": "active", "birth_date": date(1980, 1, 2),
                          "monthly_salary": Decimal("7000.50")},
            "spouses": [{"id": "s1"}, {"id": "s2", "own_insurance": True}],
            "children": [{"id": "c1", "birth_date": date(2010, 3, 4),
                          "bac_score": Decimal("14.25")}],
            "history": [{"program": "social.eid-al-adha-grant", "person": "a",
                         "on": date(2025, 6, 1), "amount": Decimal("1000")}]}


def test_parquet_nulls_are_dropped_where_a_field_cannot_be_unknown(tmp_path: Path) -> None:
    # Rows are converted a batch at a time and only those with a null in a field that
    # cannot be unknown are walked: every row must read as dropped_nulls reads it.
    rows = [_household(i) for i in range(8)]
    rows[1]["affiliate"]["id"] = None  # missing, not "not text"
    rows[2]["spouses"] = None  # left out: no spouses
    rows[3]["spouses"][1]["id"] = None  # in the second element of a list
    rows[4]["children"][0]["bac_score"] = None  # may be unknown: kept
    rows[5]["schema_version"] = None
    rows[6]["history"][0]["on"] = None
    rows[7]["affiliate"] = None
    path = tmp_path / "nulls.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=roster_schema()), path)
    records = list(read_roster(path))
    expected = [dropped_nulls(row) for row in pq.read_table(path).to_pylist()]
    assert [r.data for r in records] == expected
    assert "id" not in records[1].data["affiliate"]
    assert "spouses" not in records[2].data
    assert "id" not in records[3].data["spouses"][1]
    assert "id" in records[3].data["spouses"][0]
    assert records[4].data["children"][0]["bac_score"] is None
    assert "schema_version" not in records[5].data
    assert "on" not in records[6].data["history"][0]
    assert "affiliate" not in records[7].data
    problems = {r.line: [(p.code.value, p.path) for p in _problems(r.data)] for r in records}
    assert problems[2] == [("missing-field", "household.affiliate.id")]
    assert problems[4] == [("missing-field", "household.spouses[1].id")]
    assert problems[1] == problems[3] == problems[5] == problems[6] == []


def test_parquet_of_another_layout_is_read_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"id": ["h1", None], "affiliate": ['{"id": "a"}', None],
                             "spouses": [[{"id": "s1"}], None]}), path)
    records = list(read_roster(path))
    assert [r.data for r in records] == [
        {"id": "h1", "affiliate": '{"id": "a"}', "spouses": [{"id": "s1"}]}, {}]
    assert null_rows(pq.read_table(path).to_batches()[0]) is None


def _problems(data: Any) -> list[Problem]:
    try:
        parse_household(data)
    except HouseholdError as exc:
        return list(exc.problems)
    return []


def _chunk_with(book: RuleBook, homes: list[Any], on: date) -> Any:
    """A chunk of ``homes`` decided as a roster run decides it (households built without
    validation cannot come from a roster file)."""
    from eligibility._book.roster import ScreenedChunk, ScreenedRecord
    from eligibility._engines.columnar import Batch

    records = [ScreenedRecord(line, home.id, index=line - 1)
               for line, home in enumerate(homes, start=1)]
    chunk = ScreenedChunk(book, records, homes, list(book.programs.values()), on,
                          Language.EN)
    chunk.batch = Batch.of(homes, on)
    for program in chunk.programs:
        if program.in_force(on):
            chunk.results[program.id] = book.engine.run(  # type: ignore[attr-defined]
                program, chunk.batch, on)
    return chunk


def _odd_households() -> list[Household]:
    """A household with a decimal no column holds (its rows go to the interpreter),
    between two ordinary ones."""
    def home(name: str, score: str) -> Household:
        return Household.model_validate({
            "id": name, "affiliate": {"id": "a", "status": "active",
                                      "birth_date": "1970-01-01"},
            "children": [{"id": "c1", "birth_date": "2008-01-01", "bac_score": score,
                          "bac_year": 2026, "schooling": "secondary", "student": True}]})
    odd = home("odd", "15.5")
    child = odd.children[0].model_copy(update={"bac_score": Decimal("15." + "1" * 40)})
    return [home("first", "12"), odd.model_copy(update={"children": (child,)}),
            home("last", "17.25")]


def test_rows_the_interpreter_decided_give_their_decisions_back(columnar: RuleBook) -> None:
    on = date(2026, 7, 1)
    chunk = _chunk_with(columnar, _odd_households(), on)
    assert any(result.decided for result in chunk.results.values())
    sides = {(s["program"], s["period"]): s for s in chunk.side_tables()}
    table = chunk.table()
    assert table["line"].to_list() == sorted(table["line"].to_list())
    for record in chunk.records:
        rows = table.filter(pl.col("line") == record.line).to_dicts()
        full = chunk.decisions(record)
        assert [r["program"] for r in rows] == [d.program for d in full]
        for row, decision in zip(rows, full, strict=True):
            back = expand_compact(row, sides[(row["program"], row["period"])], on)
            assert back.model_dump_json() == decision.model_dump_json()


def test_a_decision_that_fails_makes_its_record_an_error_record(
        columnar: RuleBook, monkeypatch: pytest.MonkeyPatch) -> None:
    from eligibility._engines.columnar.engine import ColumnarEngine

    interpret = ColumnarEngine._interpret

    def failing(engine: ColumnarEngine, plan: Any, batch: Any, household: int, key: int,
                on: date) -> Any:
        if batch.households[household].id == "odd":
            return EvaluationError("division by zero")
        return interpret(engine, plan, batch, household, key, on)

    monkeypatch.setattr(ColumnarEngine, "_interpret", failing)
    on = date(2026, 7, 1)
    chunk = _chunk_with(columnar, _odd_households(), on)
    failed = {2}
    table = chunk.table()
    assert table["line"].to_list() == sorted(table["line"].to_list())
    for line, name in enumerate(("first", "odd", "last"), start=1):
        rows = table.filter(pl.col("line") == line)
        if line not in failed:  # decided as ever
            assert rows.height > 1
            assert rows["error"].null_count() == rows.height
            continue
        assert rows.select("household", "program", "not_yet_born").to_dicts() == [
            {"household": name, "program": None, "not_yet_born": None}]
        error = json.loads(rows["error"][0])
        assert error["code"] == "not-screened"
        assert "division by zero" in error["message"]
        assert json.loads(rows["errors"][0]) == [error]


@pytest.mark.parametrize("out", ["out.parquet", "out.jsonl"])
def test_a_chunk_of_bad_records_alone_gives_its_error_records(tmp_path: Path,
                                                               out: str) -> None:
    roster = tmp_path / "bad.jsonl"
    roster.write_text('{"id": "x"}\n{"nope": 1}\n', encoding="utf-8")
    args = ["screen", "--roster", str(roster), "--on", ON.isoformat(), "--engine",
            "columnar", "--out", str(tmp_path / out)]
    if out.endswith(".jsonl"):
        args += ["--out-format", "compact"]
    assert main(args) == ExitCode.FAILURE  # records in error
    if out.endswith(".parquet"):
        rows = pl.read_parquet(tmp_path / out).to_dicts()
    else:
        rows = [json.loads(line) for line in (tmp_path / out).read_text(
            encoding="utf-8").splitlines()][1:]
    assert [r["line"] for r in rows] == [1, 2]
    assert [r["household"] for r in rows] == ["x", None]
