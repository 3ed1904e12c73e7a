"""The grader against a hostile class, second round (an independent attacker, issue 11).

One ``coursework.grade.grade`` run, per-student variants, grades a small crafted class:

- SymPy answers that are whitelisted but take for ever to rebuild on the host
  (``gamma(Integer(10**8))`` is an exact factorial, ``Pow(Pow(10, 10000), 10000)`` an
  integer of 10**8 digits). Before: the judge ran into its 120 s timeout and the whole
  submission scored 0. Now the value is refused at once; the rest is graded, flagged;
- a notebook the course platform renamed (``bob (1).ipynb``): graded for the file name, but
  the copy's metadata names bob, so the row is marked and says what bob's numbers would score;
- two files whose ids differ only in case (``Alice``/``alice``): both marked;
- an answer given as an exact ``Fraction`` (an honest slip): a number, full marks.

The rest are direct tests of the pieces (no sandbox): Max of hundreds of symbols, the value and
question time limits, a forged export with thousands of extra names, ids equal up to spaces,
case or look-alike letters, invisible characters in a file name, a missing ``course.json``, a
submission named ``grades.csv`` or ``grading-results``, and one job at a time for a grader
that is not root.
"""

from __future__ import annotations

import csv
import json
import sys
import time

import nbformat
import pytest

from coursework import grade, judge, parse, sandbox
from coursework.questions import AssignmentSpec, Part, Question, load
from tests.grading_attacks import craft

pytestmark = pytest.mark.coursework

COURSE_SEED = 31337
LIMITS = sandbox.Limits(wall_seconds=120, memory_mb=1024, processes=64, scratch_mb=32)
GAMMA_BOMB = "gamma(Integer(100000000))"
POWER_BOMB = "Pow(Pow(Integer(10), Integer(10000)), Integer(10000))"


def handed_out(cells: list[str], student: str | None) -> str:
    """A notebook as ``make assignments`` hands it out: its metadata names assignment and student."""
    nb = nbformat.reads(craft.notebook(cells), as_version=4)
    nb.metadata["flux_assignment"] = {"name": "ch1-principles", "student": student}
    return nbformat.writes(nb)


def srepr_bomb(text: str) -> str:
    """A cell making the exporter write ``text`` for every SymPy answer (as any student can)."""
    return f"import sympy\nsympy.srepr = lambda expr, **kw: {text!r}"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    spec = load("ch1-principles")
    folder = tmp_path_factory.mktemp("class2")

    def honest(student: str) -> list[str]:
        return craft.answer_cells(spec, spec.draw(spec.seed_for(COURSE_SEED, student)))

    (folder / "alice.ipynb").write_text(handed_out(honest("alice"), "alice"))
    (folder / "Alice.ipynb").write_text(handed_out([*honest("alice"), "x = 1"], "alice"))
    (folder / "bob (1).ipynb").write_text(handed_out(honest("bob"), "bob"))
    erin = honest("erin")
    erin.insert(2, "from fractions import Fraction")
    erin = [
        c.replace("q1_content = ", "q1_content = Fraction(") + ")" if "q1_content =" in c else c for c in erin
    ]
    (folder / "erin.ipynb").write_text(handed_out(erin, "erin"))
    # honest, with 1 MB of saved output, and the balance as a pandas Series
    frank = honest("frank")
    frank = [
        c.replace("q2_potential = ", "import pandas as pd\nq2_potential = pd.Series(") + ")"
        if "q2_potential =" in c
        else c
        for c in frank
    ]
    nb = nbformat.reads(handed_out(frank, "frank"), as_version=4)
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 2**20)]
    (folder / "frank.ipynb").write_text(nbformat.writes(nb))
    for name, bomb in (("carol", GAMMA_BOMB), ("dave", POWER_BOMB)):
        cells = honest(name)
        (folder / f"{name}.ipynb").write_text(handed_out([*cells[:2], srepr_bomb(bomb), *cells[2:]], name))
    grade.grade("ch1-principles", folder, limits=LIMITS, jobs=2, seed=COURSE_SEED, per_student=True)
    with (folder / "grades.csv").open(newline="") as f:
        rows = {r["submission"]: r for r in csv.DictReader(f)}
    return spec, rows


def test_sympy_bombs_are_refused_and_the_rest_is_graded(graded):
    spec, rows = graded
    for name, reason in (("carol.ipynb", "gamma of a large number"), ("dave.ipynb", "too large to compute")):
        row = rows[name]
        # q1-q3 are honest and correct, q4's answer is the bomb
        assert [float(row[q]) for q in ("q1", "q2", "q3", "q4")] == [3.0, 3.0, 3.0, 0.0], row
        assert row["status"] == "check" and reason in row["note"], row


def test_renamed_file_is_marked_with_what_its_student_would_score(graded):
    spec, rows = graded
    row = rows["bob (1).ipynb"]
    assert row["status"] == "check"
    assert "handed out to student 'bob'" in row["note"]
    assert f"would score {spec.points:g}" in row["note"], row["note"]


def test_ids_differing_in_case_are_both_marked(graded):
    spec, rows = graded
    assert float(rows["alice.ipynb"]["total"]) == spec.points
    assert (
        rows["alice.ipynb"]["status"] == "check"
        and "same student id as 'Alice.ipynb'" in rows["alice.ipynb"]["note"]
    )
    assert (
        rows["Alice.ipynb"]["status"] == "check"
        and "same student id as 'alice.ipynb'" in rows["Alice.ipynb"]["note"]
    )
    assert "handed out to student 'alice'" in rows["Alice.ipynb"]["note"]


def test_an_exact_fraction_is_a_number(graded):
    spec, rows = graded
    assert float(rows["erin.ipynb"]["total"]) == spec.points and rows["erin.ipynb"]["status"] == "graded"


def test_a_large_notebook_and_a_pandas_series_are_graded(graded):
    spec, rows = graded
    assert float(rows["frank.ipynb"]["total"]) == spec.points and rows["frank.ipynb"]["status"] == "graded"


def test_large_files_are_not_held_in_memory_and_a_change_is_caught(tmp_path, monkeypatch):
    """A class of 20 MB files would otherwise all sit in the grader's memory at once."""
    big = tmp_path / "big.ipynb"
    nb = nbformat.reads(craft.notebook(["x = 1"]), as_version=4)
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * 2**20)]
    big.write_text(nbformat.writes(nb))
    entries = grade.scan(tmp_path)
    assert entries[0].data is None and entries[0].path == big
    big.write_text(craft.notebook(["q1_content = 1.0"]))  # swapped after the folder was read
    monkeypatch.setattr(grade, "scan", lambda folder: entries)
    grade.grade("ch1-principles", tmp_path, limits=LIMITS, seed=1, per_student=False)
    with (tmp_path / "grades.csv").open(newline="") as f:
        (row,) = csv.DictReader(f)
    assert row["status"] == "failed" and "changed while" in row["note"] and row["total"] == "0"


# ------------------------------------------------------------------------------ pieces
def test_ids_equal_up_to_spaces_case_or_lookalikes_are_noticed(tmp_path):
    for name in ("alice.ipynb", " alice.ipynb", "\uff41lice.ipynb", "ALICE.json", "bob.ipynb"):
        (tmp_path / name).write_text(craft.notebook([f"x = {name!r}"]))
    entries = {e.name: e for e in grade.scan(tmp_path)}
    assert not entries["bob.ipynb"].check
    for name in ("alice.ipynb", " alice.ipynb", "\uff41lice.ipynb", "ALICE.json"):
        assert entries[name].check and "same student id as" in entries[name].note


@pytest.mark.parametrize(
    ("output", "make"), [("grades.csv", "file"), ("grades.csv", "dir"), ("grading-results", "file")]
)
def test_a_submission_named_like_an_output_is_never_overwritten(tmp_path, output, make):
    target = tmp_path / output
    if make == "dir":
        target.mkdir()
    else:
        target.write_text(craft.notebook(["q1_content = 1.0"]))
    before = target.read_text() if make == "file" else None
    with pytest.raises(SystemExit, match="move it away"):
        grade.grade("ch1-principles", tmp_path, limits=LIMITS, seed=1, per_student=False)
    assert make == "dir" or target.read_text() == before
    assert not (tmp_path / "grading-results").is_dir()


def _symbols(n: int) -> str:
    return ", ".join(f"Symbol('x{i}')" for i in range(n))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (GAMMA_BOMB, "gamma of a large number"),
        ("gamma(Rational(2000001, 2))", "gamma of a large number"),
        (POWER_BOMB, "too large to compute exactly"),
        ("Pow(Pow(Integer(10), Integer(10000)), Pow(Integer(10), Integer(4)))", "too large to compute"),
        ("Pow(Integer(10), Float('1e300'))", "huge exponent"),
        (f"Max({_symbols(400)})", "Max of more than"),
        (f"Min({_symbols(400)})", "Min of more than"),
    ],
)
def test_whitelisted_but_endless_sympy_is_refused(text, reason):
    value = parse.answer({"t": "sympy", "v": text}, seconds=60)
    assert isinstance(value, parse.NotAnswer) and value.suspicious and reason in value.reason


def test_honest_powers_still_parse():
    import sympy

    L = sympy.Symbol("L")
    assert parse.answer({"t": "sympy", "v": "Pow(Pow(Integer(2), Rational(1, 2)), Integer(4))"}) == 4
    assert parse.answer({"t": "sympy", "v": "Mul(Integer(3), Pow(Symbol('L'), Integer(-1)))"}) == 3 / L
    assert parse.answer({"t": "sympy", "v": "gamma(Rational(1, 2))"}) == sympy.sqrt(sympy.pi)
    # any assumption a student may put on a symbol (only the name counts when judged)
    text = "Symbol('L', real=True, nonzero=True, extended_nonzero=True, transcendental=True)"
    symbol = parse.answer({"t": "sympy", "v": text})
    assert isinstance(symbol, sympy.Symbol) and symbol.name == "L" and symbol.is_transcendental


@pytest.mark.parametrize(
    "item",
    [
        {"t": "array", "dtype": "float", "shape": [10**100, 0], "v": []},
        {"t": "array", "dtype": "int", "shape": [2**62, 0], "v": []},
        {"t": "list", "v": [{"t": "array", "dtype": "bool", "shape": [0, 2**70], "v": []}]},
    ],
)
def test_a_forged_empty_array_of_absurd_shape_fails_only_itself(item):
    spec = load("ch1-principles")
    params = spec.draw(0)
    q1 = spec.question("q1").expected(params)["q1_content"]
    doc = {"final": {"q1_content": {"t": "float", "v": repr(q1)}, "q2_potential": item}, "at_check": {}}
    out = judge.judge(spec, 0, json.dumps(doc))
    assert out["scores"]["q1"] == 3.0 and out["review"] is True
    assert any("q2_potential: not an answer" in n for n in out["notes"])


def test_a_value_too_slow_to_rebuild_is_not_an_answer(monkeypatch):
    monkeypatch.setattr(parse, "parse_sympy", lambda text: time.sleep(30))
    value = parse.answer({"t": "sympy", "v": "Symbol('x')"}, seconds=0.5)
    assert isinstance(value, parse.NotAnswer) and "took over 0.5 s" in value.reason


def test_a_question_too_slow_to_score_is_zero_and_the_others_count(monkeypatch):
    def endless(p):
        while True:
            pass

    spec = AssignmentSpec(
        name="t",
        params=(),
        questions=[
            Question("q1", (Part("a", 2.0),), lambda p: {"a": 1.5}),
            Question("q2", (Part("b", 3.0),), endless),
        ],
    )
    monkeypatch.setattr(judge, "QUESTION_SECONDS", 0.5)
    doc = {"final": {"a": {"t": "float", "v": "1.5"}, "b": {"t": "float", "v": "1.0"}}, "at_check": {}}
    out = judge.judge(spec, 0, json.dumps(doc))
    assert out["scores"] == {"q1": 2.0, "q2": 0.0} and out["review"] is True
    assert any("q2: scoring its answer took over" in n for n in out["notes"])


def test_an_answer_endless_to_evaluate_is_stopped_and_the_rest_counts(monkeypatch):
    """sin(exp(exp(100))) passes every guard, but evaluating it needs ~e**100 bits of precision:
    the question's time limit stops it (at the check and again at the end of the notebook)."""
    spec = load("ch1-principles")
    params = spec.draw(3)
    final = {
        var: {"t": "float", "v": repr(float(v))}
        for q in spec.questions[:3]
        for var, v in q.expected(params).items()
        if not isinstance(v, list)
    }
    balance = spec.question("q2").expected(params)["q2_potential"]
    final["q2_potential"] = {"t": "list", "v": [{"t": "float", "v": repr(x)} for x in balance]}
    slow = "Mul(Symbol('L'), sin(exp(exp(Integer(100)))))"
    final["q4_flux"] = {"t": "sympy", "v": slow}
    check = {"q4": {"q4_flux": {"t": "sympy", "v": f"Add({slow}, Integer(1))"}}}
    monkeypatch.setattr(judge, "QUESTION_SECONDS", 1.0)
    out = judge.judge(spec, 3, json.dumps({"final": final, "at_check": check}))
    assert out["scores"] == {"q1": 3.0, "q2": 3.0, "q3": 3.0, "q4": 0.0} and out["review"] is True
    assert any(n.startswith("q4: scoring its answer took over") for n in out["notes"])


def test_scoring_has_a_total_budget(monkeypatch):
    spec = load("ch1-principles")
    slow = {"t": "sympy", "v": "sin(exp(exp(Integer(100))))"}
    final = {var: slow for q in spec.questions for var in q.variables}
    monkeypatch.setattr(judge, "SCORING_SECONDS", 1.5)
    out = judge.judge(spec, 0, json.dumps({"final": final, "at_check": {}}))
    assert sum(out["scores"].values()) == 0 and out["review"] is True
    # q1 spends the whole budget; the others get what is left (a millisecond), not 20 s each
    took = [n for n in out["notes"] if "scoring its answer took over" in n]
    assert len(took) == 4 and all("took over 0.001 s" in n for n in took[1:]), took


def test_forged_names_outside_the_spec_are_not_parsed(monkeypatch):
    spec = load("ch1-principles")
    seen = []
    real = parse.answer
    monkeypatch.setattr(parse, "answer", lambda item, seconds=5.0: seen.append(item) or real(item, seconds))
    junk = {f"junk{i}": {"t": "sympy", "v": GAMMA_BOMB} for i in range(190)}
    doc = {
        "final": {**junk, "q1_content": {"t": "float", "v": "1.0"}},
        "at_check": {f"zz{i}": junk for i in range(100)},
    }
    judge.judge(spec, 0, json.dumps(doc))
    assert len(seen) == 1


@pytest.mark.parametrize(
    "name",
    [
        "\u202egnp.ecila.ipynb",  # right-to-left override: displays as another name
        "ali\u200bce.ipynb",  # zero-width space
        "alice\u2028=1+1.ipynb",  # line separator
        "alice\x85x.ipynb",  # C1 next-line
        "\u2066=HYPERLINK(1)\u2069.ipynb",  # isolate before a formula
    ],
)
def test_invisible_characters_in_names_are_shown_escaped(name):
    text = grade.cell(name)
    assert text.isprintable() and "\\" in text
    assert not text.startswith(grade._FORMULA)


def test_missing_course_json_refuses_instead_of_grading_at_the_public_seed(tmp_path, monkeypatch):
    monkeypatch.setattr(grade, "BUILT", tmp_path)
    with pytest.raises(SystemExit, match="course.json is missing"):
        grade.course("ch1-principles")


def test_a_grader_that_is_not_root_runs_one_submission_at_a_time():
    # a fork bomb in one sandbox would use up the shared uid's RLIMIT_NPROC of the other
    assert grade.parallel_jobs(4, root=False) == 1
    assert grade.parallel_jobs(4, root=True) == 4


def test_variant_check_cases():
    spec = load("ch1-principles")
    entry = grade.Entry("x.ipynb", "file", student="x", handout={"name": "ch2-steady", "student": None})
    notes, other = grade.variant_check(entry, spec, 7, per_student=True)
    assert "assignment 'ch2-steady'" in notes[0]
    assert other == ("the course-wide copy, not a per-student one", 7)
    entry.handout = {"name": "ch1-principles", "student": "bob"}
    assert grade.variant_check(entry, spec, 7, per_student=False)[1] == (
        "the per-student copy of 'bob'",
        spec.seed_for(7, "bob"),
    )
    entry.handout = None  # a notebook not made by make assignments: nothing to compare
    assert grade.variant_check(entry, spec, 7, per_student=True) == ([], None)


def test_sandbox_processes_are_the_oom_killers_first_choice():
    """Without cgroups (or beside them) a submission's processes, not the grader, go first."""
    probe = (
        "import os\n"
        "print(open('/proc/self/oom_score_adj').read().strip())\n"
        "try:\n"
        "    fd = os.open('/proc/self/oom_score_adj', os.O_WRONLY)\n"
        "    os.write(fd, b'0')\n"
        "    print('lowered')\n"
        "except OSError:\n"
        "    print('kept')\n"
    )
    out = sandbox.run(
        [sys.executable, "-I", "/opt/flux/p.py"],
        files={"/opt/flux/p.py": probe.encode()},
        limits=sandbox.Limits(wall_seconds=60, memory_mb=512, processes=16, scratch_mb=8),
    )
    words = out.stdout.decode().split()
    assert words[0] == "1000", out.stderr.decode()[-500:]
    if _has_cap_sys_resource():  # set with CAP_SYS_RESOURCE: the student cannot lower it again
        assert words[1] == "kept"


def _has_cap_sys_resource() -> bool:
    for line in open("/proc/self/status"):
        if line.startswith("CapEff:"):
            return bool(int(line.split()[1], 16) >> 24 & 1)
    return False


@pytest.mark.parametrize("name", ["ch1-principles", "ch2-steady", "ch3-redistribution"])
def test_the_guards_refuse_no_model_answer(name):
    """Every assignment's expected answers, exported as the runner does, score full marks."""
    import numpy as np
    import sympy

    spec = load(name)

    def enc(v):
        if isinstance(v, sympy.Basic):
            return {"t": "sympy", "v": sympy.srepr(v)}
        if isinstance(v, list):
            a = np.asarray(v, dtype=float)
            return {
                "t": "array",
                "dtype": "float",
                "shape": list(a.shape),
                "v": [repr(float(x)) for x in a.ravel()],
            }
        return {"t": "float", "v": repr(float(v))}

    for seed in range(4):
        params = spec.draw(seed)
        final = {var: enc(v) for q in spec.questions for var, v in q.expected(params).items()}
        out = judge.judge(spec, seed, json.dumps({"final": final, "at_check": {}}))
        assert sum(out["scores"].values()) == spec.points and not out["review"], out
