"""Section 3.1: two parallel pipes with inertia, and a valve that suddenly closes in one.

A pipe of radius r (m) and length ℓ (m) carrying a liquid of viscosity μ (Pa s) and density ρ
(kg m⁻³) has the Poiseuille resistance R = 8μℓ/(πr⁴) (Pa s m⁻³) and the inertance
L = ρℓ/A = ρℓ/(πr²) (Pa s² m⁻³): its pressure drop is ΔP = RQ + L dQ/dt for a volume flow Q
(m³ s⁻¹, positive from the inlet to the outlet), the flow analogue of a resistor in series with
an inductor.

Where the lumped pipe holds. Poiseuille's R assumes the velocity profile keeps its steady
parabolic shape, which holds only for changes slower than the viscous time r²ρ/μ (25 s for a
5 mm radius of water): momentum takes that long to diffuse across the bore. A pipe's own time
L/R = r²ρ/(8μ) is eight times shorter, so a pipe left to itself always changes too fast for
its lumped law: the form (exponential relaxation) is right, the number is not. Results carry a
:mod:`fluxlib.validity` note saying so. The remedy is the unsteady radial solution
(:func:`valve_step_unsteady`): the axial momentum balance

    ρ ∂u/∂t = G(t) + μ (1/r) ∂/∂r (r ∂u/∂r),     u(r_wall) = 0,   ∂u/∂r (0) = 0,

for the velocity u(r, t) (m s⁻¹) driven by the pressure gradient G = ΔP/ℓ (Pa m⁻¹), solved on
the finite-volume core in cylindrical geometry (:func:`fluxlib.fv.solve_transient` with
c = u, D = ν = μ/ρ and source G/ρ); Q = 2π ∫ u r dr. The cross-section's momentum balance
ρℓ dQ/dt = A ΔP - (wall friction) is exact; what the lumped law gets wrong is the friction,
which lags the flow. For slow changes the lag acts like extra inertia: Womersley's impedance
expands as R + (4/3) L s, the lumped law with its inertance times 4/3 (the same number as the
parabola's momentum factor β), which ``momentum_factor`` offers.

The valve. A valve is short: closing it adds a resistance in series with its branch but
(nearly) no liquid, so it leaves the branch's inertance unchanged. We describe it by the
factor k by which it multiplies the branch's resistance; :func:`valve_factor` maps a valve
setting c (a dial, not a geometric fraction of the bore) to k = 1/(1 - c)². The valve is a
linear (viscous) resistance, its pressure drop proportional to the flow, like a short
capillary. That is a modelling choice, and at the flows of section 3.1 a poor one for a real
valve: to add (k - 1)R_A at a few mL/s a real valve must be nearly shut, many times the flow's
dynamic pressure ½ρu² (:func:`valve_loss_coefficient`), and the loss of such a nearly shut
valve is inertial, growing as Q², so the pressure jump and the time constant would differ.

Two branches A and B join an inlet node to an outlet node and share a fixed total flow Q. The
pair is a :class:`fluxlib.network.FlowNetwork` with two edges, solved by the network core's
transient solve with inertance. With fixed Q the branch flows obey

    (L_A + L_B) dQ_A/dt = R_B Q - (R_A + R_B) Q_A,

so after a valve step in A the flow relaxes to Q_A = R_B Q/(R_A + R_B) with time constant
τ = (L_A + L_B)/(R_A + R_B), and the pressure drop, ΔP = (L_B R_A Q_A + L_A R_B Q_B)/(L_A + L_B),
jumps at the instant of the step by L_B Q_A ΔR_A/(L_A + L_B) because the flows cannot jump.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.errors import FluxInputError, check_finite, check_positive
from fluxlib.fv import Grid, TransientResult
from fluxlib.network import FlowNetwork
from fluxlib.validity import ValidityNote, limit, notes

#: Reynolds number above which pipe flow is no longer reliably laminar.
RE_LAMINAR = 2000.0


@dataclass(frozen=True)
class Pipe:
    """A straight pipe.

    ``radius`` and ``length`` in m; the liquid's ``viscosity`` (Pa s) and ``density``
    (kg m⁻³). Defaults: a 10 m garden-hose-sized pipe of water at 20 °C.
    """

    radius: float = 5e-3
    length: float = 10.0
    viscosity: float = 1.0e-3
    density: float = 1000.0

    def __post_init__(self) -> None:
        check_positive("pipe radius r (m)", self.radius)
        check_positive("pipe length ℓ (m)", self.length)
        check_positive("viscosity μ (Pa s)", self.viscosity)
        check_positive("density ρ (kg/m³)", self.density)

    @property
    def area(self) -> float:
        """Cross-section πr², m²."""
        return float(np.pi * self.radius**2)

    @property
    def resistance(self) -> float:
        """Poiseuille resistance R = 8μℓ/(πr⁴), Pa s m⁻³."""
        return float(8 * self.viscosity * self.length / (np.pi * self.radius**4))

    @property
    def inertance(self) -> float:
        """Inertance L = ρℓ/A, Pa s² m⁻³."""
        return float(self.density * self.length / self.area)

    def reynolds(self, flow: float) -> float:
        """Reynolds number 2ρ|Q|/(πrμ) at volume flow ``flow`` (m³ s⁻¹); laminar below about 2000."""
        return float(2 * self.density * abs(flow) / (np.pi * self.radius * self.viscosity))

    @property
    def viscous_time(self) -> float:
        """r²ρ/μ (s): how long momentum takes to diffuse across the bore."""
        return float(self.radius**2 * self.density / self.viscosity)

    @property
    def own_time(self) -> float:
        """L/R = r²ρ/(8μ) (s), a pipe's own lumped time constant.

        Eight times shorter than the viscous time.
        """
        return self.inertance / self.resistance


def lumped_validity(
    pipes: Sequence[Pipe], timescale: float, *, flows: Sequence[float] = ()
) -> tuple[ValidityNote, ...]:
    """Validity notes for a lumped-pipe result.

    The result changes on ``timescale`` (s) with the given ``flows`` (m³ s⁻¹, one per pipe,
    or empty): a note when the time scale is shorter than the slowest pipe's viscous time
    r²ρ/μ, and when a flow is past laminar.
    """
    slow = max(pipes, key=lambda p: p.viscous_time)
    res = [
        limit(
            "time scale of the change (s)",
            timescale,
            below=slow.viscous_time,
            why="the lumped pipe (Poiseuille R, inertance ρℓ/A) assumes the velocity profile "
            f"keeps its parabolic shape, which needs changes slower than the viscous time "
            f"r²ρ/μ = {slow.viscous_time:.3g} s; the unsteady radial solution gives the real transient",
        )
    ]
    for p, q in zip(pipes, flows, strict=False):
        res.append(
            limit(
                "Reynolds number Re",
                p.reynolds(q),
                above=RE_LAMINAR,
                why="past Re ~ 2000 pipe flow turns turbulent and Poiseuille's law no longer holds",
            )
        )
    return notes(*res)


def valve_factor(closure: float) -> float:
    """How much a valve multiplies a branch's resistance.

    ``closure`` is a valve setting c (0 = open; 1 would shut the branch), not a geometric
    fraction of the bore: the factor is 1/(1 - c)². The valve is modelled as a linear
    (viscous) resistance, pressure drop proportional to flow, and no inertance. A real valve
    that adds this much resistance at the section's flows is nearly shut and loses pressure
    with the square of the flow (see the module docstring and :func:`valve_loss_coefficient`).
    """
    c = float(check_finite("valve closure", closure))
    if not 0 <= c < 1:
        raise FluxInputError(
            f"valve closure must be in [0, 1): 0 is fully open and 1 would stop branch A entirely, got {c}"
        )
    return 1.0 / (1.0 - c) ** 2


def valve_loss_coefficient(closure: float, flow: float, *, pipe: Pipe = Pipe()) -> float:
    """The loss coefficient K a real valve would need to act as this linear valve.

    At setting ``closure`` the linear valve adds ΔP_v = (k - 1) R Q to ``pipe`` (resistance R)
    carrying ``flow`` Q (m³ s⁻¹); K = ΔP_v/(½ρu²) with u = Q/A the mean speed in the pipe.
    K of order one is an open valve; K in the hundreds is a nearly shut one, whose loss grows
    as Q² rather than Q.
    """
    q = float(check_positive("flow through the valve Q (m³/s)", flow))
    dp_valve = (valve_factor(closure) - 1.0) * pipe.resistance * q
    u = q / pipe.area
    return dp_valve / (0.5 * pipe.density * u**2)


@dataclass(frozen=True)
class ValveStepResult:
    """Response to a valve step in branch A at t = 0.

    ``t`` (s); ``Q_A``, ``Q_B`` (m³ s⁻¹, + inlet → outlet) from the network solve; ``dP``
    (Pa, inlet minus outlet); closed forms ``Q_A_exact`` and ``dP_exact``; ``tau`` (s);
    ``Q_A_before``, ``Q_A_after`` (steady split before and long after, m³ s⁻¹);
    ``dP_before``, ``dP_jump`` (Pa: pressure drop before the step, and its jump at t = 0⁺);
    ``R`` and ``L`` (R_A after the step, R_B; L_A, L_B, including ``momentum_factor``);
    ``validity``: notes when the lumped model is used outside its assumptions (always for a
    valve step between two pipes: τ is below the viscous time, see the module docstring).
    """

    t: np.ndarray
    Q_A: np.ndarray
    Q_B: np.ndarray
    dP: np.ndarray
    Q_A_exact: np.ndarray
    dP_exact: np.ndarray
    tau: float
    Q_total: float
    Q_A_before: float
    Q_A_after: float
    dP_before: float
    dP_jump: float
    R: tuple[float, float]
    L: tuple[float, float]
    validity: tuple[ValidityNote, ...] = ()

    def summary(self) -> str:
        """One sentence: the time constant, A's flow before and after, and the pressure jump."""
        return (
            f"τ = {self.tau:.2f} s; branch A goes from {1e6 * self.Q_A_before:.2f} to "
            f"{1e6 * self.Q_A_after:.2f} mL/s; the pressure drop jumps by {self.dP_jump / 1e3:+.2f} kPa "
            f"at the step (from {self.dP_before / 1e3:.2f} kPa)."
        )


def two_branches() -> FlowNetwork:
    """The network: edges A and B both from ``"inlet"`` to ``"outlet"``."""
    return FlowNetwork([("inlet", "outlet"), ("inlet", "outlet")])


def closed_form(
    times: ArrayLike, *, Q: float, R_A: float, R_B: float, L_A: float, L_B: float, Q_A0: float
) -> tuple[np.ndarray, np.ndarray, float]:
    """Q_A(t) and ΔP(t) at ``times`` t > 0 from the derivation (SI units), and τ."""
    tau = (L_A + L_B) / (R_A + R_B)
    q_inf = R_B * Q / (R_A + R_B)
    qa = q_inf + (Q_A0 - q_inf) * np.exp(-np.asarray(times, float) / tau)
    dp = (L_B * R_A * qa + L_A * R_B * (Q - qa)) / (L_A + L_B)
    return qa, dp, tau


def valve_step(
    closure: float,
    *,
    pipe_A: Pipe = Pipe(),
    pipe_B: Pipe = Pipe(radius=4e-3),
    flow: float = 1.0e-5,
    times: ArrayLike | None = None,
    momentum_factor: float = 1.0,
) -> ValveStepResult:
    """The response of two parallel branches to a valve step in A.

    The branches are in steady state carrying ``flow`` (m³ s⁻¹) in total; at t = 0 a valve in
    A is set to ``closure`` (:func:`valve_factor`), multiplying R_A by 1/(1 - closure)². Solved on the network core's transient solve
    with inertance and compared with the closed form, at the output ``times`` (s, from 0;
    default 200 times over five time constants). ``momentum_factor`` β multiplies both
    inertances (1: plug flow, the textbook ρℓ/A; 4/3: the slow-change limit of the unsteady
    radial solution).
    """
    check_positive("total flow Q (m³/s)", flow)
    beta = float(check_positive("momentum factor β", momentum_factor))
    k = valve_factor(closure)
    RA0, RB = pipe_A.resistance, pipe_B.resistance
    RA = RA0 * k
    LA, LB = beta * pipe_A.inertance, beta * pipe_B.inertance
    qa0 = RB * flow / (RA0 + RB)
    dp0 = RA0 * qa0
    tau = (LA + LB) / (RA + RB)
    t = np.linspace(0.0, 5 * tau, 200) if times is None else _times_from_step(times)
    qa_x, dp_x, _ = closed_form(t, Q=flow, R_A=RA, R_B=RB, L_A=LA, L_B=LB, Q_A0=qa0)
    qa, qb, dp = _network_transient(t, flow, (RA, RB), (LA, LB), (qa0, flow - qa0))
    return ValveStepResult(
        t=t,
        Q_A=qa,
        Q_B=qb,
        dP=dp,
        Q_A_exact=qa_x,
        dP_exact=dp_x,
        tau=tau,
        Q_total=flow,
        Q_A_before=qa0,
        Q_A_after=RB * flow / (RA + RB),
        dP_before=dp0,
        dP_jump=LB * qa0 * (RA - RA0) / (LA + LB),
        R=(RA, RB),
        L=(LA, LB),
        validity=lumped_validity((pipe_A, pipe_B), tau, flows=(qa0, flow - qa0)),
    )


def _times_from_step(times: ArrayLike) -> np.ndarray:
    """Output times (s) checked: finite, strictly increasing, starting at the step, t = 0."""
    t = np.atleast_1d(check_finite("output times (s)", times))
    if t.ndim != 1 or t.size < 2:
        raise FluxInputError(
            f"times must be a 1-D array of at least two output times (s), got shape {t.shape}"
        )
    if t[0] != 0.0:
        raise FluxInputError(f"times must start at the valve step, t = 0 s, got times[0] = {t[0]:g} s")
    if np.any(np.diff(t) <= 0):
        k = int(np.flatnonzero(np.diff(t) <= 0)[0])
        raise FluxInputError(
            f"times must be strictly increasing, got times[{k + 1}] = {t[k + 1]:g} s after times[{k}] = {t[k]:g} s"
        )
    return t


def _network_transient(
    t: np.ndarray, flow: float, R: tuple[float, float], L: tuple[float, float], q0: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Branch flows and pressure drop over ``t`` from the core's transient network solve."""
    net = two_branches()
    sol = net.solve_transient({"inlet": flow, "outlet": -flow}, list(R), list(L), list(q0), t)
    i, o = net.nodes.index("inlet"), net.nodes.index("outlet")
    return sol.flow[:, 0], sol.flow[:, 1], sol.potential[:, i] - sol.potential[:, o]


# --- the unsteady radial solution ------------------------------------------------------------
@dataclass(frozen=True)
class UnsteadyValveStepResult:
    """The valve step with each pipe's velocity profile solved in r and t.

    ``t`` (s); ``Q_A``, ``Q_B`` (m³ s⁻¹, + inlet → outlet); ``dP`` (Pa, inlet minus outlet);
    ``r_A``, ``r_B`` (cell centres, m) and ``u_A``, ``u_B`` (m s⁻¹, one profile per time);
    ``Q_A_before``, ``Q_A_after`` (steady splits, m³ s⁻¹); ``e_fold_time`` (s, when A's
    departure from its final flow first falls to 1/e of its initial value); ``late_tau`` (s, the
    time constant of the slowest decay, fitted over the last 40 % of the run);
    ``lumped_tau`` (s, (L_A + L_B)/(R_A + R_B)) and ``lumped_tau_beta`` (s, the same with the
    inertances times 4/3).
    """

    t: np.ndarray
    Q_A: np.ndarray
    Q_B: np.ndarray
    dP: np.ndarray
    r_A: np.ndarray
    r_B: np.ndarray
    u_A: np.ndarray
    u_B: np.ndarray
    Q_A_before: float
    Q_A_after: float
    e_fold_time: float
    late_tau: float
    lumped_tau: float
    lumped_tau_beta: float


def pipe_grid(pipe: Pipe, *, n: int = 60) -> Grid:
    """A radial finite-volume grid of ``n`` cells from the axis to the wall of ``pipe``."""
    return Grid.uniform(0.0, pipe.radius, int(n), geometry="cylindrical")


def startup_flow(
    pipe: Pipe, gradient: float, times: ArrayLike, *, n: int = 60, dt: float | None = None
) -> tuple[np.ndarray, TransientResult]:
    """Flow Q(t) (m³ s⁻¹) in ``pipe`` started from rest by a pressure gradient.

    The gradient ``gradient`` (Pa m⁻¹, pushing toward + z) is switched on at t = 0; the flow
    at the output ``times`` (s) comes from the unsteady radial solution on the finite-volume
    core with ``n`` cells. Returns (Q, fv result).
    """
    from fluxlib import fv

    g = pipe_grid(pipe, n=n)
    nu = pipe.viscosity / pipe.density
    t = np.asarray(times, float)
    step = dt if dt is not None else float(g.widths[0] ** 2 / nu)
    res = fv.solve_transient(
        g, nu, 0.0, t, left=fv.Flux(0.0), right=fv.Fixed(0.0), source=gradient / pipe.density, dt=step
    )
    return 2 * np.pi * res.c @ g.volumes, res


def _evolution(pipe: Pipe, n: int, h: float, dt: float) -> tuple[Grid, np.ndarray, np.ndarray]:
    """The finite-volume core's linear map over one interval h.

    u(h) = E u(0) + W G, with E (n × n) the free viscous evolution and W (n) the response to a
    unit gradient (1 Pa/m) from rest. Built column by column from
    :func:`fluxlib.fv.solve_transient`.
    """
    from fluxlib import fv

    g = pipe_grid(pipe, n=n)
    nu = pipe.viscosity / pipe.density
    left, right = fv.Flux(0.0), fv.Fixed(0.0)
    E = np.empty((g.n, g.n))
    for j in range(g.n):
        E[:, j] = fv.solve_transient(g, nu, np.eye(g.n)[j], [0.0, h], left=left, right=right, dt=dt).c[-1]
    W = fv.solve_transient(g, nu, 0.0, [0.0, h], left=left, right=right, source=1.0 / pipe.density, dt=dt).c[
        -1
    ]
    return g, E, W


def valve_step_unsteady(
    closure: float,
    *,
    pipe_A: Pipe = Pipe(),
    pipe_B: Pipe = Pipe(radius=4e-3),
    flow: float = 1.0e-5,
    times: ArrayLike | None = None,
    n: int = 200,
    steps_per_tau: int = 400,
) -> UnsteadyValveStepResult:
    """The valve step of :func:`valve_step` with each pipe's velocity profile solved in r and t.

    Each pipe has ``n`` radial cells. Both pipes start with their steady parabolic profiles. At t = 0 the valve adds the
    resistance (k - 1) R_A in series with pipe A (no inertance). Over each short interval h
    (``steps_per_tau`` per lumped time constant) the gradients G_A, G_B in the two pipes are
    held constant and chosen so that at its end the flows add up to ``flow`` and both branches
    see the same pressure drop, ℓ_A G_A + R_valve Q_A = ℓ_B G_B (first order in h). Each pipe's
    profile advances by the finite-volume core's linear map (:func:`_evolution`).
    The output ``times`` (s, from 0) default to every step over eight lumped time constants;
    other times are interpolated linearly between steps (the fitted times ``e_fold_time``
    and ``late_tau`` always use every step).
    """
    check_positive("total flow Q (m³/s)", flow)
    k = valve_factor(closure)
    RA0, RB = pipe_A.resistance, pipe_B.resistance
    R_valve = (k - 1.0) * RA0
    LA, LB = pipe_A.inertance, pipe_B.inertance
    tau = (LA + LB) / (RA0 * k + RB)
    out = None if times is None else _times_from_step(times)
    T = 8 * tau if out is None else float(out[-1])
    nsteps = max(1, int(np.ceil(T / tau * steps_per_tau)))
    h = T / nsteps
    qa0 = RB * flow / (RA0 + RB)
    dp0 = RA0 * qa0
    maps = []
    state = []
    for pipe in (pipe_A, pipe_B):
        g0 = pipe_grid(pipe, n=n)
        nu = pipe.viscosity / pipe.density
        dt = min(h, float(g0.widths[0] ** 2 / nu))
        g, E, W = _evolution(pipe, n, h, dt)
        maps.append((g, E, W, 2 * np.pi * g.volumes))
        r = g.centers
        G0 = dp0 / pipe.length
        state.append(G0 / (4 * pipe.viscosity) * (pipe.radius**2 - r**2))  # Poiseuille profile
    ell_A, ell_B = pipe_A.length, pipe_B.length
    t = np.arange(nsteps + 1) * h
    QA, QB, dP = np.empty(nsteps + 1), np.empty(nsteps + 1), np.empty(nsteps + 1)
    UA, UB = np.empty((nsteps + 1, n)), np.empty((nsteps + 1, n))
    QA[0], QB[0], dP[0] = qa0, flow - qa0, dp0
    UA[0], UB[0] = state
    wA, wB = maps[0][3], maps[1][3]
    bA, bB = maps[0][2] @ wA, maps[1][2] @ wB  # flow gained per unit gradient over h
    for i in range(1, nsteps + 1):
        free = [m[1] @ u for m, u in zip(maps, state, strict=True)]
        aA, aB = free[0] @ wA, free[1] @ wB
        # [bA, bB; ℓ_A + R_valve bA, -ℓ_B] [G_A, G_B] = [Q - aA - aB, -R_valve aA]
        M = np.array([[bA, bB], [ell_A + R_valve * bA, -ell_B]])
        GA, GB = np.linalg.solve(M, [flow - aA - aB, -R_valve * aA])
        state = [free[0] + GA * maps[0][2], free[1] + GB * maps[1][2]]
        UA[i], UB[i] = state
        QA[i], QB[i] = state[0] @ wA, state[1] @ wB
        dP[i] = ell_B * GB
    qa_inf = RB * flow / (RA0 * k + RB)
    dev = (QA - qa_inf) / (qa0 - qa_inf)
    below = np.flatnonzero(dev <= np.exp(-1.0))
    if below.size:
        j = int(below[0])
        e_fold = float(np.interp(np.exp(-1.0), [dev[j], dev[j - 1]], [t[j], t[j - 1]]))
    else:
        e_fold = float("nan")
    late = t >= 0.6 * T
    slope = np.polyfit(t[late], np.log(np.abs(dev[late])), 1)[0]
    if out is not None:
        QA, QB, dP, UA, UB = (_interp_rows(out, t, a) for a in (QA, QB, dP, UA, UB))
        t = out
    return UnsteadyValveStepResult(
        t=t,
        Q_A=QA,
        Q_B=QB,
        dP=dP,
        r_A=maps[0][0].centers,
        r_B=maps[1][0].centers,
        u_A=UA,
        u_B=UB,
        Q_A_before=qa0,
        Q_A_after=qa_inf,
        e_fold_time=e_fold,
        late_tau=float(-1.0 / slope),
        lumped_tau=tau,
        lumped_tau_beta=4.0 / 3.0 * tau,
    )


def _interp_rows(times: np.ndarray, t: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` (one row per step time ``t``) interpolated linearly to ``times``."""
    if values.ndim == 1:
        return np.interp(times, t, values)
    return np.stack([np.interp(times, t, col) for col in values.T], axis=1)
