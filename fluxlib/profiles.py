"""Velocity profiles over a cross-section and the flux of properties they carry.

A profile is ``u(s) = u_max f(s)`` with ``s`` the dimensionless position: ``s = r/R`` in a
pipe of radius ``R`` (axisymmetric, area element ``2 pi r dr``) or ``s = y/h`` in a plane
channel of half-width ``h`` (``-1 <= s <= 1``, per unit depth). Averages are over the
cross-section: ``<g> = int_0^1 g(s) 2 s ds`` (pipe) or ``int_0^1 g(s) ds`` (channel).

* kinetic-energy (Coriolis) factor ``alpha = <u^3> / <u>^3``
* momentum (Boussinesq) factor ``beta = <u^2> / <u>^2``

Averages are computed by adaptive quadrature (``scipy.integrate.quad``). Profiles that
vanish like ``(1 - s)^e`` at the wall with a non-integer ``e`` (the 1/m-power turbulent
profile, whose derivative is infinite there) are integrated with quad's algebraic weight
``(1 - s)^(k e)`` so the singularity is treated exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.integrate import quad

from fluxlib.errors import FluxInputError, check_finite, check_positive

__all__ = [
    "Profile",
    "plug",
    "poiseuille_pipe",
    "poiseuille_channel",
    "power_law_pipe",
    "power_law_channel",
    "turbulent_pipe",
    "mean_velocity",
    "mass_flux",
    "kinetic_energy_factor",
    "momentum_factor",
    "moment",
]


@dataclass(frozen=True)
class Profile:
    """A velocity profile over a cross-section.

    ``kind`` is "pipe" or "channel"; ``shape(s)`` is the profile with centreline value 1 for
    ``0 <= s <= 1``; ``size`` is R or h; ``u_max`` the centreline speed. ``wall_exponent`` e
    (optional): ``shape(s) = (1 - s)^e`` exactly (used for quadrature).
    """

    name: str
    kind: str
    shape: Callable[[np.ndarray], np.ndarray]
    _: KW_ONLY
    u_max: float = 1.0
    size: float = 1.0
    wall_exponent: float | None = None

    def u(self, s: ArrayLike) -> np.ndarray:
        """Velocity at dimensionless position s (r/R in [0, 1], or y/h in [-1, 1])."""
        a = np.abs(check_finite("position s", s))
        if np.any(a > 1 + 1e-12):
            raise FluxInputError(f"position s must lie in the cross-section (|s| <= 1), got {a.max():g}")
        return self.u_max * self.shape(np.minimum(a, 1.0))

    __call__ = u

    @property
    def area(self) -> float:
        """The cross-section's area: ``pi R^2`` (pipe) or ``2 h`` per unit depth (channel)."""
        return float(np.pi * self.size**2) if self.kind == "pipe" else float(2 * self.size)


def _scale(u_max: float, size: float) -> tuple[float, float]:
    u_max = float(check_finite("centreline velocity u_max", u_max))
    size = float(check_positive("size (pipe radius R or channel half-width h)", size))
    return u_max, size


def plug(*, kind: str = "pipe", u_max: float = 1.0, size: float = 1.0) -> Profile:
    """Plug flow: the same speed ``u_max`` across a pipe (``kind="pipe"``) or a channel.

    ``size`` is the radius R or the half-width h.
    """
    if kind not in ("pipe", "channel"):
        raise FluxInputError(f"kind must be 'pipe' or 'channel', got {kind!r}")
    u_max, size = _scale(u_max, size)
    return Profile("plug", kind, lambda s: np.ones_like(np.asarray(s, dtype=float)), u_max=u_max, size=size)


def poiseuille_pipe(*, u_max: float = 1.0, R: float = 1.0) -> Profile:
    """Laminar flow in a pipe of radius ``R``: ``u = u_max (1 - (r/R)^2)``."""
    u_max, R = _scale(u_max, R)
    return Profile(
        "Poiseuille pipe", "pipe", lambda s: 1.0 - np.asarray(s, dtype=float) ** 2, u_max=u_max, size=R
    )


def poiseuille_channel(*, u_max: float = 1.0, h: float = 1.0) -> Profile:
    """Laminar flow in a plane channel of half-width ``h``: ``u = u_max (1 - (y/h)^2)``."""
    u_max, h = _scale(u_max, h)
    return Profile(
        "Poiseuille channel",
        "channel",
        lambda s: 1.0 - np.asarray(s, dtype=float) ** 2,
        u_max=u_max,
        size=h,
    )


def _power_index(index: float) -> float:
    return float(
        check_positive("flow behaviour index n", index, what="shear-thinning n < 1, Newtonian n = 1")
    )


def power_law_pipe(index: float, *, u_max: float = 1.0, R: float = 1.0) -> Profile:
    """Power-law fluid in a pipe: ``u = u_max (1 - (r/R)^((n+1)/n))``.

    ``index`` is the flow behaviour index n (stress ~ rate^n).
    """
    n = _power_index(index)
    u_max, R = _scale(u_max, R)
    q = (n + 1) / n
    return Profile(
        f"power-law pipe n={n:g}",
        "pipe",
        lambda s: 1.0 - np.asarray(s, dtype=float) ** q,
        u_max=u_max,
        size=R,
    )


def power_law_channel(index: float, *, u_max: float = 1.0, h: float = 1.0) -> Profile:
    """Power-law fluid in a plane channel: ``u = u_max (1 - |y/h|^((n+1)/n))``.

    ``index`` is the flow behaviour index n (stress ~ rate^n).
    """
    n = _power_index(index)
    u_max, h = _scale(u_max, h)
    q = (n + 1) / n
    return Profile(
        f"power-law channel n={n:g}",
        "channel",
        lambda s: 1.0 - np.asarray(s, dtype=float) ** q,
        u_max=u_max,
        size=h,
    )


def turbulent_pipe(m: float, *, u_max: float = 1.0, R: float = 1.0) -> Profile:
    """Empirical 1/m-power turbulent pipe profile ``u = u_max (1 - r/R)^(1/m)`` (m = 7 classic)."""
    m = float(check_positive("turbulent profile exponent m", m))
    u_max, R = _scale(u_max, R)
    e = 1.0 / m
    return Profile(
        f"turbulent pipe 1/{m:g}",
        "pipe",
        lambda s: (1.0 - np.asarray(s, dtype=float)) ** e,
        u_max=u_max,
        size=R,
        wall_exponent=e,
    )


def _check_profile(profile: object) -> None:
    if not isinstance(profile, Profile):
        raise FluxInputError(f"expected a Profile (e.g. fl.profiles.poiseuille_pipe()), got {profile!r}")


def moment(profile: Profile, k: int) -> float:
    """Cross-section average of ``shape^k`` (dimensionless, centreline speed 1)."""
    _check_profile(profile)
    opts = dict(epsabs=1e-15, epsrel=1e-13, limit=200)
    pipe = profile.kind == "pipe"

    def area_w(s: float) -> float:
        return 2.0 * s if pipe else 1.0

    if profile.wall_exponent is not None:
        val, _ = quad(area_w, 0.0, 1.0, weight="alg", wvar=(0.0, k * profile.wall_exponent), **opts)
    else:
        val, _ = quad(lambda s: area_w(s) * float(profile.shape(s)) ** k, 0.0, 1.0, **opts)
    return float(val)


def mean_velocity(profile: Profile) -> float:
    """Area-averaged velocity ``<u>``."""
    return profile.u_max * moment(profile, 1)


def mass_flux(profile: Profile, *, density: float = 1.0) -> float:
    """Mass flow rate ``rho <u> A`` (pipe: A = pi R^2; channel: A = 2h per unit depth)."""
    rho = float(check_positive("density", density))
    return rho * mean_velocity(profile) * profile.area


def kinetic_energy_factor(profile: Profile) -> float:
    """``alpha = <u^3> / <u>^3`` (1 for plug flow, 2 for Poiseuille pipe flow)."""
    return moment(profile, 3) / moment(profile, 1) ** 3


def momentum_factor(profile: Profile) -> float:
    """``beta = <u^2> / <u>^2`` (1 for plug flow, 4/3 for Poiseuille pipe flow)."""
    return moment(profile, 2) / moment(profile, 1) ** 2
