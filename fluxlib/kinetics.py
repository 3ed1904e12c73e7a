"""Kinetic networks: continuous-time Markov jump processes on a few states.

A :class:`KineticNetwork` holds transition rates ``k_ij`` (probability per unit time of
jumping from state ``i`` to state ``j``). Conventions:

* generator ``Q`` with ``Q[i, j] = k_ij`` (i != j) and ``Q[i, i] = -sum_j k_ij``; the master
  equation is ``dp/dt = Q^T p``.
* **pairs**: every unordered pair ``{i, j}`` with a rate in either direction, stored as
  ``(i, j)`` with ``i`` before ``j`` in state order; the net current on a pair is
  ``J_ij = p_i k_ij - p_j k_ji`` (positive: net flow from ``i`` to ``j``).
* **cycles**: the fundamental cycles of a spanning tree of the pair graph (the cycle basis of
  :meth:`fluxlib.network.FlowNetwork.cycle_basis` with each pair as an edge ``i -> j``); the
  affinity of a cycle is ``ln(prod k_forward / prod k_backward)`` along its orientation, its
  current the current on its chord (Schnakenberg), so that ``sigma = sum_c J_c A_c``.
* entropy production ``sigma = sum_pairs J_ij ln(p_i k_ij / (p_j k_ji))`` in units of k_B per
  unit time. A pair with a rate in one direction only makes affinities and sigma infinite.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike

from fluxlib._labels import LabelIndex
from fluxlib.errors import FluxInputError

if TYPE_CHECKING:
    from fluxlib.network import FlowNetwork

__all__ = ["KineticNetwork", "KineticResult", "three_state_cycle"]


@dataclass
class KineticResult:
    """The stationary state of a kinetic network.

    ``p`` (n, sums to 1), ``currents`` (per pair, positive from the pair's first state to its
    second, per unit time), ``affinities`` (per cycle, k_B units), ``entropy_production``
    (k_B per unit time), ``cycle_currents`` (per cycle), plus ``pairs`` and ``cycles``.
    """

    p: np.ndarray
    currents: np.ndarray
    affinities: np.ndarray
    entropy_production: float
    cycle_currents: np.ndarray
    pairs: list[tuple[Any, Any]]  # state labels (hashable; ints 0 .. n-1 for an array of rates)
    cycles: list[list[Any]]


class KineticNetwork:
    """Markov jump process given by its rates.

    ``rates``: dict ``{(i, j): k_ij}`` with hashable state labels, or an ``n x n`` array with
    zero diagonal (states ``0 .. n-1``). ``states`` (keyword): optional labels fixing the
    order (and adding states with no rates).
    """

    def __init__(
        self,
        rates: Mapping[tuple[Hashable, Hashable], float] | ArrayLike,
        *,
        states: Iterable[Hashable] | None = None,
    ) -> None:
        if isinstance(rates, dict):
            numbering = LabelIndex("state")
            labels, add = numbering.labels, numbering.add

            if states is not None:
                for s in states:
                    add(s)
            entries = []
            for key, val in rates.items():
                try:
                    a, b = key
                except (TypeError, ValueError):
                    raise FluxInputError(
                        f"rates are keyed by (from_state, to_state) pairs, got key {key!r}"
                    ) from None
                if a == b:
                    raise FluxInputError(
                        f"rate {a!r} -> {b!r} is a self-transition; rates must join different states"
                    )
                try:
                    v = float(val)
                except (TypeError, ValueError):
                    raise FluxInputError(f"rate {a!r} -> {b!r} must be a number, got {val!r}") from None
                entries.append((add(a), add(b), v))
            n = len(labels)
            K = np.zeros((n, n))
            for i, j, v in entries:
                K[i, j] = v
            self._labels = labels
        else:
            try:
                K = np.array(rates, dtype=float)
            except (TypeError, ValueError):
                raise FluxInputError(
                    f"rates must be a dict {{(i, j): k}} or a square matrix, got {rates!r}"
                ) from None
            if K.ndim != 2 or K.shape[0] != K.shape[1]:
                raise FluxInputError(f"a rate matrix must be square (n x n), got shape {K.shape}")
            n = K.shape[0]
            self._labels = list(range(n)) if states is None else list(states)
            if len(self._labels) != n:
                raise FluxInputError(
                    f"states must name each of the {n} states, got {len(self._labels)} labels"
                )
            diag = np.diag(K)
            bad = np.flatnonzero(diag != 0)
            if bad.size:
                i = int(bad[0])
                raise FluxInputError(
                    f"the rate matrix must have a zero diagonal (rates are for jumps between different "
                    f"states), got {diag[i]:g} at state {self._labels[i]!r}"
                )
        if K.shape[0] == 0:
            raise FluxInputError("a kinetic network needs at least one state")
        for i, j in zip(*np.nonzero(~np.isfinite(K)), strict=True):
            raise FluxInputError(
                f"rate {self._labels[i]!r} -> {self._labels[j]!r} must be finite, got {K[i, j]}"
            )
        for i, j in zip(*np.nonzero(K < 0), strict=True):
            raise FluxInputError(
                f"rate {self._labels[i]!r} -> {self._labels[j]!r} must not be negative, got {K[i, j]:g}: "
                "a rate is a probability per unit time"
            )
        self._K = K
        iu, ju = np.nonzero(np.triu((K > 0) | (K.T > 0), 1))
        self._pairs = (iu.astype(np.int64), ju.astype(np.int64))
        self._net: FlowNetwork | None = None

    # ------------------------------------------------------------------ views
    @property
    def states(self) -> list[Hashable]:
        """The state labels, in order."""
        return list(self._labels)

    @property
    def n_states(self) -> int:
        """The number of states."""
        return int(self._K.shape[0])

    @property
    def rates(self) -> np.ndarray:
        """The rate matrix ``K[i, j] = k_ij`` (a copy; zero diagonal)."""
        return self._K.copy()

    @property
    def pairs(self) -> list[tuple[Any, Any]]:
        """Unordered pairs with a rate in either direction, as ``(i, j)`` labels, i before j."""
        return [(self._labels[i], self._labels[j]) for i, j in zip(*self._pairs, strict=True)]

    def generator(self) -> np.ndarray:
        """Generator ``Q`` (rows sum to zero); ``dp/dt = Q.T @ p``."""
        Q = self._K.copy()
        np.fill_diagonal(Q, -self._K.sum(axis=1))
        return Q

    def _pair_network(self) -> FlowNetwork:
        if self._net is None:
            from fluxlib.network import FlowNetwork

            i, j = self._pairs
            self._net = FlowNetwork(np.c_[i, j], nodes=range(self.n_states))
        return self._net

    # ------------------------------------------------------------------ stationary
    def _check_irreducible(self) -> None:
        from scipy.sparse.csgraph import breadth_first_order

        G = sp.csr_matrix(self._K > 0)
        n = self.n_states
        reach = np.zeros(n, dtype=bool)
        reach[breadth_first_order(G, 0, directed=True, return_predecessors=False)] = True
        if not reach.all():
            j = int(np.flatnonzero(~reach)[0])
            a, b = self._labels[0], self._labels[j]
        else:
            back = np.zeros(n, dtype=bool)
            back[breadth_first_order(G.T.tocsr(), 0, directed=True, return_predecessors=False)] = True
            if back.all():
                return
            j = int(np.flatnonzero(~back)[0])
            a, b = self._labels[j], self._labels[0]
        raise FluxInputError(
            f"state {b!r} cannot be reached from state {a!r}: the stationary distribution is not unique "
            "(the rates do not connect every state to every other; the chain is not irreducible)"
        )

    def stationary(self) -> np.ndarray:
        """Stationary distribution ``p`` (sums to 1, ``Q.T @ p = 0``) of an irreducible chain.

        Solves the bordered system: ``Q.T p = 0`` with its last (redundant) equation replaced
        by ``sum p = 1``. Raises FluxInputError if some state cannot be reached from another.
        """
        n = self.n_states
        if n == 1:
            return np.ones(1)
        self._check_irreducible()
        M = self.generator().T.copy()
        M[-1, :] = 1.0
        rhs = np.zeros(n)
        rhs[-1] = 1.0
        # scale rows for conditioning when rates span many decades
        scale = np.abs(M).max(axis=1)
        p = np.linalg.solve(M / scale[:, None], rhs / scale)
        p = np.clip(p, 0.0, None)
        out: np.ndarray = p / p.sum()
        return out

    # ------------------------------------------------------------------ currents and cycles
    def _p(self, p: ArrayLike) -> np.ndarray:
        p = np.asarray(p, dtype=float)
        if p.shape != (self.n_states,):
            raise FluxInputError(f"p must have one value per state ({self.n_states}), got shape {p.shape}")
        if not np.all(np.isfinite(p)) or (p < 0).any():
            raise FluxInputError("p must be a probability distribution (finite, non-negative)")
        return p

    def currents(self, p: ArrayLike) -> np.ndarray:
        """Net current on each pair (order of :attr:`pairs`): ``J_ij = p_i k_ij - p_j k_ji``.

        ``p``: a distribution over the states, e.g. :meth:`stationary`.
        """
        p = self._p(p)
        i, j = self._pairs
        return p[i] * self._K[i, j] - p[j] * self._K[j, i]

    def current_matrix(self, p: ArrayLike) -> np.ndarray:
        """Antisymmetric matrix ``J[i, j] = p_i k_ij - p_j k_ji`` for the distribution ``p``."""
        p = self._p(p)
        F = p[:, None] * self._K
        return F - F.T

    def cycle_basis(self) -> np.ndarray:
        """Dense ``n_pairs x k`` signed cycle matrix (pairs oriented i -> j)."""
        C: np.ndarray = self._pair_network().cycle_basis(dense=True)
        return C

    def cycles(self) -> list[list[Any]]:
        """Each basis cycle as the list of states visited in the cycle's orientation."""
        C = self.cycle_basis()
        i, j = self._pairs
        out = []
        for col in C.T:
            step = {}
            for e in np.flatnonzero(col):
                a, b = (i[e], j[e]) if col[e] > 0 else (j[e], i[e])
                step[int(a)] = int(b)
            start = min(step)
            seq, s = [start], step[start]
            while s != start:
                seq.append(s)
                s = step[s]
            out.append([self._labels[s] for s in seq])
        return out

    def _log_ratio(self) -> np.ndarray:
        i, j = self._pairs
        with np.errstate(divide="ignore"):
            return np.log(self._K[i, j]) - np.log(self._K[j, i])

    def cycle_affinities(self) -> np.ndarray:
        """``A_c = ln(prod k_forward / prod k_backward)`` for each basis cycle (k_B units)."""
        C = self.cycle_basis()
        a = self._log_ratio()
        with np.errstate(invalid="ignore"):
            return np.array([float(np.sum(a[c != 0] * c[c != 0])) for c in C.T])

    def entropy_production(self, p: ArrayLike) -> float:
        """``sigma = sum_pairs J_ij ln(p_i k_ij / (p_j k_ji))`` >= 0, k_B per unit time, at ``p``."""
        p = self._p(p)
        i, j = self._pairs
        fwd = p[i] * self._K[i, j]
        bwd = p[j] * self._K[j, i]
        J = fwd - bwd
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(J == 0, 0.0, J * (np.log(fwd) - np.log(bwd)))
        return float(terms.sum())

    def is_detailed_balance(self, *, tol: float = 1e-9) -> bool:
        """Kolmogorov criterion: every basis cycle has |affinity| <= tol (and no one-way pairs)."""
        i, j = self._pairs
        if np.any((self._K[i, j] > 0) != (self._K[j, i] > 0)):
            return False
        A = self.cycle_affinities()
        return bool(np.all(np.abs(A) <= tol))

    def steady_state(self) -> KineticResult:
        """The stationary distribution with its currents, affinities and entropy production."""
        p = self.stationary()
        J = self.currents(p)
        net = self._pair_network()
        tree = np.zeros(len(J), dtype=bool)
        tree[net.spanning_tree_edges()] = True
        chords = np.flatnonzero(~tree)
        return KineticResult(
            p=p,
            currents=J,
            affinities=self.cycle_affinities(),
            entropy_production=self.entropy_production(p),
            cycle_currents=J[chords],  # each chord lies on its own basis cycle only, with sign +1
            pairs=self.pairs,
            cycles=self.cycles(),
        )

    def __repr__(self) -> str:
        return f"KineticNetwork({self.n_states} states, {len(self._pairs[0])} pairs)"


def three_state_cycle(k_plus: ArrayLike, k_minus: ArrayLike) -> KineticNetwork:
    """Three states 0, 1, 2 on a ring.

    ``k_plus[i]`` is the rate i -> i+1, ``k_minus[i]`` the rate i -> i-1 (mod 3). Scalars mean the same rate
    at every state. With uniform rates ``p = 1/3``, ``J = (k_plus - k_minus)/3`` and ``A = 3
    ln(k_plus/k_minus)``.
    """
    kp = (
        np.broadcast_to(np.asarray(k_plus, dtype=float), (3,))
        if np.ndim(k_plus) == 0
        else np.asarray(k_plus, float)
    )
    km = (
        np.broadcast_to(np.asarray(k_minus, dtype=float), (3,))
        if np.ndim(k_minus) == 0
        else np.asarray(k_minus, float)
    )
    if kp.shape != (3,) or km.shape != (3,):
        raise FluxInputError(
            f"k_plus and k_minus must be scalars or 3 values (one per state), got shapes {kp.shape} and {km.shape}"
        )
    rates: dict[tuple[Hashable, Hashable], float] = {}
    for i in range(3):
        rates[(i, (i + 1) % 3)] = float(kp[i])
        rates[(i, (i - 1) % 3)] = float(km[i])
    return KineticNetwork(rates, states=[0, 1, 2])
