"""Section 1.5: nonequilibrium steady states (three-state cycle, stirred vessel, CSTR)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.nonequilibrium import (
    CSTR,
    StirredVessel,
    driven_cycle,
    jump_steady_state,
    run_cstr,
    run_vessel,
    three_state_cycle,
)
from fluxlib.symbolic import nonequilibrium as sym


# --- derivations -------------------------------------------------------------------------
def test_cycle_closed_forms_match_kirchhoff_trees():
    d = sym.derive_three_state_cycle()
    w = sym.tree_weights()
    total = sum(w)
    for derived, weight in zip(d.extra["p"], w, strict=True):
        assert sp.simplify(derived - weight / total) == 0
    (a1, a2, a3), (b1, b2, b3) = sym.kp, sym.km
    expected_J = (a1 * a2 * a3 - b1 * b2 * b3) / total
    assert sp.simplify(d.extra["J"] - expected_J) == 0
    for c in d.extra["edge_currents"]:
        assert sp.simplify(c - expected_J) == 0
    assert sp.simplify(d.result) == 0  # σ - J A
    # detailed balance: Πk+ = Πk- makes J vanish
    assert sp.simplify(d.extra["J"].subs(a1, b1 * b2 * b3 / (a2 * a3))) == 0


def test_vessel_and_cstr_derivations():
    v = sym.stirred_vessel()
    W, G, T0 = v.symbols["W"], v.symbols["G"], v.symbols["T0"]
    assert sp.simplify(v.extra["T"] - (T0 + W / G)) == 0
    assert sp.simplify(v.extra["Q"] - W) == 0
    assert sp.simplify(v.result - W / T0) == 0
    c = sym.cstr()
    k, tau, c_in = c.symbols["k"], c.symbols["tau"], c.symbols["c_in"]
    assert sp.simplify(c.result - c_in / (1 + k * tau)) == 0
    assert sp.simplify(c.extra["conversion"] - k * tau / (1 + k * tau)) == 0


# --- numerics vs closed form ---------------------------------------------------------------
def _closed(kp, km):
    (a1, a2, a3), (b1, b2, b3) = kp, km
    w = np.array([a2 * a3 + b1 * a3 + b1 * b2, a3 * a1 + b2 * a1 + b2 * b3, a1 * a2 + b3 * a2 + b3 * b1])
    return w / w.sum(), (a1 * a2 * a3 - b1 * b2 * b3) / w.sum()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.05, 20.0), min_size=6, max_size=6))
def test_cycle_numerics_match_closed_form(rates):
    kp, km = rates[:3], rates[3:]
    res = three_state_cycle(kp, km)
    p, J = _closed(kp, km)
    np.testing.assert_allclose(res.p, p, rtol=1e-9)
    assert res.J == pytest.approx(J, rel=1e-8, abs=1e-12)
    np.testing.assert_allclose(res.edge_currents, J, rtol=1e-7, atol=1e-12)
    assert res.affinity == pytest.approx(np.log(np.prod(kp) / np.prod(km)), rel=1e-12, abs=1e-12)
    assert res.entropy_production == pytest.approx(J * res.affinity, rel=1e-7, abs=1e-12)
    assert res.entropy_production >= -1e-14


def test_detailed_balance_gives_zero_current_and_entropy_production():
    res = driven_cycle(0.0)
    assert abs(res.J) < 1e-14
    assert abs(res.entropy_production) < 1e-14
    assert driven_cycle(1.5).J > 0 and driven_cycle(-1.5).J < 0


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 7), st.integers(0, 2**31 - 1))
def test_any_jump_network_is_stationary_with_nonnegative_entropy_production(n, seed):
    rng = np.random.default_rng(seed)
    K = rng.uniform(0.1, 5.0, size=(n, n))
    ss = jump_steady_state(K)
    assert ss.p.sum() == pytest.approx(1.0, abs=1e-12)
    assert ss.residual < 1e-10
    assert ss.entropy_production >= -1e-12
    # Kirchhoff's current law at every state: net current out of each state is zero
    out = np.zeros(n)
    for (i, j), J in ss.currents.items():
        out[i] += J
        out[j] -= J
    assert np.max(np.abs(out)) < 1e-10


def test_vessel_reaches_work_equals_heat():
    v = StirredVessel(power=50.0, conductance=5.0, T0=293.15, heat_capacity=4.2e3)
    res = run_vessel(v, np.linspace(0.0, 20 * v.heat_capacity / v.conductance, 5))
    assert res.T_steady == pytest.approx(293.15 + 10.0)
    assert res.T[-1] == pytest.approx(res.T_steady, rel=1e-8)
    assert res.heat_out[-1] == pytest.approx(v.power, rel=1e-6)
    assert res.entropy_production == pytest.approx(50.0 / 293.15)
    # the exact exponential approach
    exact = 293.15 + 10.0 * (1 - np.exp(-res.t * v.conductance / v.heat_capacity))
    np.testing.assert_allclose(res.T, exact, rtol=1e-8)


def test_cstr_steady_state_and_books():
    r = CSTR(volume=2.0, flow_rate=0.01, c_in=1000.0, k=0.02)
    res = run_cstr(r, np.linspace(0.0, 3000.0, 4))
    assert res.c_steady == pytest.approx(1000.0 / (1 + 0.02 * 200.0), rel=1e-12)
    assert res.c[-1] == pytest.approx(res.c_steady, rel=1e-8)
    assert abs(res.imbalance) < 1e-9
    exact = res.c_steady * (1 - np.exp(-res.t * (1 / 200.0 + 0.02)))
    np.testing.assert_allclose(res.c, exact, rtol=1e-7, atol=1e-8)


# --- answers -------------------------------------------------------------------------------
def test_answer_keys():
    # Πk+ = 18, Πk- = 6; tree weights: 3+3+3, 18+18+6, 6+2+2 -> Σ = 61
    assert fl.checks.expected_value("1.5-cycle-current") == pytest.approx(12.0 / 61.0, rel=1e-9)
    assert fl.checks.expected_value("1.5-cstr") == pytest.approx(200.0, rel=1e-9)
    assert fl.checks.check_answer("1.5-cstr", 200.0).correct


# --- errors --------------------------------------------------------------------------------
def test_input_errors():
    with pytest.raises(FluxInputError, match="the jump 0 → 1 has rate 1 but its reverse 1 → 0 has 0"):
        jump_steady_state([[0, 1.0], [0.0, 0]])
    # the core's irreducibility check speaks for the model (no second check of its own)
    with pytest.raises(FluxInputError, match=r"state 2 cannot be reached from state 0: .* not unique"):
        jump_steady_state([[0, 1, 0], [1, 0, 0], [0, 0, 0]])
    with pytest.raises(FluxInputError, match="square array over at least 2 states"):
        jump_steady_state([1.0, 2.0])
    with pytest.raises(FluxInputError, match="jump rates k_ij"):
        jump_steady_state([[0, -1.0], [1.0, 0]])
    with pytest.raises(FluxInputError, match="forward rates k\\+"):
        three_state_cycle((1.0, 0.0, 1.0), (1.0, 1.0, 1.0))
    with pytest.raises(FluxInputError, match="three forward and three backward rates"):
        three_state_cycle((1.0, 1.0), (1.0, 1.0))
    with pytest.raises(FluxInputError, match="beyond ±50 k_BT per turn"):
        driven_cycle(80.0)
    with pytest.raises(FluxInputError, match="wall conductance G"):
        StirredVessel(conductance=0.0)
    with pytest.raises(FluxInputError, match="surroundings temperature T0 .* an absolute temperature"):
        StirredVessel(T0=-5.0)
    with pytest.raises(FluxInputError, match="volumetric flow rate q .* a steady reactor needs a throughput"):
        CSTR(flow_rate=0.0)
    with pytest.raises(FluxInputError, match="times must be an increasing list"):
        run_cstr(CSTR(), [0.0])


def test_panel():
    from fluxlib.widgets.nonequilibrium import driven_cycle_panel

    panel = driven_cycle_panel()
    assert "detailed balance" in panel.apply(A=0.0)
    box = panel.widget()
    box.flux_controls["A"].value = -2.0
    assert "1 → 3 → 2 → 1" in box.flux_note.value
    assert box.flux_timing["last_ms"] < 200  # generous on a shared machine


def test_cycle_figure_is_a_handle_whose_update_moves_the_markers():
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.nonequilibrium import plot_cycle

    sweep = [driven_cycle(a) for a in np.linspace(-4.0, 4.0, 9)]
    handle = plot_cycle(driven_cycle(2.0), sweep)
    assert isinstance(handle, PlotHandle) and len(handle.axes) == 2
    assert handle["dot_J"].get_xdata()[0] == pytest.approx(2.0, abs=1e-12)
    now = driven_cycle(-1.0)
    handle.update(now)
    assert handle["dot_J"].get_ydata()[0] == now.J
    assert handle["dot_s"].get_ydata()[0] == now.entropy_production
    assert [b.get_height() for b in handle["bars"]] == pytest.approx(list(now.p))


# --- validity --------------------------------------------------------------------------------
def test_vessel_note_fires_only_when_the_water_would_boil():
    times = np.linspace(0.0, 3600.0, 3)
    # steady T = T0 + W/G, by hand: 293.15 + 50/5 = 303.15 K, liquid
    assert run_vessel(StirredVessel(power=50.0, conductance=5.0), times).validity == ()
    # 293.15 + 500/5 = 393.15 K, above the 373.15 K boiling point at one atmosphere
    res = run_vessel(StirredVessel(power=500.0, conductance=5.0), times)
    (note,) = res.validity
    assert note.value == pytest.approx(393.15) and note.bound == pytest.approx(373.15)
    assert "water boils" in fl.validity.describe(res.validity)


def test_metabolic_heat_exercise_numbers_by_hand():
    # 1.5's exercise "The heat of being alive": 100 W shed into a room at 293 K
    from fluxlib.models.nonequilibrium import StirredVessel, run_vessel

    assert 100.0 / 293.0 == pytest.approx(0.34, abs=0.005)  # entropy exported, W/K
    # a 70 kg body with water's heat capacity (4186 J/(kg K)) warms 100·3600/(70·4186) K per hour
    per_hour = 100.0 * 3600.0 / (70.0 * 4186.0)
    assert per_hour == pytest.approx(1.2, abs=0.05)
    # the vessel model with no heat loss agrees: C dT/dt = W with G → 0 (tiny G here)
    body = StirredVessel(power=100.0, conductance=1e-9, T0=310.0, heat_capacity=70.0 * 4186.0)
    res = run_vessel(body, np.array([0.0, 3600.0]), T_start=310.0)
    assert res.T[-1] - res.T[0] == pytest.approx(per_hour, rel=1e-4)
    # "nearly all of the entropy production": for glucose combustion at 298 K the standard
    # Gibbs energy (-2879 kJ/mol) exceeds the enthalpy (-2808 kJ/mol) by only a few per cent
    assert 0.0 < 2879.0 / 2808.0 - 1.0 < 0.05
