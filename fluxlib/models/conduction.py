"""Section 2.3: Fick and Ohm. Steady flux through a channel, a composite wall and a coated electrode.

In a steady state with no sources the conservation law dJ/dx = 0 makes the flux density J the
same at every x. With J = -D dc/dx (Fick) or q = -k dT/dx (Fourier) and values fixed at the two
ends, the profile in each uniform layer is a straight line and

    J = (c₁ - c₂) / Σᵢ (Lᵢ/Dᵢ),        q = (T₁ - T₂) / Σᵢ (Lᵢ/kᵢ),

the "driving difference over a sum of series resistances" of Ohm's law. A pore of radius R
and length L carries the rate N = π R² D (c₁ - c₂)/L (mol s⁻¹). Every number here comes from
fluxlib's finite-volume core (:func:`fluxlib.fv.solve_steady`): a layered medium is a cell
array of D (or k) values, which the core joins at faces by series (harmonic-mean) resistances,
so the computed flux is exact for any number of cells per layer.

A real pore is not a straight tube of bulk solution. A solute sphere of radius a in a pore
of radius R (λ = a/R) is excluded from a rim of width a (partition Φ = (1 - λ)²) and drags
on the walls (Renkin's centre-line factor); together the diffusive hindrance is

    H(λ) = (1 - λ)² (1 - 2.104 λ + 2.09 λ³ - 0.95 λ⁵)          (Renkin 1954),

and the flux must also converge from each reservoir onto the mouth, an access resistance
1/(4 D R) per end (a disk sink in a half-space). The rate of a real pore is then

    N = (c₁ - c₂) / [L/(π R² D H) + 1/(2 D R)].

Renkin's factor is a continuum, centre-line estimate; it is reliable for λ below about 0.4
and becomes rough when the pore is only a few water molecules wide (R ≲ 1 nm), where
specific binding and single-file effects take over. :attr:`PoreResult.validity` says so.

Sign convention: fluxes are positive toward increasing x (from side 1 at x = 0 to side 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.errors import FluxInputError, check_finite, check_nonnegative, check_positive
from fluxlib.fv import Fixed, Grid, solve_steady
from fluxlib.tables import Table
from fluxlib.validity import ValidityNote, limit, notes

FARADAY = 96485.33212  # C mol⁻¹

#: glucose in water at 25 °C: diffusion coefficient (m² s⁻¹) and hydrodynamic (Stokes)
#: radius (m); the radius is k_BT/(6πηD) with η = 0.89 mPa s
GLUCOSE_D = 6.7e-10
GLUCOSE_RADIUS = 0.36e-9


# --------------------------------------------------------------------------- the pore
def renkin_factor(lam: ArrayLike) -> np.ndarray:
    """Renkin's hindrance H(λ) = (1 - λ)²(1 - 2.104λ + 2.09λ³ - 0.95λ⁵) for λ = a/R in [0, 1).

    The first factor is the steric partition (the centre of a sphere of radius a keeps a
    distance a from the wall), the second the extra wall drag on a sphere on the pore axis.
    H = 1 for a point solute; H = 0 for a solute as wide as the pore.
    """
    lam = check_nonnegative("solute-to-pore radius ratio λ", lam)
    if np.any(lam >= 1.0):
        raise FluxInputError(
            f"solute-to-pore radius ratio λ must be below 1, got {float(np.max(lam)):g}: "
            "a solute as wide as the pore cannot enter it"
        )
    return (1 - lam) ** 2 * (1 - 2.104 * lam + 2.09 * lam**3 - 0.95 * lam**5)


def access_resistance(radius: float, D: float) -> float:
    """Diffusive access resistance of one pore mouth, 1/(4 D R) (s m⁻³ per mol s⁻¹ of rate).

    The steady flux from a half-space onto a disk sink of radius R is 4 D R Δc.
    """
    check_positive("pore radius R (m)", radius)
    check_positive("diffusion coefficient D (m²/s)", D)
    return 1.0 / (4.0 * D * radius)


@dataclass(frozen=True)
class PoreResult:
    """Steady diffusion along a straight pore.

    ``x`` cell centres (m), ``c`` concentrations (mol m⁻³), ``faces`` (m), ``J`` face flux
    densities (mol m⁻² s⁻¹, + from side 1 toward side 2), ``rate`` molar rate through the pore
    (mol s⁻¹) from the solver, ``rate_exact`` = π R² D (c₁ - c₂)/L (mol s⁻¹): both for an
    ideal pore of bulk solution with no access resistance. ``hindrance`` is Renkin's H(a/R)
    (1 for a point solute), ``rate_hindered`` (mol s⁻¹) the rate with hindrance and the
    access resistance of both mouths, (c₁ - c₂)/[L/(πR²DH) + 1/(2DR)].
    """

    x: np.ndarray
    c: np.ndarray
    faces: np.ndarray
    J: np.ndarray
    rate: float
    rate_exact: float
    radius: float
    length: float
    solute_radius: float = 0.0
    hindrance: float = 1.0
    rate_hindered: float = float("nan")
    validity: tuple[ValidityNote, ...] = ()

    @property
    def overestimate(self) -> float:
        """How many times the ideal Fick rate exceeds the hindered rate with access resistance."""
        return self.rate_exact / self.rate_hindered


def pore_flow(
    *,
    radius: float,
    length: float,
    D: float,
    c1: float,
    c2: float,
    n: int = 20,
    solute_radius: float = 0.0,
) -> PoreResult:
    """Steady diffusion through a cylindrical pore between two well-stirred reservoirs.

    ``radius``, ``length`` in m; ``D`` (bulk) in m² s⁻¹; ``c1`` (x = 0) and ``c2`` (x = L) in
    mol m⁻³; ``solute_radius`` a (m), the solute's hydrodynamic radius (0: a point solute).
    The profile and ``rate`` come from the finite-volume core for the ideal pore;
    ``rate_hindered`` adds Renkin's hindrance and the two access resistances.
    """
    check_positive("pore radius R (m)", radius)
    check_positive("pore length L (m)", length)
    check_positive("diffusion coefficient D (m²/s)", D)
    for name, v in (("reservoir concentration c1 (mol/m³)", c1), ("reservoir concentration c2 (mol/m³)", c2)):
        check_finite(name, v)
        if v < 0:
            raise FluxInputError(f"{name} must not be negative, got {v:g}: a concentration counts molecules")
    check_nonnegative("solute radius a (m)", solute_radius)
    lam = solute_radius / radius
    H = float(renkin_factor(lam))
    res = solve_steady(Grid.uniform(0.0, length, n), D, left=Fixed(c1), right=Fixed(c2))
    area = np.pi * radius**2
    R_total = series(length / (area * D * H), 2 * access_resistance(radius, D))
    validity = notes(
        limit(
            "solute-to-pore radius ratio λ",
            lam,
            above=0.4,
            why="Renkin's centre-line hindrance is reliable only for λ up to about 0.4",
        ),
        limit(
            "pore radius R (nm)",
            radius * 1e9,
            below=1.0,
            why=(
                "a pore a few water molecules wide is no longer a continuum; binding and "
                "single-file motion decide the rate"
            ),
        ),
    )
    return PoreResult(
        x=res.grid.centers,
        c=res.c,
        faces=res.grid.faces,
        J=res.flux,
        rate=float(area * res.flux[0]),
        rate_exact=float(area * D * (c1 - c2) / length),
        radius=float(radius),
        length=float(length),
        solute_radius=float(solute_radius),
        hindrance=H,
        rate_hindered=float((c1 - c2) / R_total),
        validity=validity,
    )


# --------------------------------------------------------------------------- composite wall
@dataclass(frozen=True)
class Layer:
    """One layer of a wall: ``thickness`` in m, ``conductivity`` in W m⁻¹ K⁻¹, and a name."""

    thickness: float
    conductivity: float
    name: str = ""

    def __post_init__(self) -> None:
        what = f" of layer {self.name!r}" if self.name else ""
        check_positive(f"thickness{what} (m)", self.thickness)
        check_positive(
            f"conductivity{what} (W/(m K))",
            self.conductivity,
            what="a layer that conducts no heat would be a perfect insulator",
        )

    @property
    def resistance(self) -> float:
        """Thermal resistance per unit area L/k, m² K W⁻¹."""
        return self.thickness / self.conductivity


#: a brick house wall, inside → outside: plasterboard, mineral-wool insulation, brick
HOUSE_WALL = (
    Layer(0.0125, 0.21, "plasterboard"),
    Layer(0.08, 0.038, "mineral wool"),
    Layer(0.10, 0.72, "brick"),
)


@dataclass(frozen=True)
class WallResult:
    """Steady conduction through a layered wall.

    ``x`` cell centres (m, 0 at the first layer's outer face), ``T`` cell temperatures (°C),
    ``q`` face heat flux densities (W m⁻², + from side 1 toward side 2), ``interfaces``
    positions of the layer boundaries including both surfaces (m), ``T_interfaces`` the
    computed temperatures there (°C), ``q_exact`` = ΔT/Σ(Lᵢ/kᵢ) and ``T_interfaces_exact``.
    """

    x: np.ndarray
    T: np.ndarray
    faces: np.ndarray
    q: np.ndarray
    interfaces: np.ndarray
    T_interfaces: np.ndarray
    q_exact: float
    T_interfaces_exact: np.ndarray
    layers: tuple[Layer, ...]

    @property
    def resistance(self) -> float:
        """Total resistance per unit area Σ Lᵢ/kᵢ, m² K W⁻¹."""
        return float(sum(layer.resistance for layer in self.layers))


def _check_layers(layers: Sequence[Layer]) -> tuple[Layer, ...]:
    layers = tuple(layers)
    if not layers:
        raise FluxInputError("a wall needs at least one layer")
    for i, layer in enumerate(layers):
        if not isinstance(layer, Layer):
            raise FluxInputError(f"layer {i} must be a Layer(thickness, conductivity), got {layer!r}")
    return layers


def layered_grid(layers: Sequence[Layer], *, cells_per_layer: int = 10) -> tuple[Grid, np.ndarray]:
    """A grid whose faces include every layer boundary, and the cell array of conductivities."""
    layers = _check_layers(layers)
    if (
        isinstance(cells_per_layer, bool)
        or not isinstance(cells_per_layer, (int, np.integer))
        or cells_per_layer < 1
    ):
        raise FluxInputError(f"cells_per_layer must be a positive integer, got {cells_per_layer!r}")
    edges = np.concatenate([[0.0], np.cumsum([layer.thickness for layer in layers])])
    faces = np.concatenate(
        [np.linspace(edges[i], edges[i + 1], cells_per_layer + 1)[:-1] for i in range(len(layers))]
        + [edges[-1:]]
    )
    k = np.repeat([layer.conductivity for layer in layers], cells_per_layer)
    return Grid.from_faces(faces), k


def composite_wall(layers: Sequence[Layer], *, T1: float, T2: float, cells_per_layer: int = 10) -> WallResult:
    """Steady heat flow through ``layers`` with surface temperatures ``T1`` (x = 0) and ``T2`` (°C or K)."""
    layers = _check_layers(layers)
    check_finite("surface temperature T1", T1)
    check_finite("surface temperature T2", T2)
    grid, k = layered_grid(layers, cells_per_layer=cells_per_layer)
    res = solve_steady(grid, k, left=Fixed(float(T1)), right=Fixed(float(T2)))
    q = res.flux
    m = cells_per_layer
    # temperature at each layer boundary from the adjacent cell and the half-cell resistance
    T_int = [float(T1)]
    for j in range(1, len(layers)):
        i = j * m - 1  # last cell of layer j-1
        T_int.append(float(res.c[i] - q[i + 1] * (grid.faces[i + 1] - grid.centers[i]) / k[i]))
    T_int.append(float(T2))
    R = np.array([layer.resistance for layer in layers])
    q_exact = (T1 - T2) / R.sum()
    T_exact = T1 - q_exact * np.concatenate([[0.0], np.cumsum(R)])
    return WallResult(
        x=grid.centers,
        T=res.c,
        faces=grid.faces,
        q=q,
        interfaces=np.concatenate([[0.0], np.cumsum([layer.thickness for layer in layers])]),
        T_interfaces=np.array(T_int),
        q_exact=float(q_exact),
        T_interfaces_exact=T_exact,
        layers=layers,
    )


# --------------------------------------------------------------------------- coated electrode
@dataclass(frozen=True)
class CoatedElectrodeResult:
    """Limiting current at an electrode covered by a film, through an unstirred diffusion layer.

    ``x`` (m, 0 at the electrode surface), ``c`` (mol m⁻³), ``J`` face flux densities
    (mol m⁻² s⁻¹, + away from the electrode, so the supply to the electrode is negative),
    ``current_density`` n F |J| (A m⁻²) from the solver, ``current_density_exact``
    = n F c_bulk / (δ_f/D_f + δ/D) (A m⁻²), ``current_density_bare`` without the film.
    """

    x: np.ndarray
    c: np.ndarray
    faces: np.ndarray
    J: np.ndarray
    current_density: float
    current_density_exact: float
    current_density_bare: float


def coated_electrode(
    *,
    c_bulk: float = 1.0,
    film_thickness: float = 20e-6,
    D_film: float = 2e-10,
    layer_thickness: float = 50e-6,
    D_solution: float = 7e-10,
    n_electrons: int = 1,
    cells_per_layer: int = 10,
) -> CoatedElectrodeResult:
    """Mass-transport-limited current (the species is consumed at once: c = 0 at the electrode).

    ``c_bulk`` mol m⁻³ (1 mol m⁻³ = 1 mM); thicknesses in m; diffusion coefficients in m² s⁻¹.
    The film (a hydrogel, say) and the diffusion layer are two resistances δ/D in series.
    """
    check_positive("bulk concentration c_bulk (mol/m³)", c_bulk)
    check_positive("number of electrons n", n_electrons)
    check_positive("film thickness δ_f (m)", film_thickness)
    check_positive(
        "film diffusion coefficient D_f (m²/s)",
        D_film,
        what="a film no molecule can cross blocks the electrode",
    )
    check_positive("diffusion-layer thickness δ (m)", layer_thickness)
    check_positive("solution diffusion coefficient D (m²/s)", D_solution)
    film = Layer(film_thickness, D_film, "film")
    sol = Layer(layer_thickness, D_solution, "diffusion layer")
    grid, D = layered_grid((film, sol), cells_per_layer=cells_per_layer)
    res = solve_steady(grid, D, left=Fixed(0.0), right=Fixed(float(c_bulk)))
    nF = n_electrons * FARADAY
    return CoatedElectrodeResult(
        x=grid.centers,
        c=res.c,
        faces=grid.faces,
        J=res.flux,
        current_density=float(nF * abs(res.flux[0])),
        current_density_exact=float(nF * c_bulk / (film.resistance + sol.resistance)),
        current_density_bare=float(nF * c_bulk / sol.resistance),
    )


def series(*resistances: float) -> float:
    """Resistances in series add: R = Σ Rᵢ (any consistent units)."""
    r = check_positive("resistance", np.asarray(resistances, dtype=float))
    return float(r.sum())


def parallel(*resistances: float) -> float:
    """Resistances in parallel add as conductances: 1/R = Σ 1/Rᵢ."""
    r = check_positive("resistance", np.asarray(resistances, dtype=float))
    return float(1.0 / np.sum(1.0 / r))


# --------------------------------------------------------------------------- page tables
AVOGADRO = 6.02214076e23  # mol⁻¹


def pore_table(res: PoreResult) -> Table:
    """The ideal pore against the same pore with hindrance and access resistance."""
    lam = res.solute_radius / res.radius
    return Table(
        ["pore model", "rate (mol/s)", "molecules/s"],
        [
            ["finite volumes, ideal pore", res.rate, res.rate * AVOGADRO],
            ["πR²D(c₁ - c₂)/L, ideal pore", res.rate_exact, res.rate_exact * AVOGADRO],
            [
                f"with Renkin H({lam:.2f}) = {res.hindrance:.3f} and access",
                res.rate_hindered,
                res.rate_hindered * AVOGADRO,
            ],
        ],
    )


def wall_table(res: WallResult) -> Table:
    """Heat flux and interface temperatures: solver beside the series formula."""
    rows: list[list[object]] = [["heat flux q (W/m²)", float(res.q[0]), res.q_exact]]
    for layer, T_num, T_ex in zip(
        res.layers[:-1], res.T_interfaces[1:-1], res.T_interfaces_exact[1:-1], strict=True
    ):
        rows.append([f"T after the {layer.name} (°C)", float(T_num), float(T_ex)])
    return Table(["quantity", "finite volumes", "series formula"], rows, digits=5)


def electrode_table(res: CoatedElectrodeResult) -> Table:
    """Limiting current densities with and without the film."""
    return Table(
        ["electrode", "current density (A/m²)"],
        [
            ["coated, finite volumes", res.current_density],
            ["coated, nFc/(δ_f/D_f + δ/D)", res.current_density_exact],
            ["bare, nFcD/δ", res.current_density_bare],
            ["coated / bare", res.current_density / res.current_density_bare],
        ],
        digits=4,
    )
