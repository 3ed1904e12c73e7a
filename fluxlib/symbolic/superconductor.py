"""Section 1.3: the circulations of a network and the persistent current of a superconducting loop.

The circulations are the null space of the network's incidence matrix; a superconducting
loop's persistent current is a circulation that never decays. A flow with no source or sink anywhere solves A x = 0: it lies in the null space of the
incidence matrix (:func:`fluxlib.symbolic.traffic.incidence_matrix`, section 1.2), whose
dimension is m - rank A = m - n + c, one independent loop per basis vector. A closed
superconducting loop carries such a circulation forever, and its fluxoid Φ = L I is conserved.

sympy only: the edge lists here are plain tuples of node names.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import sympy as sp

from fluxlib.graphs import LOOP_EDGES, LOOP_NODES
from fluxlib.symbolic.base import Derivation
from fluxlib.symbolic.traffic import incidence_matrix

# The cooling circuit of 1.3 lives in fluxlib.graphs.

__all__ = ["LOOP_EDGES", "LOOP_NODES", "fluxoid", "loop_vector", "null_space"]


def null_space(
    *, nodes: Sequence[Hashable] = LOOP_NODES, edges: Sequence[tuple[Hashable, Hashable]] = LOOP_EDGES
) -> Derivation:
    """The null space of the incidence matrix: the flows with no source anywhere.

    ``result`` is the list of sympy's basis vectors; ``extra["dimension"]`` is their number
    and ``extra["m_n_c"]`` is m - n + c (computed from the rank, c = n - rank A).
    """
    A = incidence_matrix(nodes, edges)
    n, m = A.shape
    basis = A.nullspace()
    x = sp.Matrix(sp.symbols(f"x_1:{m + 1}", real=True))
    d = Derivation("Circulations: the null space of A", symbols={"A": A, "x": x})
    d.step(sp.MatMul(A, x, evaluate=False), sp.zeros(n, 1), "a closed network: no supply anywhere")
    d.step(r"\operatorname{rank} A", sp.Integer(A.rank()), "")
    d.step(
        r"\dim \operatorname{null} A = m - \operatorname{rank} A",
        sp.Integer(m - A.rank()),
        f"m = {m} pipes",
    )
    d.step(r"\operatorname{null} A", sp.Matrix.hstack(*basis), "one column per independent loop")
    c = n - A.rank()
    d.extra.update(A=A, basis=basis, dimension=len(basis), m_n_c=m - n + c, components=c)
    return d


def loop_vector(
    nodes: Sequence[Hashable], edges: Sequence[tuple[Hashable, Hashable]], cycle: Sequence[Hashable]
) -> sp.Matrix:
    """The flow vector of one unit circulating around ``cycle`` (a closed list of nodes).

    An edge traversed along its direction gets +1, against it -1.
    """
    x = sp.zeros(len(edges), 1)
    for a, b in zip(cycle, list(cycle[1:]) + [cycle[0]], strict=True):
        if (a, b) in edges:
            x[edges.index((a, b))] += 1
        elif (b, a) in edges:
            x[edges.index((b, a))] -= 1
        else:
            raise ValueError(f"{a}–{b} is not an edge of the network")
    return x


def fluxoid() -> Derivation:
    """Persistent current of a superconducting loop when its inductance changes.

    The fluxoid Φ = L I is conserved (no resistance, so no EMF can be sustained around the
    loop: dΦ/dt = -R I = 0). ``result`` is I₂ = L₁ I₁ / L₂; ``extra["energy_ratio"]`` is
    E₂/E₁ = L₁/L₂ with E = L I²/2 = Φ²/(2L).
    """
    L1, L2, I1 = sp.symbols("L_1 L_2 I_1", positive=True)
    I2, R, Phi = sp.symbols("I_2 R Phi", real=True)
    t = sp.Symbol("t", real=True)
    d = Derivation("Fluxoid conservation in a superconducting loop", symbols={"L1": L1, "L2": L2, "I1": I1})
    d.step(sp.Derivative(sp.Function("Phi")(t), t), -R * sp.Symbol("I"), "Faraday around the loop")
    d.step(sp.Derivative(sp.Function("Phi")(t), t), 0, "R = 0: the flux is frozen")
    d.step(L1 * I1, L2 * I2, "Φ = L I before and after")
    I2_sol = sp.solve(sp.Eq(L1 * I1, L2 * I2), I2)[0]
    E1 = L1 * I1**2 / 2
    E2 = L2 * I2_sol**2 / 2
    d.extra.update(energy_ratio=sp.simplify(E2 / E1), E1=E1, E2=E2, Phi=Phi)
    d.step("E_2/E_1", sp.simplify(E2 / E1), "energy Φ²/(2L): lowering L at fixed Φ costs work")
    d.step(I2, I2_sol, "the new persistent current")
    return d
