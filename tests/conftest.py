"""Shared fixtures: the notebooks of the book and one book build per test session."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(
    p
    for p in (ROOT / "notebooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts and "assignments" not in p.parts
)


def notebook_prose(stem: str) -> str:
    """The Markdown cells of the chapter notebook whose file name starts with ``stem``, joined,
    with every run of whitespace made one space (a pinned phrase may cross a line break)."""
    import nbformat

    (path,) = sorted((ROOT / "notebooks").glob(f"ch*/{stem}*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    return " ".join(" ".join(c.source for c in nb.cells if c.cell_type == "markdown").split())


def notebook_id(path: pathlib.Path) -> str:
    return str(path.relative_to(ROOT / "notebooks"))


def run_build(cmd: list[str], what: str, *, timeout: float) -> None:
    """Run a book build as the build would run outside tests (no widget mode forced); fail with
    the tail of its log."""
    env = {k: v for k, v in os.environ.items() if k != "FLUXLIB_WIDGETS"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)
    log = proc.stdout[-6000:] + proc.stderr[-6000:]
    assert proc.returncode == 0, f"{what} failed:\n{log}"


@pytest.fixture(scope="session")
def built_book() -> pathlib.Path:
    """Build the book once (jupyter-cache reuses unchanged executions) and return _build/html."""
    jb = pathlib.Path(sys.executable).with_name("jupyter-book")
    # --all: re-read every page, so pages are never rendered from an older build's doctrees
    run_build(
        [str(jb), "build", str(ROOT), "--all", "--warningiserror", "--keep-going"],
        "book build",
        timeout=1800,
    )
    return ROOT / "_build" / "html"


# Files whose tests build assignments, grade in the sandbox, drive a browser or JupyterLab, or
# build the PDF: left out of `make test-fast` (marked slow), run in full by `make test`.
_SLOW_FILES = ("test_coursework", "test_grading", "test_assignments", "test_jupyterlab", "test_pdf")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        stem = item.path.stem
        if stem.startswith(_SLOW_FILES):
            item.add_marker(pytest.mark.slow)
            if stem.startswith(("test_coursework", "test_grading", "test_assignments")):
                item.add_marker(pytest.mark.coursework)
