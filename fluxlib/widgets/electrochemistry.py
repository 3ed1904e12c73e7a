"""Section 2.4: the driving-force panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle


def driving_force_panel(*, c_out: float = 145.0, T: float = 310.0) -> Panel:
    """Δμ̃ for Na⁺ entering a cell: inside concentration and membrane potential sliders."""
    from fluxlib.models.electrochemistry import delta_mu
    from fluxlib.plotting.electrochemistry import plot_driving_force

    def setup(fig: Figure) -> PlotHandle:
        return plot_driving_force(delta_mu(c_in=12.0, c_out=c_out, V_m=-0.07, T=T), ax=fig)

    def update(handle: PlotHandle, V_mV: float, c_in: float) -> str:
        f = delta_mu(c_in=c_in, c_out=c_out, V_m=V_mV * 1e-3, T=T)
        handle.update(f)
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
