"""The README's two commands, in the README's order, from a fresh clone.

`make book` installs the venv with the extras it needs (book, dev); `make test` needs the
`course` extra too. The venv step (tools/venv.py) records which extras are installed, so the
second command installs what the first did not, instead of trusting a stamp.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]

spec = importlib.util.spec_from_file_location("flux_venv", ROOT / "tools" / "venv.py")
assert spec is not None and spec.loader is not None
venv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(venv)


def test_plan_installs_missing_extras() -> None:
    stamp = {"extras": ["book", "dev"], "pyproject": "h"}
    assert venv.plan(stamp, {"book", "dev"}, "h", True) is None
    assert venv.plan(stamp, {"book", "dev", "course"}, "h", True) == {"book", "dev", "course"}
    # a smaller request never uninstalls; a changed pyproject reinstalls what is asked
    assert venv.plan(stamp, {"dev"}, "h", True) is None
    assert venv.plan(stamp, {"dev"}, "other", True) == {"dev"}
    # no venv yet, or an old stamp that records nothing: install
    assert venv.plan(stamp, {"book"}, "h", False) == {"book", "dev"}
    assert venv.plan({}, {"book"}, "h", True) == {"book"}


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("these tests need git and a git checkout")
    dest = tmp_path_factory.mktemp("clone") / "flux"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    # the working tree's tools/venv.py and Makefile are what is under test
    for rel in ("Makefile", "tools/venv.py", "pyproject.toml"):
        shutil.copy(ROOT / rel, dest / rel)
    return dest


def _make_n(clone: pathlib.Path, target: str) -> list[str]:
    out = subprocess.run(
        ["make", "-n", target, f"PYTHON={sys.executable}"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if "tools/venv.py" in line]


def test_book_then_test_asks_for_the_course_extra(clone: pathlib.Path) -> None:
    book = _make_n(clone, "book")
    test = _make_n(clone, "test")
    assert book and "--extras book,dev " in book[0] + " "
    assert test and "--extras book,dev,course " in test[0] + " "


def test_a_book_venv_gets_course_installed_by_make_test(clone: pathlib.Path) -> None:
    # The venv `make book` leaves: a python and a stamp for book,dev at this pyproject.
    bindir = clone / ".venv" / "bin"
    bindir.mkdir(parents=True)
    (bindir / "python").symlink_to(sys.executable)
    stamp = {"extras": ["book", "dev"], "pyproject": venv.pyproject_hash(clone)}
    (clone / ".venv" / ".flux-installed").write_text(json.dumps(stamp))

    def dry(extras: str) -> str:
        return subprocess.run(
            [sys.executable, "tools/venv.py", "--extras", extras, "--dry-run"],
            cwd=clone,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    assert dry("book,dev") == ""  # make book again: nothing to do
    assert "course" in dry("book,dev,course")  # make test: otter gets installed
