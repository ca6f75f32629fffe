"""The Python source of one program for one epoch, as the native engine runs it.

The generated module defines:

* ``d_<name>(args..., h, on)``: each shared definition;
* ``core(h, a, on)``: the fast path — one pass over every active criterion, with the reads
  that repeat computed once; any unknown fact hands the evaluation to ``careful``;
* ``careful(h, a, on)``: each criterion on its own; one that reads an unknown fact is
  asked of the three-valued interpreter (``_slow``), which names the missing facts;
* ``observe(h, a, on)``: the values each criterion read, for its explanation (one that
  reads an unknown fact is asked of the interpreter, ``_slow_observe``, which may still
  know it: ``disabled or age < 21`` is true for a disabled child of unknown age);
* ``output<i>(h, a, on)`` and ``outputs(h, a, on)``: the benefit outputs;
* ``evaluate(h, a, on)``: all of it, as an :class:`~eligibility.Evaluation`.

Besides the module, :func:`module_source` gives the *inline* statements: the same
evaluation as the body of a function of ``h``, ``a`` and ``on``, for a caller that
generates the rest of that function (the rule book assembles the decision in the same
frame). They set ``c<i>`` (each criterion's result), ``x<i>`` (the exceptions applied,
for a criterion that has any), ``o<k>`` (every value read, criterion after criterion),
``outcome``, and when eligible ``u<j>`` (each output's value); a fact the fast path
cannot read returns ``_fallback(h, a, on)``, and an arithmetic error raises
``_arithmetic_error(exc)`` (names the caller puts in the namespace). A value the
criteria compute and the values read or the outputs need again is kept in ``q<j>``
where it is first computed (:mod:`.kept`); ``_NOT_READ`` marks one a short-circuit
skipped.

Only the checker's annotated tree reaches :class:`~.codegen.PyGen`, so rule text never
becomes Python text except as the ``repr`` of a literal value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eligibility._compile.ir import Criterion, CriterionException, Definition, Output
from eligibility._engines.codegen import PyGen
from eligibility._language.ast import Attr, Name, Node

from .kept import always_computed, kept

__all__ = ["module_source"]

_ENV = {"applicant": "a", "household": "h", "on": "on"}


def module_source(gen: PyGen, criteria: tuple[Criterion, ...], outputs: tuple[Output, ...],
                  definitions: Mapping[str, Definition], params: Mapping[str, Any]
                  ) -> tuple[str, tuple[str, ...]]:
    """The module's source text and the inline statements (their constants collect in
    ``gen.consts``)."""
    lines: list[str] = []
    lines += _definitions(gen, definitions)
    lines += _careful(gen, criteria)
    lines += _observe(gen, criteria, definitions)
    core = _core(gen, criteria, frozenset({"applicant", "household", "on", *params}))
    lines += core
    # The inline statements run core's statements, so they can read what it hoisted.
    inline = _inline(gen, criteria, outputs, definitions, core)
    gen.hoisted.clear()  # the hoisted variables are local to core()
    lines += _outputs(gen, outputs)
    lines += [
        "def evaluate(h, a, on):",
        "    outcome, verdicts, applied = core(h, a, on)",
        "    observed = observe(h, a, on)",
        "    if outcome is _INELIGIBLE:",
        "        return _Evaluation(outcome, verdicts, applied, observed, _NO_OUTPUTS)",
        "    return _Evaluation(outcome, verdicts, applied, observed, outputs(h, a, on))",
    ]
    return "\n".join(lines) + "\n", tuple(inline)


def _inline(gen: PyGen, criteria: tuple[Criterion, ...], outputs: tuple[Output, ...],
            definitions: Mapping[str, Definition], core: list[str]) -> list[str]:
    """The whole evaluation as statements (see the module's docstring): core's pass over
    the criteria, then the values read — a value that is a criterion's whole condition, its
    first exception's condition (``w<i>``) or a part computed once is not computed again,
    nor one the pass computed on its way (kept in ``q<j>`` where it is computed, and
    computed here only where a short-circuit skipped it) — then the outputs when eligible
    (which read a value the pass always computes from where it keeps it)."""
    reused = {c.when.node.key(): f"c{i}" for i, c in enumerate(criteria) if not c.exceptions}
    reused.update({c.exceptions[0].when.node.key(): f"w{i}"
                   for i, c in enumerate(criteria) if c.exceptions})
    always = {node.key() for c in criteria if not c.exceptions
              for node in always_computed(c.when.node)}
    captured = gen.captured = kept(gen, criteria, outputs, reused, always)
    try:
        ends = core.index("    except _Missing:")
        hoisted = core[2:2 + len(gen.hoisted)]  # one line per value computed once
        body = [*hoisted, *(line for index, criterion in enumerate(criteria)
                            for line in _criterion(gen, criterion, index, "        "))]
        assert len(body) == ends - 2, "the inline pass differs from core's"
    finally:
        gen.captured = {}
    skipped = sorted({name for key, name in captured.items() if key not in always})
    if skipped:  # what a short-circuit may skip
        body.insert(0, f"        {' = '.join(skipped)} = _NOT_READ")
    body = [f"    {line}" for line in body] or ["            pass"]
    lines = ["    try:", "        try:", *body, "        except _Missing:",
             "            return _fallback(h, a, on)"]
    counter = 0
    for criterion in criteria:
        for observable in criterion.observables:
            key = observable.node.key()
            name = reused.get(key)
            if name is not None:
                lines.append(f"        o{counter} = {name}")
            elif key in always and key in captured:
                lines.append(f"        o{counter} = {captured[key]}")
            elif key in captured:
                lines += [f"        if (o{counter} := {captured[key]}) is _NOT_READ:",
                          *_observed(gen, observable.node, counter, definitions,
                                     "            ")]
            else:
                lines += _observed(gen, observable.node, counter, definitions, "        ")
            counter += 1
    met = " and ".join(f"c{i}" for i in range(len(criteria))) or "True"
    lines += [f"        if {met}:", "            outcome = _ELIGIBLE"]
    hoisted_before = gen.hoisted
    gen.hoisted = {**gen.hoisted, **{k: n for k, n in captured.items() if k in always}}
    try:
        for number, output in enumerate(outputs):
            lines += ["            try:",
                      *_inline_output(gen, output, number, "                "),
                      "            except _Missing:",
                      f"                u{number} = _slow_output({output.name!r}, h, a, on)"]
    finally:
        gen.hoisted = hoisted_before
    return [*lines, "        else:", "            outcome = _INELIGIBLE",
            "    except _ArithmeticError as exc:",
            "        raise _arithmetic_error(exc) from None"]


def _definitions(gen: PyGen, definitions: Mapping[str, Definition]) -> list[str]:
    lines = []
    for name, definition in definitions.items():
        args = [f"v_{p}" for p, _ in definition.params]
        env = {"household": "h", "on": "on", **{p: f"v_{p}" for p, _ in definition.params}}
        lines.append(f"def d_{name}({', '.join([*args, 'h', 'on'])}):")
        lines.append(f"    return {gen.expr(definition.value.node, env)}")
    return lines


def _verdicts(count: int) -> tuple[str, str]:
    return ("".join(f"c{i}, " for i in range(count)),
            "".join(f"x{i}, " for i in range(count)))


def _careful(gen: PyGen, criteria: tuple[Criterion, ...]) -> list[str]:
    lines = ["def careful(h, a, on):"]
    for index, criterion in enumerate(criteria):
        lines.append(f"    # criterion {criterion.id!r}")
        lines.append("    try:")
        lines.extend(_criterion(gen, criterion, index, "        "))
        lines.append("    except _Missing:")
        lines.append(f"        c{index}, x{index} = _slow({index}, h, a, on)")
        if not criterion.exceptions:
            lines.insert(-2, f"        x{index} = ()")
    if not criteria:
        return [*lines, "    return _ELIGIBLE, (), ()"]
    values, applied = _verdicts(len(criteria))
    falses = " or ".join(f"c{i} is False" for i in range(len(criteria)))
    trues = " and ".join(f"c{i} is True" for i in range(len(criteria)))
    return [*lines,
            f"    if {falses}:",
            f"        return _INELIGIBLE, ({values}), ({applied})",
            f"    if {trues}:",
            f"        return _ELIGIBLE, ({values}), ({applied})",
            f"    return _UNDETERMINED, ({values}), ({applied})"]


def _observe(gen: PyGen, criteria: tuple[Criterion, ...],
             definitions: Mapping[str, Definition]) -> list[str]:
    """What each criterion read, for explanations (unknown or failing reads give None)."""
    lines = ["def observe(h, a, on):"]
    groups: list[str] = []
    counter = 0
    for criterion in criteria:
        names = []
        for observable in criterion.observables:
            lines += _observed(gen, observable.node, counter, definitions, "    ")
            names.append(f"o{counter}, ")
            counter += 1
        groups.append("(" + "".join(names) + "), ")
    lines.append(f"    return ({''.join(groups)})")
    return lines


def _observed(gen: PyGen, node: Node, counter: int, definitions: Mapping[str, Definition],
              indent: str) -> list[str]:
    """The lines that set ``o<counter>`` to a value read (``None`` when it is unknown or
    cannot be computed)."""
    stored = _stored(gen, node)
    if stored is not None:  # None when unknown, without raising and catching Missing
        return [f"{indent}o{counter} = {stored}"]
    if isinstance(node, Attr) and node.info is not None and node.info.derived == "divorced" \
            and isinstance(node.obj, Name) and node.obj.id in _ENV:
        # whether a person is divorced: None for someone who is not a spouse, at once
        return [f"{indent}o{counter} = _divorced_read({_ENV[node.obj.id]}, on)"]
    # A plain read of an unknown fact is unknown; only a composite value (a definition,
    # an expression) may still be known to the three-valued reading.
    fallback = "None" if _plain_read(node, definitions) \
        else f"_slow_observe({counter}, h, a, on)"
    return [f"{indent}try:",
            f"{indent}    o{counter} = {gen.expr(node, _ENV)}",
            f"{indent}except _Missing:",
            f"{indent}    o{counter} = {fallback}",
            f"{indent}except _EvaluationError:",
            f"{indent}    o{counter} = None"]


def _stored(gen: PyGen, node: Node) -> str | None:
    """For a stored field that may be unknown, read through stored fields that cannot
    (``applicant.bac_score``, ``household.affiliate.death_date``), the code that reads it
    as it is, ``None`` when unknown (what :meth:`PyGen.attr` reads, without the check);
    else ``None``."""
    if not isinstance(node, Attr) or node.info is None or node.info.derived is not None \
            or not (node.info.partial or node.info.nullable):
        return None
    link = node.obj
    while isinstance(link, Attr):
        if link.info is None or link.info.derived is not None or link.info.may_be_unknown:
            return None
        link = link.obj
    if not (isinstance(link, Name) and link.id in _ENV):
        return None
    obj = gen.expr(node.obj, _ENV)
    if node.info.partial:  # a field of the person's own model, if it has it (pydantic's
        # fallback for an attribute a model lacks is slow)
        return f"{obj}.__dict__.get({node.info.name!r})"
    return f"{obj}.{node.info.name}"


#: The most rows of an output written out in the inline statements (as ``elif``s, which
#: nest); a longer table is called (``output<j>``, flat ``if``s).
MAX_INLINE_ROWS = 16


def _inline_output(gen: PyGen, output: Output, number: int, indent: str) -> list[str]:
    """The lines that set ``u<number>`` to the output's value (``output<number>``'s rows
    written out)."""
    if len(output.rows) > MAX_INLINE_ROWS:
        return [f"{indent}u{number} = output{number}(h, a, on)"]
    lines: list[str] = []
    keyword = "if"
    for row in output.rows:
        then = gen.expr(row.then.node, _ENV)
        if row.when is None:
            if not lines:
                return [f"{indent}u{number} = {then}"]
            return [*lines, f"{indent}else:", f"{indent}    u{number} = {then}"]
        lines += [f"{indent}{keyword} {gen.expr(row.when.node, _ENV)}:",
                  f"{indent}    u{number} = {then}"]
        keyword = "elif"
    return [*lines, f"{indent}else:", f"{indent}    u{number} = _no_match({output.name!r})"]


def _plain_read(node: Node, definitions: Mapping[str, Definition]) -> bool:
    """A stored value: a parameter, or a chain of attributes over a name
    (``applicant.remarried``) — not a shared definition, whose value is composite."""
    while isinstance(node, Attr):
        node = node.obj
    return isinstance(node, Name) and node.id not in definitions


def _core(gen: PyGen, criteria: tuple[Criterion, ...], top_level: frozenset[str]) -> list[str]:
    """The fast version: one pass with repeated reads computed once."""
    roots = [e.node for c in criteria for e in c.expressions()]
    lines = ["def core(h, a, on):", "    try:"]
    for name, code in gen.hoist(roots, top_level):
        lines.append(f"        {name} = {code}")
    for index, criterion in enumerate(criteria):
        lines.extend(_criterion(gen, criterion, index, "        "))
    lines.append("    except _Missing:")
    lines.append("        return careful(h, a, on)")
    if not criteria:
        return [*lines, "    return _ELIGIBLE, (), ()"]
    values, _ = _verdicts(len(criteria))
    applied = "".join(f"x{i}, " if c.exceptions else "(), " for i, c in enumerate(criteria))
    return [*lines,
            f"    if {' and '.join(f'c{i}' for i in range(len(criteria)))}:",
            f"        return _ELIGIBLE, ({values}), ({applied})",
            f"    return _INELIGIBLE, ({values}), ({applied})"]


def _criterion(gen: PyGen, criterion: Criterion, index: int, indent: str) -> list[str]:
    return _level(gen, criterion.exceptions, criterion.when.node, (), index, indent)


def _level(gen: PyGen, exceptions: tuple[CriterionException, ...], base: Node,
           applied: tuple[str, ...], index: int, indent: str) -> list[str]:
    """A criterion with its exceptions as nested ``if``s (default logic: the first
    exception whose condition holds decides, recursively)."""
    lines: list[str] = []
    keyword = "if"
    for exception in exceptions:
        condition = gen.expr(exception.when.node, _ENV)
        if not applied and keyword == "if":  # always computed: kept, for the values read
            condition = f"(w{index} := {condition})"
        lines.append(f"{indent}{keyword} {condition}:")
        lines.extend(_level(gen, exception.exceptions, exception.then.node,
                            (*applied, exception.id), index, indent + "    "))
        keyword = "elif"
    inner = indent
    if exceptions:
        lines.append(f"{indent}else:")
        inner = indent + "    "
    lines.append(f"{inner}c{index} = {gen.expr(base, _ENV)}")
    if applied or exceptions:
        lines.append(f"{inner}x{index} = {applied!r}")
    return lines


def _outputs(gen: PyGen, outputs: tuple[Output, ...]) -> list[str]:
    lines: list[str] = []
    for number, output in enumerate(outputs):
        lines.extend(_output(gen, output, f"output{number}"))
    lines += ["def outputs(h, a, on):", "    out = {}"]
    for number, output in enumerate(outputs):
        lines.append("    try:")
        lines.append(f"        out[{output.name!r}] = output{number}(h, a, on)")
        lines.append("    except _Missing:")
        lines.append(f"        out[{output.name!r}] = _slow_output({output.name!r}, h, a, on)")
    return [*lines, "    return out"]


def _output(gen: PyGen, output: Output, name: str) -> list[str]:
    """A function returning the output: one flat ``if`` per table row (nested
    conditional expressions would hit Python's nesting limit on long tables)."""
    lines = [f"def {name}(h, a, on):"]
    for row in output.rows:
        then = gen.expr(row.then.node, _ENV)
        if row.when is None:
            lines.append(f"    return {then}")
            return lines
        lines.append(f"    if {gen.expr(row.when.node, _ENV)}:")
        lines.append(f"        return {then}")
    lines.append(f"    return _no_match({output.name!r})")
    return lines
