"""Section 3.4: the corridor panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.validity import describe
from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle


def corridor_panel() -> Panel:
    """Five habitat patches; a corridor links the big meadow straight to the first sink."""
    import numpy as np

    from fluxlib.models.metapopulation import CORRIDOR, default_landscape, steady_state
    from fluxlib.plotting.metapopulation import plot_patches

    land0 = default_landscape(corridor=0.0)
    isolated = np.where(np.asarray(land0.r) > 0, land0.K, 0.0)

    def setup(fig: Figure) -> PlotHandle:
        return plot_patches(
            steady_state(default_landscape(corridor=0.1)), r=land0.r, isolated=isolated, ymax=1150.0, ax=fig
        )

    def update(handle: PlotHandle, corridor: float) -> str:
        eq = steady_state(default_landscape(corridor=corridor))
        handle.update(eq)
        flow = eq.flows[CORRIDOR]
        return (
            f"The corridor carries {flow:.0f} individuals a year from meadow A to sink D, whose "
            f"steady population is {eq['sink D']:.0f} (0 if it were isolated). "
            f"All patches together: {eq.N.sum():.0f}."
            + ("" if not eq.validity else " " + describe(eq.validity, width=None))
        )

    return Panel(
        controls=[
            Slider("corridor", "corridor dispersal conductance", 0.0, 0.3, 0.1, step=0.025, unit="1/yr")
        ],
        setup=setup,
        update=update,
        alt=(
            "Bar chart of the steady population of five patches, two source meadows, a stepping stone and "
            "two sinks, with each patch's net immigration written above its bar and the isolated "
            "populations outlined."
        ),
        figsize=(7.0, 3.4),
        frames=13,
    )
