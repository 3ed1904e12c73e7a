"""Coursework: otter assignments build (with the Gradescope autograder zip), leak nothing,
and the built notebooks grade as they should.

The assignments are built once per session (``coursework.assign``, the code behind
``make assignments``); grading runs ``coursework.grade`` (behind ``make grade``).
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import nbformat
import pytest

from coursework import assign, grade, sandbox
from coursework.questions import load

NAMES = ["ch1-principles", "ch2-steady", "ch3-redistribution"]
LIMITS = sandbox.Limits(wall_seconds=120, memory_mb=1024, processes=64)


@pytest.fixture(scope="session")
def built() -> Path:
    assert assign.main([]) == 0
    return assign.OUT


def rows(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "grades.csv").open() as f:
        return {r["submission"]: r for r in csv.DictReader(f)}


def add_cell(src: Path, dest: Path, code: str) -> None:
    nb = nbformat.read(src, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(code))
    nbformat.write(nb, dest)


def hidden_tests(built: Path, name: str) -> list[str]:
    with zipfile.ZipFile(built / name / "autograder" / "autograder.zip") as zf:
        texts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("tests/")]
    names = []
    for text in texts:
        blocks = text.split("@test_case(")[1:]
        names += [b.split("def ", 1)[1].split("(")[0] for b in blocks if "hidden=True" in b.split(")")[0]]
    return names


@pytest.mark.parametrize("name", NAMES)
def test_assignment_builds(built, name):
    d = built / name
    assert (d / "student" / f"{name}.ipynb").is_file()
    assert (d / "autograder" / f"{name}.ipynb").is_file()
    assert (d / "autograder" / "autograder.zip").is_file()
    spec = load(name)
    assert len(spec.questions) >= 4 and spec.manual


@pytest.mark.parametrize("name", NAMES)
def test_student_version_has_no_solution_or_hidden_test(built, name):
    student = (built / name / "student" / f"{name}.ipynb").read_text()
    solution = (built / name / "autograder" / f"{name}.ipynb").read_text()
    hidden = hidden_tests(built, name)
    assert hidden, "every assignment has hidden tests"
    for test in hidden:
        assert test in solution or test in (built / name / "master" / f"{name}.ipynb").read_text()
        assert test not in student, f"hidden test {test} shipped to students"
    for marker in ("# SOLUTION", "BEGIN SOLUTION", "Model answer", "hidden: true"):
        assert marker not in student
    nb = nbformat.read(built / name / "student" / f"{name}.ipynb", as_version=4)
    answers = [c.source for c in nb.cells if c.cell_type == "code" and "= ..." in c.source]
    assert len(answers) >= 4, "each autograded question leaves a blank for the answer"
    assert not (built / name / "student" / "tests").exists() or not any(
        t in p.read_text() for p in (built / name / "student" / "tests").glob("*.py") for t in hidden
    )


def test_built_solutions_full_marks_blanks_zero(built, tmp_path):
    """The notebooks ``make assignments`` writes, graded by ``make grade``'s code path.

    The hostile submissions are in ``test_grading_attacks.py``."""
    for name in NAMES:
        d = built / name
        folder = tmp_path / name
        folder.mkdir()
        (folder / "solution.ipynb").write_bytes((d / "autograder" / f"{name}.ipynb").read_bytes())
        (folder / "blank.ipynb").write_bytes((d / "student" / f"{name}.ipynb").read_bytes())
        grade.grade(name, folder, limits=LIMITS, jobs=2)
        r = rows(folder)
        spec = load(name)
        assert float(r["solution.ipynb"]["total"]) == spec.points, r
        assert r["solution.ipynb"]["status"] == "graded", r
        assert float(r["blank.ipynb"]["total"]) == 0, r
        for q in spec.manual:
            assert r["solution.ipynb"][q.name] == "", "manual questions are left for the instructor"
