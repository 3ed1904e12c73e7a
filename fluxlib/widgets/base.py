"""The :class:`Panel` machinery behind every interactive figure in the book."""

from __future__ import annotations

import base64
import html
import json
import os
import struct
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fluxlib.errors import FluxInputError

#: Resolution of the default frame embedded for print (the HTML frames keep the figure's dpi).
PRINT_DPI = 200.0
#: Keyword of the PNG text chunk that marks the default frame of a :class:`Panel`.
PANEL_PNG_KEY = "flux-panel"


def mode() -> str:
    """``"static"`` while the book is being built, ``"live"`` otherwise (see module docs)."""
    value = os.environ.get("FLUXLIB_WIDGETS", "live").strip().lower()
    if value not in ("live", "static"):
        raise FluxInputError(f"FLUXLIB_WIDGETS must be 'live' or 'static', got {value!r}")
    return value


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


@dataclass(frozen=True)
class Slider:
    """A numeric control. ``label`` is what the reader sees; ``unit`` is shown beside it."""

    name: str
    label: str
    min: float
    max: float
    value: float
    step: float | None = None
    unit: str = ""
    log: bool = False
    integer: bool = False

    def __post_init__(self):
        if not (self.min < self.max):
            raise FluxInputError(f"slider {self.name!r}: min {self.min} must be below max {self.max}")
        if not (self.min <= self.value <= self.max):
            raise FluxInputError(
                f"slider {self.name!r}: default {self.value} lies outside [{self.min}, {self.max}]"
            )
        if self.log and self.min <= 0:
            raise FluxInputError(f"slider {self.name!r}: a log slider needs min > 0, got {self.min}")

    @property
    def text(self) -> str:
        """The label with its unit, as the slider shows it."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def describe(self, value: Any) -> str:
        """``label = value unit``, for the scrubber and the settings line."""
        return f"{self.label} = {_fmt(value)}" + (f" {self.unit}" if self.unit else "")

    def sweep(self, n: int) -> list[Any]:
        """``n`` values across the range (geometric for a log slider), always including the default."""
        if self.log:
            vals = np.geomspace(self.min, self.max, n)
        else:
            vals = np.linspace(self.min, self.max, n)
        if self.integer:
            vals = np.unique(np.round(vals).astype(int))
        span = abs(self.max - self.min)
        # the default is always a frame; a sweep value within round-off of it is the same frame
        out = [v.item() for v in vals if abs(v.item() - self.value) > 1e-9 * span]
        return sorted({*out, self.value})

    def widget(self) -> Any:
        """The ipywidgets slider for this control."""
        import ipywidgets as w

        style = {"description_width": "initial"}
        layout = w.Layout(width="100%", max_width="560px")
        if self.integer:
            return w.IntSlider(
                value=int(self.value),
                min=int(self.min),
                max=int(self.max),
                step=int(self.step or 1),
                description=self.text,
                style=style,
                layout=layout,
                continuous_update=True,
            )
        if self.log:
            return w.FloatLogSlider(
                value=self.value,
                base=10,
                min=float(np.log10(self.min)),
                max=float(np.log10(self.max)),
                step=(self.step or 0.02),
                description=self.text,
                style=style,
                layout=layout,
                continuous_update=True,
                readout_format=".3g",
            )
        step = self.step or (self.max - self.min) / 100
        return w.FloatSlider(
            value=self.value,
            min=self.min,
            max=self.max,
            step=step,
            description=self.text,
            style=style,
            layout=layout,
            continuous_update=True,
            readout_format=".3g",
        )


@dataclass(frozen=True)
class Toggle:
    """An on/off control, e.g. "block the pump"."""

    name: str
    label: str
    value: bool = False

    text = property(lambda self: self.label)

    def describe(self, value: Any) -> str:
        """``label: on`` or ``label: off``."""
        return f"{self.label}: {_fmt(bool(value))}"

    def sweep(self, n: int) -> list[Any]:
        """Both settings, whatever ``n``."""
        return [False, True]

    def widget(self) -> Any:
        """The ipywidgets checkbox for this control."""
        import ipywidgets as w

        return w.Checkbox(value=self.value, description=self.label, indent=False)


@dataclass(frozen=True)
class Choice:
    """A choice among named options."""

    name: str
    label: str
    options: Sequence[str]
    value: str | None = None

    def __post_init__(self):
        if self.value is None:
            object.__setattr__(self, "value", self.options[0])
        if self.value not in self.options:
            raise FluxInputError(
                f"choice {self.name!r}: default {self.value!r} is not one of {list(self.options)}"
            )

    text = property(lambda self: self.label)

    def describe(self, value: Any) -> str:
        """``label: option``."""
        return f"{self.label}: {value}"

    def sweep(self, n: int) -> list[Any]:
        """Every option, whatever ``n``."""
        return list(self.options)

    def widget(self) -> Any:
        """The ipywidgets dropdown for this control."""
        import ipywidgets as w

        return w.Dropdown(options=list(self.options), value=self.value, description=self.label)


Control = Slider | Toggle | Choice


@dataclass
class Panel:
    """An interactive figure.

    Parameters
    ----------
    controls : the sliders, toggles and choices, in display order.
    setup : ``setup(fig) -> PlotHandle``; draws the figure once by calling the section's
        ``plot_*(result, ax=fig)`` and returns its handle. A panel never draws by itself.
    update : ``update(handle, **values) -> str | None``; computes the result for the given
        control values, passes it to ``handle.update(...)`` and returns an optional sentence shown beneath the figure. If it raises
        :class:`~fluxlib.errors.FluxInputError`, the message is shown instead (a reader sees a
        sentence, never a traceback).
    alt : what the figure shows, for screen readers and the static page.
    scrub : the control the book's scrubber sweeps (default: the first control).
    frames : how many scrubber frames to pre-render.
    figsize : figure size in inches.
    """

    controls: Sequence[Control]
    setup: Callable[[Any], Any]
    update: Callable[..., str | None]
    alt: str
    scrub: str | None = None
    frames: int = 9
    figsize: tuple[float, float] = (7.0, 3.4)
    title: str = ""
    _fig: Any = field(default=None, init=False, repr=False)
    _state: Any = field(default=None, init=False, repr=False)
    _background: Any = field(default=None, init=False, repr=False)
    _limits: Any = field(default=None, init=False, repr=False)
    _dynamic: set = field(default_factory=set, init=False, repr=False)
    _composite: Any = field(default=None, init=False, repr=False)

    def __post_init__(self):
        if not self.controls:
            raise FluxInputError("a panel needs at least one control")
        names = [c.name for c in self.controls]
        if len(set(names)) != len(names):
            raise FluxInputError(f"control names must be unique, got {names}")
        if self.scrub is None:
            self.scrub = names[0]
        if self.scrub not in names:
            raise FluxInputError(f"scrub names {self.scrub!r}, which is not a control (controls: {names})")
        if not self.alt:
            raise FluxInputError("a panel needs alt text saying what its figure shows")

    # --- the figure --------------------------------------------------------------------
    @property
    def defaults(self) -> dict[str, Any]:
        """Every control's default value, by name."""
        return {c.name: c.value for c in self.controls}

    @property
    def figure(self) -> Any:
        """The panel's figure, set up on first use."""
        if self._fig is None:
            from fluxlib.plotting.base import PlotHandle, empty_figure

            fig = empty_figure(self.figsize)
            handle = self.setup(fig)
            if not isinstance(handle, PlotHandle):
                raise FluxInputError(
                    "a panel's setup(fig) must return the PlotHandle of the section's plot_* "
                    f"function (drawn with ax=fig), got {type(handle).__name__}"
                )
            self._fig = fig
            self._state = handle
        return self._fig

    def apply(self, **values: Any) -> str:
        """Set the figure to the given control values (others at their defaults).

        Returns the sentence to show beneath it (the error message if the inputs are
        physically impossible).
        """
        _ = self.figure  # sets up the figure and its artists on first use
        unknown = set(values) - set(self.defaults)
        if unknown:
            raise FluxInputError(
                f"unknown control(s) {sorted(unknown)}; this panel has {list(self.defaults)}"
            )
        vals = {**self.defaults, **values}
        try:
            message = self.update(self._state, **vals) or ""
            visible = True
        except FluxInputError as err:
            message = f"⚠ {err}"
            visible = False  # no stale picture beside an impossible setting
        for a in self.animated:
            a.set_visible(visible)
        return message

    def render(self, *, dpi: float | None = None) -> bytes:
        """The figure as PNG bytes, with everything drawn (used for the book's frames)."""
        from fluxlib.plotting.base import png_bytes

        return png_bytes(self.figure, dpi=dpi)

    @property
    def animated(self) -> list:
        """Artists that change with the controls: the ``animated`` of the handle ``setup`` returned."""
        return list(self._state.animated) if self._state is not None else []

    def render_live(self) -> bytes:
        """PNG of the current state for the live widget, drawn fast.

        If the handle ``setup`` returned names the artists that change (``animated``), the static
        parts (axes, ticks, labels) are drawn once and cached, and each update only redraws
        those artists on top (blitting). An axes whose limits have changed once is treated
        as dynamic from then on: it is left out of the base background, drawn whole on it
        whenever its limits change, and that composite is the background until they change
        again (one axes costs tens of ms; a full redraw with layout costs ~100 ms).
        The layout found on the first draw is kept. With none named, the whole
        figure is redrawn.
        """
        import io

        from PIL import Image

        fig = self.figure
        canvas = fig.canvas
        animated = self.animated
        if not animated:
            canvas.draw()
        else:
            axes = list(fig.axes)
            limits = [(*ax.get_xlim(), *ax.get_ylim()) for ax in axes]
            if self._background is None or len(limits) != len(self._limits):
                for a in animated:
                    a.set_animated(True)
                canvas.draw()  # lays out the figure; animated artists are skipped here
                fig.set_layout_engine("none")  # keep that layout: axes stay where they are
                self._dynamic = set()
                self._background = canvas.copy_from_bbox(fig.bbox)
                self._composite = None
            else:
                moved = {i for i, lim in enumerate(limits) if lim != self._limits[i]}
                if moved - self._dynamic:
                    # a new axes moves: the base background leaves every moving axes out
                    self._dynamic |= moved
                    for i in self._dynamic:
                        axes[i].set_visible(False)
                    canvas.draw()
                    self._background = canvas.copy_from_bbox(fig.bbox)
                    for i in self._dynamic:
                        axes[i].set_visible(True)
                    self._composite = None
                if self._composite is None or moved:
                    # the moving axes drawn at their present limits, on the base background,
                    # kept as the background of the updates that follow until they move again
                    canvas.restore_region(self._background)
                    for i in sorted(self._dynamic):
                        fig.draw_artist(axes[i])  # the whole axes but its animated artists
                    self._composite = canvas.copy_from_bbox(fig.bbox) if self._dynamic else None
                else:
                    canvas.restore_region(self._composite)
            self._limits = limits
            for a in animated:
                fig.draw_artist(a)
        buf = canvas.buffer_rgba()
        img = Image.frombuffer("RGBA", (buf.shape[1], buf.shape[0]), buf, "raw", "RGBA", 0, 1)
        out = io.BytesIO()
        img.convert("RGB").save(out, format="png", compress_level=1)
        return out.getvalue()

    # --- live ----------------------------------------------------------------------------
    def widget(self) -> Any:
        """The live ipywidgets panel (sliders, figure, sentence)."""
        import ipywidgets as w

        ctrls = {c.name: c.widget() for c in self.controls}
        msg = self.apply()
        self.figure.set_dpi(80)
        image = w.Image(value=self.render_live(), format="png", layout=w.Layout(max_width="100%"))
        note = w.HTML(value=_note_html(msg))
        timing = {"last_ms": 0.0}

        def on_change(_change: object = None) -> None:
            t0 = time.perf_counter()
            message = self.apply(**{k: c.value for k, c in ctrls.items()})
            image.value = self.render_live()
            note.value = _note_html(message)
            timing["last_ms"] = 1e3 * (time.perf_counter() - t0)

        for c in ctrls.values():
            c.observe(on_change, names="value")
        children = []
        if self.title:
            children.append(w.HTML(f"<b>{html.escape(self.title)}</b>"))
        children += [*ctrls.values(), image, note]
        box = w.VBox(children)
        box.flux_controls = ctrls  # for tests and benchmarks
        box.flux_image = image
        box.flux_note = note
        box.flux_timing = timing
        return box

    # --- static --------------------------------------------------------------------------
    def static_html(self) -> str:
        """Figure at the defaults plus a scrubber over ``self.scrub``, as self-contained HTML."""
        from fluxlib.plotting.base import data_uri

        ctrl = next(c for c in self.controls if c.name == self.scrub)
        values = ctrl.sweep(self.frames)
        frames, notes = [], []
        for v in values:
            notes.append(self.apply(**{ctrl.name: v}))
            frames.append(data_uri(self.render()))
        labels = [ctrl.describe(v) for v in values]
        start = values.index(ctrl.value)
        self.apply()  # leave the figure at its defaults
        fixed = self._fixed_settings()
        fixed_html = f'<div class="flux-fixed">Other settings: {html.escape(fixed)}.</div>' if fixed else ""
        title = f"<b>{html.escape(self.title)}</b>" if self.title else ""
        data = json.dumps({"frames": frames, "labels": labels, "notes": notes})
        return (
            '<div class="flux-scrubber" style="max-width:720px">'
            f"{title}"
            f'<img class="flux-frame" src="{frames[start]}" alt="{html.escape(self.alt)}" style="max-width:100%">'
            '<div style="display:flex;align-items:center;gap:0.6em">'
            f'<input class="flux-range" type="range" min="0" max="{len(frames) - 1}" step="1" value="{start}" '
            f'aria-label="{html.escape(ctrl.text)}" style="flex:1">'
            f'<output class="flux-label">{html.escape(labels[start])}</output></div>'
            f'<div class="flux-note">{html.escape(notes[start])}</div>'
            f"{fixed_html}"
            '<div class="flux-hint" style="font-size:0.85em;opacity:0.75">Drag the slider to step through '
            "pre-computed frames; run the notebook to move every control freely.</div>"
            f'<script type="application/json" class="flux-data">{data}</script>'
            "<script>(function(){var s=document.currentScript.parentElement;"
            "var d=JSON.parse(s.querySelector('.flux-data').textContent);"
            "var r=s.querySelector('.flux-range'),i=s.querySelector('.flux-frame'),"
            "o=s.querySelector('.flux-label'),n=s.querySelector('.flux-note');"
            "r.addEventListener('input',function(){var k=+r.value;i.src=d.frames[k];"
            "o.textContent=d.labels[k];n.textContent=d.notes[k];});})();</script>"
            "</div>"
        )

    def _fixed_settings(self) -> str:
        return ", ".join(c.describe(c.value) for c in self.controls if c.name != self.scrub)

    def print_png(self, *, dpi: float = PRINT_DPI) -> bytes:
        """The figure at its default settings as PNG bytes, for print (the PDF edition).

        The PNG carries a text chunk (see :func:`panel_info`) saying that it is the default
        frame of an interactive figure, with the panel's title, alt text, the sentence shown
        beneath the figure and the settings, so the book's LaTeX build can add the note that
        the live version is online.
        """
        message = self.apply()
        png = self.render(dpi=dpi)
        ctrl = next(c for c in self.controls if c.name == self.scrub)
        settings = "; ".join(c.describe(c.value) for c in self.controls)
        info = {
            "title": self.title,
            "alt": self.alt,
            "note": message,
            "settings": settings,
            "control": ctrl.text,
        }
        return _png_with_text(png, PANEL_PNG_KEY, json.dumps(info, ensure_ascii=True, sort_keys=True))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        if mode() == "static":
            # HTML pages pick text/html (the scrubber); the LaTeX (PDF) build picks image/png,
            # the default frame, since a page on paper cannot scrub.
            return {
                "text/html": self.static_html(),
                "image/png": base64.b64encode(self.print_png()).decode("ascii"),
                "text/plain": f"<Panel: {self.alt}>",
            }
        return self.widget()._repr_mimebundle_(include=include, exclude=exclude)


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunks(png: bytes):
    if not png.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG image")
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        yield kind, png[pos + 8 : pos + 8 + length], pos, pos + 12 + length
        pos += 12 + length


def _png_with_text(png: bytes, key: str, text: str) -> bytes:
    """``png`` with a ``tEXt`` chunk ``key: text`` inserted after its header (ASCII only)."""
    payload = key.encode("ascii") + b"\0" + text.encode("ascii")
    chunk = struct.pack(">I", len(payload)) + b"tEXt" + payload
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + payload) & 0xFFFFFFFF)
    for kind, _data, _start, end in _png_chunks(png):
        if kind == b"IHDR":
            return png[:end] + chunk + png[end:]
    raise ValueError("PNG without a header chunk")


def panel_info(png: bytes) -> dict[str, str] | None:
    """What :meth:`Panel.print_png` recorded in a PNG, or ``None`` for any other image.

    Keys: ``title``, ``alt``, ``note`` (the sentence beneath the figure at the defaults),
    ``settings`` (every control at its default) and ``control`` (the scrubbed control).
    """
    if not png.startswith(_PNG_SIGNATURE):
        return None
    prefix = PANEL_PNG_KEY.encode("ascii") + b"\0"
    for kind, data, _start, _end in _png_chunks(png):
        if kind == b"tEXt" and data.startswith(prefix):
            return json.loads(data[len(prefix) :].decode("ascii"))
        if kind == b"IDAT":
            break
    return None


def _note_html(message: str) -> str:
    if not message:
        return ""
    colour = "#D55E00" if message.startswith("⚠") else "inherit"
    return f'<div style="color:{colour};max-width:640px">{html.escape(message)}</div>'
