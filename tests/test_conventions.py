"""The public API reads the same everywhere (issue 13): one key per section, one figure
protocol, one result suffix, one time and cell convention, keyword-only options.

Each check is parametrized by section key or module, so ``pytest -k <key>`` checks one
section. The section keys come from the table in CONTRIBUTING.md, the one list of them.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import json
import pathlib
import re
import typing

import pytest

from tests.conftest import ROOT

PKG = ROOT / "fluxlib"
LAYERS = ("models", "symbolic", "plotting", "widgets")
CORE = ("fv", "network", "kinetics", "profiles", "graphs", "tables", "validity")


def section_keys() -> dict[str, str]:
    """``{"1.1": "rod", ...}`` from the CONTRIBUTING.md table ``| section | key | ... |``."""
    text = (ROOT / "CONTRIBUTING.md").read_text()
    rows = re.findall(r"^\| (\d+\.\d+) \| `([a-z_][a-z0-9_]*)` \|", text, flags=re.M)
    assert rows, "CONTRIBUTING.md has no table of section keys"
    return dict(rows)


SECTIONS = section_keys()
KEYS = sorted(set(SECTIONS.values()))


def toc_notebooks() -> dict[str, pathlib.Path]:
    """``{"1.1": notebooks/ch1/1-1-....ipynb, ...}`` for every section page in _toc.yml."""
    out = {}
    for path in re.findall(r"file: (notebooks/ch\d+/\S+)", (ROOT / "_toc.yml").read_text()):
        m = re.match(r"(\d+)-(\d+)-", pathlib.Path(path).name)
        assert m, path
        out[f"{m[1]}.{m[2]}"] = ROOT / f"{path}.ipynb"
    return out


NOTEBOOKS = toc_notebooks()


def test_every_section_in_the_book_has_a_key():
    assert sorted(NOTEBOOKS) == sorted(SECTIONS, key=lambda s: tuple(map(int, s.split("."))))


@pytest.mark.parametrize("key", KEYS)
def test_a_key_names_one_module_in_every_layer_and_a_test_file(key):
    missing = [f"fluxlib/{layer}/{key}.py" for layer in LAYERS if not (PKG / layer / f"{key}.py").is_file()]
    if not (ROOT / "tests" / f"test_{key}.py").is_file():
        missing.append(f"tests/test_{key}.py")
    assert not missing, f"section key {key!r} lacks {missing}"


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_each_section_has_its_answers_module(section):
    ch, sec = section.split(".")
    assert (PKG / "checks" / "answers" / f"s{ch}_{sec}.py").is_file()


@pytest.mark.parametrize("layer", LAYERS)
def test_every_module_belongs_to_a_section(layer):
    shared = {"__init__", "base"}
    orphans = sorted(
        p.stem for p in (PKG / layer).glob("*.py") if p.stem not in shared and p.stem not in KEYS
    )
    assert not orphans, f"fluxlib/{layer}/ has modules no section key names: {orphans}"


def _notebook_imports(path: pathlib.Path) -> set[tuple[str, str]]:
    """``(layer, module)`` for every ``fluxlib.<layer>.<module>`` a notebook's code imports."""
    nb = json.loads(path.read_text())
    found: set[tuple[str, str]] = set()
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        # a line magic or shell escape becomes `pass`, so an `if` around it still parses
        src = "\n".join(
            line[: len(line) - len(line.lstrip())] + "pass" if line.lstrip().startswith(("%", "!")) else line
            for line in src.splitlines()
        )
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("fluxlib"):
                parts = node.module.split(".")
                if len(parts) >= 3:
                    found.add((parts[1], parts[2]))
                elif len(parts) == 2 and parts[1] in LAYERS:
                    found |= {(parts[1], alias.name) for alias in node.names}
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if len(parts) >= 3 and parts[0] == "fluxlib":
                        found.add((parts[1], parts[2]))
    return {(layer, mod) for layer, mod in found if layer in LAYERS and mod != "base"}


@pytest.mark.parametrize("section", sorted(NOTEBOOKS))
def test_a_notebook_takes_its_derivations_and_panels_from_its_own_key(section):
    key = SECTIONS[section]
    used = _notebook_imports(NOTEBOOKS[section])
    foreign = sorted(
        f"fluxlib.{layer}.{mod}" for layer, mod in used if layer in ("symbolic", "widgets") and mod != key
    )
    assert not foreign, f"section {section} (key {key!r}) imports another section's {foreign}"


def _public_functions(module: typing.Any) -> list[tuple[str, typing.Any]]:
    return [
        (name, obj)
        for name, obj in vars(module).items()
        if inspect.isfunction(obj) and not name.startswith("_") and obj.__module__ == module.__name__
    ]


@pytest.mark.parametrize("key", KEYS)
def test_plot_functions_take_ax_and_return_a_handle(key):
    from fluxlib.plotting.base import PlotHandle

    module = importlib.import_module(f"fluxlib.plotting.{key}")
    plots = [(n, f) for n, f in _public_functions(module) if n.startswith("plot_")]
    assert plots, f"fluxlib.plotting.{key} has no plot_* function"
    for name, func in plots:
        param = inspect.signature(func).parameters.get("ax")
        assert param is not None and param.kind is param.KEYWORD_ONLY and param.default is None, (
            f"{key}.{name} must take a keyword-only ax=None"
        )
        hints = typing.get_type_hints(func)
        assert hints.get("return") is PlotHandle, f"{key}.{name} must be annotated -> PlotHandle"


DRAWING = {
    "plot", "bar", "barh", "scatter", "fill_between", "fill_betweenx", "axhline", "axvline",
    "axhspan", "axvspan", "text", "annotate", "imshow", "pcolormesh", "contour", "contourf",
    "quiver", "streamplot", "add_patch", "add_line", "add_collection", "add_artist",
    "add_subplot", "add_gridspec", "subplots", "add_axes", "set_xlabel", "set_ylabel",
    "set_title", "legend", "errorbar", "step", "stairs", "hist", "loglog", "semilogx",
    "semilogy", "twinx", "twiny", "set_data", "set_xdata", "set_ydata", "set_height",
    "set_width", "set_text", "set_offsets", "set_xlim", "set_ylim", "set_color", "cla",
    "clear", "delaxes", "remove", "set_visible", "set_array",
}  # fmt: skip


@pytest.mark.parametrize("key", KEYS)
def test_panels_never_draw_by_themselves(key):
    path = PKG / "widgets" / f"{key}.py"
    tree = ast.parse(path.read_text())
    calls = sorted(
        f"line {node.lineno}: .{node.func.attr}()"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DRAWING
    )
    assert not calls, f"widgets/{key}.py draws or moves artists itself (a plot_* handle's job): {calls}"
    assert "new_figure" not in path.read_text(), f"widgets/{key}.py makes a figure (Panel does)"


def _panels(key: str) -> list[tuple[str, typing.Any]]:
    module = importlib.import_module(f"fluxlib.widgets.{key}")
    return [(n, f) for n, f in _public_functions(module) if n.endswith("_panel")]


@pytest.mark.parametrize("key", KEYS)
def test_panels_hold_the_handle_their_plot_returned(key, monkeypatch):
    from fluxlib.plotting.base import PlotHandle

    monkeypatch.setenv("FLUXLIB_WIDGETS", "live")
    panels = _panels(key)
    assert panels, f"fluxlib.widgets.{key} has no *_panel function"
    for name, make in panels:
        panel = make()
        panel.apply()
        assert isinstance(panel._state, PlotHandle), f"{key}.{name}: setup must return a PlotHandle"
        assert panel._state._update is not None, f"{key}.{name}: a panel's plot needs a fast update"
        assert panel.animated, f"{key}.{name}: the handle names no animated artists"


def _api_modules() -> list[str]:
    return [f"fluxlib.{m}" for m in CORE] + [
        f"fluxlib.models.{p.stem}" for p in sorted((PKG / "models").glob("*.py")) if p.stem != "__init__"
    ]


def _callables(module: typing.Any) -> list[tuple[str, typing.Any]]:
    """Public functions, and public methods of public classes, defined in ``module``."""
    out = list(_public_functions(module))
    for cname, cls in vars(module).items():
        if not inspect.isclass(cls) or cname.startswith("_") or cls.__module__ != module.__name__:
            continue
        for mname, meth in vars(cls).items():
            if mname.startswith("_"):
                continue
            func = meth.__func__ if isinstance(meth, (classmethod, staticmethod)) else meth
            if inspect.isfunction(func):
                out.append((f"{cname}.{mname}", func))
    return out


#: Dataclasses that are things, not outcomes: a velocity profile and a landscape (factories
#: return them, the solvers take them) and the book's tables (what a ``*_table`` or
#: ``*_comparison`` returns).
#: (An alternative constructor, a method of C returning a C, is never checked.)
OBJECTS = {"Profile", "Landscape", "Table", "Comparison"}


@pytest.mark.parametrize("module_name", _api_modules())
def test_results_are_named_result(module_name):
    """A dataclass a function returns is a ``...Result``, unless it is one of the OBJECTS."""
    module = importlib.import_module(module_name)
    bad = []
    for name, func in _callables(module):
        ret = typing.get_type_hints(func).get("return")
        if (
            inspect.isclass(ret)
            and dataclasses.is_dataclass(ret)
            and ret.__module__.startswith("fluxlib")
            and not ret.__name__.endswith("Result")
            and ret.__name__ not in OBJECTS
            and not name.startswith(f"{ret.__name__}.")
        ):
            bad.append(f"{name} -> {ret.__name__}")
    assert not bad, f"results must end in 'Result': {bad}"


#: Names of the old, mixed time and output-size conventions: time is a ``times`` array and
#: ``n`` always counts cells.
OLD_NAMES = {"t_end", "n_out", "points", "n_points", "t_max", "n_times", "nt", "n_steps"}


@pytest.mark.parametrize("module_name", _api_modules())
def test_one_time_convention_and_options_by_keyword(module_name):
    module = importlib.import_module(module_name)
    bad = []
    for name, func in _callables(module):
        for p in inspect.signature(func).parameters.values():
            if p.name in OLD_NAMES:
                bad.append(f"{name}({p.name}): pass a `times` array, or `n` for cells")
            if p.default is not p.empty and p.kind is p.POSITIONAL_OR_KEYWORD:
                bad.append(f"{name}({p.name}=...): options are keyword-only")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("key", KEYS)
def test_plot_options_are_keyword_only(key):
    module = importlib.import_module(f"fluxlib.plotting.{key}")
    bad = [
        f"{name}({p.name})"
        for name, func in _public_functions(module)
        for p in inspect.signature(func).parameters.values()
        if p.default is not p.empty and p.kind is p.POSITIONAL_OR_KEYWORD
    ]
    assert not bad, f"options must be keyword-only: {bad}"
