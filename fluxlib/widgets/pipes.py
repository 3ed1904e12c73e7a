"""Section 3.1: the valve panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.validity import describe
from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle


def valve_panel() -> Panel:
    """Two parallel pipes carrying 10 mL/s of water; a valve in branch A closes at t = 0."""
    import numpy as np

    from fluxlib.models.pipes import valve_step
    from fluxlib.plotting.pipes import plot_valve_step

    times = np.linspace(0.0, 12.0, 121)  # s

    def setup(fig: Figure) -> PlotHandle:
        return plot_valve_step(
            valve_step(0.5, times=times),
            t_range=(-1.2, float(times[-1])),
            Q_range=(0.0, 10.5),
            dP_range=(0.0, 5.0),
            ax=fig,
        )

    def update(handle: PlotHandle, closure: float) -> str:
        res = valve_step(closure, times=times)
        handle.update(res)
        return f"{res.summary()} {describe(res.validity, width=None)}"

    return Panel(
        controls=[Slider("closure", "valve setting c in A (R_A × 1/(1 − c)²)", 0.0, 0.8, 0.5, step=0.05)],
        setup=setup,
        update=update,
        alt=(
            "Left: flow in branches A and B against time; when the valve in A closes at t = 0, A's flow "
            "decays exponentially and B's rises by the same amount. Right: the pressure drop, which "
            "jumps at the step and then relaxes to its new steady value."
        ),
        figsize=(9.0, 3.2),
        frames=9,
    )
