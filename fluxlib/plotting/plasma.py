"""Figures for the plasma column (sections 3.5–3.7)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from fluxlib.models.plasma import (
    BrakingResult,
    Column,
    CurrentProfileResult,
    DiffusionResult,
    OhmicResult,
    helix,
)
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color

#: Colours of the markers of the rational surfaces q = 1, 2, 3, in that order of listing.
_Q_COLOURS = ("orange", "vermillion", "purple")


# ---------------------------------------------------------------------------- 3.5
def _profile_axes(fig: Figure) -> Sequence[Axes]:
    """Temperature, current density and safety factor against radius."""
    axs = fig.subplots(1, 3)
    axs[0].set_ylabel("electron temperature T (keV)")
    axs[1].set_ylabel("current density J (MA/m²)")
    axs[2].set_ylabel("safety factor q")
    for ax in axs:
        ax.set_xlabel("radius r (m)")
    return tuple(axs)


def plot_profile(
    prof: CurrentProfileResult,
    *,
    reference: CurrentProfileResult | None = None,
    reference_label: str = "",
    label: str = "",
    q_surfaces: Sequence[float] = (),
    limits: tuple[float, float, float] | None = None,
    ax: AxLike = None,
) -> PlotHandle:
    """Draw T(r) (keV), J(r) (MA/m²) and q(r) of a current profile.

    ``reference`` is drawn dotted in black beneath (labelled ``reference_label``); each value
    in ``q_surfaces`` gets a dotted line and a marker at the radius of that surface;
    ``limits`` fixes the tops of the three axes (keV, MA/m², q) so a panel's axes stay put.
    ``handle.update(prof)`` moves the curves and the markers to another profile on the same radii.
    """
    fig, (ax_T, ax_J, ax_q) = axes_for(ax, layout=_profile_axes, figsize=(9.5, 3.2))
    if reference is not None:
        _profile_lines((ax_T, ax_J, ax_q), reference, style=":", colour="black", label=reference_label)
    lT, lJ, lq = _profile_lines((ax_T, ax_J, ax_q), prof, style="-", colour="blue", label=label)
    if label or reference_label:
        ax_T.legend(loc="lower left", fontsize=8)
    marks: dict[float, tuple] = {}
    for m, name in zip(q_surfaces, _Q_COLOURS, strict=False):
        ax_q.axhline(m, color="0.55", lw=0.8, ls=":")
        (pt,) = ax_q.plot([], [], "o", color=color(name), ms=7, label=f"q = {m:g} surface")
        (vl,) = ax_q.plot([], [], "--", color=color(name), lw=1)
        marks[m] = (pt, vl)
    if q_surfaces:
        ax_q.set_xlim(0, prof.column.a)
    if limits is not None:
        ax_T.set_ylim(0, limits[0])
        ax_J.set_ylim(0, limits[1])
        ax_q.set_ylim(0, limits[2])
    if q_surfaces:
        ax_q.legend(loc="upper left", fontsize=8)
    handle = PlotHandle(
        fig,
        (ax_T, ax_J, ax_q),
        {"T": lT, "J": lJ, "q": lq, "marks": marks},
        animated=[lT, lJ, lq, *[a for pair in marks.values() for a in pair]],
        update=_update_profile,
    )
    _place_q_markers(handle, prof)
    return handle


def _profile_lines(
    axes: Sequence[Axes], prof: CurrentProfileResult, *, style: str, colour: str, label: str
) -> list:
    ax_T, ax_J, ax_q = axes
    c = color(colour)
    T = prof.T if prof.T is not None else np.full_like(prof.r, np.nan)
    (lT,) = ax_T.plot(prof.r, T / 1e3, style, color=c, label=label or None)
    (lJ,) = ax_J.plot(prof.r, prof.J / 1e6, style, color=c)
    (lq,) = ax_q.plot(prof.r, prof.q, style, color=c)
    return [lT, lJ, lq]


def _place_q_markers(handle: PlotHandle, prof: CurrentProfileResult) -> None:
    for m, (pt, vl) in handle["marks"].items():
        radius = prof.radius_of_q(m)
        if radius is None:
            pt.set_data([], [])
            vl.set_data([], [])
        else:
            pt.set_data([radius], [m])
            vl.set_data([radius, radius], [0.0, m])


def _update_profile(handle: PlotHandle, prof: CurrentProfileResult) -> None:
    T = prof.T if prof.T is not None else np.full_like(prof.r, np.nan)
    handle["T"].set_ydata(T / 1e3)
    handle["J"].set_ydata(prof.J / 1e6)
    handle["q"].set_ydata(prof.q)
    _place_q_markers(handle, prof)


def plot_diffusion(
    res: DiffusionResult,
    *,
    steady: CurrentProfileResult | None = None,
    every: int = 1,
    ax: AxLike = None,
) -> PlotHandle:
    """Current density J(r, t) at the output times, lighter to darker; ``steady`` dashed.

    A static figure: ``handle.update(res, ...)`` clears it and draws it again.
    """
    fig, (ax0,) = axes_for(ax, figsize=(6.4, 3.4))
    shades = np.linspace(0.25, 1.0, res.t[::every].size)
    lines = []
    for k, s in zip(range(0, res.t.size, every), shades, strict=False):
        (ln,) = ax0.plot(
            res.r, res.J[k] / 1e6, color=color("blue"), alpha=float(s), label=f"t = {res.t[k]:.3g} s"
        )
        lines.append(ln)
    artists: dict = {"lines": lines}
    if steady is not None:
        (artists["steady"],) = ax0.plot(
            steady.r, steady.J / 1e6, "--", color=color("vermillion"), label=r"steady $J \propto T^{3/2}$"
        )
    ax0.set_xlabel("radius r (m)")
    ax0.set_ylabel("current density J (MA/m²)")
    ax0.legend(loc="upper right", fontsize=8)
    return PlotHandle(fig, (ax0,), artists, animated=lines, replot=plot_diffusion)


# ---------------------------------------------------------------------------- 3.6
def _heating_axes(fig: Figure) -> Sequence[Axes]:
    ax_T, ax_J, ax_b = fig.subplots(1, 3, width_ratios=[1.2, 1.2, 1.0])
    ax_T.set_xlabel("radius r (m)")
    ax_T.set_ylabel("electron temperature T (keV)")
    ax_J.set_xlabel("radius r (m)")
    ax_J.set_ylabel("J (MA/m²) and ηJ² (MW/m³)")
    ax_b.set_ylabel("power (MW)")
    return ax_T, ax_J, ax_b


def plot_heating(
    sc: OhmicResult, *, limits: tuple[float, float, float] | None = None, ax: AxLike = None
) -> PlotHandle:
    """T(r), J(r), ohmic heating density and the power budget of a self-consistent column.

    ``limits`` fixes the tops of the three axes (keV, MA/m² and MW/m³, MW), so a panel's
    axes stay put. ``handle.update(sc)`` moves the curves and the bars.
    """
    fig, (ax_T, ax_J, ax_b) = axes_for(ax, layout=_heating_axes, figsize=(9.5, 3.2))
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
    if limits is not None:
        for a, top in zip((ax_T, ax_J, ax_b), limits, strict=True):
            a.set_ylim(0, top)
    return PlotHandle(
        fig,
        (ax_T, ax_J, ax_b),
        {"T": lT, "J": lJ, "p": lp, "bars": bars},
        animated=[lT, lJ, lp, *bars],
        update=_update_heating,
    )


def _update_heating(handle: PlotHandle, sc: OhmicResult) -> None:
    handle["T"].set_data(sc.r, sc.T / 1e3)
    handle["J"].set_data(sc.r, sc.J / 1e6)
    handle["p"].set_data(sc.r, sc.p_ohm / 1e6)
    for bar, v in zip(handle["bars"], (sc.P_ohm / 1e6, sc.P_edge / 1e6), strict=True):
        bar.set_height(v)


def plot_braking(br: BrakingResult, *, ax: AxLike = None) -> PlotHandle:
    """Across-B and along-B speeds against t/τ, computed (lines) and exact (dots).

    A static figure: ``handle.update(br)`` clears it and draws it again.
    """
    fig, (ax0,) = axes_for(ax, figsize=(6.0, 3.2))
    s = br.t / br.tau
    vperp = np.hypot(br.v[:, 0], br.v[:, 1])
    (across,) = ax0.plot(s, vperp, color=color("vermillion"), label="across B (computed)")
    (along,) = ax0.plot(s, br.v[:, 2], color=color("blue"), label="along B (computed)")
    ex = np.hypot(br.exact[:, 0], br.exact[:, 1])
    k = slice(None, None, max(1, s.size // 12))
    (exact,) = ax0.plot(s[k], ex[k], "o", color=color("black"), ms=4, label=r"exact $e^{-t/\tau}$")
    ax0.set_xlabel("time t / τ,  τ = ρ/(σB²)")
    ax0.set_ylabel("speed (m/s)")
    ax0.legend(loc="right")
    return PlotHandle(
        fig,
        (ax0,),
        {"across": across, "along": along, "exact": exact},
        animated=[across, along, exact],
        replot=plot_braking,
    )


# ---------------------------------------------------------------------------- 3.7
def plot_stability_map(
    q_map: np.ndarray,
    currents: np.ndarray,
    fields: np.ndarray,
    *,
    point: tuple[float, float] | None = None,
    ax: AxLike = None,
) -> PlotHandle:
    """Regions over plasma current (A) and axial field (T) by edge safety factor q(a).

    q(a) > 2 (stable), 1 < q(a) < 2 (tokamaks disrupt: the m = 2 mode) and q(a) < 1 (the
    m = 1 kink); contours at q(a) = 1, 2, 3; ``point`` (current, field) marked with a star.
    A static figure: ``handle.update(q_map, currents, fields)`` clears it and draws it again.
    """
    from matplotlib.colors import ListedColormap

    fig, (ax0,) = axes_for(ax, figsize=(6.0, 3.6))
    region = (q_map < 1).astype(float) + (q_map < 2).astype(float)
    cmap = ListedColormap(["#d9efe6", "#fbe5c4", "#f6c9b0"])
    mesh = ax0.pcolormesh(currents / 1e6, fields, region, cmap=cmap, vmin=0, vmax=2, shading="auto")
    cs = ax0.contour(currents / 1e6, fields, q_map, levels=[1, 2, 3], colors=["k", "0.35", "0.6"])
    ax0.clabel(cs, fmt=lambda v: f"q(a) = {v:g}", fontsize=8)
    ax0.set_xlabel("plasma current I (MA)")
    ax0.set_ylabel("axial field B_z (T)")
    ax0.text(0.03, 0.93, "stable, q(a) > 2", transform=ax0.transAxes, fontsize=9, va="top")
    ax0.text(0.97, 0.06, "m = 1 kink-unstable, q(a) < 1", transform=ax0.transAxes, fontsize=9, ha="right")
    # label the band 1 < q(a) < 2 on its middle line q(a) = 1.5, at the middle field
    j = len(fields) // 2
    row = np.asarray(q_map)[j]
    if row.min() < 1.5 < row.max():
        I15 = float(np.interp(1.5, row[::-1], np.asarray(currents)[::-1]))
        ax0.text(
            I15 / 1e6,
            float(fields[j]),
            "tokamaks disrupt,\n1 < q(a) < 2",
            fontsize=8,
            ha="center",
            va="center",
        )
    artists: dict = {"regions": mesh, "contours": cs}
    if point is not None:
        (artists["point"],) = ax0.plot([point[0] / 1e6], [point[1]], "*", color=color("blue"), ms=12)
    return PlotHandle(fig, (ax0,), artists, animated=[mesh], replot=plot_stability_map)


def _kink_axes(fig: Figure) -> Sequence[Axes]:
    ax_side, ax_cut = fig.subplots(1, 2, width_ratios=[2.2, 1.0])
    ax_side.set_xlabel("distance along the column z (m)")
    ax_side.set_ylabel("x (m)")
    ax_cut.set_xlabel("x (m)")
    ax_cut.set_ylabel("y (m)")
    ax_cut.set_aspect("equal")
    return ax_side, ax_cut


def _kink_label(column: Column) -> str:
    qa = column.q_edge
    return f"I = {column.I_p / 1e6:.2f} MA, q(a) = {qa:.2f}" + (
        " < 1: kinked" if qa < 1 else " < 2: disrupts in a tokamak" if qa < 2 else ""
    )


def plot_kink(column: Column, xi: float, *, ax: AxLike = None) -> PlotHandle:
    """The column along one circuit of the torus, its axis displaced by ξ (m) into a helix.

    Left, a side view (the edges x ± a and the axis); right, the cross-sections a quarter,
    half and three quarters of the way round, against the undisplaced one (dotted). The
    current and q(a) of ``column`` are written on the figure. ``handle.update(column, xi)``
    moves the column.
    """
    a = column.a
    fig, (ax_side, ax_cut) = axes_for(ax, layout=_kink_axes, figsize=(9.0, 3.2))
    z, x, _ = helix(column, xi)
    (upper,) = ax_side.plot(z, x + a, color=color("blue"), lw=1.5)
    (lower,) = ax_side.plot(z, x - a, color=color("blue"), lw=1.5)
    (axis,) = ax_side.plot(z, x, "--", color=color("vermillion"), lw=1.2, label="column axis")
    ax_side.axhline(0, color="0.6", lw=0.8)
    ax_side.set_ylim(-2.2 * a, 2.2 * a)
    ax_side.set_xlim(0, z[-1])
    ax_side.legend(loc="upper right", fontsize=8)
    # the edge safety factor, written on the figure: it moves even while the column is straight
    label = ax_side.text(0.02, 0.95, _kink_label(column), transform=ax_side.transAxes, va="top", fontsize=9)
    ax_cut.add_patch(Circle((0, 0), a, fill=False, ls=":", color="0.4"))
    cuts = []
    for k, name in enumerate(("blue", "green", "orange", "purple")):
        c = Circle(
            _cut_centre(xi, k), a, fill=False, color=color(name), lw=1.3, label=f"z = {k}/4 of the way round"
        )
        ax_cut.add_patch(c)
        cuts.append(c)
    ax_cut.set_xlim(-2 * a, 2 * a)
    ax_cut.set_ylim(-2 * a, 2 * a)
    ax_cut.set_title("cross-sections", fontsize=9)
    return PlotHandle(
        fig,
        (ax_side, ax_cut),
        {"upper": upper, "lower": lower, "axis": axis, "cuts": cuts, "label": label},
        animated=[upper, lower, axis, *cuts, label],
        update=_update_kink,
    )


def _cut_centre(xi: float, k: int) -> tuple[float, float]:
    phase = k * 2 * np.pi / 4
    return (xi * np.cos(phase), xi * np.sin(phase))


def _update_kink(handle: PlotHandle, column: Column, xi: float) -> None:
    a = column.a
    _, x, _ = helix(column, xi)
    handle["upper"].set_ydata(x + a)
    handle["lower"].set_ydata(x - a)
    handle["axis"].set_ydata(x)
    for k, c in enumerate(handle["cuts"]):
        c.center = _cut_centre(xi, k)
    handle["label"].set_text(_kink_label(column))
