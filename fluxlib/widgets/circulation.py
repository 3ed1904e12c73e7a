"""Section 3.2: the dive panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.validity import describe
from fluxlib.widgets.base import Panel, Slider, Toggle

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle


def dive_panel() -> Panel:
    """A Weddell seal's organ flows against dive depth, with two drug blocks."""
    from fluxlib.models.circulation import dive
    from fluxlib.plotting.circulation import plot_beds

    def setup(fig: Figure) -> PlotHandle:
        return plot_beds(dive(200.0), rest=dive(0.0), ymax=16.0, ax=fig)

    def update(handle: PlotHandle, depth: float, atropine: bool, blocker: bool) -> str:
        s = dive(depth, block_bradycardia=atropine, block_vasoconstriction=blocker)
        handle.update(s)
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
            + ("" if not s.validity else " " + describe(s.validity, width=None))
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
