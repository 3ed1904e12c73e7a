"""Section 1.3: the persistent current of a superconducting loop, an ideally undying circulation.

An ideal closed superconducting loop has no resistance, so Faraday's law around it,
dΦ/dt = -R I, says its fluxoid Φ = L I (Wb, with inductance L in H and current I in A) cannot
change. The current is a pure circulation: it lies in the null space of the loop's incidence
matrix (every junction of the ring passes on exactly what it receives), which is why the ring
is built here on fluxlib's network core. Change the inductance from L₁ to L₂ (a solenoid,
L = μ₀N²A/ℓ, pulled longer has a smaller L; pushed together, a larger one) and the current jumps to I₂ = L₁ I₁ / L₂; the stored energy Φ²/(2L)
changes by the work done on the loop. If the new current exceeds the wire's critical current,
superconductivity is lost and the flux escapes.

R = 0 is an idealisation. In a real type-II wire such as niobium-titanium, flux creep, and in a
practical coil the joints that close it, make a persistent current decay, very slowly; the
model ignores that decay (it has no rate for it).

Positive current flows around the ring in the direction of its edges (node 0 → 1 → ... → 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.errors import FluxInputError, check_finite, check_positive


@dataclass(frozen=True)
class SuperconductingLoop:
    """A superconducting loop carrying a persistent current.

    ``inductance`` L in H, ``current`` I in A (positive along the ring's edges),
    ``critical_current`` I_c in A (the largest current the wire carries without resistance).
    Defaults: a small niobium–titanium coil, 2 mH carrying 50 A, I_c = 150 A.
    """

    inductance: float = 2e-3
    current: float = 50.0
    critical_current: float = 150.0

    def __post_init__(self) -> None:
        check_positive("inductance L (H)", self.inductance, what="a loop always stores energy LI²/2 ≥ 0")
        check_finite("persistent current I (A)", self.current)
        check_positive("critical current I_c (A)", self.critical_current)
        if abs(self.current) > self.critical_current:
            raise FluxInputError(
                f"persistent current I = {self.current:g} A exceeds the critical current "
                f"I_c = {self.critical_current:g} A: the wire would turn normal and the current decay"
            )

    @property
    def fluxoid(self) -> float:
        """Trapped flux Φ = L I, in Wb."""
        return self.inductance * self.current

    @property
    def energy(self) -> float:
        """Stored magnetic energy L I²/2 = Φ²/(2L), in J."""
        return 0.5 * self.inductance * self.current**2

    def with_inductance(self, new_inductance: float) -> SuperconductingLoop:
        """The loop after its inductance changes to ``new_inductance`` (H), flux conserved.

        Raises :class:`FluxInputError` if the new current I₂ = L₁ I₁ / L₂ would exceed the
        critical current (the loop would quench instead of keeping its flux).
        """
        L2 = float(check_positive("new inductance L₂ (H)", new_inductance))
        I2 = self.fluxoid / L2
        if abs(I2) > self.critical_current:
            raise FluxInputError(
                f"lowering the inductance to {1e3 * L2:.3g} mH would need a current of {abs(I2):.0f} A "
                f"to keep the trapped flux, above the critical current of {self.critical_current:.0f} A: "
                "the wire quenches (turns resistive) and the flux leaks out"
            )
        return SuperconductingLoop(L2, I2, self.critical_current)

    def edge_currents(self, *, n: int = 6) -> np.ndarray:
        """Currents in the ``n`` segments of the ring (A), positive along the ring's edges.

        The ring is a :class:`fluxlib.network.FlowNetwork` cycle; its one-dimensional cycle space
        (from the core's ``cycle_basis``) times I gives the segment currents, which balance at
        every junction.
        """
        from fluxlib.models.traffic import cycle_space, network

        if int(n) < 2:
            raise FluxInputError(f"a ring needs at least 2 segments, got n = {n}")
        ring = network([(k, (k + 1) % n) for k in range(n)])
        basis = cycle_space(ring)
        z = basis[:, 0]
        z = z / z[np.argmax(np.abs(z))]  # unit circulation along the edges
        return self.current * z


def squeeze(loop: SuperconductingLoop, inductances: ArrayLike) -> np.ndarray:
    """Persistent current (A) for each inductance (H) in ``inductances``, flux conserved.

    NaN where the current would exceed the critical current (the loop has quenched).
    """
    L = check_positive("inductance L (H)", inductances)
    I2 = loop.fluxoid / L
    return np.where(np.abs(I2) <= loop.critical_current, I2, np.nan)
