"""The rule book: load once (read, check, compile), then evaluate many times."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from eligibility._compile.ir import Definition, Example, Parameter, Program
from eligibility._engines.protocol import Engine, Evaluation
from eligibility._engines.registry import make_engine
from eligibility._language.suggestions import suggest
from eligibility._model.codes import ProblemCode as Code
from eligibility._model.decision import Decision
from eligibility._model.errors import (
    Diagnostic,
    EligibilityError,
    EvaluationError,
    HouseholdError,
    Problem,
    UnknownProgramError,
)
from eligibility._model.household import Household, Person
from eligibility._model.household_io import parse_household
from eligibility._model.numbers import arithmetic
from eligibility._model.vocabulary import EngineName, Language
from eligibility._rulefiles.discovery import read_sources

from . import cache as rulebook_cache
from .examples import ExampleResult, compare_expectation
from .explain import Explainer
from .requests import Request, applicants, as_of, check_arguments, quick, resolve
from .roster_methods import RosterMethods

if TYPE_CHECKING:
    from eligibility._model.timeline import Timeline, Upcoming
    from eligibility._model.whatif import WhatIf

__all__ = ["RuleBook", "default_rules_path"]


def default_rules_path() -> Path:
    """The rule pack shipped with the package (or, in a source checkout, ``rules/``)."""
    shipped = resources.files("eligibility") / "rules"
    if shipped.is_dir():
        return Path(str(shipped))
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise EligibilityError("no rule pack found: the package was installed without its rules")


@dataclass(frozen=True)
class RuleBook(RosterMethods):
    """A loaded, checked, compiled rule book, evaluated by one engine. Immutable.

    Use :meth:`load`; evaluate with :meth:`evaluate` or :meth:`screen`; a whole roster
    with :meth:`screen_roster`, and compare two rule books over one with :meth:`diff`.

    Attributes:
        root: the folder the rule files were read from.
        programs: the compiled programs, by id (sorted).
        definitions: the shared definitions, by name.
        parameters: the global parameters, by name.
        content_hash: SHA-256 of the rule files; every decision records it.
        engine: the engine that evaluates (``native`` unless asked otherwise).
        warnings: the lint findings of the files (missing translations...).
    """

    root: Path
    programs: Mapping[str, Program]
    definitions: Mapping[str, Definition]
    parameters: Mapping[str, Parameter]
    content_hash: str
    engine: Engine
    warnings: tuple[Diagnostic, ...] = ()
    _explainer: Explainer = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Derived from the fields, during construction (the frozen-dataclass idiom).
        object.__setattr__(self, "_explainer", Explainer(self.content_hash, self.engine))

    @classmethod
    def load(cls, path: str | Path | None = None, *, engine: str = EngineName.NATIVE,
             cache: bool = False) -> RuleBook:
        """Load every rule file under ``path`` (default: the shipped rule pack).

        With ``cache``, a rule book compiled before from the same files (same content
        hash) by the same library is read back from the cache instead, and a new one is
        stored there (JSON in ``$ELIGIBILITY_CACHE_DIR``, ``off`` to turn it off, or
        the user cache folder; an entry that cannot be read is rebuilt).

        Raises:
            RuleBookError: with every diagnostic of every file, if any is an error.
            EngineUnavailableError: if ``engine`` cannot run here.
        """
        root = Path(path) if path is not None else default_rules_path()
        sources = read_sources(root)
        compiled = rulebook_cache.compiled(root, sources, cache=cache)
        return cls(
            root=root, programs=MappingProxyType(compiled.programs),  # sorted by id
            definitions=MappingProxyType(compiled.definitions),
            parameters=MappingProxyType(compiled.parameters),
            content_hash=sources.content_hash,
            engine=make_engine(engine, compiled.definitions, sources.content_hash),
            warnings=compiled.warnings,
        )

    def with_engine(self, engine: str) -> RuleBook:
        """The same rule book, evaluated by another engine (``native`` or ``durable``)."""
        return replace(self, engine=make_engine(engine, self.definitions, self.content_hash))

    # -- lookup ----------------------------------------------------------------------------
    def program(self, program_id: str) -> Program:
        """The program with this id; :class:`UnknownProgramError` with a suggestion if none."""
        try:
            return self.programs[program_id]
        except KeyError:
            raise UnknownProgramError(program_id, suggest(program_id, self.programs)) from None

    @staticmethod
    def applicants(program: Program, household: Household, on: date | None = None
                   ) -> list[Person]:
        """The people a program is evaluated for: those of the roles it applies to, but a
        deceased affiliate never, nor (given ``on``) anybody not yet born on that date."""
        return applicants(program, household, on)

    # -- evaluation ------------------------------------------------------------------------
    def evaluate(
        self,
        program: str | Program,
        household: Household | Mapping[str, Any],
        *,
        applicant: str | Person | None = None,
        on: date,
        lang: str = Language.EN,
        next_change: bool = False,
    ) -> Decision:
        """Decide one application.

        Args:
            program: a program id (``"leisure.summer-camp"``) or a :class:`Program` of
                this book.
            household: a :class:`Household` or its JSON-like data.
            applicant: the person (or their id); by default the affiliate where the
                program applies to them, or else the only person it applies to.
            on: the evaluation date (every evaluation is "as of" a date).
            lang: ``ar``, ``fr`` or ``en`` for the texts.
            next_change: also look ahead (up to 100 years) for the next date the outcome
                or the benefit changes with time alone, into :attr:`Decision.next_change`
                (``None`` when nothing changes, or a rule fails on a later date). It costs
                several evaluations: by default, the day's decision alone.

        Raises:
            UnknownProgramError, HouseholdError: for bad input. Never for an ordinary
                ineligible or undetermined case.

        .. versionchanged:: 0.2
           ``next_change``.
        """
        compiled = self._own(program)
        if not next_change:
            found = quick(compiled, household, applicant, on, lang)
            if found is not None:  # the common request, checked at once
                house, person, language = found
                # ``Explainer.decide``'s lookup, written out: this runs once per decision.
                explainer = self._explainer
                prepared = explainer.latest.get((compiled.id, language))
                if prepared is None or not prepared.since <= on < prepared.until:
                    prepared = explainer.prepared(compiled, on, language)
                return prepared.decide(house, person, on)  # type: ignore[misc]
        asked = resolve(compiled, household, applicant, on, lang)
        return self._decide(asked.program, asked.household, asked.applicant, on, asked.lang,
                            asked.full if next_change else None)

    def screen(
        self,
        household: Household | Mapping[str, Any],
        *,
        on: date,
        lang: str = Language.EN,
        programs: Sequence[str] | None = None,
        next_change: bool = False,
    ) -> list[Decision]:
        """Every program (or the ones named), for every person each program applies to
        (``next_change`` as for :meth:`evaluate`)."""
        language = check_arguments(on, lang)
        full = parse_household(household)
        house = as_of(full, on)
        chosen = [self.program(p) for p in programs] if programs else list(self.programs.values())
        return [self._decide(program, house, person, on, language,
                             full if next_change else None)
                for program in chosen for person in self.applicants(program, house)]

    def timeline(
        self,
        program: str | Program,
        household: Household | Mapping[str, Any],
        *,
        applicant: str | Person | None = None,
        start: date,
        end: date,
        lang: str = Language.EN,
    ) -> Timeline:
        """When the outcome (and the benefit) changes between ``start`` and ``end``
        (both included), and why: the periods of one outcome, and for each boundary the
        events that cause it (a birthday crossing an age limit, the end of 24 months of
        continued cover, a new version or parameter, a season's months, a frequency
        limit's window reopening).

        Computed from the dates on which what the rules read can change, not by
        evaluating every day; the household's facts are taken as they are (people born
        during the range take part from their birth).

        Raises:
            UnknownProgramError, HouseholdError: for bad input (``end`` before ``start``,
                an applicant not yet born on ``start``).

        .. versionadded:: 0.2
        """
        check_arguments(end, lang)
        asked = self._resolve(program, household, applicant, start, lang)
        if end < start:
            raise HouseholdError([Problem(Code.END_BEFORE_START, "end",
                                          {"end": end, "start": start})])
        from .changes import timeline  # noqa: PLC0415 - timelines load when asked for
        from .timeline import Scanner  # noqa: PLC0415

        scanner = Scanner(asked.program, asked.full, asked.applicant, self.engine,
                          self.definitions, start, end)
        return timeline(scanner, asked.lang, title=asked.program.title.get(asked.lang),
                        rulebook_hash=self.content_hash)

    def changes_within(
        self,
        household: Household | Mapping[str, Any],
        *,
        on: date,
        days: int,
        lang: str = Language.EN,
        programs: Sequence[str] | None = None,
    ) -> list[Upcoming]:
        """The people of a household whose outcome changes within ``days`` days after
        ``on``, for every program (or the ones named): children turning 8 or 21, covers
        ending, limits reopening. Each comes with the first change of outcome and why.

        Raises:
            UnknownProgramError, HouseholdError: for bad input (``days`` below 1).

        .. versionadded:: 0.2
        """
        language = check_arguments(on, lang)
        full = parse_household(household)
        house = as_of(full, on)
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise HouseholdError([Problem(Code.NOT_A_NUMBER_OF_DAYS, "days",
                                          {"found": days})])
        chosen = [self.program(p) for p in programs] if programs else list(self.programs.values())
        found = [(program, person) for program in chosen
                 for person in self.applicants(program, house)]
        from .upcoming import upcoming  # noqa: PLC0415 - timelines load when asked for

        return upcoming(found, full, on, days, language, self.engine, self.definitions)

    def what_if(
        self,
        program: str | Program,
        household: Household | Mapping[str, Any],
        *,
        applicant: str | Person | None = None,
        on: date,
        lang: str = Language.EN,
    ) -> WhatIf:
        """What would change the decision: for a refusal, per criterion not met, the
        nearest change of each fact that would meet it (facts that cannot change are
        never suggested) and the first date it is met with the facts unchanged, with the
        single changes that make the applicant eligible, or why none does; for an
        undetermined decision, the values of each missing fact that decide it each way;
        for a benefit table, the fact that would choose another row. Every answer is
        checked by deciding again.

        Raises:
            UnknownProgramError, HouseholdError: for bad input.

        .. versionadded:: 0.2
        """
        asked = self._resolve(program, household, applicant, on, lang)
        from .whatif import what_if  # noqa: PLC0415 - loads when asked for

        return what_if(asked.program, asked.full, asked.applicant, on, asked.lang, self.engine,
                       self.definitions, self.content_hash)

    def _resolve(self, program: str | Program, household: Household | Mapping[str, Any],
                 applicant: str | Person | None, on: date, lang: str) -> Request:
        return resolve(self._own(program), household, applicant, on, lang)

    def _own(self, program: str | Program) -> Program:
        """This book's program, named by its id or given as its object (another rule
        book's program object is refused: never decided with this book's code)."""
        if isinstance(program, Program):
            try:  # (a subscript of the read-only mapping costs less than its ``get``)
                if self.programs[program.id] is program:
                    return program
            except KeyError:
                pass
            raise _foreign(program)
        return self.program(program)

    def _decide(self, program: Program, household: Household, applicant: Person, on: date,
                lang: Language, full: Household | None = None) -> Decision:
        """The decision; with ``full`` (the household as given, people not yet born
        included), its next change too."""
        # Every engine evaluates in the library's decimal context, whatever the caller's;
        # assembling the decision computes nothing (it converts values exactly).
        if full is None:  # the day's decision alone: one call does it all
            return self._explainer.decide(program, household, applicant, on, lang)
        if not program.in_force(on):
            evaluation = None
            decision = self._explainer.not_in_force(program, household, applicant, on, lang)
        else:
            evaluation = self.engine.evaluate(program, household, applicant, on)
            decision = self._explainer.decision(program, household, applicant, on, lang,
                                                evaluation)
        return self._with_next_change(decision, program, full, applicant, on, lang,
                                      evaluation)

    def _with_next_change(self, decision: Decision, program: Program, full: Household,
                          applicant: Person, on: date, lang: Language,
                          evaluation: Evaluation | None) -> Decision:
        """The decision with its next change (:attr:`Decision.next_change`), looked for in
        the library's decimal context; a rule that fails on a later date leaves the day's
        decision as it stands."""
        from .changes import next_change  # noqa: PLC0415 - only when asked for
        from .timeline import Scanner, horizon  # noqa: PLC0415

        with arithmetic():
            scanner = Scanner(program, full, applicant, self.engine, self.definitions, on,
                              horizon(on))
            try:
                change = next_change(scanner, scanner.state(on, evaluation), lang)
            except EvaluationError:
                change = None
        return decision if change is None else decision.model_copy(update={"next_change": change})

    # -- examples --------------------------------------------------------------------------
    def run_examples(self, program_ids: Sequence[str] | None = None) -> list[ExampleResult]:
        """Run every example of the rule files (or of the given programs)."""
        return [self._run_example(program, example)
                for program in self.programs.values()
                if not program_ids or program.id in program_ids
                for example in program.examples]

    def _run_example(self, program: Program, example: Example) -> ExampleResult:
        try:
            decision = self.evaluate(program, example.household, applicant=example.applicant,
                                     on=example.on, next_change=False)
        except EligibilityError as exc:
            return ExampleResult(program.id, example.name, program.file, (f"error: {exc}",))
        return ExampleResult(program.id, example.name, program.file,
                             tuple(compare_expectation(example.expect, decision)), decision)

    def __iter__(self) -> Iterator[Program]:
        return iter(self.programs.values())

    def __len__(self) -> int:
        return len(self.programs)


def _foreign(program: Program) -> HouseholdError:
    """A program given as an object that is not this rule book's (another book's, with
    rules of its own): refused, never decided with this book's code for its id."""
    return HouseholdError([Problem(Code.FOREIGN_PROGRAM, "program", {"id": program.id})])
