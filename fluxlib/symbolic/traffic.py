"""Section 1.2: junction balance A x = b, its consistency, and its general solution.

A network has ``n`` junctions and ``m`` directed edges; edge ``e`` runs from its tail to its
head and carries a flow ``x_e`` (positive from tail to head). The node-edge **incidence
matrix** has ``A[i, e] = +1`` if edge ``e`` leaves junction ``i``, ``-1`` if it enters it, and
``0`` otherwise, so row ``i`` of ``A x`` is (flow out of ``i``) - (flow into ``i``). The balance
at every junction in a steady state is therefore

    A x = b,

with ``b_i`` the external supply at ``i`` (a source is positive, a sink negative).

Every column of ``A`` holds one +1 and one -1, so the rows of ``A`` sum to zero: adding all
the balances gives 0 = Σ b. In a connected network ``rank A = n - 1``; the system is
consistent exactly when ``rank [A | b] = rank A``, i.e. when Σ b = 0. Its solutions are a
particular flow plus any element of the null space of ``A``, the circulations, whose
dimension is ``m - rank A = m - n + c`` for ``c`` connected parts (section 1.3,
:mod:`fluxlib.symbolic.superconductor`, studies them on their own).

sympy only: the edge lists here are plain tuples of node names.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import sympy as sp

from fluxlib.graphs import CITY_NODES, CITY_STREETS, RUSH_HOUR
from fluxlib.symbolic.base import Derivation

CITY_EDGES = CITY_STREETS

# The city grid of 1.2 lives in fluxlib.graphs.


def incidence_matrix(nodes: Sequence[Hashable], edges: Sequence[tuple[Hashable, Hashable]]) -> sp.Matrix:
    """Node-edge incidence matrix (+1 where an edge leaves a node, -1 where it enters)."""
    index = {v: i for i, v in enumerate(nodes)}
    A = sp.zeros(len(nodes), len(edges))
    for e, (tail, head) in enumerate(edges):
        A[index[tail], e] += 1
        A[index[head], e] -= 1
    return A


def junction_balance(
    *, nodes: Sequence[Hashable] = CITY_NODES, edges: Sequence[tuple[Hashable, Hashable]] = CITY_EDGES
) -> Derivation:
    """Consistency of A x = b for symbolic supplies b: rank [A | b] = rank A iff Σ b = 0.

    ``result`` is the condition the supplies must meet, as an expression that must vanish
    (Σ b). ``extra`` holds ``A``, ``b``, ``rank_A``, ``rref`` (of [A | b]) and
    ``rank_augmented`` for a generic (unbalanced) b.
    """
    n, m = len(nodes), len(edges)
    A = incidence_matrix(nodes, edges)
    b = sp.Matrix(sp.symbols(f"b_1:{n + 1}", real=True))
    x = sp.Matrix(sp.symbols(f"x_1:{m + 1}", real=True))
    d = Derivation("Junction balance and its consistency", symbols={"A": A, "b": b, "x": x})
    d.step(sp.MatMul(A, x, evaluate=False), b, "flow out minus flow in = supply, at each junction")
    d.step(
        r"\mathbf{1}^{\mathsf T} A",
        sp.ones(1, n) * A,
        "every street leaves one junction and enters another",
    )
    aug = A.row_join(b)
    # Gaussian elimination by hand: add every row into the last one (the rows of A sum to zero).
    reduced = aug.copy()
    reduced[n - 1, :] = sp.ones(1, n) * aug
    d.step(
        r"[A\,|\,\mathbf b]\ \text{(add all rows into the last)}",
        reduced,
        "the last row of A becomes zero",
    )
    rank_A = A.rank()
    d.step(r"\operatorname{rank} A", sp.Integer(rank_A), "n - 1 for a connected network")
    condition = sp.expand((sp.ones(1, n) * b)[0])
    d.step(
        r"\operatorname{rank}[A\,|\,\mathbf b] = \operatorname{rank} A \iff 0",
        condition,
        "consistent only if supplies sum to zero",
    )
    d.extra.update(
        A=A,
        b=b,
        rank_A=rank_A,
        rank_augmented=aug.rank(),
        reduced=reduced,
        condition=condition,
    )
    return d


def general_solution(
    *,
    nodes: Sequence[Hashable] = CITY_NODES,
    edges: Sequence[tuple[Hashable, Hashable]] = CITY_EDGES,
    supply: Mapping[Any, float] | None = None,
) -> Derivation:
    """All solutions of A x = b for given (balanced) numeric supplies, in sympy.

    ``supply`` maps node → supply (source +); default: the 1.2 city grid's rush hour.
    ``result`` is the general solution x(t₁, ..., t_k) = x_p + Σ t_j z_j, where the z_j span
    the null space of A. ``extra["particular"]``, ``extra["null_space"]``, ``extra["params"]``.
    """
    given: Mapping[Any, float] = CITY_SUPPLY if supply is None else supply
    A = incidence_matrix(nodes, edges)
    b = sp.Matrix([sp.nsimplify(given.get(v, 0)) for v in nodes])
    xsol, params = A.gauss_jordan_solve(b)
    taus = list(params)
    ts = sp.symbols(f"t_1:{len(taus) + 1}", real=True)
    xsol = xsol.subs(dict(zip(taus, ts, strict=True)))
    xp = xsol.subs({t: 0 for t in ts})
    Z = [xsol.diff(t) for t in ts]
    x = sp.Matrix(sp.symbols(f"x_1:{len(edges) + 1}", real=True))
    d = Derivation("General solution of the junction balance", symbols={"t": ts, "x": x})
    d.step(sp.MatMul(A, x, evaluate=False), b, "the city's supplies (cars per hour)")
    d.step(x, xsol, "Gauss–Jordan elimination; free streets become parameters")
    d.step(
        x,
        sp.MatAdd(xp, *[sp.MatMul(t, z, evaluate=False) for t, z in zip(ts, Z, strict=True)], evaluate=False),
        "a particular flow plus circulations",
    )
    d.extra.update(particular=xp, null_space=Z, params=ts, A=A, b=b, solution=xsol)
    return d


#: Rush-hour supplies of the city grid, cars per hour (enter +, leave -).
CITY_SUPPLY = {k: int(v) for k, v in RUSH_HOUR.items()}  # exact integers for sympy
