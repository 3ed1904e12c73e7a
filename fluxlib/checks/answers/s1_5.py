"""Answers to the exercises of section 1.5."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("1.5-cycle-current", name="the cycle current J", unit="1/s")
def _cycle_current() -> float:
    from fluxlib.models.nonequilibrium import three_state_cycle

    return three_state_cycle((6.0, 1.0, 3.0), (1.0, 3.0, 2.0)).J


@answer("1.5-cstr", name="the steady outlet concentration", unit="mol/m³")
def _cstr() -> float:
    import numpy as np

    from fluxlib.models.nonequilibrium import CSTR, run_cstr

    return run_cstr(CSTR(volume=2.0, flow_rate=0.01, c_in=1000.0, k=0.02), np.array([0.0, 1.0])).c_steady
