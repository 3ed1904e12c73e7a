"""Section 2.4: chemical potential, Fick from μ, and the Na⁺ driving force."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.electrochemistry import DG_ATP, FARADAY, R_GAS, delta_mu, pump_cycle_cost
from fluxlib.symbolic import electrochemistry as sym


def test_mu_from_gibbs():
    d = sym.ideal_mixture()
    n1, n2, mu1o, R, T = (d.symbols[k] for k in ("n_1", "n_2", "mu_1o", "R", "T"))
    expected = mu1o + R * T * sp.log(n1 / (n1 + n2))
    assert sp.simplify(d.extra["mu1_raw"] - expected) == 0
    assert sp.simplify(d.result - expected) == 0
    # Euler: G = n1 μ1 + n2 μ2
    G = d.extra["G"]
    assert sp.simplify(G - n1 * sp.diff(G, n1) - n2 * sp.diff(G, n2)) == 0


def test_fick_and_nernst_planck_from_mu():
    x = sp.Symbol("x", real=True)
    d = sym.fick_from_mu()
    c, D = d.symbols["c"], d.symbols["D"]
    assert sp.simplify(d.result - (-D * sp.diff(c, x))) == 0
    n = sym.nernst_planck()
    c, phi, z, F = (n.symbols[k] for k in ("c", "phi", "z", "F"))
    R, T = sp.symbols("R T", positive=True)
    expected = -D * (sp.diff(c, x) + z * F * c / (R * T) * sp.diff(phi, x))
    assert sp.simplify(n.result - expected) == 0
    ci, co = sp.symbols("c_i c_o", positive=True)
    Vm = sp.Symbol("V_m", real=True)
    assert sp.simplify(n.extra["delta_mu"] - (R * T * sp.log(ci / co) + z * F * Vm)) == 0
    assert sp.simplify(sp.expand_log(n.extra["nernst"] - R * T / (z * F) * sp.log(co / ci), force=True)) == 0


def test_sodium_reference_value():
    # content map: -13 kJ/mol inward for 145 mM out, 12 mM in, -70 mV, 310 K
    f = delta_mu(c_in=12.0, c_out=145.0, V_m=-0.070, z=1, T=310.0)
    assert round(f.total / 1e3) == -13
    assert f.total == pytest.approx(8.314462618 * 310 * math.log(12 / 145) - 96485.33212 * 0.070)
    assert f.direction == "inward"
    assert f.chemical < 0 and f.electrical < 0


def test_nernst_potential_zeroes_the_force():
    f = delta_mu(c_in=12.0, c_out=145.0, V_m=-0.07)
    g = delta_mu(c_in=12.0, c_out=145.0, V_m=f.nernst)
    assert g.total == pytest.approx(0.0, abs=1e-9)
    assert f.nernst == pytest.approx(R_GAS * 310 / FARADAY * math.log(145 / 12))


def test_atp_pays_for_the_pump():
    cost = pump_cycle_cost()
    assert 0 < cost < -DG_ATP


def test_answer_key():
    expected = (R_GAS * 310 * math.log(140 / 4) - FARADAY * 0.070) / 1e3
    assert fl.checks.expected_value("2.4-potassium") == pytest.approx(expected, rel=1e-12)


def test_errors():
    with pytest.raises(
        FluxInputError, match="inside concentration c_in must be positive.*logarithm of a zero"
    ):
        delta_mu(c_in=0.0, c_out=145.0, V_m=-0.07)
    with pytest.raises(FluxInputError, match="charge number z must be a nonzero integer"):
        delta_mu(c_in=1.0, c_out=1.0, V_m=0.0, z=0)
    with pytest.raises(FluxInputError, match=r"membrane potential V_m \(V\) must be finite"):
        delta_mu(c_in=1.0, c_out=1.0, V_m=float("nan"))


def test_panel_sign_changes():
    from fluxlib.widgets.electrochemistry import driving_force_panel

    p = driving_force_panel()
    assert "inward" in p.apply(V_mV=-70.0)
    assert "outward" in p.apply(V_mV=100.0)


def test_sodium_force_is_half_electrical_by_hand():
    # RT ln(12/145) at 310 K and F × 70 mV, written out: -6.42 and -6.75 kJ/mol
    chem = 8.314462618 * 310.0 * math.log(12.0 / 145.0)
    elec = -96485.33212 * 0.070
    f = delta_mu(c_in=12.0, c_out=145.0, V_m=-0.070)
    assert f.chemical == pytest.approx(chem) and f.electrical == pytest.approx(elec)
    assert chem == pytest.approx(-6.42e3, abs=10) and elec == pytest.approx(-6.75e3, abs=10)
    # "the two pushes are about equal, the electrical one a little larger"
    assert 0.5 < f.electrical / f.total < 0.55


def test_ghk_leak_of_section_2_2_stops_at_this_nernst_potential():
    from fluxlib.models.membrane import Cell

    f = delta_mu(c_in=12.0, c_out=145.0, V_m=-0.070)
    cell = Cell(V_m=f.nernst)
    assert float(cell.leak(12.0)) == pytest.approx(0.0, abs=1e-12)
    # and runs inward whenever Δμ̃ < 0, outward when > 0
    for V in (-0.09, -0.07, 0.0, 0.05, 0.08, 0.1):
        d = delta_mu(c_in=12.0, c_out=145.0, V_m=V)
        assert np.sign(float(Cell(V_m=V).leak(12.0))) == -np.sign(d.total)


def test_page_tables():
    from fluxlib.models.electrochemistry import force_table, pump_cycle_table

    f = delta_mu(c_in=12.0, c_out=145.0, V_m=-0.070)
    t = force_table([f], ["Na⁺"])
    assert t.rows[0][3] == pytest.approx(f.total / 1e3)
    p = pump_cycle_table()
    assert p.rows[2][1] == pytest.approx(pump_cycle_cost() / 1e3)
    assert all(len(line) <= 79 for line in str(p).splitlines())
    assert all(len(line) <= 79 for line in str(t).splitlines())


def test_driving_force_figure_moves_and_recolours_its_bars():
    from fluxlib.plotting.base import PlotHandle, color
    from fluxlib.plotting.electrochemistry import plot_driving_force

    handle = plot_driving_force(delta_mu(c_in=12.0, c_out=145.0, V_m=-0.070))
    assert isinstance(handle, PlotHandle) and handle.ax.get_ylim() == (-25.0, 25.0)
    out = delta_mu(c_in=200.0, c_out=145.0, V_m=0.05)
    handle.update(out)
    heights = [bar.get_height() for bar in handle["bars"]]
    assert heights == pytest.approx([out.chemical / 1e3, out.electrical / 1e3, out.total / 1e3])
    assert handle["bars"][2].get_facecolor()[:3] == pytest.approx(
        tuple(int(color("vermillion")[i : i + 2], 16) / 255 for i in (1, 3, 5))
    )


def test_ghk_is_nernst_planck_with_a_uniform_field_and_the_nernst_zero_is_field_free():
    # Nernst-Planck across a membrane 0 <= x <= 1 (outside at 0, inside at 1), psi = zF phi/RT:
    # J = -D (c' + c psi'); times e^psi it is J e^psi / D = -(c e^psi)', so
    # J = (c_o - c_i e^u) / integral of e^psi / D, with u = psi(1). For a uniform field psi = u x
    # the integral is (e^u - 1)/u and J = D [g(u) c_o - g(-u) c_i], the GHK flux of section 2.2;
    # any other profile gives another flux, but every profile gives zero at the Nernst potential
    from scipy.integrate import quad

    from fluxlib.models.membrane import ghk_factor

    D, c_o, c_i = 1.0, 145.0, 12.0

    def flux(u, shape):
        return (c_o - c_i * np.exp(u)) / quad(lambda x: np.exp(shape(u, x)) / D, 0.0, 1.0, epsabs=1e-13)[0]

    def uniform(u, x):
        return u * x

    def curved(u, x):
        return u * x**2

    for V in (-0.09, -0.07, 0.0, 0.05):
        u = FARADAY * V / (R_GAS * 310.0)
        ghk = D * (float(ghk_factor(u)) * c_o - float(ghk_factor(-u)) * c_i)
        assert flux(u, uniform) == pytest.approx(ghk, rel=1e-9)
        if V != 0.0:
            assert abs(flux(u, curved) - ghk) > 0.01 * abs(ghk)  # the GHK form needs the uniform field
    u_nernst = math.log(c_o / c_i)  # z = +1
    for shape in (uniform, curved):
        assert flux(u_nernst, shape) == pytest.approx(0.0, abs=1e-9)


def test_page_says_the_ghk_flux_assumes_a_uniform_field():
    import pathlib

    import nbformat

    path = pathlib.Path(__file__).parents[1] / "notebooks/ch2/2-4-why-gradients-drive-flux.ipynb"
    nb = nbformat.read(path, as_version=4)
    text = " ".join(" ".join(c.source for c in nb.cells if c.cell_type == "markdown").split())
    assert "it is the Nernst–Planck flux above, integrated across the membrane." not in text
    assert "integrated across a membrane with a uniform electric field (Goldman's assumption)" in text
    assert "and that holds whatever the shape of the field" in text
