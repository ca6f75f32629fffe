"""The ``what-if`` command: what would change one decision. Every word comes from the
catalogue (:mod:`.words`)."""

from datetime import date

import typer
from rich.console import Console
from rich.text import Text

from eligibility import EngineName, HouseholdError, Language, WhatIf, read_household
from eligibility._i18n import N_, t, words
from eligibility._i18n.format import date as in_words

from .common import EXIT_CODES_HELP, ExitCode, command, load, stdout_console, write
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
from .render import STYLE, heading, show
from .words import say, text

__all__ = ["commands", "render_what_if", "what_if"]

#: The commands of this module, added to the command line by :mod:`eligibility.cli.app`.
commands = typer.Typer()

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
        title = book.program(program).title.get(lang.value)
        render_what_if(stdout_console(), found, lang.value, title=title)
    return ExitCode.OK


def _line(console: Console, line: str, lang: str, style: str = "") -> None:
    show(console, text(line, lang, style))


def render_what_if(console: Console, found: WhatIf, lang: str, *, title: str | None = None
                   ) -> None:
    """What would change a decision: per criterion not met, the changes that meet it; the
    single changes that make the applicant eligible; the missing facts; the tables."""
    head = Text(say(lang, N_("{program} — {applicant}, {date}:"), program=title or found.program,
                    applicant=found.applicant, date=in_words(found.on, lang)) + " ",
                style="bold")
    head.append(words.outcome_name(found.outcome, lang), style=STYLE[found.outcome])
    show(console, head)
    for advice in found.criteria:
        _line(console, f"✘ {advice.text}", lang, "red")
        for need in advice.requirements:
            _line(console, f"    → {need.text}", lang)
        for group in advice.together:
            _line(console, "    → " + t(lang, N_("; ")).join(need.text for need in group), lang)
        if advice.passes_from_text:
            _line(console, f"    → {advice.passes_from_text}", lang)
        if advice.note:
            _line(console, f"    {advice.note}", lang, "dim")
    if found.remedies:
        heading(console, N_("Changes that make the applicant eligible"), lang)
        for remedy in found.remedies:
            _line(console, f"  ✔ {remedy.text}", lang, "green")
    if found.no_single_change:
        _line(console, found.no_single_change, lang, "yellow")
    if found.missing:
        heading(console, N_("Missing facts"), lang)
        for missing in found.missing:
            _line(console, f"  ? {missing.text}", lang, "yellow")
    if found.outputs:
        heading(console, N_("Benefit"), lang)
        for option in found.outputs:
            _line(console, f"  {option.text}", lang)
