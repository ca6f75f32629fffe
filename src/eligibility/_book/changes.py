"""Why a decision changes on a date: the events behind a timeline's boundary, in words.

On a boundary day, the criteria whose result changed (and the outputs whose value
changed) are compared with the day before; the events are the clocks of those parts that
tick on that day (a birthday, 24 months after a death, a season's first month...) and,
on a change date of the program, what the rules change then (a version, a parameter, a
criterion's ``from`` or ``until``). The words come from :mod:`eligibility._i18n.events`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from eligibility._compile.ir import Measure, Program
from eligibility._engines.interpreter import Context, evaluate
from eligibility._engines.runtime import seniority
from eligibility._i18n.events import (
    SEPARATORS,
    anchor_text,
    counted,
    effect_text,
    event_text,
    month_name,
)
from eligibility._language.ast import Attr, Node
from eligibility._model.household import Affiliate, BenefitRecord, Person, age_on
from eligibility._model.timeline import Change, Event, EventKind, Period, Timeline
from eligibility._model.values import Unknown, to_value
from eligibility._model.vocabulary import CriterionStatus, Language

from .ticks import DAY, Ticker, tickers
from .timeline import Scanner, State

__all__ = ["describe", "next_change", "status_of", "timeline"]


def status_of(verdict: Any) -> CriterionStatus:
    if verdict is True:
        return CriterionStatus.PASSED
    if verdict is False:
        return CriterionStatus.FAILED
    return CriterionStatus.UNKNOWN


def _shown(value: Any, lang: str) -> str:
    shown = to_value(value)
    if shown is None:
        return effect_text("none", lang)
    if isinstance(shown, list):
        return ", ".join(str(v) for v in shown)
    return str(shown).lower() if isinstance(shown, bool) else str(shown)


def describe(scanner: Scanner, before: State, after: State, lang: Language) -> Change:
    """The change from ``before`` (the day before) to ``after``, with its events."""
    program, day = scanner.program, after.on
    params = program.params_at(day) if after.in_force else {}
    lines: list[str] = []
    events = _epoch_events(program, day, lang) if day in program.change_dates else []
    events += [Event(kind=EventKind.BIRTH, values={"person": p.id},
                     text=event_text("birth", lang, person=_person(p)))
               for p in scanner.household.people if p.birth_date == day]
    lines.extend(e.text for e in events)
    for criterion in program.criteria:
        if criterion.id not in before.verdicts or criterion.id not in after.verdicts:
            continue
        old, new = (status_of(s.verdicts[criterion.id]) for s in (before, after))
        if old is new:
            continue
        text = criterion.decided_by(after.applied[criterion.id]).render(lang, params)
        effect = effect_text(new.value, lang, text=text)
        fired = _fired(scanner, criterion.clocks, day, params, lang)
        for kind, event, values in fired:
            events.append(Event(kind=kind, text=event, criterion=criterion.id, result=new,
                                values=values))
        lines.extend(_attached([event for _, event, _ in fired], effect, lang))
    if before.outputs and after.outputs:
        for output in program.outputs:
            old_value, new_value = before.outputs.get(output.name), after.outputs.get(output.name)
            if old_value == new_value:
                continue
            label = output.text.render(lang, params) if output.text is not None \
                else output.name
            effect = effect_text("output", lang, label=label, old=_shown(old_value, lang),
                                 new=_shown(new_value, lang))
            fired = _fired(scanner, output.clocks, day, params, lang)
            for kind, event, values in fired:
                events.append(Event(kind=kind, text=event, output=output.name, values=values))
            lines.extend(_attached([event for _, event, _ in fired], effect, lang))
    if not lines:  # pragma: no cover - every change has a cause the analysis knows
        lines.append(event_text("date", lang, date=day.isoformat()))
    amounts, details = after.benefit
    return Change(on=day, outcome=after.outcome, amounts=amounts, details=details,
                  reason=SEPARATORS[lang].join(dict.fromkeys(lines)), events=events)


def timeline(scanner: Scanner, lang: Language, *, title: str, rulebook_hash: str
             ) -> Timeline:
    """The timeline of the scanner's program and applicant over its range."""
    first = scanner.state(scanner.start)
    states = [first, *scanner.boundaries(first)]
    periods: list[Period] = []
    changes: list[Change] = []
    for index, state in enumerate(states):
        last = states[index + 1].on - DAY if index + 1 < len(states) else scanner.end
        amounts, details = state.benefit
        periods.append(Period(start=state.on, end=last, outcome=state.outcome, amounts=amounts,
                              details=details))
        if index:
            changes.append(describe(scanner, scanner.day_before(state), state, lang))
    return Timeline(program=scanner.program.id, program_title=title,
                    household=scanner.household.id, applicant=scanner.applicant.id,
                    start=scanner.start, end=scanner.end, lang=lang, periods=periods,
                    changes=changes, rulebook_hash=rulebook_hash)


def next_change(scanner: Scanner, first: State, lang: Language) -> Change | None:
    """The first change after ``first`` (the decision's own day) within the scan."""
    found = scanner.boundaries(first, stop_at_first=True)
    if not found:
        return None
    return describe(scanner, scanner.day_before(found[0]), found[0], lang)


def _attached(events: list[str], effect: str, lang: str) -> list[str]:
    if not events:
        return [effect]
    return [effect_text("event", lang, event=event, effect=effect)
            for event in dict.fromkeys(events)]


def _epoch_events(program: Program, day: date, lang: str) -> list[Event]:
    """What the rules change on ``day``: the program's start or end, a version, the
    parameters it reads, criteria that start or stop applying."""
    events: list[Event] = []
    if day == program.valid_from:
        events.append(Event(kind=EventKind.PROGRAM_STARTS,
                            text=event_text("program_starts", lang)))
    elif program.valid_until == day:
        events.append(Event(kind=EventKind.PROGRAM_ENDS, text=event_text("program_ends", lang)))
    for version in program.versions[1:]:
        if version.valid_from == day:
            text = version.text.get(lang) if version.text is not None else ""
            events.append(Event(kind=EventKind.VERSION, values={"version": version.id},
                                text=event_text("version", lang, version=version.id,
                                                text=text)))
    events.extend(_parameter_events(program, day, lang))
    for criterion in program.criteria:
        for when, key in ((criterion.valid_from, "criterion_starts"),
                          (criterion.valid_until, "criterion_ends")):
            if when == day:
                events.append(Event(kind=EventKind(key), criterion=criterion.id,
                                    text=event_text(key, lang,
                                                    text=criterion.text.get(lang))))
    return events


def _parameter_events(program: Program, day: date, lang: str) -> list[Event]:
    events: list[Event] = []
    for name in sorted(program.parameters_shown):
        parameter = program.parameters[name]
        if day not in parameter.dates:
            continue
        try:
            old = parameter.at(day - DAY)
        except LookupError:
            continue
        new = parameter.at(day)
        if old == new:
            continue
        label = parameter.text.get(lang) if parameter.text is not None else name
        events.append(Event(kind=EventKind.PARAMETER,
                            values={"parameter": name, "old": to_value(old),
                                    "new": to_value(new)},
                            text=event_text("parameter", lang, parameter=label,
                                            old=_shown(old, lang), new=_shown(new, lang))))
    return events


def _fired(scanner: Scanner, clocks: Any, day: date, params: Mapping[str, Any], lang: str
           ) -> list[tuple[EventKind, str, dict[str, Any]]]:
    """The events of the ``clocks`` that tick on ``day``, without repeats."""
    found: dict[str, tuple[EventKind, str, dict[str, Any]]] = {}
    for ticker in tickers(clocks, scanner.household_on(day), scanner.applicant, params,
                          scanner.definitions, day - DAY, day):
        if ticker.ticks_on(day):
            kind, values, text = _tick_event(ticker, day, params, scanner, lang)
            found.setdefault(text, (kind, text, values))
    return list(found.values())


def _person(value: Any) -> str:
    if isinstance(value, Person):
        return value.name or value.id
    return str(value)


def _tick_event(ticker: Ticker, day: date, params: Mapping[str, Any], scanner: Scanner,
                lang: str) -> tuple[EventKind, dict[str, Any], str]:
    clock, env = ticker.clock, ticker.env
    ctx = Context(scanner.household_on(day), day, params, scanner.definitions)

    def value(node: Node | None) -> Any:
        return None if node is None else evaluate(node, ctx, env)

    measure = clock.measure
    if measure is Measure.AGE:
        person = value(clock.anchor)
        age = age_on(person.birth_date, day)
        values = {"person": person.id, "age": age}
        return EventKind.BIRTHDAY, values, event_text("birthday", lang, person=_person(person),
                                                      age=age)
    if measure is Measure.SERVICE:
        affiliate = value(clock.anchor)
        years = seniority(affiliate, day) if isinstance(affiliate, Affiliate) else 0
        return EventKind.SERVICE, {"years": years}, event_text(
            "service", lang, count=counted(years, "years", lang))
    if measure in (Measure.YEARS, Measure.MONTHS, Measure.DAYS):
        count = value(clock.term)
        anchor = _anchor(clock.anchor, ctx, env, lang)
        return EventKind.ELAPSED, {"count": to_value(count), "unit": measure.value}, event_text(
            "elapsed", lang, count=counted(count, measure.value, lang), anchor=anchor)
    if measure is Measure.DATE and clock.since is not None:
        since = clock.since
        amount = value(since.amount)
        if not isinstance(amount, Unknown):
            amount = -amount if since.negate else amount
            anchor = _anchor(since.anchor, ctx, env, lang)
            values = {"count": amount, "unit": since.unit}
            return EventKind.ELAPSED, values, event_text(
                "elapsed", lang, count=counted(amount, since.unit, lang), anchor=anchor)
    if measure is Measure.DATE and isinstance(clock.bound, Attr):
        owner = value(clock.bound.obj)
        anchor = _anchor(clock.bound, ctx, env, lang)
        if isinstance(owner, BenefitRecord):
            values = {"program": owner.program, "date": owner.on.isoformat()}
            return EventKind.BENEFIT, values, event_text("benefit", lang, anchor=anchor)
        return EventKind.DATE, {"date": day.isoformat()}, event_text("anchor_date", lang,
                                                                     anchor=anchor)
    if measure is Measure.DIVORCE:
        spouse = value(clock.anchor)
        anchor = anchor_text("divorce_date", lang, person=_person(spouse),
                             date=day.isoformat())
        return EventKind.DATE, {"date": day.isoformat()}, event_text("anchor_date", lang,
                                                                     anchor=anchor)
    if measure is Measure.YEAR:
        return EventKind.NEW_YEAR, {"year": day.year}, event_text("new_year", lang,
                                                                 year=day.year)
    if measure is Measure.MONTH:
        return EventKind.MONTH, {"month": day.month}, event_text(
            "month", lang, month=month_name(day.month, lang))
    if measure is Measure.DAY:
        return EventKind.DAY, {"day": day.day}, event_text("day", lang, day=day.day)
    return EventKind.DATE, {"date": day.isoformat()}, event_text("date", lang,
                                                                 date=day.isoformat())


def _anchor(node: Node | None, ctx: Context, env: Mapping[str, Any], lang: str) -> str:
    """A date of the file as a noun phrase: "the affiliate's death (2020-03-10)"."""
    if node is None:
        return "?"
    found = evaluate(node, ctx, env)
    shown = to_value(found)
    if not isinstance(node, Attr):
        return str(shown)
    owner = evaluate(node.obj, ctx, env)
    if isinstance(owner, BenefitRecord):
        return anchor_text("record", lang, program=owner.program, date=owner.on.isoformat())
    return anchor_text(node.name, lang, person=_person(owner), date=shown, field=node.name)
