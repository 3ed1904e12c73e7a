"""Section 1.1: the balance on a thin slab, its limit, and the heat equation.

Conservation on the slab [x, x + Δx] of a rod (cross-section cancels):

    d/dt ∫_x^{x+Δx} e(s, t) ds = q(x, t) - q(x + Δx, t)

Expanding both sides in Δx, dividing by Δx and letting Δx → 0 gives ∂e/∂t = -∂q/∂x. With
e = ρ c T and Fourier's law q = -k ∂T/∂x (constant k) this is the heat equation
∂T/∂t = α ∂²T/∂x² with α = k/(ρ c).
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

x, t, s = sp.symbols("x t s", real=True)
dx = sp.Symbol(r"\Delta x", positive=True)
k, rho, c, L = sp.symbols("k rho c L", positive=True)
alpha = sp.Symbol("alpha", positive=True)


def slab_balance(*, order: int = 3) -> Derivation:
    """Derive ∂e/∂t = -∂q/∂x from the balance on [x, x + Δx].

    ``result`` is the right-hand side of the limiting law ∂e/∂t = -∂q/∂x (the last step's left side is ∂e/∂t).
    ``extra["rate_in_per_length"]`` is the right-hand side (q(x) - q(x+Δx))/Δx before the limit.
    """
    e = sp.Function("e")(x, t)
    q = sp.Function("q")(x, t)
    d = Derivation("Balance on a slab", symbols={"x": x, "t": t, "dx": dx, "e": e, "q": q})
    content = sp.Integral(e.subs(x, s), (s, x, x + dx))
    net_in = q - q.subs(x, x + dx)
    d.step(sp.Derivative(content, t), net_in, "rate of change of content = net rate in")
    # Taylor-expand q(x+Δx) and e(s) about x, to `order` terms.
    q_shift = q.subs(x, x + dx).series(dx, 0, order).removeO().doit()
    e_taylor = sum(sp.diff(e, x, n) * (s - x) ** n / sp.factorial(n) for n in range(order))
    content_taylor = sp.integrate(e_taylor, (s, x, x + dx))
    lhs = sp.expand(sp.diff(content_taylor, t) / dx)
    rhs = sp.expand((q - q_shift) / dx)
    d.step(r"\frac{1}{\Delta x}\frac{d}{dt}\int_x^{x+\Delta x} e\,ds", lhs, "Taylor expansion in Δx")
    d.step(r"\frac{q(x) - q(x+\Delta x)}{\Delta x}", rhs, "same expansion for the fluxes")
    lhs0 = sp.limit(lhs, dx, 0)
    rhs0 = sp.limit(rhs, dx, 0)
    d.step(lhs0, rhs0, "limit Δx → 0: the local conservation law")
    d.extra["rate_in_per_length"] = rhs
    d.extra["content_rate_per_length"] = lhs
    return d


def heat_equation() -> Derivation:
    """Fourier's law in the local balance: ∂T/∂t = α ∂²T/∂x², α = k/(ρc). ``result`` is ∂T/∂t."""
    T = sp.Function("T")(x, t)
    q = -k * sp.diff(T, x)
    d = Derivation("The heat equation", symbols={"T": T, "k": k, "rho": rho, "c": c, "alpha": alpha})
    d.step("q", q, "Fourier's law: heat flows down the temperature gradient")
    d.step("e", rho * c * T, "heat content per unit volume")
    d.step(rho * c * sp.Derivative(T, t), -sp.diff(q, x), "∂e/∂t = -∂q/∂x")
    rhs = sp.simplify(-sp.diff(q, x) / (rho * c))
    d.step(sp.Derivative(T, t), rhs, "divide by ρc")
    d.extra["diffusivity"] = k / (rho * c)
    d.step(sp.Derivative(T, t), alpha * sp.diff(T, x, 2), "α = k/(ρc), the thermal diffusivity")
    d.extra["rhs_explicit"] = rhs
    return d


def derive_sine_mode() -> Derivation:
    """The decaying sine mode T = exp(-απ²t/L²) sin(πx/L) solves the heat equation with T = 0 at both ends.

    ``result`` is the residual T_t - α T_xx, which simplifies to zero.
    """
    T = sp.exp(-alpha * sp.pi**2 * t / L**2) * sp.sin(sp.pi * x / L)
    d = Derivation("The slowest mode of a rod with cold ends", symbols={"T": T, "alpha": alpha, "L": L})
    d.step("T(x,t)", T, "try a sine that fits the ends")
    d.step(sp.Derivative(sp.Function("T")(x, t), t), sp.diff(T, t), "its rate of change")
    d.step(r"\alpha\,\partial_x^2 T", alpha * sp.diff(T, x, 2), "and its curvature term")
    d.step(
        r"\partial_t T - \alpha\,\partial_x^2 T",
        sp.simplify(sp.diff(T, t) - alpha * sp.diff(T, x, 2)),
        "so it solves the heat equation",
    )
    d.extra["T"] = T
    return d
