"""fairlint: a linter for pricing fairness and sales practice."""

__version__ = "0.1.0"
