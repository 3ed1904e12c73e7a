"""Section 2.2: pump and leak against the closed-form steady state."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.membrane import Cell, run_cell
from fluxlib.symbolic import steady


def test_pump_leak_derivation():
    d = steady.pump_leak()
    c, co, kL, V, K = (d.symbols[k] for k in ("c", "c_o", "k_L", "V_max", "K_m"))
    root = d.result
    # it solves the steady balance ...
    assert sp.simplify((kL * (co - c) - V * c / (K + c)).subs(c, root)) == 0
    # ... and equals the closed form with the + square root
    b = kL * (co - K) - V
    expected = (b + sp.sqrt(b**2 + 4 * kL**2 * co * K)) / (2 * kL)
    assert sp.simplify(sp.expand(root - expected)) == 0
    # no pump: the steady state is equilibrium, c = c_o
    no_pump = root.subs(V, 0).replace(
        lambda e: e.is_Pow and e.exp == sp.S.Half, lambda e: sp.sqrt(sp.factor(e.base))
    )
    assert sp.simplify(no_pump - co) == 0


def test_default_cell_is_realistic():
    cell = Cell()
    assert 10.0 <= cell.steady_concentration <= 15.0
    assert cell.throughput > 0


def test_steady_state_balances_and_ode_reaches_it():
    cell = Cell()
    cs = cell.steady_concentration
    assert cell.rate(cs) == pytest.approx(0.0, abs=1e-12)
    assert cell.leak(cs) == pytest.approx(cell.pump(cs), rel=1e-10)
    res = run_cell(cell, c0=40.0, t_end=6 * 3600.0)
    assert res.c_in[-1] == pytest.approx(cs, rel=1e-6)
    assert res.leak[-1] == pytest.approx(res.pump[-1], rel=1e-5)


def test_blocked_pump_relaxes_exponentially_to_equilibrium():
    cell = Cell().blocked()
    c0 = Cell().steady_concentration
    res = run_cell(cell, c0=c0, t_end=3600.0, n=13)
    exact = cell.c_out + (c0 - cell.c_out) * np.exp(-cell.k_leak * res.t)
    assert np.allclose(res.c_in, exact, rtol=1e-6)
    assert cell.steady_concentration == pytest.approx(cell.c_out)
    assert cell.throughput == pytest.approx(0.0, abs=1e-12)


def test_answer_key():
    cell = Cell()
    kL = 3 * cell.permeability / cell.radius
    V = 3 * 0.375e-6 / cell.radius
    b = kL * (145.0 - 10.0) - V
    expected = (b + np.sqrt(b * b + 4 * kL * kL * 145.0 * 10.0)) / (2 * kL)
    assert fl.checks.expected_value("2.2-steady-sodium") == pytest.approx(expected, rel=1e-12)


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
        run_cell(Cell(), c0=-1.0)


def test_panel_block_toggle():
    from fluxlib.widgets.steady import pump_leak_panel

    p = pump_leak_panel()
    assert "Pump blocked" in p.apply(blocked=True)
    assert "Steady c_i*" in p.apply(blocked=False)
