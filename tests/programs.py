"""Rule files that tests write: the head of a one-program rule book, ``social.grant`` for
the affiliate, to which a test adds criteria of its own (each test quotes its condition
as it needs)."""

from __future__ import annotations

__all__ = ["GRANT_HEAD"]

#: Everything of the program but its criteria; ends with ``criteria:``.
GRANT_HEAD = """\
id: social.grant
domain: social-aid
applies_to: [affiliate]
title: {ar: منحة, fr: Aide, en: Grant}
status: illustrative
assumptions:
  - {ar: افتراض, fr: Hypothèse, en: Assumption}
versions:
  - {id: "1", from: 2020-01-01}
criteria:
"""
