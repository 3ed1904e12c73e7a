"""Answers to the exercises of section 1.4."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("1.4-ke-ratio", name="the ratio of kinetic-energy fluxes", unit="")
def _ke_ratio() -> float:
    from fluxlib.profiles import kinetic_energy_factor, mass_flux, plug, poiseuille_pipe

    # same mass flux: the plug moves at the Poiseuille profile's mean velocity, u_max/2
    pois = poiseuille_pipe(u_max=2.0)
    flat = plug(kind="pipe", u_max=mass_flux(pois) / mass_flux(plug(kind="pipe")))
    return (
        kinetic_energy_factor(pois)
        * mass_flux(pois) ** 3
        / (kinetic_energy_factor(flat) * mass_flux(flat) ** 3)
    )


@answer("1.4-seventh-alpha", name="α of the 1/7-power profile", unit="", rtol=0.005)
def _seventh() -> float:
    from fluxlib.profiles import kinetic_energy_factor, turbulent_pipe

    return kinetic_energy_factor(turbulent_pipe(7))
