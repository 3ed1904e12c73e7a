"""Section 2.2: pump and leak. Intracellular Na⁺ held far from equilibrium.

A spherical cell of radius r (m) has membrane area A = 4πr² and volume V = (4/3)πr³, so
A/V = 3/r. Na⁺ leaks in through channels at the flux density P (c_o - c_i) (P: permeability,
m s⁻¹) and the Na⁺/K⁺ pump throws it out at the saturable (Michaelis–Menten) flux density
J_max c_i/(K_m + c_i). Per unit cell volume, in mM s⁻¹ (1 mM = 1 mol m⁻³):

    dc_i/dt = k_L (c_o - c_i) - V_max c_i/(K_m + c_i),    k_L = 3P/r,  V_max = 3 J_max/r.

The steady state (a quadratic, see :func:`fluxlib.symbolic.steady.pump_leak`) has c_i ≪ c_o and
a nonzero throughput: Na⁺ runs in through the leak and out through the pump at the same rate.
Block the pump (J_max = 0) and c_i relaxes, at the rate k_L, to c_o: equilibrium, no net flux.

Sign convention: both fluxes are reported as positive numbers, the leak inward and the pump
outward, in µmol m⁻² s⁻¹ of membrane.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from fluxlib.errors import FluxInputError, check_finite, check_nonnegative, check_positive


@dataclass(frozen=True)
class Cell:
    """A cell with a Na⁺ leak and a Na⁺ pump.

    ``c_out`` outside concentration (mM); ``permeability`` P (m s⁻¹); ``pump_max`` J_max
    (µmol m⁻² s⁻¹, outward); ``K_m`` pump half-saturation (mM); ``radius`` (m).
    Defaults give about 12 mM inside against 145 mM outside.
    """

    c_out: float = 145.0
    permeability: float = 3e-9
    pump_max: float = 0.75
    K_m: float = 10.0
    radius: float = 10e-6

    def __post_init__(self):
        check_positive("outside concentration c_o (mM)", self.c_out)
        check_positive(
            "leak permeability P (m/s)",
            self.permeability,
            what="with no leak at all nothing would need pumping",
        )
        check_nonnegative(
            "pump capacity J_max (µmol/(m² s))", self.pump_max, what="a pump cannot run backward here"
        )
        check_positive("pump half-saturation K_m (mM)", self.K_m)
        check_positive("cell radius r (m)", self.radius)

    @property
    def k_leak(self) -> float:
        """k_L = 3P/r, s⁻¹: the relaxation rate with the pump blocked."""
        return 3.0 * self.permeability / self.radius

    @property
    def v_max(self) -> float:
        """V_max = 3 J_max/r, mM s⁻¹ (J_max converted from µmol m⁻² s⁻¹ to mol m⁻² s⁻¹)."""
        return 3.0 * self.pump_max * 1e-6 / self.radius

    def leak(self, c_in):
        """Inward leak flux density P (c_o - c_i), µmol m⁻² s⁻¹."""
        return self.permeability * (self.c_out - np.asarray(c_in)) * 1e6

    def pump(self, c_in):
        """Outward pump flux density J_max c_i/(K_m + c_i), µmol m⁻² s⁻¹."""
        c = np.asarray(c_in)
        return self.pump_max * c / (self.K_m + c)

    def rate(self, c_in):
        """dc_i/dt, mM s⁻¹."""
        c = np.asarray(c_in)
        return self.k_leak * (self.c_out - c) - self.v_max * c / (self.K_m + c)

    @property
    def steady_concentration(self) -> float:
        """The positive root of k_L (c_o - c)(K_m + c) = V_max c, mM."""
        kL, co, K, V = self.k_leak, self.c_out, self.K_m, self.v_max
        b = kL * (co - K) - V
        return float((b + np.sqrt(b * b + 4 * kL * kL * co * K)) / (2 * kL))

    @property
    def throughput(self) -> float:
        """Steady Na⁺ flux through the cell (in by the leak = out by the pump), µmol m⁻² s⁻¹."""
        return float(self.leak(self.steady_concentration))

    def blocked(self) -> Cell:
        """The same cell with its pump switched off (ouabain)."""
        return replace(self, pump_max=0.0)


@dataclass(frozen=True)
class CellResult:
    """Time course: ``t`` (s), ``c_in`` (mM), ``leak`` and ``pump`` flux densities
    (µmol m⁻² s⁻¹, leak inward, pump outward), ``steady`` the steady c_i (mM)."""

    t: np.ndarray
    c_in: np.ndarray
    leak: np.ndarray
    pump: np.ndarray
    steady: float
    cell: Cell


def run_cell(cell: Cell = Cell(), *, c0: float = 30.0, t_end: float = 3600.0, n: int = 200) -> CellResult:
    """Integrate dc_i/dt from ``c0`` (mM) over [0, ``t_end``] s with scipy (LSODA, tight tolerances)."""
    from scipy.integrate import solve_ivp

    check_finite("initial concentration c0 (mM)", c0)
    if c0 < 0:
        raise FluxInputError(f"initial concentration c0 must not be negative, got {c0:g} mM")
    check_positive("end time (s)", t_end)
    t = np.linspace(0.0, t_end, n)
    sol = solve_ivp(
        lambda _t, y: [cell.rate(y[0])],
        (0.0, t_end),
        [float(c0)],
        t_eval=t,
        method="LSODA",
        rtol=1e-9,
        atol=1e-9,
    )
    c = sol.y[0]
    return CellResult(
        t=t, c_in=c, leak=cell.leak(c), pump=cell.pump(c), steady=cell.steady_concentration, cell=cell
    )
