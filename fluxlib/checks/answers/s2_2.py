"""Answers to the exercises of section 2.2."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("2.2-steady-sodium", name="the steady inside Na⁺ concentration", unit="mM")
def _steady_sodium():
    from fluxlib.models.membrane import Cell

    # the default cell with its pump capacity cut by a third, to 0.5 µmol m⁻² s⁻¹
    return Cell(pump_max=0.5).steady_concentration
