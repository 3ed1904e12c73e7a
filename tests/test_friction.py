"""Section 1.4 (key ``friction``): the flux of properties.

Kinetic-energy and momentum flux factors of velocity profiles (derivations, the core's
quadrature, the figure and panel), and the friction factor of a smooth pipe, laminar law against
measurement.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib import profiles as core
from fluxlib.errors import FluxInputError
from fluxlib.models import friction
from fluxlib.plotting.friction import relative_velocity
from fluxlib.symbolic import friction as sym
from tests.conftest import notebook_prose


def test_laminar_is_64_over_re_from_poiseuille():
    # by hand: Poiseuille's -dp/dx = 32 μU/D² and λ = -(dp/dx) D / (½ρU²) give 64 μ/(ρUD)
    mu, rho, U, D = 1.0e-3, 1000.0, 0.01, 0.02
    dpdx = 32 * mu * U / D**2
    lam = dpdx * D / (0.5 * rho * U**2)
    re = rho * U * D / mu
    assert friction.friction_factor(re).laminar == pytest.approx(lam, rel=1e-12)


def test_validity_fires_past_laminar_and_not_inside():
    assert friction.friction_factor(1500.0).validity == ()
    assert friction.friction_factor(1999.0).validity == ()
    res = friction.friction_factor(3000.0)
    assert len(res.validity) == 1
    text = fl.validity.describe(res.validity)
    assert "Reynolds number Re = 3e+03" in text or "Reynolds number Re = 3000" in text
    assert "turbulen" in text and "64/Re" in text
    assert friction.LAMINAR_LIMIT == 2000.0
    # every laminar comparison point lies inside, every turbulent one outside
    assert all(friction.friction_factor(re).validity == () for re in friction.LAMINAR_REYNOLDS)
    assert all(friction.friction_factor(re).validity for re in friction.TURBULENT_REYNOLDS)


def test_log_laws_solve_their_own_equations():
    for re in (1e4, 1e6, 3e7):
        for lam, a, b in (
            (friction.prandtl_friction_factor(re), 2.0, 0.8),
            (friction.superpipe_friction_factor(re), 1.930, 0.537),
        ):
            assert 1 / math.sqrt(lam) == pytest.approx(a * math.log10(re * math.sqrt(lam)) - b, rel=1e-10)


def test_measured_values_are_consistent_with_independent_anchors():
    # Blasius (1913), λ = 0.3164 Re^(-1/4), describes smooth pipes near Re = 1e4 to a few per
    # cent: 0.3164 / 10900^0.25 = 0.03097 by hand, beside the measured 0.03088
    assert 0.3164 * 10900**-0.25 == pytest.approx(0.03097, abs=1e-5)
    turbulent = dict(zip(friction.TURBULENT_REYNOLDS, friction.OREGON_TURBULENT, strict=True))
    assert turbulent[1.09e4].value == pytest.approx(0.03097, rel=0.01)
    # the Superpipe relation of McKeon et al. (2005), an independent apparatus, within 2 % at 1e6
    assert turbulent[1.05e6].value == pytest.approx(friction.superpipe_friction_factor(1.05e6), rel=0.02)
    for m in (*friction.OREGON_LAMINAR, *friction.OREGON_TURBULENT):
        assert m.source == "mckeon2004" and m.unit == "1"


def test_laminar_comparison_band_stated_on_the_page():
    cmp = friction.laminar_comparison()
    # the page: 64/Re is within 6 % of every laminar measurement, and a little below each
    assert cmp.max_relative_error <= 0.06
    assert all(r < 1.0 for r in cmp.ratios)
    for re, m, p in zip(friction.LAMINAR_REYNOLDS, cmp.measurements, cmp.predictions, strict=True):
        assert p == pytest.approx(64 / re) and f"{re:g}" in m.label


def test_turbulent_comparison_band_stated_on_the_page():
    cmp = friction.friction_comparison()
    # the page: Prandtl's law is within 4 % of the measured turbulent friction
    assert cmp.max_relative_error <= 0.04


def test_laminar_law_falls_far_short_of_turbulent_friction():
    table = friction.laminar_against_measured()
    ratios = [row[3] for row in table.rows]
    # the page: a factor of about five short at Re ≈ 1e4, more than a hundred at 1e6
    assert 0.15 < ratios[0] < 0.25
    assert ratios[-1] < 0.01
    for re, row in zip(friction.TURBULENT_REYNOLDS, table.rows, strict=True):
        assert row[2] == pytest.approx(64 / re)


def test_sources_are_in_the_bibliography():
    from pathlib import Path

    bib = (Path(__file__).parents[1] / "references.bib").read_text(encoding="utf-8")
    for key in ("mckeon2004", "mckeon2005", "avila2011", "nikuradse1932", "bell_fluids"):
        assert "{" + key + "," in bib


def test_oregon_points_match_the_fluids_copy():
    # the six points, by hand, from fluids/friction.py (CalebBell/fluids at commit a5a17046):
    # oregon_Res[7, 18, 23, 44, 51, 58] and oregon_fd_smooth at the same indices
    fluids_copy = {113.3: 0.5709, 522.5: 0.1245, 1013.0: 0.06707, 10900.0: 0.03088, 120000.0: 0.01686}
    fluids_copy[1050000.0] = 0.01198
    ours = zip(
        (*friction.LAMINAR_REYNOLDS, *friction.TURBULENT_REYNOLDS),
        (*friction.OREGON_LAMINAR, *friction.OREGON_TURBULENT),
        strict=True,
    )
    for re, m in ours:
        assert m.value == fluids_copy[re]
        assert "fluids package" in m.note


def test_reynolds_labels():
    assert friction._sci(1e6) == "10⁶"
    assert friction._sci(1.2e5) == "1.2×10⁵"


def test_input_errors():
    with pytest.raises(FluxInputError, match="Reynolds number Re must be positive"):
        friction.friction_factor(-5.0)
    with pytest.raises(FluxInputError, match="Reynolds number Re must be finite"):
        friction.friction_factor(float("nan"))
    with pytest.raises(FluxInputError, match="turbulent flow only"):
        friction.prandtl_friction_factor(1000.0)


def test_quiet_pipe_claim_on_the_page():
    # the page: the Oregon data stay well below turbulent friction up to Re ≈ 2900. The
    # tabulated point at Re = 2868 is λ = 0.02804 (McKeon et al. 2004); turbulent friction
    # there (Blasius, 0.3164 Re^(-1/4)) would be 0.0432 by hand, laminar 64/Re 0.0223
    blasius = 0.3164 * 2868**-0.25
    assert blasius == pytest.approx(0.0432, abs=1e-4)
    assert 0.02804 < 0.7 * blasius
    assert friction.friction_factor(2868.0).laminar == pytest.approx(0.0223, abs=1e-4)


# --- the flux of properties: derivations of α and β (reference values of the content map) --
def test_pipe_poiseuille_alpha_2_beta_4_3():
    d = sym.pipe_poiseuille()
    assert sp.simplify(d.result - 2) == 0
    assert sp.simplify(d.extra["beta"] - sp.Rational(4, 3)) == 0
    assert sp.simplify(d.extra["u"] - 2 * sym.U * (1 - sym.r**2 / sym.R**2)) == 0


def test_channel_poiseuille_alpha_54_35_beta_6_5():
    d = sym.channel_poiseuille()
    assert sp.simplify(d.result - sp.Rational(54, 35)) == 0
    assert sp.simplify(d.extra["beta"] - sp.Rational(6, 5)) == 0


def test_power_law_closed_form():
    d = sym.derive_power_law_pipe()
    m, n = sym.m, sym.n
    # expanding (1 - s^m)^3 term by term: ⟨(1-s^m)^3⟩ = 1 - 6/(m+2) + 6/(2m+2) - 2/(3m+2), mean m/(m+2)
    cube = 1 - 6 / (m + 2) + 6 / (2 * m + 2) - 2 / (3 * m + 2)
    assert sp.simplify(d.result - cube / (m / (m + 2)) ** 3) == 0
    assert sp.simplify(d.result.subs(m, 2) - 2) == 0  # Newtonian: Poiseuille
    assert sp.simplify(d.extra["alpha_n"] - d.result.subs(m, (n + 1) / n)) == 0
    assert sp.limit(d.result, m, sp.oo) == 1  # n → 0: plug


def test_seventh_power_alpha_and_beta():
    d = sym.derive_turbulent_pipe()

    # ⟨(1-s)^q⟩ = 2/((q+1)(q+2)) (beta function), independently
    def mean(q):
        return sp.Rational(2) / ((q + 1) * (q + 2))

    p = sp.Rational(1, 7)
    assert sp.simplify(d.result - mean(3 * p) / mean(p) ** 3) == 0
    assert sp.simplify(d.extra["beta"] - mean(2 * p) / mean(p) ** 2) == 0
    assert 1.05 < float(d.result) < 1.07


# --- numerics vs closed form ---------------------------------------------------------------
@pytest.mark.parametrize("n", [0.1, 0.3, 0.5, 1.0, 2.0, 3.0])
def test_quadrature_matches_closed_form(n):
    expected = 3 * (3 * n + 1) ** 2 / ((2 * n + 1) * (5 * n + 3))
    prof = core.power_law_pipe(n)
    assert core.kinetic_energy_factor(prof) == pytest.approx(expected, rel=1e-10)
    m = (n + 1) / n
    assert core.momentum_factor(prof) == pytest.approx((m + 2) / (m + 1), rel=1e-10)
    # the figure draws the core's profile divided by its mean: the centreline of a power-law
    # pipe flow runs at U (m + 2)/m = U (3n + 1)/(n + 1), by hand from <1 - s^m> = m/(m + 2)
    assert relative_velocity(prof, 0.0) == pytest.approx((3 * n + 1) / (n + 1), rel=1e-10)
    assert relative_velocity(prof, 1.0) == 0.0


def test_quadrature_reference_values():
    pipe, channel = core.poiseuille_pipe(), core.poiseuille_channel()
    assert core.kinetic_energy_factor(pipe) == pytest.approx(2.0, rel=1e-12)
    assert core.momentum_factor(pipe) == pytest.approx(4.0 / 3.0, rel=1e-12)
    assert core.kinetic_energy_factor(channel) == pytest.approx(54 / 35, rel=1e-12)
    assert core.momentum_factor(channel) == pytest.approx(6 / 5, rel=1e-12)
    plug = core.plug()
    assert (core.kinetic_energy_factor(plug), core.momentum_factor(plug)) == pytest.approx((1.0, 1.0))
    exact = float(sym.derive_turbulent_pipe().result)
    assert core.kinetic_energy_factor(core.turbulent_pipe(7)) == pytest.approx(exact, rel=1e-10)
    # <(1-s)^(1/7)> = 2/((8/7)(15/7)) = 49/60: the 1/7 profile's mean is 49/60 of its peak
    assert core.mean_velocity(core.turbulent_pipe(7)) == pytest.approx(49 / 60, rel=1e-12)


def test_figure_uses_the_core():
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.friction import plot_profiles

    handle = plot_profiles(0.5)
    assert isinstance(handle, PlotHandle) and len(handle.axes) == 3
    # n = 0.5 in the closed form 3(3n + 1)^2 / ((2n + 1)(5n + 3))
    assert handle["dot"].get_ydata()[0] == pytest.approx(3 * 2.5**2 / (2 * 5.5), rel=1e-10)
    handle.update(1.0)
    assert handle["dot"].get_ydata()[0] == pytest.approx(2.0, rel=1e-12)
    s = np.asarray(handle["u"].get_xdata())
    np.testing.assert_allclose(handle["u"].get_ydata(), 2 * (1 - s**2), atol=1e-12)
    np.testing.assert_allclose(handle["w"].get_ydata(), 8 * (1 - s**2) ** 3 * 2 * s, atol=1e-10)
    # drawn again on the axes it laid out: no new axes
    again = plot_profiles(2.0, ax=handle.axes)
    assert again.fig is handle.fig and again.axes == handle.axes


def test_answer_keys():
    assert fl.checks.expected_value("1.4-ke-ratio") == pytest.approx(2.0, rel=1e-12)
    assert fl.checks.expected_value("1.4-seventh-alpha") == pytest.approx(43200 / 40817, rel=1e-8)
    assert fl.checks.check_answer("1.4-ke-ratio", 2).correct
    assert not fl.checks.check_answer("1.4-ke-ratio", 4 / 3).correct


def test_profile_input_errors():
    with pytest.raises(FluxInputError, match="flow behaviour index n must be positive"):
        core.power_law_pipe(0.0)
    from fluxlib.widgets.friction import power_law_panel

    assert "must be positive" in power_law_panel().apply(index=0.0)


def test_panel():
    from fluxlib.widgets.friction import power_law_panel

    panel = power_law_panel()
    assert "α = 2.000" in panel.apply(index=1.0)
    box = panel.widget()
    box.flux_controls["index"].value = 0.2
    assert "α = " in box.flux_note.value


def test_prose_claims_about_turbulent_and_laminar_alpha():
    # the page: the best turbulent exponent runs from about 1/6 to about 1/10, so turbulent α
    # lies between about 1.03 and 1.08; by hand with <(1-s)^q> = 2/((q+1)(q+2))
    def mean(q):
        return 2.0 / ((q + 1) * (q + 2))

    for m, lo, hi in ((6, 1.07, 1.08), (10, 1.03, 1.035)):
        by_hand = mean(3 / m) / mean(1 / m) ** 3
        assert lo < by_hand < hi
        assert core.kinetic_energy_factor(core.turbulent_pipe(m)) == pytest.approx(by_hand, rel=1e-10)
    # the exercise's solution: half of Poiseuille's α = 2 comes from inside r ≈ 0.4 R, about a
    # sixth of the area. ∫_0^s* 8(1-s²)³ 2s ds = 2(1 - (1 - s*²)⁴) = 1  =>  s*² = 1 - 2^(-1/4)
    s_star2 = 1 - 2 ** (-0.25)
    assert np.sqrt(s_star2) == pytest.approx(0.4, abs=0.005)
    assert s_star2 == pytest.approx(1 / 6, abs=0.01)
    from scipy.integrate import quad

    inner, _ = quad(lambda s: 8 * (1 - s**2) ** 3 * 2 * s, 0.0, np.sqrt(s_star2))
    assert inner == pytest.approx(1.0, rel=1e-10)


def test_alt_text_is_computed():
    from fluxlib.plotting.friction import profiles_alt

    alt = profiles_alt(0.3)
    assert "peaking at 1.46" in alt  # (3n + 1)/(n + 1) = 1.9/1.3 by hand
    assert "shear-thinning" in alt and "shear-thickening" in profiles_alt(2.0)


def test_figure_and_panel_hold_no_quadrature_of_their_own():
    # issue 13: the figure once repeated the core's quadrature (power_law_shape,
    # pipe_factors_fast); every α, β and mean must come from fluxlib.profiles
    import ast
    from pathlib import Path

    root = Path(__file__).parents[1] / "fluxlib"
    for rel in ("plotting/friction.py", "widgets/friction.py"):
        tree = ast.parse((root / rel).read_text(encoding="utf-8"))
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert not names & {"power_law_shape", "pipe_factors_fast"}, rel
        imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
        }
        assert not any(m.startswith("scipy") for m in imported), rel
        assert not any(
            isinstance(n, ast.Attribute) and n.attr in ("trapezoid", "trapz", "quad", "simpson")
            for n in ast.walk(tree)
        ), rel


# --- second reader (findings F1-F3): the page's wording -------------------------------------
def _markdown(stem="1-4-flux-of-properties"):
    return notebook_prose(stem)


def test_transition_wording_puffs_still_decay_and_quiet_pipes_go_far():
    # F1: past Re ≈ 2040 single puffs still decay; turbulence persists because puffs split faster
    # than they decay (Avila et al. 2011). Quiet pipes stay laminar far beyond, not "a little".
    text = _markdown()
    assert "no longer dies out" not in text
    assert "a little longer" not in text
    assert "puffs split faster than they decay" in text
    assert "any single puff can still die out" in text
    assert "many times 2000" in text
    # no number for the quiet pipes that was only remembered, not read (10^5 appears elsewhere
    # on the page for the 1/7 law, so look only at the transition paragraph)
    transition = text[text.index("Where does it stop?") : text.index("The model says so past 2000")]
    assert "10^" not in transition
    assert "no longer dies out" not in friction.__doc__
    assert "somewhat longer" not in " ".join(friction.__doc__.split())
    why = fl.validity.describe(friction.friction_factor(3000.0).validity)
    assert "spreads faster than it decays" in " ".join(why.split())
    assert "no longer dies out" not in why


def test_power_law_limit_is_not_stated_with_newtonian_re():
    # F2: Re = ρUD/μ needs one viscosity; a power-law fluid's limit uses a generalised Re
    text = _markdown()
    assert "The parabola and the power-law profiles are laminar: they hold for $Re$" not in text
    assert "generalised (Metzner–Reed) Reynolds number" in text


def test_alpha_at_the_slider_low_end_is_well_above_one():
    # F3: at n = 0.1, by hand from 3(3n+1)²/((2n+1)(5n+3)) = 3·1.69/(1.2·3.5) = 5.07/4.2
    from fluxlib.plotting.friction import N_RANGE

    assert N_RANGE[0] == 0.1
    by_hand = 5.07 / 4.2
    assert by_hand == pytest.approx(1.2071, abs=1e-4)
    assert core.kinetic_energy_factor(core.power_law_pipe(0.1)) == pytest.approx(by_hand, rel=1e-8)
    text = _markdown()
    assert "falls toward one" not in text
    assert "would reach 1 only as $n \\to 0$" in text
    from fluxlib.widgets.friction import power_law_panel

    assert "rising from 1.21 at n = 0.1" in power_law_panel().alt
