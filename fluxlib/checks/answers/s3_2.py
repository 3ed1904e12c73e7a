"""Answers to the exercises of section 3.2 (the dive response)."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("3.2-brain-share", name="the brain's share of cardiac output", unit="")
def _brain_share():
    from fluxlib.models.circulation import Animal, solve_beds

    G = Animal().resting_conductance.copy()
    G[1:] = G[1:] / 5.0  # every other bed constricts fivefold; the brain does nothing
    beds = solve_beds(10.0, G)
    return float(beds.share[0])


@answer("3.2-adl", name="the aerobic dive limit estimate", unit="min")
def _adl():
    # 22 L of O₂ in the blood; 3 L/min to brain and heart at 280 mL O₂/L, half of it extracted;
    # 4 L/min elsewhere, a tenth extracted.
    return 22000.0 / (3.0 * 280.0 * 0.5 + 4.0 * 280.0 * 0.1)
