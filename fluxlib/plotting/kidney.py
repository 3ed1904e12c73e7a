"""Figures for section 3.3: flows inside the kidney."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fluxlib.models.kidney import KidneyResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color


def plot_kidney(state: KidneyResult, *, rest: KidneyResult | None = None, ax: AxLike = None) -> PlotHandle:
    """Bars of cortical, medullary and total renal flow (mL min⁻¹), each value above its bar.

    ``rest`` (another state) is drawn as outlined bars behind. ``handle.update(state)`` moves
    the bars and labels to another state.
    """
    fig, (ax,) = axes_for(ax, figsize=(6.0, 3.2))
    x = np.arange(3)
    vals = _kidney_vals(state)
    if rest is not None:
        ax.bar(x, _kidney_vals(rest), width=0.8, fill=False, edgecolor="0.4", lw=1.0, label="no hormone")
    bars = ax.bar(x, vals, width=0.55, color=[color("orange"), color("purple"), color("green")], label="now")
    ax.set_xticks(x, ["cortex", "medulla", "whole kidney"])
    ax.set_ylabel("blood flow (mL/min)")
    ax.legend(loc="upper left")
    ax.set_ylim(0, 1.2 * max(vals.max(), _kidney_vals(rest).max() if rest is not None else 0))
    labels = [
        ax.text(float(xi), v, f"{v:.0f}", ha="center", va="bottom", fontsize=8)
        for xi, v in zip(x, vals, strict=True)
    ]
    return PlotHandle(
        fig, (ax,), {"bars": bars, "labels": labels}, animated=[*bars, *labels], update=_update_kidney
    )


def _kidney_vals(state: KidneyResult) -> np.ndarray:
    return 1e3 * np.array([state.cortex, state.medulla, state.total])


def _update_kidney(handle: PlotHandle, state: KidneyResult) -> None:
    for bar, lab, v in zip(handle["bars"], handle["labels"], _kidney_vals(state), strict=True):
        bar.set_height(v)
        lab.set_position((lab.get_position()[0], v))
        lab.set_text(f"{v:.0f}")


def _two_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out two axes side by side in ``fig``."""
    return tuple(fig.subplots(1, 2))


def plot_kidney_sweep(
    constrictions: Sequence[float],
    with_auto: Sequence[KidneyResult],
    without_auto: Sequence[KidneyResult],
    *,
    ax: AxLike = None,
) -> PlotHandle:
    """Medullary share and total renal flow against the hormone's constriction factor.

    ``with_auto`` and ``without_auto``: the states at each of ``constrictions``, with and
    without autoregulation. A static figure: ``handle.update`` replots.
    """
    fig, (a1, a2) = axes_for(ax, layout=_two_axes, figsize=(9.0, 3.2))
    c = np.asarray(constrictions)
    for states, style, label in (
        (with_auto, "-", "autoregulated"),
        (without_auto, "--", "no autoregulation"),
    ):
        a1.plot(c, [100 * s.medulla_share for s in states], style, color=color("purple"), label=label)
        a2.plot(c, [1e3 * s.total for s in states], style, color=color("green"), label=label)
    a1.set_xlabel("medullary constriction factor")
    a1.set_ylabel("medulla's share of renal flow (%)")
    a1.legend()
    a2.set_xlabel("medullary constriction factor")
    a2.set_ylabel("total renal flow (mL/min)")
    a2.legend()
    return PlotHandle(fig, (a1, a2), replot=plot_kidney_sweep)


def plot_renal_autoregulation(
    pressures: Sequence[float],
    with_auto: Sequence[KidneyResult],
    without_auto: Sequence[KidneyResult],
    *,
    measured: tuple[float, float] | None = None,
    ax: AxLike = None,
) -> PlotHandle:
    """Total renal flow (mL min⁻¹) against renal arterial pressure (mmHg).

    With (``with_auto``) and without (``without_auto``) autoregulation, one state per
    pressure; ``measured`` (low, high) shades the measured range of autoregulation. A static
    figure: ``handle.update`` replots.
    """
    fig, (ax,) = axes_for(ax, figsize=(7.0, 3.2))
    p = np.asarray(pressures)
    if measured is not None:
        ax.axvspan(*measured, color="0.9", label="measured range of autoregulation")
    ax.plot(p, [1e3 * s.total for s in with_auto], color=color("green"), label="model, autoregulated")
    ax.plot(p, [1e3 * s.total for s in without_auto], "--", color=color("green"), label="model, passive")
    ax.set_xlabel("renal arterial pressure (mmHg)")
    ax.set_ylabel("renal blood flow (mL/min)")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left")
    return PlotHandle(fig, (ax,), replot=plot_renal_autoregulation)
