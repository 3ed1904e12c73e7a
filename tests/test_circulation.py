"""Section 3.2: parallel organ beds on the network solver and the dive."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.circulation import (
    DIVING_VO2_PONGANIS_1993,
    ORGANS,
    ZAPOL_1979,
    Animal,
    DiveResponse,
    adl_comparison,
    dive,
    full_response,
    metabolic_comparison,
    solve_beds,
    zapol_comparison,
)
from fluxlib.symbolic import circulation as sym
from tests.conftest import notebook_prose


def test_parallel_share_derivation():
    d = sym.parallel_share(beds=4)
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
    # the brain defends its resting flow, and its share grows
    assert s.beds["brain"] == pytest.approx(a.demand[0], rel=1e-8)
    assert s.beds.share[0] > a.fractions[0]
    # the heart's flow follows its work, Q ΔP, relative to rest
    work = s.cardiac_output * s.beds.pressure / (a.cardiac_output * a.pressure)
    assert s.beds["heart"] == pytest.approx(a.demand[1] * work, rel=1e-8)
    assert s.heart_work == pytest.approx(work, rel=1e-12)
    # self-consistent: the shares are G_i / sum G with the final conductances
    G = s.beds.conductance
    assert np.allclose(s.beds.share, G / G.sum(), rtol=1e-10)
    # the pressure stays near rest when both arms act (bradycardia and constriction matched)
    assert 80 < s.beds.pressure < 130
    assert s.validity == ()


def test_dive_closed_form_pressure():
    # Periphery (conductance keep * G_p) carries Q - D_brain - D_heart Q ΔP/(Q0 P0), so
    # ΔP keep G_p = Q - D_brain - D_heart Q ΔP/(Q0 P0), linear in ΔP:
    a, r, d = Animal(), DiveResponse(), 300.0
    s = 1 - np.exp(-d / r.depth_scale)
    Q = a.cardiac_output * (1 - r.brady_max * s)
    keep = 1 - (1 - 1 / r.constrict_max) * s
    Gp = a.resting_conductance[2:].sum()
    Db, Dh = a.demand[0], a.demand[1]
    expected = (Q - Db) / (keep * Gp + Dh * Q / (a.cardiac_output * a.pressure))
    assert dive(d).beds.pressure == pytest.approx(expected, rel=1e-8)


def test_heart_demand_falls_with_its_work():
    a = Animal()
    states = [dive(d) for d in (0.0, 100.0, 300.0, 600.0)]
    heart = [s.o2_demand[1] for s in states]
    assert heart[0] == pytest.approx(a.fractions[1] * a.cardiac_output * a.arterial_o2 * a.extraction[1])
    assert all(x > y for x, y in zip(heart, heart[1:], strict=False))
    # full response: heart-muscle flow falls in proportion to Q ΔP (Zapol et al. 1979: by 85 %)
    full = full_response()
    ratio = full.beds["heart"] / a.demand[1]
    assert ratio == pytest.approx(full.cardiac_output * full.beds.pressure / (40.0 * 100.0), rel=1e-8)
    assert 0.1 < ratio < 0.2
    assert full.beds["brain"] == pytest.approx(a.demand[0], rel=1e-8)


def test_zapol_comparison_within_stated_band():
    cmp = zapol_comparison()
    # second reader (F3): only the heart row is a prediction; the brain's ratio is built in
    assert [m.source for m in cmp.measurements] == ["zapol1979"]
    assert list(cmp.measurements) == [ZAPOL_1979["heart"]]
    assert cmp.max_relative_error <= 0.25  # the prose states the number computed from cmp
    # the full response's cardiac output is the measured one: brady_max was set from it
    q = full_response().cardiac_output
    assert q == pytest.approx(40.0 * (1 - 0.86), rel=1e-6)
    assert q / ZAPOL_1979["cardiac_output_dive"].value == pytest.approx(1.0, abs=0.01)
    # brady_max = 1 - 5.6/39.8 = 0.859, rounded to 0.86
    z = ZAPOL_1979
    assert 1 - z["cardiac_output_dive"].value / z["cardiac_output_rest"].value == pytest.approx(
        0.86, abs=0.005
    )
    assert z["heart_rate_dive"].value / z["heart_rate_rest"].value < 0.3
    # splanchnic and peripheral flow fell by more than 90 %; the model's by more than 85 %
    a, full = Animal(), full_response()
    periph = full.beds.flow[2:].sum() / a.demand[2:].sum()
    assert periph < 0.15


def test_adl_comparison_and_order_of_magnitude():
    # not like-for-like (blood store alone vs all stores), so the page claims only the order of
    # magnitude: tens of minutes, within a factor of two of the measured limit
    cmp = adl_comparison(300.0)
    assert cmp.measurements[0].value == 20.0
    assert 0.5 < cmp.ratios[0] < 2.0
    assert 0.5 < full_response().adl / 20.0 < 2.0


def test_metabolic_comparison_by_hand_and_within_band():
    # by hand: resting demand Σ fᵢ Q C_a Eᵢ = 40 · 280 · (0.02·0.35 + 0.04·0.6 + 0.24·0.25
    # + 0.10·0.1 + 0.35·0.15 + 0.25·0.1) = 11200 · 0.1785 = 1999.2 mL O₂/min; the heart's part,
    # 0.04 · 40 · 280 · 0.6 = 268.8, scales with its work Q ΔP/(40 · 100)
    s = dive(300.0)
    heart = 0.04 * 40 * 280 * 0.6
    work = s.cardiac_output * s.beds.pressure / (40.0 * 100.0)
    by_hand = (1999.2 - heart + heart * work) / 400.0
    cmp = metabolic_comparison(300.0)
    assert cmp.predictions[0] == pytest.approx(by_hand, rel=1e-9)
    m = DIVING_VO2_PONGANIS_1993
    assert (m.value, m.source) == (4.5, "ponganis1993")  # Ponganis et al. 1993, adult seals
    assert cmp.max_relative_error <= 0.05  # the page prints the number from cmp
    # at the surface the model uses its resting demand, 1999.2/400 ≈ 5.0 (a little more)
    assert dive(0.0).o2_demand.sum() / 400.0 == pytest.approx(1999.2 / 400.0, rel=1e-12)
    assert 4.5 < 1999.2 / 400.0 < 4.5 * 1.15


@pytest.mark.parametrize("depth", [50.0, 100.0, 300.0, 1000.0])
def test_the_slow_heart_saves_the_oxygen_and_constriction_the_pressure(depth):
    # the page: blocking the vasoconstriction barely changes how long the blood O2 lasts
    # (a few per cent either way) but collapses the pressure; blocking the bradycardia
    # shortens it, by a third or more once the periphery is short of blood
    full = dive(depth)
    no_constriction = dive(depth, block_vasoconstriction=True)
    no_brady = dive(depth, block_bradycardia=True)
    assert abs(no_constriction.adl / full.adl - 1) < 0.06
    assert no_constriction.beds.pressure < 0.7 * full.beds.pressure
    assert no_brady.adl < full.adl
    if depth >= 200.0:  # deep enough that the periphery is short of blood
        assert no_brady.adl < 0.7 * full.adl


def test_rate_pressure_product_aside():
    # the page: scaling the heart with rate x pressure instead of Q ΔP: heart rate 15/52 = 0.29
    # ("between a quarter and a third"), times ΔP_full/ΔP_rest (85.8/100) = 0.25; both printed
    from fluxlib.models.circulation import rate_pressure_heart_flow

    z = ZAPOL_1979
    rate, rpp = rate_pressure_heart_flow()
    assert rate == pytest.approx(15.0 / 52.0, rel=1e-12) and 0.25 < rate < 1 / 3
    by_hand = z["heart_rate_dive"].value / z["heart_rate_rest"].value * full_response().beds.pressure / 100.0
    assert rpp == pytest.approx(by_hand, rel=1e-12)
    assert rpp == pytest.approx(0.25, abs=0.02)
    assert rpp > z["heart"].value  # more than the measured 0.15: the work law is closer here
    import nbformat

    nb = nbformat.read(Path(__file__).parents[1] / "notebooks/ch3/3-2-the-dive-response.ipynb", as_version=4)
    text = " ".join(" ".join(c.source.split()) for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "about a quarter of its resting flow" not in text
    assert "between a quarter and a third of rest" in text and "rate_pressure_heart_flow()" in code
    # second reader (F6): a rough empirical index (human heart rate x systolic pressure, mainly in
    # exercise), built here with mean pressure; blind to stroke volume and basal use; constant
    # extraction. It is no longer offered as the better law without qualification.
    assert "Scaling with the rate-pressure product instead would" not in text
    assert "The rate-pressure product is only a rough empirical index" in text
    assert "heart rate times systolic pressure" in text and "mainly during exercise" in text
    assert "Built here with the mean perfusion pressure" in text
    assert "the large fall in stroke volume" in text and "its basal use" in text
    assert "assumes the heart takes the same fraction of the oxygen it is sent" in text


@pytest.mark.parametrize("depth", [300.0, 400.0, 600.0, 4000.0])
def test_deep_blocked_dive_uses_a_little_more_blood_oxygen(depth):
    # the page: deep down the alpha-blocked dive's blood O2 lasts a little less (the starved
    # brain's lost flow goes to beds that take all it brings), and the blocked state is outside
    # the measured range of autoregulation
    full = dive(depth)
    blocked = dive(depth, block_vasoconstriction=True)
    assert blocked.adl <= full.adl
    assert blocked.o2_use >= full.o2_use
    # and the blocked seal is outside the measured range of autoregulation
    assert blocked.validity and "perfusion pressure" in blocked.validity[0].quantity
    assert full.validity == ()


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


def test_adl_is_store_over_demand_capped_uptake():
    a, s = Animal(), dive(200.0)
    # by hand: demand M_i = f_i Q0 C_a E_i (heart's scaled by its work), uptake min(M, Q C_a E_max)
    M = [f * 40.0 * 280.0 * e for f, e in zip(a.fractions, a.extraction, strict=True)]
    M[1] *= s.cardiac_output * s.beds.pressure / (40.0 * 100.0)
    U = [min(m, q * 280.0 * 0.8) for m, q in zip(M, s.beds.flow, strict=True)]
    assert np.allclose(s.o2_uptake, U, rtol=1e-12)
    assert s.o2_use == pytest.approx(sum(U), rel=1e-12)
    assert s.adl == pytest.approx(a.o2_store / sum(U), rel=1e-12)
    # at 200 m the muscle's delivery falls short: it draws on its own stores
    assert s.o2_shortfall[2] > 0
    assert s.o2_shortfall[0] == pytest.approx(0.0, abs=1e-9)


def test_answers():
    f = 0.02
    assert fl.checks.expected_value("3.2-brain-share") == pytest.approx(f / (f + (1 - f) / 5), rel=1e-12)
    # by hand: brain and heart take their 250 (they could take 3 * 280 * 0.8 = 672); the others
    # would need 1200 but only 4 * 280 * 0.8 = 896 arrives
    assert fl.checks.expected_value("3.2-adl") == pytest.approx(22000 / (250 + 896), rel=1e-12)


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
    with pytest.raises(FluxInputError, match="maximum oxygen extraction must lie between"):
        Animal(max_extraction=0.5)
    with pytest.raises(FluxInputError, match=r"bed conductance G \(L/\(min·mmHg\)\) must be positive"):
        solve_beds(1.0, [0.1, -0.1, 0.1, 0.1, 0.1, 0.1])


def test_dive_panel_updates_in_place():
    from fluxlib.widgets.circulation import dive_panel

    panel = dive_panel()
    box = panel.widget()
    ctrl = next(iter(box.flux_controls.values()))
    ctrl.value = ctrl.max
    assert panel.animated
    assert "⚠" not in box.flux_note.value


def test_panel_sentences_carry_validity():
    from fluxlib.widgets.circulation import dive_panel

    box = dive_panel().widget()
    box.flux_controls["depth"].value = 300.0
    assert "Outside" not in box.flux_note.value
    box.flux_controls["blocker"].value = True
    assert "perfusion pressure" in box.flux_note.value and "Outside" in box.flux_note.value


def test_shallow_blocked_dive_saves_only_heart_work():
    # At 50 m the periphery still gets all it needs either way, so the blocked seal's smaller
    # blood O2 use is exactly its heart's smaller demand (lower pressure, less work).
    full, blocked = dive(50.0), dive(50.0, block_vasoconstriction=True)
    assert np.allclose(full.o2_uptake, full.o2_demand) and np.allclose(blocked.o2_uptake, blocked.o2_demand)
    assert np.allclose(np.delete(full.o2_uptake, 1), np.delete(blocked.o2_uptake, 1), rtol=1e-12)
    assert full.o2_use - blocked.o2_use == pytest.approx(full.o2_uptake[1] - blocked.o2_uptake[1], rel=1e-9)
    assert blocked.beds.pressure < full.beds.pressure
    assert blocked.validity == ()  # still inside the measured range of autoregulation
    assert dive(150.0, block_vasoconstriction=True).validity  # deeper: outside it


def _markdown() -> str:
    return notebook_prose("3-2-the-dive-response")


def test_brain_row_is_built_in_and_heart_miss_is_the_pressure():
    # second reader (F3): the brain's demand is its resting flow, and at the full response's
    # pressure its vessels have the range (4x dilation covers dP down to 25 mmHg), so 1 by
    # construction. The heart: Q dP/(Q0 P0) = 0.14 * 85.8/100 = 0.12 against 0.15; at the resting
    # pressure it would be 1 - brady_max = 0.14: most of the gap is the model's fall in pressure.
    a, full = Animal(), full_response()
    assert full.beds["brain"] / a.demand[0] == pytest.approx(1.0, rel=1e-8)
    assert 25.0 < full.beds.pressure < 1000.0
    heart = full.beds["heart"] / a.demand[1]
    held = full.cardiac_output / a.cardiac_output
    assert held == pytest.approx(1 - 0.86, rel=1e-9)
    assert heart < held < 0.15
    assert 0.15 - held < (0.15 - heart) / 2  # "most of its shortfall"
    assert zapol_comparison().predictions[0] == pytest.approx(heart, rel=1e-12)
    text = _markdown()
    assert (
        "the brain's flow follows from autoregulation and the heart's from its work, and both land"
        not in text
    )
    assert "Nor is the brain: we assumed it holds its resting flow" in text
    assert (
        "its ratio is 1 by construction" in text
        and "The heart's flow, set by its work, is the one prediction" in text
    )
    assert "stays near 100 mmHg" not in text and "falls only a little" in text
    assert 85.0 < dive(300.0).beds.pressure < 95.0  # "falls only a little" at 300 m


def test_pressure_range_is_the_human_brains_pooled_plateau():
    # second reader (F2): about 60-150 mmHg as Brassard et al. 2021 read Lassen's curve (human
    # brain, groups of different people), not 50-150 for "organ flow"; the alpha-blocked dive
    # now leaves the range from 65 m (dP 59.0 mmHg) and stays in it at 60 m (61.4) and 50 m
    from fluxlib.models.circulation import PRESSURE_RANGE

    assert PRESSURE_RANGE == (60.0, 150.0)
    assert dive(60.0, block_vasoconstriction=True).validity == ()
    b75 = dive(75.0, block_vasoconstriction=True)
    assert b75.beds.pressure == pytest.approx(54.7, abs=0.05)
    assert b75.validity and "cerebral autoregulation (human, pooled data)" in b75.validity[0].why
    assert dive(65.0, block_vasoconstriction=True).validity
    for d in (0.0, 300.0, 600.0, 4000.0):
        assert dive(d).validity == ()  # the intact response stays inside
    text = _markdown()
    assert "organ flow is measured to autoregulate" not in text and "about 50 to 150" not in text
    assert "50 and 150 mmHg" not in text
    assert "the human brain's flow is measured to hold steady, roughly 60 to 150 mmHg" in text
    assert "as a 2021 review reads it {cite}`s3_2_Brassard2021`" in text
    assert "we apply it to the seal's brain and heart alike, an assumption" in text


def test_constant_arterial_o2_content_is_an_assumption():
    # second reader (F4): C_a stays at 280 mL/L while the store drains; at 0.8 L/min and 80 %
    # extraction the brain's 78.4 mL O2/min needs C_a >= 78.4/(0.8*0.8) = 122.5 mL/L
    a = Animal()
    assert a.o2_demand[0] == pytest.approx(0.02 * 40 * 280 * 0.35, rel=1e-12)
    assert a.o2_demand[0] / (a.demand[0] * a.max_extraction) == pytest.approx(122.5, rel=1e-12)
    text = _markdown()
    assert "longer the blood's oxygen lasts for the brain" not in text
    assert "the longer the blood's store lasts at the dive's starting rate of use" in text
    assert (
        "The arterial oxygen content is held at its starting value, 280 mL O₂/L, while the store drains"
        in text
    )
    assert "the brain would run short before the store is empty" in text


def test_brain_share_is_illustrative():
    # second reader (F5): the 2 % (0.8 L/min) is not checked against a measured seal brain flow
    text = _markdown()
    assert "A seal's brain takes 2%" not in text and "A model seal's brain takes 2%" in text
    assert "the brain's 2 % in particular we have not checked against a measured seal brain flow" in text
    assert "round, illustrative values, not measured ones" in text


def test_metabolic_agreement_depends_on_depth():
    # second reader (F6): total demand moves with depth only through the heart; by hand, at rest
    # 1999.2/400 = 4.998 and in the full response (1999.2 - 268.8 + 268.8 * 0.14 * 0.858)/400
    full = full_response()
    w = full.cardiac_output * full.beds.pressure / 4000.0
    full_use = (1999.2 - 268.8 + 268.8 * w) / 400.0
    assert full.o2_demand.sum() / 400.0 == pytest.approx(full_use, rel=1e-9)
    uses = [dive(d).o2_demand.sum() / 400.0 for d in (0.0, 100.0, 300.0, 600.0)]
    assert all(x > y > full_use for x, y in zip(uses, uses[1:], strict=False))
    worst = max(abs(u / 4.5 - 1) for u in (1999.2 / 400.0, full_use))
    assert worst == pytest.approx(0.498 / 4.5, rel=1e-9) and 0.10 < worst < 0.12
    assert metabolic_comparison(300.0).max_relative_error < 0.02  # the 300 m closeness is the depth
    text = _markdown()
    assert "but the closeness there is partly the choice of depth" in text
    assert "no depth in the model is singled out by the measurement" in text
