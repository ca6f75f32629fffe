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


def latest_change(book: RuleBook) -> _dt.date:
    """The date of the rule book's latest dated change: a program's version, a criterion
    starting or stopping, a parameter's value (a program's or a global one). From that day
    on, every text stays as it is until the rules change, so the pages describe the rules
    "as they stand", and one commit always builds the same pages, whatever the day."""
    dates = [day for program in book.programs.values() for day in program.change_dates]
    dates += [day for parameter in book.parameters.values() for day in parameter.dates]
    return max(dates)


def _as_of(config: Config, book: RuleBook) -> _dt.date:
    """The date the pages describe: ``eligibility_as_of`` when set, else the rule book's
    latest change (never the clock: a build is reproducible)."""
    value = config.eligibility_as_of
    if not value:
        return latest_change(book)
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
    state = BuildState(book, _as_of(config, book), set())
    _STATES[_state_key(config)] = state
    return state


def state_of(config: Config) -> BuildState:
    return _STATES.get(_state_key(config)) or load_state(config)


def diagnostic_location(book: RuleBook, diagnostic: Diagnostic) -> str:
    return f"{book.root / diagnostic.file}:{diagnostic.line}"
