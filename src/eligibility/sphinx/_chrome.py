"""Page chrome: the build's language, and the words of the generated pages.

Every heading and label the extension writes is a message of the library's catalogue
(:mod:`eligibility._i18n`), shown in the build's language with :func:`t`; a message with
nodes for its values (dates, links) is built with :func:`tnodes`. Domain, category, role,
outcome and result names are the library's own (:mod:`eligibility._i18n.words`), so the
pages name things as the command line and the decisions do.
"""

from __future__ import annotations

import re

from babel import Locale
from docutils import nodes
from sphinx.config import Config

from eligibility import Category, Evidence
from eligibility._i18n import N_, t, tp
from eligibility._i18n import format as fmt
from eligibility._i18n.catalogue import translations

__all__ = [
    "CATEGORY_QUESTIONS",
    "EVIDENCE_NAMES",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "RTL",
    "SITE_WORDS",
    "colon",
    "comma",
    "lang_of",
    "listed",
    "t",
    "tnodes",
    "tp",
]

#: The languages a build can be in; Arabic is written right to left.
LANGUAGES = ("en", "fr", "ar")
RTL = frozenset({"ar"})


def _own_name(code: str) -> str:
    """A language's name in that language (CLDR's, through Babel): *Français*."""
    name = str(Locale.parse(code).get_display_name(code))
    return name[:1].upper() + name[1:]


#: Each language by its own name, as a language switcher shows it.
LANGUAGE_NAMES = {code: _own_name(code) for code in LANGUAGES}

#: The words of the site's frame (sidebar, switcher, previous and next links), by the
#: names the templates in ``templates/`` use.
SITE_WORDS = {
    "navigation": N_("Contents"),
    "related": N_("Neighbouring pages"),
    "previous": N_("Previous:"),
    "next": N_("Next:"),
    "pages": N_("Previous and next pages"),
    "search": N_("Search"),
    "go": N_("Go"),
    "languages": N_("Languages"),
    "choose": N_("The rules of the police social-works foundation's benefits: who may "
                 "receive them, when, and why."),
}

CATEGORY_QUESTIONS = {
    Category.ACTIVE_OFFICER: N_("What can an active officer get?"),
    Category.RETIREE: N_("What can a retiree get?"),
    Category.WIDOW: N_("What can a widow or widower get?"),
    Category.RIGHTS_HOLDER: N_("What can a rights holder get?"),
    Category.FORMER_SPOUSE: N_("What can a former spouse get?"),
    Category.HONORARY_MEMBER: N_("What can an honorary member get?"),
}


#: What a program rests on, as the pages name it.
EVIDENCE_NAMES = {
    Evidence.SOURCED: N_("Sourced"),
    Evidence.PARTLY_SOURCED: N_("Partly sourced: some conditions or values are assumptions"),
    Evidence.ILLUSTRATIVE: N_("Illustrative: the whole rule is an assumption"),
}


def lang_of(config: Config) -> str:
    language = str(config.language or "en").split("_")[0].split("-")[0]
    return language if language in LANGUAGES else "en"


def tnodes(lang: str, text: str, /, **values: str | nodes.Node) -> list[nodes.Node]:
    """A message whose placeholders are filled with nodes (dates, links...)."""
    template = translations(lang).gettext(text) if lang != "en" else text
    out: list[nodes.Node] = []
    for index, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        value: str | nodes.Node = values[piece] if index % 2 else piece
        if isinstance(value, str):
            if value:
                out.append(nodes.Text(value))
        else:
            out.append(value)
    return out


def colon(lang: str) -> str:
    """The colon after a label in ``lang`` (French puts a space before it)."""
    return t(lang, N_("{label}:"), label="")


def comma(lang: str) -> str:
    """The list separator of ``lang``."""
    return t(lang, N_(", "))


def listed(items: list[str], lang: str) -> str:
    """Items as a list in words (*a, b et c*)."""
    return fmt.join(items, lang)
