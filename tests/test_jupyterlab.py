"""A student's session: a real JupyterLab server on loopback, with the book's extensions.

1. The notebooks read like the book: jupyterlab-myst renders every markdown cell, so no raw
   MyST (``:::{exercise}``, ``{cite}``, ``{eq}``, ``$$``) shows, exercises appear as exercises,
   and a solution's text stays folded until the student opens it.
2. A chapter notebook runs top to bottom with no error output, and moving a slider from the
   keyboard changes the figure. (How fast it changes is measured by ``make bench``, not here.)
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
NOTEBOOK = "ch1/1-1-accountants-rule.ipynb"
# A section with every kind of MyST the notebooks use: exercises, folded solutions, labelled
# equations, {eq} references and {cite} citations.
MYST_NOTEBOOK = "ch2/2-6-geometry-makes-a-steady-state.ipynb"
SHOTS = ROOT / "_build" / "screenshots"
# the body of a MyST solution directive (its options are the lines starting with ":")
_SOLUTION = re.compile(r"^:::\{solution\}[^\n]*\n(.*?)^:::", re.M | re.S)


def _settings(config: pathlib.Path) -> None:
    """A fresh profile: every cell stays in the page (no windowing, so the whole notebook can
    be read from the DOM) and no news pop-up."""
    user = config / "lab" / "user-settings" / "@jupyterlab"
    for ext, name, value in [
        ("notebook-extension", "tracker", {"windowingMode": "none"}),
        ("apputils-extension", "notification", {"fetchNews": "false"}),
    ]:
        (user / ext).mkdir(parents=True, exist_ok=True)
        (user / ext / f"{name}.jupyterlab-settings").write_text(json.dumps(value))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    port, token = free_port(), secrets.token_hex(16)
    home = tmp_path_factory.mktemp("labhome")
    _settings(home / "config")
    # Work on a copy, as a student would on their own clone: JupyterLab saves what it runs.
    root = tmp_path_factory.mktemp("notebooks")
    for nb in (NOTEBOOK, MYST_NOTEBOOK):
        (root / nb).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "notebooks" / nb, root / nb)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "rt")}
    env.pop("FLUXLIB_WIDGETS", None)
    jupyter = pathlib.Path(sys.executable).with_name("jupyter")
    proc = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.expose_app_in_browser=True",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within two minutes")
        yield url, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(chromium, lab, notebook: str):
    url, token = lab
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/lab/tree/{notebook}?token={token}")
    page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')", timeout=120000)
    page.wait_for_function("window.jupyterapp.serviceManager.sessions.isReady", timeout=120000)
    # a fresh profile asks which kernel to start: take the notebook's own (python3)
    select = page.locator(".jp-Dialog button:has-text('Select')")
    try:
        select.wait_for(timeout=15000)
        select.click()
    except Exception:
        pass  # no dialog: the kernel started by itself
    return page


_BODY_TEXT = """(el) => {
  const was = el.open;
  el.open = true;
  const t = [...el.children].filter(c => c.tagName !== 'SUMMARY').map(c => c.innerText).join(' ');
  el.open = was;
  return t.replace(/\\s+/g, ' ').trim();
}"""


def test_myst_renders_in_lab(chromium, lab):
    nb = json.loads((ROOT / "notebooks" / MYST_NOTEBOOK).read_text())
    markdown = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    source = "\n".join(markdown)
    solutions = _SOLUTION.findall(source)
    exercises = source.count(":::{exercise}")
    assert solutions and exercises and "{cite}" in source, "pick a section with all MyST kinds"
    page = _open(chromium, lab, MYST_NOTEBOOK)
    try:
        page.wait_for_function(
            f"document.querySelectorAll('.jp-MarkdownCell').length >= {len(markdown)}", timeout=60000
        )
        rendered = page.locator(".jp-MarkdownCell .myst")
        try:
            page.wait_for_function(
                f"document.querySelectorAll('.jp-MarkdownCell .myst').length >= {len(markdown)}",
                timeout=30000,
            )
        except Exception:
            pass  # not rendered by jupyterlab-myst: the checks below say what shows instead
        page.wait_for_timeout(1000)  # let the last cells finish rendering their math
        text = "\n".join(page.locator(".jp-MarkdownCell").all_inner_texts())
        for raw in (":::", "{exercise}", "{solution}", "{cite}", "{eq}", "$$", ":label:", ":class:"):
            assert raw not in text, (
                f"raw MyST {raw!r} shows in JupyterLab: ...{text[text.find(raw) - 80 :][:200]}..."
            )
        assert rendered.count() == len(markdown), "markdown cells are not rendered by jupyterlab-myst"
        assert page.locator(".jp-MarkdownCell .myst .myst-exercise").count() >= exercises + len(solutions), (
            "exercises and solutions are not rendered as exercises"
        )
        assert page.locator(".jp-MarkdownCell .myst .katex").count() > 10, "math is not rendered"
        folded = page.locator(".jp-MarkdownCell .myst details")
        assert folded.count() == len(solutions), "every solution should be a folded dropdown"
        flat = re.sub(r"\s+", " ", text)
        for i in range(len(solutions)):
            details = folded.nth(i)
            assert details.get_attribute("open") is None, f"solution {i + 1} starts open"
            body = details.evaluate(_BODY_TEXT)  # what the solution shows once opened
            assert len(body) > 10, f"solution {i + 1} is empty: {body!r}"
            assert body not in flat, f"solution {i + 1} is shown before a click: {body[:100]!r}"
        first = folded.first
        first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "jupyterlab-exercise-folded.png"))
        body = first.evaluate(_BODY_TEXT)
        first.locator("summary").click()
        page.wait_for_function(
            "([el, body]) => el.open && el.innerText.replace(/\\s+/g, ' ').includes(body)",
            arg=[first.element_handle(), body],
            timeout=10000,
        )
        page.screenshot(path=str(SHOTS / "jupyterlab-exercise-open.png"))
    except Exception:
        page.screenshot(path=str(SHOTS / "jupyterlab-myst-failure.png"))
        raise
    finally:
        page.close()


def test_slider_redraws_figure_in_lab(chromium, lab):
    page = _open(chromium, lab, NOTEBOOK)
    try:
        # fire and forget: the command's promise settles only when every cell has run
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        slider = page.locator(".widget-slider .noUi-handle").first
        slider.wait_for(timeout=180000)
        image = page.locator("img.widget-image").first
        image.wait_for(timeout=120000)
        # wait until every code cell has run (no "[*]" prompts left)
        page.wait_for_function(
            "![...document.querySelectorAll('.jp-InputArea-prompt')].some(e => e.textContent.includes('*'))",
            timeout=180000,
        )
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, errors.first.inner_text()[:500]
        image.scroll_into_view_if_needed()
        before = image.get_attribute("src")
        slider.focus()
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        # The figure must change; the generous bound only keeps a broken panel from hanging
        # the suite (a loaded machine can be slow; speed is measured by `make bench`).
        page.wait_for_function(
            "([el, before]) => el.getAttribute('src') !== before",
            arg=[image.element_handle(), before],
            timeout=60000,
        )
        page.screenshot(path=str(SHOTS / "jupyterlab-1-1.png"))
    except Exception:
        page.screenshot(path=str(SHOTS / "jupyterlab-failure.png"))
        raise
    finally:
        page.close()
