"""Answer checking gives the hints a tutor would."""

from __future__ import annotations

import pytest
import sympy as sp

import fluxlib as fl
from fluxlib.checks import check, check_answer, check_expression
from fluxlib.errors import FluxInputError


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        (3.0, ""),
        (-3.0, "sign"),
        (300.0, "units"),
        (0.003, "units"),
        (3.3, "close"),
        (6.0, "factor"),
        (None, "unanswered"),
        (..., "unanswered"),
        ("three", "wrong"),
        (17.0, "wrong"),
    ],
)
def test_numeric_hints(value, hint):
    fb = check(value, 3.0, unit="W")
    assert fb.hint == hint
    assert fb.correct == (hint == "")


def test_expression_hints():
    x, k, L = sp.symbols("x k L", positive=True)
    expected = k * x / L
    assert check_expression(k * x / L, expected).correct
    assert check_expression(-k * x / L, expected).hint == "sign"
    assert check_expression(2 * k * x / L, expected).hint == "factor"
    fb = check_expression(k * x**2 / L, expected)
    assert fb.hint == "dependence" and "x" in fb.message
    assert check_expression(k * x / L + sp.Symbol("y"), expected).hint == "dependence"


def test_unknown_key_lists_known_ones():
    with pytest.raises(FluxInputError, match="no exercise with key 'nope'; known keys: .*1.1-steady-flux"):
        check_answer("nope", 1.0)


def test_registered_answer_is_checked():
    q = fl.checks.expected_value("1.1-steady-flux")
    assert check_answer("1.1-steady-flux", q).correct
    assert check_answer("1.1-steady-flux", -q).hint == "sign"
    assert check_answer("1.1-steady-flux", q / 1000).hint == "units"
