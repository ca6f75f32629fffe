"""Properties of the expression language.

* The parser (and the checker after it), fed any text, raises only ``ExpressionError``.
* For generated expressions of the arithmetic, comparison and boolean subset, over int
  and decimal literals and variables, the engine's value -- from the interpreter and from
  the generated Python code -- equals Python's own evaluation of the same expression
  written in Python (Python is the oracle, here only). Division is written
  ``Decimal(a) / Decimal(b)`` there, as the language documents it; where Python raises,
  the engine raises ``EvaluationError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility import EvaluationError, ExpressionError, Household
from eligibility._engines.codegen import PyGen
from eligibility._engines.interpreter import Context, evaluate
from eligibility._engines.runtime import BUILTINS, age_on, divide, nn, power, seniority
from eligibility._language.checker import Scope, check
from eligibility._language.parser import parse
from eligibility._language.types import BOOL, DATE, DECIMAL, HOUSEHOLD, INT, Type, applicant_type

pytestmark = pytest.mark.slow  # hundreds of generated expressions per test

# -- fuzzing the parser ----------------------------------------------------------------------

_TOKENS = [
    *"()[],.:+-*/%<>=!'\"@;{}~^&|#\\",
    "**", "==", "!=", "<=", ">=", "//", " ", "\n", "\t",
    "and", "or", "not", "in", "if", "else", "for", "true", "false", "any", "all", "count",
    "sum", "lambda", "import", "__class__", "_x", "None", "is",
    "applicant", "household", "on", "age", "children", "people", "birth_date", "c", "x",
    "year", "add_years", "min", "round", "age_on", "open",
    "0", "1", "07", "12.5", "3.", "2025-07-08", "2023-02-29", "99999999999999999999999999999999",
    "'a'", '"b"', "'unterminated", "é", "٣", "日本",
]  # fmt: skip
_SCOPE = Scope(
    {"applicant": applicant_type(["affiliate", "spouse"]), "household": HOUSEHOLD, "on": DATE}
)


def _parse_and_check(text: str) -> None:
    try:
        node = parse(text)
        check(node, _SCOPE, text)
    except ExpressionError as exc:
        d = exc.diagnostic
        assert d.code
        assert d.line >= 1
        assert d.column >= 1


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_raises_only_expression_errors(text: str) -> None:
    _parse_and_check(text)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_TOKENS), max_size=40))
def test_token_soup_raises_only_expression_errors(tokens: list[str]) -> None:
    _parse_and_check(" ".join(tokens))
    _parse_and_check("".join(tokens))


@settings(max_examples=50)
@given(st.sampled_from(["(", "[", "not ", "-", "f(", "any(x for x in "]), st.integers(1, 3000))
def test_deep_nesting_raises_only_expression_errors(opener: str, depth: int) -> None:
    _parse_and_check(opener * depth + "1")


# -- Python as the oracle ------------------------------------------------------------------------


@dataclass(frozen=True)
class Expr:
    """One generated expression: the rule language's text, Python's, and its type."""

    ours: str
    python: str
    type: Type
    has_power: bool = False


INT_VARS = ("i1", "i2")
DEC_VARS = ("d1", "d2")
BOOL_VARS = ("b1", "b2")


def _int_literal() -> st.SearchStrategy[Expr]:
    return st.integers(0, 1000).map(lambda n: Expr(str(n), str(n), INT))


def _decimal_literal() -> st.SearchStrategy[Expr]:
    def build(whole: int, fraction: str) -> Expr:
        text = f"{whole}.{fraction}"
        return Expr(text, f"Decimal('{text}')", DECIMAL)

    return st.builds(build, st.integers(0, 1000), st.text("0123456789", min_size=1, max_size=3))


def _variable(names: tuple[str, ...], ty: Type) -> st.SearchStrategy[Expr]:
    return st.sampled_from(names).map(lambda n: Expr(n, n, ty))


def _numbers(depth: int) -> st.SearchStrategy[Expr]:
    leaves = st.one_of(
        _int_literal(),
        _decimal_literal(),
        _variable(INT_VARS, INT),
        _variable(DEC_VARS, DECIMAL),
    )
    if depth == 0:
        return leaves
    sub = _numbers(depth - 1)

    def result(a: Expr, b: Expr) -> Type:
        return DECIMAL if DECIMAL in (a.type, b.type) else INT

    def binary(op: str, a: Expr, b: Expr) -> Expr:
        power = a.has_power or b.has_power
        if op == "/":
            return Expr(
                f"({a.ours} / {b.ours})",
                f"(Decimal({a.python}) / Decimal({b.python}))",
                DECIMAL,
                power,
            )
        return Expr(
            f"({a.ours} {op} {b.ours})", f"({a.python} {op} {b.python})", result(a, b), power
        )

    def raised(base: Expr, exponent: int) -> Expr:
        return Expr(
            f"({base.ours}) ** {exponent}", f"(({base.python}) ** {exponent})", base.type, True
        )

    def negated(a: Expr) -> Expr:
        return Expr(f"(-{a.ours})", f"(-{a.python})", a.type, a.has_power)

    def chosen(condition: Expr, a: Expr, b: Expr) -> Expr:
        return Expr(
            f"({a.ours} if {condition.ours} else {b.ours})",
            f"({a.python} if {condition.python} else {b.python})",
            result(a, b),
            a.has_power or b.has_power or condition.has_power,
        )

    bases = sub.filter(lambda e: not e.has_power)  # powers cannot be nested
    return st.one_of(
        leaves,
        st.builds(binary, st.sampled_from(["+", "-", "*", "/"]), sub, sub),
        st.builds(raised, bases, st.integers(0, 3)),
        st.builds(negated, sub),
        st.builds(chosen, _conditions(depth - 1), sub, sub),
    )


def _conditions(depth: int) -> st.SearchStrategy[Expr]:
    leaves = st.one_of(
        st.sampled_from([Expr("true", "True", BOOL), Expr("false", "False", BOOL)]),
        _variable(BOOL_VARS, BOOL),
    )
    numbers = _numbers(max(depth - 1, 0))
    ops = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])

    def compared(parts: list[Expr], operators: list[str]) -> Expr:
        ours, python = parts[0].ours, parts[0].python
        for op, part in zip(operators, parts[1:], strict=False):
            ours += f" {op} {part.ours}"
            python += f" {op} {part.python}"
        return Expr(f"({ours})", f"({python})", BOOL, any(p.has_power for p in parts))

    comparisons = st.integers(1, 3).flatmap(
        lambda n: st.builds(
            compared,
            st.lists(numbers, min_size=n + 1, max_size=n + 1),
            st.lists(ops, min_size=n, max_size=n),
        )
    )
    if depth == 0:
        return st.one_of(leaves, comparisons)
    sub = _conditions(depth - 1)

    def joined(op: str, parts: list[Expr]) -> Expr:
        return Expr(
            "(" + f" {op} ".join(p.ours for p in parts) + ")",
            "(" + f" {op} ".join(p.python for p in parts) + ")",
            BOOL,
        )

    def inverted(a: Expr) -> Expr:
        return Expr(f"(not {a.ours})", f"(not {a.python})", BOOL)

    def equal(op: str, a: Expr, b: Expr) -> Expr:
        return Expr(f"({a.ours} {op} {b.ours})", f"({a.python} {op} {b.python})", BOOL)

    return st.one_of(
        leaves,
        comparisons,
        st.builds(joined, st.sampled_from(["and", "or"]), st.lists(sub, min_size=2, max_size=3)),
        st.builds(inverted, sub),
        st.builds(equal, st.sampled_from(["==", "!="]), sub, sub),
    )


def _values() -> st.SearchStrategy[dict[str, Any]]:
    decimals = st.decimals(-1000, 1000, places=2, allow_nan=False, allow_infinity=False)
    return st.fixed_dictionaries(
        {
            **{name: st.integers(-1000, 1000) for name in INT_VARS},
            **dict.fromkeys(DEC_VARS, decimals),
            **{name: st.booleans() for name in BOOL_VARS},
        }
    )


_HOUSEHOLD = Household.model_validate(
    {"id": "h", "affiliate": {"id": "a", "status": "active", "birth_date": date(1980, 1, 1)}}
)
_ON = date(2025, 1, 1)
_NAMESPACE: dict[str, Any] = {
    "__builtins__": {"any": any, "all": all, "sum": sum, "len": len, "getattr": getattr},
    "_nn": nn,
    "_age": age_on,
    "_seniority": seniority,
    "_div": divide,
    "_pow": power,
    **{f"_f_{name}": fn for name, fn in BUILTINS.items()},
}


class _Raised:
    """Stands for "evaluation raised" in comparisons."""

    def __repr__(self) -> str:
        return "<raised>"


RAISED = _Raised()


def python_value(expr: Expr, values: dict[str, Any]) -> Any:
    try:
        return eval(expr.python, {"Decimal": Decimal, "__builtins__": {}}, dict(values))
    except ArithmeticError:  # ZeroDivisionError, decimal.DivisionByZero, InvalidOperation...
        return RAISED


def engine_values(expr: Expr, values: dict[str, Any]) -> tuple[Any, Any, Type]:
    """(interpreter's value, generated code's value, checked type)."""
    node = parse(expr.ours)
    names: dict[str, Type] = {"applicant": applicant_type(["affiliate"]), "household": HOUSEHOLD}
    names.update(dict.fromkeys(INT_VARS, INT) | dict.fromkeys(DEC_VARS, DECIMAL))
    names.update(dict.fromkeys(BOOL_VARS, BOOL))
    ty = check(node, Scope(names), expr.ours)
    env = {"applicant": _HOUSEHOLD.affiliate, "household": _HOUSEHOLD, "on": _ON}
    try:
        interpreted = evaluate(node, Context(_HOUSEHOLD, _ON, values, {}), env)
    except EvaluationError:
        interpreted = RAISED
    gen = PyGen(values, {})
    code = gen.expr(node, {"applicant": "a", "household": "h", "on": "on"})
    function = eval(f"lambda h, a, on: {code}", {**_NAMESPACE, **gen.consts})
    try:
        compiled = function(_HOUSEHOLD, _HOUSEHOLD.affiliate, _ON)
    except EvaluationError:
        compiled = RAISED
    return interpreted, compiled, ty


def _same(ours: Any, python: Any) -> bool:
    if ours is RAISED or python is RAISED:
        return ours is python
    return type(ours) is type(python) and ours == python and str(ours) == str(python)


@settings(max_examples=300)
@given(_numbers(3), _values())
def test_arithmetic_agrees_with_python(expr: Expr, values: dict[str, Any]) -> None:
    expected = python_value(expr, values)
    interpreted, compiled, ty = engine_values(expr, values)
    assert ty == expr.type
    assert _same(interpreted, expected), (expr.ours, interpreted, expected)
    assert _same(compiled, expected), (expr.ours, compiled, expected)


@settings(max_examples=300)
@given(_conditions(3), _values())
def test_comparisons_and_logic_agree_with_python(expr: Expr, values: dict[str, Any]) -> None:
    expected = python_value(expr, values)
    interpreted, compiled, ty = engine_values(expr, values)
    assert ty == BOOL
    assert _same(interpreted, expected), (expr.ours, interpreted, expected)
    assert _same(compiled, expected), (expr.ours, compiled, expected)


def test_the_oracle_sees_division_by_zero() -> None:
    expr = Expr("(i1 / (i2 - i2))", "(Decimal(i1) / Decimal((i2 - i2)))", DECIMAL)
    values = {"i1": 1, "i2": 5, "d1": Decimal(0), "d2": Decimal(0), "b1": True, "b2": False}
    assert python_value(expr, values) is RAISED
    assert engine_values(expr, values)[:2] == (RAISED, RAISED)
