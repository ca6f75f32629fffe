"""The per-household part of a decision, as Python generated for one program, period and
language (like the engines' core functions).

Everything that does not depend on the household is a constant of the generated
function: each criterion's id, its text and assumption mark (for each list of exceptions
that can apply), the names of the values it reads, the parameters shown, the program's
title, version, status and sources. The function reads an :class:`Evaluation` criterion by
criterion, unrolled, and builds the models from the values directly
(:func:`~eligibility._model.decision.built`'s way: no validation of the library's own
values). The generated source names only constants and the helpers passed to it; rule
text never becomes code (texts are constants, passed by reference).

With the native engine, :func:`generate_decide` goes further: one function per program,
period and language runs the engine's inline statements (:mod:`~eligibility._engines.
native.module`) and assembles the decision in the same frame, from the criteria's results
and the values read as local variables (no :class:`Evaluation`, no intermediate tuples);
a fact the fast path cannot read hands the decision to the evaluation and ``explain``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from eligibility._engines.native.engine import Compiled
from eligibility._engines.protocol import Evaluation
from eligibility._i18n.words import category_name
from eligibility._language.types import DATE, DECIMAL, EnumType, Type
from eligibility._model.decision import CriterionResult, Decision
from eligibility._model.household import Household, Person
from eligibility._model.numbers import exact_text
from eligibility._model.values import Absent, Unknown, to_value
from eligibility._model.vocabulary import CriterionStatus

__all__ = ["Decide", "Explain", "generate", "generate_decide"]

#: ``explain(household, applicant, on, evaluation) -> Decision``
Explain = Callable[[Household, Person, date, Evaluation], Decision]
#: ``decide(household, applicant, on) -> Decision``
Decide = Callable[[Household, Person, date], Decision]

_PLAIN = frozenset({bool, int, str, type(None)})
#: What the assembling code calls, beside the engine's few built-ins.
_BUILTINS = {"bool": bool, "dict": dict, "isinstance": isinstance, "list": list, "set": set,
             "sorted": sorted, "str": str, "tuple": tuple, "type": type}
# The slots every pydantic model has, set directly (faster than ``object.__setattr__``).
_SET_FIELDS = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__


def _constants(prepared: Any, lang: Any, slow_shown: Callable[[int, tuple[str, ...]],
                                                                tuple[str, bool]]
               ) -> dict[str, Any]:
    """The names the assembling code reads (per criterion ones are added as it is made)."""
    return {
        "_new": object.__new__, "_set": object.__setattr__, "_to_value": to_value,
        "_exact_text": exact_text, "_Dec": Decimal, "_date": date, "_StrEnum": StrEnum,
        "_PLAIN": _PLAIN, "_set_fields": _SET_FIELDS, "_set_extra": _SET_EXTRA,
        "_set_private": _SET_PRIVATE,
        "_CR": CriterionResult, "_D": Decision, "_Unknown": Unknown, "_Absent": Absent,
        "_CR_SET": frozenset(CriterionResult.__pydantic_fields__),
        "_D_SET": frozenset(Decision.__pydantic_fields__),
        "_PASSED": CriterionStatus.PASSED, "_FAILED": CriterionStatus.FAILED,
        "_UNKNOWN": CriterionStatus.UNKNOWN, "_label": category_name, "_LANG": lang,
        "_slow_shown": slow_shown, "_Decimal": Decimal,
        "_PARAMETERS": prepared.parameters or {},
        "_ASSUMED_OUTPUTS": prepared.assumed_outputs, "_WORDS": prepared.words,
        "_PASSED_L": prepared.words[CriterionStatus.PASSED],
        "_FAILED_L": prepared.words[CriterionStatus.FAILED],
        "_UNKNOWN_L": prepared.words[CriterionStatus.UNKNOWN],
        "_LABELLED": prepared.labelled, "_output_label": prepared.output_label,
        "_CATEGORY_LABELS": {},
        **{f"_B_{key}": value for key, value in prepared.base.items()},
    }


def generate(prepared: Any, lang: Any, slow_shown: Callable[[int, tuple[str, ...]],
                                                             tuple[str, bool]]) -> Explain:
    """The function that assembles a decision from an evaluation, for ``prepared`` (the
    explainer's parts of one program, period and language)."""
    constants = _constants(prepared, lang, slow_shown)
    lines = ["def explain(household, applicant, on, evaluation):",
             "    verdicts = evaluation.verdicts",
             "    observed = evaluation.observed",
             "    outcome = evaluation.outcome",
             "    missing = set()"]
    if any(c.exceptions for c in prepared.criteria):
        lines.append("    applied = evaluation.applied")
    for index, criterion in enumerate(prepared.criteria):
        lines.append(f"    o = observed[{index}]")
        reads = [f"o[{j}]" for j in range(len(criterion.observables))]
        lines += _criterion(index, criterion, prepared, constants, f"verdicts[{index}]",
                            reads, f"applied[{index}]")
    lines += ["    amounts, details, la, ld = {}, {}, {}, {}",
              "    for name, value in evaluation.outputs.items():",
              *_output("        "),
              "    output_labels = {**la, **ld} if ld else la",
              *_assembled(prepared, constants)]
    function: Explain = _compiled(lines, constants,
                                  f"<explain {prepared.base['program']} {lang}>")["explain"]
    return function


def generate_decide(prepared: Any, lang: Any, slow_shown: Callable[[int, tuple[str, ...]],
                                                                    tuple[str, bool]],
                    compiled: Compiled, fallback: Decide) -> Decide:
    """The function that evaluates with the native engine's ``compiled`` code and
    assembles the decision in one frame, for ``prepared``; ``fallback`` decides when a
    fact is unknown (from an :class:`Evaluation`)."""
    constants = _constants(prepared, lang, slow_shown)
    clash = set(constants) & set(compiled.namespace)
    assert not clash, f"names both the engine and the explanation use: {sorted(clash)}"
    lines = ["def decide(h, a, on):", *compiled.inline,
             "    household, applicant = h, a",
             "    missing = set()"]
    read = 0
    for index, criterion in enumerate(prepared.criteria):
        count = len(criterion.observables)
        lines += _criterion(index, criterion, prepared, constants, f"c{index}",
                            [f"o{k}" for k in range(read, read + count)], f"x{index}")
        read += count
    lines.append("    amounts, details, la, ld = {}, {}, {}, {}")
    if prepared.outputs:
        lines.append("    if outcome is _ELIGIBLE:")
        for number, name in enumerate(prepared.outputs):
            constants[f"_ON{number}"] = name
            lines += [f"        name, value = _ON{number}, u{number}",
                      *_output("        ")]
    lines += ["    output_labels = {**la, **ld} if ld else la",
              *_assembled(prepared, constants)]
    namespace = {**compiled.namespace, **constants, "_fallback": fallback,
                 "__builtins__": {**compiled.namespace["__builtins__"], **_BUILTINS}}
    function: Decide = _compiled(lines, namespace,
                                 f"<decide {prepared.base['program']} {lang}>")["decide"]
    return function


def _compiled(lines: list[str], constants: dict[str, Any], name: str) -> dict[str, Any]:
    namespace = dict(constants)
    exec(compile("\n".join(lines) + "\n", name, "exec"), namespace)
    return namespace


def _shown(value: str, kind: Type) -> str:
    """A value read as a decision records it (:func:`to_value`), at once for the exact
    type of its kind, through :func:`to_value` for any other (``None``...)."""
    if kind == DECIMAL:
        return f"(_exact_text(x) if type(x := {value}) is _Dec else _to_value(x))"
    if kind == DATE:
        return f"(x.isoformat() if type(x := {value}) is _date else _to_value(x))"
    if isinstance(kind, EnumType):  # the model's enumerations are text: str() is the value
        return f"(str(x) if isinstance(x := {value}, _StrEnum) else _to_value(x))"
    return f"(x if type(x := {value}) in _PLAIN else _to_value(x))"


def _criterion(index: int, criterion: Any, prepared: Any, constants: dict[str, Any],
               verdict: str, reads: list[str], applied: str) -> list[str]:
    """The lines that make criterion ``index``'s result as ``cr<index>``, from the
    expressions of its ``verdict``, the values it ``reads`` and the exceptions
    ``applied``."""
    constants[f"_ID{index}"] = criterion.id
    names = prepared.sources[index]
    for j, name in enumerate(names):
        constants[f"_N{index}_{j}"] = name
    values = ", ".join(f"_N{index}_{j}: {_shown(read, observable.type)}"
                       for j, (read, observable) in enumerate(
                           zip(reads, criterion.observables, strict=True)))
    lines = [
        f"    v = {verdict}",
        f"    values = {{{values}}}",
        "    if v is True:",
        "        r, rl, m = _PASSED, _PASSED_L, []",
        "    elif v is False:",
        "        r, rl, m = _FAILED, _FAILED_L, []",
        "    else:",
        "        r, rl, m = _UNKNOWN, _UNKNOWN_L, sorted(v.missing)",
        "        missing.update(m)",
    ]
    if criterion.exceptions:
        constants[f"_SHOWN{index}"] = prepared.shown[index]
        lines += [f"    chain = tuple({applied})",
                  f"    t, i = _SHOWN{index}.get(chain) or _slow_shown({index}, chain)",
                  "    exceptions = list(chain)"]
    else:
        constants[f"_TEXT{index}"], constants[f"_ILL{index}"] = prepared.shown[index][()]
        lines += [f"    t, i = _TEXT{index}, _ILL{index}", "    exceptions = []"]
    return [*lines,
            f"    cr{index} = _new(_CR)",
            f"    _set(cr{index}, '__dict__', {{'id': _ID{index}, 'result': r, "
            "'result_label': rl, 'text': t, 'values': values, 'exceptions': exceptions, "
            "'missing': m, 'illustrative': i})",
            f"    _set_fields(cr{index}, set(_CR_SET))",
            f"    _set_extra(cr{index}, None)",
            f"    _set_private(cr{index}, None)"]


def _output(indent: str) -> list[str]:
    """The lines that sort one output (``name``, ``value``) into the amounts or the
    details, with its label (amounts' labels first), or gather the facts it misses."""
    return [f"{indent}{line}" for line in (
        "if isinstance(value, _Absent):",
        "    pass",  # given only in some cases, not in this one
        "elif isinstance(value, _Unknown):",
        "    missing.update(value.missing)",
        "else:",
        "    if isinstance(value, (bool, str)):",
        "        value = details[name] = value if isinstance(value, bool) else str(value)",
        "        labels = ld",
        "    else:",
        "        value = amounts[name] = _Decimal(value)",
        "        labels = la",
        "    label = _LABELLED.get((name, value))",
        "    if label is None:",
        "        label = _output_label(name, value, _LANG)",
        "    if label is not None:",
        "        labels[name] = label",
    )]


def _assembled(prepared: Any, constants: dict[str, Any]) -> list[str]:
    """The lines that find the applicant's category and build the decision."""
    results = [f"cr{index}" for index in range(len(prepared.criteria))]
    return [*_category(), "    d = _new(_D)",
            *_decision(prepared, results, constants),
            "    _set_fields(d, set(_D_SET))",
            "    _set_extra(d, None)",
            "    _set_private(d, None)",
            "    return d"]


def _category() -> list[str]:
    """The lines that find the applicant's category and its name (names made once)."""
    return [
        "    category = household.category_of(applicant, on)",
        "    if category is None:",
        "        category_label = None",
        "    else:",
        "        key = (category, applicant.sex)",
        "        category_label = _CATEGORY_LABELS.get(key)",
        "        if category_label is None:",
        "            category_label = _CATEGORY_LABELS[key] = _label(category, _LANG,",
        "                                                            applicant.sex)",
    ]


def _decision(prepared: Any, results: list[str], constants: dict[str, Any]) -> list[str]:
    """The lines that fill the decision's fields (in the model's order)."""
    illustrative = ("[n for n in _ASSUMED_OUTPUTS if n in amounts or n in details]"
                    if prepared.assumed_outputs else "[]")
    fields = {
        "program": "_B_program", "program_title": "_B_program_title",
        "version": "_B_version", "on": "on", "household": "household.id",
        "applicant": "applicant.id", "category": "category",
        "category_label": "category_label", "lang": "_B_lang",
        "outcome": "outcome", "outcome_label": "_WORDS[outcome]",
        "amounts": "amounts", "details": "details", "output_labels": "output_labels",
        "criteria": f"[{', '.join(results)}]",
        "missing": "sorted(missing) if missing else []",
        "parameters": "dict(_PARAMETERS)" if prepared.parameters else "{}",
        "not_yet_born": "list(household.not_yet_born)",
        "illustrative_outputs": illustrative,
        "illustrative_parameters": "list(_B_illustrative_parameters)",
        "status": "_B_status", "status_label": "_B_status_label",
        "evidence": "_B_evidence", "evidence_label": "_B_evidence_label",
        "sources": "list(_B_sources)", "rulebook_hash": "_B_rulebook_hash",
        "engine": "_B_engine", "next_change": "None",
    }
    # A copy of the fields fixed for the program, period and language, then the others
    # (copying a dict costs less than building one this size).
    constants["_FIELDS"] = {key: prepared.base[expr[3:]] if expr.startswith("_B_") else None
                            for key, expr in fields.items()}
    return ["    f = _FIELDS.copy()",
            *[f"    f[{key!r}] = {expr}" for key, expr in fields.items()
              if expr != "None" and not expr.startswith("_B_")],
            "    _set(d, '__dict__', f)"]
