"""Compilation of one program for one epoch: its IR turned into rules and derived facts.

Every condition is compiled in four polarities (see :mod:`.conditions`); what Rete cannot
compare exactly, or what grows too large, becomes a derived fact (:mod:`.facts`).
Criteria (with their exceptions) and outputs (with their rows) become plans
(:class:`~.plan._Plan`), whose rules are grouped into facts.
"""

from __future__ import annotations

from collections.abc import Iterable

from eligibility._compile.ir import Criterion, CriterionException, Output
from eligibility._compile.logic import TRUE, TooLarge
from eligibility._language.ast import Node
from eligibility._model.errors import EvaluationError

from .conditions import _Conditions
from .encoding import (
    _Quant,
)
from .limits import MAX_GROUP_RULES, MAX_PROPERTIES, MAX_RULE_ENTRIES
from .literals import RULES, Form, _entries, _fnv1a, _lit_props, _render_term
from .plan import _Group, _Plan, _Rule


class _Builder(_Conditions):
    """Turns one program's IR, for one epoch, into durable-rules rules and derived facts."""

    def criterion(self, index: int, criterion: Criterion) -> _Plan:
        paths: list[tuple[str, ...]] = []
        rules: list[_Rule] = []
        try:
            outcomes = self.level(criterion.exceptions, criterion.when.node, TRUE, ())
        except TooLarge:
            return _Plan([], frozenset(), interpreted="its exceptions have too many cases")
        for applied, true, false in outcomes:
            paths.append(applied)
            number = len(paths) - 1
            rules.extend(_Rule(t, f"c{index}", f"T{number}") for t in true)
            rules.extend(_Rule(t, f"c{index}", f"F{number}") for t in false)
        return self.checked(rules, tuple(paths))

    def level(self, exceptions: tuple[CriterionException, ...], base: Node, guard: Form,
              applied: tuple[str, ...]) -> list[tuple[tuple[str, ...], Form, Form]]:
        """Outcomes (exceptions applied, definitely true, definitely false) of one level:
        the first exception whose condition is true applies; when some are unknown, the
        value is known only if every candidate agrees (as ``kleene_criterion`` decides).

        Each exception's own level is built once (:meth:`exception_level`) and conjoined
        with the condition under which it is chosen, so the work grows with the number of
        exceptions, not twice per level of nesting."""
        out: list[tuple[tuple[str, ...], Form, Form]] = []
        prefix = guard
        whens = [self.inline(e.when.node) for e in exceptions]
        subs = [self.exception_level(e) for e in exceptions]
        for exception, when, sub in zip(exceptions, whens, subs, strict=True):
            chosen = RULES.conjoin(prefix, self.form(when, "T", None))
            if chosen:
                out.extend(((*applied, exception.id, *inner), RULES.conjoin(chosen, true),
                            RULES.conjoin(chosen, false)) for inner, true, false in sub)
            prefix = RULES.conjoin(prefix, self.form(when, "NT", None))
        node = self.inline(base)
        true = RULES.conjoin(prefix, self.form(node, "T", None))
        false = RULES.conjoin(prefix, self.form(node, "F", None))
        for when, sub in zip(whens, subs, strict=True):
            skipped = self.form(when, "F", None)
            true = RULES.conjoin(true, RULES.disjoin(skipped, *(t for _, t, _ in sub)))
            false = RULES.conjoin(false, RULES.disjoin(skipped, *(f for _, _, f in sub)))
        out.append((applied, true, false))
        return out

    def exception_level(self, exception: CriterionException
                        ) -> list[tuple[tuple[str, ...], Form, Form]]:
        """The outcomes of an exception's own level, unguarded (built once)."""
        found = self.levels.get(id(exception))
        if found is None:
            found = self.level(exception.exceptions, self.inline(exception.then.node), TRUE,
                               ())
            self.levels[id(exception)] = found
            self._keep.append(exception)
        return found

    def output(self, index: int, output: Output) -> _Plan:
        rules: list[_Rule] = []
        prefix = TRUE
        try:
            for number, row in enumerate(output.rows):
                if row.when is None:
                    chosen = prefix
                else:
                    when = self.inline(row.when.node)
                    chosen = RULES.conjoin(prefix, self.form(when, "T", None))
                    prefix = RULES.conjoin(prefix, self.form(when, "F", None))
                rules.extend(_Rule(t, f"o{index}", f"{number}") for t in chosen)
                if row.when is None:
                    break
        except TooLarge:
            return _Plan([], frozenset(), interpreted="its rows have too many cases")
        return self.checked(rules, ())

    def checked(self, rules: list[_Rule], paths: tuple[tuple[str, ...], ...]) -> _Plan:
        if len(rules) > MAX_GROUP_RULES - 1:
            return _Plan([], frozenset(), interpreted="it needs more rules than one fact allows")
        for rule in rules:
            if _entries(_render_term(rule.term)) + 2 > MAX_RULE_ENTRIES:
                return _Plan([], frozenset(), interpreted="a rule nests too many conditions")
        return _Plan(rules, frozenset(self.reads(rules)), paths)

    def reads(self, rules: Iterable[_Rule]) -> set[int]:
        """Derived facts (slot numbers; ``-1 - q`` for quantifier ``q``) the rules read."""
        out: set[int] = set()
        for rule in rules:
            for lit in rule.term:
                if lit[0] == "arr":
                    out.add(-1 - int(lit[2][1:].split("_")[0]))
                    continue
                for prop in _lit_props(lit):
                    slot = self.slot_of(prop)
                    out.add(slot.index if slot is not None else -1 - int(prop[1:-1]))
        return out

    def fill(self, group: _Group) -> None:
        """Which properties (and array copies) the fact of ``group`` needs."""
        names: set[str] = set()
        arrays: dict[str, tuple[_Quant, set[str]]] = {}
        lengths: set[int] = set()
        for rule in group.rules:
            for lit in rule.term:
                if lit[0] == "arr":
                    quant = self.quants[int(lit[2][1:].split("_")[0])]
                    inner = {p for item in lit[3] for p in _lit_props(item)}
                    arrays.setdefault(lit[2], (quant, set()))[1].update(
                        p.removeprefix("$i.") for p in inner)
                    continue
                for prop in _lit_props(lit):
                    if prop.startswith("q"):
                        lengths.add(int(prop[1:-1]))
                    else:
                        names.add(prop)
        group.props = [self.props[n] for n in sorted(names)]
        for name in sorted(arrays):
            quant, wanted = arrays[name]
            table = self.item_props[quant.index]
            group.arrays.append((name, quant, [table[p] for p in sorted(wanted)]))
        group.lengths = [self.quants[i] for i in sorted(lengths)]
        top = [p.name for p in group.props] + [name for name, _, _ in group.arrays] + \
            [q.length for q in group.lengths] + ["g", "sid", "id", "$s"]
        if len(top) > MAX_PROPERTIES or len({_fnv1a(n) for n in top}) != len(top):
            raise EvaluationError(f"program {self.program.id}: a durable-rules fact would have "
                                  "too many or clashing properties")
        for _, _, item_props in group.arrays:
            inner_names = [f"$i.{p.name}" for p in item_props]
            if len({_fnv1a(n) for n in inner_names}) != len(inner_names):
                raise EvaluationError(f"program {self.program.id}: a durable-rules array item "
                                      "would have clashing properties")
