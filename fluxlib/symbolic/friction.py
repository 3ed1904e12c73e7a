"""Section 1.4: how much kinetic energy and momentum a velocity profile carries.

A duct carries the volume flux Q = ∫ u dA = U A, with U the mean velocity. A property carried per
unit volume as f(u) is transported at the rate ∫ f(u) u dA. For kinetic energy (ρu²/2) and
momentum (ρu) we compare with a plug of the same Q, giving the profile factors

    α = (1/A) ∫ (u/U)³ dA      (kinetic-energy flux / plug value)
    β = (1/A) ∫ (u/U)² dA      (momentum flux / plug value)

Both are 1 for a plug and larger for any nonuniform profile. Poiseuille flow in a pipe,
u = 2U(1 - r²/R²), has α = 2 and β = 4/3; in a plane channel of half-width h,
u = (3/2)U(1 - y²/h²), α = 54/35 and β = 6/5. A power-law fluid of index n has, in a pipe,
u ∝ 1 - (r/R)^m with m = (n+1)/n; a turbulent pipe profile is often fitted by u ∝ (1 - r/R)^(1/7).
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

r, y, s = sp.symbols("r y s", nonnegative=True)
R, h, U = sp.symbols("R h U", positive=True)
m = sp.Symbol("m", positive=True)
n = sp.Symbol("n", positive=True)
p = sp.Symbol("p", positive=True)


def _pipe_mean(expr: sp.Expr) -> sp.Expr:
    """Area average over a pipe cross-section of an expression in s = r/R."""
    return sp.integrate(sp.expand(expr) * 2 * s, (s, 0, 1))


def pipe_poiseuille() -> Derivation:
    """α and β of Poiseuille flow in a round pipe. ``result`` is α (= 2); ``extra["beta"]`` is β (= 4/3)."""
    u_shape = 1 - r**2 / R**2
    d = Derivation("Poiseuille flow in a pipe", symbols={"r": r, "R": R, "U": U})
    Q = sp.integrate(u_shape * 2 * sp.pi * r, (r, 0, R))
    d.step(r"\int_0^R (1 - r^2/R^2)\,2\pi r\,dr", Q, "volume flux of the parabola")
    u = sp.simplify(U * sp.pi * R**2 / Q * u_shape)
    d.step("u(r)", u, "scale so that the mean velocity is U")
    area = sp.pi * R**2
    beta = sp.simplify(sp.integrate((u / U) ** 2 * 2 * sp.pi * r, (r, 0, R)) / area)
    d.step(r"\beta = \frac{1}{A}\int (u/U)^2\,dA", beta, "momentum flux over the plug's")
    alpha = sp.simplify(sp.integrate((u / U) ** 3 * 2 * sp.pi * r, (r, 0, R)) / area)
    d.step(r"\alpha = \frac{1}{A}\int (u/U)^3\,dA", alpha, "kinetic-energy flux over the plug's")
    d.extra["u"] = u
    d.extra["beta"] = beta
    return d


def channel_poiseuille() -> Derivation:
    """α and β of plane Poiseuille flow between walls at y = ±h.

    ``result`` is α (= 54/35); ``extra["beta"]`` is β (= 6/5).
    """
    u_shape = 1 - y**2 / h**2
    d = Derivation("Poiseuille flow in a plane channel", symbols={"y": y, "h": h, "U": U})
    Q = sp.integrate(u_shape, (y, -h, h))
    d.step(r"\int_{-h}^{h} (1 - y^2/h^2)\,dy", Q, "volume flux per unit depth")
    u = sp.simplify(U * 2 * h / Q * u_shape)
    d.step("u(y)", u, "scale so that the mean velocity is U")
    beta = sp.simplify(sp.integrate((u / U) ** 2, (y, -h, h)) / (2 * h))
    d.step(r"\beta = \frac{1}{2h}\int (u/U)^2\,dy", beta, "momentum factor")
    alpha = sp.simplify(sp.integrate((u / U) ** 3, (y, -h, h)) / (2 * h))
    d.step(r"\alpha = \frac{1}{2h}\int (u/U)^3\,dy", alpha, "kinetic-energy factor")
    d.extra["u"] = u
    d.extra["beta"] = beta
    return d


def derive_power_law_pipe() -> Derivation:
    """α for a pipe profile u ∝ 1 - s^m (s = r/R, m = (n+1)/n for a power-law fluid of index n).

    ``result`` is α(m); ``extra["alpha_n"]`` is α as a function of n; ``extra["beta"]`` is β(m).
    """
    d = Derivation("A power-law fluid in a pipe", symbols={"s": s, "m": m, "n": n, "U": U})
    mean_shape = sp.simplify(_pipe_mean(1 - s**m))
    d.step(r"\frac{1}{A}\int (1 - s^m)\,dA", mean_shape, "area average of the shape, s = r/R")
    u_over_U = (1 - s**m) / mean_shape
    d.step("u/U", u_over_U, "the profile with mean velocity U")
    beta = sp.factor(sp.simplify(_pipe_mean((1 - s**m) ** 2) / mean_shape**2))
    alpha = sp.factor(sp.simplify(_pipe_mean((1 - s**m) ** 3) / mean_shape**3))
    d.step(r"\beta(m)", beta, "momentum factor")
    d.step(r"\alpha(m)", alpha, "kinetic-energy factor")
    d.extra["beta"] = beta
    d.extra["alpha_n"] = sp.factor(sp.simplify(alpha.subs(m, (n + 1) / n)))
    d.extra["u_over_U"] = u_over_U
    return d


def derive_turbulent_pipe(*, exponent: float | sp.Expr | None = None) -> Derivation:
    """α and β of the turbulent pipe fit u ∝ (1 - r/R)^p, p = 1/7 by default.

    Uses ∫₀¹ (1-s)^q 2s ds = 2/((q+1)(q+2)). ``result`` is α; ``extra["beta"]`` is β.
    """
    exponent = sp.Rational(1, 7) if exponent is None else sp.nsimplify(exponent)
    d = Derivation("The one-seventh power law", symbols={"s": s, "p": p})
    q = sp.Symbol("q", positive=True)
    mean_q = sp.simplify(sp.integrate((1 - s) ** q * 2 * s, (s, 0, 1), conds="none"))
    d.step(r"\int_0^1 (1-s)^q\,2s\,ds", mean_q, "area average of (1 - r/R)^q")
    alpha_p = sp.simplify(mean_q.subs(q, 3 * p) / mean_q.subs(q, p) ** 3)
    beta_p = sp.simplify(mean_q.subs(q, 2 * p) / mean_q.subs(q, p) ** 2)
    d.step(r"\alpha(p)", alpha_p, "kinetic-energy factor of u ∝ (1 - r/R)^p")
    beta = sp.nsimplify(beta_p.subs(p, exponent))
    alpha = sp.nsimplify(alpha_p.subs(p, exponent))
    d.step(r"\beta(1/7)", beta, "at p = 1/7")
    d.step(r"\alpha(1/7)", alpha, "at p = 1/7: barely above a plug")
    d.extra["beta"] = beta
    d.extra["alpha_p"] = alpha_p
    d.extra["beta_p"] = beta_p
    return d
