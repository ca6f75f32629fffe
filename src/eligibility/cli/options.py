"""The arguments and options the commands share, each defined once as an annotated type,
and the values some of them take."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from eligibility import EngineName, Language

__all__ = [
    "ApplicantOpt",
    "DaysOpt",
    "EngineOpt",
    "ExitMode",
    "ExitOpt",
    "Format",
    "FormatOpt",
    "FromOpt",
    "HouseholdArg",
    "LangOpt",
    "NotADateError",
    "NotDaysError",
    "OnOpt",
    "ProgramOpt",
    "RosterFormat",
    "RulesDirArg",
    "RulesOpt",
    "ToOpt",
]


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


class ExitMode(StrEnum):
    STATUS = "status"
    OUTCOME = "outcome"


class RosterFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


HouseholdArg = Annotated[str, typer.Argument(
    metavar="HOUSEHOLD",
    help="Household file, JSON or YAML (by extension; '-' reads standard input).",
    show_default=False,
)]


class NotADateError(typer.BadParameter):
    """A date option that is not a date (shown in the reader's language)."""

    kind = "date"

    def __init__(self, value: str) -> None:
        super().__init__(f"{value!r} is not a date; write it as YYYY-MM-DD")
        self.value = value


def _date(text: str) -> date:
    """An ISO date (``YYYY-MM-DD``) given on the command line."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise NotADateError(text) from None


OnOpt = Annotated[date | None, typer.Option(
    "--on", metavar="DATE", parser=_date, show_default=False,
    help="Evaluation date, YYYY-MM-DD. Default: today.",
)]
class NotDaysError(typer.BadParameter):
    """A number of days that is not one (shown in the reader's language)."""

    kind = "days"

    def __init__(self, value: str) -> None:
        super().__init__(f"{value!r} is not a number of days; write it as 30d")
        self.value = value


def _days(text: str) -> int:
    """A number of days given on the command line: ``30`` or ``30d``."""
    digits = text.strip().lower().removesuffix("d").strip()
    if not digits.isdigit() or int(digits) < 1:
        raise NotDaysError(text)
    return int(digits)


DaysOpt = Annotated[int | None, typer.Option(
    "--changes-within", metavar="DAYS", parser=_days, show_default=False,
    help="List instead the people whose outcome changes within DAYS days after --on "
         "(e.g. 30d): children turning 8 or 21, covers ending. With --roster, one record "
         "per household, {\"line\": N, \"household\": ID, \"changes\": [...]}.",
)]
FromOpt = Annotated[date | None, typer.Option(
    "--from", metavar="DATE", parser=_date, show_default=False,
    help="First day, YYYY-MM-DD. Default: today.",
)]
ToOpt = Annotated[date | None, typer.Option(
    "--to", metavar="DATE", parser=_date, show_default=False,
    help="Last day, YYYY-MM-DD. Default: five years after the first.",
)]
LangOpt = Annotated[Language, typer.Option(
    "--lang", help="Language of texts and labels: ar, fr or en.", case_sensitive=False,
)]
FormatOpt = Annotated[Format, typer.Option(
    "--format", help="text for people; json for scripts (the Decision model).",
    case_sensitive=False,
)]
RulesOpt = Annotated[Path | None, typer.Option(
    "--rules", metavar="DIR", show_default=False,
    help="Rule book directory. Default: the rules shipped with the package.",
)]
EngineOpt = Annotated[EngineName, typer.Option(
    "--engine", help="Evaluation engine: native (compiled Python) or durable (durable-rules).",
    case_sensitive=False,
)]
ExitOpt = Annotated[ExitMode, typer.Option(
    "--exit-code",
    help="status: exit 0 on success. outcome: exit 0 if eligible, 10 if ineligible, "
         "11 if undetermined.",
    case_sensitive=False,
)]
ProgramOpt = Annotated[str, typer.Option(
    "--program", "-p", metavar="ID", show_default=False,
    help="Program id, e.g. social.eid-al-adha-grant ('eligibility programs' lists them).",
)]
ApplicantOpt = Annotated[str | None, typer.Option(
    "--applicant", "-a", metavar="PERSON", show_default=False,
    help="Id of the person applying. Default: the affiliate if the program applies to them, "
         "else the only person it applies to.",
)]
RulesDirArg = Annotated[Path | None, typer.Argument(
    metavar="RULES_DIR", show_default=False,
    help="Rule book directory. Default: the rules shipped with the package.",
)]
