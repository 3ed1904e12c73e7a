"""Answers to the exercises of section 2.1."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("2.1-scale-height", name="the sedimentation length ℓ", unit="µm")
def _scale_height():
    from fluxlib.models.sedimentation import Colloid

    # polystyrene spheres of radius 0.5 µm in water at 293 K
    return Colloid(radius=0.5e-6, temperature=293.0).scale_height * 1e6


@answer("2.1-tank-level", name="the steady water level h*", unit="cm")
def _tank_level():
    from fluxlib.models.sedimentation import Tank

    # a tap at 0.3 L/s into a tank with a 1.5 cm² drain hole
    return Tank(area=0.5, inflow=3e-4, hole=1.5e-4).steady_level * 100
