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

Open tank. A tank of cross-section A (m²) filled by a tap at Q (m³ s⁻¹) and drained through a
hole of area a (m²) at the Torricelli rate a√(2gh) obeys A dh/dt = Q - a√(2gh). It settles at
h* = Q²/(2ga²) with water running through it at Q: a steady state, not an equilibrium.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fluxlib.errors import FluxInputError, check_finite, check_positive
from fluxlib.fv import Fixed, Flux, Grid, solve_steady

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
    (``viscosity=None`` means water at ``temperature``).
    """

    radius: float = 0.25e-6
    density: float = 1050.0
    fluid_density: float = 998.0
    temperature: float = 293.0
    viscosity: float | None = None

    def __post_init__(self):
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

    @property
    def max_relative_error(self) -> float:
        return float(np.max(np.abs(self.c / self.exact - 1.0)))


def sediment(colloid: Colloid = Colloid(), *, height: float = 1e-3, n: int = 100) -> SedimentResult:
    """Equilibrium concentration in a sealed column of ``height`` (m), floor value 1."""
    check_positive("column height (m)", height)
    D, vs = colloid.D, colloid.settling_velocity
    grid = Grid.uniform(0.0, height, n)
    res = solve_steady(grid, D, left=Fixed(1.0), right=Flux(0.0), velocity=-vs)
    c, f = res.c, grid.faces
    # face values: interior by the exponential (log-mean) interpolation that the
    # Scharfetter–Gummel flux assumes; the floor is the fixed value, the top is extrapolated
    cl, cr = c[:-1], c[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        lm = np.where(np.isclose(cl, cr, rtol=1e-12), 0.5 * (cl + cr), (cl - cr) / np.log(cl / cr))
    # the top face: the same exponential through the last cell
    top = c[-1] * np.exp(-vs / D * (f[-1] - grid.centers[-1]))
    cf = np.concatenate([[1.0], lm, [top]])
    drift = -vs * cf
    net = res.flux
    diffusive = net - drift
    scale = vs  # flux unit: v_s × c_floor
    return SedimentResult(
        z=grid.centers,
        c=c,
        faces=f,
        diffusive=diffusive / scale,
        drift=drift / scale,
        net=net / scale,
        exact=np.exp(-grid.centers / colloid.scale_height),
        colloid=colloid,
    )


# --------------------------------------------------------------------------- the open tank
@dataclass(frozen=True)
class Tank:
    """An open tank: cross-section ``area`` (m²), tap inflow ``inflow`` (m³ s⁻¹), drain hole
    area ``hole`` (m²). Defaults: a 0.5 m² tank, a tap at 0.2 L/s, a 1 cm² hole.
    """

    area: float = 0.5
    inflow: float = 2e-4
    hole: float = 1e-4

    def __post_init__(self):
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

    @property
    def steady_level(self) -> float:
        """h* = Q²/(2 g a²), m."""
        return self.inflow**2 / (2 * G * self.hole**2)

    def outflow(self, h):
        """Torricelli drain rate a√(2gh), m³ s⁻¹ (h in m, clipped at 0)."""
        return self.hole * np.sqrt(2 * G * np.maximum(h, 0.0))


@dataclass(frozen=True)
class TankResult:
    """Level ``h`` (m) at times ``t`` (s); ``outflow`` (m³ s⁻¹) and the constant ``inflow``."""

    t: np.ndarray
    h: np.ndarray
    outflow: np.ndarray
    inflow: float
    steady_level: float


def fill_tank(tank: Tank = Tank(), *, h0: float = 0.0, t_end: float = 3600.0, n: int = 200) -> TankResult:
    """Integrate A dh/dt = Q - a√(2gh) from ``h0`` (m) over [0, ``t_end``] s (scipy's LSODA)."""
    from scipy.integrate import solve_ivp

    check_finite("initial level h0 (m)", h0)
    if h0 < 0:
        raise FluxInputError(f"initial level h0 must not be negative, got {h0:g} m")
    check_positive("end time (s)", t_end)
    t = np.linspace(0.0, t_end, n)

    def rhs(_t, y):
        return [(tank.inflow - tank.outflow(y[0])) / tank.area]

    sol = solve_ivp(rhs, (0.0, t_end), [float(h0)], t_eval=t, method="LSODA", rtol=1e-9, atol=1e-12)
    h = np.maximum(sol.y[0], 0.0)
    return TankResult(t=t, h=h, outflow=tank.outflow(h), inflow=tank.inflow, steady_level=tank.steady_level)
