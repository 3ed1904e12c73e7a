"""The built book in a real browser with the network cut, every page at 1280 px and at 390 px.

Every page: no console errors, nothing overflows the page sideways (only a display-math block
may scroll, inside its own box), at 1280 px no code or output block needs a horizontal
scrollbar, and no equation number overlaps its equation. Section pages also render their math
and figures (with alt text), show no traceback or warning, link to their fluxlib sources, and
their scrubbers change the figure when moved from the keyboard. Full-page screenshots of every
page at both widths go to _build/screenshots/{1280,390}/ for the section's review step.

One browser serves every test; each width has one page that is navigated from page to page.
"""

from __future__ import annotations

import pathlib
import re

import pytest

from fluxlib.sphinxext import notebook_cells, reading_minutes
from tests.browser import CHROMIUM, CHROMIUM_ARGS, cut_network, serve
from tests.conftest import ROOT
from tests.test_book import _toc_files

pytestmark = pytest.mark.browser
SHOTS = ROOT / "_build" / "screenshots"
PAGES = _toc_files()
SECTION_PAGES = [f for f in PAGES if f.startswith("notebooks/")]
WIDTHS = (1280, 390)
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


class Tab:
    """One browser page at one viewport width, with the network cut, reused across pages;
    console errors, failed responses and blocked requests are collected per visit."""

    def __init__(self, browser, width: int):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.blocked = cut_network(self.context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )

    def visit(self, url: str):
        self.errors.clear()
        self.blocked.clear()
        self.page.goto(url, wait_until="load")
        return self.page


@pytest.fixture(scope="module")
def tabs(browser):
    made = {w: Tab(browser, w) for w in WIDTHS}
    yield made
    for t in made.values():
        t.context.close()


def _benign(msg: str) -> bool:
    # pydata-sphinx-theme logs this when no theme preference is stored yet (a fresh profile).
    return "Got invalid theme mode" in msg


def _wait_for_math(page) -> None:
    """MathJax has typeset the page and flux.js has placed the equation numbers."""
    if page.locator("div.math, span.math").count():
        page.wait_for_function("document.querySelectorAll('mjx-container').length > 0", timeout=30000)
        page.wait_for_function(
            "window.MathJax && MathJax.startup && MathJax.startup.promise"
            " && document.documentElement.dataset.fluxEquations === 'ready'",
            timeout=30000,
        )
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


# Everything the layout rules need, measured in the page. Each problem is one line naming the
# block (its kind, the cell it is in and the first words of its text) and its size in pixels.
_LAYOUT_JS = r"""
(width) => {
  const problems = [];
  const root = document.querySelector('main') || document.body;
  const article = document.querySelector('article') || root;
  const cells = [...article.querySelectorAll('div.cell')];
  const snippet = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60);
  const where = (el) => {
    const cell = el.closest('div.cell');
    if (!cell) return '';
    const src = cell.querySelector('div.cell_input pre');
    return ` in code cell ${cells.indexOf(cell) + 1}` + (src ? ` (${JSON.stringify(snippet(src))})` : '');
  };
  const kind = (el) => {
    if (el.closest('div.math, mjx-container[display="true"]'))
      return el.closest('div.cell_output') ? 'derivation (display math)' : 'display math';
    if (el.closest('span.math, mjx-container')) return 'inline math';
    if (el.closest('div.cell_output')) return 'output block';
    if (el.closest('div.cell_input') || el.matches('pre') || el.closest('div.highlight')) return 'code block';
    if (el.closest('table') || el.querySelector('table')) return 'table';
    return el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '');
  };
  // how far the visible content of a box reaches past its right edge (MathJax's hidden copy
  // of each formula for screen readers does not count)
  const visibleWidth = (el) => {
    const math = el.matches('mjx-container, span.math, div.math') && el.querySelector('mjx-math');
    return math ? Math.ceil(math.getBoundingClientRect().width) : el.scrollWidth;
  };
  const longest = (el) => Math.max(0, ...(el.textContent || '').split('\n').map(l => l.length));
  // 1. The page itself never scrolls sideways.
  const docW = document.documentElement.scrollWidth, viewW = document.documentElement.clientWidth;
  if (docW > viewW + 1) {
    const culprits = [];
    for (const el of root.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= viewW + 1) continue;
      if (!el.checkVisibility({visibilityProperty: true})) continue;
      // inside a box that clips or scrolls: that box is reported below, not the page
      let p = el.parentElement, clipped = false;
      while (p && p !== document.body) {
        if (getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; }
        p = p.parentElement;
      }
      if (clipped || culprits.some(c => c.contains(el))) continue;
      culprits.push(el);
    }
    problems.push(`the page scrolls sideways (${docW} px wide in a ${viewW} px window)` +
      culprits.slice(0, 8).map(c => `; ${kind(c)}${where(c)} reaches ${Math.round(c.getBoundingClientRect().right)} px: ` +
        JSON.stringify(snippet(c))).join(''));
  }
  // 2. Boxes whose content is wider than the box: it scrolls or it is cut off.
  for (const el of article.querySelectorAll('*')) {
    if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0) continue;
    const ox = getComputedStyle(el).overflowX;
    if (ox === 'visible') continue;
    if (el.closest('mjx-container') && !el.matches('mjx-container')) continue;  // MathJax internals
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const need = visibleWidth(el);
    if (need <= el.clientWidth + 1) continue;
    const k = kind(el);
    const size = `needs ${need} px, has ${el.clientWidth} px`;
    if (ox === 'hidden' || ox === 'clip') {
      problems.push(`${k}${where(el)} is cut off at the right (${size}): ${JSON.stringify(snippet(el))}`);
      continue;
    }
    if (k.includes('math')) continue;  // math may scroll inside its own box
    const blockish = k === 'code block' || k === 'output block' || k === 'table';
    if (width >= 1280 || !blockish) {
      const cols = blockish && el.matches('pre') ? `, longest line ${longest(el)} characters` : '';
      problems.push(`${k}${where(el)} needs a horizontal scrollbar (${size}${cols}): ${JSON.stringify(snippet(el))}`);
    }
  }
  // 3. Equation numbers never overlap their equations.
  for (const div of article.querySelectorAll('div.math')) {
    const num = div.querySelector(':scope > span.eqno');
    const math = div.querySelector('mjx-container > mjx-math');
    if (!num || !math) continue;
    const a = num.getBoundingClientRect(), b = math.getBoundingClientRect();
    const overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    if (overlap) problems.push(`equation number ${num.textContent.replace('#', '').trim()} overlaps its equation ` +
      `(number at x ${Math.round(a.left)}-${Math.round(a.right)} px, equation at x ${Math.round(b.left)}-${Math.round(b.right)} px)`);
  }
  // 4. Neighbouring cells of a table never run together: the text of one cell ends at least
  //    8 px before the text of the next begins ("7.26e-10m²/s" once read as one word).
  const textBox = (cell) => {
    const r = document.createRange();
    r.selectNodeContents(cell);
    const rects = [...r.getClientRects()].filter(b => b.width > 0);
    return rects.length ? rects : null;
  };
  for (const row of article.querySelectorAll('table tr')) {
    const cells = [...row.children];
    for (let i = 0; i + 1 < cells.length; i++) {
      const a = textBox(cells[i]), b = textBox(cells[i + 1]);
      if (!a || !b) continue;
      for (const ra of a) for (const rb of b) {
        const sameLine = ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1;
        if (sameLine && rb.left - ra.right < 8) {
          problems.push(`table cells run together (${Math.round(rb.left - ra.right)} px apart): ` +
            `${JSON.stringify(snippet(cells[i]))} | ${JSON.stringify(snippet(cells[i + 1]))}`);
        }
      }
    }
  }
  return problems;
}
"""


def _shot(page, page_file: str, width: int) -> pathlib.Path:
    path = SHOTS / str(width) / (page_file.replace("/", "_") + ".png")
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def _section_checks(page) -> list[str]:
    """Math, figures, outputs and source links of a section page (read, not interacted with)."""
    problems = []
    if page.locator("mjx-container").count() <= 3:
        problems.append("math did not render")
    if page.locator("text=/Math input error/").count():
        problems.append("MathJax reported an input error")
    if page.locator("article img").count() < 1:
        problems.append("no figure")
    broken = page.evaluate(
        "[...document.querySelectorAll('article img')].filter(i => !i.naturalWidth).length"
    )
    if broken:
        problems.append(f"{broken} images failed to load")
    missing_alt = page.evaluate(
        "[...document.querySelectorAll('article img')].filter(i => !(i.alt || '').trim()).length"
    )
    if missing_alt:
        problems.append(f"{missing_alt} figures without alt text")
    for text in page.locator(".cell_output").all_inner_texts():
        if "Traceback" in text or "Warning" in text:
            problems.append(f"error text in an output: {text[:300]}")
    links = page.evaluate("[...document.querySelectorAll('.flux-source a')].map(a => a.getAttribute('href'))")
    if not links:
        problems.append("no links to the fluxlib source files the page uses")
    for href in links:
        if "/blob/main/fluxlib/" not in href or not (ROOT / href.split("/blob/main/", 1)[1]).is_file():
            problems.append(f"source link to a file that does not exist: {href}")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_file", PAGES)
def test_page(tabs, site, page_file, width):
    """Layout at this width (screenshot saved first, so a failing page can be looked at), plus
    the section checks at 1280 px."""
    tab = tabs[width]
    page = tab.visit(f"{site}/{page_file}.html")
    _wait_for_math(page)
    _shot(page, page_file, width)
    problems = [f"{page_file} at {width} px: {p}" for p in page.evaluate(_LAYOUT_JS, width)]
    if page_file.startswith("notebooks/") and width == 1280:
        problems += [f"{page_file}: {p}" for p in _section_checks(page)]
    real = [e for e in tab.errors if not _benign(e)]
    if real:
        problems.append(f"{page_file} at {width} px: console errors: {real}")
    if tab.blocked:
        problems.append(f"{page_file} at {width} px: the page reached for the network: {tab.blocked[:5]}")
    assert not problems, "\n".join(problems)


def test_equation_numbers_follow_a_late_change_of_width(tabs, site):
    """A box that narrows after the page is typeset (a late web font, a panel opening) gets its
    equation numbers re-placed without a window resize. The check once ran only on load and
    on resize, so a formula measured before MathJax's font arrived could end up under its
    number (a flaky failure at 1280 px on section 3.6)."""
    page = tabs[1280].visit(f"{site}/notebooks/ch3/3-5-current-in-a-plasma.html")
    _wait_for_math(page)
    numbered = "[...document.querySelectorAll('article div.math')].filter(d => d.querySelector(':scope > span.eqno'))"
    assert page.evaluate(f"{numbered}.length") >= 3
    stacked = f"{numbered}.filter(d => d.classList.contains('flux-eq-stacked')).length"
    before = page.evaluate(stacked)
    # narrow the article without resizing the window: no resize event fires
    page.evaluate("document.querySelector('article').style.maxWidth = '340px'")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    overlaps = [p for p in page.evaluate(_LAYOUT_JS, 1280) if "overlaps its equation" in p]
    assert not overlaps, "\n".join(overlaps)
    assert page.evaluate(stacked) > before


@pytest.mark.parametrize("page_file", SECTION_PAGES)
def test_scrubbers_move_from_the_keyboard(tabs, site, page_file):
    page = tabs[1280].visit(f"{site}/{page_file}.html")
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


def test_landing_page(tabs, site):
    """The landing page: the figure of the book's one idea (with alt text), one line per
    chapter linking every section with its reading time, and the PDF edition."""
    page = tabs[1280].visit(f"{site}/book/index.html")
    assert "Flux" in page.title()
    figure = page.locator("figure.flux-idea-figure svg[role='img']:visible")
    assert figure.count() == 1, "no figure of the book's idea (or more than one shown)"
    alt = figure.get_attribute("aria-label") or ""
    assert "balance law" in alt and all(t in alt for t in ("1.1", "3.7")), f"alt text: {alt[:200]}"
    lines = page.locator("ul.flux-contents > li")
    assert lines.count() == len({f.split("/")[1] for f in SECTION_PAGES}), "one line per chapter"
    hrefs = page.evaluate(
        "[...document.querySelectorAll('ul.flux-contents a')].map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) == len(SECTION_PAGES), f"every section linked once: {hrefs}"
    for f in SECTION_PAGES:
        assert any(h.split("#")[0].endswith(f.split("/")[-1] + ".html") for h in hrefs), f"{f} missing"
    # each section's reading time is the one its current source gives (computed, not typed)
    text = re.sub(r"\s+", " ", " ".join(lines.all_inner_texts()))
    for f in SECTION_PAGES:
        minutes = reading_minutes(notebook_cells(ROOT / f"{f}.ipynb"))
        number = f.split("/")[-1].split("-", 2)
        assert re.search(rf"{number[0]}\.{number[1]} [^(]*\({minutes} min\)", text), f"{f}: {minutes} min"
    pdf = page.locator("a", has_text="PDF edition")
    assert pdf.count() == 1 and pdf.get_attribute("href").endswith("flux.pdf")
    assert not [e for e in tabs[1280].errors if not _benign(e)]
    assert not tabs[1280].blocked, f"the page reached for the network: {tabs[1280].blocked[:5]}"
    # a phone gets the compact figure, labelled the same way
    phone = tabs[390].visit(f"{site}/book/index.html")
    small = phone.locator("figure.flux-idea-figure svg[role='img']:visible")
    assert small.count() == 1 and small.get_attribute("aria-label") == alt


def test_accessibility_axe(tabs, site):
    """axe-core (from npm, fetched by `make axe`) finds no serious or critical violations."""
    assert AXE.exists(), "axe-core is fetched by `make axe`"
    found = []
    for page_file in PAGES:
        page = tabs[1280].visit(f"{site}/{page_file}.html")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => (await axe.run(document.querySelector('main') || document,"
            " {resultTypes: ['violations']})).violations"
            ".filter(v => ['serious', 'critical'].includes(v.impact))"
            ".map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')')"
        )
        found += [f"{page_file}: {r}" for r in result]
    assert not found, "\n".join(found)
