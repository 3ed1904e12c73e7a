"""Section 1.2: junction balance A x = b, its consistency, and the traffic grid."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import fluxlib as fl
from fluxlib.errors import FluxInputError, InconsistentSupplyError
from fluxlib.graphs import CITY_NODES, CITY_STREETS, RUSH_HOUR
from fluxlib.models.traffic import TrafficGrid, imbalance_sentence, network
from fluxlib.symbolic import traffic as derivations
from tests.conftest import notebook_prose


def test_rows_of_incidence_sum_to_zero_and_condition_is_total_supply():
    d = derivations.junction_balance()
    A, b = d.extra["A"], d.extra["b"]
    assert sp.ones(1, A.shape[0]) * A == sp.zeros(1, A.shape[1])
    assert sp.simplify(d.result - sum(b)) == 0
    assert d.extra["rank_A"] == A.shape[0] - 1
    assert d.extra["rank_augmented"] == A.shape[0]  # generic b: inconsistent


def test_rank_of_augmented_matrix_equals_rank_of_A_exactly_when_balanced():
    A = derivations.incidence_matrix(CITY_NODES, CITY_STREETS)
    balanced = sp.Matrix([500, 0, -300, 400, 0, -600])
    unbalanced = sp.Matrix([600, 0, -300, 400, 0, -500])  # 1000 in, 800 out
    assert A.row_join(balanced).rank() == A.rank() == 5
    assert A.row_join(unbalanced).rank() == 6


def test_symbolic_general_solution_solves_the_balance_for_every_parameter():
    d = derivations.general_solution()
    A, b, x = d.extra["A"], d.extra["b"], d.result
    assert sp.simplify(A * x - b) == sp.zeros(A.shape[0], 1)
    assert len(d.extra["params"]) == 7 - 6 + 1
    for z in d.extra["null_space"]:
        assert A * z == sp.zeros(A.shape[0], 1)


def test_symbolic_incidence_matches_the_core():
    A_sym = np.array(derivations.incidence_matrix(CITY_NODES, CITY_STREETS), dtype=float)
    net = network(CITY_STREETS)
    assert list(net.nodes) == list(CITY_NODES)
    assert np.array_equal(net.incidence().toarray(), A_sym)


def test_core_flows_balance_every_junction_and_match_sympy():
    grid = TrafficGrid()
    res = grid.solve(RUSH_HOUR, circulation=[30.0, -70.0])
    assert np.max(np.abs(res.residual)) < 1e-9
    # the sympy general solution has two free streets, x6 = t1 and x7 = t2: set them to match
    sym = derivations.general_solution().extra
    t1, t2 = sym["params"]
    x_sym = np.array(sym["solution"].subs({t1: res.flows[5], t2: res.flows[6]}), dtype=float).ravel()
    assert np.allclose(x_sym, res.flows)


def test_spread_flow_is_orthogonal_to_every_loop_and_smallest():
    grid = TrafficGrid()
    res = grid.spread(RUSH_HOUR)
    assert np.allclose(res.circulations.T @ res.flows, 0, atol=1e-9)
    other = grid.solve(RUSH_HOUR, circulation=[25.0, -10.0])
    assert np.sum(res.flows**2) < np.sum(other.flows**2)
    assert res.wrong_way == []


def test_inconsistent_supply_is_reported_in_words():
    with pytest.raises(
        InconsistentSupplyError, match=r"1000 cars per hour enter, 800 leave: 200 per hour pile up"
    ):
        TrafficGrid().solve({"A1": 600, "B1": 400, "A3": -300, "B3": -500})
    assert imbalance_sentence(RUSH_HOUR) is None
    s = imbalance_sentence({"A1": 100, "B3": -300})
    assert "100 cars per hour enter, 300 leave" in s and "200" in s


def test_input_errors():
    with pytest.raises(FluxInputError, match="must join two different junctions"):
        TrafficGrid(streets=(("A", "A"),))
    with pytest.raises(FluxInputError, match="at least one street"):
        TrafficGrid(streets=())
    with pytest.raises(FluxInputError, match="2 independent loops, so it takes 2 circulation values"):
        TrafficGrid().solve(RUSH_HOUR, circulation=[1.0])
    with pytest.raises(FluxInputError, match=r"supply at A1 \(cars/h\) must be finite"):
        TrafficGrid().solve({"A1": float("nan")})


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(-500, 500), min_size=3, max_size=3),
    st.lists(st.floats(-300, 300), min_size=2, max_size=2),
)
def test_books_balance_for_any_balanced_supply(s, t):
    supply = {"A1": s[0], "B1": s[1], "A3": s[2], "B3": -sum(s)}
    res = TrafficGrid().solve(supply, circulation=t)
    assert np.max(np.abs(res.residual)) < 1e-8


def test_answer_keys():
    # 600 + 400 entering, 300 + 500 leaving
    assert fl.checks.expected_value("1.2-pile-up") == pytest.approx((600 + 400) - (300 + 500))
    # sympy: with t1 = t2 = 0 the flow on A1→A2 is the particular value
    sym = derivations.general_solution().extra
    x1 = sym["solution"][0].subs({p: 0 for p in sym["params"]})
    assert fl.checks.expected_value("1.2-closed-cross-streets") == pytest.approx(float(x1))
    assert fl.checks.check_answer("1.2-pile-up", 200).correct


def test_junction_panel_sentence_and_infeasible_state():
    from fluxlib.widgets.traffic import junction_panel

    p = junction_panel()
    assert "the books balance" in p.apply()
    msg = p.apply(leave_B3=500.0)
    assert msg.startswith("⚠") and "900 cars per hour enter, 800 leave: 100 per hour pile up" in msg
    assert "flux-scrubber" in p.static_html()


def test_network_widths_follow_flow_and_arrows_point_with_it():
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.plotting.traffic import default_layout, plot_network

    edges = [("a", "b"), ("b", "c")]
    pos = default_layout(["a", "b", "c"])
    handle = plot_network(edges, flows=[2.0, -1.0], supply={"a": 2.0, "c": -1.0}, max_flow=2.0, max_width=8.0)
    assert isinstance(handle, PlotHandle)
    w = [a.get_linewidth() for a in handle["edges"]]
    assert w[0] == pytest.approx(2 * w[1])
    # the second edge's flow is negative: its arrow starts at c
    assert handle["edges"][1]._posA_posB[0] == pos["c"]
    handle.update(flows=[1.0, 1.0])
    assert handle["edges"][1]._posA_posB[0] == pos["b"]
    with pytest.raises(FluxInputError, match="one value per edge"):
        handle.update(flows=[1.0])


def test_traffic_plot_moves_to_a_new_result():
    from fluxlib.graphs import CITY_POS
    from fluxlib.plotting.traffic import plot_traffic

    grid = TrafficGrid()
    handle = plot_traffic(grid.spread(RUSH_HOUR), pos=CITY_POS, street_map=True, edge_labels=True, unit="/h")
    # the street map underneath is drawn but never animated
    assert len(handle.ax.patches) == 2 * len(CITY_STREETS)
    assert len(handle.animated) == 2 * len(CITY_STREETS) + 1
    res = grid.spread({"A1": 1000.0, "B3": -1000.0})
    handle.update(res)
    labels = [t.get_text() for t in handle["edge_labels"]]
    assert labels == [f"{abs(q):.0f}/h" for q in res.flows]


# --- validity --------------------------------------------------------------------------------
def test_wrong_way_flow_is_flagged_and_rush_hour_is_not():
    grid = TrafficGrid()
    assert grid.spread(RUSH_HOUR).validity == ()
    # everything enters at B1 and leaves at A3: the cross streets all run A → B, so the
    # spread-out flow must send cars north against them
    res = grid.spread({"B1": 1000.0, "A3": -1000.0})
    notes = res.validity
    assert len(notes) == 1 and notes[0].side == "below" and notes[0].value < 0
    assert "against the one-way sign" in fl.validity.describe(notes)
    from fluxlib.widgets.traffic import junction_panel

    sentence = junction_panel().apply(leave_B3=0.0, enter_A1=0.0, enter_B1=1000.0, leave_A3=1000.0)
    assert "Outside the model's validity" in sentence
    sentence = junction_panel().apply(leave_B3=600.0, enter_A1=500.0, enter_B1=400.0, leave_A3=300.0)
    assert "Outside the model's validity" not in sentence


def test_lane_capacity_note_fires_above_one_lanes_saturation_flow():
    from fluxlib.models.traffic import LANE_CAPACITY

    grid = TrafficGrid()
    # A1 to B3 runs with every one-way street (no wrong-way flow); flows are linear in the
    # supply, so the busiest street carries a fixed share of the throughput
    small = grid.spread({"A1": 1000.0, "B3": -1000.0})
    share = max(small.flows) / 1000.0
    assert small.validity == ()
    below = 0.95 * LANE_CAPACITY / share  # busiest street just under one lane's capacity
    above = 1.05 * LANE_CAPACITY / share
    assert grid.spread({"A1": below, "B3": -below}).validity == ()
    (note,) = grid.spread({"A1": above, "B3": -above}).validity
    assert note.side == "above" and note.value == pytest.approx(1.05 * LANE_CAPACITY)
    assert "1900 cars per hour" in str(note)


def test_spread_flow_is_least_total_time_and_a_wardrop_equilibrium():
    # the page: with t_e = a x_e the spread-out flow minimises Σ x_e², and the time along any
    # route depends only on its ends, so every route from A1 to B3 takes the same time
    grid = TrafficGrid()
    spread = grid.spread(RUSH_HOUR)
    x = dict(zip(CITY_STREETS, spread.flows, strict=True))
    assert all(q > 0 for q in x.values())  # no street runs against its arrow here
    routes = (
        [("A1", "A2"), ("A2", "A3"), ("A3", "B3")],
        [("A1", "A2"), ("A2", "B2"), ("B2", "B3")],
        [("A1", "B1"), ("B1", "B2"), ("B2", "B3")],
    )
    times = [sum(x[e] for e in r) for r in routes]  # in units of a
    assert max(times) - min(times) < 1e-9 * max(times)
    # adding any circulation only increases Σ x² (least total time on the streets)
    circ = grid.solve(RUSH_HOUR).circulations
    base = float(spread.flows @ spread.flows)
    rng = np.random.default_rng(0)
    for _ in range(20):
        t = rng.normal(scale=50.0, size=circ.shape[1])
        y = spread.flows + circ @ t
        assert float(y @ y) > base


def test_lane_note_says_capacity_is_per_hour_of_green():
    # HCM 2010's base saturation flow is 1900 passenger cars per hour of green per lane
    from fluxlib.models.traffic import LANE_CAPACITY

    assert LANE_CAPACITY == 1900.0
    grid = TrafficGrid()
    (note,) = grid.spread({"A1": 5000.0, "B3": -5000.0}).validity
    assert "hour of green" in str(note) and "share of green" in str(note)


def _markdown(name: str = "1-2-junction-balance") -> str:
    return notebook_prose(name)


def test_the_travel_time_law_is_called_an_idealisation():
    # review F4: at these flows real travel time hardly depends on traffic, so the spread-out
    # solution follows from the assumed law, not from congestion. No BPR numbers are stated.
    text = _markdown()
    assert "This law is an idealisation." in text
    assert "follows from the law we assumed, not from congestion" in text
    assert (
        "(an idealisation: at flows well below capacity real travel times barely depend on traffic)" in text
    )
    assert "Bureau of Public Roads" not in text and "fourth power" not in text
    from fluxlib.models.traffic import TrafficGrid

    assert "idealisation" in (TrafficGrid.spread.__doc__ or "")


def test_rush_hour_flows_are_well_below_a_lanes_capacity():
    # the page says every printed flow is well below what a lane can carry: by hand, the
    # largest spread-out flow (about 487 cars/h, B2→B3) is under half of 1900 cars per hour of
    # green, so even a street that sees green half the time is under capacity
    from fluxlib.models.traffic import LANE_CAPACITY

    x = np.abs(TrafficGrid().spread(RUSH_HOUR).flows)
    assert x.max() == pytest.approx(487, abs=1)
    assert x.max() < 0.5 * LANE_CAPACITY
