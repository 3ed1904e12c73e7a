"""The built book: every page in the table of contents exists, shows figures and rendered math,
no traceback or warning text, and no widget that would be dead without a kernel."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import ROOT


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for ch in part.get("chapters", []):
            files.append(ch["file"])
            files += [s["file"] for s in ch.get("sections", [])]
    return files


def test_toc_lists_only_existing_files():
    for f in _toc_files():
        matches = [p for p in ROOT.glob(f + ".*") if p.suffix in (".md", ".ipynb")]
        assert matches, f"_toc.yml lists {f}, which does not exist (no placeholder pages)"


def test_every_notebook_is_in_the_toc():
    listed = set(_toc_files())
    for nb in (ROOT / "notebooks").rglob("*.ipynb"):
        if "assignments" in nb.parts or ".ipynb_checkpoints" in nb.parts:
            continue
        rel = str(nb.relative_to(ROOT).with_suffix(""))
        assert rel in listed, f"{rel} is not in _toc.yml"


@pytest.mark.book
def test_book_pages(built_book):
    for f in _toc_files():
        page = built_book / (f + ".html")
        assert page.exists(), f"{page} was not built"
        html = page.read_text()
        body = html.split("<main", 1)[-1]
        assert "Traceback" not in body, f"{f}: a traceback is printed on the page"
        assert not re.search(r"\b\w*Warning:", body), f"{f}: warning text on the page"
        assert "application/vnd.jupyter.widget-view+json" not in body, (
            f"{f}: a live widget with no kernel behind it"
        )
        if f.startswith("notebooks/"):
            assert "<img" in body, f"{f}: no figure"
            assert "math" in body and ("\\begin{array}" in body or "\\frac" in body), (
                f"{f}: no displayed math"
            )
            assert 'class="flux-scrubber"' in body, f"{f}: no scrubber for the interactive figure"
            assert "exercise" in body, f"{f}: no exercises"


@pytest.mark.book
def test_bibliography_shows_no_raw_latex(built_book):
    # pybtex passes unknown commands and $math$ through as text, and the theme does not
    # typeset the bibliography: a title once read "module \texttt fluids/friction.py", another
    # "R$_2$Fe$_14$B"
    html = (built_book / "book" / "references.html").read_text()
    body = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[-1])
    raw = sorted(set(re.findall(r"\\[A-Za-z]+|\$[^$\s][^$]*\$", body)))
    assert not raw, f"LaTeX printed as text in the bibliography (it is not typeset there): {raw}"
