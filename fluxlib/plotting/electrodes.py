"""Figures for section 2.6: current density after a potential step at three electrode shapes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fluxlib.models.electrodes import PLOT_TIMES, CurrentDensityResult, SphereFVResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color

J_RANGE = (0.05, 500.0)  # A/m²


def _electrode_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out one log-log axes in ``fig``: current density against time since the step."""
    ax = fig.add_subplot(1, 1, 1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*PLOT_TIMES)
    ax.set_ylim(*J_RANGE)
    ax.set_xlabel("time since the potential step t (s)")
    ax.set_ylabel("current density i/area (A/m²)")
    return (ax,)


def plot_electrodes(
    res: CurrentDensityResult, *, fv: SphereFVResult | None = None, ax: AxLike = None
) -> PlotHandle:
    """Current density against time for a plane, a sphere and a microdisk of one radius.

    ``res``: :func:`fluxlib.models.electrodes.current_densities`. ``fv``: an optional
    finite-volume sphere (:func:`fluxlib.models.electrodes.sphere_fv`) drawn as markers.
    ``handle.update(res)`` moves the curves, the steady limits and the settling line to
    another radius (same times).
    """
    fig, (ax_j,) = axes_for(ax, layout=_electrode_axes, figsize=(7.0, 3.8))
    t = res.t
    span = (float(t[0]), float(t[-1]))
    (planar,) = ax_j.plot(t, res.planar, color=color("black"), label="plane (Cottrell)")
    (sphere,) = ax_j.plot(t, res.sphere, color=color("vermillion"), label="sphere")
    (disk,) = ax_j.plot(t, res.disk, color=color("blue"), label="microdisk (Shoup–Szabo)")
    (sphere_ss,) = ax_j.plot(span, [res.sphere_steady] * 2, ":", color=color("vermillion"), lw=1)
    (disk_ss,) = ax_j.plot(span, [res.disk_steady] * 2, ":", color=color("blue"), lw=1, label="steady limits")
    t_ss = ax_j.axvline(res.sphere_settling, color="0.4", ls="--", lw=1, label="sphere within 10 % of steady")
    if fv is not None:
        area = 4 * np.pi * fv.radius**2
        k = np.unique(np.clip(np.searchsorted(fv.t, np.geomspace(*PLOT_TIMES, 16)), 1, fv.t.size - 1))
        ax_j.plot(
            fv.t[k],
            fv.current[k] / area,
            "o",
            ms=4,
            mfc="none",
            color=color("orange"),
            label="sphere, finite volumes",
        )
    ax_j.legend(loc="lower left", fontsize=8)
    artists = {
        "planar": planar,
        "sphere": sphere,
        "disk": disk,
        "sphere_ss": sphere_ss,
        "disk_ss": disk_ss,
        "t_ss": t_ss,
    }
    return PlotHandle(fig, (ax_j,), artists, animated=list(artists.values()), update=_update_electrodes)


def _update_electrodes(handle: PlotHandle, res: CurrentDensityResult) -> None:
    handle["sphere"].set_ydata(res.sphere)
    handle["disk"].set_ydata(res.disk)
    handle["planar"].set_ydata(res.planar)
    handle["sphere_ss"].set_ydata([res.sphere_steady] * 2)
    handle["disk_ss"].set_ydata([res.disk_steady] * 2)
    handle["t_ss"].set_xdata([res.sphere_settling] * 2)
