"""Section 2.6: the electrode-radius panel (plane, sphere, microdisk after a potential step)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle


def electrode_panel() -> Panel:
    """Current density vs time for a plane, a sphere and a microdisk of adjustable radius.

    Slider: electrode radius (µm, log). The planar Cottrell curve does not depend on size;
    the sphere and the disk level off at steady densities nFDc/r and 4nFDc/(πr), sooner the
    smaller they are (time ∝ r²/D). Solution: 1 mM, D = 7.6e-10 m²/s, n = 1.
    """
    from fluxlib.models.electrodes import (
        PLOT_TIMES,
        Solution,
        current_densities,
        disk_steady_current,
        sphere_settling,
    )
    from fluxlib.plotting.electrodes import plot_electrodes

    sol = Solution()

    def setup(fig: Figure) -> PlotHandle:
        return plot_electrodes(current_densities(10e-6, sol), ax=fig)

    def update(handle: PlotHandle, radius_um: float) -> str:
        r = radius_um * 1e-6
        res = current_densities(r, sol)
        handle.update(res)
        i_ss = disk_steady_current(r, sol)
        settle = sphere_settling(r, sol, within=0.1)
        t_ss = res.sphere_settling
        where = "" if t_ss <= PLOT_TIMES[1] else " (beyond this plot)"
        sentence = (
            f"r = {radius_um:.3g} µm: the microdisk settles at 4nFDcr = {i_ss * 1e9:.3g} nA; the sphere is "
            f"within 10 % of steady after t = r²/(π D 0.1²) = {t_ss:.3g} s{where}."
        )
        if settle.validity:
            sentence += (
                " Natural convection stirs an unstirred solution long before that, so this electrode "
                "never shows its diffusion steady state: it behaves like a plane until convection takes over."
            )
        return sentence

    return Panel(
        controls=[
            Slider("radius_um", "electrode radius r", 1.0, 1000.0, 10.0, unit="µm", log=True, step=0.05)
        ],
        setup=setup,
        update=update,
        alt=(
            "Log-log plot of current density against time after a potential step. The planar Cottrell curve "
            "falls as one over the square root of time forever; the sphere and microdisk curves follow it at "
            "first, then level off at steady values that are larger for smaller radii, with a dashed line "
            "marking when the sphere is within 10 percent of steady."
        ),
        figsize=(7.0, 3.8),
        frames=13,
    )
