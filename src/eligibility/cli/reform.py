"""The ``diff`` command: what a change of the rules does to a roster, before it is made.

``eligibility diff --rules OLD --rules NEW --roster FILE --on DATE`` decides every
household of the roster with both rule books (on the columnar engine) and prints, for
each program and member category, how many applicants gain a benefit (not eligible
before, eligible after), how many lose one, how many change otherwise, and the amounts'
totals before and after. ``--out FILE`` writes every applicant whose decision changes,
with the criteria whose result changed (the reason): JSON Lines, or Parquet for
``FILE.parquet``. Programs whose rules are the same in both books are named, not run.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from eligibility import Language, RuleBook, read_roster, roster_format
from eligibility._i18n import N_, t
from eligibility._i18n import format as fmt
from eligibility._i18n import words as names

if TYPE_CHECKING:  # Polars loads only when a comparison runs
    from eligibility import RosterDiff

from .common import EXIT_CODES_HELP, ExitCode, UsageError, command, load, stdout_console, write
from .options import Format, FormatOpt, LangOpt, OnOpt, RosterFormat
from .render import make_table, show
from .words import say, text

__all__ = ["commands", "diff"]

#: The commands of this module, added to the command line by :mod:`eligibility.cli.app`.
commands = typer.Typer()


@commands.command(epilog=EXIT_CODES_HELP)
@command
def diff(
    *,
    rules: Annotated[list[Path], typer.Option(
        "--rules", metavar="DIR", show_default=False,
        help="The rule book in force, then the proposed one (give the option twice).",
    )],
    roster: Annotated[str, typer.Option(
        "--roster", metavar="FILE", show_default=False,
        help="The households: JSON Lines, CSV or Parquet.",
    )],
    on: OnOpt = None,
    programs: Annotated[list[str] | None, typer.Option(
        "--program", "-p", metavar="ID", show_default=False,
        help="Only this program (repeat the option for several). Default: every program.",
    )] = None,
    roster_fmt: Annotated[RosterFormat | None, typer.Option(
        "--roster-format", show_default=False, case_sensitive=False,
        help="jsonl, csv or parquet. Default: from the file's extension.",
    )] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="FILE", show_default=False,
        help="Write every changed decision here: JSON Lines, or Parquet for .parquet.",
    )] = None,
    fmt: FormatOpt = Format.TEXT,
    lang: LangOpt = Language.EN,
) -> int:
    """Compare two rule books over a roster: who gains and who loses which benefit, and why.

    Prints, by program and member category, the applicants, gains (not eligible before,
    eligible after), losses, other changes, and each amount's total before and after.
    With --out FILE, every applicant whose decision changes, with the criteria whose
    result changed. Records that are not valid households are counted, not compared;
    programs whose rules are the same in both books (the same fingerprint) are listed,
    not run.
    """
    if len(rules) != 2:
        raise UsageError("rules-twice", "diff")
    before, after = (load(r) for r in rules)
    when = on or date.today()
    records = read_roster(roster, roster_format(roster, roster_fmt.value if roster_fmt
                                                else None))
    result = before.diff(after, records, on=when, programs=programs or None)
    if out is not None:
        _write_changes(result, out)
    if fmt is Format.JSON:
        write(json.dumps({"records": result.records, "screened": result.screened,
                          "errors": result.errors, "unchanged": list(result.unchanged),
                          "counts": _plain(result.counts.to_dicts())},
                         indent=2, ensure_ascii=False))
    else:
        _print_counts(result, rules, when, (before, after), lang.value)
    return ExitCode.OK


def _plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: (str(v) if v is not None and not isinstance(v, int | str) else v)
             for k, v in row.items() if v is not None} for row in rows]


def _write_changes(result: RosterDiff, out: Path) -> None:
    changes = result.changes
    if out.suffix.lower() in (".parquet", ".pq"):
        changes.write_parquet(out)
        return
    with out.open("w", encoding="utf-8") as stream:
        for row in changes.iter_rows(named=True):
            row["amounts_before"] = json.loads(row["amounts_before"])
            row["amounts_after"] = json.loads(row["amounts_after"])
            stream.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


def _print_counts(result: RosterDiff, rules: list[Path], on: date,
                  books: tuple[RuleBook, RuleBook], lang: str) -> None:
    console = stdout_console()
    show(console, text(t(lang, N_(
        "{before} → {after}, on {on}: {records} records, {screened} households compared, "
        "{errors} not valid"), before=str(rules[0]), after=str(rules[1]), on=on,
        records=result.records, screened=result.screened, errors=result.errors), lang))
    if result.unchanged:
        show(console, text(t(lang, N_(
            "Same rules in both books, not compared ({count}): {programs}"),
            count=len(result.unchanged), programs=fmt.join(result.unchanged, lang)), lang))
    counts = result.counts
    if not counts.height:
        return
    changed = counts.filter((counts["gains"] + counts["losses"] + counts["changed"]) > 0)
    if not changed.height:
        show(console, say(lang, N_("No decision changes.")))
        return
    table = make_table(lang, N_("program"), N_("category"), N_("applicants"), N_("gains"),
                       N_("losses"), N_("other changes"), N_("amounts"))
    table.title = say(lang, N_("Changes by program and category"))
    for column in (table.columns[0], table.columns[1], table.columns[6]):
        column.overflow = "fold"
    for column in table.columns[2:6]:
        column.justify = "right"
    for row in changed.iter_rows(named=True):
        program = books[1].programs.get(row["program"]) or books[0].programs[row["program"]]
        title = program.title.render(lang, program.params_at(on))
        table.add_row(text(t(lang, N_("{title} ({id})"), title=title, id=program.id), lang),
                      names.category_name(row["category"], lang) if row["category"] else "-",
                      *(fmt.value(row[k], lang) for k in ("applicants", "gains", "losses",
                                                          "changed")),
                      text("\n".join(_amounts(row, changed.columns, program, lang)) or "-",
                           lang))
    console.print(table)


def _amounts(row: dict[str, Any], columns: list[str], program: Any, lang: str) -> list[str]:
    """Each amount whose total changes: its name, the total before and after, in words."""
    outputs = {o.name: o for o in program.outputs}
    out = []
    for column in columns:
        name = column.removesuffix("_before")
        if name == column or row[column] is None or row[column] == row[name + "_after"]:
            continue
        output = outputs.get(name)

        def shown(value: Any, output: Any = output) -> str:
            if value is None:
                return "-"
            return output.shown(Decimal(str(value)), lang) if output is not None \
                else fmt.value(Decimal(str(value)), lang)

        out.append(t(lang, N_("{name}: {before} → {after}"),
                     name=output.title(lang) if output is not None else name,
                     before=shown(row[column]), after=shown(row[name + "_after"])))
    return out
