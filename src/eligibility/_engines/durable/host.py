"""The durable-rules host of the process, and the compiled ruleset of one program and epoch.

One host for the process, without its timer threads, and a lock around every call into
it. Every rule's action notes in the session state which rule fired; a
:class:`_Compiled` ruleset asserts the facts of one evaluation in its own session and
reads back what fired.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import json
import threading
import warnings
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from eligibility._compile.ir import Criterion, Program
from eligibility._model.errors import EvaluationError
from eligibility._model.household import Household, Person
from eligibility._model.values import Unknown

from .encoding import _ERR, _Bad
from .limits import _import_durable
from .plan import _Group, _Plan

_engine = _import_durable()
_rules_engine = _engine.durable_rules_engine


def _record(c: Any, key: str, code: str) -> None:
    """The action of every rule: note in the session state which rule fired."""
    state = c.s
    previous = state[key]
    if previous is not None and previous != code:
        raise EvaluationError(f"rules disagree on {key}: {previous} and {code}")
    state[key] = code


def _action(key: str, code: str) -> Callable[[Any], None]:
    def act(c: Any) -> None:
        _record(c, key, code)
    return act


class _Host(_engine.Host):  # type: ignore[misc,name-defined]
    """A durable-rules host without its background dispatch threads.

    The stock host polls every ruleset from timer threads, which would race with the
    evaluations (and needs nothing here: no timers, no queued messages).
    """

    def _run(self) -> None:
        return


class _Runtime:
    """The process's single durable-rules host, its rulesets, and the lock around both.

    Rulesets are named after the rule book's content hash (a changed rule book gets new
    ones). The engines of one rule book own its rulesets together: when the last of them
    is collected, the rulesets are deleted from the host, and their compiled code
    dropped, so that a process reloading changed rule books keeps the memory of one.
    A collected engine only notes its hash (a finalizer may run at any allocation, even
    while this thread holds the lock); the next call into durable-rules deletes.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.host = _Host()
        self.compiled: dict[str, _Compiled] = {}
        self.sids = itertools.count(1)
        self.owners: collections.Counter[str] = collections.Counter()
        self.released: collections.deque[str] = collections.deque()

    def own(self, owner: object, prefix: str) -> None:
        """``owner`` (an engine) uses the rulesets named ``prefix...`` until collected."""
        with self.lock:
            self.owners[prefix] += 1
        weakref.finalize(owner, self.released.append, prefix)

    @contextlib.contextmanager
    def calling(self) -> Iterator[Any]:
        """Hold the lock for a call into durable-rules; yield its host.

        durable-rules 2.0.28 calls ``datetime.utcfromtimestamp`` in every action, which
        Python 3.12+ deprecates: under ``-W error`` the action would fail, so its
        deprecation warnings (and only its) are ignored during the call.
        """
        with self.lock, warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"durable\.")
            self._release()
            yield self.host

    def _release(self) -> None:
        """Delete the rulesets no engine owns any more (the lock is held)."""
        while self.released:
            prefix = self.released.popleft()
            self.owners[prefix] -= 1
            if self.owners[prefix] > 0:
                continue
            del self.owners[prefix]
            for name in [n for n in self.compiled if n.startswith(prefix)]:
                del self.compiled[name]
                ruleset = self.host._ruleset_directory.pop(name, None)
                if ruleset is None:
                    continue
                self.host._ruleset_list.remove(ruleset)
                _rules_engine.delete_ruleset(ruleset._handle)


_RUNTIME = _Runtime()


@dataclass
class _Compiled:
    """One program's durable-rules ruleset for one epoch, and how to feed it."""

    name: str
    program: Program
    criteria: tuple[Criterion, ...]
    params: Mapping[str, Any]
    criterion_plans: list[_Plan]
    output_plans: list[_Plan]
    criterion_groups: list[_Group]
    output_groups: list[_Group]
    definition: dict[str, Any]
    derived: dict[str, str]
    leaves: dict[str, Callable[[Household, Person, date], tuple[list[Any], list[int]]]]
    then: dict[tuple[int, int], Callable[[Household, Person, date], Any]]
    slot_count: int

    def run(self, part: str, household: Household, applicant: Person, on: date
            ) -> tuple[dict[str, Any], set[int]]:
        """Assert the facts of the criteria's or the outputs' groups: the rules that fired,
        and the derived facts whose computation failed."""
        groups = self.criterion_groups if part == "criteria" else self.output_groups
        if not groups:
            return {}, set()
        values, failed = self.leaves[part](household, applicant, on)
        errors = set(failed)
        with _RUNTIME.calling() as host:
            sid = f"e{next(_RUNTIME.sids)}"
            facts = [self.fact(group, sid, values, errors) for group in groups]
            try:
                state = host.assert_facts(self.name, facts)
            except _engine.MessageNotHandledException as exc:
                raise EvaluationError(f"durable-rules handled no rule for {self.program.id}: "
                                      f"{exc.message}") from None
            except Exception as exc:  # e.g. MemoryError: 1024 live sessions in the ruleset
                raise EvaluationError(f"durable-rules failed on {self.program.id}: "
                                      f"{type(exc).__name__}: {exc}") from None
            # Only now: deleting the session of a failed assertion crashes the process.
            host.delete_state(self.name, sid)
        if not isinstance(state, dict):
            raise EvaluationError(f"durable-rules returned no state for {self.program.id}")
        if "exception" in state:
            raise EvaluationError(f"a durable-rules action failed for {self.program.id}: "
                                  f"{state['exception']}")
        for group in groups:
            if state.get(f"g{group.index}") != "seen":
                raise EvaluationError(f"durable-rules did not process fact {group.index} of "
                                      f"{self.program.id}")
        return state, errors

    def fact(self, group: _Group, sid: str, values: list[Any], errors: set[int]
             ) -> dict[str, Any]:
        """The fact of one group: its derived facts, encoded; unknown ones left out."""
        fact: dict[str, Any] = {"g": group.index, "sid": sid}
        for prop in group.props:
            value = values[prop.slot]
            if value is _ERR or (isinstance(value, Unknown) and prop.absent):
                continue
            try:
                fact[prop.name] = prop.encode(value)
            except _Bad:
                errors.add(prop.slot)
        for name, quant, props in group.arrays:
            items = values[self.slot_count + quant.index]
            if items is _ERR:
                continue
            array = []
            for item in items:
                obj: dict[str, Any] = {}
                for prop in props:
                    value = item[prop.slot]
                    if value is _ERR or (isinstance(value, Unknown) and prop.absent):
                        continue
                    try:
                        obj[prop.name] = prop.encode(value)
                    except _Bad:
                        errors.add(-1 - quant.index)
                array.append(obj)
            fact[name] = array
        for quant in group.lengths:
            items = values[self.slot_count + quant.index]
            if items is not _ERR:
                fact[quant.length] = len(items)
        return fact


def _with_actions(definition: Mapping[str, Any]) -> dict[str, Any]:
    """The definition with each rule's ``run`` made a callable action (durable copies it)."""
    out: dict[str, Any] = {}
    for rule_name, rule in definition.items():
        key, code = rule["run"]
        out[rule_name] = {**json.loads(json.dumps({"all": rule["all"]})), "run": _action(key, code)}
    return out
