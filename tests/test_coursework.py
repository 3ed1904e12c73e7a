"""Coursework: otter assignments build, leak nothing, and grade safely in a sandbox.

The assignments are built once per session (``coursework.assign``, the code behind
``make assignments``); grading runs ``coursework.grade`` (behind ``make grade``) on small
batches with a short timeout, two at a time.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import nbformat
import pytest

from coursework import assign, grade

NAMES = ["ch1-principles", "ch2-steady", "ch3-redistribution"]
TIMEOUT = 60.0


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
    qs = grade.questions(name)
    assert len([q for q in qs if not q.manual]) >= 4 and any(q.manual for q in qs)


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


@pytest.fixture(scope="session")
def ch1_batch(built, tmp_path_factory) -> tuple[Path, Path]:
    """Solution, blank, hanging, attacking and tampering submissions of assignment 1."""
    folder = tmp_path_factory.mktemp("submissions")
    outside = tmp_path_factory.mktemp("outside")
    d = built / "ch1-principles"
    solution = d / "autograder" / "ch1-principles.ipynb"
    blank = d / "student" / "ch1-principles.ipynb"
    (folder / "solution.ipynb").write_bytes(solution.read_bytes())
    (folder / "blank.ipynb").write_bytes(blank.read_bytes())
    nb = nbformat.read(solution, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("while True:\n    pass"))
    nbformat.write(nb, folder / "hang.ipynb")
    attack = f"""
import json, pathlib
for target in [{str(outside / "escaped.txt")!r}, {str(folder / "solution.ipynb")!r}, {str(assign.ROOT / "escaped.txt")!r}]:
    try:
        pathlib.Path(target).write_text("pwned")
    except OSError:
        pass
for stolen in [{str(solution)!r}, {str(assign.MASTERS / "ch1-principles" / "ch1-principles.ipynb")!r}, {str(folder / "solution.ipynb")!r}]:
    try:
        cells = json.loads(pathlib.Path(stolen).read_text())["cells"]
    except OSError:
        continue
    for cell in cells:
        if cell["cell_type"] == "code" and "otter" not in "".join(cell["source"]):
            exec("".join(cell["source"]))
"""
    add_cell(blank, folder / "attack.ipynb", attack)
    add_cell(
        solution,
        folder / "tamper.ipynb",
        "import numpy\nnumpy.isclose = lambda *a, **k: True\nq1_content = 1.0",
    )
    grade.grade("ch1-principles", folder, timeout=TIMEOUT, memory_mb=4096, jobs=2)
    return folder, outside


def test_solution_full_marks_blank_zero(ch1_batch):
    folder, _ = ch1_batch
    r = rows(folder)
    qs = [q for q in grade.questions("ch1-principles") if not q.manual]
    for q in qs:
        assert float(r["solution.ipynb"][q.name]) == q.points
        assert float(r["blank.ipynb"][q.name]) == 0
    assert float(r["solution.ipynb"]["total"]) == sum(q.points for q in qs)
    assert float(r["blank.ipynb"]["total"]) == 0
    assert r["solution.ipynb"]["status"] == "graded" and r["blank.ipynb"]["status"] == "graded"


def test_grades_csv_has_per_question_columns(ch1_batch):
    folder, _ = ch1_batch
    with (folder / "grades.csv").open() as f:
        header = next(csv.reader(f))
    names = [q.name for q in grade.questions("ch1-principles")]
    assert header[: len(names) + 2] == ["submission", *names, "total"]
    assert set(rows(folder)) == {
        "solution.ipynb",
        "blank.ipynb",
        "hang.ipynb",
        "attack.ipynb",
        "tamper.ipynb",
    }
    assert rows(folder)["solution.ipynb"]["q5"] == "", "the manual question is left for the instructor"
    assert json.loads((folder / "grading-results" / "solution.json").read_text())["tests"]


def test_hanging_submission_is_cut_off_and_scored(ch1_batch):
    folder, _ = ch1_batch
    r = rows(folder)["hang.ipynb"]
    assert r["status"] == "timeout" and float(r["total"]) == 0
    assert rows(folder)["solution.ipynb"]["status"] == "graded", "the batch went on"


def test_sandbox_blocks_writes_and_reads_outside(ch1_batch):
    folder, outside = ch1_batch
    assert not (outside / "escaped.txt").exists()
    assert not (assign.ROOT / "escaped.txt").exists()
    assert "pwned" not in (folder / "solution.ipynb").read_text()
    # had it read the solution notebook, the attack would have scored full marks
    assert float(rows(folder)["attack.ipynb"]["total"]) == 0


def test_tampering_in_the_kernel_is_detected(ch1_batch):
    folder, _ = ch1_batch
    r = rows(folder)["tamper.ipynb"]
    assert r["status"] == "tampered?"
    assert float(r["q1"]) < 3 and float(r["q2"]) == 3


def test_other_solutions_score_full_marks(built, tmp_path):
    for name in NAMES[1:]:
        d = built / name
        (tmp_path / f"{name}-solution.ipynb").write_bytes((d / "autograder" / f"{name}.ipynb").read_bytes())
        (tmp_path / f"{name}-blank.ipynb").write_bytes((d / "student" / f"{name}.ipynb").read_bytes())
    for name in NAMES[1:]:
        folder = tmp_path / name
        folder.mkdir()
        for kind in ("solution", "blank"):
            (tmp_path / f"{name}-{kind}.ipynb").rename(folder / f"{kind}.ipynb")
        grade.grade(name, folder, timeout=TIMEOUT, memory_mb=4096, jobs=2)
        r = rows(folder)
        possible = sum(q.points for q in grade.questions(name) if not q.manual)
        assert float(r["solution.ipynb"]["total"]) == possible, r
        assert float(r["blank.ipynb"]["total"]) == 0, r
