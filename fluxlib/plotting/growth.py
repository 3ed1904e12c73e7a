"""Figures for section 2.7: oxide thickness against time, linear then parabolic."""

from __future__ import annotations

import numpy as np

from fluxlib.plotting.base import color, new_figure

T_RANGE = (1e-2, 100.0)  # h
X_RANGE = (1e-3, 10.0)  # µm


def growth_axes(fig):
    ax = fig.add_subplot(1, 1, 1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*T_RANGE)
    ax.set_ylim(*X_RANGE)
    ax.set_xlabel("oxidation time t + τ (h)")
    ax.set_ylabel("oxide thickness x (µm)")
    return ax


def plot_growth(dg, *, ax=None, fv=None, label: str | None = None) -> dict:
    """Deal–Grove x(t) with its two asymptotes and the crossover; optional FV markers."""
    if ax is None:
        fig, _ = new_figure(figsize=(7.0, 3.8))
        for a in list(fig.axes):
            fig.delaxes(a)
        ax = growth_axes(fig)
    s = np.geomspace(*T_RANGE, 200)  # s = t + τ
    t = np.clip(s - dg.tau, 0.0, None)
    x = np.where(s >= dg.tau, dg.thickness(t), np.nan)
    (lin,) = ax.plot(s, dg.linear_rate * s, ":", color=color("orange"), lw=1.5, label="linear, (B/A)(t + τ)")
    (par,) = ax.plot(s, np.sqrt(dg.B * s), ":", color=color("sky"), lw=1.5, label="parabolic, √(B(t + τ))")
    (dgl,) = ax.plot(
        s, x, color=color("vermillion"), label=label or f"Deal–Grove{', ' + dg.label if dg.label else ''}"
    )
    cross = ax.axvline(dg.crossover_time, color="0.4", ls="--", lw=1, label="crossover, t + τ = A²/B")
    if fv is not None:
        ax.plot(
            fv.t + dg.tau,
            fv.x,
            "o",
            ms=4,
            mfc="none",
            color=color("blue"),
            label="finite-volume flux, integrated",
        )
    ax.legend(loc="lower right", fontsize=8)
    return {
        "ax": ax,
        "s": s,
        "linear": lin,
        "parabolic": par,
        "x": dgl,
        "cross": cross,
        "animated": [lin, par, dgl, cross],
    }


def update_growth(artists: dict, dg) -> None:
    s = artists["s"]
    t = np.clip(s - dg.tau, 0.0, None)
    artists["x"].set_ydata(np.where(s >= dg.tau, dg.thickness(t), np.nan))
    artists["linear"].set_ydata(dg.linear_rate * s)
    artists["parabolic"].set_ydata(np.sqrt(dg.B * s))
    artists["cross"].set_xdata([dg.crossover_time] * 2)
