"""Section 2.3: the composite-wall panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.models.conduction import Layer
    from fluxlib.plotting.base import PlotHandle


def composite_wall_panel(*, T_inside: float = 20.0, T_outside: float = -5.0) -> Panel:
    """A plasterboard / insulation / brick wall between ``T_inside`` and ``T_outside`` (°C).

    Sliders: insulation thickness and conductivity, brick thickness.
    """
    from fluxlib.models.conduction import Layer, composite_wall
    from fluxlib.plotting.conduction import plot_wall

    xmax = 0.0125 + 0.20 + 0.30

    def wall(ins_cm: float, k_ins: float, brick_cm: float) -> tuple[Layer, Layer, Layer]:
        return (
            Layer(0.0125, 0.21, "plasterboard"),
            Layer(ins_cm / 100, k_ins, "insulation"),
            Layer(brick_cm / 100, 0.72, "brick"),
        )

    def setup(fig: Figure) -> PlotHandle:
        res = composite_wall(wall(8.0, 0.038, 10.0), T1=T_inside, T2=T_outside, cells_per_layer=8)
        return plot_wall(res, xmax=xmax, T_range=(T_outside - 2, T_inside + 2), ax=fig)

    def update(handle: PlotHandle, ins_cm: float, k_ins: float, brick_cm: float) -> str:
        res = composite_wall(wall(ins_cm, k_ins, brick_cm), T1=T_inside, T2=T_outside, cells_per_layer=8)
        handle.update(res)
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
