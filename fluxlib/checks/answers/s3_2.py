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


@answer("3.2-adl", name="how long the blood oxygen store lasts", unit="min")
def _adl():
    from fluxlib.models.circulation import o2_uptake

    # 22 L of O₂ in the blood; brain and heart need 250 mL O₂/min and get 3 L/min; the other
    # beds need 1200 mL O₂/min and get 4 L/min; 280 mL O₂/L, at most 80 % extracted.
    uptake = o2_uptake([250.0, 1200.0], [3.0, 4.0], 280.0, 0.8)
    return 22000.0 / float(uptake.sum())
