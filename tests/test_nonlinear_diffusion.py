"""Section 2.5: Kirchhoff derivations, the nonlinear finite-volume solve, the panel, the answers."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.nonlinear_diffusion import (
    ExponentialD,
    LinearD,
    exact_content,
    kirchhoff_flux,
    kirchhoff_profile,
    observed_order,
    steady_slab,
)
from fluxlib.symbolic import nonlinear_diffusion as K
from tests.conftest import notebook_prose

LAWS = [LinearD(1e-10, 0.02), LinearD(1e-10, -0.006), ExponentialD(1e-10, 0.02), ExponentialD(1e-10, -0.02)]


# --- derivations ---------------------------------------------------------------------------
def test_transform_makes_phi_linear():
    d = K.transform()
    p1, p2 = sp.symbols(r"\Phi_1 \Phi_2", real=True)
    assert sp.simplify(sp.diff(d.result, K.x, 2)) == 0
    assert sp.simplify(d.result.subs(K.x, 0) - p1) == 0
    assert sp.simplify(d.result.subs(K.x, K.L) - p2) == 0
    cx = d.symbols["c"]
    assert sp.simplify(d.extra["chain_rule"] - sp.Function("D")(cx) * sp.diff(cx, K.x)) == 0


@pytest.mark.parametrize("which", ["linear", "exponential"])
def test_kirchhoff_solution_closed_form(which):
    x, c1, c2, L, D0, b = K.x, K.c1, K.c2, K.L, K.D0, K.beta
    if which == "linear":
        d = K.linear_law()
        Dexpr = D0 * (1 + b * K.c)
        phi1, phi2 = D0 * (c1 + b * c1**2 / 2), D0 * (c2 + b * c2**2 / 2)
        phix = phi1 + (phi2 - phi1) * x / L
        expected = (sp.sqrt(1 + 2 * b * phix / D0) - 1) / b
    else:
        d = K.exponential_law()
        Dexpr = D0 * sp.exp(b * K.c)
        phi1, phi2 = D0 * (sp.exp(b * c1) - 1) / b, D0 * (sp.exp(b * c2) - 1) / b
        phix = phi1 + (phi2 - phi1) * x / L
        expected = sp.log(1 + b * phix / D0) / b
    assert sp.simplify(d.result - expected) == 0
    assert sp.simplify(d.extra["flux"] - (phi1 - phi2) / L) == 0
    # and c(x) really solves d/dx(D(c) dc/dx) = 0 with the two end values
    cx = d.result
    Dc = Dexpr.subs(K.c, cx)
    J = -Dc * sp.diff(cx, x)
    assert sp.simplify(sp.diff(J, x)) == 0
    assert sp.simplify(J - d.extra["flux"]) == 0
    point = {c1: sp.Rational(3, 2), c2: sp.Rational(1, 3), b: sp.Rational(1, 2), D0: 2, L: 3}
    assert sp.simplify(cx.subs(point).subs(x, 0) - point[c1]) == 0
    assert sp.simplify(cx.subs(point).subs(x, 3) - point[c2]) == 0


# --- numerics --------------------------------------------------------------------------------
@pytest.mark.parametrize("law", LAWS, ids=repr)
def test_fv_nodes_match_kirchhoff_and_flux_is_uniform(law):
    res = steady_slab(law, length=1e-4, c_left=100.0, c_right=0.0, n=30)
    # integral-mean face diffusivities make the scheme exact at the nodes
    assert np.max(np.abs(res.c - res.c_exact)) < 1e-8 * 100.0
    assert np.allclose(res.flux, res.flux_exact, rtol=1e-9, atol=0)
    assert res.iterations >= 2  # a genuine Newton solve, not a linear shortcut


@pytest.mark.parametrize("law", LAWS, ids=repr)
def test_stored_amount_converges_at_second_order(law):
    out = observed_order(law, n=20)
    assert 1.8 < out["order"] < 2.2
    assert out["errors"][1] < out["errors"][0]


def test_flux_formula_values():
    # D = D0(1 + βc): J = D0 (c1 + β c1²/2 - c2 - β c2²/2) / L
    assert kirchhoff_flux(LinearD(1e-10, 0.02), 1e-4, 100.0, 0.0) == pytest.approx(
        1e-10 * 200 / 1e-4, rel=1e-14
    )
    # D = D0 e^{βc}: J = D0 (e^{βc1} - e^{βc2}) / (β L)
    assert kirchhoff_flux(ExponentialD(1e-10, 0.02), 1e-4, 100.0, 0.0) == pytest.approx(
        1e-10 * (np.e**2 - 1) / (0.02 * 1e-4), rel=1e-13
    )


def test_beta_zero_is_fick():
    for law in (LinearD(1e-9, 0.0), ExponentialD(1e-9, 0.0)):
        x = np.linspace(0, 1e-3, 7)
        assert np.allclose(kirchhoff_profile(law, 1e-3, 10.0, 2.0, x), 10.0 - 8.0 * x / 1e-3, rtol=1e-14)
        assert exact_content(law, 1e-3, 10.0, 2.0) == pytest.approx(6.0e-3, rel=1e-12)


def test_profile_bows_toward_the_high_D_side():
    # D increasing with c: the gradient is gentle where c is high, so c lies above the straight line
    res = steady_slab(LinearD(1e-10, 0.02), length=1e-4, c_left=100.0, c_right=0.0, n=20)
    assert np.all(res.c > 100.0 * (1 - res.x / 1e-4))
    res = steady_slab(LinearD(1e-10, -0.006), length=1e-4, c_left=100.0, c_right=0.0, n=20)
    assert np.all(res.c < 100.0 * (1 - res.x / 1e-4))


# --- errors -----------------------------------------------------------------------------------
def test_error_messages():
    with pytest.raises(FluxInputError, match=r"D0 \(diffusivity at c = 0, m²/s\) must be positive"):
        LinearD(-1e-9, 0.1)
    with pytest.raises(FluxInputError, match=r"beta \(m³/mol\) must be finite"):
        ExponentialD(1e-9, float("nan"))
    with pytest.raises(FluxInputError, match=r"a diffusivity must stay positive across the slab"):
        steady_slab(LinearD(1e-10, -0.02), c_left=100.0, c_right=0.0)
    with pytest.raises(FluxInputError, match=r"slab thickness L \(m\) must be positive"):
        steady_slab(LinearD(), length=0.0)
    with pytest.raises(FluxInputError, match=r"law must be LinearD"):
        steady_slab(lambda c: c)
    with pytest.raises(FluxInputError, match=r"c_left \(mol/m³\) must be finite"):
        kirchhoff_flux(LinearD(), 1e-4, float("inf"), 0.0)


# --- answers and panel ----------------------------------------------------------------------
def test_answer_keys():
    D0, b, L, c1 = 1e-10, 0.02, 100e-6, 100.0
    assert fl.checks.expected_value("2.5-membrane-flux") == pytest.approx(
        D0 * (c1 + b * c1**2 / 2) / L, rel=1e-9
    )
    # J = -D dc/dx constant: gradient ratio exit/inlet = D(c1)/D(c2)
    assert fl.checks.expected_value("2.5-gradient-ratio") == pytest.approx(1 + b * c1, rel=1e-9)
    assert fl.checks.check_answer("2.5-membrane-flux", 2.0e-4).correct
    assert not fl.checks.check_answer("2.5-membrane-flux", 1.0e-4).correct


def test_panel_reports_flux_and_which_way_the_gradient_goes():
    from fluxlib.widgets.nonlinear_diffusion import kirchhoff_panel

    panel = kirchhoff_panel()
    msg = panel.apply(beta_c=2.0, law="linear")
    # linear law, beta c1 = 2: D(c1)/D(0) = 3, so the inlet gradient is 3 times gentler
    assert "at every depth" in msg and "⚠" not in msg and "3 times gentler" in msg
    # exponential law, beta c1 = -0.5: D(0)/D(c1) = e^0.5 = 1.65, inlet gradient steeper
    assert "1.65 times steeper" in panel.apply(beta_c=-0.5, law="exponential")
    box = panel.widget()
    box.flux_controls["beta_c"].value = 3.0
    assert "flux-scrubber" in panel.static_html()


def test_plot_handle_moves_its_curves_and_keeps_the_axes():
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.nonlinear_diffusion import plot_kirchhoff

    res = steady_slab(LinearD(1e-10, 0.02), length=100e-6, c_left=100.0, c_right=0.0, n=24)
    handle = plot_kirchhoff(res, c_range=(-5.0, 105.0), factor_range=(0.02, 200.0))
    assert isinstance(handle, PlotHandle)
    ax_c, ax_f = handle.axes
    assert ax_f.get_yscale() == "log" and ax_f.get_ylim() == pytest.approx((0.02, 200.0))
    other = steady_slab(ExponentialD(1e-10, -0.02), length=100e-6, c_left=100.0, c_right=0.0, n=24)
    handle.update(other)
    assert np.allclose(handle["cells"].get_ydata(), other.c)
    assert np.allclose(handle["J"].get_ydata(), other.flux / (1e-10 * 100.0 / 100e-6))
    assert ax_c.get_ylim() == pytest.approx((-5.0, 105.0))
    assert plot_kirchhoff(res, log_factors=False).axes[1].get_yscale() == "linear"


# --- review fixes ----------------------------------------------------------------------------
def _page_markdown():
    return notebook_prose("2-5-concentration-dependent-diffusivity")


def test_log_factors_mirror_about_root_of_the_flux_not_the_flux_line():
    # the page's membrane, beta c1 = 2: by hand D/D0 runs 3 -> 1 and the steepness 1/3 x 2 = 0.667
    # -> 2, product J/J0 = 2 everywhere; the two logs are mirror images about log sqrt(2), not log 2
    from fluxlib.plotting.nonlinear_diffusion import _factors
    from fluxlib.widgets.nonlinear_diffusion import kirchhoff_panel

    res = steady_slab(LinearD(1e-10, 0.02), length=100e-6, c_left=100.0, c_right=0.0)
    xs = np.linspace(0.0, 100e-6, 11)
    D_rel, s, _ = _factors(res, xs)
    assert D_rel[[0, -1]] == pytest.approx([3.0, 1.0], rel=1e-9)
    assert s[[0, -1]] == pytest.approx([2 / 3, 2.0], rel=1e-9)
    assert np.log(D_rel) + np.log(s) == pytest.approx(np.full(11, np.log(2.0)), rel=1e-9)
    mid = np.sqrt(D_rel * s)
    assert mid == pytest.approx(np.full(11, np.sqrt(2.0)), rel=1e-9)  # the mirror level
    assert not np.allclose(s, 2.0**2 / D_rel)  # mirroring about the flux line would need J²/D
    text = _page_markdown()
    assert "mirror each other about the flat flux line" not in text
    assert "mirror each other on the log scale about the level $\\sqrt{J/J_0}$" in text
    doc = " ".join((kirchhoff_panel.__doc__ or "").split())
    assert "mirror images about the level sqrt(J/J0)" in doc
    assert "mirror images about it" not in doc


def test_face_mean_is_exact_for_linear_law_only_to_quadrature_for_exponential():
    # 3-point Gauss-Legendre is exact for polynomial D of degree <= 5: round-off for LinearD; for
    # ExponentialD at the widget's largest beta c1 = 4 on its 24 cells the gap is about 1e-8 of c1
    import fluxlib.models.nonlinear_diffusion as nd

    for bc in (2.0, 4.0):
        lin = steady_slab(LinearD(1e-10, bc / 100), length=1e-4, c_left=100.0, c_right=0.0, n=24)
        assert np.max(np.abs(lin.c - lin.c_exact)) < 1e-12 * 100.0
    ex = steady_slab(ExponentialD(1e-10, 0.04), length=1e-4, c_left=100.0, c_right=0.0, n=24)
    gap = np.max(np.abs(ex.c - ex.c_exact)) / 100.0
    assert 1e-9 < gap < 1e-7
    doc = " ".join((nd.__doc__ or "").split())
    assert "for :class:`LinearD` the cell-centre values agree with the exact profile to round-off" in doc
    assert "about 10⁻⁸ of c_left at βc₁ = 4 on 24 cells" in doc


def test_example_numbers_are_said_to_bend_more_than_is_typical():
    # 100 mol/m³ of a small solvent is a dilute solution (for benzene, molar volume about
    # 89 cm³/mol, under 1 % by volume), and beta c1 = 2 triples D over it: stronger than is
    # typical, as the page now says (it gives no volume figure: none is printed by code)
    import fluxlib.models.nonlinear_diffusion as nd

    assert LinearD(1e-10, 0.02)(100.0) / LinearD(1e-10, 0.02)(0.0) == pytest.approx(3.0)
    text = _page_markdown()
    assert "These are illustrative numbers of a plausible size for a small solvent" not in text
    assert (
        "the rise of $D$ with $c$ is chosen stronger than is typical, so that the bend is easy to see" in text
    )
    assert "is a dilute solution, a small fraction of the polymer's volume" in text
    assert "1 % of the volume" not in text
    doc = " ".join((nd.__doc__ or "").split())
    assert "β is chosen larger than is typical, so that the bend shows" in doc
