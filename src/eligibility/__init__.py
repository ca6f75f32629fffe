"""eligibility: who may receive which benefit from the police social-works foundation.

Load the rule book once, then evaluate::

    from datetime import date
    from eligibility import RuleBook

    book = RuleBook.load()                      # the shipped rule pack
    decision = book.evaluate("social.eid-al-adha-grant", household, on=date(2026, 5, 20))
    decision.outcome, decision.reasons
"""

from eligibility._book.book import (
    Engine,
    ExampleResult,
    RuleBook,
    default_rules_path,
    parse_household,
)
from eligibility._compile.ir import Criterion, Definition, Output, Parameter, Program, Version
from eligibility._model.codes import DiagnosticCode
from eligibility._model.decision import CriterionResult, CriterionStatus, Decision, Outcome, Source
from eligibility._model.errors import (
    Diagnostic,
    EligibilityError,
    EngineUnavailableError,
    EvaluationError,
    ExpressionError,
    HouseholdError,
    RuleBookError,
    Severity,
    UnknownProgramError,
)
from eligibility._model.household import (
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
    Spouse,
    age_on,
)

__version__ = "0.1.0"

__all__ = [
    "Affiliate",
    "AffiliateStatus",
    "BenefitRecord",
    "Category",
    "Child",
    "Criterion",
    "CriterionResult",
    "CriterionStatus",
    "Decision",
    "Definition",
    "Diagnostic",
    "DiagnosticCode",
    "DuesStatus",
    "EligibilityError",
    "Engine",
    "EngineUnavailableError",
    "EvaluationError",
    "ExampleResult",
    "ExpressionError",
    "Household",
    "HouseholdError",
    "Outcome",
    "Output",
    "Parameter",
    "Parent",
    "Person",
    "Program",
    "Role",
    "RuleBook",
    "RuleBookError",
    "Schooling",
    "Severity",
    "Source",
    "Spouse",
    "UnknownProgramError",
    "Version",
    "__version__",
    "age_on",
    "default_rules_path",
    "parse_household",
]
