"""What the ``programs`` and ``schema`` commands read off the compiled rule book.

Member categories of a program
------------------------------
"Which programs can a widow get?" is answered from the compiled IR, never from the
YAML, by :func:`eligibility._compile.categories.categories_served`, the function the
documentation's catalogue and program pages use too: a category is listed when one of
the roles in the program's ``applies_to`` can hold it (affiliate → active officer or
retiree; spouse → widow or rights holder; child and parent → rights holder) and the
program's criteria in force on the date asked (with their exceptions, through shared
definitions) do not contradict ``applicant.category == '<category>'``. The list can be
wider than the truth, never narrower: no category that can be eligible is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from eligibility._compile.categories import categories_served
from eligibility._compile.ir import Definition, Program
from eligibility._i18n import words
from eligibility._i18n.format import known_date

__all__ = [
    "program_categories",
    "program_summary",
]


def program_categories(
    program: Program, definitions: Mapping[str, Definition], on: date
) -> list[str]:
    """The member categories that can be eligible for ``program`` on ``on`` (see module doc)."""
    return [category.value for category in categories_served(program, definitions, on)]


def program_summary(program: Program, definitions: Mapping[str, Definition], on: date,
                    lang: str) -> dict[str, Any]:
    """A program as the ``programs`` command lists it (JSON-native values): machine values
    (``domain``, ``categories``, ``status``) with their labels in ``lang``, and the
    program's ``fingerprint`` (two rule books' programs with the same one decide alike)."""
    version = program.version_at(on)
    params = program.params_at(on)
    categories = program_categories(program, definitions, on)
    return {
        "id": program.id,
        "domain": program.domain.value,
        "domain_label": words.domain_name(program.domain, lang),
        "title": program.title.render(lang, params),
        "summary": program.summary.render(lang, params) if program.summary else None,
        "applies_to": list(program.applies_to),
        "categories": categories,
        "category_labels": [words.category_name(c, lang) for c in categories],
        "status": program.status.value,
        "status_label": words.status_name(program.status, lang),
        "evidence": program.evidence(on).value,
        "evidence_label": words.evidence_name(program.evidence(on), lang),
        "in_force": program.in_force(on),
        "version": version.id,
        "valid_from": program.valid_from.isoformat(),
        "valid_from_label": known_date(program.versions[0].valid_from,
                                       program.versions[0].precision, lang),
        "valid_from_assumed": program.versions[0].assumed,
        "valid_until": program.valid_until.isoformat() if program.valid_until else None,
        "file": program.file,
        "fingerprint": program.fingerprint,
        "sources": [
            {"title": s.title, "url": s.url, "date": s.date.isoformat() if s.date else None}
            for s in program.sources
        ],
    }
