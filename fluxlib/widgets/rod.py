"""Section 1.1: the heated-rod panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def heated_rod_panel(*, length: float = 0.3, rho_c: float = 3.5e6, n: int = 60) -> Panel:
    """A rod at 20 °C whose ends are suddenly held at two temperatures.

    Sliders: conductivity, the two end temperatures and the time. The figure shows T(x, t),
    q(x, t) and the heat budget since t = 0, which always balances.
    """
    from fluxlib.models.rod import Rod, heat_rod

    T0 = 20.0  # °C, the rod's starting temperature
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.rod import plot_rod
    from fluxlib.validity import describe

    def setup(fig: Figure) -> PlotHandle:
        res = heat_rod(Rod(length, 50.0, rho_c), T_left=100.0, T_right=0.0, T0=T0, times=[0.0, 600.0], n=n)
        return plot_rod(res, T_range=(-5.0, 105.0), ax=fig)

    def update(handle: PlotHandle, k: float, T_left: float, T_right: float, minutes: float) -> str:
        res = heat_rod(
            Rod(length, k, rho_c),
            T_left=T_left,
            T_right=T_right,
            T0=T0,
            times=[0.0, 60.0 * minutes],
            n=n,
            method="backward-euler",
        )
        handle.update(res)
        sentence = (
            f"t = {minutes:.0f} min, α = k/(ρc) = {1e6 * res.rod.diffusivity:.1f} mm²/s. "
            + res.budget_sentence()
        )
        if res.validity:
            sentence += " " + describe(res.validity, width=None)
        return sentence

    return Panel(
        controls=[
            Slider("minutes", "time t", 0.0, 120.0, 10.0, step=1.0, unit="min"),
            Slider("k", "conductivity k", 5.0, 400.0, 50.0, step=5.0, unit="W/(m·K)"),
            Slider("T_left", "left end T", 0.0, 100.0, 100.0, step=1.0, unit="°C"),
            Slider("T_right", "right end T", 0.0, 100.0, 0.0, step=1.0, unit="°C"),
        ],
        setup=setup,
        update=update,
        alt=(
            f"Three plots of a {100 * length:g} cm rod that starts at {T0:g} °C with its ends "
            "held at fixed temperatures: temperature along the rod, heat flux along the rod, "
            "and bars showing heat in at each end equal to the change in the rod's heat content."
        ),
        figsize=(9.0, 3.2),
        frames=13,
    )
