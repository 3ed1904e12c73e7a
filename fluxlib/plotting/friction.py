"""Figures for the flux of properties (section 1.4): velocity profiles, their u³ weighting and α.

Profiles are drawn as u/U (U the mean velocity) against s = r/R in a round pipe. Every number
(the mean, α = ⟨(u/U)³⟩ and β = ⟨(u/U)²⟩, area averages) comes from the core module
:mod:`fluxlib.profiles`; this module only draws.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from fluxlib import profiles as fp
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color

#: The range of flow indices n the figure's α(n) curve and the panel's slider span.
N_RANGE = (0.1, 3.0)


def relative_velocity(profile: fp.Profile, s: ArrayLike) -> np.ndarray:
    """u/U at s = r/R for a core profile (U its area-averaged velocity, from the core)."""
    return np.asarray(profile.u(s), dtype=float) / fp.mean_velocity(profile)


def _profile_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out three axes in ``fig``: u/U across the pipe, its u³ weighting, and α(n)."""
    gs = fig.add_gridspec(1, 3, width_ratios=[1.0, 1.0, 1.1])
    ax_u = fig.add_subplot(gs[0])
    ax_w = fig.add_subplot(gs[1], sharex=ax_u)
    ax_a = fig.add_subplot(gs[2])
    ax_u.set_xlabel("radius r/R")
    ax_u.set_ylabel("velocity u/U")
    ax_w.set_xlabel("radius r/R")
    ax_w.set_ylabel("KE-flux density (u/U)³·2r/R")
    ax_a.set_xlabel("flow index n")
    ax_a.set_ylabel("kinetic-energy factor α")
    ax_a.set_xscale("log")
    return ax_u, ax_w, ax_a


def plot_profiles(index: float, *, ax: AxLike = None) -> PlotHandle:
    """Plug, Poiseuille and power-law (flow index n) pipe profiles, their u³ weighting and α(n).

    ``index`` is the flow index n of the power-law fluid (dimensionless; ``n`` is kept for
    cell counts). ``handle.update(index)`` moves the power-law curves and the dot on α(n) to
    another index.
    """
    fig, (ax_u, ax_w, ax_a) = axes_for(ax, layout=_profile_axes, figsize=(10.0, 3.3))
    s = np.linspace(0.0, 1.0, 201)
    pois = relative_velocity(fp.poiseuille_pipe(), s)
    prof = fp.power_law_pipe(index)
    u = relative_velocity(prof, s)
    ax_u.plot(s, np.ones_like(s), color=color("black"), lw=1, ls=":", label="plug")
    ax_u.plot(s, pois, color=color("blue"), lw=1, ls="--", label="Poiseuille")
    (u_line,) = ax_u.plot(s, u, color=color("vermillion"), label="power law")
    ax_u.set_ylim(0, 3.2)
    ax_u.legend(loc="upper right")
    ax_w.plot(s, 2 * s, color=color("black"), lw=1, ls=":")
    ax_w.plot(s, pois**3 * 2 * s, color=color("blue"), lw=1, ls="--")
    (w_line,) = ax_w.plot(s, u**3 * 2 * s, color=color("vermillion"))
    ax_w.set_ylim(0, 6.0)
    ns = np.geomspace(*N_RANGE, 41)
    alphas = [fp.kinetic_energy_factor(fp.power_law_pipe(v)) for v in ns]
    ax_a.plot(ns, alphas, color=color("vermillion"))
    ax_a.axhline(1.0, color=color("black"), lw=1, ls=":")
    ax_a.axhline(2.0, color=color("blue"), lw=1, ls="--")
    alpha = fp.kinetic_energy_factor(prof)
    (dot,) = ax_a.plot([index], [alpha], "o", color=color("vermillion"))
    return PlotHandle(
        fig,
        (ax_u, ax_w, ax_a),
        {"u": u_line, "w": w_line, "dot": dot},
        animated=[u_line, w_line, dot],
        update=_update_profiles,
    )


def _update_profiles(handle: PlotHandle, index: float) -> None:
    """Move the power-law curves and the dot on α(n) to the flow index ``index``."""
    s = handle["u"].get_xdata()
    prof = fp.power_law_pipe(index)
    u = relative_velocity(prof, s)
    alpha = fp.kinetic_energy_factor(prof)
    handle["u"].set_ydata(u)
    handle["w"].set_ydata(u**3 * 2 * s)
    handle["dot"].set_data([index], [alpha])


def profiles_alt(index: float) -> str:
    """Alt text for :func:`plot_profiles` at flow index ``index``, every number computed from the core."""
    prof = fp.power_law_pipe(index)
    peak = float(relative_velocity(prof, 0.0))
    pois_peak = float(relative_velocity(fp.poiseuille_pipe(), 0.0))
    lo, hi = N_RANGE
    a_lo = fp.kinetic_energy_factor(fp.power_law_pipe(lo))
    a_hi = fp.kinetic_energy_factor(fp.power_law_pipe(hi))
    a_pois = fp.kinetic_energy_factor(fp.poiseuille_pipe())
    kind = "shear-thinning" if index < 1 else "shear-thickening" if index > 1 else "Newtonian"
    return (
        f"Left: velocity across a pipe for a plug (flat at 1), Poiseuille flow (a parabola "
        f"peaking at {pois_peak:.3g}) and a {kind} fluid with n = {index:g} (peaking at "
        f"{peak:.2f}). Middle: the area-weighted kinetic-energy flux density of each. Right: "
        f"the factor alpha against n, rising from {a_lo:.2f} at n = {lo:g} through "
        f"{a_pois:.3g} at n = 1 to {a_hi:.2f} at n = {hi:g}."
    )
