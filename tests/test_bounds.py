"""Bounded evaluation, proven at load: whole numbers (through definitions), the depth of
definitions written out and of nested exceptions, and the size of a program's code. What
passes the load evaluates, on both engines, with the same result."""

from __future__ import annotations

import typing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from eligibility import EvaluationError, RuleBook, RuleBookError
from eligibility._language.types import record_type
from eligibility._model import household as model
from programs import GRANT_HEAD

durable = pytest.mark.durable
ENGINES = ["native", pytest.param("durable", marks=durable)]

PROGRAM = GRANT_HEAD + """\
  - id: attack
    when: "WHEN"
    text: {ar: شرط, fr: Condition, en: Condition}
"""
DEFINITIONS = """\
kind: definitions
id: shared
title: {ar: مشترك, fr: Commun, en: Shared}
status: illustrative
definitions:
"""
HOUSEHOLD = {"id": "h", "affiliate": {"id": "a", "status": "active",
                                      "birth_date": date(1980, 1, 1),
                                      "recruitment_date": date(2000, 1, 1)}}
ON = date(2024, 1, 1)
#: The limits (written out here, so that these tests also run against code without them).
MAGNITUDE_DIGITS, EXPANDED_DEPTH, EXCEPTION_DEPTH = 40, 100, 10


def _write(root: Path, when: str, definitions: tuple[tuple[str, str], ...] | list[Any] = (),
           extra: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "grant.yaml").write_text(PROGRAM.replace("WHEN", when) + extra, encoding="utf-8")
    if definitions:
        body = "".join(f"  - id: {name}\n    value: \"{value}\"\n"
                       f"    text: {{ar: تعريف, fr: Définition, en: Definition}}\n"
                       for name, value in definitions)
        (root / "shared.yaml").write_text(DEFINITIONS + body, encoding="utf-8")
    return root


def _error(root: Path) -> RuleBookError:
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(root)
    return caught.value


def _decide(root: Path, engine: str) -> dict[str, Any]:
    book = RuleBook.load(root, engine=engine)
    try:
        decision = book.evaluate("social.grant", HOUSEHOLD, on=ON)
    except EvaluationError as exc:
        return {"error": str(exc)}
    return decision.model_dump(mode="json", exclude={"engine"})


# -- finding: 7 chained powers through definitions took 469 s to evaluate -------------------


def test_powers_chained_through_definitions_are_refused_at_load(tmp_path: Path) -> None:
    chain = [("p1", "999999999999999999999999999999 ** 8")]
    chain += [(f"p{n}", f"p{n - 1} ** 8") for n in range(2, 8)]
    error = _error(_write(tmp_path, "p7 > 0", chain))
    first = error.diagnostics[0]
    assert (first.code, first.file, first.json_path) == (
        "number-too-large", "shared.yaml", "$.definitions[0].value")


@pytest.mark.parametrize("when", [
    "big * big > 0",                                        # 20 digits squared: 10**40
    "applicant.age ** 8 * applicant.age ** 8 > 0",          # 9999**16
    "days_between(applicant.birth_date, on) ** 7 > 0",      # 3.7e6 ** 7: 10**45
    "sum(p.age ** 4 for p in household.people) * sum(p.age ** 4 for p in "
    "household.people) > 0",                                # through a sum
    "(big if applicant.age > 18 else 1) * big > 0",         # through either branch
    "max(1, big) * big > 0",
])
def test_whole_numbers_that_could_reach_the_limit_are_refused(tmp_path: Path, when: str) -> None:
    extra = f"parameters:\n  big: {{2020-01-01: 1, 2022-01-01: {10**20}}}\n"
    (diagnostic,) = _error(_write(tmp_path, when, extra=extra)).diagnostics
    assert diagnostic.code == "number-too-large"
    assert diagnostic.json_path == "$.criteria[0].when"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_largest_accepted_whole_numbers_evaluate_alike(tmp_path: Path, engine: str) -> None:
    big = 10**MAGNITUDE_DIGITS // 10**20 - 1  # big * big just below the limit
    extra = f"parameters:\n  big: {{2020-01-01: {big}}}\n"
    when = "big * big > 0 and (applicant.age * 0 + 9999) ** 4 > applicant.seniority"
    root = _write(tmp_path / engine, when, extra=extra)
    assert _decide(root, engine)["outcome"] == "eligible"


# -- finding: nested exceptions doubled the durable compile time at each level --------------


def _nested(levels: int) -> str:
    lines, indent = [], "    "
    for level in range(1, levels + 1):
        lines += [f"{indent}exceptions:", f"{indent}  - id: e{level}",
                  f"{indent}    when: applicant.age > {level}",
                  f"{indent}    then: {'false' if level % 2 else 'true'}"]
        indent += "    "
    return "\n".join(lines) + "\n"


@durable
def test_durable_builds_each_exception_level_once(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from eligibility._engines.durable import builder

    calls: list[int] = []
    original = builder._Builder.level

    def counted(self: Any, *args: Any) -> Any:
        calls.append(1)
        return original(self, *args)

    monkeypatch.setattr(builder._Builder, "level", counted)
    root = _write(tmp_path, "applicant.age >= 0", extra=_nested(EXCEPTION_DEPTH))
    decision = _decide(root, "durable")
    assert decision["criteria"][0]["exceptions"] == [
        f"e{n}" for n in range(1, EXCEPTION_DEPTH + 1)]
    assert len(calls) == EXCEPTION_DEPTH + 1  # was 2 ** depth


@pytest.mark.parametrize("engine", ENGINES)
def test_exceptions_at_the_deepest_allowed_evaluate_alike(tmp_path: Path, engine: str) -> None:
    root = _write(tmp_path / engine, "applicant.age >= 0",
                  extra=_nested(EXCEPTION_DEPTH))
    assert _decide(root, engine) == _decide(root, "native")


def test_exceptions_deeper_than_allowed_are_refused(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "applicant.age >= 0",
                          extra=_nested(EXCEPTION_DEPTH + 1)))
    assert error.codes == ["exceptions-too-deep"]


# -- finding: chained definitions broke durable ("too many nested parentheses") -------------


def _chain(levels: int) -> list[tuple[str, str]]:
    """Definitions each using the last one, two levels deeper each time."""
    return [("d1", "household.affiliate.seniority + 1")] + [
        (f"d{n}", f"(d{n - 1} + 1) * 1") for n in range(2, levels + 1)]


def test_definitions_nesting_too_deep_once_written_out_are_refused(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "d60 > 0", _chain(60)))
    assert "definitions-too-deep" in error.codes
    assert all(d.code in ("definitions-too-deep", "unknown-name") for d in error.diagnostics)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_deepest_accepted_definitions_evaluate_alike(tmp_path: Path, engine: str) -> None:
    levels = (EXPANDED_DEPTH - 3) // 2  # each level adds two: (... + 1) * 1
    root = _write(tmp_path / engine, f"d{levels} > 0", _chain(levels))
    assert _decide(root, engine) == _decide(root, "native")
    assert _decide(root, engine)["outcome"] == "eligible"


# -- the size of a program's code ------------------------------------------------------------


def test_a_program_too_large_once_definitions_are_written_out_is_refused(tmp_path: Path) -> None:
    grown = [("g1", "household.affiliate.seniority >= 1 and household.affiliate.seniority < 99")]
    grown += [(f"g{n}", " and ".join([f"g{n - 1}"] * 8)) for n in (2, 3, 4)]
    error = _error(_write(tmp_path, "g4 or g3", grown))
    (diagnostic,) = error.diagnostics
    assert (diagnostic.code, diagnostic.json_path) == ("code-too-large", "$.id")
    RuleBook.load(_write(tmp_path / "fits", "g3", grown))


# -- what the bounds start from --------------------------------------------------------------


def _int_fields(cls: type[BaseModel]) -> list[str]:
    out = []
    for name, info in cls.model_fields.items():
        args = typing.get_args(info.annotation) or (info.annotation,)
        if int in args:
            out.append(name)
    return out


@pytest.mark.parametrize("cls", [model.Affiliate, model.Spouse, model.Child, model.Parent,
                                 model.Household, model.BenefitRecord])
def test_every_whole_number_of_the_household_model_declares_its_bounds(
        cls: type[BaseModel]) -> None:
    from eligibility._language.types import UNBOUNDED_FIELD_MAGNITUDE

    record = record_type(cls)
    for name in _int_fields(cls):
        assert record.fields[name].magnitude is not None
        assert record.fields[name].magnitude < UNBOUNDED_FIELD_MAGNITUDE, (
            f"{cls.__name__}.{name} declares no ge/le bounds: the load-time bound of whole "
            "numbers would have to assume 30 digits")


# -- finding: a death_date of 9999-03-07 escaped as OverflowError (CLI exit 4) ---------------


def test_a_date_at_the_end_of_the_calendar_is_an_input_error(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    from eligibility import HouseholdError, parse_household
    from eligibility.cli import ExitCode, main

    data = {"id": "h", "affiliate": {"id": "a", "status": "deceased",
                                     "death_date": "9999-03-07"},
            "children": [{"id": "c", "birth_date": "2010-01-01"}]}
    with pytest.raises(HouseholdError):
        parse_household(data)
    household = tmp_path / "h.json"
    household.write_text(__import__("json").dumps(data), encoding="utf-8")
    assert main(["check", str(household), "-p", "education.killed-on-duty-orphan-grant",
                 "--applicant", "c", "--on", "2025-01-01"]) == ExitCode.USAGE
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("when", ["add_years(on, 1) > on", "add_days(on, 1) > on",
                                  "add_months(household.affiliate.birth_date, 120000) > on"])
def test_dates_shifted_past_9999_are_evaluation_errors(tmp_path: Path, engine: str,
                                                       when: str) -> None:
    root = _write(tmp_path / engine, when)
    book = RuleBook.load(root, engine=engine)
    with pytest.raises(EvaluationError, match="date out of range"):
        book.evaluate("social.grant", HOUSEHOLD, on=date(9999, 12, 31))


def test_the_limits_are_as_these_tests_write_them() -> None:
    from eligibility._compile.reference import LIMITS

    assert (LIMITS.magnitude_digits, LIMITS.expanded_depth, LIMITS.exception_depth) == (
        MAGNITUDE_DIGITS, EXPANDED_DEPTH, EXCEPTION_DEPTH)
