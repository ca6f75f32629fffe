"""Hypothesis strategies for valid households, for tests of the library and of its users.

Every strategy here builds *valid* data constructively (no rejection sampling): a
drawn :class:`~eligibility._model.household.Household` always passes validation, and its
dates are plausible, not merely legal:

* the affiliate is born between 1940 and 2005, recruited between the ages of 18
  and 35, retires after recruitment, and (when deceased) dies after recruitment;
* children are born once the affiliate has turned 18, and no later than
  :data:`~eligibility._model.household.POSTHUMOUS_BIRTH_DAYS` days after the affiliate's
  death unless they are in kafala;
* ``killed_on_duty`` is only ever true for a deceased affiliate, and an active
  affiliate has no ``retirement_date``;
* the benefit history names people in the file and programs from a caller's list;
* about one birth date in ten is a 29 February, to exercise age computations.

Facts are drawn first and some are then *forgotten* (set to ``None``, i.e.
unknown), so that a household with unknown fields is still consistent with a
complete one.  With ``complete=True`` nothing is forgotten: every birth date,
amount of money, flag, ``dues`` and ``bank_account`` is known.  Fields recording an
event that may not have happened (``death_date``, ``retirement_date``,
``divorce_date``, ``bac_year`` and ``bac_score``) stay ``None`` when it did not.

The strategies are written in private modules (leaf values, people, households) and
exported here.  This package imports Hypothesis, so it is only imported by tests (or
by users who have Hypothesis installed)::

    from hypothesis import given
    from eligibility.testing import evaluation_dates, households

    @given(households(complete=True), evaluation_dates())
    def test_something(household, on): ...
"""

from ._households import DEFAULT_PROGRAMS, households
from ._people import affiliates, children, parents, spouses
from ._values import dates, evaluation_dates, identifiers, money, names

__all__ = [
    "DEFAULT_PROGRAMS",
    "affiliates",
    "children",
    "dates",
    "evaluation_dates",
    "households",
    "identifiers",
    "money",
    "names",
    "parents",
    "spouses",
]
