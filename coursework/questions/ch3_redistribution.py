"""Assignment 3 (flux redistribution): drawn parameters and expected answers.

q1 the split of a flow between two parallel pipes (flows in mL/s, as in section 3.1, where a
linear, laminar resistance is plausible), q2 the same pipes with inertia (the time constant
of the lumped model and a flow part-way), q3 Spitzer resistivity of a hot plasma (at the
function's fixed Coulomb logarithm, ln Λ = 17),
q4 the split of flow between two Poiseuille pipes (sympy), q5 interpretation (manual).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coursework.questions import (
    AssignmentSpec,
    Constraint,
    ManualQuestion,
    Param,
    Part,
    Question,
    steps,
)

#: the Coulomb logarithm q3 fixes (the default of ``plasma.spitzer_resistivity``, stated in the
#: question): typical of a tokamak core at a few keV, about 30 % high at 100 eV
LN_LAMBDA = 17.0
#: electron temperatures, eV: two significant figures from 100 eV to 5 keV
TEMPERATURES = steps(100.0, 990.0, 10.0) + steps(1000.0, 5000.0, 100.0)


def pipes():
    import fluxlib as fl

    return fl.FlowNetwork([("in", "out"), ("in", "out")])


def q1(p: Mapping[str, Any]) -> dict[str, Any]:
    Q = p["Q_in"]
    sol = pipes().solve({"in": Q, "out": -Q}, [1 / p["R_A"], 1 / p["R_B"]])
    return {"q1_QA": float(sol.flow[0])}


def q2(p: Mapping[str, Any]) -> dict[str, Any]:
    Q = p["Q_in"]
    tr = pipes().solve_transient(
        {"in": Q, "out": -Q},
        [p["R_A"], p["R_B"]],
        [p["L_A"], p["L_B"]],
        [Q, 0.0],
        [0.0, p["t_obs"]],
    )
    return {"q2_tau": float(tr.time_constants[0]), "q2_QA_end": float(tr.flow[-1, 0])}


def q3(p: Mapping[str, Any]) -> dict[str, Any]:
    from fluxlib.models import plasma

    eta = float(plasma.spitzer_resistivity(p["T_e"], ln_lambda=LN_LAMBDA))
    hot = float(plasma.spitzer_resistivity(p["heat"] * p["T_e"], ln_lambda=LN_LAMBDA))
    return {"q3_eta": eta, "q3_ratio": hot / eta}


def q4(p: Mapping[str, Any]) -> dict[str, Any]:
    import sympy as sp

    Q = sp.symbols("Q", positive=True)
    ratio = sp.nsimplify(p["len_B"]) / sp.nsimplify(p["rad_B"]) ** 4  # R_B / R_A (Poiseuille)
    return {"q4_QA": sp.nsimplify(Q * ratio / (1 + ratio))}


def _tau(p: Mapping[str, Any]) -> float:
    return (p["L_A"] + p["L_B"]) / (p["R_A"] + p["R_B"])


def derived(p: Mapping[str, Any]) -> dict[str, Any]:
    """Numbers of the q5 model answer."""
    return {"tau": round(_tau(p), 3)}


SPEC = AssignmentSpec(
    name="ch3-redistribution",
    params=(
        Param("Q_in", steps(2.0, 20.0, 0.5), "mL/s", "total flow"),
        # kPa s/mL and kPa s²/mL: L/R is in seconds
        Param("R_A", steps(0.5, 5.0, 0.5), "kPa s/mL", "resistance of pipe A"),
        Param("R_B", steps(0.5, 5.0, 0.5), "kPa s/mL", "resistance of pipe B"),
        Param("L_A", steps(0.1, 2.0, 0.1), "kPa s²/mL", "inertance of pipe A"),
        Param("L_B", steps(0.1, 2.0, 0.1), "kPa s²/mL", "inertance of pipe B"),
        Param("t_obs", steps(0.2, 3.0, 0.1), "s", "time at which the flow is read"),
        Param("T_e", TEMPERATURES, "eV", "electron temperature"),
        Param("heat", steps(1.2, 5.0, 0.1), "", "factor the plasma is heated by"),
        Param("len_B", steps(0.5, 5.0, 0.5), "", "length of pipe B / length of pipe A"),
        Param(
            "rad_B",
            (0.5, 0.6, 0.7, 0.8, 0.9, 1.1, 1.2, 1.3, 1.4, 1.5, 2.0),
            "",
            "radius of pipe B / radius of pipe A",
        ),
    ),
    questions=[
        Question("q1", (Part("q1_QA", 3.0, rtol=1e-6),), q1),
        Question("q2", (Part("q2_tau", 1.5, rtol=1e-6), Part("q2_QA_end", 1.5, rtol=1e-5)), q2),
        Question("q3", (Part("q3_eta", 1.5, rtol=1e-6), Part("q3_ratio", 1.5, rtol=1e-6)), q3),
        Question("q4", (Part("q4_QA", 3.0, "sympy", rtol=1e-9, extra=("R_A",)),), q4),
    ],
    manual=(ManualQuestion("q5", 3.0),),
    constraints=(
        Constraint(("R_A", "R_B"), lambda p: p["R_A"] < p["R_B"], "pipe A is the less resistive"),
        Constraint(
            ("L_A", "L_B", "t_obs"),
            lambda p: 0.3 <= p["t_obs"] / _tau(p) <= 3.0,
            "the flow is read while it still changes",
        ),
    ),
    derived=derived,
)
