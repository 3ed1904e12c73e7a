"""Answers to the exercises of section 1.1."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("1.1-steady-flux", name="the steady heat flux q", unit="W/m²")
def _steady_flux():
    from fluxlib.fv import Fixed, Grid, solve_steady
    from fluxlib.models.rod import COPPER

    grid = Grid.uniform(0.0, COPPER.length, 10)
    res = solve_steady(grid, COPPER.conductivity, left=Fixed(100.0), right=Fixed(0.0))
    return float(res.flux[0])


@answer("1.1-decay-time", name="the 1/e decay time", unit="s")
def _decay_time():
    import math

    from fluxlib.models.rod import Rod

    rod = Rod(length=0.3, conductivity=50.0, rho_c=3.5e6)
    return rod.length**2 / (rod.diffusivity * math.pi**2)
