"""The ``diff`` command: what a change of the rules does to a roster, before it is made.

``eligibility diff --rules OLD --rules NEW --roster FILE --on DATE`` decides every
household of the roster with both rule books (on the columnar engine) and prints, for
each program and member category, how many applicants gain a benefit (not eligible
before, eligible after), how many lose one, how many change otherwise, and the amounts'
totals before and after. ``--out FILE`` writes every applicant whose decision changes,
with the criteria whose result changed (the reason): JSON Lines, or Parquet for
``FILE.parquet``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from eligibility import read_roster, roster_format

if TYPE_CHECKING:  # Polars loads only when a comparison runs
    from eligibility import RosterDiff

from .common import EXIT_CODES_HELP, ExitCode, UsageError, command, load, stdout_console, write
from .options import Format, FormatOpt, OnOpt, RosterFormat

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
) -> int:
    """Compare two rule books over a roster: who gains and who loses which benefit, and why.

    Prints, by program and member category, the applicants, gains (not eligible before,
    eligible after), losses, other changes, and each amount's total before and after.
    With --out FILE, every applicant whose decision changes, with the criteria whose
    result changed. Records that are not valid households are counted, not compared.
    """
    if len(rules) != 2:
        raise UsageError("give --rules twice: the rule book in force, then the proposed one",
                         "diff")
    before, after = (load(r) for r in rules)
    when = on or date.today()
    records = read_roster(roster, roster_format(roster, roster_fmt.value if roster_fmt
                                                else None))
    result = before.diff(after, records, on=when, programs=programs or None)
    if out is not None:
        _write_changes(result, out)
    if fmt is Format.JSON:
        write(json.dumps({"records": result.records, "screened": result.screened,
                          "errors": result.errors,
                          "counts": _plain(result.counts.to_dicts())},
                         indent=2, ensure_ascii=False))
    else:
        _print_counts(result, rules, when)
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


def _print_counts(result: RosterDiff, rules: list[Path], on: date) -> None:
    console = stdout_console()
    console.print(f"{rules[0]} -> {rules[1]}, on {on}: {result.records} records, "
                  f"{result.screened} households compared, {result.errors} not valid",
                  markup=False, highlight=False)
    counts = result.counts
    if not counts.height:
        return
    changed = counts.filter((counts["gains"] + counts["losses"] + counts["changed"]) > 0)
    if not changed.height:
        console.print("No decision changes.", markup=False, highlight=False)
        return
    table = Table(title="Changes by program and category")
    table.add_column("program", overflow="fold")
    table.add_column("category", overflow="fold")
    for name in ("applicants", "gains", "losses", "changed"):
        table.add_column(name, justify="right")
    table.add_column("amounts", overflow="fold")
    for row in changed.iter_rows(named=True):
        amounts = [f"{name[:-7]}: {row[name]} -> {row[name[:-7] + '_after']}"
                   for name in changed.columns
                   if name.endswith("_before") and row[name] is not None
                   and row[name] != row[name[:-7] + "_after"]]
        table.add_row(row["program"], row["category"] or "-", str(row["applicants"]),
                      str(row["gains"]), str(row["losses"]), str(row["changed"]),
                      "\n".join(amounts) or "-")
    console.print(table)
