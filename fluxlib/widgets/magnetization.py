"""Section 1.6: the magnetised-slab panel (bound current plus a transport current)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle

M_MAX = 2e5  # A/m, the top of the magnetisation slider
I_MAX = 2000.0  # A, the top of the transport-current slider
CUT = 0  # index of the cut x = x_i the panel reports on (the dashed line)


def bound_current_panel(*, nx: int = 31, ny: int = 61) -> Panel:
    """A 1 cm thick, 1 cm deep magnetised slab carrying a transport current.

    Sliders: peak magnetisation M₀ (kA/m) and transport current I_t (A). The figure shows the
    magnetisation map with the current arrows, J_x across one cut, and the currents through the cut.
    Kiloamperes through the slab's square centimetre would quickly heat a real magnet (the model
    ignores Joule heat): the slider's range is for a thought experiment or a brief pulse.
    """
    from fluxlib.models.magnetization import Slab, current_map
    from fluxlib.plotting.magnetization import plot_current_map
    from fluxlib.validity import describe

    def setup(fig: Figure) -> PlotHandle:
        slab = Slab(M0=M_MAX)
        top = current_map(slab, I_transport=I_MAX, nx=nx, ny=ny)
        bound_top = slab.M0 * slab.depth * (1 + slab.ripple)
        lim = 1.15 * (bound_top + I_MAX)
        return plot_current_map(
            top,
            i=CUT,
            M_max=M_MAX * (1 + slab.ripple),
            J_scale=float(abs(top.Jx).max()),
            I_range=(-lim, lim),
            ax=fig,
        )

    def update(handle: PlotHandle, M0_kA: float, I_t: float) -> str:
        cm = current_map(Slab(M0=1e3 * M0_kA), I_transport=I_t, nx=nx, ny=ny)
        handle.update(cm)
        bound = cm.cut_current(CUT, part="bound")
        upper = cm.cut_current(CUT, part="bound", y_min=0.0)
        total = cm.cut_current(CUT, part="total")
        sentence = (
            f"Bound current along the upper face: {upper:+.0f} A, along the lower face "
            f"{-upper:+.0f} A; net bound current through the cut {bound:+.1e} A. The ammeter "
            f"reads {total:+.0f} A, exactly the transport current."
        )
        if cm.validity:
            sentence += " " + describe(cm.validity, width=None)
        return sentence

    return Panel(
        controls=[
            Slider("M0_kA", "magnetisation M₀", 0.0, M_MAX / 1e3, 100.0, step=5.0, unit="kA/m"),
            Slider("I_t", "transport current I_t", -I_MAX, I_MAX, 1000.0, step=50.0, unit="A"),
        ],
        setup=setup,
        update=update,
        alt=(
            "A map of a slab magnetised out of the page, with arrows showing bound currents running "
            "one way along the top face and back along the bottom face, a plot of the current density "
            "across one cut, and bars showing the bound currents through the cut cancelling so that the "
            "ammeter reads only the transport current."
        ),
        figsize=(10.0, 3.4),
        frames=9,
    )
