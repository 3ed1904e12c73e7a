"""Sections 3.5–3.7: panels for the plasma column."""

from __future__ import annotations

import numpy as np

from fluxlib.validity import describe
from fluxlib.widgets.base import Panel, Slider

I_RANGE = (0.2, 2.0)  # MA, the heating slider of 3.6
CHI_RANGE = (0.2, 5.0)  # m²/s, the loss slider of 3.6
NU_MAX = 3.0  # the most peaked temperature profile offered, T ∝ (1 - r²/a²)^ν


def current_profile_panel(**column_kw) -> Panel:
    """Temperature peaking ν moves J(r) ∝ T^{3/2}, q(r) and the q = 2 and q = 1 radii (3.5).

    The plasma current is held (the transformer adjusts the loop voltage), so q(a) is fixed.
    """
    from fluxlib.models.plasma import Column, steady_profile
    from fluxlib.plotting.plasma import mark_q_surfaces, plot_profile, profile_axes, set_q_marker

    base = Column(**column_kw)

    def setup(fig):
        axes = profile_axes(fig)
        ref = steady_profile(base, 0.0, n=401)
        plot_profile(ref, axes=axes, style=":", colour="black", label="flat T (ν = 0)")
        art = plot_profile(steady_profile(base, 1.0, n=401), axes=axes, colour="blue", label="peaked T")
        axes[0].legend(loc="lower left", fontsize=8)
        marks = mark_q_surfaces(axes[2], base.a)
        axes[0].set_ylim(0, 1.08 * base.T0 / 1e3)
        peaked = steady_profile(base, NU_MAX, n=401)  # the largest J the slider reaches, on the axis
        axes[1].set_ylim(0, 1.08 * peaked.J[0] / 1e6)
        axes[2].set_ylim(0, 1.15 * base.q_edge)
        axes[2].legend(loc="upper left", fontsize=8)
        art["marks"] = marks
        art["animated"] = [art["T"], art["J"], art["q"], *[a for pair in marks.values() for a in pair]]
        return art

    def update(art, nu):
        prof = steady_profile(base, nu, n=401)
        art["T"].set_ydata(prof.T / 1e3)
        art["J"].set_ydata(prof.J / 1e6)
        art["q"].set_ydata(prof.q)
        r2, r1 = prof.radius_of_q(2.0), prof.radius_of_q(1.0)
        set_q_marker(art["marks"], 2.0, r2)
        set_q_marker(art["marks"], 1.0, r1)

        def where(m, rm):
            if rm is not None:
                return f"the q = {m:g} surface sits at r = {rm:.3f} m"
            if prof.q0 > m:
                return f"no q = {m:g} surface (q > {m:g} everywhere)"
            return f"no q = {m:g} surface (q < {m:g} everywhere)"

        return (
            f"q(0) = {prof.q0:.2f}, q(a) = {base.q_edge:.2f}; {where(2, r2)}; {where(1, r1)}. "
            f"Loop voltage {prof.loop_voltage:.3f} V. {describe(prof.validity)}"
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


def ohmic_panel(**column_kw) -> Panel:
    """Heating (plasma current) and losses (heat diffusivity χ) set the self-consistent column (3.6)."""
    from fluxlib.models.plasma import Column, ohmic_equilibrium
    from fluxlib.plotting.plasma import heating_axes, plot_heating, update_heating

    base = Column(**column_kw)

    def setup(fig):
        axes = heating_axes(fig)
        corners = [
            ohmic_equilibrium(Column(**{**column_kw, "I_p": I * 1e6}), chi=chi, n=60, relax=0.7)
            for I in I_RANGE
            for chi in CHI_RANGE
        ]
        sc = ohmic_equilibrium(base, chi=1.0, n=60, relax=0.7)
        art = plot_heating(sc, axes=axes)
        axes[0].set_ylim(0, 1.1 * max(c.T[0] for c in corners) / 1e3)
        axes[1].set_ylim(0, 1.1 * max(max(c.J[0], c.p_ohm[0]) for c in corners) / 1e6)
        axes[2].set_ylim(0, 1.1 * max(c.P_ohm for c in corners) / 1e6)
        return art

    def update(art, I_MA, chi):
        col = Column(**{**column_kw, "I_p": I_MA * 1e6})
        sc = ohmic_equilibrium(col, chi=chi, n=60, relax=0.7)
        update_heating(art, sc)
        return (
            f"Self-consistent after {sc.iterations} iterations: T(0) = {sc.T[0] / 1e3:.2f} keV, "
            f"loop voltage {sc.V_loop:.2f} V, ohmic power {sc.P_ohm / 1e6:.2f} MW = heat conducted out "
            f"{sc.P_edge / 1e6:.2f} MW, electron energy confinement time {1e3 * sc.tau_E:.0f} ms. "
            f"{describe(sc.validity)}"
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


def kink_panel(**column_kw) -> Panel:
    """Current slider across the Kruskal–Shafranov limit; the column is drawn as a helix beyond it (3.7)."""
    from matplotlib.patches import Circle

    from fluxlib.models.plasma import Column, critical_current, helix, kink_displacement, kink_validity
    from fluxlib.plotting.base import color
    from fluxlib.plotting.plasma import kink_axes

    base = Column(**column_kw)
    Ic = float(critical_current(base.a, base.R0, base.B_z))
    a = base.a

    def setup(fig):
        ax_side, ax_cut = kink_axes(fig)
        z, x, _ = helix(base, 0.0)
        (upper,) = ax_side.plot(z, x + a, color=color("blue"), lw=1.5)
        (lower,) = ax_side.plot(z, x - a, color=color("blue"), lw=1.5)
        (axis,) = ax_side.plot(z, x, "--", color=color("vermillion"), lw=1.2, label="column axis")
        ax_side.axhline(0, color="0.6", lw=0.8)
        ax_side.set_ylim(-2.2 * a, 2.2 * a)
        ax_side.set_xlim(0, z[-1])
        ax_side.legend(loc="upper right", fontsize=8)
        # the edge safety factor, written on the figure: it moves even while the column is straight
        label = ax_side.text(0.02, 0.95, "", transform=ax_side.transAxes, va="top", fontsize=9)
        ax_cut.add_patch(Circle((0, 0), a, fill=False, ls=":", color="0.4"))
        cuts = []
        for k, name in enumerate(("blue", "green", "orange", "purple")):
            c = Circle((0, 0), a, fill=False, color=color(name), lw=1.3, label=f"z = {k}/4 of the way round")
            ax_cut.add_patch(c)
            cuts.append(c)
        ax_cut.set_xlim(-2 * a, 2 * a)
        ax_cut.set_ylim(-2 * a, 2 * a)
        ax_cut.set_title("cross-sections", fontsize=9)
        return {
            "upper": upper,
            "lower": lower,
            "axis": axis,
            "cuts": cuts,
            "label": label,
            "animated": [upper, lower, axis, *cuts, label],
        }

    def update(art, I_MA):
        I = I_MA * 1e6
        col = Column(**{**column_kw, "I_p": I})
        qa = col.q_edge
        xi = kink_displacement(qa, a)
        z, x, y = helix(col, xi)
        art["upper"].set_ydata(x + a)
        art["lower"].set_ydata(x - a)
        art["axis"].set_ydata(x)
        L = 2 * np.pi * col.R0
        for k, c in enumerate(art["cuts"]):
            phase = k * 2 * np.pi / 4
            c.center = (xi * np.cos(phase), xi * np.sin(phase))
        art["label"].set_text(
            f"I = {I_MA:.2f} MA, q(a) = {qa:.2f}"
            + (" < 1: kinked" if qa < 1 else " < 2: disrupts in a tokamak" if qa < 2 else "")
        )
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
            + describe(kink_validity(col))
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
