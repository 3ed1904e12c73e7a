"""Every arrow points downward, in every layer, counting imports inside functions too.

    widgets -> plotting -> models -> core        symbolic -> (sympy, core)
    checks  -> models -> core

The core (finite volumes, networks, kinetics, profiles and their small helpers) needs numpy
and scipy only. A model never reaches into plotting; plotting never into widgets; nothing
but the widgets layer imports ipywidgets; nothing but symbolic imports sympy (checks may, to
compare a symbolic answer). Build-time Sphinx extensions sit outside the package's layers.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

from tests.conftest import ROOT

PKG = ROOT / "fluxlib"
STDLIB = {
    "__future__", "abc", "collections", "contextlib", "dataclasses", "enum", "functools",
    "hashlib", "html", "importlib", "inspect", "io", "itertools", "json", "math", "numbers",
    "operator", "os", "pathlib", "re", "string", "sys", "textwrap", "threading", "time",
    "typing", "warnings", "weakref", "base64", "bisect", "copy", "heapq", "random", "types",
    "statistics", "fractions", "decimal", "struct", "zlib", "uuid", "tempfile", "shutil",
    "traceback", "pkgutil", "logging", "urllib", "datetime",
}  # fmt: skip
CORE = {
    "fv",
    "network",
    "kinetics",
    "profiles",
    "errors",
    "_labels",
    "validity",
    "tables",
    "graphs",
    "citations",
}
BUILD_TIME = {"sphinxext", "sphinx_pdf"}

# layer -> (fluxlib layers it may import, third-party top-level packages it may import)
ALLOWED: dict[str, tuple[set[str], set[str]]] = {
    # networkx: only the optional FlowNetwork.to_networkx export, imported inside it
    "core": ({"core"}, {"numpy", "scipy", "pyamg", "networkx"}),
    "models": ({"core", "models"}, {"numpy", "scipy"}),
    "symbolic": ({"core", "symbolic"}, {"sympy", "numpy"}),
    "plotting": ({"core", "models", "plotting"}, {"numpy", "matplotlib", "cycler", "IPython"}),
    "widgets": (
        {"core", "models", "plotting", "widgets"},
        {"numpy", "matplotlib", "ipywidgets", "IPython", "PIL"},
    ),
    "checks": ({"core", "models", "checks"}, {"numpy", "scipy", "sympy"}),
    "package": ({"core", "package"}, set()),
}


def layer_of(module: str) -> str:
    """The layer of a dotted fluxlib module name (``fluxlib.models.pipes`` -> ``models``)."""
    parts = module.split(".")
    if parts == ["fluxlib"]:
        return "package"
    head = parts[1]
    if head in CORE:
        return "core"
    return head


def imports_of(path: pathlib.Path) -> list[tuple[int, str]]:
    """Every absolute module name imported anywhere in ``path`` (relative imports resolved)."""
    tree = ast.parse(path.read_text(), str(path))
    rel = path.relative_to(ROOT).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            if name == "fluxlib":  # `from fluxlib import models` names a layer
                found += [(node.lineno, f"fluxlib.{a.name}") for a in node.names]
    return found


MODULES = sorted(p for p in PKG.rglob("*.py") if p.stem not in BUILD_TIME)


def test_modules_are_found() -> None:
    assert len(MODULES) > 50


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_arrows_point_down(path: pathlib.Path) -> None:
    rel = path.relative_to(ROOT).with_suffix("")
    module = ".".join(p for p in rel.parts if p != "__init__")
    mine = layer_of(module)
    layers, third = ALLOWED[mine]
    bad = []
    for line, name in imports_of(path):
        top = name.split(".")[0]
        if top == "fluxlib":
            target = layer_of(name)
            if target in BUILD_TIME or (target not in layers and target != "package"):
                bad.append(f"line {line}: {name} ({mine} -> {target})")
            elif target == "package" and mine not in ("package",) and name == "fluxlib":
                continue
        elif top not in STDLIB and top not in third:
            bad.append(f"line {line}: {name} ({mine} may not import {top})")
    assert not bad, f"{path.relative_to(ROOT)} points upward or sideways:\n" + "\n".join(bad)
