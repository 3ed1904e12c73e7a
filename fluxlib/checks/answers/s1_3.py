"""Answers to the exercises of section 1.3."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("1.3-cooling-loops", name="the number of independent circulations", rtol=0.0)
def _cooling_loops():
    from fluxlib.graphs import LOOP_EDGES
    from fluxlib.models.traffic import network

    return network(LOOP_EDGES).cycle_basis().shape[1]


@answer("1.3-persistent-current", name="the new persistent current", unit="A")
def _persistent_current():
    from fluxlib.models.superconductor import SuperconductingLoop

    return SuperconductingLoop(inductance=2e-3, current=50.0).with_inductance(5e-3).current
