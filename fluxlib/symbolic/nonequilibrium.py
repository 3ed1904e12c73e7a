"""Section 1.5: nonequilibrium steady states, derived.

The driven three-state cycle 1 → 2 → 3 → 1 has forward rates k₁₊ (1→2), k₂₊ (2→3), k₃₊ (3→1)
and backward rates k₁₋ (2→1), k₂₋ (3→2), k₃₋ (1→3), all in s⁻¹. The master equation
dp/dt = W p has a unique stationary distribution; in it every edge carries the same net current

    J = k₁₊ p₁ - k₁₋ p₂ = (k₁₊k₂₊k₃₊ - k₁₋k₂₋k₃₋) / Σ,

Σ being the sum of the nine spanning-tree weights. The cycle affinity is A = ln(Πk₊/Πk₋) and the
entropy production rate (in units of k_B per second) is σ = Σ_edges J_e ln(k₊p_i / k₋p_j) = J A ≥ 0,
zero exactly when Πk₊ = Πk₋ (detailed balance).

Two open systems at steady state complete the picture: a stirred vessel whose motor work leaves as
heat (dU/dt = Ẇ - Q̇ = 0, entropy production Q̇/T₀), and a continuous stirred-tank reactor (CSTR),
V dc/dt = q(c_in - c) - kVc = 0, so c = c_in/(1 + kτ) with residence time τ = V/q.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

kp = sp.symbols("k_1+ k_2+ k_3+", positive=True)
km = sp.symbols("k_1- k_2- k_3-", positive=True)
p1, p2, p3 = sp.symbols("p_1 p_2 p_3", positive=True)


def tree_weights() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """Kirchhoff's spanning-tree weights of the three states (unnormalised stationary state)."""
    (a1, a2, a3), (b1, b2, b3) = kp, km
    return (
        a2 * a3 + b1 * a3 + b1 * b2,
        a3 * a1 + b2 * a1 + b2 * b3,
        a1 * a2 + b3 * a2 + b3 * b1,
    )


def derive_three_state_cycle() -> Derivation:
    """Stationary state, current, affinity and entropy production of the three-state cycle.

    ``result`` is σ - J·A (simplifies to 0). ``extra``: ``"p"`` (stationary p₁, p₂, p₃),
    ``"J"`` (cycle current, s⁻¹), ``"A"`` (affinity), ``"sigma"`` (entropy production, k_B s⁻¹),
    ``"edge_currents"`` (the three net currents, equal at steady state).
    """
    (a1, a2, a3), (b1, b2, b3) = kp, km
    p = (p1, p2, p3)
    d = Derivation("A driven three-state cycle", symbols={"k+": kp, "k-": km, "p": p})
    # net currents along 1→2, 2→3, 3→1
    j = (a1 * p1 - b1 * p2, a2 * p2 - b2 * p3, a3 * p3 - b3 * p1)
    balance = [sp.Eq(j[2] - j[0], 0), sp.Eq(j[0] - j[1], 0), sp.Eq(p1 + p2 + p3, 1)]
    d.step(r"\dot p_1 = J_{31} - J_{12}", sp.Integer(0), "steady: what flows in flows out")
    d.step(r"\dot p_2 = J_{12} - J_{23}", sp.Integer(0), "same at state 2 (state 3 follows)")
    sol = sp.solve(balance, p, dict=True)[0]
    ps = tuple(sp.factor(sol[v]) for v in p)
    d.step("p_1", ps[0], "with p₁ + p₂ + p₃ = 1")
    currents = tuple(sp.factor(sp.simplify(e.subs(sol))) for e in j)
    J = currents[0]
    d.step("J", J, "the same net current on every edge")
    A = sp.log(a1 * a2 * a3 / (b1 * b2 * b3))
    d.step("A", A, "cycle affinity")
    sigma_edges = sum(
        je * sp.log(num / den)
        for je, num, den in zip(j, (a1 * p1, a2 * p2, a3 * p3), (b1 * p2, b2 * p3, b3 * p1), strict=True)
    )
    d.step(r"\sigma", sigma_edges, "entropy production, summed over edges (units of k_B/s)")
    # at steady state all j are J; the log p terms cancel around the loop
    sigma_ss = sp.expand_log(sigma_edges.subs({j[0]: J}).subs(sol), force=True)
    residual = sp.simplify(sp.expand_log(sp.expand(sigma_ss - J * sp.expand_log(A, force=True)), force=True))
    d.step(r"\sigma - J\,A", residual, "at steady state the log p terms cancel around the loop")
    d.extra.update(p=ps, J=J, A=A, sigma=J * A, edge_currents=currents)
    return d


def stirred_vessel() -> Derivation:
    """Energy balance of a stirred, cooled vessel at steady state.

    A motor does work at the rate Ẇ (W) on the contents; heat leaves through the wall at
    Q̇ = G (T - T₀) (G in W/K, T₀ the surroundings, K). ``result`` is the entropy production Q̇/T₀ (W/K)
    at steady state; ``extra["T"]`` is the steady temperature.
    """
    W, G, T0, T = sp.symbols(r"\dot{W} G T_0 T", positive=True)
    Q = G * (T - T0)
    d = Derivation("A stirred vessel at steady state", symbols={"W": W, "G": G, "T0": T0, "T": T})
    d.step(r"\frac{dU}{dt}", W - Q, "first law: work in minus heat out")
    Tss = sp.solve(sp.Eq(W - Q, 0), T)[0]
    d.step("T", Tss, "steady: dU/dt = 0")
    Qss = sp.simplify(Q.subs(T, Tss))
    d.step(r"\dot Q", Qss, "all the work leaves as heat")
    sigma = Qss / T0
    d.step(r"\sigma = \dot Q/T_0", sigma, "entropy exported to the surroundings, > 0")
    d.extra["T"] = Tss
    d.extra["Q"] = Qss
    return d


def cstr() -> Derivation:
    """Steady concentration of a CSTR with first-order reaction A → B.

    Feed q (m³/s) at concentration c_in (mol/m³), volume V (m³), rate constant k (s⁻¹).
    ``result`` is the steady c; ``extra["conversion"]`` is 1 - c/c_in.
    """
    q, V, k, c_in, c = sp.symbols("q V k c_in c", positive=True)
    tau = sp.Symbol("tau", positive=True)
    d = Derivation(
        "A stirred reactor at steady state", symbols={"q": q, "V": V, "k": k, "c_in": c_in, "tau": tau}
    )
    rate = q * (c_in - c) - k * V * c
    d.step(r"V\,\frac{dc}{dt}", rate, "in with the feed, out with the outflow, used by reaction")
    css = sp.solve(sp.Eq(rate, 0), c)[0]
    d.step("c", css, "steady state")
    c_tau = sp.simplify(css.subs(q, V / tau))
    d.step("c", c_tau, "with the residence time τ = V/q")
    d.extra["conversion"] = sp.simplify(1 - c_tau / c_in)
    d.extra["c_q"] = css
    return d
