"""Answers to the exercises of section 2.7 (flux that builds something)."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("2.7-dry-oxide", name="the oxide thickness after 1 h of dry oxidation at 1100 °C", unit="µm")
def _dry_oxide():
    from fluxlib.models.oxidation import DRY_1100

    return float(DRY_1100.thickness(1.0))


@answer("2.7-wet-crossover", name="the crossover time A²/B for steam at 1000 °C", unit="h")
def _wet_crossover():
    from fluxlib.models.oxidation import WET_1000

    return WET_1000.crossover_time
