"""Chapter 2, sections 2.1–2.4: panels for steady states and their driving forces."""

from __future__ import annotations

from fluxlib.validity import describe
from fluxlib.widgets.base import Panel, Slider, Toggle


# --------------------------------------------------------------------------- 2.1
def sedimentation_panel(*, height: float = 1e-3, n: int = 100) -> Panel:
    """Polystyrene spheres in water, a sealed column ``height`` (m) tall, at equilibrium.

    Sliders: particle radius and temperature. The figure shows c(z) against the Boltzmann
    profile and the diffusive and drift fluxes, which cancel at every height.
    """
    from fluxlib.models.sedimentation import Colloid, sediment
    from fluxlib.plotting.steady import plot_sediment, sediment_axes, update_sediment

    def setup(fig):
        return plot_sediment(sediment(Colloid(), height=height, n=n), axes=sediment_axes(fig))

    def update(artists, radius_um, T):
        col = Colloid(radius=radius_um * 1e-6, temperature=T)
        res = sediment(col, height=height, n=n)
        update_sediment(artists, res)
        note = f" {describe(res.validity)}" if res.validity else ""
        return (
            f"ℓ = k_BT/(m_b g) = {col.scale_height * 1e6:.3g} µm, D = {col.D * 1e12:.3g} µm²/s, "
            f"v_s = {col.settling_velocity * 1e9:.3g} nm/s. Largest net flux {abs(res.net).max():.0e} "
            "of v_s c(floor): diffusion up and drift down cancel." + note
        )

    return Panel(
        controls=[
            Slider("radius_um", "particle radius a", 0.05, 1.0, 0.25, step=0.01, unit="µm"),
            Slider("T", "temperature T", 275.0, 360.0, 293.0, step=1.0, unit="K"),
        ],
        setup=setup,
        update=update,
        alt=(
            f"Two plots against height in a {height * 1e3:g} mm column of polystyrene spheres in water: "
            "the concentration "
            "falling exponentially with height, matching exp(-z/ℓ), and the upward diffusive flux and "
            "downward drift flux, equal and opposite, with a net flux of zero."
        ),
        figsize=(8.0, 3.4),
        frames=11,
    )


# --------------------------------------------------------------------------- 2.2
def pump_leak_panel(*, minutes: float = 120.0) -> Panel:
    """A cell loaded with Na⁺ (40 mM inside at t = 0, say after a burst of activity) recovers.

    Sliders: pump capacity J_max and leak permeability P; a toggle blocks the pump, and the
    cell then fills up to the outside level instead.
    """
    from fluxlib.models.membrane import Cell, run_cell
    from fluxlib.plotting.base import sticky_ylim
    from fluxlib.plotting.steady import cell_axes, plot_cell

    c_start = 40.0  # mM
    t_end = 60.0 * minutes

    def setup(fig):
        return plot_cell(run_cell(Cell(), c0=c_start, t_end=t_end, n=120), axes=cell_axes(fig))

    def update(artists, pump_max, P_nm, blocked):
        cell = Cell(pump_max=pump_max, permeability=P_nm * 1e-9)
        if blocked:
            cell = cell.blocked()
        res = run_cell(cell, c0=c_start, t_end=t_end, n=120)
        artists["c"].set_ydata(res.c_in)
        artists["steady"].set_ydata([res.steady, res.steady])
        artists["leak"].set_ydata(res.leak)
        artists["pump"].set_ydata(res.pump)
        sticky_ylim(artists["axes"][1], max(res.leak.max(), res.pump.max(), 1e-3))
        if blocked:
            return (
                f"Pump blocked (cell run down to V_m = 0): c_i climbs toward c_o = {cell.c_out:.0f} mM "
                f"(time constant r/(3P) = {1 / cell.k_leak / 60:.0f} min) and the net flux dies away: equilibrium."
            )
        note = f" {describe(res.validity)}" if res.validity else ""
        return (
            f"Steady c_i* = {res.steady:.1f} mM against {cell.c_out:.0f} mM outside at "
            f"V_m = {1e3 * cell.V_m:.0f} mV, with {cell.throughput:.2f} µmol m⁻² s⁻¹ running in "
            "by the leak and out by the pump." + note
        )

    return Panel(
        controls=[
            Slider("pump_max", "pump capacity J_max", 0.1, 2.0, 0.75, step=0.05, unit="µmol/(m²·s)"),
            Slider("P_nm", "leak permeability P", 0.2, 3.0, 1.0, step=0.05, unit="nm/s"),
            Toggle("blocked", "block the pump", False),
        ],
        setup=setup,
        update=update,
        alt=(
            f"Two plots against time for a cell's sodium, starting at {c_start:g} mM inside: the inside "
            f"concentration falling to a steady level far below the outside {Cell().c_out:g} mM (or up to it "
            "when the pump is blocked), and the inward leak flux and outward pump flux converging to the "
            "same value."
        ),
        figsize=(8.0, 3.2),
        frames=11,
    )


# --------------------------------------------------------------------------- 2.3
def composite_wall_panel(*, T_inside: float = 20.0, T_outside: float = -5.0) -> Panel:
    """A plasterboard / insulation / brick wall between ``T_inside`` and ``T_outside`` (°C).

    Sliders: insulation thickness and conductivity, brick thickness.
    """
    from fluxlib.models.conduction import Layer, composite_wall
    from fluxlib.plotting.steady import plot_wall, update_wall

    xmax = 0.0125 + 0.20 + 0.30

    def wall(ins_cm, k_ins, brick_cm):
        return (
            Layer(0.0125, 0.21, "plasterboard"),
            Layer(ins_cm / 100, k_ins, "insulation"),
            Layer(brick_cm / 100, 0.72, "brick"),
        )

    def setup(fig):
        ax = fig.add_subplot(1, 1, 1)
        res = composite_wall(wall(8.0, 0.038, 10.0), T1=T_inside, T2=T_outside, cells_per_layer=8)
        artists = plot_wall(res, ax=ax, xmax=xmax)
        ax.set_ylim(T_outside - 2, T_inside + 2)
        return artists

    def update(artists, ins_cm, k_ins, brick_cm):
        res = composite_wall(wall(ins_cm, k_ins, brick_cm), T1=T_inside, T2=T_outside, cells_per_layer=8)
        update_wall(artists, res)
        share = res.layers[1].resistance / res.resistance
        return (
            f"q = ΔT/Σ(L/k) = {res.q_exact:.1f} W/m² (finite volumes: {res.q[0]:.1f} W/m²); "
            f"the insulation carries {100 * share:.0f} % of the resistance and so of the temperature drop."
        )

    return Panel(
        controls=[
            Slider("ins_cm", "insulation thickness", 1.0, 20.0, 8.0, step=0.5, unit="cm"),
            Slider("k_ins", "insulation conductivity", 0.02, 0.2, 0.038, step=0.002, unit="W/(m·K)"),
            Slider("brick_cm", "brick thickness", 5.0, 30.0, 10.0, step=1.0, unit="cm"),
        ],
        setup=setup,
        update=update,
        alt=(
            f"Temperature through a wall of plasterboard, insulation and brick between {T_inside:g} °C "
            f"inside and {T_outside:g} °C outside: straight segments in each layer, steepest in the insulation, meeting at the "
            "interface temperatures given by the series-resistance formula."
        ),
        figsize=(7.0, 3.4),
        frames=11,
    )


# --------------------------------------------------------------------------- 2.4
def driving_force_panel(*, c_out: float = 145.0, T: float = 310.0) -> Panel:
    """Δμ̃ for Na⁺ entering a cell: inside concentration and membrane potential sliders."""
    from fluxlib.models.electrochemistry import delta_mu
    from fluxlib.plotting.steady import plot_driving_force, update_driving_force

    def setup(fig):
        ax = fig.add_subplot(1, 1, 1)
        return plot_driving_force(delta_mu(c_in=12.0, c_out=c_out, V_m=-0.07, T=T), ax=ax)

    def update(artists, V_mV, c_in):
        f = delta_mu(c_in=c_in, c_out=c_out, V_m=V_mV * 1e-3, T=T)
        update_driving_force(artists, f)
        return f.sentence() + f" (Na⁺ would be at equilibrium at V_m = {1e3 * f.nernst:+.0f} mV.)"

    return Panel(
        controls=[
            Slider("V_mV", "membrane potential V_m", -100.0, 100.0, -70.0, step=1.0, unit="mV"),
            Slider("c_in", "inside Na⁺ c_i", 1.0, 300.0, 12.0, step=1.0, unit="mM"),
        ],
        setup=setup,
        update=update,
        alt=(
            f"Three bars for sodium entering a cell with {c_out:g} mM outside: the concentration part of the "
            "electrochemical potential difference, the voltage part, and their sum, negative (inward "
            "driving force) at rest and changing sign as the membrane potential or inside concentration rise."
        ),
        figsize=(6.0, 3.4),
        frames=11,
    )
