"""Section 2.2: pump and leak, derived in sympy.

The GHK leak k_L(a c_o - b c), linear in c at a fixed membrane potential, against
V_max c/(K_m + c) is a quadratic for the steady c.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation


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
