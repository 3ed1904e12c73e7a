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
area of that reference geometry. Two variants of the flux law are covered below: a
diffusivity that depends on the state and the position, :math:`D(c, x)`, and the coefficient
*inside* the derivative, :math:`J = -\partial(w\,c)/\partial x + v\,c` (``form="ito"``).
Boundary values and sources may depend on time (:func:`solve_transient`).

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

*Position-dependent* :math:`D(c, x)`. A callable of two arguments is evaluated at the face
it serves: :math:`\bar D_{i+1/2}` is the integral mean over :math:`[c_i, c_{i+1}]` of
:math:`D(\cdot, x_{i+1/2})`, and a boundary half cell uses the boundary face. For smooth
:math:`D` the error is :math:`O(h^2)` like the rest of the scheme; when :math:`D` does not
depend on :math:`x` this is exactly the Kirchhoff scheme above.

*Coefficient inside the derivative* (``form="ito"``). Diffusion whose coefficient varies in
space is sometimes written :math:`J = -\partial(w c)/\partial x` (the Itô form: a random
walker's step rate depends on where it starts; resistive diffusion of current, where
:math:`w c = \eta J/\mu_0` is the electric field). Expanding,

.. math::

    J = -w\,\frac{\partial c}{\partial x} - c\,\frac{\partial w}{\partial x},

Fick's flux with :math:`D = w` plus a drift :math:`v = -\partial w/\partial x`. Its
equilibrium (:math:`J = 0`) is :math:`w c = \text{const}`. Rather than difference
:math:`w`, the scheme chooses the face drift (:func:`ito_velocity`) whose
Scharfetter–Gummel exponent is

.. math::

    z_{i+1/2} = \ln\frac{w_i}{w_{i+1}}, \qquad
    v_{i+1/2} = z_{i+1/2} \Big/ \Big(\frac{x_{i+1/2} - x_i}{w_i} + \frac{x_{i+1} - x_{i+1/2}}{w_{i+1}}\Big),

so the face flux vanishes exactly when :math:`c_{i+1}/c_i = e^z = w_i/w_{i+1}`: the
equilibrium :math:`w c = \text{const}` is reproduced at the nodes to round-off, for any
:math:`w`. For smooth :math:`w`, :math:`z \approx -w'\,\Delta x/w`, so
:math:`v \to -w'`: the scheme is consistent. Writing :math:`\rho = w_i/w_{i+1}` and
:math:`u = w c`, the flux on a uniform cartesian grid becomes

.. math::

    J_{i+1/2} = \frac{H(w_i, w_{i+1})}{L(w_i, w_{i+1})}\,\frac{u_i - u_{i+1}}{\Delta x},
    \qquad H = \frac{2 w_i w_{i+1}}{w_i + w_{i+1}},\quad L = \frac{w_i - w_{i+1}}{\ln(w_i/w_{i+1})},

the centred difference of :math:`u` times the ratio of the harmonic to the logarithmic
mean, :math:`1 - O((\Delta w/w)^2)`: second order, positive coefficients (an M-matrix),
exact at zero flux. (With a nonzero steady flux :math:`u` is linear in :math:`x` and the
plain difference of :math:`u` would be exact; the factor :math:`H/L` is the price of
keeping one drift mechanism, and it vanishes as :math:`h^2`.) A value of :math:`w` at a
boundary face enters the half cell the same way, :math:`z = \ln(w_b/w_0)` at the left
end (``ito_velocity(..., left=w_b)``) and :math:`z = \ln(w_b/w_{n-1})` at the right end
(``right=w_b``, the drift mirrored to point inward); by default :math:`w` is continued from
the cell.

Flux components
---------------
With drift, the face flux is the sum of a diffusive part :math:`-D\,\partial c/\partial x`
and a drift part :math:`v c`, which vary along the stencil even though their sum is constant
there. The results report, at an internal face, the **means of the two parts over the
stencil** :math:`[x_i, x_{i+1}]` of the local solution that the Scharfetter–Gummel flux
assumes: the diffusive part is :math:`g\,(c_i - c_{i+1})` (:math:`B = 1` above; exactly
the stencil mean of :math:`-D c'` for cartesian cells with one :math:`D`, and the definition
of the split otherwise) and the drift part is the rest, :math:`v` times the mean of
:math:`c` over the stencil (for :math:`J = 0` the logarithmic mean
:math:`(c_i - c_{i+1})/\ln(c_i/c_{i+1})`). At a boundary face the parts are taken **at
the face**: drift :math:`A v c_b` with the face value :math:`c_b` (given by ``Fixed``;
otherwise recovered from the half-cell flux
:math:`F_\text{in} = A g\,[B(-z) c_b - B(z) c_\text{cell}]`, with :math:`D(c)` taken at the
cell value), diffusion the rest. Without drift the diffusive part is the whole flux.

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

Time-dependent boundary values and sources
-------------------------------------------
``Fixed(value(t))``, ``Flux(j(t))``, ``Robin(h, c_ext(t))`` and ``source(x, t)`` are
evaluated at the times of the θ-scheme below: :math:`R_i(c^{k+1})` with the data at
:math:`t^{k+1}`, :math:`R_i(c^k)` with the data at :math:`t^k`. The boundary
coefficients :math:`\beta` do not depend on the prescribed values, so a linear problem keeps
its matrix (and its factorisation) and only the right-hand side moves. The budget's
cumulative source is θ-weighted like the boundary inflows.

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
discrete residual with its tridiagonal Jacobian. Without drift the internal face entries
are those of the Kirchhoff flux :math:`F = (\Phi(c_L) - \Phi(c_R))/R`, namely
:math:`\partial F/\partial c_L = D(c_L)/R` and :math:`\partial F/\partial c_R = -D(c_R)/R`
(one evaluation of :math:`D` per cell; for :math:`D(c, x)` two per face, at the face). The
residual uses the 3-point quadrature of :math:`\Phi(c_L) - \Phi(c_R)`, which is exact for
polynomial :math:`D` of degree up to 5 and otherwise differs by :math:`O(\Delta c^7)`; its
derivatives differ from these entries by :math:`O(\Delta c^6)`, far below what Newton's
quadratic convergence notices on any grid that resolves the solution, and the answer is
the root of the residual whatever the Jacobian. Since column :math:`j` of this Jacobian is
:math:`D(c_j)` times a symmetric tridiagonal matrix :math:`T` (the geometric conductances
:math:`1/R`, plus the boundary slopes and the time-step term on the diagonal), the Newton
step solves :math:`T y = r` by the symmetric positive definite LAPACK ``ptsv`` (no
pivoting, cheaper than the general ``gtsv``) and takes :math:`\delta c_j = y_j / D(c_j)`.
With drift the Jacobian is taken by central
differences in three colour groups (cells ``i mod 3``, six residual evaluations). A
backtracking line search on the 2-norm
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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, NamedTuple, Self, cast

import numpy as np
from numpy.typing import ArrayLike

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
    "ito_velocity",
    "flux_components",
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

    def __init__(
        self, faces: ArrayLike, *, geometry: str = "cartesian", _uniform_width: float | None = None
    ) -> None:
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
        self._inv_r_int = 1.0 / self._r_int
        self._h_int = half[:-1] + half[1:]
        with np.errstate(divide="ignore"):
            self._inv_areas = np.where(self.areas > 0, 1.0 / self.areas, 0.0)
        # the boundary half cells as Python floats: (face area factor, resistance, length)
        self._ends = (
            (float(self.areas[0]), float(self._r_left[0]), float(self._h_left[0])),
            (float(self.areas[-1]), float(self._r_right[-1]), float(self._h_right[-1])),
        )
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
            self._inv_r_int,
            self._h_int,
            self._inv_areas,
        ):
            arr.flags.writeable = False

    @classmethod
    def uniform(cls, a: float, b: float, n: int, *, geometry: str = "cartesian") -> Grid:
        """``n`` equal cells on [a, b].

        Parameters
        ----------
        a, b : float
            The ends of the interval (radii for a radial grid, ``0 <= a < b``).
        n : int
            The number of cells.
        geometry : {"cartesian", "cylindrical", "spherical"}
            The area factor of the faces: 1, r or r².

        Returns
        -------
        Grid
            The grid, its faces exactly ``a`` and ``b`` at the ends.
        """
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise FluxInputError(f"n (the number of cells) must be an integer, got {n!r}")
        if n < 1:
            raise FluxInputError(f"n (the number of cells) must be at least 1, got {n}")
        a = float(check_finite("a", a))
        b = float(check_finite("b", b))
        if not b > a:
            raise FluxInputError(f"the grid needs b > a, got a = {a:g}, b = {b:g}")
        faces = np.linspace(a, b, int(n) + 1)
        return cls(faces, geometry=geometry, _uniform_width=(b - a) / int(n))

    @classmethod
    def from_faces(cls, faces: ArrayLike, *, geometry: str = "cartesian") -> Grid:
        """A (possibly non-uniform) grid from its ``n + 1`` increasing face positions.

        ``geometry`` as in :meth:`uniform`.
        """
        return cls(np.array(faces, dtype=float, copy=True), geometry=geometry)

    @property
    def a(self) -> float:
        """The first face (left end)."""
        return float(self.faces[0])

    @property
    def b(self) -> float:
        """The last face (right end)."""
        return float(self.faces[-1])

    def __repr__(self) -> str:
        return f"Grid(n={self.n}, [{self.a:g}, {self.b:g}], geometry={self.geometry!r})"


def _resistance(geometry: str, x1: ArrayLike, d: ArrayLike) -> np.ndarray:
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
#: a boundary value: a number, or a callable of time t returning one (solve_transient only)
Value = float | Callable[[float], float]


def _value_at(name: str, value: Value, t: float) -> float:
    """``value`` at time ``t``: a number as is, a callable evaluated and checked."""
    if not callable(value):
        return value
    got = check_finite(f"{name} at t = {t:g}", value(t))
    if got.ndim != 0:
        raise FluxInputError(
            f"{name}(t) must return one number, got an array of shape {got.shape} at t = {t:g}"
        )
    return float(got)


def _now(value: Value) -> float:
    """A boundary value already frozen at the current time (by ``.at(t)``): a number."""
    return cast(float, value)


def _constant(name: str, value: Value) -> Value:
    return value if callable(value) else float(check_finite(name, value))


class _TimeValued:
    """What the three boundary conditions share: one field that may be a callable of time.

    ``_timed`` names that field and how error messages call it. The field is checked as a
    finite number unless it is a callable; :meth:`at` freezes a callable at a time.
    """

    _timed: ClassVar[tuple[str, str]]

    def __post_init__(self) -> None:
        name, label = self._timed
        object.__setattr__(self, name, _constant(label, getattr(self, name)))

    @property
    def time_dependent(self) -> bool:
        """Whether the condition's value is a callable of time."""
        return callable(getattr(self, self._timed[0]))

    def at(self, t: float) -> Self:
        """The condition frozen at time ``t``."""
        name, label = self._timed
        value = getattr(self, name)
        if not callable(value):
            return self
        frozen: Self = replace(cast(Any, self), **{name: _value_at(label, value, t)})
        return frozen


@dataclass(frozen=True)
class Fixed(_TimeValued):
    """Dirichlet condition: the value of c at the boundary face.

    ``value``: a number, or a callable ``value(t)`` of time (:func:`solve_transient` only).
    """

    value: Value
    _timed = ("value", "Fixed value")


@dataclass(frozen=True)
class Flux(_TimeValued):
    """Prescribed **inward** flux density ``j``.

    ``j`` is the amount entering the domain through this boundary per unit face area per
    unit time. ``j > 0`` adds material at either end
    (at the right end this is a flux toward -x). ``Flux(0)`` is insulated / symmetry.
    ``j`` may be a callable ``j(t)`` of time (:func:`solve_transient` only).
    """

    j: Value = 0.0
    _timed = ("j", "Flux j (inward flux density)")


@dataclass(frozen=True)
class Robin(_TimeValued):
    """Exchange with an outside reservoir: inward flux density ``h * (c_ext - c_boundary)``.

    ``h >= 0`` is the transfer coefficient (length/time, constant); ``h = 0`` is insulated.
    ``c_ext`` may be a callable ``c_ext(t)`` of time (:func:`solve_transient` only).
    """

    h: float
    c_ext: Value
    _timed = ("c_ext", "Robin c_ext")

    def __post_init__(self) -> None:
        object.__setattr__(self, "h", float(check_nonnegative("Robin exchange coefficient h", self.h)))
        super().__post_init__()


Boundary = Fixed | Flux | Robin
#: D: a number, n cell values, n+1 face values, or a callable D(c) or D(c, x)
DiffusivityLike = float | ArrayLike | Callable[..., ArrayLike]
#: source per unit volume: a number, n cell values, source(x) or source(x, t)
SourceLike = float | ArrayLike | Callable[..., ArrayLike]
#: drift velocity toward +x: a number, n+1 face values or velocity(x)
VelocityLike = float | ArrayLike | Callable[[np.ndarray], ArrayLike]
#: initial state: a number, n cell values or c0(x)
InitialLike = float | ArrayLike | Callable[[np.ndarray], ArrayLike]
#: tridiagonal factors: ("banded", ab) for n < 3, ("lu", LAPACK gttrf output + gttrs)
Factors = tuple[str, Any]


def _check_bc(side: str, bc: object) -> Boundary:
    if bc is None:
        return Flux(0.0)
    if not isinstance(bc, (Fixed, Flux, Robin)):
        raise FluxInputError(
            f"the {side} boundary condition must be Fixed(value), Flux(j) or Robin(h, c_ext), got {bc!r}"
        )
    return bc


def _level(bc: Boundary) -> float:
    """The level a Fixed or Robin condition (frozen in time) holds the boundary near."""
    return _now(bc.value) if isinstance(bc, Fixed) else _now(bc.c_ext) if isinstance(bc, Robin) else math.nan


def _fixes_level(bc: Boundary) -> bool:
    return isinstance(bc, Fixed) or (isinstance(bc, Robin) and bc.h > 0)


# ---------------------------------------------------------------------- numerics
def bernoulli(z: ArrayLike) -> np.ndarray:
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
_GL_W_LEFT = _GL_W * (1 - _GL_S)
_GL_W_RIGHT = _GL_W * _GL_S


def _gl_sum(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    """sum_k w_k X[k] over the three Gauss points (no BLAS call: cheap and thread-free)."""
    out = X[0] * w[0]
    out += X[1] * w[1]
    out += X[2] * w[2]
    return cast(np.ndarray, out)


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
        """One sentence: the inflows, sources and change in content, and how well they balance."""
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


def _fmt(x: float | np.ndarray) -> str:
    x = float(x)
    return "0" if x == 0 else f"{x:.6g}"


def _fmt_err(x: float | np.ndarray) -> str:
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
    ``diffusive_flux``, ``drift_flux``: the two parts of ``flux`` (n+1 each, same units and
    sign, summing to ``flux``; module docstring, "Flux components"); without drift the
    first is ``flux`` itself and the second zero (built when asked for).
    """

    c: np.ndarray
    flux: np.ndarray
    budget: Budget
    iterations: int
    residual: float
    grid: Grid
    #: (diffusive, drift) face flux densities, or None without drift (then the diffusive part
    #: is ``flux`` and the drift part zero, built on access)
    _split: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def diffusive_flux(self) -> np.ndarray:
        """The diffusive part of ``flux`` (same shape, units and sign)."""
        return self.flux if self._split is None else self._split[0]

    @property
    def drift_flux(self) -> np.ndarray:
        """The drift part of ``flux`` (same shape, units and sign; zero without drift)."""
        return np.zeros_like(self.flux) if self._split is None else self._split[1]

    @property
    def x(self) -> np.ndarray:
        """The cell centres (the positions of ``c``)."""
        return self.grid.centers


@dataclass
class TransientResult:
    """Time-dependent solution.

    ``t``: the requested output times (``t[0]`` is the time of ``c0``). ``c``:
    (len(t), n) cell values. ``flux``: (len(t), n+1) face flux densities at the output
    times, **positive toward increasing x or r**. ``budget``: :class:`Budget` with arrays
    over ``t``. ``steps``: number of time steps taken; ``method``; ``theta``.
    ``diffusive_flux``, ``drift_flux``: (len(t), n+1) parts of ``flux`` (as
    :class:`SteadyResult`).
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
    #: (diffusive, drift) as in :class:`SteadyResult`, None without drift
    _split: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def diffusive_flux(self) -> np.ndarray:
        """The diffusive part of ``flux`` (same shape, units and sign)."""
        return self.flux if self._split is None else self._split[0]

    @property
    def drift_flux(self) -> np.ndarray:
        """The drift part of ``flux`` (same shape, units and sign; zero without drift)."""
        return np.zeros_like(self.flux) if self._split is None else self._split[1]

    @property
    def x(self) -> np.ndarray:
        """The cell centres (the positions of ``c``)."""
        return self.grid.centers


# ------------------------------------------------------------------ the operator
def _n_args(f: Callable[..., object]) -> int:
    """Number of required positional parameters of ``f`` (1 if it cannot be inspected)."""
    import inspect

    try:
        sig = inspect.signature(f)
    except (TypeError, ValueError):
        return 1
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    n = sum(1 for p in sig.parameters.values() if p.kind in kinds and p.default is p.empty)
    return max(n, 1)


def ito_velocity(
    grid: Grid, w: ArrayLike, *, left: float | None = None, right: float | None = None
) -> np.ndarray:
    """Face drift velocities that turn ``J = -w dc/dx + v c`` into ``J = -d(w c)/dx``.

    ``w``: the transport coefficient in the cells (length²/time; a number or n values), to be
    passed as ``D`` as well. ``left``, ``right``: optional values of ``w`` at the boundary
    faces (default: the adjacent cell's, no drift in the half cell). Returns n+1 velocities
    (length/time, positive toward +x) whose Scharfetter–Gummel exponents are
    ``z = ln(w_i / w_{i+1})`` (module docstring, "Coefficient inside the derivative"), so
    that ``w c = const`` is a discrete equilibrium to round-off.
    """
    if not isinstance(grid, Grid):
        raise FluxInputError(f"grid must be a fluxlib Grid (Grid.uniform or Grid.from_faces), got {grid!r}")
    n = grid.n
    wa = check_positive("w (the coefficient inside the derivative)", w, what="a diffusivity must be positive")
    if wa.ndim != 0:
        check_length("w (the coefficient inside the derivative)", wa, n, of="cell")
    wc = np.broadcast_to(wa, (n,)).astype(float)
    v = np.zeros(n + 1)
    v[1:-1] = np.log(wc[:-1] / wc[1:]) / (grid._h_right[:-1] / wc[:-1] + grid._h_left[1:] / wc[1:])
    if left is not None:
        wl = float(check_positive("w at the left face", left, what="a diffusivity must be positive"))
        v[0] = math.log(wl / wc[0]) * wc[0] / float(grid._h_left[0])
    if right is not None:
        wr = float(check_positive("w at the right face", right, what="a diffusivity must be positive"))
        v[-1] = math.log(wc[-1] / wr) * wc[-1] / float(grid._h_right[-1])
    return v


_FORMS = ("fick", "ito")


# ------------------------------------------------------------ inputs (pure functions)
class _Diffusivity(NamedTuple):
    """D as parsed.

    ``fn`` the callable D(c) or D(c, x) (``args`` = 1 or 2), or ``values`` (checked,
    positive) of ``kind`` "scalar", "cell" or "face".
    """

    kind: str
    values: np.ndarray | None = None
    fn: Callable[..., ArrayLike] | None = None
    args: int = 1


def _parse_diffusivity(grid: Grid, D: DiffusivityLike, form: str) -> _Diffusivity:
    n = grid.n
    if callable(D):
        if form == "ito":
            raise FluxInputError(
                "form='ito' needs D as a number or one value per cell (n values), not a callable D(c): "
                "the Itô drift -c dD/dx is built from the cell values of D"
            )
        return _Diffusivity("callable", fn=D, args=_n_args(D))
    Darr = check_finite("D", D)
    if Darr.ndim == 0:
        kind = "scalar"
    elif Darr.ndim == 1 and Darr.shape[0] == n + 1:
        kind = "face"
    elif Darr.ndim == 1 and Darr.shape[0] == n:
        kind = "cell"
    else:
        raise FluxInputError(
            f"D must have one value per face (n+1 = {n + 1}) or per cell (n = {n}), got array of shape {Darr.shape}"
        )
    values = check_positive("D", Darr, what="a diffusivity must be positive")
    if form == "ito" and kind == "face":
        raise FluxInputError(
            f"form='ito' needs D as a number or one value per cell (n = {n}), got {n + 1} face values: "
            "the coefficient sits inside the derivative, where c lives"
        )
    return _Diffusivity(kind, values=values)


def _parse_source(
    grid: Grid, source: SourceLike | None
) -> tuple[np.ndarray | None, Callable[[np.ndarray, float], ArrayLike] | None]:
    """(cell values per unit volume or None, the callable source(x, t) or None)."""
    n = grid.n
    if source is None:
        return None, None
    if callable(source) and _n_args(source) >= 2:
        return np.zeros(n), source
    if callable(source):
        s = np.broadcast_to(check_finite("source(x)", source(grid.centers)), (n,))
    else:
        s = check_finite("source", source)
        if s.ndim != 0:
            check_length("source", s, n, of="cell")
    return np.broadcast_to(s, (n,)).astype(float), None


def _source_at(grid: Grid, source: Callable[[np.ndarray, float], ArrayLike], t: float) -> np.ndarray:
    s = check_finite(f"source(x, t) at t = {t:g}", source(grid.centers, t))
    if s.ndim != 0:
        check_length("source(x, t)", s, grid.n, of="cell")
    return np.broadcast_to(s, (grid.n,)).astype(float)


def _parse_velocity(
    grid: Grid, velocity: VelocityLike | None, form: str, D: _Diffusivity
) -> np.ndarray | None:
    """Face velocities (n+1), the Itô drift added for ``form="ito"``; None if all zero."""
    n = grid.n
    ito = form == "ito" and D.values is not None
    if velocity is None and not ito:
        return None
    if velocity is None:
        v = np.zeros(n + 1)
    else:
        if callable(velocity):
            v = np.broadcast_to(check_finite("velocity(x)", velocity(grid.faces)), (n + 1,))
        else:
            v = check_finite("velocity", velocity)
            if v.ndim != 0:
                check_length("velocity", v, n + 1, of="face")
        v = np.broadcast_to(v, (n + 1,)).astype(float)
    if ito:
        v = v + ito_velocity(grid, cast(np.ndarray, D.values))
    return None if not np.any(v) else v


# ------------------------------------------------------- coefficients (pure functions)
class Coefficients(NamedTuple):
    """Face coefficients of one state.

    Internal rates ``F = aL c_L - aR c_R`` (n-1 each) and inward boundary rates
    ``alpha - beta c_cell`` at the left and right ends.
    """

    aL: np.ndarray
    aR: np.ndarray
    alphaL: float
    betaL: float
    alphaR: float
    betaR: float


class _Linear(NamedTuple):
    """The frozen parts of a linear problem (D given as numbers).

    ``G``: the diffusive conductances of the internal faces; ``DL``, ``DR``: the D of the
    boundary half cells; ``coef``: the coefficients with the boundary data at the current time.
    """

    G: np.ndarray
    DL: float
    DR: float
    coef: Coefficients


def _face_conductance(
    grid: Grid, D: np.ndarray | float, kind: str, drift: bool
) -> tuple[np.ndarray, np.ndarray | None]:
    """Conductance G and exponent length Z of the internal faces.

    G is the diffusive rate conductance (series half-cell resistances) and, with drift, Z the
    Scharfetter–Gummel exponent length (z = v Z). ``kind``: "scalar", "cell", or "face" (face values, n+1, or
    the n-1 internal values of a D(c) state).
    """
    g = grid
    if kind == "scalar":
        G = D / g._r_int
        Z = g._h_int / D if drift else None
    elif kind == "cell":
        Dc = cast(np.ndarray, D)
        G = 1.0 / (g._r_right[:-1] / Dc[:-1] + g._r_left[1:] / Dc[1:])
        Z = g._h_right[:-1] / Dc[:-1] + g._h_left[1:] / Dc[1:] if drift else None
    else:
        Df = cast(np.ndarray, D)
        Dint = Df[1:-1] if Df.size == g.n + 1 else Df
        G = Dint / g._r_int
        Z = g._h_int / Dint if drift else None
    return G, Z


def _sg_coefficients(
    G: np.ndarray, v_int: np.ndarray | None, Z: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """The SG coefficients ``aL = G B(-z)``, ``aR = G B(z)`` with z = v Z (without drift both are G)."""
    if v_int is None:
        return G, G
    z = v_int * cast(np.ndarray, Z)
    return G * bernoulli(-z), G * bernoulli(z)


def _half_cell(A: float, Dh: float, rhalf: float, hhalf: float, v_b: float) -> tuple[float, float, float]:
    """(g_d, B(z), B(-z)) of a boundary half cell.

    The conductance per unit face area and the SG weights, z = v_b hhalf / Dh with v_b already mirrored to
    point inward at the right end.
    """
    gd = Dh / rhalf / A
    if v_b == 0.0:
        return gd, 1.0, 1.0
    z = v_b * hhalf / Dh
    bp, bm = bernoulli(np.array([z, -z]))
    return gd, float(bp), float(bm)


def _boundary_affine(bc: Boundary, A: float, gd: float, bp: float, bm: float) -> tuple[float, float]:
    """Inward rate ``alpha - beta c_cell`` for a boundary frozen in time (module docstring)."""
    if isinstance(bc, Flux):
        return A * _now(bc.j), 0.0
    if isinstance(bc, Robin) and bc.h == 0:
        return 0.0, 0.0
    if isinstance(bc, Fixed):
        return A * gd * bm * _now(bc.value), A * gd * bp
    h = bc.h
    den = h + gd * bm
    return A * h * gd * bm * _now(bc.c_ext) / den, A * h * gd * bp / den


# ---------------------------------------------------------- Jacobians (pure functions)
def _kirchhoff_band(pL: np.ndarray, pR: np.ndarray, n: int) -> np.ndarray:
    """Banded residual Jacobian (3 x n) for internal face rates.

    dF/dc_L = pL and dF/dc_R = -pR; residual_i = F_{i-1/2} - F_{i+1/2}.
    """
    jac = np.zeros((3, n))
    jac[1, :-1] -= pL
    jac[1, 1:] -= pR
    jac[0, 1:] = pR
    jac[2, :-1] = pL
    return jac


def _fd_band(residual: Callable[[np.ndarray], np.ndarray], c: np.ndarray) -> np.ndarray:
    """Banded Jacobian of a tridiagonal residual by central differences.

    Three colour groups (cells i mod 3 perturbed together: six residual evaluations).
    """
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
        dR = residual(cp) - residual(cm)
        for off, row in ((-1, 0), (0, 1), (1, 2)):
            # banded: ab[u + i - j, j] = a[i, j], u = 1 ; row i = j + off
            rows = cols + off
            ok = (rows >= 0) & (rows < n)
            jac[row, cols[ok]] = dR[rows[ok]] / (2 * h[cols[ok]])
    return jac


class _Operator:
    """Face coefficients and cell residuals for one problem (see module docstring).

    A thin holder of the parsed inputs that calls the pure functions above.

    Boundary conditions and sources may depend on time; :meth:`set_time` freezes them at
    ``t`` (the face coefficients of a linear problem do not change, only the boundary
    inflows ``alpha`` and the sources).
    """

    def __init__(
        self,
        grid: Grid,
        D: DiffusivityLike,
        left: Boundary | None,
        right: Boundary | None,
        source: SourceLike | None,
        velocity: VelocityLike | None,
        *,
        form: str = "fick",
        t: float | None = None,
    ) -> None:
        if not isinstance(grid, Grid):
            raise FluxInputError(
                f"grid must be a fluxlib Grid (Grid.uniform or Grid.from_faces), got {grid!r}"
            )
        if not isinstance(form, str) or form not in _FORMS:
            raise FluxInputError(
                f"form must be 'fick' (J = -D dc/dx + v c) or 'ito' (J = -d(D c)/dx + v c), got {form!r}"
            )
        self.grid = grid
        self.A = grid.areas
        self.left_spec = _check_bc("left", left)
        self.right_spec = _check_bc("right", right)
        _check_axis(grid, self.left_spec)
        self.Dp = _parse_diffusivity(grid, D, form)
        self.D_callable = self.Dp.fn is not None
        self.D_args = self.Dp.args
        #: the callable D(c) / D(c, x), or the checked array of values
        self.D: Any = self.Dp.fn if self.Dp.fn is not None else self.Dp.values
        s, self._source_t = _parse_source(grid, source)
        #: the source rate of each cell (source per unit volume times the cell volume)
        self.SV = np.zeros(grid.n) if s is None else s * grid.volumes
        self.total_source = float(np.sum(self.SV))
        self.v = _parse_velocity(grid, velocity, form, self.Dp)
        # the two boundary half cells: (face area factor A, resistance, length, inward drift)
        (AL, rL, hL), (AR, rR, hR) = grid._ends
        vL = 0.0 if self.v is None else float(self.v[0])
        vR = 0.0 if self.v is None else -float(self.v[-1])  # mirrored at the right end
        self._ends = ((AL, rL, hL, vL), (AR, rR, hR, vR))
        self.time_dependent = (
            self.left_spec.time_dependent or self.right_spec.time_dependent or self._source_t is not None
        )
        if self.time_dependent and t is None:
            raise FluxInputError(
                "time-dependent boundary values or sources (callables of t) have no steady state: "
                "use solve_transient, or pass their values at the time you mean"
            )
        self.t = t
        self.left = self.left_spec.at(t) if t is not None else self.left_spec
        self.right = self.right_spec.at(t) if t is not None else self.right_spec
        # linear problems: the internal coefficients once; D(c): per state (coefficients())
        self._linear = None if self.Dp.values is None else self._linear_parts(self.Dp.values, self.Dp.kind)
        if self.time_dependent:
            self.set_time(cast(float, t))

    def _linear_parts(self, Dv: np.ndarray, kind: str) -> _Linear:
        """The frozen parts of the linear problem with D values ``Dv`` of ``kind``."""
        DL, DR = (float(Dv), float(Dv)) if kind == "scalar" else (float(Dv[0]), float(Dv[-1]))
        G, aL, aR = self._internal(Dv, kind)
        return _Linear(G, DL, DR, Coefficients(aL, aR, *self._side(0, DL), *self._side(1, DR)))

    @property
    def linear(self) -> Coefficients:
        """The coefficients of a linear problem (D given as numbers)."""
        return cast(_Linear, self._linear).coef

    def _set_source(self, s: np.ndarray) -> None:
        self.SV = s * self.grid.volumes
        self.total_source = float(np.sum(self.SV))

    def set_time(self, t: float) -> None:
        """Freeze time-dependent boundary values and sources at ``t``."""
        self.t = t
        if not self.time_dependent:
            return
        self.left = self.left_spec.at(t)
        self.right = self.right_spec.at(t)
        if self._source_t is not None:
            self._set_source(_source_at(self.grid, self._source_t, t))
        lin = self._linear
        if lin is not None:
            coef = Coefficients(lin.coef.aL, lin.coef.aR, *self._side(0, lin.DL), *self._side(1, lin.DR))
            self._linear = lin._replace(coef=coef)

    # -- D evaluation for callables: D(c) or D(c, x)
    def _Dc(self, c: ArrayLike, x: ArrayLike | float | None) -> np.ndarray:
        fn = cast(Callable[..., ArrayLike], self.Dp.fn)
        c = np.asarray(c, dtype=float)
        val = fn(c) if self.D_args == 1 else fn(c, np.broadcast_to(np.asarray(x, dtype=float), c.shape))
        val = np.asarray(val, dtype=float)
        if val.shape != c.shape:
            try:
                val = np.broadcast_to(val, c.shape).astype(float)
            except ValueError:
                if self.D_args == 1:
                    val = np.array([float(fn(float(ci))) for ci in c.ravel()]).reshape(c.shape)  # type: ignore[arg-type]
                else:
                    xs = np.broadcast_to(np.asarray(x, dtype=float), c.shape).ravel()
                    val = np.array(
                        [float(fn(float(ci), float(xi))) for ci, xi in zip(c.ravel(), xs, strict=True)]  # type: ignore[arg-type]
                    ).reshape(c.shape)
        if val.size and val.min() > 0 and val.max() < np.inf:  # NaN fails both: two passes
            return cast(np.ndarray, val)
        bad = ~(np.isfinite(val) & (val > 0))
        if bad.any():
            k = int(np.flatnonzero(bad.ravel())[0])
            where = ""
            if self.D_args != 1:
                where = f", x = {float(np.broadcast_to(np.asarray(x, dtype=float), c.shape).ravel()[k]):g}"
            raise FluxInputError(
                f"D(c) must be positive and finite, got D = {val.ravel()[k]:g} at c = {c.ravel()[k]:g}{where}"
            )
        return cast(np.ndarray, val)

    def _Dbar(self, cl: np.ndarray, cr: np.ndarray, x: ArrayLike | float | None) -> np.ndarray:
        """Integral mean of D(., x) over [cl, cr] (3-point Gauss-Legendre)."""
        d = cr - cl
        pts = cl[None, :] + _GL_S[:, None] * d[None, :]
        return _gl_sum(_GL_W, self._Dc(pts, x))

    def _face_x(self, k: int) -> float:
        return float(self.grid.faces[k])

    # -- coefficients: F_int = aL c_L - aR c_R ; inward rates = alpha - beta c_cell
    def _internal(self, D: np.ndarray | float, kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(G, aL, aR)`` of the internal faces for D of ``kind`` (:func:`_face_conductance`)."""
        v = self.v
        G, Z = _face_conductance(self.grid, D, kind, v is not None)
        aL, aR = _sg_coefficients(G, None if v is None else v[1:-1], Z)
        return G, aL, aR

    def _coefficients_from_D(self, D: np.ndarray | float, kind: str, DL: float, DR: float) -> Coefficients:
        """The coefficients for D of ``kind`` inside and ``DL``, ``DR`` in the boundary half cells."""
        _, aL, aR = self._internal(D, kind)
        return Coefficients(aL, aR, *self._side(0, DL), *self._side(1, DR))

    def _half_cell_of(self, side: int, Dh: float) -> tuple[float, float, float, float]:
        """(A, g_d, B(z), B(-z)) of the half cell at ``side`` (0 left, 1 right) with D = Dh."""
        A, rhalf, hhalf, v_b = self._ends[side]
        gd, bp, bm = _half_cell(A, float(Dh), rhalf, hhalf, v_b)
        return A, gd, bp, bm

    def _side(self, side: int, Dh: float, bc: Boundary | None = None) -> tuple[float, float]:
        """(alpha, beta) of the inward rate at ``side`` with half-cell D = Dh."""
        bc = bc if bc is not None else (self.left if side == 0 else self.right)
        if isinstance(bc, Flux):
            return self._ends[side][0] * _now(bc.j), 0.0
        if isinstance(bc, Robin) and bc.h == 0:
            return 0.0, 0.0
        A, rhalf, hhalf, v_b = self._ends[side]
        return _boundary_affine(bc, A, *_half_cell(A, float(Dh), rhalf, hhalf, v_b))

    def coefficients(self, c: np.ndarray) -> Coefficients:
        if self._linear is not None:
            return self._linear.coef
        g = self.grid
        Dint = self._Dbar(c[:-1], c[1:], g.faces[1:-1])
        DL = self._boundary_D(self.left, float(c[0]), self._face_x(0))
        DR = self._boundary_D(self.right, float(c[-1]), self._face_x(-1))
        coef = self._coefficients_from_D(Dint, "face", DL, DR)
        if isinstance(self.left, Robin) and self.left.h > 0:
            coef = coef._replace(alphaL=self._robin_nonlinear(self.left, float(c[0]), 0), betaL=0.0)
        if isinstance(self.right, Robin) and self.right.h > 0:
            coef = coef._replace(alphaR=self._robin_nonlinear(self.right, float(c[-1]), 1), betaR=0.0)
        return coef

    def _boundary_D(self, bc: Boundary, cc: float, x: float) -> float:
        if isinstance(bc, Fixed):
            return float(self._Dbar(np.array([cc]), np.array([_now(bc.value)]), x)[0])
        return 1.0  # unused (Flux) or handled by _robin_nonlinear

    def _robin_nonlinear(self, bc: Robin, cc: float, side: int) -> float:
        """Inward rate for Robin with D(c).

        The face value c_b balances the exchange flux h (c_ext - c_b) against the half-cell flux with the
        integral-mean D over [c_cell, c_b] (a monotone scalar equation, solved by bracketing + Brent).
        """
        from scipy.optimize import brentq

        k = 0 if side == 0 else -1
        A = float(self.A[k])
        x = self._face_x(k)
        c_ext = _now(bc.c_ext)

        def f(cb: float) -> float:
            Dh = float(self._Dbar(np.array([cc]), np.array([cb]), x)[0])
            alpha, beta = self._side(side, Dh, Fixed(cb))
            return A * bc.h * (c_ext - cb) - (alpha - beta * cc)

        lo, hi = min(cc, c_ext), max(cc, c_ext)
        width = max(hi - lo, 1e-12 * max(abs(lo), abs(hi), 1.0))
        flo, fhi = f(lo), f(hi)
        tries = 0
        while flo * fhi > 0:
            tries += 1
            if tries > 60:
                raise FluxInputError(
                    f"could not find the boundary value for Robin(h={bc.h:g}, c_ext={c_ext:g}) next to c = {cc:g}"
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
        return A * bc.h * (c_ext - cb)

    # -- rates, residual, components, linear system
    def rates(self, c: np.ndarray, coef: Coefficients | None = None) -> np.ndarray:
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

    def components(self, c: np.ndarray, F: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Diffusive and drift parts of the face rates ``F`` at the state ``c``.

        Module docstring, "Flux components": returns ``(diffusive, drift)``, rates toward +x.
        """
        if self.v is None:  # no drift: the flux is all diffusion
            return F.copy(), np.zeros_like(F)
        drift = np.zeros_like(F)
        g = self.grid
        lin = self._linear
        G = self._Dbar(c[:-1], c[1:], g.faces[1:-1]) * g._inv_r_int if lin is None else lin.G
        drift[1:-1] = F[1:-1] - G * (c[:-1] - c[1:])
        for side in (0, 1):
            k = 0 if side == 0 else -1
            v = float(self.v[k])
            if v == 0 or self.A[k] == 0:
                continue
            bc = self.left if side == 0 else self.right
            cc = float(c[k])
            if isinstance(bc, Fixed):
                cb = _now(bc.value)
            else:
                if lin is None:
                    Dh = float(self._Dc(np.array([cc]), self._face_x(k))[0])
                else:
                    Dh = lin.DL if side == 0 else lin.DR
                F_in = F[0] if side == 0 else -F[-1]
                A, gd, bp, bm = self._half_cell_of(side, Dh)
                # the half-cell flux F_in = A g_d (B(-z) c_b - B(z) c_cell), solved for c_b
                cb = (F_in / (A * gd) + bp * cc) / bm if bm > 0 else cc
            drift[k] = float(self.A[k]) * v * cb
        return F - drift, drift

    def residual(self, c: np.ndarray, coef: Coefficients | None = None) -> np.ndarray:
        F = self.rates(c, coef)
        return cast(np.ndarray, F[:-1] - F[1:] + self.SV)

    def rhs(self, coef: Coefficients) -> np.ndarray:
        """The vector ``b`` of the linear system ``residual = b - M c`` (sources and boundary inflows)."""
        b = self.SV.copy()
        b[0] += coef.alphaL
        b[-1] += coef.alphaR
        return b

    def banded(self, coef: Coefficients) -> tuple[np.ndarray, np.ndarray]:
        """Matrix M (banded storage, 3 x n) and vector b with residual = b - M c."""
        n = self.grid.n
        ab = np.empty((3, n))
        ab[0, 0] = 0.0
        ab[2, -1] = 0.0
        np.negative(coef.aR, out=ab[0, 1:])
        np.negative(coef.aL, out=ab[2, :-1])
        ab[1, -1] = 0.0
        ab[1, :-1] = coef.aL
        ab[1, 1:] += coef.aR
        ab[1, 0] += coef.betaL
        ab[1, -1] += coef.betaR
        return ab, self.rhs(coef)

    def flux_density(self, F: np.ndarray) -> np.ndarray:
        if self.grid.geometry == "cartesian":
            return F
        return F * self.grid._inv_areas

    # -- Jacobians
    def _inward(self, side: int, cc: float) -> float | None:
        """Inward boundary rate as a function of the adjacent cell value (D(c)).

        None where it does not depend on it (Flux, insulated Robin).
        """
        bc = self.left if side == 0 else self.right
        if isinstance(bc, Flux) or (isinstance(bc, Robin) and bc.h == 0):
            return None
        if isinstance(bc, Robin):
            return self._robin_nonlinear(bc, cc, side)
        x = self._face_x(0 if side == 0 else -1)
        Dh = float(self._Dbar(np.array([cc]), np.array([_now(bc.value)]), x)[0])
        alpha, beta = self._side(side, Dh)
        return alpha - beta * cc

    def _boundary_slopes(self, c: np.ndarray) -> list[tuple[int, float]]:
        """d(inward rate)/d(cell value) at each end where it is not zero (central differences)."""
        n = c.size
        out = []
        for side, k in ((0, 0), (1, n - 1)):
            cc = float(c[k])
            if self._inward(side, cc) is None:
                continue
            h = 1e-6 * (abs(cc) + max(float(np.max(np.abs(c))), 1e-8))
            hi, lo = cast(float, self._inward(side, cc + h)), cast(float, self._inward(side, cc - h))
            out.append((k, (hi - lo) / (2 * h)))
        return out

    def jacobian(self, c: np.ndarray) -> np.ndarray:
        """Banded dR/dc.

        The Kirchhoff entries D(c)/R at internal faces for D(c) without drift, otherwise central differences
        in three colour groups (module docstring).
        """
        if self.v is None and self.D_callable:
            return self._jacobian_kirchhoff(c)
        return self._jacobian_fd(c)

    def _jacobian_kirchhoff(self, c: np.ndarray) -> np.ndarray:
        # F = Q / R with Q the 3-point Gauss quadrature of Phi(cL) - Phi(cR) = int_cR^cL D dc,
        # whose derivatives are D(cL) and -D(cR) (module docstring, "Linear algebra")
        n = c.size
        if n > 1:
            inv_R = self.grid._inv_r_int
            if self.D_args == 1:
                Dc = self._Dc(c, None)
                jac = _kirchhoff_band(Dc[:-1] * inv_R, Dc[1:] * inv_R, n)
            else:
                xf = self.grid.faces[1:-1]
                jac = _kirchhoff_band(self._Dc(c[:-1], xf) * inv_R, self._Dc(c[1:], xf) * inv_R, n)
        else:
            jac = np.zeros((3, n))
        for k, slope in self._boundary_slopes(c):
            jac[1, k] += slope
        return jac

    def symmetric_jacobian(self, c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """For D(c) without drift: ``J = -T diag(D(c))`` with ``T`` symmetric tridiagonal.

        Returns ``(d, e, Dc)``, the diagonal and off-diagonal of ``T`` and the cell values
        ``D(c)``, or None when that structure does not hold (drift, D(c, x)).
        """
        if self.v is not None or not self.D_callable or self.D_args != 1 or c.size < 2:
            return None
        inv_R = self.grid._inv_r_int
        Dc = self._Dc(c, None)
        d = np.zeros(c.size)
        d[:-1] += inv_R
        d[1:] += inv_R
        for k, slope in self._boundary_slopes(c):
            d[k] -= slope / Dc[k]
        return d, -inv_R, Dc

    def _jacobian_fd(self, c: np.ndarray) -> np.ndarray:
        return _fd_band(self.residual, c)


def _check_axis(grid: Grid, bc: Boundary) -> None:
    """At r = 0 (zero face area) only Flux(0), symmetry, is possible."""
    if grid.geometry == "cartesian" or grid.faces[0] > 0:
        return
    word = _CENTRE_WORD[grid.geometry]
    tail = "use Flux(0) (symmetry) or start the grid at r > 0"
    if isinstance(bc, Fixed):
        raise FluxInputError(
            f"a fixed value at r = 0 on a {grid.geometry} grid is singular: the face at the {word} "
            f"has zero area; {tail}"
        )
    if isinstance(bc, Robin) and bc.h > 0:
        raise FluxInputError(
            f"a Robin exchange condition at r = 0 on a {grid.geometry} grid is singular: the face at the "
            f"{word} has zero area; {tail}"
        )
    if isinstance(bc, Flux) and (callable(bc.j) or _now(bc.j) != 0):
        shown = "j(t)" if callable(bc.j) else f"{_now(bc.j):g}"
        raise FluxInputError(
            f"a nonzero flux Flux({shown}) at r = 0 on a {grid.geometry} grid is singular: the face at "
            f"the {word} has zero area, so no finite flux density can carry a finite amount; {tail}"
        )


def _solve_banded(ab: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve the tridiagonal system in banded storage (3 x n, C-contiguous float64).

    ``ab`` and ``b`` are overwritten. LAPACK ``gtsv`` (partial pivoting) exactly as
    :func:`scipy.linalg.solve_banded` calls it for one band either side, without that
    function's Python-level validation (which costs more than the solve below n ~ 1e3).
    """
    from numpy.linalg import LinAlgError
    from scipy.linalg import lapack

    if b.shape[0] == 1:
        return cast(np.ndarray, b / ab[1, 0])
    _, _, _, x, info = lapack.dgtsv(ab[2, :-1], ab[1], ab[0, 1:], b, 1, 1, 1, 1)
    if info > 0:
        raise LinAlgError("singular matrix")
    if info < 0:
        raise ValueError(f"illegal value in argument {-info} of LAPACK gtsv")
    return cast(np.ndarray, x)


def _solve_banded_or_explain(op: _Operator, ab: np.ndarray, b: np.ndarray) -> np.ndarray:
    """:func:`_solve_banded`, with a singular matrix explained in the physics' words."""
    from numpy.linalg import LinAlgError

    try:
        return _solve_banded(ab, b)
    except LinAlgError:
        g = op.grid
        D = float(np.min(op.D)) if not op.D_callable else float("nan")
        vmax = 0.0 if op.v is None else float(np.max(np.abs(op.v)))
        pe = vmax * (g.b - g.a) / D
        raise FluxInputError(
            "the steady problem is singular to working precision: with drift, the Boltzmann factor "
            f"across the domain reaches exp(max|v| (b - a) / min D) = exp({pe:.3g}), so a level fixed "
            "at one end cannot be felt at the other; shorten the domain, lower the drift, or fix "
            "the level at the downstream end"
        ) from None


def _symmetric_newton_step(
    op: _Operator, c: np.ndarray, r: np.ndarray, extra_diag: np.ndarray | None
) -> np.ndarray | None:
    """Newton step for D(c) without drift.

    With ``J = -T diag(D(c))`` (T symmetric), solve ``T y = r`` by LAPACK ``ptsv`` (symmetric positive
    definite tridiagonal, no pivoting: cheaper than the general ``gtsv``) and return ``dc = y / D(c)``; None
    if the structure does not hold or T is not positive definite.
    """
    sym = op.symmetric_jacobian(c)
    if sym is None:
        return None
    from scipy.linalg import lapack

    d, e, Dc = sym
    if extra_diag is not None:
        d -= extra_diag / Dc
    _, _, y, info = lapack.dptsv(d, e, r, overwrite_d=1, overwrite_e=0, overwrite_b=0)
    if info != 0:
        return None
    return cast(np.ndarray, y / Dc)


def _newton(
    op: _Operator,
    c: np.ndarray,
    extra_residual: Callable[[np.ndarray], np.ndarray] | None,
    extra_diag: np.ndarray | None,
    tol: float,
    max_iter: int,
    what: str,
) -> tuple[np.ndarray, int, float]:
    """Solve residual(c) + extra_residual(c) = 0; returns (c, iterations, |residual|)."""

    def full(cv: np.ndarray) -> np.ndarray:
        r = op.residual(cv)
        return r + extra_residual(cv) if extra_residual is not None else r

    r = full(c)
    rnorm = float(np.linalg.norm(r))
    step = np.inf
    for it in range(1, max_iter + 1):
        dc = _symmetric_newton_step(op, c, r, extra_diag)
        if dc is None:
            J = op.jacobian(c)
            if extra_diag is not None:
                J[1] += extra_diag
            # Newton: J dc = -r  ->  (-J) dc = r
            dc = _solve_banded(np.negative(J, out=J), r.copy())
        if not np.all(np.isfinite(dc)):
            break
        # the full Newton step estimates the error, whatever the damping
        step = float(np.max(np.abs(dc)))
        c_full = c + dc
        if step <= tol * max(float(np.max(np.abs(c_full))), 1e-300):
            return c_full, it, float(np.max(np.abs(full(c_full))))
        # backtracking on the 2-norm of the residual (the Newton step is a descent direction)
        lam = 1.0
        for _ in range(40):
            ct = c_full if lam == 1.0 else c + lam * dc
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


def _budget_steady(op: _Operator, F: np.ndarray) -> Budget:
    inL = float(F[0])
    inR = float(-F[-1])
    src = op.total_source
    return Budget(inL, inR, src, 0.0, inL + inR + src)


# -------------------------------------------------------------------- public API
def solve_steady(
    grid: Grid,
    D: DiffusivityLike,
    *,
    left: Boundary | None = None,
    right: Boundary | None = None,
    source: SourceLike | None = None,
    velocity: VelocityLike | None = None,
    form: str = "fick",
    tol: float = 1e-10,
    max_iter: int = 50,
) -> SteadyResult:
    """Steady state of ``-d/dx[A(-D dc/dx + v c)]/A ... = s``: balance of fluxes and sources.

    ``D``: number, array of n+1 face values, array of n cell values (layered media,
    series resistances at faces), or callable ``D(c)`` or ``D(c, x)`` (vectorised; solved
    by Newton). ``left``, ``right``: :class:`Fixed`, :class:`Flux` (inward flux density!) or
    :class:`Robin` with constant values; default ``Flux(0)`` (insulated). ``source``: per unit
    volume, number, n values or callable ``source(x)`` (x = cell centres). ``velocity``:
    drift velocity toward +x, number, n+1 face values or callable ``velocity(x)`` (x = faces).
    ``form``: ``"fick"`` (J = -D dc/dx + v c) or ``"ito"`` (J = -d(D c)/dx + v c, D a number
    or n cell values; module docstring). The result carries the flux and its diffusive and
    drift parts.
    """
    op = _Operator(grid, D, left, right, source, velocity, form=form)
    check_positive("tol", tol)
    n = grid.n
    if not (_fixes_level(op.left) or _fixes_level(op.right)):
        total = (
            (op.A[0] * _now(op.left.j) if isinstance(op.left, Flux) else 0.0)
            + (op.A[-1] * _now(op.right.j) if isinstance(op.right, Flux) else 0.0)
            + op.total_source
        )
        raise FluxInputError(
            "with flux conditions at both ends the steady state is not unique, and exists only if "
            f"inflow + sources sum to zero (they sum to {total:+.6g}): fix the value at one end "
            "(Fixed or Robin), or use solve_transient"
        )
    if not op.D_callable:
        coef = op.linear
        ab, b = op.banded(coef)
        c = _solve_banded_or_explain(op, ab, b)
        F = op.rates(c, coef)
        iterations = 1
    else:
        c = _frozen_guess(op)
        c, iterations, _ = _newton(op, c, None, None, tol, max_iter, "the steady state")
        F = op.rates(c)
    R = F[:-1] - F[1:] + op.SV
    split = None
    if op.v is not None:
        dif, dri = op.components(c, F)
        split = (op.flux_density(dif), op.flux_density(dri))
    return SteadyResult(
        c=c,
        flux=op.flux_density(F),
        budget=_budget_steady(op, F),
        iterations=iterations,
        residual=float(np.max(np.abs(R))) if n else 0.0,
        grid=grid,
        _split=split,
    )


def flux_components(
    grid: Grid,
    D: DiffusivityLike,
    c: ArrayLike,
    flux: ArrayLike,
    *,
    left: Boundary | None = None,
    right: Boundary | None = None,
    velocity: VelocityLike | None = None,
    form: str = "fick",
) -> tuple[np.ndarray, np.ndarray]:
    """Split face flux densities into their diffusive and drift parts.

    Module docstring, "Flux components": returns ``(diffusive, drift)``, n+1 values each, positive toward +x,
    summing to ``flux``. ``c`` (n cell values) and ``flux`` (n+1 face flux densities, as in
    :class:`SteadyResult`) describe a state of the problem given by the other arguments, as
    for :func:`solve_steady`; the results of the solvers already carry these parts
    (``diffusive_flux``, ``drift_flux``).
    """
    op = _Operator(grid, D, left, right, None, velocity, form=form)
    n = grid.n
    cv = check_finite("c", c)
    check_length("c", cv, n, of="cell")
    fv_ = check_finite("flux", flux)
    check_length("flux", fv_, n + 1, of="face")
    F = fv_ * grid.areas
    dif, dri = op.components(cv.astype(float), F)
    return op.flux_density(dif), op.flux_density(dri)


def _frozen_guess(op: _Operator) -> np.ndarray:
    """Newton's initial guess.

    The linear problem (drift included) with D frozen at its value at the mean of the levels fixed at the
    boundaries (module docstring, "Linear algebra").
    """
    refs = [_level(bc) for bc in (op.left, op.right) if _fixes_level(bc)]
    cref = float(np.mean(refs))
    g = op.grid
    D0 = float(np.mean(op._Dc(np.full(g.n, cref), g.centers)))
    ab, b = op.banded(op._coefficients_from_D(D0, "scalar", D0, D0))
    return _solve_banded(ab, b)


_METHODS = {"crank-nicolson": 0.5, "backward-euler": 1.0}


def _initial_state(grid: Grid, c0: InitialLike) -> np.ndarray:
    n = grid.n
    if callable(c0):
        return np.broadcast_to(check_finite("c0(x)", c0(grid.centers)), (n,)).astype(float)
    c = check_finite("c0", c0)
    if c.ndim != 0:
        check_length("c0", c, n, of="cell")
    return np.broadcast_to(c, (n,)).astype(float)


def _output_times(times: ArrayLike) -> np.ndarray:
    t = check_finite("times", times)
    if t.ndim == 0:
        t = t.reshape(1)
    if t.ndim != 1 or t.size < 1:
        raise FluxInputError(f"times must be a 1-D array of output times, got array of shape {t.shape}")
    bad = np.flatnonzero(np.diff(t) <= 0)
    if bad.size:
        k = int(bad[0])
        raise FluxInputError(
            f"times must be strictly increasing, got times[{k + 1}] = {t[k + 1]:g} after times[{k}] = {t[k]:g}"
        )
    return t


def _default_dt(op: _Operator, c: np.ndarray) -> float:
    """Default step ``dt = min(dx) * min((b - a) / max D, 1 / max|v|)`` (module docstring, "Time steps")."""
    g = op.grid
    Dmax = float(np.max(op._Dc(c, g.centers))) if op.D_callable else float(np.max(op.D))
    lim = (g.b - g.a) / Dmax
    if op.v is not None:
        lim = min(lim, 1.0 / float(np.max(np.abs(op.v))))
    return float(np.min(g.widths)) * lim


class _LinearStepper:
    """θ-steps of a linear problem.

    (V/h + θ M) c* = V/h c + θ b(t*) + (1 - θ) R_old, with the tridiagonal factors kept per step size (M does
    not change in time).
    """

    def __init__(self, op: _Operator, theta: float) -> None:
        self.op, self.theta, self.V = op, theta, op.grid.volumes
        ab, b = op.banded(op.linear)
        self.diag, self.up, self.low = ab[1], ab[0, 1:], ab[2, :-1]
        # theta b, unless boundary values or sources move (then rebuilt at each step)
        self.theta_b = None if op.time_dependent else theta * b
        self.factors: dict[float, Factors] = {}

    def __call__(self, c: np.ndarray, R_prev: np.ndarray, h: float) -> tuple[np.ndarray, int]:
        op, theta, V = self.op, self.theta, self.V
        fac = self.factors.get(h)
        if fac is None:
            fac = self.factors[h] = _factor(V / h + theta * self.diag, theta * self.up, theta * self.low)
        coef = op.linear
        theta_b = self.theta_b if self.theta_b is not None else theta * op.rhs(coef)
        rhs = V / h * c + theta_b + (1 - theta) * R_prev
        return op.rates(_solve_factored(fac, rhs), coef), 0


class _ThetaResidual:
    """The extra residual of one nonlinear θ-step: -V/(θh) (c - c_old) + (1-θ)/θ R_old."""

    def __init__(self, V: np.ndarray, c_old: np.ndarray, R_old: np.ndarray, h: float, theta: float) -> None:
        self.V, self.c_old, self.R_old, self.h, self.theta = V, c_old, R_old, h, theta

    def __call__(self, cv: np.ndarray) -> np.ndarray:
        th = self.theta
        out: np.ndarray = -(self.V / self.h) * (cv - self.c_old) / th + (1 - th) / th * self.R_old
        return out


class _NewtonStepper:
    """θ-steps of a problem with D(c): Newton on each step, from the previous state."""

    def __init__(self, op: _Operator, theta: float, tol: float, max_iter: int) -> None:
        self.op, self.theta, self.tol, self.max_iter = op, theta, tol, max_iter

    def __call__(self, c: np.ndarray, R_prev: np.ndarray, h: float) -> tuple[np.ndarray, int]:
        op, theta, V = self.op, self.theta, self.op.grid.volumes
        extra = _ThetaResidual(V, c, R_prev, h, theta)
        what = f"the step to t = {op.t:g}"
        cs, its, _ = _newton(op, c.copy(), extra, -V / (h * theta), self.tol, self.max_iter, what)
        return op.rates(cs), its


def solve_transient(
    grid: Grid,
    D: DiffusivityLike,
    c0: InitialLike,
    times: ArrayLike,
    *,
    left: Boundary | None = None,
    right: Boundary | None = None,
    source: SourceLike | None = None,
    velocity: VelocityLike | None = None,
    form: str = "fick",
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
    ``c0``: number, n values or callable ``c0(x)``. Other arguments as :func:`solve_steady`,
    and in addition boundary values may be callables of time (``Fixed(lambda t: ...)``,
    ``Flux(j(t))``, ``Robin(h, c_ext(t))``) and ``source`` a callable ``source(x, t)``; they
    enter the θ-scheme at the old and the new time of each step.
    """
    t = _output_times(times)
    op = _Operator(grid, D, left, right, source, velocity, form=form, t=float(t[0]))
    if not isinstance(method, str) or method.lower() not in _METHODS:
        raise FluxInputError(f"method must be one of {', '.join(repr(m) for m in _METHODS)}, got {method!r}")
    theta = _METHODS[method.lower()]
    c = _initial_state(grid, c0)
    dt_max = _default_dt(op, c) if dt is None else float(check_positive("dt", dt))
    stepper = _LinearStepper(op, theta) if not op.D_callable else _NewtonStepper(op, theta, tol, max_iter)

    hist = _History(op, t)
    # Each step solves for c* and evaluates the face rates F* = F(c*) once; the new state is
    # then written in flux form, c = c_old + dt/V (θ ΔF* + (1-θ) ΔF_old), and F* is reused
    # as F_old of the next step. The content identity therefore holds to the round-off of
    # the net fluxes, whatever the round-off of the solve or the Newton tolerance.
    V = grid.volumes
    F_prev = op.rates(c)
    hist.record(0, c, F_prev)
    for k in range(1, t.size):
        interval = float(t[k] - t[k - 1])
        nsub = max(1, math.ceil(interval / dt_max * (1 - 1e-12)))
        h = interval / nsub
        hist.dts.append(h)
        for j in range(nsub):
            R_prev = F_prev[:-1] - F_prev[1:] + op.SV
            S_prev = op.total_source
            t_new = float(t[k]) if j == nsub - 1 else float(t[k - 1]) + (j + 1) * h
            op.set_time(t_new)
            F_new, its = stepper(c, R_prev, h)
            R_new = F_new[:-1] - F_new[1:] + op.SV
            c = c + (h / V) * (theta * R_new + (1 - theta) * R_prev)
            hist.step(h, theta, F_prev, F_new, S_prev, op.total_source, its)
            F_prev = F_new
        hist.record(k, c, F_prev)
    return hist.result(method.lower(), theta)


class _History:
    """What :func:`solve_transient` keeps at the output times.

    With the θ-weighted running totals of the boundary inflows and sources between them (the budget's
    right-hand side).
    """

    def __init__(self, op: _Operator, t: np.ndarray) -> None:
        m, n = t.size, op.grid.n
        self.op, self.t = op, t
        self.C = np.empty((m, n))
        self.F = np.empty((m, n + 1))
        self.DIF = np.empty((m, n + 1) if op.v is not None else (0, 0))
        self.content = np.empty(m)
        self.storage = np.empty(m)
        self.src = np.empty(m)
        self.cum = np.zeros((3, m))  # left, right, source
        self.accL = self.accR = self.accS = 0.0
        self.dts: list[float] = []
        self.steps = 0
        self.iterations = 0

    def step(
        self,
        h: float,
        theta: float,
        F_old: np.ndarray,
        F_new: np.ndarray,
        S_old: float,
        S_new: float,
        its: int,
    ) -> None:
        """Add one step's θ-weighted inflows (left, right) and sources."""
        self.accL += h * (theta * float(F_new[0]) + (1 - theta) * float(F_old[0]))
        self.accR -= h * (theta * float(F_new[-1]) + (1 - theta) * float(F_old[-1]))
        self.accS += h * (theta * S_new + (1 - theta) * S_old)
        self.steps += 1
        self.iterations += its

    def record(self, k: int, c: np.ndarray, F: np.ndarray) -> None:
        op = self.op
        self.C[k] = c
        self.F[k] = F
        if op.v is not None:
            self.DIF[k] = op.components(c, F)[0]
        self.content[k] = float(op.grid.volumes @ c)
        self.storage[k] = float(np.sum(F[:-1] - F[1:] + op.SV))
        self.src[k] = op.total_source
        self.cum[:, k] = (self.accL, self.accR, self.accS)

    def budget(self) -> Budget:
        inL = self.F[:, 0].copy()
        inR = -self.F[:, -1]
        cumL, cumR, cumS = self.cum
        net = cumL + cumR + cumS
        return Budget(
            inflow_left=inL,
            inflow_right=inR,
            source=self.src,
            storage=self.storage,
            imbalance=inL + inR + self.src - self.storage,
            content=self.content,
            net_in=net,
            cumulative_left=cumL,
            cumulative_right=cumR,
            cumulative_source=cumS,
            cumulative_imbalance=self.content - self.content[0] - net,
            times=self.t,
        )

    def result(self, method: str, theta: float) -> TransientResult:
        grid = self.op.grid
        inv = grid._inv_areas
        return TransientResult(
            t=self.t,
            c=self.C,
            flux=self.F * inv,
            budget=self.budget(),
            grid=grid,
            method=method,
            theta=theta,
            steps=self.steps,
            iterations=self.iterations,
            dts=np.array(self.dts),
            _split=None if self.op.v is None else (self.DIF * inv, (self.F - self.DIF) * inv),
        )


def _factor(d: np.ndarray, du: np.ndarray, dl: np.ndarray) -> Factors:
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


def _solve_factored(fac: Factors, rhs: np.ndarray) -> np.ndarray:
    kind, data = fac
    if kind == "banded":
        return _solve_banded(data.copy(), rhs)
    dl, d, du, du2, ipiv, gttrs = data
    x, info = gttrs(dl, d, du, du2, ipiv, rhs)
    return cast(np.ndarray, x)
