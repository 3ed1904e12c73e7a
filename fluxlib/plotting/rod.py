"""Figures for the heated rod (section 1.1)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fluxlib.models.rod import RodResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color, sticky_ylim


def rod_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out three axes in ``fig``: temperature, heat flux, and the heat budget."""
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


def plot_rod(
    res: RodResult, *, k: int = -1, T_range: tuple[float, float] | None = None, ax: AxLike = None
) -> PlotHandle:
    """Draw T(x) and q(x) at time index ``k`` and the heat budget since t = 0.

    ``T_range`` fixes the temperature axis (a panel keeps it still while sliders move).
    ``handle.update(res, k=k)`` moves the curves and bars to another result on the same grid.
    """
    fig, (ax_T, ax_q, ax_b) = axes_for(ax, layout=rod_axes, figsize=(9.0, 3.2))
    if T_range is not None:
        ax_T.set_ylim(*T_range)
    (init,) = ax_T.plot(res.x, res.T[0], "--", color=color("black"), lw=1, label="t = 0")
    (T_line,) = ax_T.plot(res.x, res.T[k], color=color("vermillion"), label="now")
    ax_T.legend(loc="best")
    (q_line,) = ax_q.plot(res.faces, res.q[k] / 1e3, color=color("blue"))
    ax_q.axhline(0, color="0.5", lw=0.8)
    labels = ["in, left", "in, right", "change in\ncontent"]
    bars = ax_b.bar(labels, _budget(res, k), color=[color("orange"), color("sky"), color("green")])
    ax_b.axhline(0, color="0.5", lw=0.8)
    ax_b.tick_params(axis="x", labelsize=8)
    return PlotHandle(
        fig,
        (ax_T, ax_q, ax_b),
        {"T": T_line, "T0": init, "q": q_line, "bars": bars},
        animated=[T_line, q_line, *bars],
        update=_update_rod,
    )


def _budget(res: RodResult, k: int) -> list[float]:
    return [res.heat_in_left[k] / 1e6, res.heat_in_right[k] / 1e6, (res.content[k] - res.content[0]) / 1e6]


def _update_rod(handle: PlotHandle, res: RodResult, *, k: int = -1) -> None:
    handle["T"].set_ydata(res.T[k])
    handle["T0"].set_ydata(res.T[0])
    handle["q"].set_ydata(res.q[k] / 1e3)
    vals = _budget(res, k)
    for bar, v in zip(handle["bars"], vals, strict=True):
        bar.set_height(v)
    _, ax_q, ax_b = handle.axes
    sticky_ylim(ax_q, float(np.max(np.abs(res.q[k]))) / 1e3, symmetric=True)
    sticky_ylim(ax_b, max(abs(v) for v in vals), symmetric=True, pad=1.15)
