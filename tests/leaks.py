"""Finding English words in text meant for Arabic and French readers.

An Arabic text may hold no Latin word at all, and a French text no English word, except
what is allowed everywhere:

* ids and codes: program, criterion, exception, output, parameter and definition ids of
  the rule book, the people and households of its examples and of ``examples/``, the
  household model's fields and enumeration values, diagnostic and problem codes, and any
  token written like code (with ``.``, ``_``, ``/``, ``:``, ``[``, ``=``, ``@``, ``{`` or a
  digit: paths, file names, expressions, URLs);
* proper names (:data:`PROPER_NAMES`): places, the foundation's programs and partners, the
  currency code, the project's own name;
* rule expressions, which are code (``applicant.age < 21 and not applicant.married``);
* what a message quotes between « » (a value or an id given in the input, a command);
* citations: the titles and notes of the rule files' sources, quoted as the rule files
  give them (bibliographic references keep the language they are written in; the docs
  mark them ``eligibility-citation`` and they are removed from other texts before the
  search).

"English" is what the project itself writes in English and not in French: every word of
the catalogue's messages and of the rule files' English texts, with the common words of
English, less every word of the French catalogue and French rule texts (``date``,
``condition``, ``programme`` are French too).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from eligibility import (
    AffiliateStatus,
    Category,
    DiagnosticCode,
    DuesStatus,
    Household,
    ProblemCode,
    Role,
    RuleBook,
    Schooling,
    Sex,
)
from eligibility._i18n import tooling
from eligibility.cli.errors import CODES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: Proper names that may stand in any language.
PROPER_NAMES = frozenset({
    "eligibility", "MAD", "CMR", "AMC", "FM6", "Éducation", "Hajj", "Aïd", "Adha", "Al",
    "al", "Martil", "Agadir", "Bouznika", "Ifrane", "Tétouan", "Istihqaq", "Imtilak",
    "Mecque", "La", "Rete", "Python", "JSON", "YAML", "CSV", "UTF", "BOM", "PYTHONIOENCODING",
    "ELIGIBILITY_DEBUG", "HOUSEHOLD", "FILE", "YYYY", "MM", "DD", "durable", "rules",
    "columnar", "Parquet",
    "native", "true", "false", "null", "sha256", "pip",
})

#: The commonest words of English, which no French text has.
COMMON_ENGLISH = frozenset([
    "the", "of", "and", "to", "in", "is", "it", "that", "was", "for", "with", "be", "by",
    "this", "are", "or", "from", "at", "have", "has", "not", "but", "which", "what", "who",
    "whom", "whose", "when", "where", "why", "how", "all", "any", "each", "every", "yes",
    "if", "then", "than", "so", "such", "only", "also", "more", "most", "less", "least",
    "some", "many", "much", "very", "can", "may", "must", "should", "would", "could",
    "will", "shall", "does", "did", "done", "been", "being", "their", "there", "they",
    "them", "he", "she", "his", "her", "its", "our", "your", "we", "you", "my", "into",
    "onto", "over", "under", "after", "before", "between", "without", "within", "about",
    "against", "during", "until", "since", "while", "because", "though", "although",
    "whether"
])

_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’]*")
_CODE_LIKE = re.compile(r"[._/:\[\]=@{}<>0-9\\]")
_QUOTED = re.compile(r"«[^»]*»")
_EXTENSION = re.compile(r"(^|[(\s])\.[A-Za-z]")
_CHUNKS = re.compile(r"[\s\u0600-\u06FF]+")  # Arabic letters join words ("و«a»")
_EDGES = "\u2068\u2069\u200f\u200e()«»\"',;:!?.…—–·✔✘*[]{}"


def _words(text: str) -> set[str]:
    return {w.lower().strip("'’") for w in _WORD.findall(text)}


@cache
def vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(English words of the project, French words of the project), lower case."""
    english: set[str] = set(COMMON_ENGLISH)
    french: set[str] = set()
    for message in tooling.extract():
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        for text in ids:
            english |= _words(_placeholders_out(text))
    for message in tooling.read("fr"):
        strings = message.string if isinstance(message.string, (tuple, list)) else (
            message.string,)
        for text in strings:
            french |= _words(_placeholders_out(text or ""))
    book = RuleBook.load()
    for texts in _rule_texts(book):
        english |= _words(_placeholders_out(texts.en or ""))
        french |= _words(_placeholders_out(texts.fr or ""))
    return frozenset(english - french), frozenset(french)


def _placeholders_out(text: str) -> str:
    return re.sub(r"\{[^}]*\}", " ", text)


def _rule_texts(book: RuleBook) -> Iterable[object]:
    for program in book.programs.values():
        yield from program.texts()
        for parameter in program.parameters.values():
            if parameter.text is not None:
                yield parameter.text
    for definition in book.definitions.values():
        yield definition.text


@cache
def allowed_ids() -> frozenset[str]:
    """Every id and code a text may show as it is."""
    book = RuleBook.load()
    ids: set[str] = set()
    for program in book.programs.values():
        ids |= {program.id, *program.parameters, *(o.name for o in program.outputs)}
        for criterion in program.criteria:
            ids.add(criterion.id)
            ids |= _exception_ids(criterion.exceptions)
        for version in program.versions:
            ids.add(version.id)
        for example in program.examples:
            ids |= _household_ids(example.household)
    ids |= set(book.definitions)
    for path in EXAMPLES.glob("*.json"):
        ids |= _household_ids(json.loads(path.read_text(encoding="utf-8")))
    for enum in (AffiliateStatus, Category, DiagnosticCode, DuesStatus, ProblemCode, Role,
                 Schooling, Sex):
        ids |= {member.value for member in enum}
    ids |= set(CODES) | set(Household.model_fields)
    # the names expressions start from, and the criteria a decision adds itself
    ids |= {"on", "applicant", "household", "in-force", "frequency"}
    for model in (Household,):
        for field in model.model_fields.values():
            annotation = field.annotation
            ids |= set(getattr(annotation, "model_fields", {}))
    return frozenset(ids)


def _exception_ids(exceptions: Iterable[object]) -> set[str]:
    out: set[str] = set()
    for exception in exceptions:
        out.add(exception.id)  # type: ignore[attr-defined]
        out |= _exception_ids(exception.exceptions)  # type: ignore[attr-defined]
    return out


def _household_ids(data: object) -> set[str]:
    if isinstance(data, dict):
        found = {str(data["id"])} if isinstance(data.get("id"), str) else set()
        for key in ("affiliate",):
            found |= _household_ids(data.get(key))
        for key in ("spouses", "children", "parents"):
            for person in data.get(key) or ():
                found |= _household_ids(person)
        return found
    return set()


@cache
def citations() -> tuple[str, ...]:
    """The titles and notes of every source of the rule book, longest first."""
    book = RuleBook.load()
    found: set[str] = set()
    sources = [s for p in book.programs.values() for s in p.sources]
    sources += [s for p in book.programs.values() for parameter in p.parameters.values()
                for s in parameter.sources]
    sources += [s for d in book.definitions.values() for s in d.sources]
    for source in sources:
        found.add(source.title)
        if source.note:
            found.add(source.note)
    return tuple(sorted(found, key=len, reverse=True))


@cache
def expressions() -> tuple[str, ...]:
    """The rule book's expressions (code, shown as written), longest first."""
    book = RuleBook.load()
    found = {expr.source for program in book.programs.values()
             for criterion in program.criteria for expr in criterion.expressions()}
    found |= {expr.source for program in book.programs.values()
              for output in program.outputs for expr in output.expressions()}
    found |= {d.value.source for d in book.definitions.values()}
    # a literal or a bare name is a token like any other (an id, a value shown by its name)
    return tuple(sorted((e for e in found if " " in e), key=len, reverse=True))


def leaks(text: str, lang: str) -> list[str]:
    """The English (in Arabic: Latin) words of ``text`` that are not allowed, in order."""
    text = text.translate({0x2068: None, 0x2069: None})  # the isolates of Arabic output
    text = _QUOTED.sub(" ", text)  # values and ids quoted from the input
    for quoted in (*citations(), *expressions()):
        text = text.replace(quoted, " ")
    english, _ = vocabulary()
    ids = allowed_ids()
    found: list[str] = []
    for chunk in _CHUNKS.split(text):
        if _EXTENSION.search(chunk):  # a file's extension: .jsonl
            continue
        token = chunk.strip(_EDGES)
        if not token or token in ids or token in PROPER_NAMES or _CODE_LIKE.search(token) \
                or token.startswith("-"):  # a command-line option
            continue
        for word in _WORD.findall(token):
            bare = word.strip("'’")
            if bare in ids or bare in PROPER_NAMES:
                continue
            if lang == "ar" or bare.lower() in english:
                found.append(bare)
    return found
