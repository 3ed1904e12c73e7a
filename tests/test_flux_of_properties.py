"""Section 1.4: kinetic-energy and momentum flux factors of velocity profiles."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib import profiles as core
from fluxlib.errors import FluxInputError
from fluxlib.plotting.friction import relative_velocity, update_profiles
from fluxlib.symbolic import friction as sym


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
    d = sym.derive_power_law_pipe()
    m, n = sym.m, sym.n
    # expanding (1 - s^m)^3 term by term: ⟨(1-s^m)^3⟩ = 1 - 6/(m+2) + 6/(2m+2) - 2/(3m+2), mean m/(m+2)
    cube = 1 - 6 / (m + 2) + 6 / (2 * m + 2) - 2 / (3 * m + 2)
    assert sp.simplify(d.result - cube / (m / (m + 2)) ** 3) == 0
    assert sp.simplify(d.result.subs(m, 2) - 2) == 0  # Newtonian: Poiseuille
    assert sp.simplify(d.extra["alpha_n"] - d.result.subs(m, (n + 1) / n)) == 0
    assert sp.limit(d.result, m, sp.oo) == 1  # n → 0: plug


def test_seventh_power_alpha_and_beta():
    d = sym.derive_turbulent_pipe()

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
    # the figure draws the core's profile divided by its mean: the centreline of a power-law
    # pipe flow runs at U (m + 2)/m = U (3n + 1)/(n + 1), by hand from <1 - s^m> = m/(m + 2)
    assert relative_velocity(prof, 0.0) == pytest.approx((3 * n + 1) / (n + 1), rel=1e-10)
    assert relative_velocity(prof, 1.0) == 0.0


def test_quadrature_reference_values():
    pipe, channel = core.poiseuille_pipe(), core.poiseuille_channel()
    assert core.kinetic_energy_factor(pipe) == pytest.approx(2.0, rel=1e-12)
    assert core.momentum_factor(pipe) == pytest.approx(4.0 / 3.0, rel=1e-12)
    assert core.kinetic_energy_factor(channel) == pytest.approx(54 / 35, rel=1e-12)
    assert core.momentum_factor(channel) == pytest.approx(6 / 5, rel=1e-12)
    plug = core.plug()
    assert (core.kinetic_energy_factor(plug), core.momentum_factor(plug)) == pytest.approx((1.0, 1.0))
    exact = float(sym.derive_turbulent_pipe().result)
    assert core.kinetic_energy_factor(core.turbulent_pipe(7)) == pytest.approx(exact, rel=1e-10)
    # <(1-s)^(1/7)> = 2/((8/7)(15/7)) = 49/60: the 1/7 profile's mean is 49/60 of its peak
    assert core.mean_velocity(core.turbulent_pipe(7)) == pytest.approx(49 / 60, rel=1e-12)


def test_figure_uses_the_core():
    from fluxlib.plotting.friction import plot_profiles

    art = plot_profiles(0.5)
    # n = 0.5 in the closed form 3(3n + 1)^2 / ((2n + 1)(5n + 3))
    assert art["dot"].get_ydata()[0] == pytest.approx(3 * 2.5**2 / (2 * 5.5), rel=1e-10)
    alpha = update_profiles(art, 1.0)
    assert alpha == pytest.approx(2.0, rel=1e-12)
    s = art["s"]
    np.testing.assert_allclose(art["u"].get_ydata(), 2 * (1 - s**2), atol=1e-12)
    np.testing.assert_allclose(art["w"].get_ydata(), 8 * (1 - s**2) ** 3 * 2 * s, atol=1e-10)


def test_answer_keys():
    assert fl.checks.expected_value("1.4-ke-ratio") == pytest.approx(2.0, rel=1e-12)
    assert fl.checks.expected_value("1.4-seventh-alpha") == pytest.approx(43200 / 40817, rel=1e-8)
    assert fl.checks.check_answer("1.4-ke-ratio", 2).correct
    assert not fl.checks.check_answer("1.4-ke-ratio", 4 / 3).correct


def test_input_errors():
    with pytest.raises(FluxInputError, match="flow behaviour index n must be positive"):
        core.power_law_pipe(0.0)
    from fluxlib.widgets.friction import power_law_panel

    assert "must be positive" in power_law_panel().apply(n=0.0)


def test_panel():
    from fluxlib.widgets.friction import power_law_panel

    panel = power_law_panel()
    assert "α = 2.000" in panel.apply(n=1.0)
    box = panel.widget()
    box.flux_controls["n"].value = 0.2
    assert "α = " in box.flux_note.value


def test_prose_claims_about_turbulent_and_laminar_alpha():
    # the page: the best turbulent exponent runs from about 1/6 to about 1/10, so turbulent α
    # lies between about 1.03 and 1.08; by hand with <(1-s)^q> = 2/((q+1)(q+2))
    def mean(q):
        return 2.0 / ((q + 1) * (q + 2))

    for m, lo, hi in ((6, 1.07, 1.08), (10, 1.03, 1.035)):
        by_hand = mean(3 / m) / mean(1 / m) ** 3
        assert lo < by_hand < hi
        assert core.kinetic_energy_factor(core.turbulent_pipe(m)) == pytest.approx(by_hand, rel=1e-10)
    # the exercise's solution: half of Poiseuille's α = 2 comes from inside r ≈ 0.4 R, about a
    # sixth of the area. ∫_0^s* 8(1-s²)³ 2s ds = 2(1 - (1 - s*²)⁴) = 1  =>  s*² = 1 - 2^(-1/4)
    s_star2 = 1 - 2 ** (-0.25)
    assert np.sqrt(s_star2) == pytest.approx(0.4, abs=0.005)
    assert s_star2 == pytest.approx(1 / 6, abs=0.01)
    from scipy.integrate import quad

    inner, _ = quad(lambda s: 8 * (1 - s**2) ** 3 * 2 * s, 0.0, np.sqrt(s_star2))
    assert inner == pytest.approx(1.0, rel=1e-10)


def test_alt_text_is_computed():
    from fluxlib.plotting.friction import profiles_alt

    alt = profiles_alt(0.3)
    assert "peaking at 1.46" in alt  # (3n + 1)/(n + 1) = 1.9/1.3 by hand
    assert "shear-thinning" in alt and "shear-thickening" in profiles_alt(2.0)
