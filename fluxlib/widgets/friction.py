"""Section 1.4: the power-law profile panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle


def power_law_panel() -> Panel:
    """Pipe flow of a power-law fluid at a fixed mean velocity.

    Slider: flow index n (dimensionless; n < 1 shear-thinning and plug-like, n = 1 Newtonian,
    n > 1 shear-thickening and peaked). The figure shows u(r), the kinetic-energy flux density
    (u/U)³ weighted by the area 2r/R, and α(n).
    """
    from fluxlib import profiles as fp
    from fluxlib.plotting.friction import N_RANGE, plot_profiles, relative_velocity

    def setup(fig: Figure) -> PlotHandle:
        return plot_profiles(1.0, ax=fig)

    def update(handle: PlotHandle, index: float) -> str:
        prof = fp.power_law_pipe(index)
        handle.update(index)
        alpha = fp.kinetic_energy_factor(prof)
        beta = fp.momentum_factor(prof)
        peak = float(relative_velocity(prof, 0.0))
        return (
            f"n = {index:.2f}: the centreline moves at {peak:.2f} U; the profile carries "
            f"α = {alpha:.3f} times the kinetic-energy flux of a plug and β = {beta:.3f} times its momentum flux."
        )

    a_low = fp.kinetic_energy_factor(fp.power_law_pipe(N_RANGE[0]))
    return Panel(
        controls=[Slider("index", "flow index n", N_RANGE[0], N_RANGE[1], 1.0, log=True, step=0.02)],
        setup=setup,
        update=update,
        alt=(
            "Left: velocity across a pipe for a plug, Poiseuille flow and a power-law fluid. Middle: the "
            "kinetic-energy flux density of each, weighted by area, concentrated where the flow is fast. "
            f"Right: the kinetic-energy factor alpha against the flow index n, rising from {a_low:.2f} at "
            f"n = {N_RANGE[0]:g} (a plug would give 1) through 2 and beyond."
        ),
        figsize=(10.0, 3.3),
        frames=9,
    )
