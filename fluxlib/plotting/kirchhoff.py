"""Figures for section 2.5: a steady profile bent by D(c), with a flux that stays uniform."""

from __future__ import annotations

import numpy as np

from fluxlib.plotting.base import color, new_figure


def kirchhoff_axes(fig):
    """Two axes: the concentration profile, and the two factors of J = -D dc/dx."""
    ax_c = fig.add_subplot(1, 2, 1)
    ax_f = fig.add_subplot(1, 2, 2, sharex=ax_c)
    ax_c.set_xlabel("depth x (µm)")
    ax_c.set_ylabel("concentration c (mol/m³)")
    ax_f.set_xlabel("depth x (µm)")
    ax_f.set_ylabel("relative to the constant-D slab")
    return ax_c, ax_f


def _factors(res, xs):
    """D(c)/D0, the gradient -dc/dx over c-drop/L, and their product J/J0, at positions xs (m)."""
    drop = res.c_left - res.c_right
    D_rel = res.law(res.profile(xs)) / res.law.D0
    grad_rel = -res.gradient(xs) * res.length / drop
    J0 = res.law.D0 * drop / res.length
    return D_rel, grad_rel, res.flux / J0


def plot_kirchhoff(res, *, axes=None) -> dict:
    """Draw a :class:`~fluxlib.models.nonlinear_diffusion.SlabResult`; return the artists by name."""
    if axes is None:
        fig, _ = new_figure(figsize=(8.5, 3.3))
        for a in list(fig.axes):
            fig.delaxes(a)
        axes = kirchhoff_axes(fig)
    ax_c, ax_f = axes
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
    return {
        "axes": axes,
        "straight": straight,
        "exact": exact,
        "cells": cells,
        "D": d_line,
        "grad": g_line,
        "J": j_line,
        "xs": xs,
        "animated": [exact, cells, d_line, g_line, j_line],
    }


def update_kirchhoff(artists: dict, res) -> None:
    """Move the artists to a new result on the same grid and slab."""
    xs = artists["xs"]
    artists["exact"].set_ydata(res.profile(xs))
    artists["cells"].set_ydata(res.c)
    D_rel, grad_rel, J_rel = _factors(res, xs)
    artists["D"].set_ydata(D_rel)
    artists["grad"].set_ydata(grad_rel)
    artists["J"].set_ydata(J_rel)
