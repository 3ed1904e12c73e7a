r"""Cell-centred finite volumes for one-dimensional conservation laws.

This module docstring is the derivation; the code follows it line by line.

The conservation law
--------------------
A conserved quantity with density :math:`c(x, t)` (concentration, temperature times
heat capacity, ...) obeys, on any interval :math:`[x_1, x_2]`,

.. math::

    \frac{d}{dt}\int_{x_1}^{x_2} c\,A\,dx = A(x_1) J(x_1) - A(x_2) J(x_2) + \int_{x_1}^{x_2} s\,A\,dx,
    \qquad J = -D\,\frac{\partial c}{\partial x} + v\,c,

where :math:`J` is the flux density (positive toward increasing :math:`x`), :math:`s`
the volumetric source, :math:`v` a drift velocity and :math:`A(x)` the area factor of
the geometry: :math:`A = 1` (cartesian slab), :math:`A = r` (cylinder, per radian and per
unit length) or :math:`A = r^2` (sphere, per steradian). All "amounts" below are per unit
area of that reference geometry.

The staggered grid
------------------
The interval :math:`[a, b]` is cut into ``n`` cells by faces
:math:`a = x_{1/2} < x_{3/2} < \dots < x_{n+1/2} = b` (``grid.faces``, ``n + 1`` values).
Cell :math:`i` (``i = 0 .. n-1`` in code) has centre :math:`x_i` = midpoint of its faces
(``grid.centers``), width :math:`h_i` (``grid.widths``) and volume
:math:`V_i = \int A\,dx` over the cell (``grid.volumes``: :math:`h_i`,
:math:`(r_{i+1/2}^2 - r_{i-1/2}^2)/2`, :math:`(r_{i+1/2}^3 - r_{i-1/2}^3)/3`).
The unknowns :math:`c_i` live at the centres, the fluxes at the faces.

Integrating the law exactly over cell :math:`i` gives, with :math:`F = A J` the *rate*
through a face,

.. math::

    V_i \frac{dc_i}{dt} = F_{i-1/2} - F_{i+1/2} + s_i V_i .

This is still exact if :math:`c_i` is the cell average; the only approximation is the
formula for :math:`F` in terms of the :math:`c_i` (and the midpoint value of :math:`s`).

The discrete flux
-----------------
*Diffusion.* With constant :math:`D` and no drift the steady rate between two radii is
exactly :math:`F = D\,(c_L - c_R)/R(x_L, x_R)` with the geometric resistance

.. math::

    R(x_1, x_2) = x_2 - x_1 \;\text{(cartesian)},\quad
    \ln(x_2/x_1) \;\text{(cylindrical)},\quad
    1/x_1 - 1/x_2 \;\text{(spherical)} .

Between cell centres the half-cell resistances add in series, each divided by its own
cell's :math:`D`:

.. math::

    F_{i+1/2} = G_{i+1/2}\,(c_i - c_{i+1}), \qquad
    \frac{1}{G_{i+1/2}} = \frac{R(x_i, x_{i+1/2})}{D_i} + \frac{R(x_{i+1/2}, x_{i+1})}{D_{i+1}} .

In cartesian coordinates this is the distance-weighted harmonic mean of the cell values
of :math:`D` (layered media); in radial geometry it makes :math:`c = A\ln r + B` and
:math:`c = A/r + B` exact at the nodes and the series resistance of a composite wall
exact. If ``D`` is given at the faces, :math:`G = D_{i+1/2}/R(x_i, x_{i+1})`.

*Nonlinear* :math:`D(c)`. The face value is the integral mean
:math:`\bar D = \frac{1}{c_R - c_L}\int_{c_L}^{c_R} D(c)\,dc`, computed by 3-point
Gauss–Legendre quadrature (exact for polynomial :math:`D` up to degree 5). Then
:math:`\bar D (c_L - c_R) = \Phi(c_L) - \Phi(c_R)` with the Kirchhoff potential
:math:`\Phi' = D`, so the scheme is the linear scheme applied to :math:`\Phi`: if the exact
:math:`\Phi` is linear in :math:`x` the discrete solution is exact at the nodes.

*Drift (Scharfetter–Gummel).* With a drift velocity :math:`v_{i+1/2}` at the face,

.. math::

    J_{i+1/2} = g\,[\,B(-z)\,c_i - B(z)\,c_{i+1}\,], \qquad B(z) = \frac{z}{e^z - 1},
    \qquad z = v_{i+1/2}\,\Big(\frac{x_{i+1/2} - x_i}{D_i} + \frac{x_{i+1} - x_{i+1/2}}{D_{i+1}}\Big),

with :math:`g = G/A_{i+1/2}` the diffusive conductance per unit face area. It reduces
to the diffusive flux when :math:`v = 0` (:math:`B(0) = 1`), tends to upwinding for
:math:`|z| \gg 1`, has positive coefficients (the matrix is an M-matrix, so positive
data give positive solutions) and is zero exactly when :math:`c_{i+1}/c_i = e^z`: the
Boltzmann profile :math:`c \propto \exp(\int v/D\,dx)` is reproduced at the nodes to
round-off. :math:`B` is evaluated by its series near 0 and by ``z/expm1(z)`` elsewhere
(which gives 0 and :math:`-z` without overflow for large :math:`|z|`).

Boundaries
----------
At each end the code needs the *inward* rate (into the domain) as an affine function of
the adjacent cell value, :math:`F_\text{in} = \alpha - \beta c_\text{cell}`:

* ``Flux(j)``: **j is the inward flux density** (amount entering the domain per unit face
  area per unit time): :math:`\alpha = A j`, :math:`\beta = 0`. Positive ``j`` *adds*
  material at either end. ``Flux(0)`` (insulated / symmetry) is the default.
* ``Fixed(value)``: the value at the boundary face. The flux through the half cell
  between the face and the adjacent centre uses the half-cell distance (resistance)
  and the Scharfetter–Gummel formula above.
* ``Robin(h, c_ext)``: exchange, inward flux density :math:`h\,(c_\text{ext} - c_b)`, with
  the unknown face value :math:`c_b` eliminated exactly by putting the exchange
  resistance in series with the half cell. With :math:`D(c)` the face value is found
  from the scalar balance :math:`h(c_\text{ext} - c_b)` = half-cell flux with
  :math:`\bar D` over :math:`[c_\text{cell}, c_b]` (monotone; bracketing + Brent), which
  keeps the Kirchhoff exactness.

A radial grid may include :math:`r = 0` only with ``Flux(0)`` there (the face has zero
area; anything else is singular and raises :class:`~fluxlib.errors.FluxInputError`).

Why the discrete budget is exact
--------------------------------
Each internal face flux is computed once and used with opposite signs by its two
neighbours. Summing the cell equations, internal fluxes cancel in pairs (the sum
telescopes), leaving

.. math::

    \frac{d}{dt}\sum_i V_i c_i = F_\text{in, left} + F_\text{in, right} + \sum_i s_i V_i

exactly, for any grid, geometry, :math:`D` or :math:`v`. In steady state the left-hand side
is zero. In time the θ-scheme

.. math::

    V_i\,\frac{c_i^{k+1} - c_i^k}{\Delta t} = \theta\,R_i(c^{k+1}) + (1-\theta)\,R_i(c^k),
    \qquad R_i = F_{i-1/2} - F_{i+1/2} + s_i V_i,

(θ = 1 backward Euler, θ = 1/2 Crank–Nicolson) inherits the identity step by step, so
the content change between outputs equals the θ-weighted time integral of the boundary
inflows plus the sources, to the round-off of the linear solves. :class:`Budget` reports
both sides.

Linear algebra
--------------
The system is tridiagonal. Linear steady problems are one call to
:func:`scipy.linalg.solve_banded`. Nonlinear problems use Newton's method on the
discrete residual with its tridiagonal Jacobian: analytic at internal faces when there
is no drift (:math:`\partial F/\partial c_{L,R}` from the quadrature of :math:`\bar D`, with
:math:`D'` by a forward difference), otherwise central differences in three colour groups
(cells ``i mod 3``, six residual evaluations); a backtracking line search on the 2-norm
of the residual globalises it. Newton stops when the full step is below
``tol * max|c|`` and raises :class:`~fluxlib.errors.FluxInputError` if that has not
happened after ``max_iter`` iterations. The initial guess is the linear solution with
:math:`D` frozen at the mean of the prescribed boundary levels. Transient linear problems
factor the tridiagonal matrix once per step size with LAPACK ``gttrf`` and
back-substitute each step; transient nonlinear problems run Newton at every step,
starting from the previous state.

Time steps: each interval between requested output times is cut into equal steps no
longer than ``dt``, so the steps land exactly on the requested times. The default
``dt = min(dx) * min((b - a) / max D, 1 / max|v|)`` balances the O(dt²) Crank–Nicolson
error against the O(dx²) space error for smooth data; for backward Euler (O(dt)) or for
rough initial data (where Crank–Nicolson rings) pass a smaller ``dt``.

Units: ``c`` in whatever units you pass; ``D`` in length²/time; flux densities in
c-units × length / time; rates per unit reference area (``Budget``) in c-units × length / time
(cartesian), c-units × length² / time (cylindrical, per radian per unit length),
c-units × length³ / time (spherical, per steradian).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from fluxlib.errors import (
    FluxInputError,
    check_finite,
    check_length,
    check_nonnegative,
    check_positive,
)

__all__ = [
    "Grid",
    "Fixed",
    "Flux",
    "Robin",
    "Budget",
    "SteadyResult",
    "TransientResult",
    "solve_steady",
    "solve_transient",
    "bernoulli",
]

GEOMETRIES = ("cartesian", "cylindrical", "spherical")
_AREA_POWER = {"cartesian": 0, "cylindrical": 1, "spherical": 2}
_CENTRE_WORD = {"cylindrical": "axis", "spherical": "centre"}


# --------------------------------------------------------------------------- grid
class Grid:
    """A one-dimensional cell-centred grid.

    Attributes (read-only numpy arrays):

    ``faces`` (n+1), ``centers`` (n, midpoints), ``widths`` (n), ``volumes`` (n, per unit
    reference area: cartesian ``dx``, cylindrical ``(r+^2 - r-^2)/2``, spherical
    ``(r+^3 - r-^3)/3``), ``areas`` (n+1, face area factor 1, r or r²), ``n``, ``geometry``.
    For radial geometries the coordinate is the radius r in [a, b], a >= 0.
    """

    def __init__(self, faces, geometry: str = "cartesian", *, _uniform_width: float | None = None):
        if not isinstance(geometry, str) or geometry not in GEOMETRIES:
            raise FluxInputError(
                f"geometry must be one of {', '.join(repr(g) for g in GEOMETRIES)}, got {geometry!r}"
            )
        faces = check_finite("faces", faces)
        if faces.ndim != 1 or faces.size < 2:
            got = faces.size - 1 if faces.ndim == 1 else f"faces of shape {faces.shape}"
            raise FluxInputError(f"n (the number of cells) must be at least 1, got {got}")
        widths = np.diff(faces)
        bad = np.flatnonzero(widths <= 0)
        if bad.size:
            i = int(bad[0])
            raise FluxInputError(
                f"faces must be strictly increasing (every cell width positive), got width {widths[i]:g} "
                f"for cell {i} (faces {faces[i]:g} -> {faces[i + 1]:g})"
            )
        if geometry != "cartesian" and faces[0] < 0:
            raise FluxInputError(
                f"a {geometry} grid needs radii r >= 0, got a first face at r = {faces[0]:g}"
            )
        self.geometry = geometry
        self.faces = faces
        self.n = int(faces.size - 1)
        if _uniform_width is not None:
            # exact widths: differences of linspace faces carry relative errors ~ eps x / dx,
            # which are systematic and visible at 1e5 cells
            widths = np.full(widths.shape, _uniform_width)
        self.widths = widths
        half = 0.5 * widths
        self.centers = faces[:-1] + half
        p = _AREA_POWER[geometry]
        self.areas = faces**p if p else np.ones_like(faces)
        if p == 0:
            self.volumes = widths.copy()
        else:
            self.volumes = np.diff(faces ** (p + 1)) / (p + 1)
        xc, xf = self.centers, faces
        # geometric resistances (unit D) centre -> right face and left face -> centre
        # (all built from the half widths, never from differences of positions)
        self._r_right = _resistance(geometry, xc, half)
        self._r_left = _resistance(geometry, xf[:-1], half)
        # cartesian-type distances for the drift exponent
        self._h_right = half
        self._h_left = half
        # centre-to-centre resistances and distances at internal faces
        self._r_int = self._r_right[:-1] + self._r_left[1:]
        self._h_int = half[:-1] + half[1:]
        with np.errstate(divide="ignore"):
            self._inv_areas = np.where(self.areas > 0, 1.0 / self.areas, 0.0)
        for arr in (
            self.faces,
            self.widths,
            self.centers,
            self.areas,
            self.volumes,
            self._r_right,
            self._r_left,
            self._h_right,
            self._h_left,
            self._r_int,
            self._h_int,
            self._inv_areas,
        ):
            arr.flags.writeable = False

    @classmethod
    def uniform(cls, a: float, b: float, n: int, geometry: str = "cartesian") -> Grid:
        """``n`` equal cells on [a, b]."""
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise FluxInputError(f"n (the number of cells) must be an integer, got {n!r}")
        if n < 1:
            raise FluxInputError(f"n (the number of cells) must be at least 1, got {n}")
        a = float(check_finite("a", a))
        b = float(check_finite("b", b))
        if not b > a:
            raise FluxInputError(f"the grid needs b > a, got a = {a:g}, b = {b:g}")
        faces = np.linspace(a, b, int(n) + 1)
        return cls(faces, geometry, _uniform_width=(b - a) / int(n))

    @classmethod
    def from_faces(cls, faces, geometry: str = "cartesian") -> Grid:
        """A (possibly non-uniform) grid from its ``n + 1`` increasing face positions."""
        return cls(np.array(faces, dtype=float, copy=True), geometry)

    @property
    def a(self) -> float:
        return float(self.faces[0])

    @property
    def b(self) -> float:
        return float(self.faces[-1])

    def __repr__(self) -> str:
        return f"Grid(n={self.n}, [{self.a:g}, {self.b:g}], geometry={self.geometry!r})"


def _resistance(geometry: str, x1, d):
    """Geometric resistance from position x1 to x1 + d (d > 0) for unit D (module docstring)."""
    x1 = np.asarray(x1, dtype=float)
    d = np.asarray(d, dtype=float)
    if geometry == "cartesian":
        return d.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        if geometry == "cylindrical":
            out = np.log1p(d / x1)
        else:
            out = d / (x1 * (x1 + d))
    return np.where(x1 == 0, np.inf, out)


# --------------------------------------------------------------------- boundaries
@dataclass(frozen=True)
class Fixed:
    """Dirichlet condition: the value of c at the boundary face."""

    value: float

    def __post_init__(self):
        object.__setattr__(self, "value", float(check_finite("Fixed value", self.value)))


@dataclass(frozen=True)
class Flux:
    """Prescribed **inward** flux density ``j``: the amount entering the domain through this
    boundary per unit face area per unit time. ``j > 0`` adds material at either end
    (at the right end this is a flux toward -x). ``Flux(0)`` is insulated / symmetry.
    """

    j: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "j", float(check_finite("Flux j (inward flux density)", self.j)))


@dataclass(frozen=True)
class Robin:
    """Exchange with an outside reservoir: inward flux density ``h * (c_ext - c_boundary)``.

    ``h >= 0`` is the transfer coefficient (length/time); ``h = 0`` is insulated.
    """

    h: float
    c_ext: float

    def __post_init__(self):
        h = float(check_nonnegative("Robin exchange coefficient h", self.h))
        object.__setattr__(self, "h", h)
        object.__setattr__(self, "c_ext", float(check_finite("Robin c_ext", self.c_ext)))


def _check_bc(side: str, bc):
    if bc is None:
        return Flux(0.0)
    if not isinstance(bc, (Fixed, Flux, Robin)):
        raise FluxInputError(
            f"the {side} boundary condition must be Fixed(value), Flux(j) or Robin(h, c_ext), got {bc!r}"
        )
    return bc


def _fixes_level(bc) -> bool:
    return isinstance(bc, Fixed) or (isinstance(bc, Robin) and bc.h > 0)


# ---------------------------------------------------------------------- numerics
def bernoulli(z):
    """B(z) = z / (e^z - 1), safe for all real z (series near 0, no overflow)."""
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    small = np.abs(z) < 1e-3
    zs = z[small]
    out[small] = 1.0 - zs / 2.0 + zs * zs / 12.0 - zs**4 / 720.0
    zl = z[~small]
    with np.errstate(over="ignore"):
        out[~small] = zl / np.expm1(zl)
    return out


_GL_S = np.array([0.5 - math.sqrt(15) / 10, 0.5, 0.5 + math.sqrt(15) / 10])
_GL_W = np.array([5.0, 8.0, 5.0]) / 18.0


@dataclass
class Budget:
    """Conservation bookkeeping, rates per unit area of the reference geometry.

    Sign convention: ``inflow_left`` and ``inflow_right`` are rates *into* the domain
    (flux density × face area factor; positive = entering). ``source`` is the total
    volumetric source rate, ``storage`` the rate of change of content (0 in steady state),
    ``imbalance = inflow_left + inflow_right + source - storage`` (round-off small).

    For transient results these are arrays over the output times (instantaneous rates
    of the semi-discrete system at each output), and in addition ``content`` (total
    amount Σ V c), the cumulative amounts since ``times[0]`` ``cumulative_left``,
    ``cumulative_right``, ``cumulative_source`` (θ-weighted exactly as in the time
    stepping), ``net_in`` (their sum) and ``cumulative_imbalance =
    content - content[0] - net_in`` (round-off small).
    """

    inflow_left: float | np.ndarray
    inflow_right: float | np.ndarray
    source: float | np.ndarray
    storage: float | np.ndarray
    imbalance: float | np.ndarray
    content: np.ndarray | None = None
    net_in: np.ndarray | None = None
    cumulative_left: np.ndarray | None = None
    cumulative_right: np.ndarray | None = None
    cumulative_source: np.ndarray | None = None
    cumulative_imbalance: np.ndarray | None = None
    times: np.ndarray | None = None

    def summary(self) -> str:
        if self.content is None:
            return (
                f"in at left {_fmt(self.inflow_left)}, in at right {_fmt(self.inflow_right)}, "
                f"sources {_fmt(self.source)}, change in content {_fmt(self.storage)}: "
                f"the books balance to {_fmt_err(self.imbalance)}"
            )
        times, content = np.asarray(self.times), np.asarray(self.content)
        cl, cr, cs = (
            np.asarray(a) for a in (self.cumulative_left, self.cumulative_right, self.cumulative_source)
        )
        t0, t1 = times[0], times[-1]
        err = float(np.max(np.abs(np.asarray(self.cumulative_imbalance))))
        return (
            f"from t = {t0:g} to {t1:g}: in at left {_fmt(cl[-1])}, "
            f"in at right {_fmt(cr[-1])}, sources {_fmt(cs[-1])}, "
            f"change in content {_fmt(content[-1] - content[0])}: "
            f"the books balance to {_fmt_err(err)}"
        )

    def __str__(self) -> str:
        return self.summary()


def _fmt(x) -> str:
    x = float(x)
    return "0" if x == 0 else f"{x:.6g}"


def _fmt_err(x) -> str:
    x = abs(float(x))
    return "0" if x == 0 else f"{x:.1e}"


@dataclass
class SteadyResult:
    """Steady solution.

    ``c``: cell values (n), in the units you passed. ``flux``: face flux densities (n+1),
    **positive toward increasing x or r**, in c-units × length / time (0 at a face r = 0).
    ``budget``: :class:`Budget` (rates into the domain; see its docstring).
    ``iterations``: linear solves performed (1 for a linear problem, Newton iterations
    for D(c)). ``residual``: largest absolute cell balance residual (rate units).
    """

    c: np.ndarray
    flux: np.ndarray
    budget: Budget
    iterations: int
    residual: float
    grid: Grid

    @property
    def x(self) -> np.ndarray:
        return self.grid.centers


@dataclass
class TransientResult:
    """Time-dependent solution.

    ``t``: the requested output times (``t[0]`` is the time of ``c0``). ``c``:
    (len(t), n) cell values. ``flux``: (len(t), n+1) face flux densities at the output
    times, **positive toward increasing x or r**. ``budget``: :class:`Budget` with arrays
    over ``t``. ``steps``: number of time steps taken; ``method``; ``theta``.
    """

    t: np.ndarray
    c: np.ndarray
    flux: np.ndarray
    budget: Budget
    grid: Grid
    method: str
    theta: float
    steps: int
    iterations: int = 0
    dts: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def x(self) -> np.ndarray:
        return self.grid.centers


# ------------------------------------------------------------------ the operator
class _Operator:
    """Face coefficients and cell residuals for one problem (see module docstring)."""

    def __init__(self, grid, D, left, right, source, velocity):
        if not isinstance(grid, Grid):
            raise FluxInputError(
                f"grid must be a fluxlib Grid (Grid.uniform or Grid.from_faces), got {grid!r}"
            )
        self.grid = g = grid
        n = g.n
        self.left = _check_bc("left", left)
        self.right = _check_bc("right", right)
        self._check_axis()
        # diffusivity
        self.D_callable = callable(D)
        if self.D_callable:
            self.D = D
        else:
            Darr = check_finite("D", D)
            if Darr.ndim == 0:
                self.D_kind = "scalar"
            elif Darr.ndim == 1 and Darr.shape[0] == n + 1:
                self.D_kind = "face"
            elif Darr.ndim == 1 and Darr.shape[0] == n:
                self.D_kind = "cell"
            else:
                raise FluxInputError(
                    f"D must have one value per face (n+1 = {n + 1}) or per cell (n = {n}), "
                    f"got array of shape {Darr.shape}"
                )
            self.D = check_positive("D", Darr, what="a diffusivity must be positive")
        # source (per unit volume, cell midpoint values)
        if source is None:
            self.s = None
            self.SV = np.zeros(n)
        else:
            if callable(source):
                s = np.broadcast_to(check_finite("source(x)", source(g.centers)), (n,))
            else:
                s = check_finite("source", source)
                if s.ndim != 0:
                    check_length("source", s, n, of="cell")
            self.s = np.broadcast_to(s, (n,)).astype(float)
            self.SV = self.s * g.volumes
        self.total_source = float(np.sum(self.SV))
        # velocity at faces
        if velocity is None:
            self.v = None
        else:
            if callable(velocity):
                v = np.broadcast_to(check_finite("velocity(x)", velocity(g.faces)), (n + 1,))
            else:
                v = check_finite("velocity", velocity)
                if v.ndim != 0:
                    check_length("velocity", v, n + 1, of="face")
            v = np.broadcast_to(v, (n + 1,)).astype(float)
            self.v = None if not np.any(v) else v
        self.A = g.areas
        if not self.D_callable:
            self._linear = self._coefficients_from_D(self.D, self.D_kind, None, None, None)

    def _check_axis(self):
        g = self.grid
        if g.geometry == "cartesian" or g.faces[0] > 0:
            return
        bc = self.left
        word = _CENTRE_WORD[g.geometry]
        tail = "use Flux(0) (symmetry) or start the grid at r > 0"
        if isinstance(bc, Fixed):
            raise FluxInputError(
                f"a fixed value at r = 0 on a {g.geometry} grid is singular: the face at the {word} "
                f"has zero area; {tail}"
            )
        if isinstance(bc, Robin) and bc.h > 0:
            raise FluxInputError(
                f"a Robin exchange condition at r = 0 on a {g.geometry} grid is singular: the face at the "
                f"{word} has zero area; {tail}"
            )
        if isinstance(bc, Flux) and bc.j != 0:
            raise FluxInputError(
                f"a nonzero flux Flux({bc.j:g}) at r = 0 on a {g.geometry} grid is singular: the face at "
                f"the {word} has zero area, so no finite flux density can carry a finite amount; {tail}"
            )

    # -- D evaluation for callables
    def _Dc(self, c):
        c = np.asarray(c, dtype=float)
        val = self.D(c)
        val = np.asarray(val, dtype=float)
        if val.shape != c.shape:
            try:
                val = np.broadcast_to(val, c.shape).astype(float)
            except ValueError:
                val = np.array([float(self.D(float(ci))) for ci in c.ravel()]).reshape(c.shape)
        bad = ~(np.isfinite(val) & (val > 0))
        if bad.any():
            k = int(np.flatnonzero(bad.ravel())[0])
            raise FluxInputError(
                f"D(c) must be positive and finite, got D = {val.ravel()[k]:g} at c = {c.ravel()[k]:g}"
            )
        return val

    def _Dbar(self, cl, cr, keep=False):
        """Integral mean of D over [cl, cr] (3-point Gauss-Legendre)."""
        d = cr - cl
        pts = cl[None, :] + _GL_S[:, None] * d[None, :]
        Dp = self._Dc(pts)
        if keep:  # reused by the Jacobian at the same state
            self._kept = (pts, Dp)
        return _GL_W @ Dp

    # -- coefficients: F_int = aL c_L - aR c_R ; inward rates = alpha - beta c_cell
    def _coefficients_from_D(self, D, kind, Dface_int, Dleft, Dright):
        g = self.grid
        rr, rl, hr, hl = g._r_right, g._r_left, g._h_right, g._h_left
        if kind == "scalar":
            G = D / g._r_int
            Z = g._h_int / D if self.v is not None else None
            DL = DR = D
        elif kind == "cell":
            G = 1.0 / (rr[:-1] / D[:-1] + rl[1:] / D[1:])
            Z = hr[:-1] / D[:-1] + hl[1:] / D[1:] if self.v is not None else None
            DL, DR = D[0], D[-1]
        elif kind == "face":
            G = D[1:-1] / g._r_int
            Z = g._h_int / D[1:-1] if self.v is not None else None
            DL, DR = D[0], D[-1]
        else:  # nonlinear: face D values given
            G = Dface_int / g._r_int
            Z = g._h_int / Dface_int if self.v is not None else None
            DL, DR = Dleft, Dright
        if self.v is None:
            aL = aR = G
        else:
            z = self.v[1:-1] * Z
            aL = G * bernoulli(-z)
            aR = G * bernoulli(z)
        alphaL, betaL = self._boundary(self.left, 0, DL, rl[0], hl[0], +1)
        alphaR, betaR = self._boundary(self.right, -1, DR, rr[-1], hr[-1], -1)
        return aL, aR, alphaL, betaL, alphaR, betaR

    def _boundary(self, bc, k, Dh, rhalf, hhalf, sign):
        A = float(self.A[k])
        if isinstance(bc, Flux):
            return A * bc.j, 0.0
        if isinstance(bc, Robin) and bc.h == 0:
            return 0.0, 0.0
        Dh = float(Dh)
        G = Dh / float(rhalf)  # rate conductance of the half cell
        gd = G / A  # per unit face area
        if self.v is None:
            bm = bp = 1.0
        else:
            z = sign * float(self.v[k]) * float(hhalf) / Dh  # mirrored at the right end
            bp, bm = bernoulli(np.array([z, -z]))
        if isinstance(bc, Fixed):
            return A * gd * bm * bc.value, A * gd * bp
        h = bc.h
        den = h + gd * bm
        return A * h * gd * bm * bc.c_ext / den, A * h * gd * bp / den

    def coefficients(self, c):
        if not self.D_callable:
            return self._linear
        Dint = self._Dbar(c[:-1], c[1:], keep=True)
        DL = self._boundary_D(self.left, c[0])
        DR = self._boundary_D(self.right, c[-1])
        aL, aR, alphaL, betaL, alphaR, betaR = self._coefficients_from_D(None, "nonlinear", Dint, DL, DR)
        if isinstance(self.left, Robin) and self.left.h > 0:
            alphaL, betaL = self._robin_nonlinear(self.left, float(c[0]), 0), 0.0
        if isinstance(self.right, Robin) and self.right.h > 0:
            alphaR, betaR = self._robin_nonlinear(self.right, float(c[-1]), -1), 0.0
        return aL, aR, alphaL, betaL, alphaR, betaR

    def _boundary_D(self, bc, cc):
        if isinstance(bc, Fixed):
            return float(self._Dbar(np.array([cc]), np.array([bc.value]))[0])
        return 1.0  # unused (Flux) or handled by _robin_nonlinear

    def _robin_nonlinear(self, bc, cc, k):
        """Inward rate for Robin with D(c): the face value c_b balances the exchange flux
        h (c_ext - c_b) against the half-cell flux with the integral-mean D over [c_cell, c_b]
        (a monotone scalar equation, solved by bracketing + Brent)."""
        from scipy.optimize import brentq

        g = self.grid
        if k == 0:
            rhalf, hhalf, sign = g._r_left[0], g._h_left[0], +1
        else:
            rhalf, hhalf, sign = g._r_right[-1], g._h_right[-1], -1
        A = float(self.A[k])

        def f(cb):
            Dh = float(self._Dbar(np.array([cc]), np.array([cb]))[0])
            alpha, beta = self._boundary(Fixed(cb), k, Dh, rhalf, hhalf, sign)
            return A * bc.h * (bc.c_ext - cb) - (alpha - beta * cc)

        lo, hi = min(cc, bc.c_ext), max(cc, bc.c_ext)
        width = max(hi - lo, 1e-12 * max(abs(lo), abs(hi), 1.0))
        flo, fhi = f(lo), f(hi)
        tries = 0
        while flo * fhi > 0:
            tries += 1
            if tries > 60:
                raise FluxInputError(
                    f"could not find the boundary value for Robin(h={bc.h:g}, c_ext={bc.c_ext:g}) "
                    f"next to c = {cc:g}"
                )
            width *= 2
            lo, hi = lo - width, hi + width
            flo, fhi = f(lo), f(hi)
        if flo == 0:
            cb = lo
        elif fhi == 0:
            cb = hi
        else:
            xtol = 1e-15 * max(abs(lo), abs(hi)) + 1e-280
            cb = brentq(f, lo, hi, xtol=xtol, rtol=4 * np.finfo(float).eps, maxiter=500)
        return A * bc.h * (bc.c_ext - cb)

    def rates(self, c, coef=None):
        """Face rates F = A J (n+1), positive toward +x."""
        aL, aR, alphaL, betaL, alphaR, betaR = coef if coef is not None else self.coefficients(c)
        F = np.empty(c.size + 1)
        if aL is aR:  # no drift: one multiply
            np.subtract(c[:-1], c[1:], out=F[1:-1])
            F[1:-1] *= aL
        else:
            F[1:-1] = aL * c[:-1] - aR * c[1:]
        F[0] = alphaL - betaL * c[0]
        F[-1] = -(alphaR - betaR * c[-1])
        return F

    def residual(self, c, coef=None):
        F = self.rates(c, coef)
        return F[:-1] - F[1:] + self.SV

    def banded(self, coef):
        """Matrix M (banded storage, 3 x n) and vector b with residual = b - M c."""
        aL, aR, alphaL, betaL, alphaR, betaR = coef
        n = self.grid.n
        ab = np.empty((3, n))
        ab[0, 0] = 0.0
        ab[2, -1] = 0.0
        np.negative(aR, out=ab[0, 1:])
        np.negative(aL, out=ab[2, :-1])
        ab[1, -1] = 0.0
        ab[1, :-1] = aL
        ab[1, 1:] += aR
        ab[1, 0] += betaL
        ab[1, -1] += betaR
        b = self.SV.copy()
        b[0] += alphaL
        b[-1] += alphaR
        return ab, b

    def flux_density(self, F):
        if self.grid.geometry == "cartesian":
            return F
        return F * self.grid._inv_areas

    def _inward(self, side, cc):
        """Inward boundary rate as a function of the adjacent cell value (nonlinear D)."""
        bc = self.left if side == 0 else self.right
        k = 0 if side == 0 else -1
        if isinstance(bc, Flux) or (isinstance(bc, Robin) and bc.h == 0):
            return None
        if isinstance(bc, Robin):
            return self._robin_nonlinear(bc, cc, k)
        g = self.grid
        if side == 0:
            rhalf, hhalf, sign = g._r_left[0], g._h_left[0], +1
        else:
            rhalf, hhalf, sign = g._r_right[-1], g._h_right[-1], -1
        Dh = float(self._Dbar(np.array([cc]), np.array([bc.value]))[0])
        alpha, beta = self._boundary(bc, k, Dh, rhalf, hhalf, sign)
        return alpha - beta * cc

    def jacobian(self, c):
        """Banded dR/dc: analytic at internal faces for D(c) without drift, otherwise
        central differences in three colour groups."""
        if self.v is None and self.D_callable:
            return self._jacobian_kirchhoff(c)
        return self._jacobian_fd(c)

    def _jacobian_kirchhoff(self, c):
        # F = G Q(cL, cR), Q = sum_k w_k D(p_k) (cL - cR), p_k = cL + s_k (cR - cL)
        n = c.size
        jac = np.zeros((3, n))
        if n > 1:
            cl, cr = c[:-1], c[1:]
            d = cr - cl
            pts = cl[None, :] + _GL_S[:, None] * d[None, :]
            kept = getattr(self, "_kept", None)
            if kept is not None and kept[0].shape == pts.shape and np.array_equal(kept[0], pts):
                Dp = kept[1]
            else:
                Dp = self._Dc(pts)
            # D' by a forward difference (relative accuracy ~1e-8 is ample for Newton)
            step = 1.5e-8 * (np.abs(pts) + max(float(np.max(np.abs(c))), 1e-8))
            dD = (self._Dc(pts + step) - Dp) / step
            diff = cl - cr
            dQ_dl = _GL_W @ (Dp + (1 - _GL_S)[:, None] * dD * diff[None, :])
            dQ_dr = _GL_W @ (-Dp + _GL_S[:, None] * dD * diff[None, :])
            R = self.grid._r_int  # geometric resistance: F = Q / R
            pL = dQ_dl / R
            pR = dQ_dr / R
            jac[1, :-1] -= pL
            jac[1, 1:] += pR
            jac[0, 1:] = -pR
            jac[2, :-1] = pL
        for side, k in ((0, 0), (1, n - 1)):
            cc = float(c[k])
            if self._inward(side, cc) is None:
                continue
            h = 1e-6 * (abs(cc) + max(float(np.max(np.abs(c))), 1e-8))
            jac[1, k] += (self._inward(side, cc + h) - self._inward(side, cc - h)) / (2 * h)
        return jac

    def _jacobian_fd(self, c):
        n = c.size
        scale = max(float(np.max(np.abs(c))), 1e-8)
        h = 1e-6 * (np.abs(c) + scale)
        jac = np.zeros((3, n))
        idx = np.arange(n)
        for k in range(min(3, n)):
            cols = idx[k::3]
            cp = c.copy()
            cm = c.copy()
            cp[cols] += h[cols]
            cm[cols] -= h[cols]
            dR = self.residual(cp) - self.residual(cm)
            for off, row in ((-1, 0), (0, 1), (1, 2)):
                # banded: ab[u + i - j, j] = a[i, j], u = 1 ; row i = j + off
                rows = cols + off
                ok = (rows >= 0) & (rows < n)
                jac[row, cols[ok]] = dR[rows[ok]] / (2 * h[cols[ok]])
        return jac


def _solve_banded(ab, b):
    from scipy.linalg import solve_banded

    return solve_banded((1, 1), ab, b, overwrite_ab=True, overwrite_b=True, check_finite=False)


def _newton(op, c, extra_residual, extra_diag, tol, max_iter, what):
    """Solve residual(c) + extra_residual(c) = 0; returns (c, iterations, |residual|)."""

    def full(cv):
        r = op.residual(cv)
        return r + extra_residual(cv) if extra_residual is not None else r

    r = full(c)
    rnorm = float(np.linalg.norm(r))
    step = np.inf
    for it in range(1, max_iter + 1):
        J = op.jacobian(c)
        if extra_diag is not None:
            J[1] += extra_diag
        # Newton: J dc = -r  ->  (-J) dc = r
        dc = _solve_banded(-J, r.copy())
        if not np.all(np.isfinite(dc)):
            break
        # the full Newton step estimates the error, whatever the damping
        step = float(np.max(np.abs(dc)))
        if step <= tol * max(float(np.max(np.abs(c + dc))), 1e-300):
            c = c + dc
            return c, it, float(np.max(np.abs(full(c))))
        # backtracking on the 2-norm of the residual (the Newton step is a descent direction)
        lam = 1.0
        for _ in range(40):
            ct = c + lam * dc
            try:
                rt = full(ct)
                rtn = float(np.linalg.norm(rt))
            except FluxInputError:
                rtn = np.inf
            if rtn <= (1 - 1e-4 * lam) * rnorm or rtn == 0 or lam < 1e-10:
                break
            lam *= 0.5
        if not np.isfinite(rtn):
            full(ct)  # re-raise the D(c) complaint
        c, r, rnorm = ct, rt, rtn
        if rnorm == 0:
            return c, it, 0.0
    raise FluxInputError(
        f"Newton's method for {what} did not converge in {max_iter} iterations "
        f"(last step {step:.2e}, residual {rnorm:.2e}, tol {tol:g}): "
        "check that D(c) is smooth and positive over the range of c, or raise max_iter"
    )


def _budget_steady(op, F):
    inL = float(F[0])
    inR = float(-F[-1])
    src = op.total_source
    return Budget(inL, inR, src, 0.0, inL + inR + src)


# -------------------------------------------------------------------- public API
def solve_steady(
    grid: Grid,
    D,
    left=None,
    right=None,
    source=None,
    velocity=None,
    tol: float = 1e-10,
    max_iter: int = 50,
) -> SteadyResult:
    """Steady state of ``-d/dx[A(-D dc/dx + v c)]/A ... = s``: balance of fluxes and sources.

    ``D``: number, array of n+1 face values, array of n cell values (layered media,
    series resistances at faces), or callable ``D(c)`` (vectorised; solved by Newton).
    ``left``, ``right``: :class:`Fixed`, :class:`Flux` (inward flux density!) or
    :class:`Robin`; default ``Flux(0)`` (insulated). ``source``: per unit volume, number,
    n values or callable ``source(x)`` (x = cell centres). ``velocity``: drift velocity
    toward +x, number, n+1 face values or callable ``velocity(x)`` (x = faces).
    """
    op = _Operator(grid, D, left, right, source, velocity)
    check_positive("tol", tol)
    n = grid.n
    if not (_fixes_level(op.left) or _fixes_level(op.right)):
        total = (
            (op.A[0] * op.left.j if isinstance(op.left, Flux) else 0.0)
            + (op.A[-1] * op.right.j if isinstance(op.right, Flux) else 0.0)
            + op.total_source
        )
        raise FluxInputError(
            "with flux conditions at both ends the steady state is not unique, and exists only if "
            f"inflow + sources sum to zero (they sum to {total:+.6g}): fix the value at one end "
            "(Fixed or Robin), or use solve_transient"
        )
    if not op.D_callable:
        coef = op._linear
        ab, b = op.banded(coef)
        c = _solve_banded(ab, b)
        F = op.rates(c, coef)
        iterations = 1
    else:
        # initial guess: linear problem with D frozen at a representative value
        refs = [
            bc.value if isinstance(bc, Fixed) else bc.c_ext for bc in (op.left, op.right) if _fixes_level(bc)
        ]
        cref = float(np.mean(refs))
        D0 = float(op._Dc(np.array([cref]))[0])
        lin = _Operator(grid, D0, op.left, op.right, None, velocity)
        lin.SV = op.SV
        ab, b = lin.banded(lin._linear)
        c = _solve_banded(ab, b)
        c, iterations, _ = _newton(op, c, None, None, tol, max_iter, "the steady state")
        F = op.rates(c)
    R = F[:-1] - F[1:] + op.SV
    return SteadyResult(
        c=c,
        flux=op.flux_density(F),
        budget=_budget_steady(op, F),
        iterations=iterations,
        residual=float(np.max(np.abs(R))) if n else 0.0,
        grid=grid,
    )


_METHODS = {"crank-nicolson": 0.5, "backward-euler": 1.0}


def solve_transient(
    grid: Grid,
    D,
    c0,
    times,
    left=None,
    right=None,
    source=None,
    velocity=None,
    method: str = "crank-nicolson",
    dt: float | None = None,
    tol: float = 1e-10,
    max_iter: int = 50,
) -> TransientResult:
    """Evolve ``V dc/dt = F_in - F_out + s V`` from ``c0`` at ``times[0]`` through ``times``.

    ``method``: ``"crank-nicolson"`` (θ = 1/2, second order) or ``"backward-euler"``
    (θ = 1, first order, no oscillations). Each interval between requested times is cut
    into equal steps no longer than ``dt`` so the steps land exactly on ``times``. If
    ``dt`` is None the default is ``dt = min(dx) * min((b - a) / max(D), 1 / max|v|)``,
    which keeps the Crank–Nicolson time error comparable to the O(dx²) space error for
    smooth data; pass a smaller ``dt`` for backward Euler accuracy or rough initial data.
    ``c0``: number, n values or callable ``c0(x)``. Other arguments as :func:`solve_steady`
    (boundary values and sources are constant in time).
    """
    op = _Operator(grid, D, left, right, source, velocity)
    n = grid.n
    if not isinstance(method, str) or method.lower() not in _METHODS:
        raise FluxInputError(f"method must be one of {', '.join(repr(m) for m in _METHODS)}, got {method!r}")
    theta = _METHODS[method.lower()]
    if callable(c0):
        c = np.broadcast_to(check_finite("c0(x)", c0(grid.centers)), (n,)).astype(float)
    else:
        c = check_finite("c0", c0)
        if c.ndim != 0:
            check_length("c0", c, n, of="cell")
        c = np.broadcast_to(c, (n,)).astype(float)
    t = check_finite("times", times)
    if t.ndim == 0:
        t = t.reshape(1)
    if t.ndim != 1 or t.size < 1:
        raise FluxInputError(f"times must be a 1-D array of output times, got array of shape {t.shape}")
    dtimes = np.diff(t)
    bad = np.flatnonzero(dtimes <= 0)
    if bad.size:
        k = int(bad[0])
        raise FluxInputError(
            f"times must be strictly increasing, got times[{k + 1}] = {t[k + 1]:g} "
            f"after times[{k}] = {t[k]:g}"
        )
    if dt is None:
        if op.D_callable:
            Dmax = float(np.max(op._Dc(c)))
        else:
            Dmax = float(np.max(op.D))
        lim = (grid.b - grid.a) / Dmax
        if op.v is not None:
            lim = min(lim, 1.0 / float(np.max(np.abs(op.v))))
        dt_max = float(np.min(grid.widths)) * lim
    else:
        dt_max = float(check_positive("dt", dt))

    V = grid.volumes
    m = t.size
    C = np.empty((m, n))
    FL = np.empty((m, n + 1))
    content = np.empty(m)
    cumL = np.zeros(m)
    cumR = np.zeros(m)
    cumS = np.zeros(m)
    storage = np.empty(m)
    dts = []

    def record(k, cv, F):
        C[k] = cv
        FL[k] = F
        content[k] = float(V @ cv)
        storage[k] = float(np.sum(F[:-1] - F[1:] + op.SV))

    # Each step solves for c* and evaluates the face rates F* = F(c*) once; the new state is
    # then written in flux form, c = c_old + dt/V (θ ΔF* + (1-θ) ΔF_old), and F* is reused
    # as F_old of the next step. The content identity therefore holds to the round-off of
    # the net fluxes, whatever the round-off of the solve or the Newton tolerance.
    F_prev = op.rates(c)
    record(0, c, F_prev)
    steps = 0
    newton_its = 0
    accL = accR = accS = 0.0
    SV = op.SV
    if not op.D_callable:
        coef = op._linear
        ab, b = op.banded(coef)
        diag, up, low = ab[1], ab[0, 1:], ab[2, :-1]
        factors = {}

    for k in range(1, m):
        interval = float(dtimes[k - 1])
        nsub = max(1, math.ceil(interval / dt_max * (1 - 1e-12)))
        h = interval / nsub
        dts.append(h)
        for _ in range(nsub):
            R_prev = F_prev[:-1] - F_prev[1:] + SV
            if not op.D_callable:
                if h not in factors:
                    factors[h] = _factor(V / h + theta * diag, theta * up, theta * low)
                # (V/h + θM) c* = V/h c + θ b + (1-θ) R(c)
                rhs = V / h * c + theta * b + (1 - theta) * R_prev
                cs = _solve_factored(factors[h], rhs)
                F_new = op.rates(cs, coef)
            else:

                def extra(cv, cold=c, r_old=R_prev, h=h):
                    # residual(c) - V/(θh)(c - c_old) + (1-θ)/θ R_old = 0
                    return -(V / h) * (cv - cold) / theta + (1 - theta) / theta * r_old

                what = f"the step to t = {t[k]:g}"
                cs, its, _ = _newton(op, c.copy(), extra, -V / (h * theta), tol, max_iter, what)
                newton_its += its
                F_new = op.rates(cs)
            R_new = F_new[:-1] - F_new[1:] + SV
            c = c + (h / V) * (theta * R_new + (1 - theta) * R_prev)
            accL += h * (theta * F_new[0] + (1 - theta) * F_prev[0])
            accR -= h * (theta * F_new[-1] + (1 - theta) * F_prev[-1])
            accS += h * op.total_source
            F_prev = F_new
            steps += 1
        cumL[k], cumR[k], cumS[k] = accL, accR, accS
        record(k, c, F_prev)

    inL = FL[:, 0].copy()
    inR = -FL[:, -1]
    src = np.full(m, op.total_source)
    net = cumL + cumR + cumS
    budget = Budget(
        inflow_left=inL,
        inflow_right=inR,
        source=src,
        storage=storage,
        imbalance=inL + inR + src - storage,
        content=content,
        net_in=net,
        cumulative_left=cumL,
        cumulative_right=cumR,
        cumulative_source=cumS,
        cumulative_imbalance=content - content[0] - net,
        times=t,
    )
    flux = FL * grid._inv_areas
    return TransientResult(
        t=t,
        c=C,
        flux=flux,
        budget=budget,
        grid=grid,
        method=method.lower(),
        theta=theta,
        steps=steps,
        iterations=newton_its,
        dts=np.array(dts),
    )


def _factor(d, du, dl):
    """LU factors of the tridiagonal matrix (dl below, d, du above)."""
    n = d.size
    if n < 3:
        ab = np.zeros((3, n))
        ab[1] = d
        ab[0, 1:] = du
        ab[2, :-1] = dl
        return ("banded", ab)
    from scipy.linalg import lapack

    dl_, d_, du_, du2, ipiv, info = lapack.dgttrf(dl, d, du)
    if info != 0:
        raise FluxInputError(f"the time-step matrix is singular (LAPACK gttrf info = {info})")
    return ("lu", (dl_, d_, du_, du2, ipiv, lapack.dgttrs))


def _solve_factored(fac, rhs):
    kind, data = fac
    if kind == "banded":
        return _solve_banded(data.copy(), rhs)
    dl, d, du, du2, ipiv, gttrs = data
    x, info = gttrs(dl, d, du, du2, ipiv, rhs)
    return x
