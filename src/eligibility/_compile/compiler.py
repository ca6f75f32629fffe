"""Compile validated rule files into the IR: parse, resolve, type-check, cross-check.

Every problem found is collected as a :class:`~eligibility.Diagnostic` with its place in
the file; nothing is raised until the whole rule book has been read, so a rule author
fixes every file in one pass. The steps live beside this module: expressions and texts
(:mod:`.expressions`), shared definitions (:mod:`.definitions`), programs
(:mod:`.programs`), examples (:mod:`.examples`) and static checks (:mod:`.analysis`).
"""

from __future__ import annotations

from eligibility._rulefiles.positions import SourceFile
from eligibility._rulefiles.schema import DefinitionsFile, ProgramFile

from .expressions import CompileResult
from .programs import Compiler

__all__ = ["CompileResult", "compile_files"]


def compile_files(
    files: list[tuple[SourceFile, ProgramFile | DefinitionsFile]],
) -> CompileResult:
    """Compile every validated file; diagnostics collect in the result."""
    compiler = Compiler()
    compiler.definitions([(s, f) for s, f in files if isinstance(f, DefinitionsFile)])
    for source, spec in files:
        if isinstance(spec, ProgramFile):
            compiler.program(source, spec)
    return compiler.result
