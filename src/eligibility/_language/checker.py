"""Name resolution and type checking of parsed expressions, at load time.

The checker annotates every node with its type (``node.ty``) and every
attribute read with the field it reads (``node.info``). It rejects unknown
names, attributes and functions (with a "did you mean"), type mismatches,
enum comparisons with values the enum does not have, and calls outside the
whitelist (:mod:`.functions`). Nothing unchecked ever reaches an engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
)
from .functions import FUNCTIONS, numeric_result
from .suggestions import suggest
from .types import (
    BOOL,
    DATE,
    DECIMAL,
    INT,
    STR,
    EnumType,
    ListType,
    RecordType,
    Type,
    comparable,
    is_numeric,
    orderable,
    type_of_value,
)

__all__ = ["FUNCTIONS", "DefinitionSignature", "Scope", "check"]


@dataclass(frozen=True)
class DefinitionSignature:
    """A shared definition as the checker sees it: parameter types and result type, and
    what :func:`~.bounds.measure` proved of its value (the largest whole number it
    gives, and its depth and size written out)."""

    name: str
    params: tuple[tuple[str, Type], ...]
    result: Type
    magnitude: int | None = None
    depth: int = 1
    size: int = 1


@dataclass
class Scope:
    """What names an expression may use, and their types; for the names that may hold a
    whole number, the largest it holds (a parameter's, on any date)."""

    names: dict[str, Type] = field(default_factory=dict)
    definitions: Mapping[str, DefinitionSignature] = field(default_factory=dict)
    magnitudes: dict[str, int | None] = field(default_factory=dict)

    def child(self, var: str, ty: Type, magnitude: int | None = None) -> Scope:
        names = dict(self.names)
        names[var] = ty
        return Scope(names, self.definitions, {**self.magnitudes, var: magnitude})



class _Checker:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(
        self,
        node: Node,
        code: Code,
        message: str,
        *,
        expected: str | None = None,
        actual: str | None = None,
        suggestion: str | None = None,
        offset: int | None = None,
    ) -> ExpressionError:
        offset = node.start if offset is None else offset
        line = self.source.count("\n", 0, offset) + 1
        column = offset - (self.source.rfind("\n", 0, offset) + 1) + 1
        return ExpressionError(
            Diagnostic(
                code,
                message,
                line=line,
                column=column,
                expected=expected,
                actual=actual,
                suggestion=suggestion,
            )
        )

    def text(self, node: Node) -> str:
        return self.source[node.start : node.end]

    def check(self, node: Node, scope: Scope) -> Type:
        ty = self.visit(node, scope)
        node.ty = ty
        return ty

    def expect(self, node: Node, scope: Scope, want: Type, what: str) -> Type:
        ty = self.check(node, scope)
        ok = ty == want or (want == DECIMAL and ty == INT)
        if not ok:
            raise self.fail(
                node,
                Code.TYPE_MISMATCH,
                f"{what} must be {want}, but {self.text(node)!r} is {ty}",
                expected=str(want),
                actual=str(ty),
            )
        return ty

    def visit(self, node: Node, scope: Scope) -> Type:
        if isinstance(node, Literal):
            ty = type_of_value(node.value)
            assert ty is not None
            return ty
        if isinstance(node, Name):
            return self.name(node, scope)
        if isinstance(node, Attr):
            return self.attr(node, scope)
        if isinstance(node, Call):
            return self.call(node, scope)
        if isinstance(node, Unary):
            if node.op == "not":
                return self.expect(node.operand, scope, BOOL, "the operand of 'not'")
            ty = self.check(node.operand, scope)
            if not is_numeric(ty):
                raise self.fail(node, Code.TYPE_MISMATCH, f"cannot negate {ty}",
                                expected="a number", actual=str(ty))
            return ty
        if isinstance(node, BinOp):
            return self.binop(node, scope)
        if isinstance(node, BoolOp):
            for value in node.values:
                self.expect(value, scope, BOOL, f"each operand of '{node.op}'")
            return BOOL
        if isinstance(node, Compare):
            return self.compare(node, scope)
        if isinstance(node, IfExp):
            self.expect(node.test, scope, BOOL, "the condition of 'if'")
            body = self.check(node.body, scope)
            orelse = self.check(node.orelse, scope)
            if is_numeric(body) and is_numeric(orelse):
                return numeric_result([body, orelse])
            if not comparable(body, orelse) or (body != orelse and not (
                isinstance(body, EnumType) or isinstance(orelse, EnumType)
            )):
                raise self.fail(node, Code.TYPE_MISMATCH,
                                f"both branches of 'if' must have one type, got {body} and "
                                f"{orelse}", expected=str(body), actual=str(orelse))
            return STR if body != orelse else body
        if isinstance(node, ListLit):
            if not node.items:
                return ListType(STR)
            types = [self.check(item, scope) for item in node.items]
            if all(is_numeric(t) for t in types):
                return ListType(numeric_result(types))
            first = types[0]
            for item, ty in zip(node.items, types, strict=True):
                if not comparable(first, ty):
                    raise self.fail(item, Code.TYPE_MISMATCH, "list items must share one type",
                                    expected=str(first), actual=str(ty))
            return ListType(STR if isinstance(first, EnumType) else first)
        if isinstance(node, Quant):
            return self.quant(node, scope)
        raise self.fail(node, Code.FORBIDDEN_CONSTRUCT,
                        "unsupported expression")  # pragma: no cover

    def name(self, node: Name, scope: Scope) -> Type:
        if node.id in scope.names:
            return scope.names[node.id]
        if node.id in scope.definitions:
            signature = scope.definitions[node.id]
            if signature.params:
                raise self.fail(node, Code.WRONG_ARITY,
                                f"definition {node.id!r} takes arguments: "
                                f"{node.id}({', '.join(p for p, _ in signature.params)})")
            return signature.result
        candidates = [*scope.names, *scope.definitions]
        raise self.fail(
            node,
            Code.UNKNOWN_NAME,
            f"unknown name {node.id!r}",
            actual=node.id,
            suggestion=suggest(node.id, candidates),
        )

    def attr(self, node: Attr, scope: Scope) -> Type:
        obj = self.check(node.obj, scope)
        if not isinstance(obj, RecordType):
            raise self.fail(node, Code.UNKNOWN_ATTRIBUTE,
                            f"{self.text(node.obj)!r} is {obj}, which has no attributes",
                            actual=str(obj))
        info = obj.fields.get(node.name)
        if info is None:
            raise self.fail(
                node,
                Code.UNKNOWN_ATTRIBUTE,
                f"{obj} has no attribute {node.name!r}",
                actual=node.name,
                suggestion=suggest(node.name, obj.fields),
                offset=max(node.start, self.source.rfind(node.name, node.obj.end, node.end)),
            )
        node.info = info
        return info.type

    def call(self, node: Call, scope: Scope) -> Type:
        if node.func in scope.definitions and not node.method:
            signature = scope.definitions[node.func]
            if len(node.args) != len(signature.params):
                raise self.fail(node, Code.WRONG_ARITY,
                                f"{node.func}() takes {len(signature.params)} argument(s), "
                                f"got {len(node.args)}",
                                expected=str(len(signature.params)), actual=str(len(node.args)))
            for arg, (pname, ptype) in zip(node.args, signature.params, strict=True):
                aty = self.check(arg, scope)
                ok = aty == ptype or (
                    isinstance(aty, RecordType) and isinstance(ptype, RecordType)
                    and aty.is_subtype_of(ptype)
                ) or (ptype == DECIMAL and aty == INT)
                if not ok:
                    raise self.fail(arg, Code.TYPE_MISMATCH,
                                    f"argument {pname!r} of {node.func}() must be {ptype}",
                                    expected=str(ptype), actual=str(aty))
            return signature.result
        entry = FUNCTIONS.get(node.func)
        if entry is None or (node.func == "age_on") != node.method:
            names = [*FUNCTIONS, *scope.definitions]
            raise self.fail(
                node,
                Code.UNKNOWN_FUNCTION,
                f"{node.func!r} is not a function of the rule language",
                actual=node.func,
                suggestion=suggest(node.func, names),
            )
        args = [self.check(arg, scope) for arg in node.args]
        result = entry[0](args)
        if isinstance(result, str):
            raise self.fail(node, Code.TYPE_MISMATCH,
                            f"{node.func}() takes {result}, got "
                            f"({', '.join(str(a) for a in args)})",
                            expected=result, actual=f"({', '.join(str(a) for a in args)})")
        return result

    def binop(self, node: BinOp, scope: Scope) -> Type:
        left = self.check(node.left, scope)
        right = self.check(node.right, scope)
        if not (is_numeric(left) and is_numeric(right)):
            bad, bad_ty = (node.left, left) if not is_numeric(left) else (node.right, right)
            hint = " (use add_days/add_months/add_years or days_between for dates)" \
                if bad_ty == DATE else ""
            raise self.fail(bad, Code.TYPE_MISMATCH,
                            f"'{node.op}' needs numbers, but {self.text(bad)!r} is {bad_ty}{hint}",
                            expected="a number", actual=str(bad_ty))
        if node.op in ("/", "**") and not (node.op == "**" and left == INT and right == INT
                                           and isinstance(node.right, Literal)
                                           and isinstance(node.right.value, int)
                                           and node.right.value >= 0):
            return DECIMAL
        return numeric_result([left, right])

    def compare(self, node: Compare, scope: Scope) -> Type:
        left_node = node.left
        left = self.check(left_node, scope)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.check(right_node, scope)
            if op in ("in", "not in"):
                if not isinstance(right, ListType):
                    raise self.fail(right_node, Code.TYPE_MISMATCH,
                                    f"the right side of '{op}' must be a list",
                                    expected="a list", actual=str(right))
                if not comparable(left, right.item):
                    raise self.fail(node, Code.TYPE_MISMATCH,
                                    f"cannot look for {left} in a {right}",
                                    expected=str(right.item), actual=str(left))
                self.enum_values(left, right_node)
            elif op in ("==", "!="):
                if not comparable(left, right):
                    raise self.fail(node, Code.TYPE_MISMATCH,
                                    f"cannot compare {left} with {right}",
                                    expected=str(left), actual=str(right))
                self.enum_values(left, right_node)
                self.enum_values(right, left_node)
            elif not orderable(left, right):
                raise self.fail(node, Code.TYPE_MISMATCH,
                                f"'{op}' cannot order {left} and {right}",
                                expected=str(left), actual=str(right))
            left_node, left = right_node, right
        return BOOL

    def enum_values(self, ty: Type, other: Node) -> None:
        """A text literal compared with an enum must be one of its values."""
        if not isinstance(ty, EnumType):
            return
        literals = other.items if isinstance(other, ListLit) else (other,)
        for lit in literals:
            if isinstance(lit, Literal) and isinstance(lit.value, str) \
                    and lit.value not in ty.values:
                raise self.fail(
                    lit,
                    Code.UNKNOWN_ENUM_VALUE,
                    f"{lit.value!r} is not a value of {ty} ({', '.join(ty.values)})",
                    expected=" | ".join(ty.values),
                    actual=lit.value,
                    suggestion=suggest(lit.value, ty.values),
                )

    def quant(self, node: Quant, scope: Scope) -> Type:
        coll = self.check(node.collection, scope)
        if not isinstance(coll, ListType):
            raise self.fail(node.collection, Code.TYPE_MISMATCH,
                            f"{node.kind}() needs a list, but {self.text(node.collection)!r} "
                            f"is {coll}", expected="a list", actual=str(coll))
        if node.body is None:
            return INT
        assert node.var is not None
        if node.var in scope.names or node.var in scope.definitions:
            raise self.fail(node, Code.NAME_CLASH,
                            f"variable {node.var!r} hides a name already in use",
                            actual=node.var)
        inner = scope.child(node.var, coll.item)
        if node.kind == "sum":
            ty = self.check(node.body, inner)
            if not is_numeric(ty):
                raise self.fail(node.body, Code.TYPE_MISMATCH, "sum() adds numbers",
                                expected="a number", actual=str(ty))
            return ty
        self.expect(node.body, inner, BOOL, f"the condition of {node.kind}()")
        return INT if node.kind == "count" else BOOL


def check(node: Node, scope: Scope, source: str) -> Type:
    """Type-check ``node`` (parsed from ``source``) in ``scope``; annotate it; return its type."""
    return _Checker(source).check(node, scope)
