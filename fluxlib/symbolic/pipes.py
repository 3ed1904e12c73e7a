"""Section 3.1: the derivations behind two parallel pipes with inertia.

Two parallel branches between the same two nodes carry a fixed total flow Q (m³ s⁻¹). Each
branch obeys ΔP = Rᵢ Qᵢ + Lᵢ dQᵢ/dt (resistance Rᵢ in Pa s m⁻³, inertance Lᵢ in Pa s² m⁻³).
Eliminating ΔP and Q_B = Q - Q_A gives

    (L_A + L_B) dQ_A/dt = R_B Q - (R_A + R_B) Q_A,

so Q_A relaxes to R_B Q/(R_A + R_B) with time constant τ = (L_A + L_B)/(R_A + R_B). Weighting
the two branch laws by L_B and L_A and adding cancels the derivatives (dQ_A/dt + dQ_B/dt = 0),
so ΔP = (L_B R_A Q_A + L_A R_B Q_B)/(L_A + L_B): a sudden change of R_A at fixed Q_A makes the
pressure jump by L_B Q_A ΔR_A/(L_A + L_B).
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

t = sp.Symbol("t", nonnegative=True)
Q, R_A, R_B, L_A, L_B = sp.symbols("Q R_A R_B L_A L_B", positive=True)
mu, rho, ell, r = sp.symbols("mu rho ell r", positive=True)


def branch_relaxation() -> Derivation:
    """The ODE for Q_A in two parallel branches at fixed total flow, its solution and τ.

    ``result`` is Q_A(t) starting from ``Q_A0`` at t = 0 (symbol in ``symbols["Q_A0"]``).
    ``extra``: ``"ode_rhs"`` (dQ_A/dt as a function of Q_A), ``"tau"``, ``"Q_inf"``.
    """
    QA = sp.Function("Q_A")(t)
    QA0 = sp.Symbol("Q_A0", positive=True)
    dP = sp.Symbol(r"\Delta P")
    d = Derivation(
        "Two branches sharing a fixed flow",
        symbols={"Q": Q, "R_A": R_A, "R_B": R_B, "L_A": L_A, "L_B": L_B, "t": t, "Q_A0": QA0},
    )
    QB = Q - QA
    d.step(dP, R_A * QA + L_A * sp.diff(QA, t), "branch A: friction plus acceleration")
    d.step(dP, R_B * QB + L_B * sp.diff(QB, t), "branch B carries the rest, Q_B = Q - Q_A")
    rate = sp.solve(sp.Eq(R_A * QA + L_A * sp.diff(QA, t), R_B * QB + L_B * sp.diff(QB, t)), sp.diff(QA, t))[
        0
    ]
    rate = sp.simplify(rate)
    d.step(sp.Derivative(QA, t), rate, "same ΔP across both: solve for the rate")
    tau = sp.simplify(-1 / sp.diff(rate, QA))
    q_inf = sp.solve(sp.Eq(rate, 0), QA)[0]
    d.step(r"\tau", tau, "the time constant: inertance over resistance, both summed")
    d.step(r"Q_A(\infty)", q_inf, "steady split: the other branch's resistance on top")
    sol = q_inf + (QA0 - q_inf) * sp.exp(-t / tau)
    check = sp.simplify(sp.diff(sol, t) - rate.subs(QA, sol))
    d.step(QA, sol, "exponential relaxation" + ("" if check == 0 else " (check failed)"))
    d.extra.update(ode_rhs=rate, tau=tau, Q_inf=q_inf, function=QA)
    return d


def pressure_jump() -> Derivation:
    """ΔP in terms of the branch flows alone, and its jump when R_A steps by ΔR_A at fixed flows.

    ``result`` is the jump L_B Q_A ΔR_A/(L_A + L_B). ``extra["dP"]`` is ΔP(Q_A, Q_B).
    """
    QA, QB, dA, dB = sp.symbols("Q_A Q_B \\dot{Q}_A \\dot{Q}_B")
    dR = sp.Symbol(r"\Delta R_A")
    dP = sp.Symbol(r"\Delta P")
    d = Derivation("The pressure at the instant of the step", symbols={"Q_A": QA, "Q_B": QB, "dR": dR})
    eqs = [sp.Eq(dP, R_A * QA + L_A * dA), sp.Eq(dP, R_B * QB + L_B * dB), sp.Eq(dA + dB, 0)]
    d.step(r"\dot Q_A + \dot Q_B", 0, "the total flow is fixed")
    sol = sp.solve(eqs, [dP, dA, dB], dict=True)[0]
    p = sp.simplify(sol[dP])
    d.step(dP, p, "weight the branch laws by L_B, L_A and add: derivatives cancel")
    jump = sp.simplify(p.subs(R_A, R_A + dR) - p)
    d.step(r"\Delta P(0^+) - \Delta P(0^-)", jump, "flows cannot jump, so only R_A changes")
    d.extra["dP"] = p
    return d


def pipe_coefficients() -> Derivation:
    """Poiseuille resistance and inertance of a pipe of radius r and length ℓ.

    ``result`` is the ratio L/R = ρ r²/(8 μ), the viscous time scale of one pipe (s).
    """
    d = Derivation("Resistance and inertance of a pipe", symbols={"mu": mu, "rho": rho, "ell": ell, "r": r})
    R = 8 * mu * ell / (sp.pi * r**4)
    L = rho * ell / (sp.pi * r**2)
    d.step("R", R, "Poiseuille: pressure drop per unit flow")
    d.step("L", L, "ρℓ/A: pressure per unit rate of change of flow")
    d.step("L/R", sp.simplify(L / R), "ratio: a viscous diffusion time r²/ν, over 8")
    d.extra.update(R=R, L=L)
    return d
