"""Sphinx configuration: one source, three builds (``-D language=en|fr|ar``).

``nox -s docs`` builds all three with warnings as errors (``-W -n``). Program
pages are written at build time by the ``eligibility.sphinx`` extension from the
rule book the library loads (``programs/`` is not committed).
"""

from __future__ import annotations

from eligibility import __version__

project = "eligibility"
author = "eligibility maintainers"
copyright = "the eligibility maintainers"
version = release = __version__

extensions = [
    "eligibility.sphinx",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
exclude_patterns = ["_build", "locale"]
templates_path: list[str] = []
# Rule texts are shown exactly as written in the rule files (no typographic quotes).
smartquotes = False

# The shipped rule pack (None) is documented; set a folder to document other rules.
eligibility_rules = None
# The date the pages describe ("texts in force on ..."). None: the rule book's latest dated
# change, so that one commit always builds the same pages; never the day of the build.
eligibility_as_of = None

html_theme = "alabaster"
html_theme_options = {
    "fixed_sidebar": False,
    "show_relbars": True,
}
# The sidebar's templates with the site's words in the build's language (eligibility.sphinx).
html_sidebars = {"**": ["about.html", "eligibility-navigation.html",
                        "eligibility-relations.html", "eligibility-searchbox.html"]}
html_static_path: list[str] = []
html_show_sourcelink = False

autodoc_member_order = "bysource"
# "Attributes:" sections become field lists, so a NamedTuple's fields are not described
# twice (once by autodoc, once by the docstring).
napoleon_use_ivar = True
autodoc_typehints = "signature"
autodoc_default_options = {"exclude-members": "model_config, model_fields, model_computed_fields"}

# Nitpicky mode (-n) checks every cross-reference. Names outside this project (the
# standard library, pydantic) have no inventory offline. Every type reachable from the
# public API is exported and documented as ``eligibility.X``, so a reference to a private
# module's name is an error: the API reference cannot point at what it does not show.
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|decimal|pathlib|enum|typing|collections(\.abc)?|re|types)\..*"),
    # Polars and pyarrow (the columnar extra), as annotations name them.
    (r"py:.*", r"(polars|pl|pyarrow|pa)(\..*)?"),
    # An annotation Sphinx splits at its comma (``list[tuple[str | None, str]]``).
    (r"py:class", r"(list\[tuple\[str \| None|tuple\[str)"),
    (r"py:.*", r"(pydantic|pydantic_core|annotated_types)(\..*)?"),
    # Type aliases and standard names as they appear in string annotations.
    (r"py:class", r"(Decimal|date|_dt\.date|Path|Identifier|Money|Value|Flag|InputDate|Score|"
                  r"WholeNumber|_Text|_UnitText|Strict|Field)"),
]
