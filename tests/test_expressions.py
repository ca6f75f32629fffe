"""Unit tests of the expression language: parser, checker, interpreter and code generator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from eligibility import EvaluationError, ExpressionError, Household
from eligibility._compile.ir import Definition, Expr
from eligibility._engines.codegen import PyGen
from eligibility._engines.interpreter import Context, evaluate
from eligibility._engines.runtime import (
    BUILTINS,
    Missing,
    age_on,
    divide,
    nn,
    no_value,
    power,
    seniority,
)
from eligibility._language.ast import Attr, Compare, Name, walk
from eligibility._language.checker import FUNCTIONS, DefinitionSignature, Scope, check
from eligibility._language.parser import MAX_EXPONENT, parse
from eligibility._language.types import (
    BOOL,
    CHILD,
    DATE,
    DECIMAL,
    HOUSEHOLD,
    INT,
    STR,
    ListType,
    Type,
    applicant_type,
    type_of_value,
)
from eligibility._model.texts import Texts
from eligibility._model.values import Unknown
from eligibility._model.vocabulary import Status

ON = date(2025, 3, 1)
HOUSEHOLD_DATA: dict[str, Any] = {
    "id": "h",
    "affiliate": {
        "id": "a",
        "status": "retired",
        "birth_date": date(1960, 5, 5),
        "recruitment_date": date(1982, 9, 1),
        "retirement_date": date(2020, 5, 5),
        "monthly_pension": Decimal("2400.50"),
    },
    "spouses": [{"id": "s", "birth_date": date(1965, 1, 1), "monthly_pension": None}],
    "children": [
        {"id": "c1", "birth_date": date(2008, 2, 29), "student": None, "schooling": "secondary"},
        {"id": "c2", "birth_date": date(2001, 6, 1), "student": True, "schooling": "higher"},
    ],
    "social_hardship": None,
}
HOUSEHOLD_MODEL = Household.model_validate(HOUSEHOLD_DATA)
PARAMS: dict[str, object] = {
    "limit": 21,
    "ceiling": Decimal("2500"),
    "rate": Decimal("0.15"),
    "levels": ("primary", "middle"),
    "flag": True,
}
DEFINITIONS: dict[str, tuple[tuple[tuple[str, Type], ...], str]] = {
    "is_minor": ((("child", CHILD),), "child.age < 18"),
    "has_student": ((), "any(c.student for c in household.children)"),
}


def scope(applicant: Type = CHILD) -> Scope:
    names: dict[str, Type] = {"applicant": applicant, "household": HOUSEHOLD, "on": DATE}
    names.update({n: type_of_value(v) for n, v in PARAMS.items()})  # type: ignore[misc]
    signatures = {
        name: DefinitionSignature(name, params, BOOL) for name, (params, _) in DEFINITIONS.items()
    }
    return Scope(names, signatures)


def typed(text: str, applicant: Type = CHILD) -> Type:
    return check(parse(text), scope(applicant), text)


def code_of(text: str) -> str:
    with pytest.raises(ExpressionError) as caught:
        typed(text)
    return caught.value.diagnostic.code


def _context() -> Context:
    definitions = {}
    for name, (params, text) in DEFINITIONS.items():
        node = parse(text)
        inner = {"household": HOUSEHOLD, "on": DATE, **dict(params)}
        ty = check(node, Scope(inner), text)
        definitions[name] = Definition(name, tuple(params), Expr(text, node, ty),
                                       Texts(en=name), Status.SOURCED, (), "test")
    return Context(HOUSEHOLD_MODEL, ON, PARAMS, definitions)


def interpret(text: str, applicant: str = "c1") -> Any:
    node = parse(text)
    check(node, scope(), text)
    person = HOUSEHOLD_MODEL.person(applicant)
    return evaluate(node, _context(), {"applicant": person, "household": HOUSEHOLD_MODEL, "on": ON})


def generated(text: str, applicant: str = "c1") -> Any:
    """The value of ``text`` computed by the code the native engine would generate."""
    node = parse(text)
    check(node, scope(), text)
    gen = PyGen(PARAMS, {n: len(p) for n, (p, _) in DEFINITIONS.items()})
    env = {"applicant": "a", "household": "h", "on": "on"}
    lines = []
    for name, (params, body) in DEFINITIONS.items():
        inner = parse(body)
        check(inner, Scope({"household": HOUSEHOLD, "on": DATE, **dict(params)}), body)
        args = [f"v_{p}" for p, _ in params]
        denv = {"household": "h", "on": "on", **{p: f"v_{p}" for p, _ in params}}
        lines.append(f"def d_{name}({', '.join([*args, 'h', 'on'])}):")
        lines.append(f"    return {gen.expr(inner, denv)}")
    lines.append(f"def f(h, a, on):\n    return {gen.expr(node, env)}")
    namespace: dict[str, Any] = {
        "__builtins__": {"any": any, "all": all, "sum": sum, "len": len, "getattr": getattr},
        "_nn": nn,
        "_age": age_on,
        "_seniority": seniority,
        "_div": divide,
        "_pow": power,
        **{f"_f_{name}": fn for name, fn in BUILTINS.items()},
        **gen.consts,
    }
    exec(compile("\n".join(lines), "<test>", "exec"), namespace)
    return namespace["f"](HOUSEHOLD_MODEL, HOUSEHOLD_MODEL.person(applicant), ON)


# -- parser -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("1 + 2 * 3", "1 + (2 * 3)"),
        ("1 - 2 - 3", "(1 - 2) - 3"),
        ("-2 ** 2", "-(2 ** 2)"),
        ("not a == b", "not (a == b)"),
        ("a or b and c", "a or (b and c)"),
        ("not a and b", "(not a) and b"),
        ("a if b else c if d else e", "a if b else (c if d else e)"),
        ("x + 1 < y * 2", "(x + 1) < (y * 2)"),
        ("[1, 2,]", "[1, 2]"),
        ("f(x,)", "f(x)"),
        ("+x", "x"),
        ("x.y.z", "(x.y).z"),
    ],
)
def test_precedence_and_associativity(text: str, same_as: str) -> None:
    assert parse(text).key() == parse(same_as).key()


def test_comparisons_chain_like_python() -> None:
    node = parse("1 < x <= 3 != y")
    assert isinstance(node, Compare)
    assert node.ops == ("<", "<=", "!=")
    assert parse("x not in [1]").ops == ("not in",)  # type: ignore[attr-defined]


def test_literals() -> None:
    assert parse("2025-07-08").key() == ("lit", "date", date(2025, 7, 8))
    assert parse("0.50").key() == ("lit", "Decimal", Decimal("0.50"))
    assert parse("0").key() == ("lit", "int", 0)
    assert parse("true").key() == ("lit", "bool", True)
    assert parse(r"'it\'s'").key() == ("lit", "str", "it's")
    assert parse(r'"a\"b\\c"').key() == ("lit", "str", 'a"b\\c')
    assert parse("'a\\tb'").key() == ("lit", "str", "a\tb")


def test_quantifiers() -> None:
    assert parse("any(p.age > 3 for p in household.people)").key()[:3] == ("quant", "any", "p")
    assert parse("count(household.people)").key()[:3] == ("quant", "count", None)
    for kind in ("all", "count", "sum"):
        assert parse(f"{kind}(p.age for p in household.people)").key()[1] == kind


def test_spans_point_into_the_text() -> None:
    text = "applicant.age >= limit and household.dues == 'paid'"
    node = parse(text)
    spans = {text[n.start : n.end] for n in walk(node) if isinstance(n, (Attr, Name))}
    assert spans >= {"applicant.age", "limit", "household.dues", "applicant", "household"}
    assert text[node.start : node.end] == text


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("", "expr-syntax", 1, 1),
        ("   ", "expr-syntax", 1, 1),
        ("1 +", "expr-syntax", 1, 4),
        ("(1 + 2", "expr-syntax", 1, 7),
        ("1 2", "expr-syntax", 1, 3),
        ("x = 1", "expr-syntax", 1, 3),
        ("a and\n  or b", "expr-syntax", 2, 3),
        ("'open", "expr-syntax", 1, 1),
        ("a $ b", "expr-syntax", 1, 3),
        ("01", "expr-syntax", 1, 1),
        ("1" * 31, "expr-syntax", 1, 1),
        ("0." + "1" * 29, "expr-syntax", 1, 1),
        ("(x ** 2) ** 2", "forbidden-construct", 1, 10),
        ("(2 * x ** 8) ** 8", "forbidden-construct", 1, 14),
        ("2023-02-29", "invalid-date", 1, 1),
        ("x.1", "expr-syntax", 1, 3),
        ("any(x)", "expr-syntax", 1, 1),
        ("any(p for in xs)", "expr-syntax", 1, 11),
        ("x ** y", "forbidden-construct", 1, 6),
        (f"x ** {MAX_EXPONENT + 1}", "exponent-too-large", 1, 6),
        ("x % 2", "forbidden-construct", 1, 3),
        ("x[0]", "forbidden-construct", 1, 2),
        ("x.__class__", "forbidden-construct", 1, 3),
        ("_x", "forbidden-construct", 1, 1),
        ("lambda", "forbidden-construct", 1, 1),
        ("True", "forbidden-construct", 1, 1),
        ("(x)(1)", "forbidden-construct", 1, 4),
        ("if", "expr-syntax", 1, 1),
        ("any(p².age > 1 for p² in xs)", "expr-syntax", 1, 6),  # names are ASCII
        ("ﬁ.age", "expr-syntax", 1, 1),
    ],
)
def test_syntax_errors_are_located(text: str, code: str, line: int, column: int) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    d = caught.value.diagnostic
    assert (d.code, d.line, d.column) == (code, line, column)


def test_non_text_is_rejected() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(12)  # type: ignore[arg-type]
    assert caught.value.diagnostic.code == "wrong-type"
    assert isinstance(caught.value, ValueError)


# -- checker ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2", INT),
        ("1 + 2.5", DECIMAL),
        ("limit * 2", INT),
        ("ceiling * rate", DECIMAL),
        ("4 / 2", DECIMAL),
        ("2 ** 3", INT),
        ("2 ** -1", DECIMAL),
        ("2.5 ** 2", DECIMAL),
        ("-limit", INT),
        ("1 < 2", BOOL),
        ("applicant.age", INT),
        ("applicant.birth_date", DATE),
        ("applicant.id", STR),
        ("applicant.schooling in levels", BOOL),
        ("[1, 2.5]", ListType(DECIMAL)),
        ("[]", ListType(STR)),
        ("1 if flag else 2.5", DECIMAL),
        ("household.children", ListType(CHILD)),
        ("count(household.children)", INT),
        ("sum(c.age for c in household.children)", INT),
        ("any(c.student for c in household.children)", BOOL),
        ("applicant.age_on(2030-01-01)", INT),
        ("add_years(on, 1)", DATE),
        ("years_between(applicant.birth_date, on)", INT),
        ("min(1, 2.5, limit)", DECIMAL),
        ("max(on, 2020-01-01)", DATE),
        ("round(ceiling / 3, 2)", DECIMAL),
        ("abs(-limit)", INT),
        ("is_minor(applicant)", BOOL),
        ("has_student", BOOL),
        ("household.affiliate.seniority", INT),
        ("applicant.category", applicant_type(["child"]).fields["category"].type),
    ],
)
def test_types(text: str, expected: Type) -> None:
    assert typed(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("aplicant.age", "unknown-name"),
        ("applicant.agee", "unknown-attribute"),
        ("applicant.age.years", "unknown-attribute"),
        ("lenn(household.children)", "unknown-function"),
        ("age_on(applicant, on)", "unknown-function"),  # a method, not a function
        ("applicant.year()", "unknown-function"),
        ("applicant.age + 'x'", "type-mismatch"),
        ("applicant.birth_date + 1", "type-mismatch"),
        ("applicant.age < on", "type-mismatch"),
        ("applicant.id < 3", "type-mismatch"),
        ("not applicant.age", "type-mismatch"),
        ("-applicant.id", "type-mismatch"),
        ("applicant.age and true", "type-mismatch"),
        ("1 if applicant.age else 2", "type-mismatch"),
        ("1 if flag else 'x'", "type-mismatch"),
        ("[1, 'x']", "type-mismatch"),
        ("applicant.age in 3", "type-mismatch"),
        ("applicant.age in ['a']", "type-mismatch"),
        ("applicant.schooling == applicant.category", "type-mismatch"),
        ("applicant.schooling == 'college'", "unknown-enum-value"),
        ("applicant.schooling in ['primary', 'colege']", "unknown-enum-value"),
        ("'college' != applicant.schooling", "unknown-enum-value"),
        ("year(1)", "type-mismatch"),
        ("round(1.5)", "type-mismatch"),
        ("min(1)", "type-mismatch"),
        ("any(c for c in applicant.age)", "type-mismatch"),
        ("sum(c.student for c in household.children)", "type-mismatch"),
        ("any(c.age for c in household.children)", "type-mismatch"),
        ("any(limit > 1 for limit in household.children)", "name-clash"),
        ("is_minor", "wrong-arity"),
        ("is_minor(applicant, applicant)", "wrong-arity"),
        ("is_minor(household)", "type-mismatch"),
    ],
)
def test_type_errors(text: str, code: str) -> None:
    assert code_of(text) == code


def test_suggestions_for_unknown_names() -> None:
    for text, suggestion in [
        ("aplicant.age", "applicant"),
        ("applicant.scholing", "schooling"),
        ("yeer(on)", "year"),
        ("applicant.schooling == 'midle'", "middle"),
        ("is_minr(applicant)", "is_minor"),
    ]:
        with pytest.raises(ExpressionError) as caught:
            typed(text)
        assert caught.value.diagnostic.suggestion == suggestion, text


def test_an_unknown_attribute_is_located_at_its_name() -> None:
    with pytest.raises(ExpressionError) as caught:
        typed("household.affiliate.monthly_pensoin > 1")
    assert caught.value.diagnostic.column == len("household.affiliate.") + 1


def test_the_checker_annotates_every_node() -> None:
    node = parse("applicant.age < limit and any(c.student for c in household.children)")
    check(node, scope(), "…")
    assert all(n.ty is not None for n in walk(node))
    reads = [n for n in walk(node) if isinstance(n, Attr)]
    assert all(n.info is not None for n in reads)


def test_the_whitelist_is_documented() -> None:
    assert set(FUNCTIONS) - {"age_on"} == set(BUILTINS)
    assert all(doc for _, doc in FUNCTIONS.values())


def test_a_union_applicant_reads_partial_fields() -> None:
    both = applicant_type(["affiliate", "spouse"])
    assert typed("applicant.role != 'spouse' or not applicant.remarried", both) == BOOL
    assert both.fields["remarried"].partial
    assert not both.fields["monthly_pension"].partial


# -- interpreter (three-valued) and generated code -------------------------------------------


@pytest.mark.parametrize(
    ("text", "applicant", "value"),
    [
        ("applicant.age", "c1", 17),  # born 29 Feb 2008: 17 on 1 March 2025
        ("applicant.age_on(2025-02-28)", "c1", 16),
        ("applicant.age_on(2024-02-29)", "c1", 16),
        ("household.affiliate.seniority", "c1", 37),  # up to retirement
        ("applicant.category", "c1", "rights_holder"),
        ("applicant.role", "c2", "child"),
        ("household.affiliate.monthly_pension <= ceiling", "c1", True),
        ("household.affiliate.monthly_pension * rate", "c1", Decimal("360.0750")),
        ("round(household.affiliate.monthly_pension * rate, 1)", "c1", Decimal("360.1")),
        ("round(0.125, 2)", "c1", Decimal("0.13")),
        ("round(-0.125, 2)", "c1", Decimal("-0.13")),
        ("7 / 2", "c1", Decimal("3.5")),
        ("1 / 3 * 3", "c1", Decimal("0.9999999999999999999999999999")),
        ("2 ** 8", "c1", 256),
        ("2 ** -2", "c1", Decimal("0.25")),
        ("count(household.people)", "c1", 4),
        ("count(c.schooling in ['higher'] for c in household.children)", "c1", 1),
        ("sum(c.age for c in household.children)", "c1", 17 + 23),
        ("applicant.schooling in levels", "c1", False),
        ("is_minor(applicant)", "c1", True),
        ("is_minor(applicant)", "c2", False),
        ("add_months(2024-01-31, 1)", "c1", date(2024, 2, 29)),
        ("add_years(applicant.birth_date, 1)", "c1", date(2009, 2, 28)),
        ("months_between(2024-01-31, 2024-02-29)", "c1", 0),
        ("days_between(2024-02-28, 2024-03-01)", "c1", 2),
        ("min(on, 2020-01-01)", "c1", date(2020, 1, 1)),
        ("year(on) * 100 + month(on)", "c1", 202503),
        ("1 if flag else 2", "c1", 1),
        ("3 > 2 > 1", "c1", True),
        ("1 < 3 > 2 != 2", "c1", False),
        ("applicant.id == 'c1' and applicant.student == applicant.student", "c2", False),
    ],
)
def test_values(text: str, applicant: str, value: Any) -> None:
    assert interpret(text, applicant) == value
    assert generated(text, applicant) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("applicant.student and false", False),  # false and unknown is false
        ("false and applicant.student", False),
        ("applicant.student or true", True),  # true or unknown is true
        ("applicant.age > 100 and applicant.student", False),
        ("applicant.age < 100 or applicant.student", True),
        ("applicant.age > 100 < 200 and applicant.student", False),
        ("1 > 2 < household.affiliate.monthly_salary", False),
        ("1 if applicant.student else 1", 1),  # both branches agree
        ("all(c.age > 20 for c in household.children)", False),  # c1 is 17, c2's facts known
        ("any(c.student for c in household.children)", True),  # c2 is a student
        ("not any(c.age > 100 for c in household.children)", True),
    ],
)
def test_kleene_logic(text: str, value: Any) -> None:
    assert interpret(text) == value


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("applicant.student", {"household.children[0].student"}),
        ("applicant.student and true", {"household.children[0].student"}),
        ("not applicant.student", {"household.children[0].student"}),
        (
            "applicant.student or household.social_hardship",
            {"household.children[0].student", "household.social_hardship"},
        ),
        ("all(c.student for c in household.children)", {"household.children[0].student"}),
        ("count(c.student for c in household.children)", {"household.children[0].student"}),
        (
            "sum(s.monthly_pension for s in household.spouses) > 0",
            {"household.spouses[0].monthly_pension"},
        ),
        ("1 if applicant.student else 2", {"household.children[0].student"}),
        ("[applicant.student]", {"household.children[0].student"}),
        ("year(add_days(on, 1)) == 2025 and applicant.student", {"household.children[0].student"}),
    ],
)
def test_unknown_facts_name_what_is_missing(text: str, missing: set[str]) -> None:
    value = interpret(text)
    assert isinstance(value, Unknown)
    assert value.missing == frozenset(missing)
    with pytest.raises(Missing):
        generated(text)


def test_an_unknown_birth_date_makes_ages_unknown() -> None:
    household = Household.model_validate(
        {"id": "h", "affiliate": {"id": "a", "status": "active"}, "children": [{"id": "c"}]}
    )
    node = parse("applicant.age < 18")
    check(node, scope(), "applicant.age < 18")
    ctx = Context(household, ON, PARAMS, {})
    value = evaluate(node, ctx, {"applicant": household.children[0], "household": household})
    assert value == Unknown(frozenset({"household.children[0].birth_date"}))
    seniority_node = parse("household.affiliate.seniority")
    check(seniority_node, scope(), "")
    assert evaluate(seniority_node, ctx, {"household": household}) == Unknown(
        frozenset({"household.affiliate.recruitment_date"})
    )


def test_division_by_zero_is_a_rule_error() -> None:
    for text in (
        "1 / (limit - 21)",
        "ceiling / 0",
        "0 / 0.0",
        "0.0 ** -1",
        "round(123456789012345678901234567890, 2)",
        "round(1, 9)",
        "add_years(on, 10000)",
        "add_days(on, -99999999)",
    ):
        with pytest.raises(EvaluationError):
            interpret(text)
        with pytest.raises(EvaluationError):
            generated(text)


def test_short_circuits_skip_errors_like_python() -> None:
    assert interpret("false and 1 / 0 > 1") is False
    assert generated("true or 1 / 0 > 1") is True
    assert interpret("2 < 1 < 1 / 0") is False


def test_generated_code_folds_parameters_and_names_only_its_own() -> None:
    node = parse("applicant.schooling in levels and household.affiliate.monthly_pension < ceiling")
    check(node, scope(), "")
    gen = PyGen(PARAMS, {})
    code = gen.expr(node, {"applicant": "a", "household": "h", "on": "on"})
    assert "levels" not in code
    assert "ceiling" not in code
    assert set(gen.consts.values()) == {PARAMS["levels"], PARAMS["ceiling"]}
    assert "_nn(h.affiliate.monthly_pension)" in code  # nullable facts are checked


def test_generated_text_literals_are_reprs() -> None:
    text = "applicant.id == \"'); import os; ('\""
    node = parse(text)
    check(node, scope(), text)
    code = PyGen({}, {}).expr(node, {"applicant": "a", "household": "h", "on": "on"})
    assert code == "(a.id == \"'); import os; ('\")"


def test_a_parameter_without_a_value_yet_is_a_rule_error() -> None:
    text = "applicant.age < limit"
    node = parse(text)
    check(node, scope(), text)
    params = {k: v for k, v in PARAMS.items() if k != "limit"}
    env = {"applicant": HOUSEHOLD_MODEL.children[0], "household": HOUSEHOLD_MODEL, "on": ON}
    with pytest.raises(EvaluationError, match="'limit' has no value on 2025-03-01"):
        evaluate(node, Context(HOUSEHOLD_MODEL, ON, params, {}), env)
    gen = PyGen(params, {})
    code = gen.expr(node, {"applicant": "a", "household": "h", "on": "on"})
    namespace = {"_nn": nn, "_age": age_on, "_no_value": no_value, **gen.consts}
    function = eval(f"lambda h, a, on: {code}", namespace)
    with pytest.raises(EvaluationError, match="'limit' has no value"):
        function(HOUSEHOLD_MODEL, HOUSEHOLD_MODEL.children[0], ON)
