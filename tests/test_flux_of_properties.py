"""Section 1.4: kinetic-energy and momentum flux factors of velocity profiles."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib import profiles as core
from fluxlib.errors import FluxInputError
from fluxlib.plotting.profiles import pipe_factors_fast, power_law_shape, seventh_power_shape
from fluxlib.symbolic import profiles as sym


# --- derivations (reference values of the content map) ------------------------------------
def test_pipe_poiseuille_alpha_2_beta_4_3():
    d = sym.pipe_poiseuille()
    assert sp.simplify(d.result - 2) == 0
    assert sp.simplify(d.extra["beta"] - sp.Rational(4, 3)) == 0
    assert sp.simplify(d.extra["u"] - 2 * sym.U * (1 - sym.r**2 / sym.R**2)) == 0


def test_channel_poiseuille_alpha_54_35_beta_6_5():
    d = sym.channel_poiseuille()
    assert sp.simplify(d.result - sp.Rational(54, 35)) == 0
    assert sp.simplify(d.extra["beta"] - sp.Rational(6, 5)) == 0


def test_power_law_closed_form():
    d = sym.power_law_pipe()
    m, n = sym.m, sym.n
    # expanding (1 - s^m)^3 term by term: ⟨(1-s^m)^3⟩ = 1 - 6/(m+2) + 6/(2m+2) - 2/(3m+2), mean m/(m+2)
    cube = 1 - 6 / (m + 2) + 6 / (2 * m + 2) - 2 / (3 * m + 2)
    assert sp.simplify(d.result - cube / (m / (m + 2)) ** 3) == 0
    assert sp.simplify(d.result.subs(m, 2) - 2) == 0  # Newtonian: Poiseuille
    assert sp.simplify(d.extra["alpha_n"] - d.result.subs(m, (n + 1) / n)) == 0
    assert sp.limit(d.result, m, sp.oo) == 1  # n → 0: plug


def test_seventh_power_alpha_and_beta():
    d = sym.turbulent_pipe()

    # ⟨(1-s)^q⟩ = 2/((q+1)(q+2)) (beta function), independently
    def mean(q):
        return sp.Rational(2) / ((q + 1) * (q + 2))

    p = sp.Rational(1, 7)
    assert sp.simplify(d.result - mean(3 * p) / mean(p) ** 3) == 0
    assert sp.simplify(d.extra["beta"] - mean(2 * p) / mean(p) ** 2) == 0
    assert 1.05 < float(d.result) < 1.07


# --- numerics vs closed form ---------------------------------------------------------------
@pytest.mark.parametrize("n", [0.1, 0.3, 0.5, 1.0, 2.0, 3.0])
def test_quadrature_matches_closed_form(n):
    expected = 3 * (3 * n + 1) ** 2 / ((2 * n + 1) * (5 * n + 3))
    prof = core.power_law_pipe(n)
    assert core.kinetic_energy_factor(prof) == pytest.approx(expected, rel=1e-10)
    m = (n + 1) / n
    assert core.momentum_factor(prof) == pytest.approx((m + 2) / (m + 1), rel=1e-10)
    mean, alpha, beta = pipe_factors_fast(power_law_shape(n))
    assert mean == pytest.approx(1.0, rel=1e-10)
    assert alpha == pytest.approx(expected, rel=1e-9)
    assert beta == pytest.approx((m + 2) / (m + 1), rel=1e-9)


def test_quadrature_reference_values():
    pipe, channel = core.poiseuille_pipe(), core.poiseuille_channel()
    assert core.kinetic_energy_factor(pipe) == pytest.approx(2.0, rel=1e-12)
    assert core.momentum_factor(pipe) == pytest.approx(4.0 / 3.0, rel=1e-12)
    assert core.kinetic_energy_factor(channel) == pytest.approx(54 / 35, rel=1e-12)
    assert core.momentum_factor(channel) == pytest.approx(6 / 5, rel=1e-12)
    assert pipe_factors_fast(lambda s: np.ones_like(s))[1:] == pytest.approx((1.0, 1.0), rel=1e-12)
    exact = float(sym.turbulent_pipe().result)
    assert core.kinetic_energy_factor(core.turbulent_pipe(7)) == pytest.approx(exact, rel=1e-10)
    # the plotting module's 1/7 shape has mean exactly 1: <(1-s)^(1/7)> = 2/((8/7)(15/7)) = 49/60
    s = np.linspace(0.0, 1.0, 200001)
    f = seventh_power_shape(s) * 2 * s
    assert np.sum(0.5 * (f[1:] + f[:-1]) * np.diff(s)) == pytest.approx(1.0, rel=1e-4)


def test_answer_keys():
    assert fl.checks.expected_value("1.4-ke-ratio") == pytest.approx(2.0, rel=1e-12)
    assert fl.checks.expected_value("1.4-seventh-alpha") == pytest.approx(43200 / 40817, rel=1e-8)
    assert fl.checks.check_answer("1.4-ke-ratio", 2).correct
    assert not fl.checks.check_answer("1.4-ke-ratio", 4 / 3).correct


def test_input_errors():
    with pytest.raises(FluxInputError, match="flow index n must be positive"):
        power_law_shape(0.0)
    with pytest.raises(FluxInputError, match="no forward flow"):
        pipe_factors_fast(lambda s: np.zeros_like(s))


def test_panel():
    from fluxlib.widgets.profiles import power_law_panel

    panel = power_law_panel()
    assert "α = 2.000" in panel.apply(n=1.0)
    box = panel.widget()
    box.flux_controls["n"].value = 0.2
    assert "α = " in box.flux_note.value
    assert box.flux_timing["last_ms"] < 200  # generous on a shared machine
