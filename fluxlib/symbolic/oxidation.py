r"""Section 2.7: the Deal–Grove model derived from three equal fluxes.

Gas to oxide surface :math:`F_1 = h(C^* - C_0)`, through the oxide :math:`F_2 = D(C_0 - C_i)/x`,
reaction at the silicon :math:`F_3 = k C_i`. Quasi-steady: :math:`F_1 = F_2 = F_3 = F`, which
gives :math:`F = kC^*/(1 + k/h + kx/D)`. The oxide thickens as :math:`N_1\,dx/dt = F`;
separating and integrating from :math:`x_i` gives :math:`x^2 + Ax = B(t + \tau)` with
:math:`A = 2D(1/k + 1/h)`, :math:`B = 2DC^*/N_1`, :math:`\tau = (x_i^2 + Ax_i)/B`.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

x, t, xi, X = sp.symbols("x t x_i X", positive=True)
D, k, h, Cs, N1 = sp.symbols("D k h C^* N_1", positive=True)
C0, Ci, F = sp.symbols("C_0 C_i F", positive=True)
A, B, tau = sp.symbols("A B tau", positive=True)


def deal_grove() -> Derivation:
    """``result`` is x(t) in terms of A, B, τ; ``extra`` holds the flux, A, B, τ and the limits."""
    d = Derivation("The Deal–Grove model", symbols={"x": x, "t": t, "A": A, "B": B, "tau": tau})
    eqs = [sp.Eq(h * (Cs - C0), F), sp.Eq(D * (C0 - Ci) / x, F), sp.Eq(k * Ci, F)]
    d.step("F", h * (Cs - C0), "gas to oxide surface")
    d.step("F", D * (C0 - Ci) / x, "diffusion through the oxide")
    d.step("F", k * Ci, "reaction at the silicon")
    sol = sp.solve(eqs, [C0, Ci, F], dict=True)[0]
    flux = sp.simplify(sol[F])
    d.step("F", flux, "three equal fluxes: eliminate the two unknown concentrations")
    # N1 dx/dt = F  ->  (N1/F) dx = dt; integrate from x_i at t = 0
    lhs = sp.integrate(sp.simplify(N1 / flux.subs(x, X)), (X, xi, x))
    d.step("t", sp.simplify(lhs), "separate N1 dx/dt = F, integrate from the initial thickness")
    A_expr = 2 * D * (1 / k + 1 / h)
    B_expr = 2 * D * Cs / N1
    tau_expr = (xi**2 + A_expr * xi) / B_expr
    quad = sp.expand(x**2 + A * x - B * (t + tau))
    check = sp.simplify(x**2 + A_expr * x - B_expr * (lhs + tau_expr))
    d.step(
        r"x^2 + A x - B(t + \tau)",
        check,
        "so with A = 2D(1/k + 1/h), B = 2DC*/N1 and a shift τ for the initial oxide, t solves a quadratic",
    )
    roots = sp.solve(sp.Eq(quad, 0), x)
    root = next(r for r in roots if sp.simplify(r.subs({t: 0, tau: 0})) == 0)
    root = sp.simplify(root)
    d.step("x(t)", root, "the positive root")
    s = sp.Symbol("s", positive=True)  # s = t + tau
    xs = root.subs(t, s - tau)
    lin = sp.limit(xs / s, s, 0)
    par = sp.limit(xs / sp.sqrt(s), s, sp.oo)
    d.extra.update(
        flux=flux,
        A=A_expr,
        B=B_expr,
        tau=tau_expr,
        identity=check,
        linear_coefficient=lin,
        parabolic_coefficient=par,
        s=s,
    )
    return d


def limits() -> Derivation:
    """The two regimes of x(t) and where they cross; ``result`` is the crossover t + τ = A²/B."""
    dg = deal_grove()
    s = dg.extra["s"]
    d = Derivation("Linear, then parabolic", symbols={"A": A, "B": B, "s": s})
    xs = sp.simplify(dg.result.subs(t, s - tau))
    d.step(r"x(s),\; s = t + \tau", xs, "Deal–Grove thickness")
    d.step(
        r"\lim_{s\to 0} x/s",
        dg.extra["linear_coefficient"],
        "thin oxide: x ≈ (B/A)(t + τ), reaction-limited",
    )
    d.step(
        r"\lim_{s\to\infty} x/\sqrt{s}",
        dg.extra["parabolic_coefficient"],
        "thick oxide: x ≈ √(B t), diffusion-limited",
    )
    cross = sp.solve(sp.Eq(B / A * s, sp.sqrt(B * s)), s)
    d.step(r"s_\times", cross[0], "the asymptotes meet")
    return d
