"""The commands about the rule book itself: ``programs`` (list them), ``validate``
(check every rule file), ``test`` (run the examples written in the rule files) and
``schema`` (print a JSON Schema)."""

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

import eligibility
from eligibility import (
    Category,
    Diagnostic,
    Domain,
    EngineName,
    Language,
    RuleBook,
    RuleBookError,
    SchemaKind,
    Severity,
)
from eligibility._i18n import N_, t, tn
from eligibility._i18n.format import isolate_latin

from .common import (
    ExitCode,
    command,
    diagnostic_line,
    file_in,
    load,
    rules_root,
    stdout_console,
    write,
)
from .options import EngineOpt, Format, FormatOpt, LangOpt, OnOpt, RulesDirArg, RulesOpt
from .render import render_programs

__all__ = ["commands", "programs", "run_examples", "schema", "validate"]

#: The commands of this module, added to the command line by :mod:`eligibility.cli.app`.
commands = typer.Typer()


# -- programs ---------------------------------------------------------------------------------


@commands.command()
@command
def programs(
    *,
    domain: Annotated[Domain | None, typer.Option(
        "--domain", show_default=False, case_sensitive=False,
        help="Only programs of this domain.",
    )] = None,
    category: Annotated[Category | None, typer.Option(
        "--category", show_default=False, case_sensitive=False,
        help="Only programs a member of this category can get (\"what can a widow get?\").",
    )] = None,
    on: OnOpt = None,
    lang: LangOpt = Language.EN,
    fmt: FormatOpt = Format.TEXT,
    rules: RulesOpt = None,
) -> int:
    """List the programs of the rule book, by domain and member category.

    A program's categories come from the roles it applies to (affiliate: active
    officer or retiree; spouse: widow or rights holder; child and parent: rights
    holder), less those its criteria in force on --on rule out (read statically from
    the compiled rules, with their exceptions and shared definitions; the same answer
    as the documentation's catalogue). The list can be wider than the truth, never
    narrower.
    """
    # The static analysis behind the categories loads only for this command.
    from . import programs as programs_  # noqa: PLC0415

    book = load(rules)
    when = on or date.today()
    summaries = []
    for program in book.programs.values():
        if domain is not None and program.domain is not domain:
            continue
        summary = programs_.program_summary(program, book.definitions, when, lang.value)
        if category is not None and category.value not in summary["categories"]:
            continue
        summaries.append(summary)
    if fmt is Format.JSON:
        write(json.dumps(summaries, indent=2, ensure_ascii=False))
    else:
        render_programs(stdout_console(), summaries, lang.value)
    return ExitCode.OK


# -- validate ---------------------------------------------------------------------------------


def _diagnostic_json(diagnostic: Diagnostic, root: Path, lang: str) -> dict[str, Any]:
    data = dataclasses.asdict(diagnostic)
    data["severity"] = diagnostic.severity.value
    data["file"] = file_in(diagnostic.file, root)
    data["message"] = diagnostic.message_in(lang)
    data["lang"] = lang
    return data


@commands.command()
@command
def validate(
    rules_dir: RulesDirArg = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Treat warnings (e.g. a missing translation) as errors.",
    )] = False,
    fmt: FormatOpt = Format.TEXT,
    lang: LangOpt = Language.EN,
) -> int:
    """Check every rule file: print every diagnostic, errors and warnings.

    Each diagnostic is one line: file:line:column: severity [code] message (at the
    JSON path into the file); expected and actual values; a did-you-mean suggestion.
    Exits 3 if there is an error (or, with --strict, a warning), else 0.
    """
    root = rules_root(rules_dir)
    try:
        book = RuleBook.load(root)
        diagnostics: tuple[Diagnostic, ...] = book.warnings
        programs_count: int | None = len(book.programs)
    except RuleBookError as exc:
        diagnostics = exc.diagnostics
        programs_count = None
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    warnings = [d for d in diagnostics if d.severity is not Severity.ERROR]
    failed = bool(errors) or (strict and bool(warnings))
    if fmt is Format.JSON:
        write(json.dumps({
            "rules": str(root), "valid": not failed, "errors": len(errors),
            "warnings": len(warnings), "programs": programs_count,
            "diagnostics": [_diagnostic_json(d, root, lang.value) for d in diagnostics],
        }, indent=2, ensure_ascii=False))
    else:
        for diagnostic in diagnostics:
            write(isolate_latin(diagnostic_line(diagnostic, root, lang.value), lang.value))
        write(isolate_latin(_validity(root, failed, len(errors), len(warnings), programs_count,
                                      lang.value), lang.value))
    return ExitCode.RULES if failed else ExitCode.OK


def _validity(root: Path, failed: bool, errors: int, warnings: int, programs: int | None,
              lang: str) -> str:
    """The last line of ``validate``: valid or not, and how many of each."""
    counts = [tn(lang, "{n} error", "{n} errors", errors),
              tn(lang, "{n} warning", "{n} warnings", warnings)]
    if programs is not None:
        counts.append(tn(lang, "{n} program", "{n} programs", programs))
    verdict = t(lang, N_("invalid")) if failed else t(lang, N_("valid"))
    return t(lang, N_("{root}: {verdict}: {counts}"), root=str(root), verdict=verdict,
             counts=t(lang, N_(", ")).join(counts))


# -- test -------------------------------------------------------------------------------------


def _diff_lines(failure: str) -> list[str]:
    """``outcome: expected eligible, got ineligible`` as a two-line diff."""
    field, sep, rest = failure.partition(": expected ")
    expected, sep2, got = rest.rpartition(", got ")
    if not sep or not sep2:
        return [f"    ! {failure}"]
    return [f"    - {field}: {expected}", f"    + {field}: {got}"]


@commands.command(name="test")
@command
def run_examples(
    rules_dir: RulesDirArg = None,
    programs: Annotated[list[str] | None, typer.Option(
        "--program", "-p", metavar="ID", show_default=False,
        help="Only the examples of this program (repeat for several).",
    )] = None,
    engine: EngineOpt = EngineName.NATIVE,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Also list the examples that pass.",
    )] = False,
    fmt: FormatOpt = Format.TEXT,
    lang: LangOpt = Language.EN,
) -> int:
    """Run the examples written in the rule files, as tests.

    Prints each failing example with a diff (- expected, + got), then a summary line
    'N passed, M failed'. Exits 1 if any example fails, 3 if the rules do not load.
    """
    root = rules_root(rules_dir)
    book = load(root, engine)
    for program_id in programs or ():
        book.program(program_id)
    results = book.run_examples(programs or None)
    passed = sum(1 for r in results if r.passed)
    failed = len(results) - passed
    if fmt is Format.JSON:
        write(json.dumps({
            "passed": passed, "failed": failed,
            "results": [{"program": r.program, "name": r.name,
                         "file": file_in(r.file, root), "passed": r.passed,
                         "failures": list(r.failures)} for r in results],
        }, indent=2, ensure_ascii=False))
    else:
        say = lang.value
        for result in results:
            where = file_in(result.file, root)
            if result.passed:
                if verbose:
                    write(t(say, N_("PASSED {program}: {name} ({file})"), program=result.program,
                            name=result.name, file=where))
                continue
            write(t(say, N_("FAILED {program}: {name} ({file})"), program=result.program,
                    name=result.name, file=where))
            for failure in result.failures:
                for line in _diff_lines(failure):
                    write(line)
        write(t(say, N_("{passed} passed, {failed} failed"), passed=passed, failed=failed))
    return ExitCode.FAILURE if failed else ExitCode.OK


# -- schema -----------------------------------------------------------------------------------


@commands.command()
@command
def schema(
    kind: Annotated[SchemaKind, typer.Argument(
        metavar="household|rules|decision", case_sensitive=False,
        help="household: a household file. rules: a rule file (program or definitions). "
             "decision: what --format json prints.",
    )],
) -> int:
    """Print a JSON Schema, for editors and other services."""
    write(json.dumps(eligibility.json_schema(kind), indent=2, ensure_ascii=False))
    return ExitCode.OK
