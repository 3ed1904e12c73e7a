"""Section 1.2: the city-grid traffic panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle


def junction_panel() -> Panel:
    """Rush hour in the 2 × 3 city grid of section 1.2.

    Sliders: cars per hour entering at A1 and B1 and leaving at A3 and B3. When as many leave
    as enter, the streets carry the spread-out steady flow (the one with no extra circulation);
    when they do not, the panel says in a sentence how fast cars pile up.
    """
    from fluxlib.errors import InconsistentSupplyError
    from fluxlib.graphs import CITY_POS, RUSH_HOUR
    from fluxlib.models.traffic import TrafficGrid
    from fluxlib.plotting.traffic import plot_traffic
    from fluxlib.validity import describe

    grid = TrafficGrid()

    def setup(fig: Figure) -> PlotHandle:
        # a grey street map underneath, still there when an impossible setting hides the traffic
        return plot_traffic(
            grid.spread(RUSH_HOUR),
            pos=CITY_POS,
            street_map=True,
            max_flow=600.0,
            edge_labels=True,
            unit="/h",
            ax=fig,
        )

    def update(handle: PlotHandle, leave_B3: float, enter_A1: float, enter_B1: float, leave_A3: float) -> str:
        supply = {"A1": enter_A1, "B1": enter_B1, "A3": -leave_A3, "B3": -leave_B3}
        try:
            res = grid.spread(supply)
        except InconsistentSupplyError as err:
            raise InconsistentSupplyError(f"{err} No street flows can fix that.") from None
        handle.update(res)
        busiest = max(range(len(res.flows)), key=lambda k: abs(res.flows[k]))
        tail, head = res.streets[busiest]
        total = enter_A1 + enter_B1
        msg = (
            f"{total:.0f} cars per hour enter and {total:.0f} leave: the books balance. "
            f"Busiest street {tail}→{head}, {abs(res.flows[busiest]):.0f} cars/h."
        )
        if res.wrong_way:
            names = ", ".join(f"{a}→{b}" for a, b in res.wrong_way)
            msg += f" Wrong way against the one-way sign: {names}."
        if res.validity:
            msg += " " + describe(res.validity, width=None)
        return msg

    return Panel(
        controls=[
            Slider("leave_B3", "leaving at B3", 0.0, 1000.0, 600.0, step=50.0, unit="cars/h"),
            Slider("enter_A1", "entering at A1", 0.0, 1000.0, 500.0, step=50.0, unit="cars/h"),
            Slider("enter_B1", "entering at B1", 0.0, 1000.0, 400.0, step=50.0, unit="cars/h"),
            Slider("leave_A3", "leaving at A3", 0.0, 1000.0, 300.0, step=50.0, unit="cars/h"),
        ],
        setup=setup,
        update=update,
        alt=(
            "A grid of six junctions in two rows joined by seven one-way streets. Arrows show "
            "the steady traffic, wider for more cars per hour; junctions where cars enter are "
            "vermillion, where they leave blue. When entries and exits differ, no flows are drawn "
            "and a sentence gives the rate at which cars pile up."
        ),
        figsize=(6.0, 3.6),
        frames=11,
    )
