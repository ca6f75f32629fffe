"""A loader that cannot be blown up, and texts that cannot deceive: aliases bounded, tags
refused, numbers bounded by their digits, rule files only from inside the rule folder,
no surrogates, bidirectional or other control characters in texts, ASCII digits only in
expressions, reserved names refused. Each case is a finding of the hardening probe."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest

from eligibility import RuleBook, RuleBookError
from eligibility.cli import ExitCode, main
from programs import GRANT_HEAD

GRANT = GRANT_HEAD + """\
  - id: attack
    when: WHEN
    text: {ar: شرط, fr: Condition, en: Condition}
"""
GLOBALS = """\
kind: definitions
id: shared
title: {ar: مشترك, fr: Commun, en: Shared}
status: illustrative
parameters:
  PARAMS
definitions:
  - id: is_member
    value: household.affiliate.status != 'deceased'
    text: {ar: منخرط, fr: Adhérent, en: Member}
"""
HOUSEHOLD = {"id": "h", "affiliate": {"id": "a", "status": "active",
                                      "birth_date": date(1980, 1, 1)}}


def _grant(when: str = "applicant.age >= 0", extra: str = "") -> str:
    return GRANT.replace("WHEN", when) + extra


def _load_error(root: Path) -> RuleBookError:
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(root)
    return caught.value


def _codes(root: Path) -> list[str]:
    return [str(code) for code in _load_error(root).codes]


def _bomb(levels: int) -> str:
    """Nested aliases: each level lists the previous one ten times."""
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


# -- finding: an alias bomb under an unknown key took 86 s and 3.1 GB ------------------------


def test_an_alias_bomb_is_refused_without_being_expanded(tmp_path: Path) -> None:
    """Six levels of ten aliases (a million values, from a few hundred bytes): refused at
    the first alias past the budget, before any later step walks the data (the
    probe's seven levels took 86 s and 3.1 GB, six 10.8 s and 303 MB)."""
    (tmp_path / "grant.yaml").write_text(_grant(extra=_bomb(6)), encoding="utf-8")
    error = _load_error(tmp_path)
    (diagnostic,) = error.diagnostics
    assert diagnostic.code == "yaml-alias"
    assert "more than 100000 values" in diagnostic.message
    assert diagnostic.line == 18  # lol4 (111,111 values), the level that crosses the budget


def test_aliases_that_repeat_a_value_are_kept(tmp_path: Path) -> None:
    text = _grant().replace("title: {ar: منحة, fr: Aide, en: Grant}",
                            "title: &t {ar: منحة, fr: Aide, en: Grant}\nsummary: *t")
    (tmp_path / "grant.yaml").write_text(text, encoding="utf-8")
    book = RuleBook.load(tmp_path)
    assert book.program("social.grant").summary == book.program("social.grant").title


@pytest.mark.parametrize(("text", "code"), [
    ("a: *missing\n", "yaml-alias"),
    ("a: &x [1, *x]\n", "yaml-alias"),  # an alias inside its own anchor
    ("a: !!python/object:os.system x\n", "yaml-tag"),
    ("a: " + "[" * 41 + "]" * 41 + "\n", "yaml-too-deep"),
    ("a: 1\n---\nb: 2\n", "yaml-syntax"),
    ("a: 1\na: 2\n", "duplicate-key"),
    ("1: a\ntrue: b\n", "duplicate-key"),  # equal keys in Python
])
def test_the_reader_refuses(text: str, code: str) -> None:
    from eligibility._model.yaml_reader import YamlProblem, read_yaml

    with pytest.raises(YamlProblem) as caught:
        read_yaml(text)
    assert caught.value.code == code


def test_merge_keys_and_yaml_12_scalars() -> None:
    from eligibility._model.yaml_reader import read_yaml

    document = read_yaml("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n"
                         "flags: [on, yes, no, true, ~, 0x1F, 0o17, 1_000, 2020-02-30, 2.50]\n")
    assert document.data["m"] == {"x": 1, "y": 3}
    assert document.data["flags"] == ["on", "yes", "no", True, None, 31, 15, 1000,
                                      "2020-02-30", __import__("decimal").Decimal("2.50")]
    assert document.values[("m", "x")] == (0, 13)  # merged: where the anchor has it


# -- finding: a 4,301-digit integer and a 4,000-hex-digit parameter escaped as ValueError ----


@pytest.mark.parametrize("value", ["1" * 4301, "0x" + "f" * 4000, "1" * 31, "1e-31",
                                   "0." + "0" * 40 + "1", "1" + "0" * 40 + ".5"])
def test_numbers_are_bounded_by_their_digits(tmp_path: Path, value: str) -> None:
    (tmp_path / "grant.yaml").write_text(
        _grant("applicant.age < big", f"parameters:\n  big: {{2020-01-01: {value}}}\n"),
        encoding="utf-8")
    assert _codes(tmp_path) == ["number-too-long"]


def test_a_number_of_thirty_digits_loads(tmp_path: Path) -> None:
    (tmp_path / "grant.yaml").write_text(
        _grant("applicant.age < big", f"parameters:\n  big: {{2020-01-01: {'9' * 30}}}\n"),
        encoding="utf-8")
    book = RuleBook.load(tmp_path)
    decision = book.evaluate("social.grant", HOUSEHOLD, on=date(2024, 1, 1))
    assert decision.outcome == "eligible"


# -- finding: nested exceptions 150 deep raised RecursionError at load -----------------------


def _nested(levels: int) -> str:
    lines, indent = [], "    "
    for level in range(1, levels + 1):
        lines += [f"{indent}exceptions:", f"{indent}  - id: e{level}",
                  f"{indent}    when: applicant.age > {level}"]
        indent += "    "
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("levels", "code"), [(11, "exceptions-too-deep"),
                                              (98, "yaml-too-deep"),
                                              (150, "yaml-too-deep")])
def test_deeply_nested_exceptions_are_refused(tmp_path: Path, levels: int, code: str) -> None:
    (tmp_path / "grant.yaml").write_text(_grant() + _nested(levels), encoding="utf-8")
    assert _codes(tmp_path) == [code]


# -- finding: a Latin-1 file name raised UnicodeEncodeError -------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="file names of any bytes: Linux")
def test_a_file_name_that_is_not_utf8_is_refused(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    name = os.fsdecode(b"r\xe8gle.yaml")  # Latin-1 'règle'
    (tmp_path / name).write_text(_grant(), encoding="utf-8")
    error = _load_error(tmp_path)
    (diagnostic,) = error.diagnostics
    assert diagnostic.code == "encoding"
    assert diagnostic.file == "r\\xe8gle.yaml"
    str(error).encode("utf-8")  # printable: no lone surrogate
    assert main(["validate", str(tmp_path)]) == ExitCode.RULES
    assert "r\\xe8gle.yaml" in capsys.readouterr().out


# -- finding: rule files that are links out of the folder were read and echoed --------------


def test_a_link_out_of_the_rule_folder_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password_of_the_database: hunter2\n", encoding="utf-8")
    root = tmp_path / "rules"
    root.mkdir()
    (root / "grant.yaml").write_text(_grant(), encoding="utf-8")
    (root / "secret.yaml").symlink_to(secret)
    error = _load_error(root)
    assert [(d.code, d.file) for d in error.diagnostics] == [
        ("outside-rule-folder", "secret.yaml")]
    assert "password" not in str(error)
    assert "hunter2" not in str(error)


def test_links_inside_the_rule_folder_are_read(tmp_path: Path) -> None:
    (tmp_path / "grant.txt").write_text(_grant(), encoding="utf-8")
    (tmp_path / "grant.yaml").symlink_to(tmp_path / "grant.txt")
    assert list(RuleBook.load(tmp_path).programs) == ["social.grant"]


# -- finding: lone surrogates passed validate, then broke every JSON decision ----------------


@pytest.mark.parametrize("escaped", ["caf\\ud83d\\ude00", "caf\\ud83d"])
def test_a_lone_surrogate_in_a_text_is_refused(tmp_path: Path, escaped: str) -> None:
    text = _grant("applicant.age < limit", "parameters:\n  limit:\n    values: "
                  "{2020-01-01: 18}\n    text: {ar: حد, fr: Limite, en: \"" + escaped + "\"}\n")
    (tmp_path / "grant.yaml").write_text(text, encoding="utf-8")
    error = _load_error(tmp_path)
    assert [d.code for d in error.diagnostics] == ["invalid-unicode"]
    str(error).encode("utf-8")


# -- finding: look-alike digits, bidi controls and ANSI escapes were accepted ----------------


@pytest.mark.parametrize("digits", ["1৪", "১৮", "௧௮", "١٨", "۱۸", "１８"],
                         ids=["bengali-4", "bengali", "tamil", "arabic-indic",
                              "eastern-arabic", "full-width"])
def test_only_ascii_digits_in_expressions(tmp_path: Path, digits: str) -> None:
    (tmp_path / "grant.yaml").write_text(_grant(f"applicant.age >= {digits}"),
                                         encoding="utf-8")
    (diagnostic,) = _load_error(tmp_path).diagnostics
    assert diagnostic.code == "non-ascii-digit"
    assert (diagnostic.line, diagnostic.column) == (12, 11 + len("applicant.age >= ")
                                                    + (1 if digits == "1৪" else 0))


@pytest.mark.parametrize(("where", "char", "code"), [
    ("literal", "\\u202e", "bidi-control"),
    ("literal", "\\u2066", "bidi-control"),
    ("text", "\\u200f", "bidi-control"),
    ("text", "\\e[31m", "control-character"),
    ("text", "\\x9b31m", "control-character"),
    ("literal", "\\x07", "control-character"),
])
def test_texts_hold_no_bidi_or_control_characters(tmp_path: Path, where: str, char: str,
                                                   code: str) -> None:
    if where == "literal":
        text = _grant().replace("when: applicant.age >= 0",
                                f"when: \"applicant.id != 'x{char}y'\"")
    else:
        text = _grant().replace("en: Condition}", f"en: \"Cond{char}ition\"}}")
    (tmp_path / "grant.yaml").write_text(text, encoding="utf-8")
    error = _load_error(tmp_path)
    assert [d.code for d in error.diagnostics] == [code]
    assert "\x1b" not in str(error)
    assert "\u202e" not in str(error)


def test_no_escape_sequence_reaches_the_terminal(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    text = _grant().replace("title: {ar: منحة, fr: Aide, en: Grant}",
                            'title: {ar: منحة, fr: Aide, en: "\\e[2J\\e[31mGrant"}')
    (tmp_path / "grant.yaml").write_text(text, encoding="utf-8")
    household = tmp_path / "h.json"
    household.write_text('{"id": "h", "affiliate": {"id": "a", "status": "active"}}',
                         encoding="utf-8")
    for command in (["check", str(household), "-p", "social.grant", "--on", "2024-01-01"],
                    ["explain", str(household), "-p", "social.grant", "--on", "2024-01-01"],
                    ["validate"]):
        rules = ["--rules", str(tmp_path)] if command != ["validate"] else [str(tmp_path)]
        assert main([*command, *rules]) == ExitCode.RULES
        out, err = capsys.readouterr()
        assert "\x1b" not in out + err
        assert "control-character" in out + err


# -- finding: a global parameter named 'on', 'household' or 'applicant' was accepted ---------


@pytest.mark.parametrize("name", ["on", "household", "applicant", "date", "count", "lambda"])
def test_a_reserved_name_is_refused_for_a_global_parameter(tmp_path: Path, name: str) -> None:
    (tmp_path / "shared.yaml").write_text(
        GLOBALS.replace("PARAMS", f"{name}: {{1900-01-01: 5}}"), encoding="utf-8")
    (tmp_path / "grant.yaml").write_text(_grant("is_member"), encoding="utf-8")
    (diagnostic,) = _load_error(tmp_path).diagnostics
    assert (diagnostic.code, diagnostic.file, diagnostic.json_path) == (
        "reserved-name", "shared.yaml", f"$.parameters.{name}")


@pytest.mark.parametrize("snippet", [
    "parameters:\n  on: {2020-01-01: 5}\n",
    "parameters:\n  applicant: {2020-01-01: 5}\n",
])
def test_a_reserved_name_is_refused_for_a_program_parameter(tmp_path: Path,
                                                            snippet: str) -> None:
    (tmp_path / "grant.yaml").write_text(_grant(extra=snippet), encoding="utf-8")
    assert _codes(tmp_path) == ["reserved-name"]


def test_a_reserved_name_is_refused_for_a_definition_and_its_argument(tmp_path: Path) -> None:
    shared = GLOBALS.replace("parameters:\n  PARAMS\n", "").replace(
        "  - id: is_member\n", "  - id: household\n    params: {on: person}\n")
    (tmp_path / "shared.yaml").write_text(shared, encoding="utf-8")
    (tmp_path / "grant.yaml").write_text(_grant(), encoding="utf-8")
    assert [d.json_path for d in _load_error(tmp_path).diagnostics] == [
        "$.definitions[0].id", "$.definitions[0].params.on"]
