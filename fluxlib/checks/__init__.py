"""Answer checking for exercises and coursework: feedback with hints, not just right or wrong.

``check(value, expected, ...)`` compares a number and explains a miss in the terms a tutor
would use: the wrong sign (which way does positive flux point?), a factor of a power of ten
(check the units), close but outside the tolerance. ``check_expression`` compares a sympy
expression and, when it is wrong, says which variable it depends on wrongly.

Each exercise in the book has a key; ``check_answer(key, value)`` looks the expected value
up in the answer registry (:mod:`fluxlib.checks.answers`), where it is computed by fluxlib,
never typed in by hand.
"""

from __future__ import annotations

from fluxlib.checks.base import Feedback, answer, check, check_answer, check_expression, expected_value

__all__ = ["Feedback", "answer", "check", "check_answer", "check_expression", "expected_value"]
