r"""Section 2.5: the Kirchhoff transform for a concentration-dependent diffusivity.

Steady, source-free diffusion in a slab: :math:`dJ/dx = 0` with :math:`J = -D(c)\,dc/dx`.
Define :math:`\Phi(c) = \int_0^c D(s)\,ds`; by the chain rule :math:`d\Phi/dx = D(c)\,dc/dx
= -J`, so :math:`d^2\Phi/dx^2 = 0` and :math:`\Phi` is linear in x. With
:math:`c(0) = c_1`, :math:`c(L) = c_2`:
:math:`\Phi(c(x)) = \Phi(c_1) + (\Phi(c_2) - \Phi(c_1))\,x/L` and
:math:`J = (\Phi(c_1) - \Phi(c_2))/L`. Inverting Φ gives c(x) in closed form for
:math:`D = D_0(1 + \beta c)` (a quadratic) and :math:`D = D_0 e^{\beta c}` (a logarithm).
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

x = sp.Symbol("x", real=True)
c, s = sp.symbols("c s", real=True)
c1, c2 = sp.symbols("c_1 c_2", real=True)
L, D0, beta = sp.symbols("L D_0 beta", positive=True)
J, Phi = sp.symbols("J Phi", real=True)


def transform() -> Derivation:
    """Why Φ is linear: d/dx Φ(c(x)) = D(c) dc/dx = -J, constant. ``result`` is Φ(c(x))."""
    Dfun = sp.Function("D")
    cx = sp.Function("c")(x)
    phi_of_c = sp.Integral(Dfun(s), (s, 0, cx))
    d = Derivation("The Kirchhoff transform", symbols={"x": x, "c": cx, "L": L, "J": J})
    d.step("J", -Dfun(cx) * sp.Derivative(cx, x), "Fick's law with D = D(c)")
    d.step(r"\frac{dJ}{dx}", 0, "steady state, no sources: J is the same everywhere")
    d.step(r"\Phi(c)", sp.Integral(Dfun(s), (s, 0, sp.Symbol("c"))), "define the Kirchhoff transform")
    dphi = sp.diff(phi_of_c, x)
    d.step(r"\frac{d\Phi}{dx}", dphi, "chain rule")
    d.step(r"\frac{d\Phi}{dx}", -J, "which is -J, a constant")
    p1, p2 = sp.symbols(r"\Phi_1 \Phi_2", real=True)
    line = p1 + (p2 - p1) * x / L
    d.step(r"\Phi(c(x))", line, "so Φ runs in a straight line between its end values")
    d.extra["J"] = (p1 - p2) / L
    d.extra["chain_rule"] = dphi
    return d


def _kirchhoff_solution(Dexpr: sp.Expr, title: str) -> Derivation:
    d = Derivation(title, symbols={"x": x, "c": c, "c1": c1, "c2": c2, "L": L, "D0": D0, "beta": beta})
    d.step("D(c)", Dexpr, "the diffusivity law")
    phi = sp.simplify(sp.integrate(Dexpr.subs(c, s), (s, 0, c)))
    d.step(r"\Phi(c)", phi, "Kirchhoff transform: integrate D from 0 to c")
    flux = sp.simplify((phi.subs(c, c1) - phi.subs(c, c2)) / L)
    d.step("J", flux, "the flux is the drop in Φ over L")
    phix = phi.subs(c, c1) + (phi.subs(c, c2) - phi.subs(c, c1)) * x / L
    roots = sp.solve(sp.Eq(phi, Phi), c)
    # keep the root that reduces to c = Φ/D0 for small Φ (the branch with D > 0)
    root = next(r for r in roots if sp.limit(sp.simplify(r / Phi), Phi, 0) == 1 / D0)
    d.step(r"c(\Phi)", root, "invert Φ on the branch where D > 0")
    profile = sp.simplify(root.subs(Phi, phix))
    d.step("c(x)", profile, "put in the straight line Φ(x)")
    d.extra.update(phi=phi, flux=flux, inverse=root, profile=profile)
    return d


def linear_law() -> Derivation:
    """Kirchhoff solution for D = D0 (1 + β c). ``result`` is c(x); ``extra["flux"]`` is J."""
    return _kirchhoff_solution(D0 * (1 + beta * c), "Kirchhoff solution for D = D₀(1 + βc)")


def exponential_law() -> Derivation:
    """Kirchhoff solution for D = D0 e^{β c}. ``result`` is c(x); ``extra["flux"]`` is J."""
    return _kirchhoff_solution(D0 * sp.exp(beta * c), "Kirchhoff solution for D = D₀ e^(βc)")
