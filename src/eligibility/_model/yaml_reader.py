"""One bounded YAML reader for rule files and household files.

The text is parsed by PyYAML's event parser (libyaml's C parser where it is installed, its
pure-Python twin otherwise) and the data built here, in one pass over the events, without
recursion. Nothing a few bytes of YAML can ask for may cost more than the reader allows:

* anchors and aliases (``&name``, ``*name``) and merge keys (``<<: *name``) are kept:
  an alias shares the value of its anchor, never a copy; but the data they stand for,
  counted as if written out, is bounded by :data:`MAX_VALUES` values per document. A few
  hundred bytes of nested aliases would otherwise expand to gigabytes in every later
  step (``yaml-alias``). An alias to an anchor not yet complete is refused too.
* explicit tags (``!!python/object``...) are refused: data is data (``yaml-tag``);
* mappings and lists nest at most :data:`MAX_DEPTH` deep (``yaml-too-deep``);
* numbers have at most :data:`~.yaml_scalars.MAX_NUMBER_DIGITS` digits
  (``number-too-long``), so that no integer conversion can take long or fail;
* a key given twice in one mapping (``duplicate-key``), and more than one document, are
  refused.

Scalars are resolved as YAML 1.2's core schema does (``on``, ``yes`` and ``no`` stay text;
``true``/``false``, ``null``/``~``, integers in decimal, ``0x``, ``0o`` and ``0b``, and
decimal numbers, read exactly as :class:`~decimal.Decimal`), plus dates: ``2020-01-01`` is
a date, and an impossible date such as ``2020-02-30`` stays text, so that the structure
check reports it where it is. Digits are ASCII digits only (:mod:`.yaml_scalars`).

Every text is checked too (:func:`~.yaml_scalars.text_problem`): a lone surrogate, a
bidirectional control or another control character (an ANSI escape sequence starts with
one) is reported with its own code, and the text kept with the character escaped, so that
no later message prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from yaml import events

from .codes import DiagnosticCode as Code
from .yaml_scalars import MAX_NUMBER_DIGITS, YamlProblem, resolve_scalar, text_problem

try:
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

__all__ = [
    "MAX_DEPTH",
    "MAX_NUMBER_DIGITS",
    "MAX_VALUES",
    "YamlDocument",
    "YamlProblem",
    "read_yaml",
    "text_problem",
]

#: Deepest nesting of mappings and lists.
MAX_DEPTH = 40
#: Most values (scalars, mappings and lists) a document may stand for, aliases written out.
MAX_VALUES = 100_000

Path = tuple[str | int, ...]
Place = tuple[int, int]  # 0-based line and column
#: Positions in the order found: later entries of a path replace earlier ones.
_Entries = list[tuple[Path, Any]]


@dataclass
class YamlDocument:
    """What :func:`read_yaml` gives: the data (plain Python), where each key and value
    starts (0-based), the style of quoted and block scalars, and the problems found in
    texts (which do not stop the read)."""

    data: Any
    keys: dict[Path, Place] = field(default_factory=dict)
    values: dict[Path, Place] = field(default_factory=dict)
    styles: dict[Path, str] = field(default_factory=dict)
    texts: list[tuple[Path, Code, str, Place]] = field(default_factory=list)


@dataclass
class _Anchored:
    """An anchor's value, how many values it stands for, where it is, its style (for a
    scalar), and the positions of its parts (relative to it)."""

    value: Any
    size: int
    place: Place
    style: str | None = None
    parts: tuple[_Entries, _Entries, _Entries] = ([], [], [])


_NO_KEY = object()


@dataclass
class _Frame:
    container: dict[Any, Any] | list[Any]
    path: Path
    place: Place
    anchor: str | None
    size: int  # the document's value count when the collection started
    starts: tuple[int, int, int]  # lengths of the position lists when it started
    key: Any = _NO_KEY
    key_place: Place = (0, 0)
    merge: bool = False  # the pending key is the merge key '<<'
    key_lines: dict[Any, int] = field(default_factory=dict)
    merges: list[_Anchored] = field(default_factory=list)


def _key_text(key: Any) -> str:
    return key.isoformat() if isinstance(key, date) else str(key)


def _merge_error(place: Place) -> YamlProblem:
    return YamlProblem(Code.YAML_SYNTAX, "a merge key '<<' takes a mapping or a list of "
                       "mappings", *place)


class _Builder:
    def __init__(self, positions: bool) -> None:
        self.positions = positions
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.texts: list[tuple[Path, Code, str, Place]] = []
        self.entries: tuple[_Entries, _Entries, _Entries] = ([], [], [])  # keys, values, styles
        self.documents = 0
        self.size = 0
        self.anchors: dict[str, _Anchored] = {}

    def run(self, parser: Any) -> YamlDocument:
        while True:
            event = parser.get_event()
            if isinstance(event, events.StreamEndEvent):
                break
            if isinstance(event, events.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise _problem(Code.YAML_SYNTAX, "a file holds one YAML document, but a "
                                   "second one starts here", event)
            elif isinstance(event, events.AliasEvent):
                self._alias(event)
            elif isinstance(event, events.NodeEvent):
                self._node(event)
            elif isinstance(event, events.CollectionEndEvent):
                self._end()
        keys, values, styles = (dict(entries) for entries in self.entries)
        return YamlDocument(self.root, keys, values, styles, self.texts)

    # -- events -----------------------------------------------------------------------------
    def _node(self, event: Any) -> None:
        if event.tag is not None and event.tag != "!":
            raise _problem(Code.YAML_TAG, f"tag {event.tag}: explicit tags are not allowed",
                           event)
        self._count(1, event)
        place = (event.start_mark.line, event.start_mark.column)
        if isinstance(event, events.ScalarEvent):
            plain = not event.style and event.tag is None
            if plain and event.value == "<<" and self._expects_key():
                self.stack[-1].merge = True
                return
            value = resolve_scalar(event.value, event.start_mark) if plain else event.value
            style = _style(event.style)
            self._attach(value, place, style)
            if event.anchor is not None:
                self.anchors[event.anchor] = _Anchored(value, 1, place, style)
            return
        if len(self.stack) >= MAX_DEPTH:
            raise _problem(Code.YAML_TOO_DEEP, f"mappings and lists nest more than {MAX_DEPTH} "
                           "levels deep", event)
        container: dict[Any, Any] | list[Any] = \
            {} if isinstance(event, events.MappingStartEvent) else []
        path = self._attach(container, place, None)
        starts = (len(self.entries[0]), len(self.entries[1]), len(self.entries[2]))
        self.stack.append(_Frame(container, path, place, event.anchor, self.size - 1, starts))

    def _alias(self, event: Any) -> None:
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            raise _problem(Code.YAML_ALIAS, f"alias *{event.anchor} names no complete anchor "
                           "before it", event)
        self._count(anchored.size, event)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.merge:  # '<<: *name'
            if not isinstance(anchored.value, dict):
                raise _merge_error(anchored.place)
            frame.merges.append(anchored)
            frame.merge = False
            return
        if frame is not None and isinstance(frame.container, list) and len(self.stack) >= 2 \
                and self.stack[-2].merge:  # '<<: [*a, *b]'
            frame.merges.append(anchored)
            return
        if self._expects_key():
            raise _problem(Code.YAML_SYNTAX, "a key must be a text, a number or a date, not an "
                           "alias", event)
        path = self._attach(anchored.value, anchored.place, anchored.style)
        if self.positions:
            for entries, parts in zip(self.entries, anchored.parts, strict=True):
                entries.extend(((*path, *sub), value) for sub, value in parts)

    def _end(self) -> None:
        frame = self.stack.pop()
        if isinstance(frame.container, list) and self.stack and self.stack[-1].merge:
            parent = self.stack[-1]  # the list of '<<: [*a, *b]' ends
            if frame.container:
                raise _merge_error(frame.place)
            parent.merges.extend(frame.merges)
            parent.merge = False
            return
        for anchored in frame.merges:
            self._merge_into(frame, anchored)
        if frame.anchor is not None:
            size = len(frame.path)
            parts = tuple([(path[size:], value) for path, value in entries[start:]]
                          for entries, start in zip(self.entries, frame.starts, strict=True))
            self.anchors[frame.anchor] = _Anchored(frame.container, self.size - frame.size,
                                                   frame.place, None, parts)  # type: ignore[arg-type]

    # -- building ---------------------------------------------------------------------------
    def _expects_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].container, dict) \
            and self.stack[-1].key is _NO_KEY and not self.stack[-1].merge

    def _count(self, values: int, event: Any) -> None:
        self.size += values
        if self.size > MAX_VALUES:
            raise _problem(Code.YAML_ALIAS, f"the document stands for more than {MAX_VALUES} "
                           "values once its aliases are written out", event)

    def _merge_into(self, frame: _Frame, anchored: _Anchored) -> None:
        """A merged mapping's keys join ``frame``'s mapping: keys given in the mapping
        itself, or by an earlier merge, win."""
        if not isinstance(frame.container, dict) or not isinstance(anchored.value, dict):
            raise _merge_error(anchored.place)
        for key, value in anchored.value.items():
            if key in frame.container:
                continue
            frame.container[key] = value
            if self.positions:
                text = _key_text(key)
                for entries, parts in zip(self.entries, anchored.parts, strict=True):
                    entries.extend(((*frame.path, *sub), place) for sub, place in parts
                                   if sub[:1] == (text,))

    def _attach(self, value: Any, place: Place, style: str | None) -> Path:
        """Put ``value`` where it belongs (a text with a bad character, escaped); its path."""
        keys, values, styles = self.entries
        if not self.stack:
            self.root = self._clean(value, (), place)
            if isinstance(value, dict) and self.positions:
                values.append(((), place))
            return ()
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            path: Path = (*frame.path, len(container))
            container.append(self._clean(value, path, place))
        elif frame.merge:  # '<<: {inline mapping}' or '<<: [...]'
            if isinstance(value, dict):
                frame.merges.append(_Anchored(value, 0, place))
                frame.merge = False
            elif not isinstance(value, list):
                raise _merge_error(place)
            return (*frame.path, "<<")
        elif frame.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise YamlProblem(Code.YAML_SYNTAX, "a key must be a text, a number or a date, "
                                  "not a mapping or a list", *place)
            if value in frame.key_lines:  # equal keys (1 and true are) would overwrite
                raise YamlProblem(Code.DUPLICATE_KEY, f"duplicate key {_key_text(value)!r} "
                                  f"(first given on line {frame.key_lines[value] + 1})", *place)
            frame.key_lines[value] = place[0]
            frame.key = self._clean(value, (*frame.path, _key_text(value)), place)
            frame.key_place = place
            return frame.path
        else:
            path = (*frame.path, _key_text(frame.key))
            container[frame.key] = self._clean(value, path, place)
            if self.positions:
                keys.append((path, frame.key_place))
            frame.key = _NO_KEY
        if self.positions:
            values.append((path, place))
            if style is not None:
                styles.append((path, style))
        return path

    def _clean(self, value: Any, path: Path, place: Place) -> Any:
        """``value``, or for a text with a bad character, the problem noted and the text
        with the character escaped."""
        if not isinstance(value, str):
            return value
        problem = text_problem(value)
        if problem is None:
            return value
        code, message, safe = problem
        self.texts.append((path, code, message, place))
        return safe


def _style(style: str | None) -> str | None:
    if style in ("|", ">"):
        return "block"
    if style in ("'", '"'):
        return "quoted"
    return None


def _problem(code: Code, message: str, event: Any) -> YamlProblem:
    return YamlProblem(code, message, event.start_mark.line, event.start_mark.column)


def read_yaml(text: str, *, positions: bool = True) -> YamlDocument:
    """Read one YAML document from ``text`` (``positions``: also where each part is).

    Raises:
        YamlProblem: the text is not YAML, or holds what the reader refuses (see the
            module's documentation), with the 0-based place of the first problem.
    """
    parser = _Parser(text)
    try:
        return _Builder(positions).run(parser)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = (exc.problem or exc.context or "invalid YAML").split("\n")[0]
        code = Code.YAML_SYNTAX
        if "invalid Unicode character" in message:
            code, message = Code.INVALID_UNICODE, f"the text is not valid Unicode ({message})"
        raise YamlProblem(code, message, mark.line if mark else 0,
                          mark.column if mark else 0) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Code.YAML_SYNTAX, str(exc).split("\n")[0] or "invalid YAML",
                          0, 0) from None
    except RecursionError:  # pragma: no cover - only the pure-Python parser recurses
        raise YamlProblem(Code.YAML_TOO_DEEP, f"mappings and lists nest more than {MAX_DEPTH} "
                          "levels deep", 0, 0) from None
    finally:
        parser.dispose()
