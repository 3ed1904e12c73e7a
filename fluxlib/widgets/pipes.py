"""Section 3.1: the valve panel."""

from __future__ import annotations

from fluxlib.validity import describe
from fluxlib.widgets.base import Panel, Slider


def valve_panel() -> Panel:
    """Two parallel pipes carrying 10 mL/s of water; a valve in branch A closes at t = 0."""
    from fluxlib.models.pipes import valve_step
    from fluxlib.plotting.pipes import plot_valve_step, update_valve_step

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
