"""Answers to the exercises of section 3.1 (parallel pipes with inertia)."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("3.1-tau", name="the time constant τ", unit="s")
def _tau():
    from fluxlib.models.pipes import Pipe, valve_factor

    a, b = Pipe(radius=5e-3, length=10.0), Pipe(radius=4e-3, length=10.0)
    R_A = a.resistance * valve_factor(0.5)
    return (a.inertance + b.inertance) / (R_A + b.resistance)


@answer("3.1-jump", name="the pressure jump at the step", unit="Pa")
def _jump():
    from fluxlib.models.pipes import valve_step

    return valve_step(0.5, flow=1.0e-5).dP_jump
