"""Section 2.5: the numbers the page shows come from the model and match hand calculations."""

from __future__ import annotations

import math

import pytest

from fluxlib.models.nonlinear_diffusion import ExponentialD, LinearD, figure_alt, slab_table, steady_slab


def test_alt_text_numbers_match_hand_calculation():
    # D = D0 (1 + 0.02 c), c from 100 to 0: D/D0 from 3 to 1; J/J0 = mean of D/D0 = 2;
    # steepness (-dc/dx)/(drop/L) = (J/J0)/(D/D0): 2/3 at the fed face, 2 at the clean face
    res = steady_slab(LinearD(1e-10, 0.02), length=100e-6, c_left=100.0, c_right=0.0, n=40)
    alt = figure_alt(res)
    assert "from 3 to 1" in alt and "from 0.67 to 2" in alt and "flat at 2" in alt
    assert "bows above" in alt


def test_falling_diffusivity_sags_and_carries_less():
    res = steady_slab(ExponentialD(1e-10, -0.02), length=100e-6, c_left=100.0, c_right=0.0, n=40)
    assert "sags below" in figure_alt(res)
    # J/J0 = (1 - e^{-2}) / 2 = 0.432 < 1
    assert res.flux_exact / (1e-10 * 100.0 / 100e-6) == pytest.approx((1 - math.exp(-2)) / 2)


def test_slab_table_reports_the_kirchhoff_flux():
    res = steady_slab(LinearD(1e-10, 0.02), length=100e-6, c_left=100.0, c_right=0.0, n=40)
    rows = slab_table(res).rows
    # Phi(100) = D0 (100 + 0.02 * 100² / 2) = 2e-8; J = Phi / L = 2e-4 mol/(m² s)
    assert rows[0][1] == pytest.approx(2e-4, rel=1e-12)
    assert rows[1][1] == pytest.approx(2e-4, rel=1e-9) and rows[2][1] == pytest.approx(2e-4, rel=1e-9)
