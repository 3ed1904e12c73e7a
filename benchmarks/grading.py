"""Grading throughput (a benchmark, not a test): honest submissions per minute on 2 jobs.

``python benchmarks/grading.py [N]`` writes N (default 30) correct ch1-principles submissions,
built from the spec at a fixed course seed as ``tests/grading_attacks/craft.py`` builds them,
into a temporary folder and grades them with ``coursework.grade.grade`` at the production
limits and ``jobs=2`` (the 2-core reference machine), exactly as ``make grade`` does. Writes
``_build/bench/grading.json`` (submissions per minute, seconds per submission in the sandbox
and in the judge) and prints a table. Every submission must score full marks, or the
benchmark fails.

Reference: the otter-based grader this replaced (``otter run`` in a sandbox plus a re-check
in a second sandbox) graded :data:`BASELINE_PER_MINUTE` of these per minute on the reference
machine; the target is to stay at or above it.
"""

from __future__ import annotations

import csv
import json
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coursework import grade, sandbox  # noqa: E402
from coursework.questions import load  # noqa: E402
from tests.grading_attacks import craft  # noqa: E402

OUT = ROOT / "_build" / "bench" / "grading.json"
SEED = 2026
# the grader before issue 11 (otter run in bwrap, then a re-check in a second sandbox): 10 of
# these in 284 s with 2 jobs on the shared 2-core reference machine (load ~8), 2.1 per minute;
# this grader did 10 in 43 s there and then
BASELINE_PER_MINUTE = 2.1


def main(n: int = 30) -> dict:
    spec = load("ch1-principles")
    cells = craft.answer_cells(spec, spec.draw(SEED))
    with tempfile.TemporaryDirectory(prefix="flux-bench-grading-") as tmp:
        folder = Path(tmp)
        for i in range(n):
            (folder / f"student{i:03d}.ipynb").write_text(craft.notebook([*cells, f"# student {i}"]))
        t0 = time.perf_counter()
        out = grade.grade(
            "ch1-principles", folder, limits=sandbox.Limits(), jobs=2, seed=SEED, per_student=False
        )
        elapsed = time.perf_counter() - t0
        with out.open(newline="") as f:
            rows = list(csv.DictReader(f))
        details = [json.loads(p.read_text()) for p in sorted((folder / "grading-results").iterdir())]
    bad = [r["submission"] for r in rows if float(r["total"]) != spec.points]
    if bad:
        raise SystemExit(f"benchmark submissions did not score full marks: {bad}")
    per_minute = n / elapsed * 60
    sandbox_s = sum(d.get("sandbox_seconds", 0) for d in details) / n
    judge_s = sum(d.get("judge_seconds", 0) for d in details) / n
    result = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": platform.platform(),
        "submissions": n,
        "jobs": 2,
        "limits": sandbox.mechanism(),
        "seconds": round(elapsed, 1),
        "per_minute": round(per_minute, 2),
        "sandbox_seconds_each": round(sandbox_s, 2),
        "judge_seconds_each": round(judge_s, 2),
        "baseline_per_minute": BASELINE_PER_MINUTE,
        "at_least_baseline": per_minute >= BASELINE_PER_MINUTE,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1))
    print(f"{'grading throughput':<28}{'value':>12}")
    for key in (
        "submissions",
        "seconds",
        "per_minute",
        "sandbox_seconds_each",
        "judge_seconds_each",
        "baseline_per_minute",
    ):
        print(f"{key:<28}{result[key]:>12}")
    print(f"-> {OUT}")
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
