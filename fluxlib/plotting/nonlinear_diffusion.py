"""Figures for section 2.5: a steady profile bent by D(c), with a flux that stays uniform."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FormatStrFormatter

from fluxlib.models.nonlinear_diffusion import SlabResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color


def _slab_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out two axes in ``fig``: the concentration profile, and the two factors of J = -D dc/dx."""
    ax_c = fig.add_subplot(1, 2, 1)
    ax_f = fig.add_subplot(1, 2, 2, sharex=ax_c)
    ax_c.set_xlabel("depth x (µm)")
    ax_c.set_ylabel("concentration c (mol/m³)")
    ax_f.set_xlabel("depth x (µm)")
    ax_f.set_ylabel("relative to the constant-D slab")
    return ax_c, ax_f


def _factors(res: SlabResult, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """D(c)/D0, the gradient -dc/dx over c-drop/L, and their product J/J0, at positions xs (m)."""
    drop = res.c_left - res.c_right
    D_rel = res.law(res.profile(xs)) / res.law.D0
    grad_rel = -res.gradient(xs) * res.length / drop
    J0 = res.law.D0 * drop / res.length
    return D_rel, grad_rel, res.flux / J0


def plot_kirchhoff(
    res: SlabResult,
    *,
    log_factors: bool = True,
    c_range: tuple[float, float] | None = None,
    factor_range: tuple[float, float] | None = None,
    ax: AxLike = None,
) -> PlotHandle:
    """Draw a :class:`~fluxlib.models.nonlinear_diffusion.SlabResult`.

    Left: the straight constant-D line, the exact Kirchhoff profile and the finite-volume
    cells. Right: D(c)/D0, the steepness (-dc/dx)/(Δc/L) and their product, the flux J/J0
    (J0 = D0 Δc/L), on a log axis if ``log_factors`` (a product is then a sum).

    ``c_range`` and ``factor_range`` fix the two vertical axes (a panel keeps them still while
    sliders move). ``handle.update(res)`` moves the curves to another result on the same grid
    and slab.
    """
    fig, (ax_c, ax_f) = axes_for(ax, layout=_slab_axes, figsize=(8.5, 3.3))
    um = 1e6
    xs = np.linspace(0.0, res.length, 121)
    (straight,) = ax_c.plot(
        [0, res.length * um], [res.c_left, res.c_right], ":", color=color("black"), lw=1, label="constant D"
    )
    (exact,) = ax_c.plot(xs * um, res.profile(xs), color=color("vermillion"), label="Kirchhoff, exact")
    (cells,) = ax_c.plot(
        res.x * um, res.c, "o", ms=4, mfc="none", color=color("blue"), label="finite volumes"
    )
    ax_c.legend(loc="upper right")
    D_rel, grad_rel, J_rel = _factors(res, xs)
    (d_line,) = ax_f.plot(xs * um, D_rel, color=color("orange"), label="diffusivity D(c)/D₀")
    (g_line,) = ax_f.plot(xs * um, grad_rel, color=color("sky"), label="steepness −dc/dx ÷ (Δc/L)")
    (j_line,) = ax_f.plot(
        res.faces * um, J_rel, color=color("blue"), lw=2.5, label="flux J/J₀ (finite volumes)"
    )
    ax_f.legend(loc="lower right", fontsize=8)
    if c_range is not None:
        ax_c.set_ylim(*c_range)
    if log_factors:
        ax_f.set_yscale("log")
        # plain numbers (0.5, 2, 3), not "3 × 10⁰", on a log axis spanning a decade or two
        ax_f.yaxis.set_major_formatter(FormatStrFormatter("%g"))
        ax_f.yaxis.set_minor_formatter(FormatStrFormatter("%g"))
    if factor_range is not None:
        ax_f.set_ylim(*factor_range)
    return PlotHandle(
        fig,
        (ax_c, ax_f),
        {"straight": straight, "exact": exact, "cells": cells, "D": d_line, "grad": g_line, "J": j_line},
        animated=[exact, cells, d_line, g_line, j_line],
        update=_update_kirchhoff,
    )


def _update_kirchhoff(handle: PlotHandle, res: SlabResult) -> None:
    """Move the artists to a new result on the same grid and slab."""
    xs = np.linspace(0.0, res.length, 121)
    handle["exact"].set_ydata(res.profile(xs))
    handle["cells"].set_ydata(res.c)
    D_rel, grad_rel, J_rel = _factors(res, xs)
    handle["D"].set_ydata(D_rel)
    handle["grad"].set_ydata(grad_rel)
    handle["J"].set_ydata(J_rel)
