"""Make sure .venv exists and holds fluxlib with (at least) the requested extras.

``python tools/venv.py --extras book,dev,course`` is the first step of every Makefile target
that needs the venv. The stamp ``.venv/.flux-installed`` records which extras were installed
and a hash of ``pyproject.toml``; pip runs only when the venv is missing, pyproject changed,
or an extra is asked for that the stamp does not list. It then installs the union, so
``make book`` (book,dev) followed by ``make test`` (book,dev,course) installs otter before the
tests need it, instead of trusting a stamp written for fewer extras.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def stamp_path(venv: Path) -> Path:
    return venv / ".flux-installed"


def pyproject_hash(root: Path = ROOT) -> str:
    return hashlib.sha256((root / "pyproject.toml").read_bytes()).hexdigest()


def read_stamp(venv: Path) -> dict:
    try:
        data = json.loads(stamp_path(venv).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def plan(stamp: dict, wanted: set[str], digest: str, have_python: bool) -> set[str] | None:
    """The extras to install now, or None when the venv already has everything asked for."""
    installed = set(stamp.get("extras", [])) if stamp.get("pyproject") == digest else set()
    if have_python and installed and wanted <= installed:
        return None
    return wanted | installed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extras", default="book,dev", help="comma-separated extras of pyproject.toml")
    ap.add_argument("--venv", default=str(ROOT / ".venv"))
    ap.add_argument("--python", default=os.environ.get("PYTHON", "python3"))
    ap.add_argument("--dry-run", action="store_true", help="print what would be installed, change nothing")
    args = ap.parse_args(argv)
    venv = Path(args.venv)
    py = venv / "bin" / "python"
    wanted = {e for e in args.extras.split(",") if e}
    todo = plan(read_stamp(venv), wanted, pyproject_hash(), py.exists())
    if todo is None:
        return 0
    spec = f".[{','.join(sorted(todo))}]" if todo else "."
    if args.dry_run:
        print(f"would install {spec}")
        return 0
    if not py.exists():
        subprocess.run([args.python, "-m", "venv", str(venv)], check=True)
    pip = [str(py), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True, cwd=ROOT)
    subprocess.run([*pip, "-e", spec], check=True, cwd=ROOT)
    # Build matplotlib's font cache now, so no notebook prints the notice about it.
    subprocess.run([str(py), "-c", "import matplotlib.pyplot"], check=True)
    stamp_path(venv).write_text(json.dumps({"extras": sorted(todo), "pyproject": pyproject_hash()}))
    print(f"installed fluxlib with extras {sorted(todo)} into {venv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
