"""JSON Schemas for other services and editors: a household file, a rule file, a decision."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from eligibility._model.decision import Decision
from eligibility._model.household import Household
from eligibility._model.vocabulary import SchemaKind

from .schema import DefinitionsFile, ProgramFile

__all__ = ["SchemaKind", "json_schema"]


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a household file, a rule file or a decision.

    Raises:
        ValueError: for another ``kind``.
    """
    builders = {SchemaKind.HOUSEHOLD: household_schema, SchemaKind.RULES: rules_schema,
                SchemaKind.DECISION: decision_schema}
    return builders[SchemaKind(kind)]()


_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def household_schema() -> dict[str, Any]:
    """JSON Schema of a household file."""
    return {"$schema": _SCHEMA_DIALECT, **Household.model_json_schema()}


def decision_schema() -> dict[str, Any]:
    """JSON Schema of a decision (what ``--format json`` prints)."""
    return {"$schema": _SCHEMA_DIALECT, **Decision.model_json_schema(mode="serialization")}


def rules_schema() -> dict[str, Any]:
    """JSON Schema of a rule file: a program file or a definitions file (``oneOf``).

    The loader accepts two shorthands that the pydantic models expand before
    validation; the schema allows them too, so editors do not flag valid files:
    a parameter given as its ``{date: value}`` map, and a benefit given as a bare
    expression or number (short for ``{value: ...}``).
    """
    _, top = models_json_schema(
        [(ProgramFile, "validation"), (DefinitionsFile, "validation")],
        ref_template="#/$defs/{model}",
    )
    defs: dict[str, Any] = top["$defs"]
    dated_values = {
        "type": "object",
        "description": "Short for {values: {...}}: the date each value takes effect, "
                       "mapped to the value.",
        "propertyNames": {"format": "date"},
        "minProperties": 1,
    }
    for name in ("ProgramFile", "DefinitionsFile"):
        _each_value(defs[name]["properties"]["parameters"], {
            "anyOf": [{"$ref": "#/$defs/ParameterSpec"}, dated_values]
        })
    _each_value(defs["ProgramFile"]["properties"]["benefit"], {
        "anyOf": [
            {"$ref": "#/$defs/Benefit"},
            {"type": "string", "description": "Short for {value: EXPRESSION}."},
            {"type": "number", "description": "Short for {value: NUMBER}."},
            {"type": "boolean", "description": "Short for {value: BOOLEAN}."},
        ]
    })
    return {
        "$schema": _SCHEMA_DIALECT,
        "title": "eligibility rule file",
        "description": "A program file (kind: program, the default) or a file of shared "
                       "definitions (kind: definitions).",
        "oneOf": [{"$ref": "#/$defs/ProgramFile"}, {"$ref": "#/$defs/DefinitionsFile"}],
        "$defs": defs,
    }


def _each_value(mapping: dict[str, Any], schema: dict[str, Any]) -> None:
    """Set the schema of every value of a ``dict[Identifier, ...]`` property."""
    patterns = mapping.get("patternProperties")
    if patterns:
        for key in patterns:
            patterns[key] = schema
    else:
        mapping["additionalProperties"] = schema
