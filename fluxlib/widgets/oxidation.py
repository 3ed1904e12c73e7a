"""Section 2.7: the rate-constant panel for Deal–Grove oxidation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Choice, Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STEAM = "steam"
DRY = "dry O₂"


def oxidation_panel() -> Panel:
    """Oxide thickness vs time with log sliders for B/A (µm/h) and B (µm²/h), and the oxidant.

    Defaults: steam at 1000 °C (Deal & Grove 1965): B/A = 1.27 µm/h, B = 0.287 µm²/h, τ = 0 as in
    their steam fits. For dry O₂ the curve starts from the initial oxide their τ stands for:
    τ = (xᵢ² + A xᵢ)/B with xᵢ = :data:`~fluxlib.models.oxidation.THIN_DRY_OXIDE`.
    """
    from fluxlib.models.oxidation import THIN_DRY_OXIDE, DealGrove
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.oxidation import plot_growth

    def setup(fig: Figure) -> PlotHandle:
        return plot_growth(DealGrove.from_rates(1.27, 0.287), label="Deal–Grove x(t)", ax=fig)

    def update(handle: PlotHandle, linear: float, parabolic: float, oxidant: str) -> str:
        dry = oxidant == DRY
        if dry:
            dg = DealGrove.from_rates(linear, parabolic, oxidant="O2", initial_oxide=THIN_DRY_OXIDE)
        else:
            dg = DealGrove.from_rates(linear, parabolic, oxidant="H2O")
        handle.update(dg)
        head = (
            f"A = B/(B/A) = {dg.A:.3g} µm. Growth is reaction-limited (linear) below t + τ ≈ A²/B = "
            f"{dg.crossover_time:.3g} h and diffusion-limited (parabolic) after it; 1 µm takes "
            f"{dg.time_to(1.0):.3g} h."
        )
        if not dry:
            return f"{head} Steam: τ = 0, as in Deal and Grove's steam fits, so the curve starts from bare silicon."
        return (
            f"{head} Dry O₂: the curve starts from a {1000 * THIN_DRY_OXIDE:.0f} nm oxide at t = 0 (the "
            "book's estimate, from Deal and Grove's τ, of the head start their dry fits need), here "
            f"τ = (xᵢ² + A xᵢ)/B = {dg.tau:.2g} h. "
            "How that first layer grows, faster than the formula, is not modelled."
        )

    return Panel(
        controls=[
            Slider("linear", "linear rate B/A", 0.003, 20.0, 1.27, unit="µm/h", log=True, step=0.05),
            Slider("parabolic", "parabolic rate B", 0.001, 1.0, 0.287, unit="µm²/h", log=True, step=0.05),
            Choice("oxidant", "oxidant", [STEAM, DRY]),
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
