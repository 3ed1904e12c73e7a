"""Answers to the exercises of section 3.6 (hot paths carry the current)."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("3.6-braking-time", name="the braking time ρ/(σB²)", unit="s")
def _braking_time():
    from fluxlib.models.plasma import braking_time

    return float(braking_time(510.0, 3.0e6, 5.0))
