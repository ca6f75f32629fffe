"""eligibility: who may receive which benefit from the police social-works foundation.

Load the rule book once, then evaluate::

    from datetime import date
    from eligibility import RuleBook

    book = RuleBook.load()                      # the shipped rule pack
    decision = book.evaluate("social.eid-al-adha-grant", household, on=date(2026, 5, 20))
    decision.outcome, decision.reasons

Everything importable from here (``__all__``) is the public API; every type reachable
from it is exported too and shows as ``eligibility.X``. The rest is private.
"""

from eligibility._book.book import RuleBook, default_rules_path
from eligibility._book.examples import ExampleResult
from eligibility._compile.ir import (
    Citation,
    Clock,
    Criterion,
    CriterionException,
    Definition,
    Dependencies,
    Example,
    Expectation,
    Expr,
    Frame,
    Measure,
    Output,
    Parameter,
    ParameterEntry,
    Program,
    Reads,
    Row,
    Since,
    Version,
)
from eligibility._engines.protocol import Engine, Evaluation, Verdict
from eligibility._language.ast import Node
from eligibility._language.types import Type
from eligibility._model.codes import DiagnosticCode, ProblemCode
from eligibility._model.decision import CriterionResult, Decision, OutputLabel, Source
from eligibility._model.errors import (
    Diagnostic,
    EligibilityError,
    EngineUnavailableError,
    EvaluationError,
    ExpressionError,
    HouseholdError,
    Problem,
    RuleBookError,
    Severity,
    UnknownProgramError,
)
from eligibility._model.household import (
    CHANGEABLE_FACTS,
    ROLE_CATEGORIES,
    Affiliate,
    AffiliateStatus,
    BenefitRecord,
    Category,
    Child,
    DuesStatus,
    Household,
    Parent,
    Person,
    Role,
    Schooling,
    Sex,
    Spouse,
    age_on,
)
from eligibility._model.household_io import InputError, parse_household, read_household
from eligibility._model.texts import Texts, Unit, UnitForms
from eligibility._model.timeline import Change, Event, EventKind, Period, Timeline, Upcoming
from eligibility._model.values import Unknown, Value, to_value
from eligibility._model.vocabulary import (
    CriterionStatus,
    DatePrecision,
    Domain,
    EngineName,
    Evidence,
    Language,
    Outcome,
    OutputPolicy,
    Status,
)
from eligibility._model.whatif import (
    CriterionAdvice,
    Decider,
    MissingFact,
    OutputOption,
    Remedy,
    Requirement,
    WhatIf,
)
from eligibility._rulefiles.json_schema import SchemaKind, json_schema

__version__ = "0.1.0"

__all__ = [  # noqa: RUF022 - plain sorted order, as tests/test_exports.py checks
    "Affiliate",
    "AffiliateStatus",
    "BenefitRecord",
    "CHANGEABLE_FACTS",
    "Category",
    "Change",
    "Child",
    "Citation",
    "Clock",
    "Criterion",
    "CriterionAdvice",
    "CriterionException",
    "CriterionResult",
    "CriterionStatus",
    "DatePrecision",
    "Decider",
    "Decision",
    "Definition",
    "Dependencies",
    "Diagnostic",
    "DiagnosticCode",
    "Domain",
    "DuesStatus",
    "EligibilityError",
    "Engine",
    "EngineName",
    "EngineUnavailableError",
    "Evaluation",
    "EvaluationError",
    "Event",
    "EventKind",
    "Evidence",
    "Example",
    "ExampleResult",
    "Expectation",
    "Expr",
    "ExpressionError",
    "Frame",
    "Household",
    "HouseholdError",
    "InputError",
    "Language",
    "Measure",
    "MissingFact",
    "Node",
    "Outcome",
    "Output",
    "OutputLabel",
    "OutputOption",
    "OutputPolicy",
    "Parameter",
    "ParameterEntry",
    "Parent",
    "Period",
    "Person",
    "Problem",
    "ProblemCode",
    "Program",
    "ROLE_CATEGORIES",
    "Reads",
    "Remedy",
    "Requirement",
    "Role",
    "Row",
    "RuleBook",
    "RuleBookError",
    "SchemaKind",
    "Schooling",
    "Severity",
    "Sex",
    "Since",
    "Source",
    "Spouse",
    "Status",
    "Texts",
    "Timeline",
    "Type",
    "Unit",
    "UnitForms",
    "Unknown",
    "UnknownProgramError",
    "Upcoming",
    "Value",
    "Verdict",
    "Version",
    "WhatIf",
    "__version__",
    "age_on",
    "default_rules_path",
    "json_schema",
    "parse_household",
    "read_household",
    "to_value",
]

# Exported classes and functions show as ``eligibility.X`` (in reprs, tracebacks and the
# API reference), not under the private module that defines them.
for _name in __all__:
    _value = globals()[_name]
    if callable(_value) and getattr(_value, "__module__", "").startswith("eligibility."):
        _value.__module__ = "eligibility"
del _name, _value
