"""Figures for chapter 3, sections 3.1 to 3.4 (pipes, dive, kidney, metapopulation).

Each function takes a model result and optional axes, labels the axes with units and returns
a dict of the artists it made, with ``"animated"`` listing those a panel moves.
"""

from __future__ import annotations

import numpy as np

from fluxlib.plotting.base import color, new_figure


def _axes(ax, ncols=1, figsize=(7.0, 3.2)):
    if ax is not None:
        return ax
    _, axes = new_figure(1, ncols, figsize=figsize)
    return axes


# --- 3.1 -------------------------------------------------------------------------------------
def plot_valve_step(res, *, axes=None) -> dict:
    """Branch flows (mL s⁻¹) and the pressure drop (kPa) after the valve step, network solve as
    lines and the closed form as dots; the steady state before the step is drawn at t < 0."""
    ax_q, ax_p = _axes(axes, 2, (9.0, 3.2))
    t = np.r_[-0.1 * res.t[-1], 0.0, res.t]
    qa = 1e6 * np.r_[res.Q_A_before, res.Q_A_before, res.Q_A]
    qb = 1e6 * np.r_[res.Q_total - res.Q_A_before, res.Q_total - res.Q_A_before, res.Q_B]
    dp = 1e-3 * np.r_[res.dP_before, res.dP_before, res.dP]
    (la,) = ax_q.plot(t, qa, color=color("vermillion"), label="branch A (valve)")
    (lb,) = ax_q.plot(t, qb, color=color("blue"), label="branch B")
    k = slice(None, None, max(1, len(res.t) // 12))
    (xa,) = ax_q.plot(res.t[k], 1e6 * res.Q_A_exact[k], "o", ms=4, color="0.2", label="closed form")
    ax_q.axvline(0, color="0.5", lw=0.8)
    ax_q.set_xlabel("time since the step t (s)")
    ax_q.set_ylabel("branch flow Q (mL/s)")
    ax_q.legend(loc="center right")
    (lp,) = ax_p.plot(t, dp, color=color("green"), label="network solve")
    (xp,) = ax_p.plot(res.t[k], 1e-3 * res.dP_exact[k], "o", ms=4, color="0.2", label="closed form")
    (tau,) = ax_p.plot([res.tau, res.tau], [0, 1e-3 * max(res.dP_exact[0], res.dP_before)], ":", color="0.3")
    ax_p.axvline(0, color="0.5", lw=0.8)
    ax_p.set_xlabel("time since the step t (s)")
    ax_p.set_ylabel("pressure drop ΔP (kPa)")
    ax_p.legend(loc="upper right")
    return {
        "axes": (ax_q, ax_p),
        "QA": la,
        "QB": lb,
        "QA_exact": xa,
        "dP": lp,
        "dP_exact": xp,
        "tau": tau,
        "animated": [la, lb, xa, lp, xp, tau],
    }


def update_valve_step(artists: dict, res) -> None:
    t = np.r_[-0.1 * res.t[-1], 0.0, res.t]
    k = slice(None, None, max(1, len(res.t) // 12))
    artists["QA"].set_data(t, 1e6 * np.r_[res.Q_A_before, res.Q_A_before, res.Q_A])
    qb0 = res.Q_total - res.Q_A_before
    artists["QB"].set_data(t, 1e6 * np.r_[qb0, qb0, res.Q_B])
    artists["QA_exact"].set_data(res.t[k], 1e6 * res.Q_A_exact[k])
    artists["dP"].set_data(t, 1e-3 * np.r_[res.dP_before, res.dP_before, res.dP])
    artists["dP_exact"].set_data(res.t[k], 1e-3 * res.dP_exact[k])
    artists["tau"].set_data([res.tau, res.tau], [0, 1e-3 * max(res.dP_exact[0], res.dP_before)])


def plot_valve_unsteady(unsteady, lumped, *, beta=None, ax=None) -> dict:
    """Branch A's flow (mL s⁻¹) after the valve step: the unsteady radial solution (``unsteady``,
    a :class:`~fluxlib.models.pipes.UnsteadyValveStep`) beside the lumped model (``lumped``, a
    ``ValveStep``) and, if given, the lumped model with β = 4/3 (``beta``)."""
    ax = _axes(ax)
    (lu,) = ax.plot(
        unsteady.t, 1e6 * unsteady.Q_A, color=color("blue"), lw=2.0, label="unsteady radial solution"
    )
    (ll,) = ax.plot(lumped.t, 1e6 * lumped.Q_A, "--", color=color("vermillion"), label="lumped, L = ρℓ/A")
    out = {"ax": ax, "unsteady": lu, "lumped": ll, "animated": []}
    if beta is not None:
        (lb,) = ax.plot(beta.t, 1e6 * beta.Q_A, ":", color="0.2", label="lumped, inertance × 4/3")
        out["beta"] = lb
    ax.axhline(1e6 * unsteady.Q_A_after, color="0.6", lw=0.8)
    ax.set_xlim(0, unsteady.t[-1])
    ax.set_xlabel("time since the step t (s)")
    ax.set_ylabel("flow in branch A (mL/s)")
    ax.legend(loc="upper right")
    return out


def plot_profiles(unsteady, times, *, ax=None) -> dict:
    """How far pipe A's velocity profile departs from the parabola that carries the same flow,
    u(r, t) - 2Q(t)/(πa²) (1 - r²/a²) in mm s⁻¹, at ``times`` (s) of an unsteady valve step.
    Zero for the lumped model's assumption."""
    ax = _axes(ax)
    a = unsteady.r_A[-1] + 0.5 * (unsteady.r_A[1] - unsteady.r_A[0])
    lines = []
    for j, tj in enumerate(times):
        i = int(np.argmin(np.abs(unsteady.t - tj)))
        parabola = 2 * unsteady.Q_A[i] / (np.pi * a**2) * (1 - (unsteady.r_A / a) ** 2)
        (ln,) = ax.plot(
            1e3 * unsteady.r_A,
            1e3 * (unsteady.u_A[i] - parabola),
            color=color(j),
            label=f"t = {unsteady.t[i]:.2g} s",
        )
        lines.append(ln)
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set_xlim(0, 1e3 * a)
    ax.set_xlabel("distance from the axis r (mm)")
    ax.set_ylabel("u minus the parabola (mm/s)")
    ax.legend(loc="upper right")
    return {"ax": ax, "lines": lines, "animated": []}


# --- 3.2 -------------------------------------------------------------------------------------
def plot_beds(state, *, rest=None, ax=None, ymax: float | None = None) -> dict:
    """Bar chart of organ flows (L min⁻¹) in a dive state; ``rest`` (another state) drawn as
    outlined bars behind. Autoregulated beds that could not meet their demand are hatched."""
    ax = _axes(ax)
    names = state.beds.names
    x = np.arange(len(names))
    if rest is not None:
        ax.bar(x, rest.beds.flow, width=0.8, fill=False, edgecolor="0.4", lw=1.0, label="at rest")
    bars = ax.bar(x, state.beds.flow, width=0.55, color=color("blue"), label="in the dive")
    ax.set_xticks(x, names)
    ax.set_ylabel("blood flow (L/min)")
    ax.legend(loc="upper left")
    if ymax is not None:
        ax.set_ylim(0, ymax)
    labels = [ax.text(xi, 0, "", ha="center", va="bottom", fontsize=8) for xi in x]
    _set_bed_bars(bars, labels, state)
    return {"ax": ax, "bars": bars, "labels": labels, "animated": [*bars, *labels]}


def _set_bed_bars(bars, labels, state):
    for bar, lab, q, s, lim in zip(
        bars, labels, state.beds.flow, state.beds.share, state.beds.limited, strict=True
    ):
        bar.set_height(q)
        bar.set_hatch("//" if lim else "")
        bar.set_facecolor(color("vermillion") if lim else color("blue"))
        lab.set_position((lab.get_position()[0], q))
        lab.set_text(f"{100 * s:.0f}%")


def update_beds(artists: dict, state) -> None:
    _set_bed_bars(artists["bars"], artists["labels"], state)


# --- 3.3 -------------------------------------------------------------------------------------
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


# --- 3.4 -------------------------------------------------------------------------------------
def plot_patches(eq, *, r, ax=None, isolated=None, ymax: float | None = None) -> dict:
    """Steady population of each patch (bars: green for sources, r > 0; vermillion for sinks)
    with the isolated patch's equilibrium outlined, and each patch's net immigration printed
    above its bar (individuals yr⁻¹). ``r``: the patches' growth rates (yr⁻¹)."""
    from matplotlib.patches import Patch

    ax = _axes(ax)
    x = np.arange(len(eq.names))
    if isolated is not None:
        ax.bar(x, isolated, width=0.8, fill=False, edgecolor="0.4", lw=1.0)
    cols = [color("green") if rj > 0 else color("vermillion") for rj in r]
    bars = ax.bar(x, eq.N, width=0.55, color=cols)
    ax.set_xticks(x, [n.replace(" ", "\n") for n in eq.names])
    ax.set_ylabel("steady population N* (individuals)")
    handles = [
        Patch(facecolor=color("green"), label="source (r > 0)"),
        Patch(facecolor=color("vermillion"), label="sink (r < 0)"),
    ]
    if isolated is not None:
        handles.append(Patch(fill=False, edgecolor="0.4", label="if isolated"))
    ax.legend(handles=handles, loc="upper right")
    if ymax is not None:
        ax.set_ylim(0, ymax)
    labels = [ax.text(xi, 0, "", ha="center", va="bottom", fontsize=8) for xi in x]
    _set_patch_bars(bars, labels, eq)
    return {"ax": ax, "bars": bars, "labels": labels, "animated": [*bars, *labels]}


def _set_patch_bars(bars, labels, eq):
    for bar, lab, n, f in zip(bars, labels, eq.N, eq.immigration, strict=True):
        bar.set_height(n)
        lab.set_position((lab.get_position()[0], n))
        lab.set_text(f"F = {f:+.0f}/yr")


def update_patches(artists: dict, eq) -> None:
    _set_patch_bars(artists["bars"], artists["labels"], eq)


def plot_trajectory(traj, *, ax=None, steady=None) -> dict:
    """Population of each patch over time (years); ``steady`` (an Equilibrium) as dotted lines."""
    ax = _axes(ax)
    lines = []
    for j, name in enumerate(traj.names):
        (ln,) = ax.plot(traj.t, traj.N[:, j], color=color(j), label=name)
        lines.append(ln)
        if steady is not None:
            ax.axhline(steady.N[j], color=color(j), ls=":", lw=1)
    ax.set_xlabel("time t (years)")
    ax.set_ylabel("population N (individuals)")
    ax.legend(loc="upper right", ncols=2)
    return {"ax": ax, "lines": lines, "animated": lines}
