"""Section 2.2: pump and leak against the closed-form steady state."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.electrochemistry import delta_mu
from fluxlib.models.membrane import Cell, run_cell
from fluxlib.symbolic import membrane as sym
from tests.conftest import notebook_prose


def test_pump_leak_derivation():
    d = sym.pump_leak()
    c, co, kL, V, K, a, b = (d.symbols[k] for k in ("c", "c_o", "k_L", "V_max", "K_m", "a", "b"))
    root = d.result
    # it solves the steady balance ...
    assert sp.simplify((kL * (a * co - b * c) - V * c / (K + c)).subs(c, root)) == 0
    # ... and with no voltage (a = b = 1) equals the closed form with the + square root
    root = root.subs({a: 1, b: 1})
    bb = kL * (co - K) - V
    expected = (bb + sp.sqrt(bb**2 + 4 * kL**2 * co * K)) / (2 * kL)
    assert sp.simplify(sp.expand(root - expected)) == 0
    # no pump: the steady state is equilibrium, c = c_o
    no_pump = root.subs(V, 0).replace(
        lambda e: e.is_Pow and e.exp == sp.S.Half, lambda e: sp.sqrt(sp.factor(e.base))
    )
    assert sp.simplify(no_pump - co) == 0


def test_ghk_derivation_limits():
    d = sym.ghk_leak()
    P, co, ci, u = (d.symbols[k] for k in ("P", "c_o", "c_i", "u"))
    assert sp.simplify(d.extra["zero_voltage"] - P * (co - ci)) == 0
    assert sp.simplify(d.result - co * sp.exp(-u)) == 0
    assert sp.simplify(d.extra["J"].subs(ci, d.result)) == 0


def test_ghk_leak_by_hand():
    # -70 mV, 310 K: u = F V/(R T); inward flux P u (c_o - c_i e^u)/(e^u - 1)
    cell = Cell(V_m=-0.070, temperature=310.0, permeability=1e-9)
    u = 96485.33212 * -0.070 / (8.314462618 * 310.0)
    hand = 1e-9 * u * (145.0 - 12.0 * math.exp(u)) / (math.exp(u) - 1.0) * 1e6
    assert cell.leak(12.0) == pytest.approx(hand, rel=1e-12)
    # the page: g(u) ≈ 2.8 at -70 mV and 310 K
    assert cell.ghk_in == pytest.approx(2.8, abs=0.05)
    # the voltage about triples the inward push compared with Fick's P (c_o - c_i)
    assert 2.5 < cell.leak(12.0) / (1e-9 * (145.0 - 12.0) * 1e6) < 3.5
    # at V_m = 0 the leak is Fick's
    flat = Cell(V_m=0.0)
    assert flat.leak(12.0) == pytest.approx(flat.permeability * 133.0 * 1e6, rel=1e-12)
    # it stops at the Nernst level c_o e^(-u): Δμ̃ = 0 (section 2.4)
    assert cell.leak(cell.nernst_concentration) == pytest.approx(0.0, abs=1e-12)
    assert delta_mu(c_in=cell.nernst_concentration, c_out=145.0, V_m=-0.070).total == pytest.approx(
        0.0, abs=1e-9
    )


def test_default_cell_is_realistic():
    # a mammalian cell holds about 5-15 mM Na⁺ inside against ~145 mM outside
    cell = Cell()
    assert 10.0 <= cell.steady_concentration <= 15.0
    assert cell.throughput > 0
    assert cell.validity == ()


def test_pump_leak_agrees_with_section_2_4():
    # the leak runs the way section 2.4's Δμ̃ says, at the same c_i, c_o, V_m and T
    cell = Cell()
    f = delta_mu(c_in=cell.steady_concentration, c_out=cell.c_out, V_m=cell.V_m, T=cell.temperature)
    assert f.total < 0 and cell.leak(cell.steady_concentration) > 0


def test_validity_fires_only_for_a_pump_weaker_than_the_leak():
    assert Cell(pump_max=0.5).validity == ()
    weak = Cell(pump_max=0.3)
    assert any("cannot keep up" in v.why for v in weak.validity)
    held = replace(Cell(), pump_max=0.0)  # pump off, V_m still held at -70 mV
    assert held.steady_concentration == pytest.approx(held.nernst_concentration, rel=1e-9)
    assert any("held fixed" in v.why for v in held.validity)
    assert Cell().blocked().validity == ()


def test_red_cell_comparison():
    from fluxlib.models.membrane import RED_CELL_K_INFLUX, RED_CELL_NA_INFLUX, red_cell_comparison

    cmp = red_cell_comparison()
    # by hand: the pump returns the 3.08 mmol/(L cells h) of Na⁺ that leaks in, 2 K⁺ per 3 Na⁺
    assert cmp.predictions[0] == pytest.approx(3.08 * 2 / 3)
    assert RED_CELL_NA_INFLUX.value == 3.08 and RED_CELL_K_INFLUX.value == 1.67
    assert cmp.max_relative_error <= 0.25  # the band the page states


def test_steady_state_balances_and_ode_reaches_it():
    cell = Cell()
    cs = cell.steady_concentration
    assert cell.rate(cs) == pytest.approx(0.0, abs=1e-12)
    assert cell.leak(cs) == pytest.approx(cell.pump(cs), rel=1e-10)
    res = run_cell(cell, c0=40.0, times=np.linspace(0.0, 6 * 3600.0, 200))
    assert res.c_in[-1] == pytest.approx(cs, rel=1e-6)
    assert res.leak[-1] == pytest.approx(res.pump[-1], rel=1e-5)


def test_blocked_pump_relaxes_exponentially_to_equilibrium():
    cell = Cell().blocked()
    assert cell.V_m == 0.0 and cell.pump_max == 0.0
    c0 = Cell().steady_concentration
    res = run_cell(cell, c0=c0, times=np.linspace(0.0, 3600.0, 13))
    exact = cell.c_out + (c0 - cell.c_out) * np.exp(-cell.k_leak * res.t)
    assert np.allclose(res.c_in, exact, rtol=1e-6)
    assert cell.steady_concentration == pytest.approx(cell.c_out)
    assert cell.throughput == pytest.approx(0.0, abs=1e-12)


def test_answer_key():
    cell = Cell()
    kL = 3 * cell.permeability / cell.radius
    V = 3 * 0.5e-6 / cell.radius
    u = 96485.33212 * cell.V_m / (8.314462618 * cell.temperature)
    a, b = u / (math.exp(u) - 1), -u / (math.exp(-u) - 1)
    # k_L (a c_o - b c)(K_m + c) = V c  ->  b kL c² + (kL (b K_m - a c_o) + V) c - kL a c_o K_m = 0
    roots = np.roots([b * kL, kL * (b * 10.0 - a * 145.0) + V, -kL * a * 145.0 * 10.0])
    expected = float(max(roots.real))
    assert fl.checks.expected_value("2.2-steady-sodium") == pytest.approx(expected, rel=1e-9)


def test_errors():
    with pytest.raises(
        FluxInputError, match=r"leak permeability P \(m/s\) must be positive.*nothing would need pumping"
    ):
        Cell(permeability=0.0)
    with pytest.raises(
        FluxInputError, match="pump capacity J_max .* must not be negative.*cannot run backward"
    ):
        Cell(pump_max=-1.0)
    with pytest.raises(FluxInputError, match="initial concentration c0 must not be negative"):
        run_cell(Cell(), c0=-1.0, times=[0.0, 60.0])
    with pytest.raises(FluxInputError, match=r"V_m must lie within ±0.2 V, got 0.5 V: a lipid membrane"):
        Cell(V_m=0.5)


def test_panel_block_toggle():
    from fluxlib.widgets.membrane import pump_leak_panel

    p = pump_leak_panel()
    assert "Pump blocked" in p.apply(blocked=True)
    assert "Steady c_i*" in p.apply(blocked=False)
    assert "Outside the model's validity" not in p.apply(blocked=False)
    assert "cannot keep up with the leak" in p.apply(pump_max=0.3, blocked=False)


def test_exercise_solution_numbers_by_hand():
    cell = Cell()
    # weak pump: the solution quotes c ≈ 41 mM, the pump still returning about 0.40
    # µmol/(m² s), 80 % of its capacity, and the shortcut c/(K_m + c) = 0.8 -> c = 40 mM
    c = fl.checks.expected_value("2.2-steady-sodium")
    weak = Cell(pump_max=0.5)
    assert round(c) == 41
    assert float(weak.leak(c)) == pytest.approx(0.40, abs=0.005)
    assert float(weak.pump(c)) / 0.5 == pytest.approx(0.8, abs=0.01)
    # turnover: content per area c_i r/3 over the throughput, about 100 s
    content = cell.steady_concentration * cell.radius / 3 * 1e6  # µmol/m²
    assert 90.0 < content / cell.throughput < 110.0
    # just after a block (V_m still held), c_i rises at 3 J/r: about 0.12 mM/s
    held = replace(cell, pump_max=0.0)
    assert held.rate(cell.steady_concentration) == pytest.approx(
        3 * cell.throughput * 1e-6 / cell.radius, rel=1e-9
    )
    assert 0.11 < held.rate(cell.steady_concentration) < 0.13
    # the page's "without the voltage, about a third as much"
    flat = replace(cell, V_m=0.0)
    assert flat.leak(cell.steady_concentration) / cell.throughput == pytest.approx(1 / 3, abs=0.03)


def test_red_cell_voltage_term_is_small():
    # The page: red cells rest at about -5 to -9 mV (Hoffman and Laris 1974), "where the
    # voltage term is small". By hand at -9 mV, 310 K: u = F V/(R T) = -0.3369,
    # g(u) = u/(e^u - 1) = 1.177, against 2.83 at -70 mV: the voltage adds under a fifth
    # to the inward weight of c_o, where a nerve cell's voltage nearly triples it.
    u = 96485.33212 * -0.009 / (8.314462618 * 310.0)
    hand = u / (math.exp(u) - 1.0)
    assert hand == pytest.approx(1.177, abs=1e-3)
    for v in (-0.005, -0.009):
        assert 1.0 < Cell(V_m=v, temperature=310.0).ghk_in < 1.2
    assert Cell(V_m=-0.070, temperature=310.0).ghk_in > 2.5


def test_cell_figure_moves_its_curves_on_update():
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.membrane import plot_cell

    times = np.linspace(0.0, 3600.0, 30)
    handle = plot_cell(run_cell(Cell(), c0=40.0, times=times))
    assert isinstance(handle, PlotHandle) and len(handle.axes) == 2
    weak = run_cell(Cell(pump_max=0.3), c0=40.0, times=times)
    handle.update(weak)
    assert np.array_equal(handle["c"].get_ydata(), weak.c_in)
    assert list(handle["steady"].get_ydata()) == [weak.steady, weak.steady]
    assert handle.axes[1].get_ylim()[1] >= weak.leak.max()


def test_run_cell_takes_output_times():
    res = run_cell(Cell(), c0=40.0, times=[0.0, 60.0, 600.0])
    assert list(res.t) == [0.0, 60.0, 600.0] and res.c_in[0] == 40.0
    with pytest.raises(FluxInputError, match="times must be strictly increasing"):
        run_cell(Cell(), c0=40.0, times=[0.0, 0.0])


# --- second reader (finding F4): the blocked pump's end point is the model's, not the cell's ---
def _markdown(stem="2-2-pump-and-leak"):
    return notebook_prose(stem)


def test_blocked_pump_end_point_is_the_fixed_volume_models_and_real_cells_swell():
    # F4: trapped polyanions give a Donnan distribution with an osmotic excess inside, so a cell
    # with its pump blocked takes up water and swells; c_i = c_o at V_m = 0 is the end point only
    # of this fixed-volume model. There it is still exact: dc/dt = k_L (c_o - c) with
    # k_L = 3P/r = 3 × 1e-9/1e-5 = 3e-4 s⁻¹ (1/k_L = 3333 s = 56 min).
    from fluxlib.models import membrane
    from fluxlib.widgets.membrane import pump_leak_panel

    assert Cell().blocked().k_leak == pytest.approx(3e-4, rel=1e-12)
    text = _markdown()
    assert "toward $c_o$: equilibrium, no net flux" not in text
    assert "the equilibrium is what is left when the spending stops." not in text
    assert "The model keeps the cell's volume fixed and leaves out the charged proteins" in text
    assert "A real cell never gets there" in text
    assert "(a Donnan distribution)" in text
    # third reader: a Donnan distribution holds extra cations in and pushes chloride out; the
    # osmotic excess is the total of small ions (and the proteins), not extra Na+ and Cl- both
    assert "sodium and chloride among them" not in text
    assert "They hold extra cations inside and push some chloride out" in text
    assert "the cell swells; a red cell in the end bursts" in text
    assert "in the fixed-volume model the equilibrium is what is left" in text
    assert "cannot show the swelling that follows a blocked pump" in text
    doc = " ".join(membrane.__doc__.split())
    assert "to c_o: equilibrium, no net flux" not in doc
    assert "Donnan distribution" in doc and "cell swells" in doc
    assert "hold extra Na⁺ and Cl⁻ inside" not in doc and "push some Cl⁻ out" in doc
    sentence = pump_leak_panel().apply(blocked=True)
    assert "dies away: equilibrium." not in sentence
    assert "(in a fixed-volume model; a real cell would swell)" in sentence
