"""The ``eligibility`` command line: ``main(argv) -> int``, its exit codes, and the console
entry point ``run``."""

from .app import ExitCode, main, run

__all__ = ["ExitCode", "main", "run"]
