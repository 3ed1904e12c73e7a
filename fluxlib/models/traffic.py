"""Sections 1.2 and 1.3: traffic in a city grid, and the loops of any network.

Junctions are nodes, one-way streets are directed edges, and a street's flow ``x_e`` (cars per
hour) is positive in the street's own direction (tail → head). Cars entering the grid from a
highway at junction ``i`` are its supply ``b_i > 0``; cars leaving are ``b_i < 0``. In a steady
state no junction piles cars up, so with the incidence matrix ``A`` of the network core

    A x = b        (flow out - flow in = supply, at every junction).

Because each street leaves one junction and enters one, the balances add up to 0 = Σ b: a
grid can only be in a steady state if as many cars leave as enter. When they do, the flows are
not unique: ``x = x_p + Σ t_j z_j`` with ``z_j`` a basis of the circulations (the null space of
``A``, the network's cycle space, of dimension m - n + c). Everything here is built on the
shared network solver :class:`fluxlib.network.FlowNetwork`, the same one that carries blood
through organs in chapter 3.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from fluxlib.errors import FluxInputError, InconsistentSupplyError, check_finite
from fluxlib.graphs import CITY_POS, CITY_STREETS
from fluxlib.network import FlowNetwork
from fluxlib.validity import ValidityNote, limit, notes

#: Base saturation flow of one lane at a signalised junction, cars per hour of green time
#: (Highway Capacity Manual): each street of the grid is taken to be a single lane.
LANE_CAPACITY = 1900.0

# The city grid of section 1.2 lives in fluxlib.graphs (plain data, shared by every layer).


def network(edges: Iterable[Any], *, nodes: Iterable[Hashable] | None = None) -> FlowNetwork:
    """A :class:`fluxlib.network.FlowNetwork` on ``edges`` (``(tail, head)`` pairs).

    ``nodes`` adds junctions no street touches yet (each is a connected part of its own).
    """
    return FlowNetwork(list(edges), nodes=nodes)


def _dense(M: Any) -> np.ndarray:
    return np.asarray(M.toarray() if hasattr(M, "toarray") else M, dtype=float)


def cycle_space(net: FlowNetwork) -> np.ndarray:
    """A basis of the circulations of ``net`` as columns (m × (m - n + c)), from the core."""
    return _dense(net.cycle_basis())


def loop_count(net: FlowNetwork) -> dict[str, int]:
    """Edges m, nodes n, connected parts c and independent loops m - n + c of ``net`` (core)."""
    return {"m": net.n_edges, "n": net.n_nodes, "c": net.n_components, "loops": net.cycle_rank}


def imbalance_sentence(
    supply: Mapping[Any, float], *, unit: str = "cars per hour", what: str = "pile up"
) -> str | None:
    """``None`` if the supplies balance, else a plain sentence saying how much accumulates.

    E.g. ``"1000 cars per hour enter, 800 leave: 200 per hour pile up."``
    """
    vals = np.array([float(v) for v in supply.values()]) if supply else np.zeros(0)
    enter = float(vals[vals > 0].sum())
    leave = float(-vals[vals < 0].sum())
    net_in = enter - leave
    if abs(net_in) <= 1e-9 * max(enter, leave, 1.0):
        return None
    per = unit.split(" ", 1)[1] if " " in unit else ""
    if net_in > 0:
        return f"{enter:.0f} {unit} enter, {leave:.0f} leave: {net_in:.0f} {per} {what}.".replace("  ", " ")
    return (
        f"{enter:.0f} {unit} enter, {leave:.0f} leave: {-net_in:.0f} {per} more leave than "
        "ever arrive, so the grid would have to empty forever."
    ).replace("  ", " ")


@dataclass(frozen=True)
class TrafficResult:
    """Steady traffic in a grid.

    ``flows``: cars per hour on each street (order of ``streets``), positive along the street's
    one-way direction; ``particular``: the core's particular solution; ``circulations``: basis
    of the null space of the incidence matrix (columns); ``params``: the coefficients t_j used;
    ``residual``: A x - b (cars per hour), zero to round-off; ``wrong_way``: streets whose flow
    is negative (cars against the one-way sign, allowed by the balance but not by the police).
    """

    streets: tuple[tuple[Any, Any], ...]
    supply: dict[Any, float]
    flows: np.ndarray
    particular: np.ndarray
    circulations: np.ndarray
    params: np.ndarray
    residual: np.ndarray

    @property
    def wrong_way(self) -> list[tuple[Any, Any]]:
        """The streets whose flow runs against their one-way direction (flow < 0)."""
        return [s for s, q in zip(self.streets, self.flows, strict=True) if q < -1e-9]

    @property
    def validity(self) -> tuple[ValidityNote, ...]:
        """Where these flows stop describing traffic.

        That is the busiest street above one lane's capacity, or the most negative flow
        running against a one-way street.
        """
        i_max, i_min = int(np.argmax(self.flows)), int(np.argmin(self.flows))
        busiest, wrong = self.streets[i_max], self.streets[i_min]
        return notes(
            limit(
                f"flow on {busiest[0]}→{busiest[1]} (cars/h)",
                self.flows[i_max],
                above=LANE_CAPACITY,
                why=f"one urban lane discharges at most about {LANE_CAPACITY:.0f} cars per "
                "hour of green time (less per clock hour, in proportion to its share of green); "
                "beyond it queues grow and the steady balance no longer holds",
            ),
            limit(
                f"flow on the one-way street {wrong[0]}→{wrong[1]} (cars/h)",
                round(float(self.flows[i_min]), 6),  # round-off is not a wrong-way car
                below=0.0,
                why="cars would drive against the one-way sign; the balance allows it, the street does not",
            ),
        )


@dataclass(frozen=True)
class TrafficGrid:
    """A grid of junctions joined by one-way streets (``(tail, head)`` pairs) at ``pos``."""

    streets: tuple[tuple[Any, Any], ...] = CITY_STREETS
    pos: Mapping[Any, tuple[float, float]] | None = None

    def __post_init__(self) -> None:
        if len(self.streets) == 0:
            raise FluxInputError("a traffic grid needs at least one street")
        for s in self.streets:
            if len(s) != 2 or s[0] == s[1]:
                raise FluxInputError(f"street {s!r} must join two different junctions (tail, head)")
        if self.pos is None:
            object.__setattr__(self, "pos", CITY_POS if tuple(self.streets) == CITY_STREETS else None)

    @property
    def net(self) -> FlowNetwork:
        """The grid as a :class:`fluxlib.network.FlowNetwork` (junctions in order of first appearance)."""
        return network(self.streets)

    def incidence(self) -> np.ndarray:
        """The core's node-edge incidence matrix, dense (rows: junctions, columns: streets)."""
        return _dense(self.net.incidence())

    def solve(
        self, supply: Mapping[Any, float], *, circulation: Sequence[float] | np.ndarray | None = None
    ) -> TrafficResult:
        """Street flows for ``supply`` (junction → cars per hour, enter +, leave -).

        ``circulation`` gives the coefficients of the cycle-space basis added to the core's
        particular solution (default 0). Raises :class:`~fluxlib.errors.InconsistentSupplyError`
        when the supplies do not balance, with the imbalance in words.
        """
        supply = {k: float(check_finite(f"supply at {k} (cars/h)", v)) for k, v in supply.items()}
        net = self.net
        try:
            gen = net.general_solution(supply, unit="cars per hour")
        except InconsistentSupplyError as err:
            sentence = imbalance_sentence(supply) or str(err)
            raise InconsistentSupplyError(
                f"No steady traffic is possible: {sentence}", err.imbalances
            ) from None
        xp, Z = np.asarray(gen.particular, dtype=float), _dense(gen.cycles)
        k = Z.shape[1]
        t = np.zeros(k) if circulation is None else check_finite("circulation t (cars/h)", circulation)
        if t.shape != (k,):
            raise FluxInputError(
                f"this grid has {k} independent loops, so it takes {k} circulation values, got {t.size}"
            )
        xp = xp + 0.0  # no negative zeros in printed flows
        x = xp + Z @ t
        A = self.incidence()
        nodes = _node_order(net, A.shape[0])
        b = np.array([supply.get(v, 0.0) for v in nodes])
        return TrafficResult(tuple(self.streets), supply, x, xp, Z, t, A @ x - b)

    def spread(self, supply: Mapping[Any, float]) -> TrafficResult:
        """The steady flows with no extra circulation: orthogonal to every loop.

        Of all solutions of A x = b this is the one with the smallest Σ x², the flow an equal
        "resistance" on every street would produce (no loop carries traffic for nothing). That
        travel-time law is an idealisation: far below a lane's capacity real travel time is
        mostly driving and waiting at signals and hardly depends on traffic, so which of the
        many balanced solutions this picks follows from the law assumed, not from congestion.
        """
        base = self.solve(supply)
        Z = base.circulations
        if Z.shape[1] == 0:
            return base
        # the core's potential solve with equal conductances: x = A^T p is orthogonal to loops
        x = np.asarray(self.net.solve(supply, conductance=1.0).flow, dtype=float)
        t = np.linalg.lstsq(Z, x - base.particular, rcond=None)[0]
        return self.solve(supply, circulation=t)


def _node_order(net: FlowNetwork, n: int) -> list[Any]:
    return list(net.nodes)[:n]


def grid_network(rows: int, cols: int) -> FlowNetwork:
    """A ``rows`` × ``cols`` lattice of junctions ``(i, j)``, streets east and south.

    It has n = rows·cols junctions, m = rows(cols-1) + cols(rows-1) streets and, being
    connected, m - n + 1 = (rows-1)(cols-1) independent loops: one per block.
    """
    for name, v in (("rows", rows), ("cols", cols)):
        if int(v) != v or v < 1:
            raise FluxInputError(f"a grid needs a whole number of junctions per side, got {name} = {v}")
    rows, cols = int(rows), int(cols)
    idx = np.arange(rows * cols).reshape(rows, cols)
    east = np.column_stack([idx[:, :-1].ravel(), idx[:, 1:].ravel()])
    south = np.column_stack([idx[:-1, :].ravel(), idx[1:, :].ravel()])
    return FlowNetwork(np.vstack([east, south]).astype(np.int64), nodes=range(rows * cols))
