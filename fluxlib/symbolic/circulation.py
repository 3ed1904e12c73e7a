"""Section 3.2: the derivation behind organ beds in parallel.

Beds in parallel share one pressure drop ΔP, so Qᵢ = Gᵢ ΔP and the share of bed i is
Gᵢ/ΣG: a bed's share rises if every other bed constricts.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation

Q = sp.Symbol("Q", positive=True)


def parallel_share(*, beds: int = 3) -> Derivation:
    """Share of flow of bed 1 among n = ``beds`` beds in parallel fed by a total flow Q.

    ``result`` is the share G₁/(G₁ + c(G₂ + … + Gₙ)) when every other bed's conductance is
    multiplied by c; ``extra["share"]`` is the plain share G₁/(G₁ + … + Gₙ) (c = 1).
    """
    G = sp.symbols(f"G_1:{beds + 1}", positive=True)
    dP = sp.Symbol(r"\Delta P", positive=True)
    c = sp.Symbol("c", positive=True)
    d = Derivation("The share of a parallel bed", symbols={"G": G, "Q": Q, "c": c})
    d.step("Q_i", sp.Symbol("G_i") * dP, "every bed sees the same pressure drop")
    dp = sp.solve(sp.Eq(sum(g * dP for g in G), Q), dP)[0]
    d.step(dP, dp, "the beds together carry Q")
    share = sp.simplify(G[0] * dp / Q)
    d.step("Q_1/Q", share, "bed 1's share: its conductance over the total")
    constricted = share.subs({g: c * g for g in G[1:]}, simultaneous=True)
    d.step(r"Q_1/Q\,|_{G_{j\ne1}\to cG_j}", constricted, "others constrict by c < 1: share grows")
    d.extra["constricted"] = constricted
    d.extra["share"] = share
    return d
