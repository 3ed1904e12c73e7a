"""Benchmark of FlowNetwork.solve on random sparse networks and 2-D grids (not a test).

``python benchmarks/bench_network.py [--quick]`` prints a table; ``run(quick)`` returns a
JSON-able dict. The comparison ("networkx+spsolve") builds the weighted Laplacian with
``networkx.laplacian_matrix``, grounds node 0 and calls scipy's default ``spsolve``; it is
run only at sizes where it finishes in reasonable time (skips are recorded).
Timings include building the FlowNetwork from an integer edge array.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # avoid BLAS thread oversubscription

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import fluxlib as fl  # noqa: E402


def random_edges(n, m, rng):
    perm = rng.permutation(n)
    tails, heads = perm[1:], perm[rng.integers(0, np.arange(1, n))]
    extra = m - (n - 1)
    u, v = rng.integers(0, n, extra), rng.integers(0, n, extra)
    keep = u != v
    return np.c_[np.r_[tails, u[keep]], np.r_[heads, v[keep]]]


def grid_edges(nx):
    idx = np.arange(nx * nx).reshape(nx, nx)
    return np.c_[
        np.r_[idx[:, :-1].ravel(), idx[:-1, :].ravel()], np.r_[idx[:, 1:].ravel(), idx[1:, :].ravel()]
    ]


def _networkx_solve(E, n, c, b):
    import networkx as nx
    import scipy.sparse.linalg as spla

    G = nx.Graph()
    G.add_nodes_from(range(n))
    for (u, v), w in zip(E.tolist(), c.tolist(), strict=True):
        if G.has_edge(u, v):
            G[u][v]["weight"] += w
        else:
            G.add_edge(u, v, weight=w)
    L = nx.laplacian_matrix(G, nodelist=range(n), weight="weight").tocsc().astype(float)
    p = np.zeros(n)
    p[1:] = spla.spsolve(L[1:, 1:], b[1:])
    return p


def case(name, E, rng, compare):
    t0 = time.perf_counter()
    net = fl.FlowNetwork(E)
    n = net.n_nodes
    b = rng.standard_normal(n)
    b -= b.mean()
    c = rng.uniform(0.1, 10, net.n_edges)
    r = net.solve(b, c)
    elapsed = time.perf_counter() - t0
    row = {
        "case": name,
        "nodes": n,
        "edges": net.n_edges,
        "fluxlib_s": round(elapsed, 3),
        "residual": r.residual,
        "relative_residual": r.residual / np.abs(b).max(),
        "method": r.method,
    }
    if compare:
        t0 = time.perf_counter()
        p = _networkx_solve(E, n, c, b)
        row["networkx_spsolve_s"] = round(time.perf_counter() - t0, 3)
        x = c * (p[E[:, 0]] - p[E[:, 1]])
        bal = np.bincount(E[:, 0], x, n) - np.bincount(E[:, 1], x, n)
        row["networkx_residual"] = float(np.abs(bal - b).max())
    else:
        row["networkx_spsolve_s"] = "skipped (spsolve fill-in: > 60 s expected at this size)"
    return row


def transient_cases(rng, quick: bool) -> list[dict]:
    """FlowNetwork.solve_transient on random loopy networks (R, L > 0), 201 output times:
    a constant supply (exact modal solution) and a supply changing in time (sampled every
    dt = 0.01 and integrated exactly per mode between samples)."""
    rows = []
    sizes = [(100, 200), (300, 600)] if quick else [(100, 200), (300, 600), (1000, 2000)]
    for n, m in sizes:
        E = random_edges(n, m, rng)
        net = fl.FlowNetwork(E)
        w = rng.standard_normal(net.n_nodes)
        w -= w.mean()
        R = rng.uniform(0.5, 2.0, net.n_edges)
        L = rng.uniform(0.1, 1.0, net.n_edges)
        t = np.linspace(0.0, 2.0, 201)
        Q0 = np.zeros(net.n_edges)
        row = {"case": f"random n={n} m={m}", "loops": net.cycle_rank}
        for key, supply, kw in (
            ("constant_s", w, {}),
            ("varying_s", lambda s, w=w: w * (1 + np.sin(3 * s)), {"dt": 0.01}),
        ):
            best = np.inf
            for _ in range(3):
                t0 = time.perf_counter()
                tr = net.solve_transient(supply, R, L, Q0, t, **kw)
                best = min(best, time.perf_counter() - t0)
            row[key] = round(best, 4)
            row[key.replace("_s", "_balance_error")] = float(
                np.abs(net.incidence() @ tr.flow[-1] - (w if key == "constant_s" else supply(t[-1]))).max()
            )
        rows.append(row)
    return rows


def run(quick: bool = False) -> dict:
    rng = np.random.default_rng(0)
    specs = [
        ("random n=1e3 m=3e3", lambda: random_edges(1000, 3000, rng), True),
        ("grid 32x32 (m~2e3)", lambda: grid_edges(32), True),
        ("random n=1e4 m=3e4", lambda: random_edges(10_000, 30_000, rng), False),
        ("grid 100x100 (m~2e4)", lambda: grid_edges(100), True),
    ]
    if not quick:
        specs += [
            ("random n=1e5 m=3e5", lambda: random_edges(100_000, 300_000, rng), False),
            ("grid 316x316 (m~2e5)", lambda: grid_edges(316), False),
            ("random n=3.3e5 m=1e6", lambda: random_edges(333_333, 1_000_000, rng), False),
            ("grid 707x707 (m~1e6)", lambda: grid_edges(707), False),
        ]
    rows = [case(name, make(), rng, compare) for name, make, compare in specs]
    targets = {}
    for r in rows:
        if r["case"].startswith("random n=1e5"):
            targets["1e5 nodes / 3e5 edges <= 1 s"] = {
                "seconds": r["fluxlib_s"],
                "pass": r["fluxlib_s"] <= 1.0,
            }
        if r["edges"] >= 900_000:
            targets[f"{r['case']}: 1e6 edges <= 10 s"] = {
                "seconds": r["fluxlib_s"],
                "pass": r["fluxlib_s"] <= 10.0,
            }
    transient = transient_cases(rng, quick)
    return {
        "rows": rows,
        "transient": transient,
        "targets": targets,
        "load_average": list(os.getloadavg()),
        "cpus": os.cpu_count(),
    }


def _transient_table(rows: list[dict]) -> str:
    lines = [f"{'transient case':28s} {'loops':>6s} {'constant s':>11s} {'varying s':>10s}  balance errors"]
    for r in rows:
        lines.append(
            f"{r['case']:28s} {r['loops']:6d} {r['constant_s']:11.4f} {r['varying_s']:10.4f}  "
            f"{r['constant_balance_error']:.1e}, {r['varying_balance_error']:.1e}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    res = run(quick="--quick" in sys.argv)
    print(
        f"{'case':28s} {'nodes':>8s} {'edges':>8s} {'fluxlib s':>10s} {'rel.resid':>10s} {'nx+spsolve s':>14s}  method"
    )
    for r in res["rows"]:
        nxs = r["networkx_spsolve_s"]
        nxs = f"{nxs:14.3f}" if isinstance(nxs, float) else f"{'skipped':>14s}"
        print(
            f"{r['case']:28s} {r['nodes']:8d} {r['edges']:8d} {r['fluxlib_s']:10.3f} "
            f"{r['relative_residual']:10.1e} {nxs}  {r['method']}"
        )
    print(_transient_table(res["transient"]))
    for k, v in res["targets"].items():
        print(f"target {k}: {v['seconds']:.2f} s -> {'PASS' if v['pass'] else 'FAIL'}")
    print(f"load average {res['load_average']} on {res['cpus']} CPUs")
    if "--json" in sys.argv:
        print(json.dumps(res, indent=1, default=str))
