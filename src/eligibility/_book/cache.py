"""A cache of compiled rule books, so that a one-off command starts at once.

Loading a rule book reads, validates and compiles every rule file (about 0.15 s for the
shipped pack, plus importing the parser, the schema and the compiler). The compiled
result depends only on the files' bytes and on the library's own code, so it is kept in
a JSON file named after both: the rule files' content hash and a fingerprint of the
library's source files (its version, and the name, size and modification time of each
module). A later load that finds the same hash reads that file instead.

The format is plain JSON (never pickle): each IR object is written with the name of its
class, and only the classes listed here can be read back, each built field by field. An
entry that cannot be read or does not decode (cut short, edited, from another format) is
ignored and rebuilt; a rule book that cannot be cached is simply not cached. Only rule
books that load without error are stored: errors are always found by a full load.

Where: ``$ELIGIBILITY_CACHE_DIR`` if set, else the user cache folder that
``platformdirs`` names for ``eligibility``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from eligibility._compile import clocks, ir, ir_parts
from eligibility._language import ast
from eligibility._language import types as lt
from eligibility._model import codes, errors, people, vocabulary
from eligibility._model.texts import Texts, Unit
from eligibility._model.values import ABSENT, Absent
from eligibility._rulefiles.discovery import RuleSources

__all__ = ["CACHE_ENV", "Compiled", "cache_dir", "compiled", "load_cached", "store"]

#: The environment variable naming the cache folder (``off`` disables the cache).
CACHE_ENV = "ELIGIBILITY_CACHE_DIR"
#: Bumped whenever the encoding below changes.
FORMAT = 2

_PACKAGE = Path(__file__).resolve().parents[1]


@dataclasses.dataclass(frozen=True)
class Compiled:
    """What a rule book keeps of its files: the compiled parts and the warnings."""

    programs: dict[str, ir.Program]
    definitions: dict[str, ir.Definition]
    parameters: dict[str, ir.Parameter]
    warnings: tuple[errors.Diagnostic, ...]


def compiled(root: Path, sources: RuleSources, *, cache: bool) -> Compiled:
    """The rule files ``sources`` (read from ``root``) compiled: with ``cache``, read back
    from the cache when it holds them, else compiled and stored there.

    Raises:
        RuleBookError: with every diagnostic of every file, if any is an error.
    """
    found = None
    if cache and not sources.diagnostics:
        found = load_cached(sources.content_hash)
    if found is None:
        found = _compile(root, sources)
        if cache:
            store(sources.content_hash, found)
    return found


def _compile(root: Path, sources: RuleSources) -> Compiled:
    """Parse, validate and compile the rule files (raises :class:`RuleBookError`)."""
    # The parser, the rule-file schema and the compiler load only here: a rule book read
    # back from the cache needs none of them.
    from eligibility._compile.compiler import compile_files  # noqa: PLC0415
    from eligibility._rulefiles.discovery import read_rule_files  # noqa: PLC0415

    files = read_rule_files(root, sources)
    result = compile_files(files.files)
    diagnostics = [*files.diagnostics, *result.diagnostics]
    if any(d.severity is errors.Severity.ERROR for d in diagnostics):
        raise errors.RuleBookError(diagnostics)
    return Compiled(result.programs, result.definitions, result.parameters, tuple(diagnostics))


class _NotCacheable(Exception):  # noqa: N818 - a signal, not an error
    """A value the encoding does not know: the rule book is not cached."""


def _classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for module in (ir, ir_parts, clocks, ast, lt, errors):
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value):
                found[value.__name__] = value
    found.pop("RecordType", None)  # by name only: see _record
    found.pop("_Scalar", None)  # the five scalars, by name
    return found


def _enums() -> dict[str, type[Enum]]:
    found: dict[str, type[Enum]] = {}
    for module in (vocabulary, people, codes, errors, clocks):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Enum) \
                    and value.__module__ != Enum.__module__:
                found[value.__name__] = value
    return found


_CLASSES = _classes()
_ENUMS = _enums()
_SCALARS = {t.name: t for t in (lt.BOOL, lt.INT, lt.DECIMAL, lt.STR, lt.DATE)}
_RECORDS = {r.name: r for r in (lt.PERSON, lt.HOUSEHOLD, lt.BENEFIT_RECORD,
                                *lt.ROLE_TYPES.values())}


def _record(name: str) -> lt.RecordType:
    found = _RECORDS.get(name)
    if found is not None:
        return found
    roles = name.split("|")
    if not all(role in lt.ROLE_TYPES for role in roles):
        raise ValueError(f"no record type {name!r}")
    return lt.applicant_type(roles)


# -- encoding -----------------------------------------------------------------------------------


class _Encoder:
    """Objects met twice (a definition every program shares...) are written once and
    then referred to by number: numbers are given in the order objects are finished,
    which is the order the decoder finishes them in."""

    def __init__(self) -> None:
        self.done: dict[int, int] = {}
        self.keep: list[Any] = []  # alive while encoding, so that ids stay unique

    def __call__(self, value: Any) -> Any:
        if isinstance(value, Enum):  # before str: a StrEnum is a str
            name = type(value).__name__
            if _ENUMS.get(name) is not type(value):
                raise _NotCacheable(name)
            return {"$e": name, "v": value.value}
        if value is None or isinstance(value, bool | str | int):
            return value
        if isinstance(value, Decimal):
            return {"$n": str(value)}
        if isinstance(value, date):
            return {"$t": value.isoformat()}
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, tuple):
            return {"$u": [self(v) for v in value]}
        if isinstance(value, frozenset):
            return {"$f": [self(v) for v in value]}
        if isinstance(value, Absent):  # the one value of an output not given
            return {"$a": 1}
        if isinstance(value, lt.RecordType):
            _record(value.name)  # raises for a record type no name finds again
            return {"$r": value.name}
        if type(value).__name__ == "_Scalar":
            return {"$s": value.name}
        seen = self.done.get(id(value))
        if seen is not None:
            return {"$ref": seen}
        out = self._object(value)
        self.done[id(value)] = len(self.done)
        self.keep.append(value)
        return out

    def _object(self, value: Any) -> Any:
        if isinstance(value, Texts):
            fields = {k: getattr(value, k) for k in sorted(value.model_fields_set)}
            return {"$x": fields}
        if isinstance(value, Unit):  # a unit, counted nouns' plural forms included
            return {"$U": value.model_dump(mode="json", exclude_none=True)}
        if isinstance(value, Mapping):
            tag = "$p" if isinstance(value, MappingProxyType) else "$d"
            return {tag: [[self(k), self(v)] for k, v in value.items()]}
        name = type(value).__name__
        if _CLASSES.get(name) is not type(value):
            raise _NotCacheable(name)
        return {"$": name, **{f.name: self(getattr(value, f.name))
                              for f in dataclasses.fields(value)}}  # type: ignore[arg-type]


# -- decoding -----------------------------------------------------------------------------------


#: The fields of each class the cache may build, by the class's name.
_FIELDS = {name: frozenset(f.name for f in dataclasses.fields(cls))
           for name, cls in _CLASSES.items()}


def _decoder() -> Callable[[dict[str, Any]], Any]:
    """What :class:`_Encoder` wrote, read back as ``json.loads``'s ``object_hook``: the
    parser hands over each JSON object once its values are read back (in the order the
    encoder finished them, which numbers the objects met twice); a tagged object's tag is
    its first key, and an object without a tag is kept as it is (the top level, and the
    fields of a text or unit)."""
    done: list[Any] = []
    new, set_ = object.__new__, object.__setattr__

    def finished(value: Any) -> Any:
        done.append(value)
        return value

    def instance(data: dict[str, Any]) -> Any:
        name = data.pop("$")
        cls = _CLASSES[name]
        if data.keys() != _FIELDS[name]:
            raise ValueError(f"{name}: not its fields")
        obj: Any = new(cls)
        for key, value in data.items():
            set_(obj, key, value)
        return finished(obj)

    tags: dict[str, Callable[[dict[str, Any]], Any]] = {
        "$u": lambda d: tuple(d["$u"]),
        "$t": lambda d: date.fromisoformat(d["$t"]),
        "$n": lambda d: Decimal(d["$n"]),
        "$e": lambda d: _ENUMS[d["$e"]](d["v"]),
        "$s": lambda d: _SCALARS[d["$s"]],
        "$r": lambda d: _record(d["$r"]),
        "$f": lambda d: frozenset(d["$f"]),
        "$ref": lambda d: done[d["$ref"]],
        "$a": lambda d: ABSENT,
        "$x": lambda d: finished(Texts.model_construct(**d["$x"])),
        "$U": lambda d: finished(Unit.model_validate(d["$U"])),
        "$d": lambda d: finished(dict(d["$d"])),
        "$p": lambda d: finished(MappingProxyType(dict(d["$p"]))),
        "$": instance,
    }
    tag = tags.get

    def hook(data: dict[str, Any]) -> Any:
        make = tag(next(iter(data), ""))
        return data if make is None else make(data)

    return hook


# -- the store ----------------------------------------------------------------------------------


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when caching is off (``ELIGIBILITY_CACHE_DIR=off``)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return None if chosen == "off" else Path(chosen)
    import platformdirs  # noqa: PLC0415 - only where the cache is used

    return Path(platformdirs.user_cache_dir("eligibility", appauthor=False))


def _fingerprint() -> str:
    """The library's code as the cache sees it: its modules' names, sizes and times."""
    # os.scandir, not Path.rglob: this runs on every load, and pathlib's objects cost
    # five times the system calls here.
    found: list[tuple[str, int, int]] = []
    folders = [(str(_PACKAGE), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    stat = entry.stat()
                    found.append((prefix + entry.name, stat.st_size, stat.st_mtime_ns))
                elif entry.name != "__pycache__" and entry.is_dir():
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
    digest = hashlib.sha256(f"{FORMAT}".encode())
    for name, size, mtime in sorted(found):
        digest.update(f"{name}:{size}:{mtime}\n".encode())
    return digest.hexdigest()[:16]


def _entry(content_hash: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"rulebook-{content_hash[:32]}-{_fingerprint()}.json"


def load_cached(content_hash: str) -> Compiled | None:
    """The compiled rule book stored for ``content_hash``, or ``None`` (not stored, or
    not readable: a bad entry is ignored and will be rebuilt)."""
    try:
        entry = _entry(content_hash)
        if entry is None:
            return None
        data = json.loads(entry.read_bytes(), object_hook=_decoder())
        if data.get("format") != FORMAT or data.get("content_hash") != content_hash:
            return None
        book = data["book"]
        result = Compiled(book["programs"], book["definitions"], book["parameters"],
                          book["warnings"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return None
    if not all(isinstance(p, ir.Program) for p in result.programs.values()):
        return None
    return result


def store(content_hash: str, result: Compiled) -> bool:
    """Keep ``result`` for ``content_hash`` (written whole or not at all); whether it was
    stored. Nothing is raised: a cache that cannot be written is no cache."""
    try:
        entry = _entry(content_hash)
        if entry is None:
            return False
        book = _Encoder()({"programs": result.programs, "definitions": result.definitions,
                           "parameters": result.parameters, "warnings": result.warnings})
        text = json.dumps({"format": FORMAT, "content_hash": content_hash, "book": book},
                          ensure_ascii=False, separators=(",", ":"))
        entry.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # noqa: PLC0415 - only when a rule book is stored

        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".rulebook-",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, _NotCacheable, RecursionError, ValueError):
        return False
    return True
