"""Read rule files: YAML with the position of every key and value kept.

The text is read by the library's bounded YAML reader
(:mod:`eligibility._model.yaml_reader`: libyaml's C parser where it is installed, no
anchors, aliases or tags, bounded nesting and numbers, YAML 1.2 scalars), which also
gives the line and column of every key and value and the style of quoted and block
scalars; here they become a :class:`~.positions.Located` table, so diagnostics can point
at their place, and the reader's problems become located diagnostics.
"""

from __future__ import annotations

from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic
from eligibility._model.yaml_reader import YamlProblem, read_yaml

from .positions import Located, SourceFile, json_path

__all__ = ["load_yaml"]


def _clamp(text: str, line: int, column: int) -> tuple[int, int]:
    """A 0-based place as a 1-based place in the text (the end of the last line for a
    problem at the end of the stream, which the parser puts on the line after it)."""
    lines = text.splitlines() or [""]
    if line >= len(lines):
        return len(lines), len(lines[-1]) + 1
    return line + 1, column + 1


def load_yaml(name: str, text: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Parse YAML text; return the file (or ``None``) and its diagnostics.

    A problem in the YAML itself stops the file (``None``); a text holding a character no
    text may hold is reported, and the file is still returned (with the character
    escaped), so that the rest of it is checked too.
    """
    try:
        document = read_yaml(text)
    except YamlProblem as exc:
        line, column = _clamp(text, exc.line, exc.column)
        message = exc.message if exc.code is not Code.YAML_SYNTAX else f"YAML: {exc.message}"
        return None, [Diagnostic(exc.code, message, file=name, line=line, column=column)]
    problems = [Diagnostic(code, message, file=name, line=line + 1, column=column + 1,
                           json_path=json_path(path))
                for path, code, message, (line, column) in document.texts]
    data = document.data
    if not isinstance(data, dict):
        actual = "an empty file" if data is None else type(data).__name__
        return None, [*problems, Diagnostic(Code.WRONG_TYPE, "a rule file must be a mapping",
                                            file=name, line=1, column=1, expected="mapping",
                                            actual=actual)]
    located = Located(document.values, document.keys, document.styles)
    return SourceFile(name, data, located, text), problems
