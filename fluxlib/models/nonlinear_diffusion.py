r"""Section 2.5: steady diffusion through a slab whose diffusivity depends on concentration.

A slab :math:`0 \le x \le L` (m) holds concentration ``c_left`` at :math:`x = 0` and
``c_right`` at :math:`x = L` (mol m⁻³). In a steady state nothing accumulates, so the flux
density :math:`J = -D(c)\,dc/dx` (mol m⁻² s⁻¹, positive toward +x) is the same at every x.
The **Kirchhoff transform** :math:`\Phi(c) = \int_0^c D(s)\,ds` (mol m⁻¹ s⁻¹) turns this into
:math:`J = -d\Phi/dx`, so :math:`\Phi` is a straight line in x even though c is not:

.. math::

    \Phi(c(x)) = \Phi(c_L) + \big(\Phi(c_R) - \Phi(c_L)\big)\,x/L, \qquad
    J = \big(\Phi(c_L) - \Phi(c_R)\big)/L .

Two laws are provided, each with Φ and its inverse in closed form (derived in
:mod:`fluxlib.symbolic.nonlinear_diffusion`): :class:`LinearD`, :math:`D = D_0(1 + \beta c)`, and
:class:`ExponentialD`, :math:`D = D_0 e^{\beta c}` (D₀ in m² s⁻¹, β in m³ mol⁻¹).

The numerics are the book's one finite-volume core, :func:`fluxlib.fv.solve_steady`, given
the callable D(c) and solved by Newton's method. The core averages D over each face by the
integral mean, which is the Kirchhoff transform in discrete form. It computes that mean by
3-point Gauss–Legendre quadrature, exact for polynomial D up to degree 5, so for
:class:`LinearD` the cell-centre values agree with the exact profile to round-off; for
:class:`ExponentialD` they agree to within the quadrature error of the mean, which grows with
βΔc and shrinks with finer cells (about 10⁻⁸ of c_left at βc₁ = 4 on 24 cells, a few 10⁻¹² at
βc₁ = 2). The cell *averages* (and the amount stored in the slab) are second-order accurate,
and :func:`observed_order` measures that order.

Where it holds: a steady state in a slab of fixed thickness, with a diffusivity that depends
only on the local concentration (Fickian). Real penetrants in polymers often follow such laws,
the exponential one especially (Crank 1975), but the numbers of the book's example are
illustrative, not those of a particular material: D₀ is of a plausible size for a small solvent
in a rubbery polymer, while β is chosen larger than is typical, so that the bend shows (βc₁ = 2
triples D over 100 mol m⁻³, which for a small solvent is only about 1 % by volume). The model leaves out swelling (the slab
thickens and the reference frame moves when much penetrant dissolves), relaxation-controlled
("Case II") transport in glassy polymers, where the flux depends on the history and not on
c alone, and any temperature change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.errors import FluxInputError, check_finite, check_positive
from fluxlib.fv import Fixed, Grid, solve_steady
from fluxlib.tables import Table


@dataclass(frozen=True)
class LinearD:
    """D(c) = D0 (1 + beta c). ``D0`` in m² s⁻¹, ``beta`` in m³ mol⁻¹ (c in mol m⁻³)."""

    D0: float = 1.0e-10
    beta: float = 0.02

    name = "linear"

    def __post_init__(self) -> None:
        check_positive("D0 (diffusivity at c = 0, m²/s)", self.D0)
        check_finite("beta (m³/mol)", self.beta)

    def __call__(self, c: ArrayLike) -> np.ndarray:
        """D(c), m² s⁻¹, at concentrations c (mol m⁻³)."""
        return self.D0 * (1.0 + self.beta * np.asarray(c, dtype=float))

    def kirchhoff(self, c: ArrayLike) -> np.ndarray:
        """Φ(c) = ∫₀ᶜ D ds = D0 (c + β c²/2), mol m⁻¹ s⁻¹."""
        c = np.asarray(c, dtype=float)
        return self.D0 * (c + 0.5 * self.beta * c**2)

    def inverse(self, phi: ArrayLike) -> np.ndarray:
        """c(Φ), the root of D0 (c + β c²/2) = Φ on the branch where D > 0."""
        u = np.asarray(phi, dtype=float) / self.D0
        if self.beta == 0.0:
            return u
        return 2.0 * u / (1.0 + np.sqrt(1.0 + 2.0 * self.beta * u))

    def check_range(self, c_lo: float, c_hi: float) -> None:
        """Refuse a range of c (mol m⁻³) over which D(c) would not stay positive."""
        for c in (c_lo, c_hi):
            if 1.0 + self.beta * c <= 0.0:
                raise FluxInputError(
                    f"D(c) = D0 (1 + βc) is {float(self(c)):.3g} m²/s at c = {c:g} mol/m³ (β = {self.beta:g} m³/mol): "
                    "a diffusivity must stay positive across the slab"
                )


@dataclass(frozen=True)
class ExponentialD:
    """D(c) = D0 exp(beta c). ``D0`` in m² s⁻¹, ``beta`` in m³ mol⁻¹ (c in mol m⁻³)."""

    D0: float = 1.0e-10
    beta: float = 0.02

    name = "exponential"

    def __post_init__(self) -> None:
        check_positive("D0 (diffusivity at c = 0, m²/s)", self.D0)
        check_finite("beta (m³/mol)", self.beta)

    def __call__(self, c: ArrayLike) -> np.ndarray:
        """D(c), m² s⁻¹, at concentrations c (mol m⁻³)."""
        return self.D0 * np.exp(self.beta * np.asarray(c, dtype=float))

    def kirchhoff(self, c: ArrayLike) -> np.ndarray:
        """Φ(c) = D0 (e^{βc} - 1)/β (→ D0 c as β → 0), mol m⁻¹ s⁻¹."""
        c = np.asarray(c, dtype=float)
        if self.beta == 0.0:
            return self.D0 * c
        return self.D0 * np.expm1(self.beta * c) / self.beta

    def inverse(self, phi: ArrayLike) -> np.ndarray:
        """c(Φ) = ln(1 + βΦ/D0)/β (→ Φ/D0 as β → 0), mol m⁻³."""
        u = np.asarray(phi, dtype=float) / self.D0
        if self.beta == 0.0:
            return u
        return np.log1p(self.beta * u) / self.beta

    def check_range(self, c_lo: float, c_hi: float) -> None:
        """Accept any range of c: an exponential D is always positive."""
        return None  # always positive


#: A diffusivity law with Φ and its inverse in closed form.
Law = LinearD | ExponentialD

LAWS: dict[str, type[LinearD] | type[ExponentialD]] = {"linear": LinearD, "exponential": ExponentialD}


@dataclass(frozen=True)
class SlabResult:
    """Steady profile in a slab with D(c).

    ``x``: cell centres (m); ``faces``: face positions (m); ``c``: computed cell values
    (mol m⁻³); ``c_exact``: Kirchhoff profile at the centres; ``flux``: computed face flux
    densities (mol m⁻² s⁻¹, positive toward +x); ``flux_exact``: (Φ(c_L) - Φ(c_R))/L;
    ``iterations``: Newton iterations of the core solver.
    """

    x: np.ndarray
    faces: np.ndarray
    c: np.ndarray
    c_exact: np.ndarray
    flux: np.ndarray
    flux_exact: float
    iterations: int
    length: float
    c_left: float
    c_right: float
    law: Law

    def profile(self, x: ArrayLike) -> np.ndarray:
        """The exact Kirchhoff profile c(x), mol m⁻³, at any positions x (m)."""
        return kirchhoff_profile(self.law, self.length, self.c_left, self.c_right, x)

    def gradient(self, x: ArrayLike) -> np.ndarray:
        """dc/dx (mol m⁻⁴) of the exact profile: -J/D(c)."""
        return -self.flux_exact / self.law(self.profile(x))


def _check_slab(law: object, length: float, c_left: float, c_right: float) -> tuple[float, float, float]:
    if not isinstance(law, (LinearD, ExponentialD)):
        raise FluxInputError(f"law must be LinearD(D0, beta) or ExponentialD(D0, beta), got {law!r}")
    L = float(check_positive("slab thickness L (m)", length))
    cl = float(check_finite("c_left (mol/m³)", c_left))
    cr = float(check_finite("c_right (mol/m³)", c_right))
    law.check_range(min(cl, cr), max(cl, cr))
    return L, cl, cr


def kirchhoff_profile(law: Law, length: float, c_left: float, c_right: float, x: ArrayLike) -> np.ndarray:
    """Exact steady c(x) (mol m⁻³): Φ linear in x between the two end values."""
    L, cl, cr = _check_slab(law, length, c_left, c_right)
    s = np.asarray(x, dtype=float) / L
    phi = law.kirchhoff(cl) + (law.kirchhoff(cr) - law.kirchhoff(cl)) * s
    return law.inverse(phi)


def kirchhoff_flux(law: Law, length: float, c_left: float, c_right: float) -> float:
    """Exact steady flux density J = (Φ(c_L) - Φ(c_R))/L, mol m⁻² s⁻¹, positive toward +x."""
    L, cl, cr = _check_slab(law, length, c_left, c_right)
    return float((law.kirchhoff(cl) - law.kirchhoff(cr)) / L)


def steady_slab(
    law: Law, *, length: float = 1e-4, c_left: float = 100.0, c_right: float = 0.0, n: int = 40
) -> SlabResult:
    """Solve the slab with fluxlib's finite-volume core (Newton on the callable D(c))."""
    L, cl, cr = _check_slab(law, length, c_left, c_right)
    grid = Grid.uniform(0.0, L, n)
    res = solve_steady(grid, law, left=Fixed(cl), right=Fixed(cr))
    return SlabResult(
        x=grid.centers,
        faces=grid.faces,
        c=res.c,
        c_exact=kirchhoff_profile(law, L, cl, cr, grid.centers),
        flux=res.flux,
        flux_exact=kirchhoff_flux(law, L, cl, cr),
        iterations=res.iterations,
        length=L,
        c_left=cl,
        c_right=cr,
        law=law,
    )


def exact_content(law: Law, length: float, c_left: float, c_right: float) -> float:
    """∫₀ᴸ c dx (mol m⁻²) of the exact profile, by a high-order quadrature of the closed form."""
    L, cl, cr = _check_slab(law, length, c_left, c_right)
    from scipy.integrate import quad

    val, _ = quad(lambda x: float(kirchhoff_profile(law, L, cl, cr, x)), 0.0, L, epsabs=0.0, epsrel=1e-13)
    return float(val)


def observed_order(
    law: Law, *, length: float = 1e-4, c_left: float = 100.0, c_right: float = 0.0, n: int = 20
) -> dict:
    """Error of the stored amount Σ c_i h_i against ∫c dx on n and 2n cells, and the order.

    Returns ``{"errors": (e_n, e_2n), "order": log2(e_n / e_2n)}``; a second-order method
    gives an order near 2.
    """
    exact = exact_content(law, length, c_left, c_right)
    errs = []
    for m in (n, 2 * n):
        r = steady_slab(law, length=length, c_left=c_left, c_right=c_right, n=m)
        errs.append(abs(float(np.sum(r.c * np.diff(r.faces))) - exact))
    return {"errors": tuple(errs), "order": float(np.log2(errs[0] / errs[1]))}


# --- tables and sentences for the page (numbers computed here, never typed in a notebook) ------
def slab_table(res: SlabResult) -> Table:
    """Kirchhoff flux beside the finite-volume faces, the profile gap and Newton's iterations."""
    rows = [
        ["Kirchhoff flux (Φ(c₁) − Φ(c₂))/L", res.flux_exact, "mol/(m² s)"],
        ["finite-volume flux, smallest face", float(res.flux.min()), "mol/(m² s)"],
        ["finite-volume flux, largest face", float(res.flux.max()), "mol/(m² s)"],
        ["largest gap to the exact profile", float(np.max(np.abs(res.c - res.c_exact))), "mol/m³"],
        ["Newton iterations", int(res.iterations), ""],
    ]
    return Table(["quantity", "value", "unit"], rows, digits=7)


def order_table(
    laws: Sequence[Law],
    *,
    length: float = 1e-4,
    c_left: float = 100.0,
    c_right: float = 0.0,
    n: int = 20,
) -> Table:
    """Stored-amount error on n and 2n cells, and the observed order, for each law."""
    rows = []
    for law in laws:
        out = observed_order(law, length=length, c_left=c_left, c_right=c_right, n=n)
        e1, e2 = out["errors"]
        rows.append([law.name, e1, e2, out["order"]])
    return Table(["law", f"error, {n} cells (mol/m²)", f"error, {2 * n} cells", "order"], rows)


def figure_alt(res: SlabResult) -> str:
    """Alt text for :func:`fluxlib.plotting.nonlinear_diffusion.plot_kirchhoff`, computed from the result."""
    drop = res.c_left - res.c_right
    J0 = res.law.D0 * drop / res.length
    d_in, d_out = (float(res.law(c)) / res.law.D0 for c in (res.c_left, res.c_right))
    j_rel = res.flux_exact / J0
    d_hi, d_lo = (float(res.law(c)) for c in (max(res.c_left, res.c_right), min(res.c_left, res.c_right)))
    bow = "bows above" if d_hi > d_lo else ("sags below" if d_hi < d_lo else "lies on")
    return (
        f"Left: the steady profile for the {res.law.name} law {bow} the straight constant-D line, "
        f"and the finite-volume cells lie on the exact curve. Right: on a log scale, D(c)/D0 goes "
        f"from {d_in:.2g} to {d_out:.2g} across the membrane, the steepness from "
        f"{j_rel / d_in:.2g} to {j_rel / d_out:.2g}, and the flux J/J0 stays flat at {j_rel:.2g}."
    )
