"""The durable engine (durable-rules, Rete) gives the same decisions as the native engine.

Two independent engines that must agree are the strongest check that both are right:
every rule-file example, and Hypothesis-generated households, applicants and dates
over every shipped program, are decided by both and compared field by field (all of
the :class:`~eligibility.Decision` but its ``engine``). A synthetic rule pack covers
the constructs the shipped programs may not use (nested exceptions, quantifiers in
every position, sums, chained comparisons, errors in rules...).

The guard-rail tests pin the durable-rules 2.0.28 faults the engine works around.
"""

from __future__ import annotations

import sys
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility import (
    EngineUnavailableError,
    EvaluationError,
    Household,
    HouseholdError,
    Person,
    Program,
    RuleBook,
)
from eligibility.testing import evaluation_dates, households

durable = pytest.mark.durable


# -- helpers ------------------------------------------------------------------------------


def _decision(book: RuleBook, program: Program, household: Household, person: Person,
              on: date) -> dict[str, Any]:
    """A decision as compared between engines (an evaluation error counts as a result)."""
    try:
        decision = book.evaluate(program, household, applicant=person, on=on)
    except (EvaluationError, HouseholdError) as exc:
        return {"error": str(exc)}
    return decision.model_dump(mode="json", exclude={"engine"})


def _assert_engines_agree(native: RuleBook, durable_book: RuleBook, household: Household,
                          on: date) -> int:
    """Every program, for every person it applies to: same decision. Returns the count."""
    count = 0
    for program in native.programs.values():
        for person in native.applicants(program, household, on):
            want = _decision(native, program, household, person, on)
            got = _decision(durable_book, program, household, person, on)
            if got != want:
                diff = {k: (want.get(k), got.get(k)) for k in {*want, *got}
                        if want.get(k) != got.get(k)}
                pytest.fail(f"{program.id} for {person.id} on {on}: native/durable differ: "
                            f"{diff}")
            count += 1
    return count


def _dates(book: RuleBook) -> st.SearchStrategy[date]:
    """Evaluation dates, half of them on or just before a program's change dates."""
    around = sorted({
        day + timedelta(days=shift)
        for program in book.programs.values() for day in program.change_dates
        for shift in (-1, 0) if date(2003, 1, 2) <= day <= date(2030, 12, 31)
    })
    return st.one_of(evaluation_dates(), st.sampled_from(around)) if around \
        else evaluation_dates()


@pytest.fixture(scope="module")
def native() -> RuleBook:
    return RuleBook.load()


@pytest.fixture(scope="module")
def durable_book(native: RuleBook) -> RuleBook:
    return native.with_engine("durable")


# -- the shipped rule book ----------------------------------------------------------------


@durable
def test_every_example_gives_the_same_decision_on_both_engines(
        native: RuleBook, durable_book: RuleBook) -> None:
    compared = 0
    for program in native.programs.values():
        for example in program.examples:
            household = Household.model_validate(example.household)
            try:
                want = native.evaluate(program.id, household, applicant=example.applicant,
                                       on=example.on)
            except EvaluationError as exc:
                with pytest.raises(EvaluationError, match=str(exc)):
                    durable_book.evaluate(program.id, household, applicant=example.applicant,
                                          on=example.on)
                continue
            got = durable_book.evaluate(program.id, household, applicant=example.applicant,
                                        on=example.on)
            assert got.engine == "durable"
            assert got.model_dump(exclude={"engine"}) == want.model_dump(exclude={"engine"}), \
                f"{program.id}: {example.name}"
            compared += 1
    assert compared > 0
    failures = [(r.program, r.name, r.failures) for r in durable_book.run_examples()
                if not r.passed]
    assert failures == []


@pytest.mark.slow
@durable
@settings(max_examples=60)
@given(data=st.data())
def test_engines_agree_on_complete_households(data: st.DataObject, native: RuleBook,
                                               durable_book: RuleBook) -> None:
    household = data.draw(households(complete=True, programs=list(native.programs)))
    on = data.draw(_dates(native))
    _assert_engines_agree(native, durable_book, household, on)


@pytest.mark.slow
@durable
@settings(max_examples=60)
@given(data=st.data())
def test_engines_agree_when_facts_are_unknown(data: st.DataObject, native: RuleBook,
                                               durable_book: RuleBook) -> None:
    household = data.draw(households(programs=list(native.programs)))
    on = data.draw(_dates(native))
    _assert_engines_agree(native, durable_book, household, on)


@durable
def test_shipped_programs_are_decided_in_rete(native: RuleBook,
                                               durable_book: RuleBook) -> None:
    """Comparisons are Rete conditions; derived facts are values, never whole criteria."""
    engine = durable_book.engine
    program = native.program("social.eid-al-adha-grant")
    described = engine.describe(program, date(2026, 5, 20))  # type: ignore[attr-defined]
    assert described["interpreted"] == {}
    derived = set(described["derived"].values())
    assert {"applicant.category", "applicant.monthly_pension"} <= derived
    values = [text for text in derived if not text.startswith(("count(", "sum("))]
    assert not any(op in text for text in values for op in ("<=", "!=", " in ["))
    rules = str(described["rules"])
    for folded in ("'widow'", "2500", "2000"):  # parameters are folded into the rules
        assert folded in rules
    for program in native.programs.values():
        for day in {max(program.valid_from, d) for d in program.change_dates}:
            if program.in_force(day):
                described = engine.describe(program, day)  # type: ignore[attr-defined]
                assert native.content_hash[:16] in described["ruleset"]
                assert program.id in described["ruleset"]


# -- a synthetic rule pack: constructs the shipped programs may not use -------------------

DEFINITIONS = """\
kind: definitions
id: test-defs
title: {ar: تعاريف للاختبار, fr: Définitions de test, en: Test definitions}
status: illustrative
parameters:
  young_age:
    values: {1900-01-01: 30}
    text: {ar: سن الشباب, fr: Âge jeune, en: Young age}
definitions:
  - id: has_student
    value: any(c.student and not c.married for c in household.children)
    text: {ar: طالب في الأسرة, fr: Un étudiant dans la famille, en: A student in the family}
  - id: young
    params: {p: person}
    value: p.age < young_age
    text: {ar: شاب, fr: Jeune, en: Young}
  - id: young_or_student
    params: {child: child}
    value: young(child) or (child.student and has_student)
    text: {ar: شاب أو طالب, fr: Jeune ou étudiant, en: Young or a student}
  - id: dues_ok
    value: household.dues in ['paid', 'exempt']
    text: {ar: الواجبات, fr: Cotisations, en: Dues}
  - id: orphan
    params: {child: child}
    value: household.affiliate.status == 'deceased'
    text: {ar: يتيم, fr: Orphelin, en: Orphan}
"""

PROGRAM = """\
id: test.constructs
domain: social-aid
applies_to: [affiliate, spouse, child]
title: {ar: برنامج اختبار, fr: Programme de test, en: Test program}
status: illustrative
assumptions:
  - {ar: برنامج للاختبار فقط, fr: Programme de test seulement, en: A test program only}
parameters:
  ceiling:
    values: {2010-01-01: 2500.50, 2020-01-01: 2600.125}
    text: {ar: سقف, fr: Plafond, en: Ceiling}
  statuses:
    values: {2010-01-01: [active], 2018-06-01: [active, retired]}
    text: {ar: وضعيات, fr: Situations, en: Statuses}
  rate:
    values: {2010-01-01: 0.35}
    text: {ar: نسبة, fr: Taux, en: Rate}
  start:
    values: {2010-01-01: 2015-03-01}
    text: {ar: بداية, fr: Début, en: Start}
  barred:
    values: {2010-01-01: [], 2019-01-01: [unpaid]}
    text: {ar: ممنوع, fr: Exclus, en: Barred}
versions:
  - {id: "1", from: 2010-01-01}
  - {id: "2", from: 2020-01-01}
criteria:
  - id: chained
    when: 18 <= applicant.age < 65 or applicant.disabled
    text: {ar: السن, fr: Âge, en: Age}
  - id: money
    when: >-
      household.affiliate.monthly_salary * 12 <= ceiling * 10
      or household.affiliate.monthly_pension <= ceiling
    text: {ar: المال, fr: Argent, en: Money}
  - id: ifexp-bool
    when: >-
      (applicant.student if applicant.role == 'child'
       else household.affiliate.status != 'deceased')
    text: {ar: شرط, fr: Condition, en: Condition}
  - id: all-disjunction
    when: >-
      all(c.age < 26 or c.disabled for c in household.children)
      and not any(c.married and c.student for c in household.children)
    text: {ar: الأطفال, fr: Enfants, en: Children}
  - id: nested
    when: >-
      any(any(r.person == c.id for r in household.history) for c in household.children)
      or count(household.children) == 0
    text: {ar: متداخل, fr: Imbriqué, en: Nested}
  - id: sum
    when: sum(c.age for c in household.children) < 60
    text: {ar: مجموع, fr: Somme, en: Sum}
  - id: lists
    when: >-
      household.dues not in ['unpaid'] and household.affiliate.status in statuses
      and household.dues not in barred
    text: {ar: قوائم, fr: Listes, en: Lists}
  - id: refs
    when: >-
      applicant.id != household.affiliate.id
      or household.affiliate.recruitment_date < start
      or household.affiliate.birth_date >= add_years(on, -40)
    text: {ar: مراجع, fr: Références, en: References}
  - id: with-exceptions
    when: applicant.age >= 18
    text: {ar: استثناءات, fr: Exceptions, en: Exceptions}
    exceptions:
      - id: young-disabled
        when: applicant.disabled
        then: true
        text: {ar: إعاقة, fr: Handicap, en: Disabled}
        exceptions:
          - id: unless-married
            when: applicant.role == 'child' and applicant.married
            then: false
            text: {ar: متزوج, fr: Marié, en: Married}
      - id: orphan
        when: >-
          household.affiliate.status == 'deceased' and applicant.role == 'child'
          and not applicant.disabled
        then: applicant.age >= 10 or applicant.serious_illness
        text: {ar: يتيم, fr: Orphelin, en: Orphan}
  - id: records
    when: any(p == household.affiliate and p.role == applicant.role for p in household.people)
    text: {ar: سجلات, fr: Enregistrements, en: Records}
  - id: definitions
    when: >-
      dues_ok and not any(orphan(c) and c.disabled for c in household.children)
      and any(young_or_student(c) for c in household.children) == has_student
    text: {ar: تعاريف, fr: Définitions, en: Definitions}
  - id: dated
    when: household.social_hardship or household.bank_account
    from: 2015-01-01
    until: 2022-07-01
    text: {ar: مؤقت, fr: Temporaire, en: Temporary}
  - id: wide
    when: >-
      (applicant.disabled or applicant.serious_illness)
      and (household.bank_account or household.social_hardship)
      and (household.dues == 'paid' or household.dues == 'exempt')
      and (household.affiliate.killed_on_duty or household.affiliate.owns_main_home)
      and (applicant.age > 3 or applicant.age < 1)
    text: {ar: واسع, fr: Large, en: Wide}
  - id: division
    when: >-
      household.affiliate.monthly_pension == 0
      or household.affiliate.monthly_salary / household.affiliate.monthly_pension < 3
    text: {ar: قسمة, fr: Division, en: Division}
benefit:
  band:
    unique:
      - when: applicant.role == 'child'
        then: 1
      - when: applicant.role != 'child' and applicant.category == 'widow'
        then: 2
      - when: applicant.role != 'child' and applicant.category != 'widow'
        then: 3
    text: {ar: فئة, fr: Tranche, en: Band}
  payment:
    first:
      - when: household.bank_account
        then: "'bank'"
      - when: applicant.age > 60
        then: "'cash'"
      - otherwise: true
        then: "'vouchers'"
    labels:
      bank: {ar: تحويل بنكي, fr: Virement, en: Bank transfer}
      cash: {ar: نقدا, fr: Espèces, en: Cash}
      vouchers: {ar: قسائم, fr: Bons, en: Vouchers}
    text: {ar: أداء, fr: Paiement, en: Payment}
  senior_extra:
    when: applicant.age > 60 and not household.affiliate.killed_on_duty
    value: ceiling * 2
    text: {ar: إضافة, fr: Supplément, en: Extra}
  guarded_band:
    when: household.bank_account or applicant.age < 30
    unique:
      - when: applicant.age < 30
        then: 1
      - when: applicant.age >= 30
        then: 2
    text: {ar: فئة مشروطة, fr: Tranche conditionnelle, en: Guarded band}
  share:
    value: round(ceiling * rate, 2)
    text: {ar: حصة, fr: Part, en: Share}
  third:
    value: household.affiliate.monthly_pension / 3
    text: {ar: ثلث, fr: Tiers, en: Third}
  ratio:
    value: household.affiliate.monthly_salary / household.affiliate.monthly_pension
    text: {ar: نسبة, fr: Rapport, en: Ratio}
frequency:
  per: rolling-year
  max: 2
"""


EDGES = """\
id: test.edges
domain: social-aid
applies_to: [affiliate, spouse, child]
title: {ar: حالات حدية, fr: Cas limites, en: Edge cases}
status: illustrative
assumptions:
  - {ar: برنامج للاختبار فقط, fr: Programme de test seulement, en: A test program only}
parameters:
  window_open:
    values: {2010-01-01: true, 2020-01-01: false}
    text: {ar: مفتوح, fr: Ouvert, en: Open}
  fine_score:
    values: {2010-01-01: 15.125}
    text: {ar: نقطة, fr: Note, en: Score}
versions:
  - {id: "1", from: 2010-01-01}
criteria:
  - id: agreeing-branches
    when: >-
      household.affiliate.monthly_pension <= (2000 if applicant.disabled else 2000.00)
      and 1000 < (applicant.monthly_pension if applicant.role == 'spouse' else 1500) < 3000
    text: {ar: فروع, fr: Branches, en: Branches}
  - id: lists
    when: >-
      household.affiliate.monthly_pension in [1000, 2000.5, 2500]
      or household.affiliate.birth_date in [1960-01-01, 1970-06-15]
      or household.affiliate.category in ['retiree']
    text: {ar: قوائم, fr: Listes, en: Lists}
  - id: text-order
    when: applicant.id < 'm' or -applicant.age < -18 or abs(min(applicant.age, 40) - 30) > 5
    text: {ar: ترتيب, fr: Ordre, en: Order}
  - id: parameter-flag
    when: window_open and not (household.bank_account and household.social_hardship)
    text: {ar: راية, fr: Drapeau, en: Flag}
  - id: agreeing-exceptions
    when: household.dues == 'paid'
    text: {ar: اتفاق, fr: Accord, en: Agreement}
    exceptions:
      - id: exempt
        when: household.dues == 'exempt' and household.social_hardship
        then: true
        text: {ar: معفى, fr: Exonéré, en: Exempt}
      - id: hardship
        when: household.dues == 'unpaid' and household.social_hardship
        then: household.bank_account or not household.bank_account
        text: {ar: عسر, fr: Difficulté, en: Hardship}
  - id: scores
    when: >-
      not any(c.bac_score >= fine_score and c.bac_year >= 2000 for c in household.children)
      or all(c.bac_score > 10 and not c.married for c in household.children)
    text: {ar: نقط, fr: Notes, en: Scores}
  - id: spouses
    when: >-
      all(s.divorce_date < on or not s.remarried for s in household.spouses)
    text: {ar: أزواج, fr: Conjoints, en: Spouses}
  - id: lookups
    when: >-
      any(c.id == applicant.id and (c.student or c.age < 12) for c in household.children)
      or any(s.remarried and s.id == applicant.id for s in household.spouses)
      or count(r.program == 'test.edges' and r.person == applicant.id
               for r in household.history) > 0
      or count(add_years(r.on, 1) > on and r.person == applicant.id
               for r in household.history) > 1
    text: {ar: بحث, fr: Recherche, en: Lookups}
benefit:
  level:
    first:
      - when: applicant.age >= 60 and household.affiliate.monthly_pension > 2000
        then: 3
      - when: applicant.age >= 40
        then: 2
      - otherwise: true
        then: 1
    text: {ar: مستوى, fr: Niveau, en: Level}
"""


def _write_pack(root: Path, program: str = PROGRAM, note: str = "") -> Path:
    (root / "definitions").mkdir(parents=True, exist_ok=True)
    (root / "test").mkdir(parents=True, exist_ok=True)
    (root / "definitions" / "test-defs.yaml").write_text(DEFINITIONS, encoding="utf-8")
    (root / "test" / "constructs.yaml").write_text(program + note, encoding="utf-8")
    (root / "test" / "edges.yaml").write_text(EDGES, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> RuleBook:
    return RuleBook.load(_write_pack(tmp_path_factory.mktemp("synthetic")))


@pytest.mark.slow
@durable
@settings(max_examples=40)
@given(data=st.data())
def test_engines_agree_on_every_construct(data: st.DataObject, synthetic: RuleBook) -> None:
    household = data.draw(households(complete=data.draw(st.booleans()),
                                     programs=list(synthetic.programs)))
    on = data.draw(_dates(synthetic))
    _assert_engines_agree(synthetic, synthetic.with_engine("durable"), household, on)


@durable
def test_the_synthetic_pack_is_decided_in_rete(synthetic: RuleBook) -> None:
    engine = synthetic.with_engine("durable").engine
    for day in (date(2012, 1, 1), date(2019, 1, 1), date(2021, 1, 1)):
        for program in synthetic.programs.values():
            described = engine.describe(program, day)  # type: ignore[attr-defined]
            assert described["interpreted"] == {}
    derived = engine.describe(synthetic.program("test.constructs"),  # type: ignore[attr-defined]
                              date(2021, 1, 1))["derived"].values()
    # A condition too wide for one normal form loses one operand to a derived fact,
    # not the whole criterion.
    assert "(applicant.disabled or applicant.serious_illness)" in derived
    assert not any(text.startswith("((applicant.disabled") for text in derived)
    derived = engine.describe(synthetic.program("test.edges"),  # type: ignore[attr-defined]
                              date(2015, 1, 1))["derived"].values()
    assert not any(" if " in text for text in derived)  # branches compared in Rete
    assert "applicant.id < 'm'" in derived  # texts are not ordered in Rete


# -- guard rails ----------------------------------------------------------------------------


def _retiree(pension: str) -> Household:
    return Household.model_validate({
        "id": "h", "bank_account": True,
        "affiliate": {"id": "a", "status": "retired", "birth_date": "1958-03-02",
                      "retirement_date": "2018-03-02", "monthly_pension": pension,
                      "monthly_salary": "3000", "recruitment_date": "1980-01-01"},
    })


def _result(book: RuleBook, household: Household, on: date, criterion: str) -> str:
    decision = book.evaluate("test.constructs", household, on=on)
    return {c.id: c.result.value for c in decision.criteria}[criterion]


@durable
def test_reloading_a_changed_rule_book_uses_new_rulesets(tmp_path: Path) -> None:
    root = _write_pack(tmp_path / "pack")
    household, on = _retiree("2550.00"), date(2016, 6, 1)
    first = RuleBook.load(root, engine="durable")
    again = RuleBook.load(root, engine="durable")  # same content: same rulesets, reused
    assert _result(first, household, on, "money") == "failed"
    assert _result(again, household, on, "money") == "failed"
    (root / "test" / "constructs.yaml").write_text(
        PROGRAM.replace("2010-01-01: 2500.50", "2010-01-01: 2600"), encoding="utf-8")
    changed = RuleBook.load(root, engine="durable")
    assert changed.content_hash != first.content_hash
    program = changed.program("test.constructs")
    names = {book.engine.ruleset_name(program, on)  # type: ignore[attr-defined]
             for book in (first, changed)}
    assert len(names) == 2
    assert _result(changed, household, on, "money") == "passed"
    decision = changed.evaluate("test.constructs", household, on=on)
    native = changed.with_engine("native").evaluate("test.constructs", household, on=on)
    assert decision.model_dump(exclude={"engine"}) == native.model_dump(exclude={"engine"})


@pytest.mark.slow
@durable
def test_sessions_are_deleted_so_1100_evaluations_run(synthetic: RuleBook) -> None:
    book = synthetic.with_engine("durable")
    household, on = _retiree("2000.00"), date(2021, 3, 1)
    want = synthetic.evaluate("test.constructs", household, on=on)
    for _ in range(1100):
        got = book.evaluate("test.constructs", household, on=on)
    assert got.model_dump(exclude={"engine"}) == want.model_dump(exclude={"engine"})


@pytest.mark.slow
@durable
def test_without_deleting_sessions_durable_rules_fails_cleanly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control for the test above: a ruleset holds at most 1024 live sessions.

    Its own rule book (a unique content hash) keeps the exhausted ruleset away from
    every other test.
    """
    from eligibility._engines import durable as _durable

    book = RuleBook.load(_write_pack(tmp_path, note="# sessions control\n"), engine="durable")
    household, on = _retiree("2000.00"), date(2021, 3, 1)
    monkeypatch.setattr(_durable._RUNTIME.host, "delete_state", lambda name, sid: None)

    def evaluate_1100_times() -> None:
        for _ in range(1100):
            book.evaluate("test.edges", household, on=on)

    with pytest.raises(EvaluationError, match="MemoryError"):
        evaluate_1100_times()


@durable
def test_an_exception_in_an_action_is_raised(synthetic: RuleBook,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from eligibility._engines.durable import host as _host

    book = synthetic.with_engine("durable")
    household, on = _retiree("2000.00"), date(2021, 3, 1)

    def broken(c: Any, key: str, code: str) -> None:
        raise RuntimeError("the action broke")

    monkeypatch.setattr(_host, "_record", broken)
    with pytest.raises(EvaluationError, match="the action broke"):
        book.evaluate("test.constructs", household, on=on)
    monkeypatch.undo()
    want = synthetic.evaluate("test.constructs", household, on=on)
    got = book.evaluate("test.constructs", household, on=on)
    assert got.model_dump(exclude={"engine"}) == want.model_dump(exclude={"engine"})


@durable
def test_an_unhandled_fact_is_an_evaluation_error(synthetic: RuleBook,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from durable import engine

    from eligibility._engines import durable as _durable

    def unhandled(name: str, facts: Any) -> Any:
        raise engine.MessageNotHandledException(facts)

    book = synthetic.with_engine("durable")
    monkeypatch.setattr(_durable._RUNTIME.host, "assert_facts", unhandled)
    with pytest.raises(EvaluationError, match="handled no rule"):
        book.evaluate("test.constructs", _retiree("2000.00"), on=date(2021, 3, 1))


@durable
def test_threads_share_the_engine_safely(native: RuleBook, durable_book: RuleBook) -> None:
    cases = []
    for program in native.programs.values():
        for example in program.examples:
            household = Household.model_validate(example.household)
            try:
                want = native.evaluate(program.id, household, applicant=example.applicant,
                                       on=example.on)
            except EvaluationError:
                continue
            cases.append((program.id, household, example.applicant, example.on,
                          want.model_dump(exclude={"engine"})))
    errors: list[str] = []

    def work(offset: int) -> None:
        for index in range(60):
            program_id, household, applicant, on, want = cases[(offset + index) % len(cases)]
            try:
                got = durable_book.evaluate(program_id, household, applicant=applicant, on=on)
            except Exception as exc:  # collected: pytest sees no exception in a thread
                errors.append(f"{program_id}: {exc!r}")
                continue
            if got.model_dump(exclude={"engine"}) != want:
                errors.append(f"{program_id} on {on}: differs")

    threads = [threading.Thread(target=work, args=(k * 17,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


# -- availability ---------------------------------------------------------------------------


@pytest.fixture
def fresh_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the engine module, so that the next use imports it again."""
    monkeypatch.delitem(sys.modules, "eligibility._engines.durable", raising=False)


@pytest.mark.usefixtures("fresh_import")
def test_durable_engine_on_python_313_says_why(monkeypatch: pytest.MonkeyPatch,
                                               native: RuleBook) -> None:
    monkeypatch.setattr(sys, "version_info", (3, 13, 0, "final", 0))
    with pytest.raises(EngineUnavailableError, match=r"does not import on Python 3\.13\+"):
        native.with_engine("durable")


@pytest.mark.usefixtures("fresh_import")
def test_durable_engine_without_durable_rules_says_how_to_install(
        monkeypatch: pytest.MonkeyPatch, native: RuleBook) -> None:
    if sys.version_info >= (3, 13):
        pytest.skip("on Python 3.13+ the interpreter version is the reason")
    monkeypatch.setitem(sys.modules, "durable", None)
    with pytest.raises(EngineUnavailableError, match=r"pip install 'eligibility\[durable\]'"):
        native.with_engine("durable")


@pytest.mark.skipif(sys.version_info < (3, 13), reason="durable-rules imports before 3.13")
def test_durable_engine_is_unavailable_here() -> None:
    with pytest.raises(EngineUnavailableError, match=r"Python 3\.13\+"):
        RuleBook.load(engine="durable")


def test_the_native_engine_needs_no_durable_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "durable", None)
    monkeypatch.delitem(sys.modules, "eligibility._engines.durable", raising=False)
    book = RuleBook.load()
    assert book.engine.name == "native"
    assert book.evaluate("social.eid-al-adha-grant", _retiree("2000.00"),
                         on=date(2026, 5, 20)).eligible


def test_the_synthetic_pack_is_valid(tmp_path: Path) -> None:
    """Loads without errors on every interpreter (the durable tests rely on it)."""
    book = RuleBook.load(_write_pack(tmp_path))
    assert list(book.programs) == ["test.constructs", "test.edges"]
    expected = {"analysis-skipped", "table-unreachable-row"}  # the flag closes in 2020
    assert {w.code for w in book.warnings} <= expected
