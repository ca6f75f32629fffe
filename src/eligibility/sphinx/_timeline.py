"""A program page's time: the events that can change its outcome (the clocks the compiler
finds in its criteria and amounts, the same ones timelines are computed from), and one
worked timeline of one of its examples."""

from __future__ import annotations

import datetime as _dt

from docutils import nodes

from eligibility import EligibilityError, Measure, Program, Timeline
from eligibility._i18n import N_
from eligibility._i18n import words as names

from ._chrome import t, tnodes
from ._nodes import (
    Cell,
    RuleBookDirective,
    code,
    date_node,
    para,
    program_label,
    strong,
    table,
)

#: What each kind of clock waits for, in words (messages of the catalogue).
MEASURES: dict[Measure, str] = {
    Measure.AGE: N_("A birthday"),
    Measure.SERVICE: N_("An anniversary of recruitment"),
    Measure.DATE: N_("A date is reached"),
    Measure.YEARS: N_("Years since a date"),
    Measure.MONTHS: N_("Months since a date"),
    Measure.DAYS: N_("Days since a date"),
    Measure.YEAR: N_("A new calendar year"),
    Measure.MONTH: N_("The first day of a month"),
    Measure.DAY: N_("Each day"),
    Measure.DIVORCE: N_("The date of a divorce"),
    Measure.ANY: N_("Any day"),
}

#: A number of days, months or years after a date of the file, by unit.
SINCE: dict[str, str] = {
    "days": N_("A number of days after a date of the file"),
    "months": N_("A number of months after a date of the file"),
    "years": N_("A number of years after a date of the file"),
}

#: How far around an example's date its worked timeline looks.
_BEFORE, _AFTER = _dt.timedelta(days=365), _dt.timedelta(days=4 * 365)


class TimelineParts(RuleBookDirective):
    """The "when the outcome can change" and "a worked timeline" sections of a page."""

    def events(self, program: Program) -> nodes.section:
        lang = self.lang
        sub = self.section(t(lang, N_("When the outcome can change")),
                           f"{program_label(program.id)}-events")
        rows: list[list[Cell]] = []
        seen: set[tuple[Measure, str, str]] = set()
        on = program.valid_from
        parts = [(c.text.render(lang, program.params_at(c.valid_from or on)), c.clocks)
                 for c in program.criteria]
        parts += [(o.title(lang, program.params_at(on)), o.clocks) for o in program.outputs]
        for text, clocks in parts:
            for clock in clocks:
                if (clock.measure, clock.site, clock.text) in seen:
                    continue
                seen.add((clock.measure, clock.site, clock.text))
                kind = t(lang, SINCE[clock.since.unit] if clock.since is not None
                         else MEASURES[clock.measure])
                rule: list[nodes.Node] = [code(clock.site)]
                if clock.site != clock.text:
                    rule += [nodes.Text(" — "), code(clock.text)]
                rows.append([kind, [para(*rule)], text])
        if not rows:
            sub += para(t(lang, N_("Nothing in the rules changes the outcome with time, apart "
                                   "from the dated changes listed in the history.")))
            return sub
        sub += para(t(lang, N_("Besides the dated changes listed in the history, the outcome "
                               "for one household can change only on these days, read off "
                               "the rules; timelines are computed from them. A person of the "
                               "file takes part from the day they are born.")))
        sub += table([t(lang, N_("Event")), t(lang, N_("Rule")),
                      t(lang, N_("Criterion or amount"))], rows, [2, 3, 4])
        return sub

    def worked_timeline(self, program: Program) -> nodes.section | None:
        """The timeline of the example whose outcome changes most often around its date."""
        lang = self.lang
        best: tuple[int, Timeline] | None = None
        for index, example in enumerate(program.examples, start=1):
            try:
                found = self.book.timeline(program, example.household,
                                           applicant=example.applicant,
                                           start=example.on - _BEFORE, end=example.on + _AFTER,
                                           lang=lang)
            except EligibilityError:
                continue  # an applicant born within the range, a file refused...
            if found.changes and (best is None or len(found.changes) > len(best[1].changes)):
                best = (index, found)
        if best is None:
            return None
        index, found = best
        sub = self.section(t(lang, N_("A worked timeline")),
                           f"{program_label(program.id)}-timeline")
        sub += para(*tnodes(
            lang, "Example {n}, for {applicant}, from {start} to {end}, as computed when these "
            "pages are built:", n=str(index), applicant=code(found.applicant),
            start=date_node(found.start, lang), end=date_node(found.end, lang)))
        rows: list[list[Cell]] = []
        for period in found.periods:
            benefit = t(lang, N_("; ")).join(
                t(lang, N_("{label}:"), label=shown.label) + " " + shown.value
                for shown in period.output_labels.values())
            rows.append([date_node(period.start, lang), date_node(period.end, lang),
                         period.outcome_label or names.outcome_name(period.outcome, lang),
                         benefit or "—"])
        sub += table([t(lang, N_("From")), t(lang, N_("To")), t(lang, N_("Outcome")),
                      t(lang, N_("Benefit"))], rows, [2, 2, 2, 3])
        sub += para(strong(t(lang, N_("Why it changes:"))))
        sub += table([t(lang, N_("Date")), t(lang, N_("Outcome")), t(lang, N_("Why"))],
                     [[date_node(c.on, lang),
                       c.outcome_label or names.outcome_name(c.outcome, lang), c.reason]
                      for c in found.changes], [2, 2, 6])
        return sub
