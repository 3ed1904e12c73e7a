"""Sections 3.5–3.7: panels for the plasma column."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from fluxlib.validity import describe
from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle

I_RANGE = (0.2, 2.0)  # MA, the heating slider of 3.6
CHI_RANGE = (0.2, 5.0)  # m²/s, the loss slider of 3.6
NU_MAX = 3.0  # the most peaked temperature profile offered, T ∝ (1 - r²/a²)^ν


def current_profile_panel(**column_kw: float) -> Panel:
    """Temperature peaking ν moves J(r) ∝ T^{3/2}, q(r) and the q = 2 and q = 1 radii (3.5).

    The plasma current is held (the transformer adjusts the loop voltage), so q(a) is fixed.
    """
    from fluxlib.models.plasma import Column, steady_profile
    from fluxlib.plotting.plasma import plot_profile

    base = Column(**column_kw)

    def setup(fig: Figure) -> PlotHandle:
        peaked = steady_profile(base, NU_MAX, n=401)  # the largest J the slider reaches, on the axis
        return plot_profile(
            steady_profile(base, 1.0, n=401),
            reference=steady_profile(base, 0.0, n=401),
            reference_label="flat T (ν = 0)",
            label="peaked T",
            q_surfaces=(1.0, 2.0),
            limits=(1.08 * base.T0 / 1e3, 1.08 * peaked.J[0] / 1e6, 1.15 * base.q_edge),
            ax=fig,
        )

    def update(handle: PlotHandle, nu: float) -> str:
        prof = steady_profile(base, nu, n=401)
        handle.update(prof)
        r2, r1 = prof.radius_of_q(2.0), prof.radius_of_q(1.0)

        def where(m: float, rm: float | None) -> str:
            if rm is not None:
                return f"the q = {m:g} surface sits at r = {rm:.3f} m"
            if prof.q0 > m:
                return f"no q = {m:g} surface (q > {m:g} everywhere)"
            return f"no q = {m:g} surface (q < {m:g} everywhere)"

        return (
            f"q(0) = {prof.q0:.2f}, q(a) = {base.q_edge:.2f}; {where(2, r2)}; {where(1, r1)}. "
            f"Loop voltage {prof.loop_voltage:.3f} V. {describe(prof.validity, width=None)}"
        )

    return Panel(
        controls=[
            Slider("nu", "temperature peaking ν", 0.0, NU_MAX, 1.0, step=0.05),
        ],
        setup=setup,
        update=update,
        alt=(
            "Three plots against radius in a plasma column: the electron temperature, the current density, "
            "which follows the temperature to the power 3/2, and the safety factor q, with the radii of the "
            "q = 2 and q = 1 surfaces marked; a more peaked temperature pulls the current toward the axis "
            "and moves the q = 2 surface outward."
        ),
        figsize=(9.5, 3.3),
        frames=13,
    )


def ohmic_panel(**column_kw: float) -> Panel:
    """Heating (plasma current) and losses (heat diffusivity χ) set the self-consistent column (3.6).

    The slider runs past the currents where q(0) falls below the measured range and q(a) below
    2 (and, near its end, 1); the sentence then says the column is outside the model's validity.
    """
    from fluxlib.models.plasma import Column, ohmic_equilibrium
    from fluxlib.plotting.plasma import plot_heating

    base = Column(**column_kw)

    def setup(fig: Figure) -> PlotHandle:
        corners = [
            ohmic_equilibrium(Column(**{**column_kw, "I_p": I * 1e6}), chi=chi, n=60, relax=0.7)
            for I in I_RANGE
            for chi in CHI_RANGE
        ]
        sc = ohmic_equilibrium(base, chi=1.0, n=60, relax=0.7)
        limits = (
            1.1 * max(c.T[0] for c in corners) / 1e3,
            1.1 * max(max(c.J[0], c.p_ohm[0]) for c in corners) / 1e6,
            1.1 * max(c.P_ohm for c in corners) / 1e6,
        )
        return plot_heating(sc, limits=limits, ax=fig)

    def update(handle: PlotHandle, I_MA: float, chi: float) -> str:
        col = Column(**{**column_kw, "I_p": I_MA * 1e6})
        sc = ohmic_equilibrium(col, chi=chi, n=60, relax=0.7)
        handle.update(sc)
        return (
            f"Self-consistent after {sc.iterations} iterations: T(0) = {sc.T[0] / 1e3:.2f} keV, "
            f"loop voltage {sc.V_loop:.2f} V, ohmic power {sc.P_ohm / 1e6:.2f} MW = heat conducted out "
            f"{sc.P_edge / 1e6:.2f} MW, electron energy confinement time {1e3 * sc.tau_E:.0f} ms. "
            f"{describe(sc.validity, width=None)}"
        )

    return Panel(
        controls=[
            Slider("I_MA", "plasma current I_p (heating)", *I_RANGE, base.I_p / 1e6, step=0.05, unit="MA"),
            Slider("chi", "heat diffusivity χ (losses)", *CHI_RANGE, 1.0, step=0.1, unit="m²/s"),
        ],
        setup=setup,
        update=update,
        alt=(
            "Three plots of an ohmically heated plasma column in a self-consistent state: the temperature "
            "against radius, the current density and ohmic heating density against radius, and two bars "
            "showing the ohmic power equal to the heat conducted out at the edge."
        ),
        figsize=(9.5, 3.3),
        frames=10,
    )


def kink_panel(**column_kw: float) -> Panel:
    """Current slider across the Kruskal–Shafranov limit; the column is drawn as a helix beyond it (3.7)."""
    from fluxlib.models.plasma import Column, critical_current, kink_displacement, kink_validity
    from fluxlib.plotting.plasma import plot_kink

    base = Column(**column_kw)
    Ic = float(critical_current(base.a, base.R0, base.B_z))
    a = base.a

    def setup(fig: Figure) -> PlotHandle:
        return plot_kink(base, 0.0, ax=fig)

    def update(handle: PlotHandle, I_MA: float) -> str:
        col = Column(**{**column_kw, "I_p": I_MA * 1e6})
        qa = col.q_edge
        xi = kink_displacement(qa, a)
        handle.update(col, xi)
        L = 2 * np.pi * col.R0
        state = (
            "m = 1 kink-unstable: the column twists into a helix"
            if qa < 1
            else "stable against the m = 1 kink"
        )
        return (
            f"I = {I_MA:.2f} MA, I_c = {Ic / 1e6:.2f} MA, q(a) = {qa:.2f}: {state}. "
            + (
                f"Drawn displacement ξ = {100 * xi:.0f} cm (schematic), one turn per {L:.1f} m. "
                if xi
                else ""
            )
            + describe(kink_validity(col), width=None)
        )

    return Panel(
        controls=[Slider("I_MA", "plasma current I", 0.2, 3.0, 1.0, step=0.05, unit="MA")],
        setup=setup,
        update=update,
        alt=(
            "Left: a side view of the plasma column along one circuit of the torus, straight while the edge "
            "safety factor exceeds 1 and wound into a helix once the current passes the Kruskal–Shafranov "
            "limit. Right: the column's cross-section at four places along it, concentric when stable and "
            "displaced around a circle when kinked."
        ),
        figsize=(9.0, 3.2),
        frames=15,
    )
