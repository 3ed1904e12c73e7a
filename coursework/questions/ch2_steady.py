"""Assignment 2 (steady-state flux): drawn parameters and expected answers.

q1 a three-layer house wall, q2 a rod with a uniform source and both ends held at zero (a
nondimensional rod: its numbers are in scaled units, not those of a real material),
q3 the effective resistance of a small resistor network, q4 the interface temperature of two
slabs in series (sympy), q5 interpretation (manual).
"""

from __future__ import annotations

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

PLASTER = (0.0125, 0.21)  # thickness (m), conductivity (W/(m K)) of the plasterboard
K_BRICK = 0.72  # W/(m K)
N_CELLS = 100  # q2
E12 = (1.0, 1.2, 1.5, 1.8, 2.2, 2.7, 3.3, 3.9, 4.7, 5.6, 6.8, 8.2)  # resistor values, ohm


def layers(p: Mapping[str, Any]) -> tuple:
    from fluxlib.models import conduction

    return (
        conduction.Layer(PLASTER[0], PLASTER[1], "plasterboard"),
        conduction.Layer(p["L_wool"], p["k_wool"], "mineral wool"),
        conduction.Layer(p["L_brick"], K_BRICK, "brick"),
    )


def q1(p: Mapping[str, Any]) -> dict[str, Any]:
    from fluxlib.models import conduction

    wall = conduction.composite_wall(layers(p), T1=p["T_in"], T2=p["T_out"])
    return {"q1_flux": float(wall.q[0]), "q1_T_wool": float(wall.T_interfaces[1])}


def q2(p: Mapping[str, Any]) -> dict[str, Any]:
    import fluxlib as fl

    grid = fl.Grid(np.linspace(0.0, p["L_rod"], N_CELLS + 1))
    steady = fl.solve_steady(grid, p["D_rod"], left=fl.Fixed(0.0), right=fl.Fixed(0.0), source=p["s_rod"])
    outflow = -(steady.budget.inflow_left + steady.budget.inflow_right)
    return {"q2_cmax": float(steady.c.max()), "q2_outflow": float(outflow)}


def q3(p: Mapping[str, Any]) -> dict[str, Any]:
    import fluxlib as fl

    circuit = fl.FlowNetwork([(0, 1), (1, 2), (0, 2), (2, 3)])
    g = [1 / p["R_01"], 1 / p["R_12"], 1 / p["R_02"], 1 / p["R_23"]]
    sol = circuit.solve({0: p["I_in"], 3: -p["I_in"]}, g)
    return {"q3_R": (sol.potential_at(0) - sol.potential_at(3)) / p["I_in"]}


def q4(p: Mapping[str, Any]) -> dict[str, Any]:
    import sympy as sp

    T1, T2 = sp.symbols("T_1 T_2", positive=True)
    r, m = sp.nsimplify(p["thick_2"]), sp.nsimplify(p["cond_2"])
    # R2 / R1 = (r L1 / (m k1)) / (L1 / k1) = r / m; T_i = (T1 R2 + T2 R1) / (R1 + R2)
    return {"q4_Ti": (r * T1 + m * T2) / (r + m)}


def derived(p: Mapping[str, Any]) -> dict[str, Any]:
    """Numbers of the q5 model answer: each layer's resistance, the wool's share, and the
    factor the wool's thickness must be multiplied by to halve the loss (its resistance must
    grow by the whole wall's, so the factor is 1 + sum(R) / R_wool, a little over two)."""
    R = [layer.resistance for layer in layers(p)]
    dT = p["T_in"] - p["T_out"]
    return {
        "dT": dT,
        "R_plaster": round(R[0], 3),
        "R_wool": round(R[1], 2),
        "R_brick": round(R[2], 2),
        "drop_wool": round(dT * R[1] / sum(R), 1),
        "factor": round(1 + sum(R) / R[1], 2),
    }


SPEC = AssignmentSpec(
    name="ch2-steady",
    params=(
        Param("T_in", steps(18.0, 23.0, 1.0), "°C", "inside surface temperature"),
        Param("T_out", steps(-15.0, 10.0, 1.0), "°C", "outside surface temperature"),
        Param("L_wool", steps(0.05, 0.20, 0.01), "m", "mineral wool thickness"),
        Param("k_wool", steps(0.030, 0.045, 0.001), "W/(m K)", "mineral wool conductivity"),
        Param("L_brick", steps(0.09, 0.22, 0.01), "m", "brick thickness"),
        # q2's rod is nondimensional: length, diffusivity and source in scaled units
        Param("L_rod", steps(0.5, 2.0, 0.1), "", "rod length"),
        Param("D_rod", steps(0.2, 5.0, 0.1), "", "diffusivity"),
        Param("s_rod", steps(0.5, 5.0, 0.1), "", "source: amount per unit volume per unit time"),
        Param("R_01", E12, "Ω", "resistor 0–1"),
        Param("R_12", E12, "Ω", "resistor 1–2"),
        Param("R_02", E12, "Ω", "resistor 0–2"),
        Param("R_23", E12, "Ω", "resistor 2–3"),
        Param("I_in", steps(0.5, 5.0, 0.5), "A", "current in at node 0, out at node 3"),
        Param("thick_2", steps(0.5, 5.0, 0.5), "", "L_2 / L_1"),
        Param(
            "cond_2",
            (0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0),
            "",
            "k_2 / k_1",
        ),
    ),
    questions=[
        Question(
            "q1",
            (Part("q1_flux", 1.5, rtol=1e-6), Part("q1_T_wool", 1.5, rtol=1e-6, atol=1e-6)),
            q1,
        ),
        Question("q2", (Part("q2_cmax", 1.5, rtol=1e-3), Part("q2_outflow", 1.5, rtol=1e-6)), q2),
        Question("q3", (Part("q3_R", 3.0, rtol=1e-6),), q3),
        Question("q4", (Part("q4_Ti", 3.0, "sympy", rtol=1e-9, extra=("L_1", "k_1")),), q4),
    ],
    manual=(ManualQuestion("q5", 3.0),),
    constraints=(Constraint(("thick_2", "cond_2"), lambda p: p["thick_2"] != p["cond_2"], "R1 != R2"),),
    derived=derived,
)
