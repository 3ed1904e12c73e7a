"""Plotting layer: matplotlib only, imported when first used.

Every function here takes a result object (or arrays) and an optional ``ax``, labels its
axes with units and returns the artists it made, so a widget can update them in place
rather than rebuild the figure. One colour-blind-safe palette (Okabe and Ito) serves the
whole book.
"""

from __future__ import annotations

from fluxlib.plotting.base import (
    PALETTE,
    STYLE,
    FigureDisplay,
    color,
    new_figure,
    show,
)

__all__ = ["PALETTE", "STYLE", "FigureDisplay", "color", "new_figure", "show"]
