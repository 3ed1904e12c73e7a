"""Run one command in a bubblewrap sandbox with a wall-clock timeout and a memory limit.

The sandbox sees a read-only system (``/usr``, ``/etc``), the read-only Python installation
and virtual environment, the read-only ``fluxlib`` and ``coursework`` sources, the files
passed in ``ro`` and one writable scratch folder mounted at ``/sub``. Nothing else of the
repository is visible (not the master notebooks, not ``_build/``, not other submissions), the
network, PID, IPC and UTS namespaces are private, and ``/tmp`` is an empty tmpfs.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = "/sub"


def bwrap() -> str:
    path = shutil.which("bwrap")
    if path is None:
        raise SystemExit("grading needs bubblewrap: apt-get install -y bubblewrap")
    return path


@dataclass
class Outcome:
    returncode: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    timed_out: bool


def _python_roots() -> list[Path]:
    """Folders the venv's interpreter needs: the venv itself and the base installation."""
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    exe = Path(sys.executable)
    roots.add(exe.resolve().parent.parent)
    return sorted(roots)


def command(
    argv: list[str], scratch: Path, ro: dict[Path, str] | None = None, *, writable: bool = True
) -> list[str]:
    cmd = [bwrap(), "--ro-bind", "/usr", "/usr"]
    for link in ("bin", "lib", "lib64", "sbin"):
        target = os.readlink(f"/{link}") if os.path.islink(f"/{link}") else None
        if target:
            cmd += ["--symlink", target, f"/{link}"]
        elif os.path.isdir(f"/{link}"):
            cmd += ["--ro-bind", f"/{link}", f"/{link}"]
    cmd += ["--ro-bind", "/etc", "/etc"]
    # an empty /tmp first, so that a repository or venv that itself lives under /tmp (a CI
    # clone, say) is bound back on top of it rather than hidden by it
    cmd += ["--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev"]
    for root in _python_roots():
        cmd += ["--ro-bind", str(root), str(root)]
    for src in (ROOT / "fluxlib", ROOT / "coursework"):
        cmd += ["--ro-bind", str(src), str(src)]
    for src, dest in (ro or {}).items():
        cmd += ["--ro-bind", str(src), dest]
    cmd += ["--bind" if writable else "--ro-bind", str(scratch), SCRATCH]
    cmd += ["--unshare-all", "--die-with-parent", "--new-session", "--chdir", SCRATCH, "--clearenv"]
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": SCRATCH,
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "FLUXLIB_WIDGETS": "static",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    for key, value in env.items():
        cmd += ["--setenv", key, value]
    return [*cmd, "--", *argv]


def run(
    argv: list[str],
    scratch: Path,
    *,
    ro: dict[Path, str] | None = None,
    timeout: float,
    memory_mb: int,
    writable: bool = True,
) -> Outcome:
    """Run ``argv`` in the sandbox; kill the whole process group after ``timeout`` seconds."""

    def limits() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    proc = subprocess.Popen(
        command(argv, scratch, ro, writable=writable),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limits,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        return Outcome(proc.returncode, out, err, False)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return Outcome(None, out, err, True)
