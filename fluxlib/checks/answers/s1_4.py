"""Answers to the exercises of section 1.4."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("1.4-ke-ratio", name="the ratio of kinetic-energy fluxes", unit="")
def _ke_ratio():
    from fluxlib.plotting.profiles import power_law_shape, profile_factors

    return profile_factors(power_law_shape(1.0))[1]


@answer("1.4-seventh-alpha", name="α of the 1/7-power profile", unit="", rtol=0.005)
def _seventh():
    from fluxlib.plotting.profiles import profile_factors, seventh_power_shape

    return profile_factors(seventh_power_shape)[1]
