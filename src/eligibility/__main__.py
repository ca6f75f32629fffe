"""``python -m eligibility``: the command line, exactly as the ``eligibility`` console script
runs it (``eligibility.cli:run``)."""

from eligibility.cli import run

if __name__ == "__main__":
    run()
