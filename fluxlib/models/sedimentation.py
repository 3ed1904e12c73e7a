"""Section 2.1: equilibrium (sedimenting colloids) versus steady state (a tank with a tap and a drain).

Sedimentation. A sphere of radius a (m) and density ρ_p in a liquid of density ρ_f and viscosity
η (Pa s) has buoyant mass m_b = (4/3)πa³(ρ_p - ρ_f) (kg) and Stokes drag coefficient ζ = 6πηa
(kg s⁻¹). Gravity makes it drift down at v_s = m_b g/ζ; thermal motion makes it diffuse with
Einstein's D = k_BT/ζ. With height z measured upward the number flux density is

    J = -D dc/dz - v_s c       (m⁻² s⁻¹, positive upward),

and in a closed column equilibrium is J = 0 at every height: c = c₀ exp(-z/ℓ), ℓ = k_BT/(m_b g).
The profile is computed by the finite-volume core (:func:`fluxlib.fv.solve_steady` with
``velocity = -v_s``, Scharfetter–Gummel drift) with the floor concentration fixed and a sealed
top (J = 0), which reproduces the Boltzmann profile at the cell centres to round-off.

The split of the net flux into its diffusive and drift parts comes from the core too
(``SteadyResult.diffusive_flux`` and ``drift_flux``: the drift v c with c at the floor, the
stencil mean of the exponential between centres, and the exponential continued to the sealed
top); :func:`flux_components` applies the same split to a given profile.

Where it stops: Stokes drag needs a particle Reynolds number ρ_f v_s a/η ≪ 1 (for these
colloids it is ~10⁻⁹); the Boltzmann profile needs an osmotic pressure n k_BT, i.e. a dilute
suspension of uncharged (or salt-screened) particles: excluded volume at volume fractions of
a few per cent, or the electrostatic repulsion of charged particles in salt-poor water,
raises it and stretches the profile beyond Boltzmann's (hindered settling, a friction,
changes only how long the column takes to settle); and a sedimentation length ℓ larger than
the particles themselves (otherwise they simply lie on the floor). Both densities are held at
their 20 °C values at every temperature (water's real density falls as it warms, which the
model leaves out), so temperature enters only through k_BT and the viscosity.
:attr:`Colloid.validity` and :attr:`SedimentResult.validity` say when these fail.

Measured: Perrin's counts of gamboge grains at four heights (1909) are typed in below as
:data:`PERRIN_GAMBOGE`, with his grain radius and density (:meth:`Colloid.perrin`);
:func:`perrin_comparison` sets
the model's prediction beside them.

Open tank. A tank of cross-section A (m²) filled by a tap at Q (m³ s⁻¹) and drained through a
hole of area a (m²) at the Torricelli rate a√(2gh) obeys A dh/dt = Q - a√(2gh). It settles at
h* = Q²/(2ga²) with water running through it at Q: a steady state, not an equilibrium.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.errors import FluxInputError, check_finite, check_positive
from fluxlib.fv import Fixed, Flux, Grid, solve_steady
from fluxlib.fv import flux_components as fv_flux_components
from fluxlib.tables import Comparison, Measurement, Table
from fluxlib.validity import ValidityNote, limit, notes

K_B = 1.380649e-23  # J K⁻¹
G = 9.81  # m s⁻²


def water_viscosity(T: float) -> float:
    """Viscosity of liquid water (Pa s) at temperature ``T`` (K), Vogel-type fit, 273–373 K.

    η = 2.414×10⁻⁵ · 10^(247.8 / (T - 140)) Pa s (within about 2.5 % of tabulated values).
    """
    T = float(check_positive("temperature T (K)", T))
    if not 273.0 <= T <= 373.0:
        raise FluxInputError(f"temperature T must lie between 273 K and 373 K for liquid water, got {T:g} K")
    return 2.414e-5 * 10.0 ** (247.8 / (T - 140.0))


@dataclass(frozen=True)
class Colloid:
    """Spheres in a liquid. Units: radius m, densities kg m⁻³, temperature K, viscosity Pa s.

    Defaults: polystyrene latex spheres of radius 0.25 µm in water at 293 K
    (``viscosity=None`` means water at ``temperature``). The densities do not follow the
    temperature: they are the 20 °C values whatever ``temperature`` is, so warming changes
    only k_BT and the viscosity (real water gets lighter as it warms, which enlarges the
    buoyant mass; keep ``temperature`` near room temperature).
    """

    radius: float = 0.25e-6
    density: float = 1050.0
    fluid_density: float = 998.0
    temperature: float = 293.0
    viscosity: float | None = None

    def __post_init__(self) -> None:
        check_positive("particle radius a (m)", self.radius)
        check_positive("particle density ρ_p (kg/m³)", self.density)
        check_positive("fluid density ρ_f (kg/m³)", self.fluid_density)
        check_positive("temperature T (K)", self.temperature)
        if self.viscosity is not None:
            check_positive("viscosity η (Pa s)", self.viscosity)
        else:
            water_viscosity(self.temperature)
        if self.density <= self.fluid_density:
            raise FluxInputError(
                f"particle density {self.density:g} kg/m³ must exceed the fluid's {self.fluid_density:g} kg/m³ "
                "for the particles to sediment (lighter particles cream upward instead)"
            )

    @classmethod
    def perrin(cls, *, temperature: float = 293.0) -> Colloid:
        """Perrin's gamboge grains in water (room temperature, taken as 293 K)."""
        return cls(radius=PERRIN_RADIUS, density=PERRIN_DENSITY, temperature=temperature)

    @property
    def eta(self) -> float:
        """Viscosity of the liquid, Pa s."""
        return self.viscosity if self.viscosity is not None else water_viscosity(self.temperature)

    @property
    def buoyant_mass(self) -> float:
        """m_b = (4/3)πa³(ρ_p - ρ_f), kg."""
        return 4.0 / 3.0 * np.pi * self.radius**3 * (self.density - self.fluid_density)

    @property
    def friction(self) -> float:
        """Stokes drag coefficient ζ = 6πηa, kg s⁻¹."""
        return 6.0 * np.pi * self.eta * self.radius

    @property
    def D(self) -> float:
        """Einstein's diffusion coefficient k_BT/ζ, m² s⁻¹."""
        return K_B * self.temperature / self.friction

    @property
    def settling_velocity(self) -> float:
        """Downward drift speed v_s = m_b g/ζ, m s⁻¹ (positive number; the drift points down)."""
        return self.buoyant_mass * G / self.friction

    @property
    def scale_height(self) -> float:
        """ℓ = k_BT/(m_b g), m: the height over which the concentration falls by e."""
        return K_B * self.temperature / (self.buoyant_mass * G)

    @property
    def reynolds(self) -> float:
        """Particle Reynolds number ρ_f v_s a/η (dimensionless)."""
        return self.fluid_density * self.settling_velocity * self.radius / self.eta

    @property
    def validity(self) -> tuple[ValidityNote, ...]:
        """Stokes drag (Re ≪ 1) and a profile taller than the particles (ℓ > 2a)."""
        return notes(
            limit(
                "particle Reynolds number",
                self.reynolds,
                above=0.1,
                why="inertia matters and Stokes drag 6πηav no longer sets the settling speed",
            ),
            limit(
                "sedimentation length over particle diameter ℓ/(2a)",
                self.scale_height / (2 * self.radius),
                below=1.0,
                why="the particles lie in a layer on the floor instead of a diffuse column",
            ),
        )


@dataclass(frozen=True)
class SedimentResult:
    """Equilibrium profile of a sedimenting column.

    ``z`` cell centres (m, upward from the floor), ``c`` concentration relative to the floor
    value (dimensionless), ``faces`` (m); at the faces, flux densities relative to v_s·c_floor
    (dimensionless, positive upward): ``diffusive`` = -D dc/dz, ``drift`` = -v_s c and ``net``
    (the solver's flux). ``exact`` = exp(-z/ℓ) at the cell centres.
    """

    z: np.ndarray
    c: np.ndarray
    faces: np.ndarray
    diffusive: np.ndarray
    drift: np.ndarray
    net: np.ndarray
    exact: np.ndarray
    colloid: Colloid
    validity: tuple[ValidityNote, ...] = ()

    @property
    def max_relative_error(self) -> float:
        """Largest relative departure of ``c`` from ``exact`` (dimensionless)."""
        return float(np.max(np.abs(self.c / self.exact - 1.0)))


def flux_components(
    grid: Grid, c: np.ndarray, net: np.ndarray, *, D: float, velocity: float, c_floor: float
) -> tuple[np.ndarray, np.ndarray]:
    """Split a sealed column's net face flux into drift v c_face and diffusion (the rest).

    The core's split (:func:`fluxlib.fv.flux_components`) for this column: floor value
    ``c_floor`` fixed, sealed top. Face values of c: the floor value at the first face; in
    between, the stencil mean of the exponential that the Scharfetter–Gummel flux assumes (the
    logarithmic mean at zero flux); at the top, the same exponential continued through the
    last cell. ``velocity`` is the signed drift (m s⁻¹, + upward). Returns ``(diffusive,
    drift)`` in the units of ``net``.
    """
    return fv_flux_components(grid, D, c, net, left=Fixed(c_floor), right=Flux(0.0), velocity=velocity)


def sediment(
    colloid: Colloid,
    *,
    height: float = 1e-3,
    n: int = 100,
    volume_fraction: float | None = None,
) -> SedimentResult:
    """Equilibrium concentration in a sealed column of ``height`` (m), floor value 1.

    ``volume_fraction`` (optional): the particles' volume fraction at the floor, checked
    against the dilute-suspension assumption.
    """
    check_positive("column height (m)", height)
    if volume_fraction is not None:
        check_finite("volume fraction at the floor", volume_fraction)
        if not 0.0 <= volume_fraction < 0.64:
            raise FluxInputError(
                f"volume fraction at the floor must lie in [0, 0.64), got {volume_fraction:g}: "
                "spheres cannot pack denser than random close packing"
            )
    D, vs = colloid.D, colloid.settling_velocity
    grid = Grid.uniform(0.0, height, n)
    res = solve_steady(grid, D, left=Fixed(1.0), right=Flux(0.0), velocity=-vs)
    diffusive, drift = res.diffusive_flux, res.drift_flux
    scale = vs  # flux unit: v_s × c_floor
    dilute = (
        limit(
            "volume fraction at the floor",
            volume_fraction,
            above=0.02,
            why=(
                "excluded volume (and, for charged particles, electrostatic repulsion) raises the "
                "osmotic pressure above n k_BT and stretches the profile beyond Boltzmann's; "
                "hindered settling changes only how long it takes"
            ),
        )
        if volume_fraction is not None
        else None
    )
    return SedimentResult(
        z=grid.centers,
        c=res.c,
        faces=grid.faces,
        diffusive=diffusive / scale,
        drift=drift / scale,
        net=res.flux / scale,
        exact=np.exp(-grid.centers / colloid.scale_height),
        colloid=colloid,
        validity=(*colloid.validity, *notes(dilute)),
    )


# --------------------------------------------------------------------------- Perrin's column
#: Perrin's gamboge emulsion (1909): grains of radius 0.212 µm and density 1.194 g/cm³ in
#: water; relative numbers of grains counted (13 000 in all) at heights 5, 35, 65, 95 µm.
#: The counts are in Ann. Chim. Phys. 18 (1909) and again in *Les Atomes* (1913, p. 148);
#: the radius in *Les Atomes* p. 174 (the grains "a = 0,212 µ" whose height distribution
#: gave his value of N), the density on p. 137 (1.1942, 1.194, 1.195 by three methods).
PERRIN_RADIUS = 0.212e-6
PERRIN_DENSITY = 1194.0
PERRIN_HEIGHTS = (5e-6, 35e-6, 65e-6, 95e-6)
PERRIN_COUNTS = (100.0, 47.0, 22.6, 12.0)


def _perrin_measurements() -> tuple[Measurement, ...]:
    out = []
    for i in range(1, len(PERRIN_COUNTS)):
        z0, z1 = (round(PERRIN_HEIGHTS[j] * 1e6) for j in (i - 1, i))
        out.append(
            Measurement(
                f"c({z1} µm)/c({z0} µm)",
                PERRIN_COUNTS[i] / PERRIN_COUNTS[i - 1],
                "",
                source="s2_1_Perrin1909",
                note="ratio of grain counts, gamboge in water at room temperature",
            )
        )
    return tuple(out)


PERRIN_GAMBOGE = _perrin_measurements()


def perrin_comparison(*, temperature: float = 293.0) -> Comparison:
    """Each 30 µm rise: the Boltzmann factor exp(-Δz/ℓ) beside Perrin's counted ratio."""
    col = Colloid.perrin(temperature=temperature)
    preds = [
        float(np.exp(-(PERRIN_HEIGHTS[i] - PERRIN_HEIGHTS[i - 1]) / col.scale_height))
        for i in range(1, len(PERRIN_HEIGHTS))
    ]
    return Comparison(PERRIN_GAMBOGE, preds, caption="Gamboge grains: drop per 30 µm rise")


def fitted_scale_height(
    *, heights: Sequence[float] = PERRIN_HEIGHTS, counts: Sequence[float] = PERRIN_COUNTS
) -> float:
    """ℓ (m) from a least-squares line through ln(count) against height."""
    slope = np.polyfit(np.asarray(heights, dtype=float), np.log(np.asarray(counts, dtype=float)), 1)[0]
    return float(-1.0 / slope)


def avogadro_from_column(colloid: Colloid, scale_height: float, *, R_gas: float = 8.314462618) -> float:
    """N_A = R T/(m_b g ℓ) from a measured sedimentation length ℓ (m), mol⁻¹."""
    check_positive("sedimentation length ℓ (m)", scale_height)
    return R_gas * colloid.temperature / (colloid.buoyant_mass * G * scale_height)


# --------------------------------------------------------------------------- the open tank
@dataclass(frozen=True)
class Tank:
    """An open tank with a tap and a drain hole.

    Cross-section ``area`` (m²), tap inflow ``inflow`` (m³ s⁻¹), drain hole area ``hole``
    (m²). Defaults: a 0.5 m² tank, a tap at 0.2 L/s, a 1 cm² hole.

    ``discharge`` is the hole's discharge coefficient C_d: 1 for Torricelli's ideal jet
    (the default); a sharp-edged hole passes only about 0.61 of it, because its jet
    contracts (the vena contracta) as it leaves.
    """

    area: float = 0.5
    inflow: float = 2e-4
    hole: float = 1e-4
    discharge: float = 1.0

    def __post_init__(self) -> None:
        check_positive("tank cross-section A (m²)", self.area)
        check_finite("tap inflow Q (m³/s)", self.inflow)
        if self.inflow < 0:
            raise FluxInputError(
                f"tap inflow Q must not be negative, got {self.inflow:g} m³/s: a tap only adds water"
            )
        check_positive("drain hole area a (m²)", self.hole)
        if self.hole >= self.area:
            raise FluxInputError(
                f"drain hole area {self.hole:g} m² must be much smaller than the tank's cross-section "
                f"{self.area:g} m² for Torricelli's law to hold"
            )
        check_positive("discharge coefficient C_d", self.discharge)
        if self.discharge > 1.0:
            raise FluxInputError(
                f"discharge coefficient C_d must not exceed 1, got {self.discharge:g}: "
                "no hole lets out more than Torricelli's ideal jet"
            )

    @property
    def steady_level(self) -> float:
        """h* = Q²/(2 g (C_d a)²), m."""
        return self.inflow**2 / (2 * G * (self.discharge * self.hole) ** 2)

    def outflow(self, h: ArrayLike) -> np.ndarray:
        """Torricelli drain rate C_d a√(2gh), m³ s⁻¹ (h in m, clipped at 0)."""
        return self.discharge * self.hole * np.sqrt(2 * G * np.maximum(h, 0.0))


@dataclass(frozen=True)
class TankResult:
    """Level ``h`` (m) at times ``t`` (s); ``outflow`` (m³ s⁻¹) and the constant ``inflow``."""

    t: np.ndarray
    h: np.ndarray
    outflow: np.ndarray
    inflow: float
    steady_level: float


def output_times(times: ArrayLike) -> np.ndarray:
    """Check output times (s): a 1-D, finite, strictly increasing array of at least two.

    The first is the initial instant, where the initial state is given.
    """
    t = check_finite("output times (s)", times)
    if t.ndim != 1 or t.size < 2:
        raise FluxInputError(
            f"times must be a 1-D array of at least two output times (s), the first the initial "
            f"instant, got an array of shape {t.shape}"
        )
    bad = np.flatnonzero(np.diff(t) <= 0)
    if bad.size:
        k = int(bad[0])
        raise FluxInputError(
            f"times must be strictly increasing, got times[{k + 1}] = {t[k + 1]:g} s after "
            f"times[{k}] = {t[k]:g} s: time runs forward"
        )
    return t.astype(float)


def fill_tank(tank: Tank, *, h0: float = 0.0, times: ArrayLike) -> TankResult:
    """Integrate A dh/dt = Q - a√(2gh) from ``h0`` (m) at ``times[0]`` (scipy's LSODA).

    ``times`` are the output times (s), increasing, the first the initial instant, e.g.
    ``np.linspace(0, 3600, 200)``.
    """
    from scipy.integrate import solve_ivp

    check_finite("initial level h0 (m)", h0)
    if h0 < 0:
        raise FluxInputError(f"initial level h0 must not be negative, got {h0:g} m")
    t = output_times(times)

    def rhs(_t: float, y: np.ndarray) -> list[np.ndarray]:
        return [(tank.inflow - tank.outflow(y[0])) / tank.area]

    sol = solve_ivp(rhs, (t[0], t[-1]), [float(h0)], t_eval=t, method="LSODA", rtol=1e-9, atol=1e-12)
    h = np.maximum(sol.y[0], 0.0)
    return TankResult(t=t, h=h, outflow=tank.outflow(h), inflow=tank.inflow, steady_level=tank.steady_level)


# --------------------------------------------------------------------------- page tables
def colloid_table(colloids: Sequence[Colloid], labels: Sequence[str]) -> Table:
    """Transport numbers of some colloids, one row each (labels name them)."""
    rows = [
        [
            lab,
            c.radius * 1e6,
            c.D * 1e12,
            c.settling_velocity * 1e9,
            c.scale_height * 1e6,
            c.D / c.settling_velocity * 1e6,
        ]
        for c, lab in zip(colloids, labels, strict=True)
    ]
    return Table(["particles", "a (µm)", "D (µm²/s)", "v_s (nm/s)", "ℓ (µm)", "D/v_s (µm)"], rows)


def sediment_table(res: SedimentResult) -> Table:
    """How well the solved column matches Boltzmann's, and how the fluxes cancel."""
    return Table(
        ["quantity", "value"],
        [
            ["largest relative departure of c from exp(-z/ℓ)", res.max_relative_error],
            ["largest |net flux| / (v_s c_floor)", float(np.max(np.abs(res.net)))],
            ["diffusive flux at the floor / (v_s c_floor)", float(res.diffusive[0])],
            ["drift flux at the floor / (v_s c_floor)", float(res.drift[0])],
        ],
        digits=2,
    )


def tank_table(tank: Tank, run: TankResult) -> Table:
    """Steady level and throughput of a tank, and where the run ended."""
    return Table(
        ["quantity", "value", "unit"],
        [
            ["steady level Q²/(2ga²)", tank.steady_level * 100, "cm"],
            [f"level after {run.t[-1] / 3600:g} h", float(run.h[-1]) * 100, "cm"],
            ["tap inflow", run.inflow * 1e3, "L/s"],
            ["drain outflow at the end", float(run.outflow[-1]) * 1e3, "L/s"],
        ],
        digits=4,
    )
