"""Figures for section 2.2: pump and leak."""

from __future__ import annotations

from fluxlib.plotting.base import color, new_figure


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
