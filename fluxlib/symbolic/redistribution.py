"""Chapter 3, sections 3.1 to 3.4: the derivations behind flux redistribution.

3.1 Two parallel branches between the same two nodes carry a fixed total flow Q (m³ s⁻¹). Each
branch obeys ΔP = Rᵢ Qᵢ + Lᵢ dQᵢ/dt (resistance Rᵢ in Pa s m⁻³, inertance Lᵢ in Pa s² m⁻³).
Eliminating ΔP and Q_B = Q - Q_A gives

    (L_A + L_B) dQ_A/dt = R_B Q - (R_A + R_B) Q_A,

so Q_A relaxes to R_B Q/(R_A + R_B) with time constant τ = (L_A + L_B)/(R_A + R_B). Weighting
the two branch laws by L_B and L_A and adding cancels the derivatives (dQ_A/dt + dQ_B/dt = 0),
so ΔP = (L_B R_A Q_A + L_A R_B Q_B)/(L_A + L_B): a sudden change of R_A at fixed Q_A makes the
pressure jump by L_B Q_A ΔR_A/(L_A + L_B).

3.2 Beds in parallel share one pressure drop ΔP, so Qᵢ = Gᵢ ΔP and the share of bed i is
Gᵢ/ΣG: a bed's share rises if every other bed constricts.

3.4 A patch with logistic growth and a constant net immigration F: dN/dt = r N (1 - N/K) + F.
Its positive equilibrium N* = K/2 (1 + sqrt(1 + 4F/(rK))) for r > 0, and for a sink (r < 0)
the same root still exists and is positive whenever F > 0: immigration rescues it.
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


def parallel_share(n: int = 3) -> Derivation:
    """Share of flow of bed 1 among ``n`` beds in parallel fed by a total flow Q.

    ``result`` is the share G₁/(G₁ + c(G₂ + … + Gₙ)) when every other bed's conductance is
    multiplied by c; ``extra["share"]`` is the plain share G₁/(G₁ + … + Gₙ) (c = 1).
    """
    G = sp.symbols(f"G_1:{n + 1}", positive=True)
    dP = sp.Symbol(r"\Delta P", positive=True)
    c = sp.Symbol("c", positive=True)
    d = Derivation("The share of a parallel bed", symbols={"G": G, "Q": Q, "c": c})
    d.step("Q_i", sp.Symbol("G_i") * dP, "every bed sees the same pressure drop")
    dp = sp.solve(sp.Eq(sum(g * dP for g in G), Q), dP)[0]
    d.step(dP, dp, "the beds together carry Q")
    share = sp.simplify(G[0] * dp / Q)
    d.step("Q_1/Q", share, "bed 1's share: its conductance over the total")
    constricted = share.subs({g: c * g for g in G[1:]}, simultaneous=True)
    d.step(r"Q_1/Q\,|_{G_{j\ne1}\to cG_j}", constricted, "others constrict by c < 1: share grows")
    d.extra["constricted"] = constricted
    d.extra["share"] = share
    return d


def sink_equilibrium() -> Derivation:
    """Equilibrium of dN/dt = r N (1 - N/K) + F with immigration F > 0 (N, K in individuals, r in yr⁻¹).

    ``result`` is the stable root N* = 2F/(sqrt(r² + 4rF/K) - r), valid for either sign of r
    (for a sink, r < 0, it exists while F ≤ |r|K/4). ``extra``: ``"rhs"``, ``"slope"``
    (∂(dN/dt)/∂N at N*, which is -sqrt(r² + 4rF/K) < 0: stable), ``"source_root"`` (the
    familiar K/2 (1 + sqrt(1 + 4F/(rK))), equal to N* for r > 0), ``"sink_limit"`` (N* to first
    order in F for a sink: F/|r|).
    """
    N, K, F = sp.symbols("N K F", positive=True)
    rr = sp.Symbol("r", real=True, nonzero=True)
    s = sp.Symbol("s", positive=True)  # s = -r for a sink, or r for a source
    rhs = rr * N * (1 - N / K) + F
    d = Derivation("A patch fed by immigrants", symbols={"N": N, "K": K, "F": F, "r": rr})
    d.step(sp.Derivative(sp.Function("N")(t), t), rhs, "local growth plus net immigration")
    quad = sp.expand(-rhs * K / rr)
    d.step(sp.Integer(0), quad, "at equilibrium; times -K/r: a quadratic in N")
    disc = rr**2 + 4 * rr * F / K
    d.step("N_\\pm", K * (rr + sp.Symbol("\\pm") * sp.sqrt(disc)) / (2 * rr), "quadratic formula")
    Nstar = 2 * F / (sp.sqrt(disc) - rr)
    slope = sp.simplify(sp.diff(rhs, N).subs(N, Nstar))
    d.extra.update(
        rhs=rhs,
        slope=slope,
        source_root=K / 2 * (1 + sp.sqrt(1 + 4 * F / (rr * K))),
        residual=sp.simplify(rhs.subs(N, Nstar)),
    )
    eps = sp.Symbol("epsilon", positive=True)
    sink = Nstar.subs(rr, -s).subs(F, eps * F)
    d.extra["sink_limit"] = sp.simplify(sp.series(sink, eps, 0, 2).removeO().subs(eps, 1))
    d.extra["sink"] = sp.simplify(Nstar.subs(rr, -s))
    d.extra["s"] = s
    d.step("N^*", Nstar, "the stable root, rationalised: positive for either sign of r")
    return d


def kidney_split() -> Derivation:
    """Cortex and medulla in parallel behind an afferent conductance g_a, held at pressure ΔP.

    A hormone divides the medullary conductance g_m by c. ``result`` is the afferent
    conductance that keeps the total renal flow at Q₀ (what autoregulation must find);
    ``extra``: ``"share"`` (the medulla's share g_m/c/(g_c + g_m/c), the same with or without
    autoregulation), ``"total_passive"`` (total flow with g_a fixed).
    """
    ga, gc, gm, c, dP, Q0 = sp.symbols("g_a g_c g_m c Delta_P Q_0", positive=True)
    d = Derivation(
        "Cortex and medulla behind the afferent vessels",
        symbols={"g_a": ga, "g_c": gc, "g_m": gm, "c": c, "dP": dP, "Q0": Q0},
    )
    g_beds = gc + gm / c
    d.step("g_{beds}", g_beds, "cortex and medulla in parallel, medulla constricted by c")
    total = dP / (1 / ga + 1 / g_beds)
    d.step("Q", sp.simplify(total), "in series with the afferent vessels")
    share = sp.simplify((gm / c) / g_beds)
    d.step("Q_m/Q", share, "the beds share one pressure: the medulla's share")
    ga_star = sp.solve(sp.Eq(total, Q0), ga)[0]
    d.step("g_a^*", sp.simplify(ga_star), "the afferent conductance that holds Q = Q_0")
    d.extra.update(share=share, total_passive=sp.simplify(total))
    return d
