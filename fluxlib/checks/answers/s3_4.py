"""Answers to the exercises of section 3.4 (sources, sinks and corridors)."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("3.4-sink", name="the sink's equilibrium population N*", unit="individuals")
def _sink():
    from fluxlib.models.metapopulation import isolated_sink_equilibrium

    return isolated_sink_equilibrium(-0.2, 2000.0, 10.0)


@answer("3.4-rescue-flux", name="the immigration that holds the sink at 50", unit="individuals/yr")
def _rescue():
    from fluxlib.models.metapopulation import Landscape, growth

    sink = Landscape(("sink",), (-0.3,), (3000.0,), (), ())
    return float(-growth(sink, 50.0)[0])
