"""The compiled rule book as JSON, for an evaluator outside Python (the docs' situation
page runs it in the reader's browser).

Everything an evaluation reads is here, already checked and typed: each program's criteria
(with their exceptions) and outputs as expression trees, its parameters' values for each
period between two of its change dates, the texts it shows in ar, fr and en for each
period (placeholders filled), the shared definitions, and the defaults of the household
model (a fact left out of a file takes its model's default, as when Python reads it).
The semantics are those of :mod:`eligibility._engines.interpreter` (three-valued, Kleene);
a test runs the JavaScript evaluator over every example of the rule pack and compares it
with the native engine.

An expression is a tree of small objects, ``k`` naming the kind of node:

``{"k": "lit", "v": value}``, ``{"k": "absent"}`` (the value of an output not given),
``{"k": "name", "id": ...}``, ``{"k": "attr", "o": node, "n": field, "d": derived or
null, "u": whether a missing value is unknown}``, ``{"k": "call", "f": name, "a": [...],
"def": whether it calls a shared definition}``, ``{"k": "not" | "neg", "x": node}``,
``{"k": "bin", "op": "+", "l": node, "r": node, "int": whether whole numbers}``,
``{"k": "and" | "or", "xs": [...]}``, ``{"k": "cmp", "l": node, "ops": [...], "cs": [...]}``,
``{"k": "if", "t": node, "b": node, "e": node}``, ``{"k": "list", "xs": [...]}``,
``{"k": "q", "q": "any" | "all" | "count" | "sum", "var": name or null, "c": node,
"b": node or null}``.

Values: a date is its ISO text (``2025-07-08``), a decimal number a JSON number, a list of
values a list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from eligibility._language.ast import (
    Attr,
    BinOp,
    BoolOp,
    Call,
    Compare,
    IfExp,
    ListLit,
    Literal,
    Name,
    Node,
    Quant,
    Unary,
)
from eligibility._language.types import INT
from eligibility._model.household import Affiliate, Child, Household, Parent, Spouse
from eligibility._model.persons import BenefitRecord
from eligibility._model.texts import Unit, UnitForms
from eligibility._model.values import Absent
from eligibility._model.vocabulary import Status

from .categories import categories_served
from .ir import Criterion, CriterionException, Definition, Output, Program

__all__ = ["LANGUAGES", "book_json", "expression_json", "value_json"]

LANGUAGES = ("ar", "fr", "en")


def value_json(value: Any) -> Any:
    """A value of the rules or of a file as JSON: dates as ISO text, decimals as numbers."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 2**53 \
            else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [value_json(v) for v in value]
    raise TypeError(f"no JSON for {value!r}")  # pragma: no cover - the rules hold no other


def expression_json(node: Node) -> dict[str, Any]:
    """The checked tree of an expression, as JSON (see the module's docs)."""
    if isinstance(node, Literal):
        if isinstance(node.value, Absent):
            return {"k": "absent"}
        return {"k": "lit", "v": value_json(node.value)}
    if isinstance(node, Name):
        return {"k": "name", "id": node.id}
    if isinstance(node, Attr):
        info = node.info
        assert info is not None  # the checker annotates every attribute read
        return {"k": "attr", "o": expression_json(node.obj), "n": info.name,
                "d": info.derived, "u": bool(info.nullable or info.partial)}
    if isinstance(node, Call):
        return {"k": "call", "f": node.func, "a": [expression_json(a) for a in node.args],
                "def": not node.method and node.func not in _BUILTIN_CALLS}
    if isinstance(node, Unary):
        return {"k": "not" if node.op == "not" else "neg", "x": expression_json(node.operand)}
    if isinstance(node, BinOp):
        return {"k": "bin", "op": node.op, "l": expression_json(node.left),
                "r": expression_json(node.right), "int": node.ty == INT}
    if isinstance(node, BoolOp):
        return {"k": node.op, "xs": [expression_json(v) for v in node.values]}
    if isinstance(node, Compare):
        return {"k": "cmp", "l": expression_json(node.left), "ops": list(node.ops),
                "cs": [expression_json(c) for c in node.comparators]}
    if isinstance(node, IfExp):
        return {"k": "if", "t": expression_json(node.test), "b": expression_json(node.body),
                "e": expression_json(node.orelse)}
    if isinstance(node, ListLit):
        return {"k": "list", "xs": [expression_json(i) for i in node.items]}
    if isinstance(node, Quant):
        return {"k": "q", "q": node.kind, "var": node.var,
                "c": expression_json(node.collection),
                "b": None if node.body is None else expression_json(node.body)}
    raise AssertionError(f"unsupported node {node!r}")  # pragma: no cover


#: The built-in functions (a call to any other name calls a shared definition).
_BUILTIN_CALLS = frozenset({
    "date", "year", "month", "day", "add_years", "add_months", "add_days", "years_between",
    "months_between", "days_between", "min", "max", "abs", "round", "age_on",
})


def _exception_json(exception: CriterionException) -> dict[str, Any]:
    return {"id": exception.id, "when": expression_json(exception.when.node),
            "then": expression_json(exception.then.node),
            "exceptions": [_exception_json(e) for e in exception.exceptions]}


def _criterion_json(criterion: Criterion) -> dict[str, Any]:
    return {"id": criterion.id, "when": expression_json(criterion.when.node),
            "exceptions": [_exception_json(e) for e in criterion.exceptions],
            "from": value_json(criterion.valid_from), "until": value_json(criterion.valid_until)}


def _output_json(output: Output) -> dict[str, Any]:
    return {"name": output.name,
            "rows": [{"when": None if row.when is None else expression_json(row.when.node),
                      "then": expression_json(row.then.node)} for row in output.rows],
            "unit": {lang: _unit_json(output.unit, lang) for lang in LANGUAGES}
                    if output.unit else None,
            "labels": {value: {lang: label.get(lang) for lang in LANGUAGES}
                       for value, label in output.labels.items()}}


def _unit_json(unit: Unit, lang: str) -> dict[str, Any] | None:
    """A unit in ``lang``: ``{"text": "MAD"}`` (written after the number), or a counted
    noun's ``{"forms": {"one": "{n} enfant", "other": "{n} enfants"}}`` by CLDR plural
    category, ``{n}`` where the number goes."""
    for candidate in (lang, "en", "fr", "ar"):
        value = getattr(unit, candidate, None)
        if isinstance(value, UnitForms):
            return {"forms": value.model_dump(exclude_none=True)}
        if value:
            return {"text": value}
    return None


def _texts(program: Program, on: date) -> dict[str, Any]:
    """What the program shows on ``on``, in each language: title, criteria, outputs."""
    params = program.params_at(on)
    return {
        "title": {lang: program.title.render(lang, params) for lang in LANGUAGES},
        "criteria": {c.id: {lang: c.text.render(lang, params) for lang in LANGUAGES}
                     for c in program.active_criteria(on)},
        "outputs": {o.name: {lang: o.title(lang, params) for lang in LANGUAGES}
                    for o in program.outputs},
    }


def _periods(program: Program, definitions: Mapping[str, Definition]) -> list[dict[str, Any]]:
    """For each period between two change dates: its parameters, the criteria in force, its
    texts, what rests on an assumption, and the member categories it may serve."""
    periods = []
    for start in program.change_dates:
        if not program.in_force(start):
            periods.append({"from": start.isoformat(), "in_force": False})
            continue
        periods.append({
            "from": start.isoformat(), "in_force": True,
            "params": {name: value_json(value)
                       for name, value in sorted(program.params_at(start).items())},
            "criteria": [c.id for c in program.active_criteria(start)],
            "assumed": [c.id for c in program.active_criteria(start)
                        if c.rests_on_assumption(on=start)],
            "evidence": program.evidence(start).value,
            "categories": [c.value for c in categories_served(program, definitions, start)],
            "texts": _texts(program, start),
        })
    return periods


def _defaults() -> dict[str, dict[str, Any]]:
    """The default of every field a file may leave out, by record (what parsing fills in)."""
    out: dict[str, dict[str, Any]] = {}
    for name, model in (("household", Household), ("affiliate", Affiliate),
                        ("spouse", Spouse), ("child", Child), ("parent", Parent),
                        ("history", BenefitRecord)):
        out[name] = {field: value_json(getattr(info.default, "value", info.default))
                     for field, info in model.model_fields.items()
                     if not info.is_required() and field not in ("spouses", "children",
                                                                  "parents", "history",
                                                                  "schema_version")}
    return out


def book_json(programs: Sequence[Program], definitions: Mapping[str, Definition]
              ) -> dict[str, Any]:
    """The rule book as JSON: its programs, shared definitions and the household defaults."""
    return {
        "format": 1,
        "definitions": {name: {"params": [p for p, _ in d.params],
                               "value": expression_json(d.value.node),
                               "assumed": d.status is Status.ILLUSTRATIVE}
                        for name, d in sorted(definitions.items())},
        "programs": [{
            "id": p.id, "domain": p.domain.value,
            "applies_to": [r.value for r in p.applies_to],
            "from": p.valid_from.isoformat(), "until": value_json(p.valid_until),
            "status": p.status.value,
            "criteria": [_criterion_json(c) for c in p.criteria],
            "outputs": [_output_json(o) for o in p.outputs],
            "periods": _periods(p, definitions),
        } for p in programs],
        "defaults": _defaults(),
    }
