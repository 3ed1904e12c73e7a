"""A chain of displayed equalities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp


@dataclass(frozen=True)
class Step:
    """One line of a derivation: ``lhs = rhs``, with a note on why."""

    lhs: Any
    rhs: Any
    note: str = ""
    relation: str = "="

    def equation(self) -> str:
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

    def step(self, lhs, rhs, note: str = "", relation: str = "=") -> Derivation:
        self.steps.append(Step(lhs, rhs, note, relation))
        return self

    @property
    def result(self):
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
