"""Section 3.1: the unsteady radial (Womersley) solution beside the lumped pipe, and validity."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.special import j0, j1, jn_zeros

from fluxlib.models.pipes import (
    Pipe,
    lumped_validity,
    startup_flow,
    valve_factor,
    valve_step,
    valve_step_unsteady,
)


def _szymanski(pipe: Pipe, G: float, t, terms: int = 400):
    """Exact start-up flow from rest (Szymanski 1932):
    Q = πGa⁴/(8μ) [1 - 32 Σ exp(-λₙ² ν t/a²)/λₙ⁴], λₙ the zeros of J0."""
    lam = jn_zeros(0, terms)
    nu = pipe.viscosity / pipe.density
    a = pipe.radius
    t = np.asarray(t, float)[:, None]
    return (
        np.pi
        * G
        * a**4
        / (8 * pipe.viscosity)
        * (1 - 32 * np.sum(np.exp(-(lam**2) * nu * t / a**2) / lam**4, axis=1))
    )


def test_startup_flow_matches_szymanski_and_converges():
    pipe = Pipe()
    t = np.array([0.0, 0.5, 2.0, 5.0, 20.0, 60.0])
    exact = _szymanski(pipe, 100.0, t)
    errs = []
    for n in (40, 80):
        q, _ = startup_flow(pipe, 100.0, t, n=n, dt=0.01 * (40 / n) ** 2)
        errs.append(np.max(np.abs(q[1:] - exact[1:]) / exact[1:]))
    assert errs[1] < 2e-3
    assert errs[0] / errs[1] > 3  # second order in space
    # late time: the Poiseuille flow πGa⁴/(8μ)
    q, _ = startup_flow(pipe, 100.0, [0.0, 400.0], n=80)
    assert q[-1] == pytest.approx(np.pi * 100.0 * pipe.radius**4 / (8 * pipe.viscosity), rel=1e-3)


def _slowest_rate(A: Pipe, B: Pipe, R_valve: float) -> float:
    """Decay rate σ of the slowest free mode with fixed total flow, from the Laplace-domain
    impedance of each pipe Z(s) = ρℓs / (πa² (1 - 2 I1(qa)/(qa I0(qa)))), q² = s/ν; at s = -σ,
    I→J with κ = √(σ/ν). Modes solve ℓ_A Z_A + R_valve + ℓ_B Z_B = 0."""

    def Z(p, sig):
        ka = np.sqrt(sig * p.density / p.viscosity) * p.radius
        return -p.density * sig * p.length / (np.pi * p.radius**2 * (1 - 2 * j1(ka) / (ka * j0(ka))))

    def F(sig):
        return Z(A, sig) + Z(B, sig) + R_valve

    sig = np.linspace(1e-3, 3.0, 30001)
    f = F(sig)
    for i in np.flatnonzero(np.sign(f[1:]) != np.sign(f[:-1])):
        if abs(f[i]) < 1e9 and abs(f[i + 1]) < 1e9:  # a root, not a pole
            return brentq(F, sig[i], sig[i + 1], xtol=1e-14)
    raise AssertionError("no root")


def test_unsteady_valve_step_late_time_matches_womersley_root():
    A, B = Pipe(), Pipe(radius=4e-3)
    k = valve_factor(0.5)
    sigma = _slowest_rate(A, B, (k - 1) * A.resistance)
    # by hand, the lumped rate (R_A + R_B)/(L_A + L_B) is faster: the lumped model errs
    assert 1 / sigma > valve_step(0.5).tau * 1.3
    res = valve_step_unsteady(0.5)
    assert res.late_tau == pytest.approx(1 / sigma, rel=5e-3)
    # the flows still add up and the ends are the steady splits
    assert np.allclose(res.Q_A + res.Q_B, 1e-5, rtol=1e-9)
    assert res.Q_A[0] == pytest.approx(valve_step(0.5).Q_A_before, rel=1e-3)
    assert res.Q_A[-1] == pytest.approx(res.Q_A_after, rel=1e-2)


def test_unsteady_valve_step_converges_and_beta_bounds():
    fine = valve_step_unsteady(0.5)
    coarse = valve_step_unsteady(0.5, n=100, steps_per_tau=200)
    assert fine.e_fold_time == pytest.approx(coarse.e_fold_time, rel=2e-3)
    # ordering: plug-flow lumped < β = 4/3 lumped ≈ 1/e time < slowest mode
    assert fine.lumped_tau < fine.e_fold_time < fine.late_tau
    assert fine.lumped_tau_beta == pytest.approx(4 / 3 * fine.lumped_tau, rel=1e-12)
    assert fine.e_fold_time == pytest.approx(fine.lumped_tau_beta, rel=0.05)
    # β = 4/3 in the lumped model gives that time constant
    assert valve_step(0.5, momentum_factor=4 / 3).tau == pytest.approx(fine.lumped_tau_beta, rel=1e-12)


def test_womersley_low_frequency_limit_is_beta_four_thirds():
    # Z(s)/ℓ = R' + (4/3) L' s + O(s²) for small s: check numerically at s = -σ small
    p = Pipe()
    sig = 1e-4
    ka = np.sqrt(sig * p.density / p.viscosity) * p.radius
    Z = -p.density * sig * p.length / (np.pi * p.radius**2 * (1 - 2 * j1(ka) / (ka * j0(ka))))
    assert (Z - p.resistance) / (-sig * p.inertance) == pytest.approx(4 / 3, rel=1e-3)


def test_validity_note_fires_below_the_viscous_time_and_not_above():
    A, B = Pipe(), Pipe(radius=4e-3)
    assert A.viscous_time == pytest.approx(25.0)  # r²ρ/μ = (5e-3)² * 1000 / 1e-3
    assert B.viscous_time == pytest.approx(16.0)
    assert A.own_time == pytest.approx(A.viscous_time / 8)
    res = valve_step(0.5)
    assert len(res.validity) == 1 and "viscous time" in str(res.validity[0])
    assert lumped_validity((A, B), 100.0, flows=(7e-6, 3e-6)) == ()
    fast = lumped_validity((A, B), 100.0, flows=(1e-4, 3e-6))  # Re = 2ρQ/(πrμ) ≈ 12700 in A
    assert len(fast) == 1 and "Reynolds" in fast[0].quantity
    assert A.reynolds(1e-4) == pytest.approx(2 * 1000 * 1e-4 / (np.pi * 5e-3 * 1e-3))


def test_jump_exercise_solution_numbers():
    # by hand: R_A0 = 8μℓ/(πr⁴) = 4.074e7, R_B = 9.947e7, L_A = 1.273e8, L_B = 1.989e8 (SI)
    RA0 = 8e-3 * 10 / (np.pi * 5e-3**4)
    RB = 8e-3 * 10 / (np.pi * 4e-3**4)
    LA, LB = 1e4 / (np.pi * 5e-3**2), 1e4 / (np.pi * 4e-3**2)
    qa = RB * 1e-5 / (RA0 + RB)
    jump = LB * qa * 3 * RA0 / (LA + LB)
    res = valve_step(0.5)
    assert qa == pytest.approx(7.09e-6, rel=1e-3)
    assert jump == pytest.approx(res.dP_jump, rel=1e-12)
    assert round(jump, -1) == 530.0 and round(res.dP_before, -1) == 290.0
    after = res.dP_before + jump
    assert round(after, -1) == 820.0
    assert 2.5 < after / res.dP_before < 3.0  # "almost three times its value before the step"


@pytest.mark.parametrize("closure", [0.0, 0.3, 0.5, 0.8])
def test_tau_never_exceeds_the_larger_own_time(closure):
    # the page's argument: τ = (L_A + L_B)/(k R_A + R_B) ≤ max(L_A/R_A, L_B/R_B) = max r²ρ/(8μ)
    A, B = Pipe(), Pipe(radius=4e-3)
    tau = valve_step(closure).tau
    assert tau <= max(A.own_time, B.own_time)
    assert max(A.own_time, B.own_time) == pytest.approx(max(A.viscous_time, B.viscous_time) / 8)


def test_wall_friction_lags_the_flow():
    # the page's explanation: while the flow redistributes, the wall shear rate of the slowing
    # branch A is below Poiseuille's 4Q/(πa³) for its flow, and that of the accelerating B above
    res = valve_step_unsteady(0.5, n=100, steps_per_tau=200)
    i = int(np.searchsorted(res.t, 0.5 * res.lumped_tau))
    for r, u, Q, pipe, sign in (
        (res.r_A, res.u_A, res.Q_A, Pipe(), -1),
        (res.r_B, res.u_B, res.Q_B, Pipe(radius=4e-3), 1),
    ):
        a = pipe.radius
        shear = u[i, -1] / (a - r[-1])  # u = 0 at the wall
        poiseuille = 4 * Q[i] / (np.pi * a**3)
        assert np.sign(shear / poiseuille - 1) == sign
        assert abs(shear / poiseuille - 1) > 0.1


def test_four_thirds_agreement_is_outside_its_derivation_range():
    # the page: the β = 4/3 lumped law is the low-frequency limit (σ ρ r²/μ ≪ 1), but this
    # redistribution decays at σ with σ ρr²/μ well above 1 in both pipes ("partly by luck")
    A, B = Pipe(), Pipe(radius=4e-3)
    sigma = _slowest_rate(A, B, (valve_factor(0.5) - 1) * A.resistance)
    assert sigma * A.viscous_time > 5 and sigma * B.viscous_time > 5
    # and at that rate Womersley's impedance is far from R + (4/3) L s: compare at s = -σ
    ka = np.sqrt(sigma * A.density / A.viscosity) * A.radius
    Z = -A.density * sigma * A.length / (np.pi * A.radius**2 * (1 - 2 * j1(ka) / (ka * j0(ka))))
    low = A.resistance - 4 / 3 * A.inertance * sigma
    assert abs(Z - low) / abs(low) > 0.2


def test_unsteady_output_times_interpolate_the_steps():
    # output times between the steps are interpolated; the fitted times use every step
    every = valve_step_unsteady(0.5, n=40, steps_per_tau=50)
    times = np.linspace(0.0, every.t[-1], 7)
    some = valve_step_unsteady(0.5, times=times, n=40, steps_per_tau=50)
    assert np.array_equal(some.t, times)
    assert some.Q_A.shape == (7,) and some.u_A.shape == (7, 40)
    assert np.allclose(some.Q_A, np.interp(times, every.t, every.Q_A), rtol=1e-12)
    assert np.allclose(some.u_A[3], [np.interp(times[3], every.t, col) for col in every.u_A.T], rtol=1e-12)
    assert (some.e_fold_time, some.late_tau) == (every.e_fold_time, every.late_tau)
