"""Friction in a smooth round pipe: Poiseuille's laminar law and Prandtl's turbulent one, measured.

The Darcy friction factor measures the pressure a pipe of diameter D costs per unit length,
in units of the dynamic pressure of the mean flow U:

    λ = -(dp/dx) D / (½ ρ U²),        Re = ρ U D / μ   (both dimensionless).

For the parabolic (Poiseuille) profile of section 1.4, -dp/dx = 32 μ U / D², so

    λ_lam = 64 / Re                                  (exact while the flow is laminar).

Past Re ≈ 2000 turbulence, once triggered, spreads faster than it decays (from Re ≈ 2040
turbulent puffs split more often than they die out, though any single puff can still decay;
Avila et al. 2011), and in an ordinary pipe the parabola gives way to the flat turbulent
profile; the friction is then far larger than 64/Re. (A pipe kept free of disturbances can stay
laminar well beyond that: the Oregon measurements below stay well under turbulent friction up
to Re ≈ 2900, and specially built quiet pipes have stayed laminar to many times 2000, until a
disturbance ends it.) For a hydraulically smooth pipe the classic turbulent law is Prandtl's
(constants fitted to Nikuradse's 1932 measurements),

    1/√λ = 2.0 log10(Re √λ) - 0.8,

and the modern reference is the relation McKeon, Zagarola and Smits (2005) fitted to the
Princeton Superpipe measurements (compressed air, 129 mm pipe, Re from about 3×10⁴ to
3.5×10⁷),

    1/√λ = 1.930 log10(Re √λ) - 0.537.

Both are implicit in λ and solved here by bracketing root-finding.

Measured values: the Oregon smooth-pipe data (Swanson et al. 2002) as tabulated by McKeon et
al. (2004), a few points below and above the transition, taken from the copy of that table
distributed with the `fluids` package (C. Bell, ``oregon_smooth_data``), not from the article.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.optimize import brentq

from fluxlib.errors import FluxInputError, check_finite, check_positive
from fluxlib.tables import Comparison, Measurement, Table
from fluxlib.validity import ValidityNote, limit, notes

__all__ = [
    "LAMINAR_LIMIT",
    "FrictionResult",
    "friction_factor",
    "prandtl_friction_factor",
    "superpipe_friction_factor",
    "OREGON_LAMINAR",
    "OREGON_TURBULENT",
    "LAMINAR_REYNOLDS",
    "TURBULENT_REYNOLDS",
    "laminar_comparison",
    "friction_comparison",
    "laminar_against_measured",
]

#: Reynolds number above which the laminar (Poiseuille) profile and λ = 64/Re stop holding
#: in an ordinary pipe: turbulence is sustained from Re ≈ 2040 (Avila et al. 2011), and
#: textbooks put the end of laminar flow at 2000 to 2300.
LAMINAR_LIMIT = 2000.0

#: Reynolds number above which Prandtl's smooth-pipe law is a turbulent law at all.
_TURBULENT_FROM = 4000.0


@dataclass(frozen=True)
class FrictionResult:
    """Darcy friction factor of a smooth round pipe at one Reynolds number.

    ``laminar`` is Poiseuille's 64/Re; ``validity`` says when the flow is too fast for it.
    """

    reynolds: float
    laminar: float
    validity: tuple[ValidityNote, ...] = ()


_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _sci(x: float) -> str:
    """A round number as a power of ten for a table: 1e6 -> '10⁶', 3e7 -> '3×10⁷'."""
    exp = math.floor(math.log10(x))
    mant = round(x / 10**exp, 2)
    power = "10" + str(exp).translate(_SUP)
    return power if mant == 1 else f"{mant:g}×{power}"


def _check_re(reynolds: float) -> float:
    check_finite("Reynolds number Re", reynolds)
    check_positive("Reynolds number Re", reynolds, what="a flow needs Re = ρUD/μ > 0")
    return float(reynolds)


def friction_factor(reynolds: float) -> FrictionResult:
    """Poiseuille's laminar friction factor λ = 64/Re (dimensionless), with its validity."""
    re = _check_re(reynolds)
    return FrictionResult(
        reynolds=re,
        laminar=64.0 / re,
        validity=notes(
            limit(
                "Reynolds number Re",
                re,
                above=LAMINAR_LIMIT,
                why="past Re ≈ 2000 turbulence, once triggered, spreads faster than it decays and "
                "ordinary pipes run turbulent; the parabolic profile and λ = 64/Re then no longer hold, "
                "and the real friction is larger",
            )
        ),
    )


def _solve_log_law(reynolds: float, slope: float, intercept: float) -> float:
    """λ from 1/√λ = slope·log10(Re√λ) - intercept, by bracketing (λ between 1e-4 and 1)."""

    def residual(lam: float) -> float:
        return 1.0 / math.sqrt(lam) - (slope * math.log10(reynolds * math.sqrt(lam)) - intercept)

    return float(brentq(residual, 1e-4, 1.0, xtol=1e-15, rtol=1e-13))


def prandtl_friction_factor(reynolds: float) -> float:
    """Prandtl's turbulent smooth-pipe law, 1/√λ = 2.0 log10(Re√λ) - 0.8 (Re ≥ 4000)."""
    re = _check_re(reynolds)
    if re < _TURBULENT_FROM:
        raise FluxInputError(
            f"Reynolds number Re = {re:g} is below {_TURBULENT_FROM:g}: Prandtl's law "
            "describes turbulent flow only"
        )
    return _solve_log_law(re, 2.0, 0.8)


def superpipe_friction_factor(reynolds: float) -> float:
    """McKeon, Zagarola & Smits's (2005) fit to the Superpipe data: 1.930 and 0.537."""
    re = _check_re(reynolds)
    return _solve_log_law(re, 1.930, 0.537)


#: Smooth-pipe friction factors measured in the Oregon apparatus (Swanson et al. 2002), as
#: tabulated with the Princeton data by McKeon et al. (2004). The (Re, λ) pairs are copied from
#: the data distributed with the `fluids` package (C. Bell, ``oregon_smooth_data`` in
#: fluids/friction.py, read at commit a5a17046; references.bib ``bell_fluids``), which attributes
#: them to McKeon et al. (2004); they were not checked against the article's own table.
_OREGON_NOTE = (
    "Oregon smooth-pipe apparatus (room-temperature gases, liquid helium at the highest Re), "
    "as tabulated by the authors with the Princeton Superpipe data; values as distributed with "
    "the fluids package (Bell)"
)
OREGON_LAMINAR = tuple(
    Measurement(f"λ of a smooth pipe, Re = {re:g}", lam, "1", source="mckeon2004", note=_OREGON_NOTE)
    for re, lam in ((113.3, 0.5709), (522.5, 0.1245), (1013.0, 0.06707))
)
OREGON_TURBULENT = tuple(
    Measurement(f"λ of a smooth pipe, Re = {_sci(re)}", lam, "1", source="mckeon2004", note=_OREGON_NOTE)
    for re, lam in ((1.09e4, 0.03088), (1.2e5, 0.01686), (1.05e6, 0.01198))
)
LAMINAR_REYNOLDS = (113.3, 522.5, 1013.0)
TURBULENT_REYNOLDS = (1.09e4, 1.2e5, 1.05e6)


def laminar_comparison() -> Comparison:
    """Poiseuille's 64/Re beside measured laminar friction factors (all below Re = 2000)."""
    return Comparison(
        list(OREGON_LAMINAR),
        [friction_factor(re).laminar for re in LAMINAR_REYNOLDS],
        caption="Laminar friction in a smooth pipe: Poiseuille's 64/Re beside measurement.",
    )


def laminar_against_measured() -> Table:
    """What Poiseuille's 64/Re would say at turbulent Reynolds numbers, beside measurement."""
    rows = []
    for re, m in zip(TURBULENT_REYNOLDS, OREGON_TURBULENT, strict=True):
        lam = friction_factor(re).laminar
        rows.append([_sci(re), m.value, lam, lam / m.value])
    return Table(
        ["Re", "measured λ", "laminar 64/Re", "64/Re ÷ measured"],
        rows,
        caption="Poiseuille's law past its range.",
    )


def friction_comparison() -> Comparison:
    """Prandtl's turbulent smooth-pipe law beside the measured turbulent friction factors."""
    return Comparison(
        list(OREGON_TURBULENT),
        [prandtl_friction_factor(re) for re in TURBULENT_REYNOLDS],
        caption="Turbulent friction in a smooth pipe: Prandtl's law beside measurement.",
    )
