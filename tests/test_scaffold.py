"""`make section` scaffolds a section that passes every check, in a copy of the repository.

The repository's tracked files are copied into a temporary folder (the real tree is never
scaffolded into), `make section` runs there for a made-up section, and the copy's own linters
and tests run on the result with the copy's fluxlib first on the path.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

BIN = pathlib.Path(sys.executable).parent
CHAPTER, TOPIC, TITLE = 2, "demo", "A made-up section's title"

spec = importlib.util.spec_from_file_location("new_section", ROOT / "tools" / "new_section.py")
assert spec is not None and spec.loader is not None
new_section = importlib.util.module_from_spec(spec)
spec.loader.exec_module(new_section)


def _snapshot(root: pathlib.Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {"__pycache__", ".mypy_cache", ".ruff_cache"} & set(p.parts)
    }


def _env(copy: pathlib.Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FLUXLIB_WIDGETS", "PYTHONPATH")}
    env["PYTHONPATH"] = str(copy)  # absolute: the notebook's kernel runs in notebooks/chN
    return env


def _run(copy: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=copy, env=_env(copy), capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.fail("these tests need git and make")
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    dest = tmp_path_factory.mktemp("scaffold") / "flux"
    for rel in [*files, "tools/new_section.py", "Makefile"]:
        src = ROOT / rel
        if rel and src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


@pytest.fixture(scope="module")
def scaffolded(copy: pathlib.Path) -> dict:
    toc = (copy / "_toc.yml").read_text()
    section = max(s for s, _ in new_section.toc_sections(toc, CHAPTER)) + 1
    before = _snapshot(copy)
    # -o setup: the venv step is not under test (the copy has no .venv); BIN is this venv
    proc = _run(
        copy,
        "make", "-o", "setup", "section", f"BIN={BIN}",
        f"CHAPTER={CHAPTER}", f"SECTION={section}", f"TOPIC={TOPIC}", f"TITLE={TITLE}",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = _snapshot(copy)
    stem = f"{CHAPTER}-{section}-a-made-up-sections-title"
    return {"section": section, "stem": stem, "before": before, "after": after, "toc": toc}


def _new_files(scaffolded: dict) -> set[str]:
    return set(scaffolded["after"]) - set(scaffolded["before"])


@pytest.mark.slow
def test_writes_the_section_and_nothing_else(copy: pathlib.Path, scaffolded: dict) -> None:
    sec, stem = scaffolded["section"], scaffolded["stem"]
    assert _new_files(scaffolded) == {
        f"fluxlib/models/{TOPIC}.py",
        f"fluxlib/symbolic/{TOPIC}.py",
        f"fluxlib/plotting/{TOPIC}.py",
        f"fluxlib/widgets/{TOPIC}.py",
        f"fluxlib/checks/answers/s{CHAPTER}_{sec}.py",
        f"tests/test_{TOPIC}.py",
        f"notebooks/ch{CHAPTER}/{stem}.ipynb",
    }
    changed = {k for k in scaffolded["before"] if scaffolded["before"][k] != scaffolded["after"][k]}
    assert changed == {"_toc.yml", "CONTRIBUTING.md"}
    guide = (copy / "CONTRIBUTING.md").read_text()
    assert f"| {CHAPTER}.{sec} | `{TOPIC}` | `s{CHAPTER}_{sec}` |" in guide
    old = scaffolded["toc"].splitlines()
    new = (copy / "_toc.yml").read_text().splitlines()
    last = max(i for i, line in enumerate(old) if f"notebooks/ch{CHAPTER}/" in line)
    assert new == [*old[: last + 1], f"      - file: notebooks/ch{CHAPTER}/{stem}", *old[last + 1 :]]


def test_contributing_row_goes_in_section_order() -> None:
    table = "| section | key | answers |\n| --- | --- | --- |\n| 1.1 | `a` | `s1_1` |\n| 2.1 | `b` | `s2_1` |\n\nafter\n"
    out = new_section.contributing_with_row(table, 1, 2, "c")
    assert out.splitlines()[2:6] == [
        "| 1.1 | `a` | `s1_1` |",
        "| 1.2 | `c` | `s1_2` |",
        "| 2.1 | `b` | `s2_1` |",
        "",
    ]
    last = new_section.contributing_with_row(table, 3, 1, "d")
    assert last.splitlines()[4] == "| 3.1 | `d` | `s3_1` |"
    with pytest.raises(new_section.ScaffoldError, match="no table of section keys"):
        new_section.contributing_with_row("no table here\n", 1, 2, "c")


def test_toc_entry_goes_in_section_order() -> None:
    toc = (
        "  - caption: One\n    chapters:\n"
        "      - file: notebooks/ch1/1-1-a\n      - file: notebooks/ch1/1-2-b\n"
        "      - file: notebooks/ch1/1-10-d\n"
        "  - caption: Two\n    chapters:\n      - file: notebooks/ch2/2-1-c\n"
    )
    out = new_section.toc_with_entry(toc, 1, 3, "1-3-new").splitlines()
    assert (
        out.index("      - file: notebooks/ch1/1-3-new") == out.index("      - file: notebooks/ch1/1-2-b") + 1
    )
    assert (
        out.index("      - file: notebooks/ch1/1-10-d")
        == out.index("      - file: notebooks/ch1/1-3-new") + 1
    )
    first = new_section.toc_with_entry(toc, 2, 2, "2-2-e").splitlines()
    assert first[-1] == "      - file: notebooks/ch2/2-2-e"


@pytest.mark.slow
def test_new_files_are_lint_and_type_clean(copy: pathlib.Path, scaffolded: dict) -> None:
    new = sorted(_new_files(scaffolded))
    for args in (["check", "--no-cache", *new], ["format", "--no-cache", "--check", *new]):
        proc = _run(copy, str(BIN / "ruff"), *args)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    modules = [p for p in new if p.startswith("fluxlib/")]
    proc = _run(copy, str(BIN / "mypy"), "--cache-dir", str(copy / ".mypy_cache"), *modules)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_generated_tests_layers_and_labels_pass_in_the_copy(copy: pathlib.Path, scaffolded: dict) -> None:
    proc = _run(
        copy, sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider",
        f"tests/test_{TOPIC}.py", "tests/test_layers.py", "tests/test_derivation_labels.py",
        "tests/test_conventions.py::test_every_section_in_the_book_has_a_key",
        "tests/test_book.py", "tests/test_packaging.py::test_colab_cells_install_from_the_configured_repository",
        "-m", "not book",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    # the copy's fluxlib was the one under test: the layer and label tests saw the new modules
    for layer in ("models", "symbolic", "plotting", "widgets"):
        assert f"test_arrows_point_down[{layer}/{TOPIC}.py] PASSED" in proc.stdout
    assert f"test_labels_display_as_written[{TOPIC}.steady_profile] PASSED" in proc.stdout
    assert len(re.findall(rf"tests/test_{TOPIC}\.py::\w+ PASSED", proc.stdout)) >= 6
    # the toc lists the new page and only existing pages; its Colab cell installs from _config.yml
    assert "test_every_notebook_is_in_the_toc PASSED" in proc.stdout
    assert "test_toc_lists_only_existing_files PASSED" in proc.stdout
    assert "test_colab_cells_install_from_the_configured_repository PASSED" in proc.stdout


@pytest.mark.slow
@pytest.mark.notebooks
def test_notebook_is_clean_and_runs_in_the_copy(copy: pathlib.Path, scaffolded: dict) -> None:
    # the book's own hygiene tests on the new notebook: clean in git, python3 kernelspec,
    # 79 columns, no book-only macros, and a fresh-kernel run (nbclient) with no error,
    # no stderr, no warning and printed lines within the page
    proc = _run(
        copy, sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider",
        "tests/test_notebooks.py", "-k", scaffolded["stem"], "-m", "not book",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    ran = re.findall(r"::(test_\w+)\[.*?\] PASSED", proc.stdout)
    assert set(ran) == {
        "test_notebook_is_clean_in_git",
        "test_notebook_code_fits_the_page",
        "test_notebook_runs_clean",
        "test_notebook_math_renders_in_jupyterlab",
    }


@pytest.mark.slow
def test_notebook_has_the_colab_cell_and_the_four_parts(copy: pathlib.Path, scaffolded: dict) -> None:
    nb = json.loads((copy / "notebooks" / f"ch{CHAPTER}" / f"{scaffolded['stem']}.ipynb").read_text())
    model = json.loads((ROOT / "notebooks" / "ch1" / "1-1-accountants-rule.ipynb").read_text())
    first, colab = nb["cells"][0], model["cells"][0]
    assert first["cell_type"] == colab["cell_type"] == "code"
    assert "".join(first["source"]) == "".join(colab["source"])
    assert first["metadata"]["tags"] == colab["metadata"]["tags"] == ["remove-cell"]
    assert nb["metadata"]["kernelspec"] == model["metadata"]["kernelspec"]
    md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert md.startswith(f"# {CHAPTER}.{scaffolded['section']} {TITLE}\n")
    assert f"fluxlib.symbolic import {TOPIC}" in code and f"fluxlib.models.{TOPIC} import" in code
    assert f"fluxlib.widgets.{TOPIC} import" in code and f"fluxlib.plotting.{TOPIC} import" in code
    assert md.count(":::{exercise}") >= 2 and md.count(":::{solution}") == md.count(":::{exercise}")
    key = f"{CHAPTER}.{scaffolded['section']}-outflow"
    assert f'fl.checks.check_answer("{key}", answer)' in code
    assert "def " not in code and "class " not in code


@pytest.mark.parametrize(
    "topic, section, title, message",
    [
        (
            "rod",
            99,
            "x",
            r"TOPIC 'rod' is already used by fluxlib/\{models,symbolic,plotting,widgets\}/rod\.py",
        ),
        (TOPIC, 99, "x", rf"TOPIC '{TOPIC}' is already used"),
        ("Demo2", 99, "x", "is not a lower-case Python identifier"),
        ("2demo", 99, "x", "is not a lower-case Python identifier"),
        ("my-topic", 99, "x", "is not a lower-case Python identifier"),
        ("class", 99, "x", "is not a lower-case Python identifier"),
        ("base", 99, "x", "is reserved"),
        ("validity", 99, "x", r"is reserved \(it names a package, a base module or fluxlib/validity\.py\)"),
        ("fresh", 1, "x", r"section 2\.1 already exists"),
        ("fresh", 99, 'say "hi"', "must be one line of at most 70 characters"),
        ("fresh", 99, "!!!", "has no letters or digits"),
    ],
)
@pytest.mark.slow
def test_refusals_say_why_and_write_nothing(
    copy: pathlib.Path, scaffolded: dict, topic: str, section: int, title: str, message: str
) -> None:
    before = _snapshot(copy)
    with pytest.raises(new_section.ScaffoldError, match=message):
        new_section.scaffold(copy, CHAPTER, section, topic, title)
    assert _snapshot(copy) == before


@pytest.mark.slow
def test_refuses_a_chapter_not_in_the_toc(copy: pathlib.Path, scaffolded: dict) -> None:
    with pytest.raises(new_section.ScaffoldError, match="chapter 42 is not in _toc.yml"):
        new_section.scaffold(copy, 42, 1, "fresh", "x")


@pytest.mark.slow
def test_never_overwrites_a_file(copy: pathlib.Path, scaffolded: dict) -> None:
    stray = copy / "tests" / "test_fresh.py"
    stray.write_text("# someone's work\n")
    before = _snapshot(copy)
    try:
        with pytest.raises(new_section.ScaffoldError, match=r"refusing to overwrite: tests/test_fresh\.py"):
            new_section.scaffold(copy, CHAPTER, 99, "fresh", "Fresh")
        assert _snapshot(copy) == before
    finally:
        stray.unlink()


@pytest.mark.slow
def test_make_section_without_arguments_prints_usage(copy: pathlib.Path, scaffolded: dict) -> None:
    proc = _run(copy, "make", "-o", "setup", "section", f"BIN={BIN}", "TOPIC=fresh")
    assert proc.returncode != 0
    assert "usage: make section CHAPTER=<n> SECTION=<m> TOPIC=<key>" in proc.stdout
    proc = _run(
        copy,
        "make",
        "-o",
        "setup",
        "section",
        f"BIN={BIN}",
        "CHAPTER=2",
        "SECTION=1",
        "TOPIC=fresh",
        "TITLE=x",
    )
    assert proc.returncode != 0 and "make section: section 2.1 already exists" in proc.stderr
