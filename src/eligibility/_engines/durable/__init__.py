"""The durable engine: the compiled rule IR run through durable-rules (Rete) rulesets.

For one program and one epoch (a period between change dates, as in the
native engine), the criteria, their exceptions and the rows of the benefit
tables are compiled into one durable-rules ruleset. Parameters are constants
within an epoch, so they are folded into the rules; shared definitions are
inlined (their bodies substituted for their calls), so Rete sees their
structure.

Rete matches *facts*: JSON objects whose attributes it compares with
constants or with each other, joined by ``$and``, with ``$iany``/``$iall`` over
arrays (a disjunction is one rule per disjunct).
Every value a rule reads that durable-rules cannot compute itself (an age, a
count, a date shift, arithmetic, a definition's result...) becomes a *derived
fact*: an attribute computed in Python before the facts are asserted, by the
same generated code as the native engine (falling back to the shared
three-valued interpreter when a fact is unknown). Stored fields the rules read
(``applicant.monthly_pension``) become attributes the same way. Unknown values
are left out of the fact (derived booleans are -1), so no comparison on them
matches: a criterion's rule
for "definitely true" and its rule for "definitely false" are both built
(strong Kleene logic pushed down to the comparisons), and when neither fires
the criterion is unknown and the interpreter lists the missing facts.

Guard rails for durable-rules 2.0.28's measured faults (``docs/engines.rst``):

* facts go in with ``assert_facts`` (``post`` fires only the first matching rule);
* every fact also matches a sentinel rule, so ``MessageNotHandledException``
  cannot happen (it is still turned into an :class:`~eligibility.EvaluationError`);
* each evaluation has its own session, deleted afterwards (a ruleset holds at most
  1024 live sessions), but only after a successful assertion (deleting the session
  of a failed one crashes the process);
* one host for the process, without its timer threads, and a lock around every
  call into it (threads sharing a host crash otherwise);
* rulesets are named after the rule book's content hash, the program and the epoch: a
  changed rule book gets new rulesets; once no engine of a rule book is left, its
  rulesets are deleted from the host (``delete_ruleset``) and their code dropped, so a
  process that reloads changed rule books keeps the memory of one;
* an exception raised in an action is swallowed into the session state: the state
  is checked and the error raised again;
* no ``$or`` inside array items (durable-rules evaluates it wrongly), and each item
  condition has its own copy of the array; ``$iall`` is false on an empty array, so
  the array's length is in the fact; a reference to a missing attribute matches, so
  its presence is required too;
* at most 48 rules share a fact (the matcher holds 64 pending nodes), fewer than 32
  expression entries per rule, at most 255 attributes per object;
* durable-rules' deprecation warnings (``utcfromtimestamp`` in every action, Python
  3.12) are ignored during its calls, so that ``-W error`` does not break actions.

``docs/engines.rst`` lists exactly what goes into Rete and what is derived.

The package, one concept per module:

* ``limits``: importing durable-rules, and the limits of its matcher;
* ``literals``: durable-rules literals, their presence checks and their JSON (the normal
  forms and their consistency are the shared :mod:`eligibility._compile.logic`);
* ``encoding``: derived facts and how their values are encoded in a fact;
* ``inline``: shared definitions substituted for their uses;
* ``facts``: the derived facts of one program and epoch, and the literals comparing them;
* ``conditions``: conditions as normal forms in four polarities;
* ``builder``: criteria and outputs turned into plans, and rules grouped into facts;
* ``plan``: how each criterion or output is decided, and the groups of rules;
* ``derive``: the generated Python code that computes the derived facts;
* ``host``: the process's durable-rules host, the rules' actions, and the compiled
  ruleset of one program and epoch, which asserts the facts;
* ``engine``: :class:`DurableEngine`, which compiles, caches and runs the rulesets.
"""

from .engine import DurableEngine
from .host import _RUNTIME as _RUNTIME  # the process's host, which the tests reach
from .limits import _import_durable

__all__ = ["DurableEngine"]

# Checked on every import of the package, not only when its modules first load: they stay
# in ``sys.modules`` when only the package is forgotten, and must not hide the reason.
_import_durable()
