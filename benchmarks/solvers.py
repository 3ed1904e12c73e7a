"""Solver and import-time benchmarks in one process (a benchmark, not a test).

``python benchmarks/solvers.py [--quick]`` runs ``bench_fv.run()`` (fluxlib.fv against a bare
banded solve, FiPy and py-pde) and ``bench_network.run()`` (FlowNetwork against
networkx + spsolve), measures the cost of importing fluxlib, and writes the merged result,
with the machine's cpu count, load average and library versions, to
``_build/bench/solvers.json``; it prints a table.

Import cost: each statement is run in a fresh interpreter (``python -X importtime -c ...``), 7
times, interleaved; the median of the total import time (sum of the top-level ``-X importtime``
entries, which excludes interpreter start-up) and of the wall time of the whole process are
kept. Target: ``import fluxlib`` costs at most 1.25x ``import numpy, scipy.sparse.linalg``.
``import fluxlib`` is lazy (the core modules load on first use), so the first-use cost,
``import fluxlib; fluxlib.Grid; fluxlib.FlowNetwork``, is measured against the same baseline too.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as bench_network: no BLAS oversubscription

import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
OUT = ROOT / "_build" / "bench" / "solvers.json"
IMPORT_RATIO_MAX = 1.25
IMPORT_RUNS = 7
IMPORTS = {
    "baseline": "import numpy, scipy.sparse.linalg",
    "fluxlib": "import fluxlib",
    "fluxlib_core": "import fluxlib; fluxlib.Grid; fluxlib.FlowNetwork",
}


def _one_import(stmt: str) -> tuple[float, float]:
    """(import time in s from -X importtime, wall time of the process in s)."""
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", stmt],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    wall = time.perf_counter() - t
    total_us = 0
    for line in proc.stderr.splitlines():
        # "import time: self [us] | cumulative | imported package"; top level = no indent
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line[len("import time:") :].split("|")
        if not name.startswith("  ") and name.strip():
            total_us += int(cumulative)
    return total_us / 1e6, wall


def import_times(runs: int = IMPORT_RUNS) -> dict:
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in IMPORTS}
    for _ in range(runs):  # interleaved, so load changes hit every statement alike
        for key, stmt in IMPORTS.items():
            samples[key].append(_one_import(stmt))
    out: dict = {"runs": runs, "statements": IMPORTS, "load_average": list(os.getloadavg())}
    for key, s in samples.items():
        out[key] = {
            "importtime_median_s": statistics.median(x for x, _ in s),
            "wall_median_s": statistics.median(w for _, w in s),
            "importtime_s": [x for x, _ in s],
            "wall_s": [w for _, w in s],
        }
    base = out["baseline"]["importtime_median_s"]
    for key in ("fluxlib", "fluxlib_core"):
        ratio = out[key]["importtime_median_s"] / base
        out[key]["ratio_to_baseline"] = ratio
        out[key]["wall_ratio_to_baseline"] = out[key]["wall_median_s"] / out["baseline"]["wall_median_s"]
        out[key]["meets_target"] = ratio <= IMPORT_RATIO_MAX
    out["target"] = {"max_ratio": IMPORT_RATIO_MAX, "pass": out["fluxlib"]["meets_target"]}
    return out


def machine() -> dict:
    import numpy
    import scipy

    return {
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "platform": platform.platform(),
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def run(quick: bool = False) -> dict:
    import bench_fv
    import bench_network

    res: dict = {"machine_start": machine(), "quick": quick}
    res["imports"] = import_times(3 if quick else IMPORT_RUNS)
    t = time.perf_counter()
    res["fv"] = bench_fv.run(quick=quick)
    res["fv"]["wall_s"] = time.perf_counter() - t
    res["fv"]["load_average_after"] = list(os.getloadavg())
    t = time.perf_counter()
    res["network"] = bench_network.run(quick=quick)
    res["network"]["wall_s"] = time.perf_counter() - t
    res["machine"] = machine()
    targets = {f"fv: {k}": v.get("pass") for k, v in res["fv"]["targets"].items()}
    targets.update({f"network: {k}": v.get("pass") for k, v in res["network"]["targets"].items()})
    targets[f"import fluxlib <= {IMPORT_RATIO_MAX}x numpy+scipy.sparse.linalg"] = res["imports"]["target"][
        "pass"
    ]
    res["targets"] = targets
    return res


def table(res: dict) -> str:
    import bench_fv
    import bench_network

    m = res["machine"]
    lines = [
        f"machine: {m['cpus']} CPUs, load average {tuple(round(x, 2) for x in res['machine_start']['load_average'])}"
        f" at start, {tuple(round(x, 2) for x in m['load_average'])} at end; python {m['python']},"
        f" numpy {m['numpy']}, scipy {m['scipy']}; {m['timestamp']}",
        "",
        f"== finite volumes (bench_fv, {res['fv']['wall_s']:.0f} s)",
        bench_fv._table(res["fv"]),
        "",
        f"== networks (bench_network, {res['network']['wall_s']:.0f} s)",
        f"{'case':28s} {'nodes':>8s} {'edges':>8s} {'fluxlib s':>10s} {'rel.resid':>10s} {'nx+spsolve s':>14s}  method",
    ]
    for r in res["network"]["rows"]:
        nxs = r["networkx_spsolve_s"]
        nxs = f"{nxs:14.3f}" if isinstance(nxs, float) else f"{'skipped':>14s}"
        lines.append(
            f"{r['case']:28s} {r['nodes']:8d} {r['edges']:8d} {r['fluxlib_s']:10.3f} "
            f"{r['relative_residual']:10.1e} {nxs}  {r['method']}"
        )
    lines.append(bench_network._transient_table(res["network"]["transient"]))
    imp = res["imports"]
    lines += [
        "",
        f"== import cost (fresh interpreters, median of {imp['runs']}, load {imp['load_average'][0]:.2f})",
        f"{'statement':<52} {'-X importtime':>13} {'wall':>8} {'ratio':>6}",
    ]
    for key, stmt in imp["statements"].items():
        r = imp[key]
        ratio = f"{r['ratio_to_baseline']:.2f}x" if "ratio_to_baseline" in r else "1x"
        lines.append(
            f"{stmt:<52} {1e3 * r['importtime_median_s']:>10.1f} ms {1e3 * r['wall_median_s']:>5.0f} ms {ratio:>6}"
        )
    lines += ["", "== targets"]
    for k, v in res["targets"].items():
        lines.append(f"  {'PASS' if v else ('n/a ' if v is None else 'FAIL')}  {k}")
    return "\n".join(lines)


if __name__ == "__main__":
    result = run(quick="--quick" in sys.argv)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, default=str))
    print(table(result))
    print(f"written to {OUT.relative_to(ROOT)}")
