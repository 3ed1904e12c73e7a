"""Unit tests of the grading pipeline: the parser, the judge, the folder scan, the CSV and the
sandbox's guarantees (checked from inside a sandbox, as an attacker would)."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from coursework import grade, judge, parse, sandbox
from coursework.questions import load
from tests.grading_attacks import craft

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------ parser
@pytest.mark.parametrize(
    "expr",
    [
        sp.sqrt(2) * sp.Symbol("x", positive=True) / 3 - 1,
        sp.exp(-sp.Symbol("t")) * sp.Float(1.5),
        sp.Eq(sp.Function("c")(sp.Symbol("x")).diff(sp.Symbol("x"), 2), 0),
        sp.pi * sp.I - sp.Rational(-3, 7),
        sp.log(sp.Symbol("x"), 2) + sp.Abs(sp.Symbol("y")),
        2 * sp.Symbol("D_0") * (sp.Symbol("c_0") - sp.Symbol("c_L")) / (sp.Symbol("L") * sp.log(3)),
    ],
)
def test_sympy_roundtrip_through_srepr(expr):
    back = parse.parse_sympy(sp.srepr(expr))
    assert sp.srepr(back) == sp.srepr(expr) or sp.simplify(back - expr) == 0


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('touch /tmp/pwned')",
        "Symbol('x').__class__",
        "Integer(10)**Integer(10)",
        "Pow(Integer(10), Integer(10**9))",
        "Symbol('x', evil=True)",
        "Symbol('x', positive='yes')",
        "eval('1')",
        "Function('f')(Symbol('x')).func",
        "sympify('x')",
        "Integer(" + "9" * 300 + ")",
        "[Symbol('x') for _ in range(10)]",
        "lambda: 1",
        "Symbol('x') if 1 else 2",
        "Add(" * 400 + ")" * 400,
    ],
)
def test_sympy_parser_rejects_anything_outside_the_whitelist(text):
    got = parse.answer({"t": "sympy", "v": text})
    assert isinstance(got, parse.NotAnswer) and got.suspicious


def test_parser_never_evaluates_text(monkeypatch):
    import sympy.parsing.sympy_parser as sympy_parser

    def boom(*args, **kwargs):
        raise AssertionError("text was evaluated")

    monkeypatch.setattr(sympy_parser, "parse_expr", boom)
    monkeypatch.setattr(sympy_parser, "eval_expr", boom)
    monkeypatch.setattr("builtins.eval", boom)
    x = sp.Symbol("x", positive=True)
    assert parse.parse_sympy(sp.srepr(sp.Float(2.5) * x + sp.Rational(1, 3))) == sp.Float(
        2.5
    ) * x + sp.Rational(1, 3)


def test_plain_values_and_arrays():
    assert parse.value({"t": "float", "v": "1.5"}) == 1.5
    assert parse.value({"t": "int", "v": "-12"}) == -12
    assert parse.value({"t": "str", "v": "hi"}) == "hi"
    arr = parse.value({"t": "array", "dtype": "float", "shape": [2, 2], "v": ["1", "2", "3", "4.5"]})
    assert isinstance(arr, np.ndarray) and arr.shape == (2, 2) and arr[1, 1] == 4.5
    assert parse.value({"t": "list", "v": [{"t": "int", "v": "1"}, {"t": "float", "v": "2"}]}) == [1, 2.0]
    for junk in (
        {"t": "array", "dtype": "float", "shape": [3], "v": ["1"]},
        {"t": "array", "dtype": "object", "shape": [1], "v": ["1"]},
        {"t": "float", "v": 1.5},
        {"t": "int", "v": "9" * 500},
        {"t": "pickle", "v": "gASV"},
        "1.5",
        {"t": "str", "v": "x" * 100_000},
    ):
        assert isinstance(parse.answer(junk), parse.NotAnswer), junk
    assert not parse.answer({"t": "other", "type": "ellipsis"}).suspicious


def test_export_document_is_bounded():
    with pytest.raises(ValueError, match="too large"):
        parse.export(b"{" + b" " * (parse.MAX_EXPORT_BYTES + 1) + b"}")
    with pytest.raises(ValueError, match="not JSON"):
        parse.export("[" * 100_000 + "]" * 100_000)
    doc = parse.export(json.dumps({"final": {"a": {"t": "float", "v": "2"}}, "at_check": {"q1": {}}}))
    assert doc.final == {"a": 2.0} and doc.at_check == {"q1": {}}


# ------------------------------------------------------------------------------ judge
def _export(final: dict, at_check: dict | None = None) -> str:
    return json.dumps({"final": final, "at_check": at_check or {}, "errors": []})


def _enc(v):
    if isinstance(v, sp.Basic):
        return {"t": "sympy", "v": sp.srepr(v)}
    if isinstance(v, list):
        return {"t": "array", "dtype": "float", "shape": [len(v)], "v": [repr(float(x)) for x in v]}
    return {"t": "float", "v": repr(float(v))}


def test_judge_full_marks_capped_and_checked_value_wins():
    spec = load("ch1-principles")
    seed = 7
    params = spec.draw(seed)
    final = {v: _enc(val) for q in spec.questions for v, val in q.expected(params).items()}
    out = judge.judge(spec, seed, _export(final))
    assert out["scores"] == {q.name: q.points for q in spec.questions}
    # a later reuse of a name: the value at the check is graded, with a note
    later = dict(final, q1_content={"t": "str", "v": "reused"})
    out = judge.judge(spec, seed, _export(later, {"q1": {"q1_content": final["q1_content"]}}))
    assert out["scores"]["q1"] == 3.0 and "changed after" in " ".join(out["notes"])
    # a wrong answer at the check and a right one later: graded as checked, sent for review
    wrong = {"t": "float", "v": "-1.0"}
    out = judge.judge(spec, seed, _export(final, {"q1": {"q1_content": wrong}}))
    assert out["scores"]["q1"] == 0.0 and out["review"]


def test_judge_other_variant_scores_less():
    spec = load("ch1-principles")
    params = spec.draw(spec.seed_for(5, "alice"))
    final = {v: _enc(val) for q in spec.questions for v, val in q.expected(params).items()}
    assert sum(judge.judge(spec, spec.seed_for(5, "alice"), _export(final))["scores"].values()) == spec.points
    assert sum(judge.judge(spec, spec.seed_for(5, "bob"), _export(final))["scores"].values()) < spec.points


def test_judge_clamps_a_spec_that_overscores():
    class Q:
        name, points, variables = "q1", 2.0, ("a",)

        def score(self, answers, params):
            return 109.0

    class Spec:
        questions = [Q()]

        def draw(self, seed):
            return {}

    assert judge.judge(Spec(), 0, _export({}))["scores"] == {"q1": 2.0}


# ------------------------------------------------------------------------------ folder and CSV
@pytest.mark.parametrize(
    "text, safe",
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("a\nb", "a\\x0ab"),
        ("\t=x", "\\x09=x"),
        ("plain", "plain"),
    ],
)
def test_csv_cells_are_escaped(text, safe):
    assert grade.cell(text) == safe


def test_undecodable_file_names_are_written():
    text = grade.cell(os.fsdecode(b"caf\xe9.ipynb"))
    assert text.encode("utf-8") and "caf" in text


@pytest.mark.parametrize(
    "name, sid",
    [
        ("alice.ipynb", "alice"),
        ("Bob.IPYNB", "Bob"),
        ("x.ipynb.json", "x"),
        ("notes.txt", "notes.txt"),
        (".ipynb", ".ipynb"),
    ],
)
def test_student_id_from_file_name(name, sid):
    assert grade.student_id(name) == sid


def test_scan_classifies_without_following_links(tmp_path):
    (tmp_path / "a.ipynb").write_text("{}")
    (tmp_path / "b.IPYNB").write_text("{}")
    (tmp_path / "dir").mkdir()
    (tmp_path / "link.ipynb").symlink_to(tmp_path / "a.ipynb")
    (tmp_path / "grades.csv").write_text("old")
    entries = {e.name: e for e in grade.scan(tmp_path)}
    assert set(entries) == {"a.ipynb", "b.IPYNB", "dir", "link.ipynb"}
    assert entries["link.ipynb"].kind == "skipped" and entries["link.ipynb"].data is None
    assert entries["dir"].kind == "skipped"
    assert entries["b.IPYNB"].kind == "file" and "same content as a.ipynb" in entries["b.IPYNB"].note
    assert "same content as b.IPYNB" in entries["a.ipynb"].note


def test_production_limits():
    limits = sandbox.Limits()
    assert limits.wall_seconds == 600 and limits.memory_mb == 4096 and limits.processes == 256
    assert limits.scratch_mb == 256 and limits.output_bytes == 1_000_000
    args = grade.main.__code__.co_consts  # the CLI reads the same defaults from the environment
    assert "GRADE_TIMEOUT" in args and "GRADE_MEMORY_MB" in args and "GRADE_PROCESSES" in args


# ------------------------------------------------------------------------------ the sandbox
PROBE = r"""
import ctypes, json, os, socket
libc = ctypes.CDLL(None, use_errno=True)
facts = {"uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(), "env": dict(os.environ)}
try:
    facts["pid1_environ"] = open("/proc/1/environ", "rb").read().decode(errors="replace")
except OSError as exc:
    facts["pid1_environ"] = "denied"
facts["mount"] = libc.mount(b"none", b"/usr", None, 32 | 4096, None)
facts["tmpfs"] = libc.mount(b"none", b"/sub", b"tmpfs", 0, None)
with open("/proc/self/status") as f:
    facts["caps"] = [l.split()[1] for l in f if l.startswith("Cap")]
def writable(p):
    try:
        open(p, "a").close()
        return True
    except OSError:
        return False
facts["core_pattern"] = writable("/proc/sys/kernel/core_pattern")
facts["proc_sys_ro"] = any(" /proc/sys " in l and " ro," in l for l in open("/proc/self/mountinfo"))
facts["root_ro"] = not writable("/flux-probe")
facts["usr_ro"] = not writable("/usr/flux-probe")
facts["sees"] = sorted(os.listdir(os.path.dirname(%(root)r)))
facts["repo"] = sorted(os.listdir(%(root)r))
n = 0
try:
    with open("/sub/fill", "wb") as f:
        for _ in range(64):
            f.write(b"x" * 1024 * 1024)
            f.flush()
            n += 1
except OSError:
    pass
facts["sub_mb"] = n
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    facts["net"] = True
except OSError:
    facts["net"] = False
try:
    if libc.unshare(0x10000000 | 0x00020000) != 0:  # CLONE_NEWUSER | CLONE_NEWNS
        raise OSError(ctypes.get_errno(), "unshare failed")
    facts["remount_after_unshare"] = libc.mount(b"none", b"/usr", None, 32 | 4096, None)
except OSError:
    facts["remount_after_unshare"] = -1
print(json.dumps(facts))
"""


@pytest.fixture(scope="module")
def probe():
    os.environ[craft.SECRET_ENV] = craft.SECRET
    try:
        out = sandbox.run(
            [sys.executable, "-I", "/opt/flux/probe.py"],
            files={"/opt/flux/probe.py": (PROBE % {"root": str(ROOT)}).encode()},
            limits=sandbox.Limits(wall_seconds=60, memory_mb=512, processes=32, scratch_mb=16),
        )
    finally:
        del os.environ[craft.SECRET_ENV]
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def test_sandbox_runs_unprivileged(probe):
    assert probe["uid"] != 0 and probe["gid"] != 0 and probe["groups"] == []
    assert set(probe["caps"]) == {"0000000000000000"}


def test_sandbox_cannot_mount_or_write_the_host(probe):
    assert probe["mount"] == -1 and probe["tmpfs"] == -1 and probe["remount_after_unshare"] == -1
    assert not probe["core_pattern"] and probe["proc_sys_ro"]
    assert probe["root_ro"] and probe["usr_ro"]


def test_sandbox_sees_no_secret_and_no_tests(probe):
    assert craft.SECRET not in json.dumps(probe)
    assert (
        probe["pid1_environ"] == "denied"
        or "PATH" in probe["pid1_environ"]
        and len(probe["pid1_environ"]) < 200
    )
    assert set(probe["env"]) <= {
        "PATH",
        "HOME",
        "LANG",
        "MPLBACKEND",
        "FLUXLIB_WIDGETS",
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "PYTHONDONTWRITEBYTECODE",
        "JUPYTER_PLATFORM_DIRS",
        "FLUX_EXPORT_FD",
        "PWD",
    }
    assert probe["repo"] == ["fluxlib"] or set(probe["repo"]) <= {"fluxlib", ".venv"}
    assert "coursework" not in probe["repo"] and "_build" not in probe["repo"]


def test_sandbox_scratch_is_capped_and_offline(probe):
    assert probe["sub_mb"] <= 16  # stopped at the 16 MB cap, not at the 64 MB it tried
    assert probe["net"] is False


def test_mechanism_is_reported():
    text = sandbox.mechanism()
    assert text.startswith(("cgroup v1", "cgroup v2", "rlimits"))


def test_outputs_never_write_through_links(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "grades.csv").symlink_to(outside)
    (folder / "grading-results").symlink_to(tmp_path)
    spec = load("ch1-principles")
    results = [grade.Result("=a.ipynb", scores={"q1": 3.0}, notes=["-x"])]
    grade._write(folder / "grades.csv", folder / "grading-results", results, spec, ["q5"])
    assert outside.read_text() == "keep"
    assert not (folder / "grades.csv").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside.txt", "subs"]
    with (folder / "grades.csv").open(newline="") as f:
        row = list(csv.DictReader(f))[0]
    assert row["submission"] == "'=a.ipynb" and row["note"] == "'-x" and row["q1"] == "3"


def test_per_student_variants_end_to_end(tmp_path):
    """With per-student variants, the file name is the student id that picks the parameters."""
    spec = load("ch1-principles")
    course_seed = 99
    alice = craft.answer_cells(spec, spec.draw(spec.seed_for(course_seed, "alice")))
    (tmp_path / "alice.ipynb").write_text(craft.notebook(alice))
    (tmp_path / "bob.ipynb").write_text(craft.notebook(alice))  # bob copied alice's numbers
    limits = sandbox.Limits(wall_seconds=120, memory_mb=1024, processes=64)
    grade.grade("ch1-principles", tmp_path, limits=limits, jobs=2, seed=course_seed, per_student=True)
    with (tmp_path / "grades.csv").open(newline="") as f:
        rows = {r["submission"]: r for r in csv.DictReader(f)}
    assert float(rows["alice.ipynb"]["total"]) == spec.points
    assert float(rows["bob.ipynb"]["total"]) < spec.points
