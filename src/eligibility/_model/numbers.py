"""The library's own arithmetic: one decimal context for every evaluation.

Python's :mod:`decimal` rounds every operation to the *current* context, which belongs to
the caller (a thread's ``decimal.getcontext()``): a caller that set ``prec = 3`` would
otherwise change what a rule computes, and the engines could disagree. Every evaluation,
in every engine, runs in :data:`CONTEXT` instead, whatever the caller set:

* :data:`PRECISION` significant digits, rounded half to even (Python's default);
* magnitudes bounded: a decimal result of ``10 ** MAX_DIGITS`` or more is trapped
  (``decimal.Overflow``), and the engines turn it into an
  :class:`~eligibility.EvaluationError`;
* an invalid operation or a division by zero is trapped too, never a silent ``NaN`` or
  infinity.

Whole numbers are Python integers, which no context bounds: the type checker proves at
load time that every whole number a rule computes stays below ``10 ** MAX_DIGITS``
(``number-too-large``), so no evaluation can run away with them.
"""

from __future__ import annotations

import decimal
from contextlib import AbstractContextManager
from decimal import ROUND_HALF_EVEN, Context, Decimal

__all__ = [
    "CONTEXT",
    "MAX_DIGITS",
    "MAX_NUMBER_DIGITS",
    "PRECISION",
    "arithmetic",
    "arithmetic_problem",
    "exact_text",
    "trailing_zeros_stripped",
    "written_digits",
]

#: Significant digits of every decimal result.
PRECISION = 28
#: Every number a rule computes is below ``10 ** MAX_DIGITS`` in magnitude.
MAX_DIGITS = 40

#: The decimal context of every evaluation.
CONTEXT = Context(
    prec=PRECISION,
    rounding=ROUND_HALF_EVEN,
    Emin=-(MAX_DIGITS + PRECISION),
    Emax=MAX_DIGITS - 1,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def arithmetic() -> AbstractContextManager[Context]:
    """``with arithmetic(): ...`` runs the block in :data:`CONTEXT` (a copy, per thread)."""
    return decimal.localcontext(CONTEXT)


def arithmetic_problem(exc: ArithmeticError) -> str:
    """What an arithmetic error raised while evaluating means, in words."""
    if isinstance(exc, decimal.Overflow):
        return f"a computed number reaches 10**{MAX_DIGITS} or more"
    if isinstance(exc, (decimal.DivisionByZero, ZeroDivisionError)):
        return "a division by zero"
    if isinstance(exc, decimal.InvalidOperation):
        return "an invalid operation on numbers"
    if isinstance(exc, OverflowError):
        return f"a value is out of range ({exc})"
    return f"an arithmetic error ({exc})"


def trailing_zeros_stripped(value: Decimal) -> Decimal:
    """``value`` without trailing zeros (``2500.50`` -> ``2500.5``, ``1E+2`` stays), exactly:
    unlike :meth:`Decimal.normalize`, it never rounds to a context's precision."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or not any(digits):
        return value
    count = len(digits)
    while count > 1 and digits[count - 1] == 0:
        count -= 1
    return Decimal((sign, digits[:count], exponent + len(digits) - count))


def exact_text(value: Decimal) -> str:
    """A decimal as plain text, exactly: a whole number without exponent or trailing zeros
    (``2500.00`` -> ``2500``, ``1E+3`` -> ``1000``), any other number as ``str`` gives it."""
    text = str(value)
    if "E" not in text and text[-1:].isdigit():  # plain digits: read the text itself
        if text[-1] != "0" or "." not in text:  # no fraction, or one not all zeros
            return text
        head = text.rstrip("0")  # a fraction ending in zeros: all of them?
        return head[:-1] if head[-1] == "." else text
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        return str(value)
    if not any(digits):
        return "-0" if sign else "0"
    stripped = trailing_zeros_stripped(value)
    _, kept, shift = stripped.as_tuple()
    assert isinstance(shift, int)
    if shift >= 0:
        return ("-" if sign else "") + "".join(map(str, kept)) + "0" * shift
    return str(value)


#: The most digits a number in household or rule data may have (YAML, JSON, CSV alike).
MAX_NUMBER_DIGITS = 30


def written_digits(number: Decimal) -> int:
    """How many digits ``number`` has written out in full (``1e-3`` is ``0.001``: 4)."""
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):
        return 0
    return max(number.adjusted() + 1, 1) + max(-exponent, 0)
