"""The strategy for whole households (affiliation files), and how it draws each part."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import ValidationError

from eligibility import (
    AffiliateStatus,
    BenefitRecord,
    Child,
    DuesStatus,
    Household,
    Parent,
    Spouse,
)
from eligibility._model.persons import POSTHUMOUS_BIRTH_DAYS

from ._drawing import _anniversary, _clamp, _flag, _forget, _sometimes, _unknown_rate
from ._people import _affiliate, _AffiliateFacts, _child, _parent, _spouse
from ._values import _EVALUATION_MAX, _EVALUATION_MIN, _HORIZON, dates, identifiers, money

#: Program ids that :func:`households` draws its benefit history from by default.
DEFAULT_PROGRAMS: tuple[str, ...] = ("social.eid-al-adha-grant", "leisure.summer-camp")


def _check_size(name: str, value: int) -> None:
    if value < 0:
        raise InvalidArgument(f"{name}={value} must be >= 0")


def households(
    status: AffiliateStatus | str | None = None,
    max_children: int = 6,
    max_spouses: int = 2,
    *,
    complete: bool = False,
    programs: Sequence[str] = DEFAULT_PROGRAMS,
    max_parents: int = 2,
    max_history: int = 6,
    household_id: str | None = None,
) -> st.SearchStrategy[Household]:
    """Valid, plausible households (affiliation files).

    * ``status``: the affiliate's status; any when ``None``.
    * ``max_children``, ``max_spouses``, ``max_parents`` (at most 2), ``max_history``:
      how many children, spouses, parents and benefit records at most (zero or more).
    * ``complete``: when true, no fact is unknown: every birth date, amount, flag,
      ``dues`` and ``bank_account`` is known (event fields such as ``divorce_date``
      stay ``None`` when the event did not happen).  When false, each file forgets
      a varying share of its facts (sometimes none).
    * ``programs``: the program ids benefit records are drawn from; no history when
      empty.
    * ``household_id``: the file's id; drawn when not given.

    Person ids are ``"a"`` (the affiliate), ``"s1"``, ``"s2"``... (spouses), ``"c1"``,
    ``"c2"``... (children) and ``"p1"``, ``"p2"`` (parents).  Spouses are born within
    15 years of the affiliate, parents 16-50 years before, children after the
    affiliate turned 18 (and, unless in kafala, no later than 300 days after the
    affiliate's death).  Benefit records name people in the file, on evaluation-range
    dates (2003-2030).
    """
    wanted = None if status is None else AffiliateStatus(status)
    _check_size("max_children", max_children)
    _check_size("max_spouses", max_spouses)
    _check_size("max_history", max_history)
    if not 0 <= max_parents <= 2:
        raise InvalidArgument(f"max_parents={max_parents} must be between 0 and 2")
    program_ids = _program_ids(programs)

    @st.composite
    def build(draw: st.DrawFn) -> Household:
        rate = _unknown_rate(draw, complete)
        affiliate, facts = draw(
            _affiliate(
                status=wanted,
                person_id="a",
                rate=rate,
                min_birth=date(1940, 1, 1),
                max_birth=date(2005, 12, 31),
            )
        )
        spouse_list = _draw_spouses(draw, facts, rate, max_spouses)
        child_list = _draw_children(draw, facts, rate, max_children)
        parent_list = _draw_parents(draw, facts, rate, max_parents)
        people = ["a", *(p.id for p in (*spouse_list, *child_list, *parent_list))]
        history = _draw_history(draw, program_ids, people, rate, max_history)

        return Household(
            id=draw(identifiers()) if household_id is None else household_id,
            affiliate=affiliate,
            spouses=tuple(spouse_list),
            children=tuple(child_list),
            parents=tuple(parent_list),
            dues=_forget(draw, draw(st.sampled_from(DuesStatus)), rate),
            bank_account=_forget(draw, _sometimes(draw, 7), rate),
            social_hardship=_flag(draw, rate, true_out_of_ten=2),
            history=tuple(history),
        )

    return build()


def _program_ids(programs: Sequence[str]) -> tuple[str, ...]:
    """``programs``, each checked to be a program id a benefit record can name."""
    program_ids = tuple(programs)
    for program in program_ids:
        try:
            BenefitRecord(program=program, person="a", on=_EVALUATION_MIN)
        except ValidationError as error:
            raise InvalidArgument(f"invalid program id {program!r}: {error}") from error
    return program_ids


def _draw_spouses(draw: st.DrawFn, facts: _AffiliateFacts, rate: int, max_spouses: int
                  ) -> list[Spouse]:
    """Spouses ``s1``, ``s2``...: born within 15 years of the affiliate; divorced, if ever,
    before being widowed; remarried only if widowed or divorced."""
    deceased = facts.death is not None
    spouse_min = _clamp(_anniversary(facts.birth, -15), date(1900, 1, 1), _HORIZON)
    spouse_max = _clamp(_anniversary(facts.birth, 15), spouse_min, date(2010, 12, 31))
    spouse_count = draw(st.integers(0, max_spouses))
    return [
        draw(
            _spouse(
                person_id=f"s{n}",
                rate=rate,
                min_birth=spouse_min,
                max_birth=spouse_max,
                may_remarry=deceased,
                max_divorce=facts.death or _HORIZON,  # divorced before being widowed
            )
        )
        for n in range(1, spouse_count + 1)
    ]


def _draw_children(draw: st.DrawFn, facts: _AffiliateFacts, rate: int, max_children: int
                   ) -> list[Child]:
    """Children ``c1``, ``c2``...: born once the affiliate has turned 18 and, unless in
    kafala, no later than the posthumous limit after the affiliate's death."""
    child_min = _anniversary(facts.birth, 18)
    if facts.death is None:
        child_max = min(_anniversary(facts.birth, 60), _HORIZON)
        kafala_max = child_max
    else:
        child_max = min(facts.death + timedelta(days=POSTHUMOUS_BIRTH_DAYS), _HORIZON)
        kafala_max = min(_anniversary(facts.death, 5), _HORIZON)
    child_count = draw(st.integers(0, max_children))
    return [
        draw(
            _child(
                person_id=f"c{n}",
                rate=rate,
                min_birth=child_min,
                max_birth=child_max,
                max_kafala_birth=kafala_max,
            )
        )
        for n in range(1, child_count + 1)
    ]


def _draw_parents(draw: st.DrawFn, facts: _AffiliateFacts, rate: int, max_parents: int
                  ) -> list[Parent]:
    """Parents ``p1``, ``p2``: born 16 to 50 years before the affiliate."""
    parent_count = draw(st.integers(0, max_parents))
    return [
        draw(
            _parent(
                person_id=f"p{n}",
                rate=rate,
                min_birth=_anniversary(facts.birth, -50),
                max_birth=_anniversary(facts.birth, -16),
            )
        )
        for n in range(1, parent_count + 1)
    ]


def _draw_history(draw: st.DrawFn, program_ids: tuple[str, ...], people: list[str],
                  rate: int, max_history: int) -> list[BenefitRecord]:
    """Benefit records of ``program_ids`` naming ``people``, on evaluation-range dates
    (none when there are no programs)."""
    history: list[BenefitRecord] = []
    if program_ids:
        for _ in range(draw(st.integers(0, max_history))):
            history.append(
                BenefitRecord(
                    program=draw(st.sampled_from(program_ids)),
                    person=draw(st.sampled_from(people)),
                    on=draw(dates(_EVALUATION_MIN, _EVALUATION_MAX)),
                    amount=_forget(draw, draw(money(Decimal("20000"))), rate),
                )
            )
    return history
