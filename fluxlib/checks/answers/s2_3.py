"""Answers to the exercises of section 2.3."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("2.3-wall-flux", name="the heat flux through the wall", unit="W/m²")
def _wall_flux():
    from fluxlib.models.conduction import Layer, composite_wall

    # 10 cm of brick (0.72 W/(m K)) and 5 cm of polystyrene foam (0.035 W/(m K)), 20 °C inside, 0 °C outside
    wall = (Layer(0.05, 0.035, "foam"), Layer(0.10, 0.72, "brick"))
    return float(composite_wall(wall, T1=20.0, T2=0.0).q[0])


@answer("2.3-pore-rate", name="the rate through the pore", unit="mol/s")
def _pore_rate():
    from fluxlib.models.conduction import GLUCOSE_D, GLUCOSE_RADIUS, pore_flow

    # glucose (D = 6.7e-10 m²/s, radius 0.36 nm) through a pore 1 nm in radius and 10 nm
    # long, 5 mM against 0, with Renkin's hindrance and the access resistance of both mouths
    res = pore_flow(radius=1e-9, length=10e-9, D=GLUCOSE_D, c1=5.0, c2=0.0, solute_radius=GLUCOSE_RADIUS)
    return res.rate_hindered
