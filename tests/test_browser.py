"""The built book in a real browser with the network cut: every section page loads with no
console errors, renders its math and figures, shows no traceback or warning, and its scrubber
changes the figure when moved from the keyboard. Screenshots go to _build/screenshots/."""

from __future__ import annotations

import pathlib

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, cut_network, serve
from tests.conftest import ROOT
from tests.test_book import _toc_files

pytestmark = pytest.mark.browser
SHOTS = ROOT / "_build" / "screenshots"
SECTION_PAGES = [f for f in _toc_files() if f.startswith("notebooks/")]
AXE = ROOT / "_build" / "axe" / "axe.min.js"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert pathlib.Path(CHROMIUM).exists(), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(built_book):
    with serve(built_book) as url:
        yield url


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked = cut_network(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    return context, page, errors, blocked


def _benign(msg: str) -> bool:
    # pydata-sphinx-theme logs this when no theme preference is stored yet (a fresh profile).
    return "Got invalid theme mode" in msg


@pytest.mark.parametrize("page_file", SECTION_PAGES)
def test_section_page(browser, site, page_file):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page, errors, blocked = _open(browser, f"{site}/{page_file}.html")
    try:
        page.wait_for_function("document.querySelectorAll('mjx-container').length > 0", timeout=20000)
        assert page.locator("mjx-container").count() > 3, "math did not render"
        assert not page.locator("text=/Math input error/").count(), "MathJax reported an input error"
        imgs = page.locator("article img")
        assert imgs.count() >= 1, "no figure"
        broken = page.evaluate(
            "[...document.querySelectorAll('article img')].filter(i => !i.naturalWidth).length"
        )
        assert broken == 0, f"{broken} images failed to load"
        missing_alt = page.evaluate(
            "[...document.querySelectorAll('article img')].filter(i => !(i.alt || '').trim()).length"
        )
        assert missing_alt == 0, f"{missing_alt} figures without alt text"
        outputs = page.locator(".cell_output").all_inner_texts()
        for text in outputs:
            assert "Traceback" not in text and "Warning" not in text, f"error text in an output: {text[:300]}"
        scrubbers = page.locator(".flux-scrubber")
        assert scrubbers.count() >= 1, "no interactive figure"
        for i in range(scrubbers.count()):
            s = scrubbers.nth(i)
            img, rng = s.locator("img.flux-frame"), s.locator("input.flux-range")
            before, label = img.get_attribute("src"), s.locator(".flux-label").inner_text()
            rng.focus()
            key = "ArrowLeft" if rng.get_attribute("value") == rng.get_attribute("max") else "ArrowRight"
            page.keyboard.press(key)
            assert img.get_attribute("src") != before, f"scrubber {i} did not change the figure"
            assert s.locator(".flux-label").inner_text() != label, f"scrubber {i} did not update its label"
        page.screenshot(path=str(SHOTS / (page_file.replace("/", "_") + ".png")), full_page=True)
        real = [e for e in errors if not _benign(e)]
        assert not real, f"console errors: {real}"
        assert not blocked, f"the page reached for the network: {blocked[:5]}"
    finally:
        context.close()


def test_landing_page(browser, site):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page, errors, blocked = _open(browser, f"{site}/book/index.html")
    try:
        assert "Flux" in page.title()
        page.screenshot(path=str(SHOTS / "index.png"), full_page=True)
        assert not [e for e in errors if not _benign(e)]
        assert not blocked, f"the page reached for the network: {blocked[:5]}"
    finally:
        context.close()


def test_accessibility_axe(browser, site):
    """axe-core (from npm, fetched by `make test`) finds no serious or critical violations."""
    assert AXE.exists(), "axe-core is fetched by `make axe`"
    for page_file in ["book/index", *SECTION_PAGES]:
        context, page, _, _ = _open(browser, f"{site}/{page_file}.html")
        try:
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                "async () => (await axe.run(document.querySelector('main') || document,"
                " {resultTypes: ['violations']})).violations"
                ".filter(v => ['serious', 'critical'].includes(v.impact))"
                ".map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')')"
            )
            assert not result, f"{page_file}: {result}"
        finally:
            context.close()
