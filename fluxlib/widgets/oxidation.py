"""Section 2.7: the rate-constant panel for Deal–Grove oxidation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def oxidation_panel() -> Panel:
    """Oxide thickness vs time with log sliders for B/A (µm/h) and B (µm²/h), τ = 0.

    Defaults: steam at 1000 °C (Deal & Grove 1965): B/A = 1.27 µm/h, B = 0.287 µm²/h.
    """
    from fluxlib.models.oxidation import THIN_DRY_OXIDE, DealGrove
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.oxidation import plot_growth

    def setup(fig: Figure) -> PlotHandle:
        return plot_growth(DealGrove.from_rates(1.27, 0.287), label="Deal–Grove x(t)", ax=fig)

    def update(handle: PlotHandle, linear: float, parabolic: float) -> str:
        dg = DealGrove.from_rates(linear, parabolic)
        handle.update(dg)
        return (
            f"A = B/(B/A) = {dg.A:.3g} µm. Growth is reaction-limited (linear) below t ≈ A²/B = "
            f"{dg.crossover_time:.3g} h and diffusion-limited (parabolic) after it; 1 µm takes "
            f"{dg.time_to(1.0):.3g} h. For dry O₂ the formula misses the fast early growth: "
            f"oxides thinner than {1000 * THIN_DRY_OXIDE:.0f} nm (here, the first "
            f"{dg.time_to(THIN_DRY_OXIDE):.2g} h) grow faster than shown."
        )

    return Panel(
        controls=[
            Slider("linear", "linear rate B/A", 0.003, 20.0, 1.27, unit="µm/h", log=True, step=0.05),
            Slider("parabolic", "parabolic rate B", 0.001, 1.0, 0.287, unit="µm²/h", log=True, step=0.05),
        ],
        setup=setup,
        update=update,
        alt=(
            "Log-log plot of oxide thickness against time: the Deal–Grove curve follows a straight line of slope one "
            "(linear growth) at short times and a line of slope one half (parabolic growth) at long times, with a "
            "dashed line at the crossover time A squared over B."
        ),
        figsize=(7.0, 3.8),
        frames=13,
    )
