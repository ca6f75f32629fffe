"""Documented diagnostics of the bounds proven at load: how large a whole number an
expression can compute, how deep definitions and exceptions nest, and how large a
program's code grows."""

from __future__ import annotations

from eligibility import DiagnosticCode as Code
from eligibility._compile.reference import LIMITS

from ._diagnostic_doc import DiagnosticDoc, _criterion, _y

__all__ = ["BOUNDS"]

_DEFINITIONS_HEAD = _y("""
    kind: definitions
    id: example
    title: {ar: مثال, fr: Exemple, en: Example}
    status: sourced
    sources: [{title: Example, url: "https://example.org/"}]
    definitions:
    """)
_TEXT = "    text: {ar: مثال, fr: Exemple, en: Example}\n"


def _chain(terms: int) -> str:
    """``1 + 1 + ... + 1``: a chain that nests one level per ``+``."""
    return " + ".join(["1"] * terms)


def _deep_definitions(second: str) -> str:
    half = LIMITS.expanded_depth // 2 + 5
    return (_DEFINITIONS_HEAD
            + f"  - id: base\n    value: {_chain(half)}\n{_TEXT}"
            + f"  - id: total\n    value: {second}\n{_TEXT}")


def _nested_exceptions(levels: int) -> str:
    lines = ["criteria:", "  - id: young", "    when: applicant.age < 18",
             "    text: {ar: أقل من 18 سنة, fr: Moins de 18 ans, en: Under 18}"]
    indent = "    "
    for level in range(1, levels + 1):
        lines += [f"{indent}exceptions:", f"{indent}  - id: case-{level}",
                  f"{indent}    when: applicant.age < {level}",
                  f"{indent}    then: {'false' if level % 2 else 'true'}"]
        indent += "    "
    return "\n".join(lines) + "\n"


def _large_program(calls: int) -> str:
    """A criterion that calls a shared definition often: each call is the definition
    written out once more."""
    definitions = _DEFINITIONS_HEAD + "".join(
        f"  - id: grown_{level}\n    params: {{child: child}}\n    value: " + (
            "child.age >= 18 and child.age < 99 and not child.disabled" if level == 1 else
            " and ".join([f"grown_{level - 1}(child)"] * 8))
        + f"\n{_TEXT}" for level in (1, 2, 3))
    program = _criterion(" or ".join(["grown_3(applicant)"] * calls))
    return f"# file: grown.yaml\n{definitions}# file: example.yaml\n{program}"


#: Bounds proven at load, so that evaluation and generated code stay bounded.
BOUNDS: tuple[DiagnosticDoc, ...] = (
    DiagnosticDoc(
        Code.NUMBER_TOO_LARGE, "An expression could compute a whole number of "
        f"10**{LIMITS.magnitude_digits} or more (the loader bounds every whole number through "
        "the definitions and parameter values it uses; decimal numbers are bounded by the "
        "library's decimal context instead). Here a number of days to the 8th power.",
        _criterion("days_between(applicant.birth_date, on) ** 8 > 0"),
        _criterion("days_between(applicant.birth_date, on) > 0")),
    DiagnosticDoc(
        Code.DEFINITIONS_TOO_DEEP, "With the shared definitions it uses written out (as the "
        f"durable engine compiles them), an expression nests more than "
        f"{LIMITS.expanded_depth} levels deep.",
        _deep_definitions(f"base + {_chain(LIMITS.expanded_depth // 2 + 5)}"),
        _deep_definitions("base + 1"),
        mode="file"),
    DiagnosticDoc(
        Code.EXCEPTIONS_TOO_DEEP, f"Exceptions nest more than {LIMITS.exception_depth} levels "
        "deep (an exception's exceptions, and theirs...).",
        _nested_exceptions(LIMITS.exception_depth + 1),
        _nested_exceptions(2)),
    DiagnosticDoc(
        Code.CODE_TOO_LARGE, "A program's conditions and values, with the shared definitions "
        f"they use written out, have more than {LIMITS.program_size} parts: the durable "
        "engine would compile all of them. Here each call of ``grown_3`` stands for 64 "
        "calls of ``grown_1``.",
        _large_program(LIMITS.program_size // (64 * 11) + 2),
        _large_program(1),
        mode="files"),
)
