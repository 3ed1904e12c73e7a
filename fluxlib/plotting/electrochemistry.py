"""Figures for section 2.4: the electrochemical driving force."""

from __future__ import annotations

from matplotlib.container import BarContainer

from fluxlib.models.electrochemistry import DrivingForceResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color


def plot_driving_force(force: DrivingForceResult, *, limit: float = 25.0, ax: AxLike = None) -> PlotHandle:
    """Bars: the concentration part, the voltage part and the total Δμ̃ (kJ/mol), coloured by sign.

    ``limit`` (kJ/mol) fixes the energy axis at ±``limit``. ``handle.update(force)`` moves the
    bars to another driving force and colours the total by its sign.
    """
    fig, (ax_f,) = axes_for(ax, figsize=(5.5, 3.2))
    names = ["concentration\nRT ln(c_i/c_o)", "voltage\nzF V_m", "total\nΔμ̃"]
    bars = ax_f.bar(names, _force_values(force), color=[color("sky"), color("orange"), color("blue")])
    _colour_total(bars, force)
    ax_f.axhline(0, color="0.3", lw=0.8)
    ax_f.set_ylim(-limit, limit)
    ax_f.set_ylabel("Δμ̃ for one mole entering (kJ/mol)")
    ax_f.text(
        0.99, 0.02, "below 0: the ion runs in by itself", transform=ax_f.transAxes, ha="right", fontsize=8
    )
    ax_f.text(
        0.99,
        0.97,
        "above 0: it must be pumped in",
        transform=ax_f.transAxes,
        ha="right",
        va="top",
        fontsize=8,
    )
    return PlotHandle(fig, (ax_f,), {"bars": bars}, animated=list(bars), update=_update_driving_force)


def _force_values(force: DrivingForceResult) -> list[float]:
    return [force.chemical / 1e3, force.electrical / 1e3, force.total / 1e3]


def _colour_total(bars: BarContainer, force: DrivingForceResult) -> None:
    bars[2].set_color(color("vermillion") if force.total > 0 else color("blue"))


def _update_driving_force(handle: PlotHandle, force: DrivingForceResult) -> None:
    for bar, v in zip(handle["bars"], _force_values(force), strict=True):
        bar.set_height(v)
    _colour_total(handle["bars"], force)
