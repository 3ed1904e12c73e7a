"""Figures for section 2.7: oxide thickness against time, linear then parabolic."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fluxlib.models.oxidation import DealGrove, GrowthFVResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color

T_RANGE = (1e-2, 100.0)  # h
X_RANGE = (1e-3, 10.0)  # µm


def _growth_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out one log-log axes in ``fig``: oxide thickness against t + τ."""
    ax = fig.add_subplot(1, 1, 1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*T_RANGE)
    ax.set_ylim(*X_RANGE)
    ax.set_xlabel("oxidation time t + τ (h)")
    ax.set_ylabel("oxide thickness x (µm)")
    return (ax,)


def _curves(dg: DealGrove, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Deal–Grove x, the linear and the parabolic asymptote (µm) at s = t + τ (h)."""
    t = np.clip(s - dg.tau, 0.0, None)
    x = np.where(s >= dg.tau, dg.thickness(t), np.nan)
    return x, dg.linear_rate * s, np.sqrt(dg.B * s)


def plot_growth(
    dg: DealGrove, *, fv: GrowthFVResult | None = None, label: str | None = None, ax: AxLike = None
) -> PlotHandle:
    """Deal–Grove x(t) with its two asymptotes and the crossover; optional FV markers.

    ``dg`` holds the constants; ``fv`` (from :func:`~fluxlib.models.oxidation.growth_fv`)
    adds the thickness integrated from finite-volume fluxes as circles; ``label`` names the
    curve in the legend. ``handle.update(dg)`` moves the curve, the asymptotes and the
    crossover to other constants.
    """
    fig, (ax0,) = axes_for(ax, layout=_growth_axes, figsize=(7.0, 3.8))
    s = np.geomspace(*T_RANGE, 200)  # s = t + τ
    x, lin_x, par_x = _curves(dg, s)
    (lin,) = ax0.plot(s, lin_x, ":", color=color("orange"), lw=1.5, label="linear, (B/A)(t + τ)")
    (par,) = ax0.plot(s, par_x, ":", color=color("sky"), lw=1.5, label="parabolic, √(B(t + τ))")
    (dgl,) = ax0.plot(
        s, x, color=color("vermillion"), label=label or f"Deal–Grove{', ' + dg.label if dg.label else ''}"
    )
    cross = ax0.axvline(dg.crossover_time, color="0.4", ls="--", lw=1, label="crossover, t + τ = A²/B")
    artists = {"linear": lin, "parabolic": par, "x": dgl, "cross": cross}
    if fv is not None:
        (artists["fv"],) = ax0.plot(
            fv.t + dg.tau,
            fv.x,
            "o",
            ms=4,
            mfc="none",
            color=color("blue"),
            label="finite-volume flux, integrated",
        )
    ax0.legend(loc="lower right", fontsize=8)
    return PlotHandle(fig, (ax0,), artists, animated=[lin, par, dgl, cross], update=_update_growth)


def _update_growth(handle: PlotHandle, dg: DealGrove) -> None:
    """Move the curve, the asymptotes and the crossover to the constants ``dg``."""
    x, lin_x, par_x = _curves(dg, np.geomspace(*T_RANGE, 200))
    handle["x"].set_ydata(x)
    handle["linear"].set_ydata(lin_x)
    handle["parabolic"].set_ydata(par_x)
    handle["cross"].set_xdata([dg.crossover_time] * 2)
