"""The rule book: load once (parse, check, compile), then evaluate many times."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from eligibility._compile.compiler import compile_files
from eligibility._compile.ir import Criterion, Definition, Exception_, Parameter, Program
from eligibility._engines.native.engine import CoreResult, NativeEngine
from eligibility._engines.runtime import Unknown
from eligibility._language.ast import Name, walk
from eligibility._language.checker import suggest
from eligibility._model.codes import DiagnosticCode as Code
from eligibility._model.decision import (
    CriterionResult,
    CriterionStatus,
    Decision,
    Outcome,
    Source,
    to_value,
)
from eligibility._model.errors import (
    Diagnostic,
    EligibilityError,
    EngineUnavailableError,
    HouseholdError,
    RuleBookError,
    Severity,
    UnknownProgramError,
)
from eligibility._model.household import Affiliate, AffiliateStatus, Household, Person
from eligibility._rulefiles.schema import Texts
from eligibility._rulefiles.yaml import load_yaml, validate

__all__ = ["Engine", "ExampleResult", "RuleBook", "default_rules_path", "parse_household"]

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class Engine(Protocol):
    """What an engine does: a program's outcome, criterion results and outputs.

    ``core`` returns ``(outcome, values, applied)``: the outcome
    (``"eligible"``, ``"ineligible"`` or ``"undetermined"``), one value per
    active criterion (``True``, ``False`` or an ``Unknown`` value) in the order
    of ``program.active_criteria(on)``, and the exceptions applied to each.
    """

    name: str

    def core_result(self, program: Program, household: Household, applicant: Person,
                    on: date) -> CoreResult: ...

    def output_values(self, program: Program, household: Household, applicant: Person,
                      on: date) -> dict[str, Any]: ...


class _Native(NativeEngine):
    def core_result(self, program: Program, household: Household, applicant: Person,
                    on: date) -> CoreResult:
        return self.compiled(program, on).core(household, applicant, on)

    def output_values(self, program: Program, household: Household, applicant: Person,
                      on: date) -> dict[str, Any]:
        return self.compiled(program, on).outputs(household, applicant, on)


def default_rules_path() -> Path:
    """The rule pack shipped with the package (or, in a source checkout, ``rules/``)."""
    shipped = resources.files("eligibility") / "rules"
    if shipped.is_dir():
        return Path(str(shipped))
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise EligibilityError("no rule pack found: the package was installed without its rules")


def parse_household(data: Any, *, source: str | None = None) -> Household:
    """Validate household data; problems raise :class:`HouseholdError` with field paths."""
    if isinstance(data, Household):
        return data
    try:
        return Household.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            path = "household" + "".join(
                f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"]
            )
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append((path, message))
        raise HouseholdError(problems, source=source) from None


@dataclass(frozen=True)
class ExampleResult:
    """One rule-file example run: passed, or the differences found."""

    program: str
    name: str
    file: str
    failures: tuple[str, ...] = ()
    decision: Decision | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class RuleBook:
    """A loaded, checked, compiled rule book. Immutable once loaded.

    Use :meth:`load`; evaluate with :meth:`evaluate` or :meth:`screen`.
    """

    root: Path
    programs: Mapping[str, Program]
    definitions: Mapping[str, Definition]
    parameters: Mapping[str, Parameter]
    content_hash: str
    warnings: tuple[Diagnostic, ...] = ()
    engine: Engine = field(default=None)  # type: ignore[assignment]

    @classmethod
    def load(cls, path: str | Path | None = None, *, engine: str = "native") -> RuleBook:
        """Load every rule file under ``path`` (default: the shipped rule pack).

        Raises:
            RuleBookError: with every diagnostic of every file, if any is an error.
            EngineUnavailableError: if ``engine`` cannot run here.
        """
        root = Path(path) if path is not None else default_rules_path()
        if not root.is_dir():
            raise RuleBookError([Diagnostic(Code.NO_RULES, f"not a directory: {root}",
                                            file=str(root))])
        files = sorted(
            p for p in root.rglob("*")
            if p.suffix in (".yaml", ".yml") and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(root).parts)
        )
        digest = hashlib.sha256()
        diagnostics: list[Diagnostic] = []
        validated = []
        for file in files:
            name = file.relative_to(root).as_posix()
            raw = file.read_bytes()
            digest.update(name.encode() + b"\0" + raw + b"\0")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                diagnostics.append(Diagnostic(Code.ENCODING, f"not UTF-8: {exc.reason}", file=name,
                                              line=1, column=1))
                continue
            source, problems = load_yaml(name, text)
            diagnostics.extend(problems)
            if source is None:
                continue
            spec, problems = validate(source)
            diagnostics.extend(problems)
            if spec is not None:
                validated.append((source, spec))
        if not files:
            diagnostics.append(Diagnostic(Code.NO_RULES, f"no rule files under {root}",
                                          file=str(root)))
        result = compile_files(validated)
        diagnostics.extend(result.diagnostics)
        if any(d.severity is Severity.ERROR for d in diagnostics):
            raise RuleBookError(diagnostics)
        book = cls(root, dict(sorted(result.programs.items())), result.definitions,
                   result.parameters, digest.hexdigest(), tuple(diagnostics))
        book.engine = _make_engine(engine, book)
        return book

    def with_engine(self, engine: str) -> RuleBook:
        """The same rule book, evaluated by another engine (``native`` or ``durable``)."""
        other = RuleBook(self.root, self.programs, self.definitions, self.parameters,
                         self.content_hash, self.warnings)
        other.engine = _make_engine(engine, other)
        return other

    # -- lookup ----------------------------------------------------------------------------
    def program(self, program_id: str) -> Program:
        """The program with this id; :class:`UnknownProgramError` with a suggestion if none."""
        try:
            return self.programs[program_id]
        except KeyError:
            raise UnknownProgramError(program_id, suggest(program_id, self.programs)) from None

    def applicants(self, program: Program, household: Household, on: date | None = None
                   ) -> list[Person]:
        """The people a program is evaluated for (a deceased affiliate is never one)."""
        people = []
        for person in household.people:
            if person.role.value not in program.applies_to:
                continue
            if isinstance(person, Affiliate) and person.status is AffiliateStatus.DECEASED:
                continue
            people.append(person)
        return people

    # -- evaluation ------------------------------------------------------------------------
    def evaluate(
        self,
        program_id: str,
        household: Household | Mapping[str, Any],
        *,
        applicant: str | None = None,
        on: date,
        lang: str = "en",
    ) -> Decision:
        """Decide one application.

        Args:
            program_id: e.g. ``"leisure.summer-camp"``.
            household: a :class:`Household` or its JSON-like data.
            applicant: the person's id; by default the affiliate where the program applies
                to them, or else the only person it applies to.
            on: the evaluation date (every evaluation is "as of" a date).
            lang: ``ar``, ``fr`` or ``en`` for the texts.

        Raises:
            UnknownProgramError, HouseholdError: for bad input. Never for an ordinary
                ineligible or undetermined case.
        """
        program = self.program(program_id)
        house = parse_household(household)
        _check_arguments(on, lang)
        person = self._applicant(program, house, applicant)
        return self.decide(program, house, person, on, lang)

    def screen(
        self,
        household: Household | Mapping[str, Any],
        *,
        on: date,
        lang: str = "en",
        programs: Sequence[str] | None = None,
    ) -> list[Decision]:
        """Every program, for every person each program applies to."""
        house = parse_household(household)
        _check_arguments(on, lang)
        chosen = [self.program(p) for p in programs] if programs else list(self.programs.values())
        out = []
        for program in chosen:
            for person in self.applicants(program, house, on):
                out.append(self.decide(program, house, person, on, lang))
        return out

    def _applicant(self, program: Program, household: Household, applicant: str | None
                   ) -> Person:
        if applicant is not None:
            try:
                person = household.person(applicant)
            except KeyError:
                ids = [p.id for p in household.people]
                hint = suggest(applicant, ids)
                raise HouseholdError([("applicant", f"no person {applicant!r} in the household"
                                       + (f"; did you mean {hint!r}?" if hint else ""))]) from None
            if person.role.value not in program.applies_to:
                raise HouseholdError([("applicant", f"{applicant!r} has the role "
                                       f"{person.role.value}; {program.id} applies to "
                                       f"{', '.join(program.applies_to)}")])
            if isinstance(person, Affiliate) and person.status is AffiliateStatus.DECEASED:
                raise HouseholdError([("applicant", "a deceased affiliate cannot apply")])
            return person
        candidates = self.applicants(program, household)
        if "affiliate" in program.applies_to and household.affiliate in candidates:
            return household.affiliate
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise HouseholdError([("applicant", f"nobody in the household is a "
                                   f"{' or '.join(program.applies_to)} for {program.id}")])
        raise HouseholdError([("applicant", "several people may apply ("
                               + ", ".join(p.id for p in candidates) + "); name one")])

    def decide(self, program: Program, household: Household, applicant: Person, on: date,
               lang: str = "en") -> Decision:
        """Evaluate and build the full :class:`Decision` (the engine does the deciding)."""
        version = program.version_at(on)
        sources = self._sources(program)
        base: dict[str, Any] = {
            "program": program.id, "program_title": program.title.get(lang),
            "version": version.id, "on": on, "household": household.id,
            "applicant": applicant.id, "category": _category(household, applicant),
            "lang": lang, "status": program.status.value, "sources": sources,
            "rulebook_hash": self.content_hash, "engine": self.engine.name,
        }
        if not program.in_force(on):
            text = _NOT_IN_FORCE.get(lang, _NOT_IN_FORCE["en"]).format(
                start=program.valid_from, until=program.valid_until or "—")
            return Decision(**base, outcome=Outcome.INELIGIBLE, criteria=[CriterionResult(
                id="in-force", result=CriterionStatus.FAILED, text=text,
                values={"on": on.isoformat()})])
        outcome, values, applied = self.engine.core_result(program, household, applicant, on)
        compiled = self._native().compiled(program, on)
        params = compiled.params
        observed = compiled.observe(household, applicant, on)
        texts = self._texts(program, compiled, on, lang)
        results: list[CriterionResult] = []
        missing: set[str] = set()
        used: set[str] = set()
        for criterion, value, exceptions, seen, base_text in zip(
            compiled.criteria, values, applied, observed, texts, strict=True
        ):
            read = {obs.source: to_value(v) for obs, v in zip(criterion.observables, seen,
                                                              strict=True)}
            used.update(k for k in read if k in params)
            status = (CriterionStatus.PASSED if value is True else CriterionStatus.FAILED
                      if value is False else CriterionStatus.UNKNOWN)
            lacking = sorted(value.missing) if isinstance(value, Unknown) else []
            missing.update(lacking)
            text = base_text
            if exceptions:
                text = self._exception_text(criterion, exceptions, lang, params) or base_text
            results.append(CriterionResult(
                id=criterion.id, result=status, text=text,
                values=read, exceptions=list(exceptions), missing=lacking,
                illustrative=(criterion.status or program.status).value == "illustrative"
                or not _assumed_parameters(program).isdisjoint(read)
                or _assumed_exception(criterion.exceptions, exceptions),
            ))
        amounts: dict[str, Decimal] = {}
        details: dict[str, str | bool] = {}
        if outcome != Outcome.INELIGIBLE.value:
            for name, value in self.engine.output_values(program, household, applicant,
                                                         on).items():
                if isinstance(value, Unknown):
                    missing.update(value.missing)
                elif isinstance(value, (bool, str)):
                    details[name] = value if isinstance(value, bool) else str(value)
                else:
                    amounts[name] = Decimal(value)
        return Decision(
            **base, outcome=Outcome(outcome), amounts=amounts, details=details,
            criteria=results, missing=sorted(missing),
            parameters={k: to_value(params[k]) for k in sorted(used)},
            illustrative_outputs=[name for name in _assumed_outputs(program)
                                  if name in amounts or name in details],
        )

    def _sources(self, program: Program) -> list[Source]:
        cache: dict[str, list[Source]] = self.__dict__.setdefault("_source_cache", {})
        found = cache.get(program.id)
        if found is None:
            found = [Source(title=s.title, url=s.url, date=s.date) for s in program.sources]
            cache[program.id] = found
        return list(found)

    def _texts(self, program: Program, compiled: Any, on: date, lang: str) -> tuple[str, ...]:
        """Criterion texts with placeholders filled (fixed per program, period and language)."""
        cache: dict[tuple[str, int, str], tuple[str, ...]] = self.__dict__.setdefault(
            "_text_cache", {})
        key = (program.id, program.epoch(on), lang)
        found = cache.get(key)
        if found is None:
            found = tuple(render(c.text, lang, compiled.params) for c in compiled.criteria)
            cache[key] = found
        return found

    @staticmethod
    def _exception_text(criterion: Criterion, applied: Sequence[str], lang: str,
                        params: Mapping[str, Any]) -> str | None:
        """The text of the innermost applied exception that has one: it says what decided."""
        texts = [e.text for e in _applied_chain(criterion.exceptions, applied) if e.text]
        return render(texts[-1], lang, params) if texts else None

    def _native(self) -> NativeEngine:
        if isinstance(self.engine, NativeEngine):
            return self.engine
        native = getattr(self, "_native_engine", None)
        if native is None:
            native = _Native(self.definitions)
            self._native_engine = native
        return native

    # -- examples --------------------------------------------------------------------------
    def run_examples(self, program_ids: Sequence[str] | None = None) -> list[ExampleResult]:
        """Run every example of the rule files (or of the given programs)."""
        out = []
        for program in self.programs.values():
            if program_ids and program.id not in program_ids:
                continue
            for example in program.examples:
                out.append(self._run_example(program, example))
        return out

    def _run_example(self, program: Program, example: Any) -> ExampleResult:
        try:
            decision = self.evaluate(program.id, example.household, applicant=example.applicant,
                                     on=example.on)
        except EligibilityError as exc:
            return ExampleResult(program.id, example.name, program.file, (f"error: {exc}",))
        return ExampleResult(program.id, example.name, program.file,
                             tuple(compare_expectation(example.expect, decision)), decision)

    def __iter__(self) -> Iterator[Program]:
        return iter(self.programs.values())

    def __len__(self) -> int:
        return len(self.programs)


def compare_expectation(expect: Any, decision: Decision) -> list[str]:
    """Differences between an example's expectation and a decision (empty if it matches)."""
    failures = []
    if decision.outcome.value != expect.outcome:
        failures.append(f"outcome: expected {expect.outcome}, got {decision.outcome.value}")
    for name, amount in expect.amounts.items():
        got = decision.amounts.get(name)
        if got is None or Decimal(got) != Decimal(amount):
            failures.append(f"amounts.{name}: expected {amount}, got {got}")
    for name, detail in expect.details.items():
        if decision.details.get(name) != detail:
            failures.append(f"details.{name}: expected {detail!r}, "
                            f"got {decision.details.get(name)!r}")
    results = {c.id: c for c in decision.criteria}
    for cid, want in expect.criteria.items():
        got_result = results[cid].result.value if cid in results else "inactive"
        if got_result != want:
            failures.append(f"criteria.{cid}: expected {want}, got {got_result}")
    for cid, want_exc in expect.exceptions.items():
        got_exc = results[cid].exceptions if cid in results else []
        if list(got_exc) != list(want_exc):
            failures.append(f"exceptions.{cid}: expected {want_exc}, got {got_exc}")
    if expect.missing is not None and sorted(expect.missing) != decision.missing:
        failures.append(f"missing: expected {sorted(expect.missing)}, got {decision.missing}")
    if expect.version is not None and expect.version != decision.version:
        failures.append(f"version: expected {expect.version}, got {decision.version}")
    return failures


def render(texts: Texts, lang: str, params: Mapping[str, Any]) -> str:
    """A text in ``lang`` with ``{parameter}`` placeholders filled in."""
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            return match.group(0)
        value = to_value(params[name])
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    return _PLACEHOLDER.sub(fill, texts.get(lang))


@functools.lru_cache(maxsize=256)
def _assumed_parameters(program: Program) -> frozenset[str]:
    """The parameters of ``program`` that are labelled assumptions (``illustrative``)."""
    return frozenset(name for name, parameter in program.parameters.items()
                     if (parameter.status or program.status).value == "illustrative")


def _applied_chain(exceptions: tuple[Exception_, ...], applied: Sequence[str]
                   ) -> list[Exception_]:
    """The exceptions named by ``applied`` (outermost first), as objects."""
    chain: list[Exception_] = []
    for name in applied:
        found = next((e for e in exceptions if e.id == name), None)
        if found is None:
            break
        chain.append(found)
        exceptions = found.exceptions
    return chain


def _assumed_exception(exceptions: tuple[Exception_, ...], applied: Sequence[str]) -> bool:
    """Whether one of the exceptions applied is labelled an assumption."""
    return any(e.status is not None and e.status.value == "illustrative"
               for e in _applied_chain(exceptions, applied))


@functools.lru_cache(maxsize=256)
def _assumed_outputs(program: Program) -> tuple[str, ...]:
    """The outputs of ``program`` that rest on an assumption: their own status, or an
    illustrative parameter read by one of their rows."""
    assumed = _assumed_parameters(program)
    return tuple(
        output.name for output in program.outputs
        if (output.status or program.status).value == "illustrative"
        or any(isinstance(node, Name) and node.id in assumed
               for row in output.rows for expr in (row.when, row.then) if expr is not None
               for node in walk(expr.node))
    )


def _check_arguments(on: object, lang: str) -> None:
    # A datetime is a date too, but cannot be compared with the dates of rules and files.
    if not isinstance(on, date) or isinstance(on, datetime):
        hint = " (use .date())" if isinstance(on, datetime) else ""
        raise HouseholdError([("on", f"expected a date, got {type(on).__name__}{hint}")])
    if lang not in ("ar", "fr", "en"):
        raise HouseholdError([("lang", f"expected ar, fr or en, got {lang!r}")])


def _category(household: Household, person: Person) -> str | None:
    category = household.category_of(person)
    return None if category is None else category.value


_NOT_IN_FORCE = {
    "en": "The program is in force from {start} (until {until})",
    "fr": "Le programme est en vigueur à partir du {start} (jusqu'au {until})",
    "ar": "البرنامج ساري المفعول ابتداء من {start} (إلى غاية {until})",
}


def _make_engine(name: str, book: RuleBook) -> Engine:
    if name == "native":
        return _Native(book.definitions)
    if name == "durable":
        try:
            from eligibility._engines.durable import DurableEngine  # noqa: PLC0415 - optional dependency
        except ImportError as exc:  # pragma: no cover - depends on the interpreter
            raise EngineUnavailableError(
                f"the durable engine needs durable-rules, which cannot be imported here: {exc}"
            ) from None
        return DurableEngine(book)
    raise EngineUnavailableError(f"unknown engine {name!r}; choose 'native' or 'durable'")
