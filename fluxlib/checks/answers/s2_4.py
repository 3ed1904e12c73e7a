"""Answers to the exercises of section 2.4."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("2.4-potassium", name="Δμ̃ for K⁺ entering the cell", unit="kJ/mol")
def _potassium():
    from fluxlib.models.electrochemistry import delta_mu

    # 140 mM inside, 4 mM outside, V_m = -70 mV, 310 K
    return delta_mu(c_in=140.0, c_out=4.0, V_m=-0.070, z=1, T=310.0).total / 1e3
