"""Why a decision changes on a date: the events behind a timeline's boundary, in words.

On a boundary day, the criteria whose result changed (and the outputs whose value
changed) are compared with the day before; the events are the clocks of those parts that
tick on that day (a birthday, 24 months after a death, a season's first month...) and,
on a change date of the program, what the rules change then (a version, a parameter, a
criterion's ``from`` or ``until``). Every word comes from the catalogue
(:mod:`eligibility._i18n`), in the language asked: dates in words, counted units in the
form their number asks for, parameters and amounts with their units and labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from eligibility._compile.ir import Measure, Output, Program
from eligibility._engines.interpreter import Context, evaluate
from eligibility._engines.runtime import seniority
from eligibility._i18n import N_, NN_, NP_, t, tn, words
from eligibility._i18n import format as fmt
from eligibility._language.ast import Attr, Node
from eligibility._model.household import Affiliate, BenefitRecord, Person, age_on
from eligibility._model.labels import OutputLabel
from eligibility._model.timeline import Change, Event, EventKind, Period, Timeline
from eligibility._model.values import Absent, Unknown, to_value
from eligibility._model.vocabulary import CriterionStatus, Language

from .ticks import DAY, Ticker, tickers
from .timeline import Scanner, State

__all__ = ["describe", "next_change", "output_labels", "status_of", "timeline"]

#: What a criterion's new result reads as, after its text.
_EFFECTS = {
    CriterionStatus.PASSED: N_("{text} — now met"),
    CriterionStatus.FAILED: N_("{text} — no longer met"),
    CriterionStatus.UNKNOWN: N_("{text} — now undetermined"),
}

#: A number of days, months or years since a date of the file, by unit.
_ELAPSED = {
    "days": NN_("{n} day since {anchor}", "{n} days since {anchor}"),
    "months": NN_("{n} month since {anchor}", "{n} months since {anchor}"),
    "years": NN_("{n} year since {anchor}", "{n} years since {anchor}"),
}

#: The dates of a household file a rule counts from, by field, as noun phrases.
_ANCHORS = {
    "death_date": N_("the affiliate's death ({date})"),
    "divorce_date": N_("the divorce of {person} ({date})"),
    "recruitment_date": N_("recruitment ({date})"),
    "retirement_date": N_("retirement ({date})"),
    "birth_date": N_("the birth of {person} ({date})"),
}


def status_of(verdict: Any) -> CriterionStatus:
    if verdict is True:
        return CriterionStatus.PASSED
    if verdict is False:
        return CriterionStatus.FAILED
    return CriterionStatus.UNKNOWN


def _output_value(output: Output, value: Any, lang: str) -> str:
    """An output's value in words, with its unit or label (*none* where it is not given)."""
    if value is None or isinstance(value, Absent):
        return t(lang, NP_("value", "none"))
    if isinstance(value, Unknown):
        return fmt.unknown(lang)
    return output.shown(value, lang)


def output_labels(program: Program, day: date, amounts: Mapping[str, Any],
                  details: Mapping[str, Any], lang: str,
                  params: Mapping[str, Any] | None = None) -> dict[str, OutputLabel]:
    """The amounts and details of ``program`` on ``day`` in words, as a decision gives
    them (:attr:`~eligibility.Decision.output_labels`); ``params``: those in force then,
    when the caller has them."""
    if not amounts and not details:
        return {}
    if params is None:
        params = program.params_at(day) if program.in_force(day) else {}
    outputs = {output.name: output for output in program.outputs}
    return {name: OutputLabel(label=outputs[name].title(lang, params),
                              value=outputs[name].shown(value, lang))
            for name, value in [*amounts.items(), *details.items()] if name in outputs}


def describe(scanner: Scanner, before: State, after: State, lang: Language) -> Change:
    """The change from ``before`` (the day before) to ``after``, with its events."""
    program, day = scanner.program, after.on
    params = program.params_at(day) if after.in_force else {}
    lines: list[str] = []
    events = _epoch_events(program, day, lang) if day in program.change_dates else []
    events += [Event(kind=EventKind.BIRTH, values={"person": p.id},
                     text=t(lang, N_("{person} is born"), person=_person(p)))
               for p in scanner.household.people if p.birth_date == day]
    lines.extend(e.text for e in events)
    for criterion in program.criteria:
        if criterion.id not in before.verdicts or criterion.id not in after.verdicts:
            continue
        old, new = (status_of(s.verdicts[criterion.id]) for s in (before, after))
        if old is new:
            continue
        text = criterion.decided_by(after.applied[criterion.id]).render(lang, params)
        effect = t(lang, _EFFECTS[new], text=text)
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
            effect = t(lang, N_("{name}: {old} → {new}"), name=output.title(lang, params),
                       old=_output_value(output, old_value, lang),
                       new=_output_value(output, new_value, lang))
            fired = _fired(scanner, output.clocks, day, params, lang)
            for kind, event, values in fired:
                events.append(Event(kind=kind, text=event, output=output.name, values=values))
            lines.extend(_attached([event for _, event, _ in fired], effect, lang))
    if not lines:  # pragma: no cover - every change has a cause the analysis knows
        lines.append(t(lang, N_("the date {date} is reached"), date=day))
    amounts, details = after.benefit
    return Change(on=day, outcome=after.outcome,
                  outcome_label=words.outcome_name(after.outcome, lang), amounts=amounts,
                  details=details,
                  output_labels=output_labels(program, day, amounts, details, lang, params),
                  reason=t(lang, N_("; ")).join(dict.fromkeys(lines)), events=events)


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
        periods.append(Period(
            start=state.on, end=last, outcome=state.outcome,
            outcome_label=words.outcome_name(state.outcome, lang), amounts=amounts,
            details=details,
            output_labels=output_labels(scanner.program, state.on, amounts, details, lang)))
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
    return [t(lang, N_("{event}: {effect}"), event=event, effect=effect)
            for event in dict.fromkeys(events)]


def _epoch_events(program: Program, day: date, lang: str) -> list[Event]:
    """What the rules change on ``day``: the program's start or end, a version, the
    parameters it reads, criteria that start or stop applying."""
    events: list[Event] = []
    if day == program.valid_from:
        events.append(Event(kind=EventKind.PROGRAM_STARTS,
                            text=t(lang, N_("the program comes into force"))))
    elif program.valid_until == day:
        events.append(Event(kind=EventKind.PROGRAM_ENDS, text=t(lang, N_("the program ends"))))
    for version in program.versions[1:]:
        if version.valid_from == day:
            text = version.text.get(lang) if version.text is not None else ""
            events.append(Event(kind=EventKind.VERSION, values={"version": version.id},
                                text=t(lang, N_("version {version} takes effect: {text}"),
                                       version=version.id, text=text)))
    events.extend(_parameter_events(program, day, lang))
    params = program.params_at(day) if program.in_force(day) else {}
    for criterion in program.criteria:
        for when, kind, message in (
                (criterion.valid_from, EventKind.CRITERION_STARTS,
                 N_("a criterion starts to apply: {text}")),
                (criterion.valid_until, EventKind.CRITERION_ENDS,
                 N_("a criterion stops applying: {text}"))):
            if when == day:
                events.append(Event(kind=kind, criterion=criterion.id, text=t(
                    lang, message, text=criterion.text.render(lang, params))))
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
        events.append(Event(kind=EventKind.PARAMETER,
                            values={"parameter": name, "old": to_value(old),
                                    "new": to_value(new)},
                            text=t(lang, N_("{name}: {old} → {new}"),
                                   name=parameter.title(lang, program.params_at(day)),
                                   old=parameter.shown(old, lang),
                                   new=parameter.shown(new, lang))))
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


def _elapsed(count: Any, unit: str, anchor: str, lang: str) -> str:
    singular, plural = _ELAPSED[unit]
    return tn(lang, singular, plural, int(count), anchor=anchor)


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
        return EventKind.BIRTHDAY, {"person": person.id, "age": age}, tn(
            lang, "{person} turns {n}", "{person} turns {n}", age, person=_person(person))
    if measure is Measure.SERVICE:
        affiliate = value(clock.anchor)
        years = seniority(affiliate, day) if isinstance(affiliate, Affiliate) else 0
        return EventKind.SERVICE, {"years": years}, tn(
            lang, "{n} year of service completed", "{n} years of service completed", years)
    if measure in (Measure.YEARS, Measure.MONTHS, Measure.DAYS):
        count = value(clock.term)
        anchor = _anchor(clock.anchor, ctx, env, scanner.program, lang)
        return EventKind.ELAPSED, {"count": to_value(count), "unit": measure.value}, _elapsed(
            count, measure.value, anchor, lang)
    if measure is Measure.DATE and clock.since is not None:
        since = clock.since
        amount = value(since.amount)
        if not isinstance(amount, Unknown):
            amount = -amount if since.negate else amount
            anchor = _anchor(since.anchor, ctx, env, scanner.program, lang)
            return EventKind.ELAPSED, {"count": amount, "unit": since.unit}, _elapsed(
                amount, since.unit, anchor, lang)
    if measure is Measure.DATE and isinstance(clock.bound, Attr):
        owner = value(clock.bound.obj)
        anchor = _anchor(clock.bound, ctx, env, scanner.program, lang)
        if isinstance(owner, BenefitRecord):
            values = {"program": owner.program, "date": owner.on.isoformat()}
            return EventKind.BENEFIT, values, t(lang, N_("{anchor} counts from this day"),
                                                anchor=anchor)
        return EventKind.DATE, {"date": day.isoformat()}, t(
            lang, N_("the date of {anchor}"), anchor=anchor)
    if measure is Measure.DIVORCE:
        anchor = t(lang, _ANCHORS["divorce_date"], person=_person(value(clock.anchor)),
                   date=day)
        return EventKind.DATE, {"date": day.isoformat()}, t(
            lang, N_("the date of {anchor}"), anchor=anchor)
    if measure is Measure.YEAR:
        return EventKind.NEW_YEAR, {"year": day.year}, t(
            lang, N_("calendar year {year} begins"), year=str(day.year))
    if measure is Measure.MONTH:
        return EventKind.MONTH, {"month": day.month}, t(
            lang, N_("start of {month}"), month=fmt.month(day.month, lang))
    if measure is Measure.DAY:
        return EventKind.DAY, {"day": day.day}, t(lang, N_("day {day} of the month"),
                                                  day=day.day)
    return EventKind.DATE, {"date": day.isoformat()}, t(lang, N_("the date {date} is reached"),
                                                        date=day)


def _anchor(node: Node | None, ctx: Context, env: Mapping[str, Any], program: Program,
            lang: str) -> str:
    """A date of the file as a noun phrase: *the affiliate's death (10 March 2020)*; a
    benefit received by its program's title (its id, for another program's)."""
    if node is None:
        return "?"
    found = evaluate(node, ctx, env)
    if not isinstance(node, Attr):
        return fmt.value(found, lang)
    owner = evaluate(node.obj, ctx, env)
    if isinstance(owner, BenefitRecord):
        name = program.title.get(lang) if owner.program == program.id else owner.program
        return t(lang, N_("the benefit {program} received on {date}"),
                 program=fmt.quote(name, lang), date=owner.on)
    message = _ANCHORS.get(node.name)
    if message is not None:
        return t(lang, message, person=_person(owner), date=found)
    return t(lang, N_("{field} of {person} ({date})"), person=_person(owner), date=found,
             field=words.field_name(node.name, lang) or node.name)
