"""Documented diagnostics of the static analysis (conflicting exceptions, overlapping,
incomplete or unreachable table rows, conditions too large to analyse) and of the
executable examples of rule files."""

from __future__ import annotations

from eligibility import DiagnosticCode as Code

from ._diagnostic_doc import DiagnosticDoc, _example, _y

__all__ = ["ANALYSIS", "EXAMPLES"]

_MANY_A = ", ".join(str(n) for n in range(50))
_MANY_B = ", ".join(str(n) for n in range(2000, 2050))

#: What the analysis of exceptions and decision tables finds.
ANALYSIS: tuple[DiagnosticDoc, ...] = (
    DiagnosticDoc(
        Code.EXCEPTION_CONFLICT, "Two exceptions of one criterion can both apply, with different "
        "results. Make their conditions exclusive, or nest one in the other.",
        _y("""
            criteria:
              - id: age-limit
                when: applicant.age < 21
                text: {ar: أقل من 21 سنة, fr: Moins de 21 ans, en: Under 21}
                exceptions:
                  - id: student
                    when: applicant.student
                    then: applicant.age < 26
                  - id: disabled
                    when: applicant.disabled
                    then: true
            """),
        _y("""
            criteria:
              - id: age-limit
                when: applicant.age < 21
                text: {ar: أقل من 21 سنة, fr: Moins de 21 ans, en: Under 21}
                exceptions:
                  - id: disabled
                    when: applicant.disabled
                    then: true
                  - id: student
                    when: applicant.student and not applicant.disabled
                    then: applicant.age < 26
            """)),
    DiagnosticDoc(
        Code.TABLE_OVERLAP, "Two rows of a ``unique`` table can match the same applicant.",
        _y("""
            benefit:
              fee_share:
                unique:
                  - when: applicant.age < 12
                    then: 0.3
                  - when: applicant.age < 18
                    then: 0.5
            """),
        _y("""
            benefit:
              fee_share:
                unique:
                  - when: applicant.age < 12
                    then: 0.3
                  - when: applicant.age >= 12
                    then: 0.5
            """)),
    DiagnosticDoc(
        Code.TABLE_GAP, "No row of a table matches some applicants who meet every criterion.",
        _y("""
            benefit:
              fee_share:
                first:
                  - when: applicant.age < 12
                    then: 0.3
            """),
        _y("""
            benefit:
              fee_share:
                first:
                  - when: applicant.age < 12
                    then: 0.3
                  - otherwise: true
                    then: 0.5
            """)),
    DiagnosticDoc(
        Code.TABLE_UNREACHABLE_ROW, "A row can never match: earlier rows, or the criteria, always "
        "decide first. A warning.",
        _y("""
            benefit:
              fee_share:
                first:
                  - when: applicant.age < 18
                    then: 0.5
                  - when: applicant.age >= 18
                    then: 1
            """),
        _y("""
            benefit:
              fee_share:
                first:
                  - when: applicant.age < 12
                    then: 0.3
                  - otherwise: true
                    then: 0.5
            """)),
    DiagnosticDoc(
        Code.ANALYSIS_SKIPPED, "Conditions too large for the overlap and gap checks, which are "
        "then skipped. A warning: write ranges rather than long lists, or split the program.",
        "criteria:\n"
        f"  - id: ages\n    when: applicant.age in [{_MANY_A}]\n"
        "    text: {ar: سن مقبول, fr: Âge admis, en: An accepted age}\n"
        f"  - id: bac-years\n    when: applicant.bac_year in [{_MANY_B}]\n"
        "    text: {ar: سنة مقبولة, fr: Année admise, en: An accepted year}\n",
        _y("""
            criteria:
              - id: ages
                when: 0 <= applicant.age <= 49
                text: {ar: سن مقبول, fr: Âge admis, en: An accepted age}
              - id: bac-years
                when: 2000 <= applicant.bac_year <= 2049
                text: {ar: سنة مقبولة, fr: Année admise, en: An accepted year}
            """)),
)

#: Examples that do not fit their program.
EXAMPLES: tuple[DiagnosticDoc, ...] = (
    DiagnosticDoc(
        Code.EXAMPLE_INVALID_HOUSEHOLD, "An example's household is not a valid household file "
        "(here: the affiliate has no status).",
        _y("""
            examples:
              - name: a child of 10
                on: 2025-07-01
                household:
                  id: h1
                  affiliate: {id: a, birth_date: 1980-01-01}
                  children: [{id: c1, birth_date: 2015-06-01}]
                expect: {outcome: eligible}
            """),
        _example("{outcome: eligible}")),
    DiagnosticDoc(
        Code.EXAMPLE_UNKNOWN_APPLICANT, "An example names an applicant who is not in its "
        "household.",
        _example("{outcome: eligible}", applicant="c2"),
        _example("{outcome: eligible}", applicant="c1")),
    DiagnosticDoc(
        Code.EXAMPLE_WRONG_ROLE, "An example's applicant has a role the program does not apply "
        "to.",
        _example("{outcome: eligible}", applicant="a"),
        _example("{outcome: eligible}", applicant="c1")),
    DiagnosticDoc(
        Code.UNKNOWN_CRITERION, "An example expects a result for a criterion the program does not "
        "have.",
        _example("{outcome: eligible, criteria: {yung: passed}}"),
        _example("{outcome: eligible, criteria: {young: passed}}")),
    DiagnosticDoc(
        Code.UNKNOWN_OUTPUT, "An example expects an amount or a detail the program does not "
        "give.",
        _example("{outcome: eligible, amounts: {fee_share: 0.5}}"),
        "benefit:\n  fee_share: 0.5\n" + _example("{outcome: eligible, amounts: {fee_share: "
                                                  "0.5}}")),
)
