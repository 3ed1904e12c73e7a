"""Figures for chapter 2, sections 2.1–2.4 (steady states).

Each function draws on given axes (or a new figure) and returns a dict of the artists it
made, with ``"animated"`` listing those a panel moves.
"""

from __future__ import annotations

from matplotlib.patches import Rectangle

from fluxlib.plotting.base import color, new_figure


def _axes(axes, n: int, figsize):
    if axes is None:
        _, axes = new_figure(1, n, figsize=figsize)
    return axes


# --------------------------------------------------------------------------- 2.1
def sediment_axes(fig):
    ax_c, ax_j = fig.subplots(1, 2, sharey=True)
    ax_c.set_xlabel("concentration c / c(floor)")
    ax_c.set_ylabel("height z (mm)")
    ax_j.set_xlabel("flux density / (v_s c(floor)), + upward")
    return ax_c, ax_j


def plot_sediment(res, *, axes=None) -> dict:
    """Concentration against height, and the diffusive, drift and net fluxes against height."""
    if axes is None:
        fig, _ = new_figure(figsize=(8.0, 3.4))
        for a in list(fig.axes):
            fig.delaxes(a)
        axes = sediment_axes(fig)
    ax_c, ax_j = axes
    zmm, fmm = res.z * 1e3, res.faces * 1e3
    (exact,) = ax_c.plot(res.exact, zmm, "--", color=color("black"), lw=1, label="c₀ exp(-z/ℓ)")
    (num,) = ax_c.plot(res.c, zmm, color=color("blue"), lw=2.5, alpha=0.7, label="finite volumes")
    ax_c.set_xlim(0, 1.05)
    ax_c.legend(loc="upper right")
    (dif,) = ax_j.plot(res.diffusive, fmm, color=color("orange"), label="diffusion, -D dc/dz")
    (dri,) = ax_j.plot(res.drift, fmm, color=color("sky"), label="drift, -v_s c")
    (net,) = ax_j.plot(res.net, fmm, color=color("vermillion"), lw=2.5, label="net J")
    ax_j.axvline(0, color="0.5", lw=0.8)
    ax_j.set_xlim(-1.1, 1.1)
    ax_j.legend(loc="upper left", fontsize=8)
    ax_c.set_ylim(0, fmm[-1])
    return {
        "axes": axes,
        "c": num,
        "exact": exact,
        "diffusive": dif,
        "drift": dri,
        "net": net,
        "animated": [exact, num, dif, dri, net],
    }


def update_sediment(artists: dict, res) -> None:
    artists["c"].set_xdata(res.c)
    artists["exact"].set_xdata(res.exact)
    artists["diffusive"].set_xdata(res.diffusive)
    artists["drift"].set_xdata(res.drift)
    artists["net"].set_xdata(res.net)


def plot_tank(res, *, ax=None) -> dict:
    """Water level against time, with the steady level h* = Q²/(2ga²)."""
    if ax is None:
        _, ax = new_figure(figsize=(6.0, 3.0))
    (h,) = ax.plot(res.t / 60, res.h * 100, color=color("blue"), label="level h(t)")
    hs = ax.axhline(
        res.steady_level * 100, ls="--", color=color("vermillion"), lw=1.2, label="steady level h*"
    )
    ax.set_xlabel("time t (min)")
    ax.set_ylabel("water level h (cm)")
    ax.set_ylim(0, 1.15 * max(res.steady_level, res.h.max()) * 100)
    ax.legend(loc="lower right")
    return {"ax": ax, "h": h, "steady": hs, "animated": [h, hs]}


# --------------------------------------------------------------------------- 2.2
def cell_axes(fig):
    ax_c, ax_j = fig.subplots(1, 2)
    ax_c.set_xlabel("time t (min)")
    ax_c.set_ylabel("inside Na⁺ c_i (mM)")
    ax_j.set_xlabel("time t (min)")
    ax_j.set_ylabel("Na⁺ flux (µmol m⁻² s⁻¹)")
    return ax_c, ax_j


def plot_cell(res, *, axes=None) -> dict:
    """c_i(t) with the outside level and the steady level; leak in and pump out against time."""
    if axes is None:
        fig, _ = new_figure(figsize=(8.0, 3.2))
        for a in list(fig.axes):
            fig.delaxes(a)
        axes = cell_axes(fig)
    ax_c, ax_j = axes
    tm = res.t / 60
    ax_c.axhline(res.cell.c_out, color=color("black"), lw=1, ls=":", label="outside, c_o")
    (c,) = ax_c.plot(tm, res.c_in, color=color("blue"), label="inside, c_i(t)")
    st = ax_c.axhline(res.steady, color=color("vermillion"), lw=1.2, ls="--", label="steady c_i*")
    ax_c.set_ylim(0, 1.1 * res.cell.c_out)
    ax_c.legend(loc="center right", fontsize=8)
    (lk,) = ax_j.plot(tm, res.leak, color=color("orange"), label="leak in (GHK, at V_m)")
    (pm,) = ax_j.plot(tm, res.pump, color=color("green"), ls="--", label="pump out, J_max c_i/(K_m + c_i)")
    ax_j.legend(loc="upper right", fontsize=8)
    ax_j.set_ylim(0, 1.2 * max(res.leak.max(), res.pump.max(), 1e-3))
    return {"axes": axes, "c": c, "steady": st, "leak": lk, "pump": pm, "animated": [c, st, lk, pm]}


# --------------------------------------------------------------------------- 2.3
LAYER_COLOURS = ["sky", "yellow", "orange", "purple", "green"]


def plot_wall(res, *, ax=None, xmax: float | None = None) -> dict:
    """Temperature through a layered wall, layers shaded, interface temperatures marked."""
    if ax is None:
        _, ax = new_figure(figsize=(6.5, 3.2))
    edges = res.interfaces * 100
    patches = []
    for i in range(len(res.layers)):
        p = Rectangle(
            (edges[i], 0),
            edges[i + 1] - edges[i],
            1,
            transform=ax.get_xaxis_transform(),
            color=color(LAYER_COLOURS[i % len(LAYER_COLOURS)]),
            alpha=0.25,
            lw=0,
        )
        ax.add_patch(p)
        patches.append(p)
    (line,) = ax.plot(res.x * 100, res.T, color=color("vermillion"), label="finite volumes (cell centres)")
    (pts,) = ax.plot(
        edges, res.T_interfaces_exact, "o", color=color("black"), ms=5, label="exact, from ΔT/Σ(L/k)"
    )
    labels = [
        ax.text(
            (edges[i] + edges[i + 1]) / 2,
            0.5,
            layer.name,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="center",
            rotation=90,
            fontsize=8,
            color="0.3",
        )
        for i, layer in enumerate(res.layers)
    ]
    ax.set_xlabel("distance through the wall x (cm)")
    ax.set_ylabel("temperature T (°C)")
    ax.set_xlim(0, (xmax if xmax is not None else res.interfaces[-1]) * 100)
    ax.legend(loc="upper right", fontsize=8)
    return {
        "ax": ax,
        "T": line,
        "points": pts,
        "patches": patches,
        "labels": labels,
        "animated": [*patches, line, pts, *labels],
    }


def update_wall(artists: dict, res) -> None:
    edges = res.interfaces * 100
    for i, (p, t) in enumerate(zip(artists["patches"], artists["labels"], strict=True)):
        p.set_x(edges[i])
        p.set_width(edges[i + 1] - edges[i])
        t.set_x((edges[i] + edges[i + 1]) / 2)
    artists["T"].set_data(res.x * 100, res.T)
    artists["points"].set_data(edges, res.T_interfaces_exact)


def plot_profiles(
    results, labels, *, ax=None, xscale: float = 1e6, xunit: str = "µm", ylabel: str = "concentration c (mM)"
) -> dict:
    """Steady profiles c(x) of several results (anything with ``x`` and ``c``)."""
    if ax is None:
        _, ax = new_figure(figsize=(6.0, 3.0))
    lines = []
    for i, (r, lab) in enumerate(zip(results, labels, strict=True)):
        (ln,) = ax.plot(r.x * xscale, r.c, "o-", ms=3, color=color(i), label=lab)
        lines.append(ln)
    ax.set_xlabel(f"position x ({xunit})")
    ax.set_ylabel(ylabel)
    ax.legend(loc="best", fontsize=8)
    return {"ax": ax, "lines": lines, "animated": lines}


# --------------------------------------------------------------------------- 2.4
def plot_driving_force(force, *, ax=None, limit: float = 25.0) -> dict:
    """Bars: the concentration part, the voltage part and the total Δμ̃ (kJ/mol), coloured by sign."""
    if ax is None:
        _, ax = new_figure(figsize=(5.5, 3.2))
    names = ["concentration\nRT ln(c_i/c_o)", "voltage\nzF V_m", "total\nΔμ̃"]
    bars = ax.bar(names, _force_values(force), color=[color("sky"), color("orange"), color("blue")])
    _colour_total(bars, force)
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_ylim(-limit, limit)
    ax.set_ylabel("Δμ̃ for one mole entering (kJ/mol)")
    ax.text(0.99, 0.02, "below 0: the ion runs in by itself", transform=ax.transAxes, ha="right", fontsize=8)
    ax.text(
        0.99, 0.97, "above 0: it must be pumped in", transform=ax.transAxes, ha="right", va="top", fontsize=8
    )
    return {"ax": ax, "bars": bars, "animated": list(bars)}


def _force_values(force) -> list[float]:
    return [force.chemical / 1e3, force.electrical / 1e3, force.total / 1e3]


def _colour_total(bars, force) -> None:
    bars[2].set_color(color("vermillion") if force.total > 0 else color("blue"))


def update_driving_force(artists: dict, force) -> None:
    for bar, v in zip(artists["bars"], _force_values(force), strict=True):
        bar.set_height(v)
    _colour_total(artists["bars"], force)
