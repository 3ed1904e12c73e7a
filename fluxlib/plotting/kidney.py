"""Figures for section 3.3: flows inside the kidney."""

from __future__ import annotations

import numpy as np

from fluxlib.plotting.base import color, new_figure


def _axes(ax, ncols=1, figsize=(7.0, 3.2)):
    if ax is not None:
        return ax
    _, axes = new_figure(1, ncols, figsize=figsize)
    return axes


def plot_kidney(state, *, rest=None, ax=None) -> dict:
    """Bars of cortical, medullary and total renal flow (mL min⁻¹); ``rest`` outlined behind."""
    ax = _axes(ax, figsize=(6.0, 3.2))
    x = np.arange(3)
    vals = _kidney_vals(state)
    if rest is not None:
        ax.bar(x, _kidney_vals(rest), width=0.8, fill=False, edgecolor="0.4", lw=1.0, label="no hormone")
    bars = ax.bar(x, vals, width=0.55, color=[color("orange"), color("purple"), color("green")], label="now")
    ax.set_xticks(x, ["cortex", "medulla", "whole kidney"])
    ax.set_ylabel("blood flow (mL/min)")
    ax.legend(loc="upper left")
    ax.set_ylim(0, 1.2 * max(vals.max(), _kidney_vals(rest).max() if rest is not None else 0))
    labels = [
        ax.text(xi, v, f"{v:.0f}", ha="center", va="bottom", fontsize=8)
        for xi, v in zip(x, vals, strict=True)
    ]
    return {"ax": ax, "bars": bars, "labels": labels, "animated": [*bars, *labels]}


def _kidney_vals(state):
    return 1e3 * np.array([state.cortex, state.medulla, state.total])


def update_kidney(artists: dict, state) -> None:
    for bar, lab, v in zip(artists["bars"], artists["labels"], _kidney_vals(state), strict=True):
        bar.set_height(v)
        lab.set_position((lab.get_position()[0], v))
        lab.set_text(f"{v:.0f}")


def plot_kidney_sweep(constrictions, with_auto, without_auto, *, ax=None) -> dict:
    """Medullary share and total renal flow against the hormone's constriction factor."""
    ax = _axes(ax, 2, (9.0, 3.2))
    a1, a2 = ax
    c = np.asarray(constrictions)
    for states, style, label in (
        (with_auto, "-", "autoregulated"),
        (without_auto, "--", "no autoregulation"),
    ):
        a1.plot(c, [100 * s.medulla_share for s in states], style, color=color("purple"), label=label)
        a2.plot(c, [1e3 * s.total for s in states], style, color=color("green"), label=label)
    a1.set_xlabel("medullary constriction factor")
    a1.set_ylabel("medulla's share of renal flow (%)")
    a1.legend()
    a2.set_xlabel("medullary constriction factor")
    a2.set_ylabel("total renal flow (mL/min)")
    a2.legend()
    return {"axes": ax, "animated": []}


def plot_renal_autoregulation(pressures, with_auto, without_auto, *, measured=None, ax=None) -> dict:
    """Total renal flow (mL min⁻¹) against renal arterial pressure (mmHg), with and without
    autoregulation; ``measured`` (low, high) shades the measured range of autoregulation."""
    ax = _axes(ax)
    p = np.asarray(pressures)
    if measured is not None:
        ax.axvspan(*measured, color="0.9", label="measured range of autoregulation")
    ax.plot(p, [1e3 * s.total for s in with_auto], color=color("green"), label="model, autoregulated")
    ax.plot(p, [1e3 * s.total for s in without_auto], "--", color=color("green"), label="model, passive")
    ax.set_xlabel("renal arterial pressure (mmHg)")
    ax.set_ylabel("renal blood flow (mL/min)")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left")
    return {"ax": ax, "animated": []}
