"""Chapter 3, sections 3.1 to 3.4: panels for the valve, the dive, the kidney and the corridor."""

from __future__ import annotations

from fluxlib.validity import describe
from fluxlib.widgets.base import Panel, Slider, Toggle


def valve_panel() -> Panel:
    """Two parallel pipes carrying 10 mL/s of water; a valve in branch A closes at t = 0."""
    from fluxlib.models.pipes import valve_step
    from fluxlib.plotting.redistribution import plot_valve_step, update_valve_step

    t_end = 12.0

    def setup(fig):
        axes = fig.subplots(1, 2)
        artists = plot_valve_step(valve_step(0.5, t_end=t_end, n=121), axes=axes)
        axes[0].set_ylim(0, 10.5)
        axes[0].set_xlim(-1.2, t_end)
        axes[1].set_xlim(-1.2, t_end)
        axes[1].set_ylim(0, 5.0)
        return artists

    def update(artists, closure):
        res = valve_step(closure, t_end=t_end, n=121)
        update_valve_step(artists, res)
        return f"{res.summary()} {describe(res.validity)}"

    return Panel(
        controls=[Slider("closure", "valve setting c in A (R_A × 1/(1 − c)²)", 0.0, 0.8, 0.5, step=0.05)],
        setup=setup,
        update=update,
        alt=(
            "Left: flow in branches A and B against time; when the valve in A closes at t = 0, A's flow "
            "decays exponentially and B's rises by the same amount. Right: the pressure drop, which "
            "jumps at the step and then relaxes to its new steady value."
        ),
        figsize=(9.0, 3.2),
        frames=9,
    )


def dive_panel() -> Panel:
    """A Weddell seal's organ flows against dive depth, with two drug blocks."""
    from fluxlib.models.circulation import dive
    from fluxlib.plotting.redistribution import plot_beds, update_beds

    def setup(fig):
        ax = fig.add_subplot()
        return plot_beds(dive(200.0), rest=dive(0.0), ax=ax, ymax=16.0)

    def update(artists, depth, atropine, blocker):
        s = dive(depth, block_bradycardia=atropine, block_vasoconstriction=blocker)
        update_beds(artists, s)
        b = s.beds
        brain = b.names.index("brain"), b.names.index("heart")
        share = 100 * (b.share[brain[0]] + b.share[brain[1]])
        short = [n for n, lim in zip(b.names, b.limited, strict=True) if lim]
        tail = (
            f" {' and '.join(short).capitalize()} cannot hold {'their' if len(short) > 1 else 'its'} "
            "resting flow: the pressure is beyond what autoregulation can correct."
            if short
            else ""
        )
        return (
            f"Cardiac output {s.cardiac_output:.1f} L/min, perfusion pressure {b.pressure:.0f} mmHg; "
            f"brain and heart get {share:.0f}% of the output, and the heart's work is "
            f"{100 * s.heart_work:.0f}% of rest. Blood oxygen lasts about {s.adl:.0f} min."
            + tail
            + ("" if not s.validity else " " + describe(s.validity))
        )

    return Panel(
        controls=[
            Slider("depth", "dive depth", 0.0, 600.0, 200.0, step=25.0, unit="m"),
            Toggle("atropine", "block the bradycardia (atropine)"),
            Toggle("blocker", "block the vasoconstriction (α-blocker)"),
        ],
        setup=setup,
        update=update,
        alt=(
            "Bar chart of blood flow to brain, heart, muscle, skin, gut and kidney, at rest (outlines) and "
            "in the dive (filled), with each bed's percentage of cardiac output above its bar."
        ),
        figsize=(7.0, 3.4),
        frames=9,
    )


def kidney_panel() -> Panel:
    """Renal cortex and medulla when a hormone constricts the medullary vessels."""
    from fluxlib.models.circulation import kidney
    from fluxlib.plotting.redistribution import plot_kidney, update_kidney

    def setup(fig):
        ax = fig.add_subplot()
        return plot_kidney(kidney(3.0), rest=kidney(1.0), ax=ax)

    def update(artists, constriction, pressure, auto):
        s = kidney(constriction, autoregulation=auto, arterial_pressure=pressure)
        update_kidney(artists, s)
        return (
            f"The medulla gets {100 * s.medulla_share:.1f}% of the renal flow; the whole kidney takes "
            f"{1e3 * s.total:.0f} mL/min (glomerular-level pressure {s.glomerular_pressure:.0f} mmHg)."
            + ("" if not s.validity else " " + describe(s.validity))
        )

    return Panel(
        controls=[
            Slider("constriction", "medullary constriction factor", 1.0, 10.0, 3.0, step=0.5),
            Slider("pressure", "renal arterial pressure", 40.0, 220.0, 95.0, step=5.0, unit="mmHg"),
            Toggle("auto", "renal autoregulation", True),
        ],
        setup=setup,
        update=update,
        alt=(
            "Bar chart of blood flow to the renal cortex, the medulla and the whole kidney, with the "
            "no-hormone values outlined behind."
        ),
        figsize=(6.0, 3.2),
        frames=10,
    )


def corridor_panel() -> Panel:
    """Five habitat patches; a corridor links the big meadow straight to the first sink."""
    import numpy as np

    from fluxlib.models.metapopulation import CORRIDOR, default_landscape, steady_state
    from fluxlib.plotting.redistribution import plot_patches, update_patches

    land0 = default_landscape(0.0)
    isolated = np.where(np.asarray(land0.r) > 0, land0.K, 0.0)

    def setup(fig):
        ax = fig.add_subplot()
        return plot_patches(
            steady_state(default_landscape(0.1)), r=land0.r, ax=ax, isolated=isolated, ymax=1150.0
        )

    def update(artists, corridor):
        land = default_landscape(corridor)
        eq = steady_state(land)
        update_patches(artists, eq)
        flow = eq.flows[CORRIDOR]
        return (
            f"The corridor carries {flow:.0f} individuals a year from meadow A to sink D, whose "
            f"steady population is {eq['sink D']:.0f} (0 if it were isolated). "
            f"All patches together: {eq.N.sum():.0f}."
            + ("" if not eq.validity else " " + describe(eq.validity))
        )

    return Panel(
        controls=[
            Slider("corridor", "corridor dispersal conductance", 0.0, 0.3, 0.1, step=0.025, unit="1/yr")
        ],
        setup=setup,
        update=update,
        alt=(
            "Bar chart of the steady population of five patches, two source meadows, a stepping stone and "
            "two sinks, with each patch's net immigration written above its bar and the isolated "
            "populations outlined."
        ),
        figsize=(7.0, 3.4),
        frames=13,
    )
