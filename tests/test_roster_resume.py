"""Rosters that survive anything: every per-record failure (serialisation included) is an
error record and the run goes on; the output file never holds part of a run; a run
killed at any point, even with SIGKILL, continues with ``--resume``, with nothing lost or
written twice."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from eligibility import Decision
from eligibility.cli import ExitCode, main
from rosters import make_roster

ON = "2026-05-20"



def _screen(roster: Path, out: Path, *extra: str) -> int:
    return main(["screen", "--roster", str(roster), "--out", str(out), "--on", ON,
                 "-p", "social.eid-al-adha-grant", "-p", "leisure.summer-camp", *extra])


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A roster, and the output of one uninterrupted run over it."""
    folder = tmp_path_factory.mktemp("reference")
    roster = make_roster(folder / "roster.jsonl", 60)
    out = folder / "out.jsonl"
    assert _screen(roster, out) == ExitCode.FAILURE  # some records are bad on purpose
    return roster, out.read_bytes()


# -- finding: a failure to serialise one record's decisions stopped the whole run ------------


def test_a_record_that_cannot_be_serialised_is_an_error_record(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        reference: tuple[Path, bytes]) -> None:
    roster, _ = reference
    unpatched = Decision.model_dump_json

    def fragile(self: Decision, **kwargs: Any) -> str:
        if self.household.endswith("3"):
            raise UnicodeEncodeError("utf-8", "caf\ud83d", 3, 4, "surrogates not allowed")
        return unpatched(self, **kwargs)

    monkeypatch.setattr(Decision, "model_dump_json", fragile)
    out = tmp_path / "out.jsonl"
    assert _screen(roster, out) == ExitCode.FAILURE
    records = _lines(out)
    assert len(records) == 60  # one per input record: the run went on
    broken = [r for r in records if (r["household"] or "").endswith("3")]
    assert broken
    assert all("UnicodeEncodeError" in r["error"]["message"] for r in broken)
    assert "\\ud83d" in broken[0]["error"]["message"]  # escaped, so the record is UTF-8


# -- finding: kill -9 left a truncated final line; there was no way to resume ---------------


class _Killed(BaseException):
    """Stands for the process dying in the middle of a write."""


def _kill_during_write(monkeypatch: pytest.MonkeyPatch, after: int) -> None:
    """Writes after the ``after``-th record are cut in half, then the 'process dies'."""
    real = os.write
    count = [0]

    def write(fd: int, data: bytes) -> int:
        count[0] += 1
        if count[0] > after:
            real(fd, data[: len(data) // 2])
            raise _Killed
        return real(fd, data)


    from eligibility.cli import roster_output

    monkeypatch.setattr(roster_output.os, "write", write)


@pytest.mark.parametrize("after", [0, 1, 17, 59])
def test_an_interrupted_run_resumes_with_nothing_lost_or_doubled(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: tuple[Path, bytes],
        after: int) -> None:
    roster, want = reference
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    with monkeypatch.context() as patch:
        _kill_during_write(patch, after)
        with pytest.raises(_Killed):
            _screen(roster, out)
    assert not out.exists()  # the output never holds part of a run
    if after:
        assert partial.read_bytes().count(b"\n") == after  # and a record cut short
        assert _screen(roster, out) == ExitCode.USAGE  # not without --resume
    else:
        assert not partial.exists()  # nothing whole was written: nothing to keep
    assert _screen(roster, out, "--resume") == ExitCode.FAILURE
    assert out.read_bytes() == want
    assert not partial.exists()


def test_resuming_a_complete_run_changes_nothing(tmp_path: Path,
                                                  reference: tuple[Path, bytes],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    roster, want = reference
    out = tmp_path / "out.jsonl"
    out.write_bytes(want)
    assert _screen(roster, out, "--resume") == ExitCode.FAILURE
    assert out.read_bytes() == want
    assert "60 records" in capsys.readouterr().err


def test_a_run_is_resumed_only_as_it_was_started(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 reference: tuple[Path, bytes],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    roster, _ = reference
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as patch:
        _kill_during_write(patch, 5)
        with pytest.raises(_Killed):
            _screen(roster, out)
    capsys.readouterr()
    code = main(["screen", "--roster", str(roster), "--out", str(out), "--on", "2026-05-21",
                 "-p", "social.eid-al-adha-grant", "-p", "leisure.summer-camp", "--resume"])
    assert code == ExitCode.USAGE
    assert "on: 2026-05-20 ≠ 2026-05-21" in capsys.readouterr().err
    assert main(["screen", "--roster", str(roster), "--resume", "--on", ON]) == ExitCode.USAGE


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_both_roster_formats_resume(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    suffix: str) -> None:
    roster = make_roster(tmp_path / f"roster.{suffix}", 25, bad_every=4)
    out, whole = tmp_path / "out.jsonl", tmp_path / "whole.jsonl"
    _screen(roster, whole)
    with monkeypatch.context() as patch:
        _kill_during_write(patch, 11)
        with pytest.raises(_Killed):
            _screen(roster, out)
    _screen(roster, out, "--resume")
    assert out.read_bytes() == whole.read_bytes()


# -- the same, with SIGKILL at random points -------------------------------------------------


def _command() -> list[str]:
    return [sys.executable, "-m", "eligibility"]


@pytest.mark.slow
def test_sigkill_at_random_points_then_resume(tmp_path: Path) -> None:
    """Up to five runs killed with SIGKILL at random moments, each resumed; the final
    output is the uninterrupted run's, byte for byte. Bounded: at most five kills, each
    run at most a minute."""
    roster = make_roster(tmp_path / "roster.jsonl", 800, bad_every=13)
    args = ["screen", "--roster", str(roster), "--on", ON]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).parents[1] / "src"), os.environ.get("PYTHONPATH", "")])}
    whole = tmp_path / "whole.jsonl"
    started = time.monotonic()
    subprocess.run([*_command(), *args, "--out", str(whole)], env=env, check=False,
                   capture_output=True, timeout=300)
    full = time.monotonic() - started
    want = whole.read_bytes()
    assert want.count(b"\n") == 800

    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    rng = random.Random(20260520)
    kills = 0
    for attempt in range(5):
        resume = ["--resume"] if attempt else []
        process = subprocess.Popen([*_command(), *args, "--out", str(out), *resume], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # The first run is killed well before it could end, so at least one kill happens.
        time.sleep(rng.uniform(0.1, full * 0.4) if attempt == 0
                   else rng.uniform(0.2, max(0.5, full * 0.8)))
        if process.poll() is not None:
            break
        process.send_signal(signal.SIGKILL)
        if process.wait(timeout=60) != -signal.SIGKILL:
            break  # it ended between the poll and the signal: nothing was killed
        kills += 1
        assert not out.exists(), "a killed run left an output file"
        if partial.exists():  # every line but perhaps the last is a whole record
            body = partial.read_bytes()
            for line in body.split(b"\n")[:-1]:
                json.loads(line)
    done = subprocess.run([*_command(), *args, "--out", str(out), "--resume"], env=env,
                          check=False, capture_output=True, timeout=300)
    assert done.returncode == ExitCode.FAILURE, done.stderr.decode()
    assert kills >= 1
    assert out.read_bytes() == want, f"after {kills} kill(s)"
    assert not partial.exists()
