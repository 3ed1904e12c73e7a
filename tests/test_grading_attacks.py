"""The grader against a hostile class: every attack of issue 11 as a real submission.

``tests/grading_attacks/craft.py`` writes the submissions (notebooks built from the ch1 spec,
plus links, folders and odd files) into a folder; one ``coursework.grade.grade`` run grades
them all, two at a time, with small limits (so that the 1 GB print, 500 forks and 8 GB
allocation are stopped quickly). The tests then read ``grades.csv``: every entry has a row,
honest work scores what it is worth whatever was attempted next to it, cheats score what
their honest part is worth and are flagged where the grader can see them, no host file
changed (content hashes of the venv, the Python installation and ``coursework/``; a marker
search elsewhere in the repository), and the grader's secret environment appears nowhere.
"""

from __future__ import annotations

import csv
import hashlib
import os
import sys
import time
from pathlib import Path

import pytest

from coursework import grade, sandbox
from coursework.questions import load
from tests.grading_attacks import craft

pytestmark = pytest.mark.coursework

ROOT = Path(__file__).resolve().parents[1]
SEED = 424242
# 1 GB: with rlimits only (no writable cgroups) it is per process, and a kernel with numpy
# and sympy loaded needs most of that address space
LIMITS = sandbox.Limits(wall_seconds=45, memory_mb=1024, processes=64, scratch_mb=32, output_bytes=200_000)
SCALE = {"print_mb": 1024, "child_mb": 300, "forks": 500, "alloc_gb": 8}
CGROUPS = sandbox.mechanism().startswith("cgroup")


def digest_tree(top: Path) -> dict[str, str]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if d not in ("__pycache__", ".git", "_build", ".pytest_cache")]
        for f in filenames:
            p = Path(dirpath, f)
            if p.is_symlink():
                out[str(p)] = "link:" + os.readlink(p)
                continue
            try:
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
            except OSError as exc:
                out[str(p)] = f"error:{exc.errno}"
    return out


def protected() -> dict[str, str]:
    found: dict[str, str] = {}
    for top in {
        Path(sys.prefix),
        Path(sys.base_prefix),
        ROOT / "coursework",
        ROOT / "notebooks" / "assignments",
    }:
        found.update(digest_tree(top))
    return found


@pytest.fixture(scope="session")
def attacked(tmp_path_factory):
    spec = load("ch1-principles")
    base = tmp_path_factory.mktemp("attack")
    folder, outside = base / "submissions", base / "outside"
    expect = craft.build(folder, spec, SEED, outside=outside, small=SCALE, cgroups=CGROUPS)
    before = protected()
    outside_before = digest_tree(outside)
    started = time.time()
    os.environ[craft.SECRET_ENV] = craft.SECRET
    try:
        grade.grade("ch1-principles", folder, limits=LIMITS, jobs=2, seed=SEED, per_student=False)
    finally:
        del os.environ[craft.SECRET_ENV]
    with (folder / "grades.csv").open(newline="") as f:
        raw = list(csv.reader(f))
    header, body = raw[0], raw[1:]
    rows = {}
    for r in body:
        name = r[0][1:] if r[0].startswith("'") else r[0]
        rows[name] = dict(zip(header, r, strict=True))
    return {
        "spec": spec,
        "folder": folder,
        "outside": outside,
        "expect": expect,
        "rows": rows,
        "raw": raw,
        "before": before,
        "after": protected(),
        "outside_before": outside_before,
        "started": started,
    }


def test_every_entry_has_exactly_one_row(attacked):
    names = sorted(os.listdir(attacked["folder"]))
    names = [n for n in names if n not in grade.OUTPUTS]
    assert sorted(attacked["rows"]) == names
    assert len(attacked["raw"]) - 1 == len(names)
    assert set(attacked["expect"]) == set(names)


def test_each_submission_scores_its_honest_work(attacked):
    rows, expect, spec = attacked["rows"], attacked["expect"], attacked["spec"]
    wrong = []
    for name, exp in expect.items():
        row = rows[name]
        if exp.status == ("skipped",):
            ok = row["status"] == "skipped" and row["total"] == ""
        else:
            ok = abs(float(row["total"]) - exp.total) < 1e-9 and row["status"] in exp.status
            for q in spec.questions:
                ok = ok and 0.0 <= float(row[q.name]) <= q.points
            if exp.scores:
                ok = ok and all(abs(float(row[q]) - v) < 1e-9 for q, v in exp.scores.items())
        if exp.note and exp.note not in row["note"]:
            ok = False
        if not ok:
            wrong.append(
                f"{name}: got total={row['total']!r} status={row['status']!r} note={row['note'][:300]!r}; expected {exp}"
            )
    assert not wrong, "\n".join(wrong)


def test_solution_full_blank_zero(attacked):
    rows, spec = attacked["rows"], attacked["spec"]
    assert float(rows["solution.ipynb"]["total"]) == spec.points
    assert rows["solution.ipynb"]["status"] == "graded" and rows["solution.ipynb"]["note"] == ""
    assert float(rows["blank.ipynb"]["total"]) == 0.0
    assert rows["solution.ipynb"]["q5"] == "", "the manual question is left blank for the instructor"


def test_no_host_file_changed(attacked):
    before, after = attacked["before"], attacked["after"]
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert not changed, changed[:20]
    assert digest_tree(attacked["outside"]) == attacked["outside_before"]
    assert not (ROOT / "escaped.txt").exists()
    # anything else in the repository that changed during the run (other people may be
    # editing it) must not hold the attacks' marker
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in (".git", ".venv", "_build", "node_modules")]
        for f in filenames:
            p = Path(dirpath, f)
            try:
                if p.stat().st_mtime >= attacked["started"] and not p.is_symlink():
                    assert craft.MARKER.encode() not in p.read_bytes(), p
            except OSError:
                pass
    for p in Path("/tmp").glob("*"):
        assert p.name not in ("pwned", "x") or craft.MARKER not in p.read_text(errors="replace")


def test_no_secret_in_results(attacked):
    folder = attacked["folder"]
    texts = [(folder / "grades.csv").read_bytes()]
    texts += [p.read_bytes() for p in (folder / "grading-results").iterdir()]
    shadow = Path("/etc/shadow").read_bytes()[:40] if Path("/etc/shadow").exists() else b""
    for blob in texts:
        assert craft.SECRET.encode() not in blob
        assert b"IMPORTED HIDDEN SPEC" not in blob
        assert not shadow or shadow not in blob


def test_csv_cells_cannot_be_formulas(attacked):
    for row in attacked["raw"]:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert "'=cmd|' -C calc'!A0.ipynb" in [r[0] for r in attacked["raw"]]


def test_flags_name_what_happened(attacked):
    rows = attacked["rows"]
    alloc = rows["allocate.ipynb"]["note"]
    assert "hit the memory limit" in alloc or "kernel died" in alloc or "MemoryError" in alloc
    if CGROUPS:
        assert "hit the process count limit" in rows["fork-many.ipynb"]["note"]
        assert "hit the memory limit" in rows["many-children.ipynb"]["note"]
    assert "malformed export" in rows["sympify-injection.ipynb"]["note"]
    # a name reused after its check with a worse value: graded as checked, said in the note
    assert "changed after grader.check('q3')" in rows["reused-worse.ipynb"]["note"]
    assert "could not be exported" in rows["break-export-tamper.ipynb"]["note"]
