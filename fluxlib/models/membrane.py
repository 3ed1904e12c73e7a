"""Section 2.2: pump and leak. Intracellular Na⁺ held far from equilibrium.

A spherical cell of radius r (m) has membrane area A = 4πr² and volume V = (4/3)πr³, so
A/V = 3/r. The Na⁺/K⁺ pump throws Na⁺ out at the saturable (Michaelis–Menten) flux density
J_max c_i/(K_m + c_i). Na⁺ leaks in through channels, driven by its *electrochemical*
gradient (section 2.4): both the concentration difference and the membrane potential V_m
(inside minus outside) push it in. The standard model of that leak is the
Goldman–Hodgkin–Katz (GHK) flux, Nernst–Planck across a membrane with a uniform field:

    J_leak = P u (c_o - c_i e^u)/(e^u - 1) = P [g(u) c_o - g(-u) c_i],
    u = zFV_m/(RT),   g(u) = u/(e^u - 1)      (inward, mol m⁻² s⁻¹; P in m s⁻¹).

At V_m = 0, g = 1 and the leak is Fick's P (c_o - c_i); at V_m = -70 mV and 310 K,
g(u) ≈ 2.8, so the voltage roughly triples the inward push. The leak vanishes where
c_i = c_o e^(-u), the Nernst condition Δμ̃ = 0. Per unit cell volume, in mM s⁻¹
(1 mM = 1 mol m⁻³):

    dc_i/dt = k_L [a c_o - b c_i] - V_max c_i/(K_m + c_i),
    k_L = 3P/r,  a = g(u),  b = g(-u),  V_max = 3 J_max/r.

With V_m held fixed the leak is linear in c_i, and the steady state is the positive root of
a quadratic (see :func:`fluxlib.symbolic.membrane.pump_leak`): c_i ≪ c_o with a nonzero
throughput, Na⁺ running in through the leak and out through the pump at the same rate.

Block the pump and the cell runs down: with no pump the K⁺ gradient that holds V_m fades
too, and the potential goes to about zero. :meth:`Cell.blocked` takes that end point
(J_max = 0, V_m = 0), so in this fixed-volume model c_i relaxes at the rate k_L to c_o, with
no net Na⁺ flux. A real cell does not end there: its trapped, mostly negatively charged
macromolecules hold extra cations inside and push some Cl⁻ out, yet the small ions inside
still outnumber those outside (a Donnan distribution), water follows, and the cell swells (a red cell eventually bursts). Keeping cells from swelling is a basic job of the
pump; the model, with its fixed volume and no impermeant charge, leaves this out.

Where it stops: V_m is an input, held fixed (in a real cell it is set mainly by K⁺ and
shifts as Na⁺ builds up); the GHK form assumes a uniform field and independent ions; the
pump is a one-site Michaelis–Menten rate (the real pump binds 3 Na⁺ cooperatively). A pump
weaker than the leak leaves no low-sodium steady state; :attr:`Cell.validity` says so.

Sign convention: both fluxes are reported as positive numbers, the leak inward and the pump
outward, in µmol m⁻² s⁻¹ of membrane.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.errors import FluxInputError, check_finite, check_nonnegative, check_positive
from fluxlib.models.sedimentation import output_times
from fluxlib.tables import Comparison, Measurement, Table
from fluxlib.validity import ValidityNote, limit, notes

R_GAS = 8.314462618  # J mol⁻¹ K⁻¹
FARADAY = 96485.33212  # C mol⁻¹


def ghk_factor(u: ArrayLike) -> np.ndarray:
    """g(u) = u/(e^u - 1), with g(0) = 1 (dimensionless; ``u`` = zFV_m/RT)."""
    u = np.asarray(u, dtype=float)
    small = np.abs(u) < 1e-8
    safe = np.where(small, 1.0, u)
    return np.where(small, 1.0 - u / 2.0, safe / np.expm1(safe))


@dataclass(frozen=True)
class Cell:
    """A cell with a Na⁺ leak (GHK) and a Na⁺ pump.

    ``c_out`` outside concentration (mM); ``permeability`` P (m s⁻¹); ``pump_max`` J_max
    (µmol m⁻² s⁻¹, outward); ``K_m`` pump half-saturation (mM); ``radius`` (m);
    ``V_m`` membrane potential, inside minus outside (V), held fixed; ``temperature`` (K).
    Defaults give about 12 mM inside against 145 mM outside at -70 mV and 310 K.
    """

    c_out: float = 145.0
    permeability: float = 1e-9
    pump_max: float = 0.75
    K_m: float = 10.0
    radius: float = 10e-6
    V_m: float = -0.070
    temperature: float = 310.0

    def __post_init__(self) -> None:
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
        check_finite("membrane potential V_m (V)", self.V_m)
        if abs(self.V_m) > 0.2:
            raise FluxInputError(
                f"membrane potential V_m must lie within ±0.2 V, got {self.V_m:g} V: "
                "a lipid membrane breaks down well before that"
            )
        check_positive("temperature T (K)", self.temperature)

    @property
    def u(self) -> float:
        """Reduced membrane potential u = FV_m/(RT) for Na⁺ (z = 1), dimensionless."""
        return FARADAY * self.V_m / (R_GAS * self.temperature)

    @property
    def ghk_in(self) -> float:
        """The weight a = g(u) of c_o in the leak (1 at V_m = 0)."""
        return float(ghk_factor(self.u))

    @property
    def ghk_out(self) -> float:
        """The weight b = g(-u) of c_i in the leak (1 at V_m = 0)."""
        return float(ghk_factor(-self.u))

    @property
    def k_leak(self) -> float:
        """k_L = 3P/r, s⁻¹: the relaxation rate with the pump blocked (at V_m = 0)."""
        return 3.0 * self.permeability / self.radius

    @property
    def v_max(self) -> float:
        """V_max = 3 J_max/r, mM s⁻¹ (J_max converted from µmol m⁻² s⁻¹ to mol m⁻² s⁻¹)."""
        return 3.0 * self.pump_max * 1e-6 / self.radius

    @property
    def nernst_concentration(self) -> float:
        """The inside level c_o e^(-u) at which the leak stops (Δμ̃ = 0), mM."""
        return float(self.c_out * np.exp(-self.u))

    def leak(self, c_in: ArrayLike) -> np.ndarray:
        """Inward GHK leak flux density P [g(u) c_o - g(-u) c_i], µmol m⁻² s⁻¹."""
        c = np.asarray(c_in)
        return self.permeability * (self.ghk_in * self.c_out - self.ghk_out * c) * 1e6

    def pump(self, c_in: ArrayLike) -> np.ndarray:
        """Outward pump flux density J_max c_i/(K_m + c_i), µmol m⁻² s⁻¹."""
        c = np.asarray(c_in)
        return self.pump_max * c / (self.K_m + c)

    def rate(self, c_in: ArrayLike) -> np.ndarray:
        """dc_i/dt, mM s⁻¹."""
        c = np.asarray(c_in)
        return self.k_leak * (self.ghk_in * self.c_out - self.ghk_out * c) - self.v_max * c / (self.K_m + c)

    @property
    def steady_concentration(self) -> float:
        """The positive root of k_L (a c_o - b c)(K_m + c) = V_max c, mM."""
        kL, co, K, V = self.k_leak, self.c_out, self.K_m, self.v_max
        a, b = self.ghk_in, self.ghk_out
        B = kL * (b * K - a * co) + V
        disc = B * B + 4 * kL * kL * a * b * co * K
        return (
            float(2 * kL * a * co * K / (B + np.sqrt(disc)))
            if B > 0
            else float((-B + np.sqrt(disc)) / (2 * kL * b))
        )

    @property
    def throughput(self) -> float:
        """Steady Na⁺ flux through the cell (in by the leak = out by the pump), µmol m⁻² s⁻¹."""
        return float(self.leak(self.steady_concentration))

    @property
    def validity(self) -> tuple[ValidityNote, ...]:
        """Where the fixed-V_m pump-leak picture stops describing a living cell."""
        cs = self.steady_concentration
        return notes(
            limit(
                "pump capacity over the leak at c_i = 0",
                self.pump_max / max(float(self.leak(0.0)), 1e-300),
                below=1.0 if self.pump_max > 0 else -np.inf,
                why=(
                    "the pump cannot keep up with the leak, so no low-sodium steady state exists; "
                    "a real cell would depolarize and swell, which a fixed V_m cannot describe"
                ),
            ),
            limit(
                "steady inside Na⁺ over outside",
                cs / self.c_out,
                above=1.0,
                why=(
                    "sodium piled up above the outside level only because V_m is held fixed; "
                    "a real cell's potential would collapse long before"
                ),
            ),
        )

    def blocked(self) -> Cell:
        """The same cell with its pump switched off (ouabain), run down to V_m = 0.

        With no pump the K⁺ gradient that holds the resting potential fades as well, so the
        end point is taken at V_m = 0 and c_i relaxes to c_o (in this fixed-volume model; a
        real cell swells instead, see the module docstring). Keep V_m with
        ``replace(cell, pump_max=0.0)`` to see the Nernst equilibrium instead.
        """
        return replace(self, pump_max=0.0, V_m=0.0)


@dataclass(frozen=True)
class CellResult:
    """Time course of a cell's inside Na⁺.

    ``t`` (s), ``c_in`` (mM), ``leak`` and ``pump`` flux densities (µmol m⁻² s⁻¹, leak
    inward, pump outward), ``steady`` the steady c_i (mM).
    """

    t: np.ndarray
    c_in: np.ndarray
    leak: np.ndarray
    pump: np.ndarray
    steady: float
    cell: Cell
    validity: tuple[ValidityNote, ...] = field(default=())


def run_cell(cell: Cell, *, c0: float = 30.0, times: ArrayLike) -> CellResult:
    """Integrate dc_i/dt from ``c0`` (mM) at ``times[0]`` with scipy (LSODA, tight tolerances).

    ``times`` are the output times (s), increasing, the first the initial instant, e.g.
    ``np.linspace(0, 3600, 200)``.
    """
    from scipy.integrate import solve_ivp

    check_finite("initial concentration c0 (mM)", c0)
    if c0 < 0:
        raise FluxInputError(f"initial concentration c0 must not be negative, got {c0:g} mM")
    t = output_times(times)
    sol = solve_ivp(
        lambda _t, y: [cell.rate(y[0])],
        (t[0], t[-1]),
        [float(c0)],
        t_eval=t,
        method="LSODA",
        rtol=1e-9,
        atol=1e-9,
    )
    c = sol.y[0]
    return CellResult(
        t=t,
        c_in=c,
        leak=cell.leak(c),
        pump=cell.pump(c),
        steady=cell.steady_concentration,
        cell=cell,
        validity=cell.validity,
    )


# --------------------------------------------------------------------------- measured
#: Tracer fluxes in fresh human red cells in vitro, at steady state (Solomon 1952).
RED_CELL_NA_INFLUX = Measurement(
    "Na⁺ influx, human red cells",
    3.08,
    "mmol/(L cells h)",
    source="s2_2_Solomon1952",
    note="²⁴Na tracer, fresh cells in vitro in their steady state; spread ±0.57",
    uncertainty=0.57,
)
RED_CELL_K_INFLUX = Measurement(
    "K⁺ influx, human red cells",
    1.67,
    "mmol/(L cells h)",
    source="s2_2_Solomon1952",
    note="⁴²K tracer, same cells; includes any K⁺ that enters by routes other than the pump",
)

#: Na⁺ out and K⁺ in per cycle of the Na⁺/K⁺ pump (one ATP).
PUMP_STOICHIOMETRY = (3, 2)


def pump_potassium_uptake(
    na_throughput: float, *, stoichiometry: tuple[int, int] = PUMP_STOICHIOMETRY
) -> float:
    """K⁺ carried in by a pump that expels the steady Na⁺ throughput (same units as the input).

    In a steady state the pump throws out exactly what leaks in; at 3 Na⁺ out per 2 K⁺ in
    it must bring in 2/3 of that as K⁺.
    """
    check_nonnegative("Na⁺ throughput", na_throughput)
    n_na, n_k = stoichiometry
    if n_na <= 0 or n_k < 0:
        raise FluxInputError(f"pump stoichiometry must be (Na⁺ out > 0, K⁺ in ≥ 0), got {stoichiometry!r}")
    return float(na_throughput) * n_k / n_na


def red_cell_comparison() -> Comparison:
    """The steady pump-leak balance against Solomon's red-cell fluxes: predicted K⁺ influx.

    The prediction takes the measured Na⁺ influx as the throughput the pump must return and
    the pump's 3:2 stoichiometry; it is compared with the measured K⁺ influx.
    """
    predicted = pump_potassium_uptake(RED_CELL_NA_INFLUX.value)
    return Comparison(
        [RED_CELL_K_INFLUX],
        [predicted],
        caption="Human red cells: K⁺ influx predicted from the Na⁺ throughput",
    )


# --------------------------------------------------------------------------- page tables
def cell_table(cell: Cell) -> Table:
    """The rate constants, the steady state and its throughput of a cell."""
    flat = replace(cell, V_m=0.0)
    return Table(
        ["quantity", "value", "unit"],
        [
            ["k_L = 3P/r", cell.k_leak, "1/s"],
            ["a = g(u), weight of c_o in the leak", cell.ghk_in, ""],
            ["b = g(-u), weight of c_i in the leak", cell.ghk_out, ""],
            ["V_max = 3 J_max/r", cell.v_max, "mM/s"],
            ["steady inside Na⁺ c_i*", cell.steady_concentration, "mM"],
            ["throughput (leak in = pump out)", cell.throughput, "µmol/(m² s)"],
            ["leak at c_i* if V_m were 0", float(flat.leak(cell.steady_concentration)), "µmol/(m² s)"],
        ],
    )


def recovery_table(res: CellResult) -> Table:
    """Where a run ended, beside the steady state."""
    return Table(
        ["quantity", "value", "unit"],
        [
            [f"c_i after {res.t[-1] / 3600:g} h", float(res.c_in[-1]), "mM"],
            ["c_i*, root of the quadratic", res.steady, "mM"],
            ["leak in at the end", float(res.leak[-1]), "µmol/(m² s)"],
            ["pump out at the end", float(res.pump[-1]), "µmol/(m² s)"],
        ],
        digits=4,
    )
