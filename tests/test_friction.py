"""Section 1.4: the friction factor of a smooth pipe, laminar law against measurement."""

from __future__ import annotations

import math

import pytest

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models import friction


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
    for key in ("mckeon2004", "mckeon2005", "avila2011", "nikuradse1932"):
        assert "{" + key + "," in bib


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
