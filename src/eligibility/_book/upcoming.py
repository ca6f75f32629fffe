"""Who in a household has an outcome that changes soon: for each program and each person
it applies to, the first change of outcome within a number of days (a child turning 8 or
21, a cover ending), found by the same scan as a timeline, over those days only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from eligibility._compile.ir import Definition, Program
from eligibility._engines.protocol import Engine
from eligibility._i18n.words import outcome_name
from eligibility._model.household import Household, Person
from eligibility._model.timeline import Upcoming
from eligibility._model.vocabulary import Language

from .changes import describe
from .ticks import later
from .timeline import Scanner

__all__ = ["upcoming"]


def upcoming(applications: Iterable[tuple[Program, Person]], household: Household, on: date,
             days: int, lang: Language, engine: Engine, definitions: Mapping[str, Definition]
             ) -> list[Upcoming]:
    """For each (program, person) of ``household`` (the file as given), the first change
    of outcome within ``days`` days after ``on``, for those whose outcome changes."""
    end = later(on, days) or date.max
    found: list[Upcoming] = []
    for program, person in applications:
        scanner = Scanner(program, household, person, engine, definitions, on, end)
        first = scanner.state(on)
        current = first
        while True:
            following = scanner.boundaries(current, stop_at_first=True)
            if not following:
                break
            current = following[0]
            if current.outcome is not first.outcome:
                change = describe(scanner, scanner.day_before(current), current, lang)
                found.append(Upcoming(
                    household=household.id, program=program.id,
                    program_title=program.title.get(lang), applicant=person.id, on=on,
                    outcome=first.outcome, outcome_label=outcome_name(first.outcome, lang),
                    change=change))
                break
    return found
