"""Figures for section 2.1: sedimentation equilibrium and an open tank."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fluxlib.models.sedimentation import SedimentResult, TankResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color


def _sediment_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out two axes sharing the height axis: concentration, and the fluxes."""
    ax_c, ax_j = fig.subplots(1, 2, sharey=True)
    ax_c.set_xlabel("concentration c / c(floor)")
    ax_c.set_ylabel("height z (mm)")
    ax_j.set_xlabel("flux density / (v_s c(floor)), + upward")
    return ax_c, ax_j


def plot_sediment(res: SedimentResult, *, ax: AxLike = None) -> PlotHandle:
    """Concentration against height, and the diffusive, drift and net fluxes against height.

    ``handle.update(res)`` moves the curves to another result on the same grid.
    """
    fig, (ax_c, ax_j) = axes_for(ax, layout=_sediment_axes, figsize=(8.0, 3.4))
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
    return PlotHandle(
        fig,
        (ax_c, ax_j),
        {"c": num, "exact": exact, "diffusive": dif, "drift": dri, "net": net},
        animated=[exact, num, dif, dri, net],
        update=_update_sediment,
    )


def _update_sediment(handle: PlotHandle, res: SedimentResult) -> None:
    handle["c"].set_xdata(res.c)
    handle["exact"].set_xdata(res.exact)
    handle["diffusive"].set_xdata(res.diffusive)
    handle["drift"].set_xdata(res.drift)
    handle["net"].set_xdata(res.net)


def plot_tank(res: TankResult, *, ax: AxLike = None) -> PlotHandle:
    """Water level against time, with the steady level h* = Q²/(2ga²).

    A static figure: ``handle.update(res)`` draws it again.
    """
    fig, (ax_h,) = axes_for(ax, figsize=(6.0, 3.0))
    (h,) = ax_h.plot(res.t / 60, res.h * 100, color=color("blue"), label="level h(t)")
    hs = ax_h.axhline(
        res.steady_level * 100, ls="--", color=color("vermillion"), lw=1.2, label="steady level h*"
    )
    ax_h.set_xlabel("time t (min)")
    ax_h.set_ylabel("water level h (cm)")
    ax_h.set_ylim(0, 1.15 * max(res.steady_level, res.h.max()) * 100)
    ax_h.legend(loc="lower right")
    return PlotHandle(fig, (ax_h,), {"h": h, "steady": hs}, animated=[h, hs], replot=plot_tank)
