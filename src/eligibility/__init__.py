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

# The names are imported on first use (PEP 562), so that ``import eligibility`` (and the
# command line) load only what they need: ``eligibility check`` never pays for the
# rule-file schema, the compiler or an engine it does not use.

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

if _TYPE_CHECKING:
    from eligibility._book.book import RuleBook, default_rules_path
    from eligibility._book.compact import compact_schema
    from eligibility._book.diff import RosterDiff
    from eligibility._book.examples import ExampleResult
    from eligibility._book.roster import ScreenedChunk, ScreenedRecord
    from eligibility._book.side_table import expand_compact
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
    from eligibility._model.roster_io import Roster, RosterRecord, read_roster, roster_format
    from eligibility._model.roster_schema import roster_schema
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
        SchemaKind,
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
    from eligibility._rulefiles.json_schema import json_schema

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
    "Roster",
    "RosterDiff",
    "RosterRecord",
    "Row",
    "RuleBook",
    "RuleBookError",
    "SchemaKind",
    "Schooling",
    "ScreenedChunk",
    "ScreenedRecord",
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
    "compact_schema",
    "default_rules_path",
    "expand_compact",
    "json_schema",
    "parse_household",
    "read_household",
    "read_roster",
    "roster_format",
    "roster_schema",
    "to_value",
]

#: Where each public name is defined.
_HOMES: dict[str, str] = {
    "Affiliate": "eligibility._model.household",
    "AffiliateStatus": "eligibility._model.household",
    "BenefitRecord": "eligibility._model.household",
    "CHANGEABLE_FACTS": "eligibility._model.household",
    "Category": "eligibility._model.household",
    "Change": "eligibility._model.timeline",
    "Child": "eligibility._model.household",
    "Citation": "eligibility._compile.ir",
    "Clock": "eligibility._compile.ir",
    "Criterion": "eligibility._compile.ir",
    "CriterionAdvice": "eligibility._model.whatif",
    "CriterionException": "eligibility._compile.ir",
    "CriterionResult": "eligibility._model.decision",
    "CriterionStatus": "eligibility._model.vocabulary",
    "DatePrecision": "eligibility._model.vocabulary",
    "Decider": "eligibility._model.whatif",
    "Decision": "eligibility._model.decision",
    "Definition": "eligibility._compile.ir",
    "Dependencies": "eligibility._compile.ir",
    "Diagnostic": "eligibility._model.errors",
    "DiagnosticCode": "eligibility._model.codes",
    "Domain": "eligibility._model.vocabulary",
    "DuesStatus": "eligibility._model.household",
    "EligibilityError": "eligibility._model.errors",
    "Engine": "eligibility._engines.protocol",
    "EngineName": "eligibility._model.vocabulary",
    "EngineUnavailableError": "eligibility._model.errors",
    "Evaluation": "eligibility._engines.protocol",
    "EvaluationError": "eligibility._model.errors",
    "Event": "eligibility._model.timeline",
    "EventKind": "eligibility._model.timeline",
    "Evidence": "eligibility._model.vocabulary",
    "Example": "eligibility._compile.ir",
    "ExampleResult": "eligibility._book.examples",
    "Expectation": "eligibility._compile.ir",
    "Expr": "eligibility._compile.ir",
    "ExpressionError": "eligibility._model.errors",
    "Frame": "eligibility._compile.ir",
    "Household": "eligibility._model.household",
    "HouseholdError": "eligibility._model.errors",
    "InputError": "eligibility._model.household_io",
    "Language": "eligibility._model.vocabulary",
    "Measure": "eligibility._compile.ir",
    "MissingFact": "eligibility._model.whatif",
    "Node": "eligibility._language.ast",
    "Outcome": "eligibility._model.vocabulary",
    "Output": "eligibility._compile.ir",
    "OutputLabel": "eligibility._model.decision",
    "OutputOption": "eligibility._model.whatif",
    "OutputPolicy": "eligibility._model.vocabulary",
    "Parameter": "eligibility._compile.ir",
    "ParameterEntry": "eligibility._compile.ir",
    "Parent": "eligibility._model.household",
    "Period": "eligibility._model.timeline",
    "Person": "eligibility._model.household",
    "Problem": "eligibility._model.errors",
    "ProblemCode": "eligibility._model.codes",
    "Program": "eligibility._compile.ir",
    "ROLE_CATEGORIES": "eligibility._model.household",
    "Reads": "eligibility._compile.ir",
    "Remedy": "eligibility._model.whatif",
    "Requirement": "eligibility._model.whatif",
    "Role": "eligibility._model.household",
    "Roster": "eligibility._model.roster_io",
    "RosterDiff": "eligibility._book.diff",
    "RosterRecord": "eligibility._model.roster_io",
    "Row": "eligibility._compile.ir",
    "RuleBook": "eligibility._book.book",
    "RuleBookError": "eligibility._model.errors",
    "SchemaKind": "eligibility._model.vocabulary",
    "Schooling": "eligibility._model.household",
    "ScreenedChunk": "eligibility._book.roster",
    "ScreenedRecord": "eligibility._book.roster",
    "Severity": "eligibility._model.errors",
    "Sex": "eligibility._model.household",
    "Since": "eligibility._compile.ir",
    "Source": "eligibility._model.decision",
    "Spouse": "eligibility._model.household",
    "Status": "eligibility._model.vocabulary",
    "Texts": "eligibility._model.texts",
    "Timeline": "eligibility._model.timeline",
    "Type": "eligibility._language.types",
    "Unit": "eligibility._model.texts",
    "UnitForms": "eligibility._model.texts",
    "Unknown": "eligibility._model.values",
    "UnknownProgramError": "eligibility._model.errors",
    "Upcoming": "eligibility._model.timeline",
    "Value": "eligibility._model.values",
    "Verdict": "eligibility._engines.protocol",
    "Version": "eligibility._compile.ir",
    "WhatIf": "eligibility._model.whatif",
    "age_on": "eligibility._model.household",
    "compact_schema": "eligibility._book.compact",
    "default_rules_path": "eligibility._book.book",
    "expand_compact": "eligibility._book.side_table",
    "json_schema": "eligibility._rulefiles.json_schema",
    "parse_household": "eligibility._model.household_io",
    "read_household": "eligibility._model.household_io",
    "read_roster": "eligibility._model.roster_io",
    "roster_format": "eligibility._model.roster_io",
    "roster_schema": "eligibility._model.roster_schema",
    "to_value": "eligibility._model.values",
}


def __getattr__(name: str) -> _Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'eligibility' has no attribute {name!r}")
    module = _importlib.import_module(home)
    # Every public name of that module, at once: exported classes and functions show as
    # ``eligibility.X`` (in reprs, tracebacks and the API reference), not under the
    # private module that defines them.
    for other, where in _HOMES.items():
        if where == home:
            value = getattr(module, other)
            if callable(value) and getattr(value, "__module__", "").startswith("eligibility."):
                value.__module__ = "eligibility"
            globals()[other] = value
    return globals()[name]


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
