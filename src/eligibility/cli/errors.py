"""Errors of the command line, in the reader's language: each is a record with a stable
``code``, the ``path`` it is about, its ``message`` in ``--lang`` and the ``lang`` (plus the
``file``, ``line`` and ``column`` it names, where known) — the shape of a roster's error
records. With ``--format json`` they are printed as one JSON object on standard error,
``{"error": <the first>, "errors": [<every one>]}``; otherwise one located line each.

The library's errors carry their own codes (:class:`~eligibility.ProblemCode` for input,
:class:`~eligibility.DiagnosticCode` for rule books); the codes below are the command
line's own, for its usage and for what goes wrong around it. No error is shown in the
words of the libraries underneath (the option parser, the JSON reader, the system).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer

from eligibility import Diagnostic, Severity
from eligibility._i18n import N_, t
from eligibility._i18n.format import join, quote

from .common import file_in

__all__ = ["CODES", "diagnostic_record", "record", "usage_record"]

#: The command line's own codes, and their messages.
CODES: dict[str, str] = {
    "unknown-command": N_("no command {command}"),
    "unknown-option": N_("no option {option}"),
    "missing-argument": N_("{argument} is missing"),
    "missing-option": N_("the option {option} is required"),
    "option-needs-value": N_("the option {option} needs a value"),
    "invalid-option-value": N_("invalid value for {option}: {value}"),
    "not-one-of-choices": N_("invalid value for {option}: {value}; choose {choices}"),
    "option-not-a-date": N_("{value} is not a date; write it as YYYY-MM-DD"),
    "option-not-days": N_("{value} is not a number of days; write it as 30d (1 or more)"),
    "to-before-from": N_("--to {end} is before --from {start}"),
    "extra-argument": N_("unexpected argument {argument}"),
    "household-and-roster": N_("give either a HOUSEHOLD file or --roster FILE, not both"),
    "household-or-roster": N_("give a HOUSEHOLD file ('-' for standard input), or --roster "
                              "FILE"),
    "out-without-roster": N_("--out, --roster-format and --resume go with --roster"),
    "usage": N_("the command is not written right"),
    "invalid-rule-book": N_("invalid rule book ({count} error(s)); 'eligibility validate "
                            "{root}' lists every diagnostic"),
    "interrupted": N_("interrupted"),
    "output-encoding": N_("the output cannot be written in this terminal's encoding "
                          "({encoding}); set PYTHONIOENCODING=utf-8"),
    "system-error": N_("{reason}"),
    "cannot-run": N_("cannot run: {detail}"),
    "internal-error": N_("internal error: {detail} (set ELIGIBILITY_DEBUG=1 to see the "
                         "traceback)"),
}
_QUOTED = frozenset({"command", "option", "argument", "value", "encoding"})
#: Technical details (in English, from where the error arose), quoted in other languages.
_TECHNICAL = frozenset({"detail"})


def record(code: str, lang: str, path: str | None = None, **values: Any) -> dict[str, Any]:
    """An error record of the command line's own ``code``, its message in ``lang``."""
    shown = {k: quote(str(v), lang) if k in _QUOTED or (k in _TECHNICAL and lang != "en")
             else v for k, v in values.items() if k != "suggestion"}
    if "choices" in values:
        shown["choices"] = join((quote(c, lang) for c in values["choices"]), lang, style="or")
    message = t(lang, CODES[code], **shown)
    if values.get("suggestion"):
        message += t(lang, N_("; did you mean {suggestion}?"),
                     suggestion=quote(str(values["suggestion"]), lang))
    return {"code": code, "path": path, "message": message, "lang": lang}


def diagnostic_record(diagnostic: Diagnostic, root: Path, lang: str) -> dict[str, Any]:
    """A rule-book diagnostic as an error record, located in its file."""
    return {"code": diagnostic.code.value, "path": diagnostic.json_path,
            "message": diagnostic.message_in(lang), "lang": lang,
            "file": file_in(diagnostic.file, root), "line": diagnostic.line,
            "column": diagnostic.column, "severity": Severity(diagnostic.severity).value}


_NO_SUCH_COMMAND = re.compile(r"No such command '(.*)'")
_EXTRA_ARGUMENT = re.compile(r"unexpected extra argument(?:s|\(s\))? \((.*)\)")
_NOT_ONE_OF = re.compile(r"'([^']*)' is not one of (.*)")


def _hint(exc: Any) -> str:
    """The option or argument a usage error is about, as the command line writes it."""
    param = getattr(exc, "param", None)
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")]
    if opts:
        return str(opts[0])
    metavar = getattr(param, "metavar", None) or getattr(param, "name", None)
    return str(metavar or getattr(exc, "param_hint", None) or "?")


def usage_record(exc: Any, lang: str) -> dict[str, Any]:
    """The error record of a usage error of the option parser, in our words."""
    kind = type(exc).__name__
    message = str(getattr(exc, "message", "") or "")
    if kind == "NoSuchOption":
        possible = sorted(getattr(exc, "possibilities", None) or [])
        return record("unknown-option", lang, None, option=exc.option_name,
                      suggestion=possible[0] if possible else None)
    if kind == "MissingParameter":
        param_type = getattr(exc, "param_type", None) or getattr(
            getattr(exc, "param", None), "param_type_name", "")
        if param_type == "option":
            return record("missing-option", lang, None, option=_hint(exc))
        return record("missing-argument", lang, None, argument=_hint(exc))
    if isinstance(exc, typer.BadParameter):
        return _bad_parameter(exc, message, lang)
    if kind == "BadOptionUsage":
        return record("option-needs-value", lang, None, option=exc.option_name)
    if match := _NO_SUCH_COMMAND.search(message):
        return record("unknown-command", lang, None, command=match.group(1))
    if match := _EXTRA_ARGUMENT.search(message):
        return record("extra-argument", lang, None, argument=match.group(1))
    return record("usage", lang)


def _bad_parameter(exc: Any, message: str, lang: str) -> dict[str, Any]:
    value = getattr(exc, "value", None)
    if value is not None and getattr(exc, "kind", None) == "date":
        return record("option-not-a-date", lang, None, value=value)
    if value is not None and getattr(exc, "kind", None) == "days":
        return record("option-not-days", lang, None, value=value)
    match = _NOT_ONE_OF.search(message)
    if match:
        return record("not-one-of-choices", lang, None, option=_hint(exc),
                      value=match.group(1), choices=re.findall(r"'([^']*)'", match.group(2)))
    return record("invalid-option-value", lang, None, option=_hint(exc),
                  value=getattr(exc, "value", "?"))
