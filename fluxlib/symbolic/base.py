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

    def latex(self) -> str:
        lhs = self.lhs if isinstance(self.lhs, str) else sp.latex(self.lhs)
        rhs = self.rhs if isinstance(self.rhs, str) else sp.latex(self.rhs)
        rel = {"=": "=", "->": r"\;\Rightarrow\;", "~": r"\approx", "<": "<", ">": ">"}.get(
            self.relation, "="
        )
        row = rf"{lhs} &{rel} {rhs}"
        if self.note:
            # The note sits on its own line above the equation, so wide equations never push it off the page.
            row = rf"&\qquad\text{{{self.note}:}} \\ " + row
        return row


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
        body = r" \\ ".join(s.latex() for s in self.steps)
        return r"\begin{aligned} " + body + r" \end{aligned}"

    def _repr_latex_(self) -> str:
        return "$$" + self.latex() + "$$"

    def __repr__(self) -> str:
        lines = [self.title] + [f"  {s.lhs} {s.relation} {s.rhs}   [{s.note}]" for s in self.steps]
        return "\n".join(lines)
