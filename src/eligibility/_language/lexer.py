"""The lexer of the rule expression language: source text to tokens, read in order.

Tokens are dates, numbers, quoted strings, ASCII names and operators (including
operators the language rejects, so that the parser can say why); whitespace separates
them. The parser reads them through a :class:`TokenStream`: the current token, a
look-ahead, and the checks that a token is the operator expected or an allowed name
(not one of :data:`FORBIDDEN_WORDS`). Every failure raises :class:`ExpressionError`,
located at a line and column of the source (:func:`fail`).
"""

from __future__ import annotations

import re
import unicodedata

from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic, ExpressionError

__all__ = ["FORBIDDEN_WORDS", "Token", "TokenStream", "fail", "tokenize", "unescape"]

FORBIDDEN_WORDS = frozenset(
    {
        "lambda", "import", "from", "def", "class", "while", "exec", "eval", "global",
        "nonlocal", "del", "yield", "await", "async", "with", "as", "try", "except", "raise",
        "return", "pass", "is", "None", "True", "False", "assert", "open", "compile",
        "getattr", "setattr", "globals", "locals", "vars", "breakpoint", "input", "print",
    }
)

# Names are ASCII identifiers: quantifier variables become Python names in generated
# code, and Python rejects some word characters ('²') and merges others ('ﬁ' is 'fi').
# Digits and spaces are ASCII too (re.ASCII): '১৪' looks like 18 and Python reads it as 14.
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<date>\d{4}-\d{2}-\d{2}(?![\d.]))
  | (?P<num>\d+(?:\.\d+)?(?![\w.]))
  | (?P<str>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|==|!=|<=|>=|//|[-+*/%<>()\[\],.:=@;{}~^&|!])
    """,
    re.VERBOSE | re.ASCII,
)


class Token:
    __slots__ = ("end", "kind", "start", "text")

    def __init__(self, kind: str, text: str, start: int, end: int) -> None:
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end


def fail(
    code: Code,
    message: str,
    source: str,
    offset: int,
    *,
    expected: str | None = None,
    actual: str | None = None,
) -> ExpressionError:
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return ExpressionError(
        Diagnostic(code, message, line=line, column=column, expected=expected, actual=actual)
    )


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            char = source[pos]
            if char in "'\"":
                raise fail(Code.EXPR_SYNTAX, "unterminated string", source, pos)
            if char.isdecimal():  # a digit of another script (Nd): looks like a number
                value = unicodedata.decimal(char, None)
                hint = f": write {value}" if value is not None else ""
                raise fail(Code.NON_ASCII_DIGIT,
                           f"{_named(char)} is not an ASCII digit{hint}; numbers are written "
                           "with the digits 0-9", source, pos, expected="0-9",
                           actual=_named(char))
            raise fail(
                Code.EXPR_SYNTAX, f"unexpected character {_named(char)}", source, pos,
                actual=_named(char),
            )
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(Token(kind, match.group(), pos, match.end()))
        pos = match.end()
    tokens.append(Token("end", "", len(source), len(source)))
    return tokens


def _named(char: str) -> str:
    """A character as a message shows it: quoted when printable, else its code point and
    name (a control or invisible character is never printed as itself)."""
    name: str = unicodedata.name(char, "")
    if char.isprintable() and not char.isspace():
        return repr(char) + (f" ({name})" if name and not char.isascii() else "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def unescape(raw: str) -> str:
    body = raw[1:-1]
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            nxt = body[index + 1]
            out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
            index += 2
        else:
            out.append(char)
            index += 1
    return "".join(out)


class TokenStream:
    """The tokens of one expression, read in order: what the parser consumes."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.index]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def at(self, *texts: str) -> bool:
        tok = self.tok
        return tok.kind in ("op", "name") and tok.text in texts

    def advance(self) -> Token:
        tok = self.tok
        self.index += 1
        return tok

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise self.error_here(f"expected {text!r}", expected=repr(text))
        return self.advance()

    def error_here(self, message: str, *, expected: str | None = None) -> ExpressionError:
        tok = self.tok
        actual = "end of expression" if tok.kind == "end" else repr(tok.text)
        return fail(
            Code.EXPR_SYNTAX,
            f"{message}, found {actual}",
            self.source,
            tok.start,
            expected=expected,
            actual=actual,
        )

    def check_identifier(self, tok: Token) -> None:
        if tok.text.startswith("_"):
            raise fail(
                Code.FORBIDDEN_CONSTRUCT,
                f"names starting with '_' are not allowed: {tok.text!r}",
                self.source,
                tok.start,
                actual=repr(tok.text),
            )
        if tok.text in FORBIDDEN_WORDS:
            raise fail(
                Code.FORBIDDEN_CONSTRUCT,
                f"{tok.text!r} is not part of the rule language",
                self.source,
                tok.start,
                actual=repr(tok.text),
            )
