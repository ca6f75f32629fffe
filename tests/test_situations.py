"""Who is who, program by program: every program of the pack against every family situation
the foundation meets, checked against a table written here.

Each situation is one person in one household file, built so that the person would get
every benefit their situation allows (a small pension, a child at school, social
hardship, an officer killed on duty where it matters...): a cell then says what the
situation alone decides. A program added to the pack without its row in the table fails
the test, so no program can forget a situation (a divorced ex-spouse treated as a
widow, a remarried widow, the parents of an officer killed on duty...).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from eligibility import Outcome, RuleBook, parse_household

ON = date(2026, 1, 15)

#: E eligible, I ineligible, U undetermined, - the program does not apply to the person's
#: role (so it is never evaluated for them).
MATRIX = """
program                                married  div-before  div-alive  widow  widower  remarried  honorary  ill-parent  kafala  polygamous
education.excellence-award                -         -          -        -       -         -          -         -          I        -
education.killed-on-duty-orphan-grant     -         -          -        -       -         -          -         -          I        -
education.merit-scholarship               -         -          -        -       -         -          -         -          I        -
education.school-entry-vouchers           I         I          I        E       E         I          -         -          -        E
education.university-partnerships         -         -          -        -       -         -          -         -          I        -
health.complementary-cover                E         I          E        E       E         I          -         -          E        E
health.killed-on-duty-medical-cover       I         I          I        E       E         I          E         I          I        E
health.relief-fund                        I         I          I        E       E         I          E         I          -        E
health.serious-illness-aid                -         -          -        -       -         -          -         -          -        -
housing.flats-for-widows                  I         I          I        E       E         I          -         -          -        E
housing.preferential-loan                 -         -          -        -       -         -          -         -          -        -
leisure.family-holiday-centre             -         -          -        -       -         -          -         -          -        -
leisure.summer-camp                       -         -          -        -       -         -          -         -          E        -
social.eid-al-adha-grant                  I         I          I        E       E         I          -         -          -        E
social.hajj                               I         I          I        E       E         I          -         -          -        E
social.killed-on-duty-parents-support     -         -          -        -       -         -          E         I          -        -
"""

_CELLS = {"E": Outcome.ELIGIBLE, "I": Outcome.INELIGIBLE, "U": Outcome.UNDETERMINED}


def _table() -> tuple[list[str], dict[str, dict[str, str]]]:
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    situations = lines[0][1:]
    return situations, {row[0]: dict(zip(situations, row[1:], strict=True)) for row in lines[1:]}


def _officer(**changes: Any) -> dict[str, Any]:
    return {"id": "a", "sex": "male", "birth_date": "1980-01-01",
            "recruitment_date": "2005-01-01", "pay_scale": 6, **changes}


def _family(affiliate: dict[str, Any], **parts: Any) -> dict[str, Any]:
    return {"id": "h", "affiliate": affiliate, "dues": "paid", "bank_account": True,
            "social_hardship": True,
            "children": [{"id": "pupil", "birth_date": "2015-05-05", "schooling": "primary"}],
            **parts}


ACTIVE = _officer(status="active", monthly_salary="6000")
KILLED = _officer(status="deceased", death_date="2022-03-01", killed_on_duty=True)
ILL = _officer(status="deceased", death_date="2022-03-01")
WIDOW = {"id": "w", "sex": "female", "birth_date": "1983-01-01", "monthly_pension": "1500"}

#: Each situation: the household and the person evaluated.
SITUATIONS: dict[str, tuple[dict[str, Any], str]] = {
    # the wife of a serving officer
    "married": (_family(ACTIVE, spouses=[{"id": "s", "sex": "female",
                                          "birth_date": "1983-01-01"}]), "s"),
    # divorced in 2015 from an officer killed on duty in 2022: a former spouse, not a widow
    "div-before": (_family(KILLED, spouses=[WIDOW, {**WIDOW, "id": "ex",
                                                   "divorce_date": "2015-01-01"}]), "ex"),
    # divorced seven months ago from a serving officer: 12 months of continued health cover
    "div-alive": (_family(ACTIVE, spouses=[{"id": "s", "sex": "female",
                                            "birth_date": "1983-01-01",
                                            "divorce_date": "2025-06-01"}]), "s"),
    "widow": (_family(KILLED, spouses=[WIDOW]), "w"),
    "widower": (_family(_officer(status="deceased", sex="female", death_date="2022-03-01",
                                 killed_on_duty=True),
                        spouses=[{**WIDOW, "id": "h1", "sex": "male"}]), "h1"),
    "remarried": (_family(KILLED, spouses=[{**WIDOW, "remarried": True}]), "w"),
    # the father of an officer killed on duty: an honorary member
    "honorary": (_family(KILLED, spouses=[WIDOW],
                         parents=[{"id": "p", "sex": "male", "birth_date": "1950-01-01"}]), "p"),
    # the father of an officer who died of illness: no honorary card
    "ill-parent": (_family(ILL, spouses=[WIDOW],
                           parents=[{"id": "p", "sex": "male", "birth_date": "1950-01-01"}]),
                   "p"),
    # a child of a serving officer, in legal foster care (kafala)
    "kafala": (_family(ACTIVE, children=[{"id": "k", "birth_date": "2015-05-05",
                                          "schooling": "primary", "kafala": True}]), "k"),
    # the second of two widows of an officer killed on duty
    "polygamous": (_family(KILLED, spouses=[WIDOW, {**WIDOW, "id": "w2",
                                                    "birth_date": "1988-01-01",
                                                    "monthly_pension": "1800"}]), "w2"),
}


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return RuleBook.load()


def test_the_table_has_a_row_for_every_program_and_a_column_for_every_situation(
        book: RuleBook) -> None:
    situations, rows = _table()
    assert sorted(rows) == sorted(book.programs), "add the new program's row to MATRIX"
    assert situations == list(SITUATIONS)


@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_each_program_decides_the_situation_as_the_table_says(book: RuleBook,
                                                              situation: str) -> None:
    household, person = SITUATIONS[situation]
    _, rows = _table()
    applicant = parse_household(household).person(person)
    found: dict[str, str] = {}
    for program_id, program in book.programs.items():
        if applicant.role not in program.applies_to:
            found[program_id] = "-"
            continue
        decision = book.evaluate(program_id, household, applicant=person, on=ON)
        found[program_id] = next(k for k, v in _CELLS.items() if v is decision.outcome)
    assert found == {p: rows[p][situation] for p in rows}


def test_a_divorced_ex_spouse_gets_no_widows_benefit_anywhere(book: RuleBook) -> None:
    """Screening the household of an officer killed on duty: his widow gets what widows
    get, his former wife (divorced before his death) gets none of it."""
    household, _ = SITUATIONS["div-before"]
    decisions = book.screen(household, on=ON)
    widow = {d.program for d in decisions if d.applicant == "w" and d.eligible}
    former = {d.program for d in decisions if d.applicant == "ex" and d.eligible}
    assert {"housing.flats-for-widows", "social.eid-al-adha-grant", "social.hajj",
            "health.killed-on-duty-medical-cover", "education.school-entry-vouchers",
            "health.relief-fund"} <= widow
    assert former == set()
    assert {d.category_label for d in decisions if d.applicant == "ex"} == {"former wife"}
