"""Figures for section 2.3: Fick and Ohm (a layered wall, steady profiles)."""

from __future__ import annotations

from matplotlib.patches import Rectangle

from fluxlib.plotting.base import color, new_figure

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
