"""Seeded assignments: each course's numbers come from its seed, and the public solution does
not answer them.

Builds are shared: one course build of the three assignments at ``COURSE`` seed, one
per-student build of assignment 1, and one execution of each master (with an export cell) at
the public seed and at the course seed, all module-scoped and written to temporary folders.
"""

from __future__ import annotations

import ast
import json
import math
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import numpy as np
import pytest
import sympy
from nbclient import NotebookClient

from coursework import assign
from coursework.questions import NAMES, PUBLIC_SEED, fmt, load

COURSE = 918273645  # a course's seed (any seed other than the public one)
STUDENTS = ["alice", "bob.smith@uni"]

EXPORT = """
import json as _json, numbers as _numbers
import numpy as _np, sympy as _sympy
_out = {}
for _name in %r:
    _v = globals().get(_name)
    if isinstance(_v, _numbers.Real):
        _out[_name] = ["num", float(_v)]
    elif isinstance(_v, _np.ndarray):
        _out[_name] = ["array", _v.astype(float).tolist()]
    elif isinstance(_v, _sympy.Expr):
        _out[_name] = ["sympy", _sympy.srepr(_v)]
print("EXPORT" + _json.dumps(_out))
"""


def parse(exported: dict[str, list]) -> dict[str, object]:
    """Exported answers back to plain data, as the grader's judge receives them."""
    out: dict[str, object] = {}
    for name, (kind, value) in exported.items():
        if kind == "num":
            out[name] = float(value)
        elif kind == "array":
            out[name] = np.asarray(value, dtype=float)
        else:
            out[name] = sympy.sympify(value)
    return out


def solution_answers(name: str, seed: int) -> dict[str, object]:
    """Execute the master rendered at ``seed`` and export the answers its solution leaves."""
    spec = load(name)
    master = assign.masters()[name]
    nb = assign.render(nbformat.read(master, as_version=4), spec, spec.draw(seed))
    variables = [v for q in spec.questions for v in q.variables]
    nb.cells.append(nbformat.v4.new_code_cell(EXPORT % (variables,)))
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(master.parent)}}
    ).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return parse(json.loads(text.split("EXPORT", 1)[1]))


@pytest.fixture(scope="module")
def answers() -> dict[tuple[str, int], dict[str, object]]:
    return {(name, seed): solution_answers(name, seed) for name in NAMES for seed in (PUBLIC_SEED, COURSE)}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("course")
    assert assign.main(["--seed", str(COURSE), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def per_student(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("per-student")
    ids = out / "students.txt"
    ids.write_text("# my class\n" + "\n".join(STUDENTS) + "\n\n")
    args = ["ch1-principles", "--seed", str(COURSE), "--students", str(ids), "--out", str(out)]
    assert assign.main(args) == 0
    return out


def master_cells(name: str) -> list:
    return nbformat.read(assign.masters()[name], as_version=4).cells


def parameter_cell(cells: list):
    tagged = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "one parameter cell, tagged 'parameters'"
    return tagged[0]


def assigned(source: str) -> dict[str, object]:
    """The values a parameter cell assigns (it is plain assignments of literals)."""
    env: dict[str, object] = {}
    exec(compile(source, "<parameters>", "exec"), {}, env)
    return env


# --------------------------------------------------------------------------- specs, no builds
@pytest.mark.parametrize("name", NAMES)
def test_every_draw_is_valid_for_the_model(name):
    """Over many course and student seeds: values from the allowed round sets, constraints
    hold, expected answers finite and physically sensible, full marks for them and none for
    a blank."""
    spec = load(name)
    seeds = list(range(60)) + [spec.seed_for(COURSE, f"student{i}") for i in range(40)]
    for seed in seeds:
        p = spec.draw(seed)
        assert p == spec.draw(seed), "a draw is deterministic"
        assert set(p) == {q.name for q in spec.params}
        for param in spec.params:
            assert p[param.name] in param.values
            assert len(fmt(p[param.name]).replace("-", "").replace(".", "").strip("0")) <= 3
        for c in spec.constraints:
            assert c.ok(p), c.why
        for q in spec.questions:
            e = q.expected(p)
            for part in q.parts:
                v = e[part.variable]
                if part.kind == "sympy":
                    assert isinstance(v, sympy.Expr) and v.free_symbols
                else:
                    assert np.all(np.isfinite(np.asarray(v, dtype=float)))
            assert q.score(e, p) == q.points
            assert q.score({}, p) == 0
            assert q.score(dict.fromkeys(q.variables), p) == 0
        check_physics(name, p, spec)


def check_physics(name: str, p: dict, spec) -> None:
    """Invariants every draw must keep (the public tests check the same ones)."""
    e = {k: v for q in spec.questions for k, v in q.expected(p).items()}
    if name == "ch1-principles":
        assert math.isclose(e["q1_content"], p["j_in"] * p["t_end"], rel_tol=1e-8)
        assert 0 < e["q2_flow"] < p["S"]
        pA, pB, pC, pD = e["q2_potential"]
        assert pA > pB > pC > pD == 0, "flow runs downhill from A to D"
        assert math.sqrt(p["D_rod"] * p["t_end"]) <= 0.5 * p["L_rod"], "q5: the front is in the left half"
        assert e["q3_current"] > 0 and e["q3_affinity"] > 0
    elif name == "ch2-steady":
        assert e["q1_flux"] > 0 and p["T_out"] < e["q1_T_wool"] < p["T_in"]
        peak = p["s_rod"] * p["L_rod"] ** 2 / (8 * p["D_rod"])
        assert math.isclose(e["q2_cmax"], peak, rel_tol=1e-3)
        assert 2.0 < spec.derived(p)["factor"] < 2.4, "q5: a little over two"
        assert math.isclose(e["q2_outflow"], p["s_rod"] * p["L_rod"], rel_tol=1e-9)
        assert p["R_23"] < e["q3_R"] < p["R_01"] + p["R_12"] + p["R_02"] + p["R_23"]
    else:
        Q = p["Q_in"]
        assert Q / 2 < e["q1_QA"] < Q
        assert math.isclose(e["q2_tau"], (p["L_A"] + p["L_B"]) / (p["R_A"] + p["R_B"]), rel_tol=1e-9)
        assert e["q1_QA"] < e["q2_QA_end"] < Q, "read while pipe A still gives up flow"
        assert math.isclose(e["q3_ratio"], p["heat"] ** -1.5, rel_tol=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_two_seeds_give_different_numbers_and_answers(name):
    spec = load(name)
    public, course = spec.draw(PUBLIC_SEED), spec.draw(COURSE)
    for q in spec.questions:
        a, b = q.expected(public), q.expected(course)
        for part in q.parts:
            x, y = a[part.variable], b[part.variable]
            if part.kind == "sympy":
                assert sympy.simplify(x - y) != 0, (q.name, x, y)
            else:
                assert not np.allclose(x, y, rtol=100 * part.rtol), (q.name, x, y)
    assert spec.seed_for(COURSE, "alice") != spec.seed_for(COURSE, "bob")
    assert spec.seed_for(COURSE, "alice") == spec.seed_for(COURSE, " alice\n")
    assert spec.seed_for(COURSE, "alice") != spec.seed_for(COURSE + 1, "alice")
    assert spec.seed_for(COURSE, None) == COURSE


@pytest.mark.parametrize("name", NAMES)
def test_master_holds_the_public_values_and_names_every_parameter(name):
    """The committed master is the public render: it runs as it is, its parameter cell
    assigns exactly the spec's parameters at the public seed, its text names each one, and its
    questions are the spec's."""
    spec = load(name)
    cells = master_cells(name)
    public = spec.draw(PUBLIC_SEED)
    for cell in cells:
        if cell.cell_type == "code":
            assert assign.render_code(cell.source, public) == cell.source
    assert assigned(parameter_cell(cells).source) == public
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    named = {m[1] for m in assign.PLACEHOLDER.finditer(text)}
    assert {p.name for p in spec.params} <= named
    assign.render_text(text, {**spec.values(public), "seed_note": ""})  # every placeholder known
    questions = []
    for cell in cells:
        if cell.cell_type == "raw" and cell.source.lstrip().startswith("# BEGIN QUESTION"):
            questions.append(assign_yaml(cell.source))
    autograded = [(str(c["name"]), float(c["points"])) for c in questions if not c.get("manual")]
    manual = [(str(c["name"]), float(c["points"])) for c in questions if c.get("manual")]
    assert autograded == [(q.name, q.points) for q in spec.questions]
    assert manual == [(q.name, q.points) for q in spec.manual]


def assign_yaml(source: str) -> dict:
    import yaml

    return yaml.safe_load(source.split("\n", 1)[1])


def test_score_never_raises_and_reads_lists_as_arrays():
    spec = load("ch1-principles")
    p = spec.draw(7)
    odd = [
        "3.0",
        True,
        [1.0, "x"],
        [[1.0], [1.0, 2.0]],
        np.array(["a"]),
        float("nan"),
        float("inf"),
        10**400,
        {"a": 1},
        object(),
        sympy.Symbol("x"),
        sympy.Function("c")(sympy.Symbol("x")),
        1j,
    ]
    for q in spec.questions:
        for value in odd:
            assert q.score(dict.fromkeys(q.variables, value), p) == 0, (q.name, value)
        assert q.score("not a mapping", p) == 0  # type: ignore[arg-type]
    q2 = spec.question("q2")
    e = q2.expected(p)
    assert q2.score({"q2_flow": e["q2_flow"], "q2_potential": list(e["q2_potential"])}, p) == 3
    assert q2.score({"q2_flow": e["q2_flow"], "q2_potential": e["q2_potential"][:3]}, p) == 1.5
    # symbols are matched by name: assumptions on a student's symbols do not matter
    L, D0, c0, cL = sympy.symbols("L D_0 c_0 c_L")
    a = p["a"]
    assert spec.question("q4").score({"q4_flux": a * D0 * (c0 - cL) / (L * sympy.log(1 + a))}, p) == 3
    assert spec.question("q4").score({"q4_flux": D0 * (c0 - cL) / L}, p) == 0


# --------------------------------------------------------------------------- review fixes
def markdown(name: str) -> str:
    """The master's markdown, whitespace joined."""
    return " ".join(" ".join(c.source for c in master_cells(name) if c.cell_type == "markdown").split())


def test_ch1_q2_grades_the_solved_network_not_the_supply():
    """q2 was half graded on node_balance, which is the supply [S, 0, 0, -S] whatever the
    network: it now grades the junction potentials from D, which need the network solved."""
    spec = load("ch1-principles")
    q2 = spec.question("q2")
    assert q2.variables == ("q2_flow", "q2_potential") and q2.points == 3
    for seed in range(40):
        p = spec.draw(seed)
        S, gAB, gBC, gAC, gCD = (p[k] for k in ("S", "g_AB", "g_BC", "g_AC", "g_CD"))
        # by hand: A→B→C (series) in parallel with A→C, then all of S through C→D
        q_ac = S * gAC / (gAC + gAB * gBC / (gAB + gBC))
        pC = S / gCD
        want = [pC + q_ac / gAC, pC + (S - q_ac) / gBC, pC, 0.0]
        e = q2.expected(p)
        assert np.allclose(e["q2_potential"], want, rtol=1e-9, atol=1e-12)
        # the supply vector, the old answer, earns only the flow's points
        supply = {"q2_flow": e["q2_flow"], "q2_potential": [S, 0.0, 0.0, -S]}
        assert q2.score(supply, p) == 1.5
    p = spec.draw(PUBLIC_SEED)  # g 2.5, 1, 2.5, 3.5, S 18.6: C at 18.6/3.5, A 14.47/2.5 above
    assert np.allclose(q2.expected(p)["q2_potential"], [11.10095, 9.44762, 5.31429, 0.0], rtol=1e-5)
    assert "node_balance" not in markdown("ch1-principles")


def test_ch1_rod_is_nondimensional_and_q5_pile_up_holds():
    """The rod's D (0.02-0.5) is no real material's (a metal's is below 2e-4 m²/s): the rod is
    stated to be in scaled units; and the q5 model answer's pile-up at D/10 needs the front
    sqrt(D t) inside the left half at D, which a constraint now keeps."""
    spec = load("ch1-principles")
    for name in ("L_rod", "D_rod", "t_end", "j_in"):
        assert spec._by_name[name].unit == ""
    text = markdown("ch1-principles")
    assert "This rod is nondimensional" in text and "not the values of a real material" in text
    assert "m²/s" not in text and "{{depth}} m" not in text
    assert "less than half of the rod ({{L_rod}})" in text
    worst = max(math.sqrt(p["D_rod"] * p["t_end"]) / p["L_rod"] for p in (spec.draw(s) for s in range(2000)))
    assert worst <= 0.5
    # the reviewer's worst old draw (L 0.5, D 0.5, t 10: sqrt(D t) = 2.24, over four rods) is refused
    c = spec.constraints[0]
    assert not c.ok({"L_rod": 0.5, "D_rod": 0.5, "t_end": 10.0})
    assert spec.draw(PUBLIC_SEED)["D_rod"] == 0.23  # the public numbers are unchanged


def test_ch2_rod_units_peak_comment_and_halving_factor():
    spec = load("ch2-steady")
    assert (
        spec._by_name["D_rod"].unit == "" and "per unit volume per unit time" in spec._by_name["s_rod"].text
    )
    text = markdown("ch2-steady")
    assert "This rod is nondimensional" in text and "m²/s" not in text
    # the largest cell equals the peak s L²/(8 D) (the closure lifts the parabola by s h²/(8D))
    for seed in range(20):
        p = spec.draw(seed)
        peak = p["s_rod"] * p["L_rod"] ** 2 / (8 * p["D_rod"])
        assert math.isclose(spec.question("q2").expected(p)["q2_cmax"], peak, rel_tol=1e-10)
    code = " ".join(c.source for c in master_cells("ch2-steady") if c.cell_type == "code")
    assert "miss by a relative" not in code and "the largest cell value equals the peak" in code
    # halving the loss: R_wool' = R_wool + sum R, so the thickness factor is 1 + sum R / R_wool
    p = spec.draw(PUBLIC_SEED)  # wool 0.19 m at 0.037, brick 0.2 m
    r = [0.0125 / 0.21, 0.19 / 0.037, 0.2 / 0.72]
    assert spec.derived(p)["factor"] == round(1 + sum(r) / r[1], 2) == 2.07
    assert "roughly doubling the insulation thickness" not in text
    assert "multiply the wool's thickness by about {{factor}}, a little over two" in text


def test_ch3_units_lumped_caveat_coulomb_log_and_physiology():
    spec = load("ch3-redistribution")
    units = {n: spec._by_name[n].unit for n in ("Q_in", "R_A", "R_B", "L_A", "L_B")}
    assert units == {
        "Q_in": "mL/s",
        "R_A": "kPa s/mL",
        "R_B": "kPa s/mL",
        "L_A": "kPa s²/mL",
        "L_B": "kPa s²/mL",
    }
    text = markdown("ch3-redistribution")
    assert "L/s" not in text.replace("mL/s", "")
    assert "kPa s mL⁻¹" in text and "kPa s² mL⁻¹" in text
    assert "real pipe redistributes more slowly than this $\\tau$" in text
    # q3 states the Coulomb logarithm it grades with, and the grading fixes it too
    assert "fixed Coulomb logarithm $\\ln\\Lambda = 17$" in text
    from fluxlib.models import plasma

    p = spec.draw(PUBLIC_SEED)
    eta = spec.question("q3").expected(p)["q3_eta"]
    assert math.isclose(eta, plasma.spitzer_coefficient(1.0) * 17.0 / p["T_e"] ** 1.5, rel_tol=1e-12)
    # 17 is about 30 % above the NRL value at 100 eV (13.6 at 1e19 m⁻³), as the question says
    assert 1.2 < 17.0 / float(plasma.coulomb_log(100.0, 1e19)) < 1.4
    # q5: blood inertia does not set the pace of redistribution between organs
    assert "the inertia of the blood in the vessels sets *how fast*" not in text
    assert "How fast it gets there is not set by the blood's inertia" in text
    assert "only a few milliseconds" in text and "takes seconds" in text
    assert "scaled illustration" in text
    # a hand check of 'milliseconds' (Pipe model, blood rho 1060 kg/m³): renal artery
    # (r 2.5 mm, 4 cm) and femoral path (r 4 mm, 0.5 m) for L; kidney and leg beds at 93 mmHg
    # (1.1 and 0.35 L/min) for R
    L = 1060 * 0.04 / (math.pi * 2.5e-3**2) + 1060 * 0.5 / (math.pi * 4e-3**2)
    dp = 93 * 133.322
    R = dp / (1.1e-3 / 60) + dp / (0.35e-3 / 60)
    assert 1e-3 < L / R < 1e-2


def test_bad_templates_and_student_lists_are_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown parameters"):
        assign.render_code("nope = 1.0  # drawn", {"a": 2.0})
    with pytest.raises(ValueError, match="must be 'name"):
        assign.render_code("f(a=1)  # drawn", {"a": 2.0})
    with pytest.raises(ValueError, match="names no parameter"):
        assign.render_text("L = {{missing}} m", {"a": "2"})
    ids = tmp_path / "ids.txt"
    ids.write_text("alice\n../etc/passwd\n")
    with pytest.raises(SystemExit, match="not usable as a file name"):
        assign.read_students(ids)
    ids.write_text("alice\nalice\n")
    with pytest.raises(SystemExit, match="listed twice"):
        assign.read_students(ids)


# --------------------------------------------------------------------------- executed solutions
@pytest.mark.parametrize("seed", [PUBLIC_SEED, COURSE])
@pytest.mark.parametrize("name", NAMES)
def test_solution_scores_full_marks_and_blank_zero(answers, name, seed):
    spec = load(name)
    params = spec.draw(seed)
    got = answers[(name, seed)]
    for q in spec.questions:
        assert q.score(got, params) == q.points, (q.name, {v: got.get(v) for v in q.variables})
        assert q.score({v: None for v in q.variables}, params) == 0


@pytest.mark.parametrize("name", NAMES)
def test_public_solution_scores_no_more_than_blank_against_a_course(answers, name):
    spec = load(name)
    params = spec.draw(COURSE)
    public = answers[(name, PUBLIC_SEED)]
    for q in spec.questions:
        blank = q.score({}, params)
        assert q.score(public, params) <= blank == 0, q.name


# --------------------------------------------------------------------------- builds
@pytest.mark.parametrize("name", NAMES)
def test_course_build(course, name):
    spec = load(name)
    params = spec.draw(COURSE)
    d = course / name
    assert json.loads((d / "course.json").read_text()) == {"seed": COURSE, "per_student": False}
    zip_path = d / "autograder" / "autograder.zip"
    with zipfile.ZipFile(zip_path) as zf:
        reqs = " ".join(
            zf.read(n).decode() for n in zf.namelist() if n in ("requirements.txt", "environment.yml")
        )
        tests = {n: zf.read(n).decode() for n in zf.namelist() if n.startswith("tests/")}
    assert "fluxlib" in reqs
    hidden = assign.hidden_tests(zip_path)
    assert {f"q{i}" for i in range(1, 5)} == {Path(n).stem for n in tests}
    # every hidden test holds this course's drawn values (as otter writes them: tuples of literals)
    drawn_in_tests = {}
    for text in tests.values():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef) and node.name in hidden:
                first = next(s for s in node.body if isinstance(s, ast.Assign))
                names = [t.id for t in getattr(first.targets[0], "elts", [first.targets[0]])]
                values = ast.literal_eval(first.value)
                values = values if isinstance(values, tuple) else (values,)
                drawn_in_tests.update(zip(names, values, strict=True))
    assert drawn_in_tests and all(params[k] == v for k, v in drawn_in_tests.items())
    student = d / "student" / f"{name}.ipynb"
    check_student_copy(student, name, params, hidden, assign.seed_note(COURSE, None))
    assert "drawn for your course" in student.read_text()
    assert "Model answer" in (d / "autograder" / f"{name}.ipynb").read_text()


def check_student_copy(path: Path, name: str, params: dict, hidden: list[str], note: str) -> None:
    """States the drawn values (text and parameter cell), shows no solution or hidden test."""
    spec = load(name)
    raw = path.read_text()
    nb = nbformat.read(path, as_version=4)
    assert assigned(parameter_cell(nb.cells).source) == params
    student_md = [c.source for c in nb.cells if c.cell_type == "markdown"]
    values = spec.values(params)
    for cell in master_cells(name):
        if cell.cell_type == "markdown" and assign.PLACEHOLDER.search(cell.source):
            if "Model answer" in cell.source:
                continue
            rendered = assign.render_text(cell.source, {**values, "seed_note": note})
            assert rendered in student_md, f"the student copy should state: {rendered[:200]}"
    for md in student_md:
        assert "{{" not in md
    for marker in ("BEGIN SOLUTION", "# SOLUTION", "Model answer", "hidden: true", *hidden):
        assert marker not in raw, marker
    assert str(COURSE) not in raw, "a student copy never shows the course seed"
    answers = [c.source for c in nb.cells if c.cell_type == "code" and "= ..." in c.source]
    assert len(answers) >= 4, "each autograded question leaves a blank for the answer"


def test_per_student_copies(per_student):
    spec = load("ch1-principles")
    d = per_student / "ch1-principles"
    assert json.loads((d / "course.json").read_text()) == {"seed": COURSE, "per_student": True}
    assert sorted(p.name for p in (d / "student").glob("*.ipynb")) == sorted(f"{s}.ipynb" for s in STUDENTS)
    hidden = assign.hidden_tests(d / "autograder" / "autograder.zip")
    drawn = {}
    for sid in STUDENTS:
        path = d / "student" / f"{sid}.ipynb"
        params = spec.draw(spec.seed_for(COURSE, sid))
        check_student_copy(path, "ch1-principles", params, hidden, assign.seed_note(COURSE, sid))
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata["flux_assignment"] == {"name": "ch1-principles", "student": sid}
        assert f"student `{sid}`" in path.read_text()
        drawn[sid] = params
    assert drawn["alice"] != drawn["bob.smith@uni"]
    assert spec.draw(COURSE) not in drawn.values()


def test_otter_zip_grades_the_course_not_the_public_solution(course, tmp_path):
    """The Gradescope zip still works: otter run gives the course solution full marks and the
    public solution nothing (its hidden tests compute with fluxlib at the course's values)."""
    name = "ch1-principles"
    zip_path = course / name / "autograder" / "autograder.zip"
    solution = nbformat.read(course / name / "autograder" / f"{name}.ipynb", as_version=4)
    course_solution = tmp_path / "course" / f"{name}.ipynb"
    course_solution.parent.mkdir()
    nbformat.write(solution, course_solution)
    # the public solution: the same notebook at the public values (otter's assignment
    # metadata kept, so otter accepts it)
    public_solution = tmp_path / "public" / f"{name}.ipynb"
    public_solution.parent.mkdir()
    nbformat.write(assign.render(solution, load(name), load(name).draw(PUBLIC_SEED)), public_solution)

    def run(path: Path) -> dict[str, float]:
        cmd = [str(assign.OTTER), "run", "--no-logo", "-a", str(zip_path), "-o", str(path.parent), str(path)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
        results = json.loads((path.parent / "results.json").read_text())
        return {t["name"]: t["score"] for t in results["tests"] if t["name"] != "Public Tests"}

    with ThreadPoolExecutor(max_workers=2) as pool:
        course_scores, public_scores = pool.map(run, [course_solution, public_solution])
    spec = load(name)
    assert course_scores == {q.name: q.points for q in spec.questions}
    assert public_scores == {q.name: 0.0 for q in spec.questions}
