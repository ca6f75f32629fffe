"""Tasks for eligibility: ``nox`` runs lint, typecheck and tests (as ``.ci/run`` does)."""

# ``nox`` with no arguments runs the same sessions as ``nox -s lint typecheck tests``,
# the command in the README and in ``.ci/run``; ``nox -l`` lists every session.
#
# The ``tests`` session is parametrised over the supported CPython versions (3.11,
# 3.12, 3.13) that are actually installed here.  A version counts as installed when
# ``pythonX.Y`` on PATH runs, or when a pyenv build of it exists under
# ``$PYENV_ROOT/versions`` even though that version is not active: pyenv's shims
# then refuse to run it and nox would not find it by itself, so it is exposed to
# nox through a PATH entry in ``.nox/.pythons`` (see ``_expose``).

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13")
# Tool versions are pinned so that a new release's rules cannot turn CI red overnight;
# bump them deliberately (ruff matches the one preinstalled on the dev machines).
RUFF = "ruff==0.17.6"
MYPY = "mypy==2.4.1"
IMPORT_LINTER = "import-linter==2.17"

nox.options.sessions = ["lint", "typecheck", "tests", "docs"]
nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
if hasattr(nox.options, "download_python"):
    # Only the interpreters found below are used: never try to download one
    # (this machine reaches PyPI and nothing else).
    nox.options.download_python = "never"


def _runs_as(executable: str, version: str) -> bool:
    """Whether ``executable`` starts and is CPython ``version`` (``"X.Y"``)."""
    try:
        result = subprocess.run(
            [executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and result.stdout.strip() == version


def _pyenv_candidates(version: str) -> list[Path]:
    """pyenv builds of ``version``, newest patch release first."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    if not root.is_dir():
        return []
    builds = [p for p in root.iterdir() if p.name == version or p.name.startswith(version + ".")]

    def patch(path: Path) -> int:
        tail = path.name[len(version) + 1 :]
        return int(tail) if tail.isdigit() else -1

    builds.sort(key=patch, reverse=True)
    return [p / "bin" / f"python{version}" for p in builds]


def _expose(version: str, executable: Path) -> None:
    """Make ``pythonX.Y`` on ``PATH`` point at ``executable`` for nox to find.

    A directory holding only ``pythonX.Y`` symlinks is put first on ``PATH``, so
    ``python``, ``python3`` and ``pip`` keep resolving as before.  It lives in
    ``.nox/`` because the virtualenvs made from these links point back at it: it
    must last exactly as long as they do.
    """
    directory = Path(__file__).resolve().parent / ".nox" / ".pythons"
    directory.mkdir(parents=True, exist_ok=True)
    link = directory / f"python{version}"
    if not (link.is_symlink() and link.resolve() == executable.resolve()):
        link.unlink(missing_ok=True)
        with contextlib.suppress(FileExistsError):  # another nox run just made it
            link.symlink_to(executable)
    path = os.environ.get("PATH", "")
    if str(directory) not in path.split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([str(directory), path]) if path else str(directory)


def _installed_pythons() -> list[str]:
    """The supported ``X.Y`` versions that can be run here, oldest first."""
    found: list[str] = []
    for version in SUPPORTED_PYTHONS:
        on_path = shutil.which(f"python{version}")
        if on_path is not None and _runs_as(on_path, version):
            found.append(version)
            continue
        for candidate in _pyenv_candidates(version):
            if candidate.is_file() and _runs_as(str(candidate), version):
                _expose(version, candidate)
                found.append(version)
                break
    return found


INSTALLED_PYTHONS = _installed_pythons()
# With none of the supported versions found, fall back to the interpreter that
# runs nox itself (``python=None``), so the sessions still exist and say why
# they fail instead of silently vanishing.
TEST_PYTHONS: list[str] | None = INSTALLED_PYTHONS or None
# Single-interpreter sessions use the oldest supported version available; mypy
# checks against 3.11 whatever interpreter runs it (``python_version`` in pyproject).
DEFAULT_PYTHON: str | None = INSTALLED_PYTHONS[0] if INSTALLED_PYTHONS else None

if not INSTALLED_PYTHONS:
    print(
        f"noxfile: none of Python {', '.join(SUPPORTED_PYTHONS)} found; "
        f"sessions use the interpreter running nox ({sys.executable})",
        file=sys.stderr,
    )


@nox.session(python=TEST_PYTHONS)
def tests(session: nox.Session) -> None:
    """Run pytest: the whole suite, or what extra arguments select (they go to pytest).

    ``nox -s tests-3.11 -- -m "not slow"`` runs the fast suite (under a minute on two
    cores) on one interpreter; without arguments every test runs, slow ones included,
    as in CI (tests/README.md has the split), spread over the machine's cores
    (pytest-xdist), except that the tests building the whole docs site run on the oldest
    interpreter only.

    The package is installed (not editable), so the end-to-end tests run its
    ``eligibility`` console script from this session's virtualenv.  durable-rules is
    installed by the ``test`` extra only below Python 3.13, so ``durable`` tests are
    skipped on 3.13.  pytest exiting 5 (no tests collected) fails the session like any
    other non-zero exit.
    """
    session.install(".[test]")
    args = list(session.posargs)
    if not args:
        args = ["--numprocesses=auto"]  # the tests are independent of each other
        if session.python != DEFAULT_PYTHON:
            # The docs site is built and rendered in a browser once, on the oldest
            # Python: its pages do not depend on the interpreter, and three builds in
            # three languages per interpreter would double the session's time.
            args += [f"--ignore=tests/{name}" for name in SITE_TESTS]
    session.run("pytest", *args)


#: The test files that build the whole docs site (run on the oldest Python only).
SITE_TESTS = ("test_docs.py", "test_docs_reproducible.py", "test_english_leak_site.py")


@nox.session(python=DEFAULT_PYTHON)
def lint(session: nox.Session) -> None:
    """Lint with ruff (formatting is not enforced yet), and check the import contract.

    The contract (``[tool.importlinter]`` in pyproject.toml) keeps the package layered by
    stage: each stage imports only the stages below it, the command line and the docs
    read the rules through the public API and the IR, and the engines are independent.
    """
    session.install(RUFF, IMPORT_LINTER, "-e", ".")
    session.run("ruff", "check", ".", *session.posargs)
    session.run("lint-imports")


@nox.session(python=DEFAULT_PYTHON)
def typecheck(session: nox.Session) -> None:
    """Run mypy --strict on the package and this noxfile (config in pyproject)."""
    # The columnar extra: mypy checks the columnar engine against Polars' own types.
    session.install(".[docs,columnar]", MYPY, "hypothesis", "nox", "types-docutils",
                    "types-PyYAML")
    session.run("mypy", *session.posargs)


DOC_LANGUAGES = ("en", "fr", "ar")


@nox.session(python=DEFAULT_PYTHON)
def docs(session: nox.Session) -> None:
    """Build the HTML docs in English, French and Arabic, into ``docs/_build/html/<lang>``,
    with the language-choice page ``docs/_build/html/index.html``.

    Warnings and broken references are errors (``-W -n``): a missing translation in a
    rule file, a failing rule-file example or a stale reference fails the build. The
    program pages are generated from the installed rule pack at build time. Extra
    arguments choose the languages, e.g. ``nox -s docs -- ar``.
    """
    languages = session.posargs or list(DOC_LANGUAGES)
    unknown = sorted(set(languages) - set(DOC_LANGUAGES))
    if unknown:
        session.error(f"unknown language(s) {', '.join(unknown)}; choose from "
                      f"{', '.join(DOC_LANGUAGES)}")
    # the API reference imports every public module, the columnar roster and the reform
    # comparison included: they need Polars
    session.install(".[docs,columnar]")
    for lang in languages:
        session.run(
            "sphinx-build", "-W", "-n", "--keep-going", "-b", "html", "-D", f"language={lang}",
            "-d", f"docs/_build/doctrees/{lang}", "docs", f"docs/_build/html/{lang}",
        )


@nox.session(python=DEFAULT_PYTHON)
def catalogue(session: nox.Session) -> None:
    """Keep the message catalogue: extract every marked message of the package with Babel,
    merge it into the Arabic and French ``.po`` files, compile them to ``.mo``, and list
    what is still untranslated (``src/eligibility/_i18n/tooling.py``).

    Translate the new messages in ``src/eligibility/_i18n/locale/<lang>/LC_MESSAGES/
    eligibility.po`` (an untranslated or fuzzy message fails the test suite), then run the
    session again to compile them. ``nox -s catalogue -- check`` only checks.
    """
    action = session.posargs[0] if session.posargs else "update"
    session.install("-e", ".")
    session.run("python", "-m", "eligibility._i18n.tooling", action)


@nox.session(python=DEFAULT_PYTHON)
def bench(session: nox.Session) -> None:
    """Run the benchmarks (extra arguments are passed to benchmarks/run.py).

    ``nox -s bench -- --durable`` also times the durable engine (its extra is then
    installed: durable-rules builds from source, which takes about a minute). The
    columnar engine runs over a generated roster of a million households
    (``-- --roster-households N`` for another size, 0 to skip it); a one-off
    ``eligibility check`` is started 21 times with the rule-book cache and 21 without
    (``-- --startup-runs N``).
    """
    session.install(".[columnar,durable]" if "--durable" in session.posargs else ".[columnar]")
    session.run("python", "benchmarks/run.py", *session.posargs)
