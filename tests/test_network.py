import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fluxlib as fl
from fluxlib.errors import FluxInputError, InconsistentSupplyError


def grid_edges(nx, ny):
    e = [((i, j), (i, j + 1)) for i in range(nx) for j in range(ny - 1)]
    e += [((i, j), (i + 1, j)) for i in range(nx - 1) for j in range(ny)]
    return e


def test_incidence_sign_convention():
    net = fl.FlowNetwork([("A", "B")])
    A = net.incidence().toarray()
    assert A.tolist() == [[1.0], [-1.0]]


def test_series_parallel_exact():
    # A -> B two parallel pipes (g = 1, 3), then B -> C (g = 2); Q = 8 from A to C
    net = fl.FlowNetwork([("A", "B"), ("A", "B"), ("B", "C")])
    r = net.solve({"A": 8, "C": -8}, conductance=[1, 3, 2])
    np.testing.assert_allclose(r.flow, [2, 6, 8], rtol=1e-12)
    p = r.potential
    assert p[0] - p[1] == pytest.approx(2.0) and p[1] - p[2] == pytest.approx(4.0)
    assert abs(p.sum()) < 1e-12  # mean-zero gauge
    assert r.residual < 1e-12
    assert r.flow_on(("B", "C")) == pytest.approx(8)


def test_conductance_dict_and_with_conductance():
    net = fl.FlowNetwork([("A", "B"), ("B", "C"), ("A", "C")])
    r = net.solve({"A": 1, "C": -1}, conductance={0: 1, ("B", "C"): 1, 2: 2})
    np.testing.assert_allclose(r.flow, [0.2, 0.2, 0.8], rtol=1e-12)
    r2 = r.with_conductance(2, 0.5)
    np.testing.assert_allclose(r2.flow, [0.5, 0.5, 0.5], rtol=1e-12)
    before, after = net.redistribute({"A": 1, "C": -1}, 1.0, ("A", "C"), 3.0)
    assert after.flow[2] > before.flow[2]


def test_cycle_rank_grid_and_disconnected():
    net = fl.FlowNetwork(grid_edges(3, 3))
    assert (net.n_nodes, net.n_edges) == (9, 12)
    C = net.cycle_basis(dense=True)
    assert C.shape == (12, 4)
    assert np.all(np.isin(C, [-1, 0, 1]))
    assert np.all(net.incidence() @ C == 0)
    assert np.linalg.matrix_rank(C) == 4
    two = fl.FlowNetwork([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (5, 6)], nodes=[7])
    assert two.n_components == 3
    assert two.cycle_basis().shape == (7, 7 - 8 + 3)
    assert sorted(map(sorted, two.components())) == [[0, 1, 2], [3, 4, 5, 6], [7]]


def test_cycles_follow_actual_loops():
    net = fl.FlowNetwork(grid_edges(3, 4))
    C = net.cycle_basis(dense=True)
    A = net.incidence().toarray()
    for col in C.T:
        # each node on the loop has exactly two loop edges touching it
        touch = np.abs(A) @ np.abs(col)
        assert set(np.unique(touch)) <= {0, 2}


def test_general_solution_integer_and_cycles():
    net = fl.FlowNetwork(grid_edges(3, 3))
    supply = {(0, 0): 7, (2, 2): -4, (1, 1): -3}
    g = net.general_solution(supply)
    b = np.zeros(9)
    b[net.nodes.index((0, 0))], b[net.nodes.index((2, 2))], b[net.nodes.index((1, 1))] = 7, -4, -3
    assert np.all(g.particular == np.round(g.particular))
    A = net.incidence()
    np.testing.assert_array_equal(A @ g.particular, b)
    x = g([1, -2, 3, 0.5])
    np.testing.assert_allclose(A @ x, b, atol=1e-12)


def test_error_messages():
    net = fl.FlowNetwork([("A", "B"), ("B", "C"), ("C", "D"), ("B", "C")])
    with pytest.raises(
        FluxInputError, match=r"conductance of edge 3 \('B' -> 'C'\) must be positive, got -2"
    ):
        net.solve({"A": 1, "D": -1}, conductance=[1, 1, 1, -2])
    with pytest.raises(FluxInputError, match=r"conductance of edge 1 \('B' -> 'C'\) must be finite, got nan"):
        net.solve({"A": 1, "D": -1}, conductance=[1, np.nan, 1, 1])
    with pytest.raises(FluxInputError, match=r"conductance must have one value per edge \(4\)"):
        net.solve({"A": 1, "D": -1}, conductance=[1, 1])
    with pytest.raises(
        FluxInputError, match=r"supply names node 'Z', which is not in the network \(nodes: A, B, C, D\)"
    ):
        net.solve({"Z": 1}, 1.0)
    with pytest.raises(FluxInputError, match="is missing for edge 1"):
        net.solve({"A": 1, "D": -1}, conductance={0: 1.0})
    with pytest.raises(FluxInputError, match="self-loop"):
        fl.FlowNetwork([("A", "A")])
    with pytest.raises(FluxInputError, match=r"supply must be a dict .* one value per node \(4\)"):
        net.solve([1, -1], 1.0)


def test_inconsistent_supply_message_and_imbalances():
    net = fl.FlowNetwork([("A", "B"), ("B", "C")], nodes=["E"])
    msg = (
        r"supplies in the part containing 'A', 'B', 'C' sum to \+200: 1000 enter and 800 leave, "
        r"so 200 cars per hour would accumulate"
    )
    with pytest.raises(InconsistentSupplyError, match=msg) as err:
        net.solve({"A": 1000, "C": -800}, 1.0, unit="cars per hour")
    assert err.value.imbalances == {"A": 200.0}
    with pytest.raises(InconsistentSupplyError, match=r"isolated node 'E' sum to \+5") as err:
        net.check_supply({"E": 5})
    assert err.value.imbalances == {"E": 5.0}
    with pytest.raises(InconsistentSupplyError, match="more would leave than enters"):
        net.check_supply({"A": -3})


def test_moderate_scale_correctness():
    rng = np.random.default_rng(1)
    n = 10_000
    perm = rng.permutation(n)
    tails = perm[1:]
    heads = perm[rng.integers(0, np.arange(1, n))]
    u, v = rng.integers(0, n, 2 * n), rng.integers(0, n, 2 * n)
    keep = u != v
    E = np.c_[np.r_[tails, u[keep]], np.r_[heads, v[keep]]]
    net = fl.FlowNetwork(E)
    b = rng.standard_normal(n)
    b -= b.mean()
    r = net.solve(b, rng.uniform(0.1, 10, net.n_edges))
    assert r.residual < 1e-8 * np.abs(b).max()
    # a grid forces the AMG fallback path
    gx = np.arange(110 * 110).reshape(110, 110)
    G = np.c_[np.r_[gx[:, :-1].ravel(), gx[:-1, :].ravel()], np.r_[gx[:, 1:].ravel(), gx[1:, :].ravel()]]
    gnet = fl.FlowNetwork(G)
    bg = np.zeros(gnet.n_nodes)
    bg[0], bg[-1] = 1.0, -1.0
    rg = gnet.solve(bg, 1.0)
    assert rg.residual < 1e-9


@st.composite
def random_network(draw):
    n = draw(st.integers(2, 25))
    m = draw(st.integers(1, 60))
    t = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    d = draw(st.lists(st.integers(1, n - 1), min_size=m, max_size=m))
    E = np.c_[t, (np.array(t) + np.array(d)) % n]
    c = np.array(draw(st.lists(st.floats(0.01, 100), min_size=m, max_size=m)))
    s = np.array(draw(st.lists(st.integers(-50, 50), min_size=n, max_size=n)), dtype=float)
    return fl.FlowNetwork(E, nodes=range(n)), c, s


def balanced(net, s):
    lab = np.empty(net.n_nodes, dtype=int)
    for k, comp in enumerate(net.components()):
        lab[comp] = k
    b = s.copy()
    for k in range(net.n_components):
        idx = np.flatnonzero(lab == k)
        b[idx[0]] -= b[idx].sum()
    return b


@settings(max_examples=50, deadline=None)
@given(random_network())
def test_property_every_node_balanced(data):
    net, c, s = data
    b = balanced(net, s)
    r = net.solve(b, c)
    assert r.residual <= 1e-9 * max(1.0, np.abs(b).max())
    C = net.cycle_basis(dense=True)
    assert C.shape[1] == net.n_edges - net.n_nodes + net.n_components
    assert np.all(net.incidence() @ C == 0)
    # Ohm's law holds on every edge
    p = r.potential
    np.testing.assert_allclose(r.flow, c * (p[net.tail_index] - p[net.head_index]), atol=1e-9)


@settings(max_examples=50, deadline=None)
@given(random_network(), st.integers(0, 2**31))
def test_property_general_solution(data, seed):
    net, c, s = data
    b = balanced(net, s)
    g = net.general_solution(b)
    assert np.all(g.particular == np.round(g.particular))
    t = np.random.default_rng(seed).normal(size=g.n_free)
    np.testing.assert_allclose(net.incidence() @ g(t), b, atol=1e-9)


def test_transient_two_branches_exact():
    RA, RB, LA, LB, Q = 1.0, 3.0, 2.0, 0.5, 2.0
    net = fl.FlowNetwork([("s", "t"), ("s", "t")])
    t = np.linspace(0, 4, 41)
    tr = net.solve_transient({"s": Q, "t": -Q}, [RA, RB], [LA, LB], np.array([Q, 0.0]), t)
    tau = (LA + LB) / (RA + RB)
    np.testing.assert_allclose(tr.time_constants, [tau], rtol=1e-12)
    QA_inf = RB * Q / (RA + RB)
    np.testing.assert_allclose(tr.flow[:, 0], QA_inf + (Q - QA_inf) * np.exp(-t / tau), atol=1e-12)
    np.testing.assert_allclose(tr.flow.sum(axis=1), Q, atol=1e-12)
    np.testing.assert_allclose(tr.steady_flow, [QA_inf, Q - QA_inf], atol=1e-12)
    # same pressure drop across both branches at all times
    dpA = RA * tr.flow[:, 0] + LA * np.gradient(tr.flow[:, 0], t)
    drop = tr.potential[:, 0] - tr.potential[:, 1]
    np.testing.assert_allclose(drop[5:-5], dpA[5:-5], rtol=2e-2)
    assert tr.flow.shape == (41, 2) and tr.potential.shape == (41, 2)


def test_transient_step_change_of_resistance():
    net = fl.FlowNetwork([("s", "a"), ("a", "t"), ("a", "t")])
    old = net.solve({"s": 1, "t": -1}, conductance=[1, 1, 1])
    new_R = [1.0, 1.0, 4.0]
    tr = net.solve_transient({"s": 1, "t": -1}, new_R, [1.0, 1.0, 1.0], old.flow, [0.0, 100.0])
    np.testing.assert_allclose(tr.flow[0], old.flow, atol=1e-12)
    np.testing.assert_allclose(tr.flow[-1], [1.0, 0.8, 0.2], atol=1e-10)


def test_transient_zero_inertance_loop_raises():
    net = fl.FlowNetwork([("s", "t"), ("s", "t")])
    with pytest.raises(FluxInputError, match="inertance is zero on every edge of a closed loop"):
        net.solve_transient({"s": 1, "t": -1}, [1, 1], [0, 0], np.array([1.0, 0.0]), [0, 1])
    with pytest.raises(FluxInputError, match=r"inertance of edge 0 \('s' -> 't'\) must not be negative"):
        net.solve_transient({"s": 1, "t": -1}, [1, 1], [-1, 0], np.array([1.0, 0.0]), [0, 1])


def test_networkx_roundtrip():
    import networkx as nx  # in the dev extra: the conversion is part of the interface

    G = nx.DiGraph()
    G.add_edge("A", "B", weight=2.0)
    G.add_edge("B", "C", weight=1.0)
    net, c = fl.network.from_networkx(G, conductance="weight")
    r = net.solve({"A": 1, "C": -1}, c)
    H = net.to_networkx(solution=r)
    assert H.number_of_edges() == 2
    assert H.edges["A", "B", 0]["flow"] == pytest.approx(1.0)


def test_solves_without_pyamg(monkeypatch):
    """pyamg is optional: a grid that defeats Jacobi-CG falls back to sparse LU and balances."""
    import sys

    from fluxlib.models.traffic import grid_network

    monkeypatch.setitem(sys.modules, "pyamg", None)  # `import pyamg` now raises ImportError
    net = grid_network(60, 60)
    supply = np.zeros(net.n_nodes)
    supply[0], supply[-1] = 1.0, -1.0
    res = net.solve(supply, 1.0)
    assert "pyamg not installed" in res.method
    assert res.residual < 1e-9
    # the books balance at every junction
    np.testing.assert_allclose(net.incidence() @ res.flow, supply, atol=1e-9)


# ------------------------------------------------------------ supplies that change in time
def _ramp_exact(t, R1, R2, L1, L2, q0, a, Q10):
    """Two parallel branches fed q(t) = q0 + a t: (R1 + R2) Q1 + (L1 + L2) Q1' = R2 q + L2 q'."""
    S, Lsum = R1 + R2, L1 + L2
    alpha = R2 * a / S
    beta = (R2 * q0 + L2 * a - Lsum * alpha) / S
    Q1 = alpha * t + beta + (Q10 - beta) * np.exp(-S * t / Lsum)
    dQ1 = alpha - S / Lsum * (Q10 - beta) * np.exp(-S * t / Lsum)
    return Q1, dQ1


def test_transient_ramp_supply_exact():
    """A supply linear in time is integrated exactly, whatever the output times."""
    R1, R2, L1, L2, q0, a = 1.0, 3.0, 2.0, 0.5, 1.0, 0.8
    net = fl.FlowNetwork([("s", "t"), ("s", "t")])
    t = np.array([0.0, 0.05, 0.7, 2.0, 6.5])
    tr = net.solve_transient(
        lambda s: {"s": q0 + a * s, "t": -(q0 + a * s)}, [R1, R2], [L1, L2], np.array([0.3, 0.7]), t
    )
    Q1, dQ1 = _ramp_exact(t, R1, R2, L1, L2, q0, a, 0.3)
    np.testing.assert_allclose(tr.flow[:, 0], Q1, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(tr.flow.sum(axis=1), q0 + a * t, rtol=1e-13)
    # the drop across the branches is R1 Q1 + L1 Q1', exactly
    drop = tr.potential[:, 0] - tr.potential[:, 1]
    np.testing.assert_allclose(drop, R1 * Q1 + L1 * dQ1, rtol=1e-11)
    # steady_flow: that of the supply at the last time
    q_end = q0 + a * t[-1]
    np.testing.assert_allclose(tr.steady_flow, [R2 * q_end / (R1 + R2), R1 * q_end / (R1 + R2)], rtol=1e-12)


def test_transient_constant_callable_matches_constant_supply():
    net = fl.FlowNetwork([("s", "a"), ("a", "t"), ("a", "t"), ("s", "t")])
    sup = {"s": 2.0, "t": -2.0}
    R, L, Q0, t = [1.0, 2.0, 0.5, 3.0], [0.2, 1.0, 0.4, 0.1], np.zeros(4), np.linspace(0, 3, 7)
    a = net.solve_transient(sup, R, L, Q0, t)
    b = net.solve_transient(lambda s: sup, R, L, Q0, t, dt=0.1)
    np.testing.assert_allclose(b.flow, a.flow, rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(b.potential, a.potential, rtol=1e-10, atol=1e-11)


def test_transient_sinusoidal_supply_second_order_and_conserving():
    """A smooth supply is taken linear between samples: the error falls as dt², checked
    against a tight numerical integration of the same loop equation."""
    from scipy.integrate import solve_ivp

    R1, R2, L1, L2 = 1.0, 3.0, 2.0, 0.5
    net = fl.FlowNetwork([("s", "t"), ("s", "t")])

    def q(s):
        return 1.0 + 0.5 * np.sin(3.0 * s)

    def dq(s):
        return 1.5 * np.cos(3.0 * s)

    t = np.linspace(0.0, 4.0, 9)
    ref = solve_ivp(
        lambda s, y: [(R2 * q(s) + L2 * dq(s) - (R1 + R2) * y[0]) / (L1 + L2)],
        (0.0, 4.0),
        [0.4],
        t_eval=t,
        rtol=1e-12,
        atol=1e-14,
    ).y[0]
    errs = []
    for dt in (0.1, 0.05):
        tr = net.solve_transient(
            lambda s: {"s": q(s), "t": -q(s)}, [R1, R2], [L1, L2], np.array([0.4, q(0.0) - 0.4]), t, dt=dt
        )
        np.testing.assert_allclose(net.incidence() @ tr.flow.T, np.array([q(t), -q(t)]), rtol=1e-13)
        errs.append(np.max(np.abs(tr.flow[:, 0] - ref)))
    assert np.log2(errs[0] / errs[1]) == pytest.approx(2.0, abs=0.2)
    assert errs[1] < 1e-3


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000))
def test_transient_time_dependent_supply_conserves(seed):
    """Random networks with a random time-dependent supply: A Q(t) = b(t) at every output."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 9))
    edges = [(int(rng.integers(0, i)), i) for i in range(1, n)]  # a spanning tree
    edges += [tuple(int(v) for v in rng.choice(n, 2, replace=False)) for _ in range(int(rng.integers(0, 5)))]
    net = fl.FlowNetwork(edges)
    m = net.n_edges
    w = rng.normal(size=n)
    w -= w.mean()

    def b(s):
        return w * (1 + s) + np.roll(w, 1) * np.sin(s)

    t = np.sort(rng.uniform(0, 3, 4))
    tr = net.solve_transient(b, rng.uniform(0.5, 2, m), rng.uniform(0.1, 1, m), np.zeros(m), t, dt=0.3)
    for k, s in enumerate(t):
        np.testing.assert_allclose(net.incidence() @ tr.flow[k], b(s), atol=1e-10)


def test_transient_time_dependent_supply_errors():
    net = fl.FlowNetwork([("s", "t"), ("s", "t")])
    with pytest.raises(
        InconsistentSupplyError, match=r"supply\(t\) at t = 0.5: supplies in the part .* sum to \+0.5"
    ):
        net.solve_transient(lambda s: {"s": 1.0 + s, "t": -1.0}, [1, 1], [1, 1], np.zeros(2), [0.0, 0.5])
    with pytest.raises(
        FluxInputError, match=r"dt \(the longest sampling step of the supply\) must be positive, got 0"
    ):
        net.solve_transient(lambda s: {"s": 1.0, "t": -1.0}, [1, 1], [1, 1], np.zeros(2), [0.0, 1.0], dt=0)
