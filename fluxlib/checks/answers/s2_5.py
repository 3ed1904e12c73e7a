"""Answers to the exercises of section 2.5 (concentration-dependent diffusivity)."""

from __future__ import annotations

from fluxlib.checks.base import answer

# the membrane of the exercises: 100 µm thick, D = D0 (1 + βc), 100 mol/m³ against 0
MEMBRANE = {"D0": 1.0e-10, "beta": 0.02, "length": 100e-6, "c_left": 100.0, "c_right": 0.0}


@answer("2.5-membrane-flux", name="the steady flux J", unit="mol/(m² s)")
def _membrane_flux():
    import numpy as np

    from fluxlib.models.nonlinear_diffusion import LinearD, steady_slab

    m = MEMBRANE
    res = steady_slab(
        LinearD(m["D0"], m["beta"]), length=m["length"], c_left=m["c_left"], c_right=m["c_right"]
    )
    return float(np.mean(res.flux))


@answer("2.5-gradient-ratio", name="the ratio of the exit gradient to the inlet gradient", unit="")
def _gradient_ratio():
    from fluxlib.models.nonlinear_diffusion import LinearD, steady_slab

    m = MEMBRANE
    res = steady_slab(
        LinearD(m["D0"], m["beta"]), length=m["length"], c_left=m["c_left"], c_right=m["c_right"]
    )
    return float(res.gradient(m["length"]) / res.gradient(0.0))
