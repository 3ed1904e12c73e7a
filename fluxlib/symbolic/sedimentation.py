"""Section 2.1: sedimentation equilibrium and an open tank, derived in sympy.

The net flux J = -D dc/dz - v_s c vanishes everywhere, so c = c₀ exp(-z/ℓ) with
ℓ = k_BT/(m_b g) once D = k_BT/ζ (Einstein) and v_s = m_b g/ζ. An open tank with a tap
(inflow Q) and a hole (Torricelli outflow a√(2gh)) settles where the two rates match:
h* = Q²/(2 g a²), a steady state with throughput Q.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

z = sp.Symbol("z", real=True)
kB, T, g, zeta, m_b, ell, c0 = sp.symbols(r"k_B T g zeta m_b ell c_0", positive=True)
eta, a_p = sp.symbols("eta a", positive=True)


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
