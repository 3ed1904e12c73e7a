"""Grade a folder of submissions: ``make grade ASSIGNMENT=<name> SUBMISSIONS=<folder>``.

Running a notebook and judging its answers are kept apart:

1. **Run** (:mod:`coursework.runner` in :mod:`coursework.sandbox`): each notebook runs in its
   own bubblewrap sandbox as an unprivileged uid, with the course's Python kernel, capped
   memory, processes, output, scratch space and wall time. The sandbox holds no test: it
   only exports the answer variables as plain data.
2. **Judge** (:mod:`coursework.judge`): a fresh ``python -I`` process that never ran student
   code parses the export without evaluating it (:mod:`coursework.parse`) and scores it with
   the assignment's spec (:mod:`coursework.questions`) at the student's seed. Scores are
   capped per question.

Every entry of the folder gets a row in ``<folder>/grades.csv`` (except ``grades.csv`` and
``grading-results/``, the grader's own output): notebooks of any letter case, other files,
folders, links (never followed), unreadable files. Columns: ``submission``, one per
question (manual ones left blank), ``total``, ``status`` (``graded``, ``check``,
``timeout``, ``failed``, ``skipped``), ``note``. Text cells are escaped against spreadsheet
formulas. Details per submission go to ``<folder>/grading-results/``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import queue
import re
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursework import sandbox
from coursework.judge import load_spec

ROOT = Path(__file__).resolve().parents[1]
BUILT = ROOT / "_build" / "assignments"
RUNNER = ROOT / "coursework" / "runner.py"
JUDGE = ROOT / "coursework" / "judge.py"
OUTPUTS = ("grades.csv", "grading-results")
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
KEEP_BYTES = 256 * 1024  # larger files are read again when their turn comes (digest checked)
JUDGE_SECONDS = 120.0
JUDGE_MEMORY_MB = 2048


@dataclass
class Entry:
    name: str  # the file name as found (may hold anything but '/')
    kind: str  # "file", or why it is skipped
    data: bytes | None = None
    student: str = ""
    note: str = ""
    digest: str = ""
    handout: dict[str, Any] | None = None  # metadata["flux_assignment"] of the notebook, if any
    path: Path | None = None  # where to read it again (data is None: a large file)
    check: bool = False  # graded, but marked for the instructor to look at


@dataclass
class Result:
    submission: str
    scores: dict[str, float] = field(default_factory=dict)
    status: str = "graded"
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)


# ------------------------------------------------------------------------------ the folder
def student_id(name: str) -> str:
    """``alice.ipynb`` -> ``alice``; suffixes ``.ipynb``/``.json`` of any case are stripped."""
    stem = name
    while True:
        low = stem.lower()
        for suffix in (".ipynb", ".json"):
            if low.endswith(suffix) and len(stem) > len(suffix):
                stem = stem[: -len(suffix)]
                break
        else:
            return stem


def read_file(path: Path) -> bytes | str:
    """The bytes of a regular file (never through a link), or why it cannot be graded."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        return f"unreadable ({exc.strerror})"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped after lstat
            return "not a regular file"
        chunks, size = [], 0
        while size <= MAX_NOTEBOOK_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        return f"unreadable ({exc.strerror})"
    finally:
        os.close(fd)
    if len(data) > MAX_NOTEBOOK_BYTES:
        return "grew while being read: not graded"
    return data


def same_id(student: str) -> str:
    """The form two ids are compared in: the seed ignores surrounding spaces
    (:meth:`~coursework.questions.AssignmentSpec.seed_for`); case and Unicode look-alike forms
    (NFKC) are folded so that ``Alice`` and ``alice`` are noticed as one student."""
    return unicodedata.normalize("NFKC", student.strip()).casefold()


def handout(data: bytes) -> dict[str, Any] | None:
    """The ``flux_assignment`` metadata ``make assignments`` writes in each copy it hands out:
    ``{"name": assignment, "student": id or None}``; None when absent or unreadable."""
    if b'"flux_assignment"' not in data:
        return None
    try:
        nb = json.loads(data)
    except (ValueError, RecursionError):
        return None
    meta = nb.get("metadata") if isinstance(nb, dict) else None
    found = meta.get("flux_assignment") if isinstance(meta, dict) else None
    if not isinstance(found, dict):
        return None
    name, student = found.get("name"), found.get("student")
    return {
        "name": name[:100] if isinstance(name, str) else None,
        "student": student[:100] if isinstance(student, str) else None,
    }


def scan(folder: Path) -> list[Entry]:
    """Every entry of the folder, classified without following any link."""
    entries: list[Entry] = []
    seen: dict[str, list[str]] = {}
    ids: dict[str, list[str]] = {}
    for name in sorted(os.listdir(folder)):
        if name in OUTPUTS:
            continue
        path = folder / name
        try:
            st = os.lstat(path)
        except OSError as exc:
            entries.append(Entry(name, "skipped", note=f"cannot be examined ({exc.strerror})"))
            continue
        if stat.S_ISLNK(st.st_mode):
            entries.append(
                Entry(name, "skipped", note="a symbolic link: not followed; ask for the file itself")
            )
            continue
        if stat.S_ISDIR(st.st_mode):
            entries.append(Entry(name, "skipped", note="a folder, not a notebook: look inside it yourself"))
            continue
        if not stat.S_ISREG(st.st_mode):
            entries.append(Entry(name, "skipped", note="not a regular file"))
            continue
        if st.st_size > MAX_NOTEBOOK_BYTES:
            entries.append(
                Entry(
                    name,
                    "skipped",
                    note=f"larger than {MAX_NOTEBOOK_BYTES // 2**20} MB: not a plausible notebook",
                )
            )
            continue
        data = read_file(path)
        if isinstance(data, str):
            entries.append(Entry(name, "skipped", note=data))
            continue
        if not data.lstrip()[:1] == b"{":
            entries.append(Entry(name, "skipped", note="not a notebook (not JSON)"))
            continue
        entry = Entry(name, "file", data=data, student=student_id(name))
        notes = []
        if not name.lower().endswith(".ipynb"):
            notes.append("the name does not end in .ipynb; graded as a notebook")
        entry.digest = hashlib.sha256(data).hexdigest()
        entry.handout = handout(data)
        if len(data) > KEEP_BYTES:  # a class of large files must not fill the grader's memory
            entry.data, entry.path = None, path
        seen.setdefault(entry.digest, []).append(name)
        ids.setdefault(same_id(entry.student), []).append(name)
        entry.note = "; ".join(notes)
        entries.append(entry)
    for entry in entries:  # two files for one student id (case, spaces, NFKC folded): both marked
        if entry.kind != "file":
            continue
        others = [n for n in ids.get(same_id(entry.student), []) if n != entry.name]
        if others:
            entry.check = True
            entry.note = "; ".join(
                filter(None, [entry.note, f"same student id as {', '.join(repr(n) for n in others[:5])}"])
            )
    for entry in entries:  # byte-identical files: each row names the others
        same = [n for n in seen.get(entry.digest, []) if n != entry.name]
        if same:
            entry.note = "; ".join(filter(None, [entry.note, "same content as " + ", ".join(same[:5])]))
    return entries


# ------------------------------------------------------------------------------ one submission
def _text(data: bytes, limit: int = 300) -> str:
    return data.decode("utf-8", errors="replace")[-limit:]


def run_judge(spec_ref: str, seed: int, export: bytes) -> dict[str, Any]:
    request = json.dumps({"spec": spec_ref, "seed": seed, "export": export.decode("utf-8", errors="replace")})
    limit = JUDGE_MEMORY_MB * 1024 * 1024
    proc = subprocess.run(
        ["prlimit", f"--as={limit}", "--core=0", "--", sys.executable, "-I", str(JUDGE)],
        input=request.encode(),
        capture_output=True,
        timeout=JUDGE_SECONDS,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "MPLBACKEND": "Agg"},
        cwd=str(ROOT),
    )
    if proc.returncode != 0:
        raise RuntimeError(f"the judge failed: {_text(proc.stderr, 200).strip().splitlines()[-1:]}")
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


def _clamp_score(x: Any, points: float) -> float:
    try:
        v = float(x)
    except (TypeError, ValueError, OverflowError):
        return 0.0
    return min(max(v if v == v else 0.0, 0.0), float(points))


def variant_check(
    entry: Entry, spec: Any, seed: int, per_student: bool
) -> tuple[list[str], tuple[str, int] | None]:
    """Notes on whose copy a notebook is, and the other variant to judge it at, if any.

    The file name picks the variant graded. A copy made by ``make assignments`` names its
    assignment and student in its metadata: a file renamed by a course platform
    (``alice (1).ipynb``) or the course-wide copy handed in under per-student grading would
    otherwise be graded silently against numbers its student never saw."""
    notes: list[str] = []
    meta = entry.handout
    if meta is None:
        return notes, None
    if meta["name"] is not None and meta["name"] != spec.name:
        notes.append(f"this is a copy of the assignment {meta['name']!r}, not {spec.name!r}")
    student = meta["student"]
    if per_student:
        if student is None:
            return notes, ("the course-wide copy, not a per-student one", spec.seed_for(seed, None))
        if student.strip() != entry.student.strip():
            return notes, (
                f"the copy handed out to student {student!r}, in a file named as {entry.student!r}",
                spec.seed_for(seed, student),
            )
    elif student is not None:
        return notes, (f"the per-student copy of {student!r}", spec.seed_for(seed, student))
    return notes, None


def grade_one(
    entry: Entry,
    spec: Any,
    spec_ref: str,
    seed: int,
    config: bytes,
    limits: sandbox.Limits,
    slot: int,
    other: tuple[str, int] | None = None,
) -> Result:
    """Run and judge one submission at variant ``seed``; ``other`` = (why, seed) of a second
    variant it may have been written for (judged too, reported, never graded)."""
    result = Result(entry.name)
    if entry.note:
        result.notes.append(entry.note)
    out = sandbox.run(
        [sys.executable, "-I", sandbox.RUNNER_DEST, sandbox.SUBMISSION_DEST, sandbox.CONFIG_DEST],
        files={
            sandbox.RUNNER_DEST: RUNNER.read_bytes(),
            sandbox.CONFIG_DEST: config,
            sandbox.SUBMISSION_DEST: entry.data or b"",
        },
        limits=limits,
        slot=slot,
    )
    result.seconds = out.seconds
    result.detail = {"stderr": _text(out.stderr, 2000), "returncode": out.returncode, "limits": out.events}
    flagged = []
    if out.timed_out:
        result.status = "timeout"
        flagged.append(f"stopped after {limits.wall_seconds:g} s; answers reached by then are graded")
    flagged += out.events
    if out.output_dropped:
        flagged.append(f"printed more than {limits.output_bytes} bytes; the rest was dropped")
    if out.export is None:
        result.scores = {q.name: 0.0 for q in spec.questions}
        if result.status != "timeout":
            result.status = "failed"
            last = [ln for ln in _text(out.stderr, 2000).splitlines() if ln.strip()][-1:] or [
                "no answers came out"
            ]
            flagged.append(f"the notebook could not be run: {last[0][:200]}")
        result.notes += flagged
        return result
    try:
        doc = json.loads(out.export)
        runner_errors = doc.get("errors", []) if isinstance(doc, dict) else []
        if isinstance(doc, dict) and doc.get("output_truncated"):
            flagged.append("printed a lot of output")
    except (ValueError, RecursionError):
        runner_errors = []
    if not isinstance(runner_errors, list):
        runner_errors = []
    if out.returncode != 0 and not out.timed_out:
        flagged.append(f"the run ended abnormally (exit status {out.returncode})")
    if any(isinstance(e, str) and e.startswith("not a readable notebook") for e in runner_errors):
        result.status = "skipped"
        result.scores = {}
        result.notes.append("not a notebook (nbformat could not read it)")
        return result
    t_judge = time.monotonic()
    try:
        judged = run_judge(spec_ref, seed, out.export)
    except subprocess.TimeoutExpired:
        result.scores = {q.name: 0.0 for q in spec.questions}
        result.status = "check"
        result.notes += [*flagged, f"judging its answers took over {JUDGE_SECONDS:g} s: scored 0, look at it"]
        return result
    result.detail["judge_seconds"] = round(time.monotonic() - t_judge, 2)
    result.detail["sandbox_seconds"] = out.seconds
    result.seconds = round(out.seconds + result.detail["judge_seconds"], 2)
    scores = judged.get("scores", {}) if isinstance(judged, dict) else {}
    for q in spec.questions:
        result.scores[q.name] = _clamp_score(scores.get(q.name, 0.0), q.points)
    notes = [str(n) for n in judged.get("notes", [])][:12]
    if other is not None:
        why, other_seed = other
        try:
            alt = run_judge(spec_ref, other_seed, out.export)
            alt_total = sum(_clamp_score(alt.get("scores", {}).get(q.name), q.points) for q in spec.questions)
            flagged.append(
                f"{why}: graded for the file name ({sum(result.scores.values()):g} points); "
                f"at the numbers of the copy handed out it would score {alt_total:g}"
            )
        except (subprocess.TimeoutExpired, RuntimeError, ValueError, AttributeError):
            flagged.append(f"{why}: graded for the file name")
    if result.status == "graded" and (flagged or judged.get("review") or runner_errors):
        result.status = "check"
    result.notes += flagged + notes
    return result


# ------------------------------------------------------------------------------ the CSV
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "|", "%")
# C0/C1 controls, line and paragraph separators, and the invisible format characters (bidi
# overrides and isolates, zero-width ones) that make one file name display as another
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)


def cell(text: str) -> str:
    """A CSV text cell safe for spreadsheets: no control characters, no leading formula sign."""
    text = str(text).encode("utf-8", "backslashreplace").decode("utf-8")  # undecodable file names
    text = _CONTROL.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text
    )
    return "'" + text if text.startswith(_FORMULA) else text


def course(name: str) -> tuple[int, bool]:
    """The course seed and whether variants are per student, from ``make assignments``."""
    meta = BUILT / name / "course.json"
    try:
        data = json.loads(meta.read_text())
        return int(data["seed"]), bool(data.get("per_student", False))
    except (OSError, ValueError, KeyError, TypeError):
        # grading at the public seed would give the public solution full marks and every
        # student who worked their own course numbers zero: never guess
        raise SystemExit(
            f"{meta} is missing or unreadable: build the assignment with `make assignments` on "
            "this machine, or give the course seed: --seed N [--per-student]"
        ) from None


def check_outputs(folder: Path) -> None:
    """Refuse to start if ``grades.csv`` or ``grading-results`` in the folder is not the
    grader's own output (a submission of that name would be overwritten, or get no row)."""
    csv_path, keep = (folder / o for o in OUTPUTS)
    if csv_path.is_symlink():
        return  # replaced by the new file, never written through (see _write)
    if csv_path.exists():
        try:
            with csv_path.open("rb") as f:
                ours = csv_path.is_file() and f.read(11) == b"submission,"
        except OSError:
            ours = False
        if not ours:
            raise SystemExit(
                f"{csv_path} is not a grades.csv written by the grader: move it away (it would be overwritten)"
            )
    if keep.exists() and not keep.is_symlink() and not keep.is_dir():
        raise SystemExit(f"{keep} is not the grader's folder of details: move it away")


def parallel_jobs(jobs: int, root: bool) -> int:
    """Submissions run at once. A grader that is not root runs every sandbox as its own uid,
    and ``RLIMIT_NPROC`` counts the processes of a uid: a submission forking up to its limit
    would leave a concurrent one unable to start its kernel. So only one at a time then."""
    return max(1, jobs) if root else 1


def grade(
    name: str,
    folder: Path,
    *,
    limits: sandbox.Limits | None = None,
    jobs: int = 2,
    spec_ref: str | None = None,
    seed: int | None = None,
    per_student: bool | None = None,
) -> Path:
    """Grade every entry of ``folder``; return the path of ``grades.csv``."""
    limits = limits or sandbox.Limits()
    sandbox.bwrap()
    sandbox.check_can_drop()
    if os.geteuid() == 0:
        sandbox.Cgroup.sweep()
    folder = Path(folder)
    if not folder.is_dir():
        raise SystemExit(f"{folder} is not a folder")
    check_outputs(folder)
    wanted_jobs = jobs
    jobs = parallel_jobs(jobs, os.geteuid() == 0)
    if jobs != max(1, wanted_jobs):
        print("not root: one submission at a time (they share your uid's process limit)", file=sys.stderr)
    spec_ref = spec_ref or name
    spec = load_spec(spec_ref)
    if seed is None:
        seed, default_per_student = course(name)
        per_student = default_per_student if per_student is None else per_student
    per_student = bool(per_student)
    if os.geteuid() == 0:
        for slot in range(jobs):
            sandbox.sandbox_uid(slot)  # refuse an existing account's uid before starting
    manual = [m.name for m in getattr(spec, "manual", ())]
    config = json.dumps(
        {
            "questions": {q.name: list(q.variables) for q in spec.questions},
            "output_bytes": limits.output_bytes,
        }
    ).encode()
    entries = scan(folder)
    results: list[Result] = []
    slots: queue.Queue[int] = queue.Queue()
    for i in range(max(1, jobs)):
        slots.put(i)

    def work(entry: Entry) -> Result:
        if entry.kind != "file":
            return Result(entry.name, status="skipped", notes=[entry.note])
        if entry.data is None and entry.path is not None:
            data = read_file(entry.path)
            if isinstance(data, str) or hashlib.sha256(data).hexdigest() != entry.digest:
                why = data if isinstance(data, str) else "the file changed while the folder was graded"
                return Result(
                    entry.name, status="failed", notes=[why], scores={q.name: 0.0 for q in spec.questions}
                )
            entry.data = data
        slot = slots.get()
        t0 = time.monotonic()
        try:
            variant = spec.seed_for(seed, entry.student if per_student else None)
            notes, other = variant_check(entry, spec, seed, per_student)
            if notes:
                entry.note = "; ".join(filter(None, [entry.note, *notes]))
            if other is not None and other[1] == variant:
                other = None
            result = grade_one(entry, spec, spec_ref, variant, config, limits, slot, other)
            if (notes or entry.check) and result.status == "graded":
                result.status = "check"
            return result
        except Exception as exc:  # noqa: BLE001 - one submission never stops the others
            r = Result(
                entry.name, status="failed", notes=[f"grader error: {type(exc).__name__}: {exc}"[:300]]
            )
            r.scores = {q.name: 0.0 for q in spec.questions}
            r.seconds = round(time.monotonic() - t0, 2)
            return r
        finally:
            slots.put(slot)
            if entry.path is not None:
                entry.data = None

    out = folder / "grades.csv"
    keep = folder / "grading-results"
    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(work, entries))
    finally:
        done = {r.submission for r in results}
        results += [
            Result(e.name, status="failed", notes=["grading was interrupted"])
            for e in entries
            if e.name not in done
        ]
        _write(out, keep, results, spec, manual)
    possible = sum(q.points for q in spec.questions)
    for r in results:
        total = sum(r.scores.values())
        print(
            cell(f"{r.submission}: {total:g}/{possible:g} ({r.status}, {r.seconds} s) {'; '.join(r.notes)}")[
                :300
            ]
        )
    print(
        f"{out}: {len(results)} rows, out of {possible:g} autograded points; manual: {', '.join(manual) or 'none'}"
    )
    return out


def _write(out: Path, keep: Path, results: list[Result], spec: Any, manual: list[str]) -> None:
    names = [q.name for q in spec.questions]
    fd, tmp_name = tempfile.mkstemp(prefix=".grades-", suffix=".csv", dir=out.parent)
    tmp = Path(tmp_name)
    with os.fdopen(fd, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["submission", *names, *manual, "total", "status", "note"])
        for r in results:
            graded = r.status != "skipped"
            row = [f"{r.scores.get(n, 0.0):g}" if graded else "" for n in names]
            total = f"{sum(r.scores.get(n, 0.0) for n in names):g}" if graded else ""
            note = "; ".join(n for n in r.notes if n)
            w.writerow(
                [cell(r.submission), *row, *([""] * len(manual)), total, cell(r.status), cell(note[:1000])]
            )
    os.replace(tmp, out)  # replaces a link named grades.csv, never writes through it
    try:
        keep.mkdir(exist_ok=True)
    except OSError:
        pass
    if keep.is_symlink() or not keep.is_dir():
        print(f"warning: {keep} is not a folder: per-submission details not written", file=sys.stderr)
        return
    for i, r in enumerate(results):
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", r.submission)[:80]
        detail = {
            "submission": r.submission,
            "scores": r.scores,
            "status": r.status,
            "notes": r.notes,
            **r.detail,
        }
        path = keep / f"{i:03d}-{safe}.json"
        if path.is_symlink():
            path.unlink()
        path.write_text(json.dumps(detail, indent=1))


def main(argv: list[str] | None = None) -> int:
    env = os.environ.get
    parser = argparse.ArgumentParser(description="Grade every entry of a folder of submissions.")
    parser.add_argument("assignment")
    parser.add_argument("submissions", type=Path)
    parser.add_argument(
        "--timeout", type=float, default=float(env("GRADE_TIMEOUT", 600)), help="seconds per submission"
    )
    parser.add_argument(
        "--memory", type=int, default=int(env("GRADE_MEMORY_MB", 4096)), help="MB per submission"
    )
    parser.add_argument("--processes", type=int, default=int(env("GRADE_PROCESSES", 256)))
    parser.add_argument("--jobs", type=int, default=int(env("GRADE_JOBS", os.cpu_count() or 1)))
    parser.add_argument(
        "--seed", type=int, default=None, help="course seed (default: _build/.../course.json)"
    )
    parser.add_argument("--per-student", action=argparse.BooleanOptionalAction, default=None)
    args = parser.parse_args(argv)
    # a SIGTERM unwinds like Ctrl-C: sandboxes are killed, cgroups removed, grades.csv written
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    limits = sandbox.Limits(wall_seconds=args.timeout, memory_mb=args.memory, processes=args.processes)
    print(f"limits: {sandbox.mechanism()}")
    grade(
        args.assignment,
        args.submissions,
        limits=limits,
        jobs=args.jobs,
        seed=args.seed,
        per_student=args.per_student,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
