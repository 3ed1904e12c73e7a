"""Section 3.2: organ beds in parallel and the dive response.

The circulation is a flow network (:class:`fluxlib.network.FlowNetwork`, the same solver as
the junction balances of chapter 1): the heart supplies the cardiac output Q (L min⁻¹) at the
arterial node and takes it back at the venous node, and every organ bed is an edge
artery → vein with conductance Gᵢ (L min⁻¹ mmHg⁻¹). Positive flow runs artery → vein; the
potential difference is the perfusion pressure ΔP (mmHg, mean arterial minus venous).

Beds in parallel share ΔP, so Qᵢ = Gᵢ ΔP with ΔP = Q/ΣG, and the share of bed i is Gᵢ/ΣG.

Autoregulation. An autoregulated bed adjusts its own conductance toward the value that gives
its demand flow Q_dem at the pressure it sees, within the limits of its smooth muscle
(G_rest/``constrict_limit`` ≤ G ≤ G_rest·``dilate_limit``). Because ΔP depends on every bed's
conductance, the model iterates: solve the network, let each autoregulated bed set
G ← clip(G·Q_dem/Qᵢ), solve again, until the conductances stop changing (a fixed point; the
map is a contraction because raising one G lowers ΔP for all).

The dive (3.2). Dive strength s = 1 - exp(-depth/``depth_scale``) ∈ [0, 1) sets the
bradycardia (Q → Q_rest (1 - ``brady_max``·s)) and the peripheral vasoconstriction (the
conductance of muscle, skin, gut and kidney multiplied by 1 - (1 - 1/``constrict_max``)·s). This
saturating depth law is a modelling choice that captures "deeper dives, stronger response";
the full response (s → 1) is set to the forced dives of Weddell seals (cardiac output falling
from 39.8 to 5.6 L/min, Zapol et al. 1979), and :func:`zapol_comparison` sets the model's full
response beside the heart-muscle flow measured there (the brain's unchanged flow is built in).

The heart works for its living. Its oxygen demand scales with its external work, cardiac
output times perfusion pressure (M_heart = M_heart,rest · Q ΔP / (Q_rest ΔP_rest)), and its
vessels autoregulate its flow toward that demand: a slow heart pumping a small output needs
little blood. The brain's demand does not change, so it defends its resting flow.

Oxygen uptake. The arterial O₂ content C_a is held at its starting value while the store drains
(in a real dive it falls, and with it what a bed can draw at the largest extraction). Each bed i takes from the blood what it needs, Mᵢ (mL O₂ min⁻¹), unless the
blood brings less: Uᵢ = min(Mᵢ, Qᵢ C_a E_max) (Fick principle with a ceiling on extraction).
Resting demands follow from the resting flows and extractions, Mᵢ = fᵢ Q_rest C_a Eᵢ. A bed
whose delivery falls short draws on its own stores (myoglobin) or goes anaerobic; that part is
not taken from the blood. The blood store lasts O₂_blood / Σ Uᵢ, at the dive's starting rate of use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from fluxlib.errors import FluxInputError, check_finite, check_nonnegative, check_positive
from fluxlib.network import FlowNetwork
from fluxlib.tables import Comparison, Measurement
from fluxlib.validity import ValidityNote, limit, notes

#: Organ beds of the circulation model, in display order.
ORGANS = ("brain", "heart", "muscle", "skin", "gut", "kidney")
#: Beds whose vessels constrict in the dive (sympathetic, peripheral).
PERIPHERAL = ("muscle", "skin", "gut", "kidney")
#: Beds that control their own flow (metabolic autoregulation).
AUTOREGULATED = ("brain", "heart")
#: Perfusion pressures (mmHg) between which autoregulated flow is taken to hold: the plateau of
#: the human brain's autoregulation curve that Lassen (1959) assembled from groups of different
#: people, as a 2021 review reads it, about 60 to 150 mmHg (Brassard et al. 2021, Physiol Rep
#: 9:e14982, abstract). Pooled across subjects, so one person's limits can lie elsewhere; applied
#: to the seal's brain and heart alike (an assumption). The dive model says when it leaves them.
PRESSURE_RANGE = (60.0, 150.0)


@dataclass(frozen=True)
class Animal:
    """A diving mammal at rest. Defaults: an adult Weddell seal of about 400 kg.

    ``cardiac_output`` in L min⁻¹; ``pressure`` the resting mean perfusion pressure, mmHg;
    ``fractions`` the resting share of cardiac output of each bed (sums to 1);
    ``o2_store`` the oxygen carried in the blood, mL O₂ (the muscles' myoglobin store is their
    own and is left out);
    ``arterial_o2`` the arterial oxygen content, mL O₂ per L of blood; ``extraction`` the fraction of
    delivered oxygen each bed takes up at rest (Fick principle: it sets each bed's resting O₂
    demand); ``max_extraction`` the largest fraction any bed can take when its flow is short;
    ``dilate_limit`` and ``constrict_limit`` how far an autoregulated bed's conductance can move
    from rest (model choices).
    """

    mass: float = 400.0
    cardiac_output: float = 40.0
    pressure: float = 100.0
    fractions: tuple = (0.02, 0.04, 0.24, 0.10, 0.35, 0.25)
    o2_store: float = 400.0 * 55.0
    arterial_o2: float = 280.0
    extraction: tuple = (0.35, 0.6, 0.25, 0.1, 0.15, 0.1)
    dilate_limit: float = 4.0
    constrict_limit: float = 10.0
    max_extraction: float = 0.8

    def __post_init__(self) -> None:
        check_positive("body mass (kg)", self.mass)
        check_positive("resting cardiac output Q (L/min)", self.cardiac_output)
        check_positive("resting perfusion pressure ΔP (mmHg)", self.pressure)
        f = check_positive("resting flow fraction of each bed", self.fractions)
        if f.shape != (len(ORGANS),):
            raise FluxInputError(f"give one resting flow fraction per bed {ORGANS}, got {len(f)}")
        if abs(f.sum() - 1.0) > 1e-9:
            raise FluxInputError(
                f"resting flow fractions must add up to 1 (all of the cardiac output goes somewhere), "
                f"got {f.sum():.4g}"
            )
        check_positive("oxygen store (mL O₂)", self.o2_store)
        check_positive("arterial oxygen content (mL O₂/L)", self.arterial_o2)
        e = check_positive("oxygen extraction fraction", self.extraction)
        if np.any(e > 1):
            raise FluxInputError(
                "an oxygen extraction fraction cannot exceed 1: a bed cannot take more O₂ than arrives"
            )
        if not np.max(e) <= self.max_extraction <= 1:
            raise FluxInputError(
                f"the maximum oxygen extraction must lie between the largest resting extraction "
                f"({np.max(e):g}) and 1, got {self.max_extraction}"
            )
        for name in ("dilate_limit", "constrict_limit"):
            if getattr(self, name) < 1:
                raise FluxInputError(
                    f"{name.replace('_', ' ')} must be at least 1, got {getattr(self, name)}"
                )

    @property
    def resting_conductance(self) -> np.ndarray:
        """Gᵢ = fᵢ Q/ΔP for each bed, L min⁻¹ mmHg⁻¹."""
        return np.asarray(self.fractions) * self.cardiac_output / self.pressure

    @property
    def demand(self) -> np.ndarray:
        """Resting flow of each bed, L min⁻¹: what an autoregulated bed defends at rest."""
        return np.asarray(self.fractions) * self.cardiac_output

    @property
    def o2_demand(self) -> np.ndarray:
        """Resting oxygen demand of each bed, mL O₂ min⁻¹: Mᵢ = fᵢ Q C_a Eᵢ."""
        return self.demand * self.arterial_o2 * np.asarray(self.extraction)

    def heart_work_ratio(self, cardiac_output: float, pressure: float) -> float:
        """The heart's external work Q ΔP relative to rest (dimensionless).

        Its O₂ demand, and hence its flow demand, scale with it.
        """
        return float(cardiac_output * pressure / (self.cardiac_output * self.pressure))


def parallel_beds(*, names: Sequence[str] = ORGANS) -> FlowNetwork:
    """The network: node ``"artery"`` to node ``"vein"``, one edge per bed (tail artery)."""
    return FlowNetwork([("artery", "vein")] * len(names))


@dataclass(frozen=True)
class BedFlowsResult:
    """Flows of parallel beds.

    ``flow`` (L min⁻¹, + artery → vein), ``conductance`` (L min⁻¹ mmHg⁻¹), ``pressure`` ΔP
    (mmHg), ``share`` = flow/total, ``iterations`` of the autoregulation loop, ``limited``
    (bool per bed: an autoregulated bed at its dilation or constriction limit, so it cannot
    defend its demand).
    """

    names: tuple
    flow: np.ndarray
    conductance: np.ndarray
    pressure: float
    total: float
    iterations: int
    limited: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))

    @property
    def share(self) -> np.ndarray:
        """Each bed's share of the total flow (dimensionless)."""
        return self.flow / self.total

    def __getitem__(self, name: str) -> float:
        return float(self.flow[self.names.index(name)])


def solve_beds(
    total: float,
    conductance: ArrayLike,
    *,
    demand: ArrayLike | Callable[[float], ArrayLike] | None = None,
    autoregulated: Sequence[str] = (),
    g_min: ArrayLike | None = None,
    g_max: ArrayLike | None = None,
    names: Sequence[str] = ORGANS,
    tol: float = 1e-10,
    max_iter: int = 200,
) -> BedFlowsResult:
    """Split a total flow ``total`` (L min⁻¹) among parallel beds, with autoregulation.

    ``conductance``: starting conductances (L min⁻¹ mmHg⁻¹); beds listed in ``autoregulated``
    move theirs toward ``demand`` (L min⁻¹) within [``g_min``, ``g_max``]; the others keep theirs.
    ``demand`` may also be a function of the perfusion pressure ΔP (mmHg) returning the demands,
    re-evaluated after every pass (the heart's demand grows with the pressure it pumps against).
    Each pass is one solve of the shared :class:`FlowNetwork`.
    """
    check_positive("total flow Q (L/min)", total)
    G = check_positive("bed conductance G (L/(min·mmHg))", conductance).copy()
    net = parallel_beds(names=names)
    auto = np.array([n in autoregulated for n in names])
    demand_of = demand if callable(demand) else None
    if auto.any():
        dem = check_positive(
            "demand flow (L/min)", demand_of(total / G.sum()) if demand_of is not None else demand
        )
        lo = np.asarray(g_min, float)
        hi = np.asarray(g_max, float)
    it = 0
    while True:
        it += 1
        if it > max_iter:
            raise FluxInputError(f"autoregulation did not settle in {max_iter} passes")
        sol = net.solve(supply={"artery": total, "vein": -total}, conductance=G)
        if not auto.any():
            break
        q = np.asarray(sol.flow, float)
        if demand_of is not None:
            dem = check_positive(
                "demand flow (L/min)", demand_of(sol.potential_at("artery") - sol.potential_at("vein"))
            )
        G_new = np.where(auto, np.clip(G * dem / q, lo, hi), G)
        if np.max(np.abs(G_new - G) / G) < tol:
            G = G_new
            sol = net.solve(supply={"artery": total, "vein": -total}, conductance=G)
            break
        G = G_new
    dP = sol.potential_at("artery") - sol.potential_at("vein")
    flow = np.asarray(sol.flow, float)
    limited = auto & ((np.isclose(G, lo if auto.any() else G)) | np.isclose(G, hi if auto.any() else G))
    limited &= ~np.isclose(flow, dem if auto.any() else flow, rtol=1e-6)
    return BedFlowsResult(tuple(names), flow, G, dP, float(total), it, limited)


# --- 3.2 the dive ----------------------------------------------------------------------------
def o2_uptake(demand: ArrayLike, flow: ArrayLike, arterial_o2: float, max_extraction: float) -> np.ndarray:
    """Oxygen each bed takes from the blood, mL O₂ min⁻¹.

    Its ``demand`` (mL O₂ min⁻¹) unless delivery, ``flow`` (L min⁻¹) × ``arterial_o2``
    (mL O₂ L⁻¹) × ``max_extraction``, is less.
    """
    d = check_nonnegative("oxygen demand (mL O₂/min)", demand)
    q = check_nonnegative("bed flow (L/min)", flow)
    return np.minimum(d, q * float(arterial_o2) * float(max_extraction))


@dataclass(frozen=True)
class DiveResponse:
    """How the response scales with depth.

    ``brady_max``: largest fractional fall of cardiac output (default 0.86: 39.8 → 5.6 L/min
    in the forced dives of :data:`ZAPOL_1979`); ``constrict_max``: largest factor by which
    peripheral conductance falls; ``depth_scale``: depth (m) over which the response builds up.
    """

    brady_max: float = 0.86
    constrict_max: float = 7.0
    depth_scale: float = 100.0

    def __post_init__(self) -> None:
        if not 0 <= self.brady_max < 1:
            raise FluxInputError(
                f"the fall in cardiac output brady_max must be in [0, 1) (the heart keeps beating), got {self.brady_max}"
            )
        if self.constrict_max < 1:
            raise FluxInputError(
                f"the vasoconstriction factor must be at least 1 (1 = none), got {self.constrict_max}"
            )
        check_positive("depth scale of the response (m)", self.depth_scale)

    def strength(self, depth: float) -> float:
        """Dive strength s = 1 - exp(-depth/``depth_scale``) ∈ [0, 1) at ``depth`` (m)."""
        check_nonnegative("dive depth (m)", depth)
        return float(1.0 - np.exp(-depth / self.depth_scale))


@dataclass(frozen=True)
class DiveResult:
    """One steady state of the circulation.

    ``beds`` (a :class:`BedFlowsResult`), ``depth`` (m), ``cardiac_output`` (L min⁻¹), ``o2_use`` (mL O₂ min⁻¹ taken from the blood, Σ Uᵢ with
    Uᵢ = min(Mᵢ, Qᵢ C_a E_max)), ``adl`` (min: how long the blood's oxygen store lasts at that
    use, with starved beds drawing on their own stores without limit; not the aerobic dive
    limit, which counts every store and ends when the muscles run out),
    ``o2_demand`` and ``o2_uptake`` (mL O₂ min⁻¹ per bed), ``heart_work`` (the heart's work
    relative to rest), ``validity`` (notes when a bed's autoregulation is exhausted).
    """

    beds: BedFlowsResult
    depth: float
    cardiac_output: float
    o2_use: float
    adl: float
    block_bradycardia: bool
    block_vasoconstriction: bool
    o2_demand: np.ndarray = field(default_factory=lambda: np.zeros(0))
    o2_uptake: np.ndarray = field(default_factory=lambda: np.zeros(0))
    heart_work: float = 1.0
    validity: tuple[ValidityNote, ...] = ()

    @property
    def o2_shortfall(self) -> np.ndarray:
        """Demand the blood does not meet, per bed (mL O₂ min⁻¹).

        It is met from the bed's own stores or anaerobically.
        """
        return self.o2_demand - self.o2_uptake


def dive(
    depth: float,
    *,
    animal: Animal = Animal(),
    response: DiveResponse = DiveResponse(),
    block_bradycardia: bool = False,
    block_vasoconstriction: bool = False,
) -> DiveResult:
    """The circulation at a given dive depth (m; 0 = resting at the surface).

    ``block_bradycardia`` (as atropine does) keeps the cardiac output at its resting value;
    ``block_vasoconstriction`` (as an α-adrenergic blocker does) keeps peripheral beds at their
    resting conductance. The brain autoregulates toward its resting flow, the heart toward a
    flow in proportion to its work Q ΔP (iterated with the network solve, since ΔP depends on
    the heart's own flow). Oxygen uptake is each bed's demand, capped by delivery.
    """
    check_finite("dive depth (m)", depth)
    if depth < 0:
        raise FluxInputError(f"dive depth must not be negative (it is measured downward), got {depth} m")
    s = response.strength(depth)
    q = animal.cardiac_output * (1.0 if block_bradycardia else 1.0 - response.brady_max * s)
    G0 = animal.resting_conductance
    keep = 1.0 if block_vasoconstriction else 1.0 - (1.0 - 1.0 / response.constrict_max) * s
    G = np.array([g * keep if n in PERIPHERAL else g for n, g in zip(ORGANS, G0, strict=True)])
    heart = ORGANS.index("heart")

    def flow_demand(pressure: float) -> np.ndarray:
        d = animal.demand.copy()
        d[heart] *= animal.heart_work_ratio(q, pressure)
        return d

    beds = solve_beds(
        q,
        G,
        demand=flow_demand,
        autoregulated=AUTOREGULATED,
        g_min=G0 / animal.constrict_limit,
        g_max=G0 * animal.dilate_limit,
    )
    demand = flow_demand(beds.pressure)
    work = animal.heart_work_ratio(q, beds.pressure)
    o2_demand = animal.o2_demand.copy()
    o2_demand[heart] *= work
    uptake = o2_uptake(o2_demand, beds.flow, animal.arterial_o2, animal.max_extraction)
    use = float(uptake.sum())
    starved = [n for n, lim in zip(beds.names, beds.limited, strict=True) if lim]
    validity = notes(
        limit(
            "perfusion pressure ΔP (mmHg)",
            beds.pressure,
            below=PRESSURE_RANGE[0],
            above=PRESSURE_RANGE[1],
            why="cerebral autoregulation (human, pooled data) is measured to hold only between about "
            f"{PRESSURE_RANGE[0]:.0f} and {PRESSURE_RANGE[1]:.0f} mmHg; outside it the model's vessels "
            "hold flows (and the heart its output) that real ones cannot",
        ),
        *(
            limit(
                f"{n} flow (L/min)",
                beds[n],
                below=demand[ORGANS.index(n)] * (1 - 1e-6),
                why=f"the {n}'s vessels are at the limit of autoregulation, so its flow no longer "
                "meets its demand and follows the perfusion pressure",
            )
            for n in starved
        ),
    )
    return DiveResult(
        beds,
        float(depth),
        q,
        use,
        animal.o2_store / use,
        block_bradycardia,
        block_vasoconstriction,
        o2_demand,
        uptake,
        work,
        validity,
    )


#: Regional blood flow in forced (simulated, head-submerged) dives of conscious Weddell seals,
#: radioactive microspheres injected before and 8-12 min into the dive (Zapol et al. 1979).
ZAPOL_1979 = {
    "cardiac_output_rest": Measurement(
        "cardiac output at rest",
        39.8,
        "L/min",
        "zapol1979",
        note="mean of the control injections",
        uncertainty=10.2,
    ),
    "cardiac_output_dive": Measurement(
        "cardiac output in the dive",
        5.6,
        "L/min",
        "zapol1979",
        note="8-12 min into a forced dive",
        uncertainty=3.4,
    ),
    "heart_rate_rest": Measurement(
        "heart rate at rest", 52.0, "beats/min", "zapol1979", note="control", uncertainty=15.0
    ),
    "heart_rate_dive": Measurement(
        "heart rate in the dive",
        15.0,
        "beats/min",
        "zapol1979",
        note="8-12 min into a forced dive",
        uncertainty=4.0,
    ),
    "brain": Measurement(
        "brain flow, dive/rest", 1.0, "", "zapol1979", note="cerebral blood flow was unchanged"
    ),
    "heart": Measurement(
        "heart-muscle flow, dive/rest", 0.15, "", "zapol1979", note="ventricular blood flow fell by 85 %"
    ),
}

#: Aerobic dive limit of adult Weddell seals in free dives: post-dive arterial lactate stayed
#: at its resting level unless the dive exceeded about 20 to 25 min (Kooyman et al. 1980). It
#: counts all oxygen stores (blood, muscle myoglobin, lung) and ends when the muscles turn to
#: glycolysis, while the model's ``adl`` is the blood store alone with the muscles' own store
#: unlimited: not a like-for-like value, and not shown as a comparison on the page.
ADL_KOOYMAN_1980 = Measurement(
    "aerobic dive limit", 20.0, "min", "s3_2_Kooyman1980", note="free dives, post-dive lactate"
)

#: Oxygen consumption of adult Weddell seals diving freely, mostly exploratory dives (Ponganis
#: et al. 1993): the like-for-like check of the model's total oxygen demand per kg.
DIVING_VO2_PONGANIS_1993 = Measurement(
    "O₂ use in free dives",
    4.5,
    "mL/(kg·min)",
    "ponganis1993",
    note="adult seals, predominantly exploratory dives",
)


def full_response(*, animal: Animal = Animal(), response: DiveResponse = DiveResponse()) -> DiveResult:
    """The dive at full strength, the state a forced dive provokes.

    s → 1: depth 40 depth scales, s = 1 - e⁻⁴⁰.
    """
    return dive(40.0 * response.depth_scale, animal=animal, response=response)


def rate_pressure_heart_flow(
    *, animal: Animal = Animal(), response: DiveResponse = DiveResponse()
) -> tuple[float, float]:
    """The heart's flow in the full response, relative to rest, if it followed the rate-pressure product.

    Returns (heart rate alone, rate times perfusion pressure): the measured heart rate in the
    dive over that at rest (:data:`ZAPOL_1979`, 15/52), and that times the model's perfusion
    pressure in the full response over its resting value. The rate-pressure product is only a rough
    empirical index (in humans heart rate times systolic pressure, correlating with the heart's O₂
    use mainly in exercise); here it is built with the mean perfusion pressure, and it ignores the
    large fall in stroke volume and the heart's basal O₂ use. Reading a flow off it, as off the
    model's own law, assumes constant O₂ extraction. The model itself scales the heart's demand
    with its external work Q ΔP instead.
    """
    rate = ZAPOL_1979["heart_rate_dive"].value / ZAPOL_1979["heart_rate_rest"].value
    rest = dive(0.0, animal=animal, response=response)
    full = full_response(animal=animal, response=response)
    return rate, rate * full.beds.pressure / rest.beds.pressure


def zapol_comparison(*, animal: Animal = Animal(), response: DiveResponse = DiveResponse()) -> Comparison:
    """The model's full response beside the forced dives of :data:`ZAPOL_1979`.

    Compared: the heart muscle's flow in the dive relative to rest, the one prediction. The
    fall of cardiac output itself sets ``brady_max``, and the brain's ratio is 1 by construction
    (its demand is its resting flow, held while its vessels have the range), so neither is a
    test of the model and neither is compared.
    """
    rest, full = dive(0.0, animal=animal, response=response), full_response(animal=animal, response=response)
    return Comparison(
        [ZAPOL_1979["heart"]],
        [full.beds["heart"] / rest.beds["heart"]],
        caption="Forced dives of Weddell seals (Zapol et al. 1979) and the model's full response",
    )


def adl_comparison(
    depth: float, *, animal: Animal = Animal(), response: DiveResponse = DiveResponse()
) -> Comparison:
    """How long the model's blood O₂ store lasts in a dive of ``depth`` (m).

    Set beside the aerobic dive limit measured in free-diving Weddell seals
    (:data:`ADL_KOOYMAN_1980`).
    """
    s = dive(depth, animal=animal, response=response)
    return Comparison(
        [ADL_KOOYMAN_1980],
        [s.adl],
        caption=f"Blood O₂ store of the model at {depth:.0f} m and the measured aerobic dive limit",
    )


def metabolic_comparison(
    depth: float, *, animal: Animal = Animal(), response: DiveResponse = DiveResponse()
) -> Comparison:
    """The model's total oxygen demand in a dive of ``depth`` (m), Σ Mᵢ / mass.

    The demand, met from the blood or from the beds' own stores, is set beside the oxygen
    consumption measured in free-diving Weddell seals (:data:`DIVING_VO2_PONGANIS_1993`). The
    resting demands come from assumed flows and extractions (Fick), not from a fit, so this
    checks them against the world.
    """
    s = dive(depth, animal=animal, response=response)
    return Comparison(
        [DIVING_VO2_PONGANIS_1993],
        [float(s.o2_demand.sum()) / animal.mass],
        caption=f"Oxygen use of the model seal at {depth:.0f} m and of free-diving Weddell seals",
    )
