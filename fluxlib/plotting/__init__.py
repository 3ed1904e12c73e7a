"""Plotting layer: matplotlib only, imported when first used.

One figure protocol serves every section: ``plot_x(result, ..., *, ax=None)`` draws on the
axes it is given (or a new figure), labels them with units and returns a
:class:`~fluxlib.plotting.base.PlotHandle`, whose ``update(result, ...)`` moves the artists'
data in place, so a panel redraws rather than rebuilds the figure. One colour-blind-safe palette (Okabe and Ito) serves the
whole book.
"""

from __future__ import annotations

from fluxlib.plotting.base import (
    PALETTE,
    STYLE,
    FigureDisplay,
    PlotHandle,
    axes_for,
    color,
    empty_figure,
    new_figure,
    show,
)

__all__ = [
    "PALETTE",
    "STYLE",
    "FigureDisplay",
    "PlotHandle",
    "axes_for",
    "color",
    "empty_figure",
    "new_figure",
    "show",
]
