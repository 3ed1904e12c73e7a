"""Section 2.4: why gradients drive flux. The electrochemical potential difference of an ion.

For an ion of charge number z in a dilute solution the electrochemical potential is

    μ̃ = μ° + RT ln c + zFφ      (J mol⁻¹),

so moving one mole from outside (c_o, φ_o) to inside (c_i, φ_i) changes the Gibbs energy by

    Δμ̃ = μ̃_in - μ̃_out = RT ln(c_i/c_o) + zF(φ_i - φ_o) = RT ln(c_i/c_o) + zF V_m,

with V_m the membrane potential (inside minus outside). Negative Δμ̃: the ion runs in by
itself; positive: it must be pushed (by a pump paid for with ATP). The flux follows the
gradient of μ̃: J = -(Dc/RT) ∂μ̃/∂x (Nernst–Planck), which is Fick's law when φ is uniform.

Where it stops: RT ln c is the ideal-dilute form. At physiological strength activity
coefficients are well below 1 (about 0.75 for 150 mM NaCl), but they are nearly the same on
both sides of a membrane and cancel in the ratio c_i/c_o; the membrane potential is treated
as a given number, whatever sets it.

Units: concentrations in any one unit (only their ratio enters), V_m in volts, T in K,
energies in J mol⁻¹.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from fluxlib.errors import FluxInputError, check_finite, check_positive
from fluxlib.tables import Table

R_GAS = 8.314462618  # J mol⁻¹ K⁻¹
FARADAY = 96485.33212  # C mol⁻¹
#: Gibbs energy of ATP hydrolysis under typical cytoplasmic conditions, J mol⁻¹ (about -50 to -60 kJ/mol)
DG_ATP = -55e3


@dataclass(frozen=True)
class DrivingForceResult:
    """Δμ̃ for one mole moving outside → inside, split into its two parts (J mol⁻¹).

    ``chemical`` = RT ln(c_i/c_o), ``electrical`` = zF V_m, ``total`` their sum; ``nernst`` the
    membrane potential (V) at which the ion would be in equilibrium, RT/(zF) ln(c_o/c_i).
    """

    chemical: float
    electrical: float
    total: float
    nernst: float
    z: int

    @property
    def direction(self) -> str:
        """Which way the ion is driven: "inward", "outward" or "none (equilibrium)"."""
        if self.total < 0:
            return "inward"
        if self.total > 0:
            return "outward"
        return "none (equilibrium)"

    def sentence(self) -> str:
        """The driving force and its two parts in one sentence (kJ/mol)."""
        return (
            f"Δμ̃ = {self.chemical / 1e3:+.1f} kJ/mol (concentration) {self.electrical / 1e3:+.1f} kJ/mol "
            f"(voltage) = {self.total / 1e3:+.1f} kJ/mol: the ion is driven {self.direction}."
            if self.total != 0
            else "Δμ̃ = 0: the ion is at equilibrium across the membrane."
        )


def delta_mu(*, c_in: float, c_out: float, V_m: float, z: int = 1, T: float = 310.0) -> DrivingForceResult:
    """Electrochemical potential difference μ̃_in - μ̃_out for an ion entering a cell.

    ``c_in``, ``c_out`` in the same units (e.g. mM); ``V_m`` membrane potential, inside minus
    outside, in V; ``z`` charge number; ``T`` in K.
    """
    check_positive("inside concentration c_in", c_in, what="the logarithm of a zero concentration is -∞")
    check_positive("outside concentration c_out", c_out, what="the logarithm of a zero concentration is -∞")
    check_finite("membrane potential V_m (V)", V_m)
    check_positive("temperature T (K)", T)
    if isinstance(z, bool) or not isinstance(z, (int, np.integer)) or z == 0:
        raise FluxInputError(f"charge number z must be a nonzero integer for an ion, got {z!r}")
    chem = R_GAS * T * np.log(c_in / c_out)
    elec = z * FARADAY * V_m
    nernst = R_GAS * T / (z * FARADAY) * np.log(c_out / c_in)
    return DrivingForceResult(float(chem), float(elec), float(chem + elec), float(nernst), int(z))


def pump_cycle_cost(
    *,
    na_in: float = 12.0,
    na_out: float = 145.0,
    k_in: float = 140.0,
    k_out: float = 4.0,
    V_m: float = -0.07,
    T: float = 310.0,
) -> float:
    """Gibbs energy (J mol⁻¹ of cycles) to move 3 Na⁺ out and 2 K⁺ in against their gradients.

    The cost is -3 Δμ̃(Na⁺, entering) + 2 Δμ̃(K⁺, entering); positive: the pump must be paid.
    Concentrations in mM, V_m in V, T in K.
    """
    na, k = _cycle_forces(na_in, na_out, k_in, k_out, V_m, T)
    return _cycle_cost(na, k)


def _cycle_forces(
    na_in: float, na_out: float, k_in: float, k_out: float, V_m: float, T: float
) -> tuple[DrivingForceResult, DrivingForceResult]:
    """Δμ̃ of Na⁺ and of K⁺, each for one mole entering the cell."""
    return (
        delta_mu(c_in=na_in, c_out=na_out, V_m=V_m, z=1, T=T),
        delta_mu(c_in=k_in, c_out=k_out, V_m=V_m, z=1, T=T),
    )


def _cycle_cost(na: DrivingForceResult, k: DrivingForceResult) -> float:
    """-3 Δμ̃(Na⁺ entering) + 2 Δμ̃(K⁺ entering), J per mole of cycles."""
    return -3.0 * na.total + 2.0 * k.total


# --------------------------------------------------------------------------- page tables
def force_table(forces: Sequence[DrivingForceResult], labels: Sequence[str]) -> Table:
    """Δμ̃ and its two parts (kJ/mol, for one mole entering) and the Nernst potential (mV)."""
    rows = [
        [lab, f.chemical / 1e3, f.electrical / 1e3, f.total / 1e3, 1e3 * f.nernst, f.direction]
        for f, lab in zip(forces, labels, strict=True)
    ]
    return Table(
        ["ion", "RT ln(c_i/c_o)", "zFV_m", "Δμ̃", "E_Nernst (mV)", "driven"],
        rows,
        caption="Energies in kJ/mol, for one mole entering the cell",
    )


def pump_cycle_table(
    *,
    na_in: float = 12.0,
    na_out: float = 145.0,
    k_in: float = 140.0,
    k_out: float = 4.0,
    V_m: float = -0.07,
    T: float = 310.0,
) -> Table:
    """The bill of one pump cycle (3 Na⁺ out, 2 K⁺ in) beside the Gibbs energy of one ATP."""
    na, k = _cycle_forces(na_in, na_out, k_in, k_out, V_m, T)
    cost = _cycle_cost(na, k)
    return Table(
        ["item", "kJ/mol"],
        [
            ["3 Na⁺ out: -3 Δμ̃(Na⁺ entering)", -3 * na.total / 1e3],
            ["2 K⁺ in: +2 Δμ̃(K⁺ entering)", 2 * k.total / 1e3],
            ["one cycle costs", cost / 1e3],
            ["one ATP pays, in the cytoplasm (about)", -DG_ATP / 1e3],
        ],
    )
