"""The rule book: loading, evaluating, explaining, running the rule files' examples."""
