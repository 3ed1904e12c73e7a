"""Figures for the driven three-state cycle (section 1.5)."""

from __future__ import annotations

import numpy as np

from fluxlib.plotting.base import color, new_figure


def cycle_axes(fig):
    """Two axes: current and entropy production against the affinity, and the stationary state."""
    gs = fig.add_gridspec(1, 2, width_ratios=[1.6, 1.0])
    ax_c = fig.add_subplot(gs[0])
    ax_p = fig.add_subplot(gs[1])
    ax_c.set_xlabel("affinity A (k_BT per turn)")
    ax_c.set_ylabel("J (1/s), σ (k_B/s)")
    ax_p.set_ylabel("stationary probability")
    ax_p.set_ylim(0, 1)
    return ax_c, ax_p


def plot_cycle(sweep_A, sweep, now, *, axes=None) -> dict:
    """J(A) and σ(A) over a sweep (``sweep`` a list of cycle results), with markers at ``now``.

    Returns the artists by name; ``"animated"`` lists those that follow ``now``.
    """
    if axes is None:
        fig, _ = new_figure(figsize=(8.0, 3.2))
        for a in list(fig.axes):
            fig.delaxes(a)
        axes = cycle_axes(fig)
    ax_c, ax_p = axes
    A = np.asarray(sweep_A)
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
    return {"axes": axes, "dot_J": dot_J, "dot_s": dot_s, "bars": bars, "animated": [dot_J, dot_s, *bars]}


def update_cycle(artists: dict, now) -> None:
    artists["dot_J"].set_data([now.affinity], [now.J])
    artists["dot_s"].set_data([now.affinity], [now.entropy_production])
    for bar, v in zip(artists["bars"], now.p, strict=True):
        bar.set_height(v)
