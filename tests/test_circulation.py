"""Sections 3.2 and 3.3: parallel organ beds on the network solver, the dive and the kidney."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.circulation import ORGANS, Animal, DiveResponse, Kidney, dive, kidney, solve_beds
from fluxlib.symbolic import redistribution as sym


def test_parallel_share_derivation():
    d = sym.parallel_share(4)
    G = d.symbols["G"]
    c = d.symbols["c"]
    assert sp.simplify(d.extra["share"] - G[0] / sum(G)) == 0
    assert sp.simplify(d.result - G[0] / (G[0] + c * (G[1] + G[2] + G[3]))) == 0
    # constriction of the others (c < 1) raises bed 1's share
    assert sp.simplify(sp.diff(d.extra["constricted"], c)).is_negative


def test_beds_without_autoregulation_follow_the_share_formula():
    rng = np.random.default_rng(1)
    G = rng.uniform(0.01, 0.5, len(ORGANS))
    b = solve_beds(7.0, G)
    assert np.allclose(b.flow, 7.0 * G / G.sum(), rtol=1e-12)
    assert b.pressure == pytest.approx(7.0 / G.sum(), rel=1e-12)
    assert b.flow.sum() == pytest.approx(7.0, rel=1e-12)


def test_resting_state_reproduces_inputs():
    a = Animal()
    s = dive(0.0)
    assert s.cardiac_output == a.cardiac_output
    assert s.beds.pressure == pytest.approx(a.pressure, rel=1e-10)
    assert np.allclose(s.beds.share, a.fractions, rtol=1e-10)


@pytest.mark.parametrize("depth", [50.0, 200.0, 500.0])
def test_dive_autoregulated_beds_hold_demand_and_shares_grow(depth):
    a, s = Animal(), dive(depth)
    assert s.beds.flow.sum() == pytest.approx(s.cardiac_output, rel=1e-10)
    for i in (0, 1):  # brain, heart
        assert s.beds.flow[i] == pytest.approx(a.demand[i], rel=1e-8)
        assert s.beds.share[i] > a.fractions[i]
    # self-consistent: the shares are G_i / sum G with the final conductances
    G = s.beds.conductance
    assert np.allclose(s.beds.share, G / G.sum(), rtol=1e-10)
    # the pressure stays near rest when both arms act (bradycardia and constriction matched)
    assert 80 < s.beds.pressure < 130


def test_dive_closed_form_pressure():
    # non-autoregulated beds carry Q - (brain + heart demand) at conductance G_periph * keep
    a, r, d = Animal(), DiveResponse(), 300.0
    s = 1 - np.exp(-d / r.depth_scale)
    Q = a.cardiac_output * (1 - r.brady_max * s)
    keep = 1 - (1 - 1 / r.constrict_max) * s
    G0 = a.resting_conductance
    expected = (Q - a.demand[0] - a.demand[1]) / (keep * G0[2:].sum())
    assert dive(d).beds.pressure == pytest.approx(expected, rel=1e-8)


def test_drug_blocks():
    full = dive(300.0)
    atropine = dive(300.0, block_bradycardia=True)
    blocker = dive(300.0, block_vasoconstriction=True)
    assert atropine.cardiac_output == Animal().cardiac_output
    assert atropine.beds.pressure > 3 * full.beds.pressure
    assert blocker.beds.pressure < 0.5 * full.beds.pressure
    assert blocker.beds["brain"] < Animal().demand[0]  # brain starved: dilated to its limit
    assert blocker.beds.limited[0]
    G0 = Animal().resting_conductance
    assert blocker.beds.conductance[0] == pytest.approx(4 * G0[0])
    assert atropine.adl < full.adl


def test_adl_is_store_over_fick_uptake():
    a, s = Animal(), dive(200.0)
    use = sum(q * a.arterial_o2 * e for q, e in zip(s.beds.flow, a.extraction, strict=True))
    assert s.o2_use == pytest.approx(use, rel=1e-12)
    assert s.adl == pytest.approx(a.o2_store / use, rel=1e-12)


def test_kidney_autoregulation_holds_total_and_shifts_distribution():
    k = Kidney()
    base = kidney(1.0)
    assert base.total == pytest.approx(k.renal_flow, rel=1e-10)
    assert base.medulla_share == pytest.approx(k.medulla_fraction, rel=1e-10)
    for c in (2.0, 4.0, 8.0):
        s = kidney(c)
        assert s.total == pytest.approx(k.renal_flow, rel=1e-8)
        # the beds share the pressure after the afferent vessels: medulla share = g_m/c / (g_c + g_m/c)
        f = k.medulla_fraction
        assert s.medulla_share == pytest.approx((f / c) / (1 - f + f / c), rel=1e-8)
        passive = kidney(c, autoregulation=False)
        assert passive.total < s.total
        assert passive.medulla_share == pytest.approx(s.medulla_share, rel=1e-10)


def test_kidney_passive_closed_form():
    k = Kidney()
    dP = k.arterial_pressure - k.venous_pressure
    g_aff = k.renal_flow / (k.afferent_fraction * dP)
    g_beds = k.renal_flow / ((1 - k.afferent_fraction) * dP)
    c = 4.0
    g_b = g_beds * (1 - k.medulla_fraction + k.medulla_fraction / c)
    expected = dP / (1 / g_aff + 1 / g_b)
    assert kidney(c, autoregulation=False).total == pytest.approx(expected, rel=1e-12)


def test_answers():
    f = 0.02
    assert fl.checks.expected_value("3.2-brain-share") == pytest.approx(f / (f + (1 - f) / 5), rel=1e-12)
    assert fl.checks.expected_value("3.2-adl") == pytest.approx(22000 / 532, rel=1e-12)
    assert fl.checks.expected_value("3.3-medulla-share") == pytest.approx(0.025 / 0.925, rel=1e-8)


def test_errors():
    with pytest.raises(FluxInputError, match="dive depth must not be negative"):
        dive(-5.0)
    with pytest.raises(FluxInputError, match="resting flow fractions must add up to 1"):
        Animal(fractions=(0.1, 0.1, 0.1, 0.1, 0.1, 0.1))
    with pytest.raises(FluxInputError, match="cannot exceed 1"):
        Animal(extraction=(0.35, 1.2, 0.25, 0.1, 0.15, 0.1))
    with pytest.raises(FluxInputError, match=r"brady_max must be in \[0, 1\)"):
        DiveResponse(brady_max=1.0)
    with pytest.raises(FluxInputError, match="vasoconstriction factor must be at least 1"):
        DiveResponse(constrict_max=0.5)
    with pytest.raises(FluxInputError, match="medullary constriction factor must be at least 1"):
        kidney(0.5)
    with pytest.raises(FluxInputError, match="must exceed venous pressure"):
        Kidney(arterial_pressure=5.0, venous_pressure=10.0)
    with pytest.raises(FluxInputError, match="medulla fraction must lie strictly between 0 and 1"):
        Kidney(medulla_fraction=1.0)
    with pytest.raises(FluxInputError, match=r"bed conductance G \(L/\(min·mmHg\)\) must be positive"):
        solve_beds(1.0, [0.1, -0.1, 0.1, 0.1, 0.1, 0.1])


@pytest.mark.parametrize("name", ["dive_panel", "kidney_panel"])
def test_panels_update_in_place(name):
    from fluxlib.widgets import redistribution as w

    panel = getattr(w, name)()
    box = panel.widget()
    ctrl = next(iter(box.flux_controls.values()))
    ctrl.value = ctrl.max
    assert box.flux_timing["last_ms"] < 200  # budget 50 ms; slack for a loaded machine
    assert panel.animated
    assert "⚠" not in box.flux_note.value


def test_kidney_split_derivation():
    d = sym.kidney_split()
    s = d.symbols
    ga, gc, gm, c, dP, Q0 = (s[k] for k in ("g_a", "g_c", "g_m", "c", "dP", "Q0"))
    assert sp.simplify(d.extra["share"] - (gm / c) / (gc + gm / c)) == 0
    # the afferent conductance found makes the series-parallel total equal Q0
    total = dP / (1 / d.result + 1 / (gc + gm / c))
    assert sp.simplify(total - Q0) == 0
    # and the model's autoregulated afferent conductance agrees with it
    k = Kidney()
    state = kidney(3.0)
    dp = k.arterial_pressure - k.venous_pressure
    g_beds = k.renal_flow / ((1 - k.afferent_fraction) * dp)
    vals = {
        gc: g_beds * (1 - k.medulla_fraction),
        gm: g_beds * k.medulla_fraction,
        c: 3,
        dP: dp,
        Q0: k.renal_flow,
    }
    assert state.g_afferent == pytest.approx(float(d.result.subs(vals)), rel=1e-8)
