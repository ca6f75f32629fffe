"""Every text filled: no ``{placeholder}`` reaches a reader, in any language, wherever a
text is shown (decisions, the command line; the built documentation is checked in
``test_docs.py``)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from rich.console import Console

from eligibility import Decision, RuleBook
from eligibility.cli import main
from eligibility.cli.render import render_decision
from eligibility.cli.trace import render_explain

LANGUAGES = ("ar", "fr", "en")
BRACES = re.compile(r"[{}]")


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return RuleBook.load()


def _decision_texts(decision: Decision) -> list[str]:
    texts = [decision.program_title, *(c.text for c in decision.criteria), *decision.reasons]
    if decision.category_label is not None:
        texts.append(decision.category_label)
    return texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_of_every_example_decision_is_filled(book: RuleBook, lang: str) -> None:
    checked = 0
    for program in book.programs.values():
        for example in program.examples:
            decision = book.evaluate(program, example.household, applicant=example.applicant,
                                     on=example.on, lang=lang)
            for text in _decision_texts(decision):
                assert not BRACES.search(text), (program.id, example.name, text)
                assert text.strip(), (program.id, example.name)
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_of_every_program_is_filled_on_every_date_it_changes(
        book: RuleBook, lang: str) -> None:
    """Titles, summaries, assumptions, versions, criteria, exceptions, outputs (with their
    rows, units and labels) and the parameters shown, on each date a value changes."""
    for program in book.programs.values():
        for on in {program.valid_from, *program.change_dates}:
            if not program.in_force(on):
                continue
            values = program.params_at(on)
            for texts in program.texts():
                rendered = texts.render(lang, values)
                assert "{" not in rendered, (program.id, on, rendered)
    values = {n: p.values[-1][1] for n, p in book.parameters.items()}
    for name, definition in book.definitions.items():
        assert "{" not in definition.text.render(lang, values), name


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_command_line_fills_every_text(book: RuleBook, lang: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """What ``check`` and ``explain`` print for an eligible example of each program (its
    benefit, the texts of its outputs and parameters included), and ``programs``."""
    for program in book.programs.values():
        example = next(e for e in program.examples if e.expect.outcome.value == "eligible")
        decision = book.evaluate(program, example.household, applicant=example.applicant,
                                 on=example.on, lang=lang)
        for render in (lambda c, d, p, lang: render_decision(c, d, lang),
                       lambda c, d, p, lang: render_explain(c, d, p, lang, "rules")):
            console = Console(file=io.StringIO(), width=100)
            render(console, decision, program, lang)
            out = console.file.getvalue()  # type: ignore[attr-defined]
            assert not BRACES.search(out), (program.id, out)
    assert main(["programs", "--lang", lang]) == 0
    assert "{" not in capsys.readouterr().out


def test_an_output_text_names_the_output_and_does_not_restate_its_value(book: RuleBook) -> None:
    """An output is shown as ``text: value unit``: a text that writes the value again
    (``Montant annuel : {orphan_grant_yearly} MAD``) reads it twice (``Montant annuel :
    15 000 MAD : 15 000 MAD par an``). Its placeholders may give context (a loan's
    duration), never the parameter the output's value is."""
    restated = []
    for program in book.programs.values():
        for output in program.outputs:
            if output.text is None:
                continue
            values = {row.then.parameter for row in output.rows if row.then is not None}
            written = output.text.placeholders()
            for name in sorted(written & (values - {None})):
                restated.append(f"{program.id}: {output.name} writes {{{name}}}")
    assert restated == []


def test_every_parameter_a_text_shows_is_listed_and_its_assumption_marked(book: RuleBook) -> None:
    """A parameter named only in a text (``{rate_subsidy_points}`` in an output's text) is
    shown to readers: the program's page lists it and a decision marks it when its value
    is assumed, as for a parameter a criterion reads."""
    for program in book.programs.values():
        named = {n for texts in program.texts() for n in texts.placeholders()
                 if n in program.parameters}
        assert all(isinstance(n, str) for n in program.placeholders)
        assert named <= program.parameters_shown, program.id
    loan = book.program("housing.preferential-loan")
    assert "rate_subsidy_points" not in loan.reads.parameters
    assert "rate_subsidy_points" in loan.parameters_shown
    on = date(2026, 5, 20)
    assert loan.parameters["rate_subsidy_points"].assumed_on(on)
    assert "rate_subsidy_points" in loan.assumed_parameters(on)
