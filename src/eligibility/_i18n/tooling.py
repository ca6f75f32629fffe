"""Keeping the catalogue: extract the messages from the source, merge them into the
translations, compile, and check that nothing is missing.

``nox -s catalogue`` (or ``python -m eligibility._i18n.tooling update``) extracts every
marked message of the package with Babel into ``locale/eligibility.pot``, merges it into
``locale/<lang>/LC_MESSAGES/eligibility.po`` for Arabic and French (new messages come in
untranslated; messages no longer in the source go), and compiles each ``.po`` to the
``.mo`` the library reads. Translate the new messages in the ``.po`` files, then run it
again. ``python -m eligibility._i18n.tooling check`` lists what is missing, fuzzy or out
of date; the test suite runs the same check.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .catalogue import DOMAIN, TRANSLATED

__all__ = ["KEYWORDS", "LOCALE", "check", "compiled", "extract", "main", "update"]

PACKAGE = Path(__file__).resolve().parents[1]
LOCALE = Path(__file__).resolve().parent / "locale"

#: The functions and markers that carry messages, and which of their arguments are the
#: message, the plural and the context (Babel's keyword specification).
KEYWORDS = {
    "t": (2,),
    "tp": ((2, "c"), 3),
    "tn": (2, 3),
    "tnp": ((2, "c"), 3, 4),
    "NNP_": ((1, "c"), 2, 3),
    "tnodes": (2,),
    "N_": None,
    "NP_": ((1, "c"), 2),
    "NN_": (1, 2),
}
# Fixed dates in the files' headers, so that an update changes only what changed.
_DATE = _dt.datetime(2026, 1, 1, tzinfo=_dt.UTC)


_HEADER = """\
# The message catalogue of eligibility: every word the library, its command line and its
# documentation show. Written in English in the source; kept with `nox -s catalogue`
# (see eligibility/_i18n/tooling.py)."""


def _catalog(locale: str | None = None) -> Catalog:
    return Catalog(locale=locale, domain=DOMAIN, header_comment=_HEADER, project="eligibility",
                   version="", msgid_bugs_address="", copyright_holder="",
                   last_translator="the eligibility maintainers",
                   language_team="the eligibility maintainers", creation_date=_DATE,
                   revision_date=_DATE, fuzzy=False)


def _normalise(catalog: Catalog) -> Catalog:
    """The header every file of the catalogue has, whatever an editor left there."""
    template = _catalog(str(catalog.locale) if catalog.locale else None)
    for name in ("header_comment", "project", "version", "msgid_bugs_address",
                 "last_translator", "language_team", "creation_date", "revision_date"):
        setattr(catalog, name, getattr(template, name))
    return catalog


def _package_directory(path: str) -> bool:
    """Every folder of the package (its stages start with ``_``), but no cache."""
    name = Path(path).name
    return not name.startswith(".") and name != "__pycache__"


def extract() -> Catalog:
    """Every message marked in the package's source."""
    catalog = _catalog()
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")],
                             keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
                             strip_comment_tags=True, directory_filter=_package_directory)
    for _, _, message, comments, context in found:
        catalog.add(message, None, auto_comments=comments, context=context)
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    """The translations of ``lang`` as written in its ``.po`` file."""
    path = po_path(lang)
    if not path.is_file():
        return _catalog(lang)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=96, no_location=True, sort_output=True, ignore_obsolete=True,
             include_previous=False)
    return out.getvalue()


def compiled(catalog: Catalog) -> bytes:
    """The ``.mo`` of a catalogue (fuzzy translations left out)."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update() -> None:
    """Extract, merge into each language's ``.po``, and compile the ``.mo`` files."""
    template = extract()
    LOCALE.mkdir(parents=True, exist_ok=True)
    (LOCALE / f"{DOMAIN}.pot").write_bytes(_po_bytes(_normalise(template)))
    for lang in TRANSLATED:
        catalog = read(lang)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        _normalise(catalog)
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_po_bytes(catalog))
        path.with_suffix(".mo").write_bytes(compiled(read(lang)))


def _key(message_id: object, context: str | None) -> str:
    singular = message_id[0] if isinstance(message_id, (tuple, list)) else message_id
    return f"{context}|{singular}" if context else str(singular)


def _untranslated(catalog: Catalog) -> Iterable[str]:
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else \
            (message.string,)
        if not all(strings):
            yield f"untranslated: {_key(message.id, message.context)!r}"
        elif message.fuzzy:
            yield f"fuzzy: {_key(message.id, message.context)!r}"


def check() -> list[str]:
    """What is wrong with the catalogue: messages of the source missing from a language,
    untranslated or fuzzy translations, messages no longer used, ``.mo`` files out of
    date. Empty when all is well."""
    problems: list[str] = []
    wanted = {_key(m.id, m.context) for m in extract() if m.id}
    for lang in TRANSLATED:
        catalog = read(lang)
        have = {_key(m.id, m.context) for m in catalog if m.id}
        problems += [f"{lang}: missing: {key!r}" for key in sorted(wanted - have)]
        problems += [f"{lang}: no longer used: {key!r}" for key in sorted(have - wanted)]
        problems += [f"{lang}: {problem}" for problem in _untranslated(catalog)]
        mo = po_path(lang).with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != compiled(catalog):
            problems.append(f"{lang}: {mo.name} is out of date: run nox -s catalogue")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eligibility._i18n.tooling",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["update", "check"])
    args = parser.parse_args(argv)
    if args.action == "update":
        update()
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
