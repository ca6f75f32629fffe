"""A cache of compiled rule books, so that a one-off command starts at once.

Loading a rule book reads, validates and compiles every rule file (about 0.15 s for the
shipped pack, plus importing the parser, the schema and the compiler). The compiled
result depends only on the files' bytes and on the library's own code, so it is kept in
a JSON Lines file named after both: the rule files' content hash and a fingerprint of the
library's source files (its version, and the name, size and modification time of each
module). A later load that finds the same hash reads that file instead.

The format is JSON Lines (never pickle, see :mod:`.cache_codec`): a first line with the
format, the content hash and the programs' ids, a line with the shared definitions,
parameters and warnings, then a line for each program, which refers to the shared part
and is read back only when the program is first asked for (a one-off check reads one
program of sixteen). An entry that cannot be read or does not decode (cut short,
edited, from another format) is ignored and rebuilt; so is a program that turns out not
to read back when it is asked for. A rule book that cannot be cached is simply not
cached. Only rule books that load without error are stored: errors are always found by a
full load.

Where: ``$ELIGIBILITY_CACHE_DIR`` if set, else the user cache folder that
``platformdirs`` names for ``eligibility``.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from eligibility._compile import ir
from eligibility._model import errors
from eligibility._rulefiles.discovery import RuleSources

from .cache_codec import Encoder, NotCacheable, decoder

__all__ = ["CACHE_ENV", "Compiled", "cache_dir", "compiled", "load_cached", "store"]

#: The environment variable naming the cache folder (``off`` disables the cache).
CACHE_ENV = "ELIGIBILITY_CACHE_DIR"
#: Bumped whenever the encoding changes (here or in :mod:`.cache_codec`).
FORMAT = 3

_PACKAGE = Path(__file__).resolve().parents[1]


@dataclasses.dataclass(frozen=True)
class Compiled:
    """What a rule book keeps of its files: the compiled parts and the warnings."""

    programs: Mapping[str, ir.Program]  # sorted by id
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
        found = load_cached(sources.content_hash,
                            functools.cache(lambda: _rebuilt(root, sources)))
    if found is None:
        found = _compile(root, sources)
        if cache:
            store(sources.content_hash, found)
    return found


def _rebuilt(root: Path, sources: RuleSources) -> Mapping[str, ir.Program]:
    """The programs compiled afresh, for an entry found unreadable only when one of its
    programs is read back; the entry is replaced."""
    found = _compile(root, sources)
    store(sources.content_hash, found)
    return found.programs


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
    return Compiled(dict(sorted(result.programs.items())), result.definitions,
                    result.parameters, tuple(diagnostics))


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
    return folder / f"rulebook-{content_hash[:32]}-{_fingerprint()}.jsonl"


class _Programs(Mapping[str, ir.Program]):
    """The programs of a rule book read back from the cache, each read back when first
    asked for (a one-off command asks for one). A program that turns out not to read
    back is compiled afresh with every other (``rebuild``), and the entry replaced."""

    def __init__(self, texts: dict[str, bytes], shared: list[Any],
                 rebuild: Callable[[], Mapping[str, ir.Program]]) -> None:
        self._texts = texts
        self._shared = shared  # the objects the programs refer to, in their numbers
        self._rebuild = rebuild
        self._read: dict[str, ir.Program] = {}

    def __getitem__(self, program_id: str) -> ir.Program:
        try:
            return self._read[program_id]
        except KeyError:
            text = self._texts[program_id]  # KeyError: no such program
        try:
            found = json.loads(text, object_hook=decoder(list(self._shared)))
            if not isinstance(found, ir.Program):
                raise TypeError(type(found).__name__)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
            found = self._rebuild()[program_id]
        return self._read.setdefault(program_id, found)  # one object, whatever the threads

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __contains__(self, program_id: object) -> bool:
        return program_id in self._texts


def load_cached(content_hash: str,
                rebuild: Callable[[], Mapping[str, ir.Program]]) -> Compiled | None:
    """The compiled rule book stored for ``content_hash``, or ``None`` (not stored, or
    not readable: a bad entry is ignored and will be rebuilt). Its programs are read back
    when first asked for; ``rebuild`` compiles them afresh if one does not read back."""
    try:
        entry = _entry(content_hash)
        if entry is None:
            return None
        lines = entry.read_bytes().split(b"\n")
        head = json.loads(lines[0])
        if head.get("format") != FORMAT or head.get("content_hash") != content_hash:
            return None
        ids = head["programs"]  # a line each, after the shared part's; then a last newline
        if len(lines) != len(ids) + 3 or lines[-1] or not all(isinstance(i, str) for i in ids):
            return None
        shared: list[Any] = []
        book = json.loads(lines[1], object_hook=decoder(shared))
        texts = dict(sorted(zip(ids, lines[2:-1], strict=True)))
        return Compiled(_Programs(texts, shared, rebuild), book["definitions"],
                        book["parameters"], book["warnings"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def store(content_hash: str, result: Compiled) -> bool:
    """Keep ``result`` for ``content_hash`` (written whole or not at all); whether it was
    stored. Nothing is raised: a cache that cannot be written is no cache."""
    try:
        entry = _entry(content_hash)
        if entry is None:
            return False
        encoder = Encoder()
        ids = sorted(result.programs)
        lines = [_json({"format": FORMAT, "content_hash": content_hash, "programs": ids}),
                 _json(encoder({"definitions": result.definitions,
                                "parameters": result.parameters,
                                "warnings": result.warnings})),
                 *(_json(encoder.fork()(result.programs[i])) for i in ids)]
        text = "".join(f"{line}\n" for line in lines)
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
    except (OSError, NotCacheable, RecursionError, ValueError):
        return False
    return True
