"""Assignment 1 (principles of flux): drawn parameters and expected answers.

q1 a rod filled through one end (the content is the total inflow; the rod is nondimensional,
scaled so that it fills in a few time units), q2 a junction network (graded on the flow on one
pipe and the potentials of the junctions, both of which need the network solved),
q3 a driven three-state kinetic cycle, q4 the steady flux through a slab whose diffusivity
grows linearly across it (sympy), q5 interpretation (manual).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from coursework.questions import (
    AssignmentSpec,
    Constraint,
    ManualQuestion,
    Param,
    Part,
    Question,
    steps,
)

N_CELLS = 50  # q1: cells of the rod (fixed: the answer does not depend on it)
EDGES = [("A", "B"), ("B", "C"), ("A", "C"), ("C", "D")]
NODES = ("A", "B", "C", "D")


def q1(p: Mapping[str, Any]) -> dict[str, Any]:
    import fluxlib as fl

    grid = fl.Grid(np.linspace(0.0, p["L_rod"], N_CELLS + 1))
    res = fl.solve_transient(
        grid,
        p["D_rod"],
        np.zeros(N_CELLS),
        [0.0, p["t_end"]],
        left=fl.Flux(p["j_in"]),
        right=fl.Flux(0.0),
    )
    return {"q1_content": float(np.sum(res.c[-1] * grid.volumes))}


def q2(p: Mapping[str, Any]) -> dict[str, Any]:
    import fluxlib as fl

    net = fl.FlowNetwork(EDGES)
    sol = net.solve({"A": p["S"], "D": -p["S"]}, [p["g_AB"], p["g_BC"], p["g_AC"], p["g_CD"]])
    # potentials of A, B, C, D measured from D (fluxlib's own are mean zero)
    potential = [sol.potential_at(n) - sol.potential_at("D") for n in NODES]
    return {"q2_flow": sol.flow_on(("A", "C")), "q2_potential": potential}


def q3(p: Mapping[str, Any]) -> dict[str, Any]:
    import fluxlib as fl

    steady = fl.kinetics.three_state_cycle(p["k_plus"], p["k_minus"]).steady_state()
    return {
        "q3_current": float(steady.cycle_currents[0]),
        "q3_affinity": float(steady.affinities[0]),
    }


def q4(p: Mapping[str, Any]) -> dict[str, Any]:
    import sympy as sp

    L, D0, c0, cL = sp.symbols("L D_0 c_0 c_L", positive=True)
    a = sp.nsimplify(p["a"])
    # d/dx (D(x) dc/dx) = 0 with D = D0 (1 + a x/L): the flux is constant and
    # c(0) - c(L) = q * integral_0^L dx / D(x) = q L ln(1 + a) / (a D0)
    return {"q4_flux": a * D0 * (c0 - cL) / (L * sp.log(1 + a))}


def derived(p: Mapping[str, Any]) -> dict[str, Any]:
    """Numbers of the q5 model answer."""
    return {
        "total": p["j_in"] * p["t_end"],
        "depth": float(np.sqrt(p["D_rod"] * p["t_end"])),
        "depth_small": float(np.sqrt(p["D_rod"] * p["t_end"] / 10)),
    }


SPEC = AssignmentSpec(
    name="ch1-principles",
    params=(
        # nondimensional rod: lengths and times in scaled units, not those of a real material
        Param("L_rod", steps(0.5, 2.0, 0.1), "", "rod length"),
        Param("D_rod", steps(0.02, 0.5, 0.01), "", "diffusivity"),
        Param("j_in", steps(0.5, 5.0, 0.1), "", "inward flux density at the left end"),
        Param("t_end", steps(1.0, 10.0, 0.5), "", "final time"),
        Param("g_AB", steps(0.5, 5.0, 0.5), "", "conductance of pipe A→B"),
        Param("g_BC", steps(0.5, 5.0, 0.5), "", "conductance of pipe B→C"),
        Param("g_AC", steps(0.5, 5.0, 0.5), "", "conductance of pipe A→C"),
        Param("g_CD", steps(0.5, 5.0, 0.5), "", "conductance of pipe C→D"),
        Param("S", steps(1.0, 20.0, 0.1), "", "flow entering at A and leaving at D"),
        Param("k_plus", steps(1.0, 10.0, 0.1), "1/s", "forward rate"),
        Param("k_minus", steps(0.1, 0.95, 0.05), "1/s", "backward rate"),
        Param("a", steps(0.2, 5.0, 0.1), "", "growth of the diffusivity across the slab"),
    ),
    questions=[
        Question("q1", (Part("q1_content", 3.0, rtol=1e-6),), q1),
        Question(
            "q2",
            (Part("q2_flow", 1.5, rtol=1e-6), Part("q2_potential", 1.5, "array", rtol=1e-6, atol=1e-9)),
            q2,
        ),
        Question("q3", (Part("q3_current", 1.5, rtol=1e-6), Part("q3_affinity", 1.5, rtol=1e-6)), q3),
        Question("q4", (Part("q4_flux", 3.0, "sympy", rtol=1e-9, extra=("x",)),), q4),
    ],
    manual=(ManualQuestion("q5", 3.0),),
    constraints=(
        # q5's model answer: at D / 10 the material piles up near the left end only if the
        # front has not already crossed the rod at D
        Constraint(
            ("D_rod", "t_end"),
            lambda p: math.sqrt(p["D_rod"] * p["t_end"]) <= 0.5 * p["L_rod"],
            "the diffusion front sqrt(D t) stays in the left half of the rod",
        ),
    ),
    derived=derived,
)
