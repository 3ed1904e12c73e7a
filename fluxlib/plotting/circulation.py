"""Figures for section 3.2: organ flows in the dive."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from fluxlib.models.circulation import DiveResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color


def plot_beds(
    state: DiveResult, *, rest: DiveResult | None = None, ymax: float | None = None, ax: AxLike = None
) -> PlotHandle:
    """Bar chart of organ flows (L min⁻¹) in a dive state, each bed's share of output above its bar.

    ``rest`` (another state) is drawn as outlined bars behind. Autoregulated beds that could
    not meet their demand are hatched. ``ymax`` (L min⁻¹) fixes the flow axis.
    ``handle.update(state)`` moves the bars and labels to another state.
    """
    fig, (ax,) = axes_for(ax, figsize=(7.0, 3.4))
    names = state.beds.names
    x = np.arange(len(names))
    if rest is not None:
        ax.bar(x, rest.beds.flow, width=0.8, fill=False, edgecolor="0.4", lw=1.0, label="at rest")
    bars = ax.bar(x, state.beds.flow, width=0.55, color=color("blue"), label="in the dive")
    ax.set_xticks(x, names)
    ax.set_ylabel("blood flow (L/min)")
    ax.legend(loc="upper left")
    if ymax is not None:
        ax.set_ylim(0, ymax)
    labels = [ax.text(float(xi), 0, "", ha="center", va="bottom", fontsize=8) for xi in x]
    _set_bed_bars(bars, labels, state)
    return PlotHandle(
        fig, (ax,), {"bars": bars, "labels": labels}, animated=[*bars, *labels], update=_update_beds
    )


def _set_bed_bars(bars: Sequence[Any], labels: Sequence[Any], state: DiveResult) -> None:
    for bar, lab, q, s, lim in zip(
        bars, labels, state.beds.flow, state.beds.share, state.beds.limited, strict=True
    ):
        bar.set_height(q)
        bar.set_hatch("//" if lim else "")
        bar.set_facecolor(color("vermillion") if lim else color("blue"))
        lab.set_position((lab.get_position()[0], q))
        lab.set_text(f"{100 * s:.0f}%")


def _update_beds(handle: PlotHandle, state: DiveResult) -> None:
    _set_bed_bars(handle["bars"], handle["labels"], state)
