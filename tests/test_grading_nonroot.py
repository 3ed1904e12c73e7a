"""The sandbox when the grader is not root: bubblewrap in a user namespace, rlimits only.

The suite runs as root in CI, so this test starts a grader as an unprivileged uid (through
``setpriv``) with a copy of ``coursework/sandbox.py`` in a world-readable folder and a
Python every user may run (the repository and the venv may sit under a private ``/root``).
Run by a non-root user, it runs the same probe as that user directly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UID = 61900  # not one of the grader's sandbox uids (GRADE_UID + slot)

GRADER = r"""
import json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sandbox
probe = '''
import ctypes, json, os
libc = ctypes.CDLL(None, use_errno=True)
f = {"uid": os.getuid(), "env": sorted(os.environ)}
try:
    f["pid1"] = open("/proc/1/environ").read()
except OSError as exc:
    f["pid1"] = "denied"
f["mount"] = libc.mount(b"none", b"/usr", None, 32 | 4096, None)
f["caps"] = [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")]
f["proc_sys_ro"] = any(" /proc/sys " in l and " ro," in l for l in open("/proc/self/mountinfo"))
try:
    open("/proc/sys/kernel/core_pattern", "a")
    f["core_pattern_writable"] = True
except OSError:
    f["core_pattern_writable"] = False
f["nested_userns"] = libc.unshare(0x10000000)
n = 0
for _ in range(200):
    try:
        if os.fork() == 0:
            import time
            time.sleep(30)
            os._exit(0)
        n += 1
    except OSError:
        break
f["forks"] = n
print(json.dumps(f))
'''
out = sandbox.run([sys.executable, "-I", "/opt/flux/p.py"], files={"/opt/flux/p.py": probe.encode()},
                  limits=sandbox.Limits(wall_seconds=60, memory_mb=1024, processes=40, scratch_mb=8))
print(json.dumps({"mechanism": sandbox.mechanism(), "rc": out.returncode,
                  "stdout": out.stdout.decode(errors="replace"), "stderr": out.stderr.decode(errors="replace")[-2000:]}))
"""


def _python_for(uid: int) -> str:
    """A Python interpreter that ``uid`` may run (the venv's may live under a private /root)."""
    candidates = [
        Path("/usr/bin/python3"),
        Path("/usr/local/bin/python3"),
        Path(sys.base_prefix) / "bin" / "python3",
    ]
    # it must find its own standard library as that uid (a Python under /root cannot)
    check = (
        "import json, os, sys; os.listdir(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))"
    )
    for exe in candidates:
        if exe.exists():
            ok = subprocess.run(
                [
                    "setpriv",
                    f"--reuid={uid}",
                    f"--regid={uid}",
                    "--clear-groups",
                    str(exe),
                    "-c",
                    check,
                ],
                capture_output=True,
                env={"PATH": "/usr/bin:/bin"},
            )
            if ok.returncode == 0:
                return str(exe)
    raise AssertionError(f"no Python that uid {uid} may run among {candidates}")


def test_sandbox_as_a_non_root_grader():
    tmp = Path(tempfile.mkdtemp(prefix="flux-nonroot-", dir="/tmp"))  # pytest's tmp is private
    try:
        _check(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _check(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    pkg = tmp_path / "grader"
    (pkg / "fluxlib").mkdir(parents=True)  # sandbox.py binds <root>/fluxlib
    (pkg / "coursework").mkdir()
    shutil.copy(ROOT / "coursework" / "sandbox.py", pkg / "coursework" / "sandbox.py")
    (pkg / "coursework" / "grader.py").write_text(GRADER)
    for p in [pkg, *pkg.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FLUX_GRADER_SECRET": "s3cret-nonroot"}
    if os.geteuid() == 0:
        cmd = ["setpriv", f"--reuid={UID}", f"--regid={UID}", "--clear-groups", _python_for(UID)]
    else:
        cmd = [sys.executable]
    proc = subprocess.run(
        [*cmd, str(pkg / "coursework" / "grader.py")], capture_output=True, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    report = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    assert report["mechanism"].startswith("rlimits")
    assert report["rc"] == 0, report["stderr"]
    facts = json.loads(report["stdout"].strip().splitlines()[-1])
    assert facts["uid"] == (UID if os.geteuid() == 0 else os.getuid()) and facts["uid"] != 0
    assert facts["mount"] == -1 and facts["caps"] == ["0000000000000000"]
    assert facts["proc_sys_ro"] and not facts["core_pattern_writable"]
    assert facts["nested_userns"] == -1, "bwrap --disable-userns"
    assert facts["pid1"] == "denied" or facts["pid1"].startswith("PATH=") and "s3cret" not in facts["pid1"]
    assert "FLUX_GRADER_SECRET" not in facts["env"]
    assert facts["forks"] < 40, "RLIMIT_NPROC stops the fork loop"
    assert "s3cret-nonroot" not in proc.stdout.decode()
