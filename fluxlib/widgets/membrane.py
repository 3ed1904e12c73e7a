"""Section 2.2: the pump-and-leak panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.validity import describe
from fluxlib.widgets.base import Panel, Slider, Toggle

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle


def pump_leak_panel(*, minutes: float = 120.0) -> Panel:
    """A cell loaded with Na⁺ (40 mM inside at t = 0, say after a burst of activity) recovers.

    Sliders: pump capacity J_max and leak permeability P; a toggle blocks the pump, and the
    fixed-volume model cell then fills up to the outside level instead (a real cell swells).
    """
    import numpy as np

    from fluxlib.models.membrane import Cell, run_cell
    from fluxlib.plotting.membrane import plot_cell

    c_start = 40.0  # mM
    times = np.linspace(0.0, 60.0 * minutes, 120)

    def setup(fig: Figure) -> PlotHandle:
        return plot_cell(run_cell(Cell(), c0=c_start, times=times), ax=fig)

    def update(handle: PlotHandle, pump_max: float, P_nm: float, blocked: bool) -> str:
        cell = Cell(pump_max=pump_max, permeability=P_nm * 1e-9)
        if blocked:
            cell = cell.blocked()
        res = run_cell(cell, c0=c_start, times=times)
        handle.update(res)
        if blocked:
            return (
                f"Pump blocked (cell run down to V_m = 0): c_i climbs toward c_o = {cell.c_out:.0f} mM "
                f"(time constant r/(3P) = {1 / cell.k_leak / 60:.0f} min) and the net Na⁺ flux dies away "
                "(in a fixed-volume model; a real cell would swell)."
            )
        note = f" {describe(res.validity, width=None)}" if res.validity else ""
        return (
            f"Steady c_i* = {res.steady:.1f} mM against {cell.c_out:.0f} mM outside at "
            f"V_m = {1e3 * cell.V_m:.0f} mV, with {cell.throughput:.2f} µmol m⁻² s⁻¹ running in "
            "by the leak and out by the pump." + note
        )

    return Panel(
        controls=[
            Slider("pump_max", "pump capacity J_max", 0.1, 2.0, 0.75, step=0.05, unit="µmol/(m²·s)"),
            Slider("P_nm", "leak permeability P", 0.2, 3.0, 1.0, step=0.05, unit="nm/s"),
            Toggle("blocked", "block the pump", False),
        ],
        setup=setup,
        update=update,
        alt=(
            f"Two plots against time for a cell's sodium, starting at {c_start:g} mM inside: the inside "
            f"concentration falling to a steady level far below the outside {Cell().c_out:g} mM (or up to it "
            "when the pump is blocked), and the inward leak flux and outward pump flux converging to the "
            "same value."
        ),
        figsize=(8.0, 3.2),
        frames=11,
    )
