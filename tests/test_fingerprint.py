"""A program's fingerprint: the same for the same rules however they were loaded, and
changed by an edit for exactly the programs whose decisions can depend on it (the IR's
own reads say which), never by an example."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eligibility import RuleBook
from eligibility._book import cache
from rosters import edited_rules


@pytest.fixture(scope="module")
def shipped() -> RuleBook:
    return RuleBook.load()


def _fingerprints(book: RuleBook) -> dict[str, str]:
    return {program.id: program.fingerprint for program in book.programs.values()}


def test_the_same_rules_give_the_same_fingerprints_however_loaded(
        shipped: RuleBook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    stored = RuleBook.load(cache=True)
    read_back = RuleBook.load(cache=True)
    found = _fingerprints(shipped)
    assert _fingerprints(RuleBook.load()) == found
    assert _fingerprints(stored) == found
    assert _fingerprints(read_back) == found
    assert len(set(found.values())) == len(found)  # every program its own
    assert all(len(value) == 64 and int(value, 16) >= 0 for value in found.values())


def _edited(folder: Path, file: str, old: str, new: str) -> RuleBook:
    return RuleBook.load(edited_rules(folder, file, old, new))


def _changed(shipped: RuleBook, folder: Path, file: str, old: str, new: str,
             edited: RuleBook | None = None) -> set[str]:
    edited = edited or _edited(folder, file, old, new)
    before, after = _fingerprints(shipped), _fingerprints(edited)
    assert before.keys() == after.keys()
    return {program for program in before if before[program] != after[program]}


EID = "social-aid/eid-al-adha-grant.yaml"
MEMBERS = "definitions/members.yaml"


def test_a_value_of_a_program_changes_that_program_alone(shipped: RuleBook,
                                                         tmp_path: Path) -> None:
    assert _changed(shipped, tmp_path, EID, "{2020-01-01: {value: 2500,",
                    "{2020-01-01: {value: 3000,") == {"social.eid-al-adha-grant"}


def test_a_text_changes_its_program(shipped: RuleBook, tmp_path: Path) -> None:
    assert _changed(shipped, tmp_path, EID, "  fr: Aide à l'occasion de l'Aïd Al-Adha\n",
                    "  fr: Aide de l'Aïd Al-Adha\n") == {"social.eid-al-adha-grant"}


def test_an_example_changes_nothing(shipped: RuleBook, tmp_path: Path) -> None:
    assert _changed(shipped, tmp_path, EID, "  - name: remarried widow\n",
                    "  - name: a widow who married again\n") == set()


def test_a_shared_definition_changes_the_programs_that_read_it(shipped: RuleBook,
                                                               tmp_path: Path) -> None:
    readers = {p.id for p in shipped.programs.values()
               if "in_good_standing" in p.reads.definitions}
    assert readers
    assert readers != set(shipped.programs)
    assert _changed(shipped, tmp_path, MEMBERS, "value: household.dues in ['paid', 'exempt']",
                    "value: household.dues in ['paid']") == readers


def test_a_shared_parameter_changes_the_programs_that_read_or_show_it(
        shipped: RuleBook, tmp_path: Path) -> None:
    readers = {p.id for p in shipped.programs.values()
               if "survivor_cover_months" in p.parameters_shown}
    assert readers
    assert readers != set(shipped.programs)
    edit = (MEMBERS, "values: {1900-01-01: 24}", "values: {1900-01-01: 24, 2027-01-01: 18}")
    edited = _edited(tmp_path, *edit)
    assert _changed(shipped, tmp_path, *edit, edited=edited) == readers
    # The new value starts a period of the programs that read it, and of no other.
    changing = {p.id for p in edited.programs.values() if date(2027, 1, 1) in p.change_dates}
    assert changing == readers
