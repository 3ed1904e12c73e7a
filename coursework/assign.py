"""Build the seeded otter-grader assignments: ``make assignments [SEED=<int>] [STUDENTS=<file>]``.

The masters in ``notebooks/assignments/<name>/<name>.ipynb`` are public, solutions and hidden
tests included, so their numbers cannot be the ones a course grades. Each master is a template:

* its parameter cell (tagged ``parameters``) assigns every drawn quantity, one per line, each
  line ending in a ``# drawn`` comment; hidden tests repeat the values they need on lines that
  end the same way. The builder rewrites every ``name[, name...] = ...  # drawn`` line with
  the values drawn from the seed by the assignment's spec (:mod:`coursework.questions`);
* its markdown names the values as ``{{name}}`` placeholders (parameters, and the derived
  numbers of a model answer), which the builder fills in.

The master as committed holds the values of :data:`coursework.questions.PUBLIC_SEED`, so it
runs as it is. For every assignment the builder

1. draws the parameters from the course seed (``--seed``, default the public seed), rewrites
   the ``# drawn`` lines and executes the result under ``_build/assignments/<name>/master/``
   (each test cell calls its test function, so a solution that fails its own tests at the
   drawn values stops the build);
2. runs ``otter assign`` on it: ``autograder/`` gets otter's autograder zip (also copied to
   ``autograder/autograder.zip``; its hidden tests compute the expected answers with fluxlib
   at the course's drawn values) and the solution notebook ``<name>.ipynb``;
3. writes the student copy ``student/<name>.ipynb`` stating the drawn values in its text and
   its parameter cell, or with ``--students FILE`` (one id per line) one copy per student,
   ``student/<id>.ipynb``, drawn from :meth:`AssignmentSpec.seed_for` (course seed, id);
4. checks that no student copy holds a solution, a hidden test or an unfilled placeholder;
5. writes ``course.json``: ``{"seed": <course seed>, "per_student": <bool>}``, which the
   grader reads to recompute each submission's expected values.

A student copy never shows a course's seed (whoever knows it can render the public solution
at it); the public build says it is the public seed. Keep ``course.json`` and the
autograder directory private.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from coursework.questions import PUBLIC_SEED, AssignmentSpec, load

ROOT = Path(__file__).resolve().parents[1]
MASTERS = ROOT / "notebooks" / "assignments"
OUT = ROOT / "_build" / "assignments"
OTTER = Path(sys.executable).with_name("otter")

# Strings that only a solution or a hidden test contains.
LEAK_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "Model answer", "BEGIN TEST CONFIG", "hidden: true")

#: ``names = values  # drawn ...`` on one line: the values are rewritten from the seed.
DRAWN = re.compile(
    r"^(?P<indent>[ \t]*)(?P<names>[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)[ \t]*=[ \t]*"
    r"(?P<rhs>[^#\n]*?)[ \t]*(?P<comment>#[ \t]*drawn\b[^\n]*)$",
    re.MULTILINE,
)
#: ``{{name}}`` in markdown: a drawn or derived value.
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*\}\}")
#: a student id usable as a file name.
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")


def masters() -> dict[str, Path]:
    """Master notebooks by assignment name: ``<name>/<name>.ipynb`` under notebooks/assignments."""
    found = {p.stem: p for p in sorted(MASTERS.glob("*/*.ipynb")) if p.stem == p.parent.name}
    if not found:
        raise SystemExit(f"no master notebooks in {MASTERS}")
    return found


# --------------------------------------------------------------------------- rendering
def render_code(source: str, params: Mapping[str, Any]) -> str:
    """Rewrite every ``names = ...  # drawn`` line of ``source`` with the values in ``params``."""
    for line in source.splitlines():
        if re.search(r"#[ \t]*drawn\b", line) and not DRAWN.match(line):
            raise ValueError(f"a '# drawn' line must be 'name[, name] = values  # drawn': {line!r}")

    def sub(m: re.Match[str]) -> str:
        names = [n.strip() for n in m["names"].split(",")]
        unknown = [n for n in names if n not in params]
        if unknown:
            raise ValueError(f"'# drawn' line names unknown parameters {unknown}: {m[0].strip()!r}")
        rhs = ", ".join(repr(params[n]) for n in names)
        return f"{m['indent']}{m['names']} = {rhs}  {m['comment']}"

    return DRAWN.sub(sub, source)


def render_text(source: str, values: Mapping[str, str]) -> str:
    """Fill every ``{{name}}`` of ``source`` from ``values`` (an unknown name is an error)."""

    def sub(m: re.Match[str]) -> str:
        if m[1] not in values:
            raise ValueError(f"placeholder {{{{{m[1]}}}}} names no parameter or derived value")
        return values[m[1]]

    return PLACEHOLDER.sub(sub, source)


def seed_note(seed: int, student: str | None) -> str:
    """The sentence of the introduction that says whose numbers these are (never a course seed)."""
    if student is not None:
        return f"These numbers were drawn for you (student `{student}`); your classmates have others."
    if seed == PUBLIC_SEED:
        return (
            f"These are the public numbers (seed {PUBLIC_SEED}, the default of `make assignments`); "
            "a course that builds its copies with its own seed, `make assignments SEED=...`, "
            "gets other numbers."
        )
    return "These numbers were drawn for your course."


def render(
    nb: nbformat.NotebookNode,
    spec: AssignmentSpec,
    params: Mapping[str, Any],
    *,
    code: bool = True,
    text: str | None = None,
) -> nbformat.NotebookNode:
    """A copy of ``nb`` at ``params``: ``# drawn`` code lines if ``code``, and the markdown
    placeholders if ``text`` (the introduction's seed note) is given."""
    out = copy.deepcopy(nb)
    values = {**spec.values(params), "seed_note": text or ""}
    for cell in out.cells:
        if cell.cell_type == "code" and code:
            cell.source = render_code(cell.source, params)
        elif cell.cell_type == "markdown" and text is not None:
            cell.source = render_text(cell.source, values)
    return out


# --------------------------------------------------------------------------- checks
def hidden_tests(zip_path: Path) -> list[str]:
    """Names of the hidden test functions in an otter autograder zip."""
    names = []
    with zipfile.ZipFile(zip_path) as zf:
        for member in zf.namelist():
            if member.startswith("tests/") and member.endswith(".py"):
                for node in ast.walk(ast.parse(zf.read(member))):
                    if isinstance(node, ast.FunctionDef) and any(
                        isinstance(d, ast.Call)
                        and any(k.arg == "hidden" and getattr(k.value, "value", False) for k in d.keywords)
                        for d in node.decorator_list
                    ):
                        names.append(node.name)
    return names


def check_student(notebook: Path, solution: Path, hidden: list[str] | None = None) -> None:
    """Fail if the student notebook shows a solution line, a hidden test or a placeholder."""
    text = notebook.read_text()
    leaks = [m for m in LEAK_MARKERS if m in text]
    leaks += [f"hidden test {name}" for name in hidden or () if name in text]
    nb = nbformat.read(notebook, as_version=4)
    student_src = {c.source for c in nb.cells}
    leaks += [
        f"unfilled {m[0]}"
        for c in nb.cells
        if c.cell_type == "markdown"
        for m in PLACEHOLDER.finditer(c.source)
    ]
    sol = nbformat.read(solution, as_version=4)
    # every solution code line that was replaced must be absent from the student version
    student_code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for cell in sol.cells:
        if cell.cell_type == "code" and cell.source not in student_src and "grader" not in cell.source:
            lines = [
                line
                for line in cell.source.splitlines()
                if "=" in line and line.strip() and "# drawn" not in line
            ]
            if lines and all(line in student_code for line in lines):
                leaks.append(f"solution cell kept verbatim: {cell.source[:60]!r}")
    if leaks:
        raise SystemExit(f"{notebook}: student version leaks {leaks}")


def read_students(path: Path) -> list[str]:
    """Student ids, one per line (blank lines and ``#`` comments skipped); ids are file names."""
    ids = []
    for raw in path.read_text().splitlines():
        sid = raw.split("#", 1)[0].strip()
        if not sid:
            continue
        if not STUDENT_ID.match(sid) or sid in (".", ".."):
            raise SystemExit(
                f"{path}: student id {sid!r} is not usable as a file name (letters, digits, ._@+-)"
            )
        ids.append(sid)
    if len(set(ids)) != len(ids):
        raise SystemExit(f"{path}: a student id is listed twice")
    if not ids:
        raise SystemExit(f"{path}: no student ids")
    return ids


# --------------------------------------------------------------------------- build
def build(
    name: str,
    master: Path,
    seed: int = PUBLIC_SEED,
    students: list[str] | None = None,
    out: Path = OUT,
) -> Path:
    """Build one assignment at the course ``seed`` into ``out/<name>`` (per-student copies
    if ``students``)."""
    spec = load(name)
    params = spec.draw(seed)
    dest = out / name
    shutil.rmtree(dest, ignore_errors=True)
    work = dest / "master"
    shutil.copytree(master.parent, work)
    shutil.copy(MASTERS / "requirements.txt", dest / "requirements.txt")
    nb = render(nbformat.read(master, as_version=4), spec, params, code=True, text=None)
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

    # the solution notebook (instructors only) and the student copies, text filled in
    solution = dest / "autograder" / f"{name}.ipynb"
    course_text = seed_note(seed, None)
    nbformat.write(
        render(nbformat.read(solution, as_version=4), spec, params, code=False, text=course_text), solution
    )
    template_path = dest / "student" / f"{name}.ipynb"
    template = nbformat.read(template_path, as_version=4)
    template_path.unlink()
    copies: dict[str, nbformat.NotebookNode] = {}
    if students is None:
        student_nb = render(template, spec, params, code=False, text=course_text)
        student_nb.metadata["flux_assignment"] = {"name": name, "student": None}
        copies[name] = student_nb
    else:
        for sid in students:
            mine = spec.draw(spec.seed_for(seed, sid))
            student_nb = render(template, spec, mine, code=True, text=seed_note(seed, sid))
            student_nb.metadata["flux_assignment"] = {"name": name, "student": sid}
            copies[sid] = student_nb
    for stem, student_nb in copies.items():
        path = dest / "student" / f"{stem}.ipynb"
        nbformat.write(student_nb, path)
        check_student(path, solution, hidden_tests(dest / "autograder" / "autograder.zip"))
    for test in (dest / "student").glob("tests/*.py"):
        if any(m in test.read_text() for m in (*LEAK_MARKERS, "# drawn")):
            raise SystemExit(f"{test}: a public test file holds a hidden test or drawn values")
    (dest / "course.json").write_text(json.dumps({"seed": int(seed), "per_student": students is not None}))
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="assignments to build (default: all)")
    parser.add_argument(
        "--seed",
        type=int,
        default=PUBLIC_SEED,
        help=f"the course seed: keep it private (default {PUBLIC_SEED}, the public numbers)",
    )
    parser.add_argument(
        "--students", type=Path, help="file of student ids, one per line: one variant per student"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    args = parser.parse_args(argv)
    students = read_students(args.students) if args.students else None
    found = masters()
    summary = {}
    for name in args.names or found:
        if name not in found:
            raise SystemExit(f"unknown assignment {name!r}; have {sorted(found)}")
        t0 = time.perf_counter()
        build(name, found[name], args.seed, students, args.out)
        summary[name] = round(time.perf_counter() - t0, 1)
        who = f", {len(students)} student copies" if students else ""
        print(f"{name}: built in {summary[name]} s{who} -> {args.out / name}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "built.json").write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
