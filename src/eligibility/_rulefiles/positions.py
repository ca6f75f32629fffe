"""Where things are in a rule file: positions of keys and values, JSON paths, and
diagnostics placed at them (also inside an expression's text)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic

__all__ = ["Located", "Path", "SourceFile", "json_path", "key_text"]

Path = tuple[str | int, ...]


def json_path(path: Path) -> str:
    """``("criteria", 1, "when")`` -> ``$.criteria[1].when``."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("_", "").replace("-", "").isalnum() and not part[:1].isdigit():
            out += f".{part}"
        else:
            out += f"[{part!r}]"
    return out


@dataclass
class Located:
    """Where things are in one file: value and key positions by path (0-based)."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    styles: dict[Path, str] = field(default_factory=dict)


@dataclass
class SourceFile:
    """One rule file: its name, raw data (plain Python) and positions."""

    name: str
    data: Any
    located: Located
    text: str = ""

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the deepest part of ``path`` the file has."""
        table = self.located.keys if key else self.located.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                line, col = table[prefix]
                return line + 1, col + 1
            if prefix in self.located.values:
                line, col = self.located.values[prefix]
                return line + 1, col + 1
        return 1, 1

    def expression_position(self, path: Path, line: int, column: int) -> tuple[int, int]:
        """Place a position inside an expression's text (1-based) in the file.

        The expression's characters are matched, in order, against the file's text from
        where its value starts, skipping only what YAML adds around them (quotes, escapes,
        line breaks and indentation of quoted, folded, literal and multi-line plain
        scalars). If that fails (an escape YAML translated), the position is estimated.
        """
        found = self._scalar(path)
        if found is not None:
            place = self._align(*found, line, column)
            if place is not None:
                return place
        base_line, base_col = self.position(path)
        style = self.located.styles.get(path, "plain")
        if style == "block":
            key_line, key_col = self.position(path, key=True)
            return key_line + line, key_col + 2 + column - 1
        if line > 1:
            return base_line + line - 1, column
        return base_line, base_col + column - 1 + (1 if style == "quoted" else 0)

    def _scalar(self, path: Path) -> tuple[Path, str] | None:
        """The longest prefix of ``path`` that holds a located text (a shorthand's value)."""
        for end in range(len(path), 0, -1):
            prefix = path[:end]
            node: Any = self.data
            for part in prefix:
                if isinstance(node, dict):
                    node = next((v for k, v in node.items() if key_text(k) == part), None)
                elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                    node = node[part]
                else:
                    node = None
            if isinstance(node, str) and prefix in self.located.values:
                return prefix, node
        return None

    def _align(self, path: Path, value: str, line: int, column: int) -> tuple[int, int] | None:
        lines = value.split("\n")
        if not self.text or not 1 <= line <= len(lines):
            return None
        offset = sum(len(text) + 1 for text in lines[: line - 1]) + column - 1
        starts = [0]
        for raw_line in self.text.split("\n"):
            starts.append(starts[-1] + len(raw_line) + 1)
        first_line, first_col = self.located.values[path]
        if self.located.styles.get(path) == "block":  # the text starts below '|' or '>'
            first_line, first_col = first_line + 1, 0
        if first_line >= len(starts) - 1:
            return None
        pos = starts[first_line] + first_col
        here = pos
        for char in value[: offset + 1]:
            while pos < len(self.text) and self.text[pos] != char \
                    and not (char == " " and self.text[pos] == "\n"):  # a folded line break
                if self.text[pos] not in " \t\r\n'\"\\":
                    return None  # the text does not follow the value: give up
                pos += 1
            if pos >= len(self.text):
                return None
            here = pos
            pos += 1
        if offset >= len(value):  # just past the end of the expression
            here = pos
        row = bisect.bisect_right(starts, here) - 1
        return row + 1, here - starts[row] + 1

    def diagnostic(
        self,
        path: Path,
        code: Code,
        message: str,
        *,
        key: bool = False,
        position: tuple[int, int] | None = None,
        **extra: Any,
    ) -> Diagnostic:
        line, column = position or self.position(path, key=key)
        return Diagnostic(
            code, message, file=self.name, line=line, column=column, json_path=json_path(path),
            **extra,
        )


def key_text(key: Any) -> str:
    return key.isoformat() if isinstance(key, date) else str(key)


