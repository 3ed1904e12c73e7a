"""Sections 3.5–3.7: the plasma column (derivations, numerics against closed forms, errors, answers)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from scipy import constants as sc

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.fv import Grid
from fluxlib.models import plasma as pm
from fluxlib.symbolic import plasma as sym

# ------------------------------------------------------------------ derivations (3.5)


def test_current_diffusion_equation():
    d = sym.current_diffusion()
    Jf, eta = d.symbols["J"], d.symbols["eta"]
    r, mu0 = sym.r, sym.mu0
    expected = (sp.diff(eta * Jf, r) + r * sp.diff(eta * Jf, r, 2)) / (mu0 * r)
    assert sp.simplify(d.result.doit() - expected) == 0
    uniform = sym.eta * (sp.diff(Jf, r) / r + sp.diff(Jf, r, 2)) / mu0
    assert sp.simplify(d.extra["uniform"] - uniform.subs(eta, sym.eta)) == 0


def test_bessel_mode_solves_uniform_equation():
    assert sp.simplify(sym.bessel_mode().result) == 0


def test_spitzer_density_cancels_and_matches_formula():
    d = sym.spitzer()
    s = d.symbols
    expected = (
        s["alpha_Z"]
        * 4
        * sp.sqrt(2 * sp.pi)
        * s["Z"]
        * sym.e**2
        * sp.sqrt(sym.me)
        * s["lnL"]
        / (3 * (4 * sp.pi * sym.eps0) ** 2 * s["kT"] ** sp.Rational(3, 2))
    )
    assert sp.simplify(d.result - expected) == 0
    assert sym.n not in d.result.free_symbols


def test_safety_factor_closed_form():
    d = sym.safety_factor()
    x, nu = sym.x, sym.nu
    p = sp.Rational(3, 2) * nu + 1
    assert sp.simplify(d.result - x**2 / (1 - (1 - x**2) ** p)) == 0
    qa = 2 * sp.pi * sym.a**2 * sym.Bz / (sym.mu0 * sym.R0 * d.extra["I"].subs(sym.r, sym.a))
    assert sp.simplify(d.extra["q_a"] - qa) == 0
    assert sp.simplify(d.extra["q_0"] / d.extra["q_a"] - 1 / p) == 0


# ------------------------------------------------------------------ Spitzer and columns


def test_spitzer_coefficient_against_published_value():
    # NRL Plasma Formulary: η⊥ = 1.03e-4 Z lnΛ T[eV]^-3/2 Ω m; along B, Braginskii α(1) = 0.5129
    C = pm.spitzer_coefficient(1)
    assert C / 0.5129 == pytest.approx(1.03e-4, rel=5e-3)
    # independent evaluation from the constants
    perp = (
        4
        * math.sqrt(2 * math.pi)
        * sc.e**2
        * math.sqrt(sc.m_e)
        / (3 * (4 * math.pi * sc.epsilon_0) ** 2 * sc.e**1.5)
    )
    assert C == pytest.approx(0.5129 * perp, rel=1e-12)
    # T^-3/2 and Z lnΛ scaling
    assert pm.spitzer_resistivity(4000.0) / pm.spitzer_resistivity(1000.0) == pytest.approx(1 / 8)
    eta2 = pm.spitzer_resistivity(1000.0, Z=2, ln_lambda=10.0)
    assert eta2 == pytest.approx(pm.spitzer_coefficient(2) * 2 * 10 / 1000.0**1.5)


def test_coulomb_log_nrl():
    assert pm.coulomb_log(2000.0, 1e20) == pytest.approx(24 - math.log(1e7 / 2000.0))


def test_q_edge_and_critical_current():
    c = pm.Column()
    assert c.q_edge == pytest.approx(2 * math.pi * 0.25 * 2.5 / (sc.mu_0 * 1.7 * 0.6e6))
    Ic = pm.critical_current(c.a, c.R0, c.B_z)
    assert pm.edge_q(c.a, c.R0, c.B_z, Ic) == pytest.approx(1.0)


@pytest.mark.parametrize("nu", [0.5, 1.0, 2.0])
def test_steady_profile_q_against_closed_form(nu):
    c = pm.Column()
    prof = pm.steady_profile(c, nu)
    assert prof.I[-1] == pytest.approx(c.I_p, rel=1e-12)
    assert prof.q[-1] == pytest.approx(c.q_edge, rel=1e-9)
    x = prof.r / c.a
    exact = pm.q_closed_form(x, c.q_edge, nu)
    assert np.max(np.abs(prof.q - exact) / exact) < 1e-5
    # J ∝ T^3/2 with E uniform
    assert np.allclose(prof.J, prof.E * c.conductivity(prof.T), rtol=1e-10)


def test_q2_radius_closed_forms():
    c = pm.Column()
    qa = c.q_edge
    # ν = 2/3: q = q_a/(2 - x²)  ->  x² = 2 - q_a/m
    prof = pm.steady_profile(c, 2 / 3)
    for m in (2.0,):
        assert prof.radius_of_q(m) == pytest.approx(c.a * math.sqrt(2 - qa / m), rel=1e-5)
    assert prof.radius_of_q(1.0) is None  # q(0) = q_a/2 > 1
    # ν = 4/3: q = q_a/(3 - 3u + u²), u = x²
    prof = pm.steady_profile(c, 4 / 3)
    for m in (2.0, 1.5):
        u = (3 - math.sqrt(9 - 4 * (3 - qa / m))) / 2
        assert prof.radius_of_q(m) == pytest.approx(c.a * math.sqrt(u), rel=1e-5)
    # flat temperature: q uniform, no surfaces
    flat = pm.steady_profile(c, 0.0)
    assert np.allclose(flat.q, qa)
    assert flat.radius_of_q(2.0) is None


# ------------------------------------------------------------------ current diffusion on the FV core


def test_penetration_second_order_against_bessel_series():
    c = pm.Column()
    eta = float(c.resistivity(c.T0))
    tau = c.resistive_time()
    times = np.array([0.0, 0.02, 0.05, 0.1]) * tau
    errs = []
    for n in (20, 40):
        res = pm.diffuse_current(
            c, eta, 0.0, times, n=n, edge="loop voltage", E_edge=0.05, method="crank-nicolson", dt=tau / 4000
        )
        exact = pm.penetration_exact(res.r, times, a=c.a, eta=eta, J_edge=0.05 / eta)
        errs.append(np.max(np.abs(res.J[1:] - exact[1:])) / (0.05 / eta))
    order = math.log2(errs[0] / errs[1])
    assert errs[1] < 2e-3
    assert 1.8 < order < 2.3


def test_neumann_mode_decays_on_resistive_clock():
    from scipy.special import j0, jn_zeros

    c = pm.Column()
    eta = float(c.resistivity(c.T0))
    k = jn_zeros(1, 1)[0]  # J0'(k) = 0: no current crosses the edge
    tau_k = sc.mu_0 * c.a**2 / (eta * k**2)
    g = Grid.uniform(0.0, c.a, 200, geometry="cylindrical")
    J0 = 1e6 + 1e5 * j0(k * g.centers / c.a)
    res = pm.diffuse_current(c, eta, J0, [0.0, tau_k], n=200, method="crank-nicolson", dt=tau_k / 2000)
    amp = (res.J[-1] - 1e6) @ j0(k * g.centers / c.a) / ((J0 - 1e6) @ j0(k * g.centers / c.a))
    assert amp == pytest.approx(math.exp(-1), rel=2e-3)
    assert res.I[-1] == pytest.approx(res.I[0], rel=1e-12)


def test_hold_current_relaxes_to_J_over_eta_and_conserves_current():
    c = pm.Column()
    g = Grid.uniform(0.0, c.a, 80, geometry="cylindrical")
    start = pm.steady_profile(c, 0.5)
    J0 = np.interp(g.centers, start.r, start.J)
    eta = c.resistivity(c.temperature(g.centers, 2.0))
    res = pm.diffuse_current(c, eta, J0, [0.0, 1.0, 40.0], n=80)
    assert np.max(np.abs(res.I / res.I[0] - 1)) < 1e-12
    E = res.E[-1]
    assert np.ptp(E) / np.mean(E) < 1e-9  # ηJ uniform: the discrete steady state is exact
    # and the q = 2 radius agrees with the closed-form steady profile
    target = pm.steady_profile(c, 2.0)
    assert res.profile(k=-1).radius_of_q(2.0) == pytest.approx(target.radius_of_q(2.0), rel=2e-3)


def test_diffusion_errors():
    c = pm.Column()
    with pytest.raises(FluxInputError, match="edge must be 'hold current' or 'loop voltage'"):
        pm.diffuse_current(c, 1e-8, 0.0, [0.0, 1.0], edge="open")
    with pytest.raises(FluxInputError, match="needs the edge electric field E_edge"):
        pm.diffuse_current(c, 1e-8, 0.0, [0.0, 1.0], edge="loop voltage")
    with pytest.raises(FluxInputError, match="resistivity η \\(Ω m\\) must be positive"):
        pm.diffuse_current(c, -1e-8, 0.0, [0.0, 1.0])


def test_column_errors():
    with pytest.raises(FluxInputError, match="major radius R0 = 0.3 m must exceed the minor radius"):
        pm.Column(R0=0.3)
    with pytest.raises(FluxInputError, match="plasma current I_p \\(A\\) must be positive"):
        pm.Column(I_p=-1.0)
    with pytest.raises(FluxInputError, match="edge temperature 3000 eV must be below the central"):
        pm.Column(T_edge=3000.0)
    with pytest.raises(FluxInputError, match="ion charge number Z must be 1, 2, 3 or 4"):
        pm.Column(Z=1.5)
    with pytest.raises(FluxInputError, match="Spitzer resistivity needs T_e > 0"):
        pm.spitzer_resistivity(0.0)
    with pytest.raises(FluxInputError, match="temperature peaking ν must not be negative"):
        pm.Column().temperature(0.1, -1.0)
    with pytest.raises(FluxInputError, match="rational q value m/n must be positive"):
        pm.steady_profile(pm.Column(), 1.0).radius_of_q(0.0)


# ------------------------------------------------------------------ 3.6: ohmic heating, braking


def test_ohmic_power_derivation():
    d = sym.ohmic_power()
    assert sp.simplify(d.result - 2 * sp.pi * sym.R0 * sym.E * sym.I) == 0


def test_frozen_heating_derivation():
    d = sym.frozen_heating()
    s = d.symbols
    expected = s["T_a"] + s["p"] * (sym.a**2 - sym.r**2) / (4 * s["kappa"])
    assert sp.simplify(d.result - expected) == 0


def test_frozen_eta_heating_matches_parabola():
    c = pm.Column()
    res = pm.ohmic_equilibrium(c, chi=1.0, T_edge=50.0, n=80, freeze_eta=True)
    p = res.p_ohm[0]
    assert np.allclose(res.p_ohm, p)  # uniform current, uniform heating
    exact = 50.0 + p / (c.n_e * sc.e) * (c.a**2 - res.r**2) / (4 * 1.0)
    # cell averages of a parabola vs point values: O(h²)
    assert np.max(np.abs(res.T - exact)) / np.max(exact) < 1e-3


def test_self_consistent_state_balances_and_is_a_fixed_point():
    c = pm.Column()
    res = pm.ohmic_equilibrium(c, chi=1.0, T_edge=50.0, n=60, tol=1e-10)
    assert res.P_edge == pytest.approx(res.P_ohm, rel=1e-9)  # heating = conduction out
    assert res.P_ohm == pytest.approx(res.V_loop * c.I_p, rel=1e-12)  # ∫ηJ² = E I
    again = pm.ohmic_equilibrium(c, chi=1.0, T_edge=50.0, n=60, T_start=res.T, relax=1.0, tol=1e-10)
    assert again.iterations <= 3
    assert np.max(np.abs(again.T - res.T)) < 1e-6 * res.T[0]
    # hot paths carry the current: J ∝ T^3/2
    assert np.allclose(res.J / res.J[0], (res.T / res.T[0]) ** 1.5)
    # more loss, cooler plasma
    lossy = pm.ohmic_equilibrium(c, chi=3.0, T_edge=50.0, n=60)
    assert lossy.T[0] < res.T[0]


def test_ohmic_errors():
    c = pm.Column()
    with pytest.raises(FluxInputError, match="heat diffusivity χ \\(m²/s\\) must be positive"):
        pm.ohmic_equilibrium(c, chi=0.0)
    with pytest.raises(FluxInputError, match="relaxation factor ω must be in \\(0, 1\\]"):
        pm.ohmic_equilibrium(c, relax=1.5)
    with pytest.raises(FluxInputError, match="no self-consistent state after 3 iterations"):
        pm.ohmic_equilibrium(c, max_iter=3)


def test_braking_derivation():
    d = sym.derive_magnetic_braking()
    t, tau = sym.t, d.extra["tau"]
    vx0, vy0, vz0 = sp.symbols("v_x0 v_y0 v_z0", real=True)
    expected = sp.Matrix([vx0 * sp.exp(-t / tau), vy0 * sp.exp(-t / tau), vz0])
    assert sp.simplify(d.result - expected) == sp.zeros(3, 1)


def test_braking_ode_exact_exponential_and_energy():
    rho, sigma, B = 510.0, 3.0e6, 5.0
    tau = rho / (sigma * B**2)
    times = np.linspace(0.0, 5 * tau, 41)
    br = pm.magnetic_braking([1.0, -0.5, 0.7], times, rho=rho, sigma=sigma, B=B)
    assert br.tau == pytest.approx(tau)
    assert np.max(np.abs(br.v - br.exact)) < 1e-7
    assert np.allclose(br.v[:, 2], 0.7)  # along B nothing happens
    # kinetic energy lost = Joule heat dissipated
    assert np.allclose(br.kinetic[0] - br.kinetic, br.dissipated, rtol=1e-6, atol=1e-9)


def test_braking_errors():
    with pytest.raises(FluxInputError, match="conductivity σ \\(S/m\\) must be positive"):
        pm.braking_time(1.0, 0.0, 1.0)
    with pytest.raises(FluxInputError, match="initial velocity v0 must have three components"):
        pm.magnetic_braking([1.0, 2.0], [0.0, 1.0], rho=1.0, sigma=1.0, B=1.0)


# ------------------------------------------------------------------ 3.7: the kink


def test_kink_limit_derivation():
    d = sym.kink_limit()
    assert sp.simplify(d.result - 2 * sp.pi * sym.a**2 * sym.Bz / (sym.mu0 * sym.R0)) == 0
    assert sp.simplify(d.extra["q_a"] - 2 * sp.pi * sym.a**2 * sym.Bz / (sym.mu0 * sym.R0 * sym.I)) == 0
    f = sp.lambdify((sym.a, sym.R0, sym.Bz, sym.mu0), d.result)
    assert pm.critical_current(0.5, 1.7, 2.5) == pytest.approx(f(0.5, 1.7, 2.5, sc.mu_0))


def test_stability_map_boundary():
    I = np.linspace(0.5e6, 4e6, 50)
    B = np.linspace(1.0, 5.0, 30)
    q = pm.stability_map(0.5, 1.7, I, B)
    unstable = q < 1
    Ic = pm.critical_current(0.5, 1.7, B)[:, None]
    assert np.array_equal(unstable, I[None, :] > Ic)


def test_kink_displacement_and_moved_current():
    assert pm.kink_displacement(1.2, 0.5) == 0.0
    assert pm.kink_displacement(0.5, 0.5) > 0
    with pytest.raises(FluxInputError, match="edge safety factor q\\(a\\) must be positive"):
        pm.kink_displacement(0.0, 0.5)
    a, xi = 0.5, 0.1
    closed = pm.moved_current_fraction(a, xi)
    counted = pm.moved_current_fraction(a, xi, grid=800)
    assert counted == pytest.approx(closed, abs=5e-3)
    # small shifts: fraction ≈ 2ξ/(πa)
    assert pm.moved_current_fraction(a, 1e-4) == pytest.approx(2e-4 / (math.pi * a), rel=1e-3)
    z, x, y = pm.helix(pm.Column(), 0.1)
    assert np.allclose(np.hypot(x, y), 0.1)


# ------------------------------------------------------------------ answers


def test_answer_keys():
    c = pm.Column()
    assert fl.checks.expected_value("3.5-q2-radius") == pytest.approx(
        c.a * math.sqrt(2 - c.q_edge / 2), rel=1e-5
    )
    eta = 0.5129 * 1.03e-4 * 17 / 3000.0**1.5
    assert fl.checks.expected_value("3.5-resistive-time") == pytest.approx(sc.mu_0 * 0.25 / eta, rel=5e-3)
    assert fl.checks.expected_value("3.6-braking-time") == pytest.approx(510.0 / (3.0e6 * 25.0))
    assert fl.checks.expected_value("3.7-critical-current") == pytest.approx(
        2 * math.pi * 0.36 * 3.0 / (sc.mu_0 * 1.8)
    )
    assert fl.checks.check_answer("3.7-critical-current", 3.0e6).correct


# ------------------------------------------------------------------ panels


@pytest.mark.parametrize("maker", ["current_profile_panel", "ohmic_panel", "kink_panel"])
def test_panels_update_in_place(maker):
    import fluxlib.widgets.plasma as wp

    panel = getattr(wp, maker)()
    first = panel.apply()
    assert first and not first.startswith("⚠")
    assert panel.animated
    ctrl = panel.controls[0]
    for v in (ctrl.min, ctrl.max):
        msg = panel.apply(**{ctrl.name: v})
        assert msg and not msg.startswith("⚠")
