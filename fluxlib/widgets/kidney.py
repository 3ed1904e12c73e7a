"""Section 3.3: the kidney panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.validity import describe
from fluxlib.widgets.base import Panel, Slider, Toggle

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle


def kidney_panel() -> Panel:
    """Renal cortex and medulla when a hormone constricts the medullary vessels."""
    from fluxlib.models.kidney import kidney
    from fluxlib.plotting.kidney import plot_kidney

    def setup(fig: Figure) -> PlotHandle:
        return plot_kidney(kidney(3.0), rest=kidney(1.0), ax=fig)

    def update(handle: PlotHandle, constriction: float, pressure: float, auto: bool) -> str:
        s = kidney(constriction, autoregulation=auto, arterial_pressure=pressure)
        handle.update(s)
        return (
            f"The medulla gets {100 * s.medulla_share:.1f}% of the renal flow; the whole kidney takes "
            f"{1e3 * s.total:.0f} mL/min (pressure after the afferent vessels {s.glomerular_pressure:.0f} mmHg)."
            + ("" if not s.validity else " " + describe(s.validity, width=None))
        )

    return Panel(
        controls=[
            Slider("constriction", "medullary constriction factor", 1.0, 10.0, 3.0, step=0.5),
            Slider("pressure", "renal arterial pressure", 40.0, 220.0, 95.0, step=5.0, unit="mmHg"),
            Toggle("auto", "renal autoregulation", True),
        ],
        setup=setup,
        update=update,
        alt=(
            "Bar chart of blood flow to the renal cortex, the medulla and the whole kidney, with the "
            "no-hormone values outlined behind."
        ),
        figsize=(6.0, 3.2),
        frames=10,
    )
