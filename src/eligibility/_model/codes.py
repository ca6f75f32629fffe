"""The stable codes of rule-book diagnostics.

Every problem the loader, the expression checker, the compiler or the static analysis
reports carries one of these codes. They are part of the public API: tools match on
them, and the documentation has a page for each (with a rule snippet that produces it
and its fix). A code is declared here before it can be reported: ``Diagnostic.code``
is typed :class:`DiagnosticCode`, so a code that is not declared does not type-check.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["DiagnosticCode"]


class DiagnosticCode(StrEnum):
    """A diagnostic's stable kebab-case code (its value)."""

    # -- files and YAML
    YAML_SYNTAX = "yaml-syntax"
    DUPLICATE_KEY = "duplicate-key"
    ENCODING = "encoding"
    NO_RULES = "no-rules"
    YAML_ALIAS = "yaml-alias"
    YAML_TAG = "yaml-tag"
    YAML_TOO_DEEP = "yaml-too-deep"
    NUMBER_TOO_LONG = "number-too-long"
    OUTSIDE_RULE_FOLDER = "outside-rule-folder"
    # -- texts: characters a text may not hold
    INVALID_UNICODE = "invalid-unicode"
    BIDI_CONTROL = "bidi-control"
    CONTROL_CHARACTER = "control-character"
    # -- structure of a rule file
    WRONG_TYPE = "wrong-type"
    UNKNOWN_FIELD = "unknown-field"
    MISSING_FIELD = "missing-field"
    INVALID_VALUE = "invalid-value"
    INVALID_ID = "invalid-id"
    INVALID_DATE = "invalid-date"
    EMPTY = "empty"
    # -- texts
    MISSING_TRANSLATION = "missing-translation"
    UNKNOWN_PLACEHOLDER = "unknown-placeholder"
    # -- parameters, names, versions
    PARAMETER_TYPE_MISMATCH = "parameter-type-mismatch"
    PARAMETER_BEFORE_START = "parameter-before-start"
    NAME_CLASH = "name-clash"
    RESERVED_NAME = "reserved-name"
    DUPLICATE_ID = "duplicate-id"
    DEFINITION_CYCLE = "definition-cycle"
    VERSION_ORDER = "version-order"
    INVALID_PERIOD = "invalid-period"
    ILLUSTRATIVE_WITHOUT_ASSUMPTIONS = "illustrative-without-assumptions"
    SOURCED_WITHOUT_SOURCES = "sourced-without-sources"
    OTHERWISE_NOT_LAST = "otherwise-not-last"
    DATE_PRECISION_MISMATCH = "date-precision-mismatch"
    MISSING_OUTPUT_LABEL = "missing-output-label"
    UNKNOWN_OUTPUT_LABEL = "unknown-output-label"
    # -- types
    TYPE_MISMATCH = "type-mismatch"
    NOT_A_CONDITION = "not-a-condition"
    # -- static analysis
    EXCEPTION_CONFLICT = "exception-conflict"
    TABLE_OVERLAP = "table-overlap"
    TABLE_GAP = "table-gap"
    TABLE_UNREACHABLE_ROW = "table-unreachable-row"
    ANALYSIS_SKIPPED = "analysis-skipped"
    # -- expressions
    EXPR_SYNTAX = "expr-syntax"
    EXPR_TOO_DEEP = "expr-too-deep"
    EXPR_TOO_LONG = "expr-too-long"
    EXPONENT_TOO_LARGE = "exponent-too-large"
    NON_ASCII_DIGIT = "non-ascii-digit"
    # -- bounds proven at load (evaluation time and generated code stay bounded)
    NUMBER_TOO_LARGE = "number-too-large"
    EXCEPTIONS_TOO_DEEP = "exceptions-too-deep"
    DEFINITIONS_TOO_DEEP = "definitions-too-deep"
    CODE_TOO_LARGE = "code-too-large"
    FORBIDDEN_CONSTRUCT = "forbidden-construct"
    UNKNOWN_NAME = "unknown-name"
    UNKNOWN_ATTRIBUTE = "unknown-attribute"
    UNKNOWN_FUNCTION = "unknown-function"
    UNKNOWN_ENUM_VALUE = "unknown-enum-value"
    WRONG_ARITY = "wrong-arity"
    # -- examples
    EXAMPLE_INVALID_HOUSEHOLD = "example-invalid-household"
    EXAMPLE_UNKNOWN_APPLICANT = "example-unknown-applicant"
    EXAMPLE_WRONG_ROLE = "example-wrong-role"
    UNKNOWN_CRITERION = "unknown-criterion"
    UNKNOWN_OUTPUT = "unknown-output"
