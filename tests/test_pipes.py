"""Section 3.1: parallel pipes with inertia (derivations, network transient, answers, errors)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.pipes import Pipe, closed_form, valve_factor, valve_step
from fluxlib.symbolic import pipes as sym
from tests.conftest import notebook_prose


def test_branch_relaxation_derivation():
    d = sym.branch_relaxation()
    s = d.symbols
    Q, RA, RB, LA, LB, t, q0 = (s[k] for k in ("Q", "R_A", "R_B", "L_A", "L_B", "t", "Q_A0"))
    assert sp.simplify(d.extra["tau"] - (LA + LB) / (RA + RB)) == 0
    assert sp.simplify(d.extra["Q_inf"] - RB * Q / (RA + RB)) == 0
    expected = RB * Q / (RA + RB) + (q0 - RB * Q / (RA + RB)) * sp.exp(-t * (RA + RB) / (LA + LB))
    assert sp.simplify(d.result - expected) == 0
    # the solution satisfies both branch laws with the same ΔP
    qa = d.result
    dpa = RA * qa + LA * sp.diff(qa, t)
    dpb = RB * (Q - qa) + LB * sp.diff(Q - qa, t)
    assert sp.simplify(dpa - dpb) == 0


def test_pressure_jump_derivation():
    d = sym.pressure_jump()
    QA, QB, dR = d.symbols["Q_A"], d.symbols["Q_B"], d.symbols["dR"]
    assert sp.simplify(d.result - sym.L_B * QA * dR / (sym.L_A + sym.L_B)) == 0
    assert (
        sp.simplify(d.extra["dP"] - (sym.L_B * sym.R_A * QA + sym.L_A * sym.R_B * QB) / (sym.L_A + sym.L_B))
        == 0
    )


def test_pipe_coefficients_derivation():
    d = sym.pipe_coefficients()
    assert sp.simplify(d.result - sym.rho * sym.r**2 / (8 * sym.mu)) == 0


def test_pipe_numbers_match_poiseuille():
    p = Pipe(radius=2e-3, length=3.0, viscosity=2e-3, density=900.0)
    assert p.resistance == pytest.approx(8 * 2e-3 * 3.0 / (np.pi * 2e-3**4), rel=1e-12)
    assert p.inertance == pytest.approx(900.0 * 3.0 / (np.pi * 4e-6), rel=1e-12)


@pytest.mark.parametrize("closure", [0.0, 0.3, 0.5, 0.8])
def test_network_transient_matches_closed_form(closure):
    res = valve_step(closure)
    assert np.allclose(res.Q_A, res.Q_A_exact, rtol=1e-9, atol=1e-15)
    assert np.allclose(res.dP, res.dP_exact, rtol=1e-9)
    assert np.allclose(res.Q_A + res.Q_B, res.Q_total, rtol=1e-12)  # conservation at the junctions
    # the pressure just after the step is the old one plus the derived jump
    assert res.dP[0] == pytest.approx(res.dP_before + res.dP_jump, rel=1e-9)
    # after five time constants the flow has relaxed to within e^-5 of the new split
    gap0 = abs(res.Q_A_before - res.Q_A_after)
    assert abs(res.Q_A[-1] - res.Q_A_after) <= np.exp(-5) * gap0 * (1 + 1e-6) + 1e-18


def test_time_constant_is_the_network_loop_time_constant():
    res = valve_step(0.5, times=np.linspace(0.0, 1.0, 5))
    from fluxlib.models.pipes import two_branches

    sol = two_branches().solve_transient(
        {"inlet": 1.0, "outlet": -1.0}, list(res.R), list(res.L), [0.5, 0.5], [0.0]
    )
    assert sol.time_constants[0] == pytest.approx(res.tau, rel=1e-12)
    assert sol.time_constants[0] == pytest.approx(sum(res.L) / sum(res.R), rel=1e-12)


def test_tau_is_length_independent():
    a = valve_step(0.5, pipe_A=Pipe(length=10.0), pipe_B=Pipe(radius=4e-3, length=10.0))
    b = valve_step(0.5, pipe_A=Pipe(length=30.0), pipe_B=Pipe(radius=4e-3, length=30.0))
    assert a.tau == pytest.approx(b.tau, rel=1e-12)


def test_closed_form_helper_starts_and_ends_right():
    qa, dp, tau = closed_form([0.0, 1e6], Q=1.0, R_A=2.0, R_B=3.0, L_A=1.0, L_B=1.0, Q_A0=0.2)
    assert qa[0] == pytest.approx(0.2) and qa[1] == pytest.approx(0.6) and tau == pytest.approx(0.4)
    assert dp[1] == pytest.approx(2.0 * 0.6)


def test_answers():
    a, b = Pipe(), Pipe(radius=4e-3)
    ra = 4 * 8 * 1e-3 * 10 / (np.pi * 5e-3**4)
    rb = 8 * 1e-3 * 10 / (np.pi * 4e-3**4)
    la, lb = 1000 * 10 / (np.pi * 25e-6), 1000 * 10 / (np.pi * 16e-6)
    assert fl.checks.expected_value("3.1-tau") == pytest.approx((la + lb) / (ra + rb), rel=1e-12)
    qa = rb * 1e-5 / (ra / 4 + rb)
    assert fl.checks.expected_value("3.1-jump") == pytest.approx(
        lb * qa * (ra - ra / 4) / (la + lb), rel=1e-12
    )
    assert a.resistance < b.resistance
    assert fl.checks.check_answer("3.1-tau", 1.24).correct
    assert not fl.checks.check_answer("3.1-tau", 12.4).correct


def test_errors():
    with pytest.raises(FluxInputError, match=r"valve closure must be in \[0, 1\)"):
        valve_factor(1.0)
    with pytest.raises(FluxInputError, match=r"pipe radius r \(m\) must be positive"):
        Pipe(radius=-1.0)
    with pytest.raises(FluxInputError, match=r"viscosity μ \(Pa s\) must be positive"):
        Pipe(viscosity=0.0)
    with pytest.raises(FluxInputError, match=r"total flow Q \(m³/s\) must be positive"):
        valve_step(0.5, flow=0.0)
    assert valve_factor(0.5) == pytest.approx(4.0)
    with pytest.raises(FluxInputError, match=r"times must start at the valve step, t = 0 s"):
        valve_step(0.5, times=[1.0, 2.0])
    with pytest.raises(FluxInputError, match=r"times must be strictly increasing"):
        valve_step(0.5, times=[0.0, 2.0, 1.0])


def test_times_are_the_output_times():
    # the default is 200 times over five time constants; given times are used as they are
    res = valve_step(0.5)
    assert len(res.t) == 200 and res.t[-1] == pytest.approx(5 * res.tau, rel=1e-12)
    times = np.linspace(0.0, 12.0, 121)
    again = valve_step(0.5, times=times)
    assert np.array_equal(again.t, times)
    assert np.allclose(again.Q_A, again.Q_A_exact, rtol=1e-9, atol=1e-15)


def test_valve_panel_is_fast_and_in_place():
    from fluxlib.widgets.pipes import valve_panel

    panel = valve_panel()
    box = panel.widget()
    c = box.flux_controls["closure"]
    c.value = 0.7
    assert "τ =" in box.flux_note.value
    assert "viscous time" in box.flux_note.value  # the validity note reaches the reader
    assert panel.animated


# ------------------------------------------------------------------ review fixes (F1, F2)
def _markdown_31() -> str:
    return notebook_prose("3-1-parallel-pipes-with-inertia")


def test_reynolds_numbers_of_the_worked_problem_by_hand():
    # Re = 2ρQ/(πrμ). Before the step Q_A = R_B Q/(R_A0 + R_B) = Q/(1 + (r_B/r_A)^4) (same
    # length and liquid, R ∝ r⁻⁴); long after, R_A = 4 R_A0 and Q_B = Q - Q_A.
    Q, rA, rB = 1e-5, 5e-3, 4e-3
    qa0 = Q / (1 + (rB / rA) ** 4)
    qb1 = Q - Q / (1 + 4 * (rB / rA) ** 4)
    re_a = 2 * 1000 * qa0 / (np.pi * rA * 1e-3)
    re_b = 2 * 1000 * qb1 / (np.pi * rB * 1e-3)
    assert re_a == pytest.approx(903.3, abs=0.1)
    assert re_b == pytest.approx(988.3, abs=0.1)
    res = valve_step(0.5)
    assert Pipe().reynolds(res.Q_A_before) == pytest.approx(re_a, rel=1e-12)
    assert Pipe(radius=rB).reynolds(res.Q_total - res.Q_A_after) == pytest.approx(re_b, rel=1e-12)


def test_valve_loss_coefficient_by_hand():
    from fluxlib.models.pipes import valve_loss_coefficient

    # K = 3 R_A0 Q / (½ρ (Q/πr²)²) with R_A0 = 8μℓ/(πr⁴), ℓ = 10 m, r = 5 mm, water
    r, ell = 5e-3, 10.0
    R0 = 8 * 1e-3 * ell / (np.pi * r**4)
    for q in (7.09e-6, 3.79e-6):
        u = q / (np.pi * r**2)
        assert valve_loss_coefficient(0.5, q) == pytest.approx(3 * R0 * q / (0.5 * 1000 * u**2), rel=1e-12)
    # a nearly shut valve: hundreds of dynamic pressures at the worked problem's flows
    res = valve_step(0.5)
    assert (
        200 < valve_loss_coefficient(0.5, res.Q_A_before) < valve_loss_coefficient(0.5, res.Q_A_after) < 400
    )
    assert valve_loss_coefficient(0.0, res.Q_A_before) == 0.0


def test_valve_prose_says_where_the_linear_valve_fails():
    text = _markdown_31()
    assert "far below about 2000" not in text
    assert "loses pressure mostly with the square of the flow" in text
    assert "not a real valve's numbers" in text


def test_long_line_exercise_resets_the_valve():
    # a valve left at the same opening adds the same R_v: τ changes with n, toward (L_A+L_B)/(R_A0+R_B)
    A, B = Pipe(), Pipe(radius=4e-3)
    LA, LB, RA0, RB = A.inertance, B.inertance, A.resistance, B.resistance
    Rv = 3 * RA0

    def tau(n: float, reset: bool) -> float:
        return n * (LA + LB) / (n * (RA0 + RB) + (n if reset else 1.0) * Rv)

    assert tau(5.0, True) == pytest.approx(tau(1.0, True), rel=1e-12)
    assert tau(5.0, False) > tau(1.0, False)
    assert tau(1e9, False) == pytest.approx((LA + LB) / (RA0 + RB), rel=1e-6)
    long5 = valve_step(0.5, pipe_A=Pipe(length=50.0), pipe_B=Pipe(radius=4e-3, length=50.0))
    assert long5.tau == pytest.approx(valve_step(0.5).tau, rel=1e-12)  # valve_factor re-sets it
    text = _markdown_31()
    assert "the valve is re-set so that it again multiplies $R_A$ by 4" in text
    # the model's valve setting c re-sets with the pipe; what stays fixed is the added R_v
    assert "left at the same opening" not in text
    assert "the valve keeps the resistance it adds, $R_v = 3R_{A,0}$" in text
    assert "grows toward $(L_A + L_B)/(R_{A,0} + R_B)$" in text
    assert "so their ratio in {eq}`eq-3-1-tau` is unchanged" not in text
