"""Figures for the driven three-state cycle (section 1.5)."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fluxlib.models.nonequilibrium import CycleResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color


def _cycle_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out two axes in ``fig``: J and σ against the affinity, and the stationary state."""
    gs = fig.add_gridspec(1, 2, width_ratios=[1.6, 1.0])
    ax_c = fig.add_subplot(gs[0])
    ax_p = fig.add_subplot(gs[1])
    ax_c.set_xlabel("affinity A (k_BT per turn)")
    ax_c.set_ylabel("J (1/s), σ (k_B/s)")
    ax_p.set_ylabel("stationary probability")
    ax_p.set_ylim(0, 1)
    return ax_c, ax_p


def plot_cycle(now: CycleResult, sweep: Sequence[CycleResult], *, ax: AxLike = None) -> PlotHandle:
    """J(A) and σ(A) over ``sweep`` (cycle results at increasing affinity), with markers at ``now``.

    The right-hand axes show the stationary probabilities of ``now``. ``handle.update(now)``
    moves the markers and bars to another cycle result.
    """
    fig, (ax_c, ax_p) = axes_for(ax, layout=_cycle_axes, figsize=(8.0, 3.2))
    A = [r.affinity for r in sweep]
    ax_c.plot(A, [r.J for r in sweep], color=color("blue"), label="cycle current J")
    ax_c.plot(
        A,
        [r.entropy_production for r in sweep],
        color=color("vermillion"),
        label="entropy production σ = J·A",
    )
    ax_c.axhline(0, color="0.5", lw=0.8)
    ax_c.axvline(0, color="0.5", lw=0.8, ls=":")
    (dot_J,) = ax_c.plot([now.affinity], [now.J], "o", color=color("blue"))
    (dot_s,) = ax_c.plot([now.affinity], [now.entropy_production], "o", color=color("vermillion"))
    ax_c.legend(loc="upper left")
    bars = ax_p.bar(
        ["state 1", "state 2", "state 3"], now.p, color=[color("sky"), color("orange"), color("green")]
    )
    return PlotHandle(
        fig,
        (ax_c, ax_p),
        {"dot_J": dot_J, "dot_s": dot_s, "bars": bars},
        animated=[dot_J, dot_s, *bars],
        update=_update_cycle,
    )


def _update_cycle(handle: PlotHandle, now: CycleResult) -> None:
    """Move the markers and the bars to the cycle result ``now``."""
    handle["dot_J"].set_data([now.affinity], [now.J])
    handle["dot_s"].set_data([now.affinity], [now.entropy_production])
    for bar, v in zip(handle["bars"], now.p, strict=True):
        bar.set_height(v)
