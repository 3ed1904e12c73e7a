"""Figures for bound and transport currents (section 1.6)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fluxlib.models.magnetization import CurrentMapResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color

BAR_LABELS = ["bound\n(top)", "bound\n(bottom)", "bound\n(net)", "trans-\nport", "ammeter"]


def _current_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out three axes: the magnetisation map with current arrows, J_x across the cut, the cut's currents."""
    gs = fig.add_gridspec(1, 3, width_ratios=[1.5, 1.0, 1.2])
    ax_map = fig.add_subplot(gs[0])
    ax_J = fig.add_subplot(gs[1])
    ax_b = fig.add_subplot(gs[2])
    ax_map.grid(False)  # a grid over the colour map would hide it
    ax_map.set_xlabel("x (mm)")
    ax_map.set_ylabel("y (mm)")
    ax_J.set_xlabel("J_x at the cut (MA/m²)")
    ax_J.set_ylabel("y (mm)")
    ax_b.set_ylabel("current through the cut (A)")
    return ax_map, ax_J, ax_b


def _node_arrows(cm: CurrentMapResult, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Total current averaged from the edges to every ``step``-th node (A/m²), for arrows."""
    Jx = cm.Jx
    jx = np.zeros_like(cm.M)
    jx[:, 1:-1] = 0.5 * (Jx[:, 1:] + Jx[:, :-1])
    jy = np.zeros_like(cm.M)
    jy[1:-1, :] = 0.5 * (cm.Jy_bound[1:, :] + cm.Jy_bound[:-1, :])
    jy[0, :], jy[-1, :] = cm.Jy_bound[0, :], cm.Jy_bound[-1, :]
    return jx[::step, ::step], jy[::step, ::step]


def cut_bars(cm: CurrentMapResult, *, i: int = 0) -> list[float]:
    """Currents through the cut x = x_i (A): bound upper, bound lower, bound total, transport, total."""
    return [
        cm.cut_current(i, part="bound", y_min=0.0),
        cm.cut_current(i, part="bound", y_max=0.0),
        cm.cut_current(i, part="bound"),
        cm.cut_current(i, part="transport"),
        cm.cut_current(i, part="total"),
    ]


def plot_current_map(
    cm: CurrentMapResult,
    *,
    i: int = 0,
    M_max: float | None = None,
    J_scale: float | None = None,
    I_range: tuple[float, float] | None = None,
    ax: AxLike = None,
) -> PlotHandle:
    """Draw the magnetisation map with current arrows, J_x(y) at the cut x = x_i and the cut's currents.

    ``M_max`` (A/m) fixes the colour scale, ``J_scale`` (A/m²) the arrow length and ``I_range``
    (A) the axis of the cut's currents, so a panel can keep them while the data change.
    ``handle.update(cm)`` moves the map, arrows, curves and bars to a new map on the same grid.
    """
    fig, (ax_map, ax_J, ax_b) = axes_for(ax, layout=_current_axes, figsize=(10.0, 3.4))
    mm = 1e3
    M_max = M_max or max(float(np.max(np.abs(cm.M))), 1.0)
    extent = (cm.x[0] * mm, cm.x[-1] * mm, cm.y[0] * mm, cm.y[-1] * mm)
    image = ax_map.imshow(
        cm.M.T / 1e3, origin="lower", extent=extent, aspect="auto", cmap="Blues", vmin=0, vmax=M_max / 1e3
    )
    fig.colorbar(image, ax=ax_map, label="M_z (kA/m)")
    step = 3
    X, Y = np.meshgrid(cm.x[::step] * mm, cm.y[::step] * mm, indexing="ij")
    U, V = _node_arrows(cm, step)
    J_scale = J_scale or max(float(np.max(np.hypot(U, V))), 1.0)
    arrows = ax_map.quiver(
        X,
        Y,
        U,
        V,
        color=color("vermillion"),
        scale=6 * J_scale,
        scale_units="width",
        width=0.006,
        minlength=0,
    )
    ax_map.axvline(cm.x[i] * mm, color=color("black"), lw=1, ls="--")
    (J_bound,) = ax_J.plot(cm.Jx_bound[i] / 1e6, cm.y_mid * mm, color=color("blue"), label="bound")
    (J_total,) = ax_J.plot(cm.Jx[i] / 1e6, cm.y_mid * mm, color=color("orange"), ls="--", label="total")
    ax_J.axvline(0, color="0.5", lw=0.8)
    ax_J.legend(loc="upper right")
    Jl = 1.1 * J_scale / 1e6
    ax_J.set_xlim(-Jl, Jl)
    colours = [color("sky"), color("sky"), color("blue"), color("orange"), color("green")]
    bars = ax_b.bar(BAR_LABELS, cut_bars(cm, i=i), color=colours)
    ax_b.axhline(0, color="0.5", lw=0.8)
    ax_b.tick_params(axis="x", labelsize=7)
    if I_range is not None:
        ax_b.set_ylim(*I_range)
    return PlotHandle(
        fig,
        (ax_map, ax_J, ax_b),
        {"image": image, "arrows": arrows, "J_bound": J_bound, "J_total": J_total, "bars": bars},
        animated=[image, arrows, J_bound, J_total, *bars],
        update=partial(_update_current_map, i=i, step=step),
    )


def _update_current_map(handle: PlotHandle, cm: CurrentMapResult, *, i: int, step: int) -> None:
    """Move the map, arrows, curves and bars to a new current map on the same grid (cut ``i``)."""
    handle["image"].set_data(cm.M.T / 1e3)
    U, V = _node_arrows(cm, step)
    handle["arrows"].set_UVC(U, V)
    handle["J_bound"].set_xdata(cm.Jx_bound[i] / 1e6)
    handle["J_total"].set_xdata(cm.Jx[i] / 1e6)
    for bar, v in zip(handle["bars"], cut_bars(cm, i=i), strict=True):
        bar.set_height(v)
