"""Section 3.1: two parallel pipes with inertia, and a valve that suddenly closes in one.

A pipe of radius r (m) and length ℓ (m) carrying a liquid of viscosity μ (Pa s) and density ρ
(kg m⁻³) has the Poiseuille resistance R = 8μℓ/(πr⁴) (Pa s m⁻³) and the inertance
L = ρℓ/A = ρℓ/(πr²) (Pa s² m⁻³): its pressure drop is ΔP = RQ + L dQ/dt for a volume flow Q
(m³ s⁻¹, positive from the inlet to the outlet), the flow analogue of a resistor in series with
an inductor. (Poiseuille's R assumes the velocity profile keeps up with the flow, which holds
for changes slower than about r²ρ/μ.)

Two branches A and B join an inlet node to an outlet node and share a fixed total flow Q. The
pair is a :class:`fluxlib.network.FlowNetwork` with two edges, solved by the network core's
transient solve with inertance. With fixed Q the branch flows obey

    (L_A + L_B) dQ_A/dt = R_B Q - (R_A + R_B) Q_A,

so after a valve step in A the flow relaxes to Q_A = R_B Q/(R_A + R_B) with time constant
τ = (L_A + L_B)/(R_A + R_B), and the pressure drop, ΔP = (L_B R_A Q_A + L_A R_B Q_B)/(L_A + L_B),
jumps at the instant of the step by L_B Q_A ΔR_A/(L_A + L_B) because the flows cannot jump.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fluxlib.errors import FluxInputError, check_finite, check_positive


@dataclass(frozen=True)
class Pipe:
    """A straight pipe: ``radius`` and ``length`` in m; the liquid's ``viscosity`` (Pa s) and
    ``density`` (kg m⁻³). Defaults: a 10 m garden-hose-sized pipe of water at 20 °C."""

    radius: float = 5e-3
    length: float = 10.0
    viscosity: float = 1.0e-3
    density: float = 1000.0

    def __post_init__(self):
        check_positive("pipe radius r (m)", self.radius)
        check_positive("pipe length ℓ (m)", self.length)
        check_positive("viscosity μ (Pa s)", self.viscosity)
        check_positive("density ρ (kg/m³)", self.density)

    @property
    def area(self) -> float:
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


def valve_factor(closure: float) -> float:
    """How much a valve multiplies a branch's resistance when it closes a fraction ``closure``
    of the bore (0 = open, 1 = shut): 1/(1 - closure)², the Poiseuille scaling R ∝ 1/A²."""
    c = float(check_finite("valve closure", closure))
    if not 0 <= c < 1:
        raise FluxInputError(
            f"valve closure must be in [0, 1): 0 is fully open and 1 would stop branch A entirely, got {c}"
        )
    return 1.0 / (1.0 - c) ** 2


@dataclass(frozen=True)
class ValveStep:
    """Response to a valve step in branch A at t = 0.

    ``t`` (s); ``Q_A``, ``Q_B`` (m³ s⁻¹, + inlet → outlet) from the network solve; ``dP``
    (Pa, inlet minus outlet); closed forms ``Q_A_exact`` and ``dP_exact``; ``tau`` (s);
    ``Q_A_before``, ``Q_A_after`` (steady split before and long after, m³ s⁻¹);
    ``dP_before``, ``dP_jump`` (Pa: pressure drop before the step, and its jump at t = 0⁺);
    ``R`` and ``L`` (R_A after the step, R_B; L_A, L_B).
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
    R: tuple
    L: tuple

    def summary(self) -> str:
        return (
            f"τ = {self.tau:.2f} s; branch A goes from {1e6 * self.Q_A_before:.2f} to "
            f"{1e6 * self.Q_A_after:.2f} mL/s; the pressure drop jumps by {self.dP_jump / 1e3:+.2f} kPa "
            f"at the step (from {self.dP_before / 1e3:.2f} kPa)."
        )


def two_branches():
    """The network: edges A and B both from ``"inlet"`` to ``"outlet"``."""
    from fluxlib.network import FlowNetwork

    return FlowNetwork([("inlet", "outlet"), ("inlet", "outlet")])


def closed_form(t, *, Q, R_A, R_B, L_A, L_B, Q_A0):
    """Q_A(t) and ΔP(t) for t > 0 from the derivation (SI units)."""
    tau = (L_A + L_B) / (R_A + R_B)
    q_inf = R_B * Q / (R_A + R_B)
    qa = q_inf + (Q_A0 - q_inf) * np.exp(-np.asarray(t, float) / tau)
    dp = (L_B * R_A * qa + L_A * R_B * (Q - qa)) / (L_A + L_B)
    return qa, dp, tau


def valve_step(
    closure: float,
    *,
    pipe_A: Pipe = Pipe(),
    pipe_B: Pipe = Pipe(radius=4e-3),
    flow: float = 1.0e-5,
    t_end: float | None = None,
    n: int = 200,
) -> ValveStep:
    """Branches in steady state carrying ``flow`` (m³ s⁻¹) in total; at t = 0 a valve in A closes
    a fraction ``closure`` of its bore. Solved on the network core's transient solve with
    inertance and compared with the closed form. ``t_end`` defaults to five time constants.
    """
    check_positive("total flow Q (m³/s)", flow)
    k = valve_factor(closure)
    RA0, RB = pipe_A.resistance, pipe_B.resistance
    RA = RA0 * k
    LA, LB = pipe_A.inertance, pipe_B.inertance
    qa0 = RB * flow / (RA0 + RB)
    dp0 = RA0 * qa0
    tau = (LA + LB) / (RA + RB)
    t = np.linspace(0.0, 5 * tau if t_end is None else float(check_positive("end time (s)", t_end)), n)
    qa_x, dp_x, _ = closed_form(t, Q=flow, R_A=RA, R_B=RB, L_A=LA, L_B=LB, Q_A0=qa0)
    qa, qb, dp = _network_transient(t, flow, (RA, RB), (LA, LB), (qa0, flow - qa0))
    return ValveStep(
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
    )


def _network_transient(t, flow, R, L, q0):
    """Branch flows and pressure drop over ``t`` from the core's transient network solve."""
    net = two_branches()
    sol = net.solve_transient({"inlet": flow, "outlet": -flow}, list(R), list(L), list(q0), t)
    i, o = net.nodes.index("inlet"), net.nodes.index("outlet")
    return sol.flow[:, 0], sol.flow[:, 1], sol.potential[:, i] - sol.potential[:, o]
