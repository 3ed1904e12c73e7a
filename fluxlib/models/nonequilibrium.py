"""Section 1.5: nonequilibrium steady states.

Three small open systems, each held in a steady state by a throughput:

* **A Markov jump network** (states i, rates k_ij in s⁻¹ for jumps i → j). The master equation
  dp_i/dt = Σ_j (p_j k_ji - p_i k_ij) has a stationary distribution p; the net current on the edge
  i → j is J_ij = p_i k_ij - p_j k_ji (s⁻¹, positive from i to j), and the entropy production rate
  (units of k_B per second) is σ = Σ_{i<j} J_ij ln(p_i k_ij / p_j k_ji) ≥ 0. For the driven three-
  state cycle 1 → 2 → 3 → 1 every edge carries the same current J and σ = J·A, with the affinity
  A = ln(Πk₊/Πk₋). At detailed balance (A = 0) J and σ vanish: equilibrium.
* **A stirred vessel**: a motor does work at the rate Ẇ (W); heat leaves through the wall at
  Q̇ = G(T - T₀). C dT/dt = Ẇ - Q̇ relaxes to T = T₀ + Ẇ/G, where work in equals heat out and the
  entropy production is Q̇/T₀ (W/K).
* **A continuous stirred-tank reactor** (CSTR): feed q (m³/s) at c_in (mol/m³) into a volume V (m³)
  with first-order consumption k (s⁻¹): V dc/dt = q(c_in - c) - kVc, steady at c = c_in/(1 + kτ),
  τ = V/q.

The stationary state, edge currents and entropy production of a jump network come from the core's
:class:`fluxlib.kinetics.KineticNetwork`; this module adds physics-worded checks and the small models.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.errors import FluxInputError, check_finite, check_nonnegative, check_positive
from fluxlib.kinetics import KineticNetwork
from fluxlib.validity import ValidityNote, limit, notes

#: Boiling point of water at one standard atmosphere, K.
WATER_BOILS = 373.15


# --- Markov jump networks ------------------------------------------------------------------
@dataclass(frozen=True)
class JumpNetworkResult:
    """Steady state of a jump network.

    ``p``: stationary probabilities (sum 1). ``currents``: {(i, j): J_ij} for each connected pair
    with i < j, s⁻¹, positive from i to j. ``entropy_production``: σ, k_B per second (≥ 0).
    ``residual``: largest |dp/dt| of the computed p, s⁻¹ (round-off).
    """

    p: np.ndarray
    currents: dict
    entropy_production: float
    residual: float


def jump_steady_state(rates: ArrayLike) -> JumpNetworkResult:
    """Stationary state of a Markov jump network given a square array of rates.

    ``rates[i, j]`` is the rate (s⁻¹) of jumps i → j (diagonal ignored). Every connected pair must
    have both rates positive (a one-way jump has infinite entropy production) and the network must
    be connected.
    """
    K = check_nonnegative("jump rates k_ij (1/s)", rates)
    if K.ndim != 2 or K.shape[0] != K.shape[1] or K.shape[0] < 2:
        raise FluxInputError(f"jump rates must be a square array over at least 2 states, got shape {K.shape}")
    K = K.copy()
    np.fill_diagonal(K, 0.0)
    one_way = (K > 0) != (K.T > 0)
    if one_way.any():
        i, j = (int(v) for v in np.argwhere(one_way)[0])
        raise FluxInputError(
            f"the jump {i} → {j} has rate {K[i, j]:g} but its reverse {j} → {i} has {K[j, i]:g}: every "
            "step must be reversible for the entropy production to be finite"
        )
    W = K.T - np.diag(K.sum(axis=1))  # dp/dt = W p, for the residual
    adj = K > 0
    # the core checks that every state can be reached (irreducibility) and says so if not
    net = KineticNetwork(K)  # the core's kinetic network: stationary state, currents, entropy production
    p = net.stationary()
    Jm = net.current_matrix(p)
    currents = {(int(i), int(j)): float(Jm[i, j]) for i, j in zip(*np.nonzero(np.triu(adj)), strict=True)}
    sigma = net.entropy_production(p)
    return JumpNetworkResult(
        p=p, currents=currents, entropy_production=float(sigma), residual=float(np.abs(W @ p).max())
    )


@dataclass(frozen=True)
class CycleResult:
    """The driven three-state cycle at steady state.

    ``p`` (3,), ``J`` cycle current (s⁻¹, positive in the direction 1 → 2 → 3 → 1), ``affinity``
    A = ln(Πk₊/Πk₋) (dimensionless, in units of k_BT per turn), ``entropy_production`` σ (k_B/s),
    ``edge_currents`` (J₁₂, J₂₃, J₃₁).
    """

    p: np.ndarray
    J: float
    affinity: float
    entropy_production: float
    edge_currents: tuple


def three_state_cycle(k_plus: ArrayLike, k_minus: ArrayLike) -> CycleResult:
    """Steady state of the cycle 1 → 2 → 3 → 1, s⁻¹.

    Forward rates k₊ = (k₁₂, k₂₃, k₃₁), backward k₋ = (k₂₁, k₃₂, k₁₃). A thin wrapper of the
    core's :func:`fluxlib.kinetics.three_state_cycle` (whose ``k_minus[i]`` is the rate
    i → i-1, so k₋ is rotated by one state before the call); this adds the physics-worded input
    checks and the named result.
    """
    from fluxlib import kinetics

    kp = check_positive("forward rates k+ (1/s)", k_plus)
    km = check_positive("backward rates k- (1/s)", k_minus)
    if kp.shape != (3,) or km.shape != (3,):
        raise FluxInputError(
            f"a three-state cycle needs three forward and three backward rates, got {kp.shape} and {km.shape}"
        )
    ss = kinetics.three_state_cycle(kp, np.roll(km, 1)).steady_state()
    Jm = np.zeros((3, 3))
    for (a, b), J in zip(ss.pairs, ss.currents, strict=True):
        Jm[a, b], Jm[b, a] = J, -J
    edges = tuple(float(Jm[s, (s + 1) % 3]) for s in range(3))
    A = float(np.sum(np.log(kp)) - np.sum(np.log(km)))
    return CycleResult(
        p=ss.p,
        J=edges[0],
        affinity=A,
        entropy_production=float(ss.entropy_production),
        edge_currents=edges,
    )


#: Rates (1/s) of a cycle at detailed balance (Πk₊ = Πk₋); a driving force multiplies k₁₂ by e^A.
BALANCED_PLUS = (2.0, 1.0, 3.0)
BALANCED_MINUS = (1.0, 3.0, 2.0)


def driven_cycle(
    affinity: float, *, k_plus: ArrayLike = BALANCED_PLUS, k_minus: ArrayLike = BALANCED_MINUS
) -> CycleResult:
    """The cycle with k₁₂ multiplied by e^A, so that its affinity is ``affinity`` + ln(Πk₊/Πk₋).

    With the default balanced rates the affinity is exactly ``affinity`` (k_BT per turn).
    """
    A = float(check_finite("driving affinity A", affinity))
    if abs(A) > 50:
        raise FluxInputError(
            f"driving affinity A = {A:g} is beyond ±50 k_BT per turn: the rates would overflow"
        )
    kp = np.array(check_positive("forward rates k+ (1/s)", k_plus), dtype=float)
    kp[0] *= np.exp(A)
    return three_state_cycle(kp, k_minus)


# --- a stirred vessel -----------------------------------------------------------------------
@dataclass(frozen=True)
class StirredVessel:
    """A stirred, cooled vessel.

    ``power`` Ẇ (W), wall ``conductance`` G (W/K), surroundings at ``T0`` (K),
    ``heat_capacity`` C of the contents (J/K).
    """

    power: float = 50.0
    conductance: float = 5.0
    T0: float = 293.15
    heat_capacity: float = 4.2e3

    def __post_init__(self) -> None:
        check_nonnegative("stirring power Ẇ (W)", self.power)
        check_positive("wall conductance G (W/K)", self.conductance)
        check_positive("surroundings temperature T0 (K)", self.T0, what="an absolute temperature")
        check_positive("heat capacity C (J/K)", self.heat_capacity)


@dataclass(frozen=True)
class VesselResult:
    """The stirred vessel's temperature and heat loss in time, and its steady state.

    ``t`` (s), ``T`` (K), ``heat_out`` Q̇(t) (W), ``T_steady`` (K), ``Q_steady`` (W), and
    ``entropy_production`` Q̇/T₀ at steady state (W/K); ``validity``: broken assumptions.
    """

    t: np.ndarray
    T: np.ndarray
    heat_out: np.ndarray
    T_steady: float
    Q_steady: float
    entropy_production: float
    validity: tuple[ValidityNote, ...] = ()


def run_vessel(vessel: StirredVessel, times: ArrayLike, *, T_start: float | None = None) -> VesselResult:
    """Integrate C dT/dt = Ẇ - G(T - T₀) (scipy) from ``T_start`` (K, default T₀) over ``times`` (s)."""
    from scipy.integrate import solve_ivp

    t = check_finite("times (s)", times)
    if t.ndim != 1 or t.size < 2 or np.any(np.diff(t) <= 0):
        raise FluxInputError("times must be an increasing list of at least two instants (s)")
    T_start = vessel.T0 if T_start is None else float(check_positive("starting temperature (K)", T_start))
    W, G, T0, C = vessel.power, vessel.conductance, vessel.T0, vessel.heat_capacity
    sol = solve_ivp(
        lambda _t, T: (W - G * (T - T0)) / C, (t[0], t[-1]), [T_start], t_eval=t, rtol=1e-10, atol=1e-10
    )
    T = sol.y[0]
    Q_ss = G * ((T0 + W / G) - T0)
    T_ss = T0 + W / G
    validity = notes(
        limit(
            "steady temperature of the water (K)",
            T_ss,
            above=WATER_BOILS,
            why="water boils at 373.15 K under one atmosphere; the vessel would lose heat by "
            "evaporation, which the single wall conductance G does not describe",
        )
    )
    return VesselResult(t, T, G * (T - T0), T_ss, Q_ss, Q_ss / T0, validity)


# --- a CSTR ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CSTR:
    """A continuous stirred-tank reactor with a first-order reaction A → B.

    ``volume`` V (m³), ``flow_rate`` q (m³/s), feed concentration ``c_in`` (mol/m³), rate
    constant ``k`` (s⁻¹).
    """

    volume: float = 2.0
    flow_rate: float = 0.01
    c_in: float = 1000.0
    k: float = 0.02

    def __post_init__(self) -> None:
        check_positive("reactor volume V (m³)", self.volume)
        check_positive(
            "volumetric flow rate q (m³/s)", self.flow_rate, what="a steady reactor needs a throughput"
        )
        check_nonnegative("feed concentration c_in (mol/m³)", self.c_in)
        check_nonnegative("rate constant k (1/s)", self.k)

    @property
    def residence_time(self) -> float:
        """τ = V/q, s."""
        return self.volume / self.flow_rate


@dataclass(frozen=True)
class CSTRResult:
    """The reactor's concentration in time, its steady state and its books.

    ``t`` (s), ``c`` (mol/m³); steady ``c_steady``; molar rates at the end (mol/s):
    ``rate_in`` = q c_in, ``rate_out`` = q c, ``rate_reacted`` = kVc; ``imbalance`` = in - out - reacted.
    """

    t: np.ndarray
    c: np.ndarray
    c_steady: float
    rate_in: float
    rate_out: float
    rate_reacted: float
    imbalance: float


def run_cstr(reactor: CSTR, times: ArrayLike, *, c_start: float = 0.0) -> CSTRResult:
    """Integrate V dc/dt = q(c_in - c) - kVc (scipy) from ``c_start`` over ``times`` (s).

    ``c_steady`` is the steady concentration found as the root of the balance (scipy brentq), not
    from the closed form, so it can be compared with it.
    """
    from scipy.integrate import solve_ivp
    from scipy.optimize import brentq

    t = check_finite("times (s)", times)
    if t.ndim != 1 or t.size < 2 or np.any(np.diff(t) <= 0):
        raise FluxInputError("times must be an increasing list of at least two instants (s)")
    check_nonnegative("starting concentration (mol/m³)", c_start)
    V, q, cin, k = reactor.volume, reactor.flow_rate, reactor.c_in, reactor.k

    def rate(c: float) -> float:
        return (q * (cin - c) - k * V * c) / V

    sol = solve_ivp(lambda _t, c: rate(c), (t[0], t[-1]), [c_start], t_eval=t, rtol=1e-10, atol=1e-12)
    c_ss = brentq(rate, 0.0, cin, xtol=1e-14, rtol=1e-15) if cin > 0 else 0.0
    r_in, r_out, r_re = q * cin, q * c_ss, k * V * c_ss
    return CSTRResult(t, sol.y[0], float(c_ss), r_in, r_out, r_re, r_in - r_out - r_re)
