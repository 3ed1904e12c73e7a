"""Section 1.1: a heated rod, the model system for the accountant's rule.

A rod of length ``L`` (m), conductivity ``k`` (W m⁻¹ K⁻¹) and volumetric heat capacity
``rho_c`` (J m⁻³ K⁻¹) conducts heat along x. Energy per unit volume is e = ρc T and Fourier's
law gives the heat flux density q = -k ∂T/∂x (W m⁻², positive toward +x), so
∂T/∂t = α ∂²T/∂x² with α = k/(ρc). The rod is solved on fluxlib's finite-volume core
(:func:`fluxlib.fv.solve_transient`) with the temperature as the conserved density divided by
ρc; heat quantities are the solver's quantities times ρc.

All heat budgets are per unit cross-sectional area (J m⁻²): heat in at the left end plus heat
in at the right end equals the change in the rod's heat content, to round-off.

The rod is lagged: no heat crosses its sides. A bare rod in room air loses heat through its
sides all along its length, so over most of it the steady profile sags below the straight line
(near an end colder than the room it can rise above), and more heat enters at the hot end than
leaves at the cold one. The model has no term for that loss, so no
validity note can flag it: the caller must know the rod is insulated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.errors import check_finite, check_positive
from fluxlib.fv import Fixed, Grid, solve_transient
from fluxlib.tables import Comparison, Measurement
from fluxlib.validity import ValidityNote, limit, notes

#: Largest temperature span (K) over which the model's constant k and ρc are let pass for a
#: metal: the ice-water-to-boiling-water span of section 1.1's own runs. Constant properties
#: are rough even here. For plain carbon steels and iron k falls and the specific heat c rises as the metal
#: warms, so the diffusivity α = k/(ρc), which sets every timescale, falls faster than k does
#: (an earlier "several per cent per 100 K" understated it). The limit is strict ("above"), so
#: a span of exactly 100 K passes.
CONSTANT_PROPERTY_SPAN = 100.0


@dataclass(frozen=True)
class Rod:
    """Material and size of a rod. Units: m, W m⁻¹ K⁻¹, J m⁻³ K⁻¹."""

    length: float = 0.3
    conductivity: float = 50.0
    rho_c: float = 3.5e6

    def __post_init__(self) -> None:
        check_positive("rod length L (m)", self.length)
        check_positive("conductivity k (W/(m K))", self.conductivity)
        check_positive("volumetric heat capacity ρc (J/(m³ K))", self.rho_c)

    @property
    def diffusivity(self) -> float:
        """Thermal diffusivity α = k/(ρc), m² s⁻¹."""
        return self.conductivity / self.rho_c

    def grid(self, *, n: int = 60) -> Grid:
        """A uniform grid of ``n`` cells along the rod, from x = 0 to x = L."""
        return Grid.uniform(0.0, self.length, n)


@dataclass(frozen=True)
class RodResult:
    """Temperatures and heat fluxes of a rod over time.

    ``T``: (len(t), n) cell temperatures, °C or K as given; ``q``: (len(t), n+1) face heat flux
    densities, W m⁻², positive toward +x; ``content``: heat content per unit area relative to
    0 °C, J m⁻²; ``heat_in_left``/``heat_in_right``: cumulative heat that entered through each
    end since t[0], J m⁻²; ``imbalance``: content change minus heat in, J m⁻² (round-off);
    ``validity``: the model's assumptions this run breaks (empty when all hold).
    """

    t: np.ndarray
    x: np.ndarray
    faces: np.ndarray
    T: np.ndarray
    q: np.ndarray
    content: np.ndarray
    heat_in_left: np.ndarray
    heat_in_right: np.ndarray
    imbalance: np.ndarray
    rod: Rod
    validity: tuple[ValidityNote, ...] = ()

    def budget_sentence(self, *, k: int = -1) -> str:
        """The heat budget since t[0] at output index ``k``, in one sentence (MJ/m² and J/m²)."""
        dE = self.content[k] - self.content[0]
        return (
            f"Since t = 0: {self.heat_in_left[k] / 1e6:+.2f} MJ/m² entered at the left end and "
            f"{self.heat_in_right[k] / 1e6:+.2f} MJ/m² at the right; the rod's heat content changed by "
            f"{dE / 1e6:+.2f} MJ/m². The books balance to {abs(self.imbalance[k]):.0e} J/m²."
        )


def heat_rod(
    rod: Rod,
    *,
    T_left: float,
    T_right: float,
    T0: float | ArrayLike = 20.0,
    times: ArrayLike,
    n: int = 60,
    method: str = "crank-nicolson",
) -> RodResult:
    """A rod initially at ``T0`` whose ends are held at ``T_left`` and ``T_right``.

    ``T0`` is a number or ``n`` cell values; ``times`` are the output times in seconds
    (increasing, starting at the initial time); ``n`` counts cells.
    """
    check_finite("left end temperature T_left", T_left)
    check_finite("right end temperature T_right", T_right)
    grid = rod.grid(n=n)
    c0 = np.broadcast_to(check_finite("initial temperature T0", T0), (n,)).astype(float)
    sol = solve_transient(
        grid,
        rod.diffusivity,
        c0,
        times,
        left=Fixed(float(T_left)),
        right=Fixed(float(T_right)),
        method=method,
    )
    b = sol.budget
    rc = rod.rho_c
    content = rc * np.asarray(b.content)
    in_left = rc * np.asarray(b.cumulative_left)
    in_right = rc * np.asarray(b.cumulative_right)
    imbalance = (content - content[0]) - (in_left + in_right)
    return RodResult(
        t=np.asarray(sol.t),
        x=grid.centers,
        faces=grid.faces,
        T=sol.c,
        q=rc * sol.flux,
        content=content,
        heat_in_left=in_left,
        heat_in_right=in_right,
        imbalance=imbalance,
        rod=rod,
        validity=rod_validity(T_left, T_right, T0=c0),
    )


def rod_validity(T_left: float, T_right: float, *, T0: float | ArrayLike = 20.0) -> tuple[ValidityNote, ...]:
    """Where the constant-property rod stops describing a metal rod (temperatures in °C or K)."""
    temps = np.r_[float(T_left), float(T_right), np.ravel(np.asarray(T0, dtype=float))]
    span = float(temps.max() - temps.min())
    return notes(
        limit(
            "temperature span across the rod (K)",
            span,
            above=CONSTANT_PROPERTY_SPAN,
            why="k and ρc are held constant, but a metal's conductivity drifts with temperature, "
            "and for plain carbon steels and iron k falls while the specific heat c rises, so α = k/(ρc), "
            "which sets every timescale, falls faster than k alone; use k(T) and c(T) over such "
            "a span",
        )
    )


def sine_mode(
    rod: Rod, times: ArrayLike, *, n: int = 60, amplitude: float = 1.0, method: str = "crank-nicolson"
) -> tuple[np.ndarray, np.ndarray]:
    """Numerical and exact decay of the slowest mode T = A exp(-απ²t/L²) sin(πx/L), ends at 0.

    Returns ``(numerical_amplitude, exact_amplitude)`` over ``times``; the numerical amplitude
    is the projection of the computed profile on the sine (cell-averaged).
    """
    grid = rod.grid(n=n)
    L = rod.length
    faces = grid.faces
    # cell averages of the sine, so the initial condition is exact in the finite-volume sense
    avg = (
        amplitude
        * (np.cos(np.pi * faces[:-1] / L) - np.cos(np.pi * faces[1:] / L))
        * L
        / (np.pi * grid.widths)
    )
    sol = solve_transient(grid, rod.diffusivity, avg, times, left=Fixed(0.0), right=Fixed(0.0), method=method)
    shape = avg / amplitude
    numerical = sol.c @ shape / (shape @ shape)
    exact = amplitude * np.exp(-rod.diffusivity * np.pi**2 * np.asarray(times) / L**2)
    return numerical, exact


#: The copper rod of the section's exercise: k = 400 W m⁻¹ K⁻¹, ρc = 8933 kg m⁻³ × 385 J kg⁻¹ K⁻¹.
COPPER = Rod(length=0.3, conductivity=400.0, rho_c=8933.0 * 385.0)

#: Copper's measured thermal conductivity near room temperature.
COPPER_CONDUCTIVITY = Measurement(
    "thermal conductivity of pure copper, 300 K",
    398.0,
    "W/(m K)",
    source="ho1972",
    note="recommended value for high-purity annealed copper; tables drawn from this review "
    "quote 398 to 401 W/(m K) between 273 K and 300 K",
)


def copper_comparison() -> Comparison:
    """The conductivity the page uses for copper beside the measured one."""
    return Comparison(
        [COPPER_CONDUCTIVITY],
        [COPPER.conductivity],
        caption="Copper's conductivity: the value used on this page beside the measured one.",
    )
