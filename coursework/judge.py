"""Score one submission's exported answers, in a fresh process that never ran student code.

Run by :mod:`coursework.grade` as ``python -I coursework/judge.py`` with a JSON request on
stdin::

    {"spec": "ch1-principles" | "module:ATTR", "seed": <variant seed>, "export": "<text>"}

and prints one JSON line ``{"scores": {question: points}, "notes": [...], "review": bool}``.
The export text came out of the student's sandbox: it is parsed by :mod:`coursework.parse`
(plain data and whitelisted SymPy constructors only, nothing is evaluated) and then scored
by the assignment's spec (:mod:`coursework.questions`, the hidden tests, which never enter the
sandbox). Every score is clamped to ``[0, points]`` of its question; the host clamps again.

Which value is graded: the value a question's variables had right after the student's
``grader.check("qN")`` cell, if that cell ran, else their value at the end of the notebook.
If a variable was changed after its check (a name reused later), the value at the check is
graded and a note says so; if the final value would score more, the submission is marked
for review rather than silently graded lower.
"""

from __future__ import annotations

import importlib
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUESTION_SECONDS = 20.0  # wall time to score one question (a slow answer scores 0, flagged)
SCORING_SECONDS = 70.0  # all scoring together; with parse.PARSE_SECONDS, under the host's 120 s


def load_spec(ref: str) -> Any:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if ":" in ref:
        module, attr = ref.split(":", 1)
        return getattr(importlib.import_module(module), attr)
    from coursework.questions import load

    return load(ref)


def _clamp(x: Any, points: float) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError, OverflowError):
        return 0.0
    if not math.isfinite(v):
        return 0.0
    return min(max(v, 0.0), float(points))


def _kind(v: Any) -> str:
    import numpy as np

    if v is None:
        return "missing or not an answer"

    if isinstance(v, np.ndarray):
        return f"array of shape {v.shape}"
    if isinstance(v, list):
        return "list"
    if type(v).__module__.startswith("sympy"):
        return "SymPy expression"
    return type(v).__name__


def _same(a: Any, b: Any) -> bool:
    import numpy as np

    try:
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            return bool(np.array_equal(np.asarray(a, dtype=object), np.asarray(b, dtype=object)))
        return bool(type(a) is type(b) and a == b)
    except Exception:  # noqa: BLE001
        return False


def judge(spec: Any, seed: int, export_text: str) -> dict[str, Any]:
    from coursework import parse

    notes: list[str] = []
    review = False
    wanted = {v for q in spec.questions for v in q.variables}
    try:
        exported = parse.export(export_text, wanted=wanted, questions={q.name for q in spec.questions})
    except ValueError as exc:
        return {"scores": {q.name: 0.0 for q in spec.questions}, "notes": [str(exc)], "review": False}
    # the exporter never writes a malformed value: one anywhere means a forged or tampered export
    snapshots = [exported.final, *exported.at_check.values()]
    bad = sorted(
        {
            (var, v.reason)
            for snap in snapshots
            for var, v in snap.items()
            if isinstance(v, parse.NotAnswer) and v.suspicious
        }
    )
    for var, reason in bad[:5]:
        notes.append(f"{var}: not an answer, malformed export ({reason})")
    review = bool(bad)
    params = spec.draw(seed)
    scores: dict[str, float] = {}
    deadline = time.monotonic() + SCORING_SECONDS

    def budget() -> float:
        return max(0.001, min(QUESTION_SECONDS, deadline - time.monotonic()))

    for q in spec.questions:
        check = exported.at_check.get(q.name, {})
        chosen: dict[str, Any] = {}
        final_values: dict[str, Any] = {}
        changed = []
        for var in q.variables:
            final = exported.final.get(var)
            value = check[var] if var in check else final
            if isinstance(value, parse.NotAnswer) and not value.suspicious and "ellipsis" not in value.reason:
                notes.append(f"{var}: not an answer ({value.reason})")
            chosen[var] = None if isinstance(value, parse.NotAnswer) else value
            final_values[var] = None if isinstance(final, parse.NotAnswer) else final
            if var in check and var in exported.final and not _same(check[var], final):
                changed.append(var)
        try:
            seconds = budget()
            with parse.time_limit(seconds):
                score = _clamp(q.score(chosen, params), q.points)
        except parse.TooSlow:
            score, review = 0.0, True
            notes.append(f"{q.name}: scoring its answer took over {seconds:.3g} s: scored 0, look at it")
        except Exception as exc:  # noqa: BLE001 - a scoring failure is that question's 0
            score = 0.0
            notes.append(f"{q.name}: could not be scored ({type(exc).__name__})")
        if changed:
            try:
                with parse.time_limit(budget()):
                    other = _clamp(q.score(final_values, params), q.points)
            except (Exception, parse.TooSlow):  # noqa: BLE001
                other = 0.0
            what = ", ".join(f"{v} (now: {_kind(final_values[v])})" for v in changed)
            msg = f"{q.name}: {what} changed after grader.check({q.name!r}); the value at the check is graded ({score:g}/{q.points:g})"
            if other > score:
                review = True
                msg += f", the final value would score {other:g}: please review"
            notes.append(msg)
        scores[q.name] = score
    for err in exported.errors[:3]:
        notes.append(err)
    return {"scores": scores, "notes": notes, "review": review}


def main() -> int:
    request = json.loads(sys.stdin.read())
    spec = load_spec(str(request["spec"]))
    result = judge(spec, int(request["seed"]), str(request.get("export", "")))
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
