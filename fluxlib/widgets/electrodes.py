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
        CONVECTION_ONSET,
        PLOT_TIMES,
        Solution,
        current_densities,
        disk_steady_current,
        disk_time_to_steady,
        sphere_ratios,
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
        t_disk = disk_time_to_steady(r, sol)
        t_ss = res.sphere_settling
        onset = f"{CONVECTION_ONSET:.0f} s"
        if t_disk <= CONVECTION_ONSET:
            disk = (
                f"the microdisk settles at 4nFDcr = {i_ss * 1e9:.3g} nA (within 10 % after "
                f"t = {t_disk:.3g} s)"
            )
        else:
            disk = (
                f"the microdisk would settle at 4nFDcr = {i_ss * 1e9:.3g} nA, but only after "
                f"t = {t_disk:.3g} s, later than the {onset} this book allows: natural convection "
                "sets its current first"
            )
        where = "" if t_ss <= PLOT_TIMES[1] else " (beyond this plot)"
        sentence = (
            f"r = {radius_um:.3g} µm: {disk}. The sphere is within 10 % of steady after "
            f"t = r²/(π D 0.1²) = {t_ss:.3g} s{where}."
        )
        if t_ss > CONVECTION_ONSET:
            over_plane, over_steady = sphere_ratios(CONVECTION_ONSET, r, sol)
            sentence += (
                f" Natural convection takes over first: at {onset} the sphere's current is still "
                f"{over_plane:.3g} times the planar (Cottrell) current of its area and "
                f"{100 * (over_steady - 1):.3g} % above its steady value."
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
