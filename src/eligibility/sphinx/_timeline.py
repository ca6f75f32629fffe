"""A program page's time: the events that can change its outcome (the clocks the compiler
finds in its criteria and amounts, the same ones timelines are computed from), and one
worked timeline of one of its examples."""

from __future__ import annotations

import datetime as _dt

from docutils import nodes

from eligibility import EligibilityError, Measure, Program, Timeline
from eligibility._i18n import format as fmt
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

#: What each kind of clock waits for, in words (English; translated by the page chrome).
MEASURES: dict[Measure, str] = {
    Measure.AGE: "A birthday",
    Measure.SERVICE: "An anniversary of recruitment",
    Measure.DATE: "A date is reached",
    Measure.YEARS: "Years since a date",
    Measure.MONTHS: "Months since a date",
    Measure.DAYS: "Days since a date",
    Measure.YEAR: "A new calendar year",
    Measure.MONTH: "The first day of a month",
    Measure.DAY: "Each day",
    Measure.DIVORCE: "The date of a divorce",
    Measure.ANY: "Any day",
}

#: How far around an example's date its worked timeline looks.
_BEFORE, _AFTER = _dt.timedelta(days=365), _dt.timedelta(days=4 * 365)


class TimelineParts(RuleBookDirective):
    """The "when the outcome can change" and "a worked timeline" sections of a page."""

    def events(self, program: Program) -> nodes.section:
        sub = self.section(t(self.lang, "When the outcome can change"),
                           f"{program_label(program.id)}-events")
        rows: list[list[Cell]] = []
        seen: set[tuple[Measure, str, str]] = set()
        on = program.valid_from
        parts = [(c.text.render(self.lang, program.params_at(c.valid_from or on)), c.clocks)
                 for c in program.criteria]
        parts += [(o.text.render(self.lang, program.params_at(on)) if o.text else o.name,
                   o.clocks) for o in program.outputs]
        for text, clocks in parts:
            for clock in clocks:
                if (clock.measure, clock.site, clock.text) in seen:
                    continue
                seen.add((clock.measure, clock.site, clock.text))
                kind = t(self.lang, MEASURES[clock.measure])
                if clock.since is not None:
                    kind = t(self.lang, "A number of {unit} after a date of the file",
                                  unit=t(self.lang, clock.since.unit))
                rule: list[nodes.Node] = [code(clock.site)]
                if clock.site != clock.text:
                    rule += [nodes.Text(" — "), code(clock.text)]
                rows.append([kind, [para(*rule)], text])
        if not rows:
            sub += para(t(self.lang, "Nothing in the rules changes the outcome with time, apart "
                               "from the dated changes listed in the history."))
            return sub
        sub += para(t(self.lang, "Besides the dated changes listed in the history, the outcome "
                           "for one household can change only on these days, read off the "
                           "rules; timelines are computed from them. A person of the file "
                           "takes part from the day they are born."))
        sub += table([t(self.lang, "Event"), t(self.lang, "Rule"), t(self.lang, "Criterion or amount")], rows,
                     [2, 3, 4])
        return sub

    def worked_timeline(self, program: Program) -> nodes.section | None:
        """The timeline of the example whose outcome changes most often around its date."""
        best: tuple[int, Timeline] | None = None
        for index, example in enumerate(program.examples, start=1):
            try:
                found = self.book.timeline(program, example.household,
                                           applicant=example.applicant,
                                           start=example.on - _BEFORE, end=example.on + _AFTER,
                                           lang=self.lang)
            except EligibilityError:
                continue  # an applicant born within the range, a file refused...
            if found.changes and (best is None or len(found.changes) > len(best[1].changes)):
                best = (index, found)
        if best is None:
            return None
        index, found = best
        sub = self.section(t(self.lang, "A worked timeline"), f"{program_label(program.id)}-timeline")
        sub += para(*tnodes(self.lang,
            "Example {n}, for {applicant}, from {start} to {end}, as computed when these pages "
            "are built:", n=str(index), applicant=code(found.applicant),
            start=date_node(found.start, self.lang), end=date_node(found.end, self.lang)))
        rows: list[list[Cell]] = []
        for period in found.periods:
            benefit = ", ".join(f"{k}: {fmt.value(v, self.lang)}" for k, v in
                                [*period.amounts.items(), *period.details.items()])
            rows.append([date_node(period.start, self.lang), date_node(period.end, self.lang),
                         names.outcome_name(period.outcome, self.lang), benefit or "—"])
        sub += table([t(self.lang, "From"), t(self.lang, "To"), t(self.lang, "Outcome"), t(self.lang, "Benefit")], rows,
                     [2, 2, 2, 3])
        sub += para(strong(t(self.lang, "Why it changes:")))
        sub += table([t(self.lang, "Date"), t(self.lang, "Outcome"), t(self.lang, "Why")],
                     [[date_node(c.on, self.lang), names.outcome_name(c.outcome, self.lang), c.reason]
                      for c in found.changes], [2, 2, 6])
        return sub
