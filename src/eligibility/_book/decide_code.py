"""A whole decision as one generated function, for the native engine: per program, period
and language, the engine's inline statements (:mod:`eligibility._engines.native.module`)
evaluate, and the lines of :mod:`.explain_code` assemble the decision in the same frame.

The criteria's results, the exceptions applied, the values read and the outputs are the
frame's local variables: no :class:`~eligibility._engines.protocol.Evaluation` is built,
nor the tuples and dict that carry them. What the generated code knows for the period is
a constant: a value read that is a parameter or a literal is recorded once, each output's
name is written into its lines (the outputs are unrolled), and an amount is labelled by
the value the engine gave (an ``int`` and the equal ``Decimal`` are one key of the labels
made once). A fact the fast path cannot read hands the decision to ``fallback``, the
evaluation's path, which says which facts are missing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from eligibility._language.ast import Literal, Name
from eligibility._model.values import to_value

from .explain_code import (
    LABELS_KEPT,
    Decide,
    assembled,
    constants_of,
    criterion_lines,
    executed,
    output_lines,
)

if TYPE_CHECKING:
    from eligibility._engines.native.engine import Compiled

__all__ = ["generate_decide"]

#: What the assembling code calls, beside the engine's few built-ins.
_BUILTINS = {"bool": bool, "dict": dict, "int": int, "isinstance": isinstance, "list": list,
             "set": set, "sorted": sorted, "str": str, "tuple": tuple, "type": type}
#: The names the engine's statements give to the household, the applicant and the date.
_ENV = frozenset({"applicant", "household", "on"})


def generate_decide(prepared: Any, lang: Any, slow_shown: Callable[[int, tuple[str, ...]],
                                                                    tuple[str, bool]],
                    compiled: Compiled, fallback: Decide) -> Decide:
    """The function that evaluates with the native engine's ``compiled`` code and
    assembles the decision in one frame, for ``prepared`` (the explainer's parts of one
    program, period and language); ``fallback`` decides when a fact is unknown."""
    constants = constants_of(prepared, lang, slow_shown)
    clash = set(constants) & set(compiled.namespace)
    assert not clash, f"names both the engine and the explanation use: {sorted(clash)}"
    lines = ["def decide(h, a, on):", *compiled.inline,
             "    household, applicant = h, a",
             "    missing = ()"]  # a set once a fact is missing
    read = 0
    for index, criterion in enumerate(prepared.criteria):
        count = len(criterion.observables)
        lines += criterion_lines(index, criterion, prepared, constants, f"c{index}",
                                 [f"o{k}" for k in range(read, read + count)], f"x{index}",
                                 _fixed(criterion.observables, prepared.params))
        read += count
    lines += _outputs(prepared, constants)
    lines += assembled(prepared, constants, "illustrative")
    def whole(kept: dict[int, Any], name: str, value: int) -> tuple[Decimal, Any]:
        """A whole amount's decimal and label, kept for the next decisions (at most
        :data:`~.explain_code.LABELS_KEPT` per output: amounts computed from a household's
        own figures must not grow it without end)."""
        amount = Decimal(value)
        found = (amount, prepared.output_label(name, amount, lang))  # looks up its own
        if len(kept) < LABELS_KEPT:
            kept[value] = found
        return found

    namespace = {**compiled.namespace, **constants, "_fallback": fallback, "_whole": whole,
                 "__builtins__": {**compiled.namespace["__builtins__"], **_BUILTINS}}
    name = f"<decide {prepared.base['program']} {lang}>"
    function: Decide = executed(lines, namespace, name)["decide"]
    return function


def _fixed(observables: tuple[Any, ...], params: dict[str, Any]) -> dict[int, Any]:
    """The values read that are the same all the period, recorded as a decision records
    them, by position: a literal, or a parameter (as the engine's code reads them: a name
    is the household, the applicant or the date first, then a parameter; a list literal
    is a tuple). A list's items are recorded once (each decision copies the list)."""
    fixed: dict[int, Any] = {}
    for position, observable in enumerate(observables):
        node = observable.node
        if isinstance(node, Literal):
            value = node.value
            fixed[position] = to_value(tuple(value) if isinstance(value, list) else value)
        elif isinstance(node, Name) and node.id not in _ENV and node.id in params:
            value = params[node.id]
            fixed[position] = to_value(tuple(value) if isinstance(value, list) else value)
    return fixed


def _outputs(prepared: Any, constants: dict[str, Any]) -> list[str]:
    """The lines that sort the outputs, unrolled, into the amounts and the details (when
    eligible: an ineligible decision has none), and list those resting on an
    assumption."""
    if not prepared.outputs:
        return ["    amounts, details, output_labels, illustrative = {}, {}, {}, []"]
    # The details' labels (``ld``) are made only when a detail may be given (most outputs
    # are amounts).
    lines = ["    if outcome is _ELIGIBLE:", "        amounts, details, la, ld = {}, {}, {}, None"]
    for number, name in enumerate(prepared.outputs):
        constants[f"_ON{number}"] = name
        constants[f"_AMOUNTS{number}"] = {}
        lines += [
            # A whole amount (the common case): its decimal and label, made once; a
            # decimal as it is (immutable); anything else the general way.
            f"        if type(value := u{number}) is int:",
            f"            found = _AMOUNTS{number}.get(value)",
            "            if found is None:",
            f"                found = _whole(_AMOUNTS{number}, _ON{number}, value)",
            f"            amounts[_ON{number}], label = found",
            "            if label is not None:",
            f"                la[_ON{number}] = label",
            "        elif type(value) is _Dec:",
            f"            amounts[_ON{number}] = value",
            f"            label = _LABELLED.get((_ON{number}, value))",
            "            if label is None:",
            f"                label = _output_label(_ON{number}, value, _LANG)",
            "            if label is not None:",
            f"                la[_ON{number}] = label",
            "        else:",
            f"            name = _ON{number}",
            "            if ld is None:",
            "                ld = {}",
            *output_lines("            "),
        ]
    lines += ["        output_labels = {**la, **ld} if ld else la",
              "        illustrative = []"]
    for number, name in enumerate(prepared.assumed_outputs):
        constants[f"_AO{number}"] = name
        lines += [f"        if _AO{number} in amounts or _AO{number} in details:",
                  f"            illustrative.append(_AO{number})"]
    return [*lines, "    else:",
            "        amounts, details, output_labels, illustrative = {}, {}, {}, []"]
