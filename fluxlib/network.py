"""Flow networks: conservation at nodes, a linear flow law on edges.

A :class:`FlowNetwork` is a directed multigraph whose edges carry a flow ``x_e``
(traffic on a road, blood in a vessel, animals moving between habitat patches).
The direction of an edge only fixes the sign convention: ``x_e > 0`` means flow
from the edge's *tail* to its *head*, ``x_e < 0`` the other way.

Sign conventions
----------------
* **Supply** ``b_v`` is what enters node ``v`` from outside: sources ``b > 0``,
  sinks ``b < 0``.
* **Incidence** ``A`` (``n_nodes x n_edges``) has ``A[tail, e] = +1`` and
  ``A[head, e] = -1``, so ``(A @ x)[v]`` = (flow out of ``v``) - (flow into ``v``).
  Conservation (what enters from outside leaves along the edges) is then
  ``A @ x = b``.
* **Flow law** (Kirchhoff / Ohm / Poiseuille / Darcy): ``x_e = c_e (p_tail - p_head)``,
  i.e. ``x = C A.T @ p``, with conductance ``c_e > 0``; the potential ``p`` is a
  pressure, voltage or "attractiveness" depending on the chapter.
* **Potential gauge**: only differences of ``p`` matter. Results are reported with
  the potential of every connected part shifted to **mean zero over that part**.

Structure and solving
---------------------
:class:`Digraph` holds the graph alone (labels, incidence, connected parts, spanning forest,
cycle basis) and parses per-node and per-edge inputs; :class:`FlowNetwork` adds the solvers,
and the transient numerics are small module functions (loop modes, exact constant-supply
flows, the exponential integrator for sampled supplies).

Steady solve
------------
``A C A.T p = b`` is a weighted graph Laplacian, singular once per connected part.
One node per part is grounded and the reduced symmetric positive definite system is
solved. The method was chosen by measurement on a 2-core machine (see
``benchmarks/bench_network.py``):

* scipy's default ``spsolve`` (SuperLU) and ``splu`` with MMD/COLAMD orderings
  suffer catastrophic fill on random sparse graphs (expanders: 6 s for 1e4 nodes,
  > 5 min for 1e5), although they are fine on planar grids.
* pyamg smoothed aggregation is excellent on grids (1e6 edges in ~2 s) but its
  setup is very slow on random graphs (11 s for 1e5 nodes / 3e5 edges, 70 s for 1e6
  edges) because the coarse levels become dense.
* conjugate gradients with a Jacobi (diagonal) preconditioner converge in ~60-110
  iterations on random sparse graphs (0.1 s for 3e5 edges, 0.7 s for 1e6 edges)
  but need thousands of iterations on grids.

So the solver is a cascade: small reduced systems (<= 300 unknowns; random graphs of 1e3
nodes already take ~0.5 s in SuperLU because of fill) use a sparse
LU factorisation; larger ones run Jacobi-preconditioned CG with an iteration budget
(:data:`JACOBI_MAXITER`) and, if that budget is exhausted, continue from the CG
iterate with CG preconditioned by pyamg smoothed aggregation. pyamg is optional (the
``book`` extra installs it) and imported lazily; without it that last stage is a sparse
LU with COLAMD ordering, which handles the grid-like systems that defeat Jacobi-CG. The
reported ``residual`` is the actual maximum node balance error ``max |A x - b|`` computed
from the final flows.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike

from fluxlib._labels import LabelIndex
from fluxlib.errors import FluxInputError, InconsistentSupplyError, check_finite

#: supplies: {node: value} or one value per node (sources > 0, sinks < 0)
SupplyLike = Mapping[Any, float] | ArrayLike | None
#: per-edge values: a number for every edge, a sequence of m values, or {edge: value}
EdgeValues = float | Sequence[float] | ArrayLike | Mapping[Any, float]
#: loop modes: eigenvalues lam, eigenvectors V (V^T M V = I), loop matrices M and K
Modes = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]

__all__ = [
    "Digraph",
    "FlowNetwork",
    "NetworkResult",
    "GeneralNetworkResult",
    "NetworkTransientResult",
    "from_networkx",
    "DIRECT_MAX_UNKNOWNS",
    "JACOBI_MAXITER",
]

#: reduced systems up to this size are solved by sparse LU
DIRECT_MAX_UNKNOWNS = 300
#: iteration budget of Jacobi-preconditioned CG before switching to AMG-preconditioned CG
JACOBI_MAXITER = 300
#: relative tolerance of the iterative solvers (on the reduced system's residual norm)
ITERATIVE_RTOL = 1e-12


def _fmt(x: float) -> str:
    return f"{x:g}"


def _label_list(labels: Sequence[Hashable], limit: int = 5) -> str:
    shown = ", ".join(repr(v) for v in labels[:limit])
    if len(labels) > limit:
        shown += f", ... ({len(labels)} nodes)"
    return shown


# ----------------------------------------------------------------------------- results


@dataclass
class NetworkResult:
    """Steady flows on a network.

    Attributes
    ----------
    flow : (m,) array, + from tail to head.
    potential : (n,) array, mean zero over each connected part.
    node_balance : (n,) array, ``A @ flow`` = net outflow along edges at each node
        (equals the supply when conservation holds).
    residual : float, ``max |node_balance - supply|`` (absolute, same units as supply).
    supply, conductance : the inputs as arrays (n,) and (m,).
    network : the :class:`FlowNetwork`.
    method : which linear solver produced the potential.
    """

    flow: np.ndarray
    potential: np.ndarray
    node_balance: np.ndarray
    residual: float
    supply: np.ndarray
    conductance: np.ndarray
    network: FlowNetwork
    method: str = ""

    def with_conductance(self, edge: Hashable, value: float) -> NetworkResult:
        """Solve again with the same supplies and the conductance of one edge changed.

        ``edge`` is an edge index or a ``(tail, head)`` pair. This is how flow
        *redistributes* when a road is narrowed or a vessel constricted.
        """
        g = self.conductance.copy()
        idx = self.network._edge_indices(edge, "conductance")
        g[idx] = value
        return self.network.solve(self.supply, g)

    def flow_on(self, edge: Hashable) -> float:
        """Flow on one edge, given by index or ``(tail, head)`` (summed over parallel edges)."""
        return float(self.flow[self.network._edge_indices(edge, "flow")].sum())

    def potential_at(self, node: Hashable) -> float:
        """Potential at one node (mean zero over its connected part)."""
        return float(self.potential[self.network._node_index(node, "potential")])


@dataclass
class GeneralNetworkResult:
    """All solutions of ``A x = b``: ``x = particular + cycles @ t`` for any ``t`` (length k).

    ``particular`` is carried by a spanning forest only (zero on the chords), so it is
    integer-valued whenever the supplies are. ``cycles`` is the sparse ``m x k`` cycle
    basis of :meth:`FlowNetwork.cycle_basis`.
    """

    particular: np.ndarray
    cycles: Any
    network: FlowNetwork

    def __call__(self, t: ArrayLike) -> np.ndarray:
        """The flow ``particular + cycles @ t`` for the loop flows ``t`` (length k)."""
        tt = np.asarray(t, dtype=float)
        out: np.ndarray = self.particular + self.cycles @ tt
        return out

    @property
    def n_free(self) -> int:
        """The number k of free loop flows."""
        return int(self.cycles.shape[1])


@dataclass
class NetworkTransientResult:
    """Transient flows on a network whose edges have resistance and inertance.

    Attributes: ``t`` (T,), ``flow`` (T, m), ``potential`` (T, n, mean zero per part),
    ``steady_flow`` (m,) the limit t -> infinity, ``time_constants`` (k,) of the loop
    modes (sorted, largest first), ``network``.
    """

    t: np.ndarray
    flow: np.ndarray
    potential: np.ndarray
    steady_flow: np.ndarray
    time_constants: np.ndarray
    network: FlowNetwork = field(repr=False)


# ----------------------------------------------------------------------------- network


class Digraph:
    """The structure of a directed multigraph, apart from anything that flows on it.

    Node labels and edge endpoints, the incidence matrix, connected parts, the BFS spanning
    forest and its cycle basis, flows carried by the forest alone (:meth:`_tree_flow`), and
    the parsing of per-node and per-edge inputs (supplies, conductances) with errors that
    name the node or edge. :class:`FlowNetwork` adds the solvers.

    Parameters
    ----------
    edges : sequence of ``(tail, head)`` pairs of hashable node labels, or an integer
        array of shape ``(m, 2)`` (then nodes are ``0 .. max`` plus ``nodes``).
    nodes : optional iterable of extra node labels (isolated nodes, or to fix the order).

    Parallel edges are allowed (parallel pipes); self-loops are rejected (they carry no
    flow between different nodes and have no place in a conservation balance).
    """

    def __init__(
        self,
        edges: Iterable[tuple[Hashable, Hashable]] | np.ndarray,
        *,
        nodes: Iterable[Hashable] | None = None,
    ) -> None:
        if isinstance(edges, np.ndarray) and edges.dtype.kind in "iu":
            arr = edges
            if arr.ndim != 2 or (arr.size and arr.shape[1] != 2):
                raise FluxInputError(f"edges must be an (m, 2) array of (tail, head), got shape {arr.shape}")
            arr = arr.reshape(-1, 2).astype(np.int64)
            if arr.size and arr.min() < 0:
                raise FluxInputError("integer node labels in edges must be >= 0")
            n = int(arr.max()) + 1 if arr.size else 0
            if nodes is not None:
                extra = list(nodes)
                if any(not isinstance(v, (int, np.integer)) or v < 0 for v in extra):
                    raise FluxInputError("with an integer edge array, nodes must be non-negative integers")
                n = max([n] + [int(v) + 1 for v in extra])  # type: ignore[call-overload]
            self._labels = None
            self._n = n
            self._tail = np.ascontiguousarray(arr[:, 0])
            self._head = np.ascontiguousarray(arr[:, 1])
            self._index = None
        else:
            numbering = LabelIndex("node")
            labels, index, add = numbering.labels, numbering.index, numbering.add

            tails, heads = [], []
            for k, e in enumerate(edges):
                try:
                    u, v = e
                except (TypeError, ValueError):
                    raise FluxInputError(f"edge {k} must be a (tail, head) pair, got {e!r}") from None
                tails.append(add(u))
                heads.append(add(v))
            if nodes is not None:
                for v in nodes:
                    add(v)
            self._labels = labels
            self._index = index
            self._n = len(labels)
            self._tail = np.asarray(tails, dtype=np.int64)
            self._head = np.asarray(heads, dtype=np.int64)
        loops = np.flatnonzero(self._tail == self._head)
        if loops.size:
            k = int(loops[0])
            raise FluxInputError(
                f"edge {k} ({self._lab(self._tail[k])!r} -> {self._lab(self._head[k])!r}) is a self-loop: "
                "it joins a node to itself and cannot carry flow between nodes; remove it"
            )
        self._forest: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        self._comp: tuple[int, np.ndarray] | None = None

    def _lab(self, i: int | np.integer) -> Hashable:
        return int(i) if self._labels is None else self._labels[int(i)]

    @property
    def nodes(self) -> list[Hashable]:
        """The node labels, in index order."""
        return list(range(self._n)) if self._labels is None else list(self._labels)

    @property
    def edges(self) -> list[tuple[Hashable, Hashable]]:
        """The edges as ``(tail, head)`` label pairs, in index order."""
        return [(self._lab(u), self._lab(v)) for u, v in zip(self._tail, self._head, strict=True)]

    @property
    def n_nodes(self) -> int:
        """The number of nodes."""
        return self._n

    @property
    def n_edges(self) -> int:
        """The number of edges."""
        return int(self._tail.size)

    @property
    def tail_index(self) -> np.ndarray:
        """Node index of each edge's tail (read-only view)."""
        v = self._tail.view()
        v.flags.writeable = False
        return v

    @property
    def head_index(self) -> np.ndarray:
        """Node index of each edge's head (read-only view)."""
        v = self._head.view()
        v.flags.writeable = False
        return v

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.n_nodes} nodes, {self.n_edges} edges, {len(self.components())} parts)"

    def _edge_name(self, k: int) -> str:
        return f"edge {k} ({self._lab(self._tail[k])!r} -> {self._lab(self._head[k])!r})"

    def _node_index(self, node: Hashable, what: str) -> int:
        if self._labels is None:
            if isinstance(node, (int, np.integer)) and 0 <= node < self._n:
                return int(node)
        else:
            try:
                i = self._index.get(node) if self._index is not None else None
            except TypeError:
                i = None
            if i is not None:
                return int(i)
        shown = ", ".join(str(v) for v in self.nodes[:8]) + (", ..." if self._n > 8 else "")
        raise FluxInputError(f"{what} names node {node!r}, which is not in the network (nodes: {shown})")

    def _edge_indices(self, edge: Hashable, what: str) -> np.ndarray:
        if isinstance(edge, (int, np.integer)) and not isinstance(edge, bool):
            if not 0 <= edge < self.n_edges:
                raise FluxInputError(
                    f"{what} names edge {edge}, but the network has edges 0 .. {self.n_edges - 1}"
                )
            return np.array([int(edge)])
        try:
            u, v = cast(tuple[Hashable, Hashable], edge)
        except (TypeError, ValueError):
            raise FluxInputError(
                f"{what}: edges are named by index or by a (tail, head) pair, got {edge!r}"
            ) from None
        iu = self._node_index(u, what)
        iv = self._node_index(v, what)
        found = np.flatnonzero((self._tail == iu) & (self._head == iv))
        if found.size == 0:
            raise FluxInputError(f"{what} names edge ({u!r}, {v!r}), which is not in the network")
        return found

    def incidence(self) -> sp.csr_matrix:
        """Node-edge incidence ``A`` (n x m, sparse): ``A[tail, e] = +1``, ``A[head, e] = -1``.

        ``A @ x`` is the net outflow along edges at each node, so conservation reads
        ``A @ x = supply``.
        """
        m = self.n_edges
        cols = np.arange(m)
        return sp.csr_matrix(
            (np.r_[np.ones(m), -np.ones(m)], (np.r_[self._tail, self._head], np.r_[cols, cols])),
            shape=(self._n, m),
        )

    def _components_labels(self) -> tuple[int, np.ndarray]:
        if self._comp is None:
            from scipy.sparse.csgraph import connected_components

            m = self.n_edges
            adj = sp.csr_matrix((np.ones(m), (self._tail, self._head)), shape=(self._n, self._n))
            nc, lab = connected_components(adj, directed=False)
            self._comp = (int(nc), lab)
        return self._comp

    def components(self) -> list[list[Hashable]]:
        """Node labels of each connected part (edges taken as undirected), in order of first node."""
        nc, lab = self._components_labels()
        order = np.argsort(lab, kind="stable")
        bounds = np.searchsorted(lab[order], np.arange(nc + 1))
        return [[self._lab(i) for i in order[bounds[k] : bounds[k + 1]]] for k in range(nc)]

    @property
    def n_components(self) -> int:
        """The number of connected parts."""
        return self._components_labels()[0]

    def _grounds(self) -> np.ndarray:
        """The first node (lowest index) of each connected part: where potentials are grounded."""
        nc, lab = self._components_labels()
        first = np.full(nc, -1, dtype=np.int64)
        # first node (lowest index) of each component
        order = np.arange(self._n)[::-1]
        first[lab[order]] = order
        return first

    def _edge_values(
        self, values: EdgeValues, name: str, *, positive: bool = True, allow_zero: bool = False
    ) -> np.ndarray:
        m = self.n_edges
        if isinstance(values, dict):
            out = np.full(m, np.nan)
            given = np.zeros(m, dtype=bool)
            for key, val in values.items():
                idx = self._edge_indices(key, name)
                try:
                    out[idx] = float(val)
                except (TypeError, ValueError):
                    raise FluxInputError(
                        f"{name} of {self._edge_name(int(idx[0]))} must be a number, got {val!r}"
                    ) from None
                given[idx] = True
            if not given.all():
                k = int(np.flatnonzero(~given)[0])
                raise FluxInputError(
                    f"{name} is missing for {self._edge_name(k)}: a dict must give a value for every edge "
                    f"({int((~given).sum())} of {m} missing)"
                )
        else:
            try:
                arr = np.asarray(values, dtype=float)
            except (TypeError, ValueError):
                raise FluxInputError(
                    f"{name} must be a number or one number per edge, got {values!r}"
                ) from None
            if arr.ndim == 0:
                out = np.full(m, float(arr))
            elif arr.ndim == 1 and arr.shape[0] == m:
                out = arr.copy()
            else:
                raise FluxInputError(
                    f"{name} must have one value per edge ({m}), got array of shape {arr.shape}"
                )
        bad = ~np.isfinite(out)
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            raise FluxInputError(f"{name} of {self._edge_name(k)} must be finite, got {out[k]}")
        if positive:
            bad = out < 0 if allow_zero else out <= 0
            if bad.any():
                k = int(np.flatnonzero(bad)[0])
                must = "must not be negative" if allow_zero else "must be positive"
                raise FluxInputError(f"{name} of {self._edge_name(k)} {must}, got {out[k]:g}")
        return out

    def _supply_vector(self, supply: SupplyLike) -> np.ndarray:
        n = self._n
        if supply is None:
            return np.zeros(n)
        if isinstance(supply, dict):
            b = np.zeros(n)
            for node, val in supply.items():
                i = self._node_index(node, "supply")
                try:
                    v = float(val)
                except (TypeError, ValueError):
                    raise FluxInputError(f"supply at node {node!r} must be a number, got {val!r}") from None
                if not np.isfinite(v):
                    raise FluxInputError(f"supply at node {node!r} must be finite, got {v}")
                b[i] += v
            return b
        arr = check_finite("supply", supply)
        if arr.ndim != 1 or arr.shape[0] != n:
            raise FluxInputError(
                f"supply must be a dict {{node: value}} or one value per node ({n}), got array of shape {arr.shape}"
            )
        return arr.astype(float, copy=True)

    def check_supply(self, supply: SupplyLike, *, unit: str | None = None, rtol: float = 1e-9) -> np.ndarray:
        """Check that the supplies of every connected part sum to zero; return them as an array.

        In a steady state whatever enters a connected part must leave it. Raises
        :class:`~fluxlib.errors.InconsistentSupplyError` naming each offending part, with
        ``.imbalances`` = {first node of the part: net supply}. ``unit`` (e.g.
        ``"cars per hour"``) is used in the message; the default is "per unit time".
        Sums within ``rtol`` times the total absolute supply count as zero.
        """
        b = self._supply_vector(supply)
        nc, lab = self._components_labels()
        net = np.bincount(lab, weights=b, minlength=nc)
        inflow = np.bincount(lab, weights=np.clip(b, 0, None), minlength=nc)
        outflow = -np.bincount(lab, weights=np.clip(b, None, 0), minlength=nc)
        scale = float(np.abs(b).sum())
        bad = np.flatnonzero(np.abs(net) > rtol * scale)
        if bad.size:
            u = unit if unit else "per unit time"
            parts, imbalances = [], {}
            for k in bad:
                members = np.flatnonzero(lab == k)
                names = [self._lab(i) for i in members]
                shown = ", ".join(repr(v) for v in names[:5])
                if len(names) > 5:
                    shown += f", ... ({len(names)} nodes)"
                where = (
                    f"the part containing {shown}" if len(names) > 1 else f"the isolated node {names[0]!r}"
                )
                fin, fout = float(inflow[k]) + 0.0, abs(float(outflow[k]))
                s = net[k]
                if s > 0:
                    fate = f"so {_fmt(s)} {u} would accumulate"
                else:
                    fate = f"so {_fmt(-s)} {u} more would leave than enters, which no steady flow can supply"
                parts.append(
                    f"supplies in {where} sum to {s:+g}: {_fmt(fin)} enter and {_fmt(fout)} leave, {fate}"
                )
                imbalances[names[0]] = float(s)
            msg = (
                "; ".join(parts) + " (in a steady state the supplies of each connected part must sum to zero)"
            )
            raise InconsistentSupplyError(msg, imbalances)
        return b

    def _spanning_forest(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """BFS forest: (parent, parent_edge, depth, order) arrays; roots have parent -1."""
        if self._forest is not None:
            return self._forest
        n, m = self._n, self.n_edges
        nbr = np.r_[self._head, self._tail]
        eid = np.r_[np.arange(m), np.arange(m)]
        src = np.r_[self._tail, self._head]
        order_e = np.argsort(src, kind="stable")
        nbr, eid = nbr[order_e], eid[order_e]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
        parent = np.full(n, -1, dtype=np.int64)
        pedge = np.full(n, -1, dtype=np.int64)
        depth = np.full(n, -1, dtype=np.int64)
        roots = self._grounds()
        depth[roots] = 0
        frontier = np.sort(roots)
        order = [frontier]
        d = 0
        while frontier.size:
            counts = indptr[frontier + 1] - indptr[frontier]
            total = int(counts.sum())
            if total == 0:
                break
            starts = np.repeat(indptr[frontier] - np.r_[0, np.cumsum(counts)[:-1]], counts)
            idx = starts + np.arange(total)
            cand = nbr[idx]
            ce = eid[idx]
            cs = np.repeat(frontier, counts)
            new = depth[cand] < 0
            cand, ce, cs = cand[new], ce[new], cs[new]
            cand_u, first = np.unique(cand, return_index=True)
            d += 1
            depth[cand_u] = d
            parent[cand_u] = cs[first]
            pedge[cand_u] = ce[first]
            frontier = cand_u
            order.append(frontier)
        self._forest = (parent, pedge, depth, np.concatenate(order))
        return self._forest

    def spanning_tree_edges(self) -> np.ndarray:
        """Indices of the edges of a breadth-first spanning forest (n - c of them)."""
        _, pedge, _, _ = self._spanning_forest()
        return np.sort(pedge[pedge >= 0])

    @property
    def cycle_rank(self) -> int:
        """Number of independent cycles, ``m - n + c``."""
        return self.n_edges - self._n + self.n_components

    def cycle_basis(self, *, dense: bool = False) -> Any:
        """Fundamental cycles of a BFS spanning forest, as an ``m x k`` matrix (k = m - n + c).

        Column ``j`` is the cycle closed by the ``j``-th chord (non-tree edge, in edge
        order): entries are +1 where the loop runs along an edge's direction, -1 against
        it, 0 off the loop, and the chord itself has +1. ``incidence() @ basis == 0``
        exactly. Sparse CSC (integer) by default, ``dense=True`` for a numpy array.
        """
        parent, pedge, depth, _ = self._spanning_forest()
        m = self.n_edges
        in_tree = np.zeros(m, dtype=bool)
        in_tree[pedge[pedge >= 0]] = True
        chords = np.flatnonzero(~in_tree)
        k = chords.size
        rows = [chords]
        cols = [np.arange(k)]
        vals = [np.ones(k, dtype=np.int64)]
        # walk the loop: chord tail -> head, then head back up/down the tree to tail
        a = self._head[chords].copy()  # walked upward, traversing each edge child -> parent
        bnode = self._tail[chords].copy()  # walked upward, loop traverses parent -> child
        active = np.arange(k)
        while active.size:
            da, db = depth[a], depth[bnode]
            same = a == bnode
            if same.all():
                break
            keep = ~same
            a, bnode, active, da, db = a[keep], bnode[keep], active[keep], da[keep], db[keep]
            move_a = da >= db
            move_b = db >= da
            # moving a: loop goes from a to parent(a) along pedge(a)
            ia = np.flatnonzero(move_a)
            e = pedge[a[ia]]
            rows.append(e)
            cols.append(active[ia])
            vals.append(np.where(self._tail[e] == a[ia], 1, -1))
            a[ia] = parent[a[ia]]
            ib = np.flatnonzero(move_b)
            e = pedge[bnode[ib]]
            rows.append(e)
            cols.append(active[ib])
            vals.append(np.where(self._tail[e] == bnode[ib], -1, 1))
            bnode[ib] = parent[bnode[ib]]
        C = sp.csc_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(m, k), dtype=np.int64
        )
        return C.toarray() if dense else C

    def _tree_flow(self, b: np.ndarray) -> np.ndarray:
        parent, pedge, depth, _ = self._spanning_forest()
        x = np.zeros(self.n_edges)
        S = np.asarray(b, dtype=float).copy()
        if self._n == 0:
            return x
        order = np.argsort(-depth, kind="stable")
        dsorted = depth[order]
        bounds = np.flatnonzero(np.diff(dsorted)) + 1
        for level in np.split(order, bounds):
            level = level[parent[level] >= 0]
            if level.size == 0:
                continue
            e = pedge[level]
            x[e] = np.where(self._tail[e] == level, S[level], -S[level])
            np.add.at(S, parent[level], S[level])
        return x

    def _potential_from_drops(self, drop: np.ndarray) -> np.ndarray:
        """Potentials (mean zero per part) whose differences along edges are ``drop`` (rows)."""
        T = drop.shape[0]
        pot = np.zeros((T, self._n))
        if self._n == 0 or T == 0:
            return pot
        parent, pedge, depth, order = self._spanning_forest()
        for v in order:  # BFS order: parents before children
            pv = parent[v]
            if pv < 0:
                continue
            e = pedge[v]
            # p_tail - p_head = drop[e]
            if self._tail[e] == v:
                pot[:, v] = pot[:, pv] + drop[:, e]
            else:
                pot[:, v] = pot[:, pv] - drop[:, e]
        nc, lab = self._components_labels()
        cnt = np.bincount(lab, minlength=nc)
        for_mean = np.stack([np.bincount(lab, weights=row, minlength=nc) for row in pot]) / cnt
        return pot - for_mean[:, lab]


class FlowNetwork(Digraph):
    """A directed multigraph carrying conserved flows: a :class:`Digraph` with its solvers.

    Constructed like :class:`Digraph` (``FlowNetwork(edges, *, nodes=None)``). Steady flows
    (:meth:`solve`, :meth:`redistribute`, :meth:`general_solution`), the Laplacian
    (:meth:`laplacian`) and flows with inertia (:meth:`solve_transient`).
    """

    def laplacian(self, conductance: EdgeValues) -> sp.csr_matrix:
        """Weighted graph Laplacian ``A diag(c) A.T`` (n x n, sparse).

        ``conductance``: a number for every edge, one value per edge, or {edge: value}.
        """
        c = self._edge_values(conductance, "conductance", positive=True)
        t, h = self._tail, self._head
        return sp.csr_matrix(
            (np.r_[c, c, -c, -c], (np.r_[t, h, t, h], np.r_[t, h, h, t])), shape=(self._n, self._n)
        )

    def _reduced_laplacian(self, c: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
        n = self._n
        ground = np.zeros(n, dtype=bool)
        ground[self._grounds()] = True
        free = np.flatnonzero(~ground)
        pos = np.full(n, -1, dtype=np.int64)
        pos[free] = np.arange(free.size)
        t, h = pos[self._tail], pos[self._head]
        deg = np.bincount(
            np.r_[t[t >= 0], h[h >= 0]], weights=np.r_[c[t >= 0], c[h >= 0]], minlength=free.size
        )
        both = (t >= 0) & (h >= 0)
        cb = c[both]
        nf = free.size
        L = sp.csr_matrix(
            (
                np.r_[-cb, -cb, deg],
                (np.r_[t[both], h[both], np.arange(nf)], np.r_[h[both], t[both], np.arange(nf)]),
            ),
            shape=(nf, nf),
        )
        return L, free

    def _solve_potential(self, c: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, str]:
        """Potential with mean zero on each part; returns (p, method)."""
        n = self._n
        L, free = self._reduced_laplacian(c)
        rhs = b[free]
        p = np.zeros(n)
        method = "none"
        if free.size:
            x, method = _spd_solve(L, rhs)
            p[free] = x
        nc, lab = self._components_labels()
        mean = np.bincount(lab, weights=p, minlength=nc) / np.bincount(lab, minlength=nc)
        return p - mean[lab], method

    def solve(self, supply: SupplyLike, conductance: EdgeValues, *, unit: str | None = None) -> NetworkResult:
        """Steady flows for the given supplies and conductances.

        ``supply``: {node: value} (missing nodes: 0) or an array (n), source +, sink -.
        ``conductance``: scalar, array (m), or {edge index or (tail, head): value} covering
        every edge. Flow on edge ``e`` is ``conductance[e] * (p[tail] - p[head])``.
        Raises InconsistentSupplyError if a connected part's supplies do not sum to zero.
        """
        c = self._edge_values(conductance, "conductance")
        b = self.check_supply(supply, unit=unit)
        p, method = self._solve_potential(c, b)
        x = c * (p[self._tail] - p[self._head])
        bal = self._balance(x)
        return NetworkResult(
            flow=x,
            potential=p,
            node_balance=bal,
            residual=float(np.abs(bal - b).max()) if self._n else 0.0,
            supply=b,
            conductance=c,
            network=self,
            method=method,
        )

    def redistribute(
        self, supply: SupplyLike, conductance: EdgeValues, edge: Hashable, value: float
    ) -> tuple[NetworkResult, NetworkResult]:
        """Flows before and after the conductance of ``edge`` is changed to ``value``."""
        before = self.solve(supply, conductance)
        return before, before.with_conductance(edge, value)

    def _balance(self, x: np.ndarray) -> np.ndarray:
        return np.bincount(self._tail, weights=x, minlength=self._n) - np.bincount(
            self._head, weights=x, minlength=self._n
        )

    def general_solution(self, supply: SupplyLike, *, unit: str | None = None) -> GeneralNetworkResult:
        """Every flow satisfying conservation: ``x = particular + cycles @ t``.

        The particular solution runs on the BFS spanning forest only (each tree edge
        carries the total supply of the subtree below it), so it is integer-valued when
        the supplies are integers.
        """
        b = self.check_supply(supply, unit=unit)
        return GeneralNetworkResult(self._tree_flow(b), self.cycle_basis(), self)

    def solve_transient(
        self,
        supply: SupplyLike | Callable[[float], SupplyLike],
        resistance: EdgeValues,
        inertance: EdgeValues,
        Q0: ArrayLike,
        times: ArrayLike,
        *,
        dt: float | None = None,
    ) -> NetworkTransientResult:
        """Flows with inertia: on each edge ``p_tail - p_head = R Q + L dQ/dt``, at nodes ``A Q = b``.

        ``supply`` (dict or array, as in :meth:`solve`) is constant, or a callable ``supply(t)``
        returning one at time ``t``; ``resistance`` (> 0) and ``inertance`` (>= 0) are given
        like conductances, ``Q0`` (m) are the flows just before t = 0 and ``times`` the output
        times (>= 0).

        The flows are written ``Q = Q_p + C z`` with ``C`` the cycle basis, which satisfies
        conservation identically; the loop equations ``C^T (R Q + L dQ/dt) = 0`` give
        ``M z' = -K z - C^T (R Q_p + L Q_p')`` with ``M = C^T L C``, ``K = C^T R C``, solved by
        the generalised eigenproblem ``K v = lambda M v`` (time constants ``1/lambda``).
        For a constant supply ``Q_p' = 0`` and the solution is exact at every time. A
        time-dependent supply is sampled at t = 0, at the output times and, if ``dt`` is
        given, at steps no longer than ``dt`` between them, and taken linear between samples;
        each mode is then integrated exactly (exponential integrator with the
        ``phi_1``, ``phi_2`` functions), so ramps are exact and a smooth supply is accurate to
        O(dt²). Conservation ``A Q = b(t)`` holds exactly at every output time.
        A step change (new R, old steady ``Q0``) is just a call with the new resistances.
        If ``Q0`` does not satisfy conservation for the supply at t = 0 (a step change of
        supply), the flows jump at t = 0+ to the conserving state closest to ``Q0`` in the
        kinetic-energy norm ``sum L Q^2`` (the impulsive pressure response). Loops made only
        of edges with zero inertance would be algebraic constraints; they raise
        FluxInputError. ``steady_flow`` is the limit t -> infinity for a constant supply, and
        for a time-dependent one the steady flow of the supply at the last output time;
        ``potential`` uses, at a kink of a sampled supply, the slope of the step that ends there.
        """
        R = self._edge_values(resistance, "resistance")
        Lm = self._edge_values(inertance, "inertance", allow_zero=True)
        Q0 = check_finite("Q0", Q0)
        if Q0.ndim != 1 or Q0.shape[0] != self.n_edges:
            raise FluxInputError(
                f"Q0 must have one value per edge ({self.n_edges}), got array of shape {Q0.shape}"
            )
        t = check_finite("times", times)
        if t.ndim != 1:
            raise FluxInputError(f"times must be a 1-D array, got shape {t.shape}")
        if t.size and t.min() < 0:
            raise FluxInputError(f"times must be >= 0 (t = 0 is the moment of the change), got {t.min():g}")
        if dt is not None:
            dt = float(check_finite("dt", dt))
            if dt <= 0:
                raise FluxInputError(
                    f"dt (the longest sampling step of the supply) must be positive, got {dt:g}"
                )
        C = self.cycle_basis(dense=True).astype(float)
        modes = _loop_modes(self, C, R, Lm)
        if callable(supply):
            samples = _sample_times(t, dt)
            Qp = np.array([self._tree_flow(_supply_at(self, supply, s)) for s in samples])
            flow, dQ = _sampled_flows(C, R, Lm, modes, Q0, samples, Qp)
            idx = np.searchsorted(samples, t)
            flow, dQ = flow[idx], dQ[idx]
            steady = _steady_flow(C, R, modes, Qp[idx[-1]] if t.size else Qp[0])
        else:
            Qp0 = self._tree_flow(self.check_supply(supply))
            flow, dQ, steady = _constant_supply_flows(C, R, Lm, modes, Q0, t, Qp0)
        drop = R[None, :] * flow + Lm[None, :] * dQ  # (T, m) = p_tail - p_head
        pot = self._potential_from_drops(drop)
        tau = np.sort(1.0 / modes[0])[::-1] if modes is not None else np.zeros(0)
        return NetworkTransientResult(
            t=t, flow=flow, potential=pot, steady_flow=steady, time_constants=tau, network=self
        )

    def to_networkx(self, *, solution: NetworkResult | None = None) -> Any:
        """The network as a ``networkx.MultiDiGraph``.

        With a solution, edges get ``flow``/``conductance``, nodes get ``potential``/``supply``.
        Edge keys are the edge indices.
        """
        import networkx as nx

        G = nx.MultiDiGraph()
        for i, v in enumerate(self.nodes):
            attrs = {}
            if solution is not None:
                attrs = {"potential": float(solution.potential[i]), "supply": float(solution.supply[i])}
            G.add_node(v, **attrs)
        for k, (u, v) in enumerate(self.edges):
            attrs = {}
            if solution is not None:
                attrs = {"flow": float(solution.flow[k]), "conductance": float(solution.conductance[k])}
            G.add_edge(u, v, key=k, **attrs)
        return G


# ------------------------------------------------------------------ transient numerics
def _loop_modes(net: FlowNetwork, C: np.ndarray, R: np.ndarray, Lm: np.ndarray) -> Modes | None:
    """Loop matrices ``M = C^T L C``, ``K = C^T R C`` and the modes ``K v = lambda M v``.

    The modes are normalised ``V^T M V = I``. Returns ``(lam, V, M, K)``, or None for a
    network without loops. Raises if a loop has no inertance (its equation would be algebraic).
    """
    from scipy.linalg import eigh

    if C.shape[1] == 0:
        return None
    M = C.T @ (Lm[:, None] * C)
    K = C.T @ (R[:, None] * C)
    w, V = np.linalg.eigh(M)
    if w.min() <= 1e-12 * max(w.max(), 1e-300) or w.min() <= 0:
        loop = C @ V[:, 0]
        edges = np.flatnonzero(np.abs(loop) > 1e-8 * np.abs(loop).max())
        names = ", ".join(net._edge_name(int(e)) for e in edges[:6])
        raise FluxInputError(
            f"inertance is zero on every edge of a closed loop ({names}): around that loop the flow "
            "would change instantaneously and the equations are algebraic, not differential; "
            "give at least one edge of every loop a positive inertance"
        )
    lam, V = eigh(K, M)
    return lam, V, M, K


def _steady_flow(C: np.ndarray, R: np.ndarray, modes: Modes | None, Qp: np.ndarray) -> np.ndarray:
    """The steady flow for the tree flow ``Qp``: loop equations ``C^T R Q = 0``."""
    if modes is None:
        return Qp.copy()
    out: np.ndarray = Qp + C @ _steady_loops(C, R, modes[3], Qp)
    return out


def _steady_loops(C: np.ndarray, R: np.ndarray, K: np.ndarray, Qp: np.ndarray) -> np.ndarray:
    """Loop coordinates of the steady flow: ``C^T R (Qp + C zs) = 0``."""
    zs: np.ndarray = -np.linalg.solve(K, C.T @ (R * Qp))
    return zs


def _initial_loops(
    C: np.ndarray, Lm: np.ndarray, modes: Modes, Q0: np.ndarray, Qp0: np.ndarray
) -> np.ndarray:
    """Loop coordinates ``z(0+)`` of the conserving state closest to ``Q0`` in ``sum L Q²``."""
    M = modes[2]
    z0: np.ndarray = np.linalg.solve(M, C.T @ (Lm * (Q0 - Qp0)))
    return z0


def _constant_supply_flows(
    C: np.ndarray,
    R: np.ndarray,
    Lm: np.ndarray,
    modes: Modes | None,
    Q0: np.ndarray,
    t: np.ndarray,
    Qp: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Exact flows, their rates and the steady flow for a constant supply.

    ``z = zs + V e^{-lam t} V^T M (z0 - zs)``.
    """
    if modes is None:
        flow = np.repeat(Qp[None, :], t.size, axis=0)
        return flow, np.zeros_like(flow), Qp.copy()
    lam, V, M, K = modes
    zs = _steady_loops(C, R, K, Qp)
    z0 = _initial_loops(C, Lm, modes, Q0, Qp)
    coef = V.T @ (M @ (z0 - zs))
    decay = np.exp(-np.outer(t, lam))  # (T, k)
    z = zs[None, :] + (decay * coef[None, :]) @ V.T
    dz = -(decay * (lam * coef)[None, :]) @ V.T
    return Qp[None, :] + z @ C.T, dz @ C.T, Qp + C @ zs


def _sample_times(t: np.ndarray, dt: float | None) -> np.ndarray:
    """Sample times: t = 0, the output times and, with ``dt``, equal steps no longer than dt between them."""
    s = np.unique(np.concatenate([[0.0], t]))
    if dt is None or s.size < 2:
        return s
    parts = [s[:1]]
    for a, b in zip(s[:-1], s[1:], strict=True):
        k = max(1, math.ceil((b - a) / dt * (1 - 1e-12)))
        parts.append(a + (b - a) * np.arange(1, k) / k)
        parts.append(np.array([b]))  # land exactly on the requested times
    return np.concatenate(parts)


def _supply_at(net: FlowNetwork, supply: Callable[[float], SupplyLike], s: float) -> np.ndarray:
    """The checked supply vector of ``supply(s)``; messages say at which time."""
    try:
        return net.check_supply(supply(float(s)))
    except InconsistentSupplyError as exc:
        raise InconsistentSupplyError(f"supply(t) at t = {s:g}: {exc}", exc.imbalances) from None
    except FluxInputError as exc:
        raise FluxInputError(f"supply(t) at t = {s:g}: {exc}") from None


def _phi12(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """phi_1(x) = (1 - e^-x)/x and phi_2(x) = (x - 1 + e^-x)/x² (series for small x)."""
    x = np.asarray(x, dtype=float)
    small = x < 0.05
    xs = np.where(small, 1.0, x)
    em = np.expm1(-xs)
    phi1 = np.where(small, 0.0, -em / xs)
    phi2 = np.where(small, 0.0, (xs + em) / xs**2)
    if small.any():
        y = x[small]
        s1 = np.zeros_like(y)
        s2 = np.zeros_like(y)
        term1, term2 = np.ones_like(y), np.full_like(y, 0.5)
        for k in range(8):  # phi_1 = sum (-x)^k/(k+1)!, phi_2 = sum (-x)^k/(k+2)!
            s1 += term1
            s2 += term2
            term1 = term1 * (-y) / (k + 2)
            term2 = term2 * (-y) / (k + 3)
        phi1[small], phi2[small] = s1, s2
    return phi1, phi2


def _sampled_flows(
    C: np.ndarray,
    R: np.ndarray,
    Lm: np.ndarray,
    modes: Modes | None,
    Q0: np.ndarray,
    samples: np.ndarray,
    Qp: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Flows and rates at ``samples`` for tree flows ``Qp`` (S, m) linear between samples.

    In modal coordinates ``z = V y``: ``y' = -lam y - g(tau)`` with ``g = V^T C^T (R Qp + L Qp')``
    linear over a step, so ``y(tau) = e^{-lam tau} y_k - g_0 tau phi_1 - g_1 tau² phi_2``.
    """
    S = samples.size
    dQp = np.zeros_like(Qp)
    if S > 1:
        slopes = np.diff(Qp, axis=0) / np.diff(samples)[:, None]  # (S-1, m)
        dQp[1:] = slopes  # the step that ends at each sample
        dQp[0] = slopes[0]
    if modes is None:
        return Qp.copy(), dQp
    lam, V, M, K = modes
    z0 = _initial_loops(C, Lm, modes, Q0, Qp[0])
    P = V.T @ C.T  # modal projection of edge vectors: (k, m)
    y = np.empty((S, lam.size))
    dy = np.empty((S, lam.size))
    y[0] = V.T @ (M @ z0)
    for k in range(S - 1):
        tau = samples[k + 1] - samples[k]
        slope = dQp[k + 1]
        g0 = P @ (R * Qp[k] + Lm * slope)
        g1 = P @ (R * slope)
        phi1, phi2 = _phi12(lam * tau)
        y[k + 1] = np.exp(-lam * tau) * y[k] - g0 * tau * phi1 - g1 * tau**2 * phi2
    for k in range(S):
        slope = dQp[k]
        dy[k] = -lam * y[k] - P @ (R * Qp[k] + Lm * slope)
    z = y @ V.T
    dz = dy @ V.T
    return Qp + z @ C.T, dQp + dz @ C.T


def from_networkx(G: Any, *, conductance: str | None = None, default: float = 1.0) -> Any:
    """Build a FlowNetwork from a networkx graph.

    Edge directions as given; undirected graphs use the stored edge order. With
    ``conductance="weight"`` also return the array of that edge attribute (``default`` where
    missing): ``(net, c)``.
    """
    nodes = list(G.nodes)
    edges = [(u, v) for u, v, *_ in G.edges]
    net = FlowNetwork(edges, nodes=nodes)
    if conductance is None:
        return net
    c = np.array([d.get(conductance, default) for *_, d in G.edges(data=True)], dtype=float)
    return net, c


# ----------------------------------------------------------------------------- linear algebra


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    # elementwise product + sum instead of BLAS dot: immune to OpenBLAS thread
    # oversubscription on busy machines (measured 20 ms per 1e5-dot under load)
    return float(np.add.reduce(a * b))


def _pcg(
    L: Any,
    b: np.ndarray,
    precond: Callable[[np.ndarray], np.ndarray],
    x0: np.ndarray | None = None,
    rtol: float = 1e-12,
    maxiter: int = 1000,
    probe: tuple[int, float] | None = None,
) -> tuple[np.ndarray, bool]:
    """Preconditioned conjugate gradients with BLAS-free reductions; returns (x, converged).

    ``probe=(k, level)``: give up after k iterations if the relative residual is still
    above ``level`` (convergence too slow to finish within ``maxiter``).
    """
    bnorm = np.sqrt(_dot(b, b))
    x = np.zeros_like(b) if x0 is None else x0.copy()
    r = b - L @ x if x0 is not None else b.copy()
    target = rtol * bnorm
    if np.sqrt(_dot(r, r)) <= target:
        return x, True
    z = precond(r)
    p = z.copy()
    rz = _dot(r, z)
    for it in range(1, maxiter + 1):
        Ap = L @ p
        alpha = rz / _dot(p, Ap)
        x += alpha * p
        r -= alpha * Ap
        rnorm = np.sqrt(_dot(r, r))
        if rnorm <= target:
            return x, True
        if probe is not None and it == probe[0] and rnorm > probe[1] * bnorm:
            return x, False
        z = precond(r)
        rz_new = _dot(r, z)
        p *= rz_new / rz
        p += z
        rz = rz_new
    return x, False


def _spd_solve(L: Any, rhs: np.ndarray) -> tuple[np.ndarray, str]:
    """Solve the SPD reduced Laplacian system; returns (x, method)."""
    nf = L.shape[0]
    if nf <= DIRECT_MAX_UNKNOWNS:
        import scipy.sparse.linalg as spla

        lu = spla.splu(L.tocsc(), permc_spec="MMD_AT_PLUS_A")
        return lu.solve(rhs), "sparse LU (SuperLU, MMD_AT_PLUS_A)"
    if not np.any(rhs):
        return np.zeros(nf), "trivial (no supply)"
    dinv = 1.0 / L.diagonal()
    x, ok = _pcg(
        L,
        rhs,
        lambda r: dinv * r,
        rtol=ITERATIVE_RTOL,
        maxiter=JACOBI_MAXITER,
        probe=(40, ITERATIVE_RTOL ** (40 / JACOBI_MAXITER)),
    )
    if ok:
        return x, "Jacobi-preconditioned CG"
    try:
        import pyamg
    except ImportError:
        # Without pyamg (a bare numpy/scipy install, Pyodide): the systems that defeat
        # Jacobi-CG are grid-like, and those factorise with little fill under COLAMD.
        import scipy.sparse.linalg as spla

        lu = spla.splu(L.tocsc(), permc_spec="COLAMD")
        return lu.solve(rhs), "sparse LU (SuperLU, COLAMD; pyamg not installed)"

    ml = pyamg.smoothed_aggregation_solver(L, symmetry="symmetric")
    M = ml.aspreconditioner(cycle="V")
    x, ok = _pcg(L, rhs, M.matvec, x0=x, rtol=ITERATIVE_RTOL, maxiter=500)
    if not ok:
        warnings.warn(
            "network solve did not reach its tolerance; check r.residual", RuntimeWarning, stacklevel=3
        )
    return x, "CG preconditioned by pyamg smoothed aggregation (after Jacobi-CG budget)"
