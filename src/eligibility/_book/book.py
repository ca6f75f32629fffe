"""The rule book: load once (read, check, compile), then evaluate many times."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
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
from eligibility._model.decision import Decision
from eligibility._model.errors import (
    Diagnostic,
    EligibilityError,
    HouseholdError,
    RuleBookError,
    Severity,
    UnknownProgramError,
)
from eligibility._model.household import Household, Person, Role
from eligibility._model.household_io import parse_household
from eligibility._model.numbers import arithmetic
from eligibility._model.vocabulary import EngineName, Language
from eligibility._rulefiles.discovery import RuleSources, read_sources

from . import cache as rulebook_cache
from .examples import ExampleResult, compare_expectation
from .explain import Explainer
from .households import as_of as _as_of
from .households import check_arguments as _check_arguments
from .households import deceased as _deceased

if TYPE_CHECKING:
    from eligibility._model.roster_io import RosterRecord

    from .diff import RosterDiff
    from .roster import ScreenedChunk

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
class RuleBook:
    """A loaded, checked, compiled rule book, evaluated by one engine. Immutable.

    Use :meth:`load`; evaluate with :meth:`evaluate` or :meth:`screen`.

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
        object.__setattr__(self, "_explainer", Explainer(self.content_hash, self.engine.name))

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
        compiled = None
        if cache and not sources.diagnostics:
            compiled = rulebook_cache.load_cached(sources.content_hash)
        if compiled is None:
            compiled = _compile(root, sources)
            if cache:
                rulebook_cache.store(sources.content_hash, compiled)
        return cls(
            root=root, programs=MappingProxyType(dict(sorted(compiled.programs.items()))),
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
        return [person for person in household.people
                if person.role in program.applies_to and not _deceased(person)
                and (on is None or person.born_by(on))]

    # -- evaluation ------------------------------------------------------------------------
    def evaluate(
        self,
        program: str | Program,
        household: Household | Mapping[str, Any],
        *,
        applicant: str | Person | None = None,
        on: date,
        lang: str = Language.EN,
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

        Raises:
            UnknownProgramError, HouseholdError: for bad input. Never for an ordinary
                ineligible or undetermined case.
        """
        compiled = program if isinstance(program, Program) else self.program(program)
        language = _check_arguments(on, lang)
        house = _as_of(parse_household(household), on)
        if isinstance(applicant, Person) and applicant.id in house.not_yet_born:
            raise HouseholdError([("applicant", f"{applicant.id!r} is not yet born on {on}")])
        person = self._applicant(compiled, house, applicant)
        return self._decide(compiled, house, person, on, language)

    def screen(
        self,
        household: Household | Mapping[str, Any],
        *,
        on: date,
        lang: str = Language.EN,
        programs: Sequence[str] | None = None,
    ) -> list[Decision]:
        """Every program (or the ones named), for every person each program applies to."""
        language = _check_arguments(on, lang)
        house = _as_of(parse_household(household), on)
        chosen = [self.program(p) for p in programs] if programs else list(self.programs.values())
        return [self._decide(program, house, person, on, language)
                for program in chosen for person in self.applicants(program, house)]

    def _applicant(self, program: Program, household: Household,
                   applicant: str | Person | None) -> Person:
        if applicant is None:
            return self._default_applicant(program, household)
        if isinstance(applicant, Person):
            if not any(p is applicant for p in household.people):
                raise HouseholdError([("applicant", f"{applicant.id!r} is not a person of "
                                       "this household")])
            person = applicant
        else:
            if applicant in household.not_yet_born:
                raise HouseholdError([("applicant", f"{applicant!r} is not yet born on the "
                                       "evaluation date")])
            try:
                person = household.person(applicant)
            except KeyError:
                hint = suggest(applicant, [p.id for p in household.people])
                raise HouseholdError([("applicant", f"no person {applicant!r} in the household"
                                       + (f"; did you mean {hint!r}?" if hint else ""))]) from None
        if person.role not in program.applies_to:
            raise HouseholdError([("applicant", f"{person.id!r} has the role "
                                   f"{person.role.value}; {program.id} applies to "
                                   f"{', '.join(program.applies_to)}")])
        if _deceased(person):
            raise HouseholdError([("applicant", "a deceased affiliate cannot apply")])
        return person

    def _default_applicant(self, program: Program, household: Household) -> Person:
        candidates = self.applicants(program, household)
        if Role.AFFILIATE in program.applies_to and household.affiliate in candidates:
            return household.affiliate
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise HouseholdError([("applicant", f"nobody in the household is a "
                                   f"{' or '.join(program.applies_to)} for {program.id}")])
        raise HouseholdError([("applicant", "several people may apply ("
                               + ", ".join(p.id for p in candidates) + "); name one")])

    def _decide(self, program: Program, household: Household, applicant: Person, on: date,
                lang: Language) -> Decision:
        # Every engine evaluates in the library's decimal context, whatever the caller's;
        # assembling the decision computes nothing (it converts values exactly).
        if not program.in_force(on):
            return self._explainer.not_in_force(program, household, applicant, on, lang)
        evaluation = self.engine.evaluate(program, household, applicant, on)
        return self._explainer.decision(program, household, applicant, on, lang, evaluation)

    def _decide_with(self, program: Program, household: Household, applicant: Person,
                     on: date, lang: Language, evaluation: Evaluation | None) -> Decision:
        """The decision an evaluation made elsewhere (a batch) gives; ``None`` for a
        program not in force on ``on``."""
        with arithmetic():
            if evaluation is None:
                return self._explainer.not_in_force(program, household, applicant, on, lang)
            return self._explainer.decision(program, household, applicant, on, lang,
                                            evaluation)

    # -- rosters ---------------------------------------------------------------------------
    def screen_roster(
        self,
        records: Iterable[RosterRecord],
        *,
        on: date,
        lang: str = Language.EN,
        programs: Sequence[str] | None = None,
        batch_size: int = 20_000,
    ) -> Iterator[ScreenedChunk]:
        """Screen a roster's records (:func:`read_roster`), ``batch_size`` at a time.

        Each chunk gives, record by record in input order, its decisions (as
        :meth:`screen` gives them) or why it was not screened; with the columnar engine
        (:meth:`with_engine`) the chunk is decided in one pass per program, and also
        gives its decisions as columns (compact output). Memory is bounded by the chunk.

        Raises:
            UnknownProgramError, HouseholdError: an unknown program, a bad date or
                language (before any record is read).
        """
        from .roster import screen_records  # noqa: PLC0415 - rosters only

        language = _check_arguments(on, lang)
        for program_id in programs or ():
            self.program(program_id)
        return screen_records(self, records, on=on, lang=language, programs=programs,
                              batch_size=batch_size)

    def diff(
        self,
        other: RuleBook,
        records: Iterable[RosterRecord],
        *,
        on: date,
        programs: Sequence[str] | None = None,
        batch_size: int = 100_000,
    ) -> RosterDiff:
        """What ``other`` (a proposed change of these rules) decides differently over a
        roster's records (:func:`read_roster`) on ``on``: who gains and who loses which
        benefit, and why (the criteria whose result changed), with counts by program and
        member category and the amounts' totals before and after. Both rule books are
        run on the columnar engine (``pip install 'eligibility[columnar]'``).

        Raises:
            UnknownProgramError: a program neither rule book has.
            EngineUnavailableError: Polars is not installed.
        """
        from .diff import diff_records  # noqa: PLC0415 - the columnar extra

        _check_arguments(on, Language.EN)
        before = self if self.engine.name is EngineName.COLUMNAR \
            else self.with_engine(EngineName.COLUMNAR)
        after = other if other.engine.name is EngineName.COLUMNAR \
            else other.with_engine(EngineName.COLUMNAR)
        return diff_records(before, after, records, on=on, programs=programs,
                            batch_size=batch_size)

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
                                     on=example.on)
        except EligibilityError as exc:
            return ExampleResult(program.id, example.name, program.file, (f"error: {exc}",))
        return ExampleResult(program.id, example.name, program.file,
                             tuple(compare_expectation(example.expect, decision)), decision)

    def __iter__(self) -> Iterator[Program]:
        return iter(self.programs.values())

    def __len__(self) -> int:
        return len(self.programs)


def _compile(root: Path, sources: RuleSources) -> rulebook_cache.Compiled:
    """Parse, validate and compile the rule files (raises :class:`RuleBookError`)."""
    # The parser, the rule-file schema and the compiler load only here: a rule book read
    # back from the cache needs none of them.
    from eligibility._compile.compiler import compile_files  # noqa: PLC0415
    from eligibility._rulefiles.discovery import read_rule_files  # noqa: PLC0415

    files = read_rule_files(root, sources)
    result = compile_files(files.files)
    diagnostics = [*files.diagnostics, *result.diagnostics]
    if any(d.severity is Severity.ERROR for d in diagnostics):
        raise RuleBookError(diagnostics)
    return rulebook_cache.Compiled(result.programs, result.definitions, result.parameters,
                                   tuple(diagnostics))
