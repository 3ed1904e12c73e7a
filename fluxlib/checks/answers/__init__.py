"""Expected answers of the book's exercises, computed by fluxlib (one module per chapter)."""

from fluxlib.checks.answers import ch1, ch2, ch3  # noqa: F401  (registers the answers)
