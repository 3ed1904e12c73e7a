"""Figures for section 2.4: the electrochemical driving force."""

from __future__ import annotations

from fluxlib.plotting.base import color, new_figure


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
