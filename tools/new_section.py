"""Scaffold a new section of the book: ``make section CHAPTER=2 SECTION=8 TOPIC=demo TITLE="..."``.

One key per section across the layers: the new section's code lives in
``fluxlib/models/<topic>.py``, ``fluxlib/symbolic/<topic>.py``, ``fluxlib/plotting/<topic>.py``
and ``fluxlib/widgets/<topic>.py``, its exercise answers in
``fluxlib/checks/answers/s<ch>_<sec>.py``, its tests in ``tests/test_<topic>.py`` and its page
in ``notebooks/ch<ch>/<ch>-<sec>-<slug>.ipynb``, which is entered in ``_toc.yml`` in section
order.

The scaffold is a complete, working section about a stand-in system (steady diffusion through a
slab with a uniform source, solved on the finite-volume core and checked against its exact
solution), so everything it writes passes the linters, the layer and label tests, the notebook
hygiene tests and its own tests from the start. Replace the stand-in physics with the
section's, keeping the shape.

Nothing that exists is ever overwritten: every input is checked and every target path is
checked before the first file is written.
"""

from __future__ import annotations

import argparse
import keyword
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
LAYERS = ("models", "symbolic", "plotting", "widgets")
#: Module names in the layers that are not topics, and names a topic may not take.
RESERVED = {"base", "core", "answers", "checks", "test", "tests"}

#: The Colab install cell, as in every notebook (the repository URL comes from _config.yml).
COLAB_CELL = (
    "# On Colab only: install the book's package (a no-op everywhere else).\n"
    "import sys\n"
    "\n"
    'if "google.colab" in sys.modules:\n'
    '    %pip install -q "fluxlib @ git+{url}"'
)


class ScaffoldError(Exception):
    """An input the scaffold refuses, with a message saying why and what to do."""


# --- validation -------------------------------------------------------------------------------
def slugify(title: str) -> str:
    """``"The accountant's rule"`` -> ``"the-accountants-rule"``."""
    bare = re.sub(r"['’]", "", title.lower())  # "accountant's" -> "accountants"
    slug = re.sub(r"[^a-z0-9]+", "-", bare).strip("-")
    if not slug:
        raise ScaffoldError(f"TITLE {title!r} has no letters or digits to make a file name from")
    return slug


def existing_topics(root: pathlib.Path) -> dict[str, list[str]]:
    """Every module name already used in a layer, with the layers that use it."""
    used: dict[str, list[str]] = {}
    for layer in LAYERS:
        for path in sorted((root / "fluxlib" / layer).glob("*.py")):
            if path.stem != "__init__":
                used.setdefault(path.stem, []).append(layer)
    return used


def toc_sections(toc: str, chapter: int) -> list[tuple[int, int]]:
    """``(section, line index)`` of every entry of ``chapter`` in the text of ``_toc.yml``."""
    pattern = re.compile(rf"^\s*- file: notebooks/ch{chapter}/{chapter}-(\d+)-[^\s]+\s*$")
    found = []
    for i, line in enumerate(toc.splitlines()):
        m = pattern.match(line)
        if m:
            found.append((int(m.group(1)), i))
    return found


def check_inputs(root: pathlib.Path, chapter: int, section: int, topic: str, title: str) -> None:
    if chapter < 1:
        raise ScaffoldError(f"CHAPTER must be a positive whole number, got {chapter}")
    if section < 1:
        raise ScaffoldError(f"SECTION must be a positive whole number, got {section}")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", topic) or keyword.iskeyword(topic):
        raise ScaffoldError(
            f"TOPIC {topic!r} is not a lower-case Python identifier (letters, digits and "
            "underscores, starting with a letter, not a keyword): it becomes a module name in "
            "every layer, e.g. TOPIC=boundary_layer"
        )
    core = {p.stem for p in (root / "fluxlib").glob("*.py")}
    if topic in RESERVED or topic in core:
        raise ScaffoldError(
            f"TOPIC {topic!r} is reserved (it names a package, a base module or fluxlib/{topic}.py)"
        )
    used = existing_topics(root)
    if topic in used:
        raise ScaffoldError(
            f"TOPIC {topic!r} is already used by fluxlib/{{{','.join(used[topic])}}}/{topic}.py; "
            "a new section takes a key no layer uses yet (see the table in CONTRIBUTING.md)"
        )
    if not title.strip() or len(title) > 70 or any(ch in title for ch in '\n\\"$`'):
        raise ScaffoldError(
            f"TITLE {title!r} must be one line of at most 70 characters, without backslashes, "
            'double quotes, $ or backticks, e.g. TITLE="Flux that builds something"'
        )
    toc = (root / "_toc.yml").read_text()
    sections = toc_sections(toc, chapter)
    if not sections:
        raise ScaffoldError(
            f"chapter {chapter} is not in _toc.yml (no entry notebooks/ch{chapter}/...): "
            "add the chapter's caption and first section by hand"
        )
    taken = [s for s, _ in sections]
    folder = root / "notebooks" / f"ch{chapter}"
    on_disk = sorted(folder.glob(f"{chapter}-{section}-*.ipynb"))
    if section in taken or on_disk:
        raise ScaffoldError(
            f"section {chapter}.{section} already exists (in _toc.yml or as {on_disk[0].name if on_disk else 'a toc entry'}); "
            f"the sections of chapter {chapter} are {', '.join(f'{chapter}.{s}' for s in sorted(taken))}"
        )
    slugify(title)


def targets(
    root: pathlib.Path, chapter: int, section: int, topic: str, title: str
) -> dict[str, pathlib.Path]:
    nb = root / "notebooks" / f"ch{chapter}" / f"{chapter}-{section}-{slugify(title)}.ipynb"
    return {
        "models": root / "fluxlib" / "models" / f"{topic}.py",
        "symbolic": root / "fluxlib" / "symbolic" / f"{topic}.py",
        "plotting": root / "fluxlib" / "plotting" / f"{topic}.py",
        "widgets": root / "fluxlib" / "widgets" / f"{topic}.py",
        "answers": root / "fluxlib" / "checks" / "answers" / f"s{chapter}_{section}.py",
        "tests": root / "tests" / f"test_{topic}.py",
        "notebook": nb,
    }


# --- templates (tokens: __TOPIC__, __CAMEL__, __CH__, __SEC__, __TITLE__) ------------------------
MODEL = '''"""Section __CH__.__SEC__: __TITLE__.

Scaffolded by ``make section``: a stand-in model of steady diffusion through a slab with a
uniform source, to be replaced by the section's physics (keep the shape: a parameter
dataclass, a result dataclass with ``validity``, a solve function on the core).

A slab 0 <= x <= L (m) holds a solute of concentration c (mol m⁻³) with diffusivity D
(m² s⁻¹) and a uniform source s (mol m⁻³ s⁻¹; negative for a sink, e.g. uptake). Its faces
are held at c_left and c_right. The flux density J = -D dc/dx (mol m⁻² s⁻¹) is positive
toward +x, so the flux out of the right face is J(L) and out of the left face is -J(0). In
the steady state dJ/dx = s: what the source makes leaves through the two faces.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fluxlib.errors import FluxInputError, check_finite, check_positive
from fluxlib.fv import Fixed, Grid, solve_steady
from fluxlib.validity import ValidityNote, limit, notes


@dataclass(frozen=True)
class __CAMEL__:
    """A slab with a uniform source. Units: m, m² s⁻¹, mol m⁻³ s⁻¹, mol m⁻³."""

    length: float = 0.01
    diffusivity: float = 1e-9
    source: float = 1e-3
    c_left: float = 1.0
    c_right: float = 0.5

    def __post_init__(self) -> None:
        check_positive("slab length L (m)", self.length)
        check_positive("diffusivity D (m²/s)", self.diffusivity)
        check_finite("source s (mol/(m³ s))", self.source)
        check_finite("left face concentration c_left (mol/m³)", self.c_left)
        check_finite("right face concentration c_right (mol/m³)", self.c_right)


@dataclass(frozen=True)
class __CAMEL__Result:
    """Steady concentration and flux in the slab.

    ``x``: cell centres (m); ``c``: cell concentrations (mol m⁻³); ``faces``: face positions
    (m); ``flux``: face flux densities J (mol m⁻² s⁻¹, positive toward +x);
    ``out_right`` = J(L) and ``out_left`` = -J(0): what leaves through each face;
    ``validity``: the model's assumptions this run breaks (empty when all hold).
    """

    slab: __CAMEL__
    x: np.ndarray
    c: np.ndarray
    faces: np.ndarray
    flux: np.ndarray
    validity: tuple[ValidityNote, ...] = ()

    @property
    def out_right(self) -> float:
        """What leaves through the right face, J(L) (mol m⁻² s⁻¹)."""
        return float(self.flux[-1])

    @property
    def out_left(self) -> float:
        """What leaves through the left face, -J(0) (mol m⁻² s⁻¹)."""
        return float(-self.flux[0])

    def sentence(self) -> str:
        """The slab's budget in words (mol per m² of face per second)."""
        made = self.slab.source * self.slab.length
        return (
            f"The source makes {made:.3g} mol/(m² s); {self.out_left:.3g} leaves "
            f"at the left face and {self.out_right:.3g} at the right."
        )

    def alt(self) -> str:
        """Alt text for a figure of this result, computed from it."""
        return (
            f"Concentration across a {1e3 * self.slab.length:.3g} mm slab, from "
            f"{self.slab.c_left:.3g} to {self.slab.c_right:.3g} mol/m³ at its faces, "
            f"peaking at {float(self.c.max()):.3g} mol/m³ inside."
        )


def solve___TOPIC__(slab: __CAMEL__, *, n: int = 100) -> __CAMEL__Result:
    """Steady state of the slab on ``n`` finite volumes (second order in the cell size)."""
    if n < 2:
        raise FluxInputError(f"number of cells n must be at least 2, got {n}")
    grid = Grid.uniform(0.0, slab.length, n)
    res = solve_steady(
        grid,
        slab.diffusivity,
        left=Fixed(slab.c_left),
        right=Fixed(slab.c_right),
        source=slab.source,
    )
    return __CAMEL__Result(
        slab=slab,
        x=grid.centers,
        c=np.asarray(res.c),
        faces=grid.faces,
        flux=np.asarray(res.flux),
        validity=notes(
            limit(
                "lowest concentration in the slab (mol/m³)",
                float(np.min(res.c)),
                below=0.0,
                why="a constant sink holds only while there is solute to take up; where c "
                "would fall below zero the uptake must slow (first-order kinetics)",
            )
        ),
    )


#: The slab of the section's numerics and its checked exercise.
EXAMPLE = __CAMEL__()
'''

SYMBOLIC = '''"""Section __CH__.__SEC__: __TITLE__ (derivations).

Scaffolded by ``make section``: the steady profile of the stand-in slab model
(:mod:`fluxlib.models.__TOPIC__`), to be replaced by the section's derivation.
"""

from __future__ import annotations

import sympy as sp

from fluxlib.symbolic.base import Derivation


def steady_profile() -> Derivation:
    """Steady diffusion with a uniform source s between faces held at c_L and c_R.

    ``result`` is J(L) - J(0), the net flux out of the slab (equal to s L);
    ``extra["profile"]`` is c(x) and ``extra["flux"]`` is J(x), positive toward +x.
    """
    x = sp.Symbol("x", real=True)
    L, D = sp.symbols("L D", positive=True)
    s, c_L, c_R = sp.symbols("s c_L c_R", real=True)
    c = sp.Function("c")
    ode = sp.Eq(D * c(x).diff(x, 2) + s, 0)
    profile = sp.dsolve(ode, c(x), ics={c(0): c_L, c(L): c_R}).rhs
    flux = sp.simplify(-D * profile.diff(x))
    d = Derivation("Steady diffusion with a uniform source")
    d.step(r"\\frac{\\mathrm{d} J}{\\mathrm{d} x}", s, "steady state: the source feeds the flux")
    d.step("J", r"-D\\,\\frac{\\mathrm{d} c}{\\mathrm{d} x}", "Fick's law, positive toward +x")
    d.step("c(x)", profile, "integrate twice, with the face values held")
    d.step("J(x)", flux, "differentiate")
    d.step(r"J(L) - J(0)", sp.simplify(flux.subs(x, L) - flux.subs(x, 0)), "what leaves")
    d.symbols.update({"x": x, "L": L, "D": D, "s": s, "c_L": c_L, "c_R": c_R})
    d.extra.update({"profile": profile, "flux": flux})
    return d
'''

PLOTTING = '''"""Section __CH__.__SEC__: __TITLE__ (figures)."""

from __future__ import annotations

import numpy as np

from fluxlib.models.__TOPIC__ import __CAMEL__Result
from fluxlib.plotting.base import AxLike, PlotHandle, axes_for, color, sticky_ylim


def plot___TOPIC__(result: __CAMEL__Result, *, ax: AxLike = None) -> PlotHandle:
    """Concentration across the slab.

    ``handle.update(result)`` moves the line to a new result on the same grid.
    """
    fig, (ax,) = axes_for(ax, figsize=(6.0, 3.2))
    x_mm = 1e3 * np.asarray(result.x)
    (line,) = ax.plot(x_mm, result.c, color=color("blue"), label="finite volumes")
    ax.set_xlabel("position x (mm)")
    ax.set_ylabel("concentration c (mol/m³)")
    ax.set_xlim(0.0, 1e3 * result.slab.length)
    ax.axhline(0.0, color="0.5", lw=0.8)
    sticky_ylim(ax, float(np.max(np.abs(result.c))), symmetric=True)
    return PlotHandle(fig, (ax,), {"c": line}, animated=[line], update=_update)


def _update(handle: PlotHandle, result: __CAMEL__Result) -> None:
    handle["c"].set_ydata(result.c)
    sticky_ylim(handle.ax, float(np.max(np.abs(result.c))), symmetric=True)
'''

WIDGETS = '''"""Section __CH__.__SEC__: __TITLE__ (panel)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fluxlib.widgets.base import Panel, Slider

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fluxlib.plotting.base import PlotHandle


def __TOPIC___panel(*, n: int = 60) -> Panel:
    """The stand-in slab, with sliders for the source and the diffusivity.

    The sentence beneath says how much leaves through each face, and where the model stops
    holding.
    """
    from fluxlib.models.__TOPIC__ import EXAMPLE, __CAMEL__, solve___TOPIC__
    from fluxlib.plotting.__TOPIC__ import plot___TOPIC__
    from fluxlib.validity import describe

    def slab(source_milli: float, D_nano: float) -> __CAMEL__:
        return __CAMEL__(
            length=EXAMPLE.length,
            diffusivity=1e-9 * D_nano,
            source=1e-3 * source_milli,
            c_left=EXAMPLE.c_left,
            c_right=EXAMPLE.c_right,
        )

    def setup(fig: Figure) -> PlotHandle:
        return plot___TOPIC__(solve___TOPIC__(EXAMPLE, n=n), ax=fig)

    def update(handle: PlotHandle, source_milli: float, D_nano: float) -> str:
        res = solve___TOPIC__(slab(source_milli, D_nano), n=n)
        handle.update(res)
        sentence = res.sentence()
        if res.validity:
            sentence += " " + describe(res.validity, width=None)
        return sentence

    return Panel(
        controls=[
            Slider("source_milli", "source s", -2.0, 2.0, 1e3 * EXAMPLE.source, step=0.1, unit="mmol/(m³ s)"),
            Slider("D_nano", "diffusivity D", 0.2, 5.0, 1e9 * EXAMPLE.diffusivity, step=0.1, unit="μm²/ms"),
        ],
        setup=setup,
        update=update,
        alt=(
            "Concentration across a slab whose faces are held at fixed concentrations, with a "
            "uniform source inside: a straight line bent into a hump by a source and into a "
            "dip by a sink."
        ),
        figsize=(6.0, 3.2),
    )
'''

ANSWERS = '''"""Answers to the exercises of section __CH__.__SEC__."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("__CH__.__SEC__-outflow", name="the flux out of the right face", unit="mol/(m² s)")
def _outflow() -> float:
    from fluxlib.models.__TOPIC__ import EXAMPLE, solve___TOPIC__

    return solve___TOPIC__(EXAMPLE, n=20).out_right
'''

TESTS = '''"""Section __CH__.__SEC__ (__TOPIC__): the model against its exact solution, the derivation,
the answer key and the panel."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from fluxlib.checks import check_answer, expected_value
from fluxlib.errors import FluxInputError
from fluxlib.models.__TOPIC__ import EXAMPLE, __CAMEL__, solve___TOPIC__
from fluxlib.symbolic.__TOPIC__ import steady_profile


def exact(slab: __CAMEL__, x: np.ndarray) -> np.ndarray:
    """c(x) = c_L + (c_R - c_L) x/L + s x (L - x)/(2D), which solves D c'' + s = 0."""
    L, D, s = slab.length, slab.diffusivity, slab.source
    return slab.c_left + (slab.c_right - slab.c_left) * x / L + s * x * (L - x) / (2 * D)


def test_profile_converges_at_second_order() -> None:
    errors = []
    for n in (20, 40, 80):
        res = solve___TOPIC__(EXAMPLE, n=n)
        errors.append(float(np.max(np.abs(res.c - exact(EXAMPLE, res.x)))))
    rates = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all(rates > 1.9), rates


def test_face_fluxes_are_exact() -> None:
    # The scheme is exact for the linear part and symmetric for the source part, so the
    # fluxes out of the faces are exact on any grid: s L/2 -+ D (c_R - c_L)/L.
    slab = __CAMEL__(length=0.02, diffusivity=2e-9, source=-5e-4, c_left=3.0, c_right=1.0)
    res = solve___TOPIC__(slab, n=7)
    drop = slab.diffusivity * (slab.c_right - slab.c_left) / slab.length
    half = slab.source * slab.length / 2
    assert res.out_right == pytest.approx(half - drop, rel=1e-9)
    assert res.out_left == pytest.approx(half + drop, rel=1e-9)
    assert res.out_left + res.out_right == pytest.approx(slab.source * slab.length, rel=1e-9)


def test_validity_flags_a_sink_that_empties_the_slab() -> None:
    assert solve___TOPIC__(EXAMPLE).validity == ()
    strong = __CAMEL__(source=-1e-3)  # the dip reaches below zero
    notes = solve___TOPIC__(strong).validity
    assert len(notes) == 1 and "lowest concentration" in notes[0].quantity


def test_bad_input_names_the_quantity() -> None:
    with pytest.raises(FluxInputError, match="slab length L"):
        __CAMEL__(length=-1.0)
    with pytest.raises(FluxInputError, match="diffusivity D"):
        __CAMEL__(diffusivity=0.0)


def test_derivation_gives_the_net_outflow_and_the_profile() -> None:
    d = steady_profile()
    sym = d.symbols
    L, D, s, c_L, c_R, x = (sym[k] for k in ("L", "D", "s", "c_L", "c_R", "x"))
    assert sp.simplify(d.result - s * L) == 0
    expected = c_L + (c_R - c_L) * x / L + s * x * (L - x) / (2 * D)
    assert sp.simplify(d.extra["profile"] - expected) == 0


def test_answer_key() -> None:
    L, D = EXAMPLE.length, EXAMPLE.diffusivity
    right = EXAMPLE.source * L / 2 - D * (EXAMPLE.c_right - EXAMPLE.c_left) / L
    assert expected_value("__CH__.__SEC__-outflow") == pytest.approx(right, rel=1e-9)
    assert check_answer("__CH__.__SEC__-outflow", right).correct
    assert check_answer("__CH__.__SEC__-outflow", -right).hint == "sign"


def test_panel_update_moves_the_line_and_explains() -> None:
    from fluxlib.widgets.__TOPIC__ import __TOPIC___panel

    panel = __TOPIC___panel(n=30)
    panel.apply()
    (line,) = panel.animated
    message = panel.apply(source_milli=-1.5)
    slab = __CAMEL__(source=-1.5e-3)
    assert np.allclose(line.get_ydata(), solve___TOPIC__(slab, n=30).c)
    assert "leaves at the left face" in message
    assert "lowest concentration" in message
    bad = panel.apply(D_nano=0.0)
    assert bad.startswith("⚠") and "diffusivity D" in bad
'''

NOTEBOOK_CELLS: list[tuple[str, str, list[str]]] = [
    (
        "markdown",
        """# __CH__.__SEC__ __TITLE__

*Scaffolded by `make section`: every part of this page is a stand-in, a slab with a uniform
source, to be replaced by the section's own physics. Keep the four parts: a derivation, the
numerics compared with it, a panel, and exercises.*

## Derivation

A slab of thickness $L$ has its faces held at concentrations $c_L$ and $c_R$, and a uniform
source $s$ inside it (a sink when $s < 0$). The flux density $J = -D\\,\\mathrm{d} c/\\mathrm{d} x$
is counted positive toward increasing $x$. In a steady state nothing accumulates, so the
flux grows along the slab by exactly what the source makes.""",
        [],
    ),
    (
        "code",
        """import textwrap

import fluxlib as fl
from fluxlib.symbolic import __TOPIC__ as sym

d = sym.steady_profile()
d""",
        [],
    ),
    (
        "markdown",
        """The last line is the budget: what leaves through the two faces, $J(L) - J(0)$, is
what the source makes, $sL$.

## Numerics

`fluxlib` solves the same slab on finite volumes. The fluxes out of the faces agree with the
derivation on any grid, and the profile converges at second order.""",
        [],
    ),
    (
        "code",
        """from fluxlib.models.__TOPIC__ import EXAMPLE, solve___TOPIC__

res = solve___TOPIC__(EXAMPLE)
print(textwrap.fill(res.sentence(), width=79))
print(fl.validity.describe(res.validity))""",
        [],
    ),
    (
        "code",
        """from fluxlib.plotting.__TOPIC__ import plot___TOPIC__

handle = plot___TOPIC__(res)
fl.plotting.show(
    handle.fig,
    alt=res.alt(),
    caption="The steady profile of the slab.",
)""",
        [],
    ),
    (
        "markdown",
        """## Move it yourself

Turn the source into a sink and watch the hump become a dip; make it strong enough and the
model says where it stops holding.""",
        [],
    ),
    (
        "code",
        """from fluxlib.widgets.__TOPIC__ import __TOPIC___panel

__TOPIC___panel()""",
        ["hide-input"],
    ),
    (
        "markdown",
        """## Exercises

:::{exercise} Flux out of the right face (checked)
:label: ex-__CH__-__SEC__-outflow

For the slab above, what is the flux density out of its right face, in mol m⁻² s⁻¹? Put
your number in the cell below and run it.
:::

:::{solution} ex-__CH__-__SEC__-outflow
:class: dropdown

Integrate $\\mathrm{d} J/\\mathrm{d} x = s$ across the slab with the profile derived above:
$J(L) = sL/2 - D\\,(c_R - c_L)/L$.
:::""",
        [],
    ),
    (
        "code",
        """answer = ...  # your flux density, in mol/(m² s)
fl.checks.check_answer("__CH__.__SEC__-outflow", answer)""",
        [],
    ),
    (
        "markdown",
        """:::{exercise} Where is the flux zero?
:label: ex-__CH__-__SEC__-zero-flux

With both faces at the same concentration, where in the slab is $J$ zero, and what does the
profile do there?
:::

:::{solution} ex-__CH__-__SEC__-zero-flux
:class: dropdown

By symmetry at the middle, $x = L/2$: the profile is flat there, at its peak for a source
and its lowest point for a sink.
:::""",
        [],
    ),
]


def camel(topic: str) -> str:
    return "".join(part.capitalize() for part in topic.split("_") if part)


def fill(text: str, chapter: int, section: int, topic: str, title: str) -> str:
    for token, value in (
        ("__CAMEL__", camel(topic)),
        ("__TOPIC__", topic),
        ("__CH__", str(chapter)),
        ("__SEC__", str(section)),
        ("__TITLE__", title),
    ):
        text = text.replace(token, value)
    return text


def repository_url(root: pathlib.Path) -> str:
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text())
    try:
        return str(config["repository"]["url"])
    except (KeyError, TypeError):
        raise ScaffoldError("_config.yml has no repository: url: for the Colab install cell") from None


def notebook_json(chapter: int, section: int, topic: str, title: str, url: str) -> str:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    }
    cells = [nbformat.v4.new_code_cell(COLAB_CELL.format(url=url), metadata={"tags": ["remove-cell"]})]
    for kind, source, tags in NOTEBOOK_CELLS:
        text = fill(source, chapter, section, topic, title)
        meta = {"tags": tags} if tags else {}
        if kind == "code":
            cells.append(nbformat.v4.new_code_cell(text, metadata=meta))
        else:
            cells.append(nbformat.v4.new_markdown_cell(text, metadata=meta))
    nb.cells = cells
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"s{chapter}-{section}-{i:02d}"  # stable ids: no churn in git
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def toc_with_entry(toc: str, chapter: int, section: int, stem: str) -> str:
    """``_toc.yml``'s text with the new section entered after the last one before it."""
    lines = toc.splitlines(keepends=True)
    sections = toc_sections(toc, chapter)
    before = [i for s, i in sections if s < section]
    after = [i for s, i in sections if s > section]
    template = lines[(before or after)[-1 if before else 0]]
    indent = template[: len(template) - len(template.lstrip())]
    entry = f"{indent}- file: notebooks/ch{chapter}/{stem}\n"
    at = before[-1] + 1 if before else after[0]
    return "".join(lines[:at] + [entry] + lines[at:])


_KEY_ROW = re.compile(r"^\| (\d+)\.(\d+) \| `[a-z_][a-z0-9_]*` \| `s\d+_\d+` \|$")


def contributing_with_row(text: str, chapter: int, section: int, topic: str) -> str:
    """CONTRIBUTING.md's text with the new section's row in its table of keys, in order."""
    lines = text.splitlines(keepends=True)
    rows = [
        (int(m[1]), int(m[2]), i) for i, line in enumerate(lines) if (m := _KEY_ROW.match(line.rstrip("\n")))
    ]
    if not rows:
        raise ScaffoldError("CONTRIBUTING.md has no table of section keys to enter the new section in")
    at = next((i for c, s, i in rows if (c, s) > (chapter, section)), rows[-1][2] + 1)
    row = f"| {chapter}.{section} | `{topic}` | `s{chapter}_{section}` |\n"
    return "".join(lines[:at] + [row] + lines[at:])


def scaffold(root: pathlib.Path, chapter: int, section: int, topic: str, title: str) -> list[pathlib.Path]:
    """Write the section's files and toc entry; return the paths written."""
    check_inputs(root, chapter, section, topic, title)
    paths = targets(root, chapter, section, topic, title)
    clash = [p for p in paths.values() if p.exists()]
    if clash:
        raise ScaffoldError("refusing to overwrite: " + ", ".join(str(p.relative_to(root)) for p in clash))
    sources = {
        "models": MODEL,
        "symbolic": SYMBOLIC,
        "plotting": PLOTTING,
        "widgets": WIDGETS,
        "answers": ANSWERS,
        "tests": TESTS,
    }
    toc_path = root / "_toc.yml"
    toc = toc_with_entry(toc_path.read_text(), chapter, section, paths["notebook"].stem)
    guide_path = root / "CONTRIBUTING.md"
    guide = contributing_with_row(guide_path.read_text(), chapter, section, topic)
    nb = notebook_json(chapter, section, topic, title, repository_url(root))
    for key, template in sources.items():
        paths[key].write_text(fill(template, chapter, section, topic, title))
    paths["notebook"].write_text(nb)
    toc_path.write_text(toc)
    guide_path.write_text(guide)
    _format(root, [paths[key] for key in sources], paths["notebook"])
    return [*paths.values(), toc_path, guide_path]


def _format(root: pathlib.Path, modules: list[pathlib.Path], notebook: pathlib.Path) -> None:
    """Format the new files with the project's ruff (a long topic name can wrap a line)."""
    import shutil
    import subprocess

    ruff = pathlib.Path(sys.executable).with_name("ruff")
    exe = str(ruff) if ruff.exists() else shutil.which("ruff")
    if exe is None:
        print("ruff not found: run `ruff format` on the new files yourself", file=sys.stderr)
        return
    subprocess.run([exe, "format", "--quiet", "--no-cache", *map(str, modules)], cwd=root, check=True)
    subprocess.run(
        [exe, "format", "--quiet", "--no-cache", "--line-length", "79", str(notebook)], cwd=root, check=True
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", type=int, required=True)
    parser.add_argument("--section", type=int, required=True)
    parser.add_argument("--topic", required=True, help="lower-case Python identifier, new in every layer")
    parser.add_argument("--title", required=True)
    parser.add_argument("--root", type=pathlib.Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        written = scaffold(args.root.resolve(), args.chapter, args.section, args.topic, args.title)
    except ScaffoldError as err:
        print(f"make section: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(args.root.resolve())}")
    print("Next: replace the stand-in physics, then run its tests and notebook.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
