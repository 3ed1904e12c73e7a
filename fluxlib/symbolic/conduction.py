"""Section 2.3: Fick and Ohm, derived in sympy.

dJ/dx = 0 with J = -D dc/dx gives a straight profile and J = D(c₁ - c₂)/L; layers in series
share one flux, so their resistances L/k add; paths in parallel share one driving difference,
so their conductances add.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

x = sp.Symbol("x", real=True)


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


def derive_composite_wall(*, n_layers: int = 3) -> Derivation:
    """``n_layers`` layers in series share one flux q: ``result`` is q = ΔT/Σ(Lᵢ/kᵢ).

    ``extra["interfaces"]`` lists the interface temperatures T₁ … T_{n-1} in terms of T_0, T_n.
    """
    n = n_layers
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
