"""A student's session: a real JupyterLab server on loopback, a chapter notebook opened and run
top to bottom, a slider moved from the keyboard, and the figure changing within a second."""

from __future__ import annotations

import os
import pathlib
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


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    port, token = free_port(), secrets.token_hex(16)
    home = tmp_path_factory.mktemp("labhome")
    # Work on a copy, as a student would on their own clone: JupyterLab saves what it runs.
    root = tmp_path_factory.mktemp("notebooks")
    (root / NOTEBOOK).parent.mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
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
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        yield url, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_slider_redraws_figure_in_lab(lab):
    from playwright.sync_api import sync_playwright

    url, token = lab
    shots = ROOT / "_build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{url}/lab/tree/{NOTEBOOK}?token={token}")
            page.wait_for_function(
                "window.jupyterapp && document.querySelector('.jp-Notebook')", timeout=90000
            )
            page.wait_for_function("window.jupyterapp.serviceManager.sessions.isReady", timeout=90000)
            # a fresh profile asks which kernel to start: take the notebook's own (python3)
            select = page.locator(".jp-Dialog button:has-text('Select')")
            try:
                select.wait_for(timeout=15000)
                select.click()
            except Exception:
                pass  # no dialog: the kernel started by itself
            # fire and forget: the command's promise settles only when every cell has run
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            slider = page.locator(".widget-slider .noUi-handle").first
            slider.wait_for(timeout=120000)
            image = page.locator("img.widget-image").first
            image.wait_for(timeout=60000)
            # wait until every code cell has run (no "[*]" prompts left)
            page.wait_for_function(
                "![...document.querySelectorAll('.jp-InputArea-prompt')].some(e => e.textContent.includes('*'))",
                timeout=120000,
            )
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            assert errors.count() == 0, errors.first.inner_text()[:500]
            image.scroll_into_view_if_needed()
            before = image.get_attribute("src")
            slider.focus()
            t0 = time.perf_counter()
            for _ in range(5):
                page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "([el, before]) => el.getAttribute('src') !== before",
                arg=[image.element_handle(), before],
                timeout=1000,
            )
            elapsed = time.perf_counter() - t0
            page.screenshot(path=str(shots / "jupyterlab-1-1.png"))
            assert elapsed < 1.0, f"figure took {elapsed:.2f} s to change"
        except Exception:
            page.screenshot(path=str(shots / "jupyterlab-failure.png"))
            raise
        finally:
            browser.close()
