"""Sections 2.1–2.3: steady states derived in sympy.

* 2.1 Sedimentation equilibrium: the net flux J = -D dc/dz - v_s c vanishes everywhere, so
  c = c₀ exp(-z/ℓ) with ℓ = k_BT/(m_b g) once D = k_BT/ζ (Einstein) and v_s = m_b g/ζ.
  An open tank with a tap (inflow Q) and a hole (Torricelli outflow a√(2gh)) settles where
  the two rates match: h* = Q²/(2 g a²), a steady state with throughput Q.
* 2.2 Pump and leak: the GHK leak k_L(a c_o - b c), linear in c at a fixed membrane potential,
  against V_max c/(K_m + c) is a quadratic for the steady c.
* 2.3 Fick and Ohm: dJ/dx = 0 with J = -D dc/dx gives a straight profile and J = D(c₁ - c₂)/L;
  layers in series share one flux, so their resistances L/k add; paths in parallel share one
  driving difference, so their conductances add.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

z, x = sp.symbols("z x", real=True)
kB, T, g, zeta, m_b, ell, c0 = sp.symbols(r"k_B T g zeta m_b ell c_0", positive=True)
eta, a_p = sp.symbols("eta a", positive=True)


# --------------------------------------------------------------------------- 2.1
def sedimentation() -> Derivation:
    """Zero net flux in a gravitational field: ``result`` is c(z) = c₀ exp(-z/ℓ)."""
    c = sp.Function("c")
    D, v = sp.symbols("D v_s", positive=True)
    d = Derivation(
        "Sedimentation equilibrium",
        symbols={"z": z, "k_B": kB, "T": T, "g": g, "zeta": zeta, "m_b": m_b, "ell": ell, "c_0": c0},
    )
    J = -D * sp.diff(c(z), z) - v * c(z)
    d.step("J", J, "diffusion up the column, drift down at v_s")
    d.step("v_s", m_b * g / zeta, "buoyant weight balanced by Stokes drag ζ v_s")
    d.step("D", kB * T / zeta, "Einstein's relation")
    J2 = J.subs({v: m_b * g / zeta, D: kB * T / zeta})
    sol = sp.dsolve(sp.Eq(J2, 0), c(z), ics={c(0): c0}).rhs
    d.step("c(z)", sol, "J = 0 everywhere, c(0) = c₀")
    ell_expr = kB * T / (m_b * g)
    d.extra["ell"] = ell_expr
    d.extra["J"] = J2
    d.step("c(z)", c0 * sp.exp(-z / ell), r"with ℓ = k_BT/(m_b g)")
    d.extra["c_explicit"] = sol
    return d


def stokes_einstein() -> Derivation:
    """D = k_BT/(6πηa) for a sphere of radius a in a liquid of viscosity η: ``result`` is D."""
    d = Derivation("Stokes–Einstein", symbols={"eta": eta, "a": a_p, "k_B": kB, "T": T})
    d.step(r"\zeta", 6 * sp.pi * eta * a_p, "Stokes drag coefficient of a sphere")
    d.step("D", kB * T / (6 * sp.pi * eta * a_p), "Einstein: D = k_BT/ζ")
    return d


def tank_level() -> Derivation:
    """Steady level of a tank with a tap and a Torricelli drain: ``result`` is h* = Q²/(2 g a²)."""
    h, A, a, Q = sp.symbols("h A a Q", positive=True)
    d = Derivation("An open tank", symbols={"h": h, "A": A, "a": a, "Q": Q, "g": g})
    outflow = a * sp.sqrt(2 * g * h)
    d.step(A * sp.Derivative(sp.Function("h")(sp.Symbol("t")), sp.Symbol("t")), Q - outflow, "volume balance")
    hstar = sp.solve(sp.Eq(Q, outflow), h)
    d.step("h^*", hstar[0], "steady: inflow = outflow")
    d.extra["throughput"] = outflow.subs(h, hstar[0])
    # small departures decay at the rate (d outflow/dh)/A at h*
    d.extra["relaxation_rate"] = sp.simplify(sp.diff(outflow, h).subs(h, hstar[0]) / A)
    return d


# --------------------------------------------------------------------------- 2.2
def ghk_leak() -> Derivation:
    """The Goldman–Hodgkin–Katz leak: Nernst–Planck across a membrane with a uniform field.

    ``extra["J"]`` is the inward flux density P u (c_o - c_i e^u)/(e^u - 1), u = zFV_m/(RT);
    ``result`` is the c_i at which it vanishes. ``extra["zero_voltage"]`` is its V_m → 0 limit (Fick's P(c_o - c_i)) and
    ``extra["reversal"]`` the c_i at which it vanishes (c_o e^(-u), the Nernst condition).
    """
    P, co, ci = sp.symbols("P c_o c_i", positive=True)
    u = sp.Symbol("u", real=True)
    d = Derivation("The Goldman–Hodgkin–Katz leak", symbols={"P": P, "c_o": co, "c_i": ci, "u": u})
    J = P * u * (co - ci * sp.exp(u)) / (sp.exp(u) - 1)
    d.step(
        r"J_\mathrm{in}",
        J,
        "Nernst–Planck with a uniform field across the membrane, u = zFV_m/RT",
    )
    zero = sp.limit(J, u, 0)
    d.step(r"J_\mathrm{in}\big|_{V_m = 0}", zero, "no voltage: Fick's law for the membrane")
    rev = sp.solve(sp.Eq(J, 0), ci)[0]
    d.step(r"c_i\big|_{J = 0}", rev, "no net leak where Δμ̃ = 0 (the Nernst condition)")
    d.extra["zero_voltage"] = zero
    d.extra["reversal"] = rev
    d.extra["J"] = J
    return d


def pump_leak() -> Derivation:
    """Steady intracellular concentration with a GHK leak in and a Michaelis–Menten pump out.

    Rates per unit cell volume (mM s⁻¹): leak k_L (a c_o - b c) with a = g(u), b = g(-u)
    (both 1 at V_m = 0), pump V_max c/(K_m + c). ``result`` is the positive root c*.
    """
    c, co, kL, Vmax, Km, a, b = sp.symbols("c c_o k_L V_max K_m a b", positive=True)
    d = Derivation(
        "Pump and leak",
        symbols={"c": c, "c_o": co, "k_L": kL, "V_max": Vmax, "K_m": Km, "a": a, "b": b},
    )
    rate = kL * (a * co - b * c) - Vmax * c / (Km + c)
    d.step(sp.Derivative(sp.Function("c")(sp.Symbol("t")), sp.Symbol("t")), rate, "leak in minus pump out")
    quad = sp.expand(kL * (a * co - b * c) * (Km + c) - Vmax * c)
    d.step(sp.Integer(0), sp.collect(quad, c), "steady state, times (K_m + c)")
    roots = sp.solve(quad, c)
    # the root with the + sign of the square root is the physical (positive) one
    vals = {co: 145, kL: 1, Vmax: 1, Km: 10, a: 3, b: sp.Rational(1, 5)}
    pos = [r for r in roots if sp.simplify(r.subs(vals)) > 0]
    d.step("c^*", pos[0], "the positive root")
    d.extra["rate"] = rate
    d.extra["throughput"] = kL * (a * co - b * pos[0])
    d.extra["quadratic"] = quad
    return d


# --------------------------------------------------------------------------- 2.3
def channel() -> Derivation:
    """dJ/dx = 0, J = -D dc/dx, c(0) = c₁, c(L) = c₂.

    ``result`` is the rate through a pore, π R² D (c₁ - c₂)/L; ``extra["J"]`` the flux density.
    """
    c = sp.Function("c")
    D, L, c1, c2, R = sp.symbols("D L c_1 c_2 R", positive=True)
    d = Derivation("Steady diffusion along a channel", symbols={"D": D, "L": L, "c_1": c1, "c_2": c2, "R": R})
    d.step(sp.Derivative(sp.Symbol("J"), x), 0, "steady, no sources: what enters a slice leaves it")
    ode = sp.Eq(sp.diff(-D * sp.diff(c(x), x), x), 0)
    d.step(-D * sp.Derivative(c(x), x, 2), 0, "Fick's law J = -D dc/dx")
    prof = sp.dsolve(ode, c(x), ics={c(0): c1, c(L): c2}).rhs
    d.step("c(x)", prof, "a straight line through the two end values")
    J = sp.simplify(-D * sp.diff(prof, x))
    d.extra["profile"] = prof
    d.extra["J"] = J
    d.step("J", J, "the flux density: driving difference over resistance L/D")
    d.step(r"\dot N", sp.pi * R**2 * J, "rate through a pore of radius R")
    return d


def derive_composite_wall(n: int = 3) -> Derivation:
    """``n`` layers in series share one flux q: ``result`` is q = ΔT/Σ(Lᵢ/kᵢ).

    ``extra["interfaces"]`` lists the interface temperatures T₁ … T_{n-1} in terms of T_0, T_n.
    """
    Ls = sp.symbols(f"L_1:{n + 1}", positive=True)
    ks = sp.symbols(f"k_1:{n + 1}", positive=True)
    Ts = sp.symbols(f"T_0:{n + 1}", real=True)
    q = sp.Symbol("q", real=True)
    d = Derivation(f"A wall of {n} layers", symbols={"L": Ls, "k": ks, "T": Ts, "q": q})
    eqs = [sp.Eq(q, ks[i] * (Ts[i] - Ts[i + 1]) / Ls[i]) for i in range(n)]
    for i, e in enumerate(eqs):
        d.step(e.lhs, e.rhs, f"Fourier's law in layer {i + 1}: the same q in each")
    sol = sp.solve(eqs, [q, *Ts[1:n]], dict=True)[0]
    d.extra["interfaces"] = [sp.simplify(sol[t]) for t in Ts[1:n]]
    d.step(q, sp.factor(sol[q]), "eliminate the interface temperatures")
    d.step(q, (Ts[0] - Ts[n]) / sum(L / k for L, k in zip(Ls, ks, strict=True)), "ΔT over the summed L/k")
    d.extra["solved"] = sol[q]
    return d


def resistances() -> Derivation:
    """Series and parallel rules from the flux balance. ``result`` is the parallel resistance."""
    R1, R2, J = sp.symbols("R_1 R_2 J", positive=True)
    dc = sp.Symbol(r"\Delta c", positive=True)
    d = Derivation("Resistances", symbols={"R_1": R1, "R_2": R2})
    # series: one flux J through both; the drops add
    d.step(r"\Delta c", J * R1 + J * R2, "series: one flux, the drops add")
    d.step(r"R_\mathrm{series}", sp.simplify((J * R1 + J * R2) / J), "R = Δc/J")
    d.extra["series"] = sp.simplify((J * R1 + J * R2) / J)
    # parallel: one drop, the fluxes add
    d.step("J", dc / R1 + dc / R2, "parallel: one drop, the fluxes add")
    d.step(r"R_\mathrm{parallel}", sp.simplify(dc / (dc / R1 + dc / R2)), "R = Δc/J")
    return d
