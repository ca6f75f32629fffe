"""Documented diagnostics of reading rule files and of their structure: YAML, encoding,
fields and their values, ids, dates, texts and translations, parameters, names,
versions, periods, statuses and sources, and the shape of decision tables."""

from __future__ import annotations

from eligibility import DiagnosticCode as Code
from eligibility._compile.reference import LIMITS

from ._diagnostic_doc import DiagnosticDoc, _criterion, _y

__all__ = ["FILES", "READER"]

#: Five levels of ten aliases each: 111,111 values written out, from a few lines.
_ALIAS_BOMB = "".join(
    f"x{level}: &x{level} [" + ", ".join(["a" if level == 1 else f"*x{level - 1}"] * 10)
    + "]\n" for level in range(1, 6))
_DEEP = "sources: " + "[" * (LIMITS.yaml_depth + 1) + "]" * (LIMITS.yaml_depth + 1) + "\n"
_TITLE = "title: {ar: مثال, fr: Exemple, en: %s}\n"

#: What the YAML reader refuses, and characters no text may hold.
READER: tuple[DiagnosticDoc, ...] = (
    DiagnosticDoc(
        Code.YAML_ALIAS, "Anchors and aliases (``&name``, ``*name``, ``<<: *name``) may repeat "
        "a value written once, but what a file stands for, aliases written out, is at most "
        f"{LIMITS.yaml_values:,} values: a few lines of aliases of aliases would otherwise "
        "stand for millions. An alias must also come after its anchor is complete.",
        _ALIAS_BOMB,
        "title: &title {ar: مثال, fr: Exemple, en: Example}\nsummary: *title\n"),
    DiagnosticDoc(
        Code.YAML_TAG, "An explicit YAML tag (``!!str``, ``!!python/object``...): rule files "
        "hold plain data, typed by the rule language.",
        "domain: !!str leisure\n",
        "domain: leisure\n"),
    DiagnosticDoc(
        Code.YAML_TOO_DEEP, f"Mappings and lists nest more than {LIMITS.yaml_depth} levels "
        "deep.",
        _DEEP,
        "sources:\n  - title: The foundation's published rules\n"
        "    url: https://example.org/rules\n"),
    DiagnosticDoc(
        Code.NUMBER_TOO_LONG, f"A number has more than {LIMITS.number_digits} digits, "
        "written out in full (``1e-40`` has 41).",
        "parameters:\n  max_age: {2020-01-01: 1800000000000000000000000000000000}\n",
        "parameters:\n  max_age: {2020-01-01: 18}\n"),
    DiagnosticDoc(
        Code.OUTSIDE_RULE_FOLDER, "A rule file is a link to a file outside the rule folder "
        "(or a link that leads nowhere): it is not read, so that a rule book is what its "
        "folder holds.",
        "title: {ar: مثال, fr: Exemple, en: Example}\n",
        "title: {ar: مثال, fr: Exemple, en: Example}\n",
        mode="outside", fix_mode="fragment"),
    DiagnosticDoc(
        Code.INVALID_UNICODE, "A text holds a lone surrogate (an escape such as ``\\ud83d`` "
        "without its pair), which is not a character: no decision holding it could be "
        "written as JSON.",
        _TITLE % '"Caf\\ud83d"',
        _TITLE % '"Café \\U0001F600"'),
    DiagnosticDoc(
        Code.BIDI_CONTROL, "A text holds a bidirectional control character (U+202A-U+202E, "
        "U+2066-U+2069, U+200E, U+200F, U+061C): invisible, it can make a text read "
        "differently from what it says. The documentation sets each text's direction.",
        "title: {ar: \"مثال\\u202e\", fr: Exemple, en: Example}\n",
        "title: {ar: مثال, fr: Exemple, en: Example}\n"),
    DiagnosticDoc(
        Code.CONTROL_CHARACTER, "A text holds a control character other than a tab or a line "
        "break (an ANSI escape sequence, which would recolour or rewrite a terminal, starts "
        "with one).",
        _TITLE % '"\\e[31mExample\\e[0m"',
        _TITLE % "Example"),
)

#: Reading a rule file and checking its structure.
FILES: tuple[DiagnosticDoc, ...] = (
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
        Code.RESERVED_NAME, "A parameter, a definition or a definition's argument takes a name "
        "the rule language keeps for itself: ``on``, ``household``, ``applicant``, a "
        "function, a quantifier or a keyword (the reference lists them all).",
        "parameters:\n  on: {2020-01-01: 2020}\n",
        "parameters:\n  start_year: {2020-01-01: 2020}\n"),
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
        Code.DATE_PRECISION_MISMATCH, "A date known only by its year is written as 1 January "
        "of that year, and one known by its month as the 1st of the month: the date given "
        "does not fall there.",
        _y("""
            parameters:
              fee: {2017-03-15: {value: 50, precision: year}}
            """),
        _y("""
            parameters:
              fee: {2017-01-01: {value: 50, precision: year}}
            """)),
    DiagnosticDoc(
        Code.MISSING_OUTPUT_LABEL, "A value a text output can give has no label in Arabic, "
        "French and English (or the output's values cannot be listed, to be labelled).",
        _y("""
            benefit:
              payment_method:
                first:
                  - when: household.bank_account
                    then: "'bank_transfer'"
                  - otherwise: true
                    then: "'vouchers'"
                labels:
                  bank_transfer: {ar: تحويل بنكي, fr: Virement bancaire, en: Bank transfer}
            """),
        _y("""
            benefit:
              payment_method:
                first:
                  - when: household.bank_account
                    then: "'bank_transfer'"
                  - otherwise: true
                    then: "'vouchers'"
                labels:
                  bank_transfer: {ar: تحويل بنكي, fr: Virement bancaire, en: Bank transfer}
                  vouchers: {ar: قسائم شراء, fr: Bons d'achat, en: Shopping vouchers}
            """)),
    DiagnosticDoc(
        Code.UNKNOWN_OUTPUT_LABEL, "A label names a value the output never gives (or labels "
        "an output whose values are numbers or flags, not texts).",
        _y("""
            benefit:
              cover:
                value: "'full'"
                labels:
                  full: {ar: تكفل كامل, fr: Prise en charge totale, en: Full cover}
                  partial: {ar: تكفل جزئي, fr: Prise en charge partielle, en: Partial cover}
            """),
        _y("""
            benefit:
              cover:
                value: "'full'"
                labels:
                  full: {ar: تكفل كامل, fr: Prise en charge totale, en: Full cover}
            """)),
)
