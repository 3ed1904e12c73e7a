"""Shared figure style and the static figure display used on the book's pages."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import matplotlib as mpl
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from fluxlib.errors import FluxInputError

#: Okabe & Ito (2008) colour-blind-safe palette, in the order the book uses it.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
_CYCLE = ["blue", "orange", "green", "vermillion", "purple", "sky", "black"]

#: rcParams applied to every figure fluxlib makes (never set globally on import).
STYLE: Any = {
    "axes.prop_cycle": cycler(color=[PALETTE[c] for c in _CYCLE]),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "figure.dpi": 100,
    "savefig.dpi": 100,
}


def color(name_or_index: str | int) -> str:
    """A palette colour by name (``"blue"``) or by position in the cycle."""
    if isinstance(name_or_index, int):
        return PALETTE[_CYCLE[name_or_index % len(_CYCLE)]]
    return PALETTE[name_or_index]


def new_figure(
    nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] = (7.0, 3.4), **subplot_kw: Any
) -> tuple[Figure, Any]:
    """A figure in the book's style, detached from pyplot (no global state, no auto-display).

    Returns ``(fig, axes)`` like ``plt.subplots``.
    """
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=figsize, layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes


def empty_figure(figsize: tuple[float, float] = (7.0, 3.4)) -> Figure:
    """A figure in the book's style with no axes yet, for a plot that lays out its own."""
    with mpl.rc_context(STYLE):
        fig = Figure(figsize=figsize, layout="constrained")
        FigureCanvasAgg(fig)
    return fig


#: What a ``plot_*`` function accepts as ``ax``: nothing (a new figure), a figure to lay its
#: axes out in, one axes, or the sequence of axes a previous call laid out.
AxLike = Axes | Sequence[Axes] | Figure | None


def axes_for(
    ax: AxLike,
    *,
    layout: Callable[[Figure], Sequence[Axes]] | None = None,
    figsize: tuple[float, float] = (7.0, 3.4),
) -> tuple[Figure, tuple[Axes, ...]]:
    """The figure and axes a ``plot_*`` function draws on, for any ``ax`` it was given.

    ``layout(fig)`` makes the plot's axes in an empty figure (one axes if omitted). With
    ``ax=None`` a new figure of ``figsize`` is made and laid out; with a figure, its axes are
    used if it has any and it is laid out otherwise; with one axes or a sequence of axes,
    those are used as they are.
    """
    if ax is None:
        ax = empty_figure(figsize)
    if isinstance(ax, Figure):
        fig = ax
        if not fig.axes:
            with mpl.rc_context(STYLE):
                made = layout(fig) if layout is not None else [fig.add_subplot()]
            return fig, tuple(made)
        return fig, tuple(fig.axes)
    if isinstance(ax, Axes):
        return ax.get_figure(root=True), (ax,)  # type: ignore[return-value]
    axes = tuple(ax)
    if not axes or not all(isinstance(a, Axes) for a in axes):
        raise FluxInputError(f"ax must be an Axes, a sequence of Axes, a Figure or None, got {ax!r}")
    return axes[0].get_figure(root=True), axes  # type: ignore[return-value]


class PlotHandle:
    """What every ``plot_*`` function returns: the figure, its axes and artists, and ``update``.

    This is the book's one figure protocol (after py-pde's ``PlotReference``). A plot function
    ``plot_x(result, ..., *, ax=None) -> PlotHandle`` draws once; ``handle.update(result, ...)``
    then moves the data of the artists it made, so a panel redraws only those (``animated``)
    and never draws anything itself. A plot with no fast path passes ``replot=plot_x``: its
    ``update`` clears its axes and draws them again.

    Parameters
    ----------
    fig : the figure drawn on.
    axes : the axes drawn on, in the order the plot function lays them out.
    artists : the artists a caller may need, by name (``handle["T"]``).
    animated : the artists ``update`` changes; everything else stays as first drawn.
    update : ``update(handle, *args, **kwargs)``, the fast path.
    replot : the plot function itself, for plots without a fast path.
    """

    def __init__(
        self,
        fig: Figure,
        axes: Sequence[Axes],
        artists: dict[str, Any] | None = None,
        *,
        animated: Iterable[Any] = (),
        update: Callable[..., None] | None = None,
        replot: Callable[..., PlotHandle] | None = None,
    ) -> None:
        if update is None and replot is None:
            raise FluxInputError("a PlotHandle needs an update function or the plot function to replot")
        self.fig = fig
        self.axes = tuple(axes)
        self.artists = dict(artists or {})
        self.animated = list(animated)
        self._update = update
        self._replot = replot

    @property
    def ax(self) -> Axes:
        """The first (or only) axes."""
        return self.axes[0]

    def __getitem__(self, name: str) -> Any:
        return self.artists[name]

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Show new data: the fast path if the plot has one, otherwise clear and replot."""
        if self._update is not None:
            self._update(self, *args, **kwargs)
            return
        assert self._replot is not None
        for a in self.axes:
            a.cla()
        new = self._replot(*args, ax=self.axes, **kwargs)
        self.artists, self.animated = new.artists, new.animated

    def __repr__(self) -> str:
        return f"<PlotHandle: {len(self.axes)} axes, artists {sorted(self.artists)}>"


def png_bytes(fig: Figure, *, dpi: float | None = None) -> bytes:
    """Render a figure to PNG bytes, deterministically (no software or date metadata)."""
    buf = io.BytesIO()
    with mpl.rc_context(STYLE):
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def data_uri(png: bytes) -> str:
    """A ``data:`` URI embedding PNG bytes in a page."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


class FigureDisplay:
    """A figure with alt text and a caption, for the notebook and the static book alike.

    In JupyterLab it shows as an image; on the book's pages as an HTML ``<figure>`` whose
    ``<img>`` carries the alt text, so screen readers and readers without images get the
    point of the figure.
    """

    def __init__(self, fig: Figure, *, alt: str, caption: str = ""):
        if not alt:
            raise ValueError("every figure in the book needs alt text saying what it shows")
        self.fig = fig
        self.alt = alt
        self.caption = caption

    def _repr_mimebundle_(self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None):
        png = png_bytes(self.fig)
        cap = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        body = (
            f'<figure class="flux-figure"><img src="{data_uri(png)}" alt="{html.escape(self.alt)}" '
            f'style="max-width:100%">{cap}</figure>'
        )
        return {
            "text/html": body,
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": f"<Figure: {self.alt}>",
        }


def show(fig: Figure, *, alt: str, caption: str = "") -> FigureDisplay:
    """Wrap a figure for display with alt text and an optional caption."""
    return FigureDisplay(fig, alt=alt, caption=caption)


def nice_ceiling(value: float) -> float:
    """The next of 1, 2, 5 × 10^k at or above ``value``."""
    import math

    if not value > 0 or not math.isfinite(value):
        return 1.0
    e = math.floor(math.log10(value))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * 10**e >= value * (1 - 1e-12):
            return m * 10**e
    return 10.0 ** (e + 1)


def sticky_ylim(
    ax: Axes, needed: float, *, symmetric: bool = False, shrink: float = 5.0, pad: float = 1.1
) -> bool:
    """Keep an axis' upper limit (and lower, if ``symmetric``) covering ``needed``, changing it rarely.

    A widget redraws only its moving artists while the axes stay put; a change of limits
    costs a full redraw (tens of ms). So the limit moves only when the data leave the
    window or fill less than 1/``shrink`` of it, and then to a round number. Returns
    whether the limits changed.
    """
    current = ax.get_ylim()[1] / pad
    if needed <= current and needed * shrink >= current:
        return False
    top = pad * nice_ceiling(needed)
    ax.set_ylim(-top if symmetric else 0.0, top)
    return True
