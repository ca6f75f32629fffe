"""Reference tables of the rule language (read off the checker) and the API reference."""

from __future__ import annotations

import enum
import inspect
from collections.abc import Sequence
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from pydantic import BaseModel
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

import eligibility
from eligibility._compile.reference import FUNCTIONS, LIMITS, RECORDS, RESERVED_NAMES

from .. import __all__ as _public_names
from ._nodes import Cell, RuleBookDirective, bullets, code, para, strong, table


class FieldsDirective(RuleBookDirective):
    """``.. eligibility-fields:: [record ...]`` -- what rules may read, from the type checker."""

    optional_arguments = 10

    def run(self) -> list[nodes.Node]:
        names = self.arguments or list(RECORDS)
        out: list[nodes.Node] = []
        for name in names:
            record = RECORDS.get(name)
            if record is None:
                raise self.error(f"no record {name!r}; choose from {', '.join(RECORDS)}")
            rows: list[list[Cell]] = [
                [code(f.name), code(f.type), "yes" if f.may_be_unknown else "no",
                 self.rst_paragraphs(f.note) or "—"]
                for f in record.fields
            ]
            title = para(strong(name))
            if record.parent is not None:
                title += nodes.Text(" — also every field of ")
                title += code(record.parent)
            out.append(title)
            out.append(table(["Field", "Type", "May be unknown", "Notes"], rows, [2, 3, 1, 5]))
        return out



class FunctionsDirective(RuleBookDirective):
    """``.. eligibility-functions::`` -- the whitelisted functions, from the type checker."""

    def run(self) -> list[nodes.Node]:
        rows: list[list[Cell]] = [[code(signature), description]
                                  for signature, description in FUNCTIONS]
        return [table(["Function", "What it gives"], rows, [2, 5])]


class LimitsDirective(RuleBookDirective):
    """``.. eligibility-limits::`` -- the bounds of expressions, of what they compute, and
    of rule files, read off the loader."""

    def run(self) -> list[nodes.Node]:
        reserved = ", ".join(f"``{name}``" for name in sorted(RESERVED_NAMES))
        return [bullets([
            f"An expression is at most {LIMITS.length} characters long.",
            f"Brackets, calls, lists, ``if``/``else``, ``not`` and unary minus nest at most "
            f"{LIMITS.depth} levels deep, and the whole syntax tree at most {LIMITS.tree_depth} "
            f"levels (a chain such as ``a + b + c + ...`` adds a level per operator).",
            f"The exponent of ``**`` is a whole-number literal of at most {LIMITS.exponent}, "
            "and powers do not nest (write ``x ** 4``, not ``(x ** 2) ** 2``).",
            f"A number literal has at most {LIMITS.number_length} characters.",
            "Names (parameters, definitions, quantifier variables) are ASCII identifiers "
            "that do not start with ``_``; numbers are written with the ASCII digits ``0-9`` "
            "only (``١٨`` or ``１８`` is refused: ``non-ascii-digit``).",
            f"Whole numbers stay below 10**{LIMITS.magnitude_digits}: the loader proves it "
            "for every expression, through the definitions it uses and every value of the "
            "parameters it reads and the bounds of the household's fields (a count or a sum "
            f"counts lists as holding fewer than {LIMITS.list_items:,} items), and refuses one "
            "that could go beyond "
            "(``number-too-large``).",
            f"Decimal numbers are computed with {LIMITS.precision} significant digits, "
            "rounded half to even, in the library's own decimal context, whatever the "
            "caller's; a decimal result of "
            f"10**{LIMITS.magnitude_digits} or more, or a division by zero, is an evaluation "
            "error.",
            f"With the definitions it uses written out, an expression nests at most "
            f"{LIMITS.expanded_depth} levels deep (``definitions-too-deep``), and a "
            f"program's conditions and values have at most {LIMITS.program_size} parts "
            "(``code-too-large``).",
            f"Exceptions nest at most {LIMITS.exception_depth} levels deep "
            "(``exceptions-too-deep``).",
            f"No parameter, definition or definition argument may take a reserved name "
            f"(``reserved-name``): {reserved}.",
            f"A rule file's numbers have at most {LIMITS.number_digits} digits written out "
            f"(``number-too-long``); its mappings and lists nest at most {LIMITS.yaml_depth} "
            f"levels deep (``yaml-too-deep``); it stands for at most {LIMITS.yaml_values:,} "
            "values once its aliases are written out (``yaml-alias``).",
        ])]


# -- the API reference ------------------------------------------------------------------------

#: How ``eligibility.__all__`` is grouped in the API reference (other names go last).
API_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Rule book", ("RuleBook", "ExampleResult", "Engine", "default_rules_path",
                   "parse_household")),
    ("Decisions", ("Decision", "Outcome", "CriterionResult", "CriterionStatus", "Source")),
    ("Household model", ("Household", "Person", "Affiliate", "Spouse", "Child", "Parent",
                         "BenefitRecord", "AffiliateStatus", "DuesStatus", "Schooling", "Role",
                         "Category", "age_on")),
    ("Compiled rules", ("Program", "Criterion", "Output", "Parameter", "Definition",
                        "Version")),
    ("Errors", ("EligibilityError", "RuleBookError", "Diagnostic", "Severity",
                "HouseholdError", "UnknownProgramError", "ExpressionError", "EvaluationError",
                "EngineUnavailableError")),
)


def _api_lines(names: Sequence[str]) -> list[str]:
    grouped = {name for _, group in API_GROUPS for name in group}
    groups = [(title, [n for n in group if n in names]) for title, group in API_GROUPS]
    groups.append(("Other", sorted(n for n in names if n not in grouped)))
    lines: list[str] = []
    for title, members in groups:
        if not members:
            continue
        lines += [title, "-" * len(title), ""]
        for name in members:
            obj = getattr(eligibility, name)
            if inspect.isclass(obj) and issubclass(obj, BaseModel):
                # pydantic's generated signature repeats every field with its validation
                # metadata; the fields are listed below it instead.
                lines.append(f".. autoclass:: eligibility.{name}(**data)")
                lines.append("   :members:")
                lines.append("   :undoc-members:")
            elif inspect.isclass(obj):
                lines.append(f".. autoclass:: eligibility.{name}")
                lines.append("   :members:")
                if any(base.__module__.startswith("eligibility.") for base in obj.__mro__[1:]):
                    # What a public class takes from a private base (the rule book's
                    # roster methods) is documented as its own.
                    lines.append("   :inherited-members:")
                if issubclass(obj, enum.Enum):
                    lines.append("   :undoc-members:")
            elif callable(obj):
                lines.append(f".. autofunction:: eligibility.{name}")
            else:
                lines.append(f".. autodata:: eligibility.{name}")
                lines.append("   :annotation:")
            lines.append("")
    return lines


class ApiDirective(SphinxDirective):
    """``.. eligibility-api::`` -- autodoc entries for every public name, grouped."""

    def run(self) -> list[nodes.Node]:
        container = nodes.section()
        container.document = self.state.document
        lines = _api_lines(list(_public_names))
        nested_parse_with_titles(self.state, StringList(lines, source="eligibility.__all__"),
                                 container)
        return list(container.children)


# -- the command line ------------------------------------------------------------------------


def _paragraphs(text: str | None) -> list[nodes.Node]:
    """Help text as paragraphs (blank lines separate them)."""
    return [para(" ".join(block.split())) for block in (text or "").split("\n\n")
            if block.strip()]


class CliDirective(RuleBookDirective):
    """``.. eligibility-cli::`` -- the command line's reference, read off the command itself."""

    def run(self) -> list[nodes.Node]:
        from eligibility.cli.app import cli  # noqa: PLC0415 - the command line is documented, not run

        root = cli.make_context("eligibility", [], resilient_parsing=True)
        out: list[nodes.Node] = self.command(cli, root, "eligibility")
        commands: dict[str, Any] = getattr(cli, "commands", {})
        for name, command in commands.items():
            if getattr(command, "hidden", False):
                continue
            ctx = command.make_context(name, [], parent=root, resilient_parsing=True)
            sub = self.section(code(f"eligibility {name}"), f"eligibility-cli-{name}")
            sub.extend(self.command(command, ctx, name, root_epilog=cli.epilog))
            out.append(sub)
        return out

    def command(self, command: Any, ctx: Any, name: str,
                root_epilog: str | None = None) -> list[nodes.Node]:
        usage = str(command.get_usage(ctx)).strip()
        out: list[nodes.Node] = [nodes.literal_block(usage, usage, language="text")]
        out.extend(_paragraphs(command.help))
        rows: list[list[Cell]] = []
        for param in command.params:
            record = param.get_help_record(ctx)
            if record is None or getattr(param, "hidden", False):
                continue
            rows.append([code(record[0]), " ".join(str(record[1]).split()) or "—"])
        if rows:
            out.append(table(["Option or argument", "Meaning"], rows, [2, 5]))
        if command.epilog and command.epilog != root_epilog:
            out.extend(_paragraphs(command.epilog))
        return out
