"""Nothing in a rule file can run Python.

Every attempt below is rejected when the rule book is loaded, with its diagnostic code:
by the parser on its own, and inside a rule file loaded with ``RuleBook.load``. The
generated code never contains rule text except as the ``repr`` of a literal.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eligibility import ExpressionError, RuleBook, RuleBookError
from eligibility._language.checker import Scope, check
from eligibility._language.parser import MAX_DEPTH, MAX_LENGTH, parse
from eligibility._language.types import DATE, HOUSEHOLD, applicant_type
from programs import GRANT_HEAD

ATTACKS = [
    # (id, expression, code)
    ("import", "__import__('os')", "forbidden-construct"),
    ("import-system", "__import__('os').system('echo owned') == 0", "forbidden-construct"),
    ("class-of-tuple", "().__class__", "expr-syntax"),
    ("class-of-int", "(1).__class__", "forbidden-construct"),
    ("dunder-attribute", "applicant.__class__ == applicant.__class__", "forbidden-construct"),
    ("dunder-chain", "household.__class__.__mro__", "forbidden-construct"),
    ("dunder-dict", "applicant.__dict__", "forbidden-construct"),
    ("private-helper", "_nn(applicant.age) > 1", "forbidden-construct"),
    ("builtins", "__builtins__", "forbidden-construct"),
    ("lambda", "lambda: 1", "forbidden-construct"),
    ("lambda-arg", "(lambda x: x)(1) == 1", "forbidden-construct"),
    ("open", "open('x')", "forbidden-construct"),
    ("eval", "eval('1')", "forbidden-construct"),
    ("exec", "exec('import os')", "forbidden-construct"),
    ("compile", "compile('1', 'f', 'eval')", "forbidden-construct"),
    ("getattr", "getattr(a, 'b')", "forbidden-construct"),
    ("globals", "globals()", "forbidden-construct"),
    ("method-call", "applicant.id.upper() == 'A'", "unknown-function"),
    ("len", "len(household.children) > 1", "unknown-function"),
    ("type", "type(applicant) == type(applicant)", "unknown-function"),
    ("call-of-call", "year(on)(1) > 0", "forbidden-construct"),
    ("subscript", "household.children[0].age > 1", "forbidden-construct"),
    ("subscript-of-text", "'abc'[0] == 'a'", "forbidden-construct"),
    ("slice", "applicant.id[1:] == 'x'", "forbidden-construct"),
    ("huge-exponent", "2 ** 100000 > 1", "exponent-too-large"),
    ("huge-negative-exponent", "2 ** -100000 > 1", "exponent-too-large"),
    ("nested-powers", "((10 ** 8) ** 8) ** 8 > 1", "forbidden-construct"),
    ("long-number", "0." + "9" * 3000 + " > 1", "expr-syntax"),
    ("computed-exponent", "2 ** applicant.age > 1", "forbidden-construct"),
    ("decimal-exponent", "2 ** 0.5 > 1", "forbidden-construct"),
    ("floor-division", "applicant.age // 2 > 1", "forbidden-construct"),
    ("modulo", "applicant.age % 2 == 1", "forbidden-construct"),
    ("bitwise", "applicant.age ^ 2 == 1", "expr-syntax"),
    ("assignment", "x = 1", "expr-syntax"),
    ("walrus", "(x := 1) == 1", "expr-syntax"),
    ("statement", "import os", "forbidden-construct"),
    ("semicolon", "true; 1", "expr-syntax"),
    ("generator-outside-quantifier", "[p for p in household.people] == []", "expr-syntax"),
    ("internal-name", "h.affiliate.status == 'active'", "unknown-name"),
    ("is-operator", "applicant is applicant", "expr-syntax"),
    ("none", "applicant.birth_date == None", "forbidden-construct"),
    ("too-long", "applicant.age + " * 700 + "1 > 0", "expr-too-long"),
    ("deep-parentheses", "(" * 500 + "1" + ")" * 500 + " > 0", "expr-too-deep"),
    ("deep-negation", "not " * 500 + "true", "expr-too-deep"),
    ("deep-lists", "[" * 200 + "1" + "]" * 200 + " == []", "expr-too-deep"),
    ("long-chain", " + ".join(["1"] * 400) + " > 0", "expr-too-deep"),
]


def _scope() -> Scope:
    return Scope({"applicant": applicant_type(["affiliate"]), "household": HOUSEHOLD, "on": DATE})


def _compile(text: str) -> None:
    check(parse(text), _scope(), text)


def test_the_long_and_deep_inputs_are_what_they_claim() -> None:
    by_id = {name: text for name, text, _ in ATTACKS}
    assert len(by_id["too-long"]) > MAX_LENGTH
    assert len("x" * 10_000) == 10_000
    assert by_id["deep-parentheses"].count("(") > MAX_DEPTH


@pytest.mark.parametrize(
    ("text", "code"), [(t, c) for _, t, c in ATTACKS], ids=[name for name, _, _ in ATTACKS]
)
def test_the_parser_and_checker_reject(text: str, code: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        _compile(text)
    assert caught.value.diagnostic.code == code
    assert caught.value.diagnostic.line >= 1
    assert caught.value.diagnostic.column >= 1


def test_a_ten_thousand_character_expression_is_rejected_before_parsing() -> None:
    text = "applicant.age > 1 and " * 460 + "true"
    assert len(text) >= 10_000
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert caught.value.diagnostic.code == "expr-too-long"


def _program(when: str) -> str:
    quoted = when.replace("'", "''")
    return GRANT_HEAD + f"""\
  - id: attack
    when: '{quoted}'
    text: {{ar: شرط, fr: Condition, en: Condition}}
"""


@pytest.mark.parametrize(
    ("text", "code"), [(t, c) for _, t, c in ATTACKS], ids=[name for name, _, _ in ATTACKS]
)
def test_a_rule_file_is_rejected_at_load(text: str, code: str, tmp_path: Path) -> None:
    (tmp_path / "grant.yaml").write_text(_program(text), encoding="utf-8")
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(tmp_path)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == code
    assert diagnostic.file == "grant.yaml"
    assert diagnostic.json_path == "$.criteria[0].when"
    # Placed in the file: line 12 is "    when: '...'", whose text starts in column 12 (and
    # each quote is written twice in a single-quoted YAML string).
    with pytest.raises(ExpressionError) as direct:
        _compile(text)
    offset = direct.value.diagnostic.column - 1
    assert (diagnostic.line, diagnostic.column) == (12, 12 + len(text[:offset].replace("'", "''")))


@pytest.mark.parametrize(
    "tagged",
    ["!!python/name:os.system", '!!python/object/apply:os.system ["echo owned"]'],
    ids=["python-name", "python-object"],
)
def test_yaml_tags_do_not_construct_python_objects(tagged: str, tmp_path: Path) -> None:
    text = _program("true").replace("when: 'true'", f"when: {tagged}")
    (tmp_path / "grant.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(tmp_path)
    assert caught.value.codes == ["yaml-tag"]  # refused where it is written


def test_python_in_a_text_literal_stays_data(tmp_path: Path) -> None:
    payload = "x'); __import__('os').system('echo owned'); ('"
    text = "applicant.id == " + repr(payload)  # a double-quoted text literal
    (tmp_path / "grant.yaml").write_text(_program(text), encoding="utf-8")
    book = RuleBook.load(tmp_path)
    household = {
        "id": "h",
        "affiliate": {"id": "a", "status": "active", "birth_date": date(1980, 1, 1)},
    }
    decision = book.evaluate("social.grant", household, on=date(2024, 1, 1))
    assert decision.criteria[0].result.value == "failed"
    compiled = book.engine.compiled(book.program("social.grant"), date(2024, 1, 1))  # type: ignore[attr-defined]
    assert "import" not in compiled.source.replace(repr(payload), "")


def test_loop_variables_cannot_reach_generated_names(tmp_path: Path) -> None:
    text = "any(h.age >= 0 for h in household.people) and all(a.age >= 0 for a in household.people)"
    (tmp_path / "grant.yaml").write_text(_program(text), encoding="utf-8")
    book = RuleBook.load(tmp_path)
    household = {
        "id": "h",
        "affiliate": {"id": "a", "status": "active", "birth_date": date(1980, 1, 1)},
        "children": [{"id": "c", "birth_date": date(2010, 1, 1)}],
    }
    decision = book.evaluate("social.grant", household, on=date(2024, 1, 1))
    assert decision.outcome.value == "eligible"
