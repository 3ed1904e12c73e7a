"""Section 2.1: the sedimentation panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.validity import describe
from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle


def sedimentation_panel(*, height: float = 1e-3, n: int = 100) -> Panel:
    """Polystyrene spheres in water, a sealed column ``height`` (m) tall, at equilibrium.

    Sliders: particle radius and temperature. The temperature stays within 278–313 K: the
    model holds both densities at their 20 °C values, and hotter water is light enough to
    change the buoyant mass noticeably. The figure shows c(z) against the Boltzmann
    profile and the diffusive and drift fluxes, which cancel at every height.
    """
    from fluxlib.models.sedimentation import Colloid, sediment
    from fluxlib.plotting.sedimentation import plot_sediment

    def setup(fig: Figure) -> PlotHandle:
        return plot_sediment(sediment(Colloid(), height=height, n=n), ax=fig)

    def update(handle: PlotHandle, radius_um: float, T: float) -> str:
        col = Colloid(radius=radius_um * 1e-6, temperature=T)
        res = sediment(col, height=height, n=n)
        handle.update(res)
        note = f" {describe(res.validity, width=None)}" if res.validity else ""
        return (
            f"ℓ = k_BT/(m_b g) = {col.scale_height * 1e6:.3g} µm, D = {col.D * 1e12:.3g} µm²/s, "
            f"v_s = {col.settling_velocity * 1e9:.3g} nm/s. Largest net flux {abs(res.net).max():.0e} "
            "of v_s c(floor): diffusion up and drift down cancel." + note
        )

    return Panel(
        controls=[
            Slider("radius_um", "particle radius a", 0.05, 1.0, 0.25, step=0.01, unit="µm"),
            Slider("T", "temperature T", 278.0, 313.0, 293.0, step=1.0, unit="K"),
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
