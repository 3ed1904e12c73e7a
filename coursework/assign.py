"""Build the otter-grader assignments: ``make assignments`` (``python -m coursework.assign``).

For every master notebook ``notebooks/assignments/<name>/<name>.ipynb`` this

1. executes the master in a copy under ``_build/assignments/<name>/master/`` (each test cell
   calls its test function, so a solution that fails its own tests stops the build);
2. runs ``otter assign`` on the executed copy;
3. writes ``_build/assignments/<name>/student/<name>.ipynb`` (no solutions, no hidden tests)
   and ``_build/assignments/<name>/autograder/`` (otter's autograder zip and ``<name>.ipynb``,
   the solution notebook);
4. checks that the student notebook holds no solution and no hidden test.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
MASTERS = ROOT / "notebooks" / "assignments"
OUT = ROOT / "_build" / "assignments"
OTTER = Path(sys.executable).with_name("otter")

# Strings that only a solution or a hidden test contains.
LEAK_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "Model answer", "BEGIN TEST CONFIG", "hidden: true")


def masters() -> dict[str, Path]:
    """Master notebooks by assignment name: ``<name>/<name>.ipynb`` under notebooks/assignments."""
    found = {p.stem: p for p in sorted(MASTERS.glob("*/*.ipynb")) if p.stem == p.parent.name}
    if not found:
        raise SystemExit(f"no master notebooks in {MASTERS}")
    return found


def check_student(notebook: Path, solution: Path) -> None:
    """Fail if the student notebook shows a solution line or a hidden test."""
    text = notebook.read_text()
    leaks = [m for m in LEAK_MARKERS if m in text]
    student_src = {c.source for c in nbformat.read(notebook, as_version=4).cells}
    sol = nbformat.read(solution, as_version=4)
    # every solution code line that was replaced must be absent from the student version
    for cell in sol.cells:
        if cell.cell_type == "code" and cell.source not in student_src and "grader" not in cell.source:
            for line in cell.source.splitlines():
                if "=" in line and line.strip() and line not in text:
                    break
            else:
                leaks.append(f"solution cell kept verbatim: {cell.source[:60]!r}")
    if leaks:
        raise SystemExit(f"{notebook}: student version leaks {leaks}")


def build(name: str, master: Path) -> Path:
    dest = OUT / name
    shutil.rmtree(dest, ignore_errors=True)
    work = dest / "master"
    shutil.copytree(master.parent, work)
    shutil.copy(MASTERS / "requirements.txt", dest / "requirements.txt")
    nb = nbformat.read(work / master.name, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    ).execute()
    nbformat.write(nb, work / master.name)
    dist = dest / "dist"
    subprocess.run(
        [str(OTTER), "assign", "--no-pdfs", "--no-run-tests", master.name, str(dist)], cwd=work, check=True
    )
    (dist / "student").rename(dest / "student")
    (dist / "autograder").rename(dest / "autograder")
    shutil.rmtree(dist)
    zips = sorted((dest / "autograder").glob("*autograder*.zip"))
    if len(zips) != 1:
        raise SystemExit(f"{name}: expected one autograder zip, found {zips}")
    shutil.copy(zips[0], dest / "autograder" / "autograder.zip")
    check_student(dest / "student" / f"{name}.ipynb", dest / "autograder" / f"{name}.ipynb")
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="assignments to build (default: all)")
    args = parser.parse_args(argv)
    found = masters()
    summary = {}
    for name in args.names or found:
        if name not in found:
            raise SystemExit(f"unknown assignment {name!r}; have {sorted(found)}")
        t0 = time.perf_counter()
        build(name, found[name])
        summary[name] = round(time.perf_counter() - t0, 1)
        print(f"{name}: built in {summary[name]} s -> {OUT / name}")
    (OUT / "built.json").write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
