"""Figures for section 3.4: habitat patches, sources, sinks and corridors."""

from __future__ import annotations

import numpy as np

from fluxlib.plotting.base import color, new_figure


def _axes(ax, ncols=1, figsize=(7.0, 3.2)):
    if ax is not None:
        return ax
    _, axes = new_figure(1, ncols, figsize=figsize)
    return axes


def plot_patches(eq, *, r, ax=None, isolated=None, ymax: float | None = None) -> dict:
    """Steady population of each patch (bars: green for sources, r > 0; vermillion for sinks)
    with the isolated patch's equilibrium outlined, and each patch's net immigration printed
    above its bar (individuals yr⁻¹). ``r``: the patches' growth rates (yr⁻¹)."""
    from matplotlib.patches import Patch

    ax = _axes(ax)
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
    labels = [ax.text(xi, 0, "", ha="center", va="bottom", fontsize=8) for xi in x]
    _set_patch_bars(bars, labels, eq)
    return {"ax": ax, "bars": bars, "labels": labels, "animated": [*bars, *labels]}


def _set_patch_bars(bars, labels, eq):
    for bar, lab, n, f in zip(bars, labels, eq.N, eq.immigration, strict=True):
        bar.set_height(n)
        lab.set_position((lab.get_position()[0], n))
        lab.set_text(f"F = {f:+.0f}/yr")


def update_patches(artists: dict, eq) -> None:
    _set_patch_bars(artists["bars"], artists["labels"], eq)


def plot_trajectory(traj, *, ax=None, steady=None) -> dict:
    """Population of each patch over time (years); ``steady`` (an Equilibrium) as dotted lines."""
    ax = _axes(ax)
    lines = []
    for j, name in enumerate(traj.names):
        (ln,) = ax.plot(traj.t, traj.N[:, j], color=color(j), label=name)
        lines.append(ln)
        if steady is not None:
            ax.axhline(steady.N[j], color=color(j), ls=":", lw=1)
    ax.set_xlabel("time t (years)")
    ax.set_ylabel("population N (individuals)")
    ax.legend(loc="upper right", ncols=2)
    return {"ax": ax, "lines": lines, "animated": lines}
