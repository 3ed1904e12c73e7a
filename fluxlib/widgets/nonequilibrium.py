"""Section 1.5: the driven three-state cycle panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle

A_MAX = 4.0  # k_BT per turn, the slider's range is ±A_MAX


def driven_cycle_panel() -> Panel:
    """A three-state cycle whose step 1 → 2 is pushed by a driving affinity A.

    Slider: A (k_BT per turn). The figure shows the cycle current J and the entropy production
    σ = J·A against A, and the stationary probabilities; both J and σ vanish at A = 0.
    """
    from fluxlib.models.nonequilibrium import driven_cycle
    from fluxlib.plotting.nonequilibrium import plot_cycle

    def setup(fig: Figure) -> PlotHandle:
        sweep = [driven_cycle(a) for a in np.linspace(-A_MAX, A_MAX, 81)]
        return plot_cycle(driven_cycle(0.0), sweep, ax=fig)

    def update(handle: PlotHandle, A: float) -> str:
        now = driven_cycle(A)
        handle.update(now)
        if abs(A) < 1e-12:
            return (
                "A = 0: detailed balance. Every step is as likely forward as backward, the current "
                f"is J = {now.J:.1e} /s and no entropy is produced (σ = {now.entropy_production:.1e} k_B/s)."
            )
        way = "1 → 2 → 3 → 1" if now.J > 0 else "1 → 3 → 2 → 1"
        return (
            f"The cycle turns {way} at |J| = {abs(now.J):.3f} per second and produces entropy at "
            f"σ = J·A = {now.entropy_production:.3f} k_B/s."
        )

    return Panel(
        controls=[Slider("A", "driving affinity A", -A_MAX, A_MAX, 1.0, step=0.1, unit="k_BT per turn")],
        setup=setup,
        update=update,
        alt=(
            "Left: the cycle current J rising through zero and the entropy production σ, a U-shaped curve "
            "touching zero, against the driving affinity A, with dots at the chosen A. Right: bars of the "
            "three stationary probabilities."
        ),
        figsize=(8.0, 3.2),
        frames=9,
    )
