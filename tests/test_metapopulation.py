"""Section 3.4: sources, sinks and corridors (derivation, Laplacian from the incidence matrix,
Newton vs integration vs closed form, answers, errors)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.models.metapopulation import (
    CORRIDOR,
    SMALL_POPULATION,
    Landscape,
    default_landscape,
    edge_flows,
    immigration,
    integrate,
    isolated_sink_equilibrium,
    population_validity,
    settle,
    steady_state,
)
from fluxlib.symbolic import metapopulation as sym
from tests.conftest import notebook_prose


def test_sink_equilibrium_derivation():
    d = sym.sink_equilibrium()
    N, K, F, r = (d.symbols[k] for k in ("N", "K", "F", "r"))
    expected = 2 * F / (sp.sqrt(r**2 + 4 * r * F / K) - r)
    assert sp.simplify(d.result - expected) == 0
    assert sp.simplify(d.extra["rhs"].subs(N, d.result)) == 0  # it is an equilibrium
    # for a source it is the familiar root K/2 (1 + sqrt(1 + 4F/(rK)))
    s = sp.Symbol("s_pos", positive=True)
    assert sp.simplify((d.result - d.extra["source_root"]).subs(r, s)) == 0
    # weak immigration into a sink: N* ≈ F/|r|
    assert sp.simplify(d.extra["sink_limit"] - F / d.extra["s"]) == 0
    # stability: the slope at N* is -sqrt(r² + 4rF/K) (checked at sample points of both signs)
    for rv, Fv, Kv in ((-0.3, 10.0, 3000.0), (0.5, 20.0, 800.0)):
        slope = float(d.extra["slope"].subs({r: rv, F: Fv, K: Kv}))
        assert slope == pytest.approx(-np.sqrt(rv**2 + 4 * rv * Fv / Kv), rel=1e-12)


def test_laplacian_from_incidence_matches_core_laplacian():
    land = default_landscape(corridor=0.1)
    L = land.laplacian()
    core = land.network.laplacian(np.asarray(land.dispersal) + 0.0).toarray() if all(land.dispersal) else None
    assert np.allclose(L, L.T)
    assert np.allclose(L.sum(axis=0), 0.0, atol=1e-15)
    if core is not None:
        order = [land.network.nodes.index(p) for p in land.names]
        assert np.allclose(L, core[np.ix_(order, order)])
    # immigration is minus the divergence of the edge flows
    N = np.array([10.0, 20.0, 5.0, 1.0, 0.0])
    A = land.incidence()
    assert np.allclose(immigration(land, N), -A @ edge_flows(land, N))


@pytest.mark.parametrize("corridor", [0.0, 0.05, 0.1, 0.3])
def test_newton_integration_and_closed_form_agree(corridor):
    land = default_landscape(corridor=corridor)
    a, b = steady_state(land), settle(land)
    assert a.residual < 1e-8 and a.stable
    assert np.allclose(a.N, b.N, rtol=1e-5)
    assert abs(a.immigration.sum()) < 1e-9  # dispersal makes no one
    for j, r in enumerate(land.r):
        if r < 0:  # each sink sits where the derivation puts it for its actual inflow
            assert a.immigration[j] > 0
            expected = isolated_sink_equilibrium(r, land.K[j], a.immigration[j])
            assert a.N[j] == pytest.approx(expected, rel=1e-9)


def test_isolated_sink_goes_extinct_and_rescue_grows_with_corridor():
    land = default_landscape(corridor=0.0)
    iso = Landscape(land.names, land.r, land.K, land.links, (0.0,) * len(land.links))
    eq = steady_state(iso)
    assert eq["sink D"] == pytest.approx(0.0, abs=1e-9) and eq["meadow A"] == pytest.approx(1000.0)
    K, r = np.asarray(land.K), np.asarray(land.r)
    N0 = K / 2
    traj = integrate(iso, N0, np.linspace(0.0, 50.0, 11))
    # each isolated patch follows the exact logistic solution K N0 e^{rt} / (K + N0 (e^{rt} - 1))
    e = np.exp(np.outer(traj.t, r))
    exact = K * N0 * e / (K + N0 * (e - 1))
    assert np.allclose(traj.N, exact, rtol=1e-6, atol=1e-3)
    sinks = [steady_state(default_landscape(corridor=c))["sink D"] for c in (0.0, 0.05, 0.1, 0.2)]
    assert all(np.diff(sinks) > 0)
    assert steady_state(default_landscape(corridor=0.1)).flows[CORRIDOR] > 0


@settings(max_examples=25, deadline=None)
@given(st.floats(0.001, 0.05), st.floats(0.1, 0.5), st.floats(100.0, 2000.0))
def test_two_patch_source_sink(d, s, Ks):
    """A source at fixed high density feeding a sink: N_sink = closed form with F = d (N_src - N_sink)."""
    land = Landscape(("source", "sink"), (0.5, -s), (1000.0, 1e6), (("source", "sink"),), (d,))
    eq = steady_state(land)
    F = eq.immigration[1]
    assert F == pytest.approx(d * (eq.N[0] - eq.N[1]), rel=1e-9)
    assert eq.N[1] == pytest.approx(isolated_sink_equilibrium(-s, 1e6, F), rel=1e-7)
    assert eq.growth.sum() == pytest.approx(0.0, abs=1e-8)


def test_answers():
    r, K, F = -0.2, 2000.0, 10.0
    assert fl.checks.expected_value("3.4-sink") == pytest.approx(K / 2 * (1 - np.sqrt(1 - 4 * F / (0.2 * K))))
    assert fl.checks.expected_value("3.4-rescue-flux") == pytest.approx(0.3 * 50 * (1 - 50 / 3000))
    assert fl.checks.check_answer("3.4-sink", 51.3).correct
    assert r < 0


def test_errors():
    land = default_landscape(corridor=0.1)
    with pytest.raises(FluxInputError, match=r"dispersal conductance d \(1/yr\) must not be negative"):
        land.with_dispersal(CORRIDOR, -0.1)
    with pytest.raises(FluxInputError, match=r"carrying capacity K \(individuals\) must be positive"):
        Landscape(("a", "b"), (0.1, 0.1), (100.0, -1.0), (("a", "b"),), (0.1,))
    with pytest.raises(FluxInputError, match="names patch 'c', which is not in"):
        Landscape(("a", "b"), (0.1, 0.1), (100.0, 1.0), (("a", "c"),), (0.1,))
    with pytest.raises(FluxInputError, match="joins a patch to itself"):
        Landscape(("a", "b"), (0.1, 0.1), (100.0, 1.0), (("a", "a"),), (0.1,))
    with pytest.raises(FluxInputError, match="patch names must be unique"):
        Landscape(("a", "a"), (0.1, 0.1), (100.0, 1.0), (), ())
    with pytest.raises(FluxInputError, match=r"exceeds \|r\|K/4"):
        isolated_sink_equilibrium(-0.2, 100.0, 10.0)
    with pytest.raises(FluxInputError, match=r"integration time \(yr\) must be positive"):
        integrate(land, np.ones(5), [0.0, 0.0])


def test_corridor_panel_sentence_carries_validity():
    from fluxlib.widgets.metapopulation import corridor_panel

    box = corridor_panel().widget()
    box.flux_controls["corridor"].value = 0.25
    assert "sink D" in box.flux_note.value and "Outside" not in box.flux_note.value
    box.flux_controls["corridor"].value = 0.0  # the sinks shrink to a handful
    assert "Outside" in box.flux_note.value and "by chance" in box.flux_note.value


def test_stepping_stone_is_fed_by_meadow_B_only():
    # the page: with the corridor at 0.1/yr the stepping stone gains from meadow B and passes
    # some on to sink D (N_B > N_s > N_D), so its net immigration is B's inflow minus D's outflow
    eq = steady_state(default_landscape(corridor=0.1))
    nb, ns, nd = eq["meadow B"], eq["stepping stone"], eq["sink D"]
    assert nb > ns > nd
    by_hand = 0.03 * (nb - ns) - 0.02 * (ns - nd)
    assert eq.immigration[2] == pytest.approx(by_hand, rel=1e-9)
    assert ns > 200.0  # above its own ceiling K = 200


def test_validity_notes_for_tiny_and_crowded_populations():
    # without the corridor the sinks hold about 15 and 3 individuals: the note fires for both
    bare = steady_state(default_landscape(corridor=0.0))
    assert [v.quantity for v in bare.validity] == ["population of sink D", "population of sink E"]
    assert all(v.value < SMALL_POPULATION for v in bare.validity)
    # with the page's corridor every patch is large and every sink below K/2: no note
    assert steady_state(default_landscape(corridor=0.1)).validity == ()
    assert steady_state(default_landscape(corridor=0.3)).validity == ()
    # a sink pushed past half its ceiling is flagged (two patches: a big source feeding a sink)
    land = Landscape(("source", "sink"), (1.0, -0.1), (1000.0, 1000.0), (("source", "sink"),), (0.5,))
    eq = steady_state(land)
    assert eq["sink"] > 500.0 and eq.stable  # the sink sits at its ceiling, losing nobody
    assert any("(a sink)" in v.quantity and v.side == "above" for v in eq.validity)
    # population_validity agrees with the notes carried by the result
    assert population_validity(land, eq.N) == eq.validity


def _stationary(F, b, d, nmax):
    """Stationary distribution of the birth-death-immigration chain (arrivals F, births b n,
    deaths d n), from the null vector of its generator truncated at nmax."""
    Q = np.zeros((nmax + 1, nmax + 1))
    for n in range(nmax + 1):
        if n < nmax:
            Q[n, n + 1] = F + b * n
        if n > 0:
            Q[n, n - 1] = d * n
        Q[n, n] = -Q[n].sum()
    w, v = np.linalg.eig(Q.T)
    p = np.real(v[:, np.argmin(np.abs(w))])
    return p / p.sum()


def test_small_population_note_poisson_claim():
    # with no births: a sink fed at rate F (arrivals one at a time) and losing each individual
    # at rate |r| holds on average F/|r| (the deterministic N*, far below K), Poisson, with a
    # spread of the square root
    F, r = 0.9, 0.3
    p = _stationary(F, 0.0, r, 80)
    n = np.arange(p.size)
    mean = p @ n
    assert mean == pytest.approx(F / r, rel=1e-9)
    assert p @ (n - mean) ** 2 == pytest.approx(mean, rel=1e-9)  # spread √mean
    assert p[0] == pytest.approx(np.exp(-F / r), rel=1e-9)  # sometimes empty (5 % here)


@pytest.mark.parametrize(
    # (b, d): births and deaths per head per year, r = b - d = -0.2 (sink E); by hand, with
    # mean m = F/|r| = 3.07, variance m d/|r| and P(0) = (|r|/d)^(F/b):
    # b = 0.2, d = 0.4: var = 3.07 x 2 = 6.14 (SD 2.48), P(0) = 0.5^3.07 = 0.1190
    # b = 0.6, d = 0.8: var = 3.07 x 4 = 12.28 (SD 3.50), P(0) = 0.25^(0.614/0.6) = 0.2419
    "b, d, var, p0",
    [(0.2, 0.4, 6.14, 0.5**3.07), (0.6, 0.8, 12.28, 0.25 ** (0.614 / 0.6))],
)
def test_sink_with_births_fluctuates_more_than_poisson(b, d, var, p0):
    # a real sink has births that fail to offset deaths: its count is negative-binomial, with
    # the same mean F/|r| but a variance F d/r^2 above the mean, and it is empty more often
    F = 0.614
    p = _stationary(F, b, d, 400)
    n = np.arange(p.size)
    mean = p @ n
    assert mean == pytest.approx(F / (d - b), rel=1e-9)  # 3.07, as with no births
    assert p @ (n - mean) ** 2 == pytest.approx(var, rel=1e-9)
    assert p @ (n - mean) ** 2 == pytest.approx(F * d / (d - b) ** 2, rel=1e-9)  # the docstring's F d/r²
    assert p[0] == pytest.approx(p0, rel=1e-6)
    assert p[0] > np.exp(-mean)  # zero more often than Poisson (0.046)


def test_small_population_note_says_at_least_the_square_root():
    import fluxlib.models.metapopulation as mp

    bare = steady_state(default_landscape(corridor=0.0))
    why = " ".join(" ".join(v.why for v in bare.validity).split())
    assert "fluctuates by at least its square root (more when births offset deaths)" in why
    assert "fluctuates by its square root, sometimes to zero" not in why
    doc = " ".join((mp.__doc__ or "").split())
    assert "negative-binomial, with variance F·d/r²" in doc
    assert "holds a Poisson-distributed number with mean F/|r|" not in doc


def test_where_should_the_corridor_go_solution():
    # ex-3-4-where: a 0.1/yr corridor from meadow A to sink D raises sink E too, and helps far
    # more than adding the same 0.1/yr to the link between the two sinks
    import dataclasses

    base = default_landscape(corridor=0.0)
    to_sink = steady_state(default_landscape(corridor=0.1))
    d = list(base.dispersal)
    d[3] += 0.1  # the D-E link
    between = steady_state(dataclasses.replace(base, dispersal=tuple(d)))
    e0 = steady_state(base)["sink E"]
    assert to_sink["sink E"] > 5 * e0
    assert between["sink D"] < steady_state(base)["sink D"]  # D only loses animals to E
    gain_to_sink = to_sink.N.sum() - steady_state(base).N.sum()
    gain_between = between.N.sum() - steady_state(base).N.sum()
    assert gain_to_sink > 20 * gain_between


def test_unstable_steady_state_is_flagged():
    # a big source feeding a sink far beyond |r|K/4 = 25/yr: no stable state exists (the sink
    # passes its ceiling and its logistic term turns into growth); Newton lands on the empty
    # state, which is unstable, and the result says so
    land = Landscape(("source", "sink"), (1.0, -0.1), (10000.0, 1000.0), (("source", "sink"),), (0.5,))
    eq = steady_state(land)
    assert not eq.stable
    assert eq.validity[0].quantity.startswith("fastest growth rate") and eq.validity[0].value > 0
    assert steady_state(default_landscape(corridor=0.1)).validity == ()


def _page_markdown():
    return notebook_prose("3-4-sources-sinks-and-corridors")


def test_page_defines_a_sink_by_replacement_not_by_caterpillar_deaths():
    # most caterpillars die in a source too (a female lays on the order of a hundred eggs); a
    # sink is where too few survive for each adult to be replaced
    text = _page_markdown()
    assert "more of its caterpillars die than grow up" not in text
    assert (
        "too few of its caterpillars survive for each adult to be replaced by one adult of the next generation"
        in text
    )


def test_page_points_to_the_F_column_for_the_stepping_stones_net_gain():
    # the table's last column is "N* formula" ("(source)" for the stepping stone); its net gain is
    # the F column, which is positive and takes it above its ceiling
    text = _page_markdown()
    assert "(the last column of the table is its net gain)" not in text
    assert "(the F column of the table is its net gain)" in text
    land = default_landscape(corridor=0.1)
    eq = steady_state(land)
    j = land.names.index("stepping stone")
    assert eq.immigration[j] > 0 and eq.N[j] > land.K[j]
