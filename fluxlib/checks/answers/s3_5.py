"""Answers to the exercises of section 3.5 (current in a plasma)."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("3.5-q2-radius", name="the radius of the q = 2 surface", unit="m", rtol=0.01)
def _q2_radius():
    from fluxlib.models.plasma import Column, steady_profile

    return steady_profile(Column(), 2.0 / 3.0).radius_of_q(2.0)


@answer("3.5-resistive-time", name="the resistive time μ₀a²/η", unit="s", rtol=0.03)
def _resistive_time():
    from fluxlib.models.plasma import Column

    return Column(a=0.5, T0=3000.0, ln_lambda=17.0).resistive_time()
