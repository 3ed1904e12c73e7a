"""Figures for the plasma column (sections 3.5–3.7)."""

from __future__ import annotations

import numpy as np

from fluxlib.plotting.base import color, new_figure


def _fresh(figsize, ncols):
    fig, axes = new_figure(1, ncols, figsize=figsize)
    return fig, np.atleast_1d(axes)


# ---------------------------------------------------------------------------- 3.5
def profile_axes(fig):
    """Temperature, current density and safety factor against radius."""
    axs = fig.subplots(1, 3)
    axs[0].set_ylabel("electron temperature T (keV)")
    axs[1].set_ylabel("current density J (MA/m²)")
    axs[2].set_ylabel("safety factor q")
    for ax in axs:
        ax.set_xlabel("radius r (m)")
    return axs


def plot_profile(prof, *, axes=None, label: str = "", style: str = "-", colour: str = "blue") -> dict:
    """Draw T(r), J(r), q(r) of a :class:`~fluxlib.models.plasma.CurrentProfile`; return the artists."""
    if axes is None:
        fig, _ = new_figure(figsize=(9.5, 3.2))
        for a in list(fig.axes):
            fig.delaxes(a)
        axes = profile_axes(fig)
    ax_T, ax_J, ax_q = axes
    c = color(colour)
    T = prof.T if prof.T is not None else np.full_like(prof.r, np.nan)
    (lT,) = ax_T.plot(prof.r, T / 1e3, style, color=c, label=label or None)
    (lJ,) = ax_J.plot(prof.r, prof.J / 1e6, style, color=c)
    (lq,) = ax_q.plot(prof.r, prof.q, style, color=c)
    return {"axes": axes, "T": lT, "J": lJ, "q": lq}


def mark_q_surfaces(ax_q, a: float, values=(1.0, 2.0)) -> dict:
    """Dotted lines at the rational q values and (empty) markers for their radii."""
    out = {}
    for m, name in zip(values, ("orange", "vermillion", "purple"), strict=False):
        ax_q.axhline(m, color="0.55", lw=0.8, ls=":")
        (pt,) = ax_q.plot([], [], "o", color=color(name), ms=7, label=f"q = {m:g} surface")
        (vl,) = ax_q.plot([], [], "--", color=color(name), lw=1)
        out[m] = (pt, vl)
    ax_q.set_xlim(0, a)
    return out


def set_q_marker(markers, m: float, radius, ymin: float = 0.0) -> None:
    pt, vl = markers[m]
    if radius is None:
        pt.set_data([], [])
        vl.set_data([], [])
    else:
        pt.set_data([radius], [m])
        vl.set_data([radius, radius], [ymin, m])


def plot_diffusion(res, prof_final=None, *, ax=None, every: int = 1):
    """Current density J(r, t) at the output times, lighter to darker; the steady target dashed."""
    if ax is None:
        fig, ax = new_figure(figsize=(6.0, 3.4))
    ts = res.t[::every]
    shades = np.linspace(0.25, 1.0, ts.size)
    lines = []
    for k, s in zip(range(0, res.t.size, every), shades, strict=False):
        (ln,) = ax.plot(
            res.r, res.J[k] / 1e6, color=color("blue"), alpha=float(s), label=f"t = {res.t[k]:.3g} s"
        )
        lines.append(ln)
    if prof_final is not None:
        ax.plot(prof_final.r, prof_final.J / 1e6, "--", color=color("vermillion"), label="steady J ∝ T^{3/2}")
    ax.set_xlabel("radius r (m)")
    ax.set_ylabel("current density J (MA/m²)")
    ax.legend(loc="upper right", fontsize=8)
    return lines


# ---------------------------------------------------------------------------- 3.6
def heating_axes(fig):
    ax_T, ax_J, ax_b = fig.subplots(1, 3, width_ratios=[1.2, 1.2, 1.0])
    ax_T.set_xlabel("radius r (m)")
    ax_T.set_ylabel("electron temperature T (keV)")
    ax_J.set_xlabel("radius r (m)")
    ax_J.set_ylabel("J (MA/m²) and ηJ² (MW/m³)")
    ax_b.set_ylabel("power (MW)")
    return ax_T, ax_J, ax_b


def plot_heating(sc, *, axes=None) -> dict:
    """T(r), J(r), ohmic heating density and the power budget of a self-consistent column."""
    if axes is None:
        fig, _ = new_figure(figsize=(9.5, 3.2))
        for a in list(fig.axes):
            fig.delaxes(a)
        axes = heating_axes(fig)
    ax_T, ax_J, ax_b = axes
    (lT,) = ax_T.plot(sc.r, sc.T / 1e3, color=color("vermillion"))
    (lJ,) = ax_J.plot(sc.r, sc.J / 1e6, color=color("blue"), label="current density J")
    (lp,) = ax_J.plot(sc.r, sc.p_ohm / 1e6, color=color("orange"), label="ohmic heating ηJ²")
    ax_J.legend(loc="upper right", fontsize=8)
    bars = ax_b.bar(
        ["ohmic\nheating", "conducted\nout at r = a"],
        [sc.P_ohm / 1e6, sc.P_edge / 1e6],
        color=[color("orange"), color("sky")],
    )
    ax_b.tick_params(axis="x", labelsize=8)
    return {"axes": axes, "T": lT, "J": lJ, "p": lp, "bars": bars, "animated": [lT, lJ, lp, *bars]}


def update_heating(artists, sc) -> None:
    artists["T"].set_data(sc.r, sc.T / 1e3)
    artists["J"].set_data(sc.r, sc.J / 1e6)
    artists["p"].set_data(sc.r, sc.p_ohm / 1e6)
    for bar, v in zip(artists["bars"], (sc.P_ohm / 1e6, sc.P_edge / 1e6), strict=True):
        bar.set_height(v)


def plot_braking(br, *, ax=None):
    """Across-B and along-B speeds against t/τ, computed (lines) and exact (dots)."""
    if ax is None:
        fig, ax = new_figure(figsize=(6.0, 3.2))
    s = br.t / br.tau
    vperp = np.hypot(br.v[:, 0], br.v[:, 1])
    ax.plot(s, vperp, color=color("vermillion"), label="across B (computed)")
    ax.plot(s, br.v[:, 2], color=color("blue"), label="along B (computed)")
    ex = np.hypot(br.exact[:, 0], br.exact[:, 1])
    k = slice(None, None, max(1, s.size // 12))
    ax.plot(s[k], ex[k], "o", color=color("black"), ms=4, label="exact e^{-t/τ}")
    ax.set_xlabel("time t / τ,  τ = ρ/(σB²)")
    ax.set_ylabel("speed (m/s)")
    ax.legend(loc="right")
    return ax


# ---------------------------------------------------------------------------- 3.7
def plot_stability_map(q_map, currents, fields, *, ax=None, point=None):
    """Regions over plasma current and axial field: q(a) > 2 (stable), 1 < q(a) < 2 (tokamaks
    disrupt: the m = 2 mode) and q(a) < 1 (the m = 1 kink); contours at q(a) = 1, 2, 3."""
    from matplotlib.colors import ListedColormap

    if ax is None:
        fig, ax = new_figure(figsize=(6.0, 3.6))
    region = (q_map < 1).astype(float) + (q_map < 2).astype(float)
    cmap = ListedColormap(["#d9efe6", "#fbe5c4", "#f6c9b0"])
    ax.pcolormesh(currents / 1e6, fields, region, cmap=cmap, vmin=0, vmax=2, shading="auto")
    cs = ax.contour(currents / 1e6, fields, q_map, levels=[1, 2, 3], colors=["k", "0.35", "0.6"])
    ax.clabel(cs, fmt=lambda v: f"q(a) = {v:g}", fontsize=8)
    ax.set_xlabel("plasma current I (MA)")
    ax.set_ylabel("axial field B_z (T)")
    ax.text(0.03, 0.93, "stable, q(a) > 2", transform=ax.transAxes, fontsize=9, va="top")
    ax.text(0.97, 0.06, "m = 1 kink-unstable, q(a) < 1", transform=ax.transAxes, fontsize=9, ha="right")
    # label the band 1 < q(a) < 2 on its middle line q(a) = 1.5, at the middle field
    j = len(fields) // 2
    row = np.asarray(q_map)[j]
    if row.min() < 1.5 < row.max():
        I15 = float(np.interp(1.5, row[::-1], np.asarray(currents)[::-1]))
        ax.text(
            I15 / 1e6,
            float(fields[j]),
            "tokamaks disrupt,\n1 < q(a) < 2",
            fontsize=8,
            ha="center",
            va="center",
        )
    if point is not None:
        ax.plot([point[0] / 1e6], [point[1]], "*", color=color("blue"), ms=12)
    return ax


def kink_axes(fig):
    ax_side, ax_cut = fig.subplots(1, 2, width_ratios=[2.2, 1.0])
    ax_side.set_xlabel("distance along the column z (m)")
    ax_side.set_ylabel("x (m)")
    ax_cut.set_xlabel("x (m)")
    ax_cut.set_ylabel("y (m)")
    ax_cut.set_aspect("equal")
    return ax_side, ax_cut
