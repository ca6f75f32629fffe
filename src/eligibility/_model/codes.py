"""The stable codes of rule-book diagnostics.

Every problem the loader, the expression checker, the compiler or the static analysis
reports carries one of these codes. They are part of the public API: tools match on
them, and the documentation has a page for each (with a rule snippet that produces it
and its fix). A code is declared here before it can be reported: ``Diagnostic.code``
is typed :class:`DiagnosticCode`, so a code that is not declared does not type-check.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["DiagnosticCode", "ProblemCode"]


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


class ProblemCode(StrEnum):
    """The stable code of a problem with input: a household (its fields, the people in it,
    the applicant, the date and language asked), a file that cannot be read, a program
    that does not exist, an evaluation that cannot run.

    A :class:`~eligibility.Problem` carries one, with the field path and the values its
    message names; the message is rendered in Arabic, French or English from the
    library's message catalogue.
    """

    # -- a field's value
    MISSING_FIELD = "missing-field"
    UNKNOWN_FIELD = "unknown-field"
    NOT_A_FLAG = "not-a-flag"
    NOT_A_WHOLE_NUMBER = "not-a-whole-number"
    NOT_A_NUMBER = "not-a-number"
    NOT_TEXT = "not-text"
    NOT_A_DATE = "not-a-date"
    NOT_A_REAL_DATE = "not-a-real-date"
    DATE_AND_TIME = "date-and-time"
    NOT_A_LIST = "not-a-list"
    NOT_AN_OBJECT = "not-an-object"
    NOT_ONE_OF = "not-one-of"
    TOO_SMALL = "too-small"
    TOO_LARGE = "too-large"
    TOO_MANY_DECIMALS = "too-many-decimals"
    TOO_MANY_DIGITS = "too-many-digits"
    TEXT_TOO_LONG = "text-too-long"
    EMPTY_TEXT = "empty-text"
    INVALID_ID = "invalid-id"
    TOO_MANY = "too-many"
    INVALID_VALUE = "invalid-value"
    # -- the people of a household
    DECEASED_WITHOUT_DEATH_DATE = "deceased-without-death-date"
    DEATH_DATE_NOT_DECEASED = "death-date-not-deceased"
    KILLED_ON_DUTY_NOT_DECEASED = "killed-on-duty-not-deceased"
    ACTIVE_WITH_RETIREMENT_DATE = "active-with-retirement-date"
    DATE_BEFORE_BIRTH = "date-before-birth"
    RECRUITED_TOO_YOUNG = "recruited-too-young"
    RETIREMENT_BEFORE_RECRUITMENT = "retirement-before-recruitment"
    DUPLICATE_PERSON_ID = "duplicate-person-id"
    DIVORCE_AFTER_DEATH = "divorce-after-death"
    CHILD_BORN_BEFORE_AFFILIATE = "child-born-before-affiliate"
    CHILD_BORN_AFTER_DEATH = "child-born-after-death"
    PARENT_NOT_OLDER = "parent-not-older"
    HISTORY_UNKNOWN_PERSON = "history-unknown-person"
    AFFILIATE_NOT_BORN = "affiliate-not-born"
    # -- the applicant, the date and the language asked
    UNKNOWN_APPLICANT = "unknown-applicant"
    APPLICANT_NOT_BORN = "applicant-not-born"
    APPLICANT_NOT_IN_HOUSEHOLD = "applicant-not-in-household"
    WRONG_ROLE = "wrong-role"
    DECEASED_APPLICANT = "deceased-applicant"
    NO_APPLICANT = "no-applicant"
    SEVERAL_APPLICANTS = "several-applicants"
    INVALID_EVALUATION_DATE = "invalid-evaluation-date"
    UNKNOWN_LANGUAGE = "unknown-language"
    UNKNOWN_PROGRAM = "unknown-program"
    FOREIGN_PROGRAM = "foreign-program"
    END_BEFORE_START = "end-before-start"
    NOT_A_NUMBER_OF_DAYS = "not-a-number-of-days"
    # -- engines and evaluation
    UNKNOWN_ENGINE = "unknown-engine"
    ENGINE_UNAVAILABLE = "engine-unavailable"
    ENGINE_NEEDS_OLDER_PYTHON = "engine-needs-older-python"
    ENGINE_NEEDS_PACKAGE = "engine-needs-package"
    EVALUATION_FAILED = "evaluation-failed"
    # -- reading a file
    NO_SUCH_FILE = "no-such-file"
    IS_A_DIRECTORY = "is-a-directory"
    CANNOT_READ = "cannot-read"
    CANNOT_WRITE = "cannot-write"
    NOT_UTF8 = "not-utf8"
    EMPTY_INPUT = "empty-input"
    INVALID_JSON = "invalid-json"
    INVALID_YAML = "invalid-yaml"
    DUPLICATE_KEY = "duplicate-key"
    NUMBER_TOO_LONG = "number-too-long"
    NOT_A_JSON_NUMBER = "not-a-json-number"
    TOO_DEEP = "too-deep"
    REFUSED_YAML = "refused-yaml"
    DATE_OUT_OF_RANGE = "date-out-of-range"
    # -- rosters
    ROSTER_FORMAT = "roster-format"
    EMPTY_CSV = "empty-csv"
    INVALID_CSV = "invalid-csv"
    CSV_HEADER_NOT_UTF8 = "csv-header-not-utf8"
    CSV_EMPTY_COLUMN = "csv-empty-column"
    CSV_DUPLICATE_COLUMNS = "csv-duplicate-columns"
    CSV_HOUSEHOLD_COLUMN = "csv-household-column"
    CSV_CELLS = "csv-cells"
    CSV_COLUMN_CONFLICT = "csv-column-conflict"
    PARQUET_FROM_STDIN = "parquet-from-stdin"
    PARQUET_NEEDS_PYARROW = "parquet-needs-pyarrow"
    NOT_PARQUET = "not-parquet"
    CANNOT_READ_AFTER_ROW = "cannot-read-after-row"
    OUTPUT_IS_INPUT = "output-is-input"
    INTERRUPTED_RUN_THERE = "interrupted-run-there"
    RESUMED_RUN_DIFFERS = "resumed-run-differs"
    RESUMED_RUN_LISTED_DECISIONS = "resumed-run-listed-decisions"
    RESUMED_RUN_LISTED_CHANGES = "resumed-run-listed-changes"
    RESUME_NEEDS_FILE = "resume-needs-file"
    PARQUET_NEEDS_FILE = "parquet-needs-file"
    NOT_A_RUN_OUTPUT = "not-a-run-output"
    NOT_SCREENED = "not-screened"
