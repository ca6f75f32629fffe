"""The rule book of a build: loaded once per build, shared by every directive."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from sphinx.config import Config
from sphinx.errors import ExtensionError

from eligibility import Diagnostic, EligibilityError, RuleBook, RuleBookError


@dataclass
class BuildState:
    book: RuleBook
    as_of: _dt.date
    examples_checked: set[str]


_STATES: dict[str, BuildState] = {}


def _state_key(config: Config) -> str:
    return str(config.eligibility_rules or "")


def _as_of(config: Config) -> _dt.date:
    value = config.eligibility_as_of
    if not value:
        return _dt.date.today()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise ExtensionError(f"eligibility_as_of: not a date: {value!r}") from None


def load_state(config: Config) -> BuildState:
    rules = config.eligibility_rules or None
    try:
        book = RuleBook.load(rules)
    except RuleBookError as exc:
        raise ExtensionError(f"the rule book does not load:\n{exc}") from None
    except EligibilityError as exc:
        raise ExtensionError(f"the rule book does not load: {exc}") from None
    state = BuildState(book, _as_of(config), set())
    _STATES[_state_key(config)] = state
    return state


def state_of(config: Config) -> BuildState:
    return _STATES.get(_state_key(config)) or load_state(config)


def diagnostic_location(book: RuleBook, diagnostic: Diagnostic) -> str:
    return f"{book.root / diagnostic.file}:{diagnostic.line}"
