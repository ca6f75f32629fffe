"""The messages of problems with input, one per problem code, in the reader's language.

A problem is a code (``not-a-date``), the path of the field it is about, and the values
its message names (``found``: what was given; ``limit``, ``id``, dates...). The message is
written here once per code, in English, and translated in the catalogue; the values are
formatted for the language (dates in words, numbers with the locale's separators, what
was found described: *the text 'yes'*, *the number 5*).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from . import format as fmt
from . import words
from .catalogue import N_, language, t
from .diagnostics import TITLES
from .format import quote

__all__ = ["MESSAGES", "describe", "problem_message", "quote", "system_reason"]

#: Problem code -> its message (English, with ``{placeholders}`` for the values).
MESSAGES: dict[str, str] = {
    # -- a field's value
    "missing-field": N_("this field is required"),
    "unknown-field": N_("unknown field {field}"),
    "not-a-flag": N_("expected true or false, got {found}"),
    "not-a-whole-number": N_("expected a whole number, got {found}"),
    "not-a-number": N_("expected a number or a decimal string, got {found}"),
    "not-text": N_("expected text, got {found}"),
    "not-a-date": N_("expected a date written YYYY-MM-DD, got {found}"),
    "not-a-real-date": N_("{found} is not a real date"),
    "date-and-time": N_("expected a date (YYYY-MM-DD), not a date and time"),
    "not-a-list": N_("expected a list, got {found}"),
    "not-an-object": N_("expected an object (fields and their values), got {found}"),
    "not-one-of": N_("expected one of {choices}, got {found}"),
    "too-small": N_("must be at least {limit}"),
    "too-large": N_("must be at most {limit}"),
    "too-many-decimals": N_("at most {places} decimal places"),
    "too-many-digits": N_("too many digits (at most {digits})"),
    "text-too-long": N_("too long: at most {limit} characters"),
    "empty-text": N_("must not be empty"),
    "invalid-id": N_("{found} is not an identifier: use letters, digits and . _ : -"),
    "too-many": N_("too many: at most {limit}"),
    "invalid-value": N_("invalid value"),
    # -- the people of a household
    "deceased-without-death-date": N_("a deceased affiliate needs a date of death"),
    "death-date-not-deceased": N_("a date of death is given, but the affiliate is {status}"),
    "killed-on-duty-not-deceased": N_("only a deceased affiliate can have been killed on "
                                      "duty"),
    "active-with-retirement-date": N_("an active affiliate has no date of retirement"),
    "date-before-birth": N_("{date} is before the date of birth ({birth})"),
    "recruited-too-young": N_("recruited at {age}: an officer is at least {minimum}"),
    "retirement-before-recruitment": N_("the date of retirement is before the date of "
                                        "recruitment"),
    "duplicate-person-id": N_("the person id {id} is used twice"),
    "divorce-after-death": N_("divorced on {divorce}, after the affiliate died ({death}): a "
                              "marriage ends at the death; a spouse married then is a widow "
                              "or widower"),
    "child-born-before-affiliate": N_("the child {id} was born on {born}, before the "
                                      "affiliate ({affiliate_born})"),
    "child-born-after-death": N_("the child {id} was born on {born}, more than {days} days "
                                 "after the affiliate died ({death})"),
    "parent-not-older": N_("the parent {id} was born on {born}, not before the affiliate "
                           "({affiliate_born})"),
    "history-unknown-person": N_("the history names the person {id}, who is not in the "
                                 "file"),
    "affiliate-not-born": N_("the affiliate, born on {born}, is not yet born on {on}"),
    # -- the applicant, the date and the language asked
    "unknown-applicant": N_("no person {id} in the household"),
    "applicant-not-born": N_("{id} is not yet born on {on}"),
    "applicant-not-in-household": N_("{id} is not a person of this household"),
    "wrong-role": N_("{id} is the {role}; {program} applies to: {roles}"),
    "deceased-applicant": N_("a deceased affiliate cannot apply"),
    "no-applicant": N_("nobody in the household can apply to {program} (it applies to: "
                       "{roles})"),
    "several-applicants": N_("several people may apply ({ids}): name one"),
    "invalid-evaluation-date": N_("expected a date, got {found}"),
    "unknown-language": N_("expected ar, fr or en, got {found}"),
    "unknown-program": N_("no program {id}"),
    "foreign-program": N_("the program {id} given is that of another rule book: name it by "
                            "its id"),
    "end-before-start": N_("{end} is before the start, {start}"),
    "not-a-number-of-days": N_("expected a whole number of days, 1 or more, got {found}"),
    # -- engines and evaluation
    "unknown-engine": N_("no engine {engine}; choose {choices}"),
    "engine-needs-older-python": N_("the {engine} engine does not import on Python 3.13+ "
                                    "(durable-rules calls what Python 3.13 removed): use the "
                                    "native engine"),
    "engine-unavailable": N_("the {engine} engine cannot run here: durable-rules is not "
                             "installed (install it with {command}; it needs Python 3.12 or "
                             "older)"),
    "engine-needs-package": N_("the {engine} engine cannot run here: {package} is not "
                               "installed (install it with {command})"),
    "evaluation-failed": N_("a rule failed while evaluating: {detail}"),
    # -- reading a file
    "no-such-file": N_("no such file"),
    "is-a-directory": N_("this is a folder, not a file"),
    "cannot-read": N_("cannot be read: {reason}"),
    "cannot-write": N_("cannot be written: {reason}"),
    "not-utf8": N_("not UTF-8 text (at byte {byte})"),
    "empty-input": N_("empty input; expected a household as JSON or YAML"),
    "invalid-json": N_("not valid JSON: {problem}"),
    "invalid-yaml": N_("not valid YAML"),
    "duplicate-key": N_("the key {key} is given twice"),
    "number-too-long": N_("the number {number} has more than {limit} digits"),
    "not-a-json-number": N_("{number} is not a number (JSON has no {number})"),
    "too-deep": N_("the data nests too deeply"),
    "refused-yaml": N_("YAML that is refused: {refused}"),
    "date-out-of-range": N_("a date is out of range"),
    # -- rosters
    "roster-format": N_("cannot tell the roster's format from its extension ({suffix}): use "
                        ".jsonl, .csv or .parquet, or --roster-format"),
    "empty-csv": N_("empty CSV file; expected a header row"),
    "invalid-csv": N_("not valid CSV"),
    "csv-header-not-utf8": N_("the CSV header is not UTF-8 text"),
    "csv-empty-column": N_("the CSV header has an empty column name"),
    "csv-duplicate-columns": N_("the CSV header repeats the column(s) {columns}"),
    "csv-household-column": N_("a household column (the household as JSON) must be the only "
                               "column"),
    "csv-cells": N_("expected {expected} cells (one per column), got {given}"),
    "csv-column-conflict": N_("the column {column} conflicts with the column {other}"),
    "parquet-from-stdin": N_("a Parquet roster cannot be read from standard input: give its "
                             "file"),
    "parquet-needs-pyarrow": N_("reading a Parquet roster needs pyarrow (install it with "
                                "{command})"),
    "not-parquet": N_("not a readable Parquet file"),
    "cannot-read-after-row": N_("cannot be read after row {row}: {reason}"),
    "output-is-input": N_("this is the roster itself: write the results elsewhere"),
    "interrupted-run-there": N_("the output of an interrupted run: continue it with --resume, "
                                "or remove it to start again"),
    "resumed-run-differs": N_("the interrupted run was made differently ({differences}): "
                              "resume it with the same --on, --lang, --rules and --engine, or "
                              "remove the file to start again"),
    "resumed-run-listed-decisions": N_("the interrupted run listed decisions: resume it "
                                       "without --changes-within, or remove the file to start "
                                       "again"),
    "resumed-run-listed-changes": N_("the interrupted run listed changes of outcome: resume "
                                     "it with --changes-within, or remove the file to start "
                                     "again"),
    "resume-needs-file": N_("--resume needs --out FILE: standard output cannot be resumed"),
    "parquet-needs-file": N_("Parquet output needs --out FILE: it cannot go to standard "
                             "output"),
    "not-a-run-output": N_("this is not the output of a roster run: remove it to start again"),
    "not-screened": N_("could not be screened: {detail}"),
}

#: What the JSON reader says, as we say it (the reader's own words are never shown).
JSON_PROBLEMS: dict[str, str] = {
    "Expecting value": N_("a value is expected"),
    "Expecting ',' delimiter": N_("a comma is missing"),
    "Expecting ':' delimiter": N_("a colon is missing"),
    "Expecting property name enclosed in double quotes": N_("a field name in double quotes "
                                                            "is expected"),
    "Unterminated string starting at": N_("a text is not closed"),
    "Invalid control character at": N_("a control character inside a text"),
    "Invalid \\escape": N_("an invalid escape inside a text"),
    "Invalid \\uXXXX escape": N_("an invalid escape inside a text"),
    "Extra data": N_("more data after the end"),
    "Unexpected UTF-8 BOM (decode using utf-8-sig)": N_("a byte-order mark (BOM) before the "
                                                        "data"),
}
_JSON_OTHER = N_("the text is not JSON")

#: What the system says when a file cannot be read or written, as we say it (by the
#: error's symbolic name; other errors are named by it).
SYSTEM_REASONS: dict[str, str] = {
    "EACCES": N_("permission denied"),
    "EPERM": N_("permission denied"),
    "ENOSPC": N_("no space left on the device"),
    "EROFS": N_("the file system is read-only"),
    "ENOENT": N_("no such file or folder"),
    "ENOTDIR": N_("a part of the path is not a folder"),
    "EISDIR": N_("this is a folder, not a file"),
    "EMFILE": N_("too many files open"),
    "EIO": N_("input or output error"),
}

def system_reason(name: str, lang: str) -> str:
    """A system error (``EACCES``) in words (*permission denied*), or its name."""
    message = SYSTEM_REASONS.get(name)
    return name if message is None else t(lang, message)


def json_problem(reader_message: str, lang: str) -> str:
    """The JSON reader's message, in our words."""
    return t(lang, JSON_PROBLEMS.get(reader_message, _JSON_OTHER))


def describe(found: Any, lang: str) -> str:
    """What was given, in words: *the text 'yes'*, *the number 5*, *true*, *a list*."""
    if found is None:
        return "null"
    if isinstance(found, bool):
        return "true" if found else "false"
    if isinstance(found, (int, float, Decimal)):
        return t(lang, N_("the number {number}"), number=str(found))
    if isinstance(found, str):
        shown = found if len(found) <= 40 else found[:40] + "…"
        return t(lang, N_("the text {text}"), text=quote(shown, lang))
    if isinstance(found, _dt.datetime):
        return t(lang, N_("a date and time"))
    if isinstance(found, (list, tuple)):
        return t(lang, N_("a list"))
    if isinstance(found, dict):
        return t(lang, N_("an object"))
    return type(found).__name__


def _shown(name: str, value: Any, lang: str) -> str:
    """A value of a problem, as its message shows it."""
    if name == "found":
        return describe(value, lang)
    if name == "problem":  # what the JSON reader said
        return json_problem(str(value), lang)
    if name == "reason":  # what the system said, by the error's name
        return system_reason(str(value), lang)
    if name == "refused":  # what the YAML reader refuses, by its diagnostic code
        return t(lang, TITLES.get(str(value), N_("invalid value")))
    if name in ("command", "detail"):  # as typed, or as the code said it (in English)
        return str(value) if language(lang) == "en" else quote(str(value), lang)
    if name in ("field", "key", "column", "other", "id", "program", "engine", "number"):
        return quote(str(value), lang)
    if name == "role":
        return words.role_name(str(value), lang)
    if name == "roles":
        return fmt.join((words.role_name(r, lang) for r in value), lang, style="or")
    if name == "status":
        return words.enum_label(str(value), lang) or str(value)
    if name == "differences":
        return fmt.join((quote(str(v), lang) for v in value), lang)
    if name in ("choices", "ids", "columns"):
        return fmt.join((quote(str(v), lang) for v in value), lang,
                        style="or" if name == "choices" else "standard")
    if isinstance(value, str):
        return value
    return fmt.value(value, lang)


def problem_message(code: str, params: Mapping[str, Any], lang: str) -> str:
    """The message of a problem in ``lang``, with its values; a ``suggestion`` among them
    adds *did you mean ...?*."""
    values = {name: _shown(name, v, lang) for name, v in params.items()
              if name != "suggestion"}
    text = t(lang, MESSAGES.get(code, MESSAGES["invalid-value"]), **values)
    suggestion = params.get("suggestion")
    if suggestion:
        text += t(lang, N_("; did you mean {suggestion}?"),
                  suggestion=quote(str(suggestion), lang))
    return text
