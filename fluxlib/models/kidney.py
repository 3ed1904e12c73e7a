"""Section 3.3: inside the kidney, cortex and medulla in parallel behind the afferent vessels.

Renal artery → cortex and medulla in parallel → renal vein, fed at a fixed arterial pressure
through the kidney's own autoregulated afferent resistance, so the total renal flow stays
nearly constant while a hormone constricts the medullary vessels. The model's gate holds the
total renal flow (``hold="flow"``), a simplification: the real mechanisms, the myogenic
response (wall stretch, that is intravascular pressure) and tubuloglomerular feedback (salt
delivery to the macula densa, which follows filtration), track the pressure after the
afferent vessels and the filtration it drives, not the flow. When the arterial pressure
changes the two targets move together; when resistance beyond that node changes (a medullary
constriction) they part, and ``hold="pressure"`` holds the pressure at the inner node instead,
which lets the total fall. The kidney is a flow network
(:class:`fluxlib.network.FlowNetwork`, the same solver as the organ beds of section 3.2):
flows in L min⁻¹, positive artery → vein, pressures in mmHg. The afferent vessels can dilate
by ``dilate_limit`` and constrict by ``constrict_limit`` from rest, so renal flow is held only
over a range of arterial pressure (:func:`autoregulation_range`), set beside the measured range
by :func:`renal_comparison`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fluxlib.errors import FluxInputError, check_finite, check_positive
from fluxlib.network import FlowNetwork
from fluxlib.tables import Comparison, Measurement
from fluxlib.validity import ValidityNote, limit, notes

KIDNEY_PARTS = ("cortex", "medulla")

#: The medulla's resting share of renal blood flow as textbook accounts give it, (low, high): how
#: much depends on what is counted. The low end, 1 to 2 %, is about what reaches the inner medulla
#: and papilla; Guyton and Hall (references.bib ``hall2016``) give the renal medullary flow as only
#: 1 to 2 % of the total (a reviewer's recollection of the book, not checked on the page). The high
#: end, about 10 %, is the whole medulla, mostly outer medulla: the top of the 5 to 10 % that a
#: textbook passage reproduced online sends from the efferent arterioles into the medulla
#: (``onlinephysiology2010``; it reads as Eaton and Pooler's Vander's Renal Physiology, not checked
#: against the book). No measured value was read; the Pallone et al. (2003) review of medullary
#: countercurrent exchange was read only in its abstract, which gives no share. The model's
#: default share is the top of this range, the whole-medulla end.
MEDULLA_SHARE_QUOTED = (0.01, 0.10)


@dataclass(frozen=True)
class Kidney:
    """One kidney's circulation (a human kidney by default).

    ``arterial_pressure``, ``venous_pressure`` in mmHg; ``renal_flow`` the resting total, L min⁻¹;
    ``medulla_fraction`` the resting share of the medulla (a tenth, the whole-medulla top of
    :data:`MEDULLA_SHARE_QUOTED`); ``afferent_fraction``
    the share of the pressure drop taken by the autoregulated preglomerular (afferent) vessels
    at rest; ``dilate_limit`` and ``constrict_limit`` how far their conductance can rise above
    or fall below its resting value (model choices, compared with the measured range of renal
    autoregulation by :func:`renal_comparison`).
    """

    arterial_pressure: float = 95.0
    venous_pressure: float = 5.0
    renal_flow: float = 0.6
    medulla_fraction: float = 0.1
    afferent_fraction: float = 0.5
    dilate_limit: float = 3.0
    constrict_limit: float = 3.0

    def __post_init__(self) -> None:
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
        for name in ("dilate_limit", "constrict_limit"):
            if getattr(self, name) < 1:
                raise FluxInputError(
                    f"{name.replace('_', ' ')} must be at least 1, got {getattr(self, name)}"
                )

    @property
    def resting_afferent(self) -> float:
        """Afferent conductance at rest, L min⁻¹ mmHg⁻¹."""
        return self.renal_flow / (self.afferent_fraction * (self.arterial_pressure - self.venous_pressure))

    @property
    def resting_beds(self) -> float:
        """Conductance of cortex and medulla together at rest, L min⁻¹ mmHg⁻¹."""
        return self.renal_flow / (
            (1 - self.afferent_fraction) * (self.arterial_pressure - self.venous_pressure)
        )


@dataclass(frozen=True)
class KidneyResult:
    """Steady renal flows and what set them.

    ``cortex``, ``medulla``, ``total`` flows (L min⁻¹, + artery → vein); ``g_afferent``
    (L min⁻¹ mmHg⁻¹) after autoregulation; ``glomerular_pressure`` the pressure at the node
    between the afferent vessels and the two beds (mmHg): the pressure after the afferent
    vessels, a stand-in for the glomerular capillary pressure, not a value of it; ``constriction`` (the hormone's factor);
    ``autoregulated``; ``iterations``; ``limited`` (afferent vessels fully dilated or fully
    constricted); ``arterial_pressure`` (mmHg, the renal arterial pressure applied);
    ``validity`` (a note when autoregulation is exhausted).
    """

    cortex: float
    medulla: float
    total: float
    g_afferent: float
    glomerular_pressure: float
    constriction: float
    autoregulated: bool
    iterations: int
    limited: bool
    arterial_pressure: float = float("nan")
    validity: tuple[ValidityNote, ...] = ()

    @property
    def medulla_share(self) -> float:
        """The medulla's share of the renal flow (dimensionless)."""
        return self.medulla / self.total


def kidney_network() -> FlowNetwork:
    """Edges: renal artery → inner node (afferent vessels), inner → vein twice (cortex, medulla)."""
    return FlowNetwork([("artery", "inner"), ("inner", "vein"), ("inner", "vein")])


def kidney(
    constriction: float,
    *,
    kidney: Kidney = Kidney(),
    autoregulation: bool = True,
    arterial_pressure: float | None = None,
    hold: str = "flow",
    tol: float = 1e-10,
    max_iter: int = 200,
) -> KidneyResult:
    """Steady renal flows when a hormone divides the medullary conductance by ``constriction`` (≥ 1).

    The kidney is held at a fixed arterial-to-venous pressure difference, with the renal
    arterial pressure ``arterial_pressure`` (mmHg; default the resting value of ``kidney``).
    With ``autoregulation`` the afferent conductance adjusts (within its dilation and
    constriction limits) until the total renal flow equals its resting value (``hold="flow"``,
    the model's gate) or until the pressure after the afferent vessels equals its resting value
    (``hold="pressure"``, closer to what the myogenic response and tubuloglomerular feedback
    sense); without, it stays at its resting value.
    Each pass solves the shared network for a unit pressure drop and rescales (the network is
    linear), so only the conductances change between passes.
    """
    c = float(check_finite("medullary constriction factor", constriction))
    if c < 1:
        raise FluxInputError(
            f"the medullary constriction factor must be at least 1 (1 = no hormone), got {c}"
        )
    if hold not in ("flow", "pressure"):
        raise FluxInputError(f'the autoregulation target hold must be "flow" or "pressure", got {hold!r}')
    k = kidney
    pa = (
        k.arterial_pressure
        if arterial_pressure is None
        else float(check_finite("renal arterial pressure (mmHg)", arterial_pressure))
    )
    if pa <= k.venous_pressure:
        raise FluxInputError(
            f"renal arterial pressure ({pa} mmHg) must exceed venous pressure "
            f"({k.venous_pressure} mmHg) for blood to flow through the kidney"
        )
    dP = pa - k.venous_pressure
    Q0 = k.renal_flow
    p_inner0 = k.venous_pressure + Q0 / k.resting_beds  # resting pressure after the afferent vessels
    g_aff0 = k.resting_afferent
    g_ctx = (1 - k.medulla_fraction) * k.resting_beds
    g_med = k.medulla_fraction * k.resting_beds / c
    net = kidney_network()
    g_max = g_aff0 * k.dilate_limit
    g_min = g_aff0 / k.constrict_limit
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
        drop = sol.potential_at("artery") - sol.potential_at("vein")
        scale = total = dP / drop
        if not autoregulation:
            break
        if hold == "flow":
            f = np.log(total / Q0)
        else:  # the inner pressure, like the flow, rises with g_a
            drop_inner = (sol.potential_at("inner") - sol.potential_at("vein")) * scale
            f = np.log(drop_inner / (p_inner0 - k.venous_pressure))
        if (
            abs(f) <= tol
            or (g_aff >= g_max * (1 - 1e-12) and f < 0)
            or (g_aff <= g_min * (1 + 1e-12) and f > 0)
        ):
            break
        if f_prev is None or f == f_prev:
            x_new = x - f  # the fixed-point step g ← g Q0/Q
        else:
            x_new = x - f * (x - x_prev) / (f - f_prev)
        x_prev, f_prev = x, f
        x = float(np.clip(x_new, np.log(g_min), np.log(g_max)))
    flow = np.asarray(sol.flow, float) * scale
    p_inner = k.venous_pressure + (sol.potential_at("inner") - sol.potential_at("vein")) * scale
    held = total / Q0 if hold == "flow" else (p_inner - k.venous_pressure) / (p_inner0 - k.venous_pressure)
    limited = bool(autoregulation and abs(held - 1) > 1e-6)
    lo, hi = autoregulation_range(k, constriction=c, hold=hold)
    # Autoregulation itself is the assumption: outside its pressure range the flow follows the
    # pressure. (Without autoregulation the model claims nothing about a range.)
    side = "dilated" if pa < lo else "constricted"
    validity = notes(
        limit(
            "renal arterial pressure (mmHg)",
            pa,
            below=lo,
            above=hi,
            why=f"the afferent vessels are fully {side}, so the "
            + ("renal flow" if hold == "flow" else "pressure after the afferent vessels")
            + " no longer holds and follows the arterial pressure",
        )
        if autoregulation
        else None,
    )
    return KidneyResult(
        float(flow[1]),
        float(flow[2]),
        float(flow[0]),
        g_aff,
        p_inner,
        c,
        autoregulation,
        it,
        limited,
        pa,
        validity,
    )


def autoregulation_range(
    kidney: Kidney, *, constriction: float = 1.0, hold: str = "flow"
) -> tuple[float, float]:
    """Renal arterial pressures (mmHg) between which autoregulation holds its target.

    ``hold="flow"``: the resting renal flow Q₀, P = P_v + Q₀ (1/g_a + 1/g_beds);
    ``hold="pressure"``: the resting pressure after the afferent vessels, P_i, which carries the
    flow Q = (P_i - P_v) g_beds, so P = P_i + Q/g_a. The afferent conductance g_a is at its
    dilation (lower end) and constriction (upper end) limits; ``constriction`` is the hormone's
    factor. Without the hormone the two targets give the same range.
    """
    k = kidney
    g_beds = k.resting_beds * (1 - k.medulla_fraction + k.medulla_fraction / constriction)
    g0 = k.resting_afferent
    if hold == "pressure":
        p_i = k.venous_pressure + k.renal_flow / k.resting_beds
        q = (p_i - k.venous_pressure) * g_beds
        return float(p_i + q / (g0 * k.dilate_limit)), float(p_i + q * k.constrict_limit / g0)
    lo = k.venous_pressure + k.renal_flow * (1 / (g0 * k.dilate_limit) + 1 / g_beds)
    hi = k.venous_pressure + k.renal_flow * (k.constrict_limit / g0 + 1 / g_beds)
    return float(lo), float(hi)


#: The measured range of renal autoregulation: between these mean arterial pressures renal
#: blood flow and filtration change by only a few per cent (Hall 2016, ch. 27; acute changes of
#: arterial pressure). Quoted ends of the plateau differ between accounts, the upper end more
#: than the lower; this is the one band the book compares with.
RENAL_AUTOREGULATION = (
    Measurement(
        "lower end of renal autoregulation",
        75.0,
        "mmHg",
        "hall2016",
        note="acute changes of arterial pressure",
    ),
    Measurement(
        "upper end of renal autoregulation",
        160.0,
        "mmHg",
        "hall2016",
        note="acute changes of arterial pressure",
    ),
)


def renal_comparison(*, kidney: Kidney = Kidney()) -> Comparison:
    """The pressure range over which the model kidney holds its flow, beside the measured range."""
    return Comparison(
        RENAL_AUTOREGULATION,
        list(autoregulation_range(kidney)),
        caption="Range of renal autoregulation: measured and model",
    )
