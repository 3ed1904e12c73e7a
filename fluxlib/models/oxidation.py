r"""Section 2.7: oxide growth fed by a flux (the Deal–Grove model of silicon oxidation).

Oxidant dissolves in the oxide's outer surface at concentration :math:`C^*`, diffuses
through the oxide of thickness x with diffusivity :math:`D` and reacts at the silicon
interface at rate :math:`k C_i` (first order). In the quasi-steady state the flux is the
same through the oxide and into the reaction:

.. math::

    F = \frac{D\,(C^* - C_i)}{x} = k\,C_i \;\Rightarrow\; F = \frac{k C^*}{1 + k x/D},
    \qquad N_1 \frac{dx}{dt} = F ,

with :math:`N_1` oxidant molecules incorporated per unit volume of oxide. Integrating gives
:math:`x^2 + A x = B(t + \tau)`, :math:`A = 2D/k`, :math:`B = 2DC^*/N_1`, and τ shifts the
clock to account for an initial oxide. Thin oxides grow linearly, :math:`x \approx (B/A)t`
(the surface reaction limits), thick ones parabolically, :math:`x \approx \sqrt{Bt}`
(diffusion through the oxide limits); the two asymptotes cross at
:math:`t + \tau = A^2/B`, where x = A on the asymptotes.

Units throughout: thickness in µm, time in hours, A in µm, B in µm² h⁻¹, B/A in µm h⁻¹.
Rate constants from Deal and Grove (1965), Table I, for (111) silicon: :data:`DRY_1000`,
:data:`DRY_1100` (dry O₂, 760 torr), :data:`WET_1000`, :data:`WET_1100` (H₂O, 640 torr).

:func:`growth_fv` rebuilds the growth curve from the book's finite-volume core: at each
instant :func:`fluxlib.fv.solve_steady` carries the oxidant across the current oxide (fixed
C* outside, a Robin condition for the reaction at the interface) and the oxide thickens by
the computed flux.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fluxlib.errors import FluxInputError, check_nonnegative, check_positive
from fluxlib.fv import Fixed, Grid, Robin, solve_steady


@dataclass(frozen=True)
class DealGrove:
    """Deal–Grove constants: ``A`` (µm), ``B`` (µm² h⁻¹), ``tau`` (h), and a label."""

    A: float
    B: float
    tau: float = 0.0
    label: str = ""

    def __post_init__(self):
        check_positive("Deal–Grove A (µm)", self.A)
        check_positive("parabolic rate constant B (µm²/h)", self.B)
        check_nonnegative("time shift τ (h)", self.tau, what="τ accounts for an oxide already present")

    @classmethod
    def from_rates(cls, linear: float, parabolic: float, tau: float = 0.0, label: str = "") -> DealGrove:
        """From the linear rate constant B/A (µm h⁻¹) and the parabolic one B (µm² h⁻¹)."""
        lin = float(check_positive("linear rate constant B/A (µm/h)", linear))
        par = float(check_positive("parabolic rate constant B (µm²/h)", parabolic))
        return cls(A=par / lin, B=par, tau=tau, label=label)

    @property
    def linear_rate(self) -> float:
        """B/A, µm h⁻¹: the growth rate of a thin oxide, set by the surface reaction."""
        return self.B / self.A

    @property
    def crossover_time(self) -> float:
        """A²/B (h): the value of t + τ where the linear and parabolic asymptotes meet."""
        return self.A**2 / self.B

    @property
    def initial_thickness(self) -> float:
        """Oxide thickness at t = 0 (µm) implied by τ: the root of x² + Ax = Bτ."""
        return float(self.thickness(0.0))

    def thickness(self, t) -> np.ndarray:
        """x(t) = (A/2)[√(1 + (t + τ)/(A²/4B)) - 1], µm, for t (h) ≥ 0."""
        t = check_nonnegative("oxidation time t (h)", t)
        s = (t + self.tau) * 4.0 * self.B / self.A**2
        # (A/2)(√(1+s) - 1) written without cancellation for thin oxides
        return 0.5 * self.A * s / (np.sqrt(1.0 + s) + 1.0)

    def linear_limit(self, t) -> np.ndarray:
        """Thin-oxide asymptote (B/A)(t + τ), µm."""
        return self.linear_rate * (check_nonnegative("oxidation time t (h)", t) + self.tau)

    def parabolic_limit(self, t) -> np.ndarray:
        """Thick-oxide asymptote √(B(t + τ)), µm."""
        return np.sqrt(self.B * (check_nonnegative("oxidation time t (h)", t) + self.tau))

    def time_to(self, x: float) -> float:
        """Time (h) to grow to thickness x (µm): t = (x² + Ax)/B - τ (0 if already thicker)."""
        x = float(check_positive("target oxide thickness x (µm)", x))
        return max((x**2 + self.A * x) / self.B - self.tau, 0.0)


#: Deal & Grove (1965), Table I: dry O₂ at 1000 °C and 1100 °C, steam (640 torr) at 1000 °C and 1100 °C.
DRY_1000 = DealGrove(A=0.165, B=0.0117, tau=0.37, label="dry O₂, 1000 °C")
DRY_1100 = DealGrove(A=0.090, B=0.027, tau=0.076, label="dry O₂, 1100 °C")
WET_1000 = DealGrove(A=0.226, B=0.287, tau=0.0, label="steam, 1000 °C")
WET_1100 = DealGrove(A=0.11, B=0.51, tau=0.0, label="steam, 1100 °C")


def linear_mass_gain(rate: float, t) -> np.ndarray:
    """Surface-limited growth: a constant flux gives Δm = k_l t.

    ``rate`` k_l in mass per area per time (e.g. mg cm⁻² h⁻¹), ``t`` in the same time unit;
    returns Δm in mass per area.
    """
    k = float(check_nonnegative("linear rate constant k_l", rate))
    return k * check_nonnegative("time t", t)


@dataclass(frozen=True)
class GrowthFV:
    """Growth rebuilt from finite-volume fluxes: ``t`` (h), ``x`` (µm), ``x_exact`` (µm),
    ``rate`` (µm h⁻¹, the oxidant flux through the oxide, per N₁), ``rate_exact`` (B/(A + 2x))."""

    t: np.ndarray
    x: np.ndarray
    x_exact: np.ndarray
    rate: np.ndarray
    rate_exact: np.ndarray


def oxidant_flux_fv(dg: DealGrove, x: float, *, n: int = 8, c_star: float = 1.0) -> float:
    """Quasi-steady oxidant flux through an oxide of thickness x (µm), from the FV core.

    Concentrations are measured in units of N₁ (so the flux is the growth rate in µm h⁻¹
    when ``c_star`` = C*/N₁ is chosen to match B): D = B/(2C*), k = 2D/A. Outer face
    ``Fixed(C*)``; interface ``Robin(k, 0)``, an outflow k C_i into the reaction.
    """
    xx = float(check_positive("oxide thickness x (µm)", x))
    D = dg.B / (2.0 * c_star)
    k = 2.0 * D / dg.A
    res = solve_steady(Grid.uniform(0.0, xx, n), D, left=Fixed(c_star), right=Robin(k, 0.0))
    return float(res.flux[-1])


def growth_fv(dg: DealGrove, t_end: float, *, t_start: float = 1e-3, points: int = 41) -> GrowthFV:
    """Integrate N₁ dx/dt = F(x) with F from :func:`oxidant_flux_fv` (scipy's solve_ivp).

    Starts at ``t_start`` (h) from the Deal–Grove thickness there (a grid needs x > 0) and
    reports ``points`` times, geometrically spaced up to ``t_end`` (h).
    """
    from scipy.integrate import solve_ivp

    T = float(check_positive("final time t_end (h)", t_end))
    t0 = float(check_positive("start time t_start (h)", t_start))
    if not T > t0:
        raise FluxInputError(f"final time t_end = {T:g} h must come after t_start = {t0:g} h")
    t_out = np.geomspace(t0, T, points)
    x0 = float(dg.thickness(t0))
    sol = solve_ivp(
        lambda _t, y: [oxidant_flux_fv(dg, y[0])], (t0, T), [x0], t_eval=t_out, rtol=1e-10, atol=1e-12
    )
    x = sol.y[0]
    rate = np.array([oxidant_flux_fv(dg, xi) for xi in x])
    return GrowthFV(t=t_out, x=x, x_exact=dg.thickness(t_out), rate=rate, rate_exact=dg.B / (dg.A + 2 * x))
