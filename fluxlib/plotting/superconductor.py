"""Section 1.3's figures: the loops of a network, and a superconducting coil's persistent current.

The loops are drawn with section 1.2's :func:`fluxlib.plotting.traffic.plot_network`, one
small network per basis loop.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fluxlib.models.superconductor import SuperconductingLoop, squeeze
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color
from fluxlib.plotting.traffic import plot_network


def plot_cycle_basis(
    net: Any,
    loops: Sequence[Sequence[float]],
    *,
    cycles: Sequence[Sequence[Hashable]] | None = None,
    pos: Mapping[Any, tuple[float, float]] | None = None,
    max_width: float = 4.0,
    ax: AxLike = None,
) -> PlotHandle:
    """Draw each loop of a basis of the cycle space on its own copy of the network.

    ``loops`` holds one flow vector per loop (one value per edge of ``net``, +1 along an edge,
    -1 against it, 0 off the loop); ``cycles`` names each loop's nodes in order, for its title
    (``P → C1 → R → P``). A static figure: ``handle.update`` draws it again.
    """
    k = len(loops)

    def layout(fig: Figure) -> Sequence[Axes]:
        return list(np.ravel(fig.subplots(1, k)))

    fig, axes = axes_for(ax, layout=layout, figsize=(9.0, 2.8))
    artists: dict[str, Any] = {}
    for i, (a, z) in enumerate(zip(axes, loops, strict=True)):
        flows = np.array(z, dtype=float)
        drawn = plot_network(net, flows=flows, pos=pos, legend=False, max_width=max_width, ax=a)
        artists[f"loop{i}"] = drawn.artists
        if cycles is not None:
            cycle = [str(v) for v in cycles[i]]
            a.set_title(" → ".join([*cycle, cycle[0]]))
    return PlotHandle(fig, axes, artists, replot=plot_cycle_basis)


def _current_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out two axes in ``fig``: current against inductance, and the stored energy."""
    return list(fig.subplots(1, 2))


def plot_persistent_current(
    loop: SuperconductingLoop,
    *,
    after: SuperconductingLoop | None = None,
    L_range_mH: tuple[float, float] = (0.2, 6.0),
    ax: AxLike = None,
) -> PlotHandle:
    """A coil's persistent current against its inductance at fixed flux, and its stored energy.

    Left: the hyperbola I = Φ/L over ``L_range_mH`` (mH) with the critical current dashed, a grey
    dot at ``loop`` (the start) and a black one at ``after`` (default: the start). Right: the
    stored energy LI²/2 before and after. ``handle.update(after)`` moves the dot and the
    "after" bar to another state of the same loop.
    """
    fig, (ax_i, ax_e) = axes_for(ax, layout=_current_axes, figsize=(7.5, 3.2))
    now = loop if after is None else after
    critical = loop.critical_current
    L_mH = np.linspace(L_range_mH[0], L_range_mH[1], 300)
    ax_i.plot(L_mH, squeeze(loop, L_mH * 1e-3), color=color("blue"), label="I = Φ/L")
    ax_i.axhline(critical, color=color("vermillion"), ls="--", lw=1.2, label="critical current")
    ax_i.plot([loop.inductance * 1e3], [loop.current], "o", color="0.5", ms=6, label="start")
    (dot,) = ax_i.plot([now.inductance * 1e3], [now.current], "o", color=color("black"), ms=9, label="now")
    ax_i.set_xlim(0, L_range_mH[1])
    ax_i.set_ylim(0, 1.15 * critical)
    ax_i.set_xlabel("inductance L (mH)")
    ax_i.set_ylabel("persistent current I (A)")
    ax_i.legend(loc="upper right")
    bars = ax_e.bar(["before", "after"], [loop.energy, now.energy], color=[color("sky"), color("orange")])
    ax_e.set_ylabel("stored energy LI²/2 (J)")
    ax_e.set_ylim(0, 0.5 * loop.fluxoid * critical * 1.1)
    return PlotHandle(
        fig,
        (ax_i, ax_e),
        {"dot": dot, "bars": bars},
        animated=[dot, *bars],
        update=_update_persistent_current,
    )


def _update_persistent_current(handle: PlotHandle, after: SuperconductingLoop) -> None:
    handle["dot"].set_data([after.inductance * 1e3], [after.current])
    handle["bars"][1].set_height(after.energy)
