"""Figures for section 3.4: habitat patches, sources, sinks and corridors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.models.metapopulation import EquilibriumResult, TrajectoryResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color


def plot_patches(
    eq: EquilibriumResult,
    *,
    r: Sequence[float],
    isolated: ArrayLike | None = None,
    ymax: float | None = None,
    ax: AxLike = None,
) -> PlotHandle:
    """Steady population of each patch, with each patch's net immigration above its bar.

    Bars are green for sources (r > 0) and vermillion for sinks, ``r`` being the patches'
    growth rates (yr⁻¹); ``isolated`` (individuals), the isolated patches' equilibria, is
    outlined behind; the net immigration is in individuals yr⁻¹. ``ymax`` (individuals) fixes
    the axis. ``handle.update(eq)`` moves the bars and labels to another steady state.
    """
    from matplotlib.patches import Patch

    fig, (ax,) = axes_for(ax, figsize=(7.0, 3.4))
    x = np.arange(len(eq.names))
    if isolated is not None:
        ax.bar(x, isolated, width=0.8, fill=False, edgecolor="0.4", lw=1.0)
    cols = [color("green") if rj > 0 else color("vermillion") for rj in r]
    bars = ax.bar(x, eq.N, width=0.55, color=cols)
    ax.set_xticks(x, [n.replace(" ", "\n") for n in eq.names])
    ax.set_ylabel("steady population N* (individuals)")
    handles = [
        Patch(facecolor=color("green"), label="source (r > 0)"),
        Patch(facecolor=color("vermillion"), label="sink (r < 0)"),
    ]
    if isolated is not None:
        handles.append(Patch(fill=False, edgecolor="0.4", label="if isolated"))
    ax.legend(handles=handles, loc="upper right")
    if ymax is not None:
        ax.set_ylim(0, ymax)
    labels = [ax.text(float(xi), 0, "", ha="center", va="bottom", fontsize=8) for xi in x]
    _set_patch_bars(bars, labels, eq)
    return PlotHandle(
        fig, (ax,), {"bars": bars, "labels": labels}, animated=[*bars, *labels], update=_update_patches
    )


def _set_patch_bars(bars: Sequence[Any], labels: Sequence[Any], eq: EquilibriumResult) -> None:
    for bar, lab, n, f in zip(bars, labels, eq.N, eq.immigration, strict=True):
        bar.set_height(n)
        lab.set_position((lab.get_position()[0], n))
        lab.set_text(f"F = {f:+.0f}/yr")


def _update_patches(handle: PlotHandle, eq: EquilibriumResult) -> None:
    _set_patch_bars(handle["bars"], handle["labels"], eq)


def plot_trajectory(
    traj: TrajectoryResult, *, steady: EquilibriumResult | None = None, ax: AxLike = None
) -> PlotHandle:
    """Population of each patch over time (years); ``steady`` as dotted lines.

    A static figure: ``handle.update`` replots.
    """
    fig, (ax,) = axes_for(ax, figsize=(7.0, 3.4))
    lines = []
    for j, name in enumerate(traj.names):
        (ln,) = ax.plot(traj.t, traj.N[:, j], color=color(j), label=name)
        lines.append(ln)
        if steady is not None:
            ax.axhline(steady.N[j], color=color(j), ls=":", lw=1)
    ax.set_xlabel("time t (years)")
    ax.set_ylabel("population N (individuals)")
    ax.legend(loc="upper right", ncols=2)
    return PlotHandle(fig, (ax,), {"lines": lines}, replot=plot_trajectory)
