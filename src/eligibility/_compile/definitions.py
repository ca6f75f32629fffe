"""Shared definitions and global parameters: compiled first, in dependency order."""

from __future__ import annotations

from eligibility._language.ast import Node
from eligibility._language.bounds import measure
from eligibility._language.checker import DefinitionSignature, Scope
from eligibility._language.parser import parse
from eligibility._language.types import DATE, DECIMAL, HOUSEHOLD, INT, PERSON, ROLE_TYPES, Type
from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import ExpressionError
from eligibility._rulefiles.positions import Path, SourceFile
from eligibility._rulefiles.schema import DefinitionsFile

from .expressions import CompilerBase, citations
from .ir import Definition
from .names import names_used, reads_of

__all__ = ["DefinitionsCompiler"]

_Parsed = tuple[SourceFile, DefinitionsFile, int, Node | None]

#: The types a definition's parameter may have: people by role, numbers and dates.
_PARAM_TYPES: dict[str, Type] = {**ROLE_TYPES, "person": PERSON, "int": INT,
                                 "decimal": DECIMAL, "date": DATE}


class DefinitionsCompiler(CompilerBase):
    """Compiles the definitions files: global parameters, then definitions."""

    def definitions(self, files: list[tuple[SourceFile, DefinitionsFile]]) -> None:
        parsed: dict[str, _Parsed] = {}
        for source, spec in files:
            self._global_parameters(source, spec)
            for index, definition in enumerate(spec.definitions):
                path: Path = ("definitions", index)
                reserved = [self.reserved(source, (*path, "id"), definition.id, "definition")]
                reserved += [self.reserved(source, (*path, "params", name), name,
                                           "definition's argument")
                             for name in definition.params]
                if any(reserved):
                    continue
                if definition.id in parsed:
                    self.diagnostics.append(source.diagnostic(
                        ("definitions", index, "id"), Code.DUPLICATE_ID,
                        f"definition {definition.id!r} is defined twice",
                    ))
                    continue
                try:
                    node: Node | None = parse(definition.value)
                except ExpressionError:
                    node = None  # reported again, with its place, when checked below
                parsed[definition.id] = (source, spec, index, node)
        self.visible = self.result.parameters
        deps = {
            name: {n for n in names_used(entry[3]) if n in parsed} if entry[3] else set()
            for name, entry in parsed.items()
        }
        order, cyclic = self._order(parsed, deps)
        for name in order:
            if name not in cyclic and not deps[name] & cyclic:
                self._definition(name, *parsed[name][:3])

    def _global_parameters(self, source: SourceFile, spec: DefinitionsFile) -> None:
        params = self.parameters(source, spec.parameters, spec.id, spec.status)
        for name, parameter in params.items():
            if name in self.result.parameters:
                self.diagnostics.append(source.diagnostic(
                    ("parameters", name), Code.DUPLICATE_ID,
                    f"global parameter {name!r} is defined twice", key=True,
                ))
            self.result.parameters[name] = parameter

    def _order(self, parsed: dict[str, _Parsed], deps: dict[str, set[str]]
               ) -> tuple[list[str], set[str]]:
        """Definitions in dependency order, and those caught in a cycle (each reported)."""
        order: list[str] = []
        state: dict[str, int] = {}
        cyclic: set[str] = set()

        def visit(name: str, trail: list[str]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                cycle = [*trail[trail.index(name):], name]
                cyclic.update(cycle)
                source, _, index, _ = parsed[name]
                self.diagnostics.append(source.diagnostic(
                    ("definitions", index, "value"), Code.DEFINITION_CYCLE,
                    "definitions refer to each other in a cycle: " + " -> ".join(cycle),
                ))
                return
            state[name] = 1
            for dep in sorted(deps[name]):
                visit(dep, [*trail, name])
            state[name] = 2
            order.append(name)

        for name in parsed:
            visit(name, [])
        return order, cyclic

    def _definition(self, name: str, source: SourceFile, spec: DefinitionsFile,
                    index: int) -> None:
        definition = spec.definitions[index]
        path: Path = ("definitions", index)
        typed = tuple((p, _PARAM_TYPES[t]) for p, t in definition.params.items())
        names: dict[str, Type] = {
            "household": HOUSEHOLD, "on": DATE,
            **dict(typed),
            **{n: p.type for n, p in self.result.parameters.items()},
        }
        magnitudes = {n: p.magnitude for n, p in self.result.parameters.items()}
        scope = Scope(names, dict(self.signatures), magnitudes)
        expr = self.expression(source, (*path, "value"), definition.value, scope, None,
                               "a definition")
        self.texts(source, (*path, "text"), definition.text, self.result.parameters)
        if expr is None:
            return
        bounds = measure(expr.node, scope, expr.source)
        self.signatures[name] = DefinitionSignature(name, typed, expr.type, bounds.magnitude,
                                                    bounds.depth, bounds.size)
        self.result.definitions[name] = Definition(
            name, tuple((p, t) for p, t in typed), expr, definition.text,
            definition.status or spec.status, citations(definition.sources or spec.sources),
            source.name, reads_of([expr], self.result.parameters, self.result.definitions),
            citations(spec.sources),
        )
