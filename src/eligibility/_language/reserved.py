"""Names the rule language keeps for itself: no parameter, definition or definition
argument may take one, or a rule could not tell it from the built-in it hides (a global
parameter named ``on`` would replace the evaluation date in one place and not another)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .functions import FUNCTIONS
from .lexer import FORBIDDEN_WORDS
from .parser import KEYWORDS, QUANTIFIERS

__all__ = ["RESERVED_NAMES", "reserved_because"]

#: Each reserved name, with what it already is.
RESERVED_NAMES: Mapping[str, str] = MappingProxyType({
    **dict.fromkeys(sorted(w for w in FORBIDDEN_WORDS if w.islower()),
                    "a word Python keeps, which the rule language refuses"),
    **dict.fromkeys(sorted(KEYWORDS), "a keyword of the rule language"),
    **dict.fromkeys(sorted(FUNCTIONS), "a function of the rule language"),
    **dict.fromkeys(sorted(QUANTIFIERS), "a quantifier of the rule language"),
    "on": "the evaluation date",
    "household": "the household being evaluated",
    "applicant": "the person being evaluated",
})


def reserved_because(name: str) -> str | None:
    """Why ``name`` is reserved (what it already names), or ``None`` if it is free."""
    return RESERVED_NAMES.get(name)
