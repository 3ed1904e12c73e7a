"""Section 2.6: derivations for plane and sphere, the radial finite-volume solve, the formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.electrodes import (
    FARADAY,
    Solution,
    cottrell_current,
    disk_current,
    disk_steady_current,
    shoup_szabo_f,
    sphere_current,
    sphere_fv,
    sphere_steady_current,
    sphere_time_to_steady,
    step_times,
)
from fluxlib.symbolic import electrodes as E

SOL = Solution(D=7.6e-10, c=1.0, n=1)


# --- derivations ---------------------------------------------------------------------------
def test_cottrell_derivation():
    d = E.planar()
    assert sp.simplify(d.result - E.n * E.F * E.cinf * sp.sqrt(E.D / (sp.pi * E.t))) == 0
    c = d.extra["profile"]
    assert sp.simplify(sp.diff(c, E.t) - E.D * sp.diff(c, E.x, 2)) == 0


def test_sphere_steady_derivation():
    d = E.sphere_steady()
    assert sp.simplify(d.result - 4 * sp.pi * E.n * E.F * E.D * E.cinf * E.r0) == 0
    assert sp.simplify(d.extra["profile"] - E.cinf * (1 - E.r0 / E.r)) == 0


def test_sphere_transient_derivation():
    d = E.sphere_transient()
    expected = 4 * sp.pi * E.r0**2 * E.n * E.F * E.D * E.cinf * (1 / E.r0 + 1 / sp.sqrt(sp.pi * E.D * E.t))
    assert sp.simplify(d.result - expected) == 0
    c = d.extra["profile"]
    residual = sp.diff(c, E.t) - E.D / E.r**2 * sp.diff(E.r**2 * sp.diff(c, E.r), E.r)
    assert sp.simplify(residual) == 0
    assert sp.simplify(c.subs(E.r, E.r0)) == 0
    gap = sp.Symbol("s", positive=True)  # r = r0 + s, outside the electrode
    assert sp.simplify(sp.limit(c.subs(E.r, E.r0 + gap), E.t, 0) - E.cinf) == 0  # initially uniform


# --- formulas and reference values --------------------------------------------------------------
def test_saito_value():
    # 4 n F D c r for a 5 µm disk, 1 mM, D = 7.6e-10 m²/s: 1.4666 nA
    i = disk_steady_current(5e-6, SOL)
    assert i == pytest.approx(4 * 96485.33212 * 7.6e-10 * 1.0 * 5e-6, rel=1e-12)
    assert i == pytest.approx(1.4666e-9, rel=1e-4)


def test_shoup_szabo_limits():
    # long times: Saito's steady current, to 0.1 %
    r = 5e-6
    t_long = 1e6 * r**2 / SOL.D
    assert disk_current(t_long, r, SOL) == pytest.approx(disk_steady_current(r, SOL), rel=1e-3)
    # short times: Cottrell on the disk's area, to 1 % (the edge adds the next term)
    t_short = 1e-5 * r**2 / SOL.D
    assert disk_current(t_short, r, SOL) == pytest.approx(
        cottrell_current(t_short, math.pi * r**2, SOL), rel=1e-2
    )
    assert shoup_szabo_f(1e12) == pytest.approx(1.0, abs=1e-5)


def test_sphere_formula_pieces():
    r0, t = 10e-6, 2.0
    cott = cottrell_current(t, 4 * math.pi * r0**2, SOL)
    assert sphere_current(t, r0, SOL) == pytest.approx(cott + sphere_steady_current(r0, SOL), rel=1e-13)
    assert sphere_steady_current(r0, SOL) == pytest.approx(
        4 * math.pi * FARADAY * SOL.D * SOL.c * r0, rel=1e-13
    )
    # settling time: the Cottrell term is 10 % of the steady term there, and scales as r²
    ts = sphere_time_to_steady(r0, SOL)
    assert cottrell_current(ts, 4 * math.pi * r0**2, SOL) / sphere_steady_current(r0, SOL) == pytest.approx(
        0.1
    )
    assert sphere_time_to_steady(2 * r0, SOL) == pytest.approx(4 * ts, rel=1e-13)


# --- the radial finite-volume solve ------------------------------------------------------------
@pytest.fixture(scope="module")
def fv():
    return sphere_fv(10e-6, SOL, times=step_times(100.0))


def test_fv_sphere_long_time_current(fv):
    # stated tolerance: 0.1 % at t = 10 s and 100 s, against the sphere formula and its steady term
    for t in (10.0, 100.0):
        k = int(np.argmin(np.abs(fv.t - t)))
        assert fv.t[k] == pytest.approx(t, rel=1e-9)
        assert fv.current[k] == pytest.approx(sphere_current(t, 10e-6, SOL), rel=1e-3)
    # at 100 s the Cottrell term is still r0/sqrt(pi D t) = 2 % of the steady term
    assert fv.current[-1] == pytest.approx(sphere_steady_current(10e-6, SOL), rel=0.03)
    assert fv.current[-1] > sphere_steady_current(10e-6, SOL)


def test_fv_sphere_transient_within_one_percent(fv):
    sel = (fv.t >= 1e-3) & (fv.t <= 100.0)
    rel = np.abs(fv.current[sel] / fv.exact[sel] - 1)
    assert rel.max() < 1e-2
    # and the error shrinks with time (backward Euler on geometric steps)
    assert rel[-1] < rel[0]


# --- errors -----------------------------------------------------------------------------------
def test_error_messages():
    with pytest.raises(FluxInputError, match=r"diffusivity D \(m²/s\) must be positive"):
        Solution(D=0.0)
    with pytest.raises(FluxInputError, match=r"bulk concentration c \(mol/m³\) must be positive"):
        Solution(c=-1.0)
    with pytest.raises(FluxInputError, match=r"electrons transferred n must be a positive integer"):
        Solution(n=0)
    with pytest.raises(
        FluxInputError, match=r"time t \(s\) since the potential step must be positive.*infinite"
    ):
        cottrell_current(0.0, 1e-6, SOL)
    with pytest.raises(FluxInputError, match=r"electrode radius r \(m\) must be positive"):
        disk_steady_current(-1e-6, SOL)
    with pytest.raises(FluxInputError, match=r"electrode area A \(m²\) must be positive"):
        cottrell_current(1.0, 0.0, SOL)
    with pytest.raises(FluxInputError, match=r"tolerance 'within' is a fraction"):
        sphere_time_to_steady(1e-5, SOL, within=2.0)


# --- answers and panel ----------------------------------------------------------------------
def test_answer_keys():
    # 1 mM ferricyanide, D = 7.17e-6 cm²/s = 7.17e-10 m²/s (Baur and Wightman 1991), 5 µm disk
    assert fl.checks.expected_value("2.6-saito-current") == pytest.approx(
        1e9 * 4 * 96485.33212 * 7.17e-10 * 1.0 * 5e-6, rel=1e-12
    )
    # 10 µm sphere, same solution: 1/sqrt(pi D t) = 0.1 / r0
    t = (10e-6 / 0.1) ** 2 / (math.pi * 7.17e-10)
    assert fl.checks.expected_value("2.6-sphere-settling") == pytest.approx(t, rel=1e-12)


def test_panel_sentences_and_static_fallback():
    from fluxlib.widgets.electrodes import electrode_panel

    panel = electrode_panel()
    small = panel.apply(radius_um=3.0)
    assert "microdisk settles" in small and "convection" not in small
    # a 1 mm sphere needs 4.2e4 s to settle: the sentence must say convection comes first
    assert "convection" in panel.apply(radius_um=1000.0)
    box = panel.widget()
    box.flux_controls["radius_um"].value = 50.0
    assert "flux-scrubber" in panel.static_html()


# --- conventions: times, results, the figure protocol ------------------------------------------
def test_step_times_are_the_old_output_times():
    # t = 0, then 7 decades below the last time at 100 per decade (the book's figure and table)
    times = step_times(100.0)
    assert times[0] == 0.0 and times.size == 702
    assert times[1] == pytest.approx(1e-5, rel=1e-12) and times[-1] == pytest.approx(100.0, rel=1e-12)
    assert np.all(np.diff(times) > 0)
    assert step_times(100.0, per_decade=10).size == 72


def test_sphere_fv_times_must_start_at_the_step(fv):
    with pytest.raises(FluxInputError, match=r"output times \(s\) must start at the potential step t = 0"):
        sphere_fv(10e-6, SOL, times=[1.0, 2.0])
    with pytest.raises(FluxInputError, match=r"output times \(s\) must start .* and increase"):
        sphere_fv(10e-6, SOL, times=[0.0, 2.0, 1.0])
    with pytest.raises(FluxInputError, match=r"outputs per decade must be a positive integer"):
        step_times(100.0, per_decade=0)
    # the default is step_times(100 s): the same run as the fixture's
    np.testing.assert_array_equal(sphere_fv(10e-6, SOL, n=120).current[1:], fv.current[1:])


def test_current_densities_match_the_formulas():
    from fluxlib.models.electrodes import PLOT_TIMES, CurrentDensityResult, current_densities

    r = 10e-6
    res = current_densities(r, SOL)
    assert isinstance(res, CurrentDensityResult)
    assert res.t[0] == pytest.approx(PLOT_TIMES[0]) and res.t[-1] == pytest.approx(PLOT_TIMES[1])
    assert res.t.size == 200
    np.testing.assert_allclose(res.disk, disk_current(res.t, r, SOL) / (math.pi * r**2), rtol=1e-14)
    assert res.sphere_steady == pytest.approx(FARADAY * SOL.D * SOL.c / r, rel=1e-13)
    assert res.disk_steady == pytest.approx(4 * FARADAY * SOL.D * SOL.c / (math.pi * r), rel=1e-13)
    assert res.sphere_settling == pytest.approx(sphere_time_to_steady(r, SOL), rel=1e-14)
    with pytest.raises(FluxInputError, match=r"time t \(s\) since the potential step must be positive"):
        current_densities(r, SOL, times=[0.0, 1.0])


def test_plot_returns_a_handle_whose_update_moves_the_curves(fv):
    from fluxlib.models.electrodes import current_densities
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.electrodes import plot_electrodes

    handle = plot_electrodes(current_densities(10e-6, SOL), fv=fv)
    assert isinstance(handle, PlotHandle) and len(handle.axes) == 1
    assert handle.ax.get_xscale() == "log" and handle.ax.get_xlim() == pytest.approx((1e-3, 100.0))
    assert len(handle.animated) == 6
    res = current_densities(3e-6, SOL)
    handle.update(res)
    np.testing.assert_array_equal(handle["disk"].get_ydata(), res.disk)
    assert handle["t_ss"].get_xdata()[0] == pytest.approx(res.sphere_settling)
    # drawing into a figure lays the axes out there; into an axes, uses it
    from fluxlib.plotting.base import empty_figure

    fig = empty_figure((7.0, 3.8))
    assert plot_electrodes(res, ax=fig).fig is fig
    ax = fig.axes[0]
    assert plot_electrodes(res, ax=ax).ax is ax
