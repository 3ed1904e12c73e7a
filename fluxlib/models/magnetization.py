"""Section 1.6: bound and transport currents in a magnetised slab.

A slab of thickness 2a (m) lies along x, with |y| < a; it is ``depth`` (m) deep along z and
magnetised along z, M = M_z(x, y) ẑ (A/m). Its bound current density is J_b = ∇×M =
(∂M_z/∂y, -∂M_z/∂x) (A/m², positive toward +x and +y).

Discretisation (a staggered grid, so the books balance exactly like the finite-volume core's):

* M_z lives on the nodes (x_i, y_j) of a uniform grid that extends beyond the slab, where M_z = 0.
* J_x = (M[i, j+1] - M[i, j]) / Δy lives on the vertical edge between nodes (i, j) and (i, j+1);
  J_y = -(M[i+1, j] - M[i, j]) / Δx on the horizontal edge between (i, j) and (i+1, j).

The bound current through the cut x = x_i from the bottom of the grid to its top (A) is

    I_b = depth · Σ_j J_x[i, j] Δy = depth · (M[i, top] - M[i, 0]) = 0,

a telescoping sum, so it vanishes to round-off on any grid, for any magnetisation map. The
discrete divergence of J_b on each dual cell is zero for the same reason (a discrete curl). A
uniform transport current I_t (A) carried by the slab adds J_t = I_t / (2a · depth) to J_x
inside it; that is all an ammeter in series with the slab records.

The model keeps no account of Joule heat. A real magnet conducts poorly, and a transport current
of the page's size (a kiloampere through a square centimetre) would heat a sintered magnet quickly
and cost it magnetisation; the example is a thought experiment, or a brief pulse. The bookkeeping
(the bound current through a cut is zero) does not depend on the size of the current.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.errors import FluxInputError, check_finite, check_positive
from fluxlib.tables import Comparison, Measurement
from fluxlib.validity import ValidityNote, limit, notes

#: Saturation magnetisation of iron–cobalt alloys (μ₀M_s ≈ 2.4 T), the largest of any bulk
#: material at room temperature, A/m; pure iron saturates at 1.71e6 A/m (2.15 T).
LARGEST_SATURATION = 1.9e6


@dataclass(frozen=True)
class Slab:
    """A magnetised slab. Units: m for lengths, A/m for magnetisation.

    ``half_thickness`` a, ``length`` of the window along x, ``depth`` along z, ``M0`` the peak
    magnetisation, ``taper`` the width over which M falls to zero at each face (0 < taper ≤ a),
    ``ripple`` the relative variation of M along x (0 ≤ ripple < 1, a nonuniform magnetisation map).
    """

    half_thickness: float = 5e-3
    length: float = 0.03
    depth: float = 0.01
    M0: float = 1e5
    taper: float = 2.5e-3
    ripple: float = 0.4

    def __post_init__(self) -> None:
        check_positive("slab half-thickness a (m)", self.half_thickness)
        check_positive("window length along x (m)", self.length)
        check_positive("slab depth along z (m)", self.depth)
        check_finite("magnetisation M0 (A/m)", self.M0)
        check_positive("taper width (m)", self.taper)
        if self.taper > self.half_thickness:
            raise FluxInputError(
                f"taper width {self.taper:g} m exceeds the slab half-thickness {self.half_thickness:g} m: "
                "the magnetisation would have to fall to zero outside the material"
            )
        if not (0.0 <= self.ripple < 1.0):
            raise FluxInputError(
                f"ripple {self.ripple:g} must lie in [0, 1): a magnetisation map with ripple ≥ 1 would "
                "reverse direction, which this slab model does not describe"
            )

    def magnetisation(self, x: ArrayLike, y: ArrayLike) -> np.ndarray:
        """M_z(x, y) in A/m (zero outside |y| < a)."""
        a, d = self.half_thickness, self.taper
        ay = np.abs(np.asarray(y, dtype=float))
        edge = np.clip((ay - (a - d)) / d, 0.0, 1.0)
        profile = np.where(ay < a, np.cos(0.5 * np.pi * edge) ** 2, 0.0)
        along = 1.0 + self.ripple * np.cos(2 * np.pi * np.asarray(x, dtype=float) / self.length)
        return self.M0 * profile * along


@dataclass(frozen=True)
class CurrentMapResult:
    """Bound and transport currents of a slab on a staggered grid.

    ``x`` (nx), ``y`` (ny): node coordinates, m. ``M``: (nx, ny) magnetisation on the nodes, A/m.
    ``Jx_bound``: (nx, ny-1) on vertical edges (at x_i, y_{j+1/2}), A/m², + toward +x.
    ``Jy_bound``: (nx-1, ny) on horizontal edges (at x_{i+1/2}, y_j), A/m², + toward +y.
    ``Jx_transport``: (nx, ny-1), A/m². ``y_mid``: (ny-1) edge midpoints. ``depth``: m.
    ``I_transport``: the applied transport current, A. ``validity``: broken assumptions.
    """

    x: np.ndarray
    y: np.ndarray
    y_mid: np.ndarray
    M: np.ndarray
    Jx_bound: np.ndarray
    Jy_bound: np.ndarray
    Jx_transport: np.ndarray
    depth: float
    I_transport: float
    validity: tuple[ValidityNote, ...] = ()

    @property
    def dx(self) -> float:
        """Grid spacing along x, m."""
        return float(self.x[1] - self.x[0])

    @property
    def dy(self) -> float:
        """Grid spacing along y, m."""
        return float(self.y[1] - self.y[0])

    @property
    def Jx(self) -> np.ndarray:
        """Total J_x = bound + transport, A/m²."""
        return self.Jx_bound + self.Jx_transport

    def cut_current(
        self, i: int, *, part: str = "total", y_min: float | None = None, y_max: float | None = None
    ) -> float:
        """Current through the cut x = x_i, toward +x, in A (optionally only y_min < y < y_max).

        ``part`` is ``"bound"``, ``"transport"`` or ``"total"``.
        """
        fields = {"bound": self.Jx_bound, "transport": self.Jx_transport, "total": self.Jx}
        if part not in fields:
            raise FluxInputError(f"part must be 'bound', 'transport' or 'total', got {part!r}")
        if not (-len(self.x) <= i < len(self.x)):
            raise FluxInputError(f"cut index {i} is outside the grid's {len(self.x)} columns")
        sel = np.ones_like(self.y_mid, dtype=bool)
        if y_min is not None:
            sel &= self.y_mid > y_min
        if y_max is not None:
            sel &= self.y_mid < y_max
        return float(self.depth * np.sum(fields[part][i, sel]) * self.dy)

    def cut_currents(self, *, part: str = "bound") -> np.ndarray:
        """The current through every cut x = x_i (A), one per grid column."""
        return np.array([self.cut_current(i, part=part) for i in range(len(self.x))])

    def divergence(self) -> np.ndarray:
        """Discrete ∇·J_b on the dual cells (A/m³): zero to round-off."""
        return np.diff(self.Jx_bound, axis=0) / self.dx + np.diff(self.Jy_bound, axis=1) / self.dy


def bound_current(M: ArrayLike, dx: float, dy: float) -> tuple[np.ndarray, np.ndarray]:
    """Staggered curl of a node field M_z (nx, ny): returns (J_x, J_y) as described in the module docs."""
    M = check_finite("magnetisation map M (A/m)", M)
    if M.ndim != 2 or min(M.shape) < 2:
        raise FluxInputError(
            f"magnetisation map must be a 2-D array of at least 2×2 nodes, got shape {M.shape}"
        )
    check_positive("grid spacing Δx (m)", dx)
    check_positive("grid spacing Δy (m)", dy)
    Jx = np.diff(M, axis=1) / dy
    Jy = -np.diff(M, axis=0) / dx
    return Jx, Jy


def current_map(slab: Slab, *, I_transport: float = 0.0, nx: int = 31, ny: int = 61) -> CurrentMapResult:
    """Bound current of ``slab`` plus a uniform transport current ``I_transport`` (A, toward +x).

    The grid spans the window [0, length] × [-1.5a, 1.5a] so that M is zero on its top and bottom rows.
    """
    check_finite("transport current I_t (A)", I_transport)
    if nx < 2 or ny < 5:
        raise FluxInputError(f"the grid needs at least 2 × 5 nodes, got {nx} × {ny}")
    a = slab.half_thickness
    x = np.linspace(0.0, slab.length, nx)
    y = np.linspace(-1.5 * a, 1.5 * a, ny)
    X, Y = np.meshgrid(x, y, indexing="ij")
    M = slab.magnetisation(X, Y)
    M[:, 0] = 0.0
    M[:, -1] = 0.0
    Jx, Jy = bound_current(M, x[1] - x[0], y[1] - y[0])
    y_mid = 0.5 * (y[1:] + y[:-1])
    inside = np.abs(y_mid) < a
    thickness = np.count_nonzero(inside) * (y[1] - y[0])  # the conducting cross-section as the grid sees it
    Jt = np.zeros_like(Jx)
    Jt[:, inside] = float(I_transport) / (thickness * slab.depth)
    peak = abs(slab.M0) * (1.0 + slab.ripple)
    validity = notes(
        limit(
            "peak magnetisation |M| (A/m)",
            peak,
            above=LARGEST_SATURATION,
            why="no material magnetises beyond the saturation of iron–cobalt alloys "
            "(μ₀M_s ≈ 2.4 T) at room temperature, so no real slab carries this map",
        )
    )
    return CurrentMapResult(x, y, y_mid, M, Jx, Jy, Jt, slab.depth, float(I_transport), validity)


#: The round number the page quotes for a strong permanent magnet, A/m.
STRONG_MAGNET_M = 1e6

#: Nd₂Fe₁₄B, the phase of the strongest permanent magnets: μ₀M_s = 1.60 T at room temperature,
#: the value commonly attributed to Herbst's review (herbst1991). It was not read in the review
#: itself (only its title page and contents were); other sources seen quote 1.6 to 1.62 T, and
#: the page's claim (the round 10⁶ A/m within a quarter of it, below it) holds at either end.
ND_FE_B_SATURATION = Measurement(
    "saturation magnetisation of Nd2Fe14B, 295 K",
    1.60 / (4e-7 * 3.141592653589793),
    "A/m",
    source="herbst1991",
    note="single-phase Nd2Fe14B, μ0 M_s = 1.60 T as commonly attributed to this review (not "
    "read in the review itself; other sources give up to 1.62 T); a finished sintered magnet "
    "keeps somewhat less than this as its remanence",
)


def strong_magnet_comparison() -> Comparison:
    """The page's round 10⁶ A/m for a strong magnet beside Nd₂Fe₁₄B's measured saturation."""
    return Comparison(
        [ND_FE_B_SATURATION],
        [STRONG_MAGNET_M],
        caption="A strong permanent magnet: the page's round number beside the measured one.",
    )
