"""One arithmetic, owned by the library: decisions do not depend on the caller's decimal
context, and both engines compare numbers exactly, at the limits of their domain too."""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility import Child, EvaluationError, Household, RuleBook
from eligibility.testing import households
from programs import GRANT_HEAD

durable = pytest.mark.durable

AWARD = "education.excellence-award"
EID = "social.eid-al-adha-grant"


@pytest.fixture(scope="module")
def native() -> RuleBook:
    return RuleBook.load()


@pytest.fixture(scope="module")
def durable_book(native: RuleBook) -> RuleBook:
    return native.with_engine("durable")


@contextmanager
def caller_context(**settings_: Any) -> Iterator[None]:
    """The caller's own decimal context, as a hostile caller might set it."""
    with decimal.localcontext() as ctx:
        for name, value in settings_.items():
            if name == "traps":
                for trap in value:
                    ctx.traps[trap] = True
            else:
                setattr(ctx, name, value)
        yield


def _decision(book: RuleBook, program: str, household: Any, applicant: str | None,
              on: date) -> dict[str, Any]:
    try:
        decision = book.evaluate(program, household, applicant=applicant, on=on)
    except EvaluationError as exc:
        return {"error": str(exc)}
    return decision.model_dump(mode="json", exclude={"engine"})


def _laureate(score: str) -> dict[str, Any]:
    return {
        "id": "h",
        "affiliate": {"id": "a", "birth_date": "1975-01-01", "status": "active",
                      "recruitment_date": "2000-01-01"},
        "children": [{"id": "c", "birth_date": "2007-03-01", "schooling": "secondary",
                      "bac_year": 2025, "bac_score": score}],
    }


def _retiree(pension: str) -> dict[str, Any]:
    return {
        "id": "h", "bank_account": True,
        "affiliate": {"id": "a", "birth_date": "1955-01-01", "status": "retired",
                      "recruitment_date": "1980-01-01", "retirement_date": "2015-01-01",
                      "monthly_pension": pension},
    }


# -- finding: engines disagreed on a score with 29 significant digits -----------------------


def _with_score(score: str) -> Household:
    """The laureate's household with a score of any precision: built past the model's
    input checks (which now bound a score's digits), as the engines must stand on their
    own: they agree by construction, whatever reaches them."""
    household = Household.model_validate(_laureate("16"))
    child = household.children[0].model_copy(update={"bac_score": Decimal(score)})
    return household.model_copy(update={"children": (child,)})


@durable
@pytest.mark.parametrize("score", [
    "15.999999999999999999999999999",  # 29 digits: rounds up to 16 at 28 digits
    "16.000000000000000000000000001",
    "17.9999999999999999999999999999999999",
    "16",
])
def test_a_score_with_more_digits_than_the_context_is_compared_exactly(
        native: RuleBook, durable_book: RuleBook, score: str) -> None:
    on = date(2025, 9, 1)
    want = _decision(native, AWARD, _with_score(score), "c", on)
    got = _decision(durable_book, AWARD, _with_score(score), "c", on)
    assert got == want
    top = next(c for c in want["criteria"] if c["id"] == "top-score")
    assert top["result"] == ("passed" if Decimal(score) >= 16 else "failed")
    assert top["values"]["applicant.bac_score"] == score  # recorded exactly, as given


# -- finding: decisions depended on the caller's decimal context ----------------------------


@pytest.mark.parametrize("engine", ["native", pytest.param("durable", marks=durable),
                                    "columnar"])
@pytest.mark.parametrize(("pension", "eligible"), [("2501", False), ("2549", False),
                                                   ("2500", True), ("2499.99", True)])
@pytest.mark.parametrize("hostile", [
    {"prec": 3}, {"prec": 4, "rounding": decimal.ROUND_FLOOR},
    {"prec": 2, "rounding": decimal.ROUND_UP, "Emax": 3},
    {"traps": [decimal.Inexact, decimal.Rounded]},
], ids=["prec3", "prec4-floor", "prec2-up-emax3", "trap-inexact"])
def test_the_callers_decimal_context_changes_nothing(
        native: RuleBook, engine: str, pension: str, eligible: bool,
        hostile: dict[str, Any]) -> None:
    if engine == "columnar":
        pytest.importorskip("polars")
    book = native if engine == "native" else native.with_engine(engine)
    on = date(2025, 6, 1)
    want = _decision(native, EID, _retiree(pension), None, on)
    with caller_context(**hostile):
        got = _decision(book, EID, _retiree(pension), None, on)
    assert got == want
    assert want["outcome"] == ("eligible" if eligible else "ineligible")
    ceiling = next(c for c in want["criteria"] if c["id"] == "pension-ceiling")
    assert ceiling["values"]["applicant.monthly_pension"] == pension


def test_the_library_context_is_fixed() -> None:
    from eligibility._model.numbers import CONTEXT, MAX_DIGITS

    assert CONTEXT.prec == 28
    assert CONTEXT.rounding == decimal.ROUND_HALF_EVEN
    assert CONTEXT.Emax == MAX_DIGITS - 1
    assert {decimal.Overflow, decimal.InvalidOperation, decimal.DivisionByZero} <= {
        trap for trap, on in CONTEXT.traps.items() if on}


def test_recorded_decimals_are_exact_whatever_the_context() -> None:
    from eligibility._model.numbers import exact_text

    with caller_context(prec=3):
        assert exact_text(Decimal("2501.00")) == "2501"
        assert exact_text(Decimal("15.999999999999999999999999999")) == \
            "15.999999999999999999999999999"
        assert exact_text(Decimal("1E+3")) == "1000"
        assert exact_text(Decimal("-0.00")) == "-0"


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None)
       | st.integers(-10**12, 10**12).map(lambda n: Decimal(n).scaleb(-3)))
def test_recorded_decimals_drop_only_a_fraction_of_zeros(value: Decimal) -> None:
    """A decimal written without exponent keeps its digits, but for a fraction of zeros
    alone (``2500.00`` -> ``2500``, ``2500.50`` stays); it is always the same number."""
    from eligibility._model.numbers import exact_text

    text = exact_text(value)
    assert Decimal(text) == value
    plain = str(value)
    if "E" not in plain:
        whole, point, fraction = plain.partition(".")
        assert text == (whole if not point or not fraction.strip("0") else plain)


# -- the differential test at the domain's limits, under hostile contexts -------------------

_HOSTILE = st.fixed_dictionaries({
    "prec": st.integers(1, 6),
    "rounding": st.sampled_from([decimal.ROUND_FLOOR, decimal.ROUND_CEILING, decimal.ROUND_UP,
                                 decimal.ROUND_DOWN, decimal.ROUND_HALF_UP]),
})


def _thresholds(book: RuleBook) -> list[Decimal]:
    """Every number the programs' parameters hold (the values criteria compare with)."""
    found = {Decimal(value) for program in book.programs.values()
             for parameter in program.parameters.values() for _, value in parameter.values
             if isinstance(value, (int, Decimal)) and not isinstance(value, bool)}
    return sorted(found)


def _near(values: list[Decimal], top: Decimal, places: int | None) -> st.SearchStrategy[Decimal]:
    """Values on, just under and just over a threshold (by one unit of the last place
    the field holds, or by 10**-k for a field without a limit on its places)."""
    steps = [Decimal(1).scaleb(-places)] if places is not None else \
        [Decimal(1).scaleb(-k) for k in (1, 2, 14, 27, 28, 29, 31)]
    return st.builds(
        lambda v, step, sign: v + sign * step if sign else v,
        st.sampled_from([v for v in values if 0 <= v <= top] or [Decimal(0)]),
        st.sampled_from(steps), st.sampled_from([-1, 0, 1]),
    ).filter(lambda v: 0 <= v <= top)


def _at_limits(household: Household, pension: Decimal, score: Decimal) -> Household:
    affiliate = household.affiliate.model_copy(update={"monthly_pension": pension})
    children = tuple(
        c.model_copy(update={"bac_score": score, "bac_year": c.bac_year or 2025})
        if isinstance(c, Child) else c for c in household.children)
    spouses = tuple(s.model_copy(update={"monthly_pension": pension}) for s in household.spouses)
    return household.model_copy(update={"affiliate": affiliate, "children": children,
                                        "spouses": spouses})


@pytest.mark.slow
@durable
@settings(max_examples=40)
@given(data=st.data())
def test_engines_agree_at_the_limits_under_a_hostile_context(
        data: st.DataObject, native: RuleBook, durable_book: RuleBook) -> None:
    values = _thresholds(native)
    household = data.draw(households(complete=True, programs=list(native.programs)))
    pension = data.draw(_near(values, Decimal("999999999999.99"), 2))
    score = data.draw(_near(values, Decimal(20), None))
    household = _at_limits(household, pension, score)
    on = data.draw(st.sampled_from([date(2025, 6, 1), date(2025, 9, 1), date(2024, 7, 1)]))
    hostile = data.draw(_HOSTILE)
    for program in native.programs.values():
        for person in native.applicants(program, household, on):
            want = _decision(native, program.id, household, person.id, on)
            with caller_context(**hostile):
                got_native = _decision(native, program.id, household, person.id, on)
                got_durable = _decision(durable_book, program.id, household, person.id, on)
            assert got_native == want, f"{program.id}: the caller's context changed it"
            assert got_durable == want, f"{program.id}: the engines differ"


# -- the native engine sets the library's context only for code that computes --------------

_COMPUTING = GRANT_HEAD + """\
  - id: third
    when: applicant.monthly_pension / 3 > 833.33
    text: {ar: شرط, fr: Condition, en: Condition}
  - id: scaled
    when: applicant.monthly_pension * 1.001 > 2502
    text: {ar: شرط, fr: Condition, en: Condition}
  - id: negated
    when: -applicant.monthly_pension < -2499.5
    text: {ar: شرط, fr: Condition, en: Condition}
"""


@pytest.mark.parametrize("hostile", [{"prec": 3}, {"traps": [decimal.Inexact]}],
                         ids=["prec3", "trap-inexact"])
def test_computing_rules_run_in_the_library_context(tmp_path: Any, hostile: dict[str, Any]
                                                    ) -> None:
    (tmp_path / "grant.yaml").write_text(_COMPUTING, encoding="utf-8")
    book = RuleBook.load(tmp_path)
    program = book.program("social.grant")
    on = date(2025, 6, 1)
    assert book.engine.compiled(program, on).decimal_arithmetic  # type: ignore[attr-defined]
    with caller_context(**hostile):
        got = _decision(book, "social.grant", _retiree("2500.25"), None, on)
    assert got.get("outcome") == "eligible", got
    assert [c["result"] for c in got["criteria"]] == ["passed"] * 3


def test_rules_that_only_compare_skip_the_context(native: RuleBook) -> None:
    program = native.program(EID)
    assert not native.engine.compiled(program, date(2025, 6, 1)).decimal_arithmetic  # type: ignore[attr-defined]
