"""The problems of a roster record that could not be screened, as compact rows hold them
(JSON text, writable whatever the input held)."""

from __future__ import annotations

import json
from typing import Any

from eligibility._model.codes import ProblemCode
from eligibility._model.errors import Problem

__all__ = ["error_json", "error_records", "not_screened"]


def not_screened(error: Exception) -> Problem:
    """The problem of a record whose screening failed with ``error``."""
    return Problem(ProblemCode.NOT_SCREENED, None,
                   {"detail": f"{type(error).__name__}: {error}"})


def error_records(problems: list[Problem], lang: str) -> list[dict[str, Any]]:
    """Each problem of an error record as its JSON object (``code``, ``path``, ``message``
    and ``lang``), writable whatever the input held."""
    # As ``Problem.record`` gives it, its message written once.
    return [{"code": p.code.value, "path": _writable(p.path),
             "message": _writable(p.message(lang)), "lang": lang} for p in problems] \
        or [Problem(ProblemCode.INVALID_VALUE).record(lang)]


def error_json(problems: list[Problem], lang: str) -> tuple[str, str]:
    """The first problem and every problem of an error record, as JSON text."""
    found = error_records(problems, lang)
    return (json.dumps(found[0], ensure_ascii=False, separators=(",", ":")),
            json.dumps(found, ensure_ascii=False, separators=(",", ":")))


def _writable(text: str | None) -> str | None:
    """A text as a record may hold it: lone surrogates (from input that was not valid
    Unicode) escaped, so that it can always be written as UTF-8."""
    if text is None:
        return None
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
