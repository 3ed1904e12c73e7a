"""Section 3.4: habitat patches on a network, logistic growth and dispersal.

Each patch j holds Nⱼ individuals and grows logistically at intrinsic rate rⱼ (yr⁻¹, negative
for a sink, where deaths outnumber births) toward a ceiling Kⱼ (individuals):

    dNⱼ/dt = rⱼ Nⱼ (1 - Nⱼ/Kⱼ) + Fⱼ,        F = -𝐋 N,        𝐋 = A diag(d) Aᵀ.

The patches are the nodes and the habitat links the edges of a
:class:`fluxlib.network.FlowNetwork` (the same network solver as the pipes and the blood
vessels); A is its node-edge incidence matrix (:meth:`FlowNetwork.incidence`) and dₑ (yr⁻¹)
is the dispersal conductance of link e: the fraction of a patch's individuals per year that
cross it, so the flow on edge e is dₑ (N_tail - N_head) (individuals yr⁻¹, + tail → head) and
Fⱼ is patch j's net immigration. Because the columns of A sum to zero, ΣFⱼ = 0: dispersal
moves individuals, it never makes or destroys them. A corridor lowers the landscape's
resistance to movement, that is, raises one edge's dₑ.

The steady state is found two ways: Newton's method on the algebraic equations
(:func:`scipy.optimize.root` with the exact Jacobian diag(r - 2rN/K) - 𝐋) and by integrating
the ODEs in time (:func:`scipy.integrate.solve_ivp`) until they stop changing.

Where the model stops. A steady state carries :mod:`fluxlib.validity` notes (i) for a patch
holding fewer than :data:`SMALL_POPULATION` individuals: the continuous, deterministic model
then gives at best an average. A sink fed at a steady rate F, with births b and deaths d per
head per year (r = b - d < 0), holds on average F/|r| individuals (far below its ceiling). With no births (d = |r|) the
number is Poisson-distributed, with variance equal to the mean, and is zero with probability
exp(-F/|r|); with births it is negative-binomial, with variance F·d/r² = (F/|r|)·(d/|r|), larger
than the mean, and is zero more often; (ii) for a sink above half its ceiling: the logistic term
r(1 - N/K) shrinks a sink's per-capita loss as it fills, by more than half beyond K/2 (and
turns it into growth beyond K), which crowding does not do in a real sink; (iii) for an
unstable steady state (a sink fed beyond |r|K/4 has no stable state and grows without bound).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.integrate import solve_ivp
from scipy.optimize import root

from fluxlib.errors import FluxInputError, check_finite, check_length, check_nonnegative, check_positive
from fluxlib.network import FlowNetwork
from fluxlib.validity import ValidityNote, limit, notes

#: Below this many individuals a patch's count is ruled by chance (demographic stochasticity).
SMALL_POPULATION = 20.0


@dataclass(frozen=True)
class Landscape:
    """Patches and links.

    ``names``: patch names; ``r`` (yr⁻¹) and ``K`` (individuals) per patch; ``links``:
    (tail, head) pairs of patch names; ``dispersal`` (yr⁻¹) per link.
    """

    names: tuple
    r: tuple
    K: tuple
    links: tuple
    dispersal: tuple

    def __post_init__(self) -> None:
        n, m = len(self.names), len(self.links)
        if len(set(self.names)) != n:
            raise FluxInputError(f"patch names must be unique, got {self.names}")
        check_length("intrinsic growth rate r (1/yr)", np.asarray(self.r, float), n, of="patch")
        check_finite("intrinsic growth rate r (1/yr)", self.r)
        check_length("carrying capacity K (individuals)", np.asarray(self.K, float), n, of="patch")
        check_positive("carrying capacity K (individuals)", self.K)
        check_length("dispersal conductance d (1/yr)", np.asarray(self.dispersal, float), m, of="link")
        check_nonnegative(
            "dispersal conductance d (1/yr)",
            self.dispersal,
            what="a link cannot carry individuals against the density difference",
        )
        for a, b in self.links:
            for p in (a, b):
                if p not in self.names:
                    raise FluxInputError(
                        f"link ({a!r}, {b!r}) names patch {p!r}, which is not in {self.names}"
                    )
            if a == b:
                raise FluxInputError(
                    f"link ({a!r}, {b!r}) joins a patch to itself: dispersal needs two patches"
                )

    @property
    def network(self) -> FlowNetwork:
        """The patches as nodes and the links as edges of a :class:`FlowNetwork`."""
        return FlowNetwork(list(self.links), nodes=list(self.names))

    def with_dispersal(self, link: int, value: float) -> Landscape:
        """The same landscape with link number ``link`` given dispersal conductance ``value`` (yr⁻¹)."""
        d = list(self.dispersal)
        d[link] = float(value)
        return Landscape(self.names, self.r, self.K, self.links, tuple(d))

    def laplacian(self) -> np.ndarray:
        """𝐋 = A diag(d) Aᵀ (yr⁻¹), rows and columns in the order of ``names``."""
        A = _incidence(self.network, self.names)
        return A @ np.diag(np.asarray(self.dispersal, float)) @ A.T

    def incidence(self) -> np.ndarray:
        """Node-edge incidence (patches × links, +1 at the tail, -1 at the head), rows in ``names`` order."""
        return _incidence(self.network, self.names)


def _incidence(net: FlowNetwork, names: Sequence[str]) -> np.ndarray:
    """Node-edge incidence (nodes × edges, +1 at the tail, -1 at the head), rows in ``names`` order."""
    A = net.incidence()
    A = A.toarray() if hasattr(A, "toarray") else np.asarray(A, float)
    nodes = list(net.nodes)
    return A[[nodes.index(p) for p in names], :]


def default_landscape(*, corridor: float = 0.0) -> Landscape:
    """Five patches: two sources (meadows), a stepping stone and two sinks.

    Besides the chain of links, one link runs from the big source straight to the first sink;
    its dispersal conductance is the ``corridor`` (yr⁻¹; 0 = no corridor).
    """
    return Landscape(
        names=("meadow A", "meadow B", "stepping stone", "sink D", "sink E"),
        r=(0.6, 0.4, 0.05, -0.3, -0.2),
        K=(1000.0, 600.0, 200.0, 3000.0, 2000.0),
        links=(
            ("meadow A", "meadow B"),
            ("meadow B", "stepping stone"),
            ("stepping stone", "sink D"),
            ("sink D", "sink E"),
            ("meadow A", "sink D"),
        ),
        dispersal=(0.05, 0.03, 0.02, 0.05, float(corridor)),
    )


#: index of the corridor link in :func:`default_landscape`
CORRIDOR = 4


def growth(land: Landscape, N: ArrayLike) -> np.ndarray:
    """Local logistic growth rⱼNⱼ(1 - Nⱼ/Kⱼ), individuals yr⁻¹."""
    r, K = np.asarray(land.r, float), np.asarray(land.K, float)
    N = np.asarray(N, float)
    return r * N * (1 - N / K)


def immigration(land: Landscape, N: ArrayLike) -> np.ndarray:
    """Net immigration F = -𝐋N into each patch, individuals yr⁻¹ (sums to zero)."""
    return -land.laplacian() @ np.asarray(N, float)


def edge_flows(land: Landscape, N: ArrayLike) -> np.ndarray:
    """Individuals per year along each link, + tail → head: dₑ (N_tail - N_head)."""
    return np.asarray(land.dispersal, float) * (land.incidence().T @ np.asarray(N, float))


@dataclass(frozen=True)
class EquilibriumResult:
    """A steady state of the patches.

    Steady populations ``N`` (individuals), ``growth`` and ``immigration`` per patch
    (individuals yr⁻¹; they cancel), ``flows`` on the links (+ tail → head), ``residual``
    (largest |dN/dt|), ``stable`` (all Jacobian eigenvalues negative), ``method``,
    ``validity`` (notes for an unstable state, tiny populations and sinks past half
    their ceiling).
    """

    names: tuple
    N: np.ndarray
    growth: np.ndarray
    immigration: np.ndarray
    flows: np.ndarray
    residual: float
    stable: bool
    method: str
    validity: tuple[ValidityNote, ...] = ()

    def __getitem__(self, name: str) -> float:
        return float(self.N[self.names.index(name)])


def _equilibrium(land: Landscape, N: np.ndarray, method: str) -> EquilibriumResult:
    Lap = land.laplacian()
    g = growth(land, N)
    f = -Lap @ N
    r, K = np.asarray(land.r, float), np.asarray(land.K, float)
    J = np.diag(r - 2 * r * N / K) - Lap
    growth_rate = float(np.max(np.linalg.eigvals(J).real))
    stable = growth_rate < 0
    unstable = limit(
        "fastest growth rate of a small disturbance (1/yr)",
        growth_rate,
        above=0.0,
        why="this steady state is unstable, so no landscape settles there (a sink fed beyond "
        "|r|K/4 has no stable state in this model and grows without bound)",
    )
    return EquilibriumResult(
        tuple(land.names),
        N,
        g,
        f,
        edge_flows(land, N),
        float(np.max(np.abs(g + f))),
        stable,
        method,
        notes(unstable) + population_validity(land, N),
    )


def population_validity(land: Landscape, N: ArrayLike) -> tuple[ValidityNote, ...]:
    """Validity notes for populations ``N`` (individuals) of ``land``.

    Tiny patches, and sinks above half their ceiling (see the module docstring).
    """
    N = np.asarray(N, float)
    small = [
        limit(
            f"population of {name}",
            n,
            below=SMALL_POPULATION,
            why="so few individuals rise and fall by chance; the steady state is at best their "
            "average, about which a fed sink's count fluctuates by at least its square root (more when "
            "births offset deaths), and is often zero",
        )
        for name, n in zip(land.names, N, strict=True)
        if n > 0.0  # an empty patch is empty for certain
    ]
    crowded = [
        limit(
            f"population of {name} (a sink)",
            n,
            above=k / 2,
            why="the logistic term r(1 - N/K) has cut this sink's per-capita loss by more than half, "
            "which crowding does not do in a real sink",
        )
        for name, n, rr, k in zip(land.names, N, land.r, land.K, strict=True)
        if rr < 0
    ]
    return notes(*small, *crowded)


def steady_state(land: Landscape, *, N0: ArrayLike | None = None, tol: float = 1e-10) -> EquilibriumResult:
    """The steady populations by Newton's method (:func:`scipy.optimize.root`, exact Jacobian).

    ``N0`` (individuals) is the starting guess; by default Kⱼ in sources and 0 in sinks (a sink's
    logistic term has a second, unstable root near its ceiling, which Newton must avoid). Raises if
    Newton does not converge to a non-negative state.
    """
    r, K = np.asarray(land.r, float), np.asarray(land.K, float)
    Lap = land.laplacian()
    x0 = (
        np.where(r > 0, K, 0.0)
        if N0 is None
        else check_nonnegative("starting populations N0", N0).astype(float)
    )

    def fun(N: np.ndarray) -> np.ndarray:
        return r * N * (1 - N / K) - Lap @ N

    def jac(N: np.ndarray) -> np.ndarray:
        return np.diag(r - 2 * r * N / K) - Lap

    sol = root(fun, x0, jac=jac, method="hybr", tol=tol)
    N = sol.x
    if not sol.success or np.max(np.abs(fun(N))) > 1e-6 * max(1.0, float(K.max())):
        raise FluxInputError(f"no steady state found from this start: {sol.message}")
    if np.any(N < -1e-9 * K.max()):
        raise FluxInputError("the steady state found has a negative population; try another starting guess")
    return _equilibrium(land, np.maximum(N, 0.0), "Newton (scipy.optimize.root)")


@dataclass(frozen=True)
class TrajectoryResult:
    """Populations over time: ``t`` (yr), ``N`` (len(t) × patches, individuals)."""

    names: tuple
    t: np.ndarray
    N: np.ndarray


def integrate(land: Landscape, N0: ArrayLike, times: ArrayLike, *, rtol: float = 1e-8) -> TrajectoryResult:
    """Integrate dN/dt = rN(1 - N/K) - 𝐋N from ``N0`` (individuals) at ``times[0]``.

    The populations are returned at the output ``times`` (yr, strictly increasing)
    (:func:`scipy.integrate.solve_ivp`, implicit Radau with the exact Jacobian).
    """
    t_eval = np.atleast_1d(check_finite("output times (yr)", times))
    if t_eval.ndim != 1 or t_eval.size < 2:
        raise FluxInputError(
            f"times must be a 1-D array of at least two output times (yr), got shape {t_eval.shape}"
        )
    check_positive("integration time (yr)", t_eval[-1] - t_eval[0])
    if np.any(np.diff(t_eval) <= 0):
        k = int(np.flatnonzero(np.diff(t_eval) <= 0)[0])
        raise FluxInputError(
            f"times must be strictly increasing, got times[{k + 1}] = {t_eval[k + 1]:g} yr after "
            f"times[{k}] = {t_eval[k]:g} yr"
        )
    N0 = check_nonnegative("starting populations N0 (individuals)", N0).astype(float)
    check_length("starting populations N0", N0, len(land.names), of="patch")
    r, K = np.asarray(land.r, float), np.asarray(land.K, float)
    Lap = land.laplacian()
    sol = solve_ivp(
        lambda t, N: r * N * (1 - N / K) - Lap @ N,
        (float(t_eval[0]), float(t_eval[-1])),
        N0,
        method="Radau",
        t_eval=t_eval,
        jac=lambda t, N: np.diag(r - 2 * r * N / K) - Lap,
        rtol=rtol,
        atol=1e-8 * K.max(),
    )
    return TrajectoryResult(tuple(land.names), sol.t, sol.y.T)


def settle(
    land: Landscape, *, N0: ArrayLike | None = None, times: ArrayLike = (0.0, 400.0)
) -> EquilibriumResult:
    """The steady state by integrating in time from ``N0`` (default K/2).

    ``times`` (yr): the integration runs from the first to the last; the populations at the
    last are the steady state.
    """
    K = np.asarray(land.K, float)
    traj = integrate(land, K / 2 if N0 is None else N0, times)
    return _equilibrium(land, traj.N[-1], f"integration to t = {traj.t[-1]:g} yr (scipy solve_ivp)")


def isolated_sink_equilibrium(r: float, K: float, F: float) -> float:
    """Closed form N* = 2F/(sqrt(r² + 4rF/K) - r) for one patch with constant immigration F.

    F in individuals yr⁻¹; for a sink (r < 0) it exists only while F ≤ |r|K/4.
    """
    check_positive("carrying capacity K (individuals)", K)
    check_nonnegative("immigration F (individuals/yr)", F)
    disc = r * r + 4 * r * F / K
    if disc < 0:
        raise FluxInputError(
            f"immigration F = {F:g}/yr exceeds |r|K/4 = {abs(r) * K / 4:g}/yr: in this model the sink then "
            "has no equilibrium below its ceiling"
        )
    if F == 0:
        return float(K) if r > 0 else 0.0
    return float(2 * F / (np.sqrt(disc) - r))
