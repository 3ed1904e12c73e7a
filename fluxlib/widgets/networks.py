"""Sections 1.2 and 1.3: the city-grid traffic panel, the loop-counting panel and the
persistent-current panel."""

from __future__ import annotations

from fluxlib.widgets.base import Panel, Slider

#: A 3 × 3 grid of junctions (2 × 2 blocks, 12 edges), in the order the loop panel builds it:
#: the three east–west rows first (three separate parts), then the north–south columns.
GRID_NODES = [(i, j) for i in range(3) for j in range(3)]
GRID_EDGES = [((i, j), (i, j + 1)) for i in range(3) for j in range(2)] + [
    ((i, j), (i + 1, j)) for j in range(3) for i in range(2)
]


def junction_panel() -> Panel:
    """Rush hour in the 2 × 3 city grid of section 1.2.

    Sliders: cars per hour entering at A1 and B1 and leaving at A3 and B3. When as many leave
    as enter, the streets carry the spread-out steady flow (the one with no extra circulation);
    when they do not, the panel says in a sentence how fast cars pile up.
    """
    from fluxlib.errors import InconsistentSupplyError
    from fluxlib.graphs import CITY_POS, RUSH_HOUR
    from fluxlib.models.traffic import TrafficGrid
    from fluxlib.plotting.network import draw_network, update_network
    from fluxlib.validity import describe

    grid = TrafficGrid()

    def setup(fig):
        ax = fig.add_subplot()
        res = grid.spread(RUSH_HOUR)
        # a grey street map underneath, still there when an impossible setting hides the traffic
        draw_network(grid.streets, pos=CITY_POS, ax=ax, legend=False, node_labels=False)
        return draw_network(
            grid.streets,
            flows=res.flows,
            supply=RUSH_HOUR,
            pos=CITY_POS,
            ax=ax,
            max_flow=600.0,
            edge_labels=True,
            unit="/h",
        )

    def update(art, leave_B3, enter_A1, enter_B1, leave_A3):
        supply = {"A1": enter_A1, "B1": enter_B1, "A3": -leave_A3, "B3": -leave_B3}
        try:
            res = grid.spread(supply)
        except InconsistentSupplyError as err:
            raise InconsistentSupplyError(f"{err} No street flows can fix that.") from None
        update_network(art, flows=res.flows, supply=supply)
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


def loop_count_panel() -> Panel:
    """Build a 3 × 3 grid of junctions street by street and watch m - n + c.

    Edges that lie on some loop (those the core's cycle basis uses) are drawn green: only
    they can carry a circulating flow.
    """
    import numpy as np

    from fluxlib.models.traffic import cycle_space, loop_count, network
    from fluxlib.plotting.network import draw_network, update_network

    def census(k):
        """(c, loops, on_loop) for the first k streets, from the network core."""
        net = network(GRID_EDGES[:k], nodes=GRID_NODES)
        count = loop_count(net)
        on_loop = [False] * len(GRID_EDGES)
        if count["loops"]:
            used = np.any(cycle_space(net) != 0, axis=1)
            on_loop[:k] = [bool(u) for u in used]
        return count["c"], count["loops"], on_loop

    def setup(fig):
        ax = fig.add_subplot()
        art = draw_network(GRID_EDGES, pos=None, ax=ax, node_labels=False, legend=False)
        # twelve streets, thirteen possible states: count them all once
        art["census"] = [census(k) for k in range(len(GRID_EDGES) + 1)]
        return art

    def update(art, edges):
        k = int(edges)
        present = [i < k for i in range(len(GRID_EDGES))]
        c, loops, on_loop = art["census"][k]
        update_network(art, flows=None, present=present, highlight=on_loop)
        n = len(GRID_NODES)
        word = "loop" if loops == 1 else "loops"
        return (
            f"m = {k} edges, n = {n} junctions, c = {c} connected part{'s' if c != 1 else ''}: "
            f"m - n + c = {loops} independent {word}."
        )

    return Panel(
        controls=[Slider("edges", "streets built", 0, len(GRID_EDGES), len(GRID_EDGES), integer=True)],
        setup=setup,
        update=update,
        alt=(
            "A three-by-three grid of junctions whose twelve streets are built one at a time, "
            "rows first, then columns. Streets that lie on a closed loop are green; the sentence "
            "counts edges, junctions, connected parts and independent loops."
        ),
        figsize=(4.2, 3.6),
        frames=13,
    )


def persistent_current_panel(
    *, inductance: float = 2e-3, current: float = 50.0, critical: float = 150.0
) -> Panel:
    """A superconducting coil (default 2 mH, 50 A, I_c = 150 A) deformed to a new inductance.

    Slider: the new inductance in mH. Left: current against inductance at fixed fluxoid
    Φ = L I, with the critical current; right: stored energy Φ²/(2L).
    """
    import numpy as np

    from fluxlib.errors import FluxInputError
    from fluxlib.models.superconductor import SuperconductingLoop, squeeze
    from fluxlib.plotting.base import color

    loop = SuperconductingLoop(inductance, current, critical)
    L_mH = np.linspace(0.2, 6.0, 300)

    def setup(fig):
        ax_i, ax_e = fig.subplots(1, 2)
        ax_i.plot(L_mH, squeeze(loop, L_mH * 1e-3), color=color("blue"), label="I = Φ/L")
        ax_i.axhline(critical, color=color("vermillion"), ls="--", lw=1.2, label="critical current")
        ax_i.plot([inductance * 1e3], [current], "o", color="0.5", ms=6, label="start")
        (dot,) = ax_i.plot([inductance * 1e3], [current], "o", color=color("black"), ms=9, label="now")
        ax_i.set_xlim(0, 6.0)
        ax_i.set_ylim(0, 1.15 * critical)
        ax_i.set_xlabel("inductance L (mH)")
        ax_i.set_ylabel("persistent current I (A)")
        ax_i.legend(loc="upper right")
        bars = ax_e.bar(
            ["before", "after"], [loop.energy, loop.energy], color=[color("sky"), color("orange")]
        )
        ax_e.set_ylabel("stored energy LI²/2 (J)")
        ax_e.set_ylim(0, 0.5 * loop.fluxoid * critical * 1.1)
        return {"dot": dot, "bars": bars, "animated": [dot, *bars]}

    def update(art, L_new):
        L2 = L_new * 1e-3
        try:
            after = loop.with_inductance(L2)
        except FluxInputError:
            art["dot"].set_data([L_new], [np.nan])
            art["bars"][1].set_height(0.0)
            raise
        art["dot"].set_data([L_new], [after.current])
        art["bars"][1].set_height(after.energy)
        work = after.energy - loop.energy
        verb = "did" if work >= 0 else "got back"
        return (
            f"L = {L_new:.2f} mH: I = {after.current:.1f} A, trapped flux Φ = {1e3 * after.fluxoid:.0f} mWb "
            f"(unchanged); energy {after.energy:.2f} J, so the hand that changed the coil {verb} "
            f"{abs(work):.2f} J of work."
        )

    return Panel(
        controls=[Slider("L_new", "new inductance L₂", 0.4, 6.0, inductance * 1e3, step=0.1, unit="mH")],
        setup=setup,
        update=update,
        alt=(
            "Left: the persistent current of a superconducting coil against its inductance, a "
            "hyperbola I = Φ/L at fixed trapped flux, with the critical current as a dashed line and "
            "a dot at the chosen inductance. Right: stored energy before and after the change."
        ),
        figsize=(7.5, 3.2),
        frames=12,
    )
