"""Section 1.3: the cycle space (null space of the incidence matrix) and the superconducting loop."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.graphs import LOOP_EDGES, LOOP_NODES
from fluxlib.models.superconductor import SuperconductingLoop, squeeze
from fluxlib.models.traffic import grid_network, loop_count, network
from fluxlib.symbolic import superconductor as sym
from tests.conftest import notebook_prose


def test_null_space_is_spanned_by_the_drawn_loops():
    d = sym.null_space()
    A, basis = d.extra["A"], d.extra["basis"]
    assert d.extra["dimension"] == d.extra["m_n_c"] == 6 - 4 + 1
    for z in basis:
        assert A * z == sp.zeros(4, 1)
    nodes, edges = LOOP_NODES, list(LOOP_EDGES)
    Z = sp.Matrix.hstack(
        *[sym.loop_vector(nodes, edges, c) for c in (["P", "C1", "R"], ["P", "C2", "R"], ["P", "C1", "C2"])]
    )
    assert A * Z == sp.zeros(4, 3)
    assert Z.rank() == 3 and sp.Matrix.hstack(*basis, Z).rank() == 3


def test_loop_vector_rejects_a_missing_pipe():
    with pytest.raises(ValueError, match="is not an edge"):
        sym.loop_vector(LOOP_NODES, list(LOOP_EDGES), ["C1", "P", "R", "C2"][:2] + ["X"])


def test_two_by_two_grid_has_four_loops():
    # reference value of the content map: 9 nodes, 12 edges, 4 loops
    net = grid_network(3, 3)
    k = loop_count(net)
    assert (k["n"], k["m"], k["c"], k["loops"]) == (9, 12, 1, 4)
    A = sp.Matrix(net.incidence().toarray().astype(int))
    assert len(A.nullspace()) == 4


@pytest.mark.parametrize(("r", "s"), [(1, 5), (2, 2), (4, 7), (60, 60)])
def test_large_grid_cycle_space_is_sparse_and_exact(r, s):
    net = grid_network(r, s)
    C = net.cycle_basis()
    assert C.shape == (r * (s - 1) + s * (r - 1), (r - 1) * (s - 1))
    assert abs(net.incidence() @ C).max() == 0 if C.shape[1] else True
    if 0 < C.shape[1] <= 60:
        assert np.linalg.matrix_rank(C.toarray()) == C.shape[1]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)).filter(lambda e: e[0] != e[1]), max_size=20))
def test_cycle_rank_equals_null_space_dimension(edges):
    net = network(edges, nodes=range(8))
    A = net.incidence().toarray()
    k = loop_count(net)
    assert k["loops"] == A.shape[1] - np.linalg.matrix_rank(A) if A.shape[1] else k["loops"] == 0


def test_fluxoid_derivation():
    d = sym.fluxoid()
    L1, L2, I1 = d.symbols["L1"], d.symbols["L2"], d.symbols["I1"]
    assert sp.simplify(d.result - L1 * I1 / L2) == 0
    assert sp.simplify(d.extra["energy_ratio"] - L1 / L2) == 0


def test_persistent_current_conserves_flux_and_matches_closed_form():
    loop = SuperconductingLoop(2e-3, 50.0, 150.0)
    for L2 in (0.8e-3, 1e-3, 3e-3, 5e-3):
        after = loop.with_inductance(L2)
        assert after.fluxoid == pytest.approx(loop.fluxoid)
        assert after.current == pytest.approx(2e-3 * 50.0 / L2)
        assert after.energy - loop.energy == pytest.approx(loop.fluxoid**2 / 2 * (1 / L2 - 1 / 2e-3))
    assert np.isnan(squeeze(loop, [0.5e-3])[0])


def test_ring_current_is_a_circulation():
    loop = SuperconductingLoop(2e-3, -30.0, 150.0)
    x = loop.edge_currents(n=5)
    ring = network([(k, (k + 1) % 5) for k in range(5)])
    assert np.allclose(ring.incidence() @ x, 0)
    assert np.allclose(x, -30.0)


def test_superconductor_errors():
    loop = SuperconductingLoop()
    # 2 mH × 50 A / 0.5 mH = 200 A by hand
    with pytest.raises(
        FluxInputError,
        match="lowering the inductance to 0.5 mH would need a current of 200 A .* "
        "above the critical current of 150 A: the wire quenches",
    ):
        loop.with_inductance(0.5e-3)
    with pytest.raises(FluxInputError, match=r"inductance L \(H\) must be positive"):
        SuperconductingLoop(inductance=0.0)
    with pytest.raises(FluxInputError, match="exceeds the critical current"):
        SuperconductingLoop(current=200.0)
    with pytest.raises(FluxInputError, match=r"new inductance L₂ \(H\) must be positive"):
        loop.with_inductance(-1.0)
    with pytest.raises(FluxInputError, match="at least 2 segments"):
        loop.edge_currents(n=1)
    with pytest.raises(FluxInputError, match="whole number of junctions per side"):
        grid_network(0, 3)


def test_answer_keys():
    assert fl.checks.expected_value("1.3-cooling-loops") == len(sym.null_space().extra["basis"])
    assert fl.checks.expected_value("1.3-persistent-current") == pytest.approx(2.0 * 50.0 / 5.0)
    assert fl.checks.check_answer("1.3-persistent-current", 20).correct


def test_panels():
    from fluxlib.widgets.superconductor import loop_count_panel, persistent_current_panel

    p = loop_count_panel()
    assert "m - n + c = 4 independent loops" in p.apply()
    assert "c = 3 connected parts: m - n + c = 0" in p.apply(edges=6)
    assert "c = 9" in p.apply(edges=0)
    q = persistent_current_panel()
    assert "I = 100.0 A" in q.apply(L_new=1.0)
    assert q.apply(L_new=0.5).startswith("⚠")
    assert "flux-scrubber" in q.static_html()


def test_cycle_basis_figure_has_one_titled_network_per_loop():
    from fluxlib.plotting.superconductor import plot_cycle_basis

    d = sym.null_space()
    edges = list(LOOP_EDGES)
    loops = [["P", "C1", "R"], ["P", "C2", "R"], ["P", "C1", "C2"]]
    Z = sp.Matrix.hstack(*[sym.loop_vector(LOOP_NODES, edges, c) for c in loops])
    handle = plot_cycle_basis(edges, Z.T.tolist(), cycles=loops)
    assert len(handle.axes) == 3 and d.extra["dimension"] == 3
    assert [a.get_title() for a in handle.axes][0] == "P → C1 → R → P"
    handle.update(edges, Z.T.tolist(), cycles=loops)  # a static figure replots
    assert len(handle.axes) == 3 and handle.axes[2].get_title() == "P → C1 → C2 → P"


def test_persistent_current_plot_moves_the_dot_and_the_energy_bar():
    from fluxlib.plotting.superconductor import plot_persistent_current

    loop = SuperconductingLoop(2e-3, 50.0, 150.0)
    handle = plot_persistent_current(loop)
    after = loop.with_inductance(1e-3)
    handle.update(after)
    x, y = handle["dot"].get_data()
    assert x[0] == pytest.approx(1.0) and y[0] == pytest.approx(100.0)
    assert handle["bars"][1].get_height() == pytest.approx(after.energy)
    assert handle["bars"][0].get_height() == pytest.approx(loop.energy)


def _markdown(name: str = "1-3-circulating-flows") -> str:
    return notebook_prose(name)


def test_persistent_current_is_practically_not_literally_forever():
    # review F5: niobium-titanium is a type-II superconductor; flux creep and the coil's joints
    # make a real persistent current decay, very slowly. R = 0 is the model's idealisation.
    text = _markdown()
    assert "circulates forever" not in text
    assert "## A current that circulates practically forever" in text
    assert "is, in the ideal, a circuit with one loop and no resistance at all" in text
    assert "Real persistent currents do decay, but very slowly" in text
    assert "flux slowly creeps through the wire" in text and "joints" in text
    assert "(an idealisation: flux creep and joints make a real persistent current decay" in text
    # no decay time is stated: none was read in a source that is in the bibliography
    assert "years" not in text
    import fluxlib.models.superconductor as mod

    assert "flux creep" in (mod.__doc__ or "") and "never decays." not in (mod.__doc__ or "")
