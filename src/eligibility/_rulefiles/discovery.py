"""Find the rule files under a folder, read and decode them, hash the rule book, and read
each file's YAML and structure."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic

from .positions import SourceFile
from .schema import DefinitionsFile, ProgramFile
from .validate import validate
from .yaml import load_yaml

__all__ = ["RuleFiles", "read_rule_files"]

RULE_SUFFIXES = (".yaml", ".yml")


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


def read_rule_files(root: Path) -> RuleFiles:
    """Read and validate every rule file under ``root`` (nothing is raised)."""
    out = RuleFiles(root)
    if not root.is_dir():
        out.diagnostics.append(Diagnostic(Code.NO_RULES, f"not a directory: {root}",
                                          file=str(root)))
        return out
    paths = _rule_paths(root)
    digest = hashlib.sha256()
    for path in paths:
        name = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        digest.update(name.encode() + b"\0" + raw + b"\0")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            out.diagnostics.append(Diagnostic(Code.ENCODING, f"not UTF-8: {exc.reason}",
                                              file=name, line=1, column=1))
            continue
        source, problems = load_yaml(name, text)
        out.diagnostics.extend(problems)
        if source is None:
            continue
        spec, problems = validate(source)
        out.diagnostics.extend(problems)
        if spec is not None:
            out.files.append((source, spec))
    if not paths:
        out.diagnostics.append(Diagnostic(Code.NO_RULES, f"no rule files under {root}",
                                          file=str(root)))
    out.content_hash = digest.hexdigest()
    return out
