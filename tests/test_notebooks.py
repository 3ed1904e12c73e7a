"""Every chapter notebook: clean in git, runs top to bottom on a fresh kernel with no error and
no warning, and gives the same outputs as the book build's independent execution."""

from __future__ import annotations

import json
import os
import pathlib
import re

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import NOTEBOOKS, ROOT, notebook_id

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found under notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_notebook_is_clean_in_git(path: pathlib.Path):
    nb = json.loads(path.read_text())
    spec = nb["metadata"].get("kernelspec", {})
    assert spec.get("name") == "python3", f"{path.name}: kernelspec must be the standard python3, got {spec}"
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        assert not cell.get("outputs"), f"{path.name}: cell {i} has outputs committed; clear them"
        assert cell.get("execution_count") is None, f"{path.name}: cell {i} has an execution count"


def _run(path: pathlib.Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    os.environ.pop("FLUXLIB_WIDGETS", None)  # a kernel with a (pretend) front end: live widgets
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return nb


def _comparable(nb) -> list[tuple[int, str]]:
    """The outputs that must agree between two runs: text and LaTeX outside widgets, and stdout."""
    out = []
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code_cells):
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            if WIDGET_MIME in data or "<Panel:" in str(data.get("text/plain", "")):
                continue  # live widget here, static scrubber in the book: compared elsewhere
            for mime in ("text/plain", "text/latex"):
                if mime in data:
                    text = re.sub(r"at 0x[0-9a-f]+", "at 0x…", str(data[mime]))
                    out.append((i, text))
        # stdout may arrive in any number of chunks: compare each cell's stream as one text
        stream = "".join(o["text"] for o in cell.get("outputs", []) if o.get("output_type") == "stream")
        if stream:
            out.append((i, stream))
    return out


_EXECUTED: dict[pathlib.Path, nbformat.NotebookNode] = {}
PAGE_WIDTH = 79  # columns of code and of printed output that fit the book's code column


def _executed(path: pathlib.Path) -> nbformat.NotebookNode:
    if path not in _EXECUTED:
        _EXECUTED[path] = _run(path)
    return _EXECUTED[path]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_notebook_code_fits_the_page(path: pathlib.Path):
    """Code lines fit a 79-column page, so nothing runs past the code column of the book."""
    nb = json.loads(path.read_text())
    long = [
        f"cell {i}: {len(line)} columns: {line[:60]}..."
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if len(line) > PAGE_WIDTH
    ]
    assert not long, f"{path.name}: {len(long)} code lines wider than {PAGE_WIDTH}:\n" + "\n".join(long)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_notebook_runs_clean(path: pathlib.Path):
    nb = _executed(path)
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            assert o.output_type != "error", (
                f"{path.name}: cell {i} raised {o.get('ename')}: {o.get('evalue')}"
            )
            if o.output_type == "stream":
                assert o.name != "stderr", f"{path.name}: cell {i} wrote to stderr:\n{o.text}"
                assert "Warning" not in o.text, f"{path.name}: cell {i} printed a warning:\n{o.text}"
            texts = [o.text] if o.output_type == "stream" else []
            if o.output_type == "execute_result" and set(o.get("data", {})) == {"text/plain"}:
                texts.append(o["data"]["text/plain"])  # shown as plain text on the page
            for text in texts:
                for line in text.splitlines():
                    assert len(line) <= PAGE_WIDTH, (
                        f"{path.name}: cell {i} prints a line of {len(line)} characters "
                        f"(the page fits {PAGE_WIDTH}): {line[:60]}..."
                    )


@pytest.mark.notebooks
@pytest.mark.book
def test_notebooks_match_the_book_build(built_book):
    """The book build ran every notebook in another fresh kernel and cached its outputs
    (jupyter-cache, keyed on the code cells): each run here must give the same outputs."""
    from jupyter_cache import get_cache

    cache = get_cache(str(ROOT / "_build" / ".jupyter_cache"))
    differ = []
    for path in NOTEBOOKS:
        nb = _executed(path)
        try:
            record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            differ.append(f"{path.name}: the book build has no executed copy")
            continue
        other = cache.get_cache_bundle(record.pk).nb
        mine, theirs = _comparable(nb), _comparable(other)
        if mine != theirs:
            first = next(
                (
                    f"cell {a[0]}: {a[1][:80]!r} vs {b[1][:80]!r}"
                    for a, b in zip(mine, theirs, strict=False)
                    if a != b
                ),
                f"{len(mine)} outputs vs {len(theirs)}",
            )
            differ.append(f"{path.name}: outputs differ between two runs, first at {first}")
    assert not differ, "\n".join(differ) + "\n(or the book's cache predates a fluxlib change: make clean)"


BOOK_ONLY_MACROS = re.compile(r"\\(dd|pd|Dx|Dt|kB|flux)(?![a-zA-Z])")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=notebook_id)
def test_notebook_math_renders_in_jupyterlab(path: pathlib.Path):
    """The book defines a few MathJax macros; JupyterLab does not know them, so notebooks spell math out."""
    nb = json.loads(path.read_text())
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            m = BOOK_ONLY_MACROS.search("".join(cell["source"]))
            assert not m, f"{path.name}: cell {i} uses the book-only macro \\{m.group(1)}"
