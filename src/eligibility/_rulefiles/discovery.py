"""Find the rule files under a folder, read and decode them, hash the rule book, and read
each file's YAML and structure."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic

if TYPE_CHECKING:
    from .positions import SourceFile
    from .schema import DefinitionsFile, ProgramFile

__all__ = ["RuleFiles", "RuleSources", "read_rule_files", "read_sources"]

RULE_SUFFIXES = (".yaml", ".yml")


@dataclass
class RuleSources:
    """The rule files of one folder, read and decoded but not parsed.

    Attributes:
        root: the folder.
        texts: ``(name relative to root, text)`` of each readable file, in path order.
        diagnostics: the files refused (a link out of the folder, a name or content that
            is not UTF-8) and an empty or missing folder.
        content_hash: SHA-256 of every file's relative path and bytes, in path order.
    """

    root: Path
    texts: list[tuple[str, str]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    content_hash: str = ""


@dataclass
class RuleFiles:
    """The rule files of one folder, read and validated.

    Attributes:
        root: the folder.
        files: each valid file with its structure (ready to compile), in path order.
        diagnostics: every problem found in reading, decoding, YAML and structure.
        content_hash: SHA-256 of every file's relative path and bytes, in path order:
            a decision records it, so the rules it came from can be found again.
    """

    root: Path
    files: list[tuple[SourceFile, ProgramFile | DefinitionsFile]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    content_hash: str = ""


def _rule_paths(root: Path) -> list[Path]:
    """Every ``.yaml``/``.yml`` file under ``root``, hidden files and folders left out."""
    return sorted(
        p for p in root.rglob("*")
        if p.suffix in RULE_SUFFIXES and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def _shown(name: str) -> str:
    """A file name as a message may show it: bytes that are not UTF-8 (kept by the file
    system as lone surrogates) and control characters escaped."""
    raw = name.encode("utf-8", "surrogateescape")
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def _refused(root: Path, path: Path, name: str) -> Diagnostic | None:
    """Why the file at ``path`` is not read: a name that is not UTF-8 text, or a link
    leading out of the rule folder (its content is never read, nor shown)."""
    shown = _shown(name)
    if shown != name:
        return Diagnostic(Code.ENCODING, f"the file name {shown!r} is not UTF-8 text; "
                          "rename the file", file=shown, line=1, column=1)
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a broken link or a loop of links
        return Diagnostic(Code.OUTSIDE_RULE_FOLDER, "the file is a link that leads nowhere",
                          file=name, line=1, column=1)
    if not target.is_relative_to(root.resolve()):
        return Diagnostic(Code.OUTSIDE_RULE_FOLDER, "the file is a link to a file outside the "
                          "rule folder; copy the file into the folder instead",
                          file=name, line=1, column=1)
    return None


def read_sources(root: Path) -> RuleSources:
    """Find, read and decode every rule file under ``root`` and hash them (nothing is
    parsed: this is all a cached rule book needs to be found again)."""
    out = RuleSources(root)
    if not root.is_dir():
        out.diagnostics.append(Diagnostic(Code.NO_RULES, f"not a directory: {_shown(str(root))}",
                                          file=_shown(str(root))))
        return out
    paths = _rule_paths(root)
    digest = hashlib.sha256()
    for path in paths:
        name = path.relative_to(root).as_posix()
        refused = _refused(root, path, name)
        if refused is not None:
            out.diagnostics.append(refused)
            continue
        raw = path.read_bytes()
        digest.update(name.encode() + b"\0" + raw + b"\0")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            out.diagnostics.append(Diagnostic(Code.ENCODING, f"not UTF-8: {exc.reason}",
                                              file=name, line=1, column=1))
            continue
        out.texts.append((name, text))
    if not paths:
        out.diagnostics.append(Diagnostic(Code.NO_RULES,
                                          f"no rule files under {_shown(str(root))}",
                                          file=_shown(str(root))))
    out.content_hash = digest.hexdigest()
    return out


def read_rule_files(root: Path, sources: RuleSources | None = None) -> RuleFiles:
    """Read and validate every rule file under ``root`` (nothing is raised); ``sources``
    when they were read already."""
    from .validate import validate  # noqa: PLC0415 - only when files are parsed
    from .yaml import load_yaml  # noqa: PLC0415 - only when files are parsed

    sources = sources if sources is not None else read_sources(root)
    out = RuleFiles(root, diagnostics=list(sources.diagnostics),
                    content_hash=sources.content_hash)
    for name, text in sources.texts:
        source, problems = load_yaml(name, text)
        out.diagnostics.extend(problems)
        if source is None:
            continue
        spec, problems = validate(source)
        out.diagnostics.extend(problems)
        if spec is not None:
            out.files.append((source, spec))
    return out
