"""Figures for the flux of properties (section 1.4): velocity profiles, their u³ weighting and α.

Profiles are given as u/U (U the mean velocity) against s = r/R (pipe) or y/h (channel). The
factors α = ⟨(u/U)³⟩ and β = ⟨(u/U)²⟩ (area averages) are computed here by quadrature.
Note: ``fluxlib.profiles`` (the core module for profiles) was not available when this section was
written, so :func:`profile_factors` does the quadrature with scipy directly.
"""

from __future__ import annotations

import numpy as np

from fluxlib.errors import FluxInputError, check_positive
from fluxlib.plotting.base import color, new_figure


def power_law_shape(n: float):
    """u/U(s) in a pipe for a power-law fluid of index n (dimensionless): ((3n+1)/(n+1))(1 - s^((n+1)/n))."""
    n = float(
        check_positive("flow index n", n, what="n < 1 shear-thinning, n = 1 Newtonian, n > 1 thickening")
    )
    m = (n + 1) / n
    return lambda s: (m + 2) / m * (1 - np.asarray(s, dtype=float) ** m)


def seventh_power_shape(s):
    """u/U for the turbulent pipe fit u ∝ (1 - r/R)^(1/7): u/U = (1 - s)^(1/7) · 60/49."""
    return 60.0 / 49.0 * (1 - np.asarray(s, dtype=float)) ** (1 / 7)


_GL_X, _GL_W = np.polynomial.legendre.leggauss(96)
_GL_S = 0.5 * (_GL_X + 1.0)


def pipe_factors_fast(shape) -> tuple[float, float, float]:
    """(mean, α, β) of a smooth pipe profile by 96-point Gauss–Legendre quadrature (vectorised, for panels)."""
    u = np.asarray(shape(_GL_S), dtype=float)
    w = _GL_W * _GL_S  # 2s ds on [0, 1] = s dx on [-1, 1]
    mean = float(w @ u)
    if not mean > 0:
        raise FluxInputError(
            f"the profile's mean velocity is {mean:g}: there is no forward flow to compare with"
        )
    v = u / mean
    return mean, float(w @ v**3), float(w @ v**2)


def profile_axes(fig):
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


N_RANGE = (0.1, 3.0)


def plot_profiles(n: float = 1.0, *, axes=None) -> dict:
    """Plug, Poiseuille and power-law (index n) pipe profiles, their u³ weighting and α(n)."""
    if axes is None:
        fig, _ = new_figure(figsize=(10.0, 3.3))
        for a in list(fig.axes):
            fig.delaxes(a)
        axes = profile_axes(fig)
    ax_u, ax_w, ax_a = axes
    s = np.linspace(0.0, 1.0, 201)
    pois = power_law_shape(1.0)
    ax_u.plot(s, np.ones_like(s), color=color("black"), lw=1, ls=":", label="plug")
    ax_u.plot(s, pois(s), color=color("blue"), lw=1, ls="--", label="Poiseuille")
    (u_line,) = ax_u.plot(s, power_law_shape(n)(s), color=color("vermillion"), label="power law")
    ax_u.set_ylim(0, 3.2)
    ax_u.legend(loc="upper right")
    ax_w.plot(s, 2 * s, color=color("black"), lw=1, ls=":")
    ax_w.plot(s, pois(s) ** 3 * 2 * s, color=color("blue"), lw=1, ls="--")
    (w_line,) = ax_w.plot(s, power_law_shape(n)(s) ** 3 * 2 * s, color=color("vermillion"))
    ax_w.set_ylim(0, 6.0)
    ns = np.geomspace(*N_RANGE, 41)
    ax_a.plot(ns, [pipe_factors_fast(power_law_shape(v))[1] for v in ns], color=color("vermillion"))
    ax_a.axhline(1.0, color=color("black"), lw=1, ls=":")
    ax_a.axhline(2.0, color=color("blue"), lw=1, ls="--")
    (dot,) = ax_a.plot([n], [pipe_factors_fast(power_law_shape(n))[1]], "o", color=color("vermillion"))
    return {"axes": axes, "u": u_line, "w": w_line, "dot": dot, "s": s, "animated": [u_line, w_line, dot]}


def update_profiles(artists: dict, n: float) -> float:
    """Move the power-law curves to index ``n``; return its α."""
    s = artists["s"]
    u = power_law_shape(n)(s)
    alpha = pipe_factors_fast(power_law_shape(n))[1]
    artists["u"].set_ydata(u)
    artists["w"].set_ydata(u**3 * 2 * s)
    artists["dot"].set_data([n], [alpha])
    return alpha
