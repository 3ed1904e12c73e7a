"""One dependency list: environment.yml and pyproject.toml agree; one version source."""

from __future__ import annotations

import re
import subprocess
import sys

import tomllib
import yaml

from tests.conftest import ROOT


def _name(req: str) -> str:
    return re.split(r"[<>=!~ ;\[]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r): r.replace(" ", "") for r in py["dependencies"] + py["optional-dependencies"]["book"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d): d.replace(" ", "") for d in env["dependencies"] if isinstance(d, str)}
    conda.pop("python", None)
    conda.pop("pip", None)
    assert set(conda) == set(wanted), (
        f"only in environment.yml: {set(conda) - set(wanted)}; only in pyproject: {set(wanted) - set(conda)}"
    )
    for name, spec in wanted.items():
        assert conda[name] == spec, f"{name}: environment.yml says {conda[name]}, pyproject says {spec}"


def test_import_is_light():
    """`import fluxlib` pulls in none of the presentation layers."""
    code = (
        "import sys, fluxlib; heavy = [m for m in ('matplotlib', 'sympy', 'ipywidgets', 'networkx', 'IPython')"
        " if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"import fluxlib imported {out}"


def test_core_modules_do_not_import_presentation_layers():
    core = ["fv", "network", "kinetics", "profiles", "errors", "_labels"]
    for mod in core:
        path = ROOT / "fluxlib" / f"{mod}.py"
        if not path.exists():
            continue
        src = path.read_text()
        for banned in ("matplotlib", "sympy", "ipywidgets"):
            assert not re.search(rf"^\s*(import|from)\s+{banned}", src, re.M), (
                f"fluxlib/{mod}.py imports {banned}"
            )


def test_one_version_source():
    import fluxlib

    meta = subprocess.run(
        [sys.executable, "-c", "import importlib.metadata as m; print(m.version('fluxlib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert meta == fluxlib.__version__


def test_colab_cells_install_from_the_configured_repository():
    """The repository URL lives in _config.yml; every notebook's Colab cell must agree with it."""
    import json

    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    notebooks = [p for p in (ROOT / "notebooks").rglob("*.ipynb") if "assignments" not in p.parts]
    assert notebooks
    for nb in notebooks:
        first = "".join(json.loads(nb.read_text())["cells"][0]["source"])
        assert "google.colab" in first, f"{nb.name}: the first cell must be the Colab install cell"
        assert f"fluxlib @ git+{url}" in first, f"{nb.name}: Colab cell does not install from {url}"
