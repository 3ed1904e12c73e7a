"""Sections 3.2 and 3.3: organ beds in parallel, the dive response and the kidney.

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
the end points are orders of magnitude from Weddell seals (heart rate falling to about a
fifth, peripheral flow nearly stopped).

The kidney (3.3). Renal artery → cortex and medulla in parallel → renal vein, fed at a fixed
arterial pressure through the kidney's own autoregulated afferent resistance, so the total
renal flow stays nearly constant while a hormone constricts the medullary vessels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fluxlib.errors import FluxInputError, check_finite, check_nonnegative, check_positive
from fluxlib.network import FlowNetwork

#: Organ beds of the circulation model, in display order.
ORGANS = ("brain", "heart", "muscle", "skin", "gut", "kidney")
#: Beds whose vessels constrict in the dive (sympathetic, peripheral).
PERIPHERAL = ("muscle", "skin", "gut", "kidney")
#: Beds that control their own flow (metabolic autoregulation).
AUTOREGULATED = ("brain", "heart")


@dataclass(frozen=True)
class Animal:
    """A diving mammal at rest. Defaults: an adult Weddell seal of about 400 kg.

    ``cardiac_output`` in L min⁻¹; ``pressure`` the resting mean perfusion pressure, mmHg;
    ``fractions`` the resting share of cardiac output of each bed (sums to 1);
    ``o2_store`` the oxygen carried in the blood, mL O₂ (the muscles' myoglobin store is their
    own and is left out);
    ``arterial_o2`` the arterial oxygen content, mL O₂ per L of blood; ``extraction`` the fraction of
    delivered oxygen each perfused bed takes up (Fick principle).
    """

    mass: float = 400.0
    cardiac_output: float = 40.0
    pressure: float = 100.0
    fractions: tuple = (0.02, 0.04, 0.24, 0.10, 0.35, 0.25)
    o2_store: float = 400.0 * 55.0
    arterial_o2: float = 280.0
    extraction: tuple = (0.35, 0.6, 0.25, 0.1, 0.15, 0.1)
    dilate_limit: float = 4.0
    constrict_limit: float = 4.0

    def __post_init__(self):
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
        """Resting flow of each bed, L min⁻¹: what an autoregulated bed defends."""
        return np.asarray(self.fractions) * self.cardiac_output


def parallel_beds(names=ORGANS) -> FlowNetwork:
    """The network: node ``"artery"`` to node ``"vein"``, one edge per bed (tail artery)."""
    return FlowNetwork([("artery", "vein")] * len(names))


@dataclass(frozen=True)
class BedFlows:
    """Flows of parallel beds. ``flow`` (L min⁻¹, + artery → vein), ``conductance``
    (L min⁻¹ mmHg⁻¹), ``pressure`` ΔP (mmHg), ``share`` = flow/total, ``iterations`` of the
    autoregulation loop, ``limited`` (bool per bed: an autoregulated bed at its dilation or
    constriction limit, so it cannot defend its demand)."""

    names: tuple
    flow: np.ndarray
    conductance: np.ndarray
    pressure: float
    total: float
    iterations: int
    limited: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))

    @property
    def share(self) -> np.ndarray:
        return self.flow / self.total

    def __getitem__(self, name: str) -> float:
        return float(self.flow[self.names.index(name)])


def solve_beds(
    total: float,
    conductance,
    *,
    demand=None,
    autoregulated=(),
    g_min=None,
    g_max=None,
    names=ORGANS,
    tol: float = 1e-10,
    max_iter: int = 200,
) -> BedFlows:
    """Split a total flow ``total`` (L min⁻¹) among parallel beds, with autoregulation.

    ``conductance``: starting conductances (L min⁻¹ mmHg⁻¹); beds listed in ``autoregulated``
    move theirs toward ``demand`` (L min⁻¹) within [``g_min``, ``g_max``]; the others keep theirs.
    Each pass is one solve of the shared :class:`FlowNetwork`.
    """
    check_positive("total flow Q (L/min)", total)
    G = check_positive("bed conductance G (L/(min·mmHg))", conductance).copy()
    net = parallel_beds(names)
    auto = np.array([n in autoregulated for n in names])
    if auto.any():
        dem = check_positive("demand flow (L/min)", demand)
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
        G_new = np.where(auto, np.clip(G * dem / q, lo, hi), G)
        if np.max(np.abs(G_new - G) / G) < tol:
            G = G_new
            sol = net.solve(supply={"artery": total, "vein": -total}, conductance=G)
            break
        G = G_new
    pot = sol.potential
    dP = float(_potential(pot, net, "artery") - _potential(pot, net, "vein"))
    flow = np.asarray(sol.flow, float)
    limited = auto & ((np.isclose(G, lo if auto.any() else G)) | np.isclose(G, hi if auto.any() else G))
    limited &= ~np.isclose(flow, dem if auto.any() else flow, rtol=1e-6)
    return BedFlows(tuple(names), flow, G, dP, float(total), it, limited)


def _potential(pot, net, node):
    return np.asarray(pot)[list(net.nodes).index(node)]


# --- 3.2 the dive ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DiveResponse:
    """How the response scales with depth. ``brady_max``: largest fractional fall of cardiac
    output; ``constrict_max``: largest factor by which peripheral conductance falls;
    ``depth_scale``: depth (m) over which the response builds up."""

    brady_max: float = 0.8
    constrict_max: float = 7.0
    depth_scale: float = 100.0

    def __post_init__(self):
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
        check_nonnegative("dive depth (m)", depth)
        return float(1.0 - np.exp(-depth / self.depth_scale))


@dataclass(frozen=True)
class DiveState:
    """One steady state of the circulation: ``beds`` (a :class:`BedFlows`), ``depth`` (m),
    ``cardiac_output`` (L min⁻¹), ``o2_use`` (mL O₂ min⁻¹ taken from the blood by the perfused beds, Fick principle
    Σ Qᵢ C_a Eᵢ), ``adl`` (aerobic dive limit estimate, min: blood oxygen store over that use)."""

    beds: BedFlows
    depth: float
    cardiac_output: float
    o2_use: float
    adl: float
    block_bradycardia: bool
    block_vasoconstriction: bool


def dive(
    depth: float,
    *,
    animal: Animal = Animal(),
    response: DiveResponse = DiveResponse(),
    block_bradycardia: bool = False,
    block_vasoconstriction: bool = False,
) -> DiveState:
    """The circulation at a given dive depth (m; 0 = resting at the surface).

    ``block_bradycardia`` (as atropine does) keeps the cardiac output at its resting value;
    ``block_vasoconstriction`` (as an α-adrenergic blocker does) keeps peripheral beds at their
    resting conductance. Brain and heart autoregulate toward their resting flows.
    """
    check_finite("dive depth (m)", depth)
    if depth < 0:
        raise FluxInputError(f"dive depth must not be negative (it is measured downward), got {depth} m")
    s = response.strength(depth)
    q = animal.cardiac_output * (1.0 if block_bradycardia else 1.0 - response.brady_max * s)
    G0 = animal.resting_conductance
    keep = 1.0 if block_vasoconstriction else 1.0 - (1.0 - 1.0 / response.constrict_max) * s
    G = np.array([g * keep if n in PERIPHERAL else g for n, g in zip(ORGANS, G0, strict=True)])
    beds = solve_beds(
        q,
        G,
        demand=animal.demand,
        autoregulated=AUTOREGULATED,
        g_min=G0 / animal.constrict_limit,
        g_max=G0 * animal.dilate_limit,
    )
    use = float(np.sum(beds.flow * animal.arterial_o2 * np.asarray(animal.extraction)))
    return DiveState(
        beds, float(depth), q, use, animal.o2_store / use, block_bradycardia, block_vasoconstriction
    )


# --- 3.3 the kidney --------------------------------------------------------------------------
KIDNEY_PARTS = ("cortex", "medulla")


@dataclass(frozen=True)
class Kidney:
    """One kidney's circulation (a human kidney by default).

    ``arterial_pressure``, ``venous_pressure`` in mmHg; ``renal_flow`` the resting total, L min⁻¹;
    ``medulla_fraction`` the resting share of the medulla (about a tenth); ``afferent_fraction``
    the share of the pressure drop taken by the autoregulated preglomerular (afferent) vessels
    at rest; ``dilate_limit`` how far they can dilate.
    """

    arterial_pressure: float = 95.0
    venous_pressure: float = 5.0
    renal_flow: float = 0.6
    medulla_fraction: float = 0.1
    afferent_fraction: float = 0.5
    dilate_limit: float = 3.0

    def __post_init__(self):
        check_positive("renal blood flow (L/min)", self.renal_flow)
        if self.arterial_pressure <= self.venous_pressure:
            raise FluxInputError(
                f"arterial pressure ({self.arterial_pressure} mmHg) must exceed venous pressure "
                f"({self.venous_pressure} mmHg) for blood to flow through the kidney"
            )
        for name in ("medulla_fraction", "afferent_fraction"):
            v = getattr(self, name)
            if not 0 < v < 1:
                raise FluxInputError(f"{name.replace('_', ' ')} must lie strictly between 0 and 1, got {v}")
        if self.dilate_limit < 1:
            raise FluxInputError(f"dilate limit must be at least 1, got {self.dilate_limit}")


@dataclass(frozen=True)
class KidneyState:
    """``cortex``, ``medulla``, ``total`` flows (L min⁻¹, + artery → vein); ``g_afferent``
    (L min⁻¹ mmHg⁻¹) after autoregulation; ``glomerular_pressure`` at the node between the
    afferent vessels and the two beds (mmHg); ``constriction`` (the hormone's factor);
    ``autoregulated``; ``iterations``; ``limited`` (afferent vessels fully dilated)."""

    cortex: float
    medulla: float
    total: float
    g_afferent: float
    glomerular_pressure: float
    constriction: float
    autoregulated: bool
    iterations: int
    limited: bool

    @property
    def medulla_share(self) -> float:
        return self.medulla / self.total


def kidney_network() -> FlowNetwork:
    """Edges: renal artery → inner node (afferent vessels), inner → vein twice (cortex, medulla)."""
    return FlowNetwork([("artery", "inner"), ("inner", "vein"), ("inner", "vein")])


def kidney(
    constriction: float = 1.0,
    *,
    kidney: Kidney = Kidney(),
    autoregulation: bool = True,
    tol: float = 1e-10,
    max_iter: int = 200,
) -> KidneyState:
    """Steady renal flows when a hormone divides the medullary conductance by ``constriction`` (≥ 1).

    The kidney is held at a fixed arterial-to-venous pressure difference. With
    ``autoregulation`` the afferent conductance adjusts (within its dilation limit) until the
    total renal flow equals its resting value; without, it stays at its resting value.
    Each pass solves the shared network for a unit pressure drop and rescales (the network is
    linear), so only the conductances change between passes.
    """
    c = float(check_finite("medullary constriction factor", constriction))
    if c < 1:
        raise FluxInputError(
            f"the medullary constriction factor must be at least 1 (1 = no hormone), got {c}"
        )
    k = kidney
    dP = k.arterial_pressure - k.venous_pressure
    Q0 = k.renal_flow
    p_in0 = k.venous_pressure + (1 - k.afferent_fraction) * dP  # pressure after the afferent vessels
    g_aff0 = Q0 / (k.afferent_fraction * dP)
    g_ctx = (1 - k.medulla_fraction) * Q0 / (p_in0 - k.venous_pressure)
    g_med = k.medulla_fraction * Q0 / (p_in0 - k.venous_pressure) / c
    net = kidney_network()
    g_max = g_aff0 * k.dilate_limit
    # Autoregulation: find ln g_a with ln(Q(g_a)/Q0) = 0 by the secant method, one network solve
    # per pass (the plain fixed-point update g ← g Q0/Q contracts only by the afferent share).
    x_prev = f_prev = None
    x = np.log(g_aff0)
    it = 0
    while True:
        it += 1
        if it > max_iter:
            raise FluxInputError(f"renal autoregulation did not settle in {max_iter} passes")
        g_aff = float(np.exp(x))
        sol = net.solve(supply={"artery": 1.0, "vein": -1.0}, conductance=np.array([g_aff, g_ctx, g_med]))
        # unit supply → pressure drop per unit flow; the network is linear, so scale to the held ΔP
        drop = float(_potential(sol.potential, net, "artery") - _potential(sol.potential, net, "vein"))
        scale = total = dP / drop
        if not autoregulation:
            break
        f = np.log(total / Q0)
        if abs(f) <= tol or (g_aff >= g_max * (1 - 1e-12) and f < 0):
            break
        if f_prev is None or f == f_prev:
            x_new = x - f  # the fixed-point step g ← g Q0/Q
        else:
            x_new = x - f * (x - x_prev) / (f - f_prev)
        x_prev, f_prev = x, f
        x = min(x_new, np.log(g_max))
    flow = np.asarray(sol.flow, float) * scale
    p_inner = (
        k.venous_pressure
        + float(_potential(sol.potential, net, "inner") - _potential(sol.potential, net, "vein")) * scale
    )
    limited = bool(autoregulation and np.isclose(g_aff, g_max) and total < Q0 * (1 - 1e-6))
    return KidneyState(
        float(flow[1]), float(flow[2]), float(flow[0]), g_aff, p_inner, c, autoregulation, it, limited
    )
