"""The PDF edition: `make pdf` builds _build/pdf/flux.pdf through LaTeX (xelatex).

The build runs once per session (`built_pdf`); the checks read its text with pdftotext:
every title of the table of contents, numbered equations, no unresolved reference ("??"), no
raw LaTeX, no traceback, every interactive figure with its live-version note, the solutions
appendix and the bibliography. A few unit tests of the pieces run without LaTeX.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT, run_build

PDF = ROOT / "_build" / "pdf" / "flux.pdf"
LOG = ROOT / "_build" / "latex" / "flux.log"


# --- what the book's sources say the PDF must contain --------------------------------------
def _toc() -> tuple[list[str], list[str]]:
    """(part captions, page files) of _toc.yml, root first."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files, captions = [toc["root"]], []
    for part in toc.get("parts", []):
        captions.append(part["caption"])
        for ch in part.get("chapters", []):
            files.append(ch["file"])
            files += [s["file"] for s in ch.get("sections", [])]
    return captions, files


def _markdown(file: str) -> str:
    """The Markdown of a page (.md, or the Markdown cells of a notebook)."""
    md = ROOT / f"{file}.md"
    if md.exists():
        return md.read_text()
    nb = json.loads((ROOT / f"{file}.ipynb").read_text())
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def _headings(markdown: str) -> list[str]:
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (m := re.match(r"^#{1,4}\s+(.+?)\s*$", line)):
            out.append(m.group(1))
    return out


def _plain(title: str) -> str | None:
    """A heading as pdftotext will show it, or None if it holds math (typeset differently)."""
    if "$" in title or "{" in title:
        return None
    title = title.replace("`", "").replace("**", "").replace("*", "")
    # LaTeX prints a page's number apart: "1.1 The accountant's rule" -> "Section 1.1", title
    title = re.sub(r"^\d+\.\d+\s+", "", title)
    title = re.sub(r"^Chapter \d+:\s*", "", title)
    return _norm(title)


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2010", "-").replace("\u2011", "-").replace("\ufb01", "fi").replace("\ufb02", "fl")
    return re.sub(r"\s+", " ", text).strip()


def _count_solutions() -> int:
    _, files = _toc()
    return sum(len(re.findall(r"^:::+\{solution\}", _markdown(f), re.M)) for f in files)


# --- unit tests (no LaTeX needed) ------------------------------------------------------------
def _panel():
    from fluxlib.plotting.base import PlotHandle
    from fluxlib.widgets import Panel, Slider

    def setup(fig):
        ax = fig.add_subplot()
        (line,) = ax.plot([0, 1], [0, 1])
        return PlotHandle(
            fig, (ax,), {"line": line}, animated=[line], update=lambda h, a: h["line"].set_ydata([0, a])
        )

    def update(handle, a):
        handle.update(a)
        return f"slope {a:g} 1/m"

    return Panel([Slider("a", "slope a", 0.5, 4.0, 2.0, unit="1/m")], setup, update, alt="a rising line")


def test_static_panel_offers_its_default_frame_for_print(monkeypatch):
    from fluxlib.widgets.base import panel_info

    monkeypatch.setenv("FLUXLIB_WIDGETS", "static")
    bundle = _panel()._repr_mimebundle_()
    # HTML is unchanged: the same scrubber as before
    assert bundle["text/html"] == _panel().static_html()
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    info = panel_info(png)
    assert info is not None
    assert info["alt"] == "a rising line"
    assert info["note"] == "slope 2 1/m", "the sentence beneath the figure at the defaults"
    assert info["settings"] == "slope a = 2 1/m"


def test_panel_info_is_none_for_an_ordinary_figure():
    from fluxlib.plotting.base import new_figure, png_bytes
    from fluxlib.widgets.base import panel_info

    fig, ax = new_figure()
    ax.plot([0, 1], [1, 0])
    assert panel_info(png_bytes(fig)) is None
    assert panel_info(b"GIF89a") is None


def test_text_groups_are_escaped_for_latex():
    from fluxlib.sphinx_pdf import _escape_text_groups

    src = r"\text{average of (1 - r/R)^q with J_b:} \\ x^{2}_1 = \text{a {b_c}}"
    out = _escape_text_groups(src)
    assert out == r"\text{average of (1 - r/R)\textasciicircum{}q with J\_b:} \\ x^{2}_1 = \text{a {b\_c}}"


# --- the built PDF ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def built_pdf() -> str:
    """Run `make pdf` once; return the PDF's text (pdftotext, reading order)."""
    for tool in ("make", "xelatex", "latexmk", "pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            pytest.fail(f"`make pdf` needs {tool} (Debian packages: see .ci/run)")
    run_build(["make", "pdf", f"PYTHON={sys.executable}"], "make pdf", timeout=2400)
    assert PDF.is_file() and PDF.stat().st_size > 100_000, "no _build/pdf/flux.pdf"
    return subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True).stdout


def _pages() -> int:
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.mark.pdf
def test_pdf_is_also_in_the_html_site(built_pdf):
    copy = ROOT / "_build" / "html" / "flux.pdf"
    assert copy.is_file() and copy.read_bytes() == PDF.read_bytes(), "landing page links to flux.pdf"


@pytest.mark.pdf
def test_every_title_of_the_toc_is_in_the_pdf(built_pdf):
    text = _norm(built_pdf)
    captions, files = _toc()
    missing = []
    for title in captions + [h for f in files for h in _headings(_markdown(f))]:
        plain = _plain(title)
        if plain and plain not in text:
            missing.append(title)
    assert not missing, f"titles missing from the PDF: {missing}"
    for caption in captions:
        if m := re.match(r"Chapter (\d+):", caption):
            assert f"Chapter {m.group(1)}" in text
    for f in files:
        if m := re.match(r"#\s+(\d+\.\d+)\s", _markdown(f).lstrip()):
            assert f"Section {m.group(1)}" in text, f"{f}: no 'Section {m.group(1)}' heading"


@pytest.mark.pdf
def test_no_unresolved_references_raw_latex_or_tracebacks(built_pdf):
    assert "??" not in built_pdf, "an unresolved cross-reference or citation"
    raw = re.findall(
        r"\\(?:frac|begin|end|text|mathrm|partial|left|right|label|ref|cite|hline)\b|\$\$|\\\(|\\\[",
        built_pdf,
    )
    assert not raw, f"raw LaTeX in the PDF text: {sorted(set(raw))}"
    assert "Traceback" not in built_pdf
    assert not re.search(r"\b\w*Warning:", built_pdf), "warning text in the PDF"
    assert not re.search(r"<(?:div|img|script|figure)\b", built_pdf), "raw HTML in the PDF"


@pytest.mark.pdf
def test_every_glyph_is_in_the_fonts(built_pdf):
    missing = sorted(set(re.findall(r"Missing character: There is no (.)", LOG.read_text(errors="replace"))))
    assert not missing, f"characters the PDF's fonts lack (printed as nothing): {missing}"


@pytest.mark.pdf
def test_page_count_is_sane(built_pdf):
    _, files = _toc()
    pages = _pages()
    # a few pages per section at least, and no runaway (a figure per page, verbatim dumps)
    assert 3 * len(files) <= pages <= 15 * len(files), f"{pages} pages for {len(files)} pages of the book"


@pytest.mark.pdf
def test_equations_are_numbered_and_referenced(built_pdf):
    numbers = re.findall(r"\((\d+\.\d+\.\d+)\)", built_pdf)
    assert "1.1.1" in numbers, "equations are numbered by section: (1.1.1)"
    # {eq} references print the same numbers: each appears at least twice (label, reference)
    repeated = {n for n in numbers if numbers.count(n) > 1}
    assert len(repeated) >= 5, "cross-references to equations"


@pytest.mark.pdf
def test_every_interactive_figure_has_its_default_frame_and_live_note(built_pdf):
    from fluxlib.sphinx_pdf import LIVE_NOTE

    text = _norm(built_pdf)
    _, files = _toc()
    notebooks = [f for f in files if f.startswith("notebooks/")]
    notes = text.count(_norm(LIVE_NOTE))
    assert notes >= len(notebooks), f"{notes} live-version notes for {len(notebooks)} sections"
    assert "flux-textbook.github.io/flux/notebooks/ch1/1-1-accountants-rule.html" in built_pdf.replace(
        "\n", ""
    )
    images = subprocess.run(["pdfimages", "-list", str(PDF)], capture_output=True, text=True, check=True)
    count = len(images.stdout.splitlines()) - 2
    assert count >= 2 * len(notebooks), f"{count} images: every section has its figures and its panel"
    assert len(re.findall(r"Fig\. \d+\.\d+\.\d+:", built_pdf)) >= len(notebooks), "captioned figures"


@pytest.mark.pdf
def test_solutions_are_in_an_appendix(built_pdf):
    text = _norm(built_pdf)
    start = text.rfind("Appendix A Solutions to the exercises")
    assert start > 0, "no solutions appendix"
    body, appendix = text[:start], text[start:]
    solutions = _count_solutions()
    assert solutions > 0
    assert not re.search(r"Solution to Exercise \d", body), "a solution left inline"
    answered = re.findall(r"Solution to Exercise (\d+)", appendix)
    assert len(answered) == solutions, f"{len(answered)} solutions in the appendix, {solutions} in the book"
    asked = set(re.findall(r"Exercise (\d+) \(", body))
    assert set(answered) <= asked, "each solution names an exercise of the book"
    assert body.count("Solution: page") == solutions, "each exercise points to its solution's page"


@pytest.mark.pdf
def test_bibliography_closes_the_book(built_pdf):
    text = _norm(built_pdf)
    appendix = text.rfind("Appendix A Solutions to the exercises")
    assert appendix > 0
    heading = text.find("References", appendix)
    assert heading > 0, "the bibliography (titled like the references page) follows the appendix"
    bib = text[heading:]
    entries = re.findall(r"@\w+\{([^,]+),(.*?)\n\}", (ROOT / "references.bib").read_text(), re.S)
    assert entries
    for key, body in entries:
        author = re.search(r"\bauthor\s*=\s*\{(.*?)\},?\s*$", body, re.M)
        if author is None:
            continue
        first = author.group(1).split(" and ")[0].strip()
        if "\\" in first or "{" in first:
            continue  # accents and institutional authors are typeset, not quoted
        surname = first.split(",")[0] if "," in first else first.split()[-1]
        assert _norm(surname) in bib, f"{key}: {surname} is missing from the bibliography"


@pytest.mark.pdf
def test_pages_render(built_pdf, tmp_path):
    """pdftoppm draws the title page and the first page of the solutions with ink on them."""
    from PIL import Image

    pages = _pages()
    for page in (1, pages):
        out = tmp_path / f"p{page}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "30", "-f", str(page), "-l", str(page), str(PDF), str(out)],
            check=True,
        )
        (png,) = tmp_path.glob(f"p{page}*.png")
        lo, hi = Image.open(png).convert("L").getextrema()
        assert lo < 100 < hi, f"page {page} is blank"
