"""Rule-book diagnostics in the reader's language.

In English a diagnostic reads as its own message, written where it is found
(``the rows of 'cover' give values of different types``). In Arabic and French it reads
as the message of its code, written here once per code and translated in the catalogue,
followed by the same values: what was expected, what was found, and a "did you mean".
Either way the line keeps its place (``file:line:column``), its severity, its stable code
and its JSON path, so a rule author finds the spot whatever the language.
"""

from __future__ import annotations

from .catalogue import N_, language, t
from .format import quote

__all__ = ["TITLES", "diagnostic_message", "severity_name"]

#: Diagnostic code -> what it means, in a few words.
TITLES: dict[str, str] = {
    "yaml-syntax": N_("the file is not valid YAML"),
    "missing-output-label": N_("a value of an output has no label"),
    "unknown-output-label": N_("a label names a value the output never gives"),
    "date-precision-mismatch": N_("a date is not as precise as it says"),
    "duplicate-key": N_("a key is given twice"),
    "encoding": N_("the file is not UTF-8 text"),
    "no-rules": N_("no rule file found"),
    "yaml-alias": N_("a YAML alias is refused or repeats too much"),
    "yaml-tag": N_("a YAML tag is refused"),
    "yaml-too-deep": N_("mappings and lists nest too deeply"),
    "number-too-long": N_("a number has too many digits"),
    "outside-rule-folder": N_("a file lies outside the rule folder"),
    "invalid-unicode": N_("the text is not valid Unicode"),
    "bidi-control": N_("a text holds a bidirectional control character"),
    "control-character": N_("a text holds a control character"),
    "reserved-name": N_("a reserved name"),
    "non-ascii-digit": N_("a digit that is not 0 to 9"),
    "number-too-large": N_("a whole number may grow too large"),
    "exceptions-too-deep": N_("exceptions nest too deeply"),
    "definitions-too-deep": N_("definitions nest too deeply"),
    "code-too-large": N_("a program is too large"),
    "wrong-type": N_("a value has the wrong shape"),
    "unknown-field": N_("unknown field"),
    "missing-field": N_("a required field is missing"),
    "invalid-value": N_("invalid value"),
    "invalid-id": N_("invalid identifier"),
    "invalid-date": N_("invalid date"),
    "empty": N_("empty value"),
    "missing-translation": N_("a translation is missing"),
    "unknown-placeholder": N_("a placeholder names no parameter"),
    "parameter-type-mismatch": N_("a parameter's values have different types"),
    "parameter-before-start": N_("a parameter has no value when the program starts"),
    "name-clash": N_("a name is already in use"),
    "duplicate-id": N_("an id is used twice"),
    "definition-cycle": N_("definitions depend on each other in a circle"),
    "version-order": N_("versions are not in date order"),
    "invalid-period": N_("a period ends before it starts"),
    "illustrative-without-assumptions": N_("an illustrative program lists no assumption"),
    "sourced-without-sources": N_("a sourced program lists no source"),
    "otherwise-not-last": N_("'otherwise' is not the last row"),
    "type-mismatch": N_("wrong type"),
    "not-a-condition": N_("not a condition"),
    "exception-conflict": N_("exceptions conflict"),
    "table-overlap": N_("rows of a table overlap"),
    "table-gap": N_("a table has no row for some cases"),
    "table-unreachable-row": N_("a row of a table can never apply"),
    "analysis-skipped": N_("the analysis was skipped"),
    "expr-syntax": N_("syntax error in an expression"),
    "expr-too-deep": N_("an expression is nested too deeply"),
    "expr-too-long": N_("an expression is too long"),
    "exponent-too-large": N_("an exponent is too large"),
    "forbidden-construct": N_("the rule language does not allow this"),
    "unknown-name": N_("unknown name"),
    "unknown-attribute": N_("unknown attribute"),
    "unknown-function": N_("unknown function"),
    "unknown-enum-value": N_("not one of the allowed values"),
    "wrong-arity": N_("wrong number of arguments"),
    "example-invalid-household": N_("an example's household is invalid"),
    "example-unknown-applicant": N_("an example's applicant is not in its household"),
    "example-wrong-role": N_("an example's applicant has a role the program does not "
                             "apply to"),
    "unknown-criterion": N_("an example names an unknown criterion"),
    "unknown-output": N_("an example names an unknown output"),
}

_SEVERITIES = {"error": N_("error"), "warning": N_("warning")}


def severity_name(severity: str, lang: str) -> str:
    """``error`` or ``warning`` in ``lang``."""
    return t(lang, _SEVERITIES[severity])


def _english(message: str, expected: str | None, actual: str | None,
             suggestion: str | None) -> str:
    text = message
    if expected is not None:
        text += f"; expected {expected}"
    if actual is not None:
        text += f"; got {actual}" if expected is None else f", got {actual}"
    if suggestion:
        text += f"; did you mean {suggestion!r}?"
    return text


def _translated(code: str, expected: str | None, actual: str | None, suggestion: str | None,
                lang: str) -> str:
    text = t(lang, TITLES.get(code, N_("invalid value")))
    if expected is not None:
        text += t(lang, N_("; expected {expected}"), expected=quote(expected, lang))
    if actual is not None:
        text += t(lang, N_("; found {actual}"), actual=quote(actual, lang))
    if suggestion:
        text += t(lang, N_("; did you mean {suggestion}?"),
                  suggestion=quote(suggestion, lang))
    return text


def diagnostic_message(code: str, message: str, expected: str | None, actual: str | None,
                       suggestion: str | None, lang: str, *, place: str | None = None,
                       severity: str | None = None, path: str | None = None) -> str:
    """A diagnostic's message in ``lang``; given its place, severity and path, the whole
    line ``place: severity [code] message (at path)``."""
    english = language(lang) == "en"
    text = _english(message, expected, actual, suggestion) if english else \
        _translated(code, expected, actual, suggestion, lang)
    if place is None or severity is None:
        return text
    if path in (None, "$"):  # about the whole file (or folder): no path inside it
        if english:
            return f"{place}: {severity} [{code}] {text}"
        return t(lang, N_("{place}: {severity} [{code}] {message}"), place=place,
                 severity=severity_name(severity, lang), code=code, message=text)
    if english:
        head = f"{place}: {severity} [{code}] {message} (at {path})"
        return head + text[len(message):]
    return t(lang, N_("{place}: {severity} [{code}] {message} (at {path})"), place=place,
             severity=severity_name(severity, lang), code=code, message=text, path=path)
