"""The ``what-if`` command: what would change one decision."""

from datetime import date

import typer
from rich.console import Console
from rich.text import Text

from eligibility import EngineName, HouseholdError, Language, Outcome, WhatIf, read_household

from .common import EXIT_CODES_HELP, ExitCode, command, load, stdout_console, write
from .labels import label
from .options import (
    ApplicantOpt,
    EngineOpt,
    Format,
    FormatOpt,
    HouseholdArg,
    LangOpt,
    OnOpt,
    ProgramOpt,
    RulesOpt,
)

__all__ = ["commands", "render_what_if", "what_if"]

#: The commands of this module, added to the command line by :mod:`eligibility.cli.app`.
commands = typer.Typer()

_STYLE = {Outcome.ELIGIBLE: "bold green", Outcome.INELIGIBLE: "bold red",
          Outcome.UNDETERMINED: "bold yellow"}


@commands.command("what-if", epilog=EXIT_CODES_HELP)
@command
def what_if(
    household: HouseholdArg,
    *,
    program: ProgramOpt,
    applicant: ApplicantOpt = None,
    on: OnOpt = None,
    lang: LangOpt = Language.EN,
    fmt: FormatOpt = Format.TEXT,
    rules: RulesOpt = None,
    engine: EngineOpt = EngineName.NATIVE,
) -> int:
    """What would change one decision, checked by deciding again.

    For a refusal: for each criterion not met, the nearest change of each fact that
    would meet it (never a fact that cannot change, such as a birth date or a death on
    duty) and the first date it is met with the facts as they are; then the single
    changes that make the applicant eligible, or why none does. For an undetermined
    decision: which values of each missing fact decide it each way. For a benefit
    decided by a table: the fact that would choose another row. With --format json,
    prints one WhatIf object.
    """
    house = read_household(household)
    book = load(rules, engine)
    try:
        found = book.what_if(program, house, applicant=applicant, on=on or date.today(),
                             lang=lang.value)
    except HouseholdError as exc:
        source = "<stdin>" if household == "-" else household
        raise HouseholdError(exc.problems, source=source) from None
    if fmt is Format.JSON:
        write(found.model_dump_json(indent=2))
    else:
        render_what_if(stdout_console(), found, lang.value)
    return ExitCode.OK


def _line(console: Console, text: str, style: str = "") -> None:
    console.print(Text(text, style=style), soft_wrap=True)


def render_what_if(console: Console, found: WhatIf, lang: str) -> None:
    """What would change a decision: per criterion not met, the changes that meet it; the
    single changes that make the applicant eligible; the missing facts; the tables."""
    head = Text(f"{found.program} — {found.applicant}, {found.on.isoformat()}: ", style="bold")
    head.append(label(found.outcome.value, lang), style=_STYLE[found.outcome])
    console.print(head, soft_wrap=True)
    for advice in found.criteria:
        _line(console, f"✘ {advice.text}", "red")
        for need in advice.requirements:
            _line(console, f"    → {need.text}")
        for group in advice.together:
            _line(console, "    → " + " + ".join(need.text for need in group))
        if advice.passes_from_text:
            _line(console, f"    → {advice.passes_from_text}")
        if advice.note:
            _line(console, f"    {advice.note}", "dim")
    if found.remedies:
        _line(console, f"{label('remedies', lang)}:", "bold")
        for remedy in found.remedies:
            _line(console, f"  ✔ {remedy.text}", "green")
    if found.no_single_change:
        _line(console, found.no_single_change, "yellow")
    if found.missing:
        _line(console, f"{label('missing', lang)}:", "bold")
        for missing in found.missing:
            _line(console, f"  ? {missing.text}", "yellow")
    if found.outputs:
        _line(console, f"{label('benefit', lang)}:", "bold")
        for option in found.outputs:
            _line(console, f"  {option.text}")
