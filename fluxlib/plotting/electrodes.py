"""Figures for section 2.6: current density after a potential step at three electrode shapes."""

from __future__ import annotations

import numpy as np

from fluxlib.plotting.base import color, new_figure

T_RANGE = (1e-3, 100.0)  # s
J_RANGE = (0.05, 500.0)  # A/m²


def electrode_axes(fig):
    ax = fig.add_subplot(1, 1, 1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(*T_RANGE)
    ax.set_ylim(*J_RANGE)
    ax.set_xlabel("time since the potential step t (s)")
    ax.set_ylabel("current density i/area (A/m²)")
    return ax


def _densities(t, radius, sol):
    from fluxlib.models.electrodes import (
        cottrell_current,
        disk_current,
        disk_steady_current,
        sphere_current,
        sphere_steady_current,
        sphere_time_to_steady,
    )

    disk_area = np.pi * radius**2
    sphere_area = 4 * np.pi * radius**2
    return {
        "planar": cottrell_current(t, 1.0, sol),
        "sphere": sphere_current(t, radius, sol) / sphere_area,
        "disk": disk_current(t, radius, sol) / disk_area,
        "sphere_ss": sphere_steady_current(radius, sol) / sphere_area,
        "disk_ss": disk_steady_current(radius, sol) / disk_area,
        "t_ss": sphere_time_to_steady(radius, sol),
    }


def plot_electrodes(radius: float, sol=None, *, ax=None, fv=None) -> dict:
    """Current density vs time for a plane, a sphere and a microdisk of the given radius (m).

    ``fv``: an optional :class:`~fluxlib.models.electrodes.SphereFV` drawn as markers.
    """
    from fluxlib.models.electrodes import Solution

    sol = sol or Solution()
    if ax is None:
        fig, ax = new_figure(figsize=(7.0, 3.8))
        electrode_axes_ax = ax
        fig.delaxes(electrode_axes_ax)
        ax = electrode_axes(fig)
    t = np.geomspace(*T_RANGE, 200)
    d = _densities(t, radius, sol)
    (planar,) = ax.plot(t, d["planar"], color=color("black"), label="plane (Cottrell)")
    (sphere,) = ax.plot(t, d["sphere"], color=color("vermillion"), label="sphere")
    (disk,) = ax.plot(t, d["disk"], color=color("blue"), label="microdisk (Shoup–Szabo)")
    (sphere_ss,) = ax.plot(T_RANGE, [d["sphere_ss"]] * 2, ":", color=color("vermillion"), lw=1)
    (disk_ss,) = ax.plot(T_RANGE, [d["disk_ss"]] * 2, ":", color=color("blue"), lw=1, label="steady limits")
    t_ss = ax.axvline(d["t_ss"], color="0.4", ls="--", lw=1, label="sphere within 10 % of steady")
    artists = [planar, sphere, disk, sphere_ss, disk_ss, t_ss]
    if fv is not None:
        area = 4 * np.pi * fv.radius**2
        k = np.unique(np.clip(np.searchsorted(fv.t, np.geomspace(*T_RANGE, 16)), 1, fv.t.size - 1))
        ax.plot(
            fv.t[k],
            fv.current[k] / area,
            "o",
            ms=4,
            mfc="none",
            color=color("orange"),
            label="sphere, finite volumes",
        )
    ax.legend(loc="lower left", fontsize=8)
    return {
        "ax": ax,
        "t": t,
        "planar": planar,
        "sphere": sphere,
        "disk": disk,
        "sphere_ss": sphere_ss,
        "disk_ss": disk_ss,
        "t_ss": t_ss,
        "animated": artists,
    }


def update_electrodes(artists: dict, radius: float, sol) -> dict:
    """Move the curves to a new radius (m); returns the densities used."""
    d = _densities(artists["t"], radius, sol)
    artists["sphere"].set_ydata(d["sphere"])
    artists["disk"].set_ydata(d["disk"])
    artists["planar"].set_ydata(d["planar"])
    artists["sphere_ss"].set_ydata([d["sphere_ss"]] * 2)
    artists["disk_ss"].set_ydata([d["disk_ss"]] * 2)
    artists["t_ss"].set_xdata([d["t_ss"]] * 2)
    return d
