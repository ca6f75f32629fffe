"""Recursive-descent parser for the rule expression language (tokens come from :mod:`.lexer`).

The language is small and closed: literals, names, attribute reads, calls of
whitelisted functions, arithmetic, comparisons (chainable), ``and``/``or``/``not``,
``in``, ``A if C else B``, list literals and the quantifiers ``any``, ``all``,
``count`` and ``sum``. Anything else -- subscripts, lambdas, dunder names,
keywords of Python statements -- is rejected with a diagnostic, and every
failure raises :class:`ExpressionError`, never another exception.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.errors import Diagnostic, ExpressionError

from .ast import (
    Attr,
    BinOp,
    BoolOp,
    Call,
    Compare,
    IfExp,
    ListLit,
    Literal,
    Name,
    Node,
    Quant,
    Unary,
    walk,
)
from .lexer import Token, TokenStream, fail, unescape

__all__ = ["MAX_EXPONENT", "MAX_LENGTH", "parse"]

#: Longest expression text accepted.
MAX_LENGTH = 4000
#: Deepest nesting accepted (keeps the parser's recursion bounded).
MAX_DEPTH = 60
#: Deepest syntax tree accepted: long chains such as ``1 + 1 + ... + 1`` nest without
#: recursing in the parser, but every later stage (checker, interpreter, generated
#: Python) recurses over the tree.
MAX_TREE_DEPTH = 100
#: Largest ``**`` exponent (in absolute value); exponents must be integer literals.
MAX_EXPONENT = 8
#: Longest number literal, in characters.
MAX_NUMBER_LENGTH = 30

QUANTIFIERS = frozenset({"any", "all", "count", "sum"})
KEYWORDS = frozenset({"and", "or", "not", "in", "if", "else", "for", "true", "false"})


class _Parser(TokenStream):
    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.depth = 0

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise fail(
                Code.EXPR_TOO_DEEP,
                f"expression nests deeper than {MAX_DEPTH} levels",
                self.source,
                self.tok.start,
            )

    # -- grammar --------------------------------------------------------------------------
    def parse(self) -> Node:
        node = self.expression()
        if self.tok.kind != "end":
            raise self.error_here("unexpected text after the expression")
        return node

    def expression(self) -> Node:
        self.enter()
        try:
            body = self.disjunction()
            if self.at("if"):
                self.advance()
                test = self.disjunction()
                self.expect("else")
                orelse = self.expression()
                return IfExp(body.start, orelse.end, test=test, body=body, orelse=orelse)
            return body
        finally:
            self.depth -= 1

    def disjunction(self) -> Node:
        values = [self.conjunction()]
        while self.at("or"):
            self.advance()
            values.append(self.conjunction())
        if len(values) == 1:
            return values[0]
        return BoolOp(values[0].start, values[-1].end, op="or", values=tuple(values))

    def conjunction(self) -> Node:
        values = [self.negation()]
        while self.at("and"):
            self.advance()
            values.append(self.negation())
        if len(values) == 1:
            return values[0]
        return BoolOp(values[0].start, values[-1].end, op="and", values=tuple(values))

    def negation(self) -> Node:
        if self.at("not"):
            start = self.advance().start
            self.enter()
            try:
                operand = self.negation()
            finally:
                self.depth -= 1
            return Unary(start, operand.end, op="not", operand=operand)
        return self.comparison()

    def comparison_op(self) -> str | None:
        if self.at("==", "!=", "<", "<=", ">", ">=", "in"):
            return self.advance().text
        if self.at("not") and self.peek().kind == "name" and self.peek().text == "in":
            self.advance()
            self.advance()
            return "not in"
        if self.at("="):
            raise fail(
                Code.EXPR_SYNTAX,
                "'=' is not a comparison; write '=='",
                self.source,
                self.tok.start,
                expected="'=='",
                actual="'='",
            )
        return None

    def comparison(self) -> Node:
        left = self.additive()
        ops: list[str] = []
        comparators: list[Node] = []
        while (op := self.comparison_op()) is not None:
            ops.append(op)
            comparators.append(self.additive())
        if not ops:
            return left
        return Compare(left.start, comparators[-1].end, left=left, ops=tuple(ops),
                       comparators=tuple(comparators))

    def additive(self) -> Node:
        node = self.multiplicative()
        while self.at("+", "-"):
            op = self.advance().text
            right = self.multiplicative()
            node = BinOp(node.start, right.end, op=op, left=node, right=right)
        return node

    def multiplicative(self) -> Node:
        node = self.unary()
        while self.at("*", "/", "//", "%"):
            tok = self.advance()
            if tok.text not in ("*", "/"):
                raise fail(
                    Code.FORBIDDEN_CONSTRUCT,
                    f"operator {tok.text!r} is not part of the language (use '/')",
                    self.source,
                    tok.start,
                    actual=repr(tok.text),
                )
            right = self.unary()
            node = BinOp(node.start, right.end, op=tok.text, left=node, right=right)
        return node

    def unary(self) -> Node:
        if self.at("-"):
            start = self.advance().start
            self.enter()
            try:
                operand = self.unary()
            finally:
                self.depth -= 1
            return Unary(start, operand.end, op="-", operand=operand)
        if self.at("+"):
            self.advance()
            return self.unary()
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if not self.at("**"):
            return base
        op = self.advance()
        if any(isinstance(sub, BinOp) and sub.op == "**" for sub in walk(base)):
            raise fail(
                Code.FORBIDDEN_CONSTRUCT,
                "powers cannot be nested (write x ** 4, not (x ** 2) ** 2)",
                self.source,
                op.start,
            )
        negative = False
        if self.at("-"):
            self.advance()
            negative = True
        tok = self.tok
        if tok.kind != "num" or "." in tok.text:
            raise fail(
                Code.FORBIDDEN_CONSTRUCT,
                "the exponent of '**' must be a whole-number literal",
                self.source,
                tok.start if tok.kind != "end" else op.start,
                expected="an integer literal",
                actual=repr(tok.text),
            )
        self.advance()
        exponent = int(tok.text)
        if exponent > MAX_EXPONENT:
            raise fail(
                Code.EXPONENT_TOO_LARGE,
                f"exponent {exponent} is larger than {MAX_EXPONENT}",
                self.source,
                tok.start,
                expected=f"at most {MAX_EXPONENT}",
                actual=str(exponent),
            )
        value = -exponent if negative else exponent
        right = Literal(tok.start, tok.end, value=value)
        return BinOp(base.start, tok.end, op="**", left=base, right=right)

    def postfix(self) -> Node:
        node = self.atom()
        while True:
            if self.at("."):
                self.advance()
                tok = self.tok
                if tok.kind != "name":
                    raise self.error_here("expected an attribute name after '.'")
                self.check_identifier(tok)
                self.advance()
                if self.at("("):
                    args, end = self.arguments()
                    node = Call(node.start, end, func=tok.text, args=(node, *args), method=True)
                else:
                    node = Attr(node.start, tok.end, obj=node, name=tok.text)
            elif self.at("["):
                raise fail(
                    Code.FORBIDDEN_CONSTRUCT,
                    "subscripts are not part of the language; use any()/all()/count()",
                    self.source,
                    self.tok.start,
                )
            elif self.at("("):
                raise fail(
                    Code.FORBIDDEN_CONSTRUCT,
                    "only named functions can be called",
                    self.source,
                    self.tok.start,
                )
            else:
                return node

    def arguments(self) -> tuple[list[Node], int]:
        self.expect("(")
        args: list[Node] = []
        if not self.at(")"):
            args.append(self.expression())
            while self.at(","):
                self.advance()
                if self.at(")"):
                    break
                args.append(self.expression())
        end = self.expect(")").end
        return args, end

    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            if len(tok.text) > MAX_NUMBER_LENGTH:
                raise fail(Code.EXPR_SYNTAX, "number literal too long", self.source, tok.start)
            if "." in tok.text:
                try:
                    return Literal(tok.start, tok.end, value=Decimal(tok.text))
                except InvalidOperation:  # pragma: no cover - the regex admits only digits
                    raise fail(Code.EXPR_SYNTAX, "bad number", self.source, tok.start) from None
            if len(tok.text) > 1 and tok.text.startswith("0"):
                raise fail(
                    Code.EXPR_SYNTAX,
                    f"numbers cannot start with 0: {tok.text!r}",
                    self.source,
                    tok.start,
                )
            return Literal(tok.start, tok.end, value=int(tok.text))
        if tok.kind == "date":
            self.advance()
            try:
                value = date.fromisoformat(tok.text)
            except ValueError:
                raise fail(
                    Code.INVALID_DATE, f"{tok.text} is not a real date", self.source, tok.start
                ) from None
            return Literal(tok.start, tok.end, value=value)
        if tok.kind == "str":
            self.advance()
            return Literal(tok.start, tok.end, value=unescape(tok.text))
        if tok.kind == "name":
            return self.name_atom(tok)
        if self.at("("):
            self.advance()
            node = self.expression()
            end = self.expect(")").end
            node.start, node.end = tok.start, end
            return node
        if self.at("["):
            self.advance()
            items: list[Node] = []
            if not self.at("]"):
                items.append(self.expression())
                while self.at(","):
                    self.advance()
                    if self.at("]"):
                        break
                    items.append(self.expression())
            end = self.expect("]").end
            return ListLit(tok.start, end, items=tuple(items))
        raise self.error_here("expected a value")

    def name_atom(self, tok: Token) -> Node:
        text = tok.text
        if text in ("true", "false"):
            self.advance()
            return Literal(tok.start, tok.end, value=text == "true")
        if text in KEYWORDS:
            raise self.error_here("expected a value")
        self.check_identifier(tok)
        self.advance()
        if not self.at("("):
            return Name(tok.start, tok.end, id=text)
        if text in QUANTIFIERS:
            return self.quantifier(tok)
        args, end = self.arguments()
        return Call(tok.start, end, func=text, args=tuple(args))

    def quantifier(self, tok: Token) -> Node:
        """``any(body for x in xs)``, ``all``, ``count``, ``sum``; also ``count(xs)``."""
        kind = tok.text
        self.expect("(")
        first = self.expression()
        if not self.at("for"):
            end = self.expect(")").end
            if kind == "count":
                return Quant(tok.start, end, kind="count", collection=first)
            raise fail(
                Code.EXPR_SYNTAX,
                f"{kind}() takes the form {kind}(condition for x in collection)",
                self.source,
                tok.start,
            )
        self.advance()
        var_tok = self.tok
        if var_tok.kind != "name" or var_tok.text in KEYWORDS:
            raise self.error_here("expected a variable name after 'for'")
        self.check_identifier(var_tok)
        self.advance()
        self.expect("in")
        self.enter()  # the collection may hold another quantifier: count its depth too
        try:
            collection = self.disjunction()
        finally:
            self.depth -= 1
        end = self.expect(")").end
        return Quant(tok.start, end, kind=kind, var=var_tok.text, collection=collection, body=first)


def parse(source: str) -> Node:
    """Parse one expression; raise :class:`ExpressionError` for anything else."""
    if not isinstance(source, str):
        raise ExpressionError(
            Diagnostic(Code.WRONG_TYPE, "an expression must be text", actual=type(source).__name__)
        )
    if len(source) > MAX_LENGTH:
        raise fail(Code.EXPR_TOO_LONG, f"expression longer than {MAX_LENGTH} characters",
                   source, 0)
    if not source.strip():
        raise fail(Code.EXPR_SYNTAX, "empty expression", source, 0)
    node = _Parser(source).parse()
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise fail(
                Code.EXPR_TOO_DEEP,
                f"expression nests deeper than {MAX_TREE_DEPTH} levels",
                source,
                current.start,
            )
        stack.extend((child, depth + 1) for child in current.children())
    return node
