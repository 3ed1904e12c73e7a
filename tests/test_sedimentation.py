"""Section 2.1: sedimentation equilibrium and the open tank against their closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.sedimentation import K_B, Colloid, G, Tank, fill_tank, sediment, water_viscosity
from fluxlib.symbolic import sedimentation as sym
from tests.conftest import notebook_prose


def test_sedimentation_derivation():
    d = sym.sedimentation()
    s = d.symbols
    z, kB, T, g, m_b, c0 = s["z"], s["k_B"], s["T"], s["g"], s["m_b"], s["c_0"]
    assert sp.simplify(d.extra["c_explicit"] - c0 * sp.exp(-m_b * g * z / (kB * T))) == 0
    assert sp.simplify(d.extra["ell"] - kB * T / (m_b * g)) == 0
    # the derived profile makes the flux vanish identically
    c = sp.Function("c")
    assert sp.simplify(d.extra["J"].subs(c(z), d.extra["c_explicit"]).doit()) == 0
    assert sp.simplify(d.result.subs(s["ell"], d.extra["ell"]) - d.extra["c_explicit"]) == 0


def test_stokes_einstein_and_tank_derivations():
    d = sym.stokes_einstein()
    kB, T, eta, a = (d.symbols[k] for k in ("k_B", "T", "eta", "a"))
    assert sp.simplify(d.result - kB * T / (6 * sp.pi * eta * a)) == 0
    t = sym.tank_level()
    Q, a, g = t.symbols["Q"], t.symbols["a"], t.symbols["g"]
    assert sp.simplify(t.result - Q**2 / (2 * g * a**2)) == 0
    assert sp.simplify(t.extra["throughput"] - Q) == 0


def test_colloid_numbers_from_first_principles():
    c = Colloid(radius=0.25e-6, temperature=293.0, viscosity=1.0e-3)
    mb = 4 / 3 * math.pi * (0.25e-6) ** 3 * (1050.0 - 998.0)
    assert c.buoyant_mass == pytest.approx(mb)
    assert c.D == pytest.approx(K_B * 293.0 / (6 * math.pi * 1e-3 * 0.25e-6))
    assert c.scale_height == pytest.approx(K_B * 293.0 / (mb * G))
    # ℓ = D / v_s: the same length from the two transport coefficients (Einstein)
    assert c.scale_height == pytest.approx(c.D / c.settling_velocity, rel=1e-12)


def test_water_viscosity_tabulated():
    # tabulated: 1.002 mPa s at 20 °C, 0.692 mPa s at 37 °C
    assert water_viscosity(293.15) == pytest.approx(1.002e-3, rel=0.025)
    assert water_viscosity(310.15) == pytest.approx(0.692e-3, rel=0.025)


@pytest.mark.parametrize("radius", [0.1e-6, 0.25e-6, 0.6e-6])
def test_solver_reaches_boltzmann_profile(radius):
    r = sediment(Colloid(radius=radius), height=1e-3, n=60)
    # Scharfetter-Gummel drift makes the Boltzmann profile exact at the nodes (the floor value
    # is fixed at the face z = 0, so compare with exp(-z/ℓ) at the centres)
    assert np.allclose(r.c, np.exp(-r.z / r.colloid.scale_height), rtol=1e-9, atol=1e-300)
    assert np.max(np.abs(r.net)) < 1e-9
    # the two components are each of order one and cancel
    assert r.diffusive[0] == pytest.approx(1.0) and r.drift[0] == pytest.approx(-1.0)
    assert np.allclose(r.diffusive + r.drift, r.net, atol=1e-12)


def test_flux_components_split_exactly():
    from fluxlib.fv import Grid
    from fluxlib.models.sedimentation import flux_components

    # an exact Boltzmann profile, net flux zero: drift -v c_face with the documented face
    # values (floor value; log-mean between centres; the exponential continued at the top)
    D, v, H = 2.0, 3.0, 1.0
    g = Grid.uniform(0.0, H, 8)
    c = np.exp(-v / D * g.centers)
    dif, dri = flux_components(g, c, np.zeros(9), D=D, velocity=-v, c_floor=1.0)
    k, h = v / D, H / 8
    inner = [(c[i] - c[i + 1]) / (k * h) for i in range(7)]  # log-mean of e^(-kz) over a cell
    top = c[-1] * math.exp(-k * h / 2)
    assert np.allclose(dri, -v * np.array([1.0, *inner, top]), rtol=1e-12)
    assert np.allclose(dif, -dri, rtol=1e-12)


def test_validity_notes_fire_outside_and_not_inside():
    assert Colloid().validity == ()
    assert sediment(Colloid(), volume_fraction=0.001).validity == ()
    # 1 µm spheres: ℓ below the diameter, they lie on the floor
    big = Colloid(radius=1.0e-6)
    assert big.scale_height < 2e-6
    assert any("lie in a layer" in v.why for v in big.validity)
    # a 100 µm glass bead in water: inertia, Re > 0.1
    bead = Colloid(radius=100e-6, density=2500.0)
    assert any("Stokes drag" in v.why for v in bead.validity)
    crowded = sediment(Colloid(), volume_fraction=0.1)
    assert any("osmotic pressure above n k_BT" in v.why for v in crowded.validity)
    with pytest.raises(FluxInputError, match=r"volume fraction at the floor must lie in \[0, 0.64\)"):
        sediment(Colloid(), volume_fraction=0.8)


def test_perrin_comparison():
    from fluxlib.models.sedimentation import (
        PERRIN_COUNTS,
        avogadro_from_column,
        fitted_scale_height,
        perrin_comparison,
    )

    cmp = perrin_comparison()
    # by hand: ℓ = k_BT/(m_b g) for a = 0.212 µm, Δρ = 1194 - 998 kg/m³, T = 293 K
    mb = 4 / 3 * math.pi * (0.212e-6) ** 3 * (1194.0 - 998.0)
    ell = K_B * 293.0 / (mb * G)
    assert cmp.predictions == pytest.approx([math.exp(-30e-6 / ell)] * 3, rel=1e-12)
    assert [m.value for m in cmp.measurements] == pytest.approx([0.47, 22.6 / 47, 12 / 22.6])
    assert PERRIN_COUNTS == (100.0, 47.0, 22.6, 12.0)
    assert cmp.max_relative_error <= 0.25  # the band the page states
    # the counts fall by a steady factor per rise: a straight line in ln(count)
    ell_fit = fitted_scale_height()
    assert 40e-6 < ell_fit < 45e-6
    # the page: "a sedimentation length about a quarter too long"
    assert 1.2 < ell / ell_fit < 1.3
    NA = avogadro_from_column(Colloid.perrin(), ell_fit)
    assert NA == pytest.approx(6.02214076e23 * ell / ell_fit, rel=1e-9)


def test_tank_relaxes_to_steady_level():
    tank = Tank(area=0.5, inflow=2e-4, hole=1e-4)
    hstar = (2e-4) ** 2 / (2 * G * (1e-4) ** 2)
    assert tank.steady_level == pytest.approx(hstar)
    res = fill_tank(tank, times=np.linspace(0.0, 4e4, 50))
    assert res.h[-1] == pytest.approx(hstar, rel=1e-5)
    assert res.outflow[-1] == pytest.approx(2e-4, rel=1e-5)  # throughput: out = in
    assert np.all(np.diff(res.h) >= -1e-9 * hstar)  # filling from empty, the level only rises
    # no tap: the tank drains to empty, the equilibrium
    empty = fill_tank(Tank(inflow=0.0), h0=0.5, times=np.linspace(0.0, 4e4, 20))
    assert empty.h[-1] < 1e-6


def test_sharp_edged_hole_raises_the_level():
    ideal = Tank()
    sharp = Tank(discharge=0.61)
    # by hand: h* = Q²/(2 g (C_d a)²)
    assert sharp.steady_level == pytest.approx((2e-4) ** 2 / (2 * G * (0.61e-4) ** 2))
    assert sharp.steady_level / ideal.steady_level == pytest.approx(1 / 0.61**2)
    res = fill_tank(sharp, times=np.linspace(0.0, 2e5, 20))
    assert res.h[-1] == pytest.approx(sharp.steady_level, rel=1e-4)
    with pytest.raises(FluxInputError, match="C_d must not exceed 1, got 1.5: no hole lets out more"):
        Tank(discharge=1.5)


def test_answer_keys():
    mb = 4 / 3 * math.pi * (0.5e-6) ** 3 * (1050.0 - 998.0)
    assert fl.checks.expected_value("2.1-scale-height") == pytest.approx(1e6 * K_B * 293.0 / (mb * G))
    assert fl.checks.expected_value("2.1-tank-level") == pytest.approx(
        100 * (3e-4) ** 2 / (2 * G * (1.5e-4) ** 2)
    )


def test_errors():
    with pytest.raises(
        FluxInputError, match="must exceed the fluid's 998 kg/m³ for the particles to sediment"
    ):
        Colloid(density=990.0)
    with pytest.raises(FluxInputError, match=r"particle radius a \(m\) must be positive"):
        Colloid(radius=-1e-6)
    with pytest.raises(FluxInputError, match="between 273 K and 373 K for liquid water, got 400 K"):
        Colloid(temperature=400.0)
    with pytest.raises(FluxInputError, match="tap inflow Q must not be negative.*a tap only adds water"):
        Tank(inflow=-1.0)
    with pytest.raises(FluxInputError, match="much smaller than the tank's cross-section"):
        Tank(area=1.0, hole=2.0)
    with pytest.raises(FluxInputError, match="initial level h0 must not be negative"):
        fill_tank(Tank(), h0=-0.1, times=[0.0, 60.0])
    with pytest.raises(FluxInputError, match=r"column height \(m\) must be positive"):
        sediment(Colloid(), height=0.0)


def test_panel_explains_and_warns_outside_validity():
    from fluxlib.widgets.sedimentation import sedimentation_panel

    p = sedimentation_panel()
    b = p.widget()
    b.flux_controls["radius_um"].value = 0.6
    assert "ℓ =" in b.flux_note.value
    assert "Outside the model's validity" not in p.apply(radius_um=0.25)
    assert "lie in a layer on the floor" in p.apply(radius_um=1.0)


def test_perrin_inputs_are_his_published_values():
    # Perrin, Les Atomes (1913): grains of radius 0.212 µm (p. 174); gamboge density
    # measured three ways as 1.1942, 1.194 and 1.195 g/cm³ (p. 137), i.e. agreeing to
    # better than a part in a thousand, as the page says; counts 100, 47, 22.6, 12 (p. 148).
    from fluxlib.models.sedimentation import PERRIN_COUNTS, PERRIN_DENSITY, PERRIN_RADIUS

    assert PERRIN_RADIUS == pytest.approx(0.212e-6, rel=1e-12)
    three = (1194.2, 1194.0, 1195.0)
    assert min(three) <= PERRIN_DENSITY <= max(three)
    assert (max(three) - min(three)) / PERRIN_DENSITY < 1e-3
    assert PERRIN_COUNTS == (100.0, 47.0, 22.6, 12.0)


def test_sharp_edged_discharge_coefficient_is_in_the_measured_band():
    # Britannica (1910), Hydraulics: round sharp-edged orifices discharge 0.603-0.620 of
    # the ideal a sqrt(2gh) (heads 1-20 ft); the page's C_d = 0.61 sits inside that band,
    # and it raises h* by 1/C_d² = 2.69 (by hand), between 1/0.62² = 2.60 and 1/0.60² = 2.78.
    from fluxlib.models.sedimentation import Tank

    ideal = Tank(area=0.5, inflow=2e-4, hole=1e-4)
    sharp = Tank(area=0.5, inflow=2e-4, hole=1e-4, discharge=0.61)
    ratio = sharp.steady_level / ideal.steady_level
    assert 2.60 < ratio < 2.78
    assert ratio == pytest.approx(2.687, abs=1e-3)


def test_figures_follow_the_plot_protocol():
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.sedimentation import plot_sediment, plot_tank

    handle = plot_sediment(sediment(Colloid(), height=1e-3, n=40))
    assert isinstance(handle, PlotHandle) and len(handle.axes) == 2
    other = sediment(Colloid(radius=0.5e-6), height=1e-3, n=40)
    handle.update(other)
    assert np.array_equal(handle["c"].get_xdata(), other.c)
    assert np.array_equal(handle["net"].get_xdata(), other.net)
    run = fill_tank(Tank(), times=np.linspace(0.0, 3600.0, 20))
    tank = plot_tank(run)
    assert np.allclose(tank["h"].get_ydata(), run.h * 100)
    fuller = fill_tank(Tank(), h0=0.5, times=np.linspace(0.0, 3600.0, 20))
    tank.update(fuller)  # a static figure: drawn again on the same axes
    assert np.allclose(tank["h"].get_ydata(), fuller.h * 100) and len(tank.fig.axes) == 1


def test_tank_runs_over_the_output_times_it_is_given():
    tank = Tank()
    early = fill_tank(tank, times=np.linspace(0.0, 600.0, 7))
    late = fill_tank(tank, times=np.linspace(1000.0, 1600.0, 7))  # same start level, later clock
    assert np.array_equal(late.t, np.linspace(1000.0, 1600.0, 7))
    assert np.allclose(late.h, early.h, rtol=1e-7, atol=1e-12)
    with pytest.raises(FluxInputError, match=r"times must be strictly increasing.*time runs forward"):
        fill_tank(tank, times=[0.0, 10.0, 5.0])
    with pytest.raises(FluxInputError, match="at least two output times"):
        fill_tank(tank, times=[10.0])
    with pytest.raises(FluxInputError, match=r"output times \(s\) must be finite"):
        fill_tank(tank, times=[0.0, float("nan")])


# --- second reader (findings F1-F3): the page's wording and the widget's range ---------------
def _markdown(stem="2-1-equilibrium-vs-steady-state"):
    return notebook_prose(stem)


def test_opening_times_are_the_cells_not_a_tubes():
    # F1: a column reaches equilibrium in about H/v_s. Hand calculation for the 0.25 µm latex:
    # m_b = 4/3 π (0.25e-6)³ × 52 = 3.403e-18 kg; η(293 K) = 2.414e-5 × 10^(247.8/153) Pa s
    # = 1.0054e-3 Pa s; v_s = m_b g/(6πηa) = 3.339e-17/4.738e-9 = 7.05e-9 m/s.
    # A 1 mm cell: 1e-3/7.05e-9 = 1.42e5 s = 39 h, "a day and a half"; a 5 cm tube:
    # 0.05/7.05e-9 = 7.10e6 s = 82 days, months, not "a day or two".
    latex = Colloid(radius=0.25e-6, temperature=293.0)
    mb = 4 / 3 * math.pi * (0.25e-6) ** 3 * 52.0
    eta = 2.414e-5 * 10 ** (247.8 / (293.0 - 140.0))
    vs = mb * 9.81 / (6 * math.pi * eta * 0.25e-6)
    assert latex.settling_velocity == pytest.approx(vs, rel=1e-9)
    assert 1e-3 / latex.settling_velocity / 3600 == pytest.approx(39.4, abs=0.5)
    tube_days = 0.05 / latex.settling_velocity / 86400
    assert tube_days == pytest.approx(82, abs=1)
    assert 30 < tube_days < 365  # "months"
    text = _markdown()
    assert "for a day or two" not in text
    assert "Leave a tube of very fine particles" not in text
    assert "in a thin cell, a millimetre tall" in text
    assert "after about a day and a half (for the spheres below)" in text
    assert "A test tube of the same spheres takes months to get there" in text
    assert "for a test tube 5 cm tall is months" in text


def test_temperature_changes_only_kT_and_the_slider_stays_near_room_temperature():
    # F2: the model holds ρ_f = 998 and ρ_p = 1050 kg/m³ at every T, so ℓ = k_BT/(m_b g) grows
    # exactly as T: ℓ(313 K)/ℓ(293 K) = 313/293 = 1.0683. Real water loses about 6 kg/m³ by 40 °C
    # against a 52 kg/m³ difference, so the slider stops at 313 K and the page says so.
    from fluxlib.widgets.sedimentation import sedimentation_panel

    warm, room = Colloid(temperature=313.0), Colloid(temperature=293.0)
    assert warm.fluid_density == room.fluid_density == 998.0
    assert warm.scale_height / room.scale_height == pytest.approx(313.0 / 293.0, rel=1e-12)
    (T,) = [c for c in sedimentation_panel().controls if c.name == "T"]
    assert (T.min, T.max) == (278.0, 313.0)
    assert "20 °C values" in Colloid.__doc__
    text = _markdown()
    assert "toward the floor; warmer water spreads" not in text
    assert "In the model, warmer water spreads them a little higher" in text
    assert "Real water also gets lighter as it warms" in text
    # third reader: water's lightening alone outweighs the kT rise; the spheres' own expansion
    # brings it back to a partial offset
    assert "offsets part or all of that rise" not in text
    assert "the spheres themselves expand and get lighter too" in text
    assert "offset part of that rise" in text
    assert "Both densities, of the spheres and of the water, are held at their 20 °C values" in text
    assert "warming changes only $k_BT$ and the viscosity" in text


def test_dilute_limit_is_about_osmotic_pressure_not_hindered_settling():
    # F3: friction (hindered settling included) cannot move an equilibrium; excluded volume
    # and electrostatic repulsion raise the osmotic pressure and stretch the profile.
    # Hard spheres: Π = nk_BT(1 + 4φ + ...), d(nZ)/dn ≈ 1 + 8φ = 1.16 at φ = 0.02, the limit.
    import fluxlib.models.sedimentation as sedi

    (note,) = sediment(Colloid(), volume_fraction=0.03).validity
    assert "hindered settling changes only how long it takes" in note.why
    assert "bend the profile" not in note.why
    assert "crowding and hindered settling" not in sedi.__doc__
    assert "hindered settling, a friction" in " ".join(sedi.__doc__.split())
    text = _markdown()
    assert "do not crowd or hinder one another" not in text
    assert "osmotic pressure is simply $n k_BT$" in text
    assert "polystyrene latex is charged" in text
    assert "Hindered settling, a friction, changes only how long the column takes" in text
