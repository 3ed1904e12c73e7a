"""Section 1.3: the loop-counting panel and the persistent-current panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle

#: A 3 × 3 grid of junctions (2 × 2 blocks, 12 edges), in the order the loop panel builds it:
#: the three east–west rows first (three separate parts), then the north–south columns.
GRID_NODES = [(i, j) for i in range(3) for j in range(3)]
GRID_EDGES = [((i, j), (i, j + 1)) for i in range(3) for j in range(2)] + [
    ((i, j), (i + 1, j)) for j in range(3) for i in range(2)
]


def loop_count_panel() -> Panel:
    """Build a 3 × 3 grid of junctions street by street and watch m - n + c.

    Edges that lie on some loop (those the core's cycle basis uses) are drawn green: only
    they can carry a circulating flow.
    """
    import numpy as np

    from fluxlib.models.traffic import cycle_space, loop_count, network
    from fluxlib.plotting.traffic import plot_network

    censuses: dict[int, tuple[int, int, list[bool]]] = {}

    def census(k: int) -> tuple[int, int, list[bool]]:
        """(c, loops, on_loop) for the first k streets, from the network core (each counted once)."""
        if k not in censuses:
            net = network(GRID_EDGES[:k], nodes=GRID_NODES)
            count = loop_count(net)
            on_loop = [False] * len(GRID_EDGES)
            if count["loops"]:
                used = np.any(cycle_space(net) != 0, axis=1)
                on_loop[:k] = [bool(u) for u in used]
            censuses[k] = (count["c"], count["loops"], on_loop)
        return censuses[k]

    def setup(fig: Figure) -> PlotHandle:
        return plot_network(GRID_EDGES, pos=None, node_labels=False, legend=False, ax=fig)

    def update(handle: PlotHandle, edges: float) -> str:
        k = int(edges)
        present = [i < k for i in range(len(GRID_EDGES))]
        c, loops, on_loop = census(k)
        handle.update(flows=None, present=present, highlight=on_loop)
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
    from fluxlib.models.superconductor import SuperconductingLoop
    from fluxlib.plotting.superconductor import plot_persistent_current

    loop = SuperconductingLoop(inductance, current, critical)

    def setup(fig: Figure) -> PlotHandle:
        return plot_persistent_current(loop, ax=fig)

    def update(handle: PlotHandle, L_new: float) -> str:
        # a FluxInputError here (the coil quenches) is shown as a sentence, the dot and bar hidden
        after = loop.with_inductance(L_new * 1e-3)
        handle.update(after)
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
