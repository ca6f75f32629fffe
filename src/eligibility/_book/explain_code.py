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

With the native engine, :mod:`.decide_code` goes further: the engine's statements and
these lines make one function, that evaluates and assembles the decision in one frame.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from eligibility._engines.protocol import Evaluation
from eligibility._i18n.words import category_name
from eligibility._language.types import DATE, DECIMAL, EnumType, Type
from eligibility._model.decision import CriterionResult, Decision, every_field
from eligibility._model.household import Category, Household, Person, Sex
from eligibility._model.numbers import exact_text
from eligibility._model.values import Absent, Unknown, to_value
from eligibility._model.vocabulary import CriterionStatus, Outcome

__all__ = ["DATES_KEPT", "LABELS_KEPT", "Decide", "Explain", "assembled", "constants_of",
           "criterion_lines", "executed", "generate", "output_lines"]

#: ``explain(household, applicant, on, evaluation) -> Decision``
Explain = Callable[[Household, Person, date, Evaluation], Decision]
#: ``decide(household, applicant, on) -> Decision`` (:mod:`.decide_code`)
Decide = Callable[[Household, Person, date], Decision]

#: The most output labels kept per program, period and language (the others are made
#: each time they are needed); as many whole amounts with their labels per output.
LABELS_KEPT = 1024

_PLAIN = frozenset({bool, int, str, type(None)})
# The slots every pydantic model has, set directly (faster than ``object.__setattr__``).
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__


#: Dates read as decisions record them (ISO text, made once: writing a date out costs
#: more than the rest of a criterion's result), at most :data:`DATES_KEPT` of them.
_DATES: dict[date, str] = {}
DATES_KEPT = 4096


def _date_text(day: date) -> str:
    """``day`` in ISO, kept for the next decisions while there is room."""
    text = _DATES.get(day)
    if text is None:
        text = day.isoformat()
        if len(_DATES) < DATES_KEPT:
            _DATES[day] = text
    return text


def constants_of(prepared: Any, lang: Any, slow_shown: Callable[[int, tuple[str, ...]],
                                                                tuple[str, bool]]
               ) -> dict[str, Any]:
    """The names the assembling code reads (per criterion ones are added as it is made)."""
    return {
        "_new": object.__new__, "_set_dict": _SET_DICT, "_to_value": to_value,
        "_exact_text": exact_text, "_Dec": Decimal, "_date": date, "_StrEnum": StrEnum,
        "_DATES": _DATES, "_date_text": _date_text,
        "_PLAIN": _PLAIN, "_set_fields": _SET_FIELDS, "_set_extra": _SET_EXTRA,
        "_set_private": _SET_PRIVATE,
        "_CR": CriterionResult, "_D": Decision, "_Unknown": Unknown, "_Absent": Absent,
        "_CR_SET": every_field(CriterionResult), "_D_SET": every_field(Decision),
        "_label": category_name, "_LANG": lang,
        "_slow_shown": slow_shown, "_Decimal": Decimal,
        "_PARAMETERS": prepared.parameters or {},
        "_ASSUMED_OUTPUTS": prepared.assumed_outputs, "_WORDS": prepared.words,
        "_LABELLED": prepared.labelled, "_output_label": prepared.output_label,
        "_CATEGORY_LABELS": {category: {sex: category_name(category, lang, sex)
                                        for sex in (None, *Sex)} for category in Category},
        "_Household": Household, "_category_of": Household.category_of,
        **{f"_B_{key}": value for key, value in prepared.base.items()},
    }


def generate(prepared: Any, lang: Any, slow_shown: Callable[[int, tuple[str, ...]],
                                                             tuple[str, bool]]) -> Explain:
    """The function that assembles a decision from an evaluation, for ``prepared`` (the
    explainer's parts of one program, period and language)."""
    constants = constants_of(prepared, lang, slow_shown)
    lines = ["def explain(household, applicant, on, evaluation):",
             "    verdicts = evaluation.verdicts",
             "    observed = evaluation.observed",
             "    outcome = evaluation.outcome",
             "    missing = ()"]  # a set once a fact is missing
    if any(c.exceptions for c in prepared.criteria):
        lines.append("    applied = evaluation.applied")
    for index, criterion in enumerate(prepared.criteria):
        lines.append(f"    o = observed[{index}]")
        reads = [f"o[{j}]" for j in range(len(criterion.observables))]
        lines += criterion_lines(index, criterion, prepared, constants, f"verdicts[{index}]",
                            reads, f"applied[{index}]")
    lines += ["    amounts, details, la, ld = {}, {}, {}, {}",
              "    for name, value in evaluation.outputs.items():",
              *output_lines("        "),
              "    output_labels = {**la, **ld} if ld else la",
              *assembled(prepared, constants)]
    function: Explain = executed(lines, constants,
                                  f"<explain {prepared.base['program']} {lang}>")["explain"]
    return function


def executed(lines: list[str], constants: dict[str, Any], name: str) -> dict[str, Any]:
    """The namespace the generated ``lines`` define their function in."""
    namespace = dict(constants)
    exec(compile("\n".join(lines) + "\n", name, "exec"), namespace)
    return namespace


def _shown(value: str, kind: Type) -> str:
    """A value read as a decision records it (:func:`to_value`), at once for the exact
    type of its kind, through :func:`to_value` for any other (``None``...)."""
    if kind == DECIMAL:
        return f"(_exact_text(x) if type(x := {value}) is _Dec else _to_value(x))"
    if kind == DATE:
        return f"((_DATES.get(x) or _date_text(x)) if type(x := {value}) is _date " \
            "else _to_value(x))"
    if isinstance(kind, EnumType):  # the model's enumerations are text: str() is the value
        return f"(str(x) if isinstance(x := {value}, _StrEnum) else _to_value(x))"
    return f"(x if type(x := {value}) in _PLAIN else _to_value(x))"


def criterion_lines(index: int, criterion: Any, prepared: Any, constants: dict[str, Any],
               verdict: str, reads: list[str], applied: str,
               fixed: dict[int, Any] | None = None) -> list[str]:
    """The lines that make criterion ``index``'s result as ``cr<index>``, from the
    expressions of its ``verdict``, the values it ``reads`` (those ``fixed`` for the period,
    by position, are constants) and the exceptions ``applied``.

    Its fields start from a copy of the criterion's fields for its result (a copy of a
    small dict costs less than building it)."""
    names = prepared.sources[index]
    entries = []
    for j, (name, read, observable) in enumerate(zip(names, reads, criterion.observables,
                                                     strict=True)):
        constants[f"_N{index}_{j}"] = name
        if fixed and j in fixed:
            constants[f"_V{index}_{j}"] = fixed[j]
            copied = "list(_V{}_{})" if isinstance(fixed[j], list) else "_V{}_{}"
            entries.append(f"_N{index}_{j}: {copied.format(index, j)}")
        else:
            entries.append(f"_N{index}_{j}: {_shown(read, observable.type)}")
    text, mark = prepared.shown[index][()]
    for key, result in (("P", CriterionStatus.PASSED), ("F", CriterionStatus.FAILED),
                        ("U", CriterionStatus.UNKNOWN)):
        constants[f"_{key}{index}"] = {
            "id": criterion.id, "result": result, "result_label": prepared.words[result],
            "text": text, "values": None, "exceptions": None, "missing": None,
            "illustrative": mark}
    f = f"f{index}"
    lines = [f"    v = {verdict}",
             "    if v is True:",
             f"        {f} = _P{index}.copy()",
             f"        {f}['missing'] = []",
             "    elif v is False:",
             f"        {f} = _F{index}.copy()",
             f"        {f}['missing'] = []",
             "    else:",
             f"        {f} = _U{index}.copy()",
             f"        {f}['missing'] = m = sorted(v.missing)",
             "        missing = {*missing, *m}",
             f"    {f}['values'] = {{{', '.join(entries)}}}"]
    if criterion.exceptions:
        constants[f"_SHOWN{index}"] = prepared.shown[index]
        lines += [f"    chain = tuple({applied})",
                  f"    {f}['text'], {f}['illustrative'] = _SHOWN{index}.get(chain) or "
                  f"_slow_shown({index}, chain)",
                  f"    {f}['exceptions'] = list(chain)"]
    else:
        lines.append(f"    {f}['exceptions'] = []")
    return [*lines,
            f"    cr{index} = _new(_CR)",
            f"    _set_dict(cr{index}, {f})",
            f"    _set_fields(cr{index}, _CR_SET)",
            f"    _set_extra(cr{index}, None)",
            f"    _set_private(cr{index}, None)"]


def output_lines(indent: str) -> list[str]:
    """The lines that sort one output (``name``, ``value``) into the amounts or the
    details, with its label (amounts' labels first), or gather the facts it misses."""
    return [f"{indent}{line}" for line in (
        "if isinstance(value, _Absent):",
        "    pass",  # given only in some cases, not in this one
        "elif isinstance(value, _Unknown):",
        "    missing = {*missing, *value.missing}",
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


def assembled(prepared: Any, constants: dict[str, Any], illustrative: str | None = None
              ) -> list[str]:
    """The lines that find the applicant's category and build the decision (with the
    ``illustrative`` outputs' expression, if given)."""
    results = [f"cr{index}" for index in range(len(prepared.criteria))]
    return [*_category(prepared, constants), "    d = _new(_D)",
            *_decision(prepared, results, constants, illustrative),
            "    _set_fields(d, _D_SET)",
            "    _set_extra(d, None)",
            "    _set_private(d, None)",
            "    return d"]


def _category(prepared: Any, constants: dict[str, Any]) -> list[str]:
    """The lines that find the applicant's category and its name (the names of every
    category for every sex are constants). The one category every person the program
    applies to holds (``prepared.category``: a child is a rights holder) is a constant
    too. Else the household's method is called as a function for a :class:`Household`
    itself (a method read off a pydantic model is looked up and bound on each call), as a
    method for a subclass's."""
    if prepared.category is not None:
        constants["_CATEGORY"] = prepared.category
        constants["_CATEGORY_LABEL"] = constants["_CATEGORY_LABELS"][prepared.category]
        return [
            "    category = _CATEGORY",
            "    category_label = _CATEGORY_LABEL.get(applicant.sex) or _label(",
            "        category, _LANG, applicant.sex)",
        ]
    return [
        "    category = _category_of(household, applicant, on) if type(household) is _Household"
        " else household.category_of(applicant, on)",
        "    if category is None:",
        "        category_label = None",
        "    else:",
        "        category_label = _CATEGORY_LABELS[category].get(applicant.sex) or _label(",
        "            category, _LANG, applicant.sex)",
    ]


def _decision(prepared: Any, results: list[str], constants: dict[str, Any],
              illustrative: str | None) -> list[str]:
    """The lines that fill the decision's fields (in the model's order)."""
    by_outcome = illustrative is not None
    if illustrative is None:
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
        "parameters": "{**_PARAMETERS}" if prepared.parameters else "{}",
        # Nobody is left out of a household with nothing kept beside its fields (most).
        "not_yet_born": "[] if household.__pydantic_private__ is None else "
                        "[*household.not_yet_born]",
        "illustrative_outputs": illustrative,
        "illustrative_parameters": "[*_B_illustrative_parameters]"
                                   if prepared.base["illustrative_parameters"] else "[]",
        "status": "_B_status", "status_label": "_B_status_label",
        "evidence": "_B_evidence", "evidence_label": "_B_evidence_label",
        "sources": "[*_B_sources]", "rulebook_hash": "_B_rulebook_hash",
        "engine": "_B_engine", "next_change": "None",
    }
    # A copy of the fields fixed for the program, period and language, then the others
    # (copying a dict costs less than building one this size). Given the outputs'
    # expression (the whole decision in one function, where the outcome is eligible or
    # ineligible), one copy per outcome, with the outcome and its label.
    fixed = {key: prepared.base[expr[3:]] if expr.startswith("_B_") else None
             for key, expr in fields.items()}
    constants["_FIELDS"] = fixed
    template = "_FIELDS"
    if by_outcome:
        for outcome in (Outcome.ELIGIBLE, Outcome.INELIGIBLE):
            constants[f"_FIELDS_{outcome.name}"] = {
                **fixed, "outcome": outcome, "outcome_label": prepared.words[outcome]}
            fields["outcome"] = fields["outcome_label"] = "_B_"
        template = "(_FIELDS_ELIGIBLE if outcome is _ELIGIBLE else _FIELDS_INELIGIBLE)"
    return [f"    f = {template}.copy()",
            *[f"    f[{key!r}] = {expr}" for key, expr in fields.items()
              if expr != "None" and not expr.startswith("_B_")],
            "    _set_dict(d, f)"]
