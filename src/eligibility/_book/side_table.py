"""The side table of compact roster output, and the way back to full decisions.

What every decision of a program shares in one period and language — the parts the
explainer prepares once, each criterion's text and assumption mark for each list of
exceptions that can apply, the values every row reads alike — is one row of the side
table (:func:`side_table`). A compact decision row (:mod:`.compact`) and its side-table
row give back the full :class:`Decision` (:func:`expand_compact`): nothing is lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from eligibility._compile.ir import Output, Program, shown_with_unit
from eligibility._engines.columnar.plan import Plan
from eligibility._model.decision import CriterionResult, Decision, OutputLabel
from eligibility._model.household import Category
from eligibility._model.texts import Texts, Unit
from eligibility._model.values import to_value
from eligibility._model.vocabulary import CriterionStatus, Language, Outcome

from .explain import Explainer, not_in_force_result, shown

__all__ = ["expand_compact", "side_table"]


# -- the side table ---------------------------------------------------------------------------


def side_table(explainer: Explainer, program: Program, on: date, lang: Language,
               plan: Plan | None = None) -> dict[str, Any]:
    """What every decision of ``program`` in the period of ``on``, in ``lang``, shares:
    the parts the explainer prepares once (so both say the same), each criterion's text
    and assumption mark for each list of exceptions that can apply, and the values read
    that are the same on every row (``plan``: the program's plan, after a first pass)."""
    from eligibility._engines.columnar.plan import plan_for  # noqa: PLC0415

    prepared = explainer.prepared(program, on, lang)
    base = {k: v.model_dump(mode="json") if hasattr(v, "model_dump") else
            [i.model_dump(mode="json") for i in v] if k == "sources" else
            v.value if isinstance(v, Enum) else v
            for k, v in prepared.base.items()}
    out: dict[str, Any] = {"program": program.id, "period": program.epoch(on),
                           "lang": lang.value, "decision": base,
                           "illustrative_outputs": list(prepared.assumed_outputs),
                           "words": dict(prepared.words),
                           "outputs": {o.name: _output(o, lang, prepared.params)
                                       for o in program.outputs}}
    if not program.in_force(on):
        out.update(in_force=False, criteria=[], parameters={},
                   not_in_force=not_in_force_result(program, on, lang).model_dump(mode="json"))
        return out
    params = prepared.params
    if plan is None:  # the values every row reads alike are found by a first pass
        plan = plan_for(program, on, program.definitions)
    criteria = []
    used: set[str] = set()
    for index, criterion in enumerate(prepared.criteria):
        read: list[dict[str, Any]] = []
        for number, (i, j) in enumerate(plan.observables):
            if i != index:
                continue
            observable = criterion.observables[j]
            if observable.source in params:
                used.add(observable.source)
            if number in plan.constants:
                read.append({"source": observable.source,
                             "value": to_value(plan.constants[number])})
            else:
                read.append({"source": observable.source, "type": str(observable.type)})
        marks = [shown(criterion, chain, prepared.texts[index], prepared.assumed[index],
                       params, on, lang) for chain in plan.chains[index]]
        criteria.append({"id": criterion.id,
                         "chains": [list(chain) for chain in plan.chains[index]],
                         "texts": [text for text, _ in marks],
                         "illustrative": [mark for _, mark in marks], "read": read})
    out.update(in_force=True, criteria=criteria,
               parameters={k: to_value(params[k]) for k in sorted(used)})
    return out


def _output(output: Output, lang: Language, params: Mapping[str, Any]) -> dict[str, Any]:
    """What an output's values are read with: its title in ``lang``, its unit and the
    labels of its text values (each value is shown as the decision shows it)."""
    return {"label": output.title(lang, params),
            "unit": None if output.unit is None else output.unit.model_dump(
                mode="json", exclude_none=True),
            "labels": {value: texts.model_dump(mode="json", exclude_none=True)
                       for value, texts in output.labels.items()}}


# -- back to decisions ------------------------------------------------------------------------


def expand_compact(row: Mapping[str, Any], side: Mapping[str, Any], on: date) -> Decision:
    """The full :class:`Decision` a compact decision row and its side-table row make."""
    category = row["category"]
    common: dict[str, Any] = {
        **side["decision"], "on": on, "household": row["household"],
        "applicant": row["applicant"], "category": Category(category) if category else None,
        "category_label": row["category_label"], "outcome": Outcome(row["outcome"]),
        "outcome_label": side["words"][row["outcome"]],
        "not_yet_born": list(row["not_yet_born"] or []),
    }
    if not side["in_force"]:
        return Decision(**common, criteria=[CriterionResult(**side["not_in_force"])])
    amounts = json.loads(row["amounts"])
    details = json.loads(row["details"])
    values = iter(json.loads(row["values"]))
    unknown = json.loads(row["unknown"])
    results, chains = json.loads(row["results"]), json.loads(row["exceptions"])
    criteria = []
    for index, criterion in enumerate(side["criteria"]):
        chain = chains[index]
        criteria.append(CriterionResult(
            id=criterion["id"], result=CriterionStatus(results[index]),
            result_label=side["words"][results[index]],
            text=criterion["texts"][chain], values=_read(criterion, values),
            exceptions=criterion["chains"][chain],
            missing=sorted(unknown.get(criterion["id"]) or []),
            illustrative=criterion["illustrative"][chain]))
    return Decision(
        **common, amounts=amounts, details=details,
        output_labels=_output_labels(side, amounts, details), criteria=criteria,
        missing=sorted(json.loads(row["missing"])), parameters=side["parameters"],
        illustrative_outputs=[n for n in side["illustrative_outputs"]
                              if n in amounts or n in details])


def _output_labels(side: Mapping[str, Any], amounts: Mapping[str, Any],
                   details: Mapping[str, Any]) -> dict[str, OutputLabel]:
    """Each amount and detail as a person reads it, as the explainer shows it."""
    lang = side["lang"]
    out: dict[str, OutputLabel] = {}
    for name, value in [*((n, Decimal(str(v))) for n, v in amounts.items()),
                        *details.items()]:
        spec = side["outputs"].get(name)
        if spec is None:
            continue
        unit = None if spec["unit"] is None else Unit.model_validate(spec["unit"])
        labels = {k: Texts.model_validate(v) for k, v in spec["labels"].items()}
        out[name] = OutputLabel(label=spec["label"],
                                value=shown_with_unit(value, unit, lang, labels))
    return out


def _read(criterion: Mapping[str, Any], values: Iterator[Any]) -> dict[str, Any]:
    """A criterion's values read, in the order it reads them: the side table's constants,
    and the row's values."""
    return {read["source"]: read["value"] if "value" in read else next(values)
            for read in criterion["read"]}
