import numpy as np
import pytest

import fluxlib as fl
from fluxlib.errors import FluxInputError
from fluxlib.kinetics import KineticNetwork, three_state_cycle


def check_invariants(kn):
    s = kn.steady_state()
    assert s.p.sum() == pytest.approx(1.0, abs=1e-14)
    assert np.all(s.p >= 0)
    np.testing.assert_allclose(kn.generator().T @ s.p, 0, atol=1e-13)
    np.testing.assert_allclose(kn.generator().sum(axis=1), 0, atol=1e-13)
    # Kirchhoff: currents balance at every state
    np.testing.assert_allclose(kn.current_matrix(s.p).sum(axis=1), 0, atol=1e-13)
    # Schnakenberg: sigma = sum over cycles J_c A_c
    assert s.entropy_production == pytest.approx(float(s.cycle_currents @ s.affinities), rel=1e-10, abs=1e-14)
    assert s.entropy_production >= -1e-14
    return s


@pytest.mark.parametrize("kp,km", [(2.0, 1.0), (1.0, 1.0), (5.0, 0.1)])
def test_uniform_three_state_cycle_exact(kp, km):
    kn = three_state_cycle(kp, km)
    s = check_invariants(kn)
    np.testing.assert_allclose(s.p, 1 / 3, rtol=1e-14)
    J = (kp - km) / 3
    assert s.cycle_currents == pytest.approx([J], rel=1e-12, abs=1e-15)
    assert s.affinities == pytest.approx([3 * np.log(kp / km)], abs=1e-14)
    assert s.entropy_production == pytest.approx(J * 3 * np.log(kp / km), abs=1e-14)
    assert kn.is_detailed_balance() == (kp == km)


def test_detailed_balance_gives_zero_sigma_exactly():
    # rates from energies: k_ij = exp(-(E_j - E_i)/2) satisfies detailed balance
    E = np.array([0.0, 1.0, 0.3, 2.0])
    K = np.exp(-(E[None, :] - E[:, None]) / 2)
    np.fill_diagonal(K, 0)
    kn = KineticNetwork(K)
    s = check_invariants(kn)
    np.testing.assert_allclose(s.p, np.exp(-E) / np.exp(-E).sum(), rtol=1e-12)
    assert kn.is_detailed_balance()
    np.testing.assert_allclose(s.currents, 0, atol=1e-15)
    assert abs(s.entropy_production) < 1e-15
    assert len(s.affinities) == 6 - 4 + 1


def test_random_driven_networks_invariants():
    rng = np.random.default_rng(3)
    for n in (2, 3, 5, 8):
        K = rng.uniform(0.1, 5, (n, n)) * (rng.random((n, n)) < 0.7)
        K = np.maximum(K, K.T * 0 + (K + K.T > 0) * 0.05)
        np.fill_diagonal(K, 0)
        ring = np.roll(np.eye(n), 1, axis=1) * 0.5
        ring += ring.T
        K = np.where(K == 0, ring, K)
        np.fill_diagonal(K, 0)
        s = check_invariants(KineticNetwork(K))
        assert s.entropy_production > 0 or n == 2


def test_labels_and_dict_rates():
    kn = KineticNetwork(
        {
            ("E", "ES"): 2.0,
            ("ES", "E"): 1.0,
            ("ES", "EP"): 3.0,
            ("EP", "ES"): 0.5,
            ("EP", "E"): 1.0,
            ("E", "EP"): 0.2,
        }
    )
    assert kn.states == ["E", "ES", "EP"]
    s = check_invariants(kn)
    (cycle,) = kn.cycles()
    assert sorted(cycle) == ["E", "EP", "ES"]
    forward = 2 * 3 * 1 / (1 * 0.5 * 0.2)  # E -> ES -> EP -> E
    sign = 1 if cycle in (["E", "ES", "EP"], ["ES", "EP", "E"], ["EP", "E", "ES"]) else -1
    assert s.affinities[0] == pytest.approx(sign * np.log(forward), rel=1e-12)
    assert fl.KineticNetwork is KineticNetwork


def test_errors():
    with pytest.raises(FluxInputError, match=r"rate 0 -> 1 must not be negative, got -1"):
        KineticNetwork({(0, 1): -1.0, (1, 0): 1.0})
    with pytest.raises(FluxInputError, match=r"rate 1 -> 0 must be finite, got nan"):
        KineticNetwork({(0, 1): 1.0, (1, 0): np.nan})
    with pytest.raises(FluxInputError, match="zero diagonal"):
        KineticNetwork([[1.0, 1.0], [1.0, 0.0]])
    with pytest.raises(FluxInputError, match="must be square"):
        KineticNetwork(np.ones((2, 3)))
    with pytest.raises(FluxInputError, match="self-transition"):
        KineticNetwork({("a", "a"): 1.0})
    with pytest.raises(FluxInputError, match="states must name each of the 2 states"):
        KineticNetwork([[0, 1], [1, 0]], states=["a"])
    chain = KineticNetwork({(0, 1): 1.0, (1, 0): 1.0, (1, 2): 1.0})
    with pytest.raises(
        FluxInputError, match=r"state 0 cannot be reached from state 2: the stationary distribution"
    ):
        chain.stationary()
    split = KineticNetwork({(0, 1): 1.0, (1, 0): 1.0}, states=[0, 1, 2])
    with pytest.raises(FluxInputError, match=r"state 2 cannot be reached from state 0"):
        split.stationary()
    with pytest.raises(FluxInputError, match="k_plus and k_minus must be scalars or 3 values"):
        three_state_cycle([1, 2], 1.0)
