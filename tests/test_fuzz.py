"""Only the library's errors cross the API: hostile input, generated, for the loader, the
household parser, both engines and the command line.

Every input is hostile in the ways the hardening probe found (deep nesting, huge numbers,
extreme dates, invalid Unicode, control characters, aliases, tags) and more: whatever
comes in, the API raises only documented exceptions (``RuleBookError``, ``InputError``,
``HouseholdError``, ``EvaluationError``), both engines agree on what they accept, and the
command line exits with the documented code of the library's answer (2 bad input, 3 bad
rules, 4 only for an evaluation error or a bug, never a traceback). Bounded: a few dozen
examples per test, no deadline needed.
"""

from __future__ import annotations

import json
import os
import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility import (
    DiagnosticCode,
    EvaluationError,
    HouseholdError,
    InputError,
    RuleBook,
    RuleBookError,
    parse_household,
    read_household,
)
from eligibility.cli import ExitCode, main

pytestmark = pytest.mark.slow

#: ``FUZZ_EXAMPLES=500 pytest tests/test_fuzz.py`` searches longer than CI does.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

PROGRAM = """\
id: social.fuzz
domain: social-aid
applies_to: [affiliate, spouse, child]
title: {ar: منحة, fr: Aide, en: TITLE}
status: illustrative
assumptions:
  - {ar: افتراض, fr: Hypothèse, en: Assumption}
parameters:
  limit: {2020-01-01: LIMIT}
versions:
  - {id: "1", from: FROM}
criteria:
  - id: fuzz
    when: WHEN
    text: {ar: شرط, fr: Condition, en: Condition}
EXTRA"""
HOUSEHOLD = {"id": "h", "affiliate": {"id": "a", "status": "active",
                                      "birth_date": "1980-01-01",
                                      "recruitment_date": "2005-01-01"},
             "children": [{"id": "c", "birth_date": "2012-06-01"}]}


# -- hostile fragments -----------------------------------------------------------------------

_DIGITS = st.sampled_from("0123456789١٨৪௧１٫")  # ASCII and look-alikes
_NUMBERS = st.one_of(
    st.integers(1, 5000).map(lambda n: "9" * n),
    st.integers(1, 5000).map(lambda n: "0x" + "f" * n),
    st.integers(0, 400).map(lambda n: f"1e{n}"), st.integers(0, 400).map(lambda n: f"1e-{n}"),
    st.sampled_from([".inf", "-.inf", ".nan", "0o777", "0b1", "1_000", "-0", "+5"]),
    st.text(_DIGITS, min_size=1, max_size=40),
)
_DATES = st.sampled_from(["0001-01-01", "9999-12-31", "2020-02-30", "2020-13-01", "10000-01-01",
                          "2020-1-1", "2020-01-01T00:00:00", "0000-00-00"])
_ESCAPES = st.sampled_from(["\\ud83d", "\\ude00", "\\u202e", "\\u2066", "\\e[31m", "\\x9b",
                            "\\0", "\\x07", "\\U0010FFFF", "\\u200f", "\\N", "\\_"])
_TEXTS = st.one_of(
    st.builds(lambda a, e, b: f'"{a}{e}{b}"', st.text(string.ascii_letters, max_size=5), _ESCAPES,
              st.text(string.ascii_letters, max_size=5)),
    st.text(max_size=30).map(json.dumps),  # any Unicode, JSON-escaped (valid YAML)
    st.text(max_size=30),  # raw, whatever it does to the YAML
)
_NESTING = st.integers(1, 300).map(lambda n: "[" * n + "]" * n)
_ALIASES = st.integers(1, 7).map(lambda levels: "\n".join(
    [f"l0: &l0 [{', '.join(['x'] * 10)}]"] + [
        f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels)]))
_EXPRESSIONS = st.one_of(
    st.text(max_size=60).map(json.dumps),
    st.integers(1, 200).map(lambda n: "'" + "(" * n + "applicant.age" + ")" * n + " > 1'"),
    st.integers(1, 400).map(lambda n: "'" + " + ".join(["1"] * n) + " > 0'"),
    st.builds(lambda base, e: f"'{base} ** {e} > 0'", st.sampled_from(
        ["limit", "applicant.age", "count(household.people)", "days_between(on, on)"]),
        st.integers(0, 12)),
    st.builds(lambda d: f"'applicant.age >= {d}'", st.text(_DIGITS, min_size=1, max_size=4)),
    st.sampled_from(["'on > 3'", "'household'", "'add_years(on, 9999) > on'",
                     "'add_days(on, -1000000) < on'", "'1 / 0 > 0'", "'limit / 0 > 0'",
                     "'applicant.age / 3 * 3 == applicant.age'", "!!python/name:os.system",
                     "*nowhere", "'date(9999, 12, 31) > on'"]),
)


_SLOTS = {
    "TITLE": ("Grant", st.one_of(_TEXTS)),
    "LIMIT": ("18", st.one_of(_NUMBERS, _TEXTS, _NESTING, st.integers(-(10**30), 10**30)
                              .map(str))),
    "FROM": ("2020-01-01", _DATES),
    "WHEN": ("applicant.age >= limit", st.one_of(_EXPRESSIONS, _NESTING, _NUMBERS)),
    "EXTRA": ("", st.one_of(_ALIASES, _NESTING.map(lambda n: f"notes: {n}\n"))),
}


@st.composite
def hostile_rule_files(draw: st.DrawFn) -> str:
    """The program above with one to three of its slots hostile (the others as they are,
    so that one hostile part at a time reaches every stage: YAML, structure, expressions,
    bounds, evaluation)."""
    hostile = draw(st.sets(st.sampled_from(sorted(_SLOTS)), min_size=1, max_size=3))
    text = PROGRAM
    for slot, (plain, strategy) in _SLOTS.items():
        text = text.replace(slot, draw(strategy) if slot in hostile else plain)
    return text


_ATOMS = st.one_of(
    st.sampled_from(["limit", "applicant.age", "count(household.people)",
                     "days_between(applicant.birth_date, on)", "year(on)",
                     "household.affiliate.seniority", "sum(p.age for p in household.people)",
                     "0", "1", "0.5"]),
    st.integers(0, 10**30).map(str),
    st.decimals(min_value=0, max_value=10**12, places=6, allow_nan=False).map(str),
)
_NUMERIC = st.recursive(_ATOMS, lambda inner: st.one_of(
    st.builds(lambda a, op, b: f"({a} {op} {b})", inner, st.sampled_from("+-*/"), inner),
    st.builds(lambda a, e: f"{a} ** {e}", _ATOMS, st.integers(-2, 8)),
    st.builds(lambda a, b: f"max({a}, {b})", inner, inner),
    st.builds(lambda a, b, c: f"({a} if {c} > 0 else {b})", inner, inner, _ATOMS),
), max_leaves=8)
_DATE_EXPRESSIONS = st.builds(
    lambda fn, n: f"{fn}(on, {n}) > on", st.sampled_from(["add_days", "add_months", "add_years"]),
    st.integers(-(10**7), 10**7))


@st.composite
def hostile_expressions(draw: st.DrawFn) -> str:
    """A program whose criterion is a generated arithmetic condition (limits and
    magnitudes of every size, divisions, powers), or a date shifted far."""
    when = draw(st.one_of(
        st.builds(lambda a, op, b: f"{a} {op} {b}", _NUMERIC, st.sampled_from(
            ["<", "<=", ">", ">=", "==", "!="]), _NUMERIC), _DATE_EXPRESSIONS))
    limit = draw(st.one_of(st.integers(-(10**30) + 1, 10**30 - 1).map(str),
                           st.decimals(min_value=-(10**12), max_value=10**12, places=12,
                                       allow_nan=False).map(str)))
    return (PROGRAM.replace("TITLE", "Grant").replace("LIMIT", limit)
            .replace("FROM", "2020-01-01").replace("WHEN", json.dumps(when))
            .replace("EXTRA", ""))


def _codes_documented(error: RuleBookError) -> None:
    assert error.diagnostics
    for diagnostic in error.diagnostics:
        assert diagnostic.code in DiagnosticCode.__members__.values()
        str(diagnostic).encode("utf-8")  # printable as it is


def _outcome(book: RuleBook, household: Any, on: date) -> tuple[str, Any]:
    """What the library answers: a documented error's kind, or the decisions."""
    try:
        decisions = book.screen(household, on=on)
    except EvaluationError as exc:
        return "evaluation-error", str(exc)
    except HouseholdError:
        return "bad-input", None
    return "ok", [d.model_dump(mode="json", exclude={"engine"}) for d in decisions]


# -- the loader, and what it accepts on both engines -----------------------------------------


@pytest.mark.durable
@FUZZ
@given(text=hostile_rule_files(), on=st.sampled_from(
    [date(2025, 6, 1), date(1, 1, 1), date(9999, 12, 31)]))
def test_hostile_rule_files(tmp_path_factory: pytest.TempPathFactory, text: str,
                            on: date) -> None:
    root = tmp_path_factory.mktemp("rules")
    (root / "fuzz.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        book = RuleBook.load(root)
    except RuleBookError as exc:
        _codes_documented(exc)
        return
    native = _outcome(book, HOUSEHOLD, on)
    assert _outcome(book.with_engine("durable"), HOUSEHOLD, on) == native


@pytest.mark.durable
@FUZZ
@given(text=hostile_expressions(), on=st.sampled_from(
    [date(2025, 6, 1), date(1, 1, 1), date(9999, 12, 31)]))
def test_hostile_expressions(tmp_path_factory: pytest.TempPathFactory, text: str,
                             on: date) -> None:
    test_hostile_rule_files.hypothesis.inner_test(tmp_path_factory, text, on)  # type: ignore[attr-defined]


@FUZZ
@given(raw=st.binary(max_size=300))
def test_rule_files_of_any_bytes(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    root = tmp_path_factory.mktemp("rules")
    (root / "fuzz.yaml").write_bytes(raw)
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(root)
    _codes_documented(caught.value)


# -- the household parser --------------------------------------------------------------------

_LEAVES = st.one_of(
    st.integers(-(10**60), 10**60), st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(), st.booleans(), st.none(), st.text(max_size=20),
    st.dates(date(1, 1, 1), date(9999, 12, 31)),
    st.sampled_from(["9999-03-07", "0001-01-01", "2020-02-30", "\ud800", "\x1b[2J", "1" * 5000]),
)
_DATA = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12)
_FIELDS = [("affiliate", "birth_date"), ("affiliate", "death_date"), ("affiliate", "status"),
           ("affiliate", "monthly_pension"), ("affiliate", "pay_scale"),
           ("affiliate", "recruitment_date"), ("children", 0, "birth_date"),
           ("children", 0, "bac_score"), ("children", 0, "name"), ("id",), ("history",)]


@st.composite
def hostile_households(draw: st.DrawFn) -> Any:
    data = json.loads(json.dumps(HOUSEHOLD))
    for path in draw(st.lists(st.sampled_from(_FIELDS), max_size=3, unique=True)):
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = draw(_DATA)
    if draw(st.booleans()):
        data["affiliate"]["status"] = "deceased"
        data["affiliate"]["death_date"] = draw(st.sampled_from(
            ["9999-03-07", "9999-12-31", "0001-01-01", "2020-01-01"]))
    return data


@pytest.fixture(scope="module")
def native_book() -> RuleBook:
    return RuleBook.load()


@pytest.fixture(scope="module")
def books() -> tuple[RuleBook, RuleBook]:
    book = RuleBook.load()
    return book, book.with_engine("durable")


@pytest.mark.durable
@FUZZ
@given(data=hostile_households(), on=st.sampled_from(
    [date(2025, 6, 1), date(1, 1, 1), date(9999, 12, 31)]))
def test_hostile_household_data(books: tuple[RuleBook, RuleBook], data: Any, on: date) -> None:
    native, durable_book = books
    try:
        household = parse_household(data)
    except HouseholdError as exc:
        str(exc)
        return
    assert _outcome(durable_book, household, on) == _outcome(native, household, on)


_HOUSEHOLD_TEXTS = st.one_of(
    st.text(max_size=200),
    _NESTING.map(lambda n: '{"id": "h", "affiliate": ' + n + "}"),
    _NUMBERS.map(lambda n: '{"id": "h", "affiliate": {"id": "a", "status": "active", '
                 f'"pay_scale": {n}}}}}'),
    _ALIASES,
    st.sampled_from(['{"id": "h", "id": "h"}', '{"a": NaN}', "a: !!python/object:os.system x",
                     "---\na: 1\n---\nb: 2", '{"id": "\\ud800"}', "\ufeff{}"]),
)


@FUZZ
@given(text=_HOUSEHOLD_TEXTS)
def test_hostile_household_text(text: str) -> None:
    try:
        read_household("-", stdin=lambda: text)
    except (InputError, HouseholdError) as exc:
        str(exc)


# -- the command line ------------------------------------------------------------------------

_EXPECTED_EXIT = {"ok": {ExitCode.OK}, "bad-input": {ExitCode.USAGE},
                  "evaluation-error": {ExitCode.RULES}}


@FUZZ
@given(data=hostile_households(), on=st.sampled_from(["2025-06-01", "0001-01-01",
                                                      "9999-12-31"]))
def test_the_command_line_exits_with_the_documented_code(
        tmp_path_factory: pytest.TempPathFactory, native_book: RuleBook, data: Any,
        on: str) -> None:
    native = native_book
    path = tmp_path_factory.mktemp("household") / "household.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8", errors="surrogatepass")
    try:
        household = read_household(path)
    except (InputError, HouseholdError):
        kind = "bad-input"
    else:
        kind = _outcome(native, household, date.fromisoformat(on))[0]
    assert main(["screen", str(path), "--on", on, "--format", "json"]) in _EXPECTED_EXIT[kind]


@FUZZ
@given(text=hostile_rule_files())
def test_validate_exits_0_or_3(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    root = tmp_path_factory.mktemp("rules")
    (root / "fuzz.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    assert main(["validate", str(root)]) in (ExitCode.OK, ExitCode.RULES)


def test_the_fuzzer_reaches_the_limits(tmp_path: Path) -> None:
    """The strategies above do produce what they claim (a fuzzer that never hits the
    bounds would check nothing)."""
    root = tmp_path / "rules"
    root.mkdir()
    found: set[str] = set()
    for text in [PROGRAM.replace("TITLE", "G").replace("LIMIT", "9" * 4301)
                 .replace("FROM", "2020-01-01").replace("WHEN", "applicant.age >= limit")
                 .replace("EXTRA", ""),
                 PROGRAM.replace("TITLE", '"\\e[31m"').replace("LIMIT", "18")
                 .replace("FROM", "2020-01-01").replace("WHEN", "'limit ** 8 * limit ** 8 > 0'")
                 .replace("EXTRA", "")]:
        (root / "fuzz.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(RuleBookError) as caught:
            RuleBook.load(root)
        found.update(caught.value.codes)
    assert {"number-too-long", "control-character"} <= found
