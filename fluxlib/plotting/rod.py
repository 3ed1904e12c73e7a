"""Figures for the heated rod (section 1.1)."""

from __future__ import annotations

import numpy as np

from fluxlib.plotting.base import color, new_figure, sticky_ylim


def rod_axes(fig):
    """Three axes: temperature, heat flux, and the heat budget."""
    gs = fig.add_gridspec(1, 3, width_ratios=[1.2, 1.2, 1.0])
    ax_T = fig.add_subplot(gs[0])
    ax_q = fig.add_subplot(gs[1], sharex=ax_T)
    ax_b = fig.add_subplot(gs[2])
    ax_T.set_xlabel("position x (m)")
    ax_T.set_ylabel("temperature T (°C)")
    ax_q.set_xlabel("position x (m)")
    ax_q.set_ylabel("heat flux q (kW/m²), + toward +x")
    ax_b.set_ylabel("heat since t = 0 (MJ/m²)")
    return ax_T, ax_q, ax_b


def plot_rod(res, k: int = -1, *, axes=None) -> dict:
    """Draw T(x), q(x) at time index ``k`` and the cumulative budget; return the artists by name."""
    if axes is None:
        fig, _ = new_figure(figsize=(9.0, 3.2))
        for a in list(fig.axes):
            fig.delaxes(a)
        axes = rod_axes(fig)
    ax_T, ax_q, ax_b = axes
    (init,) = ax_T.plot(res.x, res.T[0], "--", color=color("black"), lw=1, label="t = 0")
    (T_line,) = ax_T.plot(res.x, res.T[k], color=color("vermillion"), label="now")
    ax_T.legend(loc="best")
    (q_line,) = ax_q.plot(res.faces, res.q[k] / 1e3, color=color("blue"))
    ax_q.axhline(0, color="0.5", lw=0.8)
    labels = ["in, left", "in, right", "change in\ncontent"]
    vals = _budget(res, k)
    bars = ax_b.bar(labels, vals, color=[color("orange"), color("sky"), color("green")])
    ax_b.axhline(0, color="0.5", lw=0.8)
    ax_b.tick_params(axis="x", labelsize=8)
    return {
        "axes": axes,
        "T": T_line,
        "T0": init,
        "q": q_line,
        "bars": bars,
        "animated": [T_line, q_line, *bars],
    }


def _budget(res, k: int) -> list[float]:
    return [res.heat_in_left[k] / 1e6, res.heat_in_right[k] / 1e6, (res.content[k] - res.content[0]) / 1e6]


def update_rod(artists: dict, res, k: int = -1) -> None:
    """Move existing rod artists to a new result (same grid)."""
    artists["T"].set_ydata(res.T[k])
    artists["T0"].set_ydata(res.T[0])
    artists["q"].set_ydata(res.q[k] / 1e3)
    vals = _budget(res, k)
    for bar, v in zip(artists["bars"], vals, strict=True):
        bar.set_height(v)
    ax_T, ax_q, ax_b = artists["axes"]
    sticky_ylim(ax_q, float(np.max(np.abs(res.q[k]))) / 1e3, symmetric=True)
    sticky_ylim(ax_b, max(abs(v) for v in vals), symmetric=True, pad=1.15)
