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
    assert "turbulent" in text and "64/Re" in text
    assert friction.LAMINAR_LIMIT == 2000.0


def test_log_laws_solve_their_own_equations():
    for re in (1e4, 1e6, 3e7):
        for lam, a, b in (
            (friction.prandtl_friction_factor(re), 2.0, 0.8),
            (friction.superpipe_friction_factor(re), 1.930, 0.537),
        ):
            assert 1 / math.sqrt(lam) == pytest.approx(a * math.log10(re * math.sqrt(lam)) - b, rel=1e-10)


def test_superpipe_values_near_the_moody_chart():
    # independent anchor: Blasius's λ = 0.3164 Re^(-1/4) (1913) describes smooth pipes near
    # Re = 1e5 to a few per cent; at Re = 1e5 it gives 0.01779 by hand
    assert 0.3164 * 1e5**-0.25 == pytest.approx(0.01779, abs=1e-5)
    assert friction.superpipe_friction_factor(1e5) == pytest.approx(0.01779, rel=0.03)
    # and the Moody chart's smooth curve reads about 0.0116 at Re = 1e6, 0.0081 at 1e7
    assert friction.superpipe_friction_factor(1e6) == pytest.approx(0.0116, rel=0.03)
    assert friction.superpipe_friction_factor(1e7) == pytest.approx(0.0081, rel=0.04)


def test_comparison_band_stated_on_the_page():
    cmp = friction.friction_comparison()
    # the page: Prandtl's law lies below the Superpipe by at most 3 %, more so at high Re
    assert cmp.max_relative_error <= 0.03
    assert all(r < 1.0 for r in cmp.ratios)
    assert cmp.ratios == sorted(cmp.ratios, reverse=True)
    for m in cmp.measurements:
        assert m.source == "mckeon2005"


def test_laminar_law_falls_far_short_of_turbulent_friction():
    table = friction.laminar_against_measured()
    ratios = [row[3] for row in table.rows]
    # the page: 64/Re is less than a hundredth of the measured friction at these Re
    assert max(ratios) < 0.01
    for re, row in zip(friction.SUPERPIPE_REYNOLDS, table.rows, strict=True):
        assert row[2] == pytest.approx(64 / re)
        assert friction.friction_factor(re).validity


def test_sources_are_in_the_bibliography():
    from pathlib import Path

    bib = (Path(__file__).parents[1] / "references.bib").read_text(encoding="utf-8")
    for key in ("mckeon2005", "avila2011", "nikuradse1932"):
        assert "{" + key + "," in bib


def test_input_errors():
    with pytest.raises(FluxInputError, match="Reynolds number Re must be positive"):
        friction.friction_factor(-5.0)
    with pytest.raises(FluxInputError, match="Reynolds number Re must be finite"):
        friction.friction_factor(float("nan"))
    with pytest.raises(FluxInputError, match="turbulent flow only"):
        friction.prandtl_friction_factor(1000.0)


def test_reynolds_labels():
    assert friction._sci(1e6) == "10⁶"
    assert friction._sci(3e7) == "3×10⁷"
