"""Documented diagnostics of expressions: types, syntax, limits, and the names,
attributes, functions, values and definitions an expression uses."""

from __future__ import annotations

from eligibility import DiagnosticCode as Code
from eligibility._compile.reference import LIMITS

from ._diagnostic_doc import DiagnosticDoc, _criterion

__all__ = ["EXPRESSIONS", "TYPES"]

_NESTED = "(" * (LIMITS.depth + 1) + "applicant.age < 18" + ")" * (LIMITS.depth + 1)
_LONG = " or ".join(f"applicant.age == {n}" for n in range(LIMITS.length // 18))

#: Type errors: a value of the wrong type, a condition that is not one.
TYPES: tuple[DiagnosticDoc, ...] = (
    DiagnosticDoc(
        Code.TYPE_MISMATCH, "A value of the wrong type for an operator, a function or a "
        "comparison (here: a number compared with a text).",
        _criterion("applicant.age < '18'"),
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.NOT_A_CONDITION, "A criterion's, an exception's or a row's ``when`` must be true or "
        "false, not a number or a text.",
        _criterion("applicant.age"),
        _criterion("applicant.age < 18")),
)

#: Expressions that do not parse, exceed a limit, or use what the language does not have.
EXPRESSIONS: tuple[DiagnosticDoc, ...] = (
    DiagnosticDoc(
        Code.EXPR_SYNTAX, "An expression does not parse (here: ``=`` instead of ``==``).",
        _criterion("household.affiliate.status = 'deceased'"),
        _criterion("household.affiliate.status == 'deceased'")),
    DiagnosticDoc(
        Code.EXPR_TOO_DEEP, f"An expression nests deeper than {LIMITS.depth} levels.",
        _criterion(_NESTED),
        _criterion("(applicant.age < 18)")),
    DiagnosticDoc(
        Code.EXPR_TOO_LONG, f"An expression is longer than {LIMITS.length} characters.",
        _criterion(_LONG),
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.EXPONENT_TOO_LARGE, f"``**`` takes a whole-number exponent of at most "
        f"{LIMITS.exponent}.",
        _criterion("applicant.age ** 9 < 18 ** 9"),
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.NON_ASCII_DIGIT, "A number is written with digits of another script (Arabic-Indic "
        "``١٨``, Eastern Arabic, full-width...): they look alike, and some look like other "
        "ASCII digits (Bengali ``৪`` is 4, not 8). Write numbers with ``0-9``.",
        _criterion("applicant.age < ١٨"),
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.FORBIDDEN_CONSTRUCT, "Something that is not part of the rule language: a name "
        "starting with ``_``, a subscript, a lambda, a call of anything but a named function, "
        "a Python keyword.",
        _criterion("applicant.__class__ == 'Child'"),
        _criterion("applicant.role == 'child'")),
    DiagnosticDoc(
        Code.UNKNOWN_NAME, "A name that is neither a parameter, a definition, nor one of "
        "``applicant``, ``household`` and ``on``.",
        _criterion("aplicant.age < 18"),
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.UNKNOWN_ATTRIBUTE, "A field the record does not have (see the field tables of the "
        "rule-language guide).",
        _criterion("applicant.agee < 18"),
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.UNKNOWN_FUNCTION, "A call of a function the rule language does not have.",
        _criterion("len(household.children) < 3"),
        _criterion("count(household.children) < 3")),
    DiagnosticDoc(
        Code.UNKNOWN_ENUM_VALUE, "A text compared with a field of fixed values is not one of "
        "them.",
        _criterion("household.affiliate.status == 'retiree'"),
        _criterion("household.affiliate.status == 'retired'")),
    DiagnosticDoc(
        Code.WRONG_ARITY, "A definition is called with the wrong number of arguments, or a "
        "definition that takes arguments is used without them.",
        _criterion("is_orphan"),
        _criterion("is_orphan(applicant)")),
)
