"""Run untrusted code in a bubblewrap sandbox as an unprivileged user, with hard limits.

One call of :func:`run` runs one command for one submission:

- **User.** If the grader is root, the command is started through ``setpriv`` as a dedicated
  unprivileged uid/gid (``GRADE_UID``, default 61000, plus the worker's slot number, so every
  concurrent submission has its own uid), with no supplementary groups and ``no_new_privs``;
  bubblewrap then runs unprivileged (it needs unprivileged user namespaces) with
  ``--cap-drop ALL`` and ``--disable-userns``. A uid that belongs to an existing account is
  refused. If the grader is not root, bubblewrap runs as the grader's own user.
- **Environment.** bwrap itself is started with a minimal environment (``PATH`` only), so
  ``/proc/1/environ`` inside holds nothing of the grader's; the command gets ``--clearenv`` and
  a short fixed list of variables.
- **Files.** Read-only: ``/usr``, ``/etc``, the Python installation and the venv, ``fluxlib``;
  a venv under a private ``/root`` works because bwrap
  sets the mounts up before the command drops to the sandbox uid. Nothing else of the repository (not ``coursework/``, whose question specs
  are the hidden tests, not ``_build/``, not the submissions folder). Files the command needs
  are copied in from memory (``--file``). The root, ``/proc/sys`` and every bind are
  read-only; ``/sub`` (the working folder), ``/tmp`` and ``/dev/shm`` are size-capped tmpfs.
- **Limits.** Total memory and process count of the whole submission are capped by a cgroup
  (v2, or v1 ``memory`` + ``pids``) when the grader can create one (root, usually); otherwise
  by ``RLIMIT_AS`` per process and ``RLIMIT_NPROC`` for the uid. Always: ``RLIMIT_CPU``,
  ``RLIMIT_FSIZE``, no core files, a wall-clock deadline after which every process of the
  submission is killed, and stdout/stderr read through pipes of which only the first
  ``output_bytes`` are kept (the rest is read and dropped). No network (``--unshare-all``).
  Every process of the submission has ``oom_score_adj`` 1000: if memory runs out, the kernel
  kills it before anything else.
"""

from __future__ import annotations

import os
import pwd
import selectors
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = "/sub"
RUNNER_DEST = "/opt/flux/runner.py"
CONFIG_DEST = "/opt/flux/config.json"
SUBMISSION_DEST = "/sub/submission.ipynb"
MAX_FRAME = 4 * 1024 * 1024
# every namespace but the user one (--unshare-all would map only uid 0 when run as root)
NAMESPACES = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]


@dataclass(frozen=True)
class Limits:
    """Per-submission limits. Defaults are the production ones; tests use smaller values."""

    wall_seconds: float = 600.0
    memory_mb: int = 4096  # all processes of the submission together (cgroup) or each (rlimit)
    processes: int = 256  # processes and threads of the submission
    scratch_mb: int = 256  # /sub; /tmp and /dev/shm get a quarter each
    output_bytes: int = 1_000_000  # stdout and stderr kept by the host, each
    file_mb: int = 256  # largest file one process may write


@dataclass
class Outcome:
    returncode: int | None
    stdout: bytes
    stderr: bytes
    timed_out: bool
    export: bytes | None  # the last complete frame the runner wrote, if any
    output_dropped: int = 0  # bytes of stdout/stderr read and discarded
    events: list[str] = field(default_factory=list)  # limits that were hit
    seconds: float = 0.0


def bwrap() -> str:
    path = shutil.which("bwrap") or ("/usr/bin/bwrap" if os.path.exists("/usr/bin/bwrap") else None)
    if path is None:
        raise SystemExit("grading needs bubblewrap: apt-get install -y bubblewrap")
    return path


def uid_base() -> int:
    return int(os.environ.get("GRADE_UID", "61000"))


def sandbox_uid(slot: int) -> int:
    """The dedicated uid (and gid) of worker ``slot`` when the grader is root."""
    uid = uid_base() + slot
    try:
        name = pwd.getpwuid(uid).pw_name
    except KeyError:
        return uid
    raise SystemExit(
        f"the grading sandbox runs as uid {uid}, which belongs to the account {name!r}: "
        "set GRADE_UID to a range of unused uids"
    )


def setpriv() -> str:
    """setpriv's path, which must be under /usr (the sandbox sees /usr, not /usr/local)."""
    for path in ("/usr/bin/setpriv", "/usr/sbin/setpriv"):
        if os.path.exists(path):
            return path
    raise SystemExit(
        "grading as root needs setpriv (util-linux, /usr/bin/setpriv) to drop to an unprivileged uid"
    )


def check_can_drop() -> None:
    """As root, grading needs setpriv to become the sandbox user; refuse clearly otherwise."""
    if os.geteuid() == 0:
        setpriv()


# ------------------------------------------------------------------------------- cgroups
class Cgroup:
    """A per-submission cgroup with memory and pids limits, if the grader can make one."""

    V2 = Path("/sys/fs/cgroup")
    V1 = (Path("/sys/fs/cgroup/memory"), Path("/sys/fs/cgroup/pids"))
    _n = 0

    def __init__(self, memory_mb: int, processes: int) -> None:
        Cgroup._n += 1
        name = f"flux-grade-{os.getpid()}-{Cgroup._n}-{time.monotonic_ns()}"
        self.dirs: list[Path] = []
        self.version = ""
        mem = memory_mb * 1024 * 1024
        if os.environ.get("GRADE_CGROUPS", "1") == "0":  # forced off: rlimits only
            return
        try:
            if (self.V2 / "cgroup.controllers").is_file():
                ctrls = (self.V2 / "cgroup.subtree_control").read_text().split()
                if "memory" in ctrls and "pids" in ctrls:
                    d = self.V2 / name
                    d.mkdir()
                    self.dirs = [d]
                    (d / "memory.max").write_text(str(mem))
                    if (d / "memory.swap.max").exists():
                        (d / "memory.swap.max").write_text("0")
                    (d / "pids.max").write_text(str(processes))
                    self.version = "cgroup v2"
            elif all((p / "cgroup.procs").is_file() for p in self.V1):
                m, p = (base / name for base in self.V1)
                m.mkdir()
                self.dirs = [m]
                p.mkdir()
                self.dirs.append(p)
                (m / "memory.limit_in_bytes").write_text(str(mem))
                if (m / "memory.memsw.limit_in_bytes").exists():
                    (m / "memory.memsw.limit_in_bytes").write_text(str(mem))
                (p / "pids.max").write_text(str(processes))
                self.version = "cgroup v1"
        except OSError:
            self.close()
            self.dirs, self.version = [], ""

    @classmethod
    def sweep(cls) -> None:
        """Remove empty cgroups left by a grader that was killed (its pid is gone)."""
        for base in (cls.V2, *cls.V1):
            try:
                names = [p for p in base.iterdir() if p.name.startswith("flux-grade-")]
            except OSError:
                continue
            for d in names:
                pid = d.name.split("-")[2]
                if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                    try:
                        d.rmdir()
                    except OSError:
                        pass

    def procs_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs]

    def events(self) -> list[str]:
        found = []
        for d in self.dirs:
            for fname, key, what in (
                ("memory.events", "oom_kill", "memory"),
                ("memory.oom_control", "oom_kill", "memory"),
                ("pids.events", "max", "process count"),
            ):
                try:
                    for line in (d / fname).read_text().splitlines():
                        k, _, v = line.partition(" ")
                        if k == key and v.strip() not in ("", "0"):
                            found.append(f"hit the {what} limit")
                except OSError:
                    pass
            try:
                if int((d / "memory.failcnt").read_text()) > 0:
                    found.append("hit the memory limit")
            except (OSError, ValueError):
                pass
        return sorted(set(found))

    def kill(self) -> None:
        for d in self.dirs:
            if (d / "cgroup.kill").exists():
                try:
                    (d / "cgroup.kill").write_text("1")
                except OSError:
                    pass
            for _ in range(50):
                try:
                    pids = [int(x) for x in (d / "cgroup.procs").read_text().split()]
                except OSError:
                    break
                if not pids:
                    break
                for pid in pids:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                time.sleep(0.02)

    def close(self) -> None:
        self.kill()
        for d in reversed(self.dirs):
            for _ in range(100):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.05)


def mechanism() -> str:
    """Which mechanism limits total memory and processes for this grader (for the guide/CLI)."""
    if os.geteuid() == 0:
        cg = Cgroup(64, 8)
        version = cg.version
        cg.close()
        if version:
            return f"{version} (memory.max / pids.max per submission)"
    return "rlimits (RLIMIT_AS per process, RLIMIT_NPROC per uid)"


# ------------------------------------------------------------------------------- command
def _python_roots() -> list[Path]:
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    roots.add(Path(sys.executable).resolve().parent.parent)
    out = sorted(roots)
    # drop roots nested in another root (bound with it)
    return [r for r in out if not any(r != o and o in r.parents for o in out)]


def _memfd(name: str, data: bytes) -> int:
    fd = os.memfd_create(name, 0)
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _user_count(uid: int) -> int:
    n = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    n += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                pass
    return n


def run(
    argv: list[str],
    *,
    files: dict[str, bytes],
    limits: Limits,
    slot: int = 0,
    env: dict[str, str] | None = None,
) -> Outcome:
    """Run ``argv`` in a fresh sandbox; ``files`` maps sandbox paths to their content."""
    t0 = time.monotonic()
    fds: list[int] = []
    root = os.geteuid() == 0
    cg = Cgroup(limits.memory_mb, limits.processes) if root else None
    export_r, export_w = os.pipe()
    try:
        cmd = [bwrap(), *NAMESPACES, "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
        if root:
            # bwrap sets up the mounts as root; the command itself starts through setpriv,
            # which becomes the sandbox uid with no capabilities and no_new_privs
            cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]
        else:
            cmd += ["--unshare-user", "--disable-userns"]
        cmd += ["--ro-bind", "/usr", "/usr"]
        for link in ("bin", "lib", "lib64", "lib32", "sbin"):
            if os.path.islink(f"/{link}"):
                cmd += ["--symlink", os.readlink(f"/{link}"), f"/{link}"]
            elif os.path.isdir(f"/{link}"):
                cmd += ["--ro-bind", f"/{link}", f"/{link}"]
        cmd += ["--ro-bind", "/etc", "/etc", "--proc", "/proc", "--dev", "/dev"]
        cmd += ["--ro-bind", "/proc/sys", "/proc/sys"]  # bwrap leaves it writable otherwise
        if os.path.exists("/proc/sysrq-trigger"):
            cmd += ["--ro-bind", "/proc/sysrq-trigger", "/proc/sysrq-trigger"]
        quarter = max(1, limits.scratch_mb // 4) * 1024 * 1024
        cmd += ["--size", str(quarter), "--perms", "1777", "--tmpfs", "/tmp"]
        cmd += ["--size", str(quarter), "--perms", "1777", "--tmpfs", "/dev/shm"]
        cmd += ["--size", str(limits.scratch_mb * 1024 * 1024), "--perms", "1777", "--tmpfs", SCRATCH]
        made: set[Path] = {Path("/")}
        for src in [*_python_roots(), ROOT / "fluxlib", Path(RUNNER_DEST)]:
            for parent in reversed(src.parents):
                if parent not in made and not str(parent).startswith(("/usr", "/etc", SCRATCH)):
                    cmd += ["--perms", "0755", "--dir", str(parent)]  # bwrap would make it 0700
                    made.add(parent)
            if src != Path(RUNNER_DEST):
                cmd += ["--ro-bind", str(src), str(src)]
        for dest, data in files.items():
            fd = _memfd(Path(dest).name, data)
            fds.append(fd)
            cmd += ["--perms", "0444", "--file", str(fd), dest]
        cmd += ["--remount-ro", "/", "--chdir", SCRATCH, "--clearenv"]
        inner_env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "HOME": SCRATCH,
            "LANG": "C.UTF-8",
            "MPLBACKEND": "Agg",
            "FLUXLIB_WIDGETS": "static",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            "JUPYTER_PLATFORM_DIRS": "1",
            "FLUX_EXPORT_FD": str(export_w),
            **(env or {}),
        }
        for key, value in inner_env.items():
            cmd += ["--setenv", key, value]
        cmd += ["--"]
        if root:
            uid = sandbox_uid(slot)
            cmd += [setpriv(), f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
            cmd += ["--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"]
        cmd += argv

        mem = limits.memory_mb * 1024 * 1024
        nproc = limits.processes
        if not root:
            nproc += _user_count(os.getuid())  # RLIMIT_NPROC counts the grader's own processes too
        rl = [
            "prlimit",
            f"--nproc={nproc}",
            f"--cpu={int(limits.wall_seconds) + 1}",
            f"--fsize={limits.file_mb * 1024 * 1024}",
            "--core=0",
            "--nofile=1024",
        ]
        if cg is None or not cg.version:
            rl.append(f"--as={mem}")
        rl.append("--")
        join = []
        if cg is not None and cg.version:
            join = [
                "/bin/sh",
                "-c",
                'for f in "$@"; do [ "$f" = -- ] && break; echo $$ > "$f"; shift; done; shift; exec "$@"',
                "sh",
            ]
            join += [*cg.procs_files(), "--"]
        # the OOM killer's first choice is the submission, never the grader or the host's
        # services: with only RLIMIT_AS (per process) a submission can exceed the RAM; set by
        # root, a student cannot lower it again
        oom = ["/bin/sh", "-c", 'echo 1000 > /proc/self/oom_score_adj 2>/dev/null; exec "$@"', "sh"]
        full = [*oom, *join, *rl, *cmd]
        proc = subprocess.Popen(
            full,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(*fds, export_w),
            env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
            start_new_session=True,
            close_fds=True,
        )
        for fd in fds:
            os.close(fd)
        fds.clear()
        os.close(export_w)
        export_w = -1
        out = _collect(proc, export_r, limits, t0, cg)
        out.seconds = round(time.monotonic() - t0, 2)
        if cg is not None and cg.version:
            out.events = cg.events()
        return out
    finally:
        for fd in fds:
            os.close(fd)
        if export_w >= 0:
            os.close(export_w)
        os.close(export_r)
        if cg is not None:
            cg.close()


def _collect(proc: subprocess.Popen, export_r: int, limits: Limits, t0: float, cg: Cgroup | None) -> Outcome:
    sel = selectors.DefaultSelector()
    assert proc.stdout is not None and proc.stderr is not None
    keep = {"out": bytearray(), "err": bytearray()}
    dropped = 0
    frames = bytearray()
    last_frame: bytes | None = None
    export_budget = 256 * 1024 * 1024
    for f, key in ((proc.stdout, "out"), (proc.stderr, "err"), (export_r, "export")):
        if not isinstance(f, int):
            os.set_blocking(f.fileno(), False)
        sel.register(f, selectors.EVENT_READ, key)
    deadline = t0 + limits.wall_seconds
    timed_out = False
    exited_at = None
    while sel.get_map():
        now = time.monotonic()
        if now > deadline and not timed_out:
            timed_out = proc.poll() is None
            _kill(proc, cg)
        if exited_at is None and proc.poll() is not None:
            exited_at = now
        if exited_at is not None and now - exited_at > 5:
            break  # a straggler holds a pipe open after the sandbox died: stop reading
        for sk, _ in sel.select(timeout=0.5):
            fileobj = sk.fileobj
            fd = fileobj if isinstance(fileobj, int) else fileobj.fileno()  # type: ignore[union-attr]
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                continue
            except OSError:
                chunk = b""
            if not chunk:
                sel.unregister(fileobj)
                continue
            if sk.data == "export":
                export_budget -= len(chunk)
                if export_budget < 0:
                    sel.unregister(fileobj)
                    continue
                frames += chunk
                while True:
                    head, nl, rest = bytes(frames[:16]).partition(b"\n")
                    if not nl:
                        if len(frames) > 16:
                            frames.clear()  # not a frame header: drop the garbage
                        break
                    try:
                        size = int(head)
                    except ValueError:
                        frames.clear()
                        break
                    if size < 0 or size > MAX_FRAME:
                        frames.clear()
                        break
                    start = len(head) + 1
                    if len(frames) < start + size:
                        break
                    last_frame = bytes(frames[start : start + size])
                    del frames[: start + size]
            else:
                buf = keep[sk.data]
                room = limits.output_bytes - len(buf)
                if room > 0:
                    buf += chunk[:room]
                dropped += max(0, len(chunk) - max(room, 0))
    sel.close()
    if proc.poll() is None:
        _kill(proc, cg)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _kill(proc, cg)
        proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    return Outcome(proc.returncode, bytes(keep["out"]), bytes(keep["err"]), timed_out, last_frame, dropped)


def _kill(proc: subprocess.Popen, cg: Cgroup | None) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    if cg is not None:
        cg.kill()
