"""Cold and warm ``jupyter-book build`` times (a benchmark, not a test).

``python benchmarks/build.py [--keep]`` copies the working tree (tracked files plus untracked,
non-ignored ones, i.e. what ``git status`` would show, uncommitted edits included) into a
temporary directory, so the developers' ``_build`` is never touched, and there:

1. **cold**: no ``_build`` at all (no jupyter-cache, no HTML), ``jupyter-book build`` executes
   every notebook;
2. **warm**: the same command again with nothing changed (the cache and Sphinx's environment
   are reused).

The copy's ``fluxlib`` is put first on ``PYTHONPATH`` so the build and its kernels use the
snapshot. MathJax (``book/_static/mathjax``, git-ignored) is copied from the working tree, or
fetched with ``tools/fetch_mathjax.sh`` if absent. Writes ``_build/bench/build.json``.
Targets: cold <= 300 s, warm <= 30 s on the 2-core reference machine.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "bench" / "build.json"
TARGETS = {"cold_max_s": 300, "warm_max_s": 30}
FLAGS = ["--warningiserror", "--keep-going"]  # as `make book`


def _tree_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return [p for p in out.split("\0") if p]


def make_copy(dest: Path) -> None:
    for rel in _tree_files():
        src = ROOT / rel
        if not src.is_file():  # deleted in the working tree
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    mj = ROOT / "book" / "_static" / "mathjax"
    if (mj / "tex-chtml.js").is_file():
        shutil.copytree(mj, dest / "book" / "_static" / "mathjax")
    else:
        subprocess.run(["bash", "tools/fetch_mathjax.sh"], cwd=dest, check=True)


def timed_build(tree: Path, log: Path) -> dict:
    jb = Path(sys.executable).with_name("jupyter-book")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), os.environ.get("PYTHONPATH", "")])}
    load_before = os.getloadavg()
    t0 = time.perf_counter()
    with log.open("w") as fh:
        proc = subprocess.run(
            [str(jb), "build", ".", *FLAGS], cwd=tree, env=env, stdout=fh, stderr=subprocess.STDOUT
        )
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "returncode": proc.returncode,
        "load_average_before": list(load_before),
        "load_average_after": list(os.getloadavg()),
        "log_tail": log.read_text(errors="replace").splitlines()[-5:],
    }


def run(keep: bool = False) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="flux-bench-build-"))
    tree = tmp / "flux"
    try:
        make_copy(tree)
        # cold: nothing cached (the copy has no _build; make sure of it)
        shutil.rmtree(tree / "_build" / ".jupyter_cache", ignore_errors=True)
        shutil.rmtree(tree / "_build" / "html", ignore_errors=True)
        cold = timed_build(tree, tmp / "cold.log")
        warm = timed_build(tree, tmp / "warm.log")
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    ok = cold["returncode"] == 0 and warm["returncode"] == 0
    result = {
        "cold_s": cold["seconds"],
        "warm_s": warm["seconds"],
        "targets": TARGETS,
        "meets": {
            "cold": ok and cold["seconds"] <= TARGETS["cold_max_s"],
            "warm": ok and warm["seconds"] <= TARGETS["warm_max_s"],
        },
        "builds_succeeded": ok,
        "cold": cold,
        "warm": warm,
        "command": ["jupyter-book", "build", ".", *FLAGS],
        "tree": str(tree) + (" (kept)" if keep else " (removed)"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
    }
    return result


def table(res: dict) -> str:
    t = res["targets"]
    rows = [
        f"{'build':<6} {'seconds':>8} {'target':>8}  {'met':<4} {'load avg (1 min) before/after':>30}",
    ]
    for kind, key in (("cold", "cold_max_s"), ("warm", "warm_max_s")):
        r = res[kind]
        met = "yes" if res["meets"][kind] else "NO"
        la = f"{r['load_average_before'][0]:.2f}/{r['load_average_after'][0]:.2f}"
        rows.append(f"{kind:<6} {r['seconds']:>8.1f} {t[key]:>8}  {met:<4} {la:>30}")
        if r["returncode"] != 0:
            rows.append(f"  {kind} build FAILED (exit {r['returncode']}): " + " | ".join(r["log_tail"]))
    rows.append(f"on {res['machine']['cpus']} CPUs, {res['machine']['timestamp']}")
    return "\n".join(rows)


if __name__ == "__main__":
    res = run(keep="--keep" in sys.argv)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(res, indent=1))
    print(table(res))
    print(f"written to {OUT.relative_to(ROOT)}")
