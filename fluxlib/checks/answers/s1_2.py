"""Answers to the exercises of section 1.2."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("1.2-pile-up", name="the rate at which cars accumulate", unit="cars/h")
def _pile_up():
    from fluxlib.errors import InconsistentSupplyError
    from fluxlib.graphs import CITY_STREETS
    from fluxlib.models.traffic import network

    # 1000 cars/h enter at A1 and B1, 800 leave at A3 and B3
    supply = {"A1": 600.0, "B1": 400.0, "A3": -300.0, "B3": -500.0}
    try:
        network(CITY_STREETS).check_supply(supply, unit="cars per hour")
    except InconsistentSupplyError as err:
        return sum(err.imbalances.values())
    return 0.0


@answer("1.2-closed-cross-streets", name="the flow on A1→A2", unit="cars/h")
def _closed_cross_streets():
    import numpy as np

    from fluxlib.graphs import CITY_STREETS, RUSH_HOUR
    from fluxlib.models.traffic import TrafficGrid

    grid = TrafficGrid()
    base = grid.solve(RUSH_HOUR)
    closed = [CITY_STREETS.index(("A2", "B2")), CITY_STREETS.index(("A3", "B3"))]
    # choose the circulations so that both closed streets carry nothing
    t = np.linalg.solve(base.circulations[closed], -base.particular[closed])
    res = grid.solve(RUSH_HOUR, circulation=t)
    return float(res.flows[CITY_STREETS.index(("A1", "A2"))])
