"""Figures for section 2.3: Fick and Ohm (a layered wall, steady profiles)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.patches import Rectangle

from fluxlib.models.conduction import WallResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color

LAYER_COLOURS = ["sky", "yellow", "orange", "purple", "green"]


def plot_wall(
    res: WallResult,
    *,
    xmax: float | None = None,
    T_range: tuple[float, float] | None = None,
    ax: AxLike = None,
) -> PlotHandle:
    """Temperature through a layered wall, layers shaded, interface temperatures marked.

    ``xmax`` (m) fixes the right end of the distance axis and ``T_range`` (°C) the temperature
    axis (a panel keeps both still while sliders move). ``handle.update(res)`` moves the
    layers, their names and the curves to another wall with the same number of layers.
    """
    fig, (ax_T,) = axes_for(ax, figsize=(6.5, 3.2))
    edges = res.interfaces * 100
    patches = []
    for i in range(len(res.layers)):
        p = Rectangle(
            (edges[i], 0),
            edges[i + 1] - edges[i],
            1,
            transform=ax_T.get_xaxis_transform(),
            color=color(LAYER_COLOURS[i % len(LAYER_COLOURS)]),
            alpha=0.25,
            lw=0,
        )
        ax_T.add_patch(p)
        patches.append(p)
    (line,) = ax_T.plot(res.x * 100, res.T, color=color("vermillion"), label="finite volumes (cell centres)")
    (pts,) = ax_T.plot(
        edges, res.T_interfaces_exact, "o", color=color("black"), ms=5, label="exact, from ΔT/Σ(L/k)"
    )
    labels = [
        ax_T.text(
            (edges[i] + edges[i + 1]) / 2,
            0.5,
            layer.name,
            transform=ax_T.get_xaxis_transform(),
            ha="center",
            va="center",
            rotation=90,
            fontsize=8,
            color="0.3",
        )
        for i, layer in enumerate(res.layers)
    ]
    ax_T.set_xlabel("distance through the wall x (cm)")
    ax_T.set_ylabel("temperature T (°C)")
    ax_T.set_xlim(0, (xmax if xmax is not None else res.interfaces[-1]) * 100)
    ax_T.legend(loc="upper right", fontsize=8)
    if T_range is not None:
        ax_T.set_ylim(*T_range)
    return PlotHandle(
        fig,
        (ax_T,),
        {"T": line, "points": pts, "patches": patches, "labels": labels},
        animated=[*patches, line, pts, *labels],
        update=_update_wall,
    )


def _update_wall(handle: PlotHandle, res: WallResult) -> None:
    edges = res.interfaces * 100
    for i, (p, t) in enumerate(zip(handle["patches"], handle["labels"], strict=True)):
        p.set_x(edges[i])
        p.set_width(edges[i + 1] - edges[i])
        t.set_x((edges[i] + edges[i + 1]) / 2)
    handle["T"].set_data(res.x * 100, res.T)
    handle["points"].set_data(edges, res.T_interfaces_exact)


def plot_profiles(
    results: Sequence[Any],
    labels: Sequence[str],
    *,
    xscale: float = 1e6,
    xunit: str = "µm",
    ylabel: str = "concentration c (mM)",
    ax: AxLike = None,
) -> PlotHandle:
    """Steady profiles c(x) of several results (anything with ``x`` and ``c``).

    ``xscale`` converts metres to the unit ``xunit`` of the distance axis. A static figure:
    ``handle.update(results, labels)`` draws it again.
    """
    fig, (ax_c,) = axes_for(ax, figsize=(6.0, 3.0))
    lines = []
    for i, (r, lab) in enumerate(zip(results, labels, strict=True)):
        (ln,) = ax_c.plot(r.x * xscale, r.c, "o-", ms=3, color=color(i), label=lab)
        lines.append(ln)
    ax_c.set_xlabel(f"position x ({xunit})")
    ax_c.set_ylabel(ylabel)
    ax_c.legend(loc="best", fontsize=8)
    return PlotHandle(fig, (ax_c,), {"lines": lines}, animated=lines, replot=plot_profiles)
