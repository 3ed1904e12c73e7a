r"""Section 2.6: diffusion-limited current at electrodes of different shapes.

A species at bulk concentration ``c`` (mol m⁻³, 1 mol m⁻³ = 1 mM) with diffusivity ``D``
(m² s⁻¹) is consumed at an electrode (surface concentration held at zero from t = 0, a
potential step); ``n`` electrons are transferred per molecule, F = 96485.332 C mol⁻¹.
Currents are in A and count the reduction (or oxidation) current as positive: it is
nF times the rate at which the species *enters the electrode*.

* **Planar** electrode of area A (m²), Cottrell (1903):
  :math:`i = nFAc\sqrt{D/(\pi t)}`, decaying forever: no steady state.
* **Sphere** of radius r₀ (m): :math:`i = 4\pi r_0^2 nFDc\,[1/r_0 + 1/\sqrt{\pi D t}]`,
  the Cottrell term plus a steady term :math:`4\pi nFDcr_0`.
* **Microdisk** of radius r (m) in an insulating plane: steady current
  :math:`4nFDcr` (Saito 1968) and the Shoup–Szabo (1982) transient
  :math:`i = 4nFDcr\,f(\tau)`, :math:`\tau = 4Dt/r^2`,
  :math:`f = 0.7854 + 0.8862\,\tau^{-1/2} + 0.2146\,e^{-0.7823\,\tau^{-1/2}}`
  (their published fit, accurate to 0.6 % at all times).

Against measurement (:func:`saito_comparison`): 4nFDcr, with the diffusivity of ferricyanide
that Konopka and McDuffie (1970) measured in a thin-layer cell (a method that uses neither a
disk nor Saito's formula), is 1.3 % above the steady current Baur and Wightman (1991)
measured at Pt microdisks sized by electron microscopy. The two media differ (1.00 M KCl
against 0.5 M KCl at pH 3.0) and ferricyanide's D changes by a few per cent between such
media, so this supports the prefactor 4 to within that spread, not to 1.3 %; a prefactor π
would predict about 20 % too little (:func:`saito_prefactor_ratio`).

:func:`sphere_fv` solves the sphere on the book's finite-volume core
(:func:`fluxlib.fv.solve_transient` on a ``"spherical"`` grid, the same solver as the rod
and the membrane), with the outer boundary far beyond the diffusion layer.

Where these formulas stop describing an experiment (see :func:`cottrell_validity` and
:func:`sphere_settling`, whose results carry ``validity`` notes):

* Cottrell's planar current describes a disk of radius r only while the diffusion layer is
  thin next to r: the edge adds a fraction 0.7854/(0.8862 τ^{-1/2}) ≈ 0.886 √τ of it
  (Shoup–Szabo), so it stays within 10 % only for D t/r² below about 0.003
  (:func:`planar_time_limit`).
* All of them assume diffusion alone. Natural convection eventually stirs an unstirred
  solution; the book flags anything past :data:`CONVECTION_ONSET` (60 s, a round figure of
  its own, not a measured limit), so a steady state that needs much longer than that is
  never seen as a diffusion steady state: convection sets the current instead.
* The potential step is assumed large enough that the surface concentration is zero at
  once (an overpotential well past the wave, negligible double-layer charging, an excess of
  supporting electrolyte so that migration is negligible).
* Saito's 4nFDcr is reached only after D t/r² ≈ 13 (10 %, :func:`disk_time_to_steady`), so
  disks larger than :func:`largest_settling_disk` (58.7 µm for D = 7.6e-10 m² s⁻¹) meet
  convection first. At the small end, with an excess of supporting electrolyte, electron
  transfer is met first: the mass-transfer coefficient 4D/(πr) (:func:`disk_mass_transfer`)
  approaches :data:`FAST_RATE_CONSTANT` (1 cm/s, a round figure for a fast couple) as the
  disk shrinks. The wave is close to reversible only while 4D/(πr) is below about a tenth of
  k0 (disks above about 1 µm); nearer k0 it is quasi-reversible, and past it (below about
  100 nm) clearly not: under Butler–Volmer kinetics it is drawn out, its half-wave potential
  shifts (:func:`half_wave_shift`, :func:`reversibility_sentence`), and 4nFDcr is reached
  only at a larger overpotential (:func:`plateau_overpotential`);
  it falls short only if the solvent window (or a saturating rate) stops the step first.
  The double layer, whose thickness is the Debye length (:func:`debye_length`: 0.96 nm
  in 0.1 M of a 1:1 salt at 25 °C), matters only for disks within
  :data:`DOUBLE_LAYER_RADII` Debye lengths of it (:func:`disk_validity`).
* Charging the double layer through the solution's resistance 1/(4κr) takes
  RC = πC_dl r/(4κ) (:func:`disk_charging_time`): 0.12 ms even for r = 1 mm in 0.1 mol/kg
  KCl.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fluxlib.errors import FluxInputError, check_positive
from fluxlib.fv import Fixed, Grid, solve_transient
from fluxlib.tables import Comparison, Measurement, Table
from fluxlib.validity import ValidityNote, limit, notes

FARADAY = 96485.33212  # C mol⁻¹
BOLTZMANN = 1.380649e-23  # J K⁻¹
AVOGADRO = 6.02214076e23  # mol⁻¹
ELEMENTARY_CHARGE = 1.602176634e-19  # C
VACUUM_PERMITTIVITY = 8.8541878128e-12  # F m⁻¹
#: Relative permittivity of water at 25 °C.
WATER_PERMITTIVITY = 78.4
#: 25 °C in kelvin, the temperature of the section's examples.
ROOM_TEMPERATURE = 298.15

#: Time (s) after which natural convection typically disturbs pure diffusion in an unstirred
#: solution: a round figure at the permissive end of the range (onset takes tens of seconds to
#: a minute, depending on the cell and the electrode's orientation, so some cells are stirred
#: sooner). Used only to flag results, never in a formula.
CONVECTION_ONSET = 60.0


@dataclass(frozen=True)
class Solution:
    """The electroactive species: ``D`` (m² s⁻¹), bulk ``c`` (mol m⁻³ = mM), ``n`` electrons.

    ``ionic_strength`` (mol L⁻¹ = M) is that of the excess supporting electrolyte, which sets
    the Debye length (:func:`debye_length`). Default: ferrocenemethanol-like, D = 7.6e-10 m² s⁻¹
    at 1 mM, one electron, in 0.1 M of a 1:1 supporting salt.
    """

    D: float = 7.6e-10
    c: float = 1.0
    n: int = 1
    ionic_strength: float = 0.1

    def __post_init__(self) -> None:
        check_positive("diffusivity D (m²/s)", self.D)
        check_positive("bulk concentration c (mol/m³)", self.c)
        check_positive("ionic strength of the supporting electrolyte (mol/L)", self.ionic_strength)
        if isinstance(self.n, bool) or not isinstance(self.n, (int, np.integer)) or self.n < 1:
            raise FluxInputError(f"electrons transferred n must be a positive integer, got {self.n!r}")

    @property
    def nFc(self) -> float:
        """nFc, C m⁻³."""
        return self.n * FARADAY * self.c


def _times(t: npt.ArrayLike) -> np.ndarray:
    return check_positive("time t (s) since the potential step", t, what="the current at t = 0 is infinite")


def _radius(r: float) -> float:
    return float(check_positive("electrode radius r (m)", r))


def cottrell_current(t: npt.ArrayLike, area: float, sol: Solution) -> np.ndarray:
    """Planar electrode of area ``area`` (m²): i = nFAc √(D/(πt)), A."""
    A = float(check_positive("electrode area A (m²)", area))
    return sol.nFc * A * np.sqrt(sol.D / (np.pi * _times(t)))


def sphere_current(t: npt.ArrayLike, radius: float, sol: Solution) -> np.ndarray:
    """Sphere of radius r₀ (m): i = 4πr₀² nFDc (1/r₀ + 1/√(πDt)), A."""
    r0 = _radius(radius)
    return 4 * np.pi * r0**2 * sol.nFc * sol.D * (1 / r0 + 1 / np.sqrt(np.pi * sol.D * _times(t)))


def sphere_steady_current(radius: float, sol: Solution) -> float:
    """The sphere's long-time current 4π nFDc r₀, A."""
    return 4 * np.pi * sol.nFc * sol.D * _radius(radius)


def disk_steady_current(radius: float, sol: Solution) -> float:
    """Saito's steady microdisk current 4nFDcr, A."""
    return 4 * sol.nFc * sol.D * _radius(radius)


def shoup_szabo_f(tau: npt.ArrayLike) -> np.ndarray:
    """Shoup and Szabo's f(τ), τ = 4Dt/r² (dimensionless); f → 1 as τ → ∞."""
    s = 1.0 / np.sqrt(check_positive("dimensionless time τ = 4Dt/r²", tau))
    return 0.7854 + 0.8862 * s + 0.2146 * np.exp(-0.7823 * s)


def disk_current(t: npt.ArrayLike, radius: float, sol: Solution) -> np.ndarray:
    """Microdisk transient (Shoup–Szabo): i = 4nFDcr f(4Dt/r²), A."""
    r = _radius(radius)
    tau = 4 * sol.D * _times(t) / r**2
    return disk_steady_current(r, sol) * shoup_szabo_f(tau)


def sphere_time_to_steady(radius: float, sol: Solution, *, within: float = 0.1) -> float:
    """Time (s) after which the sphere's current is within ``within`` of its steady value.

    From 1/√(πDt) = within/r₀: t = r₀²/(π D within²), which scales as r₀²/D.
    """
    w = float(check_positive("tolerance 'within' (a fraction)", within))
    if w >= 1:
        raise FluxInputError(f"tolerance 'within' is a fraction of the steady current below 1, got {w:g}")
    return _radius(radius) ** 2 / (np.pi * sol.D * w**2)


def planar_time_limit(radius: float, sol: Solution, *, within: float = 0.1) -> float:
    """Time (s) until which Cottrell's current on a disk's area is within ``within`` of the disk's.

    Solves f(τ) / (0.8862 τ^{-1/2}) = 1 + within for τ = 4Dt/r² with the Shoup–Szabo f (the
    ratio grows monotonically from 1), then t = τ r²/(4D). For 10 %: D t/r² ≈ 0.003.
    """
    from scipy.optimize import brentq

    w = float(check_positive("tolerance 'within' (a fraction)", within))
    r = _radius(radius)

    def excess(log_tau: float) -> float:
        tau = math.exp(log_tau)
        return float(shoup_szabo_f(tau)) / (0.8862 / math.sqrt(tau)) - (1.0 + w)

    tau = math.exp(brentq(excess, math.log(1e-12), math.log(1e6), xtol=1e-12))
    return tau * r**2 / (4.0 * sol.D)


def cottrell_validity(
    t: npt.ArrayLike, radius: float, sol: Solution, *, within: float = 0.1
) -> tuple[ValidityNote, ...]:
    """Notes for Cottrell's planar formula applied to a disk of radius r (m) at time(s) t (s).

    Fires when the latest t is past :func:`planar_time_limit` (the edge supply is no longer a
    small correction) or past :data:`CONVECTION_ONSET` (natural convection).
    """
    t_max = float(np.max(_times(t)))
    r = _radius(radius)
    return notes(
        limit(
            "time since the step t (s)",
            t_max,
            above=planar_time_limit(r, sol, within=within),
            why=(
                f"the diffusion layer is no longer thin next to the {r * 1e6:.3g} µm radius, so "
                f"edge supply adds more than {100 * within:.0f} % and Cottrell's planar current "
                "underestimates the disk's"
            ),
        ),
        limit(
            "time since the step t (s)",
            t_max,
            above=CONVECTION_ONSET,
            why="an unstirred solution is rarely free of natural convection this long; diffusion alone no longer sets the current",
        ),
    )


@dataclass(frozen=True)
class SettlingResult:
    """When a sphere's current comes within ``within`` of its steady value.

    ``time`` (s), ``days`` (the same in days), ``validity`` (notes: a settling time past
    :data:`CONVECTION_ONSET` is one that an unstirred experiment never reaches).
    """

    time: float
    within: float
    radius: float
    validity: tuple[ValidityNote, ...]

    @property
    def days(self) -> float:
        """The settling time in days."""
        return self.time / 86400.0


def sphere_settling(radius: float, sol: Solution, *, within: float = 0.1) -> SettlingResult:
    """:func:`sphere_time_to_steady` with its validity: t = r₀²/(π D within²), in s."""
    t = sphere_time_to_steady(radius, sol, within=within)
    validity = notes(
        limit(
            "time to come within tolerance of steady (s)",
            t,
            above=CONVECTION_ONSET,
            why=(
                "natural convection stirs an unstirred solution long before this, so the diffusion "
                "steady state is never reached: the current is still decaying toward its steady value "
                "when convection takes over"
            ),
        )
    )
    return SettlingResult(time=t, within=within, radius=_radius(radius), validity=validity)


def debye_length(
    ionic_strength: npt.ArrayLike, *, T: float = ROOM_TEMPERATURE, eps_r: float = WATER_PERMITTIVITY
) -> np.ndarray:
    """Debye length λ_D = √(ε_r ε₀ kT / (2 N_A e² I)), m, for ionic strength ``I`` in mol L⁻¹.

    The thickness of the diffuse charged layer at an electrode. In water at 25 °C
    (ε_r = 78.4): 0.43 nm at 0.5 M, 0.96 nm at 0.1 M, 3.0 nm at 10 mM; 100 nm needs about
    10 µM, far from the excess of supporting electrolyte this section assumes.
    """
    I_m3 = 1000.0 * check_positive("ionic strength I (mol/L)", ionic_strength)  # mol m⁻³
    T = float(check_positive("temperature T (K)", T))
    eps = float(check_positive("relative permittivity ε_r", eps_r)) * VACUUM_PERMITTIVITY
    return np.sqrt(eps * BOLTZMANN * T / (2.0 * AVOGADRO * ELEMENTARY_CHARGE**2 * I_m3))


#: A disk is taken to be fed by diffusion alone, unaffected by its double layer, while its radius
#: is at least this many Debye lengths: a round factor of the book's own, not a measured limit.
DOUBLE_LAYER_RADII = 10.0

#: Standard electron-transfer rate constant (m/s) of a fast couple, 1 cm/s: a round figure of
#: the book's own, not measured for a particular couple. As diffusion's mass-transfer
#: coefficient 4D/(πr) approaches it (already from about :data:`NEAR_REVERSIBLE_FRACTION` of
#: it) the wave becomes quasi-reversible, and past it clearly irreversible: the forward rate
#: k0 exp(αFη/RT) must grow past 4D/(πr), so 4nFDcr needs a larger overpotential
#: (:func:`plateau_overpotential`); it is missed only if the solvent window (or a saturating
#: rate) ends the step first.
FAST_RATE_CONSTANT = 0.01

#: The wave is taken as close to reversible while 4D/(πr) is below this fraction of k0: a round
#: criterion of the book's own. :func:`reversibility_sentence` prints the half-wave shift it
#: allows (a few mV) beside the shift at 4D/(πr) = k0.
NEAR_REVERSIBLE_FRACTION = 0.1

#: Transfer coefficient α of the Butler–Volmer rate k0 exp(αFη/RT): the usual round 0.5.
TRANSFER_COEFFICIENT = 0.5

#: Molar gas constant, J mol⁻¹ K⁻¹.
GAS_CONSTANT = 8.314462618

#: Double-layer capacitance per area, F m⁻² (20 µF cm⁻²): a typical round value for a metal
#: electrode in aqueous electrolyte, not measured for a particular electrode.
DOUBLE_LAYER_CAPACITANCE = 0.2

#: Conductivity of 0.1 mol kg⁻¹ aqueous KCl at 25 °C, S m⁻¹: NIST's primary standard (Pratt et al.
#: 2001, ``s2_6_Pratt2001``), 12 824.6 µS cm⁻¹, as tabulated in the CRC Handbook.
KCL_CONDUCTIVITY_0_1 = Measurement(
    "κ of 0.1 mol/kg KCl",
    1.28246,
    "S/m",
    source="s2_6_Pratt2001",
    note="25 °C; NIST primary conductivity standard",
)


def disk_charging_time(
    radius: float,
    *,
    capacitance: float = DOUBLE_LAYER_CAPACITANCE,
    conductivity: float = KCL_CONDUCTIVITY_0_1.value,
) -> float:
    """Cell time constant RC (s) of a disk of radius r (m) in a wide bath of conductivity κ (S/m).

    The solution's resistance to a disk is 1/(4κr) and the double layer's capacitance
    C_dl πr², so RC = πC_dl r/(4κ), which grows ∝ r. With 20 µF cm⁻² and 0.1 mol/kg KCl it is
    0.12 ms at r = 1 mm: the surface reaches its new potential long before the disk settles.
    """
    r = _radius(radius)
    C = float(check_positive("double-layer capacitance C_dl (F/m²)", capacitance))
    kappa = float(check_positive("solution conductivity κ (S/m)", conductivity))
    return math.pi * C * r / (4.0 * kappa)


def _disk_settling_tau(within: float) -> float:
    """τ = 4Dt/r² at which the Shoup–Szabo current is ``1 + within`` times Saito's."""
    from scipy.optimize import brentq

    w = float(check_positive("tolerance 'within' (a fraction)", within))
    if w >= 1:
        raise FluxInputError(f"tolerance 'within' is a fraction of the steady current below 1, got {w:g}")

    def excess(log_tau: float) -> float:
        return float(shoup_szabo_f(math.exp(log_tau))) - (1.0 + w)

    # f falls monotonically from infinity (τ → 0) to 1 (τ → ∞)
    return math.exp(brentq(excess, math.log(1e-12), math.log(1e12), xtol=1e-12))


def disk_time_to_steady(radius: float, sol: Solution, *, within: float = 0.1) -> float:
    """Time (s) after which a microdisk's current is within ``within`` of Saito's 4nFDcr.

    Solves the Shoup–Szabo f(τ) = 1 + within for τ = 4Dt/r², then t = τr²/(4D). For 10 %:
    D t/r² ≈ 13, so a disk, like a sphere, takes a time ∝ r²/D to settle.
    """
    r = _radius(radius)
    return _disk_settling_tau(within) * r**2 / (4.0 * sol.D)


def largest_settling_disk(sol: Solution, *, within: float = 0.1, before: float = CONVECTION_ONSET) -> float:
    """The largest disk radius (m) whose current is within ``within`` of steady by ``before`` (s).

    Larger disks are still on their way to 4nFDcr when natural convection (by default the
    book's round :data:`CONVECTION_ONSET`) takes over: r = √(4D ``before``/τ).
    """
    t = float(check_positive("time available before convection (s)", before))
    return math.sqrt(4.0 * sol.D * t / _disk_settling_tau(within))


def disk_mass_transfer(radius: float, sol: Solution) -> float:
    """The steady microdisk's mass-transfer coefficient i/(nFAc) = 4D/(πr), m/s.

    The rate, per unit area and concentration, at which diffusion brings the species to
    the disk. It grows as the disk shrinks; as it approaches the electron-transfer rate
    constant of the couple (already at about a tenth of it) the wave becomes quasi-reversible,
    and past it 4nFDcr needs a clearly larger overpotential (:func:`plateau_overpotential`).
    """
    return 4.0 * sol.D / (np.pi * _radius(radius))


def kinetic_radius(sol: Solution, *, k0: float = FAST_RATE_CONSTANT) -> float:
    """The disk radius (m) at which 4D/(πr) equals the rate constant ``k0`` (m/s): r = 4D/(πk0).

    Below it, diffusion at the formal potential brings the species faster than electron
    transfer takes it: the wave is clearly irreversible (it is already quasi-reversible at ten
    times this radius, :func:`reversibility_sentence`), and the forward rate k0 exp(αFη/RT)
    must be driven past 4D/(πr) by a larger overpotential before the current is 4nFDcr.
    """
    k = float(check_positive("electron-transfer rate constant k0 (m/s)", k0))
    return 4.0 * sol.D / (math.pi * k)


def forward_rate_factor(
    overpotential: npt.ArrayLike, *, alpha: float = TRANSFER_COEFFICIENT, T: float = ROOM_TEMPERATURE
) -> np.ndarray:
    """Butler–Volmer's forward rate constant over k0, exp(αFη/RT), at overpotential η (V).

    At η = 0.3 V with α = 0.5 and 25 °C it is about 340: a couple with k0 = 1 cm/s then
    transfers electrons at 3.4 m/s, far faster than diffusion feeds even a 10 nm disk.
    """
    a = float(check_positive("transfer coefficient α", alpha))
    T = float(check_positive("temperature T (K)", T))
    return np.exp(a * FARADAY * np.asarray(overpotential, dtype=float) / (GAS_CONSTANT * T))


def wave_overpotential(
    radius: float,
    sol: Solution,
    fraction: float,
    *,
    k0: float | None = FAST_RATE_CONSTANT,
    alpha: float = TRANSFER_COEFFICIENT,
    T: float = ROOM_TEMPERATURE,
) -> float:
    """Overpotential η (V) past the formal potential at which a disk draws ``fraction`` of 4nFDcr.

    Steady state with Butler–Volmer kinetics and equal diffusivities of the two forms, the
    mass-transfer coefficient m = 4D/(πr) taken as uniform over the disk (an approximation):
    i/(4nFDcr) = 1/(1 + e^{-Fη/RT} + m/(k0 e^{αFη/RT})). ``k0 = None`` gives the reversible
    (Nernstian) wave, whose half-wave point is η = 0. η is negative below the half-wave point
    of a reversible wave.
    """
    from scipy.optimize import brentq

    p = float(check_positive("fraction of the plateau", fraction))
    if p >= 1:
        raise FluxInputError(f"fraction of the plateau must be below 1, got {p:g}")
    a = float(check_positive("transfer coefficient α", alpha))
    f = FARADAY / (GAS_CONSTANT * float(check_positive("temperature T (K)", T)))
    m_over_k0 = 0.0
    if k0 is not None:
        k = float(check_positive("electron-transfer rate constant k0 (m/s)", k0))
        m_over_k0 = disk_mass_transfer(radius, sol) / k
    target = 1.0 / p - 1.0

    def excess(eta: float) -> float:
        return math.exp(-f * eta) + m_over_k0 * math.exp(-a * f * eta) - target

    # the excess falls monotonically from +∞ to -target as η grows
    return float(brentq(excess, -2.0, 20.0, xtol=1e-12))


def plateau_overpotential(
    radius: float,
    sol: Solution,
    *,
    k0: float | None = FAST_RATE_CONSTANT,
    alpha: float = TRANSFER_COEFFICIENT,
    within: float = 0.01,
    T: float = ROOM_TEMPERATURE,
) -> float:
    """Overpotential η (V) past the formal potential at which a disk draws ``1 − within`` of 4nFDcr.

    :func:`wave_overpotential` at the fraction 1 − within. ``k0 = None`` gives the reversible
    (Nernstian) wave. A slow couple or a small disk (m ≫ k0) needs a larger η, not a smaller
    plateau: the plateau falls short only if the solvent window (or a saturating rate) ends
    the step first.
    """
    w = float(check_positive("tolerance 'within' (a fraction)", within))
    if w >= 0.5:
        raise FluxInputError(f"tolerance 'within' is a fraction of the plateau below 0.5, got {w:g}")
    return wave_overpotential(radius, sol, 1.0 - w, k0=k0, alpha=alpha, T=T)


def half_wave_shift(
    radius: float,
    sol: Solution,
    *,
    k0: float = FAST_RATE_CONSTANT,
    alpha: float = TRANSFER_COEFFICIENT,
    T: float = ROOM_TEMPERATURE,
) -> float:
    """How far (V) kinetics move a disk's half-wave potential past the reversible one (η = 0)."""
    return wave_overpotential(radius, sol, 0.5, k0=k0, alpha=alpha, T=T) - wave_overpotential(
        radius, sol, 0.5, k0=None, alpha=alpha, T=T
    )


def wave_width(
    radius: float,
    sol: Solution,
    *,
    k0: float | None = FAST_RATE_CONSTANT,
    alpha: float = TRANSFER_COEFFICIENT,
    T: float = ROOM_TEMPERATURE,
) -> float:
    """E₃/₄ − E₁/₄ (V): the span of potential over which the disk's current rises from ¼ to ¾.

    For a reversible wave (``k0 = None``) it is 2 ln 3 RT/F, 56.5 mV at 25 °C, for any radius.
    """
    return wave_overpotential(radius, sol, 0.75, k0=k0, alpha=alpha, T=T) - wave_overpotential(
        radius, sol, 0.25, k0=k0, alpha=alpha, T=T
    )


def reversibility_sentence(
    sol: Solution, *, k0: float = FAST_RATE_CONSTANT, fraction: float = NEAR_REVERSIBLE_FRACTION
) -> str:
    """Half-wave shift and wave width where 4D/(πr) is ``fraction`` of k0 and where it equals k0."""
    from fluxlib.tables import fmt

    lines = []
    for share in (fraction, 1.0):
        r = kinetic_radius(sol, k0=k0 * share)
        size = f"{fmt(r * 1e6)} µm" if r >= 1e-6 else f"{fmt(r * 1e9)} nm"
        lines.append(
            f"4D/(πr) = {share:g} k0 (r = {size}): half-wave shift "
            f"{fmt(1e3 * half_wave_shift(r, sol, k0=k0))} mV, "
            f"E3/4 − E1/4 = {fmt(1e3 * wave_width(r, sol, k0=k0))} mV"
        )
    lines.append(f"reversible wave: E3/4 − E1/4 = {fmt(1e3 * wave_width(1.0, sol, k0=None))} mV")
    return "\n".join(lines)


def sphere_ratios(t: float, radius: float, sol: Solution) -> tuple[float, float]:
    """A sphere's current at t (s) over the planar (Cottrell) current of its area, and over its steady value.

    From :func:`sphere_current`: 1 + √(πDt)/r₀ and 1 + r₀/√(πDt). The first is near 1 only for
    a sphere much larger than the diffusion length √(πDt), the second only for a much smaller one.
    """
    r0 = _radius(radius)
    i = float(sphere_current(t, r0, sol))
    return i / float(cottrell_current(t, 4 * np.pi * r0**2, sol)), i / sphere_steady_current(r0, sol)


def plateau_sentence(radius: float, sol: Solution, *, within: float = 0.01) -> str:
    """Overpotential a disk of radius r (m) needs to reach 4nFDcr with a fast and a reversible couple."""
    from fluxlib.tables import fmt

    r = _radius(radius)
    eta = plateau_overpotential(r, sol, within=within)
    eta_rev = plateau_overpotential(r, sol, k0=None, within=within)
    return (
        f"{r * 1e9:.3g} nm disk within {100 * within:g} % of 4nFDcr at η = {fmt(eta)} V "
        f"(k0 = {FAST_RATE_CONSTANT * 100:g} cm/s, α = {TRANSFER_COEFFICIENT:g})\n"
        f"a reversible wave gets there at η = {fmt(eta_rev)} V"
    )


def disk_validity(
    radius: float, sol: Solution, *, within: float = 0.1, k0: float = FAST_RATE_CONSTANT
) -> tuple[ValidityNote, ...]:
    """Notes for Saito's steady current 4nFDcr at a disk of radius r (m).

    Fires when the mass-transfer coefficient 4D/(πr) exceeds the electron-transfer rate
    constant ``k0`` (default :data:`FAST_RATE_CONSTANT`), when the radius is under
    :data:`DOUBLE_LAYER_RADII` Debye lengths of the solution's supporting electrolyte, and when
    the disk needs longer than :data:`CONVECTION_ONSET` to come within ``within`` of steady.
    """
    r = _radius(radius)
    lam = float(debye_length(sol.ionic_strength))
    return notes(
        limit(
            "mass-transfer coefficient 4D/(πr) (m/s)",
            disk_mass_transfer(r, sol),
            above=float(check_positive("electron-transfer rate constant k0 (m/s)", k0)),
            why=(
                "diffusion brings the species faster than electron transfer takes it at the formal "
                "potential, so the wave is no longer reversible (it is already quasi-reversible once "
                "4D/(πr) is about a tenth of k0): it is drawn out, its half-wave "
                "potential shifts, and 4nFDcr needs a larger overpotential (it is missed only if "
                "the solvent window or a saturating rate ends the step first)"
            ),
        ),
        limit(
            "disk radius r (m)",
            r,
            below=DOUBLE_LAYER_RADII * lam,
            why=(
                f"the radius is within {DOUBLE_LAYER_RADII:g} Debye lengths ({lam * 1e9:.2g} nm at "
                f"{sol.ionic_strength:g} M): ions also move in the double layer's field, so "
                "diffusion alone does not describe the supply"
            ),
        ),
        limit(
            "time to come within tolerance of steady (s)",
            disk_time_to_steady(r, sol, within=within),
            above=CONVECTION_ONSET,
            why=(
                "natural convection stirs an unstirred solution before the disk reaches its "
                "diffusion steady state, so 4nFDcr is not what is measured"
            ),
        ),
    )


#: Diffusivities that Baur and Wightman (1991) obtained from the measured steady-state current
#: 4nFDcr at platinum microdisks (r ≈ 5 µm) whose radii they measured by electron microscopy,
#: at 25 °C; chronoamperometry at 50 µm disks gave values "in good agreement" (their abstract
#: gives no numbers for that check). Because D was obtained *from* Saito's formula, these
#: values cannot test it: the page shows the currents they imply and says so.
BAUR_WIGHTMAN_1991 = (
    Measurement(
        "D of Fe(CN)₆³⁻",
        7.17e-10,
        "m²/s",
        source="s2_6_BaurWightman1991",
        note="0.5 M KCl, pH 3.0, 25 °C; steady current at SEM-sized Pt microdisks",
    ),
    Measurement(
        "D of ferrocene",
        2.17e-9,
        "m²/s",
        source="s2_6_BaurWightman1991",
        note="acetonitrile, 0.2 M TBAP, 25 °C; steady current at SEM-sized Pt microdisks",
    ),
    Measurement(
        "D of Ru(NH₃)₆³⁺",
        5.48e-10,
        "m²/s",
        source="s2_6_BaurWightman1991",
        note="phosphate buffer, pH 7.0, 25 °C; steady current at SEM-sized Pt microdisks",
    ),
)

#: The diffusivity of Fe(CN)₆³⁻ measured with no microelectrode and no 4nFDcr: Konopka and
#: McDuffie (1970) passed a steady current across a thin layer of solution between two flat
#: electrodes (planar diffusion only) and found the amount in the layer by coulometry, an
#: absolute method that needs no electrode radius. 25 °C, 1.00 M KCl; they found the same value,
#: within the stated uncertainty, in 0.10 M KCl.
KONOPKA_MCDUFFIE_1970 = Measurement(
    "D of Fe(CN)₆³⁻",
    7.26e-10,
    "m²/s",
    source="s2_6_KonopkaMcDuffie1970",
    note="1.00 M KCl, 25 °C; twin-electrode thin-layer cell (planar diffusion and coulometry)",
    uncertainty=0.11e-10,
)


def saito_comparison() -> Comparison:
    """Saito's 4nFDcr, with an independently measured D, beside a measured microdisk current.

    Measured: Baur and Wightman's steady current at Pt microdisks whose radii they measured by
    electron microscopy, in Fe(CN)₆³⁻ (0.5 M KCl, 25 °C), divided by 4nFcr: the quantity they
    report as D (:data:`BAUR_WIGHTMAN_1991`). Predicted: the same quotient for
    :func:`disk_steady_current` with :data:`KONOPKA_MCDUFFIE_1970`'s thin-layer D, which does
    not use Saito's formula. Their ratio is the predicted over the measured current for any
    disk radius and concentration (both cancel). The media differ (1.00 M against 0.5 M KCl
    at pH 3.0) and D changes by a few per cent between such media, so the 1.3 % agreement
    supports the prefactor 4 within that spread; a prefactor π would predict about 20 % too
    little (:func:`saito_prefactor_ratio`).
    """
    measured = BAUR_WIGHTMAN_1991[0]
    r, c = 5e-6, 1.0  # any radius (m) and concentration (mol/m³): both cancel in the quotient
    sol = Solution(D=KONOPKA_MCDUFFIE_1970.value, c=c, n=1)
    predicted = disk_steady_current(r, sol) / (4 * sol.nFc * r)
    quotient = Measurement(
        "i_ss/(4nFcr), Fe(CN)₆³⁻",
        measured.value,
        "m²/s",
        source=measured.source,
        note="Pt microdisks, r ≈ 5 µm measured by SEM; 0.5 M KCl, pH 3.0, 25 °C",
    )
    return Comparison(
        [quotient],
        [predicted],
        caption="Microdisk steady current per 4nFcr: Saito with thin-layer D vs measured",
    )


def saito_prefactor_ratio(prefactor: float) -> float:
    """Predicted over measured current of :func:`saito_comparison` for ``prefactor``·nFDcr instead of 4nFDcr.

    The prediction scales with the prefactor, so this is the comparison's ratio times
    ``prefactor``/4: for π, π·7.26/(4·7.17) = 0.795, about 20 % below the measured current.
    """
    p = float(check_positive("prefactor of nFDcr", prefactor))
    return saito_comparison().ratios[0] * p / 4.0


@dataclass(frozen=True)
class SphereFVResult:
    """Finite-volume current at a sphere.

    ``t`` (s, output times after the step; t[0] = 0 is the initial state), ``current`` (A,
    positive for consumption at the electrode; NaN at t = 0, where it is infinite),
    ``exact`` (A, :func:`sphere_current`), ``r`` (m, cell centres), ``c`` (mol m⁻³,
    profiles), ``outer`` (m, outer radius held at the bulk value).
    """

    t: np.ndarray
    current: np.ndarray
    exact: np.ndarray
    r: np.ndarray
    c: np.ndarray
    outer: float
    radius: float


def step_times(last: float, *, per_decade: int = 100) -> np.ndarray:
    """Output times (s) for a potential step: t = 0, then geometric from 1e-7 ``last`` to ``last``.

    ``per_decade`` outputs per decade over the seven decades, so the early Cottrell decay is
    resolved as well as the late approach to steady state.
    """
    T = float(check_positive("last output time (s)", last))
    if isinstance(per_decade, bool) or not isinstance(per_decade, (int, np.integer)) or per_decade < 1:
        raise FluxInputError(f"outputs per decade must be a positive integer, got {per_decade!r}")
    return np.concatenate([[0.0], np.geomspace(1e-7 * T, T, 7 * per_decade + 1)])


def sphere_fv(
    radius: float, sol: Solution, *, times: npt.ArrayLike | None = None, n: int = 120
) -> SphereFVResult:
    """Potential step at a sphere, solved on a radial finite-volume grid.

    ``times``: output times (s), starting at the step t = 0 and increasing (default
    :func:`step_times` up to 100 s). Grid: ``n`` cells, geometrically graded from the
    electrode (first cell ~1e-4 of the domain) out to r₀ + 60√(D t_last), where the bulk
    value is held (the diffusion layer never gets there). Backward Euler between the outputs;
    with :func:`step_times` the error is about 0.5 % at 1e-5 t_last and falls as t grows.
    """
    r0 = _radius(radius)
    times = step_times(100.0) if times is None else np.asarray(times, dtype=float)
    if times.ndim != 1 or times.size < 2 or times[0] != 0.0 or np.any(np.diff(times) <= 0):
        raise FluxInputError(
            "output times (s) must start at the potential step t = 0 and increase, "
            f"got {np.array2string(np.asarray(times), threshold=6)}"
        )
    T = float(times[-1])
    outer = r0 + 60.0 * math.sqrt(sol.D * T)
    grade = 1e4
    faces = r0 + (outer - r0) * (np.geomspace(1.0, grade, n + 1) - 1.0) / (grade - 1.0)
    grid = Grid.from_faces(faces, geometry="spherical")
    res = solve_transient(
        grid, sol.D, sol.c, times, left=Fixed(0.0), right=Fixed(sol.c), method="backward-euler"
    )
    # flux density at the electrode face, + toward +r; material enters the electrode at -flux
    current = 4 * np.pi * r0**2 * sol.n * FARADAY * (-res.flux[:, 0])
    current[0] = np.nan
    exact = np.full_like(current, np.nan)
    exact[1:] = sphere_current(times[1:], r0, sol)
    return SphereFVResult(
        t=times, current=current, exact=exact, r=grid.centers, c=res.c, outer=outer, radius=r0
    )


#: The window the section's figure shows: times (s) and current densities (A/m²).
PLOT_TIMES = (1e-3, 100.0)


@dataclass(frozen=True)
class CurrentDensityResult:
    """Current densities (A m⁻², into the electrode) after a potential step, three shapes.

    ``t`` (s); ``planar`` (Cottrell, any size), ``sphere`` and ``disk`` (Shoup–Szabo) of
    radius ``radius`` (m), each at ``t``; ``sphere_steady`` = nFDc/r and ``disk_steady`` =
    4nFDc/(πr), their long-time limits; ``sphere_settling`` (s), when the sphere is within
    10 % of steady (:func:`sphere_time_to_steady`).
    """

    t: np.ndarray
    planar: np.ndarray
    sphere: np.ndarray
    disk: np.ndarray
    sphere_steady: float
    disk_steady: float
    sphere_settling: float
    radius: float


def current_densities(
    radius: float, sol: Solution, *, times: npt.ArrayLike | None = None
) -> CurrentDensityResult:
    """Current density at a plane, a sphere and a microdisk of radius ``radius`` (m).

    ``times`` (s, all > 0): default 200 points spaced geometrically over :data:`PLOT_TIMES`.
    Each current is divided by its electrode's area (disk πr², sphere 4πr², plane 1 m²).
    """
    r = _radius(radius)
    t = np.geomspace(*PLOT_TIMES, 200) if times is None else _times(times)
    disk_area = np.pi * r**2
    sphere_area = 4 * np.pi * r**2
    return CurrentDensityResult(
        t=t,
        planar=cottrell_current(t, 1.0, sol),
        sphere=sphere_current(t, r, sol) / sphere_area,
        disk=disk_current(t, r, sol) / disk_area,
        sphere_steady=sphere_steady_current(r, sol) / sphere_area,
        disk_steady=disk_steady_current(r, sol) / disk_area,
        sphere_settling=sphere_time_to_steady(r, sol),
        radius=r,
    )


# --- tables and sentences for the page (numbers computed here, never typed in a notebook) ------
def settling_table(radii: Sequence[float], sol: Solution, *, within: float = 0.1) -> Table:
    """A :class:`~fluxlib.tables.Table`: time for a sphere of each radius (m) to settle."""
    rows = []
    for r in radii:
        s = sphere_settling(r, sol, within=within)
        rows.append([r * 1e6, s.time, s.days, "no: convection first" if s.validity else "yes"])
    return Table(
        ["sphere radius (µm)", f"within {100 * within:.0f} % after (s)", "(days)", "seen by diffusion?"],
        rows,
    )


def disk_table(radius: float, times: Sequence[float], sol: Solution) -> Table:
    """Shoup–Szabo disk current beside Cottrell on the disk's area, at each time (s)."""
    r = _radius(radius)
    t_lim = planar_time_limit(r, sol)
    rows = []
    for t in times:
        i_disk = float(disk_current(t, r, sol))
        i_plane = float(cottrell_current(t, np.pi * r**2, sol))
        rows.append([t, i_disk * 1e9, i_plane * 1e9, i_disk / i_plane, "yes" if t <= t_lim else "no"])
    return Table(["t (s)", "disk (nA)", "Cottrell (nA)", "disk/Cottrell", "Cottrell within 10 %?"], rows)


def sphere_fv_table(fv: SphereFVResult, times: Sequence[float]) -> Table:
    """Finite-volume current beside the formula at the output times nearest to ``times`` (s)."""
    rows = []
    for t in times:
        k = int(np.argmin(np.abs(fv.t - t)))
        rows.append(
            [fv.t[k], fv.current[k] * 1e9, fv.exact[k] * 1e9, 100 * (fv.current[k] / fv.exact[k] - 1)]
        )
    return Table(["t (s)", "finite volumes (nA)", "formula (nA)", "difference (%)"], rows)


def microdisk_table(*, radius: float = 5e-6, c: float = 1.0) -> Table:
    """Predicted steady currents 4nFDcr (nA) for the couples of :data:`BAUR_WIGHTMAN_1991`.

    One electron each; ``c`` in mol m⁻³ (= mM), ``radius`` in m.
    """
    r = _radius(radius)
    rows = []
    for m in BAUR_WIGHTMAN_1991:
        i = disk_steady_current(r, Solution(D=m.value, c=c, n=1))
        rows.append([m.label.removeprefix("D of "), m.value, i * 1e9, m.note.split(";")[0]])
    return Table(["species", "D (m²/s)", f"4nFDcr, r = {r * 1e6:.3g} µm (nA)", "medium"], rows)


def radius_table(radii: Sequence[float], sol: Solution) -> Table:
    """Where Saito's 4nFDcr holds: for disks of each radius (m), its scales and its limits.

    The verdict names the first limit :func:`disk_validity` reports (kinetics, then the double
    layer, then convection); the charging time is :func:`disk_charging_time` in 0.1 mol/kg KCl.
    A kinetic verdict means 4nFDcr is reached only at a larger overpotential
    (:func:`plateau_overpotential`).
    """
    verdicts = {
        "mass-transfer coefficient 4D/(πr) (m/s)": "only at larger η: kinetics",
        "disk radius r (m)": "no: double layer",
        "time to come within tolerance of steady (s)": "no: convection first",
    }
    rows = []
    for r in radii:
        v = disk_validity(r, sol)
        rows.append(
            [
                r * 1e6,
                disk_steady_current(r, sol) * 1e9,
                disk_mass_transfer(r, sol) * 100,
                disk_time_to_steady(r, sol),
                disk_charging_time(r) * 1e3,
                verdicts[v[0].quantity] if v else "yes",
            ]
        )
    return Table(
        [
            "disk radius (µm)",
            "4nFDcr (nA)",
            "4D/(πr) (cm/s)",
            "within 10 % after (s)",
            "RC (ms)",
            "steady 4nFDcr seen?",
        ],
        rows,
    )


def debye_table(ionic_strengths: Sequence[float]) -> Table:
    """Debye length (nm) in water at 25 °C for each ionic strength (mol/L) of a 1:1 salt."""
    rows = [[I, float(debye_length(I)) * 1e9] for I in ionic_strengths]
    return Table(["ionic strength (M)", "Debye length (nm)"], rows)


def largest_disk_sentence(sol: Solution) -> str:
    """The largest disk that settles before convection, with the D it assumes."""
    from fluxlib.tables import fmt

    r_max = fmt(largest_settling_disk(sol) * 1e6)
    return f"largest disk within 10 % of steady by 60 s (D = {fmt(sol.D)} m²/s): r = {r_max} µm"


def figure_alt(radius: float, sol: Solution) -> str:
    """Alt text for :func:`fluxlib.plotting.electrodes.plot_electrodes`, computed from the model."""
    r = _radius(radius)
    j_sphere = sphere_steady_current(r, sol) / (4 * np.pi * r**2)
    j_disk = disk_steady_current(r, sol) / (np.pi * r**2)
    return (
        f"Log-log plot of current density against time for a {r * 1e6:.3g} micrometre electrode. "
        f"The planar Cottrell line falls steadily; the sphere and microdisk curves level off near "
        f"{j_sphere:.2g} and {j_disk:.2g} A/m², and the finite-volume points for the sphere lie on "
        "its formula."
    )
