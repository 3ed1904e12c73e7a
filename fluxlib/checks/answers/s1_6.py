"""Answers to the exercises of section 1.6."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("1.6-surface-current", name="the bound current along the top face", unit="A")
def _surface_current() -> float:
    from fluxlib.models.magnetization import Slab, current_map

    # uniform M = 8×10⁵ A/m in a slab 2 cm deep; a thin taper stands in for the sharp face
    slab = Slab(half_thickness=5e-3, depth=0.02, M0=8e5, taper=2e-4, ripple=0.0)
    return current_map(slab, nx=3, ny=301).cut_current(0, part="bound", y_min=0.0)


@answer("1.6-ammeter", name="the ammeter reading", unit="A")
def _ammeter() -> float:
    from fluxlib.models.magnetization import Slab, current_map

    slab = Slab(half_thickness=5e-3, depth=0.02, M0=8e5, taper=2e-4, ripple=0.0)
    return current_map(slab, I_transport=3.0, nx=3, ny=301).cut_current(0, part="total")
