"""Section 1.2's figures: flow networks drawn as arrows as wide as the flow they carry.

:func:`plot_traffic` draws a city grid's steady traffic (a
:class:`~fluxlib.models.traffic.TrafficResult`); :func:`plot_network` is the reusable drawing
of any of the book's networks (traffic grids in 1.2, cycle spaces in 1.3)::

    handle = plot_network(net, flows=x, supply={"A": 500, "B": -500}, pos=pos)
    handle.update(flows=new_x, supply=new_supply)      # moves the arrows, for panels

Conventions
-----------
* ``net`` is a :class:`fluxlib.network.FlowNetwork` or any object with ``edges`` (a sequence of
  ``(tail, head)`` pairs) and optionally ``nodes``; a plain sequence of ``(tail, head)`` pairs
  works too.
* ``flows`` holds one number per edge, in the order of ``net.edges``, positive from tail to
  head. Each edge is drawn as an arrow pointing the way the flow actually goes (reversed where
  the flow is negative) with line width proportional to ``|flow|``; an edge with no flow (or
  ``flows=None``) is a thin grey line without a head.
* ``supply`` maps node → external supply (source +, sink -). Sources are filled vermillion,
  sinks blue, other junctions white (Okabe–Ito colours, safe for colour-blind readers; the
  legend also says it in words).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from fluxlib.errors import FluxInputError
from fluxlib.models.traffic import TrafficResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color

SOURCE = color("vermillion")
SINK = color("blue")
NEUTRAL = "#FFFFFF"
IDLE = "0.6"


def network_edges(net: Any) -> list[tuple[Any, ...]]:
    """The ``(tail, head)`` pairs of ``net`` (a FlowNetwork, or a sequence of pairs)."""
    edges = getattr(net, "edges", net)
    if callable(edges):
        edges = edges()
    return [tuple(e[:2]) for e in edges]


def network_nodes(net: Any) -> list[Any]:
    """The nodes of ``net`` in its own order if it has one, else in order of first appearance."""
    nodes = getattr(net, "nodes", None)
    if callable(nodes):
        nodes = nodes()
    if nodes is not None:
        return list(nodes)
    seen: dict[Any, None] = {}
    for tail, head in network_edges(net):
        seen.setdefault(tail, None)
        seen.setdefault(head, None)
    return list(seen)


def default_layout(nodes: Sequence[Any]) -> dict[Any, tuple[float, float]]:
    """Grid nodes named ``(i, j)`` sit at ``(j, -i)``; anything else on a circle."""
    if all(isinstance(v, tuple) and len(v) == 2 for v in nodes):
        return {v: (float(v[1]), -float(v[0])) for v in nodes}
    k = len(nodes)
    return {v: (math.cos(2 * math.pi * i / k), math.sin(2 * math.pi * i / k)) for i, v in enumerate(nodes)}


def _node_colours(nodes: Sequence[Any], supply: Mapping[Any, float] | None, tol: float) -> list[str]:
    supply = supply or {}
    out = []
    for v in nodes:
        s = float(supply.get(v, 0.0))
        out.append(SOURCE if s > tol else SINK if s < -tol else NEUTRAL)
    return out


@dataclass(frozen=True)
class _Layout:
    """What a network's fast update needs to know about the drawing it moves."""

    edges: list[tuple[Any, ...]]
    nodes: list[Any]
    pos: dict[Any, tuple[float, float]]
    max_flow: float | None
    max_width: float
    edge_labels: bool | Mapping[int, str]
    unit: str


def _draw(
    ax: Any,
    net: Any,
    *,
    pos: Mapping[Any, tuple[float, float]] | None,
    max_flow: float | None,
    max_width: float,
    edge_labels: bool | Mapping[int, str],
    node_labels: bool,
    unit: str,
    node_size: float,
    legend: bool,
) -> tuple[dict[str, Any], _Layout]:
    """Draw the bare network on ``ax``: its artists by name, and the layout the update needs."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    edges = network_edges(net)
    nodes = network_nodes(net)
    where = dict(pos) if pos is not None else default_layout(nodes)
    xy = np.array([where[v] for v in nodes], dtype=float)
    nodes_art = ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=node_size,
        c=_node_colours(nodes, None, 0.0),
        edgecolors=color("black"),
        linewidths=1.2,
        zorder=3,
    )
    arrows = []
    labels = []
    for tail, head in edges:
        arrow = FancyArrowPatch(
            where[tail],
            where[head],
            arrowstyle="-",
            shrinkA=9,
            shrinkB=9,
            color=IDLE,
            lw=1.0,
            zorder=2,
        )
        ax.add_patch(arrow)
        arrows.append(arrow)
        if edge_labels is not False:
            (x0, y0), (x1, y1) = where[tail], where[head]
            dx, dy = x1 - x0, y1 - y0
            norm = math.hypot(dx, dy) or 1.0
            off = 0.1
            labels.append(
                ax.text(
                    (x0 + x1) / 2 - off * dy / norm,
                    (y0 + y1) / 2 + off * dx / norm,
                    "",
                    ha="center",
                    va="center",
                    fontsize=8,
                    zorder=4,
                )
            )
    names = []
    if node_labels:
        for v, (x, y) in zip(nodes, xy, strict=True):
            names.append(
                ax.annotate(
                    str(v),
                    (x, y),
                    xytext=(-9, 9),
                    textcoords="offset points",
                    ha="right",
                    va="bottom",
                    fontsize=8,
                    zorder=5,
                )
            )
    pad = 0.4
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if legend:
        handles = [
            Line2D([], [], ls="", marker="o", ms=9, mfc=SOURCE, mec="k", label="source (enters)"),
            Line2D([], [], ls="", marker="o", ms=9, mfc=SINK, mec="k", label="sink (leaves)"),
            Line2D([], [], ls="", marker="o", ms=9, mfc=NEUTRAL, mec="k", label="junction"),
        ]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3, fontsize=8)
    artists = {"edges": arrows, "nodes": nodes_art, "edge_labels": labels, "node_labels": names}
    layout = _Layout(edges, nodes, where, max_flow, max_width, edge_labels, unit)
    return artists, layout


def plot_network(
    net: Any,
    *,
    flows: Sequence[float] | np.ndarray | None = None,
    supply: Mapping[Any, float] | None = None,
    pos: Mapping[Any, tuple[float, float]] | None = None,
    present: Sequence[bool] | None = None,
    highlight: Sequence[bool] | None = None,
    max_flow: float | None = None,
    max_width: float = 9.0,
    edge_labels: bool | Mapping[int, str] = False,
    node_labels: bool = True,
    unit: str = "",
    node_size: float = 200.0,
    legend: bool = True,
    ax: AxLike = None,
) -> PlotHandle:
    """Draw a flow network: arrows as wide as their flow, junctions coloured by supply.

    Parameters
    ----------
    net : FlowNetwork, or a sequence of ``(tail, head)`` pairs.
    flows : one flow per edge (positive tail → head), any unit; ``None`` draws the bare network.
    supply : node → external supply (source +, sink -), same unit as the flows.
    pos : node → ``(x, y)``; default :func:`default_layout`.
    present : one bool per edge; absent edges are drawn faint and dashed.
    highlight : one bool per edge; the chosen edges are drawn green (used to show loops).
    max_flow : the flow drawn at ``max_width`` points (default: the largest ``|flow|``); fix it
        in a panel so that widths stay comparable between frames.
    edge_labels : ``True`` writes each edge's ``|flow|`` beside it; a mapping edge index → text
        writes that text instead.
    unit : appended to edge labels (e.g. ``"/h"``).
    ax : where to draw (see :func:`fluxlib.plotting.base.axes_for`); the first axes is used.

    Returns
    -------
    PlotHandle
        Artists ``"edges"`` (one ``FancyArrowPatch`` per edge), ``"nodes"`` (a
        ``PathCollection``), ``"edge_labels"`` and ``"node_labels"`` (``Text`` per edge or
        node, or empty). ``handle.update(flows=..., supply=..., present=..., highlight=...)``
        moves the arrows, labels and node colours in place.
    """
    fig, axes = axes_for(ax, figsize=(5.0, 3.6))
    artists, layout = _draw(
        axes[0],
        net,
        pos=pos,
        max_flow=max_flow,
        max_width=max_width,
        edge_labels=edge_labels,
        node_labels=node_labels,
        unit=unit,
        node_size=node_size,
        legend=legend,
    )
    handle = PlotHandle(
        fig,
        axes[:1],
        artists,
        animated=[*artists["edges"], artists["nodes"], *artists["edge_labels"]],
        update=partial(_update_network, layout=layout),
    )
    handle.update(flows=flows, supply=supply, present=present, highlight=highlight)
    return handle


def plot_traffic(
    res: TrafficResult,
    *,
    pos: Mapping[Any, tuple[float, float]] | None = None,
    street_map: bool = False,
    max_flow: float | None = None,
    edge_labels: bool = False,
    unit: str = "",
    ax: AxLike = None,
) -> PlotHandle:
    """Draw a grid's steady traffic: one arrow per street, as wide as its flow.

    Junctions where cars enter are vermillion, where they leave blue. ``street_map`` draws
    the bare streets in grey underneath (a panel keeps them on show when an impossible setting
    hides the traffic); ``max_flow`` fixes the flow drawn widest (cars per hour).
    ``handle.update(res)`` moves the arrows to another result on the same streets.
    """
    fig, axes = axes_for(ax, figsize=(6.0, 3.6))
    if street_map:
        _draw(
            axes[0],
            res.streets,
            pos=pos,
            max_flow=None,
            max_width=9.0,
            edge_labels=False,
            node_labels=False,
            unit="",
            node_size=200.0,
            legend=False,
        )
    artists, layout = _draw(
        axes[0],
        res.streets,
        pos=pos,
        max_flow=max_flow,
        max_width=9.0,
        edge_labels=edge_labels,
        node_labels=True,
        unit=unit,
        node_size=200.0,
        legend=True,
    )
    handle = PlotHandle(
        fig,
        axes[:1],
        artists,
        animated=[*artists["edges"], artists["nodes"], *artists["edge_labels"]],
        update=partial(_update_traffic, layout=layout),
    )
    handle.update(res)
    return handle


def _update_traffic(handle: PlotHandle, res: TrafficResult, *, layout: _Layout) -> None:
    _update_network(handle, flows=res.flows, supply=res.supply, layout=layout)


def _update_network(
    handle: PlotHandle,
    *,
    flows: Sequence[float] | np.ndarray | None = None,
    supply: Mapping[Hashable, float] | None = None,
    present: Sequence[bool] | None = None,
    highlight: Sequence[bool] | None = None,
    layout: _Layout,
) -> None:
    """Move the arrows, edge labels and node colours to new flows and supplies, in place."""
    edges = layout.edges
    pos = layout.pos
    m = len(edges)
    f = np.zeros(m) if flows is None else np.asarray(flows, dtype=float)
    if f.shape != (m,):
        raise FluxInputError(f"flows must have one value per edge ({m}), got shape {f.shape}")
    scale = layout.max_flow or float(np.max(np.abs(f), initial=0.0))
    tol = 1e-9 * max(scale, 1.0)
    max_width = layout.max_width
    for k, (arrow, (tail, head)) in enumerate(zip(handle["edges"], edges, strict=True)):
        here = True if present is None else bool(present[k])
        lit = highlight is not None and bool(highlight[k])
        if not here:
            arrow.set_positions(pos[tail], pos[head])
            arrow.set_arrowstyle("-")
            arrow.set_linewidth(0.8)
            arrow.set_linestyle((0, (2, 3)))
            arrow.set_color("0.8")
            continue
        arrow.set_linestyle("-")
        q = f[k]
        if abs(q) <= tol:
            arrow.set_positions(pos[tail], pos[head])
            arrow.set_arrowstyle("-")
            arrow.set_linewidth(2.5 if lit else 1.0)
            arrow.set_color(color("green") if lit else IDLE)
            continue
        w = max(0.8, max_width * min(abs(q) / scale, 1.5)) if scale > 0 else 1.0
        a, b = (pos[tail], pos[head]) if q > 0 else (pos[head], pos[tail])
        arrow.set_positions(a, b)
        head_size = 2.5 + 0.55 * w
        arrow.set_arrowstyle(f"-|>,head_length={0.45 * head_size:.2f},head_width={0.3 * head_size:.2f}")
        arrow.set_mutation_scale(4.0)
        arrow.set_linewidth(w)
        arrow.set_color(color("green") if lit else color("black"))
    spec = layout.edge_labels
    for k, text in enumerate(handle["edge_labels"]):
        if isinstance(spec, Mapping):
            text.set_text(str(spec.get(k, "")))
        elif flows is None or (present is not None and not present[k]):
            text.set_text("")
        else:
            text.set_text(f"{abs(f[k]):.0f}{layout.unit}")
    if supply is not None or flows is None:
        handle["nodes"].set_facecolor(_node_colours(layout.nodes, supply, 0.0))
