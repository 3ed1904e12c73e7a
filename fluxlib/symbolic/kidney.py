"""Section 3.3: the derivation behind the kidney's cortex and medulla behind the afferent vessels.

Cortex and medulla in parallel share the pressure after the afferent vessels, so a hormone
that constricts the medulla changes the split whether or not the afferent vessels
autoregulate; autoregulation only restores the total.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation


def kidney_split() -> Derivation:
    """Cortex and medulla in parallel behind an afferent conductance g_a, held at pressure ΔP.

    A hormone divides the medullary conductance g_m by c. ``result`` is the afferent
    conductance that keeps the total renal flow at Q₀ (what autoregulation must find);
    ``extra``: ``"share"`` (the medulla's share g_m/c/(g_c + g_m/c), the same with or without
    autoregulation), ``"total_passive"`` (total flow with g_a fixed).
    """
    ga, gc, gm, c, dP, Q0 = sp.symbols("g_a g_c g_m c Delta_P Q_0", positive=True)
    d = Derivation(
        "Cortex and medulla behind the afferent vessels",
        symbols={"g_a": ga, "g_c": gc, "g_m": gm, "c": c, "dP": dP, "Q0": Q0},
    )
    g_beds = gc + gm / c
    d.step("g_{beds}", g_beds, "cortex and medulla in parallel, medulla constricted by c")
    total = dP / (1 / ga + 1 / g_beds)
    d.step("Q", sp.simplify(total), "in series with the afferent vessels")
    share = sp.simplify((gm / c) / g_beds)
    d.step("Q_m/Q", share, "the beds share one pressure: the medulla's share")
    ga_star = sp.solve(sp.Eq(total, Q0), ga)[0]
    d.step("g_a^*", sp.simplify(ga_star), "the afferent conductance that holds Q = Q_0")
    d.extra.update(share=share, total_passive=sp.simplify(total))
    return d
