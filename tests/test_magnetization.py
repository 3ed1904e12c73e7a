"""Section 1.6: bound currents circulate; an ammeter sees only the transport current."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.magnetization import Slab, bound_current, current_map
from fluxlib.symbolic import magnetization as sym
from tests.conftest import notebook_prose


# --- derivations -------------------------------------------------------------------------
def test_cut_integral_is_boundary_difference_then_zero():
    d = sym.cut_integral()
    Mf = sp.Function("M_z")
    x, y, a = sym.x, sym.y, sym.a
    assert sp.simplify(d.extra["general"] - (Mf(x, a) - Mf(x, -a))) == 0
    assert sp.simplify(d.result) == 0
    Jx, Jy = d.extra["J"]
    assert sp.simplify(sp.diff(Jx, x) + sp.diff(Jy, y)) == 0


def test_uniform_slab_face_currents_cancel():
    d = sym.uniform_slab()
    assert sp.simplify(d.extra["top"] + sym.M0) == 0
    assert sp.simplify(d.extra["bottom"] - sym.M0) == 0
    assert sp.simplify(d.result) == 0


def test_smooth_slab():
    d = sym.smooth_slab()
    y, a, M0 = sym.y, sym.a, sym.M0
    expected_J = sp.diff(M0 * sp.cos(sp.pi * y / (2 * a)) ** 2, y)
    assert sp.simplify(d.extra["J"] - expected_J) == 0
    assert sp.simplify(d.extra["upper_half"] + M0) == 0
    assert sp.simplify(d.result) == 0


# --- numerics ----------------------------------------------------------------------------
def test_net_bound_current_through_every_cut_vanishes_to_roundoff():
    slab = Slab()
    cm = current_map(slab, nx=31, ny=61)
    scale = slab.M0 * slab.depth * (1 + slab.ripple)
    assert np.max(np.abs(cm.cut_currents(part="bound"))) < 1e-12 * scale
    # the discrete divergence of a discrete curl vanishes
    J_over_dx = np.max(np.abs(cm.Jx_bound)) / cm.dx
    assert np.max(np.abs(cm.divergence())) < 1e-12 * J_over_dx


@settings(max_examples=30, deadline=None)
@given(
    st.integers(2, 12),
    st.integers(3, 12),
    st.integers(0, 2**31 - 1),
)
def test_any_magnetisation_map_gives_zero_net_current(nx, ny, seed):
    rng = np.random.default_rng(seed)
    M = rng.normal(scale=1e5, size=(nx, ny))
    M[:, 0] = M[:, -1] = 0.0
    Jx, Jy = bound_current(M, 1e-3, 2e-3)
    assert np.max(np.abs(Jx.sum(axis=1) * 2e-3)) < 1e-9
    div = np.diff(Jx, axis=0) / 1e-3 + np.diff(Jy, axis=1) / 2e-3
    assert np.max(np.abs(div)) < 1e-3


def test_half_cut_equals_minus_midplane_magnetisation():
    # the telescoping sum over the upper half gives M(top) - M(middle) = -M(x_i, 0)
    slab = Slab()
    cm = current_map(slab, nx=11, ny=61)
    j0 = np.argmin(np.abs(cm.y))
    assert cm.y[j0] == pytest.approx(0.0, abs=1e-15)
    for i in range(len(cm.x)):
        expected = -slab.magnetisation(cm.x[i], 0.0) * slab.depth
        assert cm.cut_current(i, part="bound", y_min=0.0) == pytest.approx(expected, rel=1e-12)


def test_ammeter_sees_only_the_transport_current():
    cm = current_map(Slab(M0=3e5), I_transport=-750.0, nx=7, ny=41)
    totals = cm.cut_currents(part="total")
    np.testing.assert_allclose(totals, -750.0, rtol=1e-12)
    np.testing.assert_allclose(cm.cut_currents(part="transport"), -750.0, rtol=1e-12)


# --- answers -----------------------------------------------------------------------------
def test_answer_keys():
    # surface current of a uniform slab is K = M (per unit depth), toward -x on the top face
    assert fl.checks.expected_value("1.6-surface-current") == pytest.approx(-8e5 * 0.02, rel=1e-9)
    assert fl.checks.expected_value("1.6-ammeter") == pytest.approx(3.0, rel=1e-9)
    assert fl.checks.check_answer("1.6-ammeter", 3.0).correct
    assert not fl.checks.check_answer("1.6-ammeter", 3.0 + 16000.0).correct


# --- errors ------------------------------------------------------------------------------
def test_input_errors():
    with pytest.raises(FluxInputError, match="slab half-thickness a"):
        Slab(half_thickness=-1.0)
    with pytest.raises(FluxInputError, match="taper width .* exceeds the slab half-thickness"):
        Slab(half_thickness=1e-3, taper=2e-3)
    with pytest.raises(FluxInputError, match="ripple 1.5 must lie in"):
        Slab(ripple=1.5)
    with pytest.raises(FluxInputError, match="magnetisation M0"):
        Slab(M0=float("nan"))
    with pytest.raises(FluxInputError, match="transport current I_t"):
        current_map(Slab(), I_transport=float("inf"))
    with pytest.raises(FluxInputError, match="at least 2 × 5 nodes"):
        current_map(Slab(), nx=1)
    with pytest.raises(FluxInputError, match="2-D array of at least 2×2 nodes"):
        bound_current(np.zeros(5), 1.0, 1.0)
    with pytest.raises(FluxInputError, match="grid spacing Δy"):
        bound_current(np.zeros((3, 3)), 1.0, 0.0)
    cm = current_map(Slab(), nx=3, ny=11)
    with pytest.raises(FluxInputError, match="part must be 'bound', 'transport' or 'total'"):
        cm.cut_current(0, part="magnetic")
    with pytest.raises(FluxInputError, match="cut index 9 is outside"):
        cm.cut_current(9)


def test_panel_updates_fast_and_renders():
    from fluxlib.widgets.magnetization import bound_current_panel

    panel = bound_current_panel()
    assert "ammeter reads +1000 A" in panel.apply()
    box = panel.widget()
    box.flux_controls["I_t"].value = -400.0
    assert "ammeter reads -400 A" in box.flux_note.value
    assert box.flux_timing["last_ms"] < 200  # generous on a shared machine; typically ~10 ms


def test_current_map_figure_is_a_handle_with_fixed_ranges():
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.magnetization import cut_bars, plot_current_map

    cm = current_map(Slab(M0=1e5), I_transport=1000.0, nx=11, ny=31)
    handle = plot_current_map(cm, I_range=(-5000.0, 5000.0))
    assert isinstance(handle, PlotHandle) and len(handle.axes) == 3
    assert handle.axes[2].get_ylim() == (-5000.0, 5000.0)
    new = current_map(Slab(M0=5e4), I_transport=-300.0, nx=11, ny=31)
    handle.update(new)
    heights = [b.get_height() for b in handle["bars"]]
    assert heights == pytest.approx(cut_bars(new, i=0))
    assert heights[-1] == pytest.approx(-300.0, rel=1e-12)  # the ammeter
    np.testing.assert_allclose(handle["J_total"].get_xdata(), new.Jx[0] / 1e6)
    assert handle.axes[2].get_ylim() == (-5000.0, 5000.0)


# --- validity --------------------------------------------------------------------------------
def test_magnetisation_beyond_any_materials_saturation_is_flagged():
    from fluxlib.models.magnetization import LARGEST_SATURATION

    # peak |M| = M0 (1 + ripple); a strong NdFeB magnet (about 1e6 A/m) is inside the range
    assert current_map(Slab(M0=1e6, ripple=0.4)).validity == ()
    cm = current_map(Slab(M0=2e6, ripple=0.4))
    (note,) = cm.validity
    assert note.value == pytest.approx(2.8e6) and note.bound == LARGEST_SATURATION
    assert "saturation" in fl.validity.describe(cm.validity)
    # the books still close: the validity note is about the world, not the arithmetic
    assert np.max(np.abs(cm.cut_currents(part="bound"))) < 1e-6


# --- measured comparison ---------------------------------------------------------------------
def test_strong_magnet_round_number_against_nd_fe_b():
    import math
    import pathlib

    from fluxlib.models.magnetization import ND_FE_B_SATURATION, strong_magnet_comparison

    # μ0 M_s = 1.60 T  =>  M_s = 1.60 / (4π × 10⁻⁷) ≈ 1.27e6 A/m, by hand
    assert ND_FE_B_SATURATION.value == pytest.approx(1.60 / (4 * math.pi * 1e-7), rel=1e-12)
    cmp = strong_magnet_comparison()
    # the prose: the round 10⁶ A/m is within a quarter of the measured saturation, and below it
    # (a finished magnet's remanence is below saturation)
    assert cmp.max_relative_error <= 0.25
    assert cmp.ratios[0] < 1.0
    bib = (pathlib.Path(__file__).parents[1] / "references.bib").read_text()
    assert "@article{" + ND_FE_B_SATURATION.source + "," in bib


def test_strong_magnet_claim_survives_the_unverified_saturation():
    import math
    import pathlib

    from fluxlib.models.magnetization import ND_FE_B_SATURATION, STRONG_MAGNET_M

    # 1.60 T was not read in Herbst's review itself; sources seen give 1.6 to 1.62 T. The page's
    # claim must hold at both ends: 10⁶ / (1.62 / 4π×10⁻⁷) ≈ 0.776, i.e. 22 % below, by hand
    for mu0_ms in (1.60, 1.62):
        ratio = STRONG_MAGNET_M / (mu0_ms / (4 * math.pi * 1e-7))
        assert 0.75 <= ratio < 1.0
    assert "commonly attributed" in ND_FE_B_SATURATION.note
    nb = next((pathlib.Path(__file__).parents[1] / "notebooks" / "ch1").glob("1-6-*.ipynb")).read_text()
    assert "we could not read it in the review" in nb and "1.62 T" in nb


# --- second reader (findings F4, F5): the page's wording -------------------------------------
def _markdown():
    return notebook_prose("1-6-transport-and-bound-currents")


def test_kiloampere_example_is_flagged_as_a_thought_experiment():
    # F4: 1 kA through the 1 cm × 1 cm slab is J = 10⁷ A/m² by hand; with a sintered magnet's
    # resistivity of order 10⁻⁶ Ω m that is J²ρ of order 10⁸ W/m³, far past what a magnet survives
    slab = Slab()
    area = 2 * slab.half_thickness * slab.depth
    assert area == pytest.approx(1e-4)  # one square centimetre
    cm = current_map(slab, I_transport=1000.0)
    assert cm.I_transport == 1000.0
    text = _markdown()
    assert "transport current of 1 kA" in text
    assert "would quickly heat a real sintered magnet" in text
    assert "thought experiment" in text and "brief" in text
    assert "Joule heat is ignored" in text
    import fluxlib.models.magnetization as model
    from fluxlib.widgets import magnetization as widget

    assert "no account of Joule heat" in " ".join((model.__doc__ or "").split())
    assert "thought experiment" in " ".join((widget.bound_current_panel.__doc__ or "").split())


def test_no_polarisation_current_is_blamed_on_p_not_m():
    # F5: the polarisation current is ∂P/∂t; a constant M does not by itself remove it
    text = _markdown()
    assert "Magnetostatics: $\\mathbf M$ does not change in time, so there is no polarisation" not in text
    assert "polarisation current $\\partial\\mathbf P/\\partial t$" in text
    assert "neither $\\mathbf M$ nor any electric polarisation $\\mathbf P$" in text
