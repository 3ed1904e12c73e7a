"""Answers to the exercises of section 2.6 (geometry makes a steady state)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.checks.base import answer

if TYPE_CHECKING:
    from fluxlib.models.electrodes import Solution


def _ferricyanide() -> Solution:
    from fluxlib.models.electrodes import BAUR_WIGHTMAN_1991, Solution

    # 1 mM ferricyanide in 0.5 M KCl, one electron, D measured by Baur and Wightman (1991)
    return Solution(D=BAUR_WIGHTMAN_1991[0].value, c=1.0, n=1)


@answer("2.6-saito-current", name="the steady microdisk current", unit="nA")
def _saito_current() -> float:
    from fluxlib.models.electrodes import disk_steady_current

    return 1e9 * disk_steady_current(5e-6, _ferricyanide())


@answer("2.6-sphere-settling", name="the time to come within 10 % of steady", unit="s")
def _sphere_settling() -> float:
    from fluxlib.models.electrodes import sphere_time_to_steady

    return sphere_time_to_steady(10e-6, _ferricyanide(), within=0.1)
