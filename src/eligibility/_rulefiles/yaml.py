"""Read rule files: YAML with the position of every key and value kept.

The YAML is read with ruamel.yaml's round-trip loader, which keeps the line and column of
every key and value; the data is turned into plain Python on the way, the positions into
a :class:`~.positions.Located` table, so diagnostics can point at their place.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic

from .positions import Located, Path, SourceFile, key_text

__all__ = ["load_yaml"]


def _plain(node: Any, path: Path, located: Located) -> Any:
    """Convert ruamel's nodes to plain Python, recording positions on the way."""
    if isinstance(node, CommentedMap):
        if not path and node.lc.line is not None:  # the top mapping: where missing keys go
            located.values[path] = (node.lc.line, node.lc.col)
        out: dict[Any, Any] = {}
        for key in node:
            sub = (*path, key_text(key))
            try:
                located.keys[sub] = tuple(node.lc.key(key))
                located.values[sub] = tuple(node.lc.value(key))
            except (KeyError, TypeError, AttributeError):  # pragma: no cover - merged keys
                pass
            out[_plain_key(key)] = _plain(node[key], sub, located)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, item in enumerate(node):
            sub = (*path, index)
            with contextlib.suppress(KeyError, TypeError, AttributeError):
                located.values[sub] = tuple(node.lc.item(index))
            items.append(_plain(item, sub, located))
        return items
    if isinstance(node, (LiteralScalarString, FoldedScalarString)):
        located.styles[path] = "block"
        return str(node)
    if isinstance(node, (SingleQuotedScalarString, DoubleQuotedScalarString)):
        located.styles[path] = "quoted"
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, float):
        return Decimal(repr(float(node)))
    if isinstance(node, int):
        return int(node)
    if isinstance(node, datetime):
        return node
    if isinstance(node, date):
        return date(node.year, node.month, node.day)
    if isinstance(node, str):
        return str(node)
    return node


def _plain_key(key: Any) -> Any:
    if isinstance(key, date) and not isinstance(key, datetime):
        return date(key.year, key.month, key.day)
    if isinstance(key, (bool, int)):
        return key
    return str(key) if isinstance(key, str) else key


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip constructor, except that an impossible date such as
    ``2020-02-30`` stays text (the structure check then reports it where it is)."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _clamp(text: str, mark: Any) -> tuple[int, int]:
    """A YAML error mark as a 1-based place in the text (the end of the last line for an
    error at the end of the stream, which ruamel puts on the line after it)."""
    if mark is None:
        return 1, 1
    lines = text.splitlines() or [""]
    if mark.line >= len(lines):
        return len(lines), len(lines[-1]) + 1
    return mark.line + 1, mark.column + 1


def load_yaml(name: str, text: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Parse YAML text; return the file (or ``None``) and any syntax diagnostics."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    try:
        with warnings.catch_warnings():
            # An anchor defined again is valid YAML (aliases use the latest definition);
            # ruamel only warns about it, which must not reach the rule author as noise.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            raw = yaml.load(io.StringIO(text))
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        line, col = _clamp(text, mark)
        problem = (exc.problem or "duplicate key").split("\n")[0]
        return None, [Diagnostic(Code.DUPLICATE_KEY, problem, file=name, line=line, column=col)]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _clamp(text, mark)
        message = (exc.problem or exc.context or "invalid YAML").split("\n")[0]
        return None, [Diagnostic(Code.YAML_SYNTAX, f"YAML: {message}", file=name, line=line,
                                 column=col)]
    except YAMLError as exc:
        return None, [Diagnostic(Code.YAML_SYNTAX, f"YAML: {exc}", file=name, line=1, column=1)]
    located = Located()
    data = _plain(raw, (), located)
    if not isinstance(data, dict):
        actual = "an empty file" if data is None else type(data).__name__
        return None, [Diagnostic(Code.WRONG_TYPE, "a rule file must be a mapping",
                                 file=name, line=1, column=1, expected="mapping", actual=actual)]
    return SourceFile(name, data, located, text), []


