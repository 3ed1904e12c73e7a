"""Section 3.4: the derivation behind a patch fed by immigrants.

A patch with logistic growth and a constant net immigration F: dN/dt = r N (1 - N/K) + F.
Its positive equilibrium N* = K/2 (1 + sqrt(1 + 4F/(rK))) for r > 0, and for a sink (r < 0)
the same root still exists and is positive whenever F > 0: immigration rescues it.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

t = sp.Symbol("t", nonnegative=True)


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
