"""Figures for section 3.1: two parallel pipes with inertia and a valve step."""

from __future__ import annotations

import numpy as np

from fluxlib.plotting.base import color, new_figure


def _axes(ax, ncols=1, figsize=(7.0, 3.2)):
    if ax is not None:
        return ax
    _, axes = new_figure(1, ncols, figsize=figsize)
    return axes


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
