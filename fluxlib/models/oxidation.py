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
:data:`DRY_1100` (dry O₂, 760 torr), :data:`WET_1000`, :data:`WET_1100` (H₂O, 640 torr);
the whole table is :data:`DEAL_GROVE_TABLE`.

Where it holds (the ``validity`` of :meth:`DealGrove.growth`):

* Dry oxidation starts with a fast regime that the model does not describe: Deal and Grove's
  dry data extrapolate to an initial oxide of about 20–25 nm at t = 0, which τ absorbs
  (:func:`initial_oxide_table` computes it from their τ: 19 to 26 nm). Thin dry oxides grow
  faster than the formula says (measured by Massoud, Plummer and Irene 1985), so it is not a
  model of thin gate oxides. The edge used here, 25 nm (:data:`THIN_DRY_OXIDE`), is that
  extrapolated initial oxide, an estimate from Deal and Grove's τ, not a number taken from
  Massoud et al.
* The constants belong to one temperature, oxidant pressure and crystal face; planar,
  undoped-to-moderately-doped silicon; no stress in the oxide (curved surfaces oxidise more
  slowly).

Checked against the world (:func:`activation_energy_comparison`): B = 2DC*/N₁ says that B
is activated like the permeation of the oxidant through silica (D times its solubility).
The activation energies of B from our least-squares fit to Deal and Grove's table are set
beside those measured for O₂ permeation through vitreous silica (Norton 1961) and for water
diffusion in silica glass (Moulson and Roberts 1961: D alone, not D times solubility, so the
wet row compares B with diffusion only). Our dry fit over all five rows, 1.29 eV, is pulled
up by the 800 °C row (from 920 °C it gives 1.21 eV); Deal and Grove's own stated value is
1.24 eV, 28.5 kcal/mol (:data:`DEAL_GROVE_DRY_B_KCAL`, :func:`dry_activation_energy_table`).
Both measured values (1.17 and 0.79 eV) are second-hand: they are the values
as quoted by Deal and Grove (1965), not read from the original papers. Norton's conditions
(950–1080 °C, a 0.27 mm bulb, 300–800 mm Hg) are as his letter describes them.

:func:`growth_fv` rebuilds the growth curve from the book's finite-volume core: at each
instant :func:`fluxlib.fv.solve_steady` carries the oxidant across the current oxide (fixed
C* outside, a Robin condition for the reaction at the interface) and the oxide thickens by
the computed flux. Being steady at each instant, it checks the algebra and the integration in
time, not the quasi-steady assumption. That assumption rests on another argument: crossing an
oxide of thickness x by diffusion takes about x²/D, and growing it takes x/(dx/dt); with
N₁ dx/dt = D(C* − Cᵢ)/x their ratio is (C* − Cᵢ)/N₁ ≤ C*/N₁, the number of dissolved oxidant
molecules per volume over the number built into the oxide, which is small because a gas
dissolves in silica far more sparsely than the solid oxide packs oxygen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.errors import FluxInputError, check_nonnegative, check_positive
from fluxlib.fv import Fixed, Grid, Robin, solve_steady
from fluxlib.tables import Comparison, Measurement, Table
from fluxlib.validity import ValidityNote, limit, notes

#: Below this thickness (µm) dry oxidation is faster than Deal–Grove (the thin-oxide regime).
THIN_DRY_OXIDE = 0.025

BOLTZMANN_EV = 8.617333262e-5  # eV K⁻¹
#: Thermochemical kilocalorie per mole, in eV per molecule.
KCAL_PER_MOL_EV = 4184.0 / 96485.33212


@dataclass(frozen=True)
class DealGrove:
    """Deal–Grove constants: ``A`` (µm), ``B`` (µm² h⁻¹), ``tau`` (h), and a label."""

    A: float
    B: float
    tau: float = 0.0
    label: str = ""
    oxidant: str = ""  # "O2" (dry) or "H2O" (steam); "" when unknown

    def __post_init__(self) -> None:
        check_positive("Deal–Grove A (µm)", self.A)
        check_positive("parabolic rate constant B (µm²/h)", self.B)
        check_nonnegative("time shift τ (h)", self.tau, what="τ accounts for an oxide already present")

    @classmethod
    def from_rates(
        cls,
        linear: float,
        parabolic: float,
        *,
        tau: float = 0.0,
        label: str = "",
        oxidant: str = "",
        initial_oxide: float | None = None,
    ) -> DealGrove:
        """From the linear rate constant B/A (µm h⁻¹) and the parabolic one B (µm² h⁻¹).

        ``initial_oxide`` (µm), if given, sets τ instead of ``tau``: Deal and Grove's definition
        τ = (xᵢ² + A xᵢ)/B, the time the formula would take to grow the initial oxide xᵢ (for
        dry O₂ the fast early growth that the formula does not describe).
        """
        lin = float(check_positive("linear rate constant B/A (µm/h)", linear))
        par = float(check_positive("parabolic rate constant B (µm²/h)", parabolic))
        A = par / lin
        if initial_oxide is not None:
            xi = float(check_nonnegative("initial oxide thickness xᵢ (µm)", initial_oxide))
            tau = (xi**2 + A * xi) / par
        return cls(A=A, B=par, tau=tau, label=label, oxidant=oxidant)

    @classmethod
    def from_table(cls, oxidant: str, temperature: float) -> DealGrove:
        """Deal–Grove constants from :data:`DEAL_GROVE_TABLE` (``oxidant`` "O2" or "H2O", °C)."""
        if oxidant not in DEAL_GROVE_TABLE:
            raise FluxInputError(f"oxidant must be 'O2' (dry) or 'H2O' (steam), got {oxidant!r}")
        rows = DEAL_GROVE_TABLE[oxidant]
        T = float(temperature)
        if T not in rows:
            raise FluxInputError(
                f"Deal and Grove tabulate {oxidant} oxidation at {sorted(rows)} °C, not at {T:g} °C"
            )
        A, B, tau = rows[T]
        name = "dry O₂" if oxidant == "O2" else "steam"
        return cls(A=A, B=B, tau=tau, label=f"{name}, {T:.0f} °C", oxidant=oxidant)

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

    def thickness(self, t: ArrayLike) -> np.ndarray:
        """x(t) = (A/2)[√(1 + (t + τ)/(A²/4B)) - 1], µm, for t (h) ≥ 0."""
        t = check_nonnegative("oxidation time t (h)", t)
        s = (t + self.tau) * 4.0 * self.B / self.A**2
        # (A/2)(√(1+s) - 1) written without cancellation for thin oxides
        return 0.5 * self.A * s / (np.sqrt(1.0 + s) + 1.0)

    def linear_limit(self, t: ArrayLike) -> np.ndarray:
        """Thin-oxide asymptote (B/A)(t + τ), µm."""
        return self.linear_rate * (check_nonnegative("oxidation time t (h)", t) + self.tau)

    def parabolic_limit(self, t: ArrayLike) -> np.ndarray:
        """Thick-oxide asymptote √(B(t + τ)), µm."""
        return np.sqrt(self.B * (check_nonnegative("oxidation time t (h)", t) + self.tau))

    def growth(self, times: ArrayLike) -> GrowthResult:
        """Thickness x (µm) at the output ``times`` (h), with the notes on where the model holds."""
        x = np.asarray(self.thickness(times), dtype=float)
        thin = None
        if self.oxidant == "O2":
            thin = limit(
                "dry oxide thickness x (µm)",
                float(np.min(x)),
                below=THIN_DRY_OXIDE,
                why=(
                    "thin dry oxides grow faster than Deal–Grove predicts (an initial fast regime "
                    "the model absorbs into τ); the formula underestimates them"
                ),
            )
        return GrowthResult(t=np.asarray(times, dtype=float), x=x, validity=notes(thin))

    def time_to(self, x: float) -> float:
        """Time (h) to grow to thickness x (µm): t = (x² + Ax)/B - τ (0 if already thicker)."""
        x = float(check_positive("target oxide thickness x (µm)", x))
        return max((x**2 + self.A * x) / self.B - self.tau, 0.0)


@dataclass(frozen=True)
class GrowthResult:
    """``t`` (h), ``x`` (µm) and ``validity`` (notes where the model stops holding)."""

    t: np.ndarray
    x: np.ndarray
    validity: tuple[ValidityNote, ...]


#: Deal & Grove (1965), Table I, (111) silicon: temperature (°C) -> (A µm, B µm²/h, τ h).
#: Dry O₂ at 760 torr; steam at 640 torr of H₂O. (Their 700 °C dry row gives only B/A.)
DEAL_GROVE_TABLE: dict[str, dict[float, tuple[float, float, float]]] = {
    "O2": {
        1200.0: (0.040, 0.045, 0.027),
        1100.0: (0.090, 0.027, 0.076),
        1000.0: (0.165, 0.0117, 0.37),
        920.0: (0.235, 0.0049, 1.40),
        800.0: (0.370, 0.0011, 9.0),
    },
    "H2O": {
        1200.0: (0.05, 0.720, 0.0),
        1100.0: (0.11, 0.510, 0.0),
        1000.0: (0.226, 0.287, 0.0),
        920.0: (0.50, 0.203, 0.0),
    },
}


DRY_1000 = DealGrove.from_table("O2", 1000.0)
DRY_1100 = DealGrove.from_table("O2", 1100.0)
WET_1000 = DealGrove.from_table("H2O", 1000.0)
WET_1100 = DealGrove.from_table("H2O", 1100.0)


def activation_energy(oxidant: str, *, constant: str = "B", from_temperature: float | None = None) -> float:
    """Activation energy (eV) of Deal and Grove's B (or B/A, ``constant="B/A"``): our regression.

    Least-squares slope of ln(constant) against 1/(k T) over the rows of
    :data:`DEAL_GROVE_TABLE` for that oxidant (T in kelvin), from ``from_temperature`` (°C)
    up if given. It is our fit to their table, not a value they state: for dry B over all
    five rows it gives 1.29 eV, from 920 °C up 1.21 eV; they state 28.5 kcal/mol,
    1.24 eV (:data:`DEAL_GROVE_DRY_B_KCAL`).
    """
    if constant not in ("B", "B/A"):
        raise FluxInputError(f"constant must be 'B' or 'B/A', got {constant!r}")
    rows = DEAL_GROVE_TABLE.get(oxidant)
    if rows is None:
        raise FluxInputError(f"oxidant must be 'O2' (dry) or 'H2O' (steam), got {oxidant!r}")
    temps = [k for k in sorted(rows) if from_temperature is None or k >= from_temperature]
    if len(temps) < 2:
        raise FluxInputError(
            f"a fit from {from_temperature!r} °C leaves {len(temps)} row(s) of Deal and Grove's table; "
            "an activation energy needs at least two temperatures"
        )
    T = np.array(temps) + 273.15
    vals = np.array([rows[k][1] / (rows[k][0] if constant == "B/A" else 1.0) for k in temps])
    slope = np.polyfit(1.0 / (BOLTZMANN_EV * T), np.log(vals), 1)[0]
    return float(-slope)


#: Deal and Grove's own stated activation energy of the parabolic constant B for dry O₂,
#: 28.5 kcal/mol (Deal and Grove 1965), from their Arrhenius plot rather than our regression.
DEAL_GROVE_DRY_B_KCAL = 28.5


def deal_grove_dry_activation_energy() -> float:
    """Deal and Grove's stated activation energy of dry B, in eV (28.5 kcal/mol = 1.236 eV)."""
    return DEAL_GROVE_DRY_B_KCAL * KCAL_PER_MOL_EV


#: Activation energies of oxidant transport through bulk silica, measured without any silicon.
#: The values are second-hand, as quoted by Deal and Grove (1965); ``source`` names the paper
#: that measured them.
SILICA_TRANSPORT = (
    Measurement(
        "E_a, O₂ through silica",
        1.17,
        "eV",
        source="s2_7_Norton1961",
        note=(
            "permeation of O₂ (300-800 mm Hg) through a 0.27 mm vitreous-silica bulb, "
            "950-1080 °C (D times solubility); value as quoted by Deal and Grove (1965), second-hand"
        ),
    ),
    Measurement(
        "E_a, H₂O through silica",
        0.79,
        "eV",
        source="s2_7_MoulsonRoberts1961",
        note=(
            "diffusion of water in silica glass (D alone, not D times solubility); "
            "value as quoted by Deal and Grove (1965), second-hand"
        ),
    ),
)


def activation_energy_comparison() -> Comparison:
    """B = 2DC*/N₁: B's activation energy (our fit to Deal–Grove's table) beside silica's transport.

    Predictions: :func:`activation_energy` of B for dry O₂ and for steam, our least-squares
    regression over all rows; measurements: :data:`SILICA_TRANSPORT` (the same oxidants
    through bulk silica, no silicon present). The dry row compares with permeation (D times
    solubility), the wet row with diffusion alone. :func:`dry_activation_energy_table` sets
    Deal and Grove's own dry value beside our fit.
    """
    return Comparison(
        SILICA_TRANSPORT,
        [activation_energy("O2"), activation_energy("H2O")],
        caption="Activation energy of B (our fit to Deal–Grove's table) vs oxidant transport in bulk silica",
    )


def dry_activation_energy_table() -> Table:
    """Dry B's activation energy three ways, each beside Norton's O₂ permeation (1.17 eV).

    Our regression over all five rows (800–1200 °C), our regression from 920 °C, and Deal and
    Grove's own stated 28.5 kcal/mol; the last column is the difference from Norton in %.
    """
    norton = SILICA_TRANSPORT[0].value
    rows_dry = sorted(DEAL_GROVE_TABLE["O2"])
    cases = [
        (f"our fit, {rows_dry[0]:.0f}–{rows_dry[-1]:.0f} °C", activation_energy("O2")),
        (f"our fit, 920–{rows_dry[-1]:.0f} °C", activation_energy("O2", from_temperature=920.0)),
        (
            f"Deal and Grove's stated value ({DEAL_GROVE_DRY_B_KCAL:g} kcal/mol)",
            deal_grove_dry_activation_energy(),
        ),
    ]
    return Table(
        ["E_a of dry B", "eV", "above Norton's O₂ permeation (%)"],
        [[label, e, 100.0 * (e / norton - 1.0)] for label, e in cases],
    )


def linear_mass_gain(rate: float, t: ArrayLike) -> np.ndarray:
    """Surface-limited growth: a constant flux gives Δm = k_l t.

    ``rate`` k_l in mass per area per time (e.g. mg cm⁻² h⁻¹), ``t`` in the same time unit;
    returns Δm in mass per area.
    """
    k = float(check_nonnegative("linear rate constant k_l", rate))
    return k * check_nonnegative("time t", t)


@dataclass(frozen=True)
class GrowthFVResult:
    """Growth rebuilt from finite-volume fluxes.

    ``t`` (h), ``x`` (µm), ``x_exact`` (µm), ``rate`` (µm h⁻¹, the oxidant flux through the
    oxide, per N₁; positive: the oxide thickens), ``rate_exact`` (B/(A + 2x)).
    """

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


def growth_fv(dg: DealGrove, times: ArrayLike) -> GrowthFVResult:
    """Integrate N₁ dx/dt = F(x) with F from :func:`oxidant_flux_fv` (scipy's solve_ivp).

    ``times`` (h) are the output times, increasing; the integration starts at the first of
    them, which must be after t = 0 (a grid needs x > 0), from the Deal–Grove thickness there.
    """
    from scipy.integrate import solve_ivp

    t_out = np.asarray(times, dtype=float)
    if t_out.ndim != 1 or t_out.size < 2:
        raise FluxInputError(f"times (h) must list at least two output times, got {times!r}")
    check_positive(
        "first output time times[0] (h)", float(t_out[0]), what="a grid needs an oxide already there"
    )
    if not np.all(np.diff(t_out) > 0):
        raise FluxInputError(f"output times (h) must increase (growth runs forward in time), got {t_out}")
    t0, T = float(t_out[0]), float(t_out[-1])
    x0 = float(dg.thickness(t0))
    sol = solve_ivp(
        lambda _t, y: [oxidant_flux_fv(dg, y[0])], (t0, T), [x0], t_eval=t_out, rtol=1e-10, atol=1e-12
    )
    x = sol.y[0]
    rate = np.array([oxidant_flux_fv(dg, xi) for xi in x])
    return GrowthFVResult(
        t=t_out, x=x, x_exact=dg.thickness(t_out), rate=rate, rate_exact=dg.B / (dg.A + 2 * x)
    )


# --- tables and sentences for the page (numbers computed here, never typed in a notebook) ------
def rate_table(models: Sequence[DealGrove]) -> Table:
    """A :class:`~fluxlib.tables.Table` of Deal–Grove constants and what they imply."""
    rows = [
        [dg.label, dg.linear_rate, dg.B, dg.crossover_time, 1000 * float(dg.thickness(1.0)), dg.time_to(1.0)]
        for dg in models
    ]
    return Table(["oxidant, T", "B/A (µm/h)", "B (µm²/h)", "A²/B (h)", "x at 1 h (nm)", "to 1 µm (h)"], rows)


def initial_oxide_table() -> Table:
    """The initial oxide x_i (nm) that Deal and Grove's τ encodes for each dry row."""
    rows = []
    for T in sorted(DEAL_GROVE_TABLE["O2"]):
        dg = DealGrove.from_table("O2", T)
        rows.append([T, dg.tau, 1000 * dg.initial_thickness])
    return Table(["T (°C)", "τ (h)", "implied initial oxide x_i (nm)"], rows)


def growth_fv_table(fv: GrowthFVResult, indices: Sequence[int]) -> Table:
    """Finite-volume thickness and rate beside Deal–Grove at the given output indices."""
    rows = [[fv.t[k], fv.x[k], fv.x_exact[k], fv.rate[k], fv.rate_exact[k]] for k in indices]
    return Table(
        ["t (h)", "x, FV (µm)", "x, exact (µm)", "dx/dt, FV (µm/h)", "B/(A+2x) (µm/h)"],
        rows,
        digits=6,
    )


def figure_alt(dg: DealGrove) -> str:
    """Alt text for :func:`fluxlib.plotting.oxidation.plot_growth`, computed from the constants."""
    return (
        f"Log-log plot of oxide thickness against time for {dg.label}: the Deal–Grove curve runs "
        f"along the linear asymptote before about {dg.crossover_time:.2g} hours and along the "
        "parabolic one after, and the points integrated from finite-volume fluxes lie on it."
    )
