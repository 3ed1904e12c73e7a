"""Section 2.7 against the world: Deal and Grove's table, activation energies, thin dry oxides."""

from __future__ import annotations

import math

import pytest

from fluxlib.errors import FluxInputError
from fluxlib.models.oxidation import (
    DEAL_GROVE_TABLE,
    DRY_1100,
    THIN_DRY_OXIDE,
    WET_1000,
    DealGrove,
    activation_energy,
    activation_energy_comparison,
)
from tests.conftest import notebook_prose

K_EV = 8.617333262e-5


def test_activation_energy_two_point_hand_check():
    # wet B between 920 and 1200 °C: ln(0.720/0.203) / (1/kT1 - 1/kT2) ~ 0.69 eV; the least-squares
    # slope over four rows must be close to this two-point one and to Deal-Grove's quoted 0.71 eV
    e2 = math.log(0.720 / 0.203) / (1 / (K_EV * 1193.15) - 1 / (K_EV * 1473.15))
    assert activation_energy("H2O") == pytest.approx(e2, rel=0.05)
    assert activation_energy("H2O") == pytest.approx(0.71, abs=0.03)
    # dry B: Deal and Grove (1965) give 28.5 kcal/mol = 1.236 eV; B/A 2.0 eV dry and 1.96 eV wet
    assert activation_energy("O2") == pytest.approx(1.24, abs=0.06)
    assert activation_energy("O2", constant="B/A") == pytest.approx(2.0, abs=0.1)


def test_b_is_activated_like_transport_through_silica():
    cmp = activation_energy_comparison()
    # the prose states agreement within 15 %
    assert cmp.max_relative_error <= 0.15
    assert [m.source for m in cmp.measurements] == ["s2_7_Norton1961", "s2_7_MoulsonRoberts1961"]


def test_dry_initial_oxide_is_the_thin_regime():
    # tau encodes an initial oxide x_i with x_i² + A x_i = B tau; Deal and Grove: about 20-25 nm
    for T in DEAL_GROVE_TABLE["O2"]:
        dg = DealGrove.from_table("O2", T)
        A, B, tau = DEAL_GROVE_TABLE["O2"][T]
        xi = (-A + math.sqrt(A * A + 4 * B * tau)) / 2
        assert dg.initial_thickness == pytest.approx(xi, rel=1e-10)
        assert 0.015 < xi < 0.03


def test_thin_dry_note_fires_only_for_thin_dry_oxide():
    assert DRY_1100.growth(0.0).validity  # 19 nm at t = 0: thin regime
    assert DRY_1100.growth(1.0).validity == ()  # 131 nm
    assert WET_1000.growth(1e-3).validity == ()  # steam: no thin-oxide anomaly modelled
    assert float(WET_1000.thickness(1e-3)) < THIN_DRY_OXIDE


def test_table_rows_and_errors():
    assert DealGrove.from_table("O2", 1100.0) == DRY_1100
    assert DealGrove.from_table("H2O", 1000.0).B / DealGrove.from_table("H2O", 1000.0).A == pytest.approx(
        1.27, rel=0.01
    )
    with pytest.raises(FluxInputError, match=r"tabulate O2 oxidation at .* not at 1050 °C"):
        DealGrove.from_table("O2", 1050.0)
    with pytest.raises(FluxInputError, match=r"oxidant must be 'O2' \(dry\) or 'H2O'"):
        DealGrove.from_table("N2", 1000.0)
    with pytest.raises(FluxInputError, match=r"constant must be 'B' or 'B/A'"):
        activation_energy("O2", constant="A")


def test_page_tables_and_alt_text_are_computed():
    from fluxlib.models.oxidation import WET_1000, figure_alt, initial_oxide_table, rate_table

    # steam at 1000 °C: A²/B = 0.226² / 0.287 = 0.178 h; after 1 h x = (sqrt(A² + 4B) - A)/2
    assert f"{0.226**2 / 0.287:.2g} hours" in figure_alt(WET_1000)
    row = rate_table([WET_1000]).rows[0]
    assert row[4] == pytest.approx(1000 * (math.sqrt(0.226**2 + 4 * 0.287) - 0.226) / 2, rel=1e-12)
    assert row[5] == pytest.approx((1 + 0.226) / 0.287, rel=1e-12)
    xi = [r[2] for r in initial_oxide_table().rows]
    assert all(15.0 < v < 30.0 for v in xi)  # nm: Deal and Grove's ~20-25 nm initial oxide


def test_measurement_sources_are_in_the_bibliography():
    import pathlib
    import re

    from fluxlib.models.electrodes import BAUR_WIGHTMAN_1991
    from fluxlib.models.oxidation import SILICA_TRANSPORT

    bib = (pathlib.Path(__file__).parents[1] / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"@\w+\{([^,\s]+),", bib))
    for m in (*BAUR_WIGHTMAN_1991, *SILICA_TRANSPORT):
        assert m.source in keys, m.source


def test_fitted_activation_energies_are_near_deal_and_groves_own():
    # Deal and Grove (1965) give activation energies for B of 1.24 eV (dry O2) and 0.71 eV
    # (steam), and for B/A of 2.0 eV (dry) and 1.96 eV (steam); our least-squares fit over
    # their Table I rows should land near those, since it is the same data (their fit also
    # used runs not in the table, so not exactly).
    from fluxlib.models.oxidation import activation_energy

    assert activation_energy("O2") == pytest.approx(1.24, abs=0.1)
    assert activation_energy("H2O") == pytest.approx(0.71, abs=0.1)
    assert activation_energy("O2", constant="B/A") == pytest.approx(2.0, abs=0.15)
    assert activation_energy("H2O", constant="B/A") == pytest.approx(1.96, abs=0.1)


def test_norton_conditions_on_the_page_match_the_measurement():
    # Norton (1961) measured O2 permeation through a 0.27 mm vitreous-silica bulb at
    # 950-1080 °C; that range lies inside the 800-1200 °C span of the dry rows whose
    # slope is compared with it, and the page states it.
    from pathlib import Path

    import nbformat

    from fluxlib.models.oxidation import SILICA_TRANSPORT

    norton = SILICA_TRANSPORT[0]
    assert norton.source == "s2_7_Norton1961" and "950-1080 °C" in norton.note
    dry = sorted(DEAL_GROVE_TABLE["O2"])
    assert dry[0] < 950.0 and 1080.0 < dry[-1]
    nb_path = Path(__file__).parents[1] / "notebooks/ch2/2-7-flux-that-builds-something.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    text = " ".join(" ".join(c.source.split()) for c in nb.cells if c.cell_type == "markdown")
    assert "between 950 and 1080 °C" in text


def _markdown_text() -> str:
    return notebook_prose("2-7-flux-that-builds-something")


def test_second_hand_values_say_so_in_the_model_and_on_the_page():
    # issue 12: 1.17 eV (Norton) and 0.79 eV (Moulson and Roberts) could only be checked as
    # Deal and Grove quote them, so the measurements, and the page, must say so
    from fluxlib.models.oxidation import SILICA_TRANSPORT

    assert [m.value for m in SILICA_TRANSPORT] == [1.17, 0.79]
    for m in SILICA_TRANSPORT:
        assert "as quoted by Deal and Grove (1965), second-hand" in m.note
    text = _markdown_text()
    assert "Both measured values are second-hand" in text
    assert "{cite}`s2_7_DealGrove1965`, not read from the original papers" in text


def test_the_25_nm_edge_is_our_estimate_from_tau_not_a_quoted_measurement():
    # the thin-regime edge is the initial oxide Deal and Grove's tau implies (19-26 nm),
    # and the page must not attribute the number to Massoud et al.
    from fluxlib.models.oxidation import initial_oxide_table

    xi = [r[2] for r in initial_oxide_table().rows]
    assert min(xi) < 1000 * THIN_DRY_OXIDE < max(xi)
    text = _markdown_text()
    assert "the number is ours, read off Deal and Grove's $\\tau$" in text
    assert "thinner than a few tens of nanometres" not in text


def test_dry_activation_energy_is_our_regression_beside_deal_and_groves_own():
    # second reader (issue 12): 1.29 eV is our least-squares fit over the five dry rows (the 800 °C
    # row pulls it up; from 920 °C it gives 1.21); Deal and Grove state 28.5 kcal/mol = 1.236 eV
    from fluxlib.models.oxidation import (
        DEAL_GROVE_DRY_B_KCAL,
        deal_grove_dry_activation_energy,
        dry_activation_energy_table,
    )

    assert activation_energy("O2") == pytest.approx(1.29, abs=0.005)
    assert activation_energy("O2", from_temperature=920.0) == pytest.approx(1.21, abs=0.005)
    assert DEAL_GROVE_DRY_B_KCAL == 28.5
    # independent conversion: 1 eV per molecule = 23.0605 kcal/mol
    assert deal_grove_dry_activation_energy() == pytest.approx(28.5 / 23.0605, rel=1e-4)
    rows = dry_activation_energy_table().rows
    assert [r[1] for r in rows] == pytest.approx(
        [activation_energy("O2"), activation_energy("O2", from_temperature=920.0), 28.5 / 23.0605], rel=1e-4
    )
    # with Deal and Grove's own value the agreement with Norton's 1.17 eV is about 6 %, not 10 %
    assert rows[2][2] == pytest.approx(100 * (28.5 / 23.0605 / 1.17 - 1), rel=1e-3)
    assert 5.0 < rows[2][2] < 6.5 and 9.0 < rows[0][2] < 11.0
    with pytest.raises(Exception, match="at least two temperatures"):
        activation_energy("O2", from_temperature=1200.0)
    # second reader (F7): 28.5 kcal/mol is 1.24 eV to two decimals (as the table prints), not 1.23
    import fluxlib.models.oxidation as ox

    assert f"{deal_grove_dry_activation_energy():.2f}" == "1.24"
    assert "1.24 eV, 28.5 kcal/mol" in " ".join(ox.__doc__.split())
    assert "1.23 eV" not in ox.__doc__ and "1.23 eV" not in activation_energy.__doc__


def test_page_says_regression_and_diffusion_only_wet_row():
    from fluxlib.models.oxidation import SILICA_TRANSPORT

    assert "D alone" in SILICA_TRANSPORT[1].note
    text = _markdown_text()
    assert "our own regression" in text and "28.5 kcal/mol" in text
    assert "the activation energy of $D$ alone" in text and "compares $B$ with diffusion only" in text
    assert "this is the evidence" not in text and "one piece of evidence" in text
    assert "in proportion to the oxidant's pressure" in text
