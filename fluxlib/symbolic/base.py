"""A chain of displayed equalities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sympy as sp


def _mangled(expr: Any) -> str | None:
    r"""The LaTeX sympy would show for a Symbol whose name is itself a formula, if it garbles it.

    A Symbol named by a whole formula (``\dot Q_A + \dot Q_B``) is split by sympy at ``_`` and
    ``^``, which moves the pieces into sub- and superscripts. A plain name such as
    ``c_\infty`` (shown as ``c_{\infty}``) is fine; labels are passed as text.
    """
    if isinstance(expr, sp.Symbol):
        shown = sp.latex(expr)
        groups = re.findall(r"[_^]\{([^{}]*)\}", shown)
        if shown != expr.name and any(not re.fullmatch(r"\\?[A-Za-z0-9]+|.", g) for g in groups):
            return shown
    return None


@dataclass(frozen=True)
class Step:
    r"""One line of a derivation: ``lhs = rhs``, with a note on why.

    A side written as LaTeX text (a label such as ``r"\dot Q_A + \dot Q_B"``) is shown exactly
    as written; a sympy expression is shown through ``sympy.latex``.
    """

    lhs: Any
    rhs: Any
    note: str = ""
    relation: str = "="

    def __post_init__(self) -> None:
        for side in (self.lhs, self.rhs):
            shown = _mangled(side)
            if shown is not None:
                raise TypeError(
                    f"derivation label {side.name!r} is a sympy Symbol, which would display as "
                    f"{shown!r}; pass the LaTeX as a plain string instead"
                )

    def equation(self) -> str:
        """The step as one LaTeX relation ``lhs = rhs`` (or the step's other relation)."""
        lhs = self.lhs if isinstance(self.lhs, str) else sp.latex(self.lhs)
        rhs = self.rhs if isinstance(self.rhs, str) else sp.latex(self.rhs)
        rel = {"=": "=", "->": r"\;\Rightarrow\;", "~": r"\approx", "<": "<", ">": ">"}.get(
            self.relation, "="
        )
        return rf"{lhs} {rel} {rhs}"

    def latex(self) -> str:
        """The note (if any) on its own line, then the equation indented beneath it."""
        eq = rf"\qquad\displaystyle {self.equation()}"
        return rf"\text{{{self.note}:}} \\ {eq}" if self.note else eq


@dataclass
class Derivation:
    """A derivation displayed as aligned equations; ``result`` is the final expression.

    ``symbols`` keeps the named sympy symbols used, so tests and notebooks can refer to
    them (``d.symbols["k"]``); ``extra`` holds any other named intermediate results.
    """

    title: str
    steps: list[Step] = field(default_factory=list)
    symbols: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def step(self, lhs: Any, rhs: Any, note: str = "", relation: str = "=") -> Derivation:
        """Add the step ``lhs relation rhs`` with its ``note``; returns the derivation, for chaining."""
        self.steps.append(Step(lhs, rhs, note, relation))
        return self

    @property
    def result(self) -> Any:
        """The right-hand side of the last step."""
        if not self.steps:
            raise ValueError(f"derivation {self.title!r} has no steps")
        return self.steps[-1].rhs

    def latex(self) -> str:
        """The steps as a left-aligned column: notes at the left margin, never pushed off the page."""
        body = r" \\[4pt] ".join(s.latex() for s in self.steps)
        return r"\begin{array}{l} " + body + r" \end{array}"

    def _repr_latex_(self) -> str:
        return "$$" + self.latex() + "$$"

    def __repr__(self) -> str:
        lines = [self.title] + [f"  {s.lhs} {s.relation} {s.rhs}   [{s.note}]" for s in self.steps]
        return "\n".join(lines)
