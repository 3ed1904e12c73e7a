"""The panel machinery: live updates change the figure, the static scrubber carries every frame,
impossible settings become sentences, and the book build is detected."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from fluxlib.errors import FluxInputError
from fluxlib.widgets import Panel, Slider, Toggle, mode


def _panel():
    from fluxlib.plotting.base import PlotHandle, axes_for

    x = np.linspace(0, 1, 50)

    def setup(fig):
        fig, (ax,) = axes_for(fig)
        (line,) = ax.plot(x, x)
        ax.set_ylim(-2, 2)

        def move(handle, y):
            handle["line"].set_ydata(y)

        return PlotHandle(fig, (ax,), {"line": line}, animated=[line], update=move)

    def update(handle, a, flip):
        if a > 9:
            raise FluxInputError(f"a = {a:g} is too steep for this demo")
        y = np.sin(a * x)
        handle.update(-y if flip else y)
        return f"a is {a:g}"

    return Panel(
        [Slider("a", "wavenumber a", 1.0, 10.0, 3.0, unit="1/m"), Toggle("flip", "flip")],
        setup,
        update,
        alt="a sine wave",
        frames=5,
    )


def test_live_update_changes_image_and_note():
    box = _panel().widget()
    before = box.flux_image.value
    box.flux_controls["a"].value = 5.0
    assert box.flux_image.value != before
    assert "a is 5" in box.flux_note.value


def test_impossible_setting_is_a_sentence_not_a_traceback():
    box = _panel().widget()
    box.flux_controls["a"].value = 9.5
    assert "too steep" in box.flux_note.value


def test_static_html_has_all_frames_and_labels():
    p = _panel()
    html = p.static_html()
    data = json.loads(
        re.search(r'<script type="application/json" class="flux-data">(.*?)</script>', html).group(1)
    )
    values = Slider("a", "wavenumber a", 1.0, 10.0, 3.0).sweep(5)
    assert len(data["frames"]) == len(values) == len(data["labels"])
    assert len(set(data["frames"])) == len(values), "every frame must differ"
    assert data["labels"][values.index(3.0)] == "wavenumber a = 3 1/m"
    assert 'alt="a sine wave"' in html and 'type="range"' in html
    assert any("too steep" in n for n in data["notes"]), "the 10/m frame explains itself"


def test_static_html_is_deterministic():
    assert _panel().static_html() == _panel().static_html()


def test_mode_follows_environment(monkeypatch):
    monkeypatch.delenv("FLUXLIB_WIDGETS", raising=False)
    assert mode() == "live"
    monkeypatch.setenv("FLUXLIB_WIDGETS", "static")
    assert mode() == "static"
    bundle = _panel()._repr_mimebundle_()
    assert "text/html" in bundle and "application/vnd.jupyter.widget-view+json" not in bundle
    monkeypatch.setenv("FLUXLIB_WIDGETS", "sometimes")
    with pytest.raises(FluxInputError, match="FLUXLIB_WIDGETS must be 'live' or 'static', got 'sometimes'"):
        mode()


def test_sphinx_extension_sets_static_mode(monkeypatch):
    from fluxlib import sphinxext

    monkeypatch.delenv("FLUXLIB_WIDGETS", raising=False)
    sphinxext.setup(app=None)
    assert mode() == "static"


def test_slider_validation():
    with pytest.raises(FluxInputError, match="default 20 lies outside"):
        Slider("a", "a", 0, 10, 20)
    with pytest.raises(FluxInputError, match="log slider needs min > 0"):
        Slider("a", "a", 0, 10, 1, log=True)
    assert Slider("n", "n", 1, 5, 2, integer=True).sweep(9) == [1, 2, 3, 4, 5]


def test_rod_panel_updates_every_slider():
    from fluxlib.widgets.rod import heated_rod_panel

    box = heated_rod_panel().widget()
    for name, ctrl in box.flux_controls.items():
        before = box.flux_image.value
        ctrl.value = ctrl.max if ctrl.value != ctrl.max else ctrl.min
        assert box.flux_image.value != before, f"slider {name} does not change the figure"
        assert "books balance" in box.flux_note.value


def test_sweep_does_not_repeat_the_default_at_round_off():
    values = Slider("I", "current", 0.2, 2.0, 0.6).sweep(10)
    assert values.count(0.6) == 1
    assert all(b - a > 1e-6 for a, b in zip(values, values[1:], strict=False))


def test_chapter_1_panel_sentences_carry_the_validity_notes():
    """Beyond the model's range the sentence beneath the figure says so; inside it, it does not."""
    from fluxlib.widgets.magnetization import bound_current_panel
    from fluxlib.widgets.rod import heated_rod_panel

    rod = heated_rod_panel()
    assert "Outside the model's validity" not in rod.apply(k=50.0, T_left=100.0, T_right=0.0, minutes=10.0)
    # a 300 K span between the ends is past the constant-property span
    assert "conductivity drifts" in rod.apply(k=50.0, T_left=300.0, T_right=0.0, minutes=10.0)
    slab = bound_current_panel()
    assert "Outside the model's validity" not in slab.apply(M0_kA=100.0, I_t=1000.0)
    # peak |M| = 1.5e6 × 1.4 = 2.1e6 A/m, above any material's saturation
    assert "saturation" in slab.apply(M0_kA=1500.0, I_t=0.0)


def test_a_setup_that_draws_by_itself_is_refused():
    # the figure protocol: setup returns the handle of a plot_* function, nothing else
    def setup(fig):
        (line,) = fig.add_subplot().plot([0, 1], [0, 1])
        return {"line": line, "animated": [line]}

    panel = Panel([Slider("a", "a", 0.0, 1.0, 0.5)], setup, lambda state, a: "", alt="a line")
    with pytest.raises(FluxInputError, match="must return the PlotHandle .* got dict"):
        panel.apply()


@pytest.mark.parametrize(
    "module, name, steps",
    [
        ("membrane", "pump_leak_panel", [{"pump_max": v} for v in (0.1, 1.0, 2.0, 0.75)] + [{"P_nm": 3.0}]),
        ("rod", "heated_rod_panel", [{"k": v} for v in (5.0, 200.0, 400.0)] + [{"minutes": 30.0}]),
    ],
)
def test_live_image_is_what_a_full_draw_shows(module, name, steps):
    # the live widget blits: cached backgrounds, axes redrawn only when their limits move.
    # Whatever the history, its image must be the figure as a full draw shows it (stale tick
    # labels or a ghost curve would differ over many pixels; line overlaps differ in a few)
    import importlib
    import io

    from PIL import Image

    panel = getattr(importlib.import_module(f"fluxlib.widgets.{module}"), name)()
    panel.apply()
    panel.figure.set_dpi(80)
    panel.render_live()
    for values in steps:
        panel.apply(**{**panel.defaults, **values})
        live = np.asarray(Image.open(io.BytesIO(panel.render_live())).convert("RGB")).astype(int)
        for a in panel.animated:
            a.set_animated(False)
        panel.figure.canvas.draw()
        for a in panel.animated:
            a.set_animated(True)
        full = np.asarray(panel.figure.canvas.buffer_rgba())[..., :3].astype(int)
        differs = np.abs(live - full).max(axis=2) > 0
        assert differs.mean() < 0.005, f"{name} after {values}: {differs.mean():.2%} of pixels differ"


def test_panel_sentences_are_not_hard_wrapped() -> None:
    """A panel's sentence is one line the browser wraps: every ``describe`` in a panel passes
    ``width=None`` (the 79-column wrap is for printed cells; in a panel it left line breaks
    mid-sentence wherever the note is shown as text)."""
    import ast

    from tests.conftest import ROOT

    calls = []
    for path in sorted((ROOT / "fluxlib" / "widgets").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "describe":
                width = next((k.value for k in node.keywords if k.arg == "width"), None)
                ok = isinstance(width, ast.Constant) and width.value is None
                calls.append((f"{path.name}:{node.lineno}", ok))
    assert len(calls) >= 10
    assert [where for where, ok in calls if not ok] == []
