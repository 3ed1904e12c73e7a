"""Figures for section 2.2: pump and leak."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fluxlib.models.membrane import CellResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color, sticky_ylim


def _cell_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out two axes against time: the inside concentration, and the two fluxes."""
    ax_c, ax_j = fig.subplots(1, 2)
    ax_c.set_xlabel("time t (min)")
    ax_c.set_ylabel("inside Na⁺ c_i (mM)")
    ax_j.set_xlabel("time t (min)")
    ax_j.set_ylabel("Na⁺ flux (µmol m⁻² s⁻¹)")
    return ax_c, ax_j


def _flux_top(res: CellResult) -> float:
    return float(max(res.leak.max(), res.pump.max(), 1e-3))


def plot_cell(res: CellResult, *, ax: AxLike = None) -> PlotHandle:
    """c_i(t) with the outside level and the steady level; leak in and pump out against time.

    ``handle.update(res)`` moves the curves and the steady level to another result; the flux
    axis follows the fluxes, changing its limits rarely.
    """
    fig, (ax_c, ax_j) = axes_for(ax, layout=_cell_axes, figsize=(8.0, 3.2))
    tm = res.t / 60
    ax_c.axhline(res.cell.c_out, color=color("black"), lw=1, ls=":", label="outside, c_o")
    (c,) = ax_c.plot(tm, res.c_in, color=color("blue"), label="inside, c_i(t)")
    st = ax_c.axhline(res.steady, color=color("vermillion"), lw=1.2, ls="--", label="steady c_i*")
    ax_c.set_ylim(0, 1.1 * res.cell.c_out)
    ax_c.legend(loc="center right", fontsize=8)
    (lk,) = ax_j.plot(tm, res.leak, color=color("orange"), label="leak in (GHK, at V_m)")
    (pm,) = ax_j.plot(tm, res.pump, color=color("green"), ls="--", label="pump out, J_max c_i/(K_m + c_i)")
    ax_j.legend(loc="upper right", fontsize=8)
    ax_j.set_ylim(0, 1.2 * _flux_top(res))
    return PlotHandle(
        fig,
        (ax_c, ax_j),
        {"c": c, "steady": st, "leak": lk, "pump": pm},
        animated=[c, st, lk, pm],
        update=_update_cell,
    )


def _update_cell(handle: PlotHandle, res: CellResult) -> None:
    tm = res.t / 60
    handle["c"].set_data(tm, res.c_in)
    handle["steady"].set_ydata([res.steady, res.steady])
    handle["leak"].set_data(tm, res.leak)
    handle["pump"].set_data(tm, res.pump)
    sticky_ylim(handle.axes[1], _flux_top(res))
