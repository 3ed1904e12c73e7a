"""Grade submissions of an assignment: ``make grade ASSIGNMENT=<name> SUBMISSIONS=<folder>``.

Every ``.ipynb`` in the folder is graded with ``otter run`` inside a bubblewrap sandbox
(:mod:`coursework.sandbox`), several at a time, each with a wall-clock timeout and a memory
limit. The answers a notebook leaves behind are exported to JSON by a cell appended to it and
re-graded in a fresh sandboxed interpreter (:mod:`coursework.recheck`); a submission whose
otter score differs from the re-graded one is flagged ``tampered?`` (its code ran in the same
kernel as otter's tests and may have changed them). Writes ``<folder>/grades.csv`` with
columns ``submission``, one per question (manual questions left blank for the instructor),
``total``, ``status`` and ``note``, and otter's per-submission results in
``<folder>/grading-results/``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from coursework import sandbox

ROOT = Path(__file__).resolve().parents[1]
BUILT = ROOT / "_build" / "assignments"
MASTERS = ROOT / "notebooks" / "assignments"
PY = str(Path(os.sys.executable))

EXPORT_CELL = """\
# Appended by the grader: export the answers for an independent re-check.
def __flux_export(names, path="/sub/export.json"):
    import json as _json
    import numbers as _numbers

    out = {}
    for _name in names:
        if _name not in globals():
            continue
        _v = globals()[_name]
        try:
            if isinstance(_v, bool) or isinstance(_v, _numbers.Real):
                out[_name] = {"t": "num", "v": float(_v)}
            elif isinstance(_v, str):
                out[_name] = {"t": "str", "v": _v}
            elif type(_v).__module__.startswith("sympy"):
                import sympy as _sympy

                out[_name] = {"t": "sympy", "v": _sympy.srepr(_v)}
            elif type(_v).__module__ == "numpy":
                import numpy as _np

                out[_name] = {"t": "array", "v": _np.asarray(_v, dtype=float).tolist()}
        except Exception:
            pass
    with open(path, "w") as _f:
        _json.dump(out, _f)


__flux_export({names!r})
"""


@dataclass
class Question:
    name: str
    points: float
    manual: bool


@dataclass
class Result:
    submission: str
    scores: dict[str, float] = field(default_factory=dict)
    status: str = "graded"
    note: str = ""
    seconds: float = 0.0


def questions(name: str) -> list[Question]:
    """All questions of an assignment, from the master's ``BEGIN QUESTION`` cells."""
    nb = nbformat.read(MASTERS / name / f"{name}.ipynb", as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type == "raw" and cell.source.lstrip().startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(cell.source.split("\n", 1)[1])
            found.append(
                Question(str(config["name"]), float(config.get("points", 0)), bool(config.get("manual")))
            )
    return found


def answer_names(zip_path: Path) -> list[str]:
    """The global names the tests read: the parameters of every test function."""
    import ast

    names: set[str] = set()
    with zipfile.ZipFile(zip_path) as zf:
        for member in zf.namelist():
            if member.startswith("tests/") and member.endswith(".py"):
                for node in ast.walk(ast.parse(zf.read(member))):
                    if isinstance(node, ast.FunctionDef):
                        names.update(a.arg for a in node.args.args)
    return sorted(names)


def grade_one(
    path: Path, zip_path: Path, names: list[str], timeout: float, memory_mb: int, keep: Path
) -> Result:
    result = Result(path.name)
    t0 = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="flux-grade-"))
    try:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # noqa: BLE001 - a broken file is scored, not fatal
            result.status, result.note = "unreadable", f"{type(exc).__name__}: {exc}"[:200]
            return result
        nb.cells.append(nbformat.v4.new_code_cell(EXPORT_CELL.replace("{names!r}", repr(names))))
        nbformat.write(
            nb, scratch / f"{zip_path.parent.parent.name}.ipynb"
        )  # the name otter.Notebook expects
        (scratch / "out").mkdir()
        ro = {zip_path: "/autograder/autograder.zip"}
        run = sandbox.run(
            [
                PY,
                "-m",
                "otter",
                "run",
                "--no-logo",
                "-a",
                "/autograder/autograder.zip",
                "-o",
                "/sub/out",
                f"/sub/{zip_path.parent.parent.name}.ipynb",
            ],
            scratch,
            ro=ro,
            timeout=timeout,
            memory_mb=memory_mb,
        )
        elapsed = time.perf_counter() - t0
        results = scratch / "out" / "results.json"
        if run.timed_out:
            result.status, result.note = "timeout", f"stopped after {timeout:g} s; scored 0"
            return result
        if run.returncode != 0 or not results.is_file():
            result.status = "error"
            result.note = (run.stderr.strip().splitlines() or ["otter run failed"])[-1][:200]
            return result
        shutil.copy(results, keep / f"{path.stem}.json")
        for test in json.loads(results.read_text()).get("tests", []):
            if "score" in test and test.get("name") != "Public Tests":
                result.scores[test["name"]] = float(test["score"])
        # independent re-check in a fresh interpreter, scratch read-only
        if (scratch / "export.json").is_file():
            again = sandbox.run(
                [
                    PY,
                    str(ROOT / "coursework" / "recheck.py"),
                    "/autograder/autograder.zip",
                    "/sub/export.json",
                ],
                scratch,
                ro=ro,
                timeout=max(30.0, timeout - elapsed),
                memory_mb=memory_mb,
                writable=False,
            )
            try:
                rechecked = json.loads(again.stdout.strip().splitlines()[-1])
            except (IndexError, ValueError):
                rechecked = None
                result.status = "tampered?"
                result.note = "the re-check failed: " + (again.stderr.strip().splitlines() or ["?"])[-1][:150]
                return result
        else:
            rechecked = None
        if rechecked is None:
            result.note = "answers not exported (did a cell fail?): otter scores kept, not re-checked"
        elif any(abs(rechecked.get(q, 0.0) - s) > 1e-9 for q, s in result.scores.items()):
            result.status = "tampered?"
            result.note = (
                f"otter scores {result.scores} differ from a fresh re-check {rechecked}; fresh scores kept"
            )
            result.scores = {q: float(rechecked.get(q, 0.0)) for q in result.scores}
        return result
    finally:
        result.seconds = round(time.perf_counter() - t0, 1)
        shutil.rmtree(scratch, ignore_errors=True)


def grade(name: str, folder: Path, *, timeout: float, memory_mb: int, jobs: int) -> Path:
    zip_path = BUILT / name / "autograder" / "autograder.zip"
    if not zip_path.is_file():
        raise SystemExit(f"{zip_path} is missing: run `make assignments` first")
    folder = folder.resolve()
    subs = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if not subs:
        raise SystemExit(f"no .ipynb submissions in {folder}")
    qs = questions(name)
    names = answer_names(zip_path)
    keep = folder / "grading-results"
    keep.mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda p: grade_one(p, zip_path, names, timeout, memory_mb, keep), subs))
    out = folder / "grades.csv"
    with out.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["submission", *(q.name for q in qs), "total", "status", "note"])
        for r in results:
            row = ["" if q.manual else f"{r.scores.get(q.name, 0.0):g}" for q in qs]
            total = sum(r.scores.get(q.name, 0.0) for q in qs if not q.manual)
            w.writerow([r.submission, *row, f"{total:g}", r.status, r.note])
            print(f"{r.submission}: {total:g} ({r.status}, {r.seconds} s) {r.note}")
    possible = sum(q.points for q in qs if not q.manual)
    manual = [q.name for q in qs if q.manual]
    print(
        f"{out}: {len(results)} submissions, out of {possible:g} autograded points; manual: {', '.join(manual) or 'none'}"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Grade every .ipynb in a folder in a sandbox.")
    parser.add_argument("assignment")
    parser.add_argument("submissions", type=Path)
    parser.add_argument(
        "--timeout",
        type=float,
        default=float(os.environ.get("GRADE_TIMEOUT", 600)),
        help="seconds per submission",
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=int(os.environ.get("GRADE_MEMORY_MB", 4096)),
        help="address-space limit, MB",
    )
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("GRADE_JOBS", os.cpu_count() or 1)))
    args = parser.parse_args(argv)
    grade(args.assignment, args.submissions, timeout=args.timeout, memory_mb=args.memory, jobs=args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
