"""Figures for section 3.1: two parallel pipes with inertia and a valve step."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fluxlib.models.pipes import UnsteadyValveStepResult, ValveStepResult
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color


def _two_axes(fig: Figure) -> Sequence[Axes]:
    """Lay out two axes side by side in ``fig``."""
    return tuple(fig.subplots(1, 2))


def _valve_curves(res: ValveStepResult) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The data of every moving curve of :func:`plot_valve_step`, by artist name."""
    t = np.r_[-0.1 * res.t[-1], 0.0, res.t]
    k = slice(None, None, max(1, len(res.t) // 12))
    qb0 = res.Q_total - res.Q_A_before
    return {
        "QA": (t, 1e6 * np.r_[res.Q_A_before, res.Q_A_before, res.Q_A]),
        "QB": (t, 1e6 * np.r_[qb0, qb0, res.Q_B]),
        "QA_exact": (res.t[k], 1e6 * res.Q_A_exact[k]),
        "dP": (t, 1e-3 * np.r_[res.dP_before, res.dP_before, res.dP]),
        "dP_exact": (res.t[k], 1e-3 * res.dP_exact[k]),
        "tau": (np.array([res.tau, res.tau]), np.array([0, 1e-3 * max(res.dP_exact[0], res.dP_before)])),
    }


def plot_valve_step(
    res: ValveStepResult,
    *,
    t_range: tuple[float, float] | None = None,
    Q_range: tuple[float, float] | None = None,
    dP_range: tuple[float, float] | None = None,
    ax: AxLike = None,
) -> PlotHandle:
    """Branch flows (mL s⁻¹) and the pressure drop (kPa) after the valve step.

    The network solve is drawn as lines and the closed form as dots; the steady state before
    the step is drawn at t < 0. ``t_range`` (s), ``Q_range`` (mL s⁻¹) and ``dP_range`` (kPa)
    fix the axes (a panel keeps them still while the slider moves). ``handle.update(res)``
    moves every curve to another result.
    """
    fig, (ax_q, ax_p) = axes_for(ax, layout=_two_axes, figsize=(9.0, 3.2))
    d = _valve_curves(res)
    (la,) = ax_q.plot(*d["QA"], color=color("vermillion"), label="branch A (valve)")
    (lb,) = ax_q.plot(*d["QB"], color=color("blue"), label="branch B")
    (xa,) = ax_q.plot(*d["QA_exact"], "o", ms=4, color="0.2", label="closed form")
    ax_q.axvline(0, color="0.5", lw=0.8)
    ax_q.set_xlabel("time since the step t (s)")
    ax_q.set_ylabel("branch flow Q (mL/s)")
    ax_q.legend(loc="center right")
    (lp,) = ax_p.plot(*d["dP"], color=color("green"), label="network solve")
    (xp,) = ax_p.plot(*d["dP_exact"], "o", ms=4, color="0.2", label="closed form")
    (tau,) = ax_p.plot(*d["tau"], ":", color="0.3")
    ax_p.axvline(0, color="0.5", lw=0.8)
    ax_p.set_xlabel("time since the step t (s)")
    ax_p.set_ylabel("pressure drop ΔP (kPa)")
    ax_p.legend(loc="upper right")
    if Q_range is not None:
        ax_q.set_ylim(*Q_range)
    if t_range is not None:
        ax_q.set_xlim(*t_range)
        ax_p.set_xlim(*t_range)
    if dP_range is not None:
        ax_p.set_ylim(*dP_range)
    artists = {"QA": la, "QB": lb, "QA_exact": xa, "dP": lp, "dP_exact": xp, "tau": tau}
    return PlotHandle(fig, (ax_q, ax_p), artists, animated=list(artists.values()), update=_update_valve_step)


def _update_valve_step(handle: PlotHandle, res: ValveStepResult) -> None:
    for name, (x, y) in _valve_curves(res).items():
        handle[name].set_data(x, y)


def plot_valve_unsteady(
    unsteady: UnsteadyValveStepResult,
    lumped: ValveStepResult,
    *,
    beta: ValveStepResult | None = None,
    ax: AxLike = None,
) -> PlotHandle:
    """Branch A's flow (mL s⁻¹) after the valve step, unsteady beside lumped.

    The unsteady radial solution (``unsteady``) beside the lumped model (``lumped``) and, if
    given, the lumped model with β = 4/3 (``beta``). A static figure: ``handle.update``
    replots.
    """
    fig, (ax,) = axes_for(ax, figsize=(7.0, 3.2))
    (lu,) = ax.plot(
        unsteady.t, 1e6 * unsteady.Q_A, color=color("blue"), lw=2.0, label="unsteady radial solution"
    )
    (ll,) = ax.plot(lumped.t, 1e6 * lumped.Q_A, "--", color=color("vermillion"), label="lumped, L = ρℓ/A")
    artists = {"unsteady": lu, "lumped": ll}
    if beta is not None:
        (lb,) = ax.plot(beta.t, 1e6 * beta.Q_A, ":", color="0.2", label="lumped, inertance × 4/3")
        artists["beta"] = lb
    ax.axhline(1e6 * unsteady.Q_A_after, color="0.6", lw=0.8)
    ax.set_xlim(0, unsteady.t[-1])
    ax.set_xlabel("time since the step t (s)")
    ax.set_ylabel("flow in branch A (mL/s)")
    ax.legend(loc="upper right")
    return PlotHandle(fig, (ax,), artists, replot=plot_valve_unsteady)


def plot_profiles(
    unsteady: UnsteadyValveStepResult, times: Sequence[float], *, ax: AxLike = None
) -> PlotHandle:
    """How far pipe A's velocity profile departs from the parabola that carries the same flow.

    u(r, t) - 2Q(t)/(πa²) (1 - r²/a²) in mm s⁻¹, at ``times`` (s) of an unsteady valve step:
    zero for the lumped model's assumption. A static figure: ``handle.update`` replots.
    """
    fig, (ax,) = axes_for(ax, figsize=(7.0, 3.2))
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
    return PlotHandle(fig, (ax,), {"lines": lines}, replot=plot_profiles)
