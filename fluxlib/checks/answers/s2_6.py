"""Answers to the exercises of section 2.6 (geometry makes a steady state)."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("2.6-saito-current", name="the steady microdisk current", unit="nA")
def _saito_current():
    from fluxlib.models.electrodes import Solution, disk_steady_current

    # 5 µm radius disk, 1 mM ferrocenemethanol-like species (D = 7.6e-10 m²/s), one electron
    return 1e9 * disk_steady_current(5e-6, Solution(D=7.6e-10, c=1.0, n=1))


@answer("2.6-sphere-settling", name="the time to come within 10 % of steady", unit="s")
def _sphere_settling():
    from fluxlib.models.electrodes import Solution, sphere_time_to_steady

    return sphere_time_to_steady(10e-6, Solution(D=7.6e-10, c=1.0, n=1), within=0.1)
