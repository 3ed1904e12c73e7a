r"""Sections 3.5–3.7: current in a cylindrical plasma column, on the finite-volume core.

The column
----------
A straight cylinder of minor radius ``a`` (m) stands in for a tokamak of major radius ``R0``
(m): the axial direction z is the long way round the torus, of length 2πR₀. An axial field
``B_z`` (T) threads it and a current ``I_p`` (A) flows along it with density J(r) (A m⁻²).

Resistive diffusion of current
------------------------------
Ohm's law E_z = η J, Faraday's law ∂B_θ/∂t = ∂E_z/∂r and Ampère's law
μ₀ J = (1/r) ∂(r B_θ)/∂r combine into the radial conservation law

.. math::

    \frac{\partial J}{\partial t} = \frac{1}{r}\frac{\partial}{\partial r}
    \Big( r\,\frac{1}{\mu_0}\frac{\partial (\eta J)}{\partial r} \Big),

a diffusion of current density with diffusivity η/μ₀. Written as the core's flux form,
the flux density of current (toward +r) is

.. math::

    \Gamma = -\frac{\eta}{\mu_0}\frac{\partial J}{\partial r} + v J, \qquad
    v = -\frac{1}{\mu_0}\frac{d\eta}{dr},

so the same cylindrical finite-volume solver that serves the rod and the electrode, with
``D = η/μ₀`` in the cells and a drift ``v`` at the faces, evolves J. This is the core's flux
with the coefficient inside the derivative: :func:`fluxlib.fv.ito_velocity` chooses the face
drift whose Scharfetter–Gummel exponent is ln(η_i/η_{i+1}) exactly, so the discrete steady
state is ηJ = E uniform to round-off. With ``Flux(0)`` at the edge the total current
(per radian, the core's content) is held fixed; with ``Fixed(E/η(a))`` the loop voltage is.

Spitzer resistivity
-------------------
With the Braginskii electron collision time τ_e (Braginskii 1965),
η = α(Z) m_e/(n e² τ_e) = α(Z) · 4√(2π) Z e² √m_e lnΛ / (3 (4πε₀)² (k T_e)^{3/2}), in Ω m;
the density cancels. α(1) = 0.5129 for current along B. The Coulomb logarithm is the NRL
Plasma Formulary's electron–ion value lnΛ = 24 − ln(√n_e[cm⁻³] / T_e[eV]).

Where the model stops
---------------------
Spitzer's formula needs a fully ionised, weakly coupled plasma whose electrons keep a
near-Maxwellian distribution: T_e above about 10 eV (hydrogen fully ionised; the NRL
Coulomb logarithm), ln Λ above about 10, and an electric field well below the Dreicer
field E_D = n e³ lnΛ/(4π ε₀² k T_e), beyond which electrons run away from friction. The
straight cylinder needs a thin torus (R₀/a above about 3): in a real torus trapped
electrons carry no current and raise the resistivity above Spitzer's (neoclassical
resistivity, Wesson 2011), and q differs from its cylindrical value. The kink limit
q(a) = 1 is ideal MHD of that cylinder; tokamaks disrupt already near q(a) ≈ 2
(:data:`Q_LIMIT_MEASURED`). Results carry these as ``validity`` notes
(:mod:`fluxlib.validity`).

Units: lengths m, fields T, currents A, current densities A m⁻², temperatures eV,
densities m⁻³, resistivity Ω m, times s, powers W.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import constants as sc

from fluxlib.errors import FluxInputError, check_finite, check_nonnegative, check_positive
from fluxlib.fv import Fixed, Flux, Grid, ito_velocity, solve_steady, solve_transient
from fluxlib.tables import Comparison, Measurement
from fluxlib.validity import ValidityNote, limit, notes

MU0 = sc.mu_0
#: Braginskii's parallel resistivity coefficient α(Z) = η_∥ n e² τ_e / m_e (Braginskii 1965, Table).
BRAGINSKII_ALPHA = {1: 0.5129, 2: 0.4408, 3: 0.3965, 4: 0.3752}


def coulomb_log(T_eV: ArrayLike, n_e: ArrayLike) -> np.ndarray:
    """Electron–ion Coulomb logarithm (NRL Plasma Formulary, T_e > 10 Z² eV); T in eV, n in m⁻³."""
    T = check_positive("electron temperature T_e (eV)", T_eV)
    n = check_positive("electron density n_e (m⁻³)", n_e)
    return 24.0 - np.log(np.sqrt(n * 1e-6) / T)


def spitzer_coefficient(Z: float) -> float:
    """C in η = C Z lnΛ / T_e[eV]^{3/2} (Ω m), along B, from scipy.constants and Braginskii's α(Z)."""
    Z = float(check_positive("ion charge number Z", Z))
    if Z not in BRAGINSKII_ALPHA:
        raise FluxInputError(
            f"ion charge number Z must be 1, 2, 3 or 4 (Braginskii's tabulated α(Z)), got {Z:g}"
        )
    e, me, eps0 = sc.e, sc.m_e, sc.epsilon_0
    kT = e  # 1 eV in joules
    perp = 4 * np.sqrt(2 * np.pi) * e**2 * np.sqrt(me) / (3 * (4 * np.pi * eps0) ** 2 * kT**1.5)
    return float(BRAGINSKII_ALPHA[int(Z)] * perp)


def spitzer_resistivity(T_eV: ArrayLike, *, Z: float = 1.0, ln_lambda: float = 17.0) -> np.ndarray:
    """Spitzer resistivity along B, Ω m, for electron temperature ``T_eV`` (eV, > 0)."""
    T = check_positive("electron temperature T_e (eV)", T_eV, what="Spitzer resistivity needs T_e > 0")
    check_positive("Coulomb logarithm ln Λ", ln_lambda)
    return spitzer_coefficient(Z) * Z * ln_lambda / T**1.5


#: Below this electron temperature (eV) hydrogen is not fully ionised and the NRL ln Λ fails.
SPITZER_T_MIN = 10.0
#: Below this Coulomb logarithm the plasma is not weakly coupled (few particles per Debye sphere).
LN_LAMBDA_MIN = 10.0
#: Above this fraction of the Dreicer field a runaway-electron population grows.
DREICER_FRACTION = 0.05
#: Below this aspect ratio R₀/a the straight-cylinder picture of the torus is poor.
ASPECT_MIN = 3.0
#: Below this axis safety factor the steady profile has left the measured range. In
#: sawtoothing tokamaks q(0) is measured between about 0.7 and 1 (0.77 on average in TEXTOR,
#: references.bib ``s3_5_Soltwisch1988``, its abstract). Sawteeth, which this book does not
#: treat, flatten the core current whenever a q = 1 surface exists; the model has none and
#: so no floor on q(0).
Q0_MEASURED_MIN = 0.7

#: The ranges over which Smy and Driver measured the conductivity of shock-ionised argon
#: (references.bib ``s3_5_SmyDriver``; only the abstract was read): fill pressure (mm Hg) and
#: shock Mach number. At the higher fill pressures or the highest Mach numbers the conductivity
#: agreed with Spitzer and Härm's; at the lower fill pressures and the lower Mach numbers it fell
#: below half of it. Wall cooling together with ionisation short of equilibrium appears, by their
#: estimates, to explain the drop at the lowest pressures but not the reduced conductivity at the
#: medium pressures. Quoted for section 3.5's prose; not a test of the model.
SMY_DRIVER_FILL_MMHG = (0.01, 2.0)
SMY_DRIVER_MACH = (10.0, 33.0)


def dreicer_field(T_eV: ArrayLike, n_e: ArrayLike, ln_lambda: ArrayLike) -> np.ndarray:
    """Dreicer field E_D = n e³ lnΛ/(4π ε₀² k T_e), V m⁻¹ (T in eV, n in m⁻³).

    At E ≳ E_D collisional friction can no longer hold the thermal electrons back; well
    below it (E ≲ 0.05 E_D) the current is carried by a drifting Maxwellian, as Spitzer assumes.
    """
    T = check_positive("electron temperature T_e (eV)", T_eV)
    n = check_positive("electron density n_e (m⁻³)", n_e)
    lnL = check_positive("Coulomb logarithm ln Λ", ln_lambda)
    return n * sc.e**3 * lnL / (4 * np.pi * sc.epsilon_0**2 * T * sc.e)


def spitzer_validity(
    T_eV: float, n_e: float, ln_lambda: float, *, E: float | None = None
) -> tuple[ValidityNote, ...]:
    """Notes when Spitzer's resistivity does not describe the plasma (empty when it does).

    ``T_eV`` the temperature that carries the current (eV), ``n_e`` (m⁻³), ``ln_lambda``,
    ``E`` the parallel electric field (V m⁻¹, optional).
    """
    T = float(check_positive("electron temperature T_e (eV)", T_eV))
    E_D = float(dreicer_field(T, n_e, ln_lambda))
    return notes(
        limit(
            "electron temperature T_e (eV)",
            T,
            below=SPITZER_T_MIN,
            why="below about 10 eV hydrogen is not fully ionised and collisions with "
            "neutrals add to the resistance; Spitzer's formula no longer holds",
        ),
        limit(
            "Coulomb logarithm ln Λ",
            float(ln_lambda),
            below=LN_LAMBDA_MIN,
            why="the plasma is not weakly coupled, so the small-angle collision picture "
            "behind Spitzer's formula fails",
        ),
        None
        if E is None
        else limit(
            "field over Dreicer field E/E_D",
            abs(float(E)) / E_D,
            above=DREICER_FRACTION,
            why="electrons run away from collisional friction and carry current that "
            "Spitzer's friction law does not describe",
        ),
    )


def column_validity(column: Column) -> tuple[ValidityNote, ...]:
    """Notes when the straight cylinder is a poor picture of the torus (aspect ratio)."""
    return notes(
        limit(
            "aspect ratio R0/a",
            column.R0 / column.a,
            below=ASPECT_MIN,
            why="the torus is too fat for a straight cylinder: trapped electrons raise the "
            "resistivity above Spitzer's and q departs from 2πa²B/(μ0 R0 I)",
        )
    )


def hall_parameter(column: Column, *, T_eV: float | None = None) -> float:
    """Electron Hall parameter ω_ce τ_e (dimensionless) at ``T_eV`` (default the centre).

    τ_e from η = α m_e/(n e² τ_e) (the module docstring). When ω_ce τ_e ≫ 1 electrons
    gyrate many times between collisions and a scalar conductivity σ (as in
    :func:`magnetic_braking`) does not describe the plasma across the field.
    """
    T = column.T0 if T_eV is None else T_eV
    alpha = BRAGINSKII_ALPHA[int(column.Z)]
    tau_e = alpha * sc.m_e / (column.n_e * sc.e**2 * float(column.resistivity(T)))
    return float(sc.e * column.B_z / sc.m_e * tau_e)


@dataclass(frozen=True)
class Column:
    """A tokamak-like plasma column (straight-cylinder model).

    ``a`` minor radius (m), ``R0`` major radius (m), ``B_z`` axial field (T), ``I_p`` plasma
    current (A), ``n_e`` electron density (m⁻³), ``Z`` ion charge, ``T0`` central electron
    temperature (eV), ``T_edge`` edge temperature (eV, ≥ 0), ``ln_lambda`` Coulomb logarithm
    (None: the NRL value at the centre, held fixed across the column).
    """

    a: float = 0.5
    R0: float = 1.7
    B_z: float = 2.5
    I_p: float = 0.6e6
    n_e: float = 5e19
    Z: float = 1.0
    T0: float = 2000.0
    T_edge: float = 0.0
    ln_lambda: float | None = None

    def __post_init__(self) -> None:
        check_positive("minor radius a (m)", self.a)
        check_positive("major radius R0 (m)", self.R0)
        if self.R0 <= self.a:
            raise FluxInputError(
                f"major radius R0 = {self.R0:g} m must exceed the minor radius a = {self.a:g} m: "
                "the torus would close on its own hole"
            )
        check_positive("axial field B_z (T)", self.B_z)
        check_positive("plasma current I_p (A)", self.I_p)
        check_positive("electron density n_e (m⁻³)", self.n_e)
        check_positive("central temperature T0 (eV)", self.T0)
        check_nonnegative("edge temperature T_edge (eV)", self.T_edge)
        if self.T_edge >= self.T0:
            raise FluxInputError(
                f"edge temperature {self.T_edge:g} eV must be below the central temperature "
                f"{self.T0:g} eV for a peaked profile"
            )
        spitzer_coefficient(self.Z)

    @property
    def lnL(self) -> float:
        """The Coulomb logarithm used (fixed across the column)."""
        if self.ln_lambda is not None:
            return float(check_positive("Coulomb logarithm ln Λ", self.ln_lambda))
        return float(coulomb_log(self.T0, self.n_e))

    def temperature(self, r: ArrayLike, nu: float) -> np.ndarray:
        """Peaked profile T = T_edge + (T0 − T_edge)(1 − r²/a²)^ν, eV; ν ≥ 0 is the peaking."""
        nu = float(check_nonnegative("temperature peaking ν", nu))
        x2 = np.clip(np.asarray(r, dtype=float) / self.a, 0.0, 1.0) ** 2
        return self.T_edge + (self.T0 - self.T_edge) * (1.0 - x2) ** nu

    def conductivity(self, T_eV: ArrayLike) -> np.ndarray:
        """σ = 1/η (S m⁻¹), zero where T = 0."""
        T = check_nonnegative("electron temperature T_e (eV)", T_eV)
        return T**1.5 / (spitzer_coefficient(self.Z) * self.Z * self.lnL)

    def resistivity(self, T_eV: ArrayLike) -> np.ndarray:
        """Spitzer η (Ω m) with this column's Z and ln Λ."""
        return spitzer_resistivity(T_eV, Z=self.Z, ln_lambda=self.lnL)

    def resistive_time(self, *, T_eV: float | None = None) -> float:
        """τ_R = μ₀ a²/η at temperature ``T_eV`` (default the centre), s."""
        T = self.T0 if T_eV is None else T_eV
        return float(MU0 * self.a**2 / self.resistivity(T))

    @property
    def q_edge(self) -> float:
        """q(a) = 2π a² B_z / (μ₀ R0 I_p), independent of the profile."""
        return edge_q(self.a, self.R0, self.B_z, self.I_p)


def edge_q(a: ArrayLike, R0: ArrayLike, B_z: ArrayLike, I_p: ArrayLike) -> Any:
    """Edge safety factor q(a) = 2π a² B_z/(μ₀ R₀ I) (m, m, T, A); arrays broadcast."""
    return 2 * np.pi * np.asarray(a) ** 2 * np.asarray(B_z) / (MU0 * np.asarray(R0) * np.asarray(I_p))


def critical_current(a: ArrayLike, R0: ArrayLike, B_z: ArrayLike) -> Any:
    """Kruskal–Shafranov current I_c = 2π a² B_z/(μ₀ R₀), A: above it q(a) < 1."""
    return 2 * np.pi * np.asarray(a) ** 2 * np.asarray(B_z) / (MU0 * np.asarray(R0))


# --------------------------------------------------------------------- profiles and q
@dataclass(frozen=True)
class CurrentProfileResult:
    """A current profile and what it implies.

    ``r`` radii (m, 0..a); ``J`` current density (A m⁻², along z); ``I`` current enclosed within
    r (A); ``B_theta`` poloidal field (T); ``q`` safety factor (q[0] is the limit on axis);
    ``E`` the uniform axial electric field of a steady state (V m⁻¹, nan otherwise);
    ``column`` the column; ``validity`` notes where Spitzer or the cylinder fail (empty when
    every assumption holds; filled by :func:`steady_profile`).
    """

    r: np.ndarray
    J: np.ndarray
    I: np.ndarray
    B_theta: np.ndarray
    q: np.ndarray
    E: float
    column: Column
    T: np.ndarray | None = None
    extra: dict = field(default_factory=dict)
    validity: tuple[ValidityNote, ...] = ()

    @property
    def q0(self) -> float:
        """The safety factor on the axis, q(0)."""
        return float(self.q[0])

    @property
    def loop_voltage(self) -> float:
        """V_loop = 2π R0 E, V."""
        return float(2 * np.pi * self.column.R0 * self.E)

    def radius_of_q(self, m: float) -> float | None:
        """Radius (m) of the q = m surface, by Brent's method on q(r); None if q never equals m."""
        from scipy.optimize import brentq

        m = float(check_positive("rational q value m/n", m))
        q = self.q
        u = self.r**2
        if not (np.min(q) < m < np.max(q)) or q[0] >= m:
            return None
        k = int(np.argmax(q > m))  # the first crossing from below
        I_of_u = lambda uu: np.interp(uu, u, self.I)  # noqa: E731
        C = 2 * np.pi * self.column.B_z / (MU0 * self.column.R0)

        def f(uu: float) -> float:
            return C * uu - m * I_of_u(uu)  # q = C u / I: q - m has the sign of this (I > 0)

        uu = brentq(f, u[k - 1], u[k], xtol=1e-15, rtol=1e-13)
        return float(np.sqrt(uu))


def profile_from_J(
    column: Column, r: ArrayLike, J: ArrayLike, *, E: float = float("nan"), T: np.ndarray | None = None
) -> CurrentProfileResult:
    """Enclosed current (trapezoid in r², exact for J piecewise linear in r²), B_θ and q from J(r)."""
    r = check_nonnegative("radii r (m)", r)
    J = check_finite("current density J (A/m²)", J)
    u = r**2
    I = np.concatenate([[0.0], np.cumsum(0.5 * (J[1:] + J[:-1]) * np.diff(u))]) * np.pi
    with np.errstate(divide="ignore", invalid="ignore"):
        B = np.where(r > 0, MU0 * I / (2 * np.pi * r), 0.0)
        q = np.where(r > 0, r * column.B_z / (column.R0 * B), 2 * column.B_z / (MU0 * column.R0 * J[0]))
    return CurrentProfileResult(r=r, J=J, I=I, B_theta=B, q=q, E=E, column=column, T=T)


def steady_profile(column: Column, nu: float, *, n: int = 2001) -> CurrentProfileResult:
    """Steady current J = E σ(T(r)) ∝ T^{3/2} with E uniform and set so the total is I_p.

    ``nu`` is the temperature peaking (T = T_edge + (T0 − T_edge)(1 − r²/a²)^ν).
    """
    if n < 3:
        raise FluxInputError(f"the profile needs at least 3 radii, got n = {n}")
    r = np.linspace(0.0, column.a, n)
    T = column.temperature(r, nu)
    sigma = column.conductivity(T)
    unit = profile_from_J(column, r, sigma)  # current per unit E
    E = column.I_p / unit.I[-1]
    prof = profile_from_J(column, r, E * sigma, E=float(E), T=T)
    return replace(
        prof, validity=(*_profile_validity(column, prof.r, prof.J, T, float(E)), *axis_q_validity(prof))
    )


def axis_q_validity(profile: CurrentProfileResult) -> tuple[ValidityNote, ...]:
    """A note when q(0) falls below :data:`Q0_MEASURED_MIN`, lower than tokamaks are measured.

    The model has no sawteeth, so nothing stops a peaked profile from driving q(0) below
    the measured range of about 0.7 to 1.
    """
    return notes(
        limit(
            "safety factor on the axis q(0)",
            profile.q0,
            below=Q0_MEASURED_MIN,
            why="measured q(0) in sawtoothing tokamaks lies between about 0.7 and 1: sawteeth, "
            "which this model lacks, would flatten the core current",
        )
    )


def _cold_current_fraction(r: ArrayLike, J: ArrayLike, T: ArrayLike) -> float:
    """Fraction of the current carried where T_e < SPITZER_T_MIN (trapezoid in r²)."""
    u = np.asarray(r, dtype=float) ** 2
    w = np.where(np.asarray(T) < SPITZER_T_MIN, J, 0.0)
    J = np.asarray(J, dtype=float)
    total = np.trapezoid(J, u)
    return float(np.trapezoid(w, u) / total) if total > 0 else 0.0


def _profile_validity(
    column: Column, r: ArrayLike, J: ArrayLike, T: ArrayLike, E: float
) -> tuple[ValidityNote, ...]:
    """Spitzer at the hot centre (where E/E_D is largest), cold current, and the cylinder."""
    T0 = float(np.max(T))
    return notes(
        *spitzer_validity(T0, column.n_e, column.lnL, E=E),
        limit(
            "share of the current in plasma below 10 eV",
            _cold_current_fraction(r, J, T),
            above=0.01,
            why="Spitzer's formula does not hold in that cold plasma",
        ),
        *column_validity(column),
    )


def q_closed_form(x: ArrayLike, q_a: float, nu: float) -> np.ndarray:
    """q(r)/… for T = T0(1 − x²)^ν (T_edge = 0): q = q_a x² / (1 − (1 − x²)^{3ν/2 + 1}), x = r/a."""
    x = np.asarray(x, dtype=float)
    p = 1.5 * nu + 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, q_a * x**2 / (1 - (1 - x**2) ** p), q_a / p)


# --------------------------------------------------------------- resistive diffusion
@dataclass(frozen=True)
class DiffusionResult:
    """Current density diffusing in the column.

    ``t`` times (s); ``r`` cell centres (m); ``faces`` (m); ``J`` (len(t), n) A m⁻²;
    ``I`` total current at each time (A); ``E`` (len(t), n) ηJ (V m⁻¹); ``tau_R`` μ₀a²/η at
    the centre (s); ``budget`` the core's budget (current per radian, A/(2π)); ``validity``
    notes on the cylinder picture (the resistivity is given, so Spitzer is not checked here).
    """

    t: np.ndarray
    r: np.ndarray
    faces: np.ndarray
    J: np.ndarray
    I: np.ndarray
    E: np.ndarray
    eta: np.ndarray
    tau_R: float
    budget: object
    column: Column
    validity: tuple[ValidityNote, ...] = ()

    def profile(self, *, k: int = -1) -> CurrentProfileResult:
        """J, I, B_θ and q at the faces at output ``k``: I(face) = 2π Σ V_i J_i exactly."""
        from fluxlib.fv import Grid

        g = Grid.from_faces(self.faces, geometry="cylindrical")
        I = 2 * np.pi * np.concatenate([[0.0], np.cumsum(g.volumes * self.J[k])])
        Jf = np.interp(self.faces, self.r, self.J[k])
        col = self.column
        r = self.faces
        with np.errstate(divide="ignore", invalid="ignore"):
            B = np.where(r > 0, MU0 * I / (2 * np.pi * r), 0.0)
            q = np.where(r > 0, r * col.B_z / (col.R0 * B), 2 * col.B_z / (MU0 * col.R0 * Jf[0]))
        return CurrentProfileResult(r=r, J=Jf, I=I, B_theta=B, q=q, E=float(np.mean(self.E[k])), column=col)


def diffuse_current(
    column: Column,
    eta: ArrayLike | Callable[[np.ndarray], ArrayLike],
    J0: ArrayLike | Callable[[np.ndarray], ArrayLike],
    times: ArrayLike,
    *,
    n: int = 100,
    edge: str = "hold current",
    E_edge: float | None = None,
    eta_edge: float | None = None,
    method: str = "backward-euler",
    dt: float | None = None,
) -> DiffusionResult:
    """Evolve J(r, t) by ∂J/∂t = (1/r)∂_r(r ∂_r(ηJ)/μ₀) on n cylindrical cells of [0, a].

    ``eta``: resistivity in the cells (Ω m; number, n values, or callable η(r)); ``J0``
    initial current density (A m⁻²; number, n values or callable J0(r)); ``times`` (s).
    ``edge="hold current"``: no current crosses r = a (Flux(0)): I is conserved and the
    profile relaxes to J ∝ 1/η. ``edge="loop voltage"``: E(a) = ``E_edge`` (V m⁻¹) held by
    the transformer; needs ``eta_edge`` (η at r = a, default the last cell's).
    """
    grid = Grid.uniform(0.0, column.a, n, geometry="cylindrical")
    if callable(eta):
        eta = eta(grid.centers)
    eta = np.broadcast_to(check_positive("resistivity η (Ω m)", eta), (n,)).astype(float)
    right: Fixed | Flux
    if edge == "hold current":
        right, eta_b = Flux(0.0), None
    elif edge == "loop voltage":
        if E_edge is None:
            raise FluxInputError("edge='loop voltage' needs the edge electric field E_edge (V/m)")
        check_finite("edge electric field E_edge (V/m)", E_edge)
        eta_b = float(
            eta[-1] if eta_edge is None else check_positive("edge resistivity η(a) (Ω m)", eta_edge)
        )
        right = Fixed(float(E_edge) / eta_b)
    else:
        raise FluxInputError(f"edge must be 'hold current' or 'loop voltage', got {edge!r}")
    # J flows as -d(ηJ/μ₀)/dr: the core's coefficient-inside-the-derivative drift for w = η/μ₀,
    # η(a) at the edge (the drift scales with w, so it is the drift for η divided by μ₀)
    v = ito_velocity(grid, eta, right=eta_b) / MU0
    if dt is None:
        dt = MU0 * column.a**2 / float(eta[0]) / 200.0  # τ_R(axis)/200; backward Euler is stable
    sol = solve_transient(
        grid, eta / MU0, J0, times, left=Flux(0.0), right=right, velocity=v, method=method, dt=dt
    )
    I = 2 * np.pi * np.asarray(sol.budget.content)
    return DiffusionResult(
        t=np.asarray(sol.t),
        r=grid.centers,
        faces=grid.faces,
        J=sol.c,
        I=I,
        E=sol.c * eta,
        eta=eta,
        tau_R=float(MU0 * column.a**2 / eta[0]),
        budget=sol.budget,
        column=column,
        validity=column_validity(column),
    )


def penetration_exact(
    r: ArrayLike, times: ArrayLike, *, a: float, eta: float, J_edge: float, terms: int = 200
) -> np.ndarray:
    """Uniform-η skin current after E(a) is switched on at t = 0 (J = 0 before), A m⁻².

    J = J_a [1 − Σ 2 J₀(j_k r/a) / (j_k J₁(j_k)) e^{−j_k² η t/(μ₀ a²)}], j_k the zeros of J₀.
    """
    from scipy.special import j0, j1, jn_zeros

    jk = jn_zeros(0, terms)
    r = np.asarray(r, dtype=float)[..., None]
    tt = np.asarray(times, dtype=float)
    decay = np.exp(-np.multiply.outer(tt, jk**2) * eta / (MU0 * a**2))
    series = 2 * j0(jk * r / a) / (jk * j1(jk))
    return J_edge * (1 - np.einsum("...k,tk->t...", series, decay))


# ------------------------------------------------------------------ section 3.6: heating
@dataclass(frozen=True)
class OhmicResult:
    """Self-consistent temperature and current of an ohmically heated column.

    ``r`` cell centres (m); ``T`` (eV); ``J`` (A m⁻²); ``E`` uniform field (V m⁻¹);
    ``p_ohm`` ohmic heating ηJ² (W m⁻³); ``P_ohm`` total heating (W) = V_loop I_p;
    ``P_edge`` heat conducted out through r = a (W, positive outward); ``iterations`` fixed-point
    iterations; ``history`` central temperature after each iteration (eV); ``residual`` last
    largest temperature change (eV); ``tau_E`` electron energy confinement time (s),
    (3/2) n k T_e summed over the torus divided by P_ohm; ``validity`` notes where Spitzer or
    the cylinder fail, where q(a) is below the current limit of about 2 and where q(0) is
    below the range measured in tokamaks (:func:`_ohmic_validity`).
    """

    r: np.ndarray
    faces: np.ndarray
    T: np.ndarray
    J: np.ndarray
    E: float
    p_ohm: np.ndarray
    P_ohm: float
    P_edge: float
    iterations: int
    history: np.ndarray
    residual: float
    tau_E: float
    column: Column
    validity: tuple[ValidityNote, ...] = ()

    @property
    def V_loop(self) -> float:
        """Loop voltage 2π R0 E, V."""
        return float(2 * np.pi * self.column.R0 * self.E)


def ohmic_equilibrium(
    column: Column,
    *,
    chi: float = 1.0,
    T_edge: float = 50.0,
    n: int = 80,
    relax: float = 0.5,
    tol: float = 1e-6,
    max_iter: int = 200,
    freeze_eta: bool = False,
    T_start: ArrayLike | None = None,
) -> OhmicResult:
    """Iterate T → η(T) → J = E/η (total I_p) → p = ηJ² → steady heat diffusion → T.

    Heat: 0 = (1/r)(r n χ e T')' + p with T in eV (``chi`` heat diffusivity, m² s⁻¹), T(a) =
    ``T_edge`` (eV); solved by :func:`fluxlib.fv.solve_steady` on a cylindrical grid with the
    heating as source. The update is relaxed, T ← (1 − ω)T + ω T_new with ω = ``relax``;
    ``freeze_eta`` uses η(T0) everywhere (uniform current: the closed-form check).
    """
    chi = float(check_positive("heat diffusivity χ (m²/s)", chi))
    T_edge = float(check_positive("edge temperature T_edge (eV)", T_edge))
    relax = float(check_positive("relaxation factor ω", relax))
    if relax > 1:
        raise FluxInputError(f"relaxation factor ω must be in (0, 1], got {relax:g}")
    grid = Grid.uniform(0.0, column.a, n, geometry="cylindrical")
    V = 2 * np.pi * column.R0 * 2 * np.pi * grid.volumes  # m³ per cell (torus as a cylinder)
    A = 2 * np.pi * grid.volumes  # cross-section area per cell, m²
    ne = column.n_e * sc.e  # J per eV per m³
    T = np.full(n, column.T0) if T_start is None else np.broadcast_to(T_start, (n,)).astype(float)
    history = []
    change = np.inf
    for _ in range(max_iter):
        sigma = column.conductivity(np.full(n, column.T0) if freeze_eta else T)
        E = column.I_p / float(A @ sigma)
        J = E * sigma
        p = E * J
        sol = solve_steady(grid, chi, left=Flux(0.0), right=Fixed(T_edge), source=p / ne)
        T_new = (1 - relax) * T + relax * sol.c
        change = float(np.max(np.abs(T_new - T)))
        T = T_new
        history.append(T[0])
        if not np.all(T > 0):
            raise FluxInputError("the temperature went negative during the iteration: lower the relaxation ω")
        if change < tol * max(1.0, float(np.max(T))):
            break
    else:
        raise FluxInputError(
            f"no self-consistent state after {max_iter} iterations (last change {change:.3g} eV): "
            "lower the relaxation ω or the heating"
        )
    sigma = column.conductivity(np.full(n, column.T0) if freeze_eta else T)
    E = column.I_p / float(A @ sigma)
    J = E * sigma
    p = E * J
    sol = solve_steady(grid, chi, left=Flux(0.0), right=Fixed(T_edge), source=p / ne)
    P_edge = -float(sol.budget.inflow_right) * ne * 2 * np.pi * 2 * np.pi * column.R0
    W = 1.5 * ne * float(V @ T)  # thermal energy of electrons, J
    P = float(V @ p)
    return OhmicResult(
        r=grid.centers,
        faces=grid.faces,
        T=T,
        J=J,
        E=float(E),
        p_ohm=p,
        P_ohm=P,
        P_edge=P_edge,
        iterations=len(history),
        history=np.array(history),
        residual=change,
        tau_E=W / P,
        column=column,
        validity=_ohmic_validity(column, grid.centers, J, T, float(E)),
    )


def _ohmic_validity(
    column: Column, r: np.ndarray, J: np.ndarray, T: np.ndarray, E: float
) -> tuple[ValidityNote, ...]:
    """Spitzer and the cylinder (:func:`_profile_validity`), then the column's q.

    The edge q(a) from :func:`kink_validity` (below 2 tokamaks meet the current limit) and
    the axis q(0) = 2 B_z/(μ₀ R0 J(0)) from :func:`axis_q_validity` (below the measured range
    of sawtoothing tokamaks), with J(0) taken as the current density of the innermost cell;
    below q(a) = 1 a further note says the column is past the ideal m = 1 kink limit of
    section 3.7. The aspect-ratio note that :func:`kink_validity` repeats is given once.
    """
    base = _profile_validity(column, r, J, T, E)
    axis = profile_from_J(column, np.concatenate([[0.0], r]), np.concatenate([[J[0]], J]))
    return (
        *base,
        *(v for v in kink_validity(column) if v not in base),
        *notes(
            limit(
                "edge safety factor q(a)",
                column.q_edge,
                below=1.0,
                why="past the Kruskal–Shafranov limit the ideal m = 1 kink is unstable: "
                "the column twists into a helix (section 3.7), so the straight steady column "
                "computed here would not last",
            )
        ),
        *axis_q_validity(axis),
    )


#: Loop voltage and plasma current of JET's first ohmic plasmas (1983), as recalled by
#: R. Bickerton on EUROfusion's history page: (current, loop voltage) per campaign. Their
#: product is the ohmic power only at flat top, when the current and the internal inductance are
#: steady (while the current ramps, V I also feeds the growing magnetic energy). The page does not
#: say the voltages were flat-top values: if they were read during the ramp, V I overstates the
#: ohmic power and V/I the resistance. In the first campaign the plasma's vertical position was
#: not yet controlled (the page): it drifted down onto the vessel and each pulse ended there, so
#: its size and place in the vessel are not known either. They cannot test the resistivity model: the "about 50 eV"
#: of the first campaign was itself inferred from the loop voltage, and no T_e(r) or Z_eff is given.
JET_1983_OHMIC: dict[str, tuple[Measurement, Measurement]] = {
    "first campaign (to August)": (
        Measurement(
            "JET plasma current, first campaign",
            0.6e6,
            "A",
            source="s3_6_JETstartup",
            note="600 kA; discharge dominated by radiation from carbon and oxygen",
        ),
        Measurement(
            "JET loop voltage, first campaign",
            14.0,
            "V",
            source="s3_6_JETstartup",
            note="temperature inferred from it: about 50 eV",
        ),
    ),
    "October, after a hotter bakeout": (
        Measurement(
            "JET plasma current, October 1983",
            1.4e6,
            "A",
            source="s3_6_JETstartup",
            note="vessel baked at 270 °C; a much cleaner discharge",
        ),
        Measurement("JET loop voltage, October 1983", 4.0, "V", source="s3_6_JETstartup"),
    ),
}


#: JET's size as built: major radius 2.96 m, minor radius 1.25 m (the WikiMili copy of
#: Wikipedia's article, its infobox). JET's vessel is D-shaped (elongated); a circle of this
#: radius stands in for the plasma here. A D-shaped plasma filling the vessel would have more
#: cross-section than the circle; the first campaign's plasma, which had no vertical position
#: control and drifted onto the vessel floor (:data:`JET_1983_OHMIC`), may have had less. R0/a =
#: 2.37 is below :data:`ASPECT_MIN` (see :func:`jet_1983_validity`).
JET_R0 = 2.96
JET_A = 1.25

#: The temperature the JET team quoted for its first campaign ("around 50 electron volts",
#: R. Bickerton on EUROfusion's page), which they read off the loop voltage itself.
JET_1983_T_QUOTED = 50.0


def uniform_loop_voltage(
    I_p: float, T_eV: float, *, a: float, R0: float, Z: float = 1.0, ln_lambda: float = 13.0
) -> float:
    """Loop voltage (V) of a uniform circular column: V = I_p η 2πR0/(πa²), η Spitzer's.

    ``I_p`` current (A), ``T_eV`` the (uniform) electron temperature (eV), ``a``, ``R0`` (m).
    """
    check_positive("plasma current I_p (A)", I_p)
    a = float(check_positive("minor radius a (m)", a))
    R0 = float(check_positive("major radius R0 (m)", R0))
    eta = float(spitzer_resistivity(T_eV, Z=Z, ln_lambda=ln_lambda))
    return float(I_p * eta * 2 * np.pi * R0 / (np.pi * a**2))


def jet_1983_comparison(*, Z: float = 1.0, ln_lambda: float = 13.0, nu: float = 0.0) -> Comparison:
    """JET's first-campaign loop voltage beside Spitzer's at the temperature the team quoted.

    A consistency check, not a test: the quoted 50 eV was itself inferred from the loop
    voltage, and the page gives no Z_eff, density or profile, nor says whether 50 eV is a
    central, mean or effective temperature. The prediction is :func:`uniform_loop_voltage`
    at 600 kA and 50 eV in a circular column of JET's size, with ion charge ``Z`` and
    ``ln_lambda`` (13 is the NRL value at 50 eV for an assumed n_e = 10¹⁹ m⁻³), held at
    that value across the column. ``nu`` > 0 makes 50 eV the central value of the profile
    T = 50 eV (1 − r²/a²)^ν: at a uniform field the current is σ ∝ T^{3/2}, so the voltage
    rises by 1/∫₀¹ (1 − s)^{3ν/2} ds = 1 + 3ν/2 (2.5 for the parabola ν = 1, whose cold edge
    below 10 eV carries a share 0.2^{5/2}, about 2 %, of the current).

    With Z = 1 and a uniform 50 eV the voltage falls short of the measured one by about a
    factor of three. A higher Z_eff can close that gap, and so can a temperature profile
    peaked about a 50 eV centre; the page gives neither, so the numbers cannot tell which.
    The shape of the cross-section is not known: a D-shaped column filling JET's vessel would
    have more cross-section than the circle of radius a = 1.25 m (a lower voltage, a wider
    gap), but the first campaign's plasma had no vertical position control and drifted onto
    the vessel floor (:data:`JET_1983_OHMIC`), so it may have had less. The torus lowers the
    voltage by about 5 % for a uniform column (:func:`toroidal_resistance_factor`,
    :func:`jet_1983_validity`); and the trapped-electron (neoclassical) rise, not computed here,
    is reduced in a plasma this collisional (ν* of order 10 or more at 50 eV and 10¹⁹ m⁻³) but not
    negligible: a correction of some tens of per cent at most, small beside the factor of about
    three by which the Z = 1 voltage falls short.
    """
    nu = float(check_nonnegative("temperature peaking ν", nu))
    current, voltage = JET_1983_OHMIC["first campaign (to August)"]
    V = uniform_loop_voltage(current.value, JET_1983_T_QUOTED, a=JET_A, R0=JET_R0, Z=Z, ln_lambda=ln_lambda)
    shape = ", uniform T" if nu == 0 else f", T = 50 eV (1 - r²/a²)^{nu:g}"
    return Comparison(
        [voltage],
        [V * (1.0 + 1.5 * nu)],
        caption=f"JET, first campaign 1983: loop voltage at 600 kA, Spitzer at 50 eV, Z = {Z:g}"
        + ("" if nu == 0 else shape),
    )


def toroidal_resistance_factor(a: float, R0: float) -> float:
    """Resistance of a uniform torus of circular cross-section over that of the straight cylinder.

    In the torus the loop field is E = V/(2πR) at major radius R, so the current is
    σV/(2π) ∫ dA/R and ∫ dA/R = 2π(R0 − √(R0² − a²)) over the circle; the straight cylinder
    has πa²/R0. The ratio a²/(2R0(R0 − √(R0² − a²))) is below 1: 0.953 for JET (R0/a = 2.37).
    """
    a = float(check_positive("minor radius a (m)", a))
    R0 = float(check_positive("major radius R0 (m)", R0))
    if a >= R0:
        raise FluxInputError(
            f"minor radius a = {a:g} m must be below the major radius R0 = {R0:g} m for a torus"
        )
    return a**2 / (2.0 * R0 * (R0 - math.sqrt(R0**2 - a**2)))


def jet_1983_validity() -> tuple[ValidityNote, ...]:
    """Notes on :func:`jet_1983_comparison`: JET's aspect ratio is below :data:`ASPECT_MIN`."""
    f = toroidal_resistance_factor(JET_A, JET_R0)
    return notes(
        limit(
            "aspect ratio R0/a",
            JET_R0 / JET_A,
            below=ASPECT_MIN,
            why=(
                "the torus is too fat for a straight cylinder: for a uniform column its resistance, "
                f"and so the predicted loop voltage, is {100 * (1 - f):.0f} % below the cylinder's"
            ),
        )
    )


def jet_1983_resistance_drop() -> float:
    """How many times JET's V/I fell from the first campaign to October 1983 (measured)."""
    (I1, V1), (I2, V2) = JET_1983_OHMIC.values()
    return (V1.value / I1.value) / (V2.value / I2.value)


# ------------------------------------------------------------------ magnetic braking
@dataclass(frozen=True)
class BrakingResult:
    """Velocity of a conducting fluid element in a uniform field B ẑ.

    ``t`` (s); ``v`` (len(t), 3) m s⁻¹ from the ODE ρ dv/dt = σ (v × B) × B (E = 0);
    ``exact`` the closed form; ``tau`` = ρ/(σB²) (s); ``dissipated`` cumulative Joule heat
    per unit volume ∫ J²/σ dt (J m⁻³); ``kinetic`` ρ|v|²/2 (J m⁻³).
    """

    t: np.ndarray
    v: np.ndarray
    exact: np.ndarray
    tau: float
    dissipated: np.ndarray
    kinetic: np.ndarray


def braking_time(rho: ArrayLike, sigma: ArrayLike, B: ArrayLike) -> Any:
    """τ = ρ/(σB²), s (kg m⁻³, S m⁻¹, T)."""
    rho = check_positive("mass density ρ (kg/m³)", rho)
    sigma = check_positive("conductivity σ (S/m)", sigma)
    B = check_positive("field strength B (T)", B)
    return rho / (sigma * B**2)


def magnetic_braking(v0: ArrayLike, times: ArrayLike, *, rho: float, sigma: float, B: float) -> BrakingResult:
    """Integrate ρ dv/dt = σ (v × B) × B with B along z (solve_ivp, rtol 1e-10)."""
    from scipy.integrate import solve_ivp

    tau = float(braking_time(rho, sigma, B))
    v0 = check_finite("initial velocity v0 (m/s)", v0)
    if v0.shape != (3,):
        raise FluxInputError(f"initial velocity v0 must have three components (m/s), got shape {v0.shape}")
    t = check_nonnegative("times (s)", times)
    Bv = np.array([0.0, 0.0, float(B)])

    def rhs(_t: float, y: np.ndarray) -> np.ndarray:
        v = y[:3]
        J = sigma * np.cross(v, Bv)
        return np.concatenate([np.cross(J, Bv) / rho, [J @ J / sigma]])

    sol = solve_ivp(rhs, (t[0], t[-1]), np.concatenate([v0, [0.0]]), t_eval=t, rtol=1e-10, atol=1e-14)
    v = sol.y[:3].T
    decay = np.exp(-(t - t[0]) / tau)
    exact = np.column_stack([v0[0] * decay, v0[1] * decay, np.full_like(t, v0[2])])
    return BrakingResult(
        t=t, v=v, exact=exact, tau=tau, dissipated=sol.y[3], kinetic=0.5 * rho * np.sum(v**2, axis=1)
    )


# ------------------------------------------------------------------ section 3.7: kink
def stability_map(a: float, R0: float, currents: ArrayLike, fields: ArrayLike) -> np.ndarray:
    """q(a) on a grid of currents (A) × fields (T): array (len(fields), len(currents))."""
    I = check_positive("plasma current I (A)", currents)
    B = check_positive("axial field B_z (T)", fields)
    return edge_q(a, R0, B[:, None], I[None, :])


#: The lowest edge safety factor tokamaks reach without a current-limit disruption (the
#: current limit of the Hugill diagram; tokamaks above it can still disrupt, at the density
#: limit or through locked modes and vertical displacement events). Measured in ohmic, circular, limiter tokamaks; q(a) in its
#: cylindrical form 2πa²B/(μ₀R₀I), as in this module.
Q_LIMIT_MEASURED = Measurement(
    label="lowest q(a) reached without a current-limit disruption",
    value=2.0,
    unit="",
    source="s3_5_Wesson2011",
    note="Hugill diagram, ohmic circular limiter tokamaks; below it the m = 2, n = 1 "
    "mode grows and the discharge disrupts (also s3_7_IPB1999)",
)

#: The edge safety factor below which real tokamaks meet the current-limit disruption.
Q_DISRUPTION = Q_LIMIT_MEASURED.value


def q_limit_comparison(*, column: Column | None = None) -> Comparison:
    """The ideal m = 1 kink limit of the cylinder beside the measured tokamak current limit.

    The prediction is q(a) at the Kruskal–Shafranov current I_c of ``column`` (1 by
    construction of the formula, computed through :func:`edge_q` and
    :func:`critical_current`); the measurement is :data:`Q_LIMIT_MEASURED`.
    """
    col = Column() if column is None else column
    q_ks = float(edge_q(col.a, col.R0, col.B_z, critical_current(col.a, col.R0, col.B_z)))
    return Comparison(
        [Q_LIMIT_MEASURED],
        [q_ks],
        caption="Edge safety factor at the current limit: ideal m = 1 kink vs tokamaks",
    )


def external_kink_comparison(*, dq: float = 0.01) -> Comparison:
    """The current limit of the ideal cylinder with all external kinks, beside the measured one.

    The kinks are m = 1..4 with n = 1 and q(0) = 1 (:func:`predicted_q_limit`).
    The agreement is structural rather than fitted: an external kink of mode m exists only
    while q(a) < m/n, so any limit it sets is a rational q(a); the calculation picks which
    (m = 2 here). Nothing is tuned, but q(0) = 1 matters: from q(0) of about 1.2 an m = 3
    window opens just below q(a) = 3 and the predicted limit moves to 3.
    """
    return Comparison(
        [Q_LIMIT_MEASURED],
        [predicted_q_limit(dq=dq)],
        caption="Edge safety factor at the current limit: external kinks with q(0) = 1",
    )


def kink_validity(column: Column) -> tuple[ValidityNote, ...]:
    """Where the column's edge q or shape leave the ideal m = 1 kink picture.

    Fires below q(a) = 2, where tokamaks disrupt although the m = 1 kink is still stable,
    and when the aspect ratio is too small for the cylinder.
    """
    return notes(
        limit(
            "edge safety factor q(a)",
            column.q_edge,
            below=Q_DISRUPTION,
            why="tokamaks disrupt below q(a) of about 2 (the m = 2, n = 1 mode), long "
            "before the m = 1 kink limit q(a) = 1",
        ),
        *column_validity(column),
    )


def external_kink_energy(q_a: float, m: int, *, nu: float, n_tor: int = 1) -> float:
    r"""Normalised ideal-MHD energy δW of the (m, n) external kink of the straight tokamak.

    For the steady profile of :func:`steady_profile` with T_edge = 0, whose safety factor is
    :func:`q_closed_form` (q(a) = ``q_a``, peaking ``nu``), and no conducting wall, the
    large-aspect-ratio energy is (Wesson 2011, ch. 6; x = r/a, F = n/m − 1/q, n = ``n_tor``)

    .. math::

        \frac{\delta W}{\pi^2 B_z^2 a^2 \xi_a^2/(\mu_0 R_0)} = \frac{1}{\xi_a^2}
        \int_0^1 \big(x^2\xi'^2 + (m^2 - 1)\xi^2\big) F^2 x\,dx
        + \frac{2}{q_a}F_a + (1 + m)F_a^2 .

    The plasma integral is minimised by the solution of its Euler–Lagrange equation
    (x³F²ξ')' = (m² − 1) x F² ξ, regular on the axis (ξ ∝ x^{m−1}), and then equals
    x³F²ξξ' at x = 1. Negative: unstable. Returns ``nan`` when q_a ≥ m/n (the mode's
    resonant surface lies inside the plasma: not an external kink of this form).
    """
    from scipy.integrate import solve_ivp

    q_a = float(check_positive("edge safety factor q(a)", q_a))
    nu = float(check_nonnegative("temperature peaking ν", nu))
    n = n_tor  # the toroidal mode number (``n`` elsewhere counts cells)
    if int(m) != m or m < 1 or int(n) != n or n < 1:
        raise FluxInputError(f"mode numbers m and n must be positive integers, got m = {m}, n = {n}")
    m, n = int(m), int(n)
    if q_a >= m / n:
        return math.nan

    p = 1.5 * nu + 1.0

    def F(x: float) -> float:  # n/m − 1/q as in q_closed_form, scalar (it is called often)
        x2 = x * x
        return n / m + math.expm1(p * math.log1p(-x2)) / (q_a * x2) if x < 1.0 else n / m - 1.0 / q_a

    def rhs(x: float, y: np.ndarray) -> list[float]:
        f2 = F(x) ** 2
        return [y[1] / (x**3 * f2), (m * m - 1) * x * f2 * y[0]]

    x0 = 1e-3
    xi0 = x0 ** (m - 1)
    P0 = x0**3 * F(x0) ** 2 * (m - 1) * x0 ** (m - 2) if m > 1 else 0.0
    sol = solve_ivp(rhs, (x0, 1.0), [xi0, P0], rtol=1e-9, atol=1e-16, method="LSODA")
    xi, P = sol.y[:, -1]
    Fa = F(1.0)
    return float(P / xi + 2.0 / q_a * Fa + (1 + m) * Fa**2)


@functools.lru_cache(maxsize=64)
def predicted_q_limit(*, q0: float = 1.0, m_max: int = 4, dq: float = 0.01) -> float:
    """Lowest edge q(a) above which no external kink (m = 1..m_max, n = 1) is unstable.

    Sawteeth (not modelled in this book) keep measured q(0) in ohmic tokamaks between about
    0.7 and 1; the axis value is ``q0`` (default 1), and each q(a) comes with its own
    peaking ν = (q(a)/q0 − 1)/(3/2) of the profile of :func:`steady_profile`. The values
    q(a) = q0 + k·dq below ``m_max`` are scanned from the top down; the limit is ``dq``
    above the highest unstable one (to within ``dq``), ``m_max`` if the top one is
    unstable, and q0 + dq if none is. (Scanning up to the first stable value instead would
    stop in a stable gap below a higher unstable window: for q0 = 1.3 the m = 3 kink is
    unstable for q(a) from about 2.83 to 3 although q(a) = 2 is stable.) The limit is 2 for
    every q0 from 0.7 to 1.1 and 3 from q0 = 1.2.
    """
    q0 = float(check_positive("axis safety factor q(0)", q0))
    dq = float(check_positive("scan step dq", dq))
    if int(m_max) != m_max or m_max < 1:
        raise FluxInputError(f"the highest mode number m_max must be a positive integer, got {m_max}")
    k = int(math.floor((m_max - q0) / dq + 1e-9))
    while k >= 1 and q0 + k * dq >= m_max * (1 - 1e-12):
        k -= 1  # now the largest k with q0 + k dq < m_max
    while k >= 1:
        qa = q0 + k * dq
        nu = (qa / q0 - 1.0) / 1.5
        if any(external_kink_energy(qa, m, nu=nu) < 0 for m in range(1, int(m_max) + 1)):
            return float(min(q0 + (k + 1) * dq, m_max))
        k -= 1
    return float(q0 + dq)


def kink_displacement(q_a: float, a: float, *, cap: float = 0.35) -> float:
    """Schematic helical displacement ξ (m): zero for q(a) ≥ 1, ξ = a·min(cap, 0.3√(1/q(a) − 1)) below.

    The square root is the generic shape of a new equilibrium branching off at a threshold;
    its size here is illustrative, not a prediction.
    """
    q_a = float(check_positive("edge safety factor q(a)", q_a))
    if q_a >= 1:
        return 0.0
    return float(a * min(cap, 0.3 * np.sqrt(1 / q_a - 1)))


def helix(
    column: Column, xi: float, *, m: int = 1, n_tor: int = 1, z: ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Axis of the displaced column along one circuit of the torus: z (m), x(z), y(z) (m).

    The m = 1 kink with toroidal mode number ``n_tor`` shifts the cross-section at z by ξ in
    the direction n z/R0: x = ξ cos(nz/R0), y = ξ sin(nz/R0). ``z`` the positions along the
    column (m); by default 200 evenly spaced from 0 to 2πR0.
    """
    z = np.linspace(0.0, 2 * np.pi * column.R0, 200) if z is None else np.asarray(z, dtype=float)
    phase = n_tor * z / column.R0
    return z, xi * np.cos(phase), xi * np.sin(phase)


def moved_current_fraction(a: float, xi: float, *, grid: int = 0) -> float:
    """Fraction of the current (uniform column) now flowing outside its old footprint.

    Closed form 1 − lens/(πa²), lens = 2a² arccos(d/2a) − (d/2)√(4a² − d²), d = |ξ|;
    with ``grid`` > 0 the same number counted on a grid×grid map of J (a check).
    """
    a = float(check_positive("minor radius a (m)", a))
    d = abs(float(check_finite("displacement ξ (m)", xi)))
    if d >= 2 * a:
        return 1.0
    if grid:
        s = np.linspace(-2 * a, 2 * a, grid)
        X, Y = np.meshgrid(s, s)
        J = ((X - d) ** 2 + Y**2) < a**2
        outside = (X**2 + Y**2) >= a**2
        return float(np.sum(J & outside) / np.sum(J))
    lens = 2 * a**2 * np.arccos(d / (2 * a)) - 0.5 * d * np.sqrt(4 * a**2 - d**2)
    return float(1 - lens / (np.pi * a**2))


__all__ = [
    "Column",
    "CurrentProfileResult",
    "DiffusionResult",
    "OhmicResult",
    "BrakingResult",
    "spitzer_coefficient",
    "spitzer_resistivity",
    "coulomb_log",
    "edge_q",
    "critical_current",
    "steady_profile",
    "profile_from_J",
    "q_closed_form",
    "diffuse_current",
    "penetration_exact",
    "ohmic_equilibrium",
    "braking_time",
    "magnetic_braking",
    "stability_map",
    "kink_displacement",
    "helix",
    "moved_current_fraction",
    "dreicer_field",
    "spitzer_validity",
    "column_validity",
    "hall_parameter",
    "kink_validity",
    "q_limit_comparison",
    "external_kink_energy",
    "predicted_q_limit",
    "external_kink_comparison",
    "Q_LIMIT_MEASURED",
    "Q0_MEASURED_MIN",
    "axis_q_validity",
    "SMY_DRIVER_FILL_MMHG",
    "SMY_DRIVER_MACH",
    "JET_1983_OHMIC",
    "uniform_loop_voltage",
    "jet_1983_comparison",
    "toroidal_resistance_factor",
    "jet_1983_validity",
    "jet_1983_resistance_drop",
]
