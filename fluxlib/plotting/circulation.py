"""Figures for section 3.2: organ flows in the dive."""

from __future__ import annotations

import numpy as np

from fluxlib.plotting.base import color, new_figure


def _axes(ax, ncols=1, figsize=(7.0, 3.2)):
    if ax is not None:
        return ax
    _, axes = new_figure(1, ncols, figsize=figsize)
    return axes


def plot_beds(state, *, rest=None, ax=None, ymax: float | None = None) -> dict:
    """Bar chart of organ flows (L min⁻¹) in a dive state; ``rest`` (another state) drawn as
    outlined bars behind. Autoregulated beds that could not meet their demand are hatched."""
    ax = _axes(ax)
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
    labels = [ax.text(xi, 0, "", ha="center", va="bottom", fontsize=8) for xi in x]
    _set_bed_bars(bars, labels, state)
    return {"ax": ax, "bars": bars, "labels": labels, "animated": [*bars, *labels]}


def _set_bed_bars(bars, labels, state):
    for bar, lab, q, s, lim in zip(
        bars, labels, state.beds.flow, state.beds.share, state.beds.limited, strict=True
    ):
        bar.set_height(q)
        bar.set_hatch("//" if lim else "")
        bar.set_facecolor(color("vermillion") if lim else color("blue"))
        lab.set_position((lab.get_position()[0], q))
        lab.set_text(f"{100 * s:.0f}%")


def update_beds(artists: dict, state) -> None:
    _set_bed_bars(artists["bars"], artists["labels"], state)
