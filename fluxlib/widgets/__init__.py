"""Interactive panels: live sliders in JupyterLab, a pre-rendered scrubber in the book.

A panel declares its controls (:class:`Slider`, :class:`Toggle`, :class:`Choice`), a
``setup(fig)`` that draws the figure once through the section's ``plot_*`` function and
returns its :class:`~fluxlib.plotting.base.PlotHandle`, and an ``update(handle, **values)``
that computes the result, passes it to ``handle.update`` (which moves the artists' data,
never rebuilding the figure) and may return a sentence to show beneath it.

Where it runs decides how it shows (:func:`mode`):

* **live** (a kernel with a front end, e.g. JupyterLab): ipywidgets sliders redraw the
  figure in place;
* **static** (the book build, where no kernel will be there for the reader): the figure at
  the default values plus a scrubber, frames pre-rendered over the main slider that the
  reader drags in the browser, with the sentence for each frame beneath it.

How the book build is detected: the book's ``_config.yml`` loads the Sphinx extension
:mod:`fluxlib.sphinxext`, which sets the environment variable ``FLUXLIB_WIDGETS=static``
in the build process before any notebook executes; kernels started by the build inherit
it. Setting ``FLUXLIB_WIDGETS`` yourself (``live`` or ``static``) overrides this.
"""

from __future__ import annotations

from fluxlib.widgets.base import Choice, Panel, Slider, Toggle, mode

__all__ = ["Choice", "Panel", "Slider", "Toggle", "mode"]
