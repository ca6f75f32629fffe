"""durable-rules 2.0.28: importing it, and the limits of its matcher.

The limits are those of its C sources (``src/rules/*.h``), with margins; the rules
built for it (``_builder``, ``_plan``) stay within them.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import cast


def _import_durable() -> ModuleType:
    """``durable.engine``, or an ``ImportError`` that says why it cannot be used."""
    if sys.version_info >= (3, 13):
        raise ImportError(
            "durable-rules 2.0.28 does not import on Python 3.13+ (its C extension calls "
            "PyEval_CallObject, which Python 3.13 removed); use the native engine"
        )
    try:
        from durable import engine  # noqa: PLC0415 - optional dependency
    except Exception as exc:  # ImportError, or a failure inside the C extension
        raise ImportError(
            f"durable-rules 2.0.28 is not installed or does not load ({exc}); "
            "install it with: pip install 'eligibility[durable]'"
        ) from exc
    return cast(ModuleType, engine)


# -- limits of durable-rules 2.0.28 (src/rules/*.h), with margins -------------------------
#: Rules sharing one fact: the matcher's stack holds at most 64 pending alpha nodes.
MAX_GROUP_RULES = 48
#: ``$and``/``$or`` groups (two entries each) and ``$m`` references (one each) per rule:
#: a rule's expression sequence holds fewer than 32 entries.
MAX_RULE_ENTRIES = 30
#: Properties of one JSON object (fact or array item): at most 255.
MAX_PROPERTIES = 200
#: Terms of one disjunctive normal form before a sub-condition becomes a derived fact.
MAX_TERMS = 24
#: Constants compared in Rete must be exact as doubles.
_EXACT = 2**52
_CLAMP = 2**53
