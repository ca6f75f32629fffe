"""The conformance suite: data-driven cases, run by this one small runner.

Each directory under ``tests/cases/`` is a case::

    rules/          one or more rule files (a whole rule book)
    household.yaml  the household (affiliation file)
    case.yaml       one check, or a list of checks, each with:
                      on: 2025-07-01          the evaluation date
                      program: leisure.camp
                      applicant: c1           (optional: the program's default otherwise)
                      lang: fr                (optional, default en)
                      household: {...}        (optional: replaces household.yaml)
                      expect: a subset of the decision, or {error: <code>}

``expect`` may give ``outcome``, ``version``, ``amounts`` and ``details`` (each, when
given, lists all of them), ``criteria``
(id -> passed/failed/unknown, or ``absent`` for a criterion not in force),
``exceptions`` (id -> the exceptions applied), ``missing``, ``values`` (id -> the values a
criterion read), ``texts`` (id -> the criterion's text in the asked language) and
``parameters``; what it leaves out is not checked. ``error`` is a
rule-book diagnostic code (the book does not load), ``unknown-program``,
``invalid-household`` or ``evaluation-error`` (a rule failed, e.g. a division by zero).
Adding a case needs no new Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from eligibility import (
    Decision,
    EvaluationError,
    HouseholdError,
    RuleBook,
    RuleBookError,
    UnknownProgramError,
    to_value,
)
from eligibility._model.yaml_reader import read_yaml

HERE = Path(__file__).parent / "cases"
_KEYS = {"on", "program", "applicant", "lang", "household", "expect", "name"}
_EXPECT_KEYS = {
    "outcome",
    "version",
    "amounts",
    "details",
    "criteria",
    "exceptions",
    "missing",
    "values",
    "parameters",
    "texts",
    "error",
}


def _read(path: Path) -> Any:
    return read_yaml(path.read_text(encoding="utf-8"), positions=False).data


@dataclass(frozen=True)
class Check:
    case: str
    index: int
    spec: dict[str, Any]

    @property
    def id(self) -> str:
        label = self.spec.get("name") or f"{self.spec['on']}"
        return f"{self.case}[{self.index}:{label}]"


def discover() -> list[Check]:
    checks = []
    for directory in sorted(p for p in HERE.iterdir() if p.is_dir()):
        data = _read(directory / "case.yaml")
        specs = data if isinstance(data, list) else [data]
        for index, spec in enumerate(specs):
            checks.append(Check(directory.name, index, spec))
    return checks


CHECKS = discover()
_BOOKS: dict[str, RuleBook | RuleBookError] = {}


def book_of(case: str) -> RuleBook:
    """Each case's rule book is loaded once (and a load failure remembered)."""
    if case not in _BOOKS:
        try:
            _BOOKS[case] = RuleBook.load(HERE / case / "rules")
        except RuleBookError as exc:
            _BOOKS[case] = exc
    found = _BOOKS[case]
    if isinstance(found, RuleBookError):
        raise found
    return found


def evaluate(check: Check) -> Decision:
    spec = check.spec
    household = spec.get("household") or _read(HERE / check.case / "household.yaml")
    book = book_of(check.case)
    return book.evaluate(
        spec["program"],
        household,
        applicant=spec.get("applicant"),
        on=spec["on"],
        lang=spec.get("lang", "en"),
    )


def error_code(exc: Exception) -> str:
    if isinstance(exc, RuleBookError):
        return exc.codes[0]
    if isinstance(exc, UnknownProgramError):
        return "unknown-program"
    if isinstance(exc, HouseholdError):
        return "invalid-household"
    if isinstance(exc, EvaluationError):
        return "evaluation-error"
    raise exc  # pragma: no cover - not an error the suite knows


def differences(expect: dict[str, Any], decision: Decision) -> list[str]:
    out: list[str] = []
    if "outcome" in expect and decision.outcome.value != expect["outcome"]:
        out.append(f"outcome: expected {expect['outcome']}, got {decision.outcome.value}")
    if "version" in expect and decision.version != str(expect["version"]):
        out.append(f"version: expected {expect['version']}, got {decision.version}")
    for name, amount in (expect.get("amounts") or {}).items():
        got = decision.amounts.get(name)
        if got is None or got != Decimal(str(amount)):
            out.append(f"amounts.{name}: expected {amount}, got {got}")
    if "amounts" in expect and set(decision.amounts) - set(expect["amounts"]):
        out.append(f"amounts: unexpected {sorted(set(decision.amounts) - set(expect['amounts']))}")
    for name, detail in (expect.get("details") or {}).items():
        if decision.details.get(name) != detail:
            out.append(f"details.{name}: expected {detail!r}, got {decision.details.get(name)!r}")
    if "details" in expect and set(decision.details) - set(expect["details"]):
        out.append(f"details: unexpected {sorted(set(decision.details) - set(expect['details']))}")
    results = {c.id: c for c in decision.criteria}
    for cid, want in (expect.get("criteria") or {}).items():
        got = results[cid].result.value if cid in results else "absent"
        if got != want:
            out.append(f"criteria.{cid}: expected {want}, got {got}")
    for cid, want in (expect.get("exceptions") or {}).items():
        got_list = results[cid].exceptions if cid in results else None
        if got_list != list(want):
            out.append(f"exceptions.{cid}: expected {want}, got {got_list}")
    if "missing" in expect and sorted(expect["missing"]) != decision.missing:
        out.append(f"missing: expected {sorted(expect['missing'])}, got {decision.missing}")
    for cid, values in (expect.get("values") or {}).items():
        got_values = results[cid].values if cid in results else None
        want_values = {k: _json(v) for k, v in values.items()}
        if got_values != want_values:
            out.append(f"values.{cid}: expected {want_values}, got {got_values}")
    for cid, text in (expect.get("texts") or {}).items():
        got_text = results[cid].text if cid in results else None
        if got_text != text:
            out.append(f"texts.{cid}: expected {text!r}, got {got_text!r}")
    if "parameters" in expect:
        want_params = {k: _json(v) for k, v in expect["parameters"].items()}
        if decision.parameters != want_params:
            out.append(f"parameters: expected {want_params}, got {decision.parameters}")
    return out


def _json(value: Any) -> Any:
    """A YAML value as a decision records it (dates and decimals as text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return to_value(value)
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def test_the_suite_is_large_enough() -> None:
    assert len({c.case for c in CHECKS}) >= 15
    for check in CHECKS:
        assert set(check.spec) <= _KEYS, check.id
        assert set(check.spec["expect"]) <= _EXPECT_KEYS, check.id
        assert isinstance(check.spec["on"], date), check.id


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_case(check: Check) -> None:
    expect = check.spec["expect"]
    if "error" in expect:
        errors = (RuleBookError, UnknownProgramError, HouseholdError, EvaluationError)
        with pytest.raises(errors) as caught:
            evaluate(check)
        assert error_code(caught.value) == expect["error"]
        return
    decision = evaluate(check)
    problems = differences(expect, decision)
    assert not problems, "\n".join(problems)
    again = Decision.model_validate_json(decision.model_dump_json())
    assert again == decision
