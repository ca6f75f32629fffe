"""Every diagnostic code the loader reports, with a rule snippet that produces it and its fix.

This table is what the documentation's page of diagnostic codes shows; every
snippet is loaded when the page is built (a snippet that no longer produces its
code, or a fix that does not load cleanly, fails the build), and a test checks
that every code the package's source can report is listed here.

Snippets are ``fragment``\\s by default: the top-level keys they leave out are
taken from a small example program (see ``SKELETON`` in ``_snippets``), placed
after the snippet so that line numbers in the reports are the snippet's own.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from eligibility import DiagnosticCode as Code
from eligibility._compile.reference import LIMITS

__all__ = ["DIAGNOSTICS", "DiagnosticDoc", "documented_codes"]


@dataclass(frozen=True)
class DiagnosticDoc:
    """How one diagnostic code is documented.

    Attributes:
        code: the stable code.
        summary: what it means, in one or two sentences (reStructuredText).
        bad: a rule snippet that produces the code.
        fix: the snippet corrected; it must load without errors.
        mode: how ``bad`` is loaded: ``fragment`` (completed with the example
            program), ``file`` (a whole file), ``latin-1`` (a whole fragment
            written in Latin-1) or ``empty`` (a folder with no rule file).
        fix_mode: how ``fix`` is loaded (default: like ``bad``).
    """

    code: Code
    summary: str
    bad: str
    fix: str
    mode: str = "fragment"
    fix_mode: str | None = None


def _y(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


_TEXT_YOUNG = "    text: {ar: أقل من 18 سنة, fr: Moins de 18 ans, en: Under 18}\n"
_NESTED = "(" * (LIMITS.depth + 1) + "applicant.age < 18" + ")" * (LIMITS.depth + 1)
_LONG = " or ".join(f"applicant.age == {n}" for n in range(LIMITS.length // 18))
_MANY_A = ", ".join(str(n) for n in range(50))
_MANY_B = ", ".join(str(n) for n in range(2000, 2050))
_HOUSEHOLD = """\
    household:
      id: h1
      affiliate: {id: a, status: active, birth_date: 1980-01-01}
      children: [{id: c1, birth_date: 2015-06-01}]
"""


def _criterion(when: str, extra: str = "") -> str:
    return f"criteria:\n  - id: young\n    when: {when}\n{extra}{_TEXT_YOUNG}"


def _example(expect: str, applicant: str | None = None) -> str:
    who = f"    applicant: {applicant}\n" if applicant else ""
    return (f"examples:\n  - name: a child of 10\n    on: 2025-07-01\n{who}{_HOUSEHOLD}"
            f"    expect: {expect}\n")


#: Every diagnostic code the loader can report, with a snippet that produces it and its fix.
DIAGNOSTICS: tuple[DiagnosticDoc, ...] = (
    DiagnosticDoc(
        Code.YAML_SYNTAX, "The file is not valid YAML (here: a quote is never closed).",
        'title: {ar: مثال, fr: Exemple, en: "Example}\n',
        'title: {ar: مثال, fr: Exemple, en: "Example"}\n'),
    DiagnosticDoc(
        Code.DUPLICATE_KEY, "A mapping gives the same key twice (YAML would silently keep one).",
        "domain: leisure\ndomain: health\n",
        "domain: leisure\n"),
    DiagnosticDoc(
        Code.ENCODING, "The file is not UTF-8. Rule files hold Arabic text: save them as UTF-8.",
        "title: {ar: Exemple, fr: Colonies d'été, en: Summer camps}\n",
        "title: {ar: المخيمات الصيفية, fr: Colonies d'été, en: Summer camps}\n",
        mode="latin-1", fix_mode="fragment"),
    DiagnosticDoc(
        Code.NO_RULES, "The rule folder holds no ``.yaml`` file, or is not a folder.",
        "",
        "title: {ar: مثال, fr: Exemple, en: Example}\n",
        mode="empty", fix_mode="fragment"),
    DiagnosticDoc(
        Code.WRONG_TYPE, "A value has the wrong shape: a rule file must be a mapping, a list a "
        "list, a number a number.",
        "- id: leisure.example\n- domain: leisure\n",
        "id: leisure.example\ndomain: leisure\n",
        mode="file", fix_mode="fragment"),
    DiagnosticDoc(
        Code.UNKNOWN_FIELD, "A key the rule language does not have (often a typo: the "
        "suggestion names the closest key).",
        "summry: {ar: ملخص, fr: Résumé, en: Summary}\n",
        "summary: {ar: ملخص, fr: Résumé, en: Summary}\n"),
    DiagnosticDoc(
        Code.MISSING_FIELD, "A required key is missing (here, the criterion's text).",
        "criteria:\n  - id: young\n    when: applicant.age < 18\n",
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.INVALID_VALUE, "A value outside the allowed set or range (a domain, a status, a "
        "file kind, a frequency...), or a text longer than allowed.",
        "domain: leisur\n",
        "domain: leisure\n"),
    DiagnosticDoc(
        Code.INVALID_ID, "An identifier breaks the naming rule: program ids are "
        "``domain.name`` in lower case with dashes; parameter and definition names are lower "
        "case with underscores.",
        "id: Leisure.Summer_Camp\n",
        "id: leisure.summer-camp\n"),
    DiagnosticDoc(
        Code.INVALID_DATE, "A date is not a real ``YYYY-MM-DD`` date.",
        _y("""
            versions:
              - id: "1"
                from: next year
            """),
        _y("""
            versions:
              - id: "1"
                from: 2020-01-01
            """)),
    DiagnosticDoc(
        Code.EMPTY, "A list or a text that must not be empty is empty.",
        "criteria: []\n",
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.MISSING_TRANSLATION, "A text lacks one of the three languages. A warning: the rule "
        "book loads, but the documentation build fails on it.",
        "title: {fr: Exemple, en: Example}\n",
        "title: {ar: مثال, fr: Exemple, en: Example}\n"),
    DiagnosticDoc(
        Code.UNKNOWN_PLACEHOLDER, "A ``{placeholder}`` in a text names no parameter.",
        _y("""
            criteria:
              - id: young
                when: applicant.age < 18
                text:
                  ar: "أقل من {max_age} سنة"
                  fr: "Moins de {max_age} ans"
                  en: "Under {max_age}"
            """),
        _y("""
            parameters:
              max_age: {2020-01-01: 18}
            criteria:
              - id: young
                when: applicant.age < max_age
                text:
                  ar: "أقل من {max_age} سنة"
                  fr: "Moins de {max_age} ans"
                  en: "Under {max_age}"
            """)),
    DiagnosticDoc(
        Code.PARAMETER_TYPE_MISMATCH, "A parameter's values do not share one type over time.",
        'parameters:\n  max_age: {2020-01-01: 13, 2025-01-01: "sixteen"}\n',
        "parameters:\n  max_age: {2020-01-01: 13, 2025-01-01: 16}\n"),
    DiagnosticDoc(
        Code.PARAMETER_BEFORE_START, "A program's parameter has no value on the day the program "
        "starts.",
        "parameters:\n  max_age: {2021-01-01: 13}\n",
        "parameters:\n  max_age: {2020-01-01: 13}\n"),
    DiagnosticDoc(
        Code.NAME_CLASH, "A name hides another: a program parameter named like a global "
        "parameter, a definition or a built-in name, or a loop variable already in use.",
        "parameters:\n  child_age_limit: {2020-01-01: 18}\n",
        "parameters:\n  camp_age_limit: {2020-01-01: 18}\n"),
    DiagnosticDoc(
        Code.DUPLICATE_ID, "Two criteria, exceptions, definitions, parameters or programs share "
        "an id.",
        _y("""
            criteria:
              - id: young
                when: applicant.age < 18
                text: {ar: أقل من 18 سنة, fr: Moins de 18 ans, en: Under 18}
              - id: young
                when: applicant.age >= 8
                text: {ar: 8 سنوات فما فوق, fr: 8 ans ou plus, en: Aged 8 or more}
            """),
        _y("""
            criteria:
              - id: young
                when: applicant.age < 18
                text: {ar: أقل من 18 سنة, fr: Moins de 18 ans, en: Under 18}
              - id: old-enough
                when: applicant.age >= 8
                text: {ar: 8 سنوات فما فوق, fr: 8 ans ou plus, en: Aged 8 or more}
            """)),
    DiagnosticDoc(
        Code.DEFINITION_CYCLE, "Shared definitions refer to each other in a circle.",
        _y("""
            kind: definitions
            id: example
            title: {ar: مثال, fr: Exemple, en: Example}
            status: sourced
            sources: [{title: Example, url: "https://example.org/"}]
            definitions:
              - id: is_young
                params: {child: child}
                value: not is_grown(child)
                text: {ar: صغير السن, fr: Jeune, en: Young}
              - id: is_grown
                params: {child: child}
                value: not is_young(child)
                text: {ar: راشد, fr: Adulte, en: Grown up}
            """),
        _y("""
            kind: definitions
            id: example
            title: {ar: مثال, fr: Exemple, en: Example}
            status: sourced
            sources: [{title: Example, url: "https://example.org/"}]
            definitions:
              - id: is_young
                params: {child: child}
                value: child.age < 18
                text: {ar: صغير السن, fr: Jeune, en: Young}
              - id: is_grown
                params: {child: child}
                value: not is_young(child)
                text: {ar: راشد, fr: Adulte, en: Grown up}
            """),
        mode="file"),
    DiagnosticDoc(
        Code.VERSION_ORDER, "Versions must be listed oldest first, with distinct dates.",
        _y("""
            versions:
              - id: "2025"
                from: 2025-01-01
              - id: "2020"
                from: 2020-01-01
            """),
        _y("""
            versions:
              - id: "2020"
                from: 2020-01-01
              - id: "2025"
                from: 2025-01-01
            """)),
    DiagnosticDoc(
        Code.INVALID_PERIOD, "A criterion's ``until`` is not after its ``from``.",
        _criterion("applicant.age < 18", "    from: 2025-01-01\n    until: 2024-01-01\n"),
        _criterion("applicant.age < 18", "    from: 2024-01-01\n    until: 2025-01-01\n")),
    DiagnosticDoc(
        Code.ILLUSTRATIVE_WITHOUT_ASSUMPTIONS, "An illustrative program must say what it "
        "assumes.",
        "status: illustrative\n",
        _y("""
            status: illustrative
            assumptions:
              - ar: السن الأقصى مفترض.
                fr: L'âge maximal est supposé.
                en: The age limit is assumed.
            """)),
    DiagnosticDoc(
        Code.SOURCED_WITHOUT_SOURCES, "A sourced program must list its sources.",
        "status: sourced\nsources: []\n",
        _y("""
            status: sourced
            sources:
              - title: The foundation's published rules
                url: https://example.org/rules
            """)),
    DiagnosticDoc(
        Code.OTHERWISE_NOT_LAST, "In a decision table, ``otherwise`` must be the last row.",
        _y("""
            benefit:
              fee_share:
                first:
                  - otherwise: true
                    then: 0.5
                  - when: applicant.disabled
                    then: 0
            """),
        _y("""
            benefit:
              fee_share:
                first:
                  - when: applicant.disabled
                    then: 0
                  - otherwise: true
                    then: 0.5
            """)),
    DiagnosticDoc(
        Code.TYPE_MISMATCH, "A value of the wrong type for an operator, a function or a "
        "comparison (here: a number compared with a text).",
        _criterion("applicant.age < '18'"),
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.NOT_A_CONDITION, "A criterion's, an exception's or a row's ``when`` must be true or "
        "false, not a number or a text.",
        _criterion("applicant.age"),
        _criterion("applicant.age < 18")),
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
    DiagnosticDoc(
        Code.EXPR_SYNTAX, "An expression does not parse (here: ``=`` instead of ``==``).",
        _criterion("household.affiliate.status = 'deceased'"),
        _criterion("household.affiliate.status == 'deceased'")),
    DiagnosticDoc(
        Code.EXPR_TOO_DEEP, f"An expression nests deeper than {LIMITS.depth} levels.",
        _criterion(_NESTED),
        _criterion("(applicant.age < 18)")),
    DiagnosticDoc(
        Code.EXPR_TOO_LONG, f"An expression is longer than {LIMITS.length} characters.",
        _criterion(_LONG),
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.EXPONENT_TOO_LARGE, f"``**`` takes a whole-number exponent of at most "
        f"{LIMITS.exponent}.",
        _criterion("applicant.age ** 9 < 18 ** 9"),
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.FORBIDDEN_CONSTRUCT, "Something that is not part of the rule language: a name "
        "starting with ``_``, a subscript, a lambda, a call of anything but a named function, "
        "a Python keyword.",
        _criterion("applicant.__class__ == 'Child'"),
        _criterion("applicant.role == 'child'")),
    DiagnosticDoc(
        Code.UNKNOWN_NAME, "A name that is neither a parameter, a definition, nor one of "
        "``applicant``, ``household`` and ``on``.",
        _criterion("aplicant.age < 18"),
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.UNKNOWN_ATTRIBUTE, "A field the record does not have (see the field tables of the "
        "rule-language guide).",
        _criterion("applicant.agee < 18"),
        _criterion("applicant.age < 18")),
    DiagnosticDoc(
        Code.UNKNOWN_FUNCTION, "A call of a function the rule language does not have.",
        _criterion("len(household.children) < 3"),
        _criterion("count(household.children) < 3")),
    DiagnosticDoc(
        Code.UNKNOWN_ENUM_VALUE, "A text compared with a field of fixed values is not one of "
        "them.",
        _criterion("household.affiliate.status == 'retiree'"),
        _criterion("household.affiliate.status == 'retired'")),
    DiagnosticDoc(
        Code.WRONG_ARITY, "A definition is called with the wrong number of arguments, or a "
        "definition that takes arguments is used without them.",
        _criterion("is_orphan"),
        _criterion("is_orphan(applicant)")),
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


def documented_codes() -> set[str]:
    """The diagnostic codes :data:`DIAGNOSTICS` documents."""
    return {entry.code for entry in DIAGNOSTICS}
