"""Tables of numbers for the page, and model predictions set beside measurements.

Notebooks show numbers as tables, never as long f-strings: a :class:`Table` displays as
an HTML table in JupyterLab and the web book, as a LaTeX tabular in the PDF, and as
aligned plain text in a terminal (and in the tests). :class:`Comparison` puts a model's
predictions beside published measurements and says, in numbers, how well they agree.

No numbers are typed into a notebook: the measured values live in the model module that
cites them (with a key of ``references.bib``), and the predictions come from the model.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field

from fluxlib.citations import CITATIONS

__all__ = ["Table", "Comparison", "Measurement", "fmt"]


def fmt(value: object, *, digits: int = 3) -> str:
    """A number to ``digits`` significant figures (strings pass through)."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:d}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value != 0 and (abs(value) >= 1e5 or abs(value) < 1e-3):
            return f"{value:.{digits - 1}e}"
        return f"{float(f'{value:.{digits}g}'):.15g}"
    return str(value)


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "{": r"\{",
    "}": r"\}",
    "^": r"\^{}",
    "~": r"\textasciitilde{}",
}


def latex_escape(text: str) -> str:
    """Text safe to typeset in LaTeX: every special character escaped."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


@dataclass
class Table:
    """A small table: column headers (with units in them) and rows of values."""

    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    _: KW_ONLY
    caption: str = ""
    digits: int = 3

    def cells(self) -> list[list[str]]:
        """The rows as strings, numbers to ``digits`` significant figures."""
        return [[fmt(v, digits=self.digits) for v in row] for row in self.rows]

    def __str__(self) -> str:
        body = [list(self.headers), *self.cells()]
        widths = [max(len(r[i]) for r in body) for i in range(len(self.headers))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
        lines.insert(1, "  ".join("-" * w for w in widths))
        if self.caption:
            lines.insert(0, self.caption)
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = "".join("<tr>" + "".join(_td(c) for c in row) + "</tr>" for row in self.cells())
        cap = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f'<table class="flux-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    def _repr_latex_(self) -> str:
        cols = "l" * len(self.headers)
        head = " & ".join(latex_escape(h) for h in self.headers)
        body = " \\\\\n".join(" & ".join(latex_escape(c) for c in row) for row in self.cells())
        cap = f"\\textit{{{latex_escape(self.caption)}}}\\\\[2pt]\n" if self.caption else ""
        return (
            f"\\begin{{table}}[h]\\centering\n{cap}\\begin{{tabular}}{{{cols}}}\n\\hline\n"
            f"{head} \\\\\n\\hline\n{body} \\\\\n\\hline\n\\end{{tabular}}\n\\end{{table}}"
        )


@dataclass(frozen=True)
class Measurement:
    """One published measured value: what, how much, in which unit, from which source.

    ``source`` is a key of ``references.bib``; a comparison table shows it by its short
    label from :data:`fluxlib.citations.CITATIONS` ("Baur & Wightman 1991"). ``note`` says
    under which conditions it was measured. ``uncertainty`` is the reported spread (same unit), where the source gives one.
    """

    label: str
    value: float
    unit: str
    source: str
    _: KW_ONLY
    note: str = ""
    uncertainty: float | None = None


@dataclass
class Comparison:
    """Predictions beside measurements, with their agreement in numbers."""

    measurements: Sequence[Measurement]
    predictions: Sequence[float]
    _: KW_ONLY
    caption: str = ""
    rows_extra: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self.measurements) != len(self.predictions):
            raise ValueError(f"{len(self.predictions)} predictions for {len(self.measurements)} measurements")

    @property
    def ratios(self) -> list[float]:
        """Predicted over measured, one per row."""
        return [p / m.value for m, p in zip(self.measurements, self.predictions, strict=True)]

    @property
    def worst_ratio(self) -> float:
        """The ratio furthest from 1 (in the log sense): 0.5 and 2 are equally far."""
        return max(self.ratios, key=lambda r: abs(math.log(r)) if r > 0 else math.inf)

    @property
    def max_relative_error(self) -> float:
        """The largest ``|predicted − measured| / |measured|`` over the rows."""
        return max(abs(r - 1.0) for r in self.ratios)

    def _table(self) -> Table:
        """The comparison as a :class:`Table`, one row per measurement."""
        rows = [
            [m.label, m.value, p, m.unit, p / m.value, CITATIONS.get(m.source, f"[{m.source}]")]
            for m, p in zip(self.measurements, self.predictions, strict=True)
        ]
        return Table(
            ["quantity", "measured", "model", "unit", "model/measured", "source"],
            rows,
            caption=self.caption,
        )

    def summary(self) -> str:
        """One sentence: the largest difference from a measurement, as a percentage."""
        n = len(self.ratios)
        what = "the measurement" if n == 1 else f"each of the {n} measurements"
        if self.max_relative_error == 0.0:
            # "differs by at most 0 %" reads as a slip; say what it means
            return f"The model equals {what} (to the figures given)."
        return f"The model differs from {what} by at most {_percent(self.max_relative_error)} %."

    def _repr_html_(self) -> str:
        return self._table()._repr_html_() + f"<p>{html.escape(self.summary())}</p>"

    def _repr_latex_(self) -> str:
        return self._table()._repr_latex_() + "\n\n" + latex_escape(self.summary())

    def __str__(self) -> str:
        return f"{self._table()}\n{self.summary()}"

    __repr__ = __str__


def _td(cell: str) -> str:
    """A table cell; a number is marked ``num`` so the page never breaks it inside (1.22e-06)."""
    try:
        float(cell)
    except ValueError:
        return f"<td>{html.escape(cell)}</td>"
    return f'<td class="num">{html.escape(cell)}</td>'


def _percent(fraction: float) -> str:
    """A relative error as a percentage, rounded up to two significant figures.

    "At most" is an upper bound, so the figure never rounds down past the error it states:
    0.0127 reads "1.3", 0.684 reads "69".
    """
    import math

    pct = 100 * fraction
    if not pct > 0:
        return "0"
    scale = 10.0 ** (math.floor(math.log10(pct)) - 1)
    up = math.ceil(round(pct / scale, 9)) * scale
    return f"{up:.2g}" if up < 100 else f"{up:.0f}"
